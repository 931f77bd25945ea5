import Foundation

@testable import BrukerPlanModel

/// A small seeded generator (SplitMix64), so every generated case can be reproduced from its seed.
struct SplitMixGenerator: RandomNumberGenerator {
  // The model's SplitMix64, so tests and synthetic data share one implementation.
  private var base: SeededRandom

  init(seed: UInt64) { base = SeededRandom(seed: seed) }

  mutating func next() -> UInt64 { base.next() }

  mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
  mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &self)] }
}

/// JSON text with control over what JSONEncoder never writes: key order, duplicate keys,
/// escapes, odd whitespace and raw number spellings.
enum JSONText {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([JSONText])
  case object(keys: [String], values: [JSONText])

  static func int(_ value: Int) -> JSONText { .number(String(value)) }
  static func members(_ members: [(String, JSONText)]) -> JSONText {
    .object(keys: members.map(\.0), values: members.map(\.1))
  }

  func write(_ random: inout SplitMixGenerator, oddSpace: Bool, escapes: Bool) -> String {
    func space() -> String {
      guard oddSpace else { return "" }
      return random.pick(["", "", " ", "\n  ", "\t", "\r\n", "   "])
    }
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .number(let text): return text
    case .string(let text): return Self.quote(text, &random, escapes: escapes)
    case .array(let values):
      return "[" + space()
        + values.map { $0.write(&random, oddSpace: oddSpace, escapes: escapes) + space() }
        .joined(separator: "," + space()) + "]"
    case .object(let keys, let values):
      return "{" + space()
        + zip(keys, values).map {
          Self.quote($0.0, &random, escapes: false) + space() + ":" + space()
            + $0.1.write(&random, oddSpace: oddSpace, escapes: escapes) + space()
        }.joined(separator: "," + space()) + "}"
    }
  }

  /// Quotes `text`; with `escapes`, some characters are written as \u escapes (surrogate pairs
  /// above the BMP) or short escapes where JSON allows them.
  static func quote(_ text: String, _ random: inout SplitMixGenerator, escapes: Bool) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      case "\r": out += "\\r"
      case _ where scalar.value < 0x20: out += hexEscape(scalar.value)
      case _ where escapes && random.chance(0.2):
        if scalar.value > 0xFFFF {
          let value = scalar.value - 0x10000
          out += hexEscape(0xD800 + (value >> 10)) + hexEscape(0xDC00 + (value & 0x3FF))
        } else if scalar == "/" {
          out += "\\/"
        } else {
          out += hexEscape(scalar.value)
        }
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  static func hexEscape(_ value: UInt32) -> String {
    let hex = String(value, radix: 16)
    return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
  }
}

/// Random survey files for a round: mostly valid, some drafts, some with unknown keys, odd
/// spellings and invalid values, for comparing the fast loader with JSONDecoder.
struct SurveyTextGenerator {
  var random: SplitMixGenerator
  let round: Round

  init(seed: UInt64, round: Round) {
    random = SplitMixGenerator(seed: seed)
    self.round = round
  }

  static let oddStrings = [
    "æøå ÆØÅ", "sitat \"her\" og \\ skråstrek", "tab\tog\nlinje", "emoji 😀 og 🇳🇴", "nul \u{0}",
    "/sti/til", "kontroll \u{1F}", "e\u{301} kombinert", "",
  ]

