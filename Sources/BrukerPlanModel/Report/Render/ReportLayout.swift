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
          key: service.id, label: CatalogueService.label(id: service.id, service.label, language),
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

extension ReportLayout {
  func shareValues(_ share: Share) -> [TableValue] {
    [.cell(share.a), .cell(share.b), .number(share.changePp, decimals: 1, unit: "pp")]
  }
}
