/// One round's surveys as the report engine reads them.
public struct ReportInput: Sendable {
  public var round: Round
  /// The surveys; empty when the input holds only `rows` (see `init(rows:)`).
  public var surveys: [Survey]
  /// Survey files that could not be read and were left out.
  public var skippedInvalid: Int
  /// What the engine counts, made without Surveys; nil: made from `surveys`.
  var rows: [ReportRow]?

  public init(round: Round, surveys: [Survey], skippedInvalid: Int = 0) {
    self.round = round
    self.surveys = surveys
    self.skippedInvalid = skippedInvalid
  }

  public init(_ loaded: LoadedRound) {
    self.init(round: loaded.round, surveys: loaded.surveys, skippedInvalid: loaded.invalid.count)
  }

  /// Figures only: for `report`, which needs no survey itself. `surveys` stays empty, so the
  /// panel of `compare` needs `init(_: LoadedRound)`.
  public init(rows loaded: LoadedRows) {
    self.init(round: loaded.round, surveys: [], skippedInvalid: loaded.invalid.count)
    rows = loaded.rows
  }

  /// Calls `body` with every row, made from the surveys when there are no rows yet.
  func forEachRow(_ body: (borrowing ReportRow) -> Void) {
    if let rows {
      for row in rows { body(row) }
      return
    }
    let places = RoundPlaces(round)
    for survey in surveys { body(ReportRow(survey, places: places)) }
  }
}

/// Computes every figure of spec section 8 in one pass over the surveys.
public enum ReportEngine {
  static let dimensionList = Dimension.allCases
  static let childrenKeys = ChildrenKey.allCases
  // Cached so the per-survey loop does not build the case lists again.
  static let ageBandList = AgeBand.allCases
  static let problemGroupList = ProblemGroup.allCases
  static let planList = Plan.allCases
  static let substanceList = Substance.allCases
  static let activityList = Activity.allCases
  static let violenceList = Violence.allCases

  static func position(_ dimension: Dimension) -> Int {
    switch dimension {
    case .substanceUse: 0
    case .economy: 1
    case .mentalHealth: 2
    case .physicalHealth: 3
    case .housing: 4
    case .socialFunctioning: 5
    case .network: 6
    case .activity: 7
    }
  }

  /// Figures and disclosure control in one call: what the terminal UI and the commands show.
  /// The same round twice, or two years of one municipality, is refused (spec section 8).
  public static func publish(
    _ rounds: [LoadedRound], by breakdown: BreakdownKey? = nil, minCell: Int = Disclosure.defaultMinCell
  ) throws(ReportScopeError) -> PublishedReport {
    try publish(rounds.map(ReportInput.init), by: breakdown, minCell: minCell)
  }

  public static func publish(
    _ inputs: [ReportInput], by breakdown: BreakdownKey? = nil, minCell: Int = Disclosure.defaultMinCell
  ) throws(ReportScopeError) -> PublishedReport {
    try ReportScopeError.check(inputs.map(\.round))
    return Disclosure.apply(figures(inputs, by: breakdown), minCell: minCell)
  }

  public static func figures(_ rounds: [LoadedRound], by breakdown: BreakdownKey? = nil) -> ReportFigures {
    figures(rounds.map(ReportInput.init), by: breakdown)
  }

