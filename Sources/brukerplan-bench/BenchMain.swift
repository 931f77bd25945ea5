import BrukerPlanModel
import Foundation

/// `make bench`: timings of loading, reports and the UI on generated rounds (see BENCHMARKS.md).
@main
struct BenchMain {
  static func main() throws {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "candidates" {
      try candidates(
        persons: arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000, quick: arguments.contains("--quick"))
    } else if arguments.first == "profile-indexed" {
      try profileIndexed(persons: Int(arguments[1])!, threads: Int(arguments[2])!, repeats: Int(arguments[3])!)
    } else if arguments.first == "profile-fast" {
      try profileFast(persons: Int(arguments[1])!, threads: Int(arguments[2])!, repeats: Int(arguments[3])!)
    }
  }

  /// The loaders weighed against each other, on one round.
  static func candidates(persons: Int, quick: Bool) throws {
    let folder = try BenchData.round(persons: persons)
    _ = try Candidates.rawRead(folder, threads: 1)  // into the OS cache
    _ = try Candidates.indexed(folder, threads: 2)  // writes the index
    let rows: [(String, Int, (RoundFolder, Int) throws -> Any)] = [
      ("POSIX open/read (floor)", 5, Candidates.rawRead),
      ("Data(contentsOf:)", 3, Candidates.dataContentsOf),
      ("JSONDecoder (load())", 1, Candidates.jsonDecoder),
      ("JSONSerialization", 1, Candidates.jsonSerialization),
      ("fast loader", 5, Candidates.fast),
      ("fast loader + index (warm)", 5, Candidates.indexed),
    ]
    print("method".padding(toLength: 28, withPad: " ", startingAt: 0), "1 thread", "2 threads")
    for (name, runs, body) in rows where !quick || !name.hasPrefix("JSON") {
      var cells: [String] = []
      for threads in [1, 2] {
        let time = try Timing.median(runs: runs) { try body(folder, threads) }
        cells.append(String(format: "%8.3f s", time))
      }
      print(name.padding(toLength: 28, withPad: " ", startingAt: 0), cells.joined(separator: "  "))
    }
  }
}

extension BenchMain {
  /// One fast load, for a profiler.
  static func profileFast(persons: Int, threads: Int, repeats: Int) throws {
    let folder = try BenchData.round(persons: persons)
    for _ in 0..<repeats { _ = try Candidates.fast(folder, threads: threads) }
  }

  static func profileIndexed(persons: Int, threads: Int, repeats: Int) throws {
    let folder = try BenchData.round(persons: persons)
    for _ in 0..<repeats { _ = try Candidates.indexed(folder, threads: threads) }
  }
}
