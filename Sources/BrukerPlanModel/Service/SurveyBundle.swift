import Foundation

/// An opened round on the wire. Its list travels as one blob of summaries (`SummaryBundle`); the
/// recovery copies, whole surveys, as one blob of survey files, each as the store writes it
/// (`SurveyJSON.bytes`) behind a 4-byte big-endian length, read back with the loader's byte
/// parser. Codable over 10,000 surveys spent seconds each way, and the list waited for it.
extension RoundContents: Codable {
  enum CodingKeys: String, CodingKey {
    case name, round, surveys, invalidCount, recovery, answersVisible
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    round = try container.decode(Round.self, forKey: .round)
    invalidCount = try container.decode(Int.self, forKey: .invalidCount)
    answersVisible = try container.decode(Bool.self, forKey: .answersVisible)
    surveys = try SummaryBundle.summaries(in: container.decode(Data.self, forKey: .surveys))
    recovery = try SurveyBundle.surveys(
      in: container.decode(Data.self, forKey: .recovery), lookup: SurveyLookup(round: round))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(round, forKey: .round)
    try container.encode(invalidCount, forKey: .invalidCount)
    try container.encode(answersVisible, forKey: .answersVisible)
    try container.encode(SummaryBundle.data(surveys), forKey: .surveys)
    try container.encode(SurveyBundle.data(recovery), forKey: .recovery)
  }
}

enum SurveyBundle {
  struct Damaged: Error, CustomStringConvertible {
    var description: String { "a list of surveys from the server is cut short or damaged" }
  }

  static func data(_ surveys: [Survey]) -> Data {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(surveys.count * 1200)
    for survey in surveys {
      let file = SurveyJSON.bytes(survey)
      let count = UInt32(file.count)
      bytes += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
      bytes += file
    }
    return Data(bytes)
  }

  /// The surveys as they were sent; the byte parser where it can, JSONDecoder (the reference) for
  /// the unusual survey, exactly as the loader reads files.
  static func surveys(in data: Data, lookup: SurveyLookup) throws -> [Survey] {
    try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> [Survey] in
      let bytes = raw.bindMemory(to: UInt8.self)
      var surveys: [Survey] = []
      var position = 0
      while position < bytes.count {
        guard position + 4 <= bytes.count else { throw Damaged() }
        let count =
          Int(bytes[position]) << 24 | Int(bytes[position + 1]) << 16 | Int(bytes[position + 2]) << 8
          | Int(bytes[position + 3])
        position += 4
        guard count > 0, position + count <= bytes.count else { throw Damaged() }
        let file = UnsafeBufferPointer(rebasing: bytes[position..<position + count])
        if let parsed = try? SurveyBytesParser.parse(file, lookup: lookup) {
          surveys.append(parsed.survey)
        } else {
          surveys.append(try JSONDecoder().decode(Survey.self, from: Data(file)))
        }
        position += count
      }
      return surveys
    }
  }
}
