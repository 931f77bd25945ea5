import Foundation

/// The coordinator's view of a round in progress (the "round desk"): per unit what is delivered,
/// what is still a draft, whom the inclusion check left out and why (counters only), open
/// data-quality findings, the last save, and last year's complete count beside it.
public struct RoundDesk: Codable, Hashable, Sendable {
  public static let format = "brukerplan-desk/1"

  public struct Row: Codable, Hashable, Sendable {
    public var unit: String
    public var name: String
    public var complete = 0
    public var drafts = 0
    /// reason key (ExclusionReason) → persons
    public var notIncluded: [String: Int] = [:]
    public var openWarnings = 0
    public var openErrors = 0
    /// The latest updatedAt among the unit's surveys.
    public var lastSave: String?
    /// Complete surveys of this unit id in last year's round; nil when there is no such round
    /// or the unit is new.
    public var lastYearComplete: Int?

    public func notIncluded(_ reason: ExclusionReason) -> Int { notIncluded[reason.rawValue] ?? 0 }
  }

  public var format = RoundDesk.format
  public var municipality: String
  public var year: Int
  public var status: RoundStatus
  public var deadline: String
  public var today: String
  /// Negative once the deadline has passed.
  public var daysToDeadline: Int
  public var rules = QualityRules.version
  /// The folder of last year's round the counts are compared with, if one was found.
  public var previousRound: String?
  public var units: [Row]
  public var total: Row
  /// Persons on the round's opt-out list (counted once, whichever unit asked).
  public var optOutList: Int
  /// Survey files that could not be read; they are in no count above.
  public var invalidFiles: Int
}

extension RoundDesk {
  /// The desk of `loaded`, with last year's round `previous` if there is one.
  public init(
    loaded: LoadedRound, previous: LoadedRound?, inclusion: InclusionCounts, optOuts: OptOutList, today: ISODay
  ) {
    let round = loaded.round
    let deadline = round.deadline.flatMap { ISODay($0) } ?? ISODay.defaultDeadline(year: round.year)
    let context = QualityContext(round: round, today: today)
    var rows = round.units.map { Row(unit: $0.id, name: $0.name) }
    var position = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.unit, $0) })
    func index(_ unit: String?) -> Int {
      let key = unit ?? ""
      if let found = position[key] { return found }
      rows.append(Row(unit: key, name: unit == nil ? "(no unit)" : key))
      position[key] = rows.count - 1
      return rows.count - 1
    }
    for survey in loaded.surveys {
      let at = index(survey.unit)
      if survey.status == .complete { rows[at].complete += 1 } else { rows[at].drafts += 1 }
      if survey.updatedAt > (rows[at].lastSave ?? "") { rows[at].lastSave = survey.updatedAt }
      for finding in QualityRules.findings(for: survey, context: context) where finding.isOpen {
        if finding.severity == .error { rows[at].openErrors += 1 } else { rows[at].openWarnings += 1 }
      }
    }
    for (unit, counts) in inclusion.units where !counts.isEmpty {
      let at = index(unit)
      for (reason, count) in counts { rows[at].notIncluded[reason, default: 0] += count }
    }
    if let previous {
      let lastYear = Dictionary(grouping: previous.complete, by: { $0.unit ?? "" }).mapValues(\.count)
      let lastUnits = Set(previous.round.units.map(\.id))
      for at in rows.indices where lastUnits.contains(rows[at].unit) {
        rows[at].lastYearComplete = lastYear[rows[at].unit] ?? 0
      }
    }
    var total = Row(unit: "total", name: "Total")
    for row in rows {
      total.complete += row.complete
      total.drafts += row.drafts
      total.openWarnings += row.openWarnings
      total.openErrors += row.openErrors
      for (reason, count) in row.notIncluded { total.notIncluded[reason, default: 0] += count }
      if let save = row.lastSave, save > (total.lastSave ?? "") { total.lastSave = save }
    }
    total.lastYearComplete = previous?.complete.count
    self.init(
      municipality: round.municipality.name, year: round.year, status: round.status,
      deadline: deadline.description, today: today.description, daysToDeadline: today.days(to: deadline),
      previousRound: previous?.folder.name, units: rows, total: total, optOutList: optOuts.optOuts.count,
      invalidFiles: loaded.invalid.count)
  }

  /// Loads everything the desk shows from the files of `folder` and last year's round beside it.
  public static func load(_ folder: RoundFolder, today: ISODay, loader: SurveyLoader = SurveyLoader()) throws
    -> RoundDesk
  {
    let loaded = try loader.load(folder)
    let previous = try folder.previousRound().map { try loader.load($0) }
    return RoundDesk(
      loaded: loaded, previous: previous, inclusion: try folder.inclusionCounts(), optOuts: try folder.optOuts(),
      today: today)
  }
}

extension RoundFolder {
  /// The store folder this round lives in.
  public var storePath: String { Paths.parent(of: path) }

  /// Last year's round of the same municipality in the same store, if there is exactly one
  /// candidate folder (by name when several claim it, the first).
  public func previousRound() throws -> RoundFolder? {
    let round = try loadRound()
    let siblings = (try? FileSystem.list(storePath)) ?? []
    for name in siblings.sorted() where !name.hasPrefix(".") && name != self.name {
      let candidate = RoundFolder(path: "\(storePath)/\(name)")
      guard FileSystem.exists(candidate.roundFile), let other = try? candidate.loadRound() else { continue }
      if other.municipality.code == round.municipality.code, other.year == round.year - 1 { return candidate }
    }
    return nil
  }
}

/// Every finding of rule set dq/1 in a round, optionally of one unit, in survey id order.
public enum QualityCheck {
  public static func run(_ loaded: LoadedRound, unit: String? = nil, today: ISODay) -> [QualityFinding] {
    let context = QualityContext(round: loaded.round, today: today)
    return loaded.surveys.filter { unit == nil || $0.unit == unit }.sorted { $0.id < $1.id }
      .flatMap { QualityRules.findings(for: $0, context: context) }
  }
}
