/// A compact binary form of one decoded survey, as the round index stores it. It holds every
/// field of `Survey` (unknown keys too), so a survey read back is equal to the one written.
/// `decodingProblems` is not stored: only surveys without problems go into the index.
enum SurveyRecord {
  private enum Tag: UInt8 { case null, no, yes, number, string, array, object }

  static func encode(_ survey: Survey, into writer: inout BinaryWriter) {
    writer.string(survey.format)
    writer.string(survey.id)
    writer.integer(survey.revision)
    writer.string(survey.updatedAt)
    var flags: UInt8 = 0
    if survey.unit != nil { flags |= 1 }
    if survey.birthYear != nil { flags |= 2 }
    if survey.substances != nil { flags |= 4 }
    if survey.plans != nil { flags |= 8 }
    if survey.status == .complete { flags |= 16 }
    flags |= optionalBool(survey.lar) << 5
    writer.byte(flags)
    if let unit = survey.unit { writer.string(unit) }
    if let birthYear = survey.birthYear { writer.integer(birthYear) }
    writer.byte(position(survey.gender))
    writer.byte(position(survey.problemGroup))
    writer.byte(position(survey.activity))
    writer.byte(position(survey.violence))
    var scores: UInt32 = 0
    for (index, dimension) in Dimension.allCases.enumerated() {
      scores |= UInt32(position(survey.scores[dimension])) << UInt32(2 * index)
    }
    writer.unsigned(UInt64(scores))
    for list in [survey.substances.map { $0.map(ordinal) }, survey.plans.map { $0.map(ordinal) }] {
      guard let list else { continue }
      writer.unsigned(UInt64(list.count))
      for value in list { writer.byte(value) }
    }
    var children: UInt8 = 0
    for (index, key) in Children.keys.enumerated() { children |= optionalBool(survey.children[key]) << (2 * index) }
    writer.byte(children)
    object(survey.children.extra, &writer)
    writer.unsigned(UInt64(survey.services.count))
    for (id, answer) in survey.services {
      writer.string(id)
      writer.byte((answer.now ? 1 : 0) | (answer.next12 ? 2 : 0))
      object(answer.extra, &writer)
    }
    object(survey.extra, &writer)
  }

  /// The survey back, with what the parser would have learnt for the quick validity check.
  static func decode(_ reader: inout BinaryReader, lookup: SurveyLookup, templates: ServiceTemplates)
    throws(BinaryReader.Damage) -> ParsedSurvey
  {
    var survey = Survey(id: "")
    let format = try reader.bytes()
    survey.format = lookup.format.value(of: format) ?? reader.string(format)
    survey.id = reader.string(try reader.bytes())
    survey.revision = try reader.integer()
    survey.updatedAt = reader.string(try reader.bytes())
    let flags = try reader.byte()
    var unitKnown = false
    if flags & 1 != 0 {
      let unit = try reader.bytes()
      if let id = lookup.units.value(of: unit) {
        survey.unit = id
        unitKnown = true
      } else {
        survey.unit = reader.string(unit)
      }
    }
    if flags & 2 != 0 { survey.birthYear = try reader.integer() }
    survey.status = flags & 16 != 0 ? .complete : .draft
    survey.lar = try bool(flags >> 5 & 3)
    survey.gender = try vocabulary(try reader.byte())
    survey.problemGroup = try vocabulary(try reader.byte())
    survey.activity = try vocabulary(try reader.byte())
    survey.violence = try vocabulary(try reader.byte())
    let scores = try reader.unsigned()
    guard scores <= 0xFFFF else { throw BinaryReader.Damage() }
    survey.scores = lookup.scores(UInt32(scores))
    if flags & 4 != 0 { survey.substances = try list(&reader) }
    if flags & 8 != 0 { survey.plans = try list(&reader) }
    let children = try reader.byte()
    survey.children = Children(
      hasChildren: try bool(children & 3), custody: try bool(children >> 2 & 3), contact: try bool(children >> 4 & 3),
      childWelfare: try bool(children >> 6 & 3))
    survey.children.extra = try object(&reader, depth: 0)
    let serviceCount = try reader.unsigned()
    var known = ServiceAnswers()
    var other: [String: ServiceAnswer] = [:]
    var servicesKnown = true
    for _ in 0..<serviceCount {
      let id = try reader.bytes()
      let flags = try reader.byte()
      var answer = ServiceAnswer(now: flags & 1 != 0, next12: flags & 2 != 0)
      answer.extra = try object(&reader, depth: 0)
      if let index = lookup.services.index(of: id) {
        guard known.set(index, answer) else { throw BinaryReader.Damage() }
      } else {
        servicesKnown = false
        guard other.updateValue(answer, forKey: reader.string(id)) == nil else { throw BinaryReader.Damage() }
      }
    }
    if other.isEmpty {
      survey.services = lookup.services(known, templates: templates)
    } else {
      for (index, answer) in known.given {
        guard other.updateValue(answer, forKey: lookup.services.value(at: index)) == nil else {
          throw BinaryReader.Damage()
        }
      }
      survey.services = other
    }
    survey.extra = try object(&reader, depth: 0)
    return ParsedSurvey(survey: survey, unitKnown: unitKnown, servicesKnown: servicesKnown)
  }

