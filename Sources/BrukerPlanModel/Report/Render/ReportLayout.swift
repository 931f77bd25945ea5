/// The sections of a report, a comparison and a trend, built from the published types only.
extension ReportDocument {
  init(report: PublishedReport) {
    title = "BrukerPlan: \(report.title)"
    subtitle = "Kartlegging av personer med rusproblemer og/eller psykiske problemer, 16 år og eldre."
    blocks.append(.keyFigures(Self.keyFigures(report)))
    if report.isTiny {
      blocks.append(
        .paragraph("Færre enn \(report.minCell) personer er kartlagt: alle tall unntatt antallet er prikket."))
    }
    blocks.append(.table(Self.dimensionTable(report)))
    blocks.append(.table(Self.indexTable(report)))
    blocks.append(.table(Self.servicesTable(report, level: .municipal)))
    blocks.append(.table(Self.servicesTable(report, level: .specialist)))
    blocks.append(.table(Self.cellTable("plans", "Planer og ansvarsgruppe", Self.planRows(report), report)))
    blocks.append(.table(Self.substanceTable(report)))
    blocks.append(
      .table(
        Self.cellTable(
          "lar", "Legemiddelassistert rehabilitering",
          [TableRow(key: "lar", label: "I LAR", values: [.cell(report.lar)])], report)))
    blocks.append(.table(Self.cellTable("children", "Barn under 18 år", Self.rows(report.children), report)))
    blocks.append(.table(Self.cellTable("gender", "Kjønn", Self.rows(report.gender), report)))
    blocks.append(.table(Self.cellTable("ageBands", "Alder", Self.rows(report.ageBands), report)))
    blocks.append(.table(Self.cellTable("problemGroup", "Problemgruppe", Self.rows(report.problemGroup), report)))
    blocks.append(.table(Self.cellTable("activity", "Arbeid og aktivitet", Self.rows(report.activity), report)))
    blocks.append(.table(Self.cellTable("violence", "Vold", Self.rows(report.violence), report)))
    if let breakdown = report.breakdown {
      blocks.append(contentsOf: Self.breakdownTables(breakdown).map(Block.table))
    }
    if !report.municipalities.isEmpty {
      blocks.append(.table(Self.municipalityTable(report)))
    }
    notes = [
      ReportTexts.percentOfN, ReportTexts.indexRule, ReportTexts.disclosure(report.minCell),
      ReportTexts.audit(report.audit),
    ]
  }

  // MARK: Report sections

  static func keyFigures(_ report: PublishedReport) -> ReportTable {
    func prevalence(_ value: Double?, _ population: Int?) -> TableValue {
      population == nil ? .text("–") : .number(value, decimals: 1, unit: "")
    }
    var rows = [
      TableRow(key: "n", label: "Personer kartlagt (N)", values: [.integer(report.n)]),
      TableRow(key: "drafts", label: "Utkast (ikke med)", values: [.integer(report.drafts)]),
    ]
    if report.skippedInvalid > 0 {
      rows.append(
        TableRow(key: "skippedInvalid", label: "Ugyldige filer hoppet over", values: [.integer(report.skippedInvalid)]))
    }
    rows += [
      TableRow(
        key: "prevalenceTotal", label: "Per 1000 innbyggere",
        values: [prevalence(report.prevalencePer1000.total, report.population.total)]),
      TableRow(
        key: "prevalence16", label: "Per 1000 innbyggere 16 år +",
        values: [prevalence(report.prevalencePer1000.age16plus, report.population.age16plus)]),
      TableRow(
        key: "prevalence18", label: "Per 1000 innbyggere 18 år +",
        values: [prevalence(report.prevalencePer1000.age18plus, report.population.age18plus)]),
      TableRow(key: "meanAge", label: "Gjennomsnittsalder", values: [.number(report.meanAge, decimals: 1, unit: "")]),
    ]
    return ReportTable(
      id: "summary", title: "Nøkkeltall", columns: [TableColumn(key: "value", label: "Verdi")], rows: rows)
  }

  /// Prevalence per 1000 residents; "–" when no population is given (":" is for suppression).
  static func prevalenceTotal(_ report: PublishedReport) -> TableValue {
    report.population.total == nil ? .text("–") : .number(report.prevalencePer1000.total, decimals: 1, unit: "")
  }

