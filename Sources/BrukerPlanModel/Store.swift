import Crypto
import Foundation

/// A municipality's data, all years (spec section 2): a folder of round folders and a key.
public struct Store: Sendable {
  public let path: String
  /// The key's bytes; SymmetricKey itself is not Sendable, so it is made where it is needed.
  let keyBytes: [UInt8]
  public var key: SymmetricKey { SymmetricKey(data: keyBytes) }

  static let keyFolder = ".brukerplan"

  /// Opens the store at `path`, creating the folder and its key on first use.
  public static func open(_ path: String, create: Bool = true) throws(FileSystem.Failure) -> Store {
    if !FileSystem.isFolder(path) {
      guard create else { throw FileSystem.Failure(path: path, reason: "is not a brukerplan store (no such folder)") }
      try FileSystem.makeFolder(path)
    }
    if let failure = FileSystem.writableByOthers(path) { throw failure }
    return Store(path: path, keyBytes: try StoreKey.loadOrCreate(in: path))
  }

  /// The id of the person with this number in this store.
  public func pseudonym(for number: NationalIdentityNumber) -> String { number.pseudonym(key: key) }

  /// Every folder of the store that holds a round.json, by folder name.
  public func roundFolders() throws(FileSystem.Failure) -> [RoundFolder] {
    try FileSystem.list(path).filter { !$0.hasPrefix(".") }
      .map { RoundFolder(path: "\(path)/\($0)") }
      .filter { FileSystem.exists($0.roundFile) }
  }
}

/// The store's secret for pseudonyms: 32 random bytes as 64 hex characters, mode 0600.
enum StoreKey {
  static func loadOrCreate(in storePath: String) throws(FileSystem.Failure) -> [UInt8] {
    let folder = "\(storePath)/\(Store.keyFolder)"
    let file = "\(folder)/key"
    if !FileSystem.exists(file) {
      try refuseIfPersonsExist(in: storePath, keyFile: file)
      try FileSystem.makeFolder(folder)
      var generator = SystemRandomNumberGenerator()
      try write((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }, to: file)
    }
    if let mode = FileSystem.permissions(file), mode & 0o077 != 0 {
      throw FileSystem.Failure(
        path: file,
        reason:
          "is readable by other users (mode \(String(mode, radix: 8))); refusing to use it. Run: chmod 600 \(file)")
    }
    let text = String(decoding: try FileSystem.readFile(file, limit: 1024), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    guard text.count == 64, let bytes = Hex.decode(text) else {
      throw FileSystem.Failure(path: file, reason: "is not 64 hexadecimal characters; the store key is damaged")
    }
    return bytes
  }

  static func write(_ key: [UInt8], to file: String) throws(FileSystem.Failure) {
    let hex = Hex.encode(key) + "\n"
    try FileSystem.writeAtomically(Array(hex.utf8), to: file)
  }

  /// A key is made only for a store without persons identified by number: in a store whose rounds
  /// hold `p` ids, a new key would give each of those persons a second id. The key was lost; it
  /// must come back from a backup.
  static func refuseIfPersonsExist(in storePath: String, keyFile: String) throws(FileSystem.Failure) {
    guard FileSystem.isFolder(storePath), let names = try? FileSystem.list(storePath) else { return }
    var rounds: [String] = []
    for name in names where !name.hasPrefix(".") {
      let surveys = "\(storePath)/\(name)/surveys"
      guard FileSystem.isFolder(surveys), let files = try? FileSystem.list(surveys) else { continue }
      if files.contains(where: { $0.hasPrefix("p") && $0.hasSuffix(".json") }) { rounds.append(name) }
    }
    guard !rounds.isEmpty else { return }
    throw FileSystem.Failure(
      path: keyFile,
      reason: """
        is missing, but the rounds \(rounds.joined(separator: ", ")) hold persons identified by number (p ids) \
        that were made with it. A new key would give each of them a second, different id, so none is made. \
        Restore the key from your backup: cp BACKUP/\(Store.keyFolder)/key \(keyFile) && chmod 600 \(keyFile)
        """)
  }
}

enum Hex {
  /// Lowercase hexadecimal, two digits a byte (what `String(format: "%02x")` gives, without
  /// Foundation's formatter: an import hashes 100,000 audit lines).
  static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 15)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  static func decode(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    func value(_ c: UInt8) -> UInt8? {
      switch c {
      case 48...57: c - 48
      case 97...102: c - 87
      case 65...70: c - 55
      default: nil
      }
    }
    var bytes: [UInt8] = []
    for index in stride(from: 0, to: digits.count, by: 2) {
      guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
      bytes.append(high << 4 | low)
    }
    return bytes
  }
}

