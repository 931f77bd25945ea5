/// The sections of a report, a comparison and a trend, built from the published types only.
extension ReportDocument {
  public init(report: PublishedReport, language: Language = .norwegian) {
    let layout = ReportLayout(language: language)
    title = "BrukerPlan: \(report.title)"
    subtitle = layout.t(
      "Kartlegging av personer med rusproblemer og/eller psykiske problemer, 16 år og eldre.",
      "Mapping of persons with substance and/or mental-health problems, aged 16 and over.")
    blocks.append(.keyFigures(layout.keyFigures(report)))
    if report.isTiny {
      blocks.append(
        .paragraph(
          layout.t(
            "Færre enn \(report.minCell) personer er kartlagt: alle tall unntatt antallet er prikket.",
            "Fewer than \(report.minCell) persons mapped: every figure but the count is suppressed.")))
    }
    blocks.append(.table(layout.dimensionTable(report)))
    blocks.append(.table(layout.indexTable(report)))
    blocks.append(.table(layout.servicesTable(report, level: .municipal)))
    blocks.append(.table(layout.servicesTable(report, level: .specialist)))
    blocks.append(
      .table(
        layout.cellTable(
          "plans", layout.t("Planer og ansvarsgruppe", "Plans and responsibility group"), layout.planRows(report),
          report)))
    blocks.append(.table(layout.substanceTable(report)))
    blocks.append(
      .table(
        layout.cellTable(
          "lar", layout.t("Legemiddelassistert rehabilitering", "Opioid substitution treatment (LAR)"),
          [TableRow(key: "lar", label: layout.t("I LAR", "In LAR"), values: [.cell(report.lar)])], report)))
    blocks.append(
      .table(
        layout.cellTable(
          "children", layout.t("Barn under 18 år", "Children under 18"), layout.rows(report.children), report)))
    blocks.append(.table(layout.cellTable("gender", layout.t("Kjønn", "Gender"), layout.rows(report.gender), report)))
    blocks.append(.table(layout.cellTable("ageBands", layout.t("Alder", "Age"), layout.rows(report.ageBands), report)))
    blocks.append(
      .table(
        layout.cellTable(
          "problemGroup", layout.t("Problemgruppe", "Problem group"), layout.rows(report.problemGroup), report)))
    blocks.append(
      .table(
        layout.cellTable(
          "activity", layout.t("Arbeid og aktivitet", "Work and activity"), layout.rows(report.activity), report)))
    blocks.append(
      .table(layout.cellTable("violence", layout.t("Vold", "Violence"), layout.rows(report.violence), report)))
    if let breakdown = report.breakdown {
      blocks.append(contentsOf: layout.breakdownTables(breakdown).map(Block.table))
    }
    if !report.municipalities.isEmpty {
      blocks.append(.table(layout.municipalityTable(report)))
    }
    notes = [
      layout.percentOfN, layout.indexRule, layout.disclosure(report.minCell), layout.audit(report.audit),
    ]
  }
}

extension ReportLayout {
  // MARK: Report sections

  func keyFigures(_ report: PublishedReport) -> ReportTable {
    func prevalence(_ value: Double?, _ population: Int?) -> TableValue {
      population == nil ? .text("–") : .number(value, decimals: 1, unit: "")
    }
    var rows = [
      TableRow(key: "n", label: t("Personer kartlagt (N)", "Persons mapped (N)"), values: [.integer(report.n)]),
      TableRow(
        key: "drafts", label: t("Utkast (ikke med)", "Drafts (not included)"), values: [.integer(report.drafts)]),
    ]
    if report.skippedInvalid > 0 {
      rows.append(
        TableRow(
          key: "skippedInvalid", label: t("Ugyldige filer hoppet over", "Invalid files left out"),
          values: [.integer(report.skippedInvalid)]))
    }
    rows += [
      TableRow(
        key: "prevalenceTotal", label: t("Per 1000 innbyggere", "Per 1000 residents"),
        values: [prevalence(report.prevalencePer1000.total, report.population.total)]),
      TableRow(
        key: "prevalence16", label: t("Per 1000 innbyggere 16 år +", "Per 1000 residents 16+"),
        values: [prevalence(report.prevalencePer1000.age16plus, report.population.age16plus)]),
      TableRow(
        key: "prevalence18", label: t("Per 1000 innbyggere 18 år +", "Per 1000 residents 18+"),
        values: [prevalence(report.prevalencePer1000.age18plus, report.population.age18plus)]),
      TableRow(
        key: "meanAge", label: t("Gjennomsnittsalder", "Mean age"),
        values: [.number(report.meanAge, decimals: 1, unit: "")]),
    ]
    return ReportTable(
      id: "summary", title: t("Nøkkeltall", "Key figures"),
      columns: [TableColumn(key: "value", label: t("Verdi", "Value"))], rows: rows)
  }

