import BrukerPlanModel
import Foundation
import Synchronization

/// A store that writes down each call it gets before passing it on: what a test reads to see how
/// many requests (and so how many reads, on a server) an action costs.
final class RecordingService: StoreService {
  let base: any StoreService
  private let names = Mutex<[String]>([])

  init(_ base: any StoreService) { self.base = base }

  /// The calls so far, and forget them.
  func takeCalls() -> [String] {
    names.withLock { calls in
      defer { calls = [] }
      return calls
    }
  }

  private func note(_ name: String) { names.withLock { $0.append(name) } }

  func whoAmI() throws(StoreError) -> Principal {
    note("whoAmI")
    return try base.whoAmI()
  }
  func listRounds() throws(StoreError) -> [RoundListing] {
    note("listRounds")
    return try base.listRounds()
  }
  func createRound(_ round: Round, folderName: String) throws(StoreError) -> String {
    note("createRound")
    return try base.createRound(round, folderName: folderName)
  }
  func openRound(_ name: String) throws(StoreError) -> RoundContents {
    note("openRound")
    return try base.openRound(name)
  }
  func openSurvey(_ id: String, round: String) throws(StoreError) -> OpenedSurvey {
    note("openSurvey")
    return try base.openSurvey(id, round: round)
  }
  func enterSurvey(_ id: String, round: String) throws(StoreError) -> [Editor] {
    note("enterSurvey")
    return try base.enterSurvey(id, round: round)
  }
  func leaveSurvey(_ id: String, round: String) {
    note("leaveSurvey")
    base.leaveSurvey(id, round: round)
  }
  func survey(_ id: String, round: String) throws(StoreError) -> Survey {
    note("survey")
    return try base.survey(id, round: round)
  }
  func identify(_ number: NationalIdentityNumber, round: String) throws(StoreError) -> Identification {
    note("identify")
    return try base.identify(number, round: round)
  }
  func countNotIncluded(
    round: String, unit: String, reason: ExclusionReason, number: NationalIdentityNumber?, today: ISODay
  ) throws(StoreError) -> ExclusionOutcome {
    note("countNotIncluded")
    return try base.countNotIncluded(round: round, unit: unit, reason: reason, number: number, today: today)
  }
  func save(_ survey: Survey, baseRevision: Int?, round: String) throws(StoreError) -> Survey {
    note("save")
    return try base.save(survey, baseRevision: baseRevision, round: round)
  }
  func delete(_ id: String, baseRevision: Int?, round: String) throws(StoreError) {
    note("delete")
    try base.delete(id, baseRevision: baseRevision, round: round)
  }
  func saveRecovery(_ survey: Survey, round: String) throws(StoreError) {
    note("saveRecovery")
    try base.saveRecovery(survey, round: round)
  }
  func removeRecovery(_ id: String, round: String) throws(StoreError) {
    note("removeRecovery")
    try base.removeRecovery(id, round: round)
  }
  func report(rounds: [String], by: BreakdownKey?, minCell: Int, skipInvalid: Bool) throws(StoreError)
    -> PublishedReport
  {
    note("report")
    return try base.report(rounds: rounds, by: by, minCell: minCell, skipInvalid: skipInvalid)
  }
  func comparison(_ a: String, _ b: String) throws(StoreError) -> PublishedComparison {
    note("comparison")
    return try base.comparison(a, b)
  }
  func desk(round: String, today: ISODay) throws(StoreError) -> RoundDesk {
    note("desk")
    return try base.desk(round: round, today: today)
  }
  func setRoundStatus(round: String, close: Bool, reason: String) throws(StoreError) {
    note("setRoundStatus")
    try base.setRoundStatus(round: round, close: close, reason: reason)
  }
  func exportCSV(round: String) throws(StoreError) -> ExportedCSV {
    note("exportCSV")
    return try base.exportCSV(round: round)
  }
  func audit(round: String, user: String?, survey: String?) throws(StoreError) -> [AuditLog.Entry] {
    note("audit")
    return try base.audit(round: round, user: user, survey: survey)
  }
  func accessList() throws(StoreError) -> AccessFile {
    note("accessList")
    return try base.accessList()
  }
  func changeAccess(_ change: AccessChange) throws(StoreError) -> AccessFile {
    note("changeAccess")
    return try base.changeAccess(change)
  }
}
