import Foundation
import Testing

@testable import BrukerPlanModel

/// The fast loader against the reference (JSONDecoder via RoundFolder.decodeSurvey): the same
/// survey value (with extra and decodingProblems) or the same FileProblem for every file.
@Suite struct FastLoadTests {
  let round = Samples.round
  let folder = RoundFolder(path: "/nowhere/2024-9901")

  /// The reference lists the problems inside scores, children and services in the iteration order
  /// of a Dictionary, which differs between two Dictionary instances even in one process; two
  /// runs of the reference can disagree on it. Only that order is set aside here.
  static func normalized(_ result: Result<Survey, FileProblem>) -> Result<Survey, FileProblem> {
    switch result {
    case .success(var survey):
      survey.decodingProblems.sort { ($0.field, $0.message) < ($1.field, $1.message) }
      return .success(survey)
    case .failure(var problem):
      problem.problems.sort { ($0.field, $0.message) < ($1.field, $1.message) }
      return .failure(problem)
    }
  }

  static func normalized(_ problems: [FileProblem]) -> [FileProblem] {
    problems.map { problem in
      guard case .failure(let sorted) = normalized(.failure(problem)) else { return problem }
      return sorted
    }
  }

  /// Both decoders on the same bytes; returns a description of the difference, or nil.
  func difference(_ bytes: [UInt8], id: String) -> String? {
    let name = "\(id).json"
    let path = "\(folder.surveysPath)/\(name)"
    let reference = RoundFolder.decodeSurvey(bytes, path: path, expectedID: id, round: round)
    let fast = bytes.withUnsafeBufferPointer {
      SurveyFileDecoder.decode($0, name: name, in: folder, lookup: SurveyLookup(round: round))
    }
    guard Self.normalized(fast) != Self.normalized(reference) else { return nil }
    return "file \(String(decoding: bytes, as: UTF8.self))\nfast: \(fast)\nreference: \(reference)"
  }

  func fastPathTaken(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { (try? SurveyBytesParser.parse($0, lookup: SurveyLookup(round: round))) != nil }
  }

