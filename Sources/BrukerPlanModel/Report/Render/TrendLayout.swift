/// The trend's sections: key figures per year, the planner's overview (persons followed between
/// the rounds, expectations against what came), then every share of the report over the years,
/// each group with its charts (HTML) beside its table.
extension ReportDocument {
  public init(trend: PublishedTrend, language: Language = .norwegian, made: String? = nil) {
    let layout = ReportLayout(language: language)
    let name = trend.municipality?.municipalityName ?? ""
    let years = trend.years.map(String.init)
    let span = "\(years.first ?? "")–\(years.last ?? "")"
    printTitle = "BrukerPlan \(name): \(span)"
    printDetails = (made.map { layout.t("Laget \($0) · ", "Made \($0) · ") } ?? "") + "k = \(trend.minCell)"
    textWidth = 80
    title = "BrukerPlan: \(name) \(span)"
    subtitle = layout.t(
      "Utvikling over \(years.count) runder. Hver runde er et eget tverrsnitt; de fulgte personene er de samme "
        + "personene i to runder etter hverandre.",
      "Change over \(years.count) rounds. Each round is a cross-section of its own; the persons followed are the "
        + "same persons in two rounds in a row.")
    blocks.append(.keyFigures(layout.trendKeyFigures(trend)))
    blocks.append(.heading(layout.t("Planleggerens oversikt", "The planner's overview")))
    blocks.append(.table(layout.followTable(trend)))
    blocks.append(.table(layout.expectationTable(trend)))
    blocks.append(layout.serviceCharts(trend))
    blocks.append(.heading(layout.t("Samlet indeks og levekår", "Overall index and living conditions")))
    blocks.append(layout.indexChart(trend))
    blocks.append(
      .table(
        layout.trendTable(
          trend, "index", layout.t("Samlet indeks (bp-index/1)", "Overall index (bp-index/1)"),
          tone: { IndexCategory(rawValue: $0.key).map(Tone.init) })))
    blocks.append(layout.dimensionCharts(trend))
    blocks.append(
      .table(
        layout.trendTable(
          trend, "dimensionScores", layout.t("Levekår per dimensjon", "Living conditions per dimension"),
          label: \.label,
          tone: { row in Score(rawValue: String(row.key.split(separator: ".").last ?? "")).map(Tone.init) }
        )))
    blocks.append(.heading(layout.t("Tjenester", "Services")))
    blocks.append(.table(layout.trendTable(trend, "services", layout.t("Tjenester nå", "Services now"))))
    blocks.append(
      .table(
        layout.trendTable(
          trend, "servicesNext12",
          layout.t("Tjenester neste 12 måneder (anslag)", "Services next 12 months (expected)"))))
    blocks.append(.heading(layout.t("Andre andeler", "Other shares")))
    let others: [(String, String, String)] = [
      ("plans", "Planer og ansvarsgruppe", "Plans and responsibility group"),
      ("lar", "Legemiddelassistert rehabilitering", "Opioid substitution treatment (LAR)"),
      ("substances", "Rusmidler", "Substances"), ("children", "Barn under 18 år", "Children under 18"),
      ("gender", "Kjønn", "Gender"), ("ageBands", "Alder", "Age"), ("problemGroup", "Problemgruppe", "Problem group"),
      ("activity", "Arbeid og aktivitet", "Work and activity"), ("violence", "Vold", "Violence"),
    ]
    for (section, norwegian, english) in others {
      blocks.append(.table(layout.trendTable(trend, section, layout.t(norwegian, english))))
    }
    notes = [
      layout.t(
        "Hver runde er et eget tverrsnitt: det er ikke de samme personene hvert år. Bare tabellen over fulgte "
          + "personer følger de samme personene.",
        "Each round is a cross-section of its own: not the same persons every year. Only the table of persons "
          + "followed follows the same persons."),
      layout.followNote, layout.indexRule, layout.disclosure(trend.minCell), layout.audit(trend.audit),
    ]
  }
}

extension ReportLayout {
  func yearColumns(_ trend: PublishedTrend) -> [TableColumn] {
    trend.years.map { TableColumn(key: String($0), label: String($0)) }
  }

  func trendKeyFigures(_ trend: PublishedTrend) -> ReportTable {
    func prevalence(_ value: KeyPath<Prevalence, Double?>, _ population: KeyPath<PopulationTotals, Int?>)
      -> [TableValue]
    {
      trend.reports.map { report in
        report.population[keyPath: population] == nil
          ? .text("–") : .number(report.prevalencePer1000[keyPath: value], decimals: 1, unit: "")
      }
    }
    return ReportTable(
      id: "summary", title: t("Nøkkeltall per år", "Key figures per year"), columns: yearColumns(trend),
      rows: [
        TableRow(
          key: "n", label: t("Personer kartlagt (N)", "Persons mapped (N)"),
          values: trend.reports.map { .integer($0.n) }),
        TableRow(
          key: "drafts", label: t("Utkast (ikke med)", "Drafts (not included)"),
          values: trend.reports.map { .integer($0.drafts) }),
        TableRow(
          key: "prevalenceTotal", label: t("Per 1000 innbyggere", "Per 1000 residents"),
          values: prevalence(\.total, \.total)),
        TableRow(
          key: "prevalence16", label: t("Per 1000 innbyggere 16 år +", "Per 1000 residents 16+"),
          values: prevalence(\.age16plus, \.age16plus)),
        TableRow(
          key: "prevalence18", label: t("Per 1000 innbyggere 18 år +", "Per 1000 residents 18+"),
          values: prevalence(\.age18plus, \.age18plus)),
        TableRow(
          key: "meanAge", label: t("Gjennomsnittsalder", "Mean age"),
          values: trend.reports.map { .number($0.meanAge, decimals: 1, unit: "") }),
        TableRow(
          key: "meanSubstancesPerPerson", label: t("Rusmidler per person", "Substances per person"),
          values: trend.reports.map { .number($0.meanSubstancesPerPerson, decimals: 2, unit: "") }),
      ])
  }