  /// Prevalence per 1000 residents; "–" when no population is given (":" is for suppression).
  func prevalenceTotal(_ report: PublishedReport) -> TableValue {
    report.population.total == nil ? .text("–") : .number(report.prevalencePer1000.total, decimals: 1, unit: "")
  }

  func dimensionTable(_ report: PublishedReport) -> ReportTable {
    ReportTable(
      id: "dimensions", title: t("Levekår per dimensjon", "Living conditions per dimension"), note: percentOfN,
      rowHeader: t("Dimensjon", "Dimension"),
      columns: Score.allCases.map { TableColumn(key: $0.rawValue, label: $0.label(language), tone: Tone($0)) }
        + [TableColumn(key: "bar", label: t("Fordeling", "Distribution"))],
      rows: Dimension.allCases.map { dimension in
        let cells = report.dimensions[dimension]!
        return TableRow(
          key: dimension.rawValue, label: dimension.label(language),
          values: Score.allCases.map { .cell(cells[$0]!) }
            + [.stackedBar(Score.allCases.map { BarSegment(tone: Tone($0), percent: cells[$0]!.percent) })])
      })
  }

  func indexTable(_ report: PublishedReport) -> ReportTable {
    ReportTable(
      id: "index", title: t("Samlet indeks (bp-index/1)", "Overall index (bp-index/1)"), note: indexRule,
      rowHeader: t("Kategori", "Category"),
      columns: [TableColumn(key: "persons", label: t("Personer", "Persons")), TableColumn(key: "bar", label: "")],
      rows: IndexCategory.allCases.map { category in
        let cell = report.index[category]!
        return TableRow(
          key: category.rawValue, label: category.label(language), tone: Tone(category),
          values: [.cell(cell), .stackedBar([BarSegment(tone: Tone(category), percent: cell.percent)])])
      })
  }

  func rows<V: Vocabulary>(_ cells: [V: Cell]) -> [TableRow] {
    V.allCases.map { TableRow(key: $0.rawValue, label: $0.label(language), values: [.cell(cells[$0]!)]) }
  }

  func planRows(_ report: PublishedReport) -> [TableRow] {
    rows(report.plans)
      + [
        TableRow(
          key: "noPlanOrGroup", label: t("Ingen plan eller ansvarsgruppe", "No plan or responsibility group"),
          values: [.cell(report.noPlanOrGroup)])
      ]
  }

  /// A one-column table of person counts with a bar beside each.
  func cellTable(_ id: String, _ title: String, _ rows: [TableRow], _ report: PublishedReport) -> ReportTable {
    ReportTable(
      id: id, title: title,
      columns: [TableColumn(key: "persons", label: t("Personer", "Persons")), TableColumn(key: "bar", label: "")],
      rows: rows.map { row in
        var row = row
        if case .cell(let cell) = row.values.first {
          row.values.append(.stackedBar([BarSegment(tone: .neutral, percent: cell.percent)]))
        } else {
          row.values.append(.text(""))
        }
        return row
      })
  }

