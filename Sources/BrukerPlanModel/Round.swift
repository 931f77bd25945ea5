import Foundation

/// One municipality's mapping in one year: round.json (spec section 3).
public struct Round: Codable, Hashable, Sendable {
  public static let format = "brukerplan-round/1"

  public struct Municipality: Codable, Hashable, Sendable {
    public var code: String
    public var name: String
    public var extra: [String: JSONValue] = [:]

    public init(code: String, name: String) {
      self.code = code
      self.name = name
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case code, name }

    public init(from decoder: Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      code = try container.decode(String.self, forKey: .code)
      name = try container.decode(String.self, forKey: .name)
      extra = try decoder.unknownKeys(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(code, forKey: .code)
      try container.encode(name, forKey: .name)
      try encoder.encodeUnknownKeys(extra)
    }
  }

  /// Residents, for prevalence per 1000. Every figure is optional.
  public struct Population: Codable, Hashable, Sendable {
    public var total: Int?
    public var age16plus: Int?
    public var age18plus: Int?
    public var extra: [String: JSONValue] = [:]

    public init(total: Int? = nil, age16plus: Int? = nil, age18plus: Int? = nil) {
      self.total = total
      self.age16plus = age16plus
      self.age18plus = age18plus
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case total, age16plus, age18plus }

    public init(from decoder: Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      total = try container.decodeIfPresent(Int.self, forKey: .total)
      age16plus = try container.decodeIfPresent(Int.self, forKey: .age16plus)
      age18plus = try container.decodeIfPresent(Int.self, forKey: .age18plus)
      extra = try decoder.unknownKeys(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encodeIfPresent(total, forKey: .total)
      try container.encodeIfPresent(age16plus, forKey: .age16plus)
      try container.encodeIfPresent(age18plus, forKey: .age18plus)
      try encoder.encodeUnknownKeys(extra)
    }
  }

  /// A registering unit: NAV, substance services, mental-health services, ...
  public struct Unit: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var kind: UnitKind
    public var extra: [String: JSONValue] = [:]

    public init(id: String, name: String, kind: UnitKind) {
      self.id = id
      self.name = name
      self.kind = kind
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, kind }

    public init(from decoder: Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      id = try container.decode(String.self, forKey: .id)
      name = try container.decode(String.self, forKey: .name)
      kind = try container.decode(UnitKind.self, forKey: .kind)
      extra = try decoder.unknownKeys(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(name, forKey: .name)
      try container.encode(kind, forKey: .kind)
      try encoder.encodeUnknownKeys(extra)
    }
  }

  public var format: String
  public var municipality: Municipality
  public var year: Int
  public var population: Population?
  public var deadline: String?
  public var status: RoundStatus
  public var units: [Unit]
  /// The round's own catalogue; nil means the default catalogue of spec section 6.
  public var services: [CatalogueService]?
  public var extra: [String: JSONValue] = [:]

  public init(
    municipality: Municipality, year: Int, population: Population? = nil,
    deadline: String? = nil, status: RoundStatus = .open, units: [Unit],
    services: [CatalogueService]? = nil
  ) {
    self.format = Round.format
    self.municipality = municipality
    self.year = year
    self.population = population
    self.deadline = deadline
    self.status = status
    self.units = units
    self.services = services
  }

  public var catalogue: ServiceCatalogue {
    services.map(ServiceCatalogue.init) ?? .standard
  }

  public func unit(_ id: String) -> Unit? { units.first { $0.id == id } }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case format, municipality, year, population, deadline, status, units, services
  }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    format = try container.decode(String.self, forKey: .format)
    municipality = try container.decode(Municipality.self, forKey: .municipality)
    year = try container.decode(Int.self, forKey: .year)
    population = try container.decodeIfPresent(Population.self, forKey: .population)
    deadline = try container.decodeIfPresent(String.self, forKey: .deadline)
    status = try container.decode(RoundStatus.self, forKey: .status)
    units = try container.decode([Unit].self, forKey: .units)
    services = try container.decodeIfPresent([CatalogueService].self, forKey: .services)
    extra = try decoder.unknownKeys(known: Set(CodingKeys.allCases.map(\.rawValue)))
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(format, forKey: .format)
    try container.encode(municipality, forKey: .municipality)
    try container.encode(year, forKey: .year)
    try container.encodeIfPresent(population, forKey: .population)
    try container.encodeIfPresent(deadline, forKey: .deadline)
    try container.encode(status, forKey: .status)
    try container.encode(units, forKey: .units)
    try container.encodeIfPresent(services, forKey: .services)
    try encoder.encodeUnknownKeys(extra)
  }

  /// Every problem with this round.json's content, each naming its field.
  public func validate() -> [FieldProblem] {
    var problems: [FieldProblem] = []
    if format != Round.format {
      problems.append(FieldProblem("format", "must be \"\(Round.format)\", found \"\(format.prefix(40))\""))
    }
    if municipality.code.isEmpty || municipality.code.count > 16 {
      problems.append(FieldProblem("municipality.code", "must be 1 to 16 characters"))
    }
    if municipality.name.trimmingCharacters(in: .whitespaces).isEmpty {
      problems.append(FieldProblem("municipality.name", "must not be empty"))
    }
    if !(1990...2200).contains(year) {
      problems.append(FieldProblem("year", "must be a year between 1990 and 2200, found \(year)"))
    }
    if let population {
      for (key, value) in [
        ("total", population.total), ("age16plus", population.age16plus),
        ("age18plus", population.age18plus),
      ] {
        if let value, value <= 0 {
          problems.append(FieldProblem("population.\(key)", "must be a positive number"))
        }
      }
    }
    if let deadline, !ISODate.isValidDay(deadline) {
      problems.append(FieldProblem("deadline", "must be a date as YYYY-MM-DD, found \"\(deadline.prefix(40))\""))
    }
    if units.isEmpty {
      problems.append(FieldProblem("units", "must list at least one registering unit"))
    }
    var seenUnits = Set<String>()
    for (index, unit) in units.enumerated() {
      if unit.id.isEmpty {
        problems.append(FieldProblem("units[\(index)].id", "must not be empty"))
      } else if !seenUnits.insert(unit.id).inserted {
        problems.append(FieldProblem("units[\(index)].id", "\"\(unit.id.prefix(40))\" is listed twice"))
      }
    }
    if let services {
      var seen = Set<String>()
      for (index, service) in services.enumerated() {
        if !ServiceIdentifier.isValid(service.id) {
          problems.append(
            FieldProblem("services[\(index)].id", "must be letters and digits, found \"\(service.id.prefix(40))\""))
        } else if !seen.insert(service.id).inserted {
          problems.append(FieldProblem("services[\(index)].id", "\"\(service.id)\" is listed twice"))
        }
      }
    }
    return problems
  }
}

enum ServiceIdentifier {
  static func isValid(_ id: String) -> Bool {
    !id.isEmpty && id.count <= 64
      && id.unicodeScalars.allSatisfy {
        $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-")
      }
  }
}

/// Calendar days and UTC timestamps as the file format writes them.
public enum ISODate {
  public static func isValidDay(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return false }
    return CalendarDay.isValid(year: year, month: month, day: day)
  }

  /// Now, as "2024-11-20T10:15:00Z".
  public static func timestamp(_ date: Date = Date()) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
    return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
  }
}

enum CalendarDay {
  static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

  static func isValid(year: Int, month: Int, day: Int) -> Bool {
    guard (1...12).contains(month), day >= 1 else { return false }
    let lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= lengths[month - 1]
  }
}
