import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One import, written as one transaction the way git's lock-and-rename or SQLite's journal do it:
///
/// 1. every new survey file is staged in `<round>/.import-<batch>/` and the file system flushed;
/// 2. the intent record `<round>/.import-<batch>.journal` (this type) is written atomically: the
///    commit point;
/// 3. each staged file is renamed over its survey (the revision it replaces is first kept in the
///    round's history) and the batch's audit lines are appended;
/// 4. the record moves to `<round>/.history/imports/<batch>.json`, where `undo-import` finds it.
///
/// A kill before step 2 leaves a staging folder without a record: it is removed (rolled back). A
/// kill after it leaves the record: the import is finished (rolled forward), audit lines included.
/// Every command that opens the round does this first (`finishInterruptedImports`), so no command
/// ever sees half an import.
public struct ImportBatch: Codable, Hashable, Sendable {
  public struct Change: Codable, Hashable, Sendable {
    public var id: String
    /// "create", "update" or "delete" (undoing a create).
    public var action: String
    /// The revision replaced (nil: the person is new in the round).
    public var from: Int?
    public var to: Int
  }

  public var format = "brukerplan-import/1"
  /// "import", or "undo-import" for the transaction that puts an import back.
  public var kind = "import"
  public var batch: String
  /// The CSV file's name (without its folder).
  public var file: String
  public var time: String
  public var user: String
  /// The audit log's size when the record was written: larger later means the lines are in.
  public var auditOffset: Int
  public var changes: [Change]

  /// "20261202-004512-k3f9": the time, then four random letters so two imports never share one.
  static func newID(_ time: Date) -> String {
    let stamp = ISODate.timestamp(time).filter(\.isNumber)
    let random = String(Base32.randomID().dropFirst().prefix(4))
    return "\(stamp.prefix(8))-\(stamp.dropFirst(8).prefix(6))-\(random)"
  }

  /// Batch ids are checked before they touch a path.
  public static func isValidID(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 20, bytes[8] == 45, bytes[15] == 45 else { return false }
    let digits = bytes[0..<8] + bytes[9..<15]
    return digits.allSatisfy { (48...57).contains($0) }
      && bytes[16...].allSatisfy { (97...122).contains($0) || (50...55).contains($0) }
  }

  /// The batch's audit lines, with the import's own user, batch id and time.
  var auditEvents: [AuditLog.Event] {
    changes.map { AuditLog.Event(action: "\(kind)-\($0.action)", id: $0.id, revision: $0.to, user: user, batch: batch) }
  }

  var date: Date { ISO8601DateFormatter().date(from: time) ?? Date() }

  /// The record as `RoundFolder.referenceRecord` writes it, without JSONEncoder (100,000 changes
  /// cost it over a second); nil for text it leaves to JSONEncoder.
  func compactJSON() -> [UInt8]? {
    var object = CompactJSON.Object(capacity: 128 + changes.count * 72)
    object.add("auditOffset", auditOffset)
    object.add("batch", batch)
    object.add(
      "changes",
      objects: changes.map { change in
        var item = CompactJSON.Object(capacity: 72)
        item.add("action", change.action)
        item.add("from", change.from)
        item.add("id", change.id)
        item.add("to", change.to)
        return item.finished()
      })
    object.add("file", file)
    object.add("format", format)
    object.add("kind", kind)
    object.add("time", time)
    object.add("user", user)
    return object.finished()
  }
}

extension RoundFolder {
  static let importPrefix = ".import-"
  public var historyPath: String { "\(path)/.history" }
  var importRecordsPath: String { "\(historyPath)/imports" }
  func stagingPath(_ batch: String) -> String { "\(path)/\(Self.importPrefix)\(batch)" }
  func journalPath(_ batch: String) -> String { "\(path)/\(Self.importPrefix)\(batch).journal" }
  public func importRecordPath(_ batch: String) -> String { "\(importRecordsPath)/\(batch).json" }

  /// Writes an import's surveys as one transaction (see `ImportBatch`). The caller holds the
  /// round's lock and has checked every survey; `changes` says what each one is.
  func commitImport(
    _ surveys: [Survey], changes: [ImportBatch.Change], file: String, time: Date, kind: String = "import"
  ) throws(FileSystem.Failure) -> ImportBatch {
    // Opened first: a log that cannot be written stops the import before anything changes, and
    // its lock keeps the log's size as recorded until the lines are in.
    let writer = try audit.openWriter()
    let record = ImportBatch(
      kind: kind, batch: ImportBatch.newID(time), file: file, time: ISODate.timestamp(time), user: AuditLog.osUser,
      auditOffset: audit.size, changes: changes)
    let staging = stagingPath(record.batch)
    try FileSystem.makeFolder(staging)
    do {
      try SurveyFiles.write(surveys, into: staging)
      FileSystem.syncFileSystem(containing: staging)
      try FileSystem.writeAtomically(Self.encodeRecord(record), to: journalPath(record.batch))
    } catch {
      FileSystem.removeTree(staging)
      throw error
    }
    try finish(record, audit: writer)
    return record
  }

