import Crypto
import Foundation

/// The first line of an export, naming its round: `#brukerplan-round municipality=9901 year=2025`.
/// A comment line rather than a column, so that it survives a round trip through Excel (which
/// would turn a code such as 0301 in a column into the number 301, and keeps a text cell as it is).
public struct RoundMark: Hashable, Sendable, CustomStringConvertible {
  public static let prefix = "#brukerplan-round"
  public var municipality: String
  public var year: Int

  public init(_ round: Round) {
    municipality = round.municipality.code
    year = round.year
  }

  /// Reads the line's first cell (Excel may add empty cells after it); nil if it is not a mark.
  init?(line: ArraySlice<UInt8>) {
    let text = String(decoding: line, as: UTF8.self)
    let cell = text.prefix { $0 != "," && $0 != ";" && $0 != "\r" }.trimmingCharacters(in: .whitespaces)
    let words = cell.split(separator: " ")
    guard words.count == 3, words[0] == Self.prefix, words[1].hasPrefix("municipality="),
      words[2].hasPrefix("year="), let year = Int(words[2].dropFirst(5))
    else { return nil }
    municipality = String(words[1].dropFirst(13))
    self.year = year
  }

  public var line: String { "\(Self.prefix) municipality=\(municipality) year=\(year)" }
  public var description: String { "municipality \(municipality), year \(year)" }
}

/// What an import would do, worked out before anything is written: shown to the user, who then
/// confirms it (or `--yes`), and checked again under the round's lock when it is applied.
public struct ImportPlan: Sendable {
  public struct FieldChange: Hashable, Sendable {
    public var column: String
    public var before: String
    public var after: String
  }

  public struct Item: Sendable {
    public var line: Int
    /// As it will be written (revision and time set).
    public var survey: Survey
    /// What is in the round now (nil: a new person).
    public var current: Survey?
    public var changes: [FieldChange]
  }

  public var file: String
  public var round: Round
  public var fileRound: RoundMark?
  public var created: [Item] = []
  public var updated: [Item] = []
  public var unchanged = 0
  let bytes: [UInt8]

  public var summary: SurveyCSV.ImportSummary {
    SurveyCSV.ImportSummary(created: created.count, updated: updated.count, unchanged: unchanged)
  }

  /// The persons and revisions the plan writes over; applying refuses if the round moved on.
  var basis: [String: Int?] {
    Dictionary(uniqueKeysWithValues: (created + updated).map { ($0.survey.id, $0.current?.revision) })
  }

  /// Readable lines: each update with its changed columns (at most `limit` persons), then each new
  /// person when `listCreated`.
  public func describe(limit: Int = .max, listCreated: Bool = false) -> [String] {
    var lines: [String] = []
    for item in updated.prefix(limit) {
      lines.append(
        "  update \(item.survey.id) (line \(item.line), revision \(item.current?.revision ?? 0) → \(item.survey.revision)):"
      )
      for change in item.changes {
        lines.append("    \(change.column): \(Self.shown(change.before)) → \(Self.shown(change.after))")
      }
    }
    if updated.count > limit {
      lines.append("  … and \(updated.count - limit) more updates (--dry-run lists every one)")
    }
    if listCreated {
      for item in created {
        lines.append(
          "  new \(item.survey.id) (line \(item.line), \(item.survey.unit ?? "no unit"), \(item.survey.status.rawValue))"
        )
      }
    }
    return lines
  }

  static func shown(_ value: String) -> String { value.isEmpty ? "(empty)" : value }
}

extension SurveyCSV {
  public struct ImportOptions: Sendable {
    /// Import a file whose round line names another round.
    public var allowOtherRound = false
    /// Update persons already in the round; when false, such an import stops with the plan in
    /// `ImportFailure.unconfirmed`, so the user can see it and be asked.
    public var updatesConfirmed = true

    public init(allowOtherRound: Bool = false, updatesConfirmed: Bool = true) {
      self.allowOtherRound = allowOtherRound
      self.updatesConfirmed = updatesConfirmed
    }
  }

  /// Reads and checks a file and works out what importing it would do; writes nothing.
  public static func plan(
    _ path: String, into folder: RoundFolder, options: ImportOptions = .init(), now: Date = Date()
  ) throws(ImportFailure) -> ImportPlan {
    let bytes = try readImportFile(path)
    return try locked(path, folder) { () throws(ImportFailure) in
      try plan(bytes, path: path, into: folder, options: options, now: now)
    }
  }

