import Foundation

/// The one encoder of survey files (saves, imports, generated rounds, the UI's recovery copies):
/// `bytes` gives what `JSONEncoder` writes with `[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]` plus a newline.
///
/// JSONEncoder spends most of an import's time, so a fast writer covers the ordinary survey and
/// returns nil for anything unusual (unknown keys kept from a newer program, control characters,
/// service ids whose sort order could differ), which is then encoded with JSONEncoder.
/// A test checks the two agree on every sample survey.
public enum SurveyJSON {
  /// A survey file's bytes.
  public static func bytes(_ survey: Survey) -> [UInt8] {
    encode(survey) ?? reference(survey)
  }

  /// JSONEncoder's output, the fast writer's reference.
  static func reference(_ survey: Survey) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding a Survey cannot fail: every value is representable in JSON.
    return Array(try! encoder.encode(survey)) + [10]
  }

  static func encode(_ survey: Survey) -> [UInt8]? {
    guard survey.extra.isEmpty, survey.children.extra.isEmpty,
      survey.services.values.allSatisfy({ $0.extra.isEmpty })
    else { return nil }
    let serviceIds = survey.services.keys.sorted()
    // JSONEncoder sorts keys case-insensitively and numerically; for ids of letters only whose byte
    // order equals their lowercase order, that is plain sorting.
    guard serviceIds.allSatisfy({ $0.utf8.allSatisfy { Self.isLetter($0) } }),
      serviceIds.map({ $0.lowercased() }) == serviceIds.map({ $0.lowercased() }).sorted()
    else { return nil }

    var writer = Writer()
    writer.bytes.reserveCapacity(1024)
    writer.open("{")
    var first = true
    func key(_ name: String) {
      if !first { writer.raw(",\n") }
      first = false
      writer.indent()
      writer.string(name)
      writer.raw(" : ")
    }
    // Keys in sorted order; optional ones are left out when nil, as encodeIfPresent does.
    if let activity = survey.activity {
      key("activity")
      guard writer.string(activity.rawValue) else { return nil }
    }
    if let birthYear = survey.birthYear {
      key("birthYear")
      writer.raw(String(birthYear))
    }
    let childKeys = ["childWelfare", "contact", "custody", "hasChildren"].filter { survey.children[$0] != nil }
    if !childKeys.isEmpty {
      key("children")
      writer.object(childKeys.map { ($0, survey.children[$0]!) })
    }
    key("format")
    guard writer.string(survey.format) else { return nil }
    if let gender = survey.gender {
      key("gender")
      writer.string(gender.rawValue)
    }
    key("id")
    guard writer.string(survey.id) else { return nil }
    if let lar = survey.lar {
      key("lar")
      writer.raw(lar ? "true" : "false")
    }
    if let plans = survey.plans {
      key("plans")
      writer.array(plans.map(\.rawValue))
    }
    if let problemGroup = survey.problemGroup {
      key("problemGroup")
      writer.string(problemGroup.rawValue)
    }
    key("revision")
    writer.raw(String(survey.revision))
    key("scores")
    let scoreKeys = survey.scores.keys.map(\.rawValue).sorted { $0.lowercased() < $1.lowercased() }
    writer.stringObject(scoreKeys.map { ($0, survey.scores[Dimension(rawValue: $0)!]!.rawValue) })
    key("services")
    writer.nested(
      serviceIds.map { id in
        { (writer: inout Writer) in
          let answer = survey.services[id]!
          writer.object([("next12", answer.next12), ("now", answer.now)])
        }
      }, keys: serviceIds)
    key("status")
    writer.string(survey.status.rawValue)
    if let substances = survey.substances {
      key("substances")
      writer.array(substances.map(\.rawValue))
    }
    if let unit = survey.unit {
      key("unit")
      guard writer.string(unit) else { return nil }
    }
    key("updatedAt")
    guard writer.string(survey.updatedAt) else { return nil }
    if let violence = survey.violence {
      key("violence")
      writer.string(violence.rawValue)
    }
    writer.close("}")
    writer.raw("\n")
    return writer.bytes
  }

  static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }

  struct Writer {
    var bytes: [UInt8] = []
    var depth = 0

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func indent() {
      for _ in 0..<depth {
        bytes.append(32)
        bytes.append(32)
      }
    }

    mutating func open(_ bracket: String) {
      raw(bracket + "\n")
      depth += 1
    }

    mutating func close(_ bracket: String) {
      raw("\n")
      depth -= 1
      indent()
      raw(bracket)
    }

    /// A quoted string; false (nothing usable written) if it holds characters this writer leaves
    /// to JSONEncoder.
    @discardableResult
    mutating func string(_ text: String) -> Bool {
      bytes.append(34)
      for byte in text.utf8 {
        if byte < 0x20 { return false }
        if byte == 34 || byte == 92 { bytes.append(92) }
        bytes.append(byte)
      }
      bytes.append(34)
      return true
    }

    mutating func array(_ values: [String]) {
      open("[")
      for (position, value) in values.enumerated() {
        if position > 0 { raw(",\n") }
        indent()
        string(value)
      }
      close("]")
    }

    mutating func object(_ pairs: [(String, Bool)]) {
      open("{")
      for (position, pair) in pairs.enumerated() {
        if position > 0 { raw(",\n") }
        indent()
        string(pair.0)
        raw(pair.1 ? " : true" : " : false")
      }
      close("}")
    }

    mutating func stringObject(_ pairs: [(String, String)]) {
      open("{")
      for (position, pair) in pairs.enumerated() {
        if position > 0 { raw(",\n") }
        indent()
        string(pair.0)
        raw(" : ")
        string(pair.1)
      }
      close("}")
    }

    mutating func nested(_ values: [(inout Writer) -> Void], keys: [String]) {
      open("{")
      for (position, write) in values.enumerated() {
        if position > 0 { raw(",\n") }
        indent()
        string(keys[position])
        raw(" : ")
        write(&self)
      }
      close("}")
    }
  }
}
