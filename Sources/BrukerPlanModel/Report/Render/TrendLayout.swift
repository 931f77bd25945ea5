/// The trend's sections: key figures per year, then each key share over the years.
extension ReportDocument {
  init(trend: PublishedTrend, made: String? = nil) {
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
      ReportTexts.disclosure(trend.minCell),
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