  func substanceTable(_ report: PublishedReport) -> ReportTable {
    var table = cellTable("substances", t("Rusmidler", "Substances"), rows(report.substances), report)
    table.rows.append(
      TableRow(
        key: "meanPerPerson", label: t("Rusmidler per person (snitt)", "Substances per person (mean)"),
        values: [.number(report.meanSubstancesPerPerson, decimals: 2, unit: ""), .text("")]))
    return table
  }

  func servicesTable(_ report: PublishedReport, level: ServiceLevel) -> ReportTable {
    ReportTable(
      id: "services",
      title: level == .municipal
        ? t("Kommunale tjenester: nå og neste 12 måneder", "Municipal services: now and next 12 months")
        : t("Spesialisthelsetjenester: nå og neste 12 måneder", "Specialist services: now and next 12 months"),
      note: t(
        "Nå = har tjenesten nå; 12 mnd = vil ha eller trenge den de neste 12 månedene (anslag). ",
        "Now = has the service now; 12 mo. = will have or need it in the next 12 months (estimate). ")
        + t(
          "Vekst = 12 mnd minus nå. Nye = trenger den uten å ha den nå; avslutter = har den nå, men ikke om 12 mnd.",
          "Growth = 12 mo. minus now. New = needs it without having it now; ending = has it now but not in 12 mo."),
      rowHeader: t("Tjeneste", "Service"),
      columns: [
        TableColumn(key: "now", label: t("Nå", "Now"), tone: .now),
        TableColumn(key: "next12", label: t("12 mnd", "12 mo."), tone: .next),
        TableColumn(key: "growthPp", label: t("Vekst pp", "Growth pp")),
        TableColumn(key: "growthPersons", label: t("Vekst pers.", "Growth pers.")),
        TableColumn(key: "newDemand", label: t("Nye", "New")),
        TableColumn(key: "ending", label: t("Avslutter", "Ending")),
        TableColumn(key: "bar", label: ""),
      ],
      rows: report.services.filter { $0.level == level }.map { service in
        TableRow(
          key: service.id, label: service.label,
          values: [
            .cell(service.now), .cell(service.next12), .number(service.growthPp, decimals: 1, unit: "pp"),
            .integer(service.growthPersons), .cell(service.newDemand), .cell(service.ending),
            .pairedBars([
              BarSegment(tone: .now, percent: service.now.percent),
              BarSegment(tone: .next, percent: service.next12.percent),
            ]),
          ])
      })
  }

  func breakdownTables(_ breakdown: PublishedBreakdown) -> [ReportTable] {
    let by = breakdown.key.label(language)
    let note = t(
      "Prosent av gruppens antall; gruppens antall i prosent av N.",
      "Percent of the group's count; the group's count in percent of N.")
    let index = ReportTable(
      id: "breakdown.index", title: t("Samlet indeks etter \(by)", "Overall index by \(by)"), note: note,
      rowHeader: t("Gruppe", "Group"),
      columns: [TableColumn(key: "n", label: t("Antall", "Count"))]
        + IndexCategory.allCases.map { TableColumn(key: $0.rawValue, label: $0.label(language), tone: Tone($0)) },
      rows: breakdown.groups.map { group in
        TableRow(
          key: group.key, label: group.label,
          values: [.cell(group.n)] + IndexCategory.allCases.map { .cell(group.index[$0]!) })
      })
    let dimensions = ReportTable(
      id: "breakdown.dimensions", title: t("Dimensjoner etter \(by)", "Dimensions by \(by)"), note: note,
      rowHeader: t("Gruppe: dimensjon", "Group: dimension"),
      columns: Score.allCases.map { TableColumn(key: $0.rawValue, label: $0.label(language), tone: Tone($0)) },
      rows: breakdown.groups.flatMap { group in
        Dimension.allCases.map { dimension in
          TableRow(
            key: "\(group.key).\(dimension.rawValue)", label: "\(group.label): \(dimension.label(language))",
            values: Score.allCases.map { .cell(group.dimensions[dimension]![$0]!) })
        }
      })
    return [index, dimensions]
  }

