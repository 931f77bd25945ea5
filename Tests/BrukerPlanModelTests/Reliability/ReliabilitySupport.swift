import Foundation

@testable import BrukerPlanModel

/// A small seeded generator (SplitMix64), so every fuzz run can be repeated from its seed.
struct SeededGenerator: RandomNumberGenerator {
  // The model's SplitMix64, so tests and synthetic data share one implementation.
  private var base: SeededRandom

  init(seed: UInt64) { base = SeededRandom(seed: seed) }

  mutating func next() -> UInt64 { base.next() }
}

/// Bounded loops in `make test`; the long forms under BRUKERPLAN_SOAK=1 (`make soak`).
enum Soak {
  static let isOn = ProcessInfo.processInfo.environment["BRUKERPLAN_SOAK"] == "1"

  /// `normal` in a plain run, `normal * factor` in a soak run.
  static func count(_ normal: Int, soakFactor: Int = 50) -> Int { isOn ? normal * soakFactor : normal }

  /// The seed for a fuzz run: BRUKERPLAN_FUZZ_SEED repeats a run, otherwise a fixed seed
  /// (a plain run is deterministic) or a fresh one under soak.
  static func seed(_ fixed: UInt64) -> UInt64 {
    if let text = ProcessInfo.processInfo.environment["BRUKERPLAN_FUZZ_SEED"], let seed = UInt64(text) { return seed }
    return isOn ? UInt64.random(in: 0...UInt64.max) : fixed
  }
}

/// The figures RELIABILITY.md quotes, printed in one greppable form:
/// `make test 2>&1 | grep RELIABILITY-FIGURE`.
enum Figures {
  static func report(_ name: String, _ value: some CustomStringConvertible, detail: String = "") {
    let line = "RELIABILITY-FIGURE \(name) = \(value)" + (detail.isEmpty ? "" : " (\(detail))")
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}

extension TemporaryFolder {
  /// A store with one open round (Samples.round) in folder "2024".
  func storeWithRound() throws -> (Store, RoundFolder) {
    let store = try Store.open(path + "/store")
    return (store, try store.createRound(Samples.round, folderName: "2024"))
  }
}

/// A valid survey id for number `n`: "p" and its 16 hex digits spelled with the letters a-p.
func testSurveyID(_ n: Int) -> String {
  "p" + String(String(format: "%016x", n).map { Character(UnicodeScalar(UInt8(Int($0.hexDigitValue!) + 97))) })
}

/// Programs built next to the test bundle: the real brukerplan-tui and the test-only driver.
enum Programs {
  static var folder: String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return Paths.parent(of: exe)
  }

  static var driver: String { folder + "/reliability-driver" }
  static var brukerplan: String { folder + "/brukerplan-tui" }

  /// Starts `path` with `arguments`, output to files in `logFolder` (or discarded).
  static func start(_ path: String, _ arguments: [String], output: String? = nil) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let output {
      _ = FileManager.default.createFile(atPath: output, contents: nil)
      process.standardOutput = FileHandle(forWritingAtPath: output)
      _ = FileManager.default.createFile(atPath: output + ".err", contents: nil)
      process.standardError = FileHandle(forWritingAtPath: output + ".err")
    } else {
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
    }
    try process.run()
    return process
  }

  /// Runs to the end; returns the exit status, standard output and standard error.
  static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (
    status: Int32, out: String, err: String
  ) {
    let scratch = NSTemporaryDirectory() + "brukerplan-run-" + uniqueName()
    defer {
      unlink(scratch)
      unlink(scratch + ".err")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardInput = FileHandle.nullDevice  // never a terminal: commands that ask must refuse
    _ = FileManager.default.createFile(atPath: scratch, contents: nil)
    _ = FileManager.default.createFile(atPath: scratch + ".err", contents: nil)
    process.standardOutput = FileHandle(forWritingAtPath: scratch)
    process.standardError = FileHandle(forWritingAtPath: scratch + ".err")
    try process.run()
    process.waitUntilExit()
    let out = (try? String(contentsOfFile: scratch, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: scratch + ".err", encoding: .utf8)) ?? ""
    return (process.terminationStatus, out, err)
  }
}

