#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension RoundIndex {
  /// The report row of the survey stored at `position`, read straight from its record (see
  /// `SurveyRecord.encode` for the layout), if the survey is surely valid in this round as
  /// `SurveyFileDecoder.isSurelyValid` decides for a parsed file. Nil for anything else (an odd or
  /// damaged record, a survey that `validate` might fault): the caller then takes the Survey way.
  func row(_ position: Int, name: String, lookup: SurveyLookup) -> ReportRow? {
    var head: RecordRow.Head?
    return read(position, name: name, lookup: lookup, head: &head)
  }

  /// The list's summary of the survey stored at `position`, under the same rule as `row`.
  func summary(_ position: Int, name: String, lookup: SurveyLookup) -> SurveySummary? {
    var head: RecordRow.Head? = RecordRow.Head()
    guard let row = read(position, name: name, lookup: lookup, head: &head), let head else { return nil }
    return SurveySummary(row, head: head, id: String(name.dropLast(5)), round: lookup.round)
  }

  private func read(_ position: Int, name: String, lookup: SurveyLookup, head: inout RecordRow.Head?) -> ReportRow? {
    let range = entries[position].record
    return bytes.withUnsafeBufferPointer { buffer in
      var reader = BinaryReader(buffer, from: range.lowerBound, count: range.count)
      guard let row = try? RecordRow.read(&reader, name: name, lookup: lookup, head: &head),
        reader.position == range.upperBound
      else { return nil }
      return row
    }
  }
}

/// Reads a SurveyRecord into a ReportRow, checking on the way each rule of `isSurelyValid`.
enum RecordRow {
  struct NotSure: Error {}

  /// The record's revision and time, which a report row leaves out and a list shows.
  struct Head {
    var revision = 0
    var updatedAt = ""
  }

  /// The row, and the head when `head` is not nil on the way in (reading it costs a String).
  static func read(_ reader: inout BinaryReader, name: String, lookup: SurveyLookup, head: inout Head?) throws(NotSure)
    -> ReportRow
  {
    do {
      return try readChecked(&reader, name: name, lookup: lookup, head: &head)
    } catch is BinaryReader.Damage {
      throw NotSure()
    } catch {
      throw NotSure()
    }
  }