  /// Key figures side by side, one column per municipality and one for all.
  func municipalityTable(_ report: PublishedReport) -> ReportTable {
    let columns = report.municipalities + [report]
    var rows: [TableRow] = [
      TableRow(
        key: "n", label: t("Personer kartlagt (N)", "Persons mapped (N)"), values: columns.map { .integer($0.n) }),
      TableRow(
        key: "prevalenceTotal", label: t("Per 1000 innbyggere", "Per 1000 residents"),
        values: columns.map(prevalenceTotal)),
    ]
    rows += IndexCategory.allCases.map { category in
      TableRow(
        key: "index.\(category.rawValue)",
        label: t("Indeks: \(category.label(language))", "Index: \(category.label(language))"), tone: Tone(category),
        values: columns.map { .cell($0.index[category]!) })
    }
    rows += Dimension.allCases.map { dimension in
      TableRow(
        key: "red.\(dimension.rawValue)",
        label: t("Rød: \(dimension.label(language))", "Red: \(dimension.label(language))"), tone: .red,
        values: columns.map { .cell($0.dimensions[dimension]![.red]!) })
    }
    rows.append(
      TableRow(
        key: "noPlanOrGroup", label: t("Ingen plan eller ansvarsgruppe", "No plan or responsibility group"),
        values: columns.map { .cell($0.noPlanOrGroup) }))
    rows.append(TableRow(key: "lar", label: t("I LAR", "In LAR"), values: columns.map { .cell($0.lar) }))
    rows += report.services.map { service in
      TableRow(
        key: "now.\(service.id)", label: t("Nå: \(service.label)", "Now: \(service.label)"),
        values: columns.map { .cell($0.service(service.id)?.now ?? Cell(count: 0, percent: nil)) })
    }
    return ReportTable(
      id: "municipalities", title: t("Per kommune", "Per municipality"),
      note: t(
        "Hver kommune er prikket for seg; prosent av kommunens antall.",
        "Each municipality is suppressed on its own; percent of the municipality's count."), rowHeader: "",
      columns: report.municipalities.map {
        TableColumn(key: $0.rounds.first?.municipalityCode ?? "", label: $0.rounds.first?.municipalityName ?? "")
      } + [TableColumn(key: "all", label: t("Alle", "All"))],
      rows: rows)
  }
}

// MARK: - Comparison

