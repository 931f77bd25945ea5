import BrukerPlanModel
import Foundation

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

  /// Edits the focused text field.
  mutating func edit(_ action: Action, key: Key) {
    SuggestedFields.edit(action, key: key, values: &values, suggested: &suggested, at: focus)
  }

  /// ← → Space cycle the focused unit's kind, 1–7 choose it; other characters do nothing here.
  mutating func chooseKind(_ key: Key) {
    guard let unit = focusedUnit, let next = UnitKind.chosen(by: key, from: kind(of: unit)) else { return }
    chosenKinds[unit] = next
  }
}

/// A new round: code, name, year, deadline, units, then the kind of each unit.
enum NewRoundScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] {
    let s = state.strings
    var map: [Binding] = []
    if state.createRound.focusedUnit != nil {
      map = [
        field([.left, .right, .space], .chooseKind, s.unitKind, text: "← → Space 1–7", takesText: true),
        field([.backspace, .delete], .chooseKind, s.unitKind),
      ]
    } else {
      map = Binding.textField(s)
    }
    return map + [
      bind([.enter], .confirmField, s.nextField + " / " + s.create.lowercased()),
      bind([.tab, .down], .nextField, s.nextField, text: "Tab ↓"),
      bind([.backTab, .up], .previousField, s.previousField, text: "S-Tab ↑"),
      bind([.control("s"), .function(2)], .create, s.create, bar: true, text: "Ctrl-S F2"),
      bind([.escape], .back, s.back, bar: true),
    ]
  }

  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    let count = state.createRound.fieldCount
    switch action {
    case .typeText, .erase, .clearText:
      state.createRound.edit(action, key: key)
    case .chooseKind:
      state.createRound.chooseKind(key)
    case .nextField:
      state.createRound.focus = (state.createRound.focus + 1) % count
    case .previousField:
      state.createRound.focus = (state.createRound.focus + count - 1) % count
    case .confirmField:
      if state.createRound.focus >= count - 1 { return submit(&state) }
      state.createRound.focus += 1
    case .create:
      return submit(&state)
    case .back:
      if state.createRound.hasTypedText { state.dialog = .discardNewRound } else { state.leaveScreen() }
    default:
      break
    }
    return []
  }

  static func submit(_ state: inout AppState) -> [Effect] {
    let s = state.strings
    let v = state.createRound.values.map { $0.trimmingCharacters(in: .whitespaces) }
    guard let year = Int(v[2]) else {
      state.say(s.roundYear + ": " + s.t("skriv et årstall", "type a year"), error: true)
      return []
    }
    let create = state.createRound
    let units = Round.Unit.named(create.unitNames) { create.kind(of: $0) }
    let round = Round(
      municipality: .init(code: v[0], name: v[1]), year: year, deadline: v[3].isEmpty ? nil : v[3], units: units)
    if let problem = round.validate().first {
      let field: String =
        switch problem.field {
        case "municipality.code": s.roundCode
        case "municipality.name": s.roundName
        case "year": s.roundYear
        case "deadline": s.deadline
        default: s.roundUnits
        }
      state.say(field + ": " + s.t("mangler eller er ugyldig", "missing or invalid"), error: true)
      return []
    }
    return [.createRound(round, folderName: Round.folderName(year: year, code: v[0]))]
  }

  static func crumb(_ state: AppState) -> String? { state.strings.newRound }

  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    let s = state.strings
    let labels = [s.roundCode, s.roundName, s.roundYear, s.roundDeadline, s.roundUnits]
    buffer.write(" " + s.newRound, row: 2, column: 0, role: .heading)
    for (index, label) in labels.enumerated() {
      let focused = index == state.createRound.focus
      let row = 4 + index * 2
      buffer.write(
        (focused ? " › " : "   ") + DisplayWidth.pad(label, to: 32), row: row, column: 0,
        role: focused ? .heading : .normal)
      let room = state.width - 37
      let text = state.createRound.values[index]
      // While typing, the end of a long value stays in view; otherwise "…" says there is more.
      let value = focused ? DisplayWidth.tail(text + "_", to: room) : DisplayWidth.truncate(text, to: room)
      buffer.write(value, row: row, column: 36, role: focused ? .selected : .normal, maxColumns: room)
    }
    if state.createRound.focusedUnit != nil {
      // The numbers that choose a kind, flowed over the two lines below the fields.
      var lines = [""]
      for (n, kind) in UnitKind.allCases.enumerated() {
        let item = "\(n + 1) \(kind.label(s.language))"
        let current = lines[lines.count - 1]
        if !current.isEmpty, DisplayWidth.of(current + "   " + item) > state.width - 4 {
          lines.append(item)
        } else {
          lines[lines.count - 1] += (current.isEmpty ? "" : "   ") + item
        }
      }
      for (offset, line) in lines.prefix(2).enumerated() {
        buffer.write("   " + line, row: 14 + offset, column: 0, role: .disabled, maxColumns: state.width - 1)
      }
    } else {
      buffer.write("   " + s.roundCreateHint, row: 14, column: 0, role: .disabled, maxColumns: state.width - 1)
    }
    renderUnits(state, into: &buffer)
  }

  /// As many units as fit above the message line, scrolled to keep the focused one in view.
  static func renderUnits(_ state: AppState, into buffer: inout ScreenBuffer) {
    let s = state.strings
    let names = state.createRound.unitNames
    guard !names.isEmpty else { return }
    buffer.write(" " + s.unitKinds, row: 16, column: 0, role: .heading, maxColumns: state.width - 1)
    let room = max(1, state.height - 3 - 17)
    let focusedUnit = state.createRound.focus - CreateRoundState.textFields
    var position = ListCursor(cursor: max(0, focusedUnit))
    position.scroll(count: names.count, page: room)
    for index in position.top..<min(names.count, position.top + room) {
      let name = names[index]
      let focused = index == focusedUnit
      let kind = state.createRound.kind(of: name)
      let number = UnitKind.allCases.firstIndex(of: kind)! + 1
      var line = Line()
      line.add((focused ? " › " : "   ") + DisplayWidth.pad(name, to: 32), focused ? .heading : .normal)
      line.add(
        focused ? "‹ \(number) \(kind.label(s.language)) ›" : "  \(number) \(kind.label(s.language))",
        focused ? .selected : .normal)
      buffer.draw(line, row: 17 + index - position.top, column: 0, maxColumns: state.width)
    }
  }
}
