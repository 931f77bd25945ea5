/// The comparison's cross-section tables (every share of both rounds) and the panel tables.
extension ReportDocument {
  static func crossSectionTables(_ comparison: PublishedComparison, _ names: SideNames) -> [ReportTable] {
    func shareRows<V: Vocabulary>(_ shares: [(V, Share)]) -> [TableRow] {
      shares.map { key, share in TableRow(key: key.rawValue, label: key.label, values: shareValues(share)) }
    }
    func table(_ id: String, _ title: String, _ rows: [TableRow]) -> ReportTable {
      ReportTable(
        id: id, title: title, note: ReportTexts.crossSection, rowHeader: "", columns: names.columns, rows: rows)
    }
    let dimensionRows = Dimension.allCases.flatMap { dimension in
      comparison.dimension(dimension).map { score, share in
        TableRow(
          key: "\(dimension.rawValue).\(score.rawValue)", label: "\(dimension.label): \(score.label)",
          tone: Tone(score), values: shareValues(share))
      }
    }
    let indexRows = shareRows(comparison.shares(\.index)).map { row in
      var row = row
      row.tone = IndexCategory(rawValue: row.key).map(Tone.init)
      return row
    }
    let noPlan = TableRow(
      key: "noPlanOrGroup", label: "Ingen plan eller ansvarsgruppe",
      values: shareValues(Share(a: comparison.a.noPlanOrGroup, b: comparison.b.noPlanOrGroup)))
    let lar = TableRow(
      key: "lar", label: "I LAR", values: shareValues(Share(a: comparison.a.lar, b: comparison.b.lar)))
    return [
      table("dimensions", "Levekår per dimensjon", dimensionRows),
      table("index", "Samlet indeks (bp-index/1)", indexRows),
      table(
        "services.now", "Tjenester nå",
        comparison.services.map { TableRow(key: $0.id, label: $0.label, values: shareValues($0.now)) }),
      table(
        "services.next12", "Tjenester neste 12 måneder (anslag)",
        comparison.services.map { TableRow(key: $0.id, label: $0.label, values: shareValues($0.next12)) }),
      table("plans", "Planer og ansvarsgruppe", shareRows(comparison.shares(\.plans)) + [noPlan]),
      table("substances", "Rusmidler", shareRows(comparison.shares(\.substances))),
      table("lar", "Legemiddelassistert rehabilitering", [lar]),
      table("children", "Barn under 18 år", shareRows(comparison.shares(\.children))),
      table("gender", "Kjønn", shareRows(comparison.shares(\.gender))),
      table("ageBands", "Alder", shareRows(comparison.shares(\.ageBands))),
      table("problemGroup", "Problemgruppe", shareRows(comparison.shares(\.problemGroup))),
      table("activity", "Arbeid og aktivitet", shareRows(comparison.shares(\.activity))),
      table("violence", "Vold", shareRows(comparison.shares(\.violence))),
    ]
  }

  static func panelTables(_ comparison: PublishedComparison, _ names: SideNames) -> [ReportTable] {
    let panel = comparison.panel
    let rowTotals = comparison.follow.group(.followedInA).index
    /// Percent of the row (the persons who were in that category in A), as people read a transition.
    func rowShare(_ cell: Cell, _ from: IndexCategory) -> Cell {
      guard let count = cell.count, let total = rowTotals[from]!.count, total > 0 else { return cell }
      return Cell(count: count, base: total)
    }
    return [
      ReportTable(
        id: "panel.index", title: "Overganger i samlet indeks (rad = \(names.a), kolonne = \(names.b))",
        note: "Panel: de \(panel.n) personene som er fulgt. Prosent av raden: av dem som var i kategorien i "
          + "\(names.a), hvor mange var i hver kategori i \(names.b).",
        rowHeader: "\(names.a) \\ \(names.b)",
        columns: IndexCategory.allCases.map { TableColumn(key: $0.rawValue, label: $0.label, tone: Tone($0)) },
        rows: IndexCategory.allCases.map { from in
          TableRow(
            key: from.rawValue, label: from.label, tone: Tone(from),
            values: IndexCategory.allCases.map { .cell(rowShare(panel.index[from]![$0]!, from)) })
        }),
      ReportTable(
        id: "panel.dimensions", title: "Bedre, samme eller verre per dimensjon",
        note: ReportTexts.panel(panel.n) + " Bedre = et grønnere nivå i \(names.b) enn i \(names.a).",
        rowHeader: "Dimensjon",
        columns: PanelChange.allCases.map { TableColumn(key: $0.rawValue, label: $0.label) },
        rows: Dimension.allCases.map { dimension in
          TableRow(
            key: dimension.rawValue, label: dimension.label,
            values: PanelChange.allCases.map { .cell(panel.dimensions[dimension]![$0]!) })
        }),
    ]
  }

  static func shareValues(_ share: Share) -> [TableValue] {
    [.cell(share.a), .cell(share.b), .number(share.changePp, decimals: 1, unit: "pp")]
  }
}
