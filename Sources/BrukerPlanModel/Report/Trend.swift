/// One key share over the years of a trend.
public struct TrendRow: Hashable, Sendable {
  /// The section key as in the report JSON: "index", "dimensions", "plans", "lar", "services".
  public let section: String
  /// The row key: "green", "housing", "noPlanOrGroup", "socialServices", ...
  public let key: String
  public let label: String
  /// One published cell per round, in year order; nil where the year's catalogue lacks the service.
  public let values: [Cell?]
}

/// Three or more rounds of one municipality, ordered by year (`trend`).
public struct PublishedTrend: Hashable, Sendable {
  public let minCell: Int
  /// One published report per round, by year.
  public let reports: [PublishedReport]
  public let rows: [TrendRow]

  /// Step 5 over every year's report.
  public var audit: AuditSummary { reports.map(\.audit).reduce(AuditSummary(), +) }

  public var years: [Int] { reports.map { $0.rounds.first?.year ?? 0 } }
  public var municipality: ReportRound? { reports.first?.rounds.first }
}

public enum TrendError: Error, CustomStringConvertible, Equatable {
  case tooFewRounds(Int)
  case severalMunicipalities([String])
  case sameYearTwice(Int)

  public var description: String {
    switch self {
    case .tooFewRounds(let count): "a trend needs three or more rounds; \(count) given"
    case .severalMunicipalities(let codes):
      "a trend follows one municipality; these rounds belong to \(codes.joined(separator: ", "))"
    case .sameYearTwice(let year): "two rounds are from \(year); a trend needs one round per year"
    }
  }
}

public enum TrendEngine {
  /// Each round is its own report (its own disclosure control); rows are read from those.
  public static func publish(_ inputs: [ReportInput], minCell: Int = Disclosure.defaultMinCell) throws(TrendError)
    -> PublishedTrend
  {
    guard inputs.count >= 3 else { throw .tooFewRounds(inputs.count) }
    var codes: [String] = []
    for input in inputs where !codes.contains(input.round.municipality.code) {
      codes.append(input.round.municipality.code)
    }
    guard codes.count == 1 else { throw .severalMunicipalities(codes) }
    let sorted = inputs.sorted { $0.round.year < $1.round.year }
    for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.round.year == later.round.year {
      throw .sameYearTwice(later.round.year)
    }
    // Each year is exactly the report of that round alone.
    let reports = sorted.map { Disclosure.apply(ReportEngine.figures([$0]), minCell: minCell) }
    return PublishedTrend(minCell: max(1, minCell), reports: reports, rows: rows(reports))
  }

  static func rows(_ reports: [PublishedReport]) -> [TrendRow] {
    var rows: [TrendRow] = []
    for category in IndexCategory.allCases {
      rows.append(
        TrendRow(
          section: "index", key: category.rawValue, label: category.label, values: reports.map { $0.index[category]! }))
    }
    for dimension in Dimension.allCases {
      rows.append(
        TrendRow(
          section: "dimensions", key: dimension.rawValue, label: "\(dimension.label): rød",
          values: reports.map { $0.dimensions[dimension]![.red]! }))
    }
    rows.append(
      TrendRow(
        section: "plans", key: "noPlanOrGroup", label: "Ingen plan eller ansvarsgruppe",
        values: reports.map(\.noPlanOrGroup)))
    rows.append(TrendRow(section: "lar", key: "lar", label: "I LAR", values: reports.map(\.lar)))
    // Services: the union of the catalogues in order of first appearance, labels from the first year.
    // A service missing from a year's catalogue shows as nil there (no figure, not a suppression).
    var ids: [(String, String)] = []
    for report in reports {
      for service in report.services where !ids.contains(where: { $0.0 == service.id }) {
        ids.append((service.id, service.label))
      }
    }
    for (id, label) in ids {
      rows.append(
        TrendRow(
          section: "services", key: id, label: "\(label): nå",
          values: reports.map { $0.service(id)?.now }))
    }
    return rows
  }
}
