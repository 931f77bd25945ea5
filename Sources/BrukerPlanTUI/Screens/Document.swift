import BrukerPlanModel
import Foundation

/// The report and compare views show the report engine's published figures (after disclosure
/// control) and nothing else: this file formats, it never counts.
enum Figures {
  static let suppressed = ":"

  /// Half away from zero, with a decimal comma in Norwegian.
  static func decimal(_ value: Double, _ decimals: Int = 1, _ language: Language) -> String {
    let factor = pow(10, Double(decimals))
    var text = String(format: "%.\(decimals)f", (value * factor).rounded(.toNearestOrAwayFromZero) / factor)
    if text.hasPrefix("-"), Double(text) == 0 { text.removeFirst() }
    return language == .norwegian ? text.replacingOccurrences(of: ".", with: ",") : text
  }

  static func percent(_ value: Double?, _ language: Language) -> String {
    value.map { decimal($0, 1, language) + " %" } ?? suppressed
  }

  static func cell(_ cell: Cell?, _ language: Language) -> String {
    guard let cell, let count = cell.count else { return suppressed }
    return "\(count) (" + percent(cell.percent, language) + ")"
  }

  static func points(_ value: Double?, _ language: Language) -> String {
    guard let value else { return suppressed }
    let text = decimal(value, 1, language)
    return (value > 0 && text.contains { $0 != "0" && $0 != "," && $0 != "." } ? "+" : "") + text + " pp"
  }

  /// A change with its sign ("+4,1", "-2,0", "0,0").
  static func signed(_ value: Double, _ decimals: Int, _ language: Language) -> String {
    let text = decimal(value, decimals, language)
    return value > 0 && text.contains { $0 != "0" && $0 != "," && $0 != "." } ? "+" + text : text
  }

  static func signed(_ value: Int?) -> String {
    guard let value else { return suppressed }
    return value > 0 ? "+\(value)" : "\(value)"
  }
}

extension Strings {
  var reportTitle: String { t("Rapport", "Report") }
  var compareTitle: String { t("Sammenligning", "Comparison") }
  var chooseRound: String { t("Velg runden du vil sammenligne med", "Choose the round to compare with") }
  var writeFile: String { t("Skriv til fil", "Write to file") }
  var exportQuestion: String { t("Skriv rapporten til en fil i mappen", "Write the report to a file in the folder") }
  var exportChoices: String {
    t("h = HTML, c = CSV, t = tekst, Esc = avbryt", "h = HTML, c = CSV, t = text, Esc = cancel")
  }
  func exported(_ path: String) -> String { t("Skrevet til \(path)", "Written to \(path)") }
  var noOtherRound: String {
    t("Det finnes ingen annen runde å sammenligne med.", "There is no other round to compare with.")
  }
}

/// The report and compare views: a document scrolled a page at a time.
enum DocumentView {
  static func bindings(_ state: AppState, compare: Bool) -> [Binding] {
    let s = state.strings
    var map = [bind([.character("q"), .escape], .back, s.back, bar: true, text: "q Esc")]
    if compare == false { map.append(bind([.character("c")], .compare, s.compare, bar: true)) }
    map.append(bind([.character("w")], .save, s.writeFile, bar: true))
    return map + Binding.listMoves(s)
  }

  static func perform(_ action: Action, _ state: inout AppState) -> [Effect]? {
    switch action {
    case .back: state.leaveScreen()
    case .compare: return state.startCompare()
    case .save: state.dialog = .export
    case _ where action.isMove: state.scrollDocument(action)
    default: break
    }
    return []
  }

  static func render(_ lines: [Line], _ state: AppState, into buffer: inout ScreenBuffer) {
    let page = state.documentPage
    let top = min(state.documentTop, max(0, lines.count - page))
    for (offset, line) in lines.dropFirst(top).prefix(page).enumerated() {
      buffer.draw(line, row: 1 + offset, column: 0, maxColumns: state.width)
    }
  }
}

extension AppState {
  /// Rows of the report and compare views.
  var documentPage: Int { max(1, height - 3) }

  var documentLines: [Line] {
    switch screen {
    case .report:
      report.map { DocumentLayout(self).lines(ReportDocument(report: $0, language: strings.language)) } ?? []
    case .compare:
      comparison.map { DocumentLayout(self).lines(ReportDocument(comparison: $0, language: strings.language)) } ?? []
    default: []
    }
  }

  mutating func scrollDocument(_ action: Action) {
    documentTop = action.moved(documentTop, last: max(0, documentLines.count - documentPage), page: documentPage)
  }

  /// A report or comparison is ready: it replaces any document already shown.
  mutating func showDocument(_ screen: Screen) {
    documentTop = 0
    stack.removeAll { $0 == .report || $0 == .compare || $0 == .comparePick }
    stack.append(screen)
  }
}

extension AppState {
  /// Writes the document on screen: the published figures in the report command's layout.
  mutating func export(_ format: ReportFormat) -> [Effect] {
    switch screen {
    case .report:
      guard let report else { return [] }
      return [.export(.report(report), format: format, name: "rapport-" + Self.fileName(report.title))]
    case .compare:
      guard let comparison else { return [] }
      let name = "sammenligning-" + Self.fileName(comparison.a.title) + "-" + Self.fileName(comparison.b.title)
      return [.export(.comparison(comparison), format: format, name: name)]
    default:
      return []
    }
  }

  /// "Fjordvik 2025" → "fjordvik-2025": a file name with letters, digits and hyphens only.
  static func fileName(_ title: String) -> String {
    let words = title.lowercased().split { !($0.isLetter || $0.isNumber) }
    return words.joined(separator: "-")
  }
}