/// Why a save or delete was refused.
public enum StoreError: Error, CustomStringConvertible, Sendable {
  /// Someone saved this survey since it was opened: `current` is what is on disk now.
  case conflict(current: Survey)
  /// The survey was saved as new, but a survey with this id already exists.
  case alreadyExists(current: Survey)
  case closedRound(path: String)
  /// The person opted out of this round (in any unit) on `date`; nothing may be stored.
  case optedOut(id: String, date: String)
  case invalid(path: String, problems: [FieldProblem])
  case notFound(path: String)
  case file(FileSystem.Failure)
  /// The server refused: this OS user's role or units do not allow it.
  case denied(String)
  /// The person is registered in this round by a unit the user does not belong to.
  case registeredElsewhere(unit: String)
  /// The server could not be reached, or went away before it answered.
  case unavailable(String)

  public var description: String {
    switch self {
    case .conflict(let current):
      "survey \(current.id) was saved by someone else meanwhile (now revision \(current.revision)); reload it and apply your changes again"
    case .alreadyExists(let current):
      "survey \(current.id) already exists in this round (revision \(current.revision), unit \(current.unit ?? "?")); open it instead"
    case .closedRound(let path): "\(path): the round is closed and read-only"
    case .optedOut(let id, let date):
      "person \(id) opted out of this round on \(date) (registered by one of its units); nothing is stored"
    case .invalid(let path, let problems): FileProblem(path: path, problems: problems).description
    case .notFound(let path): "\(path): no such survey"
    case .file(let failure): failure.description
    case .denied(let reason): "not allowed: \(reason)"
    case .registeredElsewhere(let unit):
      "this person is already registered in this round by another unit (\(unit)); it cannot be opened from yours"
    case .unavailable(let reason): reason
    }
  }
}

extension StoreError {
  /// A store error as it is, a file failure wrapped, anything else named with the file.
  init(_ error: any Error, path: String) {
    switch error {
    case let error as StoreError: self = error
    case let error as FileSystem.Failure: self = .file(error)
    default: self = .file(FileSystem.Failure(path: path, reason: "\(error)"))
    }
  }
}

/// A round's surveys as loaded: the valid ones, and every file that could not be used and why.
public struct LoadedRound: Sendable {
  public var folder: RoundFolder
  public var round: Round
  public var surveys: [Survey]
  public var invalid: [FileProblem]

  public var complete: [Survey] { surveys.filter { $0.status == .complete } }
  public var drafts: [Survey] { surveys.filter { $0.status == .draft } }
}

/// One round folder: round.json, surveys/<id>.json and the audit log.
public struct RoundFolder: Hashable, Sendable {
  public let path: String

  public static let maximumSurveyBytes = 1 << 20
  public static let maximumRoundBytes = 4 << 20

  public init(path: String) {
    self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
  }

  public var name: String { Paths.name(of: path) }
  public var roundFile: String { "\(path)/round.json" }
  public var surveysPath: String { "\(path)/surveys" }
  var lockFile: String { "\(path)/.lock" }
  public var audit: AuditLog { AuditLog(path: "\(path)/audit.jsonl") }

