import Foundation

/// Children under 18 (spec section 4). Each answer is optional while the survey is a draft.
public struct Children: Hashable, Sendable {
  public var hasChildren: Bool?
  public var custody: Bool?
  public var contact: Bool?
  public var childWelfare: Bool?
  public var extra: [String: JSONValue] = [:]

  public init(hasChildren: Bool? = nil, custody: Bool? = nil, contact: Bool? = nil, childWelfare: Bool? = nil) {
    self.hasChildren = hasChildren
    self.custody = custody
    self.contact = contact
    self.childWelfare = childWelfare
  }

  /// The keys of the four questions, in the file's order.
  public static let keys = ChildrenKey.allCases.map(\.rawValue)

  public subscript(key: String) -> Bool? {
    get {
      switch key {
      case "hasChildren": hasChildren
      case "custody": custody
      case "contact": contact
      case "childWelfare": childWelfare
      default: nil
      }
    }
    set {
      switch key {
      case "hasChildren": hasChildren = newValue
      case "custody": custody = newValue
      case "contact": contact = newValue
      case "childWelfare": childWelfare = newValue
      default: break
      }
    }
  }

  public var isEmpty: Bool { Children.keys.allSatisfy { self[$0] == nil } && extra.isEmpty }
}

/// Whether a person has a service now and is expected to have or need it in the next 12 months.
public struct ServiceAnswer: Hashable, Sendable {
  public var now: Bool
  public var next12: Bool
  public var extra: [String: JSONValue] = [:]

  public init(now: Bool = false, next12: Bool = false) {
    self.now = now
    self.next12 = next12
  }
}

/// One person in one round: surveys/<id>.json (spec section 4).
///
/// Loading is forgiving: a field with a wrong type or an unknown value is left empty and recorded
/// in `decodingProblems`, so validation can report every problem of a file at once.
public struct Survey: Hashable, Sendable {
  public static let format = "brukerplan-survey/1"

  public var format: String = Survey.format
  public var id: String
  public var revision: Int = 1
  public var updatedAt: String = ""
  public var unit: String?
  public var status: SurveyStatus = .draft
  public var birthYear: Int?
  public var gender: Gender?
  public var problemGroup: ProblemGroup?
  public var scores: [Dimension: Score] = [:]
  /// nil: not answered yet; empty: answered "none".
  public var substances: [Substance]?
  public var lar: Bool?
  public var plans: [Plan]?
  public var children = Children()
  public var activity: Activity?
  public var violence: Violence?
  public var services: [String: ServiceAnswer] = [:]
  /// Keys a newer program wrote; kept on save.
  public var extra: [String: JSONValue] = [:]
  /// Fields that could not be read as their type or vocabulary; never written.
  public var decodingProblems: [FieldProblem] = []

  public init(id: String) { self.id = id }

  public func answer(_ serviceId: String) -> ServiceAnswer { services[serviceId] ?? ServiceAnswer() }

  /// The overall index, once all eight dimensions are scored.
  public var index: IndexCategory? {
    let values = Dimension.allCases.compactMap { scores[$0] }
    return values.count == Dimension.allCases.count ? IndexCategory.classify(values) : nil
  }

  public func age(inYear year: Int) -> Int? { birthYear.map { year - $0 } }
}

// MARK: - JSON

extension Survey: Codable {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case format, id, revision, updatedAt, unit, status, birthYear, gender, problemGroup, scores,
      substances, lar, plans, children, activity, violence, services
  }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    var reader = LenientReader(container: container)
    format = reader.required(String.self, .format) ?? ""
    id = reader.required(String.self, .id) ?? ""
    revision = reader.required(Int.self, .revision) ?? 0
    updatedAt = reader.optional(String.self, .updatedAt) ?? ""
    unit = reader.optional(String.self, .unit)
    status = reader.vocabulary(SurveyStatus.self, .status) ?? .draft
    if !container.contains(.status) { reader.problems.append(FieldProblem("status", "is required but missing")) }
    birthYear = reader.optional(Int.self, .birthYear)
    gender = reader.vocabulary(Gender.self, .gender)
    problemGroup = reader.vocabulary(ProblemGroup.self, .problemGroup)
    scores = reader.scores()
    substances = reader.vocabularyList(Substance.self, .substances)
    lar = reader.optional(Bool.self, .lar)
    plans = reader.vocabularyList(Plan.self, .plans)
    children = reader.children()
    activity = reader.vocabulary(Activity.self, .activity)
    violence = reader.vocabulary(Violence.self, .violence)
    services = reader.services()
    extra = try decoder.unknownKeys(known: Set(CodingKeys.allCases.map(\.rawValue)))
    decodingProblems = reader.problems
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(format, forKey: .format)
    try container.encode(id, forKey: .id)
    try container.encode(revision, forKey: .revision)
    try container.encode(updatedAt, forKey: .updatedAt)
    try container.encodeIfPresent(unit, forKey: .unit)
    try container.encode(status, forKey: .status)
    try container.encodeIfPresent(birthYear, forKey: .birthYear)
    try container.encodeIfPresent(gender, forKey: .gender)
    try container.encodeIfPresent(problemGroup, forKey: .problemGroup)
    try container.encode(
      Dictionary(uniqueKeysWithValues: scores.map { ($0.key.rawValue, $0.value) }), forKey: .scores)
    try container.encodeIfPresent(substances, forKey: .substances)
    try container.encodeIfPresent(lar, forKey: .lar)
    try container.encodeIfPresent(plans, forKey: .plans)
    var childrenObject = children.extra
    for key in Children.keys {
      if let value = children[key] { childrenObject[key] = .bool(value) }
    }
    if !childrenObject.isEmpty { try container.encode(childrenObject, forKey: .children) }
    try container.encodeIfPresent(activity, forKey: .activity)
    try container.encodeIfPresent(violence, forKey: .violence)
    var servicesObject: [String: JSONValue] = [:]
    for (serviceId, answer) in services {
      var object = answer.extra
      object["now"] = .bool(answer.now)
      object["next12"] = .bool(answer.next12)
      servicesObject[serviceId] = .object(object)
    }
    try container.encode(servicesObject, forKey: .services)
    try encoder.encodeUnknownKeys(extra)
  }
}

