import BrukerPlanModel

/// Next year's round from last year's, as the rounds screen proposes it: year, deadline and the
/// three population figures (last year's shown), then last year's units (renamed in place or
/// retired, ids kept), then new units and their kinds. Made by the model's `RoundSuccession`,
/// the same code as `new-round --from`.
public struct NextRoundState: Sendable {
  public var previous: Round
  /// Year, deadline, total, 16+, 18+, then one name per unit of last year's, then the new units.
  public var values: [String]
  public var focus = 0
  /// Pre-filled fields not yet typed in: the first key replaces the suggestion.
  public var suggested: Set<Int>
  /// Ids of last year's units that do not register this year.
  public var retired: Set<String> = []
  /// Kinds chosen for new units, by name; the others have the kind their name suggests.
  public var chosenKinds: [String: UnitKind] = [:]

  static let fixedFields = 5

  public init(from previous: Round) {
    self.previous = previous
    let year = previous.year + 1
    let figures = [previous.population?.total, previous.population?.age16plus, previous.population?.age18plus]
    values =
      [String(year), ISODay.defaultDeadline(year: year).description] + figures.map { $0.map(String.init) ?? "" }
      + previous.units.map(\.name) + [""]
    suggested = Set(0..<(values.count - 1))
  }

  var addedField: Int { Self.fixedFields + previous.units.count }
  public var addedNames: [String] {
    values[addedField].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }
  public var fieldCount: Int { addedField + 1 + addedNames.count }
  /// Last year's unit whose name has the focus, if any.
  var focusedUnit: Round.Unit? {
    let at = focus - Self.fixedFields
    return previous.units.indices.contains(at) ? previous.units[at] : nil
  }
  /// The new unit whose kind has the focus, if any.
  var focusedAdded: String? {
    let names = addedNames
    let at = focus - addedField - 1
    return names.indices.contains(at) ? names[at] : nil
  }
  public func kind(of name: String) -> UnitKind { chosenKinds[name] ?? UnitKind.suggested(for: name) }

  /// Anything changed that Esc or quitting would throw away.
  public var hasChanges: Bool {
    suggested.count != values.count - 1 || !retired.isEmpty || !values[addedField].isEmpty
  }

  /// Edits the focused text field; the deadline follows the year until it is typed in itself.
  mutating func edit(_ action: Action, key: Key) {
    if let unit = focusedUnit, retired.contains(unit.id) { return }
    SuggestedFields.edit(action, key: key, values: &values, suggested: &suggested, at: focus)
    if focus == 0, suggested.contains(1), let year = Int(values[0]), (1990...2200).contains(year) {
      values[1] = ISODay.defaultDeadline(year: year).description
    }
  }

  mutating func toggleRetired() {
    guard let unit = focusedUnit else { return }
    if retired.remove(unit.id) == nil { retired.insert(unit.id) }
  }

  mutating func chooseKind(_ key: Key) {
    guard let name = focusedAdded, let next = UnitKind.chosen(by: key, from: kind(of: name)) else { return }
    chosenKinds[name] = next
  }

