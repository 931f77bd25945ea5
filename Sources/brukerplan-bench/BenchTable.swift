import BrukerPlanModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The whole `make bench` run: every operation at every size, then memory, save and the targets.
struct BenchTable {
  var sizes: [Int]
  var runs: Int
  var lines: [String] = []
  var processRows: [ProcessBench.Row] = []
  /// Whole-process timings only (`--process`): the user's view, without the in-process phases.
  var processOnly = false

  init(sizes: [Int], runs: Int) {
    self.sizes = sizes
    self.runs = runs
  }

  mutating func run() throws {
    var floors: [Int: Double] = [:]
    var results: [String: [Int: Double]] = [:]
    let operations = Operations.all + [Operations.importCSV]
    BenchData.clearScratch()
    emit(header())
    emit("")
    try processTable()
    if processOnly {
      targets(results, floors: floors, largest: sizes.max()!)
      try? FileSystem.writeAtomically(
        Array((lines.joined(separator: "\n") + "\n").utf8), to: "\(BenchData.root)/last-run.md")
      return
    }
    emit("In-process phases (one process times each phase; no start-up, no output):")
    emit("")
    for persons in sizes {
      let rounds = try BenchData.rounds(persons: persons)
      _ = try Candidates.rawRead(rounds.earlier, threads: 1)  // into the OS cache
      _ = try Candidates.rawRead(rounds.later, threads: 1)
      for operation in operations {
        let count = persons == sizes.max() ? operation.runsAtLargest ?? runs : runs
        BenchData.log("\(persons): \(operation.title) (\(count) runs)")
        var times: [Double] = []
        for _ in 0..<count {
          try operation.prepare?(rounds)
          var kept: Any?
          times.append(try Timing.seconds { kept = try operation.run(rounds) })
          withExtendedLifetime(kept) {}
        }
        results[operation.key, default: [:]][persons] = times.sorted()[times.count / 2]
      }
      floors[persons] = results["floor"]![persons]
    }
    let largest = sizes.max()!
    emit("| operation | " + sizes.map { "\($0.formatted()) persons" }.joined(separator: " | ") + " |")
    emit("|---|" + sizes.map { _ in "---:|" }.joined())
    for operation in operations {
      let cells = sizes.map { persons -> String in
        guard let time = results[operation.key]?[persons], let floor = floors[persons] else { return "" }
        return String(format: "%@ (%.2fx)", Self.seconds(time), time / floor)
      }
      emit("| \(operation.title) | \(cells.joined(separator: " | ")) |")
    }
    emit("")
    emit(
      "Each figure: the median of \(runs) runs (of \(Operations.all[1].runsAtLargest!) for the plain load and \(Operations.importCSV.runsAtLargest!) for the import at \(largest.formatted()) persons); in brackets its ratio to the raw-read floor of the same size in this run. Files are in the OS cache (one warm-up read first)."
    )
    emit("")
    try memory(largest)
    try save()
    emit("")
    try userInterface()
    emit("")
    targets(results, floors: floors, largest: largest)
    let text = lines.joined(separator: "\n") + "\n"
    try? FileSystem.writeAtomically(Array(text.utf8), to: "\(BenchData.root)/last-run.md")
  }