  public static func figures(_ inputs: [ReportInput], by breakdown: BreakdownKey? = nil) -> ReportFigures {
    // The union of the catalogues in order of first appearance, labels from the first round with the id.
    var catalogue: [CatalogueService] = []
    var serviceSlot: [String: Int] = [:]
    for input in inputs {
      for service in input.round.catalogue.services where serviceSlot[service.id] == nil {
        serviceSlot[service.id] = catalogue.count
        catalogue.append(service)
      }
    }
    // One accumulator per municipality; the total is their sum.
    var municipalityCodes: [String] = []
    var perMunicipality: [ReportFigures] = []
    var groups = breakdown.map { BreakdownFigures(key: $0, groups: initialGroups($0, inputs)) }
    var groupSlot: [String: Int] = [:]
    for (position, group) in (groups?.groups ?? []).enumerated() { groupSlot[group.key] = position }

    for input in inputs {
      let round = input.round
      let municipality: Int
      if let existing = municipalityCodes.firstIndex(of: round.municipality.code) {
        municipality = existing
      } else {
        municipality = municipalityCodes.count
        municipalityCodes.append(round.municipality.code)
        var empty = ReportFigures()
        empty.services = catalogue.map(ServiceFigures.init)
        empty.population = PopulationTotals(total: 0, age16plus: 0, age18plus: 0)
        perMunicipality.append(empty)
      }
      perMunicipality[municipality].addRound(round, skippedInvalid: input.skippedInvalid)
      let slots = RowSlots(round: round, serviceSlot: serviceSlot, breakdown: breakdown, groupSlot: groupSlot)
      input.forEachRow { row in
        guard row.complete else {
          perMunicipality[municipality].drafts += 1
          return
        }
        let index = perMunicipality[municipality].add(row, year: round.year, slots: slots)
        if groups != nil, let slot = slots.group(of: row, year: round.year) {
          groups!.groups[slot].add(row, index: index)
        }
      }
    }
    var total = ReportFigures()
    total.services = catalogue.map(ServiceFigures.init)
    total.population = PopulationTotals(total: 0, age16plus: 0, age18plus: 0)
    for part in perMunicipality { total.merge(part) }
    if inputs.isEmpty { total.population = PopulationTotals() }
    total.breakdown = groups
    if perMunicipality.count > 1 {
      // Each column is that municipality's own report (its own catalogue, the same breakdown).
      total.municipalities = municipalityCodes.map { code in
        figures(inputs.filter { $0.round.municipality.code == code }, by: breakdown)
      }
    }
    return total
  }

  /// Every group a breakdown shows, including empty ones, in a stable order.
  static func initialGroups(_ key: BreakdownKey, _ inputs: [ReportInput]) -> [GroupFigures] {
    switch key {
    case .gender: return Gender.allCases.map { GroupFigures(key: $0.rawValue, label: $0.label) }
    case .ageBand: return AgeBand.allCases.map { GroupFigures(key: $0.rawValue, label: $0.label) }
    case .problemGroup: return ProblemGroup.allCases.map { GroupFigures(key: $0.rawValue, label: $0.label) }
    case .unit:
      var seen = Set<String>()
      return inputs.flatMap(\.round.units).compactMap { unit in
        seen.insert(unit.id).inserted ? GroupFigures(key: unit.id, label: unit.name) : nil
      }
    case .municipality:
      var seen = Set<String>()
      return inputs.map(\.round.municipality).compactMap { municipality in
        seen.insert(municipality.code).inserted
          ? GroupFigures(key: municipality.code, label: municipality.name) : nil
      }
    }
  }

  /// The bp-index/1 category without building an array (this runs once per survey).
  static func indexPosition(_ scores: [Dimension: Score]) -> Int? {
    var sum = 0
    var reds = 0
    for dimension in dimensionList {
      guard let score = scores[dimension] else { return nil }
      sum += score.points
      if score == .red { reds += 1 }
    }
    return indexPosition(sum: sum, reds: reds)
  }

  /// bp-index/1 from the points sum S and the number of reds R: 0 green ... 3 blue light.
  static func indexPosition(sum: Int, reds: Int) -> Int {
    IndexCategory.classify(sum: sum, reds: reds).position
  }
}

extension ReportFigures {
  mutating func addRound(_ round: Round, skippedInvalid: Int) {
    rounds.append(
      ReportRound(
        municipalityCode: round.municipality.code, municipalityName: round.municipality.name, year: round.year))
    self.skippedInvalid += skippedInvalid
    func plus(_ sum: Int?, _ value: Int?) -> Int? {
      guard let sum, let value else { return nil }
      return sum + value
    }
    population.total = plus(population.total, round.population?.total)
    population.age16plus = plus(population.age16plus, round.population?.age16plus)
    population.age18plus = plus(population.age18plus, round.population?.age18plus)
  }

