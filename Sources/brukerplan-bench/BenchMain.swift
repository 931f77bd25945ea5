import BrukerPlanModel
import Foundation

/// `make bench`: loading, reports, compare, validate, import and save on generated stores of
/// 1,000, 10,000 and 100,000 persons, each figure the median of several runs, with the raw-read
/// floor of the same run and each figure's ratio to it. See BENCHMARKS.md.
///
///     brukerplan-bench [--sizes 1000,10000] [--runs N] [--process]   the table (--process: only
///                                                         the whole-process timings)
///     brukerplan-bench styles PERSONS                      writes the other writers' stores
///     brukerplan-bench candidates [PERSONS] [--quick]     the loaders weighed against each other
///     brukerplan-bench phase NAME PERSONS                 one phase once, printing its peak memory
///     brukerplan-bench server [PERSONS]                   saves and lists through `serve`
///     brukerplan-bench audit                              report --by unit at 60 and 100,000 persons
@main
struct BenchMain {
  static func main() throws {
    let arguments = Array(CommandLine.arguments.dropFirst())
    switch arguments.first {
    case "candidates":
      let persons = arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000
      try candidates(persons: persons, quick: arguments.contains("--quick"))
    case "server":
      try ServerBench.run(persons: arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000)
    case "audit":
      try AuditBench.run()
    case "styles":
      for style in WriterStyle.allCases { print(try style.round(persons: Int(arguments[1])!).path) }
    case "phase":
      try phase(arguments[1], persons: Int(arguments[2])!)
    case "prepare":
      let operation = (Operations.all + [Operations.importCSV]).first { $0.key == arguments[1] }!
      try operation.prepare?(try BenchData.rounds(persons: Int(arguments[2])!))
    case "profile":
      // For a profiler: one phase, repeated.
      let rounds = try BenchData.rounds(persons: Int(arguments[2])!)
      let operation = (Operations.all + [Operations.importCSV]).first { $0.key == arguments[1] }!
      for _ in 0..<(Int(arguments[3]) ?? 1) {
        try operation.prepare?(rounds)
        print(String(format: "%.3f s", try Timing.seconds { _ = try operation.run(rounds) }))
      }
    default:
      var sizes = [1_000, 10_000, 100_000]
      var runs = 5
      if let position = arguments.firstIndex(of: "--sizes") {
        sizes = arguments[position + 1].split(separator: ",").compactMap { Int($0) }
      }
      if let position = arguments.firstIndex(of: "--runs") { runs = Int(arguments[position + 1]) ?? runs }
      var table = BenchTable(sizes: sizes, runs: runs)
      table.processOnly = arguments.contains("--process")
      try table.run()
      if sizes.contains(100_000) { try AuditBench.run() }
    }
  }

  /// Runs one operation once in this process and prints the peak resident memory in MB.
  static func phase(_ key: String, persons: Int) throws {
    let rounds = try BenchData.rounds(persons: persons)
    guard let operation = (Operations.all + [Operations.importCSV]).first(where: { $0.key == key }) else {
      fatalError("no phase \(key)")
    }
    // Prepared in another process, so that its memory does not count here; the import's
    // preparation (an empty folder to import into) is small and must happen here.
    if key == Operations.importCSV.key {
      try operation.prepare?(rounds)
    } else {
      _ = try BenchTable.child(["prepare", key, String(persons)])
    }
    let before = Timing.peakMegabytes()
    let result = try operation.run(rounds)
    print(String(format: "%.1f %.1f", before, Timing.peakMegabytes()))
    withExtendedLifetime(result) {}
  }

  /// The loaders weighed against each other, on the later round of a store.
  static func candidates(persons: Int, quick: Bool) throws {
    let folder = try BenchData.rounds(persons: persons).later
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
    print("| method (\(persons) surveys) | 1 thread | 2 threads |")
    print("|---|---|---|")
    for (name, runs, body) in rows where !quick || !name.hasPrefix("JSON") {
      var cells: [String] = []
      for threads in [1, 2] {
        let time = try Timing.median(runs: runs) { try body(folder, threads) }
        cells.append(String(format: "%.3f s", time))
      }
      print("| \(name) | \(cells.joined(separator: " | ")) |")
    }
  }
}