extension ReportDocument {
  public init(comparison: PublishedComparison, language: Language = .norwegian) {
    let layout = ReportLayout(language: language)
    let nameA = comparison.a.title
    let nameB = comparison.b.title
    title = layout.t("BrukerPlan: \(nameA) mot \(nameB)", "BrukerPlan: \(nameA) against \(nameB)")
    subtitle = layout.t(
      "A = \(nameA) (tidligere), B = \(nameB) (senere).", "A = \(nameA) (earlier), B = \(nameB) (later).")
    let columns = [
      TableColumn(key: "a", label: "A"), TableColumn(key: "b", label: "B"),
      TableColumn(key: "change", label: layout.t("Endring pp", "Change pp")),
    ]
    func shareRows<V: Vocabulary>(_ shares: [(V, Share)], prefix: String = "") -> [TableRow] {
      shares.map { key, share in
        TableRow(key: key.rawValue, label: prefix + key.label(layout.language), values: layout.shareValues(share))
      }
    }
    func table(_ id: String, _ title: String, _ rows: [TableRow]) -> ReportTable {
      ReportTable(
        id: id, title: title, note: layout.crossSection, rowHeader: "", columns: columns, rows: rows)
    }
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
    blocks.append(
      .keyFigures(
        ReportTable(
          id: "summary", title: layout.t("Nøkkeltall", "Key figures"), note: layout.crossSection,
          columns: [
            TableColumn(key: "a", label: "A"), TableColumn(key: "b", label: "B"),
            TableColumn(key: "change", label: layout.t("Endring", "Change")),
          ],
          rows: [
            TableRow(
              key: "n", label: layout.t("Personer kartlagt (N)", "Persons mapped (N)"),
              values: [.integer(comparison.a.n), .integer(comparison.b.n), .integer(comparison.b.n - comparison.a.n)]),
            change(
              "prevalenceTotal", layout.t("Per 1000 innbyggere", "Per 1000 residents"), comparison.prevalenceTotal,
              decimals: 2,
              known: (populations.0.total != nil, populations.1.total != nil)),
            change(
              "prevalence16", layout.t("Per 1000 innbyggere 16 år +", "Per 1000 residents 16+"),
              comparison.prevalence16, decimals: 2,
              known: (populations.0.age16plus != nil, populations.1.age16plus != nil)),
            change(
              "prevalence18", layout.t("Per 1000 innbyggere 18 år +", "Per 1000 residents 18+"),
              comparison.prevalence18, decimals: 2,
              known: (populations.0.age18plus != nil, populations.1.age18plus != nil)),
            change("meanAge", layout.t("Gjennomsnittsalder", "Mean age"), comparison.meanAge, decimals: 1),
            change(
              "meanSubstancesPerPerson", layout.t("Rusmidler per person", "Substances per person"),
              comparison.meanSubstancesPerPerson, decimals: 2),
          ])))
    blocks.append(
      .table(
        table(
          "dimensions", layout.t("Levekår per dimensjon", "Living conditions per dimension"),
          Dimension.allCases.flatMap { dimension in
            comparison.dimension(dimension).map { score, share in
              TableRow(
                key: "\(dimension.rawValue).\(score.rawValue)",
                label: "\(dimension.label(layout.language)): \(score.label(layout.language))",
                tone: Tone(score), values: layout.shareValues(share))
            }
          })))
    let indexRows = shareRows(comparison.shares(\.index)).map { row in
      var row = row
      row.tone = IndexCategory(rawValue: row.key).map(Tone.init)
      return row
    }
    blocks.append(
      .table(table("index", layout.t("Samlet indeks (bp-index/1)", "Overall index (bp-index/1)"), indexRows)))
    blocks.append(
      .table(
        table(
          "services.now", layout.t("Tjenester nå", "Services now"),
          comparison.services.map { TableRow(key: $0.id, label: $0.label, values: layout.shareValues($0.now)) })))
    blocks.append(
      .table(
        table(
          "services.next12", layout.t("Tjenester neste 12 måneder (anslag)", "Services next 12 months (estimate)"),
          comparison.services.map { TableRow(key: $0.id, label: $0.label, values: layout.shareValues($0.next12)) })))
    blocks.append(
      .table(
        ReportTable(
          id: "forecast",
          title: layout.t(
            "Slo anslaget til? A sitt anslag for neste 12 måneder mot B sin faktiske bruk",
            "Did the estimate hold? A's estimate for the next 12 months against B's actual use"),
          note: layout.crossSection
            + layout.t(
              " Forventet = andel i A med behov neste 12 måneder; faktisk = andel i B ",
              " Expected = share in A needing it in the next 12 months; actual = share in B ")
            + layout.t(
              "som har tjenesten nå; avvik = faktisk minus forventet.",
              "who have the service now; difference = actual minus expected."),
          rowHeader: layout.t("Tjeneste", "Service"),
          columns: [
            TableColumn(key: "expected", label: layout.t("Forventet (A)", "Expected (A)")),
            TableColumn(key: "actual", label: layout.t("Faktisk (B)", "Actual (B)")),
            TableColumn(key: "differencePp", label: layout.t("Avvik pp", "Difference pp")),
          ],
          rows: comparison.forecast.map { check in
            TableRow(
              key: check.id, label: check.label,
              values: [
                .cell(check.expected), .cell(check.actual), .number(check.differencePp, decimals: 1, unit: "pp"),
              ])
          })))
    if !comparison.onlyInA.isEmpty || !comparison.onlyInB.isEmpty {
      blocks.append(
        .paragraph(
          "Tjenester bare i A: \(comparison.onlyInA.isEmpty ? "ingen" : comparison.onlyInA.joined(separator: ", ")). "
            + "Bare i B: \(comparison.onlyInB.isEmpty ? "ingen" : comparison.onlyInB.joined(separator: ", "))."))
    }
    let planShares = comparison.shares(\.plans)
    blocks.append(
      .table(
        table(
          "plans", layout.t("Planer og ansvarsgruppe", "Plans and responsibility group"),
          shareRows(planShares)
            + [
              TableRow(
                key: "noPlanOrGroup",
                label: layout.t("Ingen plan eller ansvarsgruppe", "No plan or responsibility group"),
                values: layout.shareValues(Share(a: comparison.a.noPlanOrGroup, b: comparison.b.noPlanOrGroup)))
            ])))
    blocks.append(
      .table(table("substances", layout.t("Rusmidler", "Substances"), shareRows(comparison.shares(\.substances)))))
    blocks.append(
      .table(
        table(
          "lar", layout.t("Legemiddelassistert rehabilitering", "Opioid substitution treatment (LAR)"),
          [
            TableRow(
              key: "lar", label: layout.t("I LAR", "In LAR"),
              values: layout.shareValues(Share(a: comparison.a.lar, b: comparison.b.lar)))
          ])))
    blocks.append(
      .table(
        table("children", layout.t("Barn under 18 år", "Children under 18"), shareRows(comparison.shares(\.children)))))
    blocks.append(.table(table("gender", layout.t("Kjønn", "Gender"), shareRows(comparison.shares(\.gender)))))
    blocks.append(.table(table("ageBands", layout.t("Alder", "Age"), shareRows(comparison.shares(\.ageBands)))))
    blocks.append(
      .table(
        table("problemGroup", layout.t("Problemgruppe", "Problem group"), shareRows(comparison.shares(\.problemGroup))))
    )
    blocks.append(
      .table(
        table(
          "activity", layout.t("Arbeid og aktivitet", "Work and activity"), shareRows(comparison.shares(\.activity)))))
    blocks.append(.table(table("violence", layout.t("Vold", "Violence"), shareRows(comparison.shares(\.violence)))))
    let panel = comparison.panel
    blocks.append(
      .heading(
        layout.t(
          "Panel: de samme personene i begge rundene (n = \(panel.n))",
          "Panel: the same persons in both rounds (n = \(panel.n))")))
    if panel.isTiny {
      blocks.append(
        .paragraph(
          layout.t(
            "Færre enn \(comparison.minCell) personer i panelet: alle panelets tall er prikket.",
            "Fewer than \(comparison.minCell) persons in the panel: all the panel's figures are suppressed.")))
    }
    blocks.append(
      .table(
        ReportTable(
          id: "panel.index",
          title: layout.t(
            "Overganger i samlet indeks (rad = A, kolonne = B)", "Moves in the overall index (row = A, column = B)"),
          note: layout.panel(panel.n), rowHeader: "A \\ B",
          columns: IndexCategory.allCases.map {
            TableColumn(key: $0.rawValue, label: $0.label(layout.language), tone: Tone($0))
          },
          rows: IndexCategory.allCases.map { from in
            TableRow(
              key: from.rawValue, label: from.label(layout.language), tone: Tone(from),
              values: IndexCategory.allCases.map { .cell(panel.index[from]![$0]!) })
          })))
    blocks.append(
      .table(
        ReportTable(
          id: "panel.dimensions",
          title: layout.t("Bedre, samme eller verre per dimensjon", "Better, same or worse per dimension"),
          note: layout.panel(panel.n)
            + layout.t(" Bedre = et grønnere nivå i B enn i A.", " Better = a greener level in B than in A."),
          rowHeader: layout.t("Dimensjon", "Dimension"),
          columns: PanelChange.allCases.map { TableColumn(key: $0.rawValue, label: $0.label(layout.language)) },
          rows: Dimension.allCases.map { dimension in
            TableRow(
              key: dimension.rawValue, label: dimension.label(layout.language),
              values: PanelChange.allCases.map { .cell(panel.dimensions[dimension]![$0]!) })
          })))
    notes = [
      layout.crossSectionNote, layout.indexRule, layout.disclosure(comparison.minCell),
      layout.audit(comparison.audit),
    ]
  }
}

