/// The trend's sections: key figures per year, then each key share over the years.
extension ReportDocument {
  public init(trend: PublishedTrend, language: Language = .norwegian, made: String? = nil) {
    let layout = ReportLayout(language: language)
    printTitle =
      "BrukerPlan \(trend.municipality?.municipalityName ?? ""): \(trend.years.first.map(String.init) ?? "")–\(trend.years.last.map(String.init) ?? "")"
    printDetails = (made.map { layout.t("Laget \($0) · ", "Made \($0) · ") } ?? "") + "k = \(trend.minCell)"
    textWidth = 80
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
