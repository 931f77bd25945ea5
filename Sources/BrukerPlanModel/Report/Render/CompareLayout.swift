/// The comparison's sections: the planner's desk first (capacity next year, the forecast check on
/// the same persons beside the cross-section one, flows), then the shares of both rounds and the
/// panel. Columns are named by year; A and B remain only in the machine keys (CSV and JSON).
extension ReportDocument {
  public init(comparison: PublishedComparison, language: Language = .norwegian, made: String? = nil) {
    let names = SideNames(comparison)
    title = "BrukerPlan: \(comparison.a.title) mot \(comparison.b.title)"
    subtitle = "\(names.a) er den tidligere runden, \(names.b) den senere."
    printTitle = "BrukerPlan \(Self.municipalities(comparison.b)): \(names.a) mot \(names.b)"
    printDetails = (made.map { "Laget \($0) · " } ?? "") + "k = \(comparison.minCell)"
    textWidth = 80
    blocks.append(.keyFigures(Self.compareKeyFigures(comparison, names)))
    blocks.append(.heading("Planleggerens oversikt"))
    blocks += Self.capacityBlocks(comparison, names)
    blocks += Self.forecastBlocks(comparison, names)
    blocks += Self.flowBlocks(comparison, names)
    blocks.append(.heading("Tverrsnitt: alle kartlagte i hver runde"))
    blocks += Self.crossSectionTables(comparison, names).map(Block.table)
    let panel = comparison.panel
    blocks.append(.heading("Panel: de samme personene i begge rundene (n = \(panel.n))"))
    if panel.isTiny {
      blocks.append(.paragraph("Færre enn \(comparison.minCell) personer i panelet: alle panelets tall er prikket."))
    }
    blocks += Self.panelTables(comparison, names).map(Block.table)
    notes = [
      ReportTexts.crossSectionNote, ReportTexts.followNote, ReportTexts.indexRule,
      ReportTexts.disclosure(comparison.minCell), ReportTexts.layout.audit(comparison.audit),
    ]
  }

  static func municipalities(_ report: PublishedReport) -> String {
    report.rounds.map(\.municipalityName).joined(separator: ", ")
  }

  /// The column names of the two rounds: their years, or their titles when the years are the same.
  struct SideNames {
    var a: String
    var b: String

    init(_ comparison: PublishedComparison) {
      let years = (Self.years(comparison.a), Self.years(comparison.b))
      (a, b) = years.0 == years.1 ? (comparison.a.title, comparison.b.title) : years
    }

    static func years(_ report: PublishedReport) -> String {
      report.rounds.map { String($0.year) }.joined(separator: "+")
    }

    var columns: [TableColumn] {
      [
        TableColumn(key: "a", label: a), TableColumn(key: "b", label: b),
        TableColumn(key: "change", label: "Endring pp"),
      ]
    }
  }

  static func compareKeyFigures(_ comparison: PublishedComparison, _ names: SideNames) -> ReportTable {
    // `known` tells a missing population ("–") from a suppressed figure (":").
    func change(_ key: String, _ label: String, _ value: Change, decimals: Int, known: (Bool, Bool) = (true, true))
      -> TableRow
    {
      func side(_ number: Double?, _ known: Bool) -> TableValue {
        known ? .number(number, decimals: decimals, unit: "") : .text("–")
      }
      return TableRow(
        key: key, label: label,
        values: [
          side(value.a, known.0), side(value.b, known.1),
          known.0 && known.1 ? .number(value.change, decimals: decimals, unit: "") : .text("–"),
        ])
    }
    let populations = (comparison.a.population, comparison.b.population)
    let follow = comparison.follow
    return ReportTable(
      id: "summary", title: "Nøkkeltall", note: ReportTexts.crossSection,
      columns: [
        TableColumn(key: "a", label: names.a), TableColumn(key: "b", label: names.b),
        TableColumn(key: "change", label: "Endring"),
      ],
      rows: [
        TableRow(
          key: "n", label: "Personer kartlagt (N)",
          values: [.integer(comparison.a.n), .integer(comparison.b.n), .integer(comparison.b.n - comparison.a.n)]),
        TableRow(
          key: "followed", label: "Fulgt fra \(names.a) til \(names.b)",
          values: [.integer(follow.followed), .integer(follow.followed), .text("")]),
        TableRow(
          key: "goneSinceA", label: "Borte siden \(names.a)",
          values: [.integer(follow.goneSinceA), .text(""), .text("")]),
        TableRow(key: "newInB", label: "Nye i \(names.b)", values: [.text(""), .integer(follow.newInB), .text("")]),
        change(
          "prevalenceTotal", "Per 1000 innbyggere", comparison.prevalenceTotal, decimals: 2,
          known: (populations.0.total != nil, populations.1.total != nil)),
        change(
          "prevalence16", "Per 1000 innbyggere 16 år +", comparison.prevalence16, decimals: 2,
          known: (populations.0.age16plus != nil, populations.1.age16plus != nil)),
        change(
          "prevalence18", "Per 1000 innbyggere 18 år +", comparison.prevalence18, decimals: 2,
          known: (populations.0.age18plus != nil, populations.1.age18plus != nil)),
        change("meanAge", "Gjennomsnittsalder", comparison.meanAge, decimals: 1),
        change("meanSubstancesPerPerson", "Rusmidler per person", comparison.meanSubstancesPerPerson, decimals: 2),
      ])
  }

