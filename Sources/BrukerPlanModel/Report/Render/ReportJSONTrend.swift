extension ReportJSON {
  /// The trend's own format (docs/compare-and-trend.md): each year's key figures, each share as
  /// one series over the years, and per pair of consecutive years the persons followed and the
  /// expectations against what came.
  static func trend(_ trend: PublishedTrend) -> OrderedJSON {
    .object([
      ("format", .string("brukerplan-trend/1")), ("indexRule", .string(IndexCategory.rule)),
      ("minCell", .integer(trend.minCell)),
      (
        "municipality",
        .object([
          ("code", .string(trend.municipality?.municipalityCode ?? "")),
          ("name", .string(trend.municipality?.municipalityName ?? "")),
        ])
      ),
      ("rounds", .array(trend.reports.map(trendRound))),
      (
        "series",
        .array(
          trend.rows.map { row in
            .object([
              ("section", .string(row.section)), ("key", .string(row.key)), ("label", .string(row.label)),
              ("values", .array(row.values.map { $0.map(cell) ?? .null })),
            ])
          })
      ),
      ("pairs", .array(trend.steps.map(trendStep))),
      ("audit", audit(trend.audit)),
    ])
  }

  static func trendRound(_ report: PublishedReport) -> OrderedJSON {
    .object([
      ("year", .integer(report.rounds.first?.year ?? 0)), ("n", .integer(report.n)),
      ("drafts", .integer(report.drafts)),
      (
        "prevalencePer1000",
        .object([
          ("total", .optional(report.prevalencePer1000.total)),
          ("age16plus", .optional(report.prevalencePer1000.age16plus)),
          ("age18plus", .optional(report.prevalencePer1000.age18plus)),
        ])
      ),
      ("meanAge", .optional(report.meanAge)),
      ("meanSubstancesPerPerson", .optional(report.meanSubstancesPerPerson)),
    ])
  }

  /// The known numbers compare publishes for the same two rounds, and its cross-section forecast.
  static func trendStep(_ step: TrendStep) -> OrderedJSON {
    .object([
      ("a", .integer(step.from)), ("b", .integer(step.to)), ("followed", .integer(step.followed)),
      ("goneSinceA", .integer(step.gone)), ("newInB", .integer(step.new)),
      ("forecast", forecast(step.forecast)),
    ])
  }
}
