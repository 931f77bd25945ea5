import Foundation

@testable import BrukerPlanModel

/// A small seeded generator (SplitMix64), so every fuzz run can be repeated from its seed.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
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
