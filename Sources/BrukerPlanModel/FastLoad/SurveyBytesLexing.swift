// The lexing half of `SurveyBytesParser`: any JSON value (unknown keys), strings with their
// escapes, and the structure (spaces, objects, members). The survey half is in SurveyBytesParser.swift.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension SurveyBytesParser {
  // MARK: Any JSON value (unknown keys)

  mutating func value(depth: Int) throws(Unhandled) -> JSONValue {
    guard depth < Self.maximumDepth else { throw Unhandled() }
    skipSpace()
    switch peek() {
    case UInt8(ascii: "\""): return .string(try string(try rawString()))
    case UInt8(ascii: "{"):
      var object: [String: JSONValue] = [:]
      guard try openObject() else { return .object(object) }
      repeat {
        let text = try keyString(try key())
        guard object.updateValue(try value(depth: depth + 1), forKey: text) == nil,
          object.count <= Self.maximumEntries
        else { throw Unhandled() }
      } while try nextMember()
      return .object(object)
    case UInt8(ascii: "["):
      position += 1
      var array: [JSONValue] = []
      skipSpace()
      if peek() == UInt8(ascii: "]") {
        position += 1
        return .array(array)
      }
      while true {
        array.append(try value(depth: depth + 1))
        guard array.count <= Self.maximumEntries else { throw Unhandled() }
        skipSpace()
        switch peek() {
        case UInt8(ascii: ","): position += 1
        case UInt8(ascii: "]"):
          position += 1
          return .array(array)
        default: throw Unhandled()
        }
      }
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try boolean())
    case UInt8(ascii: "n"):
      guard literal("null") else { throw Unhandled() }
      return .null
    default: return .number(try number())
    }
  }

  /// The digits at `position` read as a whole number: its value (wrapping; callers bound the
  /// count) and how many digits. None, or a leading zero before more digits, is not JSON.
  mutating func unsignedDigits() throws(Unhandled) -> (value: Int, count: Int) {
    let start = position
    var value = 0
    while position < end, case let digit = base[position] &- 48, digit < 10 {
      value = value &* 10 &+ Int(digit)
      position += 1
    }
    let count = position - start
    guard count >= 1, count == 1 || base[start] != UInt8(ascii: "0") else { throw Unhandled() }
    return (value, count)
  }

  /// A JSON number without exponent and with at most 15 significant digits, so that it converts
  /// to the same Double however it is parsed.
  mutating func number() throws(Unhandled) -> Double {
    let start = position
    if peek() == UInt8(ascii: "-") { position += 1 }
    let integerStart = position
    let (integerValue, integerDigits) = try unsignedDigits()
    var fractionDigits = 0
    if peek() == UInt8(ascii: ".") {
      position += 1
      while position < end, base[position] &- 48 < 10 { position += 1 }
      fractionDigits = position - integerStart - integerDigits - 1
      guard fractionDigits >= 1 else { throw Unhandled() }
    }
    guard integerDigits + fractionDigits <= 15, peek() | 0x20 != UInt8(ascii: "e") else { throw Unhandled() }
    if fractionDigits == 0 {
      let magnitude = Double(integerValue)
      return base[start] == UInt8(ascii: "-") ? -magnitude : magnitude
    }
    let text = String(decoding: UnsafeBufferPointer(start: base + start, count: position - start), as: UTF8.self)
    guard let number = Double(text) else { throw Unhandled() }
    return number
  }

  // MARK: Strings

  /// Reads a quoted string's extent; escapes are only noted here and decoded in `string`.
  mutating func rawString() throws(Unhandled) -> Span {
    skipSpace()
    guard peek() == UInt8(ascii: "\"") else { throw Unhandled() }
    position += 1
    var span = Span(start: position, count: 0, escaped: false, ascii: true)
    while true {
      // Eight bytes at a time to the first quote, backslash, control byte or non-ASCII byte. In
      // each test a flagged byte is either a true hit or above one, so the lowest flag is the
      // first hit.
      if position + 8 <= end {
        let bytes = word(at: position)
        let quote = bytes ^ 0x2222_2222_2222_2222
        let backslash = bytes ^ 0x5C5C_5C5C_5C5C_5C5C
        let ones: UInt64 = 0x0101_0101_0101_0101
        let special =
          (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
            | ((bytes &- 0x2020_2020_2020_2020) & ~bytes) | bytes) & 0x8080_8080_8080_8080
        if special == 0 {
          position += 8
          continue
        }
        position += special.trailingZeroBitCount >> 3
      }
      guard position < end else { throw Unhandled() }
      let byte = base[position]
      if byte == UInt8(ascii: "\"") { break }
      if byte == UInt8(ascii: "\\") {
        span.escaped = true
        position += 2
        continue
      }
      guard byte >= 0x20 else { throw Unhandled() }
      if byte >= 0x80 { span.ascii = false }
      position += 1
    }
    span.count = position - span.start
    guard span.count <= Self.maximumStringBytes else { throw Unhandled() }
    position += 1
    return span
  }

  func string(_ span: Span) throws(Unhandled) -> String {
    if span.escaped { return try unescaped(span) }
    let bytes = UnsafeBufferPointer(start: base + span.start, count: span.count)
    if span.ascii { return String(decoding: bytes, as: UTF8.self) }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw Unhandled() }
    return text
  }

  /// Object keys with escapes are left to the reference decoder.
  func keyString(_ span: Span) throws(Unhandled) -> String {
    guard !span.escaped else { throw Unhandled() }
    return try string(span)
  }

  func unescaped(_ span: Span) throws(Unhandled) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(span.count)
    var index = span.start
    let stop = span.start + span.count
    while index < stop {
      let byte = base[index]
      guard byte == UInt8(ascii: "\\") else {
        bytes.append(byte)
        index += 1
        continue
      }
      // rawString skipped two bytes per backslash before the closing quote, so index + 1 < stop.
      let escape = base[index + 1]
      index += 2
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
      case UInt8(ascii: "b"): bytes.append(0x08)
      case UInt8(ascii: "f"): bytes.append(0x0C)
      case UInt8(ascii: "n"): bytes.append(0x0A)
      case UInt8(ascii: "r"): bytes.append(0x0D)
      case UInt8(ascii: "t"): bytes.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try hex4(index, stop)
        index += 4
        if (0xD800...0xDBFF).contains(scalar) {
          guard index + 6 <= stop, base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u") else {
            throw Unhandled()
          }
          let low = try hex4(index + 2, stop)
          guard (0xDC00...0xDFFF).contains(low) else { throw Unhandled() }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          index += 6
        } else if (0xDC00...0xDFFF).contains(scalar) {
          throw Unhandled()
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw Unhandled() }
        bytes.append(contentsOf: UTF8.encode(unicode)!)
      default: throw Unhandled()
      }
    }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw Unhandled() }
    return text
  }

  func hex4(_ index: Int, _ stop: Int) throws(Unhandled) -> UInt32 {
    guard index + 4 <= stop else { throw Unhandled() }
    var value: UInt32 = 0
    for offset in 0..<4 {
      let byte = base[index + offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw Unhandled()
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  // MARK: Structure

  @inline(__always)
  func peek() -> UInt8 { position < end ? base[position] : 0 }

  /// Eight bytes from `index` as one little-endian word; the caller checks that they exist.
  @inline(__always)
  func word(at index: Int) -> UInt64 {
    UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
  }

  @inline(__always)
  func byteKey(_ span: Span) -> ByteKey {
    var prefix: UInt64 = 0
    if span.start + 8 <= end {
      prefix = word(at: span.start)
      if span.count < 8 { prefix &= (1 << (8 * UInt64(span.count))) &- 1 }
    } else {
      for offset in 0..<min(span.count, 8) { prefix |= UInt64(base[span.start + offset]) << (8 * UInt64(offset)) }
    }
    return ByteKey(bytes: base + span.start, count: span.count, prefix: prefix)
  }

  /// Skips JSON whitespace; runs of spaces (pretty-printed indentation) go eight bytes at a time.
  @inline(__always)
  mutating func skipSpace() {
    while position < end {
      switch base[position] {
      case 0x20:
        if position + 8 <= end {
          let other = word(at: position) ^ 0x2020_2020_2020_2020
          position += other == 0 ? 8 : other.trailingZeroBitCount >> 3
        } else {
          position += 1
        }
      case 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  mutating func expect(_ byte: UInt8) throws(Unhandled) {
    skipSpace()
    guard peek() == byte else { throw Unhandled() }
    position += 1
  }

  mutating func literal(_ word: StaticString) -> Bool {
    let count = word.utf8CodeUnitCount
    guard end - position >= count, memcmp(base + position, word.utf8Start, count) == 0 else { return false }
    position += count
    return true
  }

  /// Consumes "{" and tells whether a member follows.
  mutating func openObject() throws(Unhandled) -> Bool {
    try expect(UInt8(ascii: "{"))
    skipSpace()
    guard peek() == UInt8(ascii: "}") else { return true }
    position += 1
    return false
  }

  /// A member's key and its colon. Escaped keys are never matched against known names.
  mutating func key() throws(Unhandled) -> Span {
    let span = try rawString()
    guard !span.escaped else { throw Unhandled() }
    try expect(UInt8(ascii: ":"))
    return span
  }

  /// After a member's value: true if another member follows, false at the closing brace.
  mutating func nextMember() throws(Unhandled) -> Bool {
    skipSpace()
    switch peek() {
    case UInt8(ascii: ","):
      position += 1
      return true
    case UInt8(ascii: "}"):
      position += 1
      return false
    default: throw Unhandled()
    }
  }
}
