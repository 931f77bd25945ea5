/// Compact JSON objects, byte for byte what `JSONEncoder` with `[.sortedKeys,
/// .withoutEscapingSlashes]` writes, for what is written in bulk (an import's audit lines and its
/// record): JSONEncoder's generic machinery cost more than the rest of a 100,000-row import.
/// The caller adds keys in sorted order; a string with a control character makes the object
/// unusable (`finished()` is nil) and is left to JSONEncoder. Tests compare the two.
enum CompactJSON {
  struct Object {
    private var writer = SurveyJSON.Writer()
    private var usable = true
    private var empty = true

    init(capacity: Int = 256) {
      writer.bytes.reserveCapacity(capacity)
      writer.raw("{")
    }

    private mutating func key(_ name: String) {
      if !empty { writer.bytes.append(UInt8(ascii: ",")) }
      empty = false
      writer.string(name)
      writer.bytes.append(UInt8(ascii: ":"))
    }

    /// Left out when nil, as `encodeIfPresent` does.
    mutating func add(_ name: String, _ value: String?) {
      guard let value else { return }
      key(name)
      if !writer.string(value) { usable = false }
    }

    mutating func add(_ name: String, _ value: Int?) {
      guard let value else { return }
      key(name)
      writer.raw(String(value))
    }

    /// An array of objects made by this writer (nil if any of them is unusable).
    mutating func add(_ name: String, objects: [[UInt8]?]) {
      key(name)
      writer.bytes.append(UInt8(ascii: "["))
      for (position, object) in objects.enumerated() {
        guard let object else {
          usable = false
          return
        }
        if position > 0 { writer.bytes.append(UInt8(ascii: ",")) }
        writer.bytes.append(contentsOf: object)
      }
      writer.bytes.append(UInt8(ascii: "]"))
    }

    consuming func finished() -> [UInt8]? {
      guard usable else { return nil }
      writer.bytes.append(UInt8(ascii: "}"))
      return writer.bytes
    }
  }
}
