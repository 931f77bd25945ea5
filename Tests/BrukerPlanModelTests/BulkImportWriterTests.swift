import Foundation
import Testing

@testable import BrukerPlanModel

/// The import's fast paths (issue 16) give what the slow ones gave: audit lines and import records
/// byte for byte as JSONEncoder writes them, the same hashes, the same kept revisions, rows in
/// file order, and a bulk write on both cores that still leaves nothing behind when it fails.
@Suite struct BulkImportWriterTests {
  /// Texts a user, a file name or a note may hold: plain, æøå, quotes, backslashes, slashes,
  /// line and paragraph separators, emoji; and control characters (left to JSONEncoder).
  static let texts = [
    "", "root", "kari.nordmann", "Åse Ødegård", "say \"hi\"", "back\\slash", "a/b", "line\u{2028}sep\u{2029}",
    "🙂 tekst", "tab\there", "new\nline", "bell\u{7}", "del\u{7f}",
  ]

  @Test func auditLinesAreWhatJSONEncoderWrites() {
    var checked = 0
    for text in Self.texts {
      for optional in [nil, text] {
        let entry = AuditLog.Entry(
          time: "2026-12-02T04:00:00Z", user: text, action: "import-create", id: "p" + text, revision: 7,
          batch: optional, prev: optional ?? AuditLog.chainStart, detail: optional, reason: optional)
        #expect(AuditLog.encode(entry) == AuditLog.reference(entry), "\(text)")
        checked += 1
      }
    }
    #expect(checked == 2 * Self.texts.count)
    // A field added to Entry must be added to the compact writer too.
    let full = AuditLog.Entry(
      time: "t", user: "u", action: "a", id: "i", revision: -3, batch: "b", prev: "p", detail: "d", reason: "r")
    #expect(Mirror(reflecting: full).children.count == 9)
    #expect(AuditLog.encode(full) == AuditLog.reference(full))
  }

  @Test func importRecordsAreWhatJSONEncoderWrites() throws {
    for text in Self.texts {
      let record = ImportBatch(
        kind: "undo-import", batch: "20261202-004512-k3f9", file: text + ".csv", time: "2026-12-02T04:00:00Z",
        user: text, auditOffset: 123_456,
        changes: [
          .init(id: testSurveyID(1), action: "create", from: nil, to: 1),
          .init(id: testSurveyID(2), action: "update", from: 4, to: 5),
        ])
      let bytes = RoundFolder.encodeRecord(record)
      #expect(bytes == RoundFolder.referenceRecord(record) + [10], "\(text)")
      #expect(try JSONDecoder().decode(ImportBatch.self, from: Data(bytes)) == record)
    }
    let empty = ImportBatch(batch: "b", file: "f", time: "t", user: "u", auditOffset: 0, changes: [])
    #expect(RoundFolder.encodeRecord(empty) == RoundFolder.referenceRecord(empty) + [10])
    // A field added to the record must be added to the compact writer too.
    #expect(Mirror(reflecting: empty).children.count == 8)
    #expect(Mirror(reflecting: ImportBatch.Change(id: "", action: "", from: 1, to: 2)).children.count == 4)
  }

  @Test func hexIsWhatTheFormatterWrote() {
    let bytes = (0...255).map(UInt8.init)
    #expect(Hex.encode(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
    #expect(Hex.decode(Hex.encode(bytes)) == bytes)
    #expect(AuditLog.hash([1, 2, 3][...]).count == 64)
  }

  @Test func keptRevisionsFromOneListingMatchTheLookups() throws {
    let folder = TemporaryFolder()
    let (_, round) = try folder.storeWithRound()
    let ids = (0..<5).map(testSurveyID)
    #expect(round.lastKeptRevisions()(ids[0]) == 0)  // no history folder yet
    try FileSystem.makeFolder(round.historySurveysPath)
    // Revisions 1-3 of the first, 1 of the second, only 2 (a gap) of the third.
    for (id, revision) in [(ids[0], 1), (ids[0], 2), (ids[0], 3), (ids[1], 1), (ids[2], 2)] {
      try FileSystem.writeAtomically([], to: round.historyFile(id, revision: revision))
    }
    let kept = round.lastKeptRevisions()
    #expect(ids.map(kept) == [3, 1, 0, 0, 0])
    #expect(ids.map(kept) == ids.map(round.lastKeptRevision(of:)))
  }

  @Test func parallelMapKeepsTheOrder() {
    let numbers = Array(0..<10_000)
    #expect(ParallelMap.map(numbers, threads: 4, minimumChunk: 7) { $0 * 3 } == numbers.map { $0 * 3 })
    #expect(ParallelMap.map([Int](), threads: 4) { $0 }.isEmpty)
  }

  /// Rows read on both cores: every row's problems in file order, duplicates named by line.
  @Test func rowsReadOnEveryCoreKeepTheirOrderAndProblems() throws {
    let header = SurveyCSV.columns(for: Samples.round).joined(separator: ",")
    var lines = [header]
    for n in 0..<3_000 {
      var row = SurveyCSV.row(Samples.complete(id: testSurveyID(n % 2_990)), round: Samples.round)
      if n % 997 == 5 { row[1] = "nowhere" }
      lines.append(row.joined(separator: ","))
    }
    let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
    guard case .failure(let failure) = SurveyCSV.parse(bytes, round: Samples.round, pseudonym: nil) else {
      Issue.record("a file with unknown units and duplicates was accepted")
      return
    }
    let unknown = failure.problems.filter { $0.column == "unit" }.map(\.line)
    let duplicates = failure.problems.filter { $0.message.contains("a person may appear only once") }.map(\.line)
    #expect(unknown == [7, 1004, 2001, 2998])
    #expect(duplicates == Array(2_992...3_001))
    #expect(failure.problems.map(\.line) == failure.problems.map(\.line).sorted())
  }

  @Test func bulkWriteOnTwoCoresWritesEveryFileOrNone() throws {
    let folder = TemporaryFolder()
    let surveys = (0..<3_000).map { Samples.complete(id: testSurveyID($0)) }
    try SurveyFiles.write(surveys, into: folder.path, threads: 2)
    let names = try FileSystem.list(folder.path)
    #expect(names.count == 3_000)
    let sample = try FileSystem.readFile("\(folder.path)/\(surveys[1_234].id).json", limit: 1 << 20)
    #expect(sample == SurveyJSON.bytes(surveys[1_234]))

    // A name taken in the middle: every other file written is removed again.
    let second = TemporaryFolder()
    try FileSystem.makeFolder("\(second.path)/\(surveys[1_500].id).json")
    #expect(throws: FileSystem.Failure.self) { try SurveyFiles.write(surveys, into: second.path, threads: 2) }
    #expect(try FileSystem.list(second.path) == ["\(surveys[1_500].id).json"])
  }
}
