import BrukerPlanModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Survey files as other programs may write them (spec section 2: UTF-8 JSON, unknown keys kept):
/// the same surveys as the generated store, written in another style, to time what a store
/// filled by another municipality's system costs.
enum WriterStyle: String, CaseIterable, Sendable {
  /// Two-space indentation, "key": value, the spec's key order, null for unanswered fields, and
  /// non-ASCII as \u escapes (Python's json.dumps(indent=2)).
  case indented
  /// Keys in reverse order at every level, tab indentation and CRLF line ends.
  case reordered
  /// The team's own style plus unknown keys at the top, in children and in service answers
  /// (a newer program's fields, which must survive).
  case unknownKeys = "unknown-keys"
  /// No whitespace at all (JSON.stringify without indentation).
  case compact

  var title: String {
    switch self {
    case .indented: "indented, nulls, \\u escapes"
    case .reordered: "other key order, tabs, CRLF"
    case .unknownKeys: "unknown keys at three levels"
    case .compact: "compact, no whitespace"
    }
  }

  /// The survey as this style writes it.
  func bytes(_ survey: Survey) -> [UInt8] {
    var tree = StyledValue.survey(survey, nulls: self == .indented)
    switch self {
    case .indented:
      return Array((tree.text(indent: "  ", newline: "\n", colon: ": ", asciiOnly: true) + "\n").utf8)
    case .reordered:
      tree.reverseKeys()
      return Array((tree.text(indent: "\t", newline: "\r\n", colon: " :\t", asciiOnly: false) + "\r\n").utf8)
    case .unknownKeys:
      tree.addUnknownKeys(seed: survey.id.utf8.reduce(0) { $0 &+ Int($1) })
      return Array((tree.text(indent: "  ", newline: "\n", colon: " : ", asciiOnly: false) + "\n").utf8)
    case .compact:
      return Array(tree.text(indent: nil, newline: "", colon: ":", asciiOnly: false).utf8)
    }
  }

  /// The later round of the store of `persons`, rewritten in this style, made on first use
  /// (plain writes, no fsync: it is benchmark data).
  func round(persons: Int) throws -> RoundFolder {
    let path = "\(BenchData.root)/styles-\(persons)/\(rawValue)"
    let target = RoundFolder(path: path)
    if FileSystem.exists("\(path)/.complete") { return target }
    let source = try BenchData.rounds(persons: persons).later
    BenchData.log("writing the \(persons)-person round in the \(rawValue) style to \(path) ...")
    try? FileManager.default.removeItem(atPath: path)
    try FileSystem.makeFolder(target.surveysPath)
    try target.saveRound(try source.loadRound())
    for survey in try SurveyLoader(useIndex: false).load(source).surveys {
      let bytes = self.bytes(survey)
      let fd = open("\(target.surveysPath)/\(survey.id).json", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
      guard fd >= 0 else { throw BenchFailure("cannot write into \(target.surveysPath)") }
      _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      close(fd)
    }
    try FileSystem.writeAtomically([], to: "\(path)/.complete")
    return target
  }
}

struct BenchFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A JSON value with its keys in the order they are to be written.
enum StyledValue {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([StyledValue])
  case object([(String, StyledValue)])

