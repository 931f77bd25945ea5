#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A key in a file's bytes: where it starts, its length, and its first eight bytes as one word
/// (zero-padded), so that a table lookup compares words before it compares memory.
struct ByteKey {
  var bytes: UnsafePointer<UInt8>
  var count: Int
  var prefix: UInt64
}

/// A small table from exact UTF-8 byte strings to values, for matching keys and vocabulary values
/// straight from a file's bytes without making a String first.
///
/// The keys live in one buffer owned by `Storage`, so a lookup touches no reference counts.
struct ByteTable<Value: Sendable>: @unchecked Sendable {
  private final class Storage {
    let keys: UnsafeMutablePointer<UInt8>
    let starts: UnsafeMutablePointer<Int>
    let prefixes: UnsafeMutablePointer<UInt64>

    init(_ keys: [[UInt8]]) {
      self.keys = .allocate(capacity: max(1, keys.reduce(0) { $0 + $1.count }))
      starts = .allocate(capacity: keys.count + 1)
      prefixes = .allocate(capacity: max(1, keys.count))
      var offset = 0
      for (position, key) in keys.enumerated() {
        starts[position] = offset
        for (index, byte) in key.enumerated() { self.keys[offset + index] = byte }
        offset += key.count
        prefixes[position] = key.prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) }
      }
      starts[keys.count] = offset
    }

    deinit {
      keys.deallocate()
      starts.deallocate()
      prefixes.deallocate()
    }
  }

  private let storage: Storage
  // Copies of the storage's pointers, valid while `storage` lives (as long as this table).
  private let keys: UnsafePointer<UInt8>
  private let starts: UnsafePointer<Int>
  private let prefixes: UnsafePointer<UInt64>
  private let values: [Value]
  let count: Int

  init(_ pairs: [(String, Value)]) {
    storage = Storage(pairs.map { Array($0.0.utf8) })
    keys = UnsafePointer(storage.keys)
    starts = UnsafePointer(storage.starts)
    prefixes = UnsafePointer(storage.prefixes)
    values = pairs.map(\.1)
    count = pairs.count
  }

  /// The position of the key equal to these bytes; `hint` is tried first.
  @inline(__always)
  func index(of key: ByteKey, hint: Int = 0) -> Int? {
    if hint < count, equal(hint, key) { return hint }
    var position = 0
    while position < count {
      if prefixes[position] == key.prefix, equal(position, key) { return position }
      position += 1
    }
    return nil
  }

  @inline(__always)
  func value(of key: ByteKey) -> Value? {
    guard let position = index(of: key) else { return nil }
    return values.withUnsafeBufferPointer { $0[position] }
  }

  func value(at position: Int) -> Value { values[position] }

  @inline(__always)
  private func equal(_ position: Int, _ key: ByteKey) -> Bool {
    let start = starts[position]
    guard prefixes[position] == key.prefix, starts[position + 1] - start == key.count else { return false }
    return key.count <= 8 || memcmp(keys + start + 8, key.bytes + 8, key.count - 8) == 0
  }
}

extension ByteTable where Value: Vocabulary {
  init(vocabulary: Value.Type) { self.init(Value.allCases.map { ($0.rawValue, $0) }) }
}
