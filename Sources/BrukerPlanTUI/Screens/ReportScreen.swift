import BrukerPlanModel

/// The open round's report, the same published figures as the report command.
enum ReportScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] { DocumentView.bindings(state, compare: false) }
  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    DocumentView.perform(action, &state)
  }
  static func crumb(_ state: AppState) -> String? { state.strings.reportTitle }
  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    DocumentView.render(state.documentLines, state, into: &buffer)
  }
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