  // MARK: Capacity next year

  static func capacityBlocks(_ comparison: PublishedComparison, _ names: SideNames) -> [Block] {
    let rows = comparison.capacity
    let method =
      "Kalibrert = anslaget for neste 12 måneder i \(names.b) × faktor. Faktoren er hvor mange av personene som ble "
      + "fulgt fra \(names.a) til \(names.b), som har tjenesten i \(names.b), delt på hvor mange av dem \(names.a) "
      + "ventet skulle ha den (1,00 = anslaget slo til i antall; under 1 = det ble færre enn ventet). Faktoren "
      + "gjelder de fulgte personene og brukes på alle i \(names.b). \":\" = prikket; \"–\" = ingen å kalibrere mot."
    let table = ReportTable(
      id: "capacity", title: "Kapasitet neste år: endring i personer per tjeneste (størst økning først)",
      note: method, rowHeader: "Tjeneste",
      columns: [
        TableColumn(key: "now", label: "Nå \(names.b)"), TableColumn(key: "next12", label: "Anslag"),
        TableColumn(key: "expectedChange", label: "Endr."), TableColumn(key: "factor", label: "Faktor"),
        TableColumn(key: "calibratedNext12", label: "Kalibr."),
        TableColumn(key: "calibratedChange", label: "Kal. endr."),
      ],
      rows: rows.map { row in
        TableRow(
          key: row.id, label: row.label,
          values: [
            .integer(row.now.count), .integer(row.next12.count), signed(row.expectedChange),
            row.factor.map { .number($0, decimals: 2, unit: "") } ?? dash(row.followedExpected),
            row.calibratedNext12.map { .integer($0) } ?? dash(row.followedExpected),
            row.calibratedNext12 == nil ? dash(row.followedExpected) : signed(row.calibratedChange),
          ])
      })
    let top = Array(rows.filter { ($0.expectedChange ?? 0) > 0 }.prefix(3))
    var blocks: [Block] = [.table(table)]
    blocks += (top.isEmpty ? Array(rows.prefix(1)) : top).map { .paragraph(sentence($0, names)) }
    let charted = Array(rows.filter { $0.now.count != nil && $0.next12.count != nil }.prefix(8))
    blocks.append(
      .barChart(
        BarChart(
          title: "Personer nå, anslått og kalibrert neste år (de \(charted.count) største endringene)",
          unit: "personer",
          rows: charted.map { row in
            BarChartRow(
              label: row.label,
              bars: [
                [BarSegment(tone: .now, percent: row.now.count.map(Double.init))],
                [BarSegment(tone: .next, percent: row.next12.count.map(Double.init))],
                [BarSegment(tone: .calibrated, percent: row.calibratedNext12.map(Double.init))],
              ])
          },
          legend: [(.now, "Nå \(names.b)"), (.next, "Anslag neste 12 mnd"), (.calibrated, "Kalibrert anslag")])))
    return blocks
  }

  /// "–" where there was nothing to calibrate against; ":" where the basis is suppressed.
  static func dash(_ basis: Int?) -> TableValue { basis == nil ? .integer(nil) : .text("–") }

  static func signed(_ value: Int?) -> TableValue {
    guard let value else { return .integer(nil) }
    return .text(value > 0 ? "+\(value)" : "\(value)")
  }

