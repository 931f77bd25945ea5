import Foundation

/// One thing wrong with one field of one record. `field` is the key path in the file format
/// ("scores.housing", "services.socialServices.now"), so a message can name exactly what to fix.
public struct FieldProblem: Hashable, Sendable, CustomStringConvertible {
  public var field: String
  public var message: String

  public init(_ field: String, _ message: String) {
    self.field = TextSafety.withoutControlCharacters(Redaction.identityNumbers(in: field))
    self.message = TextSafety.withoutControlCharacters(Redaction.identityNumbers(in: message))
  }

  public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

/// Something wrong with one file of a store: the file and every problem found in it.
public struct FileProblem: Error, Hashable, Sendable, CustomStringConvertible {
  public var path: String
  public var problems: [FieldProblem]

  public init(path: String, problems: [FieldProblem]) {
    self.path = TextSafety.withoutControlCharacters(path)
    self.problems = problems
  }

  public init(path: String, _ message: String) {
    self.init(path: path, problems: [FieldProblem("", message)])
  }

  public var description: String {
    problems.map { "\(path): \($0)" }.joined(separator: "\n")
  }
}

extension DecodingError {
  /// The key path and a plain-English reason, without Swift type names.
  var fieldProblem: FieldProblem {
    func path(_ context: Context, _ last: CodingKey? = nil) -> String {
      var keys = context.codingPath
      if let last { keys.append(last) }
      return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }
    switch self {
    case .keyNotFound(let key, let context):
      return FieldProblem(path(context, key), "is required but missing")
    case .typeMismatch(let type, let context):
      return FieldProblem(path(context), "has the wrong type (expected \(Self.jsonTypeName(type)))")
    case .valueNotFound(let type, let context):
      return FieldProblem(path(context), "is null (expected \(Self.jsonTypeName(type)))")
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty {
        return FieldProblem("", "is not valid JSON")
      }
      return FieldProblem(path(context), Self.plainReason(context.debugDescription))
    @unknown default:
      return FieldProblem("", "could not be read")
    }
  }

  /// The decoder's reason without Swift type names, and never a whole (possibly huge) value.
  static func plainReason(_ text: String) -> String {
    if let range = text.range(of: "from invalid String value ") {
      return "unknown value \"\(text[range.upperBound...].prefix(40))\""
    }
    return String(text.prefix(200))
  }

  static func jsonTypeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int.Type, is Double.Type: "a number"
    case is Bool.Type: "true or false"
    case is [Any].Type: "a list"
    default: "an object"
    }
  }
}
