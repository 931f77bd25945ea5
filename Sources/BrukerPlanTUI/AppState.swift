import BrukerPlanModel
import Foundation

// The UI is an update/render loop: `update(state, event)` returns the new state and the effects
// the runner performs against the store; `render(state)` draws a ScreenBuffer. No I/O here.
//
// Adding a screen:
//   1. Write Screens/<Name>Screen.swift: an `enum <Name>Screen: ScreenPage` with its bindings
//      (every key it takes, with a label: help and the key bar are made from them), `perform`
//      for its actions, `crumb` and `render`; its state as a struct in the same file, stored
//      in `AppState` as one property (`var desk = RoundDeskState()`).
//   2. Add its case to `Screen` and its line to `Screen.page` in Loop.swift.
//   3. Push it with `stack.append(.<name>)`; Esc (`.back`) pops it unless the screen says otherwise.
// Use the widgets (ListCursor + ScrollingList, Table, DialogBox) instead of new cursor logic,
// and say messages with `say`, which ties them to the screen that said them.

/// The whole UI as a value: what is on screen, what is being edited, what is open.
public struct AppState: Sendable {
  public var strings: Strings
  public var width: Int
  public var height: Int
  public var storePath: String
  /// Where the report view writes files (the folder the program was started in).
  public var exportFolder = FileManager.default.currentDirectoryPath
  public var asciiOnly = false
  public var stack: [Screen] = [.rounds]
  public var dialog: Dialog?
  public var showHelp = false
  public var message: Message?
  public var rounds: [RoundSummary] = []
  public var roundList = ListCursor()
  public var createRound = CreateRoundState(year: 2024)
  /// The proposed round from last year's (the new-round screen's default when there is one).
  public var nextRound: NextRoundState?
  public var open: OpenRound?
  public var list = SurveyListState()
  public var newSurvey = NewSurveyState()
  /// A caseworker's units on a served store (nil: every unit of the round).
  public var ownUnits: [String]?
  /// The unit last chosen at an inclusion check, where the cursor starts next time.
  var lastExclusionUnit: String?
  public var form: FormState?
  public var report: PublishedReport?
  public var comparison: PublishedComparison?
  public var documentTop = 0
  public var compareList = ListCursor()
  public var desk = RoundDeskState()
  /// The day the desk and the deadline count from instead of the clock's (BRUKERPLAN_TODAY).
  public var todayOverride: ISODay?
  public var now: Double = 0
  public var finished = false
  var messageSerial = 0

  public static let autosaveInterval: Double = 30
  public static let minimumWidth = 80
  public static let minimumHeight = 24

  public init(language: Language = .norwegian, width: Int = 80, height: Int = 24, storePath: String, now: Double = 0) {
    strings = Strings(language)
    self.width = width
    self.height = height
    self.storePath = storePath
    self.now = now
    createRound = CreateRoundState(year: Self.year(of: now))
  }

  static func year(of time: Double) -> Int {
    Int(ISODate.timestamp(Date(timeIntervalSinceReferenceDate: time)).prefix(4)) ?? 2024
  }

  public var screen: Screen { stack.last ?? .rounds }
  public var tooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }
  /// Rows of the list area: everything but title, header, messages and key bar.
  var listPage: Int { max(1, height - 6) }

  func clock(_ time: Double) -> String {
    String(ISODate.timestamp(Date(timeIntervalSinceReferenceDate: time)).dropFirst(11).prefix(5))
  }

  /// A message for the action being handled. It stays until the next message, or until the
  /// screen changes in a later action: it never speaks for another screen, round or person.
  mutating func say(_ text: String, error: Bool = false) {
    messageSerial += 1
    message = Message(text: text, isError: error, serial: messageSerial)
  }

  func shortID(_ id: String) -> String { String(id.prefix(8)) }
}

/// The update function: state + event → new state + effects. No I/O happens here.
public func update(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
  state.update(event)
}

extension AppState {
  public mutating func update(_ event: AppEvent) -> [Effect] {
    let screens = stack
    let said = messageSerial
    let effects = react(to: event)
    if stack != screens, messageSerial == said { message = nil }
    return effects
  }

  private mutating func react(to event: AppEvent) -> [Effect] {
    switch event {
    case .input(.resize(let w, let h)):
      width = w
      height = h
      list.scroll(page: listPage)
      return []
    case .input(.key(let key)):
      return handle(key)
    case .tick(let time):
      now = time
      return autosaveIfDue()
    case .terminate:
      let effects = saveBeforeLeaving(reason: .quitting)
      return effects.isEmpty ? [.quit] : effects
    case .roundsLoaded(let summaries):
      rounds = summaries
      roundList.clamp(count: rounds.count, page: listPage)
      return []
    case .roundCreated(let folder):
      say(strings.roundCreated(folder.name))
      stack = [.rounds]
      return [.loadRounds]
    case .roundOpened(let opened):
      roundOpened(opened)
      return []
    case .surveyLoaded(let survey, let editors):
      surveyLoaded(survey, editors: editors)
      return []
    case .identified(let id, let birthYear, let gender):
      return identified(id: id, birthYear: birthYear, gender: gender)
    case .notIncludedCounted(let unit, let reason, let outcome):
      notIncludedCounted(unit: unit, reason: reason, outcome: outcome)
      return []
    case .saved(let survey, let reason):
      return saved(survey, reason: reason)
    case .saveFailed(let error, let survey, let reason):
      return saveFailed(error, survey: survey, reason: reason)
    case .recoverySaved(let survey, let reason):
      return recoverySaved(survey, reason: reason)
    case .deleted(let id):
      open?.surveys[id] = nil
      list.remove(id)
      say(strings.deleted(shortID(id)))
      return []
    case .reportReady(let published):
      report = published
      showDocument(.report)
      return []
    case .comparisonReady(let published):
      comparison = published
      showDocument(.compare)
      return []
    case .deskReady(let figures):
      deskReady(figures)
      return []
    case .roundStatusChanged(let folder, let closed):
      say(closed ? strings.roundClosedNow : strings.roundReopenedNow)
      return [.openRound(folder), .loadDesk(folder, today: today)]
    case .exported(let path):
      say(strings.exported(path))
      return []
    case .othersEditing(let editors):
      say(strings.alsoOpen(editors), error: true)
      return []
    case .failed(let text):
      say(text, error: true)
      return []
    }
  }

  // MARK: Keys

  /// A key goes to the first binding that matches it and takes it; other keys do nothing.
  mutating func handle(_ key: Key) -> [Effect] {
    if showHelp {
      showHelp = false
      return []
    }
    for binding in bindings() where binding.matches(key) {
      if let effects = perform(binding.action, key: key) { return effects }
    }
    return []
  }

  mutating func perform(_ action: Action, key: Key) -> [Effect]? {
    switch action {
    case .help:
      showHelp = true
      return []
    case .redraw:
      return [.redraw]
    case .quit where dialog == nil:
      return requestQuit()
    default:
      if let dialog { return performDialog(action, dialog) }
      if tooSmall { return [] }
      return screen.page.perform(action, key: key, &self)
    }
  }

  mutating func requestQuit() -> [Effect] {
    dialog = .quit(unsaved: form?.dirty == true && stack.contains(.form))
    return []
  }

  /// Leaves the current screen for the one below it.
  mutating func leaveScreen() {
    if stack.count > 1 { stack.removeLast() }
  }
}
