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

/// The report view's lines: key figures, the eight dimensions as stacked bars with numbers,
/// the index, services now against the next 12 months, plans, substances and LAR, and children.
func reportLines(_ report: PublishedReport, _ state: AppState) -> [Line] {
  let s = state.strings
  let lang = s.language
  let width = state.width
  var lines: [Line] = []
  func heading(_ text: String) {
    lines.append(Line())
    lines.append(Line([(" " + text, .heading)]))
  }
  func row(_ label: String, _ value: String, labelWidth: Int = 34) {
    lines.append(Line([("   " + DisplayWidth.pad(label, to: labelWidth), .normal), (value, .normal)]))
  }
  lines.append(Line([(" " + report.title, .heading)]))
  heading(s.keyFigures)
  row(s.persons, "\(report.n)")
  row(s.draftsNotIncluded, "\(report.drafts)")
  if report.skippedInvalid > 0 { row(s.skipped, "\(report.skippedInvalid)") }
  if report.population.total != nil {
    row(s.per1000, report.prevalencePer1000.total.map { Figures.decimal($0, 1, lang) } ?? Figures.suppressed)
  }
  if report.population.age16plus != nil {
    row(s.per1000x16, report.prevalencePer1000.age16plus.map { Figures.decimal($0, 1, lang) } ?? Figures.suppressed)
  }
  row(s.meanAge, report.meanAge.map { Figures.decimal($0, 1, lang) } ?? Figures.suppressed)
  if report.isTiny {
    lines.append(Line([("   " + s.tinyReport.replacingOccurrences(of: " k ", with: " \(report.minCell) "), .error)]))
  }

  heading(s.dimensionsTitle)
  // Room for the longest dimension name ("Work and meaningful activity"); the bars take the rest.
  let labelWidth = width >= 110 ? 32 : min(32, Dimension.allCases.map { DisplayWidth.of($0.label(lang)) }.max()!)
  let numbersWidth = 30
  let barWidth = max(10, width - labelWidth - numbersWidth - 6)
  let glyphs: [Score: String] =
    state.asciiOnly ? [.green: "#", .yellow: "=", .red: "."] : [.green: "█", .yellow: "▓", .red: "░"]
  let roles: [Score: Role] = [.green: .scoreGreen, .yellow: .scoreYellow, .red: .scoreRed]
  for dimension in Dimension.allCases {
    let cells = report.dimensions[dimension] ?? [:]
    var line = Line([("   " + DisplayWidth.pad(dimension.label(lang), to: labelWidth) + " ", .normal)])
    var used = 0
    for score in Score.allCases {
      guard let percent = cells[score]?.percent else { continue }
      let columns = min(barWidth - used, Int((percent / 100 * Double(barWidth)).rounded()))
      if columns > 0 { line.add(String(repeating: glyphs[score]!, count: columns), roles[score]!) }
      used += max(0, columns)
    }
    line.add(String(repeating: " ", count: max(0, barWidth - used)) + " ")
    for score in Score.allCases {
      line.add(score.letter(lang), roles[score]!)
      line.add(" " + DisplayWidth.pad(Figures.percent(cells[score]?.percent, lang), to: 8))
    }
    lines.append(line)
  }

  heading(s.indexTitle)
  for category in IndexCategory.allCases {
    var line = Line([("   ", .normal)])
    for piece in indexChip(category, s) { line.add(piece.0, piece.1) }
    line.add(" " + String(repeating: " ", count: max(0, 12 - DisplayWidth.of(category.label(lang)))))
    line.add(Figures.cell(report.index[category], lang))
    lines.append(line)
  }

  heading(s.servicesTitle)
  let serviceLabel = width >= 110 ? 32 : 24
  lines.append(
    Line([
      (
        "   " + DisplayWidth.pad("", to: serviceLabel) + DisplayWidth.pad(s.hasNow, to: 15)
          + DisplayWidth.pad(s.next12, to: 15)
          + DisplayWidth.pad(s.growth, to: 10) + s.persons2, .heading
      )
    ]))
  for level in ServiceLevel.allCases {
    let services = report.services.filter { $0.level == level }
    guard !services.isEmpty else { continue }
    lines.append(Line([("   " + level.label(lang), .heading)]))
    for service in services {
      row(
        service.label,
        DisplayWidth.pad(Figures.cell(service.now, lang), to: 15)
          + DisplayWidth.pad(Figures.cell(service.next12, lang), to: 15)
          + DisplayWidth.pad(Figures.points(service.growthPp, lang), to: 10) + Figures.signed(service.growthPersons),
        labelWidth: serviceLabel)
    }
  }

  heading(s.plansTitle)
  for plan in Plan.allCases { row(plan.label(lang), Figures.cell(report.plans[plan], lang)) }
  row(s.noPlan, Figures.cell(report.noPlanOrGroup, lang))

  // Published as they are: the engine has already suppressed what must not be shown.
  heading(s.substances + s.t(" (prosent av N)", " (percent of N)"))
  for substance in Substance.allCases { row(substance.label(lang), Figures.cell(report.substances[substance], lang)) }
  row(s.meanSubstances, report.meanSubstancesPerPerson.map { Figures.decimal($0, 2, lang) } ?? ":")
  row(s.lar, Figures.cell(report.lar, lang))

  heading(s.childrenTitle)
  for key in ChildrenKey.allCases { row(key.label(lang), Figures.cell(report.children[key], lang)) }
  lines.append(Line())
  lines += wrapped(s.disclosureNote(report.minCell), width: state.width - 4)
  return lines
}

