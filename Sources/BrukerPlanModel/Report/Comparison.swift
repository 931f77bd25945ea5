/// How a person's level on one dimension moved between two rounds.
public enum PanelChange: String, Vocabulary {
  case better, same, worse

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.better, .norwegian): "Bedre"
    case (.same, .norwegian): "Samme"
    case (.worse, .norwegian): "Verre"
    case (.better, .english): "Better"
    case (.same, .english): "Same"
    case (.worse, .english): "Worse"
    }
  }
}

/// Persons complete in both rounds: raw counts.
public struct PanelFigures: Hashable, Sendable {
  public var n = 0
  /// Flat: A category * 4 + B category.
  public var index = [Int](repeating: 0, count: 16)
  /// Flat: dimension * 3 + change (better, same, worse).
  public var dimensions = [Int](repeating: 0, count: Dimension.allCases.count * 3)

  public init() {}
}

public struct ComparisonFigures: Hashable, Sendable {
  public var a: ReportFigures
  public var b: ReportFigures
  public var panel: PanelFigures
  public var follow = FollowFigures()
}

public enum ComparisonEngine {
  /// A is the earlier side, B the later. Each side is one pass; the panel is matched by id.
  public static func figures(a: [ReportInput], b: [ReportInput]) -> ComparisonFigures {
    let (a, b, _) = earlierFirst(a, b)
    return ComparisonFigures(
      a: ReportEngine.figures(a), b: ReportEngine.figures(b), panel: panel(a: a, b: b), follow: follow(a: a, b: b))
  }

  /// The two sides with the earlier year as A, whichever order they were given in, and whether
  /// they were swapped: `compare 2025 2023` must not call 2025 "earlier" or check a forecast
  /// backwards.
  public static func earlierFirst(_ a: [ReportInput], _ b: [ReportInput]) -> (
    a: [ReportInput], b: [ReportInput], swapped: Bool
  ) {
    guard let yearA = a.map(\.round.year).min(), let yearB = b.map(\.round.year).min(), yearA > yearB else {
      return (a, b, false)
    }
    return (b, a, true)
  }

  static func panel(a: [ReportInput], b: [ReportInput]) -> PanelFigures {
    var earlier: [String: Survey] = [:]
    for input in a {
      for survey in input.surveys where survey.status == .complete { earlier[survey.id] = survey }
    }
    var panel = PanelFigures()
    for input in b {
      for later in input.surveys where later.status == .complete {
        guard let before = earlier[later.id],
          let from = ReportEngine.indexPosition(before.scores), let to = ReportEngine.indexPosition(later.scores)
        else { continue }
        panel.n += 1
        panel.index[from * 4 + to] += 1
        for (position, dimension) in ReportEngine.dimensionList.enumerated() {
          let old = before.scores[dimension]!.points
          let new = later.scores[dimension]!.points
          let change = new < old ? 0 : (new == old ? 1 : 2)
          panel.dimensions[position * 3 + change] += 1
        }
      }
    }
    return panel
  }
}

/// One share in both rounds: A percent, B percent, and the change in percentage points.
public struct Share: Codable, Hashable, Sendable {
  public let a: Cell
  public let b: Cell
  /// B percent minus A percent; nil when either side is suppressed.
  public let changePp: Double?

  public init(a: Cell, b: Cell) {
    self.a = a
    self.b = b
    if let aPercent = a.percent, let bPercent = b.percent { changePp = bPercent - aPercent } else { changePp = nil }
  }
}

/// A figure in both rounds and its change; nil on either side makes the change nil.
public struct Change: Hashable, Sendable {
  public let a: Double?
  public let b: Double?
  public var change: Double? {
    guard let a, let b else { return nil }
    return b - a
  }
}

public struct ServiceShares: Codable, Hashable, Sendable {
  public let id: String
  /// B's label.
  public let label: String
  public let now: Share
  public let next12: Share
}

/// What staff expected in A (next 12 months) against what B found (now).
public struct ForecastCheck: Codable, Hashable, Sendable {
  public let id: String
  public let label: String
  public let expected: Cell
  public let actual: Cell
  /// Actual percent minus expected percent; nil when either is suppressed.
  public let differencePp: Double?
  /// Actual count minus expected count, in persons; nil when either is suppressed.
  public var differencePersons: Int? {
    guard let actual = actual.count, let expected = expected.count else { return nil }
    return actual - expected
  }
}

/// The panel after disclosure control; percents are of the panel's n.
public struct PublishedPanel: Codable, Hashable, Sendable {
  public let n: Int
  public let isTiny: Bool
  /// From A's category to B's category.
  public let index: [IndexCategory: [IndexCategory: Cell]]
  public let dimensions: [Dimension: [PanelChange: Cell]]
}

