import Foundation

/// SplitMix64: a small, fast generator whose sequence depends only on the seed, so synthetic data
/// are the same on every machine and Swift version (the standard library's random(in:) and
/// shuffle algorithms are not promised to stay the same, so they are not used with it).
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A double in [0, 1).
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// An integer in 0..<bound (bound > 0).
  public mutating func below(_ bound: Int) -> Int {
    Int(next().multipliedFullWidth(by: UInt64(bound)).high)
  }

  public mutating func between(_ low: Int, _ high: Int) -> Int { low + below(high - low + 1) }

  public mutating func chance(_ probability: Double) -> Bool { uniform() < probability }

  /// A standard normal value (Box-Muller).
  public mutating func normal() -> Double {
    let u1 = max(uniform(), 1e-300)
    let u2 = uniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// An index drawn with the given relative weights.
  public mutating func pick(_ weights: [Double]) -> Int {
    let total = weights.reduce(0, +)
    var target = uniform() * total
    for (index, weight) in weights.enumerated() {
      target -= weight
      if target < 0 { return index }
    }
    return weights.count - 1
  }

  /// Fisher-Yates, with this generator.
  public mutating func shuffle<T>(_ values: inout [T]) {
    guard values.count > 1 else { return }
    for index in stride(from: values.count - 1, to: 0, by: -1) {
      values.swapAt(index, below(index + 1))
    }
  }
}