/// The compare view's lines: changes in percentage points, and the forecast check.
func comparisonLines(_ comparison: PublishedComparison, _ state: AppState) -> [Line] {
  let s = state.strings
  let lang = s.language
  let wide = state.width >= 110
  let labelWidth = wide ? 34 : max(26, min(34, Dimension.allCases.map { DisplayWidth.of($0.label(lang)) }.max()! + 1))
  var lines: [Line] = []
  func heading(_ text: String) {
    lines.append(Line())
    lines.append(Line([(" " + text, .heading)]))
  }
  func columns(_ a: String, _ b: String, _ change: String) -> String {
    DisplayWidth.pad(a, to: 15) + DisplayWidth.pad(b, to: 15) + change
  }
  func row(_ label: String, _ a: String, _ b: String, _ change: String, role: Role = .normal) {
    lines.append(
      Line([("   " + DisplayWidth.pad(label, to: labelWidth - 1) + " ", .normal), (columns(a, b, change), role)]))
  }
  func share(_ label: String, _ share: Share) {
    row(label, Figures.cell(share.a, lang), Figures.cell(share.b, lang), Figures.points(share.changePp, lang))
  }
  let a = comparison.a.title
  let b = comparison.b.title
  lines.append(Line([(" A: \(a)   B: \(b)", .heading)]))
  lines.append(Line([("   " + DisplayWidth.pad("", to: labelWidth) + columns("A", "B", s.changeTitle), .heading)]))
  row(s.persons, "\(comparison.n.a)", "\(comparison.n.b)", Figures.signed(comparison.n.change))
  let prevalence = comparison.prevalenceTotal
  if comparison.a.population.total != nil || comparison.b.population.total != nil {
    row(
      s.per1000, prevalence.a.map { Figures.decimal($0, 1, lang) } ?? Figures.suppressed,
      prevalence.b.map { Figures.decimal($0, 1, lang) } ?? Figures.suppressed,
      prevalence.change.map { ($0 > 0 ? "+" : "") + Figures.decimal($0, 1, lang) } ?? Figures.suppressed)
  }
  lines.append(Line([("   " + s.crossSectionNote, .disabled)]))

  heading(s.indexTitle)
  for (category, value) in comparison.shares(\.index) { share(category.label(lang), value) }

  heading(s.dimensionsTitle + " – " + s.redShare.lowercased())
  for dimension in Dimension.allCases {
    if let red = comparison.dimension(dimension).first(where: { $0.0 == .red })?.1 { share(dimension.label(lang), red) }
  }

  heading(s.servicesTitle + " – " + s.hasNow.lowercased())
  for service in comparison.services { share(service.label, service.now) }

  heading(s.forecastTitle)
  lines.append(
    Line([("   " + DisplayWidth.pad("", to: labelWidth) + columns(s.expected, s.actual, s.difference), .heading)]))
  for check in comparison.forecast {
    row(
      check.label, Figures.cell(check.expected, lang), Figures.cell(check.actual, lang),
      Figures.points(check.differencePp, lang))
  }

  heading(s.panelTitle + " (n = \(comparison.panel.n))")
  lines.append(
    Line([
      (
        "   " + DisplayWidth.pad("", to: labelWidth)
          + columns(PanelChange.better.label(lang), PanelChange.same.label(lang), PanelChange.worse.label(lang)),
        .heading
      )
    ]))
  for dimension in Dimension.allCases {
    let cells = comparison.panel.dimensions[dimension] ?? [:]
    row(
      dimension.label(lang), Figures.cell(cells[.better], lang), Figures.cell(cells[.same], lang),
      Figures.cell(cells[.worse], lang))
  }
  lines.append(Line())
  lines += wrapped(s.disclosureNote(comparison.minCell), width: state.width - 4)
  return lines
}

