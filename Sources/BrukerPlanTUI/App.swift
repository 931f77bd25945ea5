import BrukerPlanModel
import Foundation

/// A round folder as the rounds screen lists it.
public struct RoundSummary: Sendable {
  public var folder: RoundFolder
  public var round: Round?
  public var complete: Int
  public var drafts: Int
  public var problem: String?

  public init(folder: RoundFolder, round: Round?, complete: Int, drafts: Int, problem: String? = nil) {
    self.folder = folder
    self.round = round
    self.complete = complete
    self.drafts = drafts
    self.problem = problem
  }
}

/// An open round: its surveys, files that could not be read, and autosaved recovery copies.
public struct OpenRound: Sendable {
  public var folder: RoundFolder
  public var round: Round
  public var surveys: [String: Survey]
  public var invalidCount: Int
  public var recovery: [String: Survey]

  public init(
    folder: RoundFolder, round: Round, surveys: [String: Survey], invalidCount: Int, recovery: [String: Survey]
  ) {
    self.folder = folder
    self.round = round
    self.surveys = surveys
    self.invalidCount = invalidCount
    self.recovery = recovery
  }
}

public enum Screen: Hashable, Sendable {
  case rounds, createRound, surveys, newSurvey, form, report, comparePick, compare
}

/// Why a survey is being saved; it decides what happens afterwards.
public enum SaveReason: Hashable, Sendable {
  case explicit, autosave, leaving, quitting, keepMine
}

/// Work the app asks the runner to do: everything that touches files or the store key.
public enum Effect: Sendable {
  case loadRounds
  case createRound(Round, folderName: String)
  case openRound(RoundFolder)
  /// Turn the number into the store's pseudonym; the number goes no further.
  case identify(NationalIdentityNumber)
  case save(Survey, baseRevision: Int?, folder: RoundFolder, round: Round, reason: SaveReason)
  /// An autosave of a complete survey goes to `<round>/.recovery/<id>.json`, never over it.
  case saveRecovery(Survey, folder: RoundFolder, reason: SaveReason)
  case removeRecovery(String, folder: RoundFolder)
  case delete(id: String, baseRevision: Int, folder: RoundFolder, round: Round)
  /// Figures from the report engine, after disclosure control, from the files on disk.
  case publishReport(RoundFolder)
  case publishComparison(a: RoundFolder, b: RoundFolder)
  case redraw
  case quit
}

/// Everything the app reacts to: input, time, signals, and the results of effects.
public enum AppEvent: Sendable {
  case input(InputEvent)
  case tick(now: Double)
  /// SIGTERM or SIGHUP: save what can be saved, then quit.
  case terminate
  case roundsLoaded([RoundSummary])
  case roundCreated(RoundFolder)
  case roundOpened(OpenRound)
  case identified(id: String, birthYear: Int, gender: Gender)
  case saved(Survey, reason: SaveReason)
  case saveFailed(StoreError, survey: Survey, reason: SaveReason)
  case recoverySaved(Survey, reason: SaveReason)
  case deleted(String)
  case reportReady(PublishedReport)
  case comparisonReady(PublishedComparison)
  case failed(String)
}

public enum Dialog: Sendable {
  case quit(unsaved: Bool)
  case delete(id: String, revision: Int)
  case leaveForm
  case conflict(current: Survey)
  case recovery(id: String)
  /// Esc on the new-round form after something was typed.
  case discardNewRound
}

/// The rounds screen's create form: five text fields, then the kind of each unit typed.
public struct CreateRoundState: Sendable {
  public var values = ["", "", "", "", ""]
  /// 0-4 the text fields, 5… the units' kinds in the order typed.
  public var focus = 0
  /// Pre-filled fields not yet typed in: the first key replaces the suggestion.
  public var suggested: Set<Int> = [2]
  /// Kinds the user chose, by unit name; the others have the kind their name suggests.
  public var chosenKinds: [String: UnitKind] = [:]
  public init(year: Int) { values[2] = String(year) }

