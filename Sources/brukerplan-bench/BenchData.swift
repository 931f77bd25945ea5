import BrukerPlanModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Benchmark stores made with the team's SyntheticGenerator, generated once and kept outside git
/// (`$BRUKERPLAN_BENCH_DATA`, else `.build-benchdata/` in the current folder).
enum BenchData {
  static let years = [2024, 2025]
  static let seed: UInt64 = 2025

  static var root: String {
    ProcessInfo.processInfo.environment["BRUKERPLAN_BENCH_DATA"]
      ?? FileManager.default.currentDirectoryPath + "/.build-benchdata"
  }

  /// The two rounds (2024 and 2025) of a store with `persons` persons a year, made on first use.
  static func rounds(persons: Int) throws -> (earlier: RoundFolder, later: RoundFolder) {
    let path = "\(root)/store-\(persons)"
    let done = "\(path)/.complete"
    if !FileSystem.exists(done) {
      try? FileManager.default.removeItem(atPath: path)
      try FileSystem.makeFolder(root)
      log("generating a store of \(persons) persons a year in \(path) ...")
      try SyntheticGenerator(seed: seed).generateStore(at: path, persons: persons, years: years)
      try FileSystem.writeAtomically([], to: done)
    }
    return (RoundFolder(path: "\(path)/\(years[0])"), RoundFolder(path: "\(path)/\(years[1])"))
  }

  /// A CSV export of the later round, for timing an import, made on first use.
  static func csv(persons: Int) throws -> String {
    let path = "\(root)/import-\(persons).csv"
    if !FileSystem.exists(path) {
      let loaded = try rounds(persons: persons).later.loadFast()
      try FileSystem.writeAtomically(SurveyCSV.export(loaded.surveys, round: loaded.round), to: path)
    }
    return path
  }

  /// Moves what earlier runs left in scratch/ (imports, saves) aside, to trash-<time>/. Deleting
  /// 100,000s of files takes minutes on a disk mounted with discard, and would slow the file
  /// creation being timed; remove the trash folders when the machine is idle.
  static func clearScratch() {
    let scratch = "\(root)/scratch"
    if FileSystem.exists(scratch) { rename(scratch, "\(root)/trash-\(Int(Date().timeIntervalSince1970))") }
  }

  /// A fresh empty round with the same round.json, to import into.
  static func emptyRound(like folder: RoundFolder, name: String) throws -> RoundFolder {
    let path = "\(root)/scratch/\(name)"
    try? FileManager.default.removeItem(atPath: path)
    let target = RoundFolder(path: path)
    try FileSystem.makeFolder(target.surveysPath)
    try target.saveRound(try folder.loadRound())
    return target
  }

  static func log(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