  static func dimensionTable(_ report: PublishedReport) -> ReportTable {
    ReportTable(
      id: "dimensions", title: "Levekår per dimensjon", note: ReportTexts.percentOfN, rowHeader: "Dimensjon",
      columns: Score.allCases.map { TableColumn(key: $0.rawValue, label: $0.label, tone: Tone($0)) }
        + [TableColumn(key: "bar", label: "Fordeling")],
      rows: Dimension.allCases.map { dimension in
        let cells = report.dimensions[dimension]!
        return TableRow(
          key: dimension.rawValue, label: dimension.label,
          values: Score.allCases.map { .cell(cells[$0]!) }
            + [.stackedBar(Score.allCases.map { BarSegment(tone: Tone($0), percent: cells[$0]!.percent) })])
      })
  }

  static func indexTable(_ report: PublishedReport) -> ReportTable {
    ReportTable(
      id: "index", title: "Samlet indeks (bp-index/1)", note: ReportTexts.indexRule, rowHeader: "Kategori",
      columns: [TableColumn(key: "persons", label: "Personer"), TableColumn(key: "bar", label: "")],
      rows: IndexCategory.allCases.map { category in
        let cell = report.index[category]!
        return TableRow(
          key: category.rawValue, label: category.label, tone: Tone(category),
          values: [.cell(cell), .stackedBar([BarSegment(tone: Tone(category), percent: cell.percent)])])
      })
  }

  static func rows<V: Vocabulary>(_ cells: [V: Cell]) -> [TableRow] {
    V.allCases.map { TableRow(key: $0.rawValue, label: $0.label, values: [.cell(cells[$0]!)]) }
  }

  static func planRows(_ report: PublishedReport) -> [TableRow] {
    rows(report.plans)
      + [
        TableRow(
          key: "noPlanOrGroup", label: "Ingen plan eller ansvarsgruppe", values: [.cell(report.noPlanOrGroup)])
      ]
  }

