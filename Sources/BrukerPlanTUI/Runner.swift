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
  /// The local folder or a server: the UI cannot tell, and need not.
  public let service: any StoreService
  let rounds: RoundFolders
  let clock: () -> Double
  private var wantsRedraw = false

  public convenience init(
    store: Store, language: Language = .norwegian, width: Int = 80, height: Int = 24, asciiOnly: Bool = false,
    storeLabel: String? = nil, exportFolder: String? = nil, today: ISODay? = nil,
    clock: @escaping () -> Double = { Date().timeIntervalSinceReferenceDate }
  ) {
    self.init(
      service: LocalStoreService(store: store), language: language, width: width, height: height,
      asciiOnly: asciiOnly, storeLabel: storeLabel ?? store.path, exportFolder: exportFolder, today: today,
      clock: clock)
  }

  public init(
    service: any StoreService, language: Language = .norwegian, width: Int = 80, height: Int = 24,
    asciiOnly: Bool = false, storeLabel: String, exportFolder: String? = nil, today: ISODay? = nil,
    clock: @escaping () -> Double = { Date().timeIntervalSinceReferenceDate }
  ) {
    self.service = service
    rounds = RoundFolders(service: service)
    self.clock = clock
    state = AppState(language: language, width: width, height: height, storePath: storeLabel, now: clock())
    state.asciiOnly = asciiOnly
    state.todayOverride = today
    if let exportFolder { state.exportFolder = exportFolder }
    if let me = try? service.whoAmI(), !me.isOwner, me.grant?.role == .caseworker { state.ownUnits = me.grant?.units }
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
    followPresence()
  }

  /// The saved survey whose form is on screen, as the store's presence board knows it.
  private var entered: (id: String, round: String)?

  /// Presence follows the form on screen, however it was opened or left: the store learns that
  /// this session has the survey open, and the caseworker learns who else has.
  func followPresence() {
    let showing = state.form.flatMap { form in
      form.saved == nil ? nil : state.open.map { (id: form.survey.id, round: $0.folder.name) }
    }
    guard showing?.id != entered?.id || showing?.round != entered?.round else { return }
    if let entered { service.leaveSurvey(entered.id, round: entered.round) }
    entered = showing
    guard let showing, let others = try? service.enterSurvey(showing.id, round: showing.round), !others.isEmpty
    else { return }
    send(.othersEditing(others))
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
    if let entered { service.leaveSurvey(entered.id, round: entered.round) }
  }

  // MARK: Effects

  func execute(_ effect: Effect) -> [AppEvent] {
    let s = state.strings
    switch effect {
    case .quit:
      state.finished = true
      return []
    case .redraw:
      wantsRedraw = true
      return []
    case .loadRounds:
      do {
        return [.roundsLoaded(try service.listRounds().map(rounds.summary))]
      } catch {
        return [
          .roundsLoaded([]),
          .failed(s.t("Rundene kunne ikke leses: ", "The rounds could not be read: ") + reason(error)),
        ]
      }
    case .createRound(let round, let folderName):
      do {
        return [.roundCreated(rounds.folder(try service.createRound(round, folderName: folderName)))]
      } catch {
        // The store's reasons are English (for the CLI); the caseworker gets them in the UI's language.
        switch error {
        case .file(let failure):
          return [
            .failed(FileSystem.exists(failure.path) ? s.roundExists(failure.path) : s.roundNotCreated(failure.path))
          ]
        case .denied, .unavailable: return [.failed(reason(error))]
        default: return [.failed(s.roundNotCreated(folderName))]
        }
      }
    case .openRound(let folder):
      do {
        return [.roundOpened(rounds.open(try service.openRound(folder.name), folder: folder))]
      } catch {
        return [.failed(s.t("Runden kunne ikke leses: ", "The round could not be read: ") + reason(error))]
      }
    case .identify(let number):
      guard let folder = state.open?.folder else { return [] }
      do {
        switch try service.identify(number, round: folder.name) {
        case .person(let id, let birthYear, let gender):
          return [.identified(id: id, birthYear: birthYear, gender: gender)]
        case .registeredElsewhere(let unit):
          return [.failed(reason(StoreError.registeredElsewhere(unit: unit)))]
        }
      } catch {
        return [.failed(reason(error))]
      }
    case .countNotIncluded(let unit, let why, let number, let folder):
      do {
        let outcome = try service.countNotIncluded(
          round: folder.name, unit: unit, reason: why, number: number, today: state.today)
        return [.notIncludedCounted(unit: unit, reason: why, outcome: outcome)]
      } catch {
        return [.failed(s.t("Ikke telt: ", "Not counted: ") + reason(error))]
      }
    case .save(let survey, let base, let folder, _, let reason):
      do {
        return [.saved(try service.save(survey, baseRevision: base, round: folder.name), reason: reason)]
      } catch {
        return [.saveFailed(error, survey: survey, reason: reason)]
      }
    case .saveRecovery(let survey, let folder, let reason):
      do {
        try service.saveRecovery(survey, round: folder.name)
        return [.recoverySaved(survey, reason: reason)]
      } catch {
        // The app stays open (unless a signal ends it) so the caseworker can still save by hand.
        let why = if case .file(let failure) = error { failure.reason } else { self.reason(error) }
        return [.failed(s.t("Autolagring feilet: ", "Autosave failed: ") + why)]
      }
    case .publishReport(let folder):
      do {
        let report = try service.report(
          rounds: [folder.name], by: nil, minCell: Disclosure.defaultMinCell, skipInvalid: false)
        return [.reportReady(report)]
      } catch {
        return [.failed(s.t("Rapporten kunne ikke lages: ", "The report could not be made: ") + reason(error))]
      }
    case .publishComparison(let a, let b):
      do {
        return [.comparisonReady(try service.comparison(a.name, b.name))]
      } catch {
        return [
          .failed(s.t("Sammenligningen kunne ikke lages: ", "The comparison could not be made: ") + reason(error))
        ]
      }
    case .loadDesk(let folder, let today):
      do {
        return [.deskReady(try service.desk(round: folder.name, today: today))]
      } catch {
        return [.failed(s.t("Oversikten kunne ikke lages: ", "The desk could not be made: ") + reason(error))]
      }
    case .changeRoundStatus(let folder, let close, let why):
      do {
        try service.setRoundStatus(round: folder.name, close: close, reason: why)
        return [.roundStatusChanged(folder, closed: close)]
      } catch {
        return [.failed(reason(error))]
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
      try? service.removeRecovery(id, round: folder.name)
      return []
    case .openSurvey(let id, let folder):
      do {
        let opened = try service.openSurvey(id, round: folder.name)
        // The store has it marked now: presence need not enter it again when the form shows.
        if let entered, entered.id != id || entered.round != folder.name {
          service.leaveSurvey(entered.id, round: entered.round)
        }
        entered = (id, folder.name)
        return [.surveyLoaded(opened.survey, editors: opened.editors)]
      } catch {
        return [.failed(s.t("Kartleggingen kunne ikke åpnes: ", "The survey could not be opened: ") + reason(error))]
      }
    case .delete(let id, let base, let folder, _):
      do {
        try service.delete(id, baseRevision: base, round: folder.name)
        return [.deleted(id)]
      } catch {
        return [.failed(s.t("Kunne ikke slette: ", "Could not delete: ") + AppState.norwegianReason(error, s))]
      }
    }
  }

  /// Why reading failed: a file and its problems as they are; the server's refusals in words.
  func reason(_ error: StoreError) -> String {
    switch error {
    case .file(let failure): failure.description
    case .invalid(let path, let problems): FileProblem(path: path, problems: problems).description
    default: AppState.norwegianReason(error, state.strings)
    }
  }
}

/// Round folders as the UI knows them: a path in a local store, a bare name on a server.
struct RoundFolders {
  let service: any StoreService

  func folder(_ name: String) -> RoundFolder {
    if let local = service as? LocalStoreService { return RoundFolder(path: "\(local.store.path)/\(name)") }
    return RoundFolder(path: name)
  }

  func summary(_ listing: RoundListing) -> RoundSummary {
    RoundSummary(
      folder: folder(listing.name), round: listing.round, complete: listing.complete, drafts: listing.drafts,
      problem: listing.problem)
  }

  func open(_ contents: RoundContents, folder: RoundFolder) -> OpenRound {
    var open = OpenRound(
      folder: folder, round: contents.round,
      surveys: Dictionary(contents.surveys.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
      invalidCount: contents.invalidCount,
      recovery: Dictionary(contents.recovery.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
    open.answersVisible = contents.answersVisible
    return open
  }
}