/// Reads fields one by one, turning each failure into a problem instead of an error.
private struct LenientReader {
  typealias Key = Survey.CodingKeys
  let container: KeyedDecodingContainer<Key>
  var problems: [FieldProblem] = []

  mutating func required<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
    if !container.contains(key) {
      problems.append(FieldProblem(key.rawValue, "is required but missing"))
      return nil
    }
    return optional(type, key)
  }

  mutating func optional<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
    guard container.contains(key) else { return nil }
    if (try? container.decodeNil(forKey: key)) == true { return nil }
    do {
      return try container.decode(type, forKey: key)
    } catch {
      problems.append(FieldProblem(key.rawValue, "has the wrong type (expected \(DecodingError.jsonTypeName(type)))"))
      return nil
    }
  }

  mutating func vocabulary<V: Vocabulary>(_ type: V.Type, _ key: Key) -> V? {
    guard let text = optional(String.self, key) else { return nil }
    guard let value = V(rawValue: text) else {
      problems.append(FieldProblem(key.rawValue, "unknown value \"\(text.prefix(40))\" (allowed: \(V.allowedValues))"))
      return nil
    }
    return value
  }

  mutating func vocabularyList<V: Vocabulary>(_ type: V.Type, _ key: Key) -> [V]? {
    guard let texts = optional([String].self, key) else { return nil }
    var values: [V] = []
    for (index, text) in texts.enumerated() {
      if let value = V(rawValue: text) {
        if values.contains(value) {
          problems.append(FieldProblem("\(key.rawValue)[\(index)]", "\"\(text)\" is listed twice"))
        } else {
          values.append(value)
        }
      } else {
        problems.append(
          FieldProblem(
            "\(key.rawValue)[\(index)]", "unknown value \"\(text.prefix(40))\" (allowed: \(V.allowedValues))"))
      }
    }
    return values
  }

  mutating func scores() -> [Dimension: Score] {
    guard let raw = optional([String: JSONValue].self, .scores) else { return [:] }
    var scores: [Dimension: Score] = [:]
    for (key, value) in raw {
      guard let dimension = Dimension(rawValue: key) else {
        problems.append(
          FieldProblem("scores.\(key.prefix(40))", "unknown dimension (allowed: \(Dimension.allowedValues))"))
        continue
      }
      if case .null = value { continue }
      guard case .string(let text) = value, let score = Score(rawValue: text) else {
        problems.append(FieldProblem("scores.\(key)", "must be green, yellow or red"))
        continue
      }
      scores[dimension] = score
    }
    return scores
  }

  mutating func children() -> Children {
    guard let raw = optional([String: JSONValue].self, .children) else { return Children() }
    var children = Children()
    for (key, value) in raw {
      guard Children.keys.contains(key) else {
        children.extra[key] = value
        continue
      }
      switch value {
      case .bool(let flag): children[key] = flag
      case .null: break
      default: problems.append(FieldProblem("children.\(key)", "must be true or false"))
      }
    }
    return children
  }

  mutating func services() -> [String: ServiceAnswer] {
    guard let raw = optional([String: JSONValue].self, .services) else { return [:] }
    var services: [String: ServiceAnswer] = [:]
    for (serviceId, value) in raw {
      guard case .object(let object) = value else {
        problems.append(FieldProblem("services.\(serviceId.prefix(64))", "must be an object with now and next12"))
        continue
      }
      var answer = ServiceAnswer()
      for (key, flag) in object {
        switch (key, flag) {
        case ("now", .bool(let value)): answer.now = value
        case ("next12", .bool(let value)): answer.next12 = value
        case ("now", _), ("next12", _):
          problems.append(FieldProblem("services.\(serviceId.prefix(64)).\(key)", "must be true or false"))
        default: answer.extra[key] = flag
        }
      }
      services[serviceId] = answer
    }
    return services
  }
}

/// The four questions about children under 18: the form's questions, the file's keys, the
/// report's rows. The one list of them; `Children.keys` are its raw values.
public enum ChildrenKey: String, Vocabulary {
  case hasChildren, custody, contact, childWelfare

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.hasChildren, .norwegian): "Har barn under 18 år"
    case (.custody, .norwegian): "Har omsorg for barn"
    case (.contact, .norwegian): "Har samvær med barn"
    case (.childWelfare, .norwegian): "Barnevernet er involvert"
    case (.hasChildren, .english): "Has children under 18"
    case (.custody, .english): "Has care of children"
    case (.contact, .english): "Has contact with children"
    case (.childWelfare, .english): "Child welfare involved"
    }
  }

  func value(in children: Children) -> Bool? {
    switch self {
    case .hasChildren: children.hasChildren
    case .custody: children.custody
    case .contact: children.contact
    case .childWelfare: children.childWelfare
    }
  }
}
