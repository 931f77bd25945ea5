import Foundation

/// The store as the UI and the commands use it: one protocol, two implementations. The local
/// folder (`LocalStoreService`, one user, the default) and the client of `serve`
/// (`RemoteStoreService`), where the server decides what each OS user may see.
/// Rounds are named by their folder name; a service resolves the name inside its own store.
public protocol StoreService: AnyObject, Sendable {
  /// Who is asking and what they may do (locally: the OS user, with every right).
  func whoAmI() throws(StoreError) -> Principal
  func listRounds() throws(StoreError) -> [RoundListing]
  /// Creates a round and returns its folder name.
  func createRound(_ round: Round, folderName: String) throws(StoreError) -> String
  /// The round with the summaries of the surveys this user may see (the list, never a form).
  func openRound(_ name: String) throws(StoreError) -> RoundContents
  /// The survey for its form in one call: read once, audited as opened (on a server), and marked
  /// as open in this session, with whoever else has it open.
  func openSurvey(_ id: String, round: String) throws(StoreError) -> OpenedSurvey
  /// Marks the survey as open in this session's form; returns who else has it open now.
  func enterSurvey(_ id: String, round: String) throws(StoreError) -> [Editor]
  /// The form of the survey was left (saved, discarded or closed).
  func leaveSurvey(_ id: String, round: String)
  /// The survey as it is now.
  func survey(_ id: String, round: String) throws(StoreError) -> Survey
  /// Turns a typed number into this store's pseudonym; the number goes no further.
  func identify(_ number: NationalIdentityNumber, round: String) throws(StoreError) -> Identification
  /// Counts a person the inclusion check of `unit` left out (counters only). An opt-out with a
  /// number also puts the pseudonym and `today` on the round's opt-out list; the number goes no
  /// further than the pseudonym.
  func countNotIncluded(
    round: String, unit: String, reason: ExclusionReason, number: NationalIdentityNumber?, today: ISODay
  ) throws(StoreError) -> ExclusionOutcome
  func save(_ survey: Survey, baseRevision: Int?, round: String) throws(StoreError) -> Survey
  func delete(_ id: String, baseRevision: Int?, round: String) throws(StoreError)
  /// An autosaved copy of a complete survey (`<round>/.recovery/<id>.json`), never over it.
  func saveRecovery(_ survey: Survey, round: String) throws(StoreError)
  func removeRecovery(_ id: String, round: String) throws(StoreError)
  /// Published (disclosure-controlled) figures only: no person-level answer ever leaves.
  func report(rounds: [String], by: BreakdownKey?, minCell: Int, skipInvalid: Bool) throws(StoreError)
    -> PublishedReport
  func comparison(_ a: String, _ b: String) throws(StoreError) -> PublishedComparison
  /// The round desk: per unit complete, drafts, left out, warnings; counts only.
  func desk(round: String, today: ISODay) throws(StoreError) -> RoundDesk
  /// Closes (or reopens) the round, with the reason for the audit log.
  func setRoundStatus(round: String, close: Bool, reason: String) throws(StoreError)
  /// The person-level CSV of `export` (ids, never a number) of the surveys this user may see.
  func exportCSV(round: String) throws(StoreError) -> ExportedCSV
  func audit(round: String, user: String?, survey: String?) throws(StoreError) -> [AuditLog.Entry]
  func accessList() throws(StoreError) -> AccessFile
  func changeAccess(_ change: AccessChange) throws(StoreError) -> AccessFile
}

/// One round on the rounds screen: counts only (of the units this user may see).
public struct RoundListing: Codable, Hashable, Sendable {
  public var name: String
  public var round: Round?
  public var complete: Int
  public var drafts: Int
  public var problem: String?

  public init(name: String, round: Round?, complete: Int, drafts: Int, problem: String? = nil) {
    self.name = name
    self.round = round
    self.complete = complete
    self.drafts = drafts
    self.problem = problem
  }
}

/// An opened round: its surveys' summaries and its recovery copies, as far as this user may see them.
public struct RoundContents: Hashable, Sendable {
  public var name: String
  public var round: Round
  public var surveys: [SurveySummary]
  public var invalidCount: Int
  public var recovery: [Survey]
  /// False for a role that sees the round's progress but no answers (a coordinator): the
  /// summaries then carry id, unit, status, revision and time only.
  public var answersVisible: Bool

  public init(
    name: String, round: Round, surveys: [SurveySummary], invalidCount: Int, recovery: [Survey],
    answersVisible: Bool = true
  ) {
    self.name = name
    self.round = round
    self.surveys = surveys
    self.invalidCount = invalidCount
    self.recovery = recovery
    self.answersVisible = answersVisible
  }
}

/// A survey opened for its form, and who else has it open now.
public struct OpenedSurvey: Codable, Hashable, Sendable {
  public var survey: Survey
  public var editors: [Editor]

  public init(survey: Survey, editors: [Editor]) {
    self.survey = survey
    self.editors = editors
  }
}

/// What a typed number leads to.
public enum Identification: Codable, Hashable, Sendable {
  /// A person this user may register or open.
  case person(id: String, birthYear: Int, gender: Gender)
  /// Already registered in this round by a unit this user does not belong to: never opened.
  case registeredElsewhere(unit: String)
}

/// An export's bytes and how many persons it holds.
public struct ExportedCSV: Codable, Hashable, Sendable {
  public var bytes: Data
  public var persons: Int
  public init(bytes: Data, persons: Int) {
    self.bytes = bytes
    self.persons = persons
  }
}

/// Who a service is talking to, as the kernel said (SO_PEERCRED), and their rights.
public struct Principal: Codable, Hashable, Sendable {
  public var user: String
  public var uid: UInt32
  public var grant: AccessGrant?
  /// Root or the store's own account on a local store: every right (the single-user default).
  public var isOwner: Bool

  public init(user: String, uid: UInt32, grant: AccessGrant?, isOwner: Bool) {
    self.user = user
    self.uid = uid
    self.grant = grant
    self.isOwner = isOwner
  }
}
