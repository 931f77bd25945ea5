import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The store folder itself, for the one user who owns it (the default, `make run`), and the
/// server's own access to its store. It checks nothing about who asks: whoever can read the
/// folder can read every file anyway. `GuardedStoreService` adds the rules of a served store.
public final class LocalStoreService: StoreService {
  public let store: Store
  /// The name written to the audit log for saves and deletes.
  public let auditUser: String

  /// This session's mark on the surveys it has open (`PresenceBoard`).
  let holder = PresenceBoard.newHolder()

  public init(store: Store, auditUser: String = AuditLog.osUser) {
    self.store = store
    self.auditUser = auditUser
  }

  /// The round folder of `name`, which must be a plain folder name of a round in this store.
  public func folder(_ name: String) throws(StoreError) -> RoundFolder {
    guard RoundFolder.isSafeName(name) else {
      throw .invalid(
        path: name, problems: [FieldProblem("round", "is not a round folder name (letters, digits, - and _ only)")])
    }
    let folder = RoundFolder(path: "\(store.path)/\(name)")
    guard FileSystem.exists(folder.roundFile) else { throw .notFound(path: folder.roundFile) }
    return folder
  }

  public func loaded(_ name: String) throws(StoreError) -> LoadedRound {
    let folder = try folder(name)
    do {
      return try folder.loadFast()
    } catch {
      throw .invalid(path: error.path, problems: error.problems)
    }
  }

  /// The round's list: a summary per valid survey, from the round index where it is current.
  func summaries(_ name: String) throws(StoreError) -> LoadedSummaries {
    let folder = try folder(name)
    do {
      return try summaries(folder)
    } catch {
      throw .invalid(path: error.path, problems: error.problems)
    }
  }

  private func summaries(_ folder: RoundFolder) throws(FileProblem) -> LoadedSummaries {
    let loaded = try SurveyLoader().loadSummaries(folder)
    loaded.pendingIndex?.write()
    return loaded
  }

  func round(_ name: String) throws(StoreError) -> (RoundFolder, Round) {
    let folder = try folder(name)
    do {
      return (folder, try folder.loadRound())
    } catch {
      throw .invalid(path: error.path, problems: error.problems)
    }
  }

  public func whoAmI() throws(StoreError) -> Principal {
    Principal(user: AuditLog.osUser, uid: UInt32(getuid()), grant: nil, isOwner: true)
  }

  public func listRounds() throws(StoreError) -> [RoundListing] {
    try listRounds(visible: { _ in true })
  }

  /// The rounds, newest first, counting only the surveys `visible` lets through.
  func listRounds(visible: (SurveySummary) -> Bool) throws(StoreError) -> [RoundListing] {
    let folders: [RoundFolder]
    do {
      folders = try store.roundFolders()
    } catch {
      throw .file(error)
    }
    return folders.sorted { $0.name > $1.name }.map { folder in
      do throws(FileProblem) {
        let loaded = try summaries(folder)
        let surveys = loaded.summaries.filter(visible)
        return RoundListing(
          name: folder.name, round: loaded.round, complete: surveys.count { $0.status == .complete },
          drafts: surveys.count { $0.status == .draft })
      } catch {
        return RoundListing(
          name: folder.name, round: nil, complete: 0, drafts: 0, problem: error.problems.first?.description)
      }
    }
  }

  public func createRound(_ round: Round, folderName: String) throws(StoreError) -> String {
    // One round per municipality and year, as `new-round` refuses it too.
    if let existing = store.rounds(municipality: round.municipality.code, year: round.year).first {
      throw .file(
        FileSystem.Failure(
          path: existing.path, reason: "already holds \(round.municipality.name)'s round of \(round.year)"))
    }
    do {
      return try store.createRound(round, folderName: folderName).name
    } catch {
      throw StoreError(error, path: folderName)
    }
  }

  public func openRound(_ name: String) throws(StoreError) -> RoundContents {
    let loaded = try summaries(name)
    return RoundContents(
      name: name, round: loaded.round, surveys: loaded.summaries, invalidCount: loaded.invalid.count,
      recovery: Array(Recovery.load(loaded.folder).values))
  }

  public func openSurvey(_ id: String, round: String) throws(StoreError) -> OpenedSurvey {
    OpenedSurvey(survey: try survey(id, round: round), editors: try enterSurvey(id, round: round))
  }

  public func enterSurvey(_ id: String, round: String) throws(StoreError) -> [Editor] {
    try enterSurvey(id, round: round, user: auditUser, holder: holder)
  }

  public func leaveSurvey(_ id: String, round: String) {
    leaveSurvey(id, round: round, holder: holder)
  }

  func enterSurvey(_ id: String, round: String, user: String, holder: String) throws(StoreError) -> [Editor] {
    do {
      return try PresenceBoard(try folder(round)).enter(id, user: user, holder: holder)
    } catch {
      throw StoreError(error, path: round)
    }
  }

  func leaveSurvey(_ id: String, round: String, holder: String) {
    guard let folder = try? folder(round) else { return }
    PresenceBoard(folder).leave(id, holder: holder)
  }

  public func survey(_ id: String, round name: String) throws(StoreError) -> Survey {
    let (folder, round) = try round(name)
    guard let survey = try folder.loadSurvey(id, round: round) else { throw .notFound(path: try folder.surveyFile(id)) }
    return survey
  }

  public func identify(_ number: NationalIdentityNumber, round: String) throws(StoreError) -> Identification {
    let id = store.pseudonym(for: number)
    try refuseOptedOut(id, in: try folder(round))
    return .person(id: id, birthYear: number.birthYear, gender: number.gender)
  }

