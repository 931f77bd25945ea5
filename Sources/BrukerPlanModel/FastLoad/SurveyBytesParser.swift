#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Thrown by the fast parser for anything outside the shapes it knows. The caller then decodes the
/// file with JSONDecoder (the reference), so an odd file gets exactly the reference result.
struct Unhandled: Error {}

/// A survey as the fast parser read it, with what it learnt on the way for a quick validity check.
struct ParsedSurvey {
  var survey: Survey
  /// The unit's bytes equal one of the round's unit ids.
  var unitKnown: Bool
  /// Every service id's bytes equal one of the catalogue's ids.
  var servicesKnown: Bool
}

/// A byte-level reader of well-formed survey files (spec section 4) straight from a buffer.
///
/// It accepts only what it can decode exactly as `Survey(from:)` does without a decoding problem:
/// strict JSON, known keys with their expected types and vocabulary, unknown keys kept in `extra`.
/// Anything else (null, duplicate keys, an unknown value, an exponent, a lone surrogate, invalid
/// UTF-8, ...) throws `Unhandled` so the file goes the reference way.
struct SurveyBytesParser {
  private let base: UnsafePointer<UInt8>
  private let end: Int
  private var position = 0
  private let lookup: SurveyLookup
  private let templates: ServiceTemplates
  private var serviceHint = 0
  private var unitKnown = false
  private var servicesKnown = true

  private static let requiredKeys: UInt32 = [SurveyLookup.TopKey.format, .id, .revision, .status].reduce(0) {
    $0 | 1 << UInt32($1.rawValue)
  }
  /// Keys whose null the reference reads as "not given" without a problem (the survey's default).
  private static let nullableKeys: UInt32 = ~requiredKeys

  /// Deep nesting, long strings and long lists are left to the reference, which checks its limits
  /// on them (a survey nests 3 levels and has about 20 services).
  private static let maximumDepth = 16
  private static let maximumStringBytes = 4096
  private static let maximumEntries = 256

  /// A string's raw bytes between its quotes.
  private struct Span {
    var start: Int
    var count: Int
    var escaped: Bool
    var ascii: Bool
  }