  /// A survey in the spec's key order (section 4); with `nulls`, unanswered optional fields are
  /// written as null instead of being left out.
  static func survey(_ survey: Survey, nulls: Bool) -> StyledValue {
    var members: [(String, StyledValue)] = []
    func add(_ key: String, _ value: StyledValue?) {
      if let value { members.append((key, value)) } else if nulls { members.append((key, .null)) }
    }
    add("format", .string(survey.format))
    add("id", .string(survey.id))
    add("revision", .number(String(survey.revision)))
    add("updatedAt", .string(survey.updatedAt))
    add("unit", survey.unit.map(StyledValue.string))
    add("status", .string(survey.status.rawValue))
    add("birthYear", survey.birthYear.map { .number(String($0)) })
    add("gender", survey.gender.map { .string($0.rawValue) })
    add("problemGroup", survey.problemGroup.map { .string($0.rawValue) })
    add(
      "scores",
      .object(
        Dimension.allCases.compactMap { dimension in
          survey.scores[dimension].map { (dimension.rawValue, .string($0.rawValue)) }
        }))
    add("substances", survey.substances.map { .array($0.map { .string($0.rawValue) }) })
    add("lar", survey.lar.map(StyledValue.bool))
    add("plans", survey.plans.map { .array($0.map { .string($0.rawValue) }) })
    add(
      "children",
      .object(
        Children.keys.compactMap { key in
          survey.children[key].map { (key, .bool($0)) } ?? (nulls ? (key, .null) : nil)
        }))
    add("activity", survey.activity.map { .string($0.rawValue) })
    add("violence", survey.violence.map { .string($0.rawValue) })
    add(
      "services",
      .object(
        survey.services.keys.sorted().map { id in
          let answer = survey.services[id]!
          return (id, .object([("now", .bool(answer.now)), ("next12", .bool(answer.next12))]))
        }))
    return .object(members)
  }

  mutating func reverseKeys() {
    switch self {
    case .object(let members):
      self = .object(
        members.reversed().map { key, value in
          var value = value
          value.reverseKeys()
          return (key, value)
        })
    case .array(let values):
      self = .array(
        values.map { value in
          var value = value
          value.reverseKeys()
          return value
        })
    default: break
    }
  }

  /// What a newer program might add: a nested object with numbers, a null, an array and text
  /// with non-ASCII letters at the top; a flag in children; a note in some service answers.
  mutating func addUnknownKeys(seed: Int) {
    guard case .object(var members) = self else { return }
    for position in members.indices {
      switch members[position] {
      case ("children", .object(var children)):
        children.append(("under6", .bool(seed % 3 == 0)))
        members[position].1 = .object(children)
      case ("services", .object(var services)):
        for index in services.indices where (seed + index) % 4 == 0 {
          if case .object(var answer) = services[index].1 {
            answer.append(("note", .string("vurdert på møte \(seed % 28 + 1). november")))
            services[index].1 = .object(answer)
          }
        }
        members[position].1 = .object(services)
      default: break
      }
    }
    members.append(
      (
        "source",
        .object([
          ("system", .string("Fagsystem Nord")), ("version", .number("4.2")), ("exportedBy", .null),
          ("sites", .array([.string("Tromsø"), .string("Bodø")])), ("batch", .number(String(seed % 1000))),
        ])
      ))
    members.append(("reviewedBy", .string("saksbehandler \(seed % 97)")))
    self = .object(members)
  }

  /// The JSON text; `indent` nil writes everything on one line without spaces.
  func text(indent: String?, newline: String, colon: String, asciiOnly: Bool, depth: Int = 0) -> String {
    func pad(_ level: Int) -> String { indent.map { newline + String(repeating: $0, count: level) } ?? "" }
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .number(let text): return text
    case .string(let text): return Self.quoted(text, asciiOnly: asciiOnly)
    case .array(let values):
      if values.isEmpty { return "[]" }
      let inner = values.map {
        pad(depth + 1) + $0.text(indent: indent, newline: newline, colon: colon, asciiOnly: asciiOnly, depth: depth + 1)
      }
      return "[" + inner.joined(separator: ",") + pad(depth) + "]"
    case .object(let members):
      if members.isEmpty { return "{}" }
      let inner = members.map { key, value in
        pad(depth + 1) + Self.quoted(key, asciiOnly: asciiOnly) + colon
          + value.text(indent: indent, newline: newline, colon: colon, asciiOnly: asciiOnly, depth: depth + 1)
      }
      return "{" + inner.joined(separator: ",") + pad(depth) + "}"
    }
  }

  static func quoted(_ text: String, asciiOnly: Bool) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case _ where scalar.value < 0x20 || (asciiOnly && scalar.value >= 0x80):
        if scalar.value > 0xFFFF {
          let value = scalar.value - 0x10000
          out += String(format: "\\u%04x\\u%04x", 0xD800 + (value >> 10), 0xDC00 + (value & 0x3FF))
        } else {
          out += String(format: "\\u%04x", scalar.value)
        }
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
