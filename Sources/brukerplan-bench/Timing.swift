import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Wall-clock timing: the median of several runs.
enum Timing {
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }

  /// The median time of `runs` runs. What `body` returns is released after the clock stops, so
  /// freeing a loaded round is not counted as loading it.
  static func median<T>(runs: Int, _ body: () throws -> T) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<max(1, runs) {
      var kept: T?
      times.append(try seconds { kept = try body() })
      withExtendedLifetime(kept) {}
    }
    times.sort()
    return times[times.count / 2]
  }

  /// Peak resident memory of this process image so far, in megabytes: VmHWM, which starts
  /// afresh at exec (ru_maxrss may carry the parent's peak into a spawned child).
  static func peakMegabytes() -> Double {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    {
      return kilobytes / 1024
    }
    var usage = rusage()
    #if canImport(Glibc)
      getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_maxrss) / 1024
  }
}
