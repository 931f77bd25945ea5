import Foundation

/// `map` on every core, for work that is the same for each element and independent of the
/// others (an import's rows); the results come back in the elements' order.
enum ParallelMap {
  static func map<Element: Sendable, Result: Sendable>(
    _ elements: [Element], threads: Int = ProcessInfo.processInfo.activeProcessorCount, minimumChunk: Int = 256,
    _ transform: @Sendable (Element) -> Result
  ) -> [Result] {
    // Small chunks so that both cores stay busy to the end, even when one is shared.
    let chunkSize = max(minimumChunk, elements.count / max(1, threads * 8))
    let chunks = (elements.count + chunkSize - 1) / chunkSize
    guard threads > 1, chunks > 1 else { return elements.map(transform) }
    let slots = Slots<Result>(count: elements.count)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      for position in chunk * chunkSize..<min(elements.count, (chunk + 1) * chunkSize) {
        slots.store(transform(elements[position]), at: position)
      }
    }
    return slots.collect()
  }

  /// One slot per element, each written by exactly one chunk, read after all have finished.
  private final class Slots<Result>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Result?>

    init(count: Int) {
      buffer = .allocate(capacity: count)
      buffer.initialize(repeating: nil)
    }

    deinit {
      buffer.deinitialize()
      buffer.deallocate()
    }

    func store(_ result: Result, at position: Int) { buffer[position] = result }

    func collect() -> [Result] { buffer.map { $0! } }
  }
}
