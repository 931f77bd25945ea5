import Foundation
import Testing

@testable import BrukerPlanModel

/// Explicit limits on what a survey or round file may hold, each with a message naming the field.
@Suite struct ReliabilityLimitsTests {
  static let path = "surveys/paaaaaaaaaaaaaaaa.json"

  /// A valid survey file with `value` put under the key `key` (an unknown key is kept on save,
  /// so the limit has to hold there too).
  static func survey(with key: String, _ value: String) -> [UInt8] {
    var text = String(decoding: SurveyJSON.bytes(Samples.complete()), as: UTF8.self)
    text = text.replacingOccurrences(of: "\"format\"", with: "\"\(key)\": \(value), \"format\"")
    return Array(text.utf8)
  }

  static func problems(_ bytes: [UInt8]) -> [FieldProblem] {
    switch RoundFolder.decodeSurvey(bytes, path: path, expectedID: nil, round: Samples.round) {
    case .success: []
    case .failure(let problem): problem.problems
    }
  }

  @Test(arguments: [33, 600, 100_000, 2_000_000])
  func deepNestingIsRefusedBeforeDecoding(depth: Int) throws {
    // 2,000,000 levels would overflow the stack of a recursive decoder; the byte scan refuses it first.
    let value = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    let problems = Self.problems(Self.survey(with: "deep", value))
    #expect(problems == [FieldProblem("deep" + String(repeating: "[0]", count: 31), "nests deeper than 32 levels")])
  }

  @Test func nestingWithinTheLimitIsKept() throws {
    let value = String(repeating: "{\"a\": ", count: 20) + "1" + String(repeating: "}", count: 20)
    #expect(Self.problems(Self.survey(with: "future", value)).isEmpty)
  }

  @Test func longTextIsRefusedNamingTheField() throws {
    var text = String(decoding: SurveyJSON.bytes(Samples.complete()), as: UTF8.self)
    text = text.replacingOccurrences(of: "\"nav\"", with: "\"" + String(repeating: "n", count: 20_000) + "\"")
    let problems = Self.problems(Array(text.utf8))
    #expect(problems == [FieldProblem("unit", "holds a text of 20000 bytes, more than the limit of 16384")])
  }

  @Test func longListIsRefusedNamingTheField() throws {
    let value = "[" + Array(repeating: "\"alcohol\"", count: 1_001).joined(separator: ",") + "]"
    var text = String(decoding: SurveyJSON.bytes(Samples.complete()), as: UTF8.self)
    text = text.replacingOccurrences(of: "\"substances\" : [\n    \"alcohol\"\n  ]", with: "\"substances\" : \(value)")
    #expect(Self.problems(Array(text.utf8)) == [FieldProblem("substances", "has more than 1000 entries")])
  }

  @Test func duplicateKeysAreRefusedNotSilentlyResolved() throws {
    var text = String(decoding: SurveyJSON.bytes(Samples.complete()), as: UTF8.self)
    text = text.replacingOccurrences(
      of: "\"gender\" : \"female\"", with: "\"gender\" : \"female\", \"gender\" : \"male\"")
    #expect(Self.problems(Array(text.utf8)) == [FieldProblem("gender", "appears twice in the same object; keep one")])
    text = String(decoding: SurveyJSON.bytes(Samples.complete()), as: UTF8.self)
    text = text.replacingOccurrences(
      of: "\"housing\" : \"yellow\"", with: "\"housing\" : \"yellow\", \"housing\" : \"red\"")
    #expect(
      Self.problems(Array(text.utf8)) == [FieldProblem("scores.housing", "appears twice in the same object; keep one")])
  }

  @Test func invalidUTF8IsRefusedWithItsOffset() throws {
    var bytes = SurveyJSON.bytes(Samples.complete())
    let offset = bytes.firstIndex(of: UInt8(ascii: "f"))!
    bytes.insert(0xFF, at: offset)
    #expect(Self.problems(bytes) == [FieldProblem("", "is not valid UTF-8 text (bad byte at offset \(offset))")])
    // Text that is valid UTF-8 (æøå, an escaped NUL in an unknown key) is fine.
    #expect(Self.problems(Self.survey(with: "merknad", "\"æøå \\u0000\"")).isEmpty)
  }

  @Test func extremeNumbersGiveProblemsNotTraps() throws {
    var survey = Samples.complete()
    survey.revision = 1
    for (key, value, field) in [
      ("birthYear", "-9223372036854775808", "birthYear"), ("birthYear", "9223372036854775807", "birthYear"),
      ("birthYear", "1e400", "birthYear"), ("revision", "99999999999999999999", "revision"),
      ("revision", "-0", "revision"),
    ] {
      var text = String(decoding: SurveyJSON.reference(survey), as: UTF8.self)
      let old = key == "revision" ? "\"revision\" : 1" : "\"birthYear\" : 1980"
      text = text.replacingOccurrences(of: old, with: "\"\(key)\" : \(value)")
      #expect(Self.problems(Array(text.utf8)).map(\.field) == [field], "\(key) = \(value)")
    }
  }

  /// A survey file on disk with the largest revision must not make the next save trap.
  @Test func saveOverAnImpossibleRevisionIsRefused() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    var survey = Samples.complete()
    survey.revision = Int.max
    try FileSystem.writeAtomically(SurveyJSON.reference(survey), to: try roundFolder.surveyFile(survey.id))
    #expect {
      try roundFolder.save(survey, baseRevision: Int.max, round: Samples.round)
    } throws: { error in
      "\(error)".contains("impossible revision")
    }
  }

  @Test func roundFileLimitsNameTheField() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    var text = String(decoding: RoundFolder.encode(Samples.round), as: UTF8.self)
    let units = (0..<10_001).map { "{\"id\": \"u\($0)\", \"name\": \"U\", \"kind\": \"nav\"}" }.joined(separator: ",")
    text = text.replacingOccurrences(of: "\"format\"", with: "\"units\": [\(units)], \"format\"")
    try FileSystem.writeAtomically(Array(text.utf8), to: roundFolder.roundFile)
    #expect(
      throws: FileProblem(path: roundFolder.roundFile, problems: [FieldProblem("units", "has more than 10000 entries")])
    ) {
      try roundFolder.loadRound()
    }
  }
}
