import Foundation
import Testing

@testable import BrukerPlanModel

/// The import as one transaction (issue 10, item 1): `import` (the real binary) killed with
/// SIGKILL in its rename phase, the moment the k-th survey file of an empty round appears. Before
/// the journal, 11 of 12 such kills left a partial round that validate and report accepted. Now
/// the next command finishes the import: every kill leaves 0 or all of the rows, audit lines
/// included, and a rerun of the same file changes nothing.
@Suite(.serialized) struct ReliabilityImportJournalTests {
  /// A CSV with `count` persons by id, in file order (the order the import renames them in).
  static func csv(_ count: Int) -> (text: String, ids: [String]) {
    let ids = (0..<count).map { testSurveyID(1_000_000 + $0) }
    var lines = [SurveyCSV.columns(for: Samples.round).joined(separator: ",")]
    for id in ids { lines.append(SurveyCSV.row(Samples.complete(id: id), round: Samples.round).joined(separator: ",")) }
    return (lines.joined(separator: "\n") + "\n", ids)
  }

  @Test func importKilledInItsRenamePhaseLeavesNoPartialRound() throws {
    let folder = TemporaryFolder()
    let (store, _) = try folder.storeWithRound()
    let rows = Soak.isOn ? 20_000 : 1_000
    let kills = Soak.isOn ? 4 : 5  // a 20,000-row kill takes minutes on a debug build
    let (text, ids) = Self.csv(rows)
    let file = folder.path + "/import.csv"
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    var random = SeededGenerator(seed: Soak.seed(10_101))
    var killedMidRename = 0
    var landedAtKill: [Int] = []
    var partialRounds = 0
    var auditLines = 0
    for kill in 0..<kills {
      let round = try store.createRound(Samples.round, folderName: "k\(kill)")
      let watched = "\(round.surveysPath)/\(ids[Int.random(in: 1..<rows, using: &random)]).json"
      let process = try Programs.start(Programs.brukerplan, ["import", round.path, file])
      while process.isRunning && !FileSystem.exists(watched) { usleep(50) }
      Foundation.kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let landed = try FileSystem.list(round.surveysPath).filter { $0.hasSuffix(".json") }.count
      if process.terminationReason == .uncaughtSignal && landed < rows {
        killedMidRename += 1
        landedAtKill.append(landed)
      }
      // The next command that opens the round: validate, the real binary.
      let validated = try Programs.run(Programs.brukerplan, ["validate", round.path])
      let after = try round.load()
      #expect(after.invalid.isEmpty, "kill \(kill): \(after.invalid.prefix(2))")
      if after.surveys.count != 0 && after.surveys.count != rows { partialRounds += 1 }
      #expect(
        after.surveys.count == rows,
        "kill \(kill): \(after.surveys.count) of \(rows) after validate; \(validated.err.prefix(300))")
      #expect(validated.status == 0, "kill \(kill): \(validated.err.prefix(300))")
      // Exactly one audit line per person, each "import-create" at revision 1, none damaged.
      let (entries, damaged) = try round.audit.read()
      #expect(damaged == 0)
      #expect(entries.count == rows && Set(entries.map(\.id)) == Set(ids), "kill \(kill): \(entries.count) audit lines")
      #expect(entries.allSatisfy { $0.action == "import-create" && $0.revision == 1 })
      auditLines += entries.count
      // Nothing of the transaction is left in the round folder but its record.
      #expect(try FileSystem.list(round.path).filter { $0.contains("import-") }.isEmpty)
      #expect(try FileSystem.list(round.importRecordsPath).count == 1)
      // A rerun of the same file finds every person and writes nothing (once per run under soak).
      if !Soak.isOn || kill == 0 {
        let rerun = try Programs.run(Programs.brukerplan, ["import", round.path, file])
        #expect(rerun.status == 0 && rerun.out.contains("0 created, 0 updated, \(rows) unchanged"), "\(rerun)")
        #expect(try round.audit.read().entries.count == rows)
      }
      if kill > 0 { FileSystem.removeTree(store.path + "/k\(kill - 1)") }
    }
    #expect(killedMidRename > 0, "no kill landed in the rename phase")
    Figures.report(
      "crash.import.renamePhase.kills", killedMidRename,
      detail:
        "\(kills) imports of \(rows) rows into empty rounds, \(killedMidRename) killed mid-rename with "
        + "\(landedAtKill.map(String.init).joined(separator: ", ")) files renamed; \(partialRounds) partial rounds after "
        + "the next command; \(auditLines) audit lines, one per person")
  }
}