  /// A one-column table of person counts with a bar beside each.
  static func cellTable(_ id: String, _ title: String, _ rows: [TableRow], _ report: PublishedReport) -> ReportTable {
    ReportTable(
      id: id, title: title,
      columns: [TableColumn(key: "persons", label: "Personer"), TableColumn(key: "bar", label: "")],
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

  static func substanceTable(_ report: PublishedReport) -> ReportTable {
    var table = cellTable("substances", "Rusmidler", rows(report.substances), report)
    table.rows.append(
      TableRow(
        key: "meanPerPerson", label: "Rusmidler per person (snitt)",
        values: [.number(report.meanSubstancesPerPerson, decimals: 2, unit: ""), .text("")]))
    return table
  }

  static func servicesTable(_ report: PublishedReport, level: ServiceLevel) -> ReportTable {
    ReportTable(
      id: "services",
      title: level == .municipal
        ? "Kommunale tjenester: nå og neste 12 måneder"
        : "Spesialisthelsetjenester: nå og neste 12 måneder",
      note: "Nå = har tjenesten nå; 12 mnd = vil ha eller trenge den de neste 12 månedene (anslag). "
        + "Vekst = 12 mnd minus nå. Nye = trenger den uten å ha den nå; avslutter = har den nå, men ikke om 12 mnd.",
      rowHeader: "Tjeneste",
      columns: [
        TableColumn(key: "now", label: "Nå", tone: .now), TableColumn(key: "next12", label: "12 mnd", tone: .next),
        TableColumn(key: "growthPp", label: "Vekst pp"), TableColumn(key: "growthPersons", label: "Vekst pers."),
        TableColumn(key: "newDemand", label: "Nye"), TableColumn(key: "ending", label: "Avslutter"),
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

  static func breakdownTables(_ breakdown: PublishedBreakdown) -> [ReportTable] {
    let by = breakdown.key.label
    let note = "Prosent av gruppens antall; gruppens antall i prosent av N."
    let index = ReportTable(
      id: "breakdown.index", title: "Samlet indeks etter \(by)", note: note, rowHeader: "Gruppe",
      columns: [TableColumn(key: "n", label: "Antall")]
        + IndexCategory.allCases.map { TableColumn(key: $0.rawValue, label: $0.label, tone: Tone($0)) },
      rows: breakdown.groups.map { group in
        TableRow(
          key: group.key, label: group.label,
          values: [.cell(group.n)] + IndexCategory.allCases.map { .cell(group.index[$0]!) })
      })
    let dimensions = ReportTable(
      id: "breakdown.dimensions", title: "Dimensjoner etter \(by)", note: note, rowHeader: "Gruppe: dimensjon",
      columns: Score.allCases.map { TableColumn(key: $0.rawValue, label: $0.label, tone: Tone($0)) },
      rows: breakdown.groups.flatMap { group in
        Dimension.allCases.map { dimension in
          TableRow(
            key: "\(group.key).\(dimension.rawValue)", label: "\(group.label): \(dimension.label)",
            values: Score.allCases.map { .cell(group.dimensions[dimension]![$0]!) })
        }
      })
    return [index, dimensions]
  }

  /// Key figures side by side, one column per municipality and one for all.
  static func municipalityTable(_ report: PublishedReport) -> ReportTable {
    let columns = report.municipalities + [report]
    var rows: [TableRow] = [
      TableRow(key: "n", label: "Personer kartlagt (N)", values: columns.map { .integer($0.n) }),
      TableRow(
        key: "prevalenceTotal", label: "Per 1000 innbyggere",
        values: columns.map(Self.prevalenceTotal)),
    ]
    rows += IndexCategory.allCases.map { category in
      TableRow(
        key: "index.\(category.rawValue)", label: "Indeks: \(category.label)", tone: Tone(category),
        values: columns.map { .cell($0.index[category]!) })
    }
    rows += Dimension.allCases.map { dimension in
      TableRow(
        key: "red.\(dimension.rawValue)", label: "Rød: \(dimension.label)", tone: .red,
        values: columns.map { .cell($0.dimensions[dimension]![.red]!) })
    }
    rows.append(
      TableRow(
        key: "noPlanOrGroup", label: "Ingen plan eller ansvarsgruppe", values: columns.map { .cell($0.noPlanOrGroup) }))
    rows.append(TableRow(key: "lar", label: "I LAR", values: columns.map { .cell($0.lar) }))
    rows += report.services.map { service in
      TableRow(
        key: "now.\(service.id)", label: "Nå: \(service.label)",
        values: columns.map { .cell($0.service(service.id)?.now ?? Cell(count: 0, percent: nil)) })
    }
    return ReportTable(
      id: "municipalities", title: "Per kommune",
      note: "Hver kommune er prikket for seg; prosent av kommunens antall.", rowHeader: "",
      columns: report.municipalities.map {
        TableColumn(key: $0.rounds.first?.municipalityCode ?? "", label: $0.rounds.first?.municipalityName ?? "")
      } + [TableColumn(key: "all", label: "Alle")],
      rows: rows)
  }
}

// MARK: - Comparison

extension ReportDocument {
  init(comparison: PublishedComparison) {
    let nameA = comparison.a.title
    let nameB = comparison.b.title
    title = "BrukerPlan: \(nameA) mot \(nameB)"
    subtitle = "A = \(nameA) (tidligere), B = \(nameB) (senere)."
    let columns = [
      TableColumn(key: "a", label: "A"), TableColumn(key: "b", label: "B"),
      TableColumn(key: "change", label: "Endring pp"),
    ]
    func shareRows<V: Vocabulary>(_ shares: [(V, Share)], prefix: String = "") -> [TableRow] {
      shares.map { key, share in
        TableRow(key: key.rawValue, label: prefix + key.label, values: Self.shareValues(share))
      }
    }
    func table(_ id: String, _ title: String, _ rows: [TableRow]) -> ReportTable {
      ReportTable(
        id: id, title: title, note: ReportTexts.crossSection, rowHeader: "", columns: columns, rows: rows)
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
          id: "summary", title: "Nøkkeltall", note: ReportTexts.crossSection,
          columns: [
            TableColumn(key: "a", label: "A"), TableColumn(key: "b", label: "B"),
            TableColumn(key: "change", label: "Endring"),
          ],
          rows: [
            TableRow(
              key: "n", label: "Personer kartlagt (N)",
              values: [.integer(comparison.a.n), .integer(comparison.b.n), .integer(comparison.b.n - comparison.a.n)]),
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
          ])))
    blocks.append(
      .table(
        table(
          "dimensions", "Levekår per dimensjon",
          Dimension.allCases.flatMap { dimension in
            comparison.dimension(dimension).map { score, share in
              TableRow(
                key: "\(dimension.rawValue).\(score.rawValue)", label: "\(dimension.label): \(score.label)",
                tone: Tone(score), values: Self.shareValues(share))
            }
          })))
    let indexRows = shareRows(comparison.shares(\.index)).map { row in
      var row = row
      row.tone = IndexCategory(rawValue: row.key).map(Tone.init)
      return row
    }
    blocks.append(.table(table("index", "Samlet indeks (bp-index/1)", indexRows)))
    blocks.append(
      .table(
        table(
          "services.now", "Tjenester nå",
          comparison.services.map { TableRow(key: $0.id, label: $0.label, values: Self.shareValues($0.now)) })))
    blocks.append(
      .table(
        table(
          "services.next12", "Tjenester neste 12 måneder (anslag)",
          comparison.services.map { TableRow(key: $0.id, label: $0.label, values: Self.shareValues($0.next12)) })))
    blocks.append(
      .table(
        ReportTable(
          id: "forecast", title: "Slo anslaget til? A sitt anslag for neste 12 måneder mot B sin faktiske bruk",
          note: ReportTexts.crossSection + " Forventet = andel i A med behov neste 12 måneder; faktisk = andel i B "
            + "som har tjenesten nå; avvik = faktisk minus forventet.",
          rowHeader: "Tjeneste",
          columns: [
            TableColumn(key: "expected", label: "Forventet (A)"), TableColumn(key: "actual", label: "Faktisk (B)"),
            TableColumn(key: "differencePp", label: "Avvik pp"),
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
          "plans", "Planer og ansvarsgruppe",
          shareRows(planShares)
            + [
              TableRow(
                key: "noPlanOrGroup", label: "Ingen plan eller ansvarsgruppe",
                values: Self.shareValues(Share(a: comparison.a.noPlanOrGroup, b: comparison.b.noPlanOrGroup)))
            ])))
    blocks.append(.table(table("substances", "Rusmidler", shareRows(comparison.shares(\.substances)))))
    blocks.append(
      .table(
        table(
          "lar", "Legemiddelassistert rehabilitering",
          [
            TableRow(
              key: "lar", label: "I LAR", values: Self.shareValues(Share(a: comparison.a.lar, b: comparison.b.lar)))
          ])))
    blocks.append(.table(table("children", "Barn under 18 år", shareRows(comparison.shares(\.children)))))
    blocks.append(.table(table("gender", "Kjønn", shareRows(comparison.shares(\.gender)))))
    blocks.append(.table(table("ageBands", "Alder", shareRows(comparison.shares(\.ageBands)))))
    blocks.append(.table(table("problemGroup", "Problemgruppe", shareRows(comparison.shares(\.problemGroup)))))
    blocks.append(.table(table("activity", "Arbeid og aktivitet", shareRows(comparison.shares(\.activity)))))
    blocks.append(.table(table("violence", "Vold", shareRows(comparison.shares(\.violence)))))
    let panel = comparison.panel
    blocks.append(.heading("Panel: de samme personene i begge rundene (n = \(panel.n))"))
    if panel.isTiny {
      blocks.append(.paragraph("Færre enn \(comparison.minCell) personer i panelet: alle panelets tall er prikket."))
    }
    blocks.append(
      .table(
        ReportTable(
          id: "panel.index", title: "Overganger i samlet indeks (rad = A, kolonne = B)",
          note: ReportTexts.panel(panel.n), rowHeader: "A \\ B",
          columns: IndexCategory.allCases.map { TableColumn(key: $0.rawValue, label: $0.label, tone: Tone($0)) },
          rows: IndexCategory.allCases.map { from in
            TableRow(
              key: from.rawValue, label: from.label, tone: Tone(from),
              values: IndexCategory.allCases.map { .cell(panel.index[from]![$0]!) })
          })))
    blocks.append(
      .table(
        ReportTable(
          id: "panel.dimensions", title: "Bedre, samme eller verre per dimensjon",
          note: ReportTexts.panel(panel.n) + " Bedre = et grønnere nivå i B enn i A.", rowHeader: "Dimensjon",
          columns: PanelChange.allCases.map { TableColumn(key: $0.rawValue, label: $0.label) },
          rows: Dimension.allCases.map { dimension in
            TableRow(
              key: dimension.rawValue, label: dimension.label,
              values: PanelChange.allCases.map { .cell(panel.dimensions[dimension]![$0]!) })
          })))
    notes = [
      ReportTexts.crossSectionNote, ReportTexts.indexRule, ReportTexts.disclosure(comparison.minCell),
      ReportTexts.audit(comparison.audit),
    ]
  }

  static func shareValues(_ share: Share) -> [TableValue] {
    [.cell(share.a), .cell(share.b), .number(share.changePp, decimals: 1, unit: "pp")]
  }
}

// MARK: - Trend

extension ReportDocument {
  init(trend: PublishedTrend) {
    let name = trend.municipality?.municipalityName ?? ""
    let years = trend.years.map(String.init)
    title = "BrukerPlan: \(name) \(years.first ?? "")–\(years.last ?? "")"
    subtitle = "Utvikling over \(years.count) runder. Hver runde er et eget tverrsnitt."
    let columns = years.map { TableColumn(key: $0, label: $0) }
    blocks.append(
      .keyFigures(
        ReportTable(
          id: "summary", title: "Nøkkeltall per år", columns: columns,
          rows: [
            TableRow(key: "n", label: "Personer kartlagt (N)", values: trend.reports.map { .integer($0.n) }),
            TableRow(key: "drafts", label: "Utkast (ikke med)", values: trend.reports.map { .integer($0.drafts) }),
            TableRow(
              key: "prevalenceTotal", label: "Per 1000 innbyggere",
              values: trend.reports.map(Self.prevalenceTotal)),
          ])))
    let sections: [(String, String)] = [
      ("index", "Samlet indeks (bp-index/1)"), ("dimensions", "Andel røde per dimensjon"),
      ("plans", "Planer og LAR"), ("services", "Tjenester nå"),
    ]
    for (section, heading) in sections {
      let rows = trend.rows.filter { $0.section == section || (section == "plans" && $0.section == "lar") }
      let charted = Self.chartRows(rows, section: section)
      blocks.append(
        .lineChart(
          LineChart(
            title: charted.count < rows.count ? "\(heading): de seks største" : heading, xLabels: years,
            series: charted.map { row in
              (
                row.label, section == "index" ? IndexCategory(rawValue: row.key).map(Tone.init) : nil,
                row.values.map { $0?.percent }
              )
            })))
      blocks.append(
        .table(
          ReportTable(
            id: section, title: heading, note: ReportTexts.crossSection + " " + ReportTexts.percentOfN,
            rowHeader: "", columns: columns,
            rows: rows.map { row in
              TableRow(
                key: row.key, label: row.label,
                tone: section == "index" ? Tone(IndexCategory(rawValue: row.key)!) : nil,
                values: row.values.map { $0.map(TableValue.cell) ?? .text("–") })
            })))
    }
    notes = [
      "Hver runde er et eget tverrsnitt: det er ikke de samme personene hvert år.", ReportTexts.indexRule,
      ReportTexts.disclosure(trend.minCell), ReportTexts.audit(trend.audit),
    ]
  }

  /// A chart with many services shows the six with the largest share in the latest year.
  static func chartRows(_ rows: [TrendRow], section: String) -> [TrendRow] {
    guard section == "services", rows.count > 6 else { return rows }
    let ranked = rows.enumerated().sorted { lhs, rhs in
      let left = lhs.element.values.last??.percent ?? -1
      let right = rhs.element.values.last??.percent ?? -1
      return left != right ? left > right : lhs.offset < rhs.offset
    }
    return ranked.prefix(6).sorted { $0.offset < $1.offset }.map(\.element)
  }
}
