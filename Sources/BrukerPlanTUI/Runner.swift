import BrukerPlanModel
import Foundation

/// Where the screen is shown and keys come from: ncurses in the program, a fake in tests.
public protocol Terminal: AnyObject {
  var size: (width: Int, height: Int) { get }
  /// The next key or resize, or nil after `timeout` seconds without one.
  func nextEvent(timeout: Double) -> InputEvent?
  func present(_ buffer: ScreenBuffer)
  /// Forget what is on the real screen and paint everything again (Ctrl-L).
  func redraw()
}

/// A terminal in memory: a queue of keys, a settable size, and every frame presented.
public final class FakeTerminal: Terminal {
  public var size: (width: Int, height: Int)
  public var events: [InputEvent]
  public private(set) var frames: [ScreenBuffer] = []
  public private(set) var redraws = 0

  public init(width: Int = 80, height: Int = 24, keys: [Key] = []) {
    size = (width, height)
    events = keys.map { .key($0) }
  }

  public func nextEvent(timeout: Double) -> InputEvent? {
    guard !events.isEmpty else { return nil }
    let event = events.removeFirst()
    if case .resize(let w, let h) = event { size = (w, h) }
    return event
  }

  public func present(_ buffer: ScreenBuffer) { frames.append(buffer) }
  public func redraw() { redraws += 1 }
  public var lastFrame: ScreenBuffer? { frames.last }
}

/// Runs the app: feeds it events, executes its effects against the store, draws its screens.
public final class AppRunner {
  public private(set) var state: AppState
  public let store: Store
  let clock: () -> Double
  private var wantsRedraw = false

  public init(
    store: Store, language: Language = .norwegian, width: Int = 80, height: Int = 24, asciiOnly: Bool = false,
    storeLabel: String? = nil, exportFolder: String? = nil, today: ISODay? = nil,
    clock: @escaping () -> Double = { Date().timeIntervalSinceReferenceDate }
  ) {
    self.store = store
    self.clock = clock
    state = AppState(
      language: language, width: width, height: height, storePath: storeLabel ?? store.path, now: clock())
    state.asciiOnly = asciiOnly
    state.todayOverride = today
    if let exportFolder { state.exportFolder = exportFolder }
    send(.tick(now: clock()))
    perform(.loadRounds)
  }

  public var isFinished: Bool { state.finished }

  /// Delivers one event and everything it leads to.
  public func send(_ event: AppEvent) {
    var queue = [event]
    while !queue.isEmpty {
      let next = queue.removeFirst()
      for effect in state.update(next) { queue += execute(effect) }
    }
  }

  public func send(_ keys: [Key]) { for key in keys { send(.input(.key(key))) } }

  public func perform(_ effect: Effect) {
    for event in execute(effect) { send(event) }
  }

  public var screen: ScreenBuffer { render(state) }

  /// The interactive loop: draw, wait for a key (or half a second), react; autosave on ticks.
  public func run(on terminal: Terminal, shouldTerminate: () -> Bool = { false }, stopWhenIdle: Bool = false) {
    let size = terminal.size
    send(.input(.resize(width: size.width, height: size.height)))
    while !state.finished {
      if wantsRedraw {
        terminal.redraw()
        wantsRedraw = false
      }
      terminal.present(render(state))
      if shouldTerminate() {
        send(.terminate)
        if !state.finished { state.finished = true }
        break
      }
      let event = terminal.nextEvent(timeout: 0.5)
      if let event {
        send(.input(event))
      } else if stopWhenIdle {
        break
      }
      send(.tick(now: clock()))
    }
    terminal.present(render(state))
  }

  // MARK: Effects

