import Foundation
import Testing

@testable import BrukerPlanModel

/// Mutations of valid survey and round files: damage of every kind a disk, an editor or a hostile
/// hand can cause. Each mutation returns the damaged bytes.
struct JSONMutator {
  var random: SeededGenerator

  static let tokens: [String] = [
    "{", "}", "[", "]", "\"", "\\", ":", ",", "null", "true", "false", "-0", "1e400", "-1e400",
    "99999999999999999999", "9223372036854775807", "-9223372036854775808", "0.5", "\\u0000", "\\ud800",
    "\"\\u0000\"", "NaN", "Infinity", "\u{FEFF}", "æøå", "\u{202E}",
  ]
  static let wrongValues: [String] = [
    "null", "true", "17", "-0", "1e400", "99999999999999999999", "-9223372036854775808", "\"\"", "\"x\"", "[]",
    "{}", "[null]", "{\"now\": 1}", "\"../../etc/passwd\"", "\"pAAAAAAAAAAAAAAAA\"",
  ]

  mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }

  /// 1 to 3 mutations of `valid`; `name` says which ones, to explain a failure.
  mutating func mutate(_ valid: [UInt8]) -> (bytes: [UInt8], name: String) {
    var bytes = valid
    var names: [String] = []
    for _ in 0..<int(1..<4) {
      let (next, name) = mutateOnce(bytes)
      bytes = next
      names.append(name)
    }
    return (bytes, names.joined(separator: "+"))
  }

  mutating func mutateOnce(_ bytes: [UInt8]) -> ([UInt8], String) {
    var bytes = bytes
    let at = bytes.isEmpty ? 0 : int(0..<bytes.count)
    switch int(0..<13) {
    case 0:
      return (Array(bytes.prefix(at)), "truncate")
    case 1:
      if !bytes.isEmpty { bytes[at] ^= UInt8(1 << int(0..<8)) }
      return (bytes, "flipBit")
    case 2:
      if !bytes.isEmpty { bytes[at] = UInt8(int(0..<256)) }
      return (bytes, "randomByte")
    case 3:
      bytes.insert(contentsOf: (0..<int(1..<16)).map { _ in UInt8(int(0..<256)) }, at: at)
      return (bytes, "insertGarbage")
    case 4:
      bytes.insert(contentsOf: Array(Self.tokens[int(0..<Self.tokens.count)].utf8), at: at)
      return (bytes, "insertToken")
    case 5:
      return (replaceValue(bytes, with: "\"" + String(repeating: "x", count: int(1..<40_000)) + "\""), "hugeString")
    case 6:
      let depth = [40, 600, 5_000, 100_000][int(0..<4)]
      let open = int(0..<2) == 0 ? "[" : "{\"a\":"
      let close = open == "[" ? "]" : "}"
      let value = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
      return (replaceValue(bytes, with: value), "deepNesting\(depth)")
    case 7:
      return (replaceValue(bytes, with: Self.wrongValues[int(0..<Self.wrongValues.count)]), "wrongType")
    case 8:
      return (duplicateLine(bytes), "duplicateKey")
    case 9:
      bytes.insert(contentsOf: [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80]][int(0..<4)], at: at)
      return (bytes, "notUTF8")
    case 10:
      bytes.insert(0, at: at)
      return (bytes, "nulByte")
    case 11:
      let count = int(1_001..<3_000)
      return (
        replaceValue(bytes, with: "[" + Array(repeating: "1", count: count).joined(separator: ",") + "]"), "longList"
      )
    default:
      return (removeLine(bytes), "removeLine")
    }
  }

  /// Replaces the value after one randomly chosen `": "` (pretty-printed keys) with `value`.
  mutating func replaceValue(_ bytes: [UInt8], with value: String) -> [UInt8] {
    let colons = bytes.withUnsafeBufferPointer { buffer in
      var found: [Int] = []
      for index in 0..<max(buffer.count - 1, 0) where buffer[index] == 58 && buffer[index + 1] == 32 {
        found.append(index)
      }
      return found
    }
    guard let colon = colons.isEmpty ? nil : colons[int(0..<colons.count)] else { return Array(value.utf8) }
    let start = colon + 2
    var end = start
    var depth = 0
    var inString = false
    while end < bytes.count {
      let byte = bytes[end]
      if inString {
        if byte == UInt8(ascii: "\\") { end += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
      } else if byte == UInt8(ascii: "\"") {
        inString = true
      } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
        depth += 1
      } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
        if depth == 0 { break }
        depth -= 1
      } else if byte == UInt8(ascii: ","), depth == 0 {
        break
      } else if byte == 10, depth == 0 {
        break
      }
      end += 1
    }
    return Array(bytes[..<start]) + Array(value.utf8) + Array(bytes[min(end, bytes.count)...])
  }

  mutating func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    bytes.split(separator: 10, omittingEmptySubsequences: false)
  }

  mutating func duplicateLine(_ bytes: [UInt8]) -> [UInt8] {
    var parts = lines(bytes)
    let index = int(0..<parts.count)
    parts.insert(parts[index], at: index)
    return Array(parts.joined(separator: [10]))
  }

  mutating func removeLine(_ bytes: [UInt8]) -> [UInt8] {
    var parts = lines(bytes)
    parts.remove(at: int(0..<parts.count))
    return Array(parts.joined(separator: [10]))
  }
}