  @Test func canonicalFilesTakeTheFastPathAndMatch() throws {
    var generator = SurveyTextGenerator(seed: 1, round: round)
    for _ in 0..<300 {
      let id = generator.id()
      let text = generator.file(id: id, odd: false)
      // Through the reference and back out as the store writes it.
      guard case .success(let survey) = RoundFolder.decodeSurvey(text, path: "x", expectedID: id, round: round)
      else { continue }
      let bytes = SurveyJSON.reference(survey)
      // Unknown values may hold numbers JSONEncoder writes with an exponent, left to the reference.
      let plain =
        survey.extra.isEmpty && survey.children.extra.isEmpty && survey.services.values.allSatisfy(\.extra.isEmpty)
      #expect(
        !plain || fastPathTaken(bytes), "canonical file refused: \(String(decoding: bytes, as: UTF8.self).prefix(3000))"
      )
      #expect(difference(bytes, id: id) == nil)
    }
    #expect(fastPathTaken(SurveyJSON.reference(Samples.complete())))
  }

  @Test func generatedFilesMatchTheReference() {
    var generator = SurveyTextGenerator(seed: 7, round: round)
    var differences: [String] = []
    var fast = 0
    var valid = 0
    for index in 0..<cases(1500) {
      let id = generator.id()
      let bytes = generator.file(id: id, odd: index % 2 == 1)
      if let difference = difference(bytes, id: id) { differences.append(difference) }
      if fastPathTaken(bytes) { fast += 1 }
      if case .success = RoundFolder.decodeSurvey(bytes, path: "x", expectedID: id, round: round) { valid += 1 }
    }
    #expect(differences.isEmpty, "\(differences.count) differ; first: \(differences.first ?? "")")
    // The generator must exercise both paths and both outcomes.
    let total = cases(1500)
    #expect(fast > total / 3 && fast < total - 50, "fast path taken \(fast) times")
    #expect(valid > total / 6 && valid < total - 50, "valid \(valid)")
  }

  @Test func mutatedFilesMatchTheReference() {
    var generator = SurveyTextGenerator(seed: 11, round: round)
    var differences: [String] = []
    for index in 0..<cases(1500) {
      let id = generator.id()
      var members = generator.members(id: id, odd: false)
      switch index % 4 {
      case 0:  // a key twice
        members.append(members[Int.random(in: 0..<members.count, using: &generator.random)])
      case 1:  // a value of the wrong type or null
        let position = Int.random(in: 0..<members.count, using: &generator.random)
        members[position].1 = generator.random.chance(0.3) ? .null : generator.unknownValue(depth: 1)
      case 2:  // odd numbers where integers belong
        let number = generator.random.pick(["1.0", "1e3", "01", "-0", "99999999999999999999", "2e0", "1980.5"])
        members.removeAll { $0.0 == "birthYear" || $0.0 == "revision" }
        members.append((generator.random.pick(["birthYear", "revision"]), .number(number)))
        members.append((generator.random.chance(0.5) ? "revision" : "birthYear", .int(1990)))
      default: break
      }
      var bytes = Array(
        JSONText.members(members).write(
          &generator.random, oddSpace: generator.random.chance(0.3), escapes: generator.random.chance(0.3)
        ).utf8)
      if index % 4 == 3 {
        for _ in 0..<Int.random(in: 1...3, using: &generator.random) {
          let position = Int.random(in: 0..<bytes.count, using: &generator.random)
          switch Int.random(in: 0..<4, using: &generator.random) {
          case 0: bytes = Array(bytes.prefix(position))
          case 1: bytes[position] = UInt8.random(in: 0...255, using: &generator.random)
          case 2: bytes.insert(generator.random.pick(Array("{}[]\",:\\ 0e.-tnu\u{FF}".utf8)), at: position)
          default: bytes.remove(at: position)
          }
          if bytes.isEmpty { break }
        }
      }
      if let difference = difference(bytes, id: id) { differences.append(difference) }
    }
    #expect(differences.isEmpty, "\(differences.count) differ; first: \(differences.first ?? "")")
  }

  @Test func oddBytesMatchTheReference() {
    let id = "paaaaaaaaaaaaaaaa"
    let good = String(decoding: SurveyJSON.reference(Samples.complete(id: id)), as: UTF8.self)
    let cases: [String] = [
      "", " ", "{}", "[]", "null", "\u{FEFF}" + good, good + "x", good + " \n\t\r ", "{" + good,
      good.replacingOccurrences(of: "\"lar\" : false", with: "\"lar\" : 0"),
      good.replacingOccurrences(of: "\"format\"", with: "\"for\\u006dat\""),
      good.replacingOccurrences(of: "\"nav\"", with: "\"n\\u0061v\""),
      good.replacingOccurrences(of: "\"female\"", with: "\"f\\u0065male\""),
      good.replacingOccurrences(of: "\"female\"", with: "\"Female\""),
      good.replacingOccurrences(of: "\"revision\" : 1", with: "\"revision\" : 1.0"),
      good.replacingOccurrences(of: "\"revision\" : 1", with: "\"revision\" : true"),
      good.replacingOccurrences(of: "\"revision\" : 1", with: "\"revision\" : null"),
      good.replacingOccurrences(of: "\"alcohol\"", with: "\"alcohol\", \"alcohol\""),
      good.replacingOccurrences(of: "\"status\" : \"complete\",", with: ""),
      good.replacingOccurrences(of: "{", with: "{\"x\": \"\\ud800\", "),
      good.replacingOccurrences(of: "{", with: "{\"x\": \"\\udc00\\ud800\", "),
      good.replacingOccurrences(of: "{", with: "{\"x\": \"\\ud83d\\ude00 \\u00e6\", "),
      good.replacingOccurrences(of: "{", with: "{\"x\": 1e400, "),
      good.replacingOccurrences(of: "{", with: "{\"x\": [[[[[[[[[[1]]]]]]]]]], "),
      good.replacingOccurrences(of: "{", with: "{\"x\": \"\\q\", "),
      // Escaped keys: a duplicate written another way, and escapes in known and unknown keys.
      "{\"\\u0075nit\" : \"rus\", " + good.dropFirst(),
      "{\"\\u0075nit\" : \"nav\", " + good.dropFirst().replacingOccurrences(of: "\"unit\" : \"nav\",", with: ""),
      "{\"x\\u0079\" : 1, \"xy\" : 2, " + good.dropFirst(),
      "{\"x\\/y\" : 1, " + good.dropFirst(),
      good.replacingOccurrences(of: "\"now\"", with: "\"n\\u006fw\""),
      // Number forms: integers written as fractions or exponents, signs, zeros, trailing commas.
      good.replacingOccurrences(of: "\"birthYear\" : 1980", with: "\"birthYear\" : 19.8e2"),
      good.replacingOccurrences(of: "\"birthYear\" : 1980", with: "\"birthYear\" : 1980.0"),
      good.replacingOccurrences(of: "\"birthYear\" : 1980", with: "\"birthYear\" : 1.98E+3"),
      good.replacingOccurrences(of: "\"birthYear\" : 1980", with: "\"birthYear\" : 01980"),
      good.replacingOccurrences(of: "\"birthYear\" : 1980", with: "\"birthYear\" : -1980"),
      good.replacingOccurrences(of: "\"revision\" : 1", with: "\"revision\" : -0"),
      good.replacingOccurrences(of: "\"revision\" : 1", with: "\"revision\" : 1e0"),
      "{\"x\" : 1.5e3, \"y\" : -0.0, \"z\" : 12345678901234567890, " + good.dropFirst(),
      "{\"x\" : [1, 2,], " + good.dropFirst(),
      String(good.dropLast(2)) + ",\n}\n",
    ]
    for text in cases {
      #expect(difference(Array(text.utf8), id: id) == nil)
    }
    var invalidUTF8 = Array(good.replacingOccurrences(of: "{", with: "{\"x\": \"AB\", ").utf8)
    invalidUTF8[invalidUTF8.firstIndex(of: UInt8(ascii: "A"))!] = 0xC3
    #expect(difference(invalidUTF8, id: id) == nil)
    let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    #expect(difference(Array(good.replacingOccurrences(of: "{", with: "{\"x\": \(deep), ").utf8), id: id) == nil)
  }

  @Test func fileNamesAreCheckedLikeSurveyIDs() {
    var generator = SurveyTextGenerator(seed: 13, round: round)
    var names = [
      "not-an-id.json", "paaaaaaaaaaaaaaaa.json", "Paaaaaaaaaaaaaaaa.json", "paaaaaaaaaaaaaaa1.json",
      "paaaaaaaaaaaaaaaaa.json", "qaaaaaaaaaaaaaaaa.json", "pæaaaaaaaaaaaaaa.json", "raaaaaaaaaaaaaaa7.json", ".json",
    ]
    for _ in 0..<200 { names.append(generator.id() + ".json") }
    for name in names {
      #expect(SurveyFileDecoder.namesSurveyID(name) == SurveyID.isValid(String(name.dropLast(5))), "\(name)")
    }
  }

  /// A whole folder with every kind of file load() meets: same surveys, same problems, same order.
  @Test func folderLoadsTheSameAsLoad() throws {
    let temporary = TemporaryFolder()
    let store = try Store.open(temporary.path)
    let roundFolder = try store.createRound(round)
    var generator = SurveyTextGenerator(seed: 3, round: round)
    for index in 0..<400 {
      let id = generator.id()
      writeQuickly(generator.file(id: id, odd: index % 3 == 0), to: "\(roundFolder.surveysPath)/\(id).json")
    }
    let surveys = roundFolder.surveysPath
    try FileSystem.writeAtomically(Array("{}".utf8), to: "\(surveys)/not-an-id.json")
    try FileSystem.writeAtomically([], to: "\(surveys)/paaaaaaaaaaaaaaab.json")
    try FileSystem.makeFolder("\(surveys)/paaaaaaaaaaaaaaac.json")
    #expect(symlink("\(surveys)/paaaaaaaaaaaaaaab.json", "\(surveys)/paaaaaaaaaaaaaaad.json") == 0)
    try FileSystem.writeAtomically(
      Array(repeating: 32, count: RoundFolder.maximumSurveyBytes + 1), to: "\(surveys)/paaaaaaaaaaaaaaae.json")
    try FileSystem.writeAtomically(Array("{}".utf8), to: "\(surveys)/.hidden.json")

    #expect(try roundFolder.surveyFileNamesFast() == roundFolder.surveyFileNames())
    let reference = try roundFolder.load()
    #expect(reference.surveys.count > 100 && reference.invalid.count > 50)
    for threads in [1, 2, 4] {
      let fast = try SurveyLoader(threads: threads, useIndex: false).load(roundFolder)
      #expect(fast.round == reference.round)
      #expect(fast.surveys == reference.surveys)
      #expect(Self.normalized(fast.invalid) == Self.normalized(reference.invalid))
    }
  }
}