  /// Applies a plan that was shown: worked out again under the round's lock, refused if anyone
  /// changed one of its persons meanwhile, then written as one transaction (`ImportBatch`).
  /// Returns the batch record, or nil when there was nothing to write.
  @discardableResult
  public static func apply(
    _ shown: ImportPlan, into folder: RoundFolder, options: ImportOptions = .init(), now: Date = Date()
  ) throws(ImportFailure) -> ImportBatch? {
    try locked(shown.file, folder) { () throws(ImportFailure) -> ImportBatch? in
      let plan = try plan(shown.bytes, path: shown.file, into: folder, options: options, now: now)
      guard plan.basis == shown.basis else {
        throw failure(
          shown.file,
          "someone changed the round while the import waited for your answer; nothing was imported, run it again")
      }
      return try commit(plan, into: folder, now: now)
    }
  }

  /// Plans and writes in one hold of the round's lock. Refuses updates unless
  /// `options.updatesConfirmed` (the plan is then in the failure, to be shown and confirmed).
  public static func run(
    _ path: String, into folder: RoundFolder, options: ImportOptions = .init(), now: Date = Date()
  ) throws(ImportFailure) -> (plan: ImportPlan, batch: ImportBatch?) {
    let bytes = try readImportFile(path)
    return try locked(path, folder) { () throws(ImportFailure) in
      let plan = try plan(bytes, path: path, into: folder, options: options, now: now)
      if !plan.updated.isEmpty && !options.updatesConfirmed {
        var refusal = failure(path, "would update \(plan.updated.count) persons already in the round")
        refusal.unconfirmed = plan
        throw refusal
      }
      return (plan, try commit(plan, into: folder, now: now))
    }
  }

  /// Imports a CSV file into a round folder without asking: every row checked first, nothing
  /// written unless all are valid, and then all of it as one transaction. New persons are created,
  /// known ones updated with a new revision.
  @discardableResult
  public static func importFile(
    _ path: String, into folder: RoundFolder, options: ImportOptions = .init(), now: Date = Date()
  ) throws(ImportFailure) -> ImportSummary {
    try run(path, into: folder, options: options, now: now).plan.summary
  }

  /// Writes a plan; the caller holds the round's lock.
  static func commit(_ plan: ImportPlan, into folder: RoundFolder, now: Date) throws(ImportFailure) -> ImportBatch? {
    let items = plan.created + plan.updated
    guard !items.isEmpty else { return nil }
    let changes = items.map {
      ImportBatch.Change(
        id: $0.survey.id, action: $0.current == nil ? "create" : "update", from: $0.current?.revision,
        to: $0.survey.revision)
    }
    do {
      return try folder.commitImport(
        items.map(\.survey), changes: changes, file: Paths.name(of: plan.file), time: now)
    } catch {
      throw failure(plan.file, error.description)
    }
  }

  static func failure(_ path: String, _ message: String) -> ImportFailure {
    ImportFailure(path: path, problems: [Problem(line: 0, column: nil, message)])
  }

  static func readImportFile(_ path: String) throws(ImportFailure) -> [UInt8] {
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileBytes {
      throw failure(
        path, "is larger than \(maximumFileBytes >> 20) MB; split it into smaller files and import them one by one")
    }
    do {
      return try FileSystem.readFile(path, limit: maximumFileBytes)
    } catch {
      throw failure(path, error.reason)
    }
  }

  /// Runs `body` under the round's lock, after finishing any interrupted import.
  static func locked<T>(
    _ path: String, _ folder: RoundFolder, _ body: () throws(ImportFailure) -> T
  ) throws(ImportFailure) -> T {
    let outcome: Result<T, ImportFailure>
    do {
      outcome = try folder.withLock { () -> Result<T, ImportFailure> in
        do {
          try folder.finishInterruptedImports(lockHeld: true)
        } catch {
          return .failure(failure(path, "the round cannot be used: \(error)"))
        }
        do throws(ImportFailure) {
          return .success(try body())
        } catch {
          return .failure(error)
        }
      }
    } catch {
      throw failure(path, "\(error)")
    }
    return try outcome.get()
  }

