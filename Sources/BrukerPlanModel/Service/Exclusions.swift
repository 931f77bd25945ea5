import Foundation

/// What counting a person left out at the inclusion check did.
public struct ExclusionOutcome: Codable, Hashable, Sendable {
  /// For an opt-out with a number: the day the person is on the round's opt-out list from (an
  /// earlier day when they already were).
  public var optOutDate: String?
  public var alreadyListed = false
  /// The survey of the person the opt-out deleted, and its unit; nil when there was none, or
  /// (on a served store) when it was another unit's.
  public var deletedSurvey: String?
  public var deletedSurveyUnit: String?

  public init(
    optOutDate: String? = nil, alreadyListed: Bool = false, deletedSurvey: String? = nil,
    deletedSurveyUnit: String? = nil
  ) {
    self.optOutDate = optOutDate
    self.alreadyListed = alreadyListed
    self.deletedSurvey = deletedSurvey
    self.deletedSurveyUnit = deletedSurveyUnit
  }
}

extension LocalStoreService {
  /// Counts a person `unit`'s inclusion check left out (`inclusion.json`, counters only); an
  /// opt-out with a number also puts the person's pseudonym and `today` on the round's opt-out
  /// list, so no unit can register them afterwards. The number goes no further than the pseudonym.
  public func countNotIncluded(
    round name: String, unit: String, reason: ExclusionReason, number: NationalIdentityNumber?, today: ISODay
  ) throws(StoreError) -> ExclusionOutcome {
    let (folder, loadedRound) = try self.round(name)
    // The unit first: an opt-out is not listed for a count that would be refused.
    guard loadedRound.unit(unit) != nil else {
      let known = loadedRound.units.map(\.id).joined(separator: ", ")
      throw .invalid(
        path: folder.roundFile,
        problems: [FieldProblem("unit", "\"\(unit.prefix(40))\" is not a unit of this round (units: \(known))")])
    }
    do {
      var outcome = ExclusionOutcome()
      if reason == .optedOut, let number {
        let id = store.pseudonym(for: number)
        let listed = try folder.registerOptOut(id, on: today)
        outcome = ExclusionOutcome(
          optOutDate: listed.date, alreadyListed: listed.alreadyListed,
          deletedSurvey: listed.deletedSurveyUnit == nil ? nil : id, deletedSurveyUnit: listed.deletedSurveyUnit)
      }
      try folder.countExclusion(unit: unit, reason: reason)
      return outcome
    } catch let error as StoreError {
      throw error
    } catch let problem as FileProblem {
      throw .invalid(path: problem.path, problems: problem.problems)
    } catch {
      throw StoreError(error, path: folder.path)
    }
  }
}

extension GuardedStoreService {
  /// A caseworker counts for their own units only; the log names the user, the unit and the
  /// reason, never the number or the pseudonym (an opt-out is not kept past the round).
  public func countNotIncluded(
    round: String, unit: String, reason: ExclusionReason, number: NationalIdentityNumber?, today: ISODay
  ) throws(StoreError) -> ExclusionOutcome {
    let rights = try rights()
    guard rights.isOwner || rights.units.contains(unit) else {
      let mine = rights.units.isEmpty ? "none" : rights.units.joined(separator: ", ")
      throw refuse(round, "not-included", "unit \(unit.prefix(40)) is not one of your units (\(mine))")
    }
    var outcome = try base.countNotIncluded(round: round, unit: unit, reason: reason, number: number, today: today)
    // A survey another unit had made is gone; which unit knew the person is not told.
    if let deleted = outcome.deletedSurveyUnit, !(rights.isOwner || rights.units.contains(deleted)) {
      outcome.deletedSurvey = nil
      outcome.deletedSurveyUnit = nil
    }
    try audit(round, "not-included", detail: "unit \(unit): \(reason.rawValue)")
    return outcome
  }
}
