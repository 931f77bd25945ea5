import Foundation

/// A round's survey summaries on the wire: one blob, each summary as varints and length-prefixed
/// UTF-8 (`BinaryWriter`), because JSON for 10,000 of them cost more than a whole list may.
enum SummaryBundle {
  struct Damaged: Error, CustomStringConvertible {
    var description: String { "a list of survey summaries from the server is cut short or damaged" }
  }

  private static let complete: UInt8 = 1
  private static let hasUnit: UInt8 = 2
  private static let hasBirthYear: UInt8 = 4

  static func data(_ summaries: [SurveySummary]) -> Data {
    var writer = BinaryWriter()
    writer.bytes.reserveCapacity(16 + summaries.count * 56)
    writer.unsigned(UInt64(summaries.count))
    for summary in summaries {
      writer.string(summary.id)
      writer.integer(summary.revision)
      writer.string(summary.updatedAt)
      var flags = summary.status == .complete ? complete : 0
      if summary.unit != nil { flags |= hasUnit }
      if summary.birthYear != nil { flags |= hasBirthYear }
      writer.byte(flags)
      if let unit = summary.unit { writer.string(unit) }
      if let birthYear = summary.birthYear { writer.integer(birthYear) }
      writer.byte(ordinal(summary.gender))
      writer.byte(ordinal(summary.index))
      writer.unsigned(UInt64(max(0, summary.scored)))
    }
    return Data(writer.bytes)
  }

  static func summaries(in data: Data) throws(Damaged) -> [SurveySummary] {
    let bytes = [UInt8](data)
    return try bytes.withUnsafeBufferPointer { (buffer) throws(Damaged) -> [SurveySummary] in
      var reader = BinaryReader(buffer)
      do {
        let count = try reader.unsigned()
        // Each summary takes at least 7 bytes: a count beyond that is a lie, not a reason to reserve.
        guard count <= reader.remaining / 7 else { throw Damaged() }
        var summaries: [SurveySummary] = []
        summaries.reserveCapacity(Int(count))
        for _ in 0..<count { summaries.append(try summary(&reader)) }
        guard reader.position == buffer.count else { throw Damaged() }
        return summaries
      } catch {
        throw Damaged()
      }
    }
  }

  private static func summary(_ reader: inout BinaryReader) throws -> SurveySummary {
    let id = reader.string(try reader.bytes())
    let revision = try reader.integer()
    let updatedAt = reader.string(try reader.bytes())
    let flags = try reader.byte()
    guard flags & ~(complete | hasUnit | hasBirthYear) == 0 else { throw Damaged() }
    let unit = flags & hasUnit != 0 ? reader.string(try reader.bytes()) : nil
    let birthYear = flags & hasBirthYear != 0 ? try reader.integer() : nil
    let gender: Gender? = try value(try reader.byte())
    let index: IndexCategory? = try value(try reader.byte())
    let scored = try reader.unsigned()
    guard scored <= UInt64(Dimension.allCases.count) else { throw Damaged() }
    return SurveySummary(
      id: id, revision: revision, updatedAt: updatedAt, unit: unit, status: flags & complete != 0 ? .complete : .draft,
      birthYear: birthYear, gender: gender, index: index, scored: Int(scored))
  }

  /// A vocabulary value as its position in `allCases` plus one; 0 for none.
  private static func ordinal<V: Vocabulary>(_ value: V?) -> UInt8 {
    value.map { UInt8(V.allCases.firstIndex(of: $0)! + 1) } ?? 0
  }

  private static func value<V: Vocabulary>(_ ordinal: UInt8) throws(Damaged) -> V? {
    guard ordinal != 0 else { return nil }
    guard Int(ordinal) <= V.allCases.count else { throw Damaged() }
    return V.allCases[Int(ordinal) - 1]
  }
}