  // MARK: Parts

  private static func position<V: Vocabulary>(_ value: V?) -> UInt8 {
    value.map { UInt8(V.allCases.firstIndex(of: $0)! + 1) } ?? 0
  }

  private static func ordinal<V: Vocabulary>(_ value: V) -> UInt8 { UInt8(V.allCases.firstIndex(of: value)!) }

  private static func optionalBool(_ value: Bool?) -> UInt8 { value.map { $0 ? 2 : 1 } ?? 0 }

  private static func bool(_ bits: UInt8) throws(BinaryReader.Damage) -> Bool? {
    switch bits {
    case 0: return nil
    case 1: return false
    case 2: return true
    default: throw BinaryReader.Damage()
    }
  }

  private static func vocabulary<V: Vocabulary>(_ byte: UInt8) throws(BinaryReader.Damage) -> V? {
    guard byte != 0 else { return nil }
    guard Int(byte) <= V.allCases.count else { throw BinaryReader.Damage() }
    return V.allCases[Int(byte) - 1]
  }

  private static func list<V: Vocabulary>(_ reader: inout BinaryReader) throws(BinaryReader.Damage) -> [V] {
    let count = try reader.unsigned()
    guard count <= V.allCases.count else { throw BinaryReader.Damage() }
    var values: [V] = []
    values.reserveCapacity(Int(count))
    for _ in 0..<count {
      let byte = try reader.byte()
      guard Int(byte) < V.allCases.count else { throw BinaryReader.Damage() }
      values.append(V.allCases[Int(byte)])
    }
    return values
  }

  private static func object(_ object: [String: JSONValue], _ writer: inout BinaryWriter) {
    writer.unsigned(UInt64(object.count))
    for (key, value) in object {
      writer.string(key)
      self.value(value, &writer)
    }
  }

  private static func value(_ value: JSONValue, _ writer: inout BinaryWriter) {
    switch value {
    case .null: writer.byte(Tag.null.rawValue)
    case .bool(let flag): writer.byte(flag ? Tag.yes.rawValue : Tag.no.rawValue)
    case .number(let number):
      writer.byte(Tag.number.rawValue)
      writer.fixed(number.bitPattern)
    case .string(let text):
      writer.byte(Tag.string.rawValue)
      writer.string(text)
    case .array(let values):
      writer.byte(Tag.array.rawValue)
      writer.unsigned(UInt64(values.count))
      for element in values { self.value(element, &writer) }
    case .object(let members):
      writer.byte(Tag.object.rawValue)
      object(members, &writer)
    }
  }

