import Foundation
import Testing

@testable import BrukerPlanModel

/// Issue 10, items 1-6, at the model level: an interrupted import finished with its audit lines,
/// history and undo, a lost key, blank ids on a rerun, columns left out of a file.
@Suite struct IntegrityTests {
  static func csv(_ surveys: [Survey], columns: [String]? = nil) -> String {
    let all = SurveyCSV.columns(for: Samples.round)
    let chosen = columns ?? all
    let rows = surveys.map { survey in
      let row = SurveyCSV.row(survey, round: Samples.round)
      return chosen.map { row[all.firstIndex(of: $0)!] }.joined(separator: ",")
    }
    return ([chosen.joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
  }

  static func write(_ text: String, _ folder: TemporaryFolder, _ name: String = "in.csv") throws -> String {
    let path = folder.path + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  static func people(_ score: Score) -> [Survey] {
    (0..<3).map {
      var survey = Samples.complete(id: testSurveyID($0))
      survey.scores[.housing] = score
      return survey
    }
  }

  /// The state a kill leaves after the commit point: the record is written, the first person is
  /// renamed, the other two are still staged, and no audit line is in. Any command that opens the
  /// round finishes it, with exactly the lines the import would have written.
  @Test func interruptedImportIsFinishedWithItsAuditLines() throws {
    let folder = TemporaryFolder()
    let (_, round) = try folder.storeWithRound()
    try SurveyCSV.importFile(try Self.write(Self.csv(Self.people(.green)), folder), into: round)
    let updated = try SurveyCSV.run(try Self.write(Self.csv(Self.people(.red)), folder), into: round)
    let batch = try #require(updated.batch)
    let auditBefore = try round.audit.read().entries
    // Undo the second half of the finished import by hand, as a kill would have left it.
    let staging = round.stagingPath(batch.batch)
    try FileSystem.makeFolder(staging)
    #expect(rename(round.importRecordPath(batch.batch), round.journalPath(batch.batch)) == 0)
    for id in [testSurveyID(1), testSurveyID(2)] {
      #expect(rename("\(round.surveysPath)/\(id).json", "\(staging)/\(id).json") == 0)
      #expect(rename(round.historyFile(id, revision: 1), "\(round.surveysPath)/\(id).json") == 0)
    }
    #expect(truncate(round.audit.path, off_t(batch.auditOffset)) == 0)
    #expect(try round.audit.read().entries.count == 3)

    let loaded = try round.load()  // any command: load, validate, report, export, the UI
    #expect(loaded.surveys.count == 3)
    #expect(loaded.surveys.allSatisfy { $0.revision == 2 && $0.scores[.housing] == .red })
    let entries = try round.audit.read().entries
    #expect(entries == auditBefore)
    #expect(
      entries.map(\.action) == Array(repeating: "import-create", count: 3) + Array(repeating: "import-update", count: 3)
    )
    #expect(entries.map(\.revision) == [1, 1, 1, 2, 2, 2])
    #expect(try FileSystem.list(round.path).filter { $0.hasPrefix(".import-") }.isEmpty)
    #expect(FileSystem.exists(round.importRecordPath(batch.batch)))
    // Every replaced revision is kept, the ones renamed during recovery too.
    for id in (0..<3).map(testSurveyID) {
      #expect(try round.history(of: id, round: Samples.round).map(\.revision) == [1])
    }
  }

  /// A kill before the commit point: staged files without a record are removed, nothing lands.
  @Test func stagedImportWithoutItsRecordIsRolledBack() throws {
    let folder = TemporaryFolder()
    let (_, round) = try folder.storeWithRound()
    let staging = round.stagingPath("20261202-010000-abcd")
    try FileSystem.makeFolder(staging)
    try SurveyFiles.write(Self.people(.green), into: staging)
    #expect(try round.load().surveys.isEmpty)
    #expect(!FileSystem.exists(staging))
    #expect(try round.audit.read().entries.isEmpty)
  }

  @Test func everySaveKeepsThePreviousRevisionAndRestoreBringsItBack() throws {
    let folder = TemporaryFolder()
    let (_, round) = try folder.storeWithRound()
    var survey = Samples.complete()
    survey = try round.save(survey, baseRevision: nil, round: Samples.round)
    survey.scores[.housing] = .red
    survey = try round.save(survey, baseRevision: 1, round: Samples.round)
    let kept = try round.history(of: survey.id, round: Samples.round)
    #expect(kept.map(\.revision) == [1])
    #expect(kept[0].survey?.scores[.housing] == .yellow)
    #expect(FileSystem.permissions(kept[0].path) == 0o600)
    #expect(FileSystem.permissions(round.historySurveysPath) == 0o700)
    let restored = try round.restore(survey.id, revision: 1, round: Samples.round)
    #expect(restored.revision == 3 && restored.scores[.housing] == .yellow)
    #expect(try round.history(of: survey.id, round: Samples.round).map(\.revision) == [1, 2])
    try round.delete(survey.id, round: Samples.round)
    #expect(try round.history(of: survey.id, round: Samples.round).map(\.revision) == [1, 2, 3])
    #expect(try round.restore(survey.id, revision: 3, round: Samples.round).revision == 4)
    #expect(try round.audit.read().entries.map(\.action) == ["create", "update", "restore", "delete", "restore"])
    #expect(throws: FileSystem.Failure.self) { try round.pruneHistory(round: Samples.round) }
    var closed = Samples.round
    closed.status = .closed
    #expect(try round.pruneHistory(round: closed) == 3)
  }

  @Test func undoImportPutsBackEverySurveyTheImportChanged() throws {
    let folder = TemporaryFolder()
    let (_, round) = try folder.storeWithRound()
    try SurveyCSV.importFile(try Self.write(Self.csv(Array(Self.people(.green).prefix(2))), folder), into: round)
    let before = try round.load().surveys
    let second = try SurveyCSV.run(try Self.write(Self.csv(Self.people(.red)), folder), into: round)
    #expect(second.plan.summary == SurveyCSV.ImportSummary(created: 1, updated: 2, unchanged: 0))
    let undo = try round.undoImport(try #require(second.batch).batch)
    #expect(undo.kind == "undo-import")
    let after = try round.load().surveys
    #expect(after.map(\.id) == before.map(\.id))
    #expect(after.allSatisfy { $0.revision == 3 && $0.scores[.housing] == .green })
    #expect(
      try round.audit.read().entries.suffix(3).map(\.action) == [
        "undo-import-delete", "undo-import-update", "undo-import-update",
      ])
    // An import whose persons were changed afterwards is not undone.
    let third = try SurveyCSV.run(try Self.write(Self.csv(Self.people(.red)), folder), into: round)
    var edited = try #require(try round.loadSurvey(testSurveyID(0), round: Samples.round))
    edited.scores[.network] = .red
    try round.save(edited, baseRevision: edited.revision, round: Samples.round)
    #expect(throws: FileSystem.Failure.self) { try round.undoImport(try #require(third.batch).batch) }
  }

  /// A file that leaves out the service columns keeps the services of the persons it updates.
  @Test func columnsLeftOutOfAFileAreNeverWiped() throws {
    let folder = TemporaryFolder()
    let (_, round) = try folder.storeWithRound()
    try SurveyCSV.importFile(try Self.write(Self.csv(Self.people(.green)), folder), into: round)
    let withoutServices = SurveyCSV.columns(for: Samples.round).filter { !$0.hasPrefix("services.") }
    let summary = try SurveyCSV.importFile(
      try Self.write(Self.csv(Self.people(.red), columns: withoutServices), folder), into: round)
    #expect(summary.updated == 3)
    for survey in try round.load().surveys {
      #expect(survey.scores[.housing] == .red)
      #expect(survey.services == ["socialServices": ServiceAnswer(now: true, next12: true)])
    }
  }

  /// Rows without an id get the same r id on a rerun of the same file: 20 rows stay 20 persons.
  @Test func blankIDsAreTheSameOnARerunOfTheSameFile() throws {
    let folder = TemporaryFolder()
    let (_, round) = try folder.storeWithRound()
    var rows = [SurveyCSV.columns(for: Samples.round).joined(separator: ",")]
    for index in 0..<20 {
      var row = SurveyCSV.row(Samples.complete(), round: Samples.round)
      row[0] = ""
      row[3] = String(1950 + index)
      rows.append(row.joined(separator: ","))
    }
    let path = try Self.write(rows.joined(separator: "\n") + "\n", folder)
    #expect(try SurveyCSV.importFile(path, into: round).created == 20)
    #expect(
      try SurveyCSV.importFile(path, into: round) == SurveyCSV.ImportSummary(created: 0, updated: 0, unchanged: 20))
    let surveys = try round.load().surveys
    #expect(surveys.count == 20 && surveys.allSatisfy { $0.id.hasPrefix("r") })
    // Another round gets other ids for the same file: no false panel.
    let bytes = Array(rows.joined(separator: "\n").utf8)
    var other = Samples.round
    other.year = 2025
    #expect(SurveyCSV.blankIDs(bytes, round: Samples.round)(2) != SurveyCSV.blankIDs(bytes, round: other)(2))
  }

  /// Deleting the key of a store whose rounds hold persons by number must not make a new key.
  @Test func lostKeyIsNotReplacedWhenRoundsHoldPersonsByNumber() throws {
    let folder = TemporaryFolder()
    let (store, round) = try folder.storeWithRound()
    let key = store.path + "/.brukerplan/key"
    try round.save(Samples.complete(id: testSurveyID(7)), baseRevision: nil, round: Samples.round)
    unlink(key)
    do {
      _ = try Store.open(store.path)
      Issue.record("a new key was made")
    } catch {
      #expect(error.description.contains("is missing, but the rounds 2024 hold persons identified by number"))
      #expect(error.description.contains("Restore the key from your backup: cp BACKUP/.brukerplan/key \(key)"))
    }
    #expect(!FileSystem.exists(key))
    // A round of persons without a number (r ids) only: a key may be made.
    try round.delete(testSurveyID(7), round: Samples.round)
    try round.save(Samples.complete(id: "raaaaaaaaaaaaaaaa"), baseRevision: nil, round: Samples.round)
    _ = try Store.open(store.path)
    #expect(FileSystem.exists(key))
  }

  /// Two stores generated with the default seed get different keys, so different ids.
  @Test func generatedStoresDoNotShareAKey() throws {
    let a = TemporaryFolder()
    let b = TemporaryFolder()
    try SyntheticGenerator(seed: 1).generateStore(at: a.path, persons: 5, years: [2024])
    try SyntheticGenerator(seed: 1).generateStore(at: b.path, persons: 5, years: [2024])
    let keys = try [a, b].map { try FileSystem.readFile($0.path + "/.brukerplan/key", limit: 100) }
    #expect(keys[0] != keys[1])
    #expect(
      keys[0] != Array(SyntheticGenerator.storeKey(seed: 1).map { String(format: "%02x", $0) }.joined().utf8) + [10])
  }

  /// A write that fails (a full disk) leaves none of its files behind, the half-written one included.
  @Test func failedBulkWriteLeavesNoFile() throws {
    let folder = TemporaryFolder()
    let surveys = Self.people(.green)
    // The third file's name is taken, so the write fails after two files.
    try FileSystem.makeFolder("\(folder.path)/\(surveys[2].id).json")
    #expect(throws: FileSystem.Failure.self) { try SurveyFiles.write(surveys, into: folder.path) }
    #expect(try FileSystem.list(folder.path) == ["\(surveys[2].id).json"])
  }

  /// A round folder left by an older, killed new-round (surveys/ only) does not block a retry.
  @Test func newRoundRetryWorksOverAnEmptyLeftover() throws {
    let folder = TemporaryFolder()
    let store = try Store.open(folder.path + "/store")
    try FileSystem.makeFolder(store.path + "/2024/surveys")
    let round = try store.createRound(Samples.round, folderName: "2024")
    #expect(try round.loadRound() == Samples.round)
    #expect(throws: FileSystem.Failure.self) { try store.createRound(Samples.round, folderName: "2024") }
  }
}