  /// Renames what is still staged, appends the audit lines unless they are in, and files the
  /// record. Safe to repeat after a kill at any point.
  private func finish(_ record: ImportBatch, audit writer: AuditLog.Writer) throws(FileSystem.Failure) {
    let staging = stagingPath(record.batch)
    try FileSystem.makeFolder(surveysPath)
    for change in record.changes where SurveyID.isValid(change.id) {
      let target = "\(surveysPath)/\(change.id).json"
      if change.action == "delete" {
        guard FileSystem.exists(target) else { continue }  // deleted before a kill
        if let from = change.from { try keepRevision(of: change.id, revision: from) }
        guard unlink(target) == 0 else {
          throw FileSystem.Failure(path: target, reason: "could not be deleted (\(FileSystem.errnoText()))")
        }
        continue
      }
      let staged = "\(staging)/\(change.id).json"
      if let from = change.from {
        guard FileSystem.exists(staged) else { continue }  // renamed before a kill
        try keepRevision(of: change.id, revision: from)
      }
      // A new person's file is renamed without looking first (one system call less each, for
      // 100,000 of them); a file missing from the staging folder was renamed before a kill.
      guard rename(staged, target) == 0 else {
        let code = errno
        if code == ENOENT && !FileSystem.exists(staged) && FileSystem.isFolder(surveysPath) { continue }
        throw FileSystem.Failure(path: target, reason: "could not be replaced (\(FileSystem.errnoText(code)))")
      }
    }
    FileSystem.syncFolder(historySurveysPath)
    FileSystem.syncFolder(surveysPath)
    if audit.size <= record.auditOffset { try writer.append(record.auditEvents, time: record.date) }
    FileSystem.removeTree(staging)
    try FileSystem.makeFolder(importRecordsPath)
    guard rename(journalPath(record.batch), importRecordPath(record.batch)) == 0 else {
      throw FileSystem.Failure(
        path: journalPath(record.batch), reason: "could not be filed (\(FileSystem.errnoText()))")
    }
    FileSystem.syncFolder(importRecordsPath)
    FileSystem.syncFolder(path)
  }

  /// Finishes every import that was killed after its commit point and removes what one killed
  /// before it staged. Cheap when there is nothing to do (one listing of the round folder). Skipped
  /// while another process holds the round's lock (a live import is not an interrupted one).
  public func finishInterruptedImports(lockHeld: Bool = false) throws(FileSystem.Failure) {
    guard let names = try? FileSystem.list(path), names.contains(where: Self.isImportLeftover) else { return }
    if lockHeld { return try recover() }
    let fd = open(lockFile, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, FileSystem.fileMode)
    guard fd >= 0 else {
      throw FileSystem.Failure(
        path: path,
        reason:
          "holds an interrupted import that must be finished first, but the round cannot be locked (\(FileSystem.errnoText())); run the command as the round's owner"
      )
    }
    close(fd)
    guard let lock = try? FileLock(path: lockFile, timeout: 0) else { return }
    try withExtendedLifetime(lock) { () throws(FileSystem.Failure) in try recover() }
  }

  static func isImportLeftover(_ name: String) -> Bool {
    name.hasPrefix(importPrefix) || name.hasPrefix("." + importPrefix)
  }

  private func recover() throws(FileSystem.Failure) {
    let names = try FileSystem.list(path)
    for name in names where name.hasPrefix(Self.importPrefix) && name.hasSuffix(".journal") {
      let file = "\(path)/\(name)"
      let bytes = try FileSystem.readFile(file, limit: 256 << 20)
      guard let record = try? JSONDecoder().decode(ImportBatch.self, from: Data(bytes)),
        ImportBatch.isValidID(record.batch), journalPath(record.batch) == file
      else {
        throw FileSystem.Failure(
          path: file, reason: "is an interrupted import's record that cannot be read; move it away and check the round")
      }
      try finish(record, audit: try audit.openWriter())
    }
    // Staged files without a record never reached the commit point; so are temp files of a record.
    for name in try FileSystem.list(path) where Self.isImportLeftover(name) {
      FileSystem.removeTree("\(path)/\(name)")
    }
    FileSystem.syncFolder(path)
  }

  /// The record of a finished import, for `undo-import`.
  public func importRecord(_ batch: String) throws(FileSystem.Failure) -> ImportBatch {
    guard ImportBatch.isValidID(batch) else {
      throw FileSystem.Failure(path: batch, reason: "is not an import batch id (such as 20261202-004512-k3f9)")
    }
    let file = importRecordPath(batch)
    let bytes = try FileSystem.readFile(file, limit: 256 << 20)
    guard let record = try? JSONDecoder().decode(ImportBatch.self, from: Data(bytes)) else {
      throw FileSystem.Failure(path: file, reason: "cannot be read as an import record")
    }
    return record
  }

  static func encodeRecord(_ record: ImportBatch) -> [UInt8] {
    (record.compactJSON() ?? referenceRecord(record)) + [10]
  }

  /// JSONEncoder's record, the compact writer's reference and its fallback for unusual text.
  static func referenceRecord(_ record: ImportBatch) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Array(try! encoder.encode(record))
  }
}

extension FileSystem {
  /// Removes a file or a folder with everything in it, following no links; for the program's own
  /// hidden work folders only.
  static func removeTree(_ path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR, let names = try? list(path) {
      for name in names { removeTree("\(path)/\(name)") }
      rmdir(path)
    } else {
      unlink(path)
    }
  }
}