  /// A person who opted out of the round is refused when the number is typed, before a form is
  /// filled in for nothing (a save would be refused the same way).
  func refuseOptedOut(_ id: String, in folder: RoundFolder) throws(StoreError) {
    if let day = folder.optOutDay(of: id) { throw .optedOut(id: id, date: day) }
  }

  public func save(_ survey: Survey, baseRevision: Int?, round name: String) throws(StoreError) -> Survey {
    try save(survey, baseRevision: baseRevision, round: name, user: auditUser)
  }

  func save(_ survey: Survey, baseRevision: Int?, round name: String, user: String) throws(StoreError) -> Survey {
    let (folder, round) = try round(name)
    return try folder.save(survey, baseRevision: baseRevision, round: round, user: user)
  }

  public func delete(_ id: String, baseRevision: Int?, round name: String) throws(StoreError) {
    try delete(id, baseRevision: baseRevision, round: name, user: auditUser)
  }

  func delete(_ id: String, baseRevision: Int?, round name: String, user: String) throws(StoreError) {
    let (folder, round) = try round(name)
    try folder.delete(id, baseRevision: baseRevision, round: round, user: user)
    Recovery.remove(id, in: folder)
  }

  public func saveRecovery(_ survey: Survey, round name: String) throws(StoreError) {
    do {
      try Recovery.save(survey, in: try folder(name))
    } catch {
      throw StoreError(error, path: name)
    }
  }

  public func removeRecovery(_ id: String, round name: String) throws(StoreError) {
    Recovery.remove(id, in: try folder(name))
  }

  public func report(rounds: [String], by: BreakdownKey?, minCell: Int, skipInvalid: Bool) throws(StoreError)
    -> PublishedReport
  {
    var inputs: [ReportInput] = []
    for name in rounds {
      let loaded = try loaded(name)
      guard loaded.invalid.isEmpty || skipInvalid else {
        throw .invalid(
          path: loaded.invalid[0].path,
          problems: [FieldProblem("file", "\(loaded.invalid.count) survey file(s) cannot be read; see `validate`")])
      }
      inputs.append(ReportInput(loaded))
    }
    do {
      return try ReportEngine.publish(inputs, by: by, minCell: minCell)
    } catch {
      throw .invalid(path: rounds.joined(separator: ", "), problems: [FieldProblem("rounds", error.description)])
    }
  }

  public func comparison(_ a: String, _ b: String) throws(StoreError) -> PublishedComparison {
    let (earlier, later) = (try loaded(a), try loaded(b))
    do {
      return try ComparisonEngine.publish(a: earlier, b: later)
    } catch {
      throw .invalid(path: "\(a), \(b)", problems: [FieldProblem("rounds", error.description)])
    }
  }

  public func exportCSV(round: String) throws(StoreError) -> ExportedCSV {
    try exportCSV(round: round, visible: { _ in true })
  }

  public func desk(round: String, today: ISODay) throws(StoreError) -> RoundDesk {
    let folder = try folder(round)
    do {
      return try RoundDesk.load(folder, today: today)
    } catch let problem as FileProblem {
      throw .invalid(path: problem.path, problems: problem.problems)
    } catch {
      throw StoreError(error, path: folder.path)
    }
  }

  public func setRoundStatus(round: String, close: Bool, reason: String) throws(StoreError) {
    try setRoundStatus(round: round, close: close, reason: reason, user: nil)
  }

  func setRoundStatus(round: String, close: Bool, reason: String, user: String?) throws(StoreError) {
    let folder = try folder(round)
    do {
      if close {
        try folder.closeRound(reason: reason, user: user)
      } else {
        try folder.reopenRound(reason: reason, user: user)
      }
    } catch let error as RoundFolder.ClosingError {
      throw .invalid(path: folder.roundFile, problems: [FieldProblem("status", error.description)])
    } catch {
      throw StoreError(error, path: folder.roundFile)
    }
  }

  func exportCSV(round: String, visible: (Survey) -> Bool) throws(StoreError) -> ExportedCSV {
    let loaded = try loaded(round)
    guard loaded.invalid.isEmpty else {
      throw .invalid(
        path: loaded.invalid[0].path,
        problems: loaded.invalid.flatMap(\.problems) + [FieldProblem("export", "nothing was exported; see `validate`")])
    }
    let surveys = loaded.surveys.filter(visible)
    return ExportedCSV(bytes: Data(SurveyCSV.export(surveys, round: loaded.round)), persons: surveys.count)
  }

  public func audit(round: String, user: String?, survey: String?) throws(StoreError) -> [AuditLog.Entry] {
    let entries: [AuditLog.Entry]
    do {
      entries = try folder(round).audit.read().entries
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(error, path: round)
    }
    return entries.filter { entry in
      (user == nil || entry.user == user) && (survey == nil || entry.id == survey)
    }
  }

  public func accessList() throws(StoreError) -> AccessFile {
    do {
      return try AccessFile.load(store: store.path)
    } catch {
      throw .file(error)
    }
  }

  public func changeAccess(_ change: AccessChange) throws(StoreError) -> AccessFile {
    do {
      let lock = try FileLock(path: "\(store.path)/\(Store.keyFolder)/access.lock")
      return try withExtendedLifetime(lock) { () throws(StoreError) -> AccessFile in
        let next = try accessList().applying(change)
        do throws(FileSystem.Failure) {
          try next.save(store: store.path)
        } catch {
          throw .file(error)
        }
        return next
      }
    } catch {
      throw StoreError(error, path: AccessFile.path(store: store.path))
    }
  }
}
