import Foundation

/// Any JSON value. Used to carry keys this version does not know through load and save,
/// so that fields written by a newer program survive an older one.
public enum JSONValue: Codable, Hashable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value):
      if value.rounded() == value, abs(value) < 1e15 {
        try container.encode(Int64(value))
      } else {
        try container.encode(value)
      }
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }
}

/// A coding key for any string, used to find and write keys outside a type's own CodingKeys.
struct AnyCodingKey: CodingKey {
  let stringValue: String
  var intValue: Int? { nil }
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

extension Decoder {
  /// Every key of this object that is not in `known`, with its value.
  func unknownKeys(known: Set<String>) throws -> [String: JSONValue] {
    let container = try self.container(keyedBy: AnyCodingKey.self)
    var extra: [String: JSONValue] = [:]
    for key in container.allKeys where !known.contains(key.stringValue) {
      extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
    }
    return extra
  }
}

extension Encoder {
  func encodeUnknownKeys(_ extra: [String: JSONValue]) throws {
    guard !extra.isEmpty else { return }
    var container = self.container(keyedBy: AnyCodingKey.self)
    for (key, value) in extra {
      try container.encode(value, forKey: AnyCodingKey(key))
    }
  }
}
