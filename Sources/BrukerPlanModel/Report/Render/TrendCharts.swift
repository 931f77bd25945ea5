/// The trend's charts, as small multiples: one chart per dimension with its own green, yellow and
/// red lines, the index in its four category tones, one chart per service with now and the
/// expectation for the next 12 months. The tables beside them carry the same figures.
extension ReportLayout {
  func indexChart(_ trend: PublishedTrend) -> Block {
    .lineChart(
      LineChart(
        title: t("Samlet indeks: andel per kategori", "Overall index: share per category"),
        xLabels: trend.years.map(String.init),
        series: trend.rows("index").map { row in
          (row.name, IndexCategory(rawValue: row.key).map(Tone.init), row.values.map { $0?.percent })
        }))
  }

  func dimensionCharts(_ trend: PublishedTrend) -> Block {
    let rows = trend.rows("dimensionScores")
    let top = rows.flatMap { $0.values.compactMap { $0?.percent } }.max()
    return .smallMultiples(
      title: t("Levekår per dimensjon: andel grønn, gul og rød", "Living conditions per dimension"),
      note: t(
        "Én figur per dimensjon, samme skala i alle. Tverrsnitt; prosent av alle kartlagte det året.",
        "One chart per dimension, the same scale in all. Cross-section; percent of everyone mapped that year."),
      charts: Dimension.allCases.map { dimension in
        LineChart(
          title: dimension.label(language), xLabels: trend.years.map(String.init),
          series: rows.filter { $0.key.hasPrefix(dimension.rawValue + ".") }.map { row in
            (
              row.name, Score(rawValue: String(row.key.split(separator: ".").last ?? "")).map(Tone.init),
              row.values.map { $0?.percent }
            )
          }, scaleTop: top)
      })
  }

  /// Now is drawn at the year mapped; the expectation for the next 12 months at the year after
  /// (the year it is about), so each year shows what was expected beside what came.
  func serviceCharts(_ trend: PublishedTrend) -> Block {
    let years = trend.years.map(String.init) + [String((trend.years.last ?? 0) + 1)]
    let now = trend.rows("services")
    let next = trend.rows("servicesNext12")
    return .smallMultiples(
      title: t("Tjenester: har nå og ventet neste 12 måneder", "Services: has now and expected next 12 months"),
      note: t(
        "Heltrukket linje = har tjenesten nå; stiplet = ventet behov, tegnet ved året etter kartleggingen (det "
          + "året anslaget gjelder). Der linjene møtes, slo anslaget til. Prosent av alle kartlagte; hver figur har "
          + "sin egen skala.",
        "Solid line = has the service now; dashed = expected need, drawn at the year after the mapping (the year "
          + "it is about). Where the lines meet, the expectation came true. Percent of everyone mapped; each chart has "
          + "its own scale."),
      charts: zip(now, next).map { now, next in
        LineChart(
          title: now.name, xLabels: years,
          series: [
            (t("Nå", "Now"), .now, now.values.map { $0?.percent }),
            (t("Ventet", "Expected"), .next, [nil] + next.values.map { $0?.percent }),
          ], dashed: [1])
      })
  }
}