  static func signedText(_ value: Int) -> String { value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "0" }

  /// One plain sentence for a coordinator's budget document.
  static func sentence(_ row: CapacityRow, _ names: SideNames) -> String {
    guard let now = row.now.count, let next = row.next12.count, let change = row.expectedChange else {
      return "\(row.label): tallene er prikket (for få personer til å vises)."
    }
    var text =
      "\(row.label): \(now) personer har tjenesten i \(names.b), og personalet venter at \(next) vil ha eller "
      + "trenge den de neste 12 månedene (\(signedText(change)))."
    if let factor = row.factor, let expected = row.followedExpected, let got = row.followedGot,
      let calibrated = row.calibratedNext12, let calibratedChange = row.calibratedChange
    {
      text +=
        " Av personene som ble fulgt fra \(names.a), var \(expected) ventet å bruke den, og \(got) hadde den i "
        + "\(names.b) (faktor \(Numbers.decimal(factor, 2))). Kalibrert anslag: \(calibrated) personer "
        + "(\(signedText(calibratedChange)))."
    } else if row.followedExpected == 0 {
      text += " Ingen av de fulgte personene var ventet å trenge den, så anslaget kan ikke kalibreres."
    } else {
      text += " Anslaget kan ikke kalibreres (tjenesten er ny, eller grunnlaget er prikket)."
    }
    return text
  }

  // MARK: Forecast check

  static func forecastBlocks(_ comparison: PublishedComparison, _ names: SideNames) -> [Block] {
    let follow = comparison.follow
    let panelNote =
      "Panel: de \(follow.followed) personene som er fulgt fra \(names.a) til \(names.b). Slo til = ventet i "
      + "\(names.a) og har tjenesten i \(names.b); uteble = ventet, men har den ikke; uventet = ikke ventet, men "
      + "har den; ingen = verken ventet eller har. Traff % = slo til av alle ventet; forutsett % = slo til av "
      + "alle som har tjenesten i \(names.b). Tall i personer."
    let panelTable = ReportTable(
      id: "forecast.panel", title: "Slo anslaget til? De samme personene i \(names.a) og \(names.b)",
      note: panelNote, rowHeader: "Tjeneste",
      columns: ForecastOutcome.allCases.map { TableColumn(key: $0.rawValue, label: outcomeLabel($0)) } + [
        TableColumn(key: "cameTruePercent", label: "Traff %"),
        TableColumn(key: "foreseenPercent", label: "Forutsett %"),
      ],
      rows: follow.forecast.map { check in
        TableRow(
          key: check.id, label: check.label,
          values: ForecastOutcome.allCases.map { .integer(check.outcomes[$0]!.count) } + [
            percentOrDash(check.cameTruePercent, check.expected),
            percentOrDash(check.foreseenPercent, check.got),
          ])
      })
    let crossTable = ReportTable(
      id: "forecast", title: "Slo anslaget til? Tverrsnitt: alle kartlagte i \(names.a) mot alle i \(names.b)",
      note: ReportTexts.crossSection + " Ventet = personer i \(names.a) med behov neste 12 måneder; har = "
        + "personer i \(names.b) som har tjenesten nå; avvik = har minus ventet, i personer og prosentpoeng.",
      rowHeader: "Tjeneste",
      columns: [
        TableColumn(key: "expected", label: "Ventet \(names.a)"), TableColumn(key: "actual", label: "Har \(names.b)"),
        TableColumn(key: "differencePersons", label: "Pers."), TableColumn(key: "differencePp", label: "pp"),
      ],
      rows: comparison.forecast.map { check in
        TableRow(
          key: check.id, label: check.label,
          values: [
            .cell(check.expected), .cell(check.actual), signed(check.differencePersons),
            .number(check.differencePp, decimals: 1, unit: "pp"),
          ])
      })
    let chart = BarChart(
      title: "Anslagene fra \(names.a) for de fulgte personene: slo til, uteble og uventet",
      note: "Personer. Hver stolpe er de fulgte som var ventet eller fikk tjenesten.", unit: "personer",
      rows: follow.forecast.filter { ($0.expected ?? 0) + ($0.got ?? 0) > 0 }.map { check in
        BarChartRow(
          label: check.label,
          bars: [
            [
              BarSegment(tone: .hit, percent: check.outcomes[.expectedGot]!.count.map(Double.init)),
              BarSegment(tone: .miss, percent: check.outcomes[.expectedNotGot]!.count.map(Double.init)),
              BarSegment(tone: .surprise, percent: check.outcomes[.notExpectedGot]!.count.map(Double.init)),
            ]
          ],
          note: check.cameTruePercent.map { "traff " + Numbers.decimal($0, 0) + " %" } ?? "")
      },
      legend: [(.hit, "Slo til"), (.miss, "Uteble"), (.surprise, "Uventet")])
    var blocks: [Block] = [.table(panelTable), .barChart(chart), .table(crossTable)]
    if !comparison.onlyInA.isEmpty || !comparison.onlyInB.isEmpty {
      blocks.append(
        .paragraph(
          "Tjenester bare i \(names.a): \(list(comparison.onlyInA)). Bare i \(names.b): \(list(comparison.onlyInB))."))
    }
    return blocks
  }