extension ReportLayout {
  func shareValues(_ share: Share) -> [TableValue] {
    [.cell(share.a), .cell(share.b), .number(share.changePp, decimals: 1, unit: "pp")]
  }
}

// MARK: - Trend

extension ReportDocument {
  public init(trend: PublishedTrend, language: Language = .norwegian) {
    let layout = ReportLayout(language: language)
    let name = trend.municipality?.municipalityName ?? ""
    let years = trend.years.map(String.init)
    title = "BrukerPlan: \(name) \(years.first ?? "")–\(years.last ?? "")"
    subtitle = layout.t(
      "Utvikling over \(years.count) runder. Hver runde er et eget tverrsnitt.",
      "Change over \(years.count) rounds. Each round is a cross-section of its own.")
    let columns = years.map { TableColumn(key: $0, label: $0) }
    blocks.append(
      .keyFigures(
        ReportTable(
          id: "summary", title: layout.t("Nøkkeltall per år", "Key figures per year"), columns: columns,
          rows: [
            TableRow(
              key: "n", label: layout.t("Personer kartlagt (N)", "Persons mapped (N)"),
              values: trend.reports.map { .integer($0.n) }),
            TableRow(
              key: "drafts", label: layout.t("Utkast (ikke med)", "Drafts (not included)"),
              values: trend.reports.map { .integer($0.drafts) }),
            TableRow(
              key: "prevalenceTotal", label: layout.t("Per 1000 innbyggere", "Per 1000 residents"),
              values: trend.reports.map(layout.prevalenceTotal)),
          ])))
    let sections: [(String, String)] = [
      ("index", layout.t("Samlet indeks (bp-index/1)", "Overall index (bp-index/1)")),
      ("dimensions", layout.t("Andel røde per dimensjon", "Share red per dimension")),
      ("plans", layout.t("Planer og LAR", "Plans and LAR")), ("services", layout.t("Tjenester nå", "Services now")),
    ]
    for (section, heading) in sections {
      let rows = trend.rows.filter { $0.section == section || (section == "plans" && $0.section == "lar") }
      let charted = layout.chartRows(rows, section: section)
      blocks.append(
        .lineChart(
          LineChart(
            title: charted.count < rows.count
              ? layout.t("\(heading): de seks største", "\(heading): the six largest") : heading, xLabels: years,
            series: charted.map { row in
              (
                row.label, section == "index" ? IndexCategory(rawValue: row.key).map(Tone.init) : nil,
                row.values.map { $0?.percent }
              )
            })))
      blocks.append(
        .table(
          ReportTable(
            id: section, title: heading, note: layout.crossSection + " " + layout.percentOfN,
            rowHeader: "", columns: columns,
            rows: rows.map { row in
              TableRow(
                key: row.key, label: row.label,
                tone: section == "index" ? Tone(IndexCategory(rawValue: row.key)!) : nil,
                values: row.values.map { $0.map(TableValue.cell) ?? .text("–") })
            })))
    }
    notes = [
      layout.t(
        "Hver runde er et eget tverrsnitt: det er ikke de samme personene hvert år.",
        "Each round is a cross-section of its own: not the same persons every year."), layout.indexRule,
      layout.disclosure(trend.minCell), layout.audit(trend.audit),
    ]
  }
}

extension ReportLayout {
  /// A chart with many services shows the six with the largest share in the latest year.
  func chartRows(_ rows: [TrendRow], section: String) -> [TrendRow] {
    guard section == "services", rows.count > 6 else { return rows }
    let ranked = rows.enumerated().sorted { lhs, rhs in
      let left = lhs.element.values.last??.percent ?? -1
      let right = rhs.element.values.last??.percent ?? -1
      return left != right ? left > right : lhs.offset < rhs.offset
    }
    return ranked.prefix(6).sorted { $0.offset < $1.offset }.map(\.element)
  }
}