  private static func readChecked(
    _ reader: inout BinaryReader, name: String, lookup: SurveyLookup, head: inout Head?
  ) throws -> ReportRow {
    var row = ReportRow()
    guard lookup.format.index(of: try reader.bytes()) != nil, isID(try reader.bytes(), of: name) else {
      throw NotSure()
    }
    let revision = try reader.integer()
    guard SurveyFileDecoder.plausibleRevisions.contains(revision) else { throw NotSure() }
    let updatedAt = try reader.bytes()
    if head != nil { head = Head(revision: revision, updatedAt: reader.string(updatedAt)) }
    let flags = try reader.byte()
    if flags & 1 != 0 {
      guard let unit = lookup.units.index(of: try reader.bytes()) else { throw NotSure() }
      row.unit = Int32(unit)
    }
    if flags & 2 != 0 {
      let birthYear = try reader.integer()
      let (age, overflow) = lookup.round.year.subtractingReportingOverflow(birthYear)
      guard !overflow, (16...120).contains(age) else { throw NotSure() }
      row.birthYear = birthYear
    }
    row.complete = flags & 16 != 0
    let lar = flags >> 5 & 3
    guard lar != 3 else { throw NotSure() }
    row.lar = lar == 2
    row.gender = try vocabulary(&reader, Gender.self)
    row.problemGroup = try vocabulary(&reader, ProblemGroup.self)
    row.activity = try vocabulary(&reader, Activity.self)
    row.violence = try vocabulary(&reader, Violence.self)
    let scores = try reader.unsigned()
    guard scores <= 0xFFFF else { throw NotSure() }
    row.scores = UInt32(scores)
    if flags & 4 != 0 { row.substances = try list(&reader, Substance.self) }
    if flags & 8 != 0 { row.plans = try list(&reader, Plan.self) }
    let children = try reader.byte()
    // Each answer in two bits: 0 not given, 1 false, 2 true.
    var answered = 0
    for position in 0..<4 {
      switch children >> UInt8(2 * position) & 3 {
      case 0: break
      case 1: answered += 1
      case 2:
        answered += 1
        row.children |= 1 << UInt8(position)
      default: throw NotSure()
      }
    }
    // hasChildren false with custody or contact true is a validation problem.
    if children & 3 == 1, children >> 2 & 3 == 2 || children >> 4 & 3 == 2 { throw NotSure() }
    try skipObject(&reader, depth: 0)
    let serviceCount = try reader.unsigned()
    guard serviceCount <= UInt64(lookup.services.count) else { throw NotSure() }
    var given: UInt64 = 0
    var hint = 0
    for _ in 0..<serviceCount {
      guard let position = lookup.services.index(of: try reader.bytes(), hint: hint) else { throw NotSure() }
      hint = position + 1
      let bit: UInt64 = 1 << UInt64(position)
      guard given & bit == 0 else { throw NotSure() }
      given |= bit
      let answer = try reader.byte()
      guard answer <= 3 else { throw NotSure() }
      if answer & 1 != 0 { row.servicesNow |= bit }
      if answer & 2 != 0 { row.servicesNext |= bit }
      try skipObject(&reader, depth: 0)
    }
    try skipObject(&reader, depth: 0)
    guard row.complete else { return row }
    // Complete: every field of `missingForComplete` present.
    guard flags & 0b1111 == 0b1111, lar != 0, row.gender != 0, row.problemGroup != 0, row.fullyScored,
      answered == 4, row.activity != 0, row.violence != 0
    else { throw NotSure() }
    return row
  }

  private static func isID(_ id: ByteKey, of name: String) -> Bool {
    var name = name
    return name.withUTF8 { bytes in
      id.count + 5 == bytes.count && (id.count == 0 || memcmp(id.bytes, bytes.baseAddress!, id.count) == 0)
    }
  }

  private static func vocabulary<V: Vocabulary>(_ reader: inout BinaryReader, _ type: V.Type) throws -> UInt8 {
    let byte = try reader.byte()
    guard Int(byte) <= V.allCases.count else { throw NotSure() }
    return byte
  }

  private static func list<V: Vocabulary>(_ reader: inout BinaryReader, _ type: V.Type) throws -> UInt16 {
    let count = try reader.unsigned()
    guard count <= V.allCases.count else { throw NotSure() }
    var bits: UInt16 = 0
    for _ in 0..<count {
      let ordinal = try reader.byte()
      let bit: UInt16 = 1 << UInt16(ordinal)
      // A value twice would count once here and twice from a Survey.
      guard Int(ordinal) < V.allCases.count, bits & bit == 0 else { throw NotSure() }
      bits |= bit
    }
    return bits
  }

  /// Skips an object of unknown keys (SurveyRecord's tags: null, no, yes, number, string,
  /// array, object).
  private static func skipObject(_ reader: inout BinaryReader, depth: Int) throws {
    let count = try reader.unsigned()
    guard count == 0 || (depth < 64 && count <= reader.remaining) else { throw NotSure() }
    for _ in 0..<count {
      _ = try reader.bytes()
      try skipValue(&reader, depth: depth + 1)
    }
  }

  private static func skipValue(_ reader: inout BinaryReader, depth: Int) throws {
    switch try reader.byte() {
    case 0, 1, 2: break
    case 3: _ = try reader.fixed()
    case 4: _ = try reader.bytes()
    case 5:
      let count = try reader.unsigned()
      guard depth < 64, count <= reader.remaining else { throw NotSure() }
      for _ in 0..<count { try skipValue(&reader, depth: depth + 1) }
    case 6: try skipObject(&reader, depth: depth)
    default: throw NotSure()
    }
  }
}
