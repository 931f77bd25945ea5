import Foundation

/// Cheap checks of a JSON file's raw bytes before it is decoded: valid UTF-8, nesting depth,
/// string length, entries per list or object, and duplicate keys. A hostile or damaged file then
/// gets a clear message naming its field instead of a deep recursion in the decoder, a huge
/// string echoed into an error, or a silent choice between two values of one key.
public struct JSONLimits: Sendable {
  public var maximumDepth: Int
  public var maximumStringBytes: Int
  public var maximumEntries: Int
  /// Key paths whose value must be written as a plain integer: the decoder would take 19.8e2 or
  /// 1980.0 for 1980, and such a file is not one the program wrote.
  public var integerKeys: Set<String>

  public init(maximumDepth: Int, maximumStringBytes: Int, maximumEntries: Int, integerKeys: Set<String> = []) {
    self.maximumDepth = maximumDepth
    self.maximumStringBytes = maximumStringBytes
    self.maximumEntries = maximumEntries
    self.integerKeys = integerKeys
  }

  /// A survey nests 3 levels; its longest list is the service map.
  public static let survey = JSONLimits(
    maximumDepth: 32, maximumStringBytes: 16 << 10, maximumEntries: 1_000, integerKeys: ["revision", "birthYear"])
  /// A round lists its units and its service catalogue.
  public static let round = JSONLimits(
    maximumDepth: 32, maximumStringBytes: 64 << 10, maximumEntries: 10_000,
    integerKeys: ["year", "population.total", "population.age16plus", "population.age18plus"])

  /// One open list or object while scanning.
  private struct Level {
    var isObject: Bool
    var entries = 0
    var expectsKey: Bool
    var key: [UInt8] = []
    var keys: Set<[UInt8]> = []
  }

  /// The first limit `bytes` breaks, naming the field where it is; nil when all hold.
  /// Syntax errors are left to the decoder, which reports them.
  public func check(_ bytes: [UInt8]) -> FieldProblem? {
    if String(validating: bytes, as: UTF8.self) == nil {
      return FieldProblem("", "is not valid UTF-8 text (bad byte at offset \(Self.firstInvalidUTF8(bytes) ?? 0))")
    }
    return bytes.withUnsafeBufferPointer { scan($0) }
  }

  private func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> FieldProblem? {
    var stack: [Level] = []
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
          end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
        }
        let length = min(end, bytes.count) - start
        if length > maximumStringBytes {
          return FieldProblem(
            Self.path(stack), "holds a text of \(length) bytes, more than the limit of \(maximumStringBytes)")
        }
        if let last = stack.indices.last, stack[last].isObject, stack[last].expectsKey {
          let key = Self.unescapedKey(bytes[start..<min(end, bytes.count)])
          stack[last].key = key
          stack[last].expectsKey = false
          if !stack[last].keys.insert(key).inserted {
            return FieldProblem(Self.path(stack), "appears twice in the same object; keep one")
          }
          if let problem = countEntry(&stack, isKey: true) { return problem }
        } else if let problem = countEntry(&stack) {
          return problem
        }
        index = end + 1
        continue
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        if let problem = countEntry(&stack) { return problem }
        guard stack.count < maximumDepth else {
          return FieldProblem(Self.path(stack), "nests deeper than \(maximumDepth) levels")
        }
        let isObject = byte == UInt8(ascii: "{")
        stack.append(Level(isObject: isObject, expectsKey: isObject))
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        // JSON has no trailing comma; a decoder that takes one reads a file no writer made.
        if Self.previousSignificantByte(bytes, before: index) == UInt8(ascii: ",") {
          return FieldProblem(Self.path(stack), "has a comma before its closing bracket; remove it")
        }
        if !stack.isEmpty { stack.removeLast() }
      case UInt8(ascii: ","):
        if let last = stack.indices.last, stack[last].isObject { stack[last].expectsKey = true }
      case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: ":"):
        break
      default:
        // The first byte of a number, true, false or null: one entry of its list.
        if index == 0 || !Self.isScalarByte(bytes[index - 1]) {
          if let problem = countEntry(&stack) { return problem }
          if let problem = checkInteger(bytes, at: index, stack) { return problem }
        }
      }
      index += 1
    }
    return nil
  }

  /// A number under one of `integerKeys` must be -?digits, nothing more.
  private func checkInteger(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ stack: [Level]) -> FieldProblem? {
    let first = bytes[index]
    guard !integerKeys.isEmpty, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
      let last = stack.last, last.isObject, integerKeys.contains(Self.path(stack))
    else { return nil }
    var end = index
    while end < bytes.count, Self.isScalarByte(bytes[end]) { end += 1 }
    let token = bytes[index..<end]
    let digits = token.first == UInt8(ascii: "-") ? token.dropFirst() : token[...]
    guard digits.isEmpty || !digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
      return nil
    }
    let found = String(decoding: token.prefix(20), as: UTF8.self)
    return FieldProblem(Self.path(stack), "must be a whole number written as digits, found \(found)")
  }

  /// A key as the decoder sees it: "\u0075nit" is "unit", so it is a duplicate of "unit".
  private static func unescapedKey(_ raw: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8] {
    guard raw.contains(UInt8(ascii: "\\")),
      let text = try? JSONDecoder().decode(String.self, from: Data([UInt8(ascii: "\"")] + raw + [UInt8(ascii: "\"")]))
    else { return Array(raw) }
    return Array(text.utf8)
  }

  private static func previousSignificantByte(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int) -> UInt8? {
    var position = index - 1
    while position >= 0 {
      switch bytes[position] {
      case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position -= 1
      default: return bytes[position]
      }
    }
    return nil
  }

  /// Counts an entry of the innermost list or object: a list counts its values, an object its keys.
  private func countEntry(_ stack: inout [Level], isKey: Bool = false) -> FieldProblem? {
    guard let last = stack.indices.last, stack[last].isObject == isKey else { return nil }
    stack[last].entries += 1
    guard stack[last].entries <= maximumEntries else {
      return FieldProblem(Self.path(stack.dropLast()), "has more than \(maximumEntries) entries")
    }
    return nil
  }

  private static func isScalarByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
      true
    default: false
    }
  }

  /// The key path of the innermost open object, as FieldProblem writes it ("services.socialServices").
  private static func path(_ stack: some Sequence<Level>) -> String {
    var parts: [String] = []
    for level in stack {
      if level.isObject {
        if !level.key.isEmpty { parts.append(String(decoding: level.key.prefix(64), as: UTF8.self)) }
      } else {
        parts.append("[\(max(level.entries - 1, 0))]")
      }
    }
    return parts.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
  }

  /// The offset of the first byte that breaks UTF-8, or nil when the text is valid.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        offset += UTF8.width(scalar)
      case .emptyInput:
        return nil
      case .error:
        return offset
      }
    }
  }
}