  /// The succession as typed, or the field that is wrong (in the UI's words).
  func succession(_ s: Strings) -> Result<RoundSuccession, FieldError> {
    let v = values.map { $0.trimmingCharacters(in: .whitespaces) }
    guard let year = Int(v[0]) else { return .failure(FieldError(field: 0, s.t("skriv et årstall", "type a year"))) }
    guard v[1].count == 10, let deadline = ISODay(v[1]) else {
      return .failure(FieldError(field: 1, s.t("skriv en dato som ÅÅÅÅ-MM-DD", "type a date as YYYY-MM-DD")))
    }
    var figures: [Int?] = []
    for field in 2...4 {
      let text = v[field].replacingOccurrences(of: " ", with: "")
      if text.isEmpty {
        figures.append(nil)
      } else if let value = Int(text), value > 0 {
        figures.append(value)
      } else {
        return .failure(FieldError(field: field, s.t("skriv et positivt heltall", "type a positive whole number")))
      }
    }
    let population =
      figures.allSatisfy { $0 == nil }
      ? nil : Round.Population(total: figures[0], age16plus: figures[1], age18plus: figures[2])
    var plan = RoundSuccession(previous: previous, year: year, deadline: deadline, population: population)
    plan.retiredUnits = retired
    for (index, unit) in previous.units.enumerated() where !retired.contains(unit.id) {
      let name = v[Self.fixedFields + index]
      guard !name.isEmpty else {
        return .failure(FieldError(field: Self.fixedFields + index, s.t("navnet mangler", "the name is missing")))
      }
      if name != unit.name { plan.renamedUnits[unit.id] = name }
    }
    plan.addedUnits = Round.Unit.named(addedNames, taken: previous.units.map(\.id)) { kind(of: $0) }
    if let problem = plan.problems().first {
      let field: Int =
        switch problem.field {
        case "year": 0
        case "deadline": 1
        case "population.total": 2
        case "population.age16plus": 3
        case "population.age18plus": 4
        default: addedField
        }
      let text =
        field == 0 && year <= previous.year
        ? s.t("må være etter \(previous.year)", "must be after \(previous.year)")
        : problem.field == "units" && plan.makeRoundUnitsEmpty
          ? s.t("minst én enhet må være med", "at least one unit must take part")
          : s.t("mangler eller er ugyldig", "missing or invalid")
      return .failure(FieldError(field: field, text))
    }
    return .success(plan)
  }

  struct FieldError: Error {
    var field: Int
    var text: String
    init(field: Int, _ text: String) {
      self.field = field
      self.text = text
    }
  }
}

extension RoundSuccession {
  /// Every unit retired and none added.
  var makeRoundUnitsEmpty: Bool { previous.units.allSatisfy { retiredUnits.contains($0.id) } && addedUnits.isEmpty }
}

extension UnitKind {
  /// ← → Space cycle from `current`, 1–7 choose; nil for any other key.
  static func chosen(by key: Key, from current: UnitKind) -> UnitKind? {
    let kinds = UnitKind.allCases
    let at = kinds.firstIndex(of: current)!
    switch key {
    case .character(let c) where c.isASCII && (1...kinds.count).contains(c.wholeNumberValue ?? 0):
      return kinds[c.wholeNumberValue! - 1]
    case .right, .space: return kinds[(at + 1) % kinds.count]
    case .left: return kinds[(at + kinds.count - 1) % kinds.count]
    default: return nil
    }
  }
}