  public static func isSafeName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 100 && !name.hasPrefix(".")
      && name.unicodeScalars.allSatisfy {
        $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
      }
  }

  /// The file of survey `id`; the id is checked before it touches a path.
  public func surveyFile(_ id: String) throws(StoreError) -> String {
    guard SurveyID.isValid(id) else {
      throw .invalid(path: "\(surveysPath)/", problems: [FieldProblem("id", "is not a valid survey id")])
    }
    return "\(surveysPath)/\(id).json"
  }

  // MARK: Reading

  /// Warnings for the round's folders and round.json when other users can read them.
  public func permissionWarnings() -> [String] {
    [path, surveysPath, roundFile].compactMap(FileSystem.readableByOthers)
  }

  /// round.json, after finishing or rolling back an import that was killed (see `ImportBatch`):
  /// every command opens a round through here, so none ever sees half an import.
  public func loadRound() throws(FileProblem) -> Round {
    // Anyone could add, change or remove surveys in a round every user can write to.
    for place in [path, surveysPath, roundFile] {
      if let failure = FileSystem.writableByOthers(place) { throw FileProblem(path: place, failure.reason) }
    }
    do {
      try finishInterruptedImports()
    } catch {
      throw FileProblem(path: error.path, error.reason)
    }
    let bytes: [UInt8]
    do {
      bytes = try FileSystem.readFile(roundFile, limit: Self.maximumRoundBytes)
    } catch {
      throw FileProblem(path: roundFile, error.reason)
    }
    if let problem = JSONLimits.round.check(bytes) { throw FileProblem(path: roundFile, problems: [problem]) }
    let round: Round
    do {
      round = try JSONDecoder().decode(Round.self, from: Data(bytes))
    } catch let error as DecodingError {
      throw FileProblem(path: roundFile, problems: [error.fieldProblem])
    } catch {
      throw FileProblem(path: roundFile, "could not be read as JSON")
    }
    let problems = round.validate()
    guard problems.isEmpty else { throw FileProblem(path: roundFile, problems: problems) }
    return round
  }

  /// Decodes one survey file, reporting every problem with it against `round`.
  public static func decodeSurvey(_ bytes: [UInt8], path: String, expectedID: String?, round: Round) -> Result<
    Survey, FileProblem
  > {
    if let problem = JSONLimits.survey.check(bytes) { return .failure(FileProblem(path: path, problems: [problem])) }
    let survey: Survey
    do {
      survey = try JSONDecoder().decode(Survey.self, from: Data(bytes))
    } catch let error as DecodingError {
      return .failure(FileProblem(path: path, problems: [error.fieldProblem]))
    } catch {
      return .failure(FileProblem(path: path, "could not be read as JSON"))
    }
    var problems = survey.validate(in: round)
    if let expectedID, survey.id != expectedID, SurveyID.isValid(survey.id) {
      problems.append(FieldProblem("id", "\"\(survey.id)\" does not match the file name \(expectedID).json"))
    }
    return problems.isEmpty ? .success(survey) : .failure(FileProblem(path: path, problems: problems))
  }

  /// The names of survey files, skipping temporary and hidden files. Temporary files older than
  /// ten minutes (from a save that was killed) are removed on the way.
  public func surveyFileNames() throws(FileSystem.Failure) -> [String] {
    var info = stat()
    guard lstat(surveysPath, &info) == 0 else { return [] }
    guard (info.st_mode & S_IFMT) != S_IFLNK else {
      throw FileSystem.Failure(path: surveysPath, reason: "is a symbolic link; refusing to follow it")
    }
    let names = try FileSystem.list(surveysPath)
    FileSystem.removeStaleTemporaryFiles(names, in: surveysPath)
    return names.filter { !$0.hasPrefix(".") && $0.hasSuffix(".json") }
  }

  /// The round and all its surveys. An unreadable or invalid file is reported in `invalid`,
  /// never silently dropped.
  public func load() throws(FileProblem) -> LoadedRound {
    let round = try loadRound()
    let names: [String]
    do {
      names = try surveyFileNames()
    } catch {
      throw FileProblem(path: surveysPath, error.reason)
    }
    var surveys: [Survey] = []
    var invalid: [FileProblem] = []
    surveys.reserveCapacity(names.count)
    for name in names {
      let path = "\(surveysPath)/\(name)"
      let id = String(name.dropLast(5))
      guard SurveyID.isValid(id) else {
        invalid.append(
          FileProblem(path: path, "file name is not a survey id (p or r and 16 letters a-z or digits 2-7)"))
        continue
      }
      do {
        let bytes = try FileSystem.readFile(path, limit: Self.maximumSurveyBytes)
        switch Self.decodeSurvey(bytes, path: path, expectedID: id, round: round) {
        case .success(let survey): surveys.append(survey)
        case .failure(let problem): invalid.append(problem)
        }
      } catch {
        invalid.append(FileProblem(path: path, error.reason))
      }
    }
    return LoadedRound(folder: self, round: round, surveys: surveys, invalid: invalid)
  }

  /// The survey with `id` as it is on disk now, or nil if there is none.
  public func loadSurvey(_ id: String, round: Round) throws(StoreError) -> Survey? {
    let path = try surveyFile(id)
    guard FileSystem.exists(path) else { return nil }
    let bytes: [UInt8]
    do {
      bytes = try FileSystem.readFile(path, limit: Self.maximumSurveyBytes)
    } catch {
      throw .file(error)
    }
    switch Self.decodeSurvey(bytes, path: path, expectedID: id, round: round) {
    case .success(let survey): return survey
    case .failure(let problem): throw .invalid(path: path, problems: problem.problems)
    }
  }

  // MARK: Writing

  /// round.json's bytes (survey files: `SurveyJSON.bytes`).
  public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding our own model types (round, opt-outs, counters) cannot fail: every value is JSON.
    return Array(try! encoder.encode(value)) + [10]
  }

  public func saveRound(_ round: Round) throws(FileSystem.Failure) {
    try FileSystem.makeFolder(path)
    try FileSystem.writeAtomically(Self.encode(round), to: roundFile)
  }

  /// Saves `survey` if the revision on disk is still `baseRevision` (nil: the survey is new).
  /// Returns the survey as written, with its new revision and time.
  @discardableResult
  public func save(
    _ survey: Survey, baseRevision: Int?, round: Round, now: Date = Date(), action: String? = nil,
    user: String? = nil
  ) throws(StoreError) -> Survey {
    let path = try surveyFile(survey.id)
    guard round.status == .open else { throw .closedRound(path: path) }
    let problems = survey.validate(in: round).filter { $0.field != "revision" }
    guard problems.isEmpty else { throw .invalid(path: path, problems: problems) }
    do {
      try FileSystem.makeFolder(surveysPath)
      let lock = try FileLock(path: lockFile)
      defer { withExtendedLifetime(lock) {} }
      if let status = statusOnDisk(), status != .open { throw StoreError.closedRound(path: path) }
      try finishInterruptedImports(lockHeld: true)
      let current = try loadSurveyForUpdate(path)
      if current == nil, baseRevision == nil, let day = optOutDay(of: survey.id) {
        throw StoreError.optedOut(id: survey.id, date: day)
      }
      switch (current, baseRevision) {
      case (let current?, nil): throw StoreError.alreadyExists(current: current)
      case (let current?, let base?) where current.revision != base: throw StoreError.conflict(current: current)
      case (nil, _?): throw StoreError.notFound(path: path)
      default: break
      }
      var saved = survey
      // A damaged file may hold any number; never let the increment trap.
      let (next, overflow) = (current?.revision ?? lastKeptRevision(of: saved.id)).addingReportingOverflow(1)
      guard !overflow else {
        throw FileSystem.Failure(path: path, reason: "has an impossible revision; fix or remove it first")
      }
      saved.revision = next
      saved.updatedAt = ISODate.timestamp(now)
      saved.decodingProblems = []
      // Opened first: a log that cannot be written stops the save before anything changes.
      let audit = try self.audit.openWriter()
      let event = AuditLog.Event(
        action: action ?? (baseRevision == nil ? "create" : "update"), id: saved.id, revision: saved.revision,
        user: user)
      let line = try audit.prepare([event], time: now)
      if let current { try keepRevision(of: saved.id, revision: current.revision) }
      try FileSystem.writeAtomically(SurveyJSON.bytes(saved), to: path) { () throws(FileSystem.Failure) in
        try audit.commit(line)
      }
      return saved
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// The survey on disk for a revision check. A file that is there but unreadable blocks the save.
  private func loadSurveyForUpdate(_ path: String) throws -> Survey? {
    guard FileSystem.exists(path) else { return nil }
    let bytes = try FileSystem.readFile(path, limit: Self.maximumSurveyBytes)
    do {
      return try JSONDecoder().decode(Survey.self, from: Data(bytes))
    } catch {
      throw FileSystem.Failure(path: path, reason: "exists but is not a readable survey; fix or remove it first")
    }
  }

  /// Deletes survey `id` if its revision on disk is still `baseRevision` (nil: whatever it is).
  public func delete(
    _ id: String, baseRevision: Int? = nil, round: Round, user: String? = nil
  ) throws(StoreError) {
    let path = try surveyFile(id)
    guard round.status == .open else { throw .closedRound(path: path) }
    do {
      let lock = try FileLock(path: lockFile)
      defer { withExtendedLifetime(lock) {} }
      if let status = statusOnDisk(), status != .open { throw StoreError.closedRound(path: path) }
      try finishInterruptedImports(lockHeld: true)
      guard let current = try loadSurveyForUpdate(path) else { throw StoreError.notFound(path: path) }
      if let baseRevision, current.revision != baseRevision { throw StoreError.conflict(current: current) }
      let audit = try self.audit.openWriter()
      try keepRevision(of: id, revision: current.revision)
      guard unlink(path) == 0 else {
        throw FileSystem.Failure(path: path, reason: "could not be deleted (\(FileSystem.errnoText()))")
      }
      FileSystem.syncFolder(surveysPath)
      try audit.append([AuditLog.Event(action: "delete", id: id, revision: current.revision, user: user)])
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// Runs `body` while holding the round's lock, for multi-file work such as an import.
  public func withLock<T>(timeout: Double = 5, _ body: () throws -> T) throws -> T {
    let lock = try FileLock(path: lockFile, timeout: timeout)
    return try withExtendedLifetime(lock) { try body() }
  }
}