  static func list(_ ids: [String]) -> String { ids.isEmpty ? "ingen" : ids.joined(separator: ", ") }

  static func outcomeLabel(_ outcome: ForecastOutcome) -> String {
    switch outcome {
    case .expectedGot: "Slo til"
    case .expectedNotGot: "Uteble"
    case .notExpectedGot: "Uventet"
    case .neither: "Ingen"
    }
  }

  /// A share; "–" when its base is zero (nothing to judge), ":" when suppressed.
  static func percentOrDash(_ value: Double?, _ base: Int?) -> TableValue {
    value == nil && base == 0 ? .text("–") : .number(value, decimals: 1, unit: "%")
  }

  // MARK: Flows

  static func flowBlocks(_ comparison: PublishedComparison, _ names: SideNames) -> [Block] {
    let follow = comparison.follow
    func label(_ group: FlowGroup) -> String {
      switch group {
      case .goneSinceA: "Borte siden \(names.a)"
      case .followedInA: "Fulgt, i \(names.a)"
      case .followedInB: "Fulgt, i \(names.b)"
      case .newInB: "Nye i \(names.b)"
      }
    }
    let groups = ReportTable(
      id: "flows", title: "Hvem ble fulgt, hvem kom til og hvem er borte: samlet indeks per gruppe",
      note: "Borte = kartlagt i \(names.a), ikke i \(names.b); nye = kartlagt i \(names.b), ikke i \(names.a); "
        + "fulgt = kartlagt i begge (indeksen i hver runde). Prosent av gruppens antall. En gruppe med færre "
        + "enn \(comparison.minCell) personer prikkes helt.",
      rowHeader: "Gruppe",
      columns: [TableColumn(key: "n", label: "Antall")]
        + IndexCategory.allCases.map { TableColumn(key: $0.rawValue, label: $0.label) },
      rows: follow.groups.map { group in
        TableRow(
          key: group.group.rawValue, label: label(group.group),
          values: [.integer(group.n)] + IndexCategory.allCases.map { .cell(group.index[$0]!) })
      })
    let chart = BarChart(
      title: "Samlet indeks per gruppe (prosent av gruppen)", unit: "%",
      rows: follow.groups.map { group in
        BarChartRow(
          label: "\(label(group.group)) (n = \(group.n))",
          bars: [IndexCategory.allCases.map { BarSegment(tone: Tone($0), percent: group.index[$0]!.percent) }])
      },
      legend: IndexCategory.allCases.map { (Tone($0), $0.label) })
    let transitions = ReportTable(
      id: "transitions", title: "Tjenester blant de fulgte: fortsatt, startet, avsluttet",
      note: "Panel: de \(follow.followed) personene som er fulgt. Fortsatt = har tjenesten i både \(names.a) og "
        + "\(names.b); startet = bare i \(names.b); avsluttet = bare i \(names.a). Tall i personer.",
      rowHeader: "Tjeneste",
      columns: ServiceTransition.allCases.map { TableColumn(key: $0.rawValue, label: transitionLabel($0)) },
      rows: follow.transitions.map { service in
        TableRow(
          key: service.id, label: service.label,
          values: ServiceTransition.allCases.map { .integer(service.cells[$0]!.count) })
      })
    return [.table(groups), .barChart(chart), .table(transitions)]
  }

  static func transitionLabel(_ transition: ServiceTransition) -> String {
    switch transition {
    case .continued: "Fortsatt"
    case .started: "Startet"
    case .ended: "Avsluttet"
    case .neither: "Ingen"
    }
  }
}
