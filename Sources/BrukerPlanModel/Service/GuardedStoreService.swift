import Foundation
import Synchronization

/// The store as `serve` offers it to one connected OS user: every call checked against the
/// access file (read afresh each time, so a revoke counts at once) and written to the audit log
/// under the name the kernel gave for the peer. Person-level data of a unit the user does not
/// belong to never leaves: not in a list, an error, an export or a conflict.
public final class GuardedStoreService: StoreService {
  let base: LocalStoreService
  /// The peer as the kernel named it (SO_PEERCRED); `grant` is filled in per call.
  let peer: Principal

  /// This connection's mark on the surveys its client has open, removed when it ends.
  let holder = PresenceBoard.newHolder()
  private let entered = Entered()

  public init(base: LocalStoreService, user: String, uid: UInt32, isOwner: Bool) {
    self.base = base
    peer = Principal(user: user, uid: uid, grant: nil, isOwner: isOwner)
  }

  /// A client that goes away (closed, killed, cut off) leaves no "also open by" behind.
  deinit {
    for (id, round) in entered.all() { base.leaveSurvey(id, round: round, holder: holder) }
  }

  // MARK: Rules

  /// The peer with their current grant; no grant and not the owner: refused.
  func rights() throws(StoreError) -> Rights {
    let grant = try base.accessList().users[peer.user]
    guard grant != nil || peer.isOwner else {
      throw .denied(
        "the user \(peer.user) has no access to this store; an admin can run: brukerplan-tui access grant \(peer.user) --role caseworker --unit UNIT"
      )
    }
    return Rights(grant: grant, isOwner: peer.isOwner)
  }

  struct Rights {
    let grant: AccessGrant?
    let isOwner: Bool

    /// Person-level access: the owner, or a caseworker of the survey's unit.
    func sees(_ survey: Survey) -> Bool { sees(unit: survey.unit) }
    func sees(unit: String?) -> Bool { isOwner || (unit.map { units.contains($0) } ?? false) }
    /// Units count for caseworkers only: a coordinator or admin sees no answers.
    var units: [String] { grant?.role == .caseworker ? grant?.units ?? [] : [] }
    func has(_ roles: Role...) -> Bool { isOwner || grant.map { roles.contains($0.role) } == true }
  }

  /// Writes one line to the round's log; an access that cannot be audited is not given.
  func audit(
    _ round: String, _ action: String, id: String = "", revision: Int = 0, detail: String? = nil
  ) throws(StoreError) {
    let folder = try base.folder(round)
    do {
      try folder.audit.append(
        AuditLog.Event(action: action, id: id, revision: revision, user: peer.user, detail: detail))
    } catch {
      throw .file(error)
    }
  }

  /// Refuses and writes the refusal to the round's log: an attempt is worth knowing about.
  func refuse(_ round: String, _ action: String, id: String = "", _ reason: String) -> StoreError {
    try? audit(round, "denied", id: id, detail: "\(action): \(reason)")
    return .denied(reason)
  }

  func unitName(_ unit: String?, in round: String) -> String {
    guard let unit else { return "?" }
    let name = (try? base.round(round).1.unit(unit)?.name) ?? nil
    return name.map { "\($0) (\(unit))" } ?? unit
  }

  /// The survey on disk, if this user may see it; a survey of another unit is refused.
  func visibleSurvey(_ id: String, round: String, rights: Rights, action: String) throws(StoreError) -> Survey? {
    guard rights.isOwner || rights.grant?.role == .caseworker else {
      throw refuse(
        round, action, id: id, "your role (\(rights.grant?.role.rawValue ?? "none")) sees no person-level answers")
    }
    let (folder, loadedRound) = try base.round(round)
    guard let current = try folder.loadSurvey(id, round: loadedRound) else { return nil }
    guard rights.sees(current) else {
      try? audit(round, "denied", id: id, detail: "\(action): registered by unit \(current.unit ?? "?")")
      throw .registeredElsewhere(unit: unitName(current.unit, in: round))
    }
    return current
  }

  /// A conflict or an existing survey reported back only if the user may see it.
  func screened(_ error: StoreError, round: String, rights: Rights) -> StoreError {
    switch error {
    case .conflict(let current) where !rights.sees(current), .alreadyExists(let current) where !rights.sees(current):
      return .registeredElsewhere(unit: unitName(current.unit, in: round))
    default: return error
    }
  }

  func requireUnit(_ survey: Survey, round: String, rights: Rights, action: String) throws(StoreError) {
    guard rights.sees(survey) else {
      let mine = rights.units.isEmpty ? "none" : rights.units.joined(separator: ", ")
      throw refuse(
        round, action, id: survey.id, "unit \(survey.unit ?? "(none)") is not one of your units (\(mine))")
    }
  }

  // MARK: StoreService

  public func whoAmI() throws(StoreError) -> Principal {
    var principal = peer
    principal.grant = try base.accessList().users[peer.user]
    return principal
  }

