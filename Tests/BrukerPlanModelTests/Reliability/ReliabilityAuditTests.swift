import Foundation
import Testing

@testable import BrukerPlanModel

/// The audit log cannot be switched off, and a removed or edited line is found.
@Suite struct ReliabilityAuditTests {
  /// Puts something other than a log file where the log goes.
  static func sabotage(_ kind: String, at path: String) throws {
    switch kind {
    case "folder": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    case "symlink": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/null")
    default: #expect(mkfifo(path, 0o600) == 0)
    }
  }

  @Test(arguments: ["folder", "symlink", "fifo"]) func saveIsRefusedWhenTheAuditLineCannotBeWritten(kind: String) throws
  {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    try Self.sabotage(kind, at: roundFolder.audit.path)
    let survey = Samples.complete()
    #expect(throws: StoreError.self) { try roundFolder.save(survey, baseRevision: nil, round: Samples.round) }
    #expect(!FileSystem.exists(try roundFolder.surveyFile(survey.id)), "saved without an audit line")
  }

  @Test func deleteAndImportAreRefusedWhenTheAuditLineCannotBeWritten() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let survey = try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    try FileManager.default.removeItem(atPath: roundFolder.audit.path)
    try FileManager.default.createSymbolicLink(atPath: roundFolder.audit.path, withDestinationPath: "/dev/null")
    #expect(throws: StoreError.self) { try roundFolder.delete(survey.id, round: Samples.round) }
    #expect(FileSystem.exists(try roundFolder.surveyFile(survey.id)), "deleted without an audit line")

    let csv = folder.path + "/in.csv"
    let exported = SurveyCSV.export([Samples.complete(id: "pbbbbbbbbbbbbbbbb")], round: Samples.round)
    try Data(exported).write(to: URL(fileURLWithPath: csv))
    #expect(throws: (any Error).self) { try SurveyCSV.importFile(csv, into: roundFolder) }
    #expect(!FileSystem.exists(try roundFolder.surveyFile("pbbbbbbbbbbbbbbbb")), "imported without audit lines")
  }

  /// A log with five chained lines from real saves.
  func chainedLog() throws -> (TemporaryFolder, AuditLog) {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    var survey = try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    for _ in 0..<3 {
      survey = try roundFolder.save(survey, baseRevision: survey.revision, round: Samples.round)
    }
    try roundFolder.delete(survey.id, round: Samples.round)
    #expect(try roundFolder.audit.verify().isEmpty)
    #expect(try roundFolder.audit.read().entries.count == 5)
    return (folder, roundFolder.audit)
  }

  func rewrite(_ log: AuditLog, _ change: (inout [String]) -> Void) throws {
    var lines = try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").map(String.init)
    change(&lines)
    try (lines.joined(separator: "\n") + "\n").write(toFile: log.path, atomically: false, encoding: .utf8)
  }

  @Test func removedLineIsFound() throws {
    let (folder, log) = try chainedLog()
    try rewrite(log) { $0.remove(at: 2) }
    #expect(try log.verify().map(\.line) == [3])
    withExtendedLifetime(folder) {}
  }

  @Test func removedFirstLineIsFound() throws {
    let (folder, log) = try chainedLog()
    try rewrite(log) { $0.removeFirst() }
    #expect(try log.verify().map(\.line) == [1])
    withExtendedLifetime(folder) {}
  }

  @Test func editedLineIsFound() throws {
    let (folder, log) = try chainedLog()
    try rewrite(log) { $0[1] = $0[1].replacingOccurrences(of: "\"revision\":2", with: "\"revision\":7") }
    #expect(try log.verify().map(\.line) == [3])
    withExtendedLifetime(folder) {}
  }

  @Test func insertedUnchainedLineIsFound() throws {
    let (folder, log) = try chainedLog()
    try rewrite(log) {
      $0.insert(
        #"{"action":"update","id":"paaaaaaaaaaaaaaaa","revision":9,"time":"2024-01-01T00:00:00Z","user":"x"}"#,
        at: 3)
    }
    #expect(try log.verify().map(\.line) == [4, 5])
    withExtendedLifetime(folder) {}
  }

  @Test func tornLineAndOlderUnchainedLinesKeepTheChainWhole() throws {
    let folder = TemporaryFolder()
    let log = AuditLog(path: folder.path + "/audit.jsonl")
    let legacy = #"{"action":"create","id":"paaaaaaaaaaaaaaaa","revision":1,"time":"2024-01-01T00:00:00Z","user":"x"}"#
    try (legacy + "\n" + #"{"time":"2024"#).write(toFile: log.path, atomically: false, encoding: .utf8)
    try log.append([
      AuditLog.Event(action: "update", id: "paaaaaaaaaaaaaaaa", revision: 2),
      AuditLog.Event(action: "import-create", id: "pbbbbbbbbbbbbbbbb", revision: 1, user: "kari", batch: "b1"),
    ])
    let (entries, damaged) = try log.read()
    #expect(damaged == 1)
    #expect(entries.map(\.revision) == [1, 2, 1])
    #expect(entries.last?.user == "kari" && entries.last?.batch == "b1")
    #expect(try log.verify().isEmpty)
  }

  @Test func validateReportsABrokenChain() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    var survey = try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    survey = try roundFolder.save(survey, baseRevision: 1, round: Samples.round)
    try roundFolder.save(survey, baseRevision: 2, round: Samples.round)
    #expect(try Programs.run(Programs.brukerplan, ["validate", roundFolder.path]).status == 0)
    let log = roundFolder.audit
    try rewrite(log) { $0.remove(at: 1) }
    let outcome = try Programs.run(Programs.brukerplan, ["validate", roundFolder.path])
    #expect(outcome.status == 1)
    #expect(outcome.out.contains("audit.jsonl: line 2: does not follow the line before it"), "\(outcome.out)")
  }
}
