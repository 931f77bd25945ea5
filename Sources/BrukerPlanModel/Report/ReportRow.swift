/// What the report engine counts of one survey, packed into a few words instead of a Survey's
/// dictionaries and strings. Every report goes through rows: made from a `Survey`, or straight
/// from the round index's records (`SurveyLoader.loadRows`), so a national report never builds
/// 100,000 Surveys.
public struct ReportRow: Sendable, Hashable {
  var complete = false
  /// Position in the round's units; `noUnit`, or `otherUnit` for an id the round does not list.
  var unit: Int32 = ReportRow.noUnit
  var otherUnit: String? = nil
  var birthYear: Int? = nil
  /// Each answer's position in its vocabulary's `allCases`, plus one; 0 when not answered.
  var gender: UInt8 = 0
  var problemGroup: UInt8 = 0
  var activity: UInt8 = 0
  var violence: UInt8 = 0
  /// Two bits per dimension in `Dimension.allCases` order: 0 not scored, else the score's
  /// position in `Score.allCases` plus one.
  var scores: UInt32 = 0
  /// One bit per value in `allCases` order; nil when not answered.
  var substances: UInt16? = nil
  var plans: UInt16? = nil
  var lar = false
  /// One bit per `ChildrenKey` answered true.
  var children: UInt8 = 0
  /// Bits by position in the round's catalogue (the first 64 services).
  var servicesNow: UInt64 = 0
  var servicesNext: UInt64 = 0
  /// Answers for ids beyond the first 64 of the round's catalogue or not in it at all.
  var otherServices: [String: ServiceAnswer] = [:]

  static let noUnit: Int32 = -1
  static let otherUnitPosition: Int32 = -2

  init() {}

  /// The row of `survey` in `round`, with the positions of its units and services.
  init(_ survey: Survey, places: RoundPlaces) {
    complete = survey.status == .complete
    if let unit = survey.unit {
      if let position = places.units[unit] {
        self.unit = Int32(position)
      } else {
        self.unit = Self.otherUnitPosition
        otherUnit = unit
      }
    }
    birthYear = survey.birthYear
    gender = Self.position(survey.gender)
    problemGroup = Self.position(survey.problemGroup)
    activity = Self.position(survey.activity)
    violence = Self.position(survey.violence)
    for (dimension, score) in survey.scores {
      scores |= UInt32(Self.position(score)) << UInt32(2 * places.dimension[dimension]!)
    }
    substances = survey.substances.map(Self.bits)
    plans = survey.plans.map(Self.bits)
    lar = survey.lar == true
    for (position, key) in ReportEngine.childrenKeys.enumerated() where key.value(in: survey.children) == true {
      children |= 1 << UInt8(position)
    }
    for (id, answer) in survey.services {
      guard let position = places.services[id], position < 64 else {
        otherServices[id] = answer
        continue
      }
      let bit: UInt64 = 1 << UInt64(position)
      if answer.now { servicesNow |= bit }
      if answer.next12 { servicesNext |= bit }
    }
  }

  static func position<V: Vocabulary>(_ value: V?) -> UInt8 {
    value.map { UInt8(V.allCases.firstIndex(of: $0)! + 1) } ?? 0
  }

  static func bits<V: Vocabulary>(_ values: [V]) -> UInt16 {
    values.reduce(0) { $0 | 1 << UInt16(V.allCases.firstIndex(of: $1)!) }
  }

  /// The score of the dimension at `position` in `Dimension.allCases`: 0 not scored, else the
  /// score's position plus one.
  @inline(__always)
  func score(at position: Int) -> Int { Int(scores >> UInt32(2 * position) & 3) }

  /// All eight dimensions scored.
  var fullyScored: Bool { (scores | scores >> 1) & 0x5555 == 0x5555 }
}

/// A round's units and catalogue services by id, for making rows.
public struct RoundPlaces: Sendable {
  var units: [String: Int] = [:]
  var services: [String: Int] = [:]
  let dimension = Dictionary(uniqueKeysWithValues: Dimension.allCases.enumerated().map { ($1, $0) })

  public init(_ round: Round) {
    for (position, unit) in round.units.enumerated() where units[unit.id] == nil { units[unit.id] = position }
    for (position, id) in round.catalogue.ids.enumerated() where services[id] == nil { services[id] = position }
  }
}

/// Where one round's rows are counted: its catalogue positions as slots of the report's
/// catalogue, and its rows' breakdown groups.
struct RowSlots {
  static let points = Score.allCases.map(\.points)
  /// Each dimension's first slot in `ReportFigures.dimensions`, in `Dimension.allCases` order.
  static let dimensionBase = Dimension.allCases.map { ReportEngine.position($0) * Score.allCases.count }
  static let female = ReportRow.position(Gender.female)

  /// The report's slot of each of the round's first 64 catalogue services.
  let services: [Int?]
  /// The report's slot of every service id.
  let serviceSlot: [String: Int]
  private let breakdown: BreakdownKey?
  private let groupSlot: [String: Int]
  /// The group of each vocabulary position (gender, age band or problem group) or unit position.
  private let groups: [Int?]
  private let municipalityGroup: Int?

  init(round: Round, serviceSlot: [String: Int], breakdown: BreakdownKey?, groupSlot: [String: Int]) {
    services = round.catalogue.ids.prefix(64).map { serviceSlot[$0] }
    self.serviceSlot = serviceSlot
    self.breakdown = breakdown
    self.groupSlot = groupSlot
    switch breakdown {
    case .gender: groups = Gender.allCases.map { groupSlot[$0.rawValue] }
    case .ageBand: groups = AgeBand.allCases.map { groupSlot[$0.rawValue] }
    case .problemGroup: groups = ProblemGroup.allCases.map { groupSlot[$0.rawValue] }
    case .unit: groups = round.units.map { groupSlot[$0.id] }
    case .municipality, nil: groups = []
    }
    municipalityGroup = groupSlot[round.municipality.code]
  }

  /// The breakdown group a complete row is counted in, if any.
  func group(of row: borrowing ReportRow, year: Int) -> Int? {
    switch breakdown {
    case nil: return nil
    case .gender: return row.gender == 0 ? nil : groups[Int(row.gender) - 1]
    case .problemGroup: return row.problemGroup == 0 ? nil : groups[Int(row.problemGroup) - 1]
    case .ageBand:
      guard let birthYear = row.birthYear else { return nil }
      return groups[ReportEngine.ageBandList.firstIndex(of: AgeBand(age: year - birthYear))!]
    case .unit:
      if row.unit >= 0 { return groups[Int(row.unit)] }
      return row.otherUnit.flatMap { groupSlot[$0] }
    case .municipality: return municipalityGroup
    }
  }
}