  static let textFields = 5
  public var unitNames: [String] {
    values[4].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }
  public var fieldCount: Int { Self.textFields + unitNames.count }
  /// The unit whose kind has the focus, if any.
  var focusedUnit: String? {
    let names = unitNames
    return names.indices.contains(focus - Self.textFields) ? names[focus - Self.textFields] : nil
  }
  public func kind(of name: String) -> UnitKind { chosenKinds[name] ?? UnitKind.suggested(for: name) }

  /// Anything typed that Esc or quitting would throw away.
  public var hasTypedText: Bool { values.indices.contains { $0 != 2 && !values[$0].isEmpty } || !suggested.contains(2) }
}

extension UnitKind {
  /// A first guess from the unit's name ("NAV Fjellby" → nav, "Rustjenesten" → substance); the
  /// user can change it before the round is created.
  static func suggested(for name: String) -> UnitKind {
    let words = name.lowercased()
    let hints: [(UnitKind, [String])] = [
      (.nav, ["nav"]),
      (.childWelfare, ["barnevern", "child"]),
      (.substance, ["rus", "substance", "addiction"]),
      (.mentalHealth, ["psyk", "mental"]),
      (.homeCare, ["hjemme", "home"]),
      (.followUp, ["oppfølging", "oppfolging", "follow"]),
    ]
    return hints.first { $0.1.contains(where: words.contains) }?.0 ?? .other
  }
}

/// The new-survey flow: three inclusion questions, then the number.
public struct NewSurveyState: Sendable {
  public var step = 0
  /// Digits typed so far. Held only here, in memory, until the pseudonym is made.
  var digits: [Character] = []
  public var problem: String?
  public var valid: String?
  public init() {}
  public var typedCount: Int { digits.count }
}

public struct Message: Hashable, Sendable {
  public var text: String
  public var isError: Bool
}

/// The whole UI as a value: what is on screen, what is being edited, what is open.
public struct AppState: Sendable {
  public var strings: Strings
  public var width: Int
  public var height: Int
  public var storePath: String
  public var asciiOnly = false
  public var stack: [Screen] = [.rounds]
  public var dialog: Dialog?
  public var showHelp = false
  public var message: Message?
  public var rounds: [RoundSummary] = []
  public var roundCursor = 0
  public var createRound = CreateRoundState(year: 2024)
  public var open: OpenRound?
  public var list = SurveyListState()
  public var newSurvey = NewSurveyState()
  public var form: FormState?
  public var report: PublishedReport?
  public var comparison: PublishedComparison?
  public var documentTop = 0
  public var compareCursor = 0
  public var now: Double = 0
  public var finished = false

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

  mutating func say(_ text: String, error: Bool = false) { message = Message(text: text, isError: error) }
}

/// The update function: state + event → new state + effects. No I/O happens here.
public func update(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
  state.update(event)
}