/// A comparison of two rounds after disclosure control: both sides are full published reports.
public struct PublishedComparison: Codable, Hashable, Sendable {
  public let minCell: Int
  public let a: PublishedReport
  public let b: PublishedReport
  /// Services in both catalogues, in B's order.
  public let services: [ServiceShares]
  public let forecast: [ForecastCheck]
  public let onlyInA: [String]
  public let onlyInB: [String]
  public let panel: PublishedPanel
  /// Followed, new and gone persons; the forecast check and service transitions on the same persons.
  public let follow: PublishedFollow
  /// B's services ranked by expected change in persons, with the calibrated estimate.
  public let capacity: [CapacityRow]
  /// Step 5 over both sides, the panel and the follow tables (each side's own audit included).
  public let audit: AuditSummary
  public let auditTrail: AuditTrail

  public var n: (a: Int, b: Int, change: Int) { (a.n, b.n, b.n - a.n) }
  public var prevalenceTotal: Change { Change(a: a.prevalencePer1000.total, b: b.prevalencePer1000.total) }
  public var prevalence16: Change { Change(a: a.prevalencePer1000.age16plus, b: b.prevalencePer1000.age16plus) }
  public var prevalence18: Change { Change(a: a.prevalencePer1000.age18plus, b: b.prevalencePer1000.age18plus) }
  public var meanAge: Change { Change(a: a.meanAge, b: b.meanAge) }
  public var meanSubstancesPerPerson: Change {
    Change(a: a.meanSubstancesPerPerson, b: b.meanSubstancesPerPerson)
  }

  /// The shares of one vocabulary in both rounds.
  public func shares<V: Vocabulary>(_ keyPath: KeyPath<PublishedReport, [V: Cell]>) -> [(V, Share)] {
    V.allCases.map { ($0, Share(a: a[keyPath: keyPath][$0]!, b: b[keyPath: keyPath][$0]!)) }
  }

  public func dimension(_ dimension: Dimension) -> [(Score, Share)] {
    Score.allCases.map { ($0, Share(a: a.dimensions[dimension]![$0]!, b: b.dimensions[dimension]![$0]!)) }
  }
}

extension ComparisonEngine {
  /// Figures and disclosure control in one call: what the terminal UI and `compare` show.
  /// A and B each obey the report's scope, and are not the same round.
  public static func publish(
    a: [ReportInput], b: [ReportInput], minCell: Int = Disclosure.defaultMinCell
  ) throws(ReportScopeError) -> PublishedComparison {
    try ReportScopeError.check(a.map(\.round))
    try ReportScopeError.check(b.map(\.round))
    for later in b.map(\.round) {
      if let same = a.map(\.round).first(where: {
        $0.municipality.code == later.municipality.code && $0.year == later.year
      }) {
        throw .sameRoundTwice(municipality: "\(same.municipality.name) (\(same.municipality.code))", year: same.year)
      }
    }
    return Disclosure.apply(figures(a: a, b: b), minCell: minCell)
  }

  public static func publish(a: LoadedRound, b: LoadedRound, minCell: Int = Disclosure.defaultMinCell)
    throws(ReportScopeError) -> PublishedComparison
  {
    try publish(a: [ReportInput(a)], b: [ReportInput(b)], minCell: minCell)
  }
}

extension Disclosure {
  /// Both sides as the reports they are on their own; the panel on top of both, its matrix rows
  /// and columns bounded by A's and B's index counts.
  static func apply(_ figures: ComparisonFigures, minCell: Int = defaultMinCell) -> PublishedComparison {
    var cache = LayerCache()
    return apply(figures, minCell: minCell, cache: &cache)
  }

  /// With the layers published so far in the same output (a trend's years).
  static func apply(_ figures: ComparisonFigures, minCell: Int, cache: inout LayerCache) -> PublishedComparison {
    let k = max(1, minCell)
    let a = apply(figures.a, minCell: k, cache: &cache)
    let b = apply(figures.b, minCell: k, cache: &cache)
    let idsA = Set(a.services.map(\.id))
    let idsB = Set(b.services.map(\.id))
    let both = b.services.filter { idsA.contains($0.id) }
    let services = both.map { later in
      let earlier = a.service(later.id)!
      return ServiceShares(
        id: later.id, label: later.label, now: Share(a: earlier.now, b: later.now),
        next12: Share(a: earlier.next12, b: later.next12))
    }
    let forecast = both.map { later in
      let expected = a.service(later.id)!.next12
      var difference: Double?
      if let actual = later.now.percent, let expected = expected.percent { difference = actual - expected }
      return ForecastCheck(
        id: later.id, label: later.label, expected: expected, actual: later.now, differencePp: difference)
    }
    let (panel, follow, counts) = panelCounts(
      figures.panel, figures.follow, a: layer(figures.a, k: k, cache: &cache),
      b: layer(figures.b, k: k, cache: &cache), k: k)
    return PublishedComparison(
      minCell: k, a: a, b: b, services: services, forecast: forecast,
      onlyInA: a.services.map(\.id).filter { !idsB.contains($0) },
      onlyInB: b.services.map(\.id).filter { !idsA.contains($0) },
      panel: panel, follow: follow,
      capacity: CapacityRow.ranked(b.services.map { CapacityRow($0, forecast: follow.forecast($0.id)) }),
      audit: counts.summary, auditTrail: AuditTrail(counts: counts))
  }
}
