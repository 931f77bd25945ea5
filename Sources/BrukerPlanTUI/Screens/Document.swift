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

  static func signed(_ value: Int?) -> String {
    guard let value else { return suppressed }
    return value > 0 ? "+\(value)" : "\(value)"
  }
}

extension Strings {
  var reportTitle: String { t("Rapport", "Report") }
  var compareTitle: String { t("Sammenligning", "Comparison") }
  var chooseRound: String { t("Velg runden du vil sammenligne med", "Choose the round to compare with") }
  var noOtherRound: String {
    t("Det finnes ingen annen runde å sammenligne med.", "There is no other round to compare with.")
  }
  var keyFigures: String { t("Nøkkeltall", "Key figures") }
  var persons: String { t("Personer kartlagt (N)", "Persons mapped (N)") }
  var draftsNotIncluded: String { t("Utkast (ikke med)", "Drafts (not included)") }
  var skipped: String { t("Ugyldige filer hoppet over", "Invalid files left out") }
  var per1000: String { t("Per 1000 innbyggere", "Per 1000 residents") }
  var per1000x16: String { t("Per 1000 innbyggere 16 år +", "Per 1000 residents 16+") }
  var meanAge: String { t("Gjennomsnittsalder", "Mean age") }
  var dimensionsTitle: String {
    t("Levekår per dimensjon (prosent av N)", "Living conditions per dimension (percent of N)")
  }
  var indexTitle: String { t("Levekårsindeks (bp-index/1)", "Overall index (bp-index/1)") }
  var servicesTitle: String { t("Tjenester: har nå og neste 12 måneder", "Services: now and next 12 months") }
  var growth: String { t("Vekst", "Growth") }
  var persons2: String { t("Pers.", "Pers.") }
  var plansTitle: String { t("Planer og ansvarsgruppe", "Plans and responsibility group") }
  var meanSubstances: String { t("Rusmidler per person (snitt)", "Substances per person (mean)") }
  var childrenTitle: String { t("Barn (prosent av N)", "Children (percent of N)") }
  var noPlan: String { t("Ingen plan eller ansvarsgruppe", "No plan or responsibility group") }
  var tinyReport: String {
    t(
      "Færre enn k personer er kartlagt: alle tall unntatt antallet er prikket (:).",
      "Fewer than k persons mapped: every figure but the count is suppressed (:).")
  }
  func disclosureNote(_ k: Int) -> String {
    t(
      "Tall fra 1 til \(k - 1) og tall som ville avslørt dem vises som «:». Samme tall som rapportkommandoen.",
      "Counts from 1 to \(k - 1), and counts that would reveal them, show as \":\". The same figures as the report command."
    )
  }
  var changeTitle: String { t("Endring", "Change") }
  var crossSectionNote: String {
    t(
      "Tverrsnitt: to ulike grupper personer, ikke de samme personene.",
      "Cross-sections: two different groups of persons, not the same persons.")
  }
  var forecastTitle: String {
    t(
      "Prognosekontroll: forventet (A neste 12 mnd) mot faktisk (B nå)",
      "Forecast check: expected (A next 12 months) against actual (B now)")
  }
  var expected: String { t("Forventet", "Expected") }
  var actual: String { t("Faktisk", "Actual") }
  var difference: String { t("Avvik", "Difference") }
  var panelTitle: String { t("Panel: personer i begge rundene", "Panel: persons in both rounds") }
  var redShare: String { t("Andel rød", "Share red") }
  var scrollHint: String { t("↑↓ PgUp PgDn blar", "↑↓ PgUp PgDn scroll") }
}

/// The report and compare views: a document scrolled a page at a time.
enum DocumentView {
  static func bindings(_ state: AppState, compare: Bool) -> [Binding] {
    let s = state.strings
    var map = [bind([.character("q"), .escape], .back, s.back, bar: true, text: "q Esc")]
    if compare == false { map.append(bind([.character("c")], .compare, s.compare, bar: true)) }
    return map + Binding.listMoves(s)
  }

  static func perform(_ action: Action, _ state: inout AppState) -> [Effect]? {
    switch action {
    case .back: state.leaveScreen()
    case .compare: return state.startCompare()
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
    case .report: report.map { reportLines($0, self) } ?? []
    case .compare: comparison.map { comparisonLines($0, self) } ?? []
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
