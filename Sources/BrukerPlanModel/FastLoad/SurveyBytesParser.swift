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
  let base: UnsafePointer<UInt8>
  let end: Int
  var position = 0
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
  static let maximumDepth = 16
  static let maximumStringBytes = 4096
  static let maximumEntries = 256

  /// A string's raw bytes between its quotes.
  struct Span {
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
  mutating func null() throws(Unhandled) -> Bool {
    skipSpace()
    return peek() == UInt8(ascii: "n") && literal("null")
  }

  mutating func boolean() throws(Unhandled) -> Bool {
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
    let (value, digits) = try unsignedDigits()
    guard digits <= 18 else { throw Unhandled() }
    return negative ? -value : value
  }
}
