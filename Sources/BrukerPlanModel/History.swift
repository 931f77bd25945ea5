import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Every previous revision of every survey, so that no save, import or delete destroys an answer:
/// `<round>/.history/surveys/<id>.r<revision>.json` (0600, in the round folder, 0700). A revision
/// is kept as a hard link to the file that is about to be replaced, so keeping it copies nothing.
/// History is removed only by `pruneHistory`, on a closed round, when the coordinator asks.
extension RoundFolder {
  var historySurveysPath: String { "\(historyPath)/surveys" }

  func historyFile(_ id: String, revision: Int) -> String { "\(historySurveysPath)/\(id).r\(revision).json" }

  /// Keeps survey `id`'s file as it is now as `revision`, before it is replaced or deleted.
  func keepRevision(of id: String, revision: Int) throws(FileSystem.Failure) {
    let current = "\(surveysPath)/\(id).json"
    try FileSystem.makeFolder(historySurveysPath)
    let kept = historyFile(id, revision: revision)
    guard link(current, kept) == 0 || errno == EEXIST || errno == ENOENT else {
      throw FileSystem.Failure(
        path: kept, reason: "could not keep the previous revision (\(FileSystem.errnoText())); nothing was changed")
    }
  }

  /// The highest kept revision of `id` (0 if none): a survey saved again after a delete goes on
  /// from there, so its kept revisions never share a number.
  func lastKeptRevision(of id: String) -> Int {
    var revision = 0
    while FileSystem.exists(historyFile(id, revision: revision + 1)) { revision += 1 }
    return revision
  }

  /// `lastKeptRevision` for many surveys, from one listing of the history folder instead of a
  /// lookup per revision (an import of 100,000 new persons asked the file system 100,000 times).
  func lastKeptRevisions() -> (String) -> Int {
    guard FileSystem.isFolder(historySurveysPath) else { return { _ in 0 } }
    guard let names = try? Set(FileSystem.list(historySurveysPath)) else { return lastKeptRevision(of:) }
    return { id in
      var revision = 0
      while names.contains("\(id).r\(revision + 1).json") { revision += 1 }
      return revision
    }
  }

  /// One kept revision of a survey; `survey` is nil when the file cannot be read.
  public struct Revision: Sendable {
    public var revision: Int
    public var path: String
    public var survey: Survey?
  }

  /// The kept revisions of survey `id`, oldest first (the current one is in surveys/).
  public func history(of id: String, round: Round) throws(StoreError) -> [Revision] {
    _ = try surveyFile(id)
    guard FileSystem.isFolder(historySurveysPath) else { return [] }
    let names: [String]
    do {
      names = try FileSystem.list(historySurveysPath)
    } catch {
      throw .file(error)
    }
    var revisions: [Revision] = []
    for name in names where name.hasPrefix("\(id).r") && name.hasSuffix(".json") {
      guard let number = Int(name.dropFirst(id.count + 2).dropLast(5)) else { continue }
      let path = "\(historySurveysPath)/\(name)"
      let bytes = try? FileSystem.readFile(path, limit: Self.maximumSurveyBytes)
      let survey = bytes.flatMap { try? JSONDecoder().decode(Survey.self, from: Data($0)) }
      revisions.append(Revision(revision: number, path: path, survey: survey))
    }
    return revisions.sorted { $0.revision < $1.revision }
  }

  /// Saves kept revision `revision` of survey `id` as its newest revision (the one it replaces is
  /// kept in turn). A deleted survey comes back.
  @discardableResult
  public func restore(_ id: String, revision: Int, round: Round, now: Date = Date()) throws(StoreError) -> Survey {
    guard let kept = try history(of: id, round: round).first(where: { $0.revision == revision }) else {
      throw .notFound(path: historyFile(id, revision: revision))
    }
    guard var survey = kept.survey else {
      throw .file(FileSystem.Failure(path: kept.path, reason: "cannot be read as a survey"))
    }
    let current = try loadSurvey(id, round: round)
    survey.revision = current?.revision ?? 0
    return try save(survey, baseRevision: current?.revision, round: round, now: now, action: "restore")
  }

  /// Removes the history of a closed round (the coordinator's decision, after the round's work is
  /// done). Returns the number of files removed.
  public func pruneHistory(round: Round) throws(FileSystem.Failure) -> Int {
    guard round.status == .closed else {
      throw FileSystem.Failure(
        path: path, reason: "is still open; history is pruned only from a closed round (set \"status\": \"closed\")")
    }
    let count = ((try? FileSystem.list(historySurveysPath)) ?? []).count
    FileSystem.removeTree(historyPath)
    FileSystem.syncFolder(path)
    return count
  }

  /// Puts back every survey one import changed, as one transaction of its own: created persons
  /// are deleted, updated ones get their previous revision back as a new revision. Refused, with
  /// the persons named, if any of them was changed after the import.
  public func undoImport(_ batch: String, now: Date = Date()) throws -> ImportBatch {
    let record = try importRecord(batch)
    return try withLock { () throws -> ImportBatch in
      try finishInterruptedImports(lockHeld: true)
      let round = try loadRound()
      guard round.status == .open else { throw StoreError.closedRound(path: path) }
      var surveys: [Survey] = []
      var changes: [ImportBatch.Change] = []
      var moved: [String] = []
      for change in record.changes {
        let current = try loadSurvey(change.id, round: round)
        guard let current, current.revision == change.to else {
          moved.append("\(change.id) (now \(current.map { "revision \($0.revision)" } ?? "deleted"))")
          continue
        }
        guard let from = change.from else {
          changes.append(.init(id: change.id, action: "delete", from: current.revision, to: current.revision))
          continue
        }
        guard var previous = try history(of: change.id, round: round).first(where: { $0.revision == from })?.survey
        else {
          throw FileSystem.Failure(
            path: historyFile(change.id, revision: from), reason: "is missing; this import cannot be undone")
        }
        previous.revision = current.revision + 1
        previous.updatedAt = ISODate.timestamp(now)
        surveys.append(previous)
        changes.append(.init(id: change.id, action: "update", from: current.revision, to: previous.revision))
      }
      guard moved.isEmpty else {
        throw FileSystem.Failure(
          path: path,
          reason:
            "import \(batch) cannot be undone: these surveys were changed after it: \(moved.joined(separator: ", ")); nothing was changed"
        )
      }
      return try commitImport(surveys, changes: changes, file: record.file, time: now, kind: "undo-import")
    }
  }
}