  /// Peak resident memory of the main phases at the largest size, each in a fresh process.
  mutating func memory(_ persons: Int) throws {
    emit("Peak memory (VmHWM of a fresh process doing one phase at \(persons.formatted()) persons):")
    emit("")
    emit("| phase | peak MB |")
    emit("|---|---:|")
    for key in ["load-plain", "load-fast", "load-indexed", "json-first", "json-indexed", "compare-indexed", "import"] {
      let title = (Operations.all + [Operations.importCSV]).first { $0.key == key }!.title
      let output = try Self.child(["phase", key, String(persons)])
      let peak = output.split(separator: " ").last.map(String.init) ?? "?"
      emit("| \(title) | \(peak.trimmingCharacters(in: .whitespacesAndNewlines)) |")
      peaks[key] = Double(peak.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    emit("")
  }

  var peaks: [String: Double] = [:]
  var saveTime = 0.0
  var writeTime = 0.0

  /// One survey saved (lock, revision check, atomic write with fsync, audit line) against the
  /// atomic write of the same bytes alone.
  mutating func save() throws {
    let rounds = try BenchData.rounds(persons: sizes.min()!)
    let scratch = try BenchData.emptyRound(like: rounds.later, name: "save")
    let round = try scratch.loadRound()
    let survey = try SurveyLoader(useIndex: false).load(rounds.later).complete[0]
    var saves: [Double] = []
    var writes: [Double] = []
    for index in 0..<max(runs, 5) {
      var copy = survey
      copy.id =
        "r" + String(repeating: "a", count: 15) + "abcdefghijklmnopqrstuvwxyz234567".map(String.init)[index % 32]
      saves.append(try Timing.seconds { try scratch.save(copy, baseRevision: nil, round: round) })
      let bytes = try FileSystem.readFile(try scratch.surveyFile(copy.id), limit: 1 << 20)
      writes.append(try Timing.seconds { try FileSystem.writeAtomically(bytes, to: "\(scratch.path)/plain-\(index)") })
    }
    saveTime = saves.sorted()[saves.count / 2]
    writeTime = writes.sorted()[writes.count / 2]
    emit(
      "A single survey save: \(Self.milliseconds(saveTime)) (median of \(saves.count)); the atomic write of the same bytes alone (temporary file, fsync, rename, folder fsync): \(Self.milliseconds(writeTime)); so the save's own work is \(Self.milliseconds(max(0, saveTime - writeTime))) plus the fsyncs."
    )
  }

  var ui: UIBench.Figures?

  /// The terminal UI on the store of 10,000 persons a year (see UIBench).
  mutating func userInterface() throws {
    let persons = sizes.contains(10_000) ? 10_000 : sizes.min()!
    let figures = try UIBench.measure(persons: persons, runs: runs)
    ui = figures
    emit("Terminal UI at 120x40 on the store of \(persons.formatted()) persons a year (in-memory terminal):")
    emit("")
    emit("| UI figure | time |")
    emit("|---|---:|")
    emit(
      "| start: list the store's rounds, open one, draw its survey list (median of \(runs)) | \(Self.seconds(figures.start)) |"
    )
    emit("| one frame of the survey list (median of 101) | \(Self.milliseconds(figures.listFrame)) |")
    emit("| one frame of the form (median of 101) | \(Self.milliseconds(figures.formFrame)) |")
    emit(
      "| a key and its frame, mean over 1,000 keys (up/down in the list) | \(Self.milliseconds(figures.keyToFrame)) |")
  }

  mutating func targets(_ results: [String: [Int: Double]], floors: [Int: Double], largest: Int) {
    let whole = processTargets()
    guard largest == 100_000, let floor = floors[largest] else {
      if !whole.isEmpty { emit("Targets at 100,000 persons:") }
      emit("")
      for (target, met, value) in whole { emit("- \(met ? "met" : "MISSED"): \(target): \(value)") }
      if whole.isEmpty { emit("Targets are checked at 100,000 persons; run all sizes to see them.") }
      return
    }
    func figure(_ key: String) -> Double { results[key]?[largest] ?? .nan }
    emit("Targets at 100,000 persons:")
    emit("")
    let first = figure("json-first")
    let warm = figure("json-indexed")
    let check: [(String, Bool, String)] = [
      (
        "first load + json report ≤ 2x the floor", first <= 2 * floor,
        String(format: "%@ = %.2fx the floor", Self.seconds(first), first / floor)
      ),
      ("first load + json report ≥ 3x faster than 3.6 s (≤ 1.2 s)", first <= 1.2, Self.seconds(first)),
      (
        "load + json report with a current index ≤ 0.6x the floor", warm <= 0.6 * floor,
        String(format: "%@ = %.2fx the floor", Self.seconds(warm), warm / floor)
      ),
      (
        "peak memory ≤ 300 MB (json report, first load)", (peaks["json-first"] ?? .infinity) <= 300,
        String(format: "%.0f MB", peaks["json-first"] ?? .nan)
      ),
      (
        "a save ≤ 5 ms plus fsync", saveTime - writeTime <= 0.005,
        "\(Self.milliseconds(max(0, saveTime - writeTime))) plus \(Self.milliseconds(writeTime)) of atomic write"
      ),
      ("import of 100,000 rows ≤ 5 s", figure("import") <= 5, Self.seconds(figure("import"))),
    ]
    var all = whole + check
    if let ui {
      all.append(("UI start on a 10,000-survey round ≤ 300 ms", ui.start <= 0.3, Self.seconds(ui.start)))
      all.append(
        (
          "a frame ≤ 2 ms at 120x40 (survey list and form)", max(ui.listFrame, ui.formFrame) <= 0.002,
          "list \(Self.milliseconds(ui.listFrame)), form \(Self.milliseconds(ui.formFrame))"
        ))
    }
    for (target, met, value) in all { emit("- \(met ? "met" : "MISSED"): \(target): \(value)") }
  }

  func header() -> String {
    var info = utsname()
    uname(&info)
    let cpu =
      (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
      .first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "?"
    let memory = ProcessInfo.processInfo.physicalMemory >> 20
    var load = [0.0, 0.0, 0.0]
    getloadavg(&load, 3)
    return """
      Run \(ISODate.timestamp()) on \(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpu)), \(memory) MB memory, \
      load average \(String(format: "%.2f", load[0])) at the start; release build; stores from SyntheticGenerator (seed \(BenchData.seed)).
      """
  }

  mutating func emit(_ line: String) {
    print(line)
    lines.append(line)
  }

  static func seconds(_ value: Double) -> String {
    value < 0.1 ? String(format: "%.1f ms", value * 1000) : String(format: "%.3f s", value)
  }

  static func milliseconds(_ value: Double) -> String { String(format: "%.2f ms", value * 1000) }

  /// Runs this program with `arguments` and returns what it printed.
  static func child(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}