  /// One section's rows with a count and a percent per year; "–" where a year lacks the row.
  func trendTable(
    _ trend: PublishedTrend, _ section: String, _ title: String, label: KeyPath<TrendRow, String> = \.name,
    tone: (TrendRow) -> Tone? = { _ in nil }
  ) -> ReportTable {
    ReportTable(
      id: section, title: title, note: crossSection + " " + percentOfN, columns: yearColumns(trend),
      rows: trend.rows(section).map { row in
        TableRow(
          key: row.key, label: row[keyPath: label], tone: tone(row),
          values: row.values.map { $0.map(TableValue.cell) ?? .text("–") })
      })
  }

  /// The persons followed from each round to the next: the known numbers compare publishes.
  func followTable(_ trend: PublishedTrend) -> ReportTable {
    ReportTable(
      id: "follow", title: t("Fulgt fra runde til runde", "Followed from round to round"),
      note: t(
        "Fulgt = samme person (samme pseudonym) ferdig kartlagt i begge rundene; borte = kartlagt i den første, "
          + "ikke i den neste; nye = kartlagt i den neste, ikke i den første. Fulgt + borte = N i den første; "
          + "fulgt + nye = N i den neste. De samme tallene som compare viser for de to rundene.",
        "Followed = the same person (the same pseudonym) with a complete survey in both rounds; gone = mapped in "
          + "the first, not in the next; new = mapped in the next, not in the first. Followed + gone = N in the "
          + "first; followed + new = N in the next. The same figures compare shows for the two rounds."),
      rowHeader: t("Runder", "Rounds"),
      columns: [
        TableColumn(key: "nA", label: t("N første", "N first")),
        TableColumn(key: "followed", label: t("Fulgt", "Followed")),
        TableColumn(key: "followedPercent", label: t("Fulgt %", "Followed %")),
        TableColumn(key: "goneSinceA", label: t("Borte", "Gone")), TableColumn(key: "newInB", label: t("Nye", "New")),
        TableColumn(key: "nB", label: t("N neste", "N next")),
      ],
      rows: trend.steps.map { step in
        let first = step.followed + step.gone
        return TableRow(
          key: "\(step.from)-\(step.to)", label: "\(step.from) → \(step.to)",
          values: [
            .integer(first), .integer(step.followed),
            .number(first > 0 ? 100 * Double(step.followed) / Double(first) : nil, decimals: 1, unit: "%"),
            .integer(step.gone), .integer(step.new), .integer(step.followed + step.new),
          ])
      })
  }

  /// Per service: what each round expected for the next 12 months beside what the next round
  /// found, and what the last round expects.
  func expectationTable(_ trend: PublishedTrend) -> ReportTable {
    var columns: [TableColumn] = []
    for step in trend.steps {
      columns += [
        TableColumn(key: "\(step.from).next12", label: t("Ventet \(step.from)", "Expected \(step.from)")),
        TableColumn(key: "\(step.to).now", label: t("Har \(step.to)", "Has \(step.to)")),
        TableColumn(key: "\(step.from)-\(step.to).differencePersons", label: t("Avvik", "Diff.")),
      ]
    }
    let last = trend.years.last ?? 0
    columns.append(TableColumn(key: "\(last).next12", label: t("Ventet \(last)", "Expected \(last)")))
    let none = TableValue.text("–")
    return ReportTable(
      id: "expectations", title: t("Ventet og kom: tjenester", "Expected and came: services"),
      note: t(
        "Ventet ÅR = personer kartlagt det året som ventes å ha eller trenge tjenesten de neste 12 månedene; "
          + "har ÅR = personer som har tjenesten når de kartlegges året etter; avvik = har minus ventet, i "
          + "personer. Tverrsnitt: alle kartlagte hvert år, ikke de samme personene. Prosent av N det året. "
          + "\"–\" = tjenesten er ikke i det årets katalog.",
        "Expected YEAR = persons mapped that year who are expected to have or need the service in the next 12 "
          + "months; has YEAR = persons who have it when mapped the year after; diff. = has minus expected, in "
          + "persons. Cross-section: everyone mapped each year, not the same persons. Percent of that year's N. "
          + "\"–\" = the service is not in that year's catalogue."),
      rowHeader: t("Tjeneste", "Service"), columns: columns,
      rows: trend.services.map { service in
        var values: [TableValue] = []
        for step in trend.steps {
          if let check = step.forecast(service.id) {
            values += [.cell(check.expected), .cell(check.actual), .change(check.differencePersons)]
          } else {
            values += [none, none, none]
          }
        }
        values.append(trend.reports.last?.service(service.id).map { .cell($0.next12) } ?? none)
        return TableRow(key: service.id, label: service.label, values: values)
      })
  }
}
