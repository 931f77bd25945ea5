#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A small table from exact UTF-8 byte strings to values, for matching keys and vocabulary values
/// straight from a file's bytes without making a String first.
struct ByteTable<Value: Sendable>: Sendable {
  private let keys: [[UInt8]]
  private let values: [Value]

  init(_ pairs: [(String, Value)]) {
    keys = pairs.map { Array($0.0.utf8) }
    values = pairs.map(\.1)
  }

  var count: Int { keys.count }

  /// The value whose key is exactly these bytes; `hint` is tried first.
  @inline(__always)
  func index(of bytes: UnsafePointer<UInt8>, count: Int, hint: Int = 0) -> Int? {
    if hint < keys.count, Self.equal(keys[hint], bytes, count) { return hint }
    for position in keys.indices where Self.equal(keys[position], bytes, count) { return position }
    return nil
  }

  @inline(__always)
  func value(of bytes: UnsafePointer<UInt8>, count: Int) -> Value? {
    index(of: bytes, count: count).map { values[$0] }
  }

  func value(at position: Int) -> Value { values[position] }

  @inline(__always)
  private static func equal(_ key: [UInt8], _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    key.count == count && (count == 0 || key.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes, count) == 0 })
  }
}

extension ByteTable where Value: Vocabulary {
  init(vocabulary: Value.Type) { self.init(Value.allCases.map { ($0.rawValue, $0) }) }
}
