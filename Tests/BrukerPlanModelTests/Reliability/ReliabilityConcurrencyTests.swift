import Foundation
import Testing

@testable import BrukerPlanModel

/// Two caseworkers (two processes) at once: one save wins, the other is told plainly; nothing is lost.
@Suite(.serialized) struct ReliabilityConcurrencyTests {
  static func waitForExit(_ process: Process, output: String) -> (status: Int32, out: String, err: String) {
    process.waitUntilExit()
    let out = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
    return (process.terminationStatus, out, err)
  }

  @Test func twoSavesFromOneBaseRevisionGiveOneWinnerAndOneConflict() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let id = "paaaaaaaaaaaaaaaa"
    try roundFolder.save(Samples.complete(id: id), baseRevision: nil, round: Samples.round)
    let races = Soak.count(20, soakFactor: 25)
    var wins = [0, 0]
    for race in 0..<races {
      let base = race + 1
      let go = folder.path + "/go-\(race)"
      let outputs = (0..<2).map { folder.path + "/out-\(race)-\($0)" }
      let marks = [1_000 + race, 2_000 + race]
      let processes = try (0..<2).map {
        try Programs.start(
          Programs.driver, ["save-once", roundFolder.path, id, "\(base)", "\(marks[$0])", go], output: outputs[$0])
      }
      _ = FileManager.default.createFile(atPath: go, contents: nil)
      let results = (0..<2).map { Self.waitForExit(processes[$0], output: outputs[$0]) }
      let winners = results.indices.filter { results[$0].status == 0 }
      let losers = results.indices.filter { results[$0].status == 3 }
      #expect(winners.count == 1 && losers.count == 1, "race \(race): \(results)")
      guard let winner = winners.first, let loser = losers.first else { continue }
      wins[winner] += 1
      #expect(results[winner].out == "saved revision \(base + 1)\n")
      // The message says what happened and what to do, and names the revision now on disk.
      #expect(
        results[loser].err
          == "survey \(id) was saved by someone else meanwhile (now revision \(base + 1)); reload it and apply your changes again\n"
      )
      let onDisk = try #require(try roundFolder.loadSurvey(id, round: Samples.round))
      #expect(onDisk.revision == base + 1)
      #expect(onDisk.extra["mark"] == .number(Double(marks[winner])), "race \(race): the loser's content got in")
    }
    let entries = try roundFolder.audit.read().entries.filter { $0.id == id }
    #expect(entries.map(\.revision) == Array(1...(races + 1)))
    Figures.report("concurrency.conflict.races", races, detail: "first process won \(wins[0]), second \(wins[1])")
  }

  /// Two processes each apply many changes to one survey, reloading on conflict: no update is lost.
  @Test func concurrentReadModifyWriteLosesNoUpdate() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let id = "pbbbbbbbbbbbbbbbb"
    try roundFolder.save(Samples.complete(id: id), baseRevision: nil, round: Samples.round)
    let go = folder.path + "/go"
    let each = Soak.count(40, soakFactor: 25)
    let outputs = (0..<2).map { folder.path + "/bump-\($0)" }
    let processes = try (0..<2).map {
      try Programs.start(Programs.driver, ["bump", roundFolder.path, id, "\(each)", go], output: outputs[$0])
    }
    _ = FileManager.default.createFile(atPath: go, contents: nil)
    let results = (0..<2).map { Self.waitForExit(processes[$0], output: outputs[$0]) }
    #expect(results.allSatisfy { $0.status == 0 }, "\(results)")
    let onDisk = try #require(try roundFolder.loadSurvey(id, round: Samples.round))
    #expect(onDisk.revision == 1 + 2 * each)
    let entries = try roundFolder.audit.read()
    #expect(entries.damagedLines == 0)
    #expect(entries.entries.map(\.revision) == Array(1...(1 + 2 * each)))
    let conflicts = results.compactMap { Int($0.out.split(separator: " ")[safe: 3] ?? "") }.reduce(0, +)
    Figures.report("concurrency.bumps", 2 * each, detail: "\(conflicts) conflicts retried, 0 updates lost")
  }

  /// The round lock is waited for while another process holds it briefly; held too long, the
  /// message says so in plain words.
  @Test func roundLockIsWaitedForThenRefusedClearly() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let ready = folder.path + "/ready"
    let holder = try Programs.start(Programs.driver, ["hold-lock", roundFolder.path, ready, "1.5"])
    while !FileManager.default.fileExists(atPath: ready) && holder.isRunning { usleep(1_000) }
    #expect {
      try roundFolder.withLock(timeout: 0.2) {}
    } throws: { error in
      "\(error)"
        == "\(roundFolder.path)/.lock: is locked by another brukerplan process (an import or a save); try again in a moment"
    }
    // A save waits (up to 5 s) and then goes through: nothing is refused while the lock is held briefly.
    let saved = try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    #expect(saved.revision == 1)
    holder.waitUntilExit()
    #expect(holder.terminationStatus == 0)
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