/// What every answer to a damaged file must look like: the file named, every problem a plain
/// sentence, no Swift internals, and never the whole of a huge value echoed back.
/// (Checked with plain comparisons and one Issue per failure: an #expect per field of thousands of
/// inputs would cost more than the decoding itself.)
func expectClearProblem(_ problem: FileProblem, path: String, mutation: String) {
  func fail(_ why: String) { Issue.record("\(mutation): \(why): \(problem.description.prefix(300))") }
  if problem.path != path { fail("names \(problem.path), expected \(path)") }
  if problem.problems.isEmpty { fail("no problem listed") }
  for field in problem.problems {
    if field.message.isEmpty { fail("empty message") }
    if field.message.count + field.field.count >= 600 { fail("message of \(field.message.count) characters") }
    let leaks = [
      "Swift.", "Optional(", "CodingKeys", "BrukerPlanModel", "DecodingError", "JSONValue", "Cannot initialize",
    ]
    if let leak = leaks.first(where: { field.description.contains($0) }) { fail("shows Swift internals (\(leak))") }
  }
}

@Suite struct ReliabilityFuzzTests {
  static let surveyPath = "store/2024/surveys/paaaaaaaaaaaaaaaa.json"

  /// Valid survey files to start from: complete, draft, with unknown keys, with a full service map.
  static func validSurveys() -> [[UInt8]] {
    var complete = Samples.complete()
    complete.updatedAt = "2024-11-20T10:00:00Z"
    var draft = Survey(id: "paaaaaaaaaaaaaaaa")
    draft.unit = "rus"
    draft.birthYear = 1990
    draft.scores[.housing] = .red
    var extra = Samples.complete()
    extra.extra["futureField"] = .object(["list": .array([.number(1), .string("x"), .null])])
    extra.children.extra["note"] = .string("kept")
    var full = Samples.complete()
    for (index, service) in ServiceCatalogue.standard.services.enumerated() {
      full.services[service.id] = ServiceAnswer(now: index % 2 == 0, next12: true)
    }
    return [complete, draft, extra, full].map { SurveyJSON.reference($0) }
  }

  static func validRounds() -> [[UInt8]] {
    var withCatalogue = Samples.round
    withCatalogue.services = ServiceCatalogue.standard.services
    withCatalogue.deadline = "2024-12-15"
    withCatalogue.extra["future"] = .array([.string("x")])
    return [Samples.round, withCatalogue].map { RoundFolder.encode($0) }
  }