  static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, lookup: SurveyLookup, templates: ServiceTemplates = ServiceTemplates()
  ) throws(Unhandled) -> ParsedSurvey {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { throw Unhandled() }
    var parser = SurveyBytesParser(base: base, end: bytes.count, lookup: lookup, templates: templates)
    let survey = try parser.survey()
    return ParsedSurvey(survey: survey, unitKnown: parser.unitKnown, servicesKnown: parser.servicesKnown)
  }

  private init(base: UnsafePointer<UInt8>, end: Int, lookup: SurveyLookup, templates: ServiceTemplates) {
    self.base = base
    self.end = end
    self.lookup = lookup
    self.templates = templates
  }

  // MARK: The survey object

  private mutating func survey() throws(Unhandled) -> Survey {
    var survey = Survey(id: "")
    var seen: UInt32 = 0
    guard try openObject() else { throw Unhandled() }
    repeat {
      let name = try key()
      guard let key = lookup.topKeys.value(of: byteKey(name)) else {
        let text = try keyString(name)
        guard survey.extra.updateValue(try value(depth: 1), forKey: text) == nil,
          survey.extra.count <= Self.maximumEntries
        else { throw Unhandled() }
        continue
      }
      let bit: UInt32 = 1 << UInt32(key.rawValue)
      guard seen & bit == 0 else { throw Unhandled() }
      seen |= bit
      // null leaves an optional field unanswered, as the reference's LenientReader does.
      if try null() {
        guard Self.nullableKeys & bit != 0 else { throw Unhandled() }
        continue
      }
      switch key {
      case .format:
        let span = try rawString()
        if let format = lookup.format.value(of: byteKey(span)) {
          survey.format = format
        } else {
          survey.format = try string(span)
        }
      case .id: survey.id = try string(try rawString())
      case .revision: survey.revision = try integer()
      case .updatedAt: survey.updatedAt = try string(try rawString())
      case .unit:
        let span = try rawString()
        if !span.escaped, let id = lookup.units.value(of: byteKey(span)) {
          survey.unit = id
          unitKnown = true
        } else {
          survey.unit = try string(span)
          unitKnown = false
        }
      case .status: survey.status = try vocabulary(lookup.statuses)
      case .birthYear: survey.birthYear = try integer()
      case .gender: survey.gender = try vocabulary(lookup.genders)
      case .problemGroup: survey.problemGroup = try vocabulary(lookup.problemGroups)
      case .scores: survey.scores = try scores()
      case .substances: survey.substances = try vocabularyList(lookup.substances)
      case .lar: survey.lar = try boolean()
      case .plans: survey.plans = try vocabularyList(lookup.plans)
      case .children: survey.children = try children()
      case .activity: survey.activity = try vocabulary(lookup.activities)
      case .violence: survey.violence = try vocabulary(lookup.violences)
      case .services: survey.services = try services()
      }
    } while try nextMember()
    // Without these the reference records a problem; let it.
    guard seen & Self.requiredKeys == Self.requiredKeys else { throw Unhandled() }
    skipSpace()
    guard position == end else { throw Unhandled() }
    return survey
  }

  private mutating func scores() throws(Unhandled) -> [Dimension: Score] {
    // Two bits per dimension in allCases order: 0 not given, else the score's position + 1.
    var packed: UInt32 = 0
    var nulls: UInt32 = 0
    guard try openObject() else { return [:] }
    repeat {
      let name = try key()
      guard let dimension = lookup.dimensions.index(of: byteKey(name)) else { throw Unhandled() }
      let shift = UInt32(2 * dimension)
      guard packed >> shift & 3 == 0, nulls >> shift & 1 == 0 else { throw Unhandled() }
      if try null() {
        nulls |= 1 << shift
        continue
      }
      let score = try vocabulary(lookup.scores)
      packed |= UInt32(Score.allCases.firstIndex(of: score)! + 1) << shift
    } while try nextMember()
    return lookup.scores(packed)
  }

  private mutating func children() throws(Unhandled) -> Children {
    var children = Children()
    var seen: UInt8 = 0
    guard try openObject() else { return children }
    repeat {
      let name = try key()
      if let index = lookup.childKeys.value(of: byteKey(name)) {
        let bit: UInt8 = 1 << UInt8(index)
        guard seen & bit == 0 else { throw Unhandled() }
        seen |= bit
        if try null() { continue }
        let flag = try boolean()
        switch index {
        case 0: children.hasChildren = flag
        case 1: children.custody = flag
        case 2: children.contact = flag
        default: children.childWelfare = flag
        }
      } else {
        let text = try keyString(name)
        guard children.extra.updateValue(try value(depth: 2), forKey: text) == nil,
          children.extra.count <= Self.maximumEntries
        else { throw Unhandled() }
      }
    } while try nextMember()
    return children
  }

  private mutating func services() throws(Unhandled) -> [String: ServiceAnswer] {
    guard try openObject() else { return [:] }
    // Answers by catalogue position while every id is from the catalogue; a dictionary otherwise.
    var known = ServiceAnswers()
    var other: [String: ServiceAnswer] = [:]
    repeat {
      let name = try key()
      if let index = lookup.services.index(of: byteKey(name), hint: serviceHint) {
        serviceHint = index + 1
        guard known.set(index, try answer()) else { throw Unhandled() }
      } else {
        servicesKnown = false
        guard other.updateValue(try answer(), forKey: try keyString(name)) == nil,
          other.count <= Self.maximumEntries
        else { throw Unhandled() }
      }
    } while try nextMember()
    if other.isEmpty { return lookup.services(known, templates: templates) }
    for (index, answer) in known.given {
      guard other.updateValue(answer, forKey: lookup.services.value(at: index)) == nil else { throw Unhandled() }
    }
    return other
  }

  private mutating func answer() throws(Unhandled) -> ServiceAnswer {
    var answer = ServiceAnswer()
    var seen: UInt8 = 0
    guard try openObject() else { return answer }
    repeat {
      let name = try key()
      if let index = lookup.answerKeys.value(of: byteKey(name)) {
        let bit: UInt8 = 1 << UInt8(index)
        guard seen & bit == 0 else { throw Unhandled() }
        seen |= bit
        if index == 0 { answer.now = try boolean() } else { answer.next12 = try boolean() }
      } else {
        let text = try keyString(name)
        guard answer.extra.updateValue(try value(depth: 3), forKey: text) == nil,
          answer.extra.count <= Self.maximumEntries
        else { throw Unhandled() }
      }
    } while try nextMember()
    return answer
  }

  // MARK: Typed values

  private mutating func vocabulary<V>(_ table: ByteTable<V>) throws(Unhandled) -> V where V: Vocabulary {
    let span = try rawString()
    if span.escaped {
      guard let value = V(rawValue: try string(span)) else { throw Unhandled() }
      return value
    }
    guard let value = table.value(of: byteKey(span)) else { throw Unhandled() }
    return value
  }

  private mutating func vocabularyList<V>(_ table: ByteTable<V>) throws(Unhandled) -> [V] where V: Vocabulary {
    try expect(UInt8(ascii: "["))
    var values: [V] = []
    skipSpace()
    if peek() == UInt8(ascii: "]") {
      position += 1
      return values
    }
    while true {
      let value = try vocabulary(table)
      // A value listed twice is a decoding problem in the reference.
      guard !values.contains(value) else { throw Unhandled() }
      values.append(value)
      skipSpace()
      switch peek() {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "]"):
        position += 1
        return values
      default: throw Unhandled()
      }
    }
  }

  /// Consumes a null value if one comes next.
  private mutating func null() throws(Unhandled) -> Bool {
    skipSpace()
    return peek() == UInt8(ascii: "n") && literal("null")
  }

  private mutating func boolean() throws(Unhandled) -> Bool {
    skipSpace()
    if literal("true") { return true }
    if literal("false") { return false }
    throw Unhandled()
  }

  /// A JSON integer without fraction or exponent that surely fits an Int.
  private mutating func integer() throws(Unhandled) -> Int {
    skipSpace()
    let negative = peek() == UInt8(ascii: "-")
    if negative { position += 1 }
    let start = position
    var value = 0
    while position < end, case let digit = base[position] &- 48, digit < 10 {
      value = value &* 10 &+ Int(digit)
      position += 1
    }
    let digits = position - start
    guard digits >= 1, digits <= 18, digits == 1 || base[start] != UInt8(ascii: "0") else { throw Unhandled() }
    return negative ? -value : value
  }

  // MARK: Any JSON value (unknown keys)

  private mutating func value(depth: Int) throws(Unhandled) -> JSONValue {
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

  /// A JSON number without exponent and with at most 15 significant digits, so that it converts
  /// to the same Double however it is parsed.
  private mutating func number() throws(Unhandled) -> Double {
    let start = position
    if peek() == UInt8(ascii: "-") { position += 1 }
    let integerStart = position
    var integerValue = 0
    while position < end, case let digit = base[position] &- 48, digit < 10 {
      integerValue = integerValue &* 10 &+ Int(digit)
      position += 1
    }
    let integerDigits = position - integerStart
    guard integerDigits >= 1, integerDigits == 1 || base[integerStart] != UInt8(ascii: "0") else {
      throw Unhandled()
    }
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
  private mutating func rawString() throws(Unhandled) -> Span {
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

  private func string(_ span: Span) throws(Unhandled) -> String {
    if span.escaped { return try unescaped(span) }
    let bytes = UnsafeBufferPointer(start: base + span.start, count: span.count)
    if span.ascii { return String(decoding: bytes, as: UTF8.self) }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw Unhandled() }
    return text
  }

  /// Object keys with escapes are left to the reference decoder.
  private func keyString(_ span: Span) throws(Unhandled) -> String {
    guard !span.escaped else { throw Unhandled() }
    return try string(span)
  }

  private func unescaped(_ span: Span) throws(Unhandled) -> String {
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

  private func hex4(_ index: Int, _ stop: Int) throws(Unhandled) -> UInt32 {
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
  private func peek() -> UInt8 { position < end ? base[position] : 0 }

  /// Eight bytes from `index` as one little-endian word; the caller checks that they exist.
  @inline(__always)
  private func word(at index: Int) -> UInt64 {
    UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
  }

  @inline(__always)
  private func byteKey(_ span: Span) -> ByteKey {
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
  private mutating func skipSpace() {
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

  private mutating func expect(_ byte: UInt8) throws(Unhandled) {
    skipSpace()
    guard peek() == byte else { throw Unhandled() }
    position += 1
  }

  private mutating func literal(_ word: StaticString) -> Bool {
    let count = word.utf8CodeUnitCount
    guard end - position >= count, memcmp(base + position, word.utf8Start, count) == 0 else { return false }
    position += count
    return true
  }

  /// Consumes "{" and tells whether a member follows.
  private mutating func openObject() throws(Unhandled) -> Bool {
    try expect(UInt8(ascii: "{"))
    skipSpace()
    guard peek() == UInt8(ascii: "}") else { return true }
    position += 1
    return false
  }

  /// A member's key and its colon. Escaped keys are never matched against known names.
  private mutating func key() throws(Unhandled) -> Span {
    let span = try rawString()
    guard !span.escaped else { throw Unhandled() }
    try expect(UInt8(ascii: ":"))
    return span
  }

  /// After a member's value: true if another member follows, false at the closing brace.
  private mutating func nextMember() throws(Unhandled) -> Bool {
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