/// A note broken into lines at spaces.
func wrapped(_ text: String, width: Int, role: Role = .disabled) -> [Line] {
  var lines: [Line] = []
  var current = ""
  for word in text.split(separator: " ") {
    if !current.isEmpty, DisplayWidth.of(current) + 1 + DisplayWidth.of(String(word)) > width {
      lines.append(Line([("   " + current, role)]))
      current = ""
    }
    current += (current.isEmpty ? "" : " ") + word
  }
  if !current.isEmpty { lines.append(Line([("   " + current, role)])) }
  return lines
}

func renderDocument(_ lines: [Line], _ state: AppState, into buffer: inout ScreenBuffer) {
  let page = state.documentPage
  let top = min(state.documentTop, max(0, lines.count - page))
  for (offset, line) in lines.dropFirst(top).prefix(page).enumerated() {
    buffer.draw(line, row: 1 + offset, column: 0, maxColumns: state.width)
  }
}

func renderComparePick(_ state: AppState, into buffer: inout ScreenBuffer) {
  let s = state.strings
  buffer.write(" " + s.chooseRound, row: 2, column: 0, role: .heading)
  for (offset, summary) in state.compareChoices.enumerated() {
    let row = 4 + offset
    guard row < state.height - 2, let round = summary.round else { continue }
    let selected = offset == state.compareCursor
    if selected { buffer.fill(row: row, column: 0, columns: state.width, role: .selected) }
    buffer.write(
      "   \(round.municipality.name) (\(round.municipality.code)) \(round.year)   \(summary.complete) "
        + s.complete.lowercased(),
      row: row, column: 0, role: selected ? .selected : .normal)
  }
}

extension AppState {
  /// Rows of the report and compare views.
  var documentPage: Int { max(1, height - 3) }

  /// Other readable rounds of the store, for comparing with the open one.
  var compareChoices: [RoundSummary] {
    rounds.filter { $0.round != nil && $0.folder != open?.folder }
  }

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

  mutating func startCompare() -> [Effect] {
    guard !compareChoices.isEmpty else {
      say(strings.noOtherRound, error: true)
      return []
    }
    compareCursor = 0
    stack.append(.comparePick)
    return []
  }

  mutating func pickComparison() -> [Effect] {
    guard let open, compareChoices.indices.contains(compareCursor), let other = compareChoices[compareCursor].round
    else {
      return []
    }
    let otherFolder = compareChoices[compareCursor].folder
    // A is the earlier round.
    let openIsEarlier = (open.round.year, open.folder.name) < (other.year, otherFolder.name)
    return [
      .publishComparison(a: openIsEarlier ? open.folder : otherFolder, b: openIsEarlier ? otherFolder : open.folder)
    ]
  }
}