/// Valid synthetic fødselsnumre and D-numbers (real check digits, invented persons).
enum SyntheticNumbers {
  static func make(_ count: Int, seed: UInt64) -> [String] {
    var random = SeededGenerator(seed: seed)
    var numbers: [String] = []
    while numbers.count < count {
      let year = Int.random(in: 1940...2007, using: &random)
      let individual =
        year >= 2000 ? Int.random(in: 500...999, using: &random) : Int.random(in: 0...499, using: &random)
      var day = Int.random(in: 1...28, using: &random)
      if numbers.count % 5 == 4 { day += 40 }  // every fifth a D-number
      let month = Int.random(in: 1...12, using: &random)
      let text = String(format: "%02d%02d%02d%03d", day, month, year % 100, individual)
      var digits = text.map { UInt8($0.wholeNumberValue!) }
      guard let k1 = NationalIdentityNumber.controlDigit(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]) else { continue }
      digits.append(UInt8(k1))
      guard let k2 = NationalIdentityNumber.controlDigit(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) else { continue }
      digits.append(UInt8(k2))
      let number = digits.map(String.init).joined()
      if (try? NationalIdentityNumber(number)) != nil, !numbers.contains(number) { numbers.append(number) }
    }
    return numbers
  }
}

/// Looks for identity numbers in bytes: as written, and with separators (space, -, ., /, NBSP)
/// between digits removed, so "010203 12345" or "010203-12345" are found too.
struct PrivacyScanner {
  let numbers: [String]
  private(set) var bytesScanned = 0
  private(set) var hits: [String] = []

  init(numbers: [String]) { self.numbers = numbers }

  mutating func scan(_ bytes: [UInt8], source: String) {
    bytesScanned += bytes.count
    let wanted = Set(numbers)
    var found: Set<String> = []
    // Every window of 11 digits in every run of digits (separators between digits removed first).
    var run: [UInt8] = []
    func flush() {
      if run.count >= 11 {
        for start in 0...(run.count - 11) {
          let window = String(decoding: run[start..<(start + 11)], as: UTF8.self)
          if wanted.contains(window) { found.insert(window) }
        }
      }
      run.removeAll(keepingCapacity: true)
    }
    for byte in Self.removingSeparatorsBetweenDigits(bytes) {
      if (48...57).contains(byte) { run.append(byte) } else { flush() }
    }
    flush()
    for number in found.sorted() { hits.append("\(source) holds a number ending \(number.suffix(2))") }
  }

  mutating func scan(_ text: String, source: String) { scan(Array(text.utf8), source: source) }

  /// Every file under `path`, whatever its name (hidden, temporary, lock and audit files too).
  mutating func scanTree(_ path: String) -> Int {
    var files = 0
    guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
    while let name = walker.nextObject() as? String {
      let file = path + "/" + name
      var info = stat()
      guard lstat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
      if let data = FileManager.default.contents(atPath: file) {
        scan(Array(data), source: file)
        files += 1
      }
    }
    return files
  }

  static func removingSeparatorsBetweenDigits(_ bytes: [UInt8]) -> [UInt8] {
    let separators: Set<UInt8> = [32, 45, 46, 47, 0xA0, 0xC2]
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if separators.contains(byte), let last = output.last, (48...57).contains(last) {
        var next = index
        while next < bytes.count, separators.contains(bytes[next]) { next += 1 }
        if next < bytes.count, (48...57).contains(bytes[next]) {
          index = next
          continue
        }
      }
      output.append(byte)
      index += 1
    }
    return output
  }
}

extension Programs {
  /// posix_spawn and waitpid, for programs that leave a daemon behind (tmux): Foundation's Process
  /// may wait for descriptors the daemon inherited. Output goes to a file, returned as text.
  static func spawn(_ path: String, _ arguments: [String]) -> (status: Int32, out: String) {
    let output = NSTemporaryDirectory() + "brukerplan-spawn-" + uniqueName()
    defer { unlink(output) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return (-1, "") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    return ((status >> 8) & 0xFF, text)
  }
}
