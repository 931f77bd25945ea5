import BrukerPlanModel
import Foundation

/// One thing the benchmark times, on the two rounds of a generated store.
struct Operation: Sendable {
  typealias Rounds = (earlier: RoundFolder, later: RoundFolder)

  var key: String
  var title: String
  /// Fewer runs for slow figures at 100,000 persons.
  var runsAtLargest: Int? = nil
  /// Done before each run, outside the clock.
  var prepare: (@Sendable (Rounds) throws -> Void)? = nil
  var run: @Sendable (Rounds) throws -> Any
}

enum Operations {
  static let floor = Operation(key: "floor", title: "raw read, POSIX open/read (the floor)") {
    try Candidates.rawRead($0.later, threads: 1)
  }

  static let all: [Operation] = [
    floor,
    Operation(key: "load-plain", title: "load, plain (RoundFolder.load, JSONDecoder)", runsAtLargest: 1) {
      try $0.later.load()
    },
    Operation(key: "load-fast", title: "load, fast (no index)") { try SurveyLoader(useIndex: false).load($0.later) },
    Operation(key: "load-indexed", title: "load, fast + index (warm)", prepare: warmIndex) {
      try SurveyLoader().load($0.later)
    },
    Operation(key: "json-first", title: "json report, first load (no index yet; builds it)", prepare: removeIndex) {
      try report(SurveyLoader().load($0.later), .json)
    },
    Operation(key: "json-plain-first", title: "json report, first load without index", prepare: removeIndex) {
      try report(SurveyLoader(useIndex: false).load($0.later), .json)
    },
    Operation(key: "json-indexed", title: "json report, index warm", prepare: warmIndex) {
      try report(SurveyLoader().load($0.later), .json)
    },
    Operation(key: "text-indexed", title: "text report, index warm", prepare: warmIndex) {
      try report(SurveyLoader().load($0.later), .text)
    },
    Operation(key: "compare-indexed", title: "compare 2024 with 2025 (text), index warm", prepare: warmIndex) {
      let a = try SurveyLoader().load($0.earlier)
      let b = try SurveyLoader().load($0.later)
      let comparison = try ComparisonEngine.publish(a: a, b: b)
      return ReportRenderer.render(comparison, as: .text)
    },
    Operation(key: "validate", title: "validate (every file read and checked, no index)") {
      let loaded = try SurveyLoader(useIndex: false).load($0.later)
      return loaded.invalid.map(\.description) + ["\(loaded.surveys.count) \(loaded.complete.count)"]
    },
  ]

  /// Import of the later round's CSV export into an empty round (all rows new). Each run gets
  /// its own folder, and the folders are deleted only at the start of the next benchmark: on ext4
  /// creating files right after deleting many is far slower (the inode allocator skips inodes
  /// freed in the last half minute), which would time the file system's recovery, not the import.
  static let importCSV = Operation(
    key: "import", title: "import CSV, one row per person, into an empty round", runsAtLargest: 1,
    prepare: { rounds in
      _ = try BenchData.csv(persons: rounds.later.personsHint)
      ImportTarget.shared.folder = try BenchData.emptyRound(
        like: rounds.later, name: "import-\(rounds.later.personsHint)-\(UInt32.random(in: 0...UInt32.max))")
    },
    run: { rounds in
      try SurveyCSV.importFile(try BenchData.csv(persons: rounds.later.personsHint), into: ImportTarget.shared.folder!)
    })

  static func report(_ loaded: LoadedRound, _ format: ReportFormat) throws -> String {
    ReportRenderer.render(try ReportEngine.publish([loaded]), as: format)
  }

  static func removeIndex(_ rounds: Operation.Rounds) throws {
    for folder in [rounds.earlier, rounds.later] { unlink("\(folder.path)/.brukerplan-index") }
  }

  static func warmIndex(_ rounds: Operation.Rounds) throws {
    for folder in [rounds.earlier, rounds.later] { _ = try SurveyLoader().load(folder) }
  }
}

extension RoundFolder {
  /// The store's size from its folder name (store-N), for finding the matching CSV.
  var personsHint: Int {
    let store = Paths.name(of: Paths.parent(of: path))
    return Int(store.dropFirst("store-".count)) ?? 0
  }
}

/// The round the next import run writes into (set by its prepare step; runs are sequential).
final class ImportTarget: @unchecked Sendable {
  static let shared = ImportTarget()
  var folder: RoundFolder?
}