  func execute(_ effect: Effect) -> [AppEvent] {
    switch effect {
    case .quit:
      state.finished = true
      return []
    case .redraw:
      wantsRedraw = true
      return []
    case .loadRounds:
      return [.roundsLoaded(loadRounds())]
    case .createRound(let round, let folderName):
      do {
        return [.roundCreated(try store.createRound(round, folderName: folderName))]
      } catch let failure as FileSystem.Failure {
        // The store's reasons are English (for the CLI); the caseworker gets them in the UI's language.
        let s = state.strings
        return [
          .failed(FileSystem.exists(failure.path) ? s.roundExists(failure.path) : s.roundNotCreated(failure.path))
        ]
      } catch {
        return [.failed(state.strings.roundNotCreated(folderName))]
      }
    case .openRound(let folder):
      do {
        let loaded = try folder.loadFast()
        let surveys = Dictionary(loaded.surveys.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return [
          .roundOpened(
            OpenRound(
              folder: folder, round: loaded.round, surveys: surveys, invalidCount: loaded.invalid.count,
              recovery: Recovery.load(folder)))
        ]
      } catch {
        return [
          .failed(state.strings.t("Runden kunne ikke leses: ", "The round could not be read: ") + error.description)
        ]
      }
    case .identify(let number):
      return [.identified(id: store.pseudonym(for: number), birthYear: number.birthYear, gender: number.gender)]
    case .save(let survey, let base, let folder, let round, let reason):
      do {
        let saved = try folder.save(
          survey, baseRevision: base, round: round, now: Date(timeIntervalSinceReferenceDate: clock()))
        return [.saved(saved, reason: reason)]
      } catch {
        return [.saveFailed(error, survey: survey, reason: reason)]
      }
    case .saveRecovery(let survey, let folder, let reason):
      do {
        try Recovery.save(survey, in: folder)
        return [.recoverySaved(survey, reason: reason)]
      } catch {
        // The app stays open (unless a signal ends it) so the caseworker can still save by hand.
        return [.failed(state.strings.t("Autolagring feilet: ", "Autosave failed: ") + error.reason)]
      }
    case .publishReport(let folder):
      do {
        return [.reportReady(try ReportEngine.publish([try folder.loadFast()]))]
      } catch {
        return [
          .failed(
            state.strings.t("Rapporten kunne ikke lages: ", "The report could not be made: ")
              + String(describing: error))
        ]
      }
    case .publishComparison(let a, let b):
      do {
        return [.comparisonReady(try ComparisonEngine.publish(a: try a.loadFast(), b: try b.loadFast()))]
      } catch {
        return [
          .failed(
            state.strings.t("Sammenligningen kunne ikke lages: ", "The comparison could not be made: ")
              + String(describing: error))
        ]
      }
    case .loadDesk(let folder, let today):
      do {
        return [.deskReady(try RoundDesk.load(folder, today: today))]
      } catch {
        return [.failed(state.strings.t("Oversikten kunne ikke lages: ", "The desk could not be made: ") + "\(error)")]
      }
    case .changeRoundStatus(let folder, let close, let reason):
      do {
        if close { try folder.closeRound(reason: reason) } else { try folder.reopenRound(reason: reason) }
        return [.roundStatusChanged(folder, closed: close)]
      } catch {
        return [.failed("\(error)")]
      }
    case .export(let document, let format, let name):
      let text = document.rendered(as: format)
      let ext = format == .text ? "txt" : format.rawValue
      var path = "\(state.exportFolder)/\(name).\(ext)"
      var n = 2
      // An earlier file is kept: the new one gets the next free number.
      while FileSystem.exists(path) {
        path = "\(state.exportFolder)/\(name)-\(n).\(ext)"
        n += 1
      }
      do {
        try FileSystem.writeAtomically(Array(text.utf8), to: path)
        return [.exported(path: path)]
      } catch {
        return [
          .failed(state.strings.t("Filen kunne ikke skrives: ", "The file could not be written: ") + error.reason)
        ]
      }
    case .removeRecovery(let id, let folder):
      Recovery.remove(id, in: folder)
      return []
    case .delete(let id, let base, let folder, let round):
      do {
        try folder.delete(id, baseRevision: base, round: round)
        Recovery.remove(id, in: folder)
        return [.deleted(id)]
      } catch {
        return [
          .failed(
            state.strings.t("Kunne ikke slette: ", "Could not delete: ")
              + AppState.norwegianReason(error, state.strings))
        ]
      }
    }
  }

  func loadRounds() -> [RoundSummary] {
    guard let folders = try? store.roundFolders() else { return [] }
    return folders.sorted { $0.name > $1.name }.map { folder in
      do {
        let loaded = try folder.loadFast()
        return RoundSummary(
          folder: folder, round: loaded.round, complete: loaded.complete.count, drafts: loaded.drafts.count)
      } catch {
        return RoundSummary(
          folder: folder, round: nil, complete: 0, drafts: 0,
          problem: (error as? FileProblem)?.problems.first?.description)
      }
    }
  }
}
