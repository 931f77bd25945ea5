/// A published count: the count and its percent, or suppressed (both nil) by disclosure control.
public struct Cell: Codable, Hashable, Sendable {
  public let count: Int?
  public let percent: Double?

  public var isSuppressed: Bool { count == nil }

  public static let suppressed = Cell(count: nil, percent: nil)

  /// `percent` is 100 * count / base, or nil when base is 0.
  init(count: Int, base: Int) {
    self.count = count
    self.percent = base > 0 ? 100 * Double(count) / Double(base) : nil
  }

  init(count: Int?, percent: Double?) {
    self.count = count
    self.percent = percent
  }
}

/// Prevalence per 1000 residents; nil where the population is unknown or the report is tiny.
public struct Prevalence: Codable, Hashable, Sendable {
  public var total: Double?
  public var age16plus: Double?
  public var age18plus: Double?
}

/// One catalogue service as published.
public struct PublishedService: Codable, Hashable, Sendable {
  public let id: String
  public let label: String
  public let level: ServiceLevel
  public let now: Cell
  public let next12: Cell
  /// next12 percent minus now percent, in percentage points; nil when either is suppressed.
  public let growthPp: Double?
  /// next12 count minus now count; nil when either is suppressed.
  public let growthPersons: Int?
  public let newDemand: Cell
  public let ending: Cell
}

/// One group of a breakdown: percents are of the group's n.
public struct PublishedGroup: Codable, Hashable, Sendable {
  public let key: String
  public let label: String
  /// The group's size (percent of the report's n).
  public let n: Cell
  public let index: [IndexCategory: Cell]
  public let dimensions: [Dimension: [Score: Cell]]
}

public struct PublishedBreakdown: Codable, Hashable, Sendable {
  public let key: BreakdownKey
  public let groups: [PublishedGroup]
}

/// A report after disclosure control (spec section 9). Every renderer and the terminal UI
/// read only this type, so no output can show a cell that should be suppressed.
public struct PublishedReport: Codable, Hashable, Sendable {
  public let minCell: Int
  public let rounds: [ReportRound]
  public let n: Int
  public let drafts: Int
  /// Survey files that could not be read and were left out (`--skip-invalid`).
  public let skippedInvalid: Int
  /// True when n < minCell: every cell is suppressed.
  public let isTiny: Bool
  /// Known residents, for telling "no population given" from "suppressed".
  public let population: PopulationTotals
  public let prevalencePer1000: Prevalence
  public let gender: [Gender: Cell]
  public let ageBands: [AgeBand: Cell]
  public let meanAge: Double?
  public let problemGroup: [ProblemGroup: Cell]
  public let dimensions: [Dimension: [Score: Cell]]
  public let index: [IndexCategory: Cell]
  public let plans: [Plan: Cell]
  public let noPlanOrGroup: Cell
  public let substances: [Substance: Cell]
  /// Ticked substances per person; nil when any substance count is suppressed.
  public let meanSubstancesPerPerson: Double?
  public let lar: Cell
  public let children: [ChildrenKey: Cell]
  public let activity: [Activity: Cell]
  public let violence: [Violence: Cell]
  /// In catalogue order (the union of the rounds' catalogues in order of first appearance).
  public let services: [PublishedService]
  public let breakdown: PublishedBreakdown?
  /// One published report per municipality (each under its own disclosure control), when the
  /// report spans several municipalities; empty otherwise.
  public let municipalities: [PublishedReport]
  /// Step 5: cells the audit checked (every suppressed count, its layers included) and cells
  /// it had to suppress on top of steps 1-4.
  public let audit: AuditSummary
  /// Every suppressed count with its interval, for `report --audit`.
  public let auditTrail: AuditTrail

  public func service(_ id: String) -> PublishedService? { services.first { $0.id == id } }

  /// "Fonna 2006", "Fonna 2006, Fjordvik 2006", ...
  public var title: String {
    rounds.map { "\($0.municipalityName) \($0.year)" }.joined(separator: ", ")
  }
}