  public func listRounds() throws(StoreError) -> [RoundListing] {
    let rights = try rights()
    let everything = rights.has(.coordinator, .admin)
    return try base.listRounds(visible: { everything || rights.sees(unit: $0.unit) })
  }

  public func createRound(_ round: Round, folderName: String) throws(StoreError) -> String {
    guard try rights().has(.admin) else { throw .denied("only an admin creates rounds") }
    let name = try base.createRound(round, folderName: folderName)
    try audit(name, "round", detail: "created")
    return name
  }

  public func openRound(_ name: String) throws(StoreError) -> RoundContents {
    let rights = try rights()
    var contents = try base.openRound(name)
    contents.recovery = contents.recovery.filter(rights.sees)
    if rights.isOwner || rights.grant?.role == .caseworker {
      contents.surveys = contents.surveys.filter { rights.sees(unit: $0.unit) }
      let units = rights.isOwner ? "all" : rights.units.joined(separator: ", ")
      try audit(name, "list", detail: "\(contents.surveys.count) surveys of units \(units)")
    } else {
      // The progress: each survey's unit, status, revision and time, never an answer.
      contents.surveys = contents.surveys.map(\.progressOnly)
      contents.answersVisible = false
      try audit(name, "list", detail: "progress of \(contents.surveys.count) surveys, no answers")
    }
    return contents
  }

  public func openSurvey(_ id: String, round: String) throws(StoreError) -> OpenedSurvey {
    let survey = try openedSurvey(id, round: round)
    entered.insert(id, round)
    return OpenedSurvey(
      survey: survey, editors: try base.enterSurvey(id, round: round, user: peer.user, holder: holder))
  }

  /// The survey read once, if this user may see it, with the read written to the log.
  private func openedSurvey(_ id: String, round: String) throws(StoreError) -> Survey {
    guard let survey = try visibleSurvey(id, round: round, rights: try rights(), action: "open") else {
      throw .notFound(path: "\(round)/surveys/\(id).json")
    }
    try audit(round, "open", id: id, revision: survey.revision)
    return survey
  }

  public func enterSurvey(_ id: String, round: String) throws(StoreError) -> [Editor] {
    let rights = try rights()
    guard try visibleSurvey(id, round: round, rights: rights, action: "open") != nil else { return [] }
    entered.insert(id, round)
    return try base.enterSurvey(id, round: round, user: peer.user, holder: holder)
  }

  public func leaveSurvey(_ id: String, round: String) {
    entered.remove(id, round)
    base.leaveSurvey(id, round: round, holder: holder)
  }

  public func survey(_ id: String, round: String) throws(StoreError) -> Survey {
    try openedSurvey(id, round: round)
  }

  public func identify(_ number: NationalIdentityNumber, round: String) throws(StoreError) -> Identification {
    let rights = try rights()
    guard rights.isOwner || !rights.units.isEmpty else {
      throw refuse(round, "search", "registering persons needs a unit; ask an admin")
    }
    let id = base.store.pseudonym(for: number)
    let (folder, loadedRound) = try base.round(round)
    do {
      try base.refuseOptedOut(id, in: folder)
    } catch {
      // Logged without the pseudonym: the log never ties a person to an opt-out.
      try audit(round, "search", detail: "opted out of the round; not opened")
      throw error
    }
    let current = try? folder.loadSurvey(id, round: loadedRound)
    if let existing = current, !rights.sees(existing) {
      let unit = unitName(existing.unit, in: round)
      try audit(round, "search", id: id, detail: "registered elsewhere (\(unit)); not opened")
      return .registeredElsewhere(unit: unit)
    }
    try audit(round, "search", id: id, detail: current == nil ? "not registered" : "found in own unit")
    return .person(id: id, birthYear: number.birthYear, gender: number.gender)
  }

  public func save(_ survey: Survey, baseRevision: Int?, round: String) throws(StoreError) -> Survey {
    let rights = try rights()
    try requireUnit(survey, round: round, rights: rights, action: "save")
    _ = try visibleSurvey(survey.id, round: round, rights: rights, action: "save")
    do {
      return try base.save(survey, baseRevision: baseRevision, round: round, user: peer.user)
    } catch {
      throw screened(error, round: round, rights: rights)
    }
  }

  public func delete(_ id: String, baseRevision: Int?, round: String) throws(StoreError) {
    let rights = try rights()
    guard try visibleSurvey(id, round: round, rights: rights, action: "delete") != nil else {
      throw .notFound(path: "\(round)/surveys/\(id).json")
    }
    do {
      try base.delete(id, baseRevision: baseRevision, round: round, user: peer.user)
    } catch {
      throw screened(error, round: round, rights: rights)
    }
  }

  public func saveRecovery(_ survey: Survey, round: String) throws(StoreError) {
    let rights = try rights()
    try requireUnit(survey, round: round, rights: rights, action: "recovery")
    _ = try visibleSurvey(survey.id, round: round, rights: rights, action: "recovery")
    try base.saveRecovery(survey, round: round)
    try audit(round, "recovery", id: survey.id, revision: survey.revision)
  }