enum NextRoundScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] {
    let s = state.strings
    guard let next = state.nextRound else { return [bind([.escape], .back, s.back, bar: true)] }
    var map: [Binding]
    if next.focusedAdded != nil {
      map = [
        field([.left, .right, .space], .chooseKind, s.unitKind, text: "← → Space 1–7", takesText: true),
        field([.backspace, .delete], .chooseKind, s.unitKind),
      ]
    } else {
      map = Binding.textField(s)
    }
    if next.focusedUnit != nil {
      map.append(bind([.function(4), .control("x")], .retireUnit, s.retireUnit, bar: true, text: "F4 Ctrl-X"))
    }
    return map + [
      bind([.enter], .confirmField, s.nextField + " / " + s.create.lowercased()),
      bind([.tab, .down], .nextField, s.nextField, text: "Tab ↓"),
      bind([.backTab, .up], .previousField, s.previousField, text: "S-Tab ↑"),
      bind([.control("s"), .function(2)], .create, s.create, bar: true, text: "Ctrl-S F2"),
      bind([.function(5)], .blankRound, s.blankRound, bar: true),
      bind([.escape], .back, s.back, bar: true),
    ]
  }

  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    guard var next = state.nextRound else {
      state.leaveScreen()
      return []
    }
    defer { state.nextRound = next }
    let count = next.fieldCount
    switch action {
    case .typeText, .erase, .clearText: next.edit(action, key: key)
    case .chooseKind: next.chooseKind(key)
    case .retireUnit:
      next.toggleRetired()
      if let unit = next.focusedUnit {
        let retired = next.retired.contains(unit.id)
        state.say(retired ? state.strings.unitRetired(unit.name) : state.strings.unitBack(unit.name))
      }
    case .nextField: next.focus = (next.focus + 1) % count
    case .previousField: next.focus = (next.focus + count - 1) % count
    case .confirmField:
      if next.focus >= count - 1 { return submit(next, &state) }
      next.focus += 1
    case .create: return submit(next, &state)
    case .blankRound:
      state.createRound = CreateRoundState(year: AppState.year(of: state.now))
      state.stack[state.stack.count - 1] = .createRound
    case .back:
      if next.hasChanges { state.dialog = .discardNewRound } else { state.leaveScreen() }
    default: break
    }
    return []
  }

  static func submit(_ next: NextRoundState, _ state: inout AppState) -> [Effect] {
    switch next.succession(state.strings) {
    case .failure(let error):
      state.say(label(error.field, next, state.strings) + ": " + error.text, error: true)
      return []
    case .success(let plan):
      guard let round = try? plan.makeRound() else { return [] }
      return [.createRound(round, folderName: Round.folderName(year: round.year, code: round.municipality.code))]
    }
  }

  static func label(_ field: Int, _ next: NextRoundState, _ s: Strings) -> String {
    let fixed = [s.roundYear, s.deadline, s.populationTotal, s.population16, s.population18]
    if field < fixed.count { return fixed[field] }
    if let unit = next.previous.units[safe: field - NextRoundState.fixedFields] { return unit.id }
    return s.addedUnits
  }

  static func crumb(_ state: AppState) -> String? { state.strings.newRound }

  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    let s = state.strings
    guard let next = state.nextRound else { return }
    let previous = next.previous
    buffer.write(
      " " + s.nextRoundTitle(previous.year, previous.municipality.name), row: 2, column: 0, role: .heading,
      maxColumns: state.width - 1)
    buffer.write(" " + s.nextRoundHint, row: 3, column: 0, role: .disabled, maxColumns: state.width - 1)
    let lastYear = [
      nil, previous.deadline, previous.population?.total.map(String.init),
      previous.population?.age16plus.map(String.init), previous.population?.age18plus.map(String.init),
    ]
    for field in 0..<NextRoundState.fixedFields {
      let note = s.lastYearValue(lastYear[field] ?? (field == 0 ? String(previous.year) : "–"))
      drawField(field, label(field, next, s), note: note, next, state, row: 5 + field, into: &buffer)
    }
    buffer.write(" " + s.nextRoundUnits, row: 11, column: 0, role: .heading, maxColumns: state.width - 1)
    let first = NextRoundState.fixedFields
    let room = max(1, state.height - 3 - 12)
    var position = ListCursor(cursor: max(0, next.focus - first))
    position.scroll(count: next.fieldCount - first, page: room)
    for index in position.top..<min(next.fieldCount - first, position.top + room) {
      let field = first + index
      let row = 12 + index - position.top
      if let unit = previous.units[safe: index] {
        let label = "\(unit.id) · \(unit.kind.label(s.language))"
        let retired = next.retired.contains(unit.id)
        drawField(field, label, note: retired ? s.retiredNote : nil, next, state, row: row, into: &buffer)
      } else if field == next.addedField {
        drawField(field, s.addedUnits, note: nil, next, state, row: row, into: &buffer)
      } else {
        let name = next.addedNames[field - next.addedField - 1]
        let kind = next.kind(of: name)
        let number = UnitKind.allCases.firstIndex(of: kind)! + 1
        let focused = field == next.focus
        var line = Line()
        line.add((focused ? " › " : "   ") + DisplayWidth.pad("+ " + name, to: 31), focused ? .heading : .normal)
        line.add(
          focused ? "‹ \(number) \(kind.label(s.language)) ›" : "  \(number) \(kind.label(s.language))",
          focused ? .selected : .normal)
        buffer.draw(line, row: row, column: 0, maxColumns: state.width)
      }
    }
  }

  /// One labelled text field; a retired unit's name is shown greyed, with its note.
  static func drawField(
    _ field: Int, _ label: String, note: String?, _ next: NextRoundState, _ state: AppState, row: Int,
    into buffer: inout ScreenBuffer
  ) {
    let focused = field == next.focus
    let retired = next.previous.units[safe: field - NextRoundState.fixedFields].map { next.retired.contains($0.id) }
    buffer.write(
      (focused ? " › " : "   ") + DisplayWidth.pad(DisplayWidth.truncate(label, to: 30), to: 30), row: row, column: 0,
      role: focused ? .heading : .normal)
    let noteWidth = note.map { DisplayWidth.of($0) + 2 } ?? 0
    // The note right after the value's room (at most 30 columns wide), or at the right edge.
    let noteColumn = min(state.width - noteWidth, 66)
    let room = max(8, noteColumn - 34 - 1)
    let text = next.values[field]
    let value =
      focused && retired != true ? DisplayWidth.tail(text + "_", to: room) : DisplayWidth.truncate(text, to: room)
    let role: Role = retired == true ? .disabled : (focused ? .selected : .normal)
    buffer.write(value, row: row, column: 34, role: role, maxColumns: room)
    if let note {
      buffer.write(note, row: row, column: noteColumn, role: .disabled, maxColumns: noteWidth)
    }
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension AppState {
  /// The round a new one is proposed from: the newest round of the selected round's
  /// municipality (or of the newest readable round's, when the selected one cannot be read).
  var successionSource: Round? {
    let readable = rounds.compactMap(\.round)
    let selected = rounds.indices.contains(roundList.cursor) ? rounds[roundList.cursor].round : nil
    guard let code = (selected ?? readable.max { $0.year < $1.year })?.municipality.code else { return nil }
    return readable.filter { $0.municipality.code == code }.max { $0.year < $1.year }
  }
}

extension Strings {
  func nextRoundTitle(_ year: Int, _ municipality: String) -> String {
    t("Ny runde fra \(year) (\(municipality))", "New round from \(year) (\(municipality))")
  }
  var nextRoundHint: String {
    t(
      "Samme kommune, katalog og enheter (samme id). F5: en tom runde i stedet.",
      "Same municipality, catalogue and units (same ids). F5: a blank round instead.")
  }
  var nextRoundUnits: String {
    t(
      "Enheter (id · type; navnet kan endres, F4 = utgår i år)", "Units (id · kind; rename in place, F4 = retired)")
  }
  var populationTotal: String { t("Innbyggere i alt", "Residents in all") }
  var population16: String { t("Innbyggere 16 år og over", "Residents aged 16 or over") }
  var population18: String { t("Innbyggere 18 år og over", "Residents aged 18 or over") }
  func lastYearValue(_ value: String) -> String { t("i fjor: \(value)", "last year: \(value)") }
  var retiredNote: String { t("utgår i år", "retired") }
  var addedUnits: String { t("Nye enheter (skilt med komma)", "New units (comma separated)") }
  var retireUnit: String { t("Utgår i år / med igjen", "Retire / bring back") }
  var blankRound: String { t("Tom runde", "Blank round") }
  func unitRetired(_ name: String) -> String {
    t("\(name) utgår i år (id-en brukes ikke om igjen).", "\(name) is retired this year (its id is not reused).")
  }
  func unitBack(_ name: String) -> String { t("\(name) er med igjen.", "\(name) takes part again.") }
}