  /// The plan for `bytes`; the caller holds the round's lock.
  static func plan(
    _ bytes: [UInt8], path: String, into folder: RoundFolder, options: ImportOptions, now: Date
  ) throws(ImportFailure) -> ImportPlan {
    let round: Round
    do {
      round = try folder.loadRound()
    } catch {
      throw failure(path, "the round cannot be used: \(error)")
    }
    guard round.status == .open else { throw failure(path, "the round \(folder.path) is closed and read-only") }
    let parsed: ParsedFile
    switch parseFile(bytes, round: round, pseudonym: pseudonym(for: folder)) {
    case .failure(let failure): throw ImportFailure(path: path, problems: failure.problems)
    case .success(let file): parsed = file
    }
    if let mark = parsed.fileRound, mark != RoundMark(round), !options.allowOtherRound {
      throw failure(
        path,
        "is an export of another round (\(mark)), not of \(folder.path) (\(RoundMark(round))); importing it would replace this round's answers with that round's. Import it anyway with --other-round"
      )
    }
    var plan = ImportPlan(file: path, round: round, fileRound: parsed.fileRound, bytes: bytes)
    let existing = try currentSurveys(of: parsed.rows, in: folder, round: round, path: path)
    let optOuts: OptOutList
    do {
      optOuts = try folder.optOuts()
    } catch {
      throw failure(path, error.description)
    }
    // A person who opted out in any unit of the round may not be registered again by another.
    let refused = parsed.rows.compactMap { row -> Problem? in
      guard existing[row.survey.id] == nil, let entry = optOuts.entry(for: row.survey.id) else { return nil }
      return Problem(
        line: row.line, column: nil, "this person opted out of the round on \(entry.date); nothing may be stored")
    }
    guard refused.isEmpty else { throw ImportFailure(path: path, problems: refused) }
    let stamp = ISODate.timestamp(now)
    let columns = columns(for: round)
    let lastKeptRevision = folder.lastKeptRevisions()
    for row in parsed.rows {
      var survey = row.survey
      guard let current = existing[survey.id] else {
        survey.revision = lastKeptRevision(survey.id) + 1  // deleted before: numbering goes on
        survey.updatedAt = stamp
        plan.created.append(ImportPlan.Item(line: row.line, survey: survey, current: nil, changes: []))
        continue
      }
      survey = merged(survey, over: current, presentColumns: parsed.columns, round: round)
      if survey == current {
        plan.unchanged += 1
        continue
      }
      let before = SurveyCSV.row(current, round: round)
      let after = SurveyCSV.row(survey, round: round)
      let changes = columns.indices.dropFirst().filter { before[$0] != after[$0] }.map {
        ImportPlan.FieldChange(column: columns[$0], before: before[$0], after: after[$0])
      }
      survey.revision = current.revision + 1
      survey.updatedAt = stamp
      plan.updated.append(ImportPlan.Item(line: row.line, survey: survey, current: current, changes: changes))
    }
    return plan
  }

  /// The store's pseudonym function, if the store has a key: an import by id needs none.
  static func pseudonym(for folder: RoundFolder) -> (@Sendable (NationalIdentityNumber) -> String)? {
    let store = Paths.parent(of: folder.path)
    guard FileSystem.exists("\(store)/\(Store.keyFolder)/key"), let opened = try? Store.open(store, create: false)
    else { return nil }
    // The key's bytes, not the SymmetricKey (not Sendable): rows are read on every core.
    let keyBytes = opened.keyBytes
    return { $0.pseudonym(key: SymmetricKey(data: keyBytes)) }
  }

  /// A row as it updates `current`: what the file does not hold is kept. Unknown keys are always
  /// kept; a service column left out of the file keeps that answer (it is never read as "no").
  static func merged(_ imported: Survey, over current: Survey, presentColumns: Set<String>, round: Round) -> Survey {
    var survey = imported
    survey.extra = current.extra
    survey.children.extra = current.children.extra
    survey.revision = current.revision
    survey.updatedAt = current.updatedAt
    for id in round.catalogue.ids {
      let hasNow = presentColumns.contains("services.\(id).now")
      let hasNext = presentColumns.contains("services.\(id).next12")
      var answer = survey.answer(id)
      let old = current.answer(id)
      if !hasNow { answer.now = old.now }
      if !hasNext { answer.next12 = old.next12 }
      if answer.now == old.now && answer.next12 == old.next12 {
        survey.services[id] = current.services[id]
      } else {
        answer.extra = old.extra
        survey.services[id] = answer
      }
    }
    return survey
  }

  /// The round's surveys of the persons in `rows`; only their files are read, so a large new
  /// round costs no decoding. A damaged file stops the import, naming the row.
  static func currentSurveys(
    of rows: [Row], in folder: RoundFolder, round: Round, path: String
  ) throws(ImportFailure) -> [String: Survey] {
    let present: Set<String>
    do {
      present = Set(try folder.surveyFileNames())
    } catch {
      throw failure(path, error.description)
    }
    var existing: [String: Survey] = [:]
    var problems: [Problem] = []
    for row in rows where present.contains("\(row.survey.id).json") {
      let file = "\(folder.surveysPath)/\(row.survey.id).json"
      guard let bytes = try? FileSystem.readFile(file, limit: RoundFolder.maximumSurveyBytes),
        case .success(let survey) = RoundFolder.decodeSurvey(bytes, path: file, expectedID: row.survey.id, round: round)
      else {
        problems.append(
          Problem(
            line: row.line, column: nil,
            "this person's survey file in the round (\(row.survey.id).json) is invalid; fix it with `validate` first"))
        continue
      }
      existing[survey.id] = survey
    }
    guard problems.isEmpty else { throw ImportFailure(path: path, problems: problems) }
    return existing
  }
}