  mutating func id() -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
    return random.pick(["p", "r"]) + String((0..<16).map { _ in random.pick(alphabet) })
  }

  /// A survey file's members in random order; `odd` mixes in what the fast path must refuse.
  mutating func members(id: String, odd: Bool) -> [(String, JSONText)] {
    var members: [(String, JSONText)] = []
    func vocabulary<V: Vocabulary>(_ type: V.Type) -> JSONText {
      if odd && random.chance(0.05) { return .string("ukjent") }
      return .string(random.pick(V.allCases).rawValue)
    }
    let complete = random.chance(0.7)
    let present = { (random: inout SplitMixGenerator) in complete || random.chance(0.6) }
    members.append(("format", .string(odd && random.chance(0.05) ? "brukerplan-survey/2" : Survey.format)))
    members.append(("id", .string(odd && random.chance(0.05) ? self.id() : id)))
    members.append(
      ("revision", .int(odd && random.chance(0.05) ? random.pick([0, -1]) : Int.random(in: 1...40, using: &random))))
    if random.chance(0.9) {
      members.append(("updatedAt", .string("2024-11-\(Int.random(in: 10...28, using: &random))T10:15:00Z")))
    }
    if present(&random) {
      members.append(("unit", .string(odd && random.chance(0.05) ? "ukjent" : random.pick(round.units).id)))
    }
    members.append(("status", .string(complete ? "complete" : "draft")))
    if present(&random) {
      let age = odd && random.chance(0.05) ? random.pick([3, 130]) : Int.random(in: 16...90, using: &random)
      members.append(("birthYear", .int(round.year - age)))
    }
    if present(&random) { members.append(("gender", vocabulary(Gender.self))) }
    if present(&random) { members.append(("problemGroup", vocabulary(ProblemGroup.self))) }
    if present(&random) {
      var scores: [(String, JSONText)] = []
      for dimension in Dimension.allCases.shuffled(using: &random) {
        if complete || random.chance(0.7) {
          scores.append((dimension.rawValue, vocabulary(Score.self)))
        } else if random.chance(0.3) {
          scores.append((dimension.rawValue, .null))
        }
      }
      members.append(("scores", .members(scores)))
    }
    if present(&random) {
      members.append(
        (
          "substances",
          .array(
            Substance.allCases.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)).map {
              .string($0.rawValue)
            })
        ))
    }
    if present(&random) { members.append(("lar", .bool(random.chance(0.2)))) }
    if present(&random) {
      members.append(
        (
          "plans",
          .array(
            Plan.allCases.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random)).map {
              .string($0.rawValue)
            })
        ))
    }
    if present(&random) {
      let has = random.chance(0.4)
      var children: [(String, JSONText)] = [("hasChildren", .bool(has))]
      for key in Children.keys.dropFirst() {
        if complete || random.chance(0.7) {
          children.append((key, .bool(has && random.chance(0.5))))
        } else if random.chance(0.3) {
          children.append((key, .null))
        }
      }
      if random.chance(0.1) { children.append(("fosterHome", unknownValue(depth: 0))) }
      members.append(("children", .members(children.shuffled(using: &random))))
    }
    if present(&random) { members.append(("activity", vocabulary(Activity.self))) }
    if present(&random) { members.append(("violence", vocabulary(Violence.self))) }
    var services: [(String, JSONText)] = []
    for id in round.catalogue.ids where random.chance(0.8) {
      var answer: [(String, JSONText)] = []
      if random.chance(0.95) { answer.append(("now", .bool(random.chance(0.3)))) }
      if random.chance(0.95) { answer.append(("next12", .bool(random.chance(0.3)))) }
      if random.chance(0.03) { answer.append(("comment", unknownValue(depth: 0))) }
      services.append((id, .members(answer.shuffled(using: &random))))
    }
    if odd && random.chance(0.05) { services.append(("teleport", .members([("now", .bool(true))]))) }
    members.append(("services", .members(random.chance(0.5) ? services : services.shuffled(using: &random))))
    if random.chance(0.15) {
      members.append((random.pick(["note", "vedlegg", "ÆØÅ-nøkkel", "x"]), unknownValue(depth: 0)))
    }
    if random.chance(0.05) {
      members.append(("nested", .members([("a", unknownValue(depth: 0)), ("b", unknownValue(depth: 0))])))
    }
    // Another program may write null for what is not answered, which the reference reads as
    // absent; null for a required key is the reference's to judge.
    let optionalKeys = Survey.CodingKeys.allCases.map(\.rawValue).filter {
      !["format", "id", "revision", "status"].contains($0)
    }
    for key in optionalKeys where !members.contains(where: { $0.0 == key }) && random.chance(0.3) {
      members.append((key, .null))
    }
    if odd && random.chance(0.03) {
      let position = Int.random(in: 0..<4, using: &random)
      members[position].1 = .null
    }
    return members.shuffled(using: &random)
  }

  /// Any JSON value, as a newer program might write under a key this version does not know.
  mutating func unknownValue(depth: Int) -> JSONText {
    switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &random) {
    case 0: return .null
    case 1: return .bool(random.chance(0.5))
    case 2:
      return .number(
        random.pick([
          "0", "1", "-1", "42", "-0", "3.25", "0.1", "123456.789", "-17.5", "1e3", "2.5E-2", "12345678901234567890",
          "9007199254740993", "1.0",
        ]))
    case 3, 4: return .string(random.pick(Self.oddStrings))
    case 5: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in unknownValue(depth: depth + 1) })
    default:
      return .members(
        (0..<Int.random(in: 0...3, using: &random)).map { index in
          (random.pick(["k\(index)", "æ\(index)", "key \(index)"]), unknownValue(depth: depth + 1))
        })
    }
  }

  /// A whole file: the members written with random whitespace and escapes.
  mutating func file(id: String, odd: Bool) -> [UInt8] {
    let members = members(id: id, odd: odd)
    let text = JSONText.members(members).write(&random, oddSpace: random.chance(0.3), escapes: random.chance(0.3))
    return Array(text.utf8)
  }
}

/// More cases under BRUKERPLAN_SOAK=1 (make soak).
func cases(_ count: Int) -> Int {
  ProcessInfo.processInfo.environment["BRUKERPLAN_SOAK"] == "1" ? count * 20 : count
}

/// Writes a test file quickly (no fsync: these folders are thrown away).
func writeQuickly(_ bytes: [UInt8], to path: String) {
  _ = FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
}
