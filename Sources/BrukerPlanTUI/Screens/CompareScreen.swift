import BrukerPlanModel

/// The open round compared with another: changes, the forecast check and the panel.
enum CompareScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] { DocumentView.bindings(state, compare: true) }
  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    DocumentView.perform(action, &state)
  }
  static func crumb(_ state: AppState) -> String? { state.strings.compareTitle }
  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    DocumentView.render(state.documentLines, state, into: &buffer)
  }
}

/// The round to compare the open one with.
enum ComparePickScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] {
    let s = state.strings
    return [
      bind([.enter], .open, s.compare, bar: true),
      bind([.character("q"), .escape], .back, s.back, bar: true, text: "q Esc"),
    ] + Binding.listMoves(s)
  }

  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    switch action {
    case .open: return state.pickComparison()
    case .back: state.leaveScreen()
    case _ where action.isMove:
      state.compareList.move(action, count: state.compareChoices.count, page: state.compareRows)
    default: break
    }
    return []
  }

  static func crumb(_ state: AppState) -> String? { state.strings.compareTitle }

  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    let s = state.strings
    buffer.write(" " + s.chooseRound, row: 2, column: 0, role: .heading)
    let choices = state.compareChoices
    ScrollingList.draw(
      state.compareList, count: choices.count, page: state.compareRows, firstRow: 4, width: state.width,
      into: &buffer
    ) { index, selected in
      let summary = choices[index]
      let text =
        summary.round.map {
          "   \($0.municipality.name) (\($0.municipality.code)) \($0.year)   \(summary.complete) "
            + s.complete.lowercased()
        } ?? ""
      return Line([(text, selected ? .selected : .normal)])
    }
  }
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

extension AppState {
  /// Other readable rounds of the store, for comparing with the open one.
  var compareChoices: [RoundSummary] {
    rounds.filter { $0.round != nil && $0.folder != open?.folder }
  }

  /// Rows of the list of rounds to compare with (from row 4 to above the message line).
  var compareRows: Int { max(1, height - 6) }

  mutating func startCompare() -> [Effect] {
    guard !compareChoices.isEmpty else {
      say(strings.noOtherRound, error: true)
      return []
    }
    compareList = ListCursor()
    stack.append(.comparePick)
    return []
  }

  mutating func pickComparison() -> [Effect] {
    guard let open, compareChoices.indices.contains(compareList.cursor),
      let other = compareChoices[compareList.cursor].round
    else {
      return []
    }
    let otherFolder = compareChoices[compareList.cursor].folder
    // A is the earlier round.
    let openIsEarlier = (open.round.year, open.folder.name) < (other.year, otherFolder.name)
    return [
      .publishComparison(a: openIsEarlier ? open.folder : otherFolder, b: openIsEarlier ? otherFolder : open.folder)
    ]
  }
}