  @Test func damagedSurveysNeverCrashAndAlwaysNameTheFile() throws {
    let seed = Soak.seed(20_241_120)
    var mutator = JSONMutator(random: SeededGenerator(seed: seed))
    let valid = Self.validSurveys()
    let inputs = Soak.count(3_000)
    var stillValid = 0
    var kinds: [String: Int] = [:]
    for _ in 0..<inputs {
      let (bytes, mutation) = mutator.mutate(valid[mutator.int(0..<valid.count)])
      switch RoundFolder.decodeSurvey(
        bytes, path: Self.surveyPath, expectedID: "paaaaaaaaaaaaaaaa", round: Samples.round)
      {
      case .success(let survey):
        // A mutation that kept the file valid (whitespace, a key order): it must survive a save.
        stillValid += 1
        if !survey.validate(in: Samples.round).isEmpty { Issue.record("\(mutation): loaded but invalid") }
        let again = RoundFolder.decodeSurvey(
          SurveyJSON.reference(survey), path: Self.surveyPath, expectedID: survey.id, round: Samples.round)
        if (try? again.get()) != survey { Issue.record("\(mutation): changed through a save") }
      case .failure(let problem):
        expectClearProblem(problem, path: Self.surveyPath, mutation: mutation)
        for field in problem.problems { kinds[field.field.isEmpty ? "(file)" : "field", default: 0] += 1 }
      }
    }
    Figures.report(
      "fuzz.survey.inputs", inputs,
      detail: "seed \(seed), \(stillValid) still valid, \(kinds["field"] ?? 0) problems named a field")
  }

  @Test func damagedRoundFilesNeverCrashAndAlwaysNameTheFile() throws {
    let seed = Soak.seed(20_241_121)
    var mutator = JSONMutator(random: SeededGenerator(seed: seed))
    let folder = TemporaryFolder()
    let roundFolder = RoundFolder(path: folder.path + "/2024")
    try FileSystem.makeFolder(roundFolder.surveysPath)
    let valid = Self.validRounds()
    let inputs = Soak.count(1_500)
    var stillValid = 0
    for _ in 0..<inputs {
      let (bytes, mutation) = mutator.mutate(valid[mutator.int(0..<valid.count)])
      try Data(bytes).write(to: URL(fileURLWithPath: roundFolder.roundFile))  // no fsync: speed
      do {
        let round = try roundFolder.loadRound()
        stillValid += 1
        if !round.validate().isEmpty { Issue.record("\(mutation): loaded but invalid") }
      } catch {
        expectClearProblem(error, path: roundFolder.roundFile, mutation: mutation)
      }
    }
    Figures.report("fuzz.round.inputs", inputs, detail: "seed \(seed), \(stillValid) still valid")
  }

  /// Whole round folders of damaged files: load reports every file, valid or not; none is dropped
  /// and no temporary file is read.
  @Test func loadAccountsForEveryDamagedFile() throws {
    let seed = Soak.seed(20_241_122)
    var mutator = JSONMutator(random: SeededGenerator(seed: seed))
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let valid = Self.validSurveys()
    let batches = Soak.count(10)
    var files = 0
    for batch in 0..<batches {
      var names: Set<String> = []
      for index in 0..<40 {
        let id = testSurveyID(batch * 100 + index)
        let original = String(decoding: valid[mutator.int(0..<valid.count)], as: UTF8.self)
        let (bytes, _) = mutator.mutate(Array(original.replacingOccurrences(of: "paaaaaaaaaaaaaaaa", with: id).utf8))
        try Data(bytes).write(to: URL(fileURLWithPath: "\(roundFolder.surveysPath)/\(id).json"))
        try Data("{".utf8).write(to: URL(fileURLWithPath: "\(roundFolder.surveysPath)/.\(id).json.tmp-1-\(index)"))
        names.insert("\(id).json")
      }
      let loaded = try roundFolder.load()
      let seen = loaded.surveys.map { "\($0.id).json" } + loaded.invalid.map { Paths.name(of: $0.path) }
      #expect(Set(seen) == names)
      #expect(seen.count == names.count)
      for problem in loaded.invalid {
        expectClearProblem(problem, path: problem.path, mutation: "batch \(batch)")
        #expect(problem.path.hasPrefix(roundFolder.surveysPath + "/p"))
      }
      files += names.count
      for name in try FileSystem.list(roundFolder.surveysPath) { unlink("\(roundFolder.surveysPath)/\(name)") }
    }
    Figures.report("fuzz.load.files", files, detail: "seed \(seed), in \(batches) damaged round folders")
  }
}