  /// Counts one complete survey; returns its index position (nil if not all eight are scored).
  mutating func add(_ row: borrowing ReportRow, year: Int, slots: RowSlots) -> Int? {
    n += 1
    if row.gender != 0 { self.gender[row.gender == RowSlots.female ? 0 : 1] += 1 }
    if let birthYear = row.birthYear {
      let age = year - birthYear
      ageSum += age
      ageCount += 1
      ageBands[ReportEngine.ageBandList.firstIndex(of: AgeBand(age: age))!] += 1
    }
    if row.problemGroup != 0 { problemGroup[Int(row.problemGroup) - 1] += 1 }
    // Counts the levels and works out the index in the same walk over the scores.
    var sum = 0
    var reds = 0
    for position in 0..<ReportEngine.dimensionList.count {
      let score = row.score(at: position)
      guard score != 0 else { continue }
      let points = RowSlots.points[score - 1]
      dimensions[RowSlots.dimensionBase[position] + points] += 1
      sum += points
      if points == 2 { reds += 1 }
    }
    let indexPosition = row.fullyScored ? ReportEngine.indexPosition(sum: sum, reds: reds) : nil
    if let indexPosition { index[indexPosition] += 1 }
    if let plans = row.plans {
      for position in self.plans.indices where plans >> UInt16(position) & 1 == 1 { self.plans[position] += 1 }
      if plans == 0 { noPlanOrGroup += 1 }
    }
    if let substances = row.substances {
      for position in self.substances.indices where substances >> UInt16(position) & 1 == 1 {
        self.substances[position] += 1
      }
      substanceTicks += substances.nonzeroBitCount
    }
    if row.lar { lar += 1 }
    for position in children.indices where row.children >> UInt8(position) & 1 == 1 { children[position] += 1 }
    if row.activity != 0 { activity[Int(row.activity) - 1] += 1 }
    if row.violence != 0 { violence[Int(row.violence) - 1] += 1 }
    var given = row.servicesNow | row.servicesNext
    while given != 0 {
      let position = given.trailingZeroBitCount
      given &= given - 1
      guard position < slots.services.count, let slot = slots.services[position] else { continue }
      count(
        &services[slot], now: row.servicesNow >> UInt64(position) & 1 == 1,
        next12: row.servicesNext >> UInt64(position) & 1 == 1)
    }
    for (id, answer) in row.otherServices {
      guard let slot = slots.serviceSlot[id] else { continue }
      count(&services[slot], now: answer.now, next12: answer.next12)
    }
    return indexPosition
  }

  private func count(_ figures: inout ServiceFigures, now: Bool, next12: Bool) {
    if now { figures.now += 1 }
    if next12 { figures.next12 += 1 }
    if next12 && !now { figures.newDemand += 1 }
    if now && !next12 { figures.ending += 1 }
  }

  /// Adds another accumulator's counts (same catalogue order).
  mutating func merge(_ other: ReportFigures) {
    rounds += other.rounds
    n += other.n
    drafts += other.drafts
    skippedInvalid += other.skippedInvalid
    func plus(_ sum: Int?, _ value: Int?) -> Int? {
      guard let sum, let value else { return nil }
      return sum + value
    }
    population.total = plus(population.total, other.population.total)
    population.age16plus = plus(population.age16plus, other.population.age16plus)
    population.age18plus = plus(population.age18plus, other.population.age18plus)
    func add(_ sum: inout [Int], _ values: [Int]) {
      for position in values.indices { sum[position] += values[position] }
    }
    add(&gender, other.gender)
    add(&ageBands, other.ageBands)
    ageSum += other.ageSum
    ageCount += other.ageCount
    add(&problemGroup, other.problemGroup)
    add(&dimensions, other.dimensions)
    add(&index, other.index)
    add(&plans, other.plans)
    noPlanOrGroup += other.noPlanOrGroup
    add(&substances, other.substances)
    substanceTicks += other.substanceTicks
    lar += other.lar
    add(&children, other.children)
    add(&activity, other.activity)
    add(&violence, other.violence)
    for position in other.services.indices {
      services[position].now += other.services[position].now
      services[position].next12 += other.services[position].next12
      services[position].newDemand += other.services[position].newDemand
      services[position].ending += other.services[position].ending
    }
  }
}

extension GroupFigures {
  mutating func add(_ row: borrowing ReportRow, index indexPosition: Int?) {
    n += 1
    if let indexPosition { index[indexPosition] += 1 }
    for position in 0..<ReportEngine.dimensionList.count {
      let score = row.score(at: position)
      guard score != 0 else { continue }
      dimensions[RowSlots.dimensionBase[position] + RowSlots.points[score - 1]] += 1
    }
  }
}
