import Foundation
import Testing

@testable import BrukerPlanModel

/// Issue 10, items 2 and 6 and the Excel export, through the real binary: an export names its
/// round, import refuses another round's file, asks before updating, shows everything in a dry
/// run; a full disk and a killed generate leave nothing that passes for data.
@Suite(.serialized) struct IntegrityCLITests {
  static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    try Programs.run(Programs.brukerplan, arguments)
  }

  /// Every file in the round folder and its bytes, to prove that nothing was written.
  static func snapshot(_ path: String) throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    let enumerator = FileManager.default.enumerator(atPath: path)
    while let name = enumerator?.nextObject() as? String {
      guard !FileSystem.isFolder("\(path)/\(name)"), name != ".lock" else { continue }
      files[name] = try FileSystem.readFile("\(path)/\(name)", limit: 1 << 24)
    }
    return files
  }

  /// A store with rounds 2024 and 2025 of one municipality, 2024 holding three persons.
  static func twoRounds(_ folder: TemporaryFolder) throws -> (RoundFolder, RoundFolder) {
    let (store, earlier) = try folder.storeWithRound()
    var next = Samples.round
    next.year = 2025
    let later = try store.createRound(next, folderName: "2025")
    for id in (0..<3).map(testSurveyID) {
      try earlier.save(Samples.complete(id: id), baseRevision: nil, round: Samples.round)
    }
    return (earlier, later)
  }

  @Test func importRefusesAnotherRoundsExportUnlessTold() throws {
    let folder = TemporaryFolder()
    let (earlier, later) = try Self.twoRounds(folder)
    let file = folder.path + "/2024.csv"
    #expect(try Self.run(["export", earlier.path, "-o", file]).status == 0)
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(text.hasPrefix("#brukerplan-round municipality=9901 year=2024\nid,unit,status,"))
    let refused = try Self.run(["import", later.path, file])
    #expect(refused.status == 1)
    #expect(
      refused.err.contains(
        "\(file): is an export of another round (municipality 9901, year 2024), not of \(later.path) (municipality 9901, year 2025)"
      ), "\(refused.err)")
    #expect(try later.surveyFileNames().isEmpty)
    let told = try Self.run(["import", later.path, file, "--other-round"])
    #expect(told.status == 0 && told.out.contains("3 created"), "\(told)")
    // An older export, without the round line, is imported as it is.
    let older = folder.path + "/older.csv"
    try text.split(separator: "\n").dropFirst().joined(separator: "\n").write(
      toFile: older, atomically: true, encoding: .utf8)
    let again = try Self.run(["import", earlier.path, older])
    #expect(again.status == 0 && again.out.contains("0 created, 0 updated, 3 unchanged"), "\(again)")
  }

  @Test func importAsksBeforeUpdatingAndDryRunWritesNothing() throws {
    let folder = TemporaryFolder()
    let (earlier, _) = try Self.twoRounds(folder)
    let file = folder.path + "/changed.csv"
    #expect(try Self.run(["export", earlier.path, "-o", file]).status == 0)
    let changed = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
      of: "\(testSurveyID(1)),nav,complete,1980", with: "\(testSurveyID(1)),rus,complete,1981")
    try changed.write(toFile: file, atomically: true, encoding: .utf8)
    let before = try Self.snapshot(earlier.path)

    let dry = try Self.run(["import", earlier.path, file, "--dry-run"])
    #expect(dry.status == 0)
    #expect(dry.out.contains("Dry run of \(file) into \(earlier.path): 0 new, 1 updated, 2 unchanged."))
    #expect(
      dry.out.contains(
        "  update \(testSurveyID(1)) (line 4, revision 1 → 2):\n    unit: nav → rus\n    birthYear: 1980 → 1981\n"))
    #expect(try Self.snapshot(earlier.path) == before)

    let unasked = try Self.run(["import", earlier.path, file])
    #expect(unasked.status == 1)
    #expect(unasked.err.contains("would update 1 persons already in \(earlier.path)"))
    #expect(unasked.err.contains("    unit: nav → rus"))
    #expect(unasked.err.contains("No terminal to ask on."))
    #expect(unasked.err.contains("run again with --yes"))
    #expect(try Self.snapshot(earlier.path) == before)

    let confirmed = try Self.run(["import", earlier.path, file, "--yes"])
    #expect(confirmed.status == 0 && confirmed.out.contains("0 created, 1 updated, 2 unchanged"), "\(confirmed)")
    let batch = try #require(
      confirmed.out.split(separator: " ").map { String($0.filter { $0 != ";" }) }.first(where: ImportBatch.isValidID))
    let survey = try #require(try earlier.loadSurvey(testSurveyID(1), round: Samples.round))
    #expect(survey.unit == "rus" && survey.revision == 2)
    let history = try Self.run(["history", earlier.path, testSurveyID(1)])
    #expect(history.out.contains("revision 1 (kept)") && history.out.contains("  unit: nav → rus"), "\(history)")
    let undone = try Self.run(["undo-import", earlier.path, batch])
    #expect(undone.status == 0, "\(undone)")
    #expect(try earlier.loadSurvey(testSurveyID(1), round: Samples.round)?.unit == "nav")
  }

  @Test func excelExportIsExcelsDialectAndImportsBack() throws {
    let folder = TemporaryFolder()
    let (earlier, _) = try Self.twoRounds(folder)
    let file = folder.path + "/excel.csv"
    #expect(try Self.run(["export", earlier.path, "--excel", "-o", file]).status == 0)
    let bytes = try FileSystem.readFile(file, limit: 1 << 20)
    #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
    let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
    #expect(text.hasPrefix("#brukerplan-round municipality=9901 year=2024\r\nid;unit;status;birthYear;"))
    #expect(
      text.components(separatedBy: "\r\n").count == 6 && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n")
    )
    let again = try Self.run(["import", earlier.path, file])
    #expect(again.status == 0 && again.out.contains("0 created, 0 updated, 3 unchanged"), "\(again)")
  }

  /// A full disk (here: a file size limit of 0, so every write fails) leaves no 0-byte file, and
  /// new-round can be retried.
  @Test func fullDiskLeavesNoEmptyFileAndNewRoundCanBeRetried() throws {
    let folder = TemporaryFolder()
    let (earlier, later) = try Self.twoRounds(folder)
    let file = folder.path + "/in.csv"
    #expect(try Self.run(["export", earlier.path, "-o", file]).status == 0)
    // Only the program runs under the limit; its output goes through a pipe (no limit there).
    func limited(_ arguments: [String]) throws -> (status: Int32, out: String) {
      let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
      let script = "(trap '' XFSZ; ulimit -f 0; '\(Programs.brukerplan)' \(quoted); echo \"exit=$?\") 2>&1 | cat"
      let result = try Programs.run("/bin/sh", ["-c", script])
      let status = result.out.components(separatedBy: "exit=").last.flatMap {
        Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      return (status ?? -1, result.out)
    }
    let full = try limited(["import", later.path, file, "--other-round"])
    #expect(full.status == 1, "\(full)")
    // The audit log is opened (and so created, empty) before anything else: it holds no line.
    let left = try FileSystem.list(later.path).filter {
      ![".lock", "round.json", "surveys", "audit.jsonl"].contains($0)
    }
    #expect(left.isEmpty, "\(left)")
    #expect(try later.audit.read().entries.isEmpty)
    #expect(try FileSystem.list(later.surveysPath).isEmpty)

    let store = (earlier.path as NSString).deletingLastPathComponent
    let arguments = ["new-round", "--store", store, "--municipality", "9901", "--name", "Testvik", "--year", "2026"]
    let refused = try limited(arguments)
    #expect(refused.status == 1, "\(refused)")
    #expect(!FileSystem.exists(store + "/2026-9901"))
    #expect(try FileSystem.list(store).filter { $0.hasPrefix(".building") }.isEmpty)
    let retried = try Self.run(arguments)
    #expect(retried.status == 0, "\(retried)")
    #expect(try RoundFolder(path: store + "/2026-9901").loadRound().year == 2026)
  }
}