  private static func object(_ reader: inout BinaryReader, depth: Int) throws(BinaryReader.Damage)
    -> [String: JSONValue]
  {
    let count = try reader.unsigned()
    guard count > 0 else { return [:] }
    guard depth < 64, count <= reader.remaining else { throw BinaryReader.Damage() }
    var object: [String: JSONValue] = [:]
    for _ in 0..<count {
      let key = reader.string(try reader.bytes())
      guard object.updateValue(try value(&reader, depth: depth + 1), forKey: key) == nil else {
        throw BinaryReader.Damage()
      }
    }
    return object
  }

  private static func value(_ reader: inout BinaryReader, depth: Int) throws(BinaryReader.Damage) -> JSONValue {
    guard let tag = Tag(rawValue: try reader.byte()) else { throw BinaryReader.Damage() }
    switch tag {
    case .null: return .null
    case .no: return .bool(false)
    case .yes: return .bool(true)
    case .number: return .number(Double(bitPattern: try reader.fixed()))
    case .string: return .string(reader.string(try reader.bytes()))
    case .array:
      let count = try reader.unsigned()
      guard depth < 64, count <= reader.remaining else { throw BinaryReader.Damage() }
      var values: [JSONValue] = []
      for _ in 0..<count { values.append(try value(&reader, depth: depth + 1)) }
      return .array(values)
    case .object: return .object(try object(&reader, depth: depth))
    }
  }
}

/// Appends little-endian numbers, varints and length-prefixed strings.
struct BinaryWriter {
  var bytes: [UInt8] = []

  mutating func byte(_ value: UInt8) { bytes.append(value) }

  mutating func unsigned(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// Zigzag, so small negative numbers stay short.
  mutating func integer(_ value: Int) { unsigned(UInt64(bitPattern: Int64(value << 1 ^ value >> 63))) }

  mutating func fixed(_ value: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
  }

  mutating func string(_ text: String) {
    var text = text
    text.withUTF8 { utf8 in
      unsigned(UInt64(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }
}

/// Reads what BinaryWriter wrote, checking every length against the buffer.
struct BinaryReader {
  struct Damage: Error {}

  let base: UnsafePointer<UInt8>
  let end: Int
  var position: Int

  init(_ buffer: UnsafeBufferPointer<UInt8>, from position: Int = 0, count: Int? = nil) {
    base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
    end = count.map { min(position + $0, buffer.count) } ?? buffer.count
    self.position = position
  }

  var remaining: UInt64 { UInt64(end - position) }

  mutating func byte() throws(Damage) -> UInt8 {
    guard position < end else { throw Damage() }
    defer { position += 1 }
    return base[position]
  }

  mutating func unsigned() throws(Damage) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let next = try byte()
      guard shift < 64 else { throw Damage() }
      value |= UInt64(next & 0x7F) << shift
      if next < 0x80 { return value }
      shift += 7
    }
  }

  mutating func integer() throws(Damage) -> Int {
    let raw = try unsigned()
    return Int(Int64(bitPattern: raw >> 1 ^ (0 &- (raw & 1))))
  }

  mutating func fixed() throws(Damage) -> UInt64 {
    guard end - position >= 8 else { throw Damage() }
    var value: UInt64 = 0
    for offset in 0..<8 { value |= UInt64(base[position + offset]) << UInt64(8 * offset) }
    position += 8
    return value
  }

  /// A length-prefixed run of bytes, as a key for a ByteTable.
  mutating func bytes() throws(Damage) -> ByteKey {
    let count = try unsigned()
    guard count <= remaining else { throw Damage() }
    let start = position
    position += Int(count)
    var prefix: UInt64 = 0
    for offset in 0..<min(Int(count), 8) { prefix |= UInt64(base[start + offset]) << UInt64(8 * offset) }
    return ByteKey(bytes: base + start, count: Int(count), prefix: prefix)
  }

  func string(_ key: ByteKey) -> String {
    String(decoding: UnsafeBufferPointer(start: key.bytes, count: key.count), as: UTF8.self)
  }
}
