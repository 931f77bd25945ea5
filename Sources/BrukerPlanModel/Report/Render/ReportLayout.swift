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
    notes = [ReportTexts.percentOfN, ReportTexts.indexRule, ReportTexts.disclosure(report.minCell)]
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
