import BrukerPlanModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-process timings: the release `brukerplan-tui` started as a user starts it (output to
/// /dev/null), from spawn to exit, beside the raw-read floor of the same files in the same run.
struct ProcessBench {
  var runs: Int
  /// Rows of the table, in order: (title, persons, seconds, floor seconds).
  var rows: [Row] = []

  struct Row {
    var key: String
    var title: String
    var persons: Int
    var seconds: Double
    var floor: Double
    var cpu: Double
  }

  /// The release brukerplan-tui next to this program, or the one named by
  /// BRUKERPLAN_BENCH_PROGRAM (to time an older build with the same table).
  static var program: String {
    if let other = ProcessInfo.processInfo.environment["BRUKERPLAN_BENCH_PROGRAM"] { return other }
    let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    return own.appendingPathComponent("brukerplan-tui").path
  }

  /// Every command of the table at `persons`; the other writers' styles only when `styles`.
  mutating func run(persons: Int, styles: Bool) throws {
    guard FileSystem.exists(Self.program) else {
      throw BenchFailure("\(Self.program) is missing: swift build -c release --product brukerplan-tui")
    }
    let rounds = try BenchData.rounds(persons: persons)
    let floor = try Self.floor(rounds.later, runs: runs)
    let both = [rounds.earlier, rounds.later]
    func index(_ folder: RoundFolder) -> String { "\(folder.path)/.brukerplan-index" }
    try measure(
      "report-first", "report --format json, first run (builds the index)", persons, floor,
      prepare: { for folder in both { unlink(index(folder)) } }, ["report", rounds.later.path, "--format", "json"])
    try measure(
      "report-current", "report --format json, index current", persons, floor,
      prepare: { try Self.warm(both) }, ["report", rounds.later.path, "--format", "json"])
    try measure(
      "report-unit", "report --by unit --format json, index current", persons, floor,
      prepare: { try Self.warm(both) }, ["report", rounds.later.path, "--by", "unit", "--format", "json"])
    try measure(
      "compare", "compare 2024 2025 --format json, index current", persons, floor,
      prepare: { try Self.warm(both) }, ["compare", rounds.earlier.path, rounds.later.path, "--format", "json"])
    let csv = try BenchData.csv(persons: persons)
    // The import stands beside its own floor: the file-system work of writing the same files
    // all or nothing (ImportFloor), not the reading of them.
    let importFloor = try ImportFloor.seconds(rounds.later)
    try measure(
      "import-floor", "the floor of an import: create, write, syncfs, rename each file (POSIX, one thread)", persons,
      importFloor, runs: 1, prepare: {}, nil)
    var target = ""
    try measure(
      "import", "import of the CSV export (one row per person) into an empty round", persons, importFloor, runs: 1,
      prepare: {
        target = try BenchData.emptyRound(
          like: rounds.later, name: "process-import-\(persons)-\(UInt32.random(in: 0...UInt32.max))"
        ).path
      }, { ["import", target, csv] })
    guard styles else { return }
    for style in WriterStyle.allCases {
      let folder = try style.round(persons: persons)
      let floor = try Self.floor(folder, runs: runs)
      try measure(
        "style-\(style.rawValue)-floor", "\(style.title): the floor", persons, floor, prepare: {}, nil)
      try measure(
        "style-\(style.rawValue)-first", "\(style.title): report --format json, first run", persons, floor,
        prepare: { unlink(index(folder)) }, ["report", folder.path, "--format", "json"])
      try measure(
        "style-\(style.rawValue)-current", "\(style.title): report --format json, index current", persons, floor,
        prepare: { try Self.warm([folder]) }, ["report", folder.path, "--format", "json"])
    }
  }

  mutating func measure(
    _ key: String, _ title: String, _ persons: Int, _ floor: Double, runs: Int? = nil,
    prepare: () throws -> Void, _ arguments: [String]?
  ) throws {
    try measure(key, title, persons, floor, runs: runs, prepare: prepare, { arguments })
  }

  /// The median of `runs` whole-process runs (nil arguments: the floor row itself).
  mutating func measure(
    _ key: String, _ title: String, _ persons: Int, _ floor: Double, runs: Int? = nil,
    prepare: () throws -> Void, _ arguments: () -> [String]?
  ) throws {
    let count = runs ?? self.runs
    BenchData.log("\(persons): \(title) (\(count) runs, whole process)")
    var times: [(wall: Double, cpu: Double)] = []
    for _ in 0..<count {
      try prepare()
      guard let arguments = arguments() else {
        times.append((floor, floor))
        continue
      }
      times.append(try Self.spawn(arguments))
    }
    times.sort { $0.wall < $1.wall }
    let median = times[times.count / 2]
    rows.append(Row(key: key, title: title, persons: persons, seconds: median.wall, floor: floor, cpu: median.cpu))
  }

  /// The raw-read floor of a round's files: one thread, plain open/read, median of `runs`.
  static func floor(_ folder: RoundFolder, runs: Int) throws -> Double {
    _ = try Candidates.rawRead(folder, threads: 1)  // into the OS cache
    return try Timing.median(runs: max(runs, 3)) { try Candidates.rawRead(folder, threads: 1) }
  }

  /// Loads each round once, so its index is current (files older than the racy window).
  static func warm(_ folders: [RoundFolder]) throws {
    for folder in folders { _ = try SurveyLoader().load(folder) }
  }

  private static func children(_ usage: inout rusage) {
    #if canImport(Glibc)
      getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    #else
      getrusage(RUSAGE_CHILDREN, &usage)
    #endif
  }

  /// Runs brukerplan-tui with `arguments`, output to /dev/null; wall seconds from spawn to exit
  /// and the child's CPU seconds (user + system). A failing command stops the benchmark.
  static func spawn(_ arguments: [String]) throws -> (wall: Double, cpu: Double) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var before = rusage()
    var after = rusage()
    children(&before)
    var pid: pid_t = 0
    var status: Int32 = 0
    let start = ContinuousClock.now
    guard posix_spawn(&pid, program, &actions, nil, argv, environ) == 0 else {
      throw BenchFailure("cannot start \(program)")
    }
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let elapsed = ContinuousClock.now - start
    children(&after)
    guard status == 0 else {
      throw BenchFailure("brukerplan-tui \(arguments.joined(separator: " ")) failed (\(status))")
    }
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    let cpu =
      seconds(after.ru_utime) + seconds(after.ru_stime) - seconds(before.ru_utime) - seconds(before.ru_stime)
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, cpu)
  }
}