extension AppState {
  public mutating func update(_ event: AppEvent) -> [Effect] {
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
      roundCursor = min(roundCursor, max(0, rounds.count - 1))
      return []
    case .roundCreated(let folder):
      say(strings.roundCreated(folder.name))
      stack = [.rounds]
      return [.loadRounds]
    case .roundOpened(let opened):
      open = opened
      list = SurveyListState(
        rows: opened.surveys.values.map {
          SurveyRow($0, round: opened.round, hasRecovery: opened.recovery[$0.id] != nil)
        })
      stack = [.rounds, .surveys]
      if opened.invalidCount > 0 {
        say(strings.invalidFiles(opened.invalidCount), error: true)
      } else if !opened.recovery.isEmpty {
        say(strings.recoveryNote(opened.recovery.count))
      } else if opened.round.status == .closed {
        say(strings.roundClosed)
      }
      return []
    case .identified(let id, let birthYear, let gender):
      return identified(id: id, birthYear: birthYear, gender: gender)
    case .saved(let survey, let reason):
      return saved(survey, reason: reason)
    case .saveFailed(let error, let survey, let reason):
      return saveFailed(error, survey: survey, reason: reason)
    case .recoverySaved(let survey, let reason):
      open?.recovery[survey.id] = survey
      if var row = list.rows.first(where: { $0.id == survey.id }) {
        row.hasRecovery = true
        list.upsert(row)
      }
      form?.dirty = false
      form?.changedAt = nil
      say(strings.recoverySaved(clock(now)))
      return reason == .quitting ? [.quit] : []
    case .deleted(let id):
      open?.surveys[id] = nil
      list.remove(id)
      say(strings.deleted(shortID(id)))
      return []
    case .reportReady(let published):
      report = published
      documentTop = 0
      stack.removeAll { $0 == .report || $0 == .compare || $0 == .comparePick }
      stack.append(.report)
      return []
    case .comparisonReady(let published):
      comparison = published
      documentTop = 0
      stack.removeAll { $0 == .report || $0 == .compare || $0 == .comparePick }
      stack.append(.compare)
      return []
    case .failed(let text):
      say(text, error: true)
      return []
    }
  }

  func shortID(_ id: String) -> String { String(id.prefix(8)) }

  // MARK: Keys

  mutating func handle(_ key: Key) -> [Effect] {
    if dialog != nil { return handleDialog(key) }
    if showHelp {
      showHelp = false
      return []
    }
    if tooSmall {
      switch key {
      case .character("q"), .function(10), .control("c"): return requestQuit()
      case .control("l"): return [.redraw]
      default: return []
      }
    }
    if let effects = handleFocused(key) { return effects }
    guard let binding = bindings().first(where: { $0.keys.contains(key) }) else { return [] }
    return perform(binding.action)
  }

  /// Keys the focused field takes first: text fields and form answers.
  mutating func handleFocused(_ key: Key) -> [Effect]? {
    switch screen {
    case .surveys where list.editingFilter:
      switch key {
      case .character(let c):
        list.filter.append(c)
      case .backspace, .delete:
        if !list.filter.isEmpty { list.filter.removeLast() }
      case .enter, .tab:
        list.editingFilter = false
      case .escape:
        list.filter = ""
        list.editingFilter = false
      default:
        return nil
      }
      list.refresh()
      list.scroll(page: listPage)
      return []
    case .createRound:
      if let unit = createRound.focusedUnit {
        let kinds = UnitKind.allCases
        let at = kinds.firstIndex(of: createRound.kind(of: unit))!
        switch key {
        case .character(let c) where c.isASCII && (c.wholeNumberValue ?? 0) >= 1 && c.wholeNumberValue! <= kinds.count:
          createRound.chosenKinds[unit] = kinds[c.wholeNumberValue! - 1]
        case .right, .space: createRound.chosenKinds[unit] = kinds[(at + 1) % kinds.count]
        case .left: createRound.chosenKinds[unit] = kinds[(at + kinds.count - 1) % kinds.count]
        case .character, .backspace: break  // No text here.
        default: return nil
        }
        return []
      }
      guard createRound.focus < CreateRoundState.textFields else { return nil }
      switch key {
      case .character(let c):
        if createRound.suggested.remove(createRound.focus) != nil { createRound.values[createRound.focus] = "" }
        createRound.values[createRound.focus].append(c)
        return []
      case .backspace:
        createRound.suggested.remove(createRound.focus)
        if !createRound.values[createRound.focus].isEmpty { createRound.values[createRound.focus].removeLast() }
        return []
      default: return nil
      }
    case .newSurvey:
      return handleNewSurvey(key)
    case .form:
      guard var current = form, let open else { return nil }
      if key == .escape, current.yearText != nil {
        // Esc leaves the field, not the form; what was typed stays the answer (and the form changed).
        current.endYearEdit()
        form = current
        let problem = current.survey.validate(in: open.round).first { $0.field == "birthYear" }
        say(
          strings.yearKept(
            current.survey.birthYear, problem: problem.map { strings.problem($0, year: open.round.year) }),
          error: problem != nil)
        return []
      }
      if key == .enter, current.yearText != nil || !isMulti(current.currentField) {
        // Enter confirms the field and moves on (a multi-choice field handles Enter itself).
        current.advance()
        form = current
        return []
      }
      guard open.round.status == .open else {
        if case .character = key { say(strings.roundClosed, error: true) }
        return nil
      }
      let handled = current.handle(key, round: open.round, now: now)
      form = current
      return handled ? [] : nil
    default:
      return nil
    }
  }

  func isMulti(_ field: FormField) -> Bool { field == .substances || field == .plans }

  mutating func perform(_ action: Action) -> [Effect] {
    switch action {
    case .help:
      showHelp = true
    case .redraw:
      return [.redraw]
    case .quit:
      return requestQuit()
    case .back:
      return back()
    case .up, .down, .pageUp, .pageDown, .home, .end:
      move(action)
    case .open:
      return openSelected()
    case .new:
      if screen == .rounds {
        createRound = CreateRoundState(year: Self.year(of: now))
        stack.append(.createRound)
      } else if let open {
        guard open.round.status == .open else {
          say(strings.roundClosed, error: true)
          return []
        }
        newSurvey = NewSurveyState()
        stack.append(.newSurvey)
      }
    case .delete:
      if let row = list.selected {
        dialog = .delete(id: row.id, revision: row.revision)
      }
    case .sort:
      list.sort = SortKey(rawValue: (list.sort.rawValue + 1) % SortKey.allCases.count)!
      list.refresh()
      list.scroll(page: listPage)
      say(strings.sortedBy(list.sort.label(strings)))
    case .filter:
      list.editingFilter = true
    case .nextField:
      if screen == .createRound {
        createRound.focus = (createRound.focus + 1) % createRound.fieldCount
      } else {
        form?.moveField(by: 1)
      }
    case .previousField:
      if screen == .createRound {
        createRound.focus = (createRound.focus + createRound.fieldCount - 1) % createRound.fieldCount
      } else {
        form?.moveField(by: -1)
      }
    case .confirmField:
      if createRound.focus >= createRound.fieldCount - 1 { return submitRound() }
      createRound.focus += 1
    case .create:
      return submitRound()
    case .nextSection:
      if let form { self.form?.focus(section: (form.section + 1) % form.layout.sections.count) }
    case .previousSection:
      if let form {
        let count = form.layout.sections.count
        self.form?.focus(section: (form.section + count - 1) % count)
      }
    case .section(let n):
      form?.focus(section: n)
    case .save:
      return saveForm(reason: .explicit)
    case .report:
      guard let open else { return [] }
      return [.publishReport(open.folder)]
    case .compare:
      return startCompare()
    case .noNumber:
      return newSurveyWithoutNumber()
    }
    return []
  }

  mutating func move(_ action: Action) {
    switch screen {
    case .rounds:
      roundCursor = action.moved(roundCursor, last: max(0, rounds.count - 1), page: listPage)
    case .surveys:
      switch action {
      case .up: list.move(by: -1, page: listPage)
      case .down: list.move(by: 1, page: listPage)
      case .pageUp: list.move(by: -listPage, page: listPage)
      case .pageDown: list.move(by: listPage, page: listPage)
      case .home: list.move(by: -list.visible.count, page: listPage)
      default: list.move(by: list.visible.count, page: listPage)
      }
    case .report, .compare:
      scrollDocument(action)
    case .comparePick:
      let last = max(0, compareChoices.count - 1)
      switch action {
      case .up: compareCursor = max(0, compareCursor - 1)
      case .down: compareCursor = min(last, compareCursor + 1)
      case .home, .pageUp: compareCursor = 0
      default: compareCursor = last
      }
    case .form:
      guard let current = form else { return }
      switch action {
      case .up: form?.moveField(by: -1)
      case .down: form?.moveField(by: 1)
      case .pageUp: form?.focus(section: current.section - 1)
      case .pageDown: form?.focus(section: current.section + 1)
      case .home: form?.focus(section: current.section, field: 0)
      default: form?.focus(section: current.section, field: current.layout.sections[current.section].count - 1)
      }
    default:
      break
    }
  }

  mutating func requestQuit() -> [Effect] {
    dialog = .quit(unsaved: form?.dirty == true && stack.contains(.form))
    return []
  }

  mutating func back() -> [Effect] {
    switch screen {
    case .rounds:
      return requestQuit()
    case .form:
      if form?.dirty == true {
        dialog = .leaveForm
        return []
      }
      leaveForm()
    case .surveys:
      if !list.filter.isEmpty {
        list.filter = ""
        list.refresh()
        return []
      }
      stack.removeLast()
      open = nil
      return [.loadRounds]
    case .createRound where createRound.hasTypedText:
      dialog = .discardNewRound
    case .newSurvey:
      // Typed digits do not outlive the screen.
      newSurvey = NewSurveyState()
      stack.removeLast()
    default:
      stack.removeLast()
    }
    return []
  }

  mutating func leaveForm() {
    form = nil
    if stack.last == .form { stack.removeLast() }
  }

  mutating func openSelected() -> [Effect] {
    switch screen {
    case .rounds:
      guard rounds.indices.contains(roundCursor) else { return [] }
      let summary = rounds[roundCursor]
      guard summary.round != nil else {
        say("\(summary.folder.name): \(summary.problem ?? strings.unreadableRound)", error: true)
        return []
      }
      return [.openRound(summary.folder)]
    case .comparePick:
      return pickComparison()
    case .surveys:
      guard let row = list.selected, let open, let survey = open.surveys[row.id] else { return [] }
      openForm(survey)
      if open.recovery[row.id] != nil { dialog = .recovery(id: row.id) }
    default:
      break
    }
    return []
  }

  mutating func openForm(_ survey: Survey, saved: Survey? = nil, isNew: Bool = false) {
    guard let open else { return }
    var state = FormState(survey: survey, saved: isNew ? nil : (saved ?? survey), round: open.round)
    // Start where the work is: the first unanswered field.
    if let first = state.allFields.first(where: { state.isMissing($0.value) }) {
      state.section = first.section
      state.field = first.field
    }
    form = state
    stack.removeAll { $0 == .newSurvey || $0 == .form }
    stack.append(.form)
  }

  // MARK: Create round

  mutating func submitRound() -> [Effect] {
    let v = createRound.values.map { $0.trimmingCharacters(in: .whitespaces) }
    guard let year = Int(v[2]) else {
      say(strings.roundYear + ": " + strings.t("skriv et årstall", "type a year"), error: true)
      return []
    }
    let unitNames = createRound.unitNames
    var units: [Round.Unit] = []
    for name in unitNames {
      var id = String(
        name.lowercased().unicodeScalars.filter { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }.map(
          Character.init))
      if id.isEmpty { id = "enhet" }
      var candidate = id
      var n = 2
      while units.contains(where: { $0.id == candidate }) {
        candidate = "\(id)\(n)"
        n += 1
      }
      units.append(Round.Unit(id: candidate, name: name, kind: createRound.kind(of: name)))
    }
    let round = Round(
      municipality: .init(code: v[0], name: v[1]), year: year, deadline: v[3].isEmpty ? nil : v[3], units: units)
    let problems = round.validate()
    if let problem = problems.first {
      let field: String =
        switch problem.field {
        case "municipality.code": strings.roundCode
        case "municipality.name": strings.roundName
        case "year": strings.roundYear
        case "deadline": strings.deadline
        default: strings.roundUnits
        }
      say(field + ": " + strings.t("mangler eller er ugyldig", "missing or invalid"), error: true)
      return []
    }
    let safeCode = String(
      v[0].unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    return [.createRound(round, folderName: "\(year)-\(safeCode.isEmpty ? "runde" : safeCode)")]
  }

  // MARK: New survey

  mutating func handleNewSurvey(_ key: Key) -> [Effect]? {
    guard let open else { return nil }
    let letter: Character? = if case .character(let c) = key { Character(c.lowercased()) } else { nil }
    let yes = letter == "j" || letter == "y"
    let no = letter == "n"
    switch newSurvey.step {
    case 0, 1:
      if yes {
        newSurvey.step += 1
        return []
      }
      if no {
        say(strings.notIncluded)
        stack.removeLast()
        return []
      }
      return nil
    case 2:
      if yes {
        say(strings.optedOut)
        stack.removeLast()
        return []
      }
      if no {
        newSurvey.step = 3
        return []
      }
      return nil
    default:
      switch key {
      case .character(let c) where c.isASCII && c.isNumber:
        if newSurvey.digits.count < 11 { newSurvey.digits.append(c) }
        checkNumber()
        return []
      case .character(let c) where !c.isWhitespace && c != "?":
        newSurvey.problem = NationalIdentityNumber.Problem.notDigits.message(strings.language)
        return []
      case .backspace, .delete:
        if !newSurvey.digits.isEmpty { newSurvey.digits.removeLast() }
        checkNumber()
        return []
      case .enter:
        return submitNumber(open)
      default:
        return nil
      }
    }
  }

  /// Validates the digits while they are typed: the date as soon as it is there, the rest at 11.
  mutating func checkNumber() {
    newSurvey.problem = nil
    newSurvey.valid = nil
    let d = newSurvey.digits.compactMap(\.wholeNumberValue)
    if d.count >= 4 {
      var day = d[0] * 10 + d[1]
      var month = d[2] * 10 + d[3]
      if day > 40 { day -= 40 } else if month > 40 { month -= 40 }
      if !(1...31).contains(day) || !(1...12).contains(month) {
        newSurvey.problem = NationalIdentityNumber.Problem.impossibleDate.message(strings.language)
        return
      }
    }
    guard d.count == 11 else { return }
    do {
      let number = try NationalIdentityNumber(String(newSurvey.digits))
      newSurvey.valid = strings.numberValid(number.birthYear, number.gender.label(strings.language))
    } catch {
      newSurvey.problem = error.message(strings.language)
    }
  }

  mutating func submitNumber(_ open: OpenRound) -> [Effect] {
    guard newSurvey.digits.count == 11 else {
      newSurvey.problem = NationalIdentityNumber.Problem.wrongLength.message(strings.language)
      return []
    }
    let number: NationalIdentityNumber
    do {
      number = try NationalIdentityNumber(String(newSurvey.digits))
    } catch {
      // Kept so a typing error can be corrected; it is still only in memory.
      newSurvey.problem = error.message(strings.language)
      return []
    }
    // The typed number leaves the state here, whatever happens next.
    newSurvey.digits = []
    newSurvey.valid = nil
    do {
      if open.round.year - number.birthYear < 16 {
        say(strings.underAge(open.round.year))
        stack.removeLast()
        return []
      }
      return [.identify(number)]
    }
  }

  mutating func newSurveyWithoutNumber() -> [Effect] {
    guard screen == .newSurvey, newSurvey.step == 3, let open else { return [] }
    newSurvey.digits = []
    var survey = Survey(id: Base32.randomID())
    if open.round.units.count == 1 { survey.unit = open.round.units[0].id }
    openForm(survey, isNew: true)
    return []
  }

  mutating func identified(id: String, birthYear: Int, gender: Gender) -> [Effect] {
    guard let open else { return [] }
    if let existing = open.surveys[id] {
      let unit = existing.unit.flatMap { open.round.unit($0)?.name } ?? existing.unit ?? "?"
      openForm(existing)
      say(strings.alreadyRegistered(unit))
      if open.recovery[id] != nil { dialog = .recovery(id: id) }
      return []
    }
    var survey = Survey(id: id)
    survey.birthYear = birthYear
    survey.gender = gender
    if open.round.units.count == 1 { survey.unit = open.round.units[0].id }
    openForm(survey, isNew: true)
    form?.markChanged(at: now)
    return []
  }

  // MARK: Saving

  /// Saves the form: complete when nothing is missing, otherwise as a draft that says what is.
  mutating func saveForm(reason: SaveReason) -> [Effect] {
    guard let current = form, let open else { return [] }
    var survey = current.survey
    survey.status = survey.missingForComplete.isEmpty ? .complete : .draft
    let problems = survey.validate(in: open.round).filter { $0.field != "revision" }
    if let problem = problems.first {
      say(strings.cannotSave + strings.problem(problem, year: open.round.year), error: true)
      return []
    }
    return [.save(survey, baseRevision: current.baseRevision, folder: open.folder, round: open.round, reason: reason)]
  }

  /// Autosave: a draft goes to the store as a draft; changes to a complete survey go to recovery.
  mutating func autosaveIfDue() -> [Effect] {
    guard let form, form.dirty, let changedAt = form.changedAt, now - changedAt >= Self.autosaveInterval else {
      return []
    }
    self.form?.changedAt = now
    return autosave(reason: .autosave)
  }

  mutating func autosave(reason: SaveReason) -> [Effect] {
    guard let current = form, let open else { return [] }
    var survey = current.survey
    if current.saved?.status == .complete || open.round.status == .closed {
      return [.saveRecovery(survey, folder: open.folder, reason: reason)]
    }
    survey.status = .draft
    if !survey.validate(in: open.round).filter({ $0.field != "revision" }).isEmpty {
      return [.saveRecovery(survey, folder: open.folder, reason: reason)]
    }
    return [.save(survey, baseRevision: current.baseRevision, folder: open.folder, round: open.round, reason: reason)]
  }

  /// Before quitting: unsaved form changes are kept (as a draft or a recovery copy).
  mutating func saveBeforeLeaving(reason: SaveReason) -> [Effect] {
    guard form?.dirty == true, stack.contains(.form) else { return [] }
    return autosave(reason: reason)
  }

  mutating func saved(_ survey: Survey, reason: SaveReason) -> [Effect] {
    guard var open else { return [] }
    open.surveys[survey.id] = survey
    let hadRecovery = open.recovery.removeValue(forKey: survey.id) != nil
    self.open = open
    list.upsert(SurveyRow(survey, round: open.round))
    var effects: [Effect] = hadRecovery ? [.removeRecovery(survey.id, folder: open.folder)] : []
    if var current = form, current.survey.id == survey.id {
      current.saved = survey
      current.survey.revision = survey.revision
      current.survey.updatedAt = survey.updatedAt
      current.survey.status = survey.status
      // Keys typed while the save ran keep the form changed.
      let unchanged = current.survey == survey
      current.dirty = !unchanged
      current.changedAt = unchanged ? nil : now
      form = current
    }
    switch reason {
    case .explicit, .keepMine:
      let missing = survey.missingForComplete.count
      say(survey.status == .complete ? strings.savedComplete : strings.savedDraft(missing))
    case .autosave:
      say(strings.autosaved(clock(now)))
    case .leaving:
      say(survey.status == .complete ? strings.savedComplete : strings.savedDraft(survey.missingForComplete.count))
      leaveForm()
    case .quitting:
      effects.append(.quit)
    }
    return effects
  }

  mutating func saveFailed(_ error: StoreError, survey: Survey, reason: SaveReason) -> [Effect] {
    guard let open else { return [] }
    switch (error, reason) {
    case (.conflict(let current), .explicit), (.conflict(let current), .leaving), (.conflict(let current), .keepMine):
      dialog = .conflict(current: current)
      return []
    case (.alreadyExists(let current), .explicit), (.alreadyExists(let current), .leaving):
      dialog = .conflict(current: current)
      return []
    case (_, .autosave), (_, .quitting):
      // Never lose typed input: what could not be saved goes to the recovery copy.
      return [.saveRecovery(survey, folder: open.folder, reason: reason)]
    default:
      say(strings.cannotSave + Self.norwegianReason(error, strings), error: true)
      return []
    }
  }

  static func norwegianReason(_ error: StoreError, _ strings: Strings) -> String {
    switch error {
    case .closedRound: strings.roundClosed
    case .optedOut(_, let date):
      strings.t("personen har reservert seg i denne runden (\(date))", "the person opted out of this round (\(date))")
    case .invalid(_, let problems):
      problems.map { strings.problem($0, year: nil) }.joined(separator: "; ")
    case .notFound: strings.t("kartleggingen finnes ikke lenger på disk", "the survey no longer exists on disk")
    case .file(let failure):
      strings.t("filen kunne ikke skrives (\(failure.reason))", "the file could not be written (\(failure.reason))")
    case .conflict, .alreadyExists: strings.conflictTitle
    }
  }

  // MARK: Dialogs

  mutating func handleDialog(_ key: Key) -> [Effect] {
    guard let current = dialog else { return [] }
    let letter: Character? = if case .character(let c) = key { Character(c.lowercased()) } else { nil }
    let yes = letter == "j" || letter == "y"
    switch current {
    case .quit(let unsaved):
      dialog = nil
      guard yes else { return [] }
      if unsaved {
        let effects = saveBeforeLeaving(reason: .quitting)
        if !effects.isEmpty { return effects }
      }
      return [.quit]
    case .discardNewRound:
      dialog = nil
      if yes { stack.removeAll { $0 == .createRound } }
      return []
    case .delete(let id, let revision):
      dialog = nil
      guard yes, let open else { return [] }
      return [.delete(id: id, baseRevision: revision, folder: open.folder, round: open.round)]
    case .leaveForm:
      if letter == strings.saveKey {
        dialog = nil
        return saveForm(reason: .leaving)
      }
      if letter == strings.discardKey {
        dialog = nil
        leaveForm()
        return []
      }
      if key == .escape || key == .enter || letter == "b" { dialog = nil }
      return []
    case .conflict(let theirs):
      if letter == strings.keepMineKey, let form, let open {
        dialog = nil
        var mine = form.survey
        mine.status = mine.missingForComplete.isEmpty ? .complete : .draft
        return [.save(mine, baseRevision: theirs.revision, folder: open.folder, round: open.round, reason: .keepMine)]
      }
      if letter == strings.takeTheirsKey {
        dialog = nil
        self.open?.surveys[theirs.id] = theirs
        if let open { list.upsert(SurveyRow(theirs, round: open.round)) }
        openForm(theirs)
        say(strings.tookTheirs)
        return []
      }
      if key == .escape { dialog = nil }
      return []
    case .recovery(let id):
      guard let open else {
        dialog = nil
        return []
      }
      if yes, let copy = open.recovery[id] {
        dialog = nil
        let onDisk = open.surveys[id]
        openForm(copy, saved: onDisk, isNew: onDisk == nil)
        form?.markChanged(at: now)
        say(strings.restored)
        return []
      }
      if letter == "n" {
        dialog = nil
        self.open?.recovery[id] = nil
        if var row = list.rows.first(where: { $0.id == id }) {
          row.hasRecovery = false
          list.upsert(row)
        }
        return [.removeRecovery(id, folder: open.folder)]
      }
      if key == .escape {
        dialog = nil
        leaveForm()
      }
      return []
    }
  }
}
