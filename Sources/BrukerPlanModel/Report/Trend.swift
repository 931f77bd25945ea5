/// One share over the years of a trend.
public struct TrendRow: Hashable, Sendable {
  /// The section key: "gender", "index", "dimensions" (the red share, as in v1), "dimensionScores",
  /// "plans", "lar", "services" (now, as in v1), "servicesNext12", ...
  public let section: String
  /// The row key: "green", "housing", "housing.yellow", "noPlanOrGroup", "socialServices", ...
  public let key: String
  /// The row named on its own ("Bosituasjon: gul", "Sosialtjeneste: nå").
  public let label: String
  /// The row named inside its section's table ("Gul", "Sosialtjeneste").
  public let name: String
  /// One published cell per round, in year order; nil where the year's catalogue lacks the service.
  public let values: [Cell?]
}

/// Two consecutive rounds of a trend: the persons followed from one to the next, and what the
/// earlier round expected against what the later one found.
public struct TrendStep: Hashable, Sendable {
  public let from: Int
  public let to: Int
  /// Complete in both rounds (the same pseudonym), complete only in the earlier, only in the
  /// later: the known numbers `compare` publishes for the same two rounds.
  public let followed: Int
  public let gone: Int
  public let new: Int
  /// Per service in both catalogues, in the later round's order: the earlier round's next12
  /// against the later round's now (a cross-section check, as in `compare`).
  public let forecast: [ForecastCheck]

  public func forecast(_ id: String) -> ForecastCheck? { forecast.first { $0.id == id } }
}

/// Three or more rounds of one municipality, ordered by year (`trend`).
public struct PublishedTrend: Hashable, Sendable {
  public let minCell: Int
  /// One published report per round, by year.
  public let reports: [PublishedReport]
  public let rows: [TrendRow]
  /// One step per pair of consecutive years.
  public let steps: [TrendStep]
  /// Step 5 over every year's report and every step's follow tables, as one output.
  public let audit: AuditSummary
  public let auditTrail: AuditTrail

  public var years: [Int] { reports.map { $0.rounds.first?.year ?? 0 } }
  public var municipality: ReportRound? { reports.first?.rounds.first }

  /// Every service of the years' catalogues, in order of first appearance, with its first label.
  public var services: [(id: String, label: String)] { Self.services(reports) }
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
  /// Each round is its own report (its own disclosure control); each pair of consecutive rounds
  /// is the comparison `compare` publishes for them, and the whole is audited as one output.
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
    return Disclosure.apply(trend: sorted, minCell: minCell)
  }
}

extension Disclosure {
  /// The years' reports and the pairs' follow tables share one layer cache, so each year is
  /// published once and every pair sees it as published. One table then includes every pair (and
  /// through them every year) so the audit checks the identities between all of them at once.
  static func apply(trend sorted: [ReportInput], minCell: Int) -> PublishedTrend {
    let k = max(1, minCell)
    var cache = LayerCache()
    let comparisons = zip(sorted, sorted.dropFirst()).map { earlier, later in
      apply(ComparisonEngine.figures(a: [earlier], b: [later]), minCell: k, cache: &cache)
    }
    let reports = [comparisons[0].a] + comparisons.map(\.b)
    let years = reports.map { "\($0.rounds.first?.year ?? 0)" }.joined(separator: "+")
    var table = CountTable(
      key: "trend \(sorted[0].round.municipality.code)/\(years)", population: reports.reduce(0) { $0 + $1.n })
    for comparison in comparisons {
      if let counts = comparison.auditTrail.counts { _ = table.include(counts) }
    }
    let counts = table.publish(minCell: k)
    let steps = comparisons.map { comparison in
      TrendStep(
        from: comparison.a.rounds.first?.year ?? 0, to: comparison.b.rounds.first?.year ?? 0,
        followed: comparison.follow.followed, gone: comparison.follow.goneSinceA, new: comparison.follow.newInB,
        forecast: comparison.forecast)
    }
    return PublishedTrend(
      minCell: k, reports: reports, rows: TrendRows.rows(reports), steps: steps, audit: counts.summary,
      auditTrail: AuditTrail(counts: counts))
  }
}