  public func removeRecovery(_ id: String, round: String) throws(StoreError) {
    let rights = try rights()
    _ = try visibleSurvey(id, round: round, rights: rights, action: "recovery")
    try base.removeRecovery(id, round: round)
  }

  public func report(rounds: [String], by: BreakdownKey?, minCell: Int, skipInvalid: Bool) throws(StoreError)
    -> PublishedReport
  {
    guard try rights().has(.coordinator, .admin) else {
      throw refuse(rounds.first ?? "", "report", "reports are for coordinators and admins")
    }
    // Suppression cannot be turned down through the server.
    let k = max(minCell, Disclosure.defaultMinCell)
    let report = try base.report(rounds: rounds, by: by, minCell: k, skipInvalid: skipInvalid)
    for round in rounds {
      try audit(round, "report", detail: "rounds \(rounds.joined(separator: ", ")); min cell \(k)")
    }
    return report
  }

  public func comparison(_ a: String, _ b: String) throws(StoreError) -> PublishedComparison {
    guard try rights().has(.coordinator, .admin) else {
      throw refuse(a, "compare", "comparisons are for coordinators and admins")
    }
    let comparison = try base.comparison(a, b)
    for round in [a, b] { try audit(round, "report", detail: "comparison of \(a) and \(b)") }
    return comparison
  }

  public func desk(round: String, today: ISODay) throws(StoreError) -> RoundDesk {
    guard try rights().has(.coordinator, .admin) else {
      throw refuse(round, "desk", "the round desk is for coordinators and admins")
    }
    let desk = try base.desk(round: round, today: today)
    try audit(round, "desk")
    return desk
  }

  public func setRoundStatus(round: String, close: Bool, reason: String) throws(StoreError) {
    guard try rights().has(.coordinator, .admin) else {
      throw refuse(round, close ? "close-round" : "reopen-round", "closing a round is for coordinators and admins")
    }
    // The round's own log line (close-round / reopen-round) names the peer.
    try base.setRoundStatus(round: round, close: close, reason: reason, user: peer.user)
  }

  public func exportCSV(round: String) throws(StoreError) -> ExportedCSV {
    let rights = try rights()
    guard rights.isOwner || !rights.units.isEmpty else {
      throw refuse(round, "export", "a person-level export needs a unit; coordinators get reports")
    }
    let exported = try base.exportCSV(round: round, visible: rights.sees)
    try audit(
      round, "export",
      detail: "\(exported.persons) persons of units \(rights.isOwner ? "all" : rights.units.joined(separator: ", "))")
    return exported
  }

  public func audit(round: String, user: String?, survey: String?) throws(StoreError) -> [AuditLog.Entry] {
    guard try rights().has(.admin) else { throw refuse(round, "audit", "the audit log is for admins") }
    let entries = try base.audit(round: round, user: user, survey: survey)
    try audit(round, "audit", id: survey ?? "", detail: user.map { "entries of user \($0)" })
    return entries
  }

  public func accessList() throws(StoreError) -> AccessFile {
    guard try rights().has(.admin) else { throw .denied("only an admin sees the access list") }
    return try base.accessList()
  }

  public func changeAccess(_ change: AccessChange) throws(StoreError) -> AccessFile {
    guard try rights().has(.admin) else { throw .denied("only an admin changes access") }
    let next = try base.changeAccess(change)
    try StoreAudit.log(store: base.store, user: peer.user, change: change)
    return next
  }
}

/// Access changes go to the store's own log, `.brukerplan/audit.jsonl`.
public enum StoreAudit {
  public static func log(store: Store) -> AuditLog { AuditLog(path: "\(store.path)/\(Store.keyFolder)/audit.jsonl") }

  public static func log(store: Store, user: String, change: AccessChange) throws(StoreError) {
    let detail: String
    switch change {
    case .grant(let who, let role, let units):
      detail = "grant \(who) \(role.rawValue) units \(units.joined(separator: ","))"
    case .revoke(let who, let units):
      detail = units.isEmpty ? "revoke \(who)" : "revoke \(who) units \(units.joined(separator: ","))"
    }
    let log = Self.log(store: store)
    defer { StoreOwner.give(log.path, toOwnerOf: store.path) }
    do {
      try log.append(AuditLog.Event(action: "access", id: "", revision: 0, user: user, detail: detail))
    } catch {
      throw .file(error)
    }
  }
}

/// The surveys one connection has entered; requests of a connection may run on any thread.
final class Entered: Sendable {
  private let pairs = Mutex(Set<[String]>())

  func insert(_ id: String, _ round: String) { pairs.withLock { _ = $0.insert([id, round]) } }
  func remove(_ id: String, _ round: String) { pairs.withLock { _ = $0.remove([id, round]) } }
  func all() -> [(String, String)] { pairs.withLock { $0.map { ($0[0], $0[1]) } } }
}
