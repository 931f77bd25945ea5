/// Disclosure control (spec section 9): the only way from raw figures to published ones.
///
/// The steps are separate functions over a flat list of counts, so each can be tested alone:
/// 1. `primary`: 0 < c < k.
/// 2. `complement`: a "with property" count whose "without" side is 0 < N - c < k.
/// 3. `secondary`: in each set of cells that adds up to a published total, if exactly one cell
///    is suppressed, the smallest other non-zero cell too (ties: the first in the set's order).
///    "One pass" is read strictly: every set is judged on the state after steps 1-2, and the
///    cells it adds do not make other sets eligible again (no second round, no cascade).
/// 4. derived figures become nil (done where the published values are built).
/// 5. a tiny report (N < k) has every cell suppressed.
public enum Disclosure {
  public static let defaultMinCell = 3

  static func primary(_ counts: [Int], k: Int) -> [Bool] {
    counts.map { $0 > 0 && $0 < k }
  }

  static func complement(_ counts: [Int], withProperty: [Bool], n: Int, k: Int, suppressed: inout [Bool]) {
    for slot in counts.indices where withProperty[slot] {
      let without = n - counts[slot]
      if without > 0 && without < k && counts[slot] > 0 { suppressed[slot] = true }
    }
  }

  static func secondary(_ counts: [Int], sets: [[Int]], suppressed: [Bool]) -> [Bool] {
    var result = suppressed
    for set in sets {
      guard set.count(where: { suppressed[$0] }) == 1 else { continue }
      var smallest: Int?
      for slot in set where !suppressed[slot] && counts[slot] > 0 {
        if smallest == nil || counts[slot] < counts[smallest!] { smallest = slot }
      }
      if let smallest { result[smallest] = true }
    }
    return result
  }

  /// Runs steps 1-3 (and 5 when `tiny`) over a sheet of cells.
  static func suppress(_ sheet: CellSheet, n: Int, k: Int, tiny: Bool) -> [Bool] {
    if tiny { return sheet.counts.map { _ in true } }
    var suppressed = primary(sheet.counts, k: k)
    complement(sheet.counts, withProperty: sheet.withProperty, n: n, k: k, suppressed: &suppressed)
    return secondary(sheet.counts, sets: sheet.sets, suppressed: suppressed)
  }

  public static func apply(_ figures: ReportFigures, minCell: Int = defaultMinCell) -> PublishedReport {
    let k = max(1, minCell)
    let n = figures.n
    let tiny = n < k
    var sheet = CellSheet()
    let gender = sheet.set(figures.gender)
    let ageBands = sheet.set(figures.ageBands)
    let problemGroup = sheet.set(figures.problemGroup)
    let dimensions = ReportEngine.dimensionList.map { dimension in
      sheet.set(Score.allCases.map { figures.count(dimension, $0) })
    }
    let index = sheet.set(figures.index)
    let plans = figures.plans.map { sheet.add($0, withProperty: true) }
    let noPlanOrGroup = sheet.add(figures.noPlanOrGroup, withProperty: true)
    let substances = figures.substances.map { sheet.add($0, withProperty: true) }
    let lar = sheet.add(figures.lar, withProperty: true)
    let children = figures.children.map { sheet.add($0, withProperty: true) }
    let activity = sheet.set(figures.activity)
    let violence = sheet.set(figures.violence)
    let services = figures.services.map { service in
      sheet.set([service.now, service.next12, service.newDemand, service.ending], withProperty: true)
    }
    var groupSlots: [(n: Int, index: [Int], dimensions: [[Int]])] = []
    if let breakdown = figures.breakdown {
      let sizes = sheet.set(breakdown.groups.map(\.n))
      for (position, group) in breakdown.groups.enumerated() {
        let groupIndex = sheet.set(group.index)
        let groupDimensions = ReportEngine.dimensionList.map { dimension in
          sheet.set(Score.allCases.map { group.count(dimension, $0) })
        }
        groupSlots.append((sizes[position], groupIndex, groupDimensions))
      }
    }

    let suppressed = suppress(sheet, n: n, k: k, tiny: tiny)
    func cell(_ slot: Int, base: Int = n) -> Cell {
      suppressed[slot] ? .suppressed : Cell(count: sheet.counts[slot], base: base)
    }
    func cells<V: Vocabulary>(_ type: V.Type, _ slots: [Int], base: Int = n) -> [V: Cell] {
      Dictionary(uniqueKeysWithValues: zip(V.allCases, slots.map { cell($0, base: base) }))
    }
    func scoreCells(_ slots: [[Int]], base: Int) -> [Dimension: [Score: Cell]] {
      Dictionary(uniqueKeysWithValues: zip(ReportEngine.dimensionList, slots.map { cells(Score.self, $0, base: base) }))
    }
    func perThousand(_ population: Int?) -> Double? {
      guard !tiny, let population, population > 0 else { return nil }
      return 1000 * Double(n) / Double(population)
    }

    let publishedServices = zip(figures.services, services).map { service, slots in
      let now = cell(slots[0])
      let next12 = cell(slots[1])
      var growthPp: Double?
      if let nowPercent = now.percent, let nextPercent = next12.percent { growthPp = nextPercent - nowPercent }
      var growthPersons: Int?
      if let nowCount = now.count, let nextCount = next12.count { growthPersons = nextCount - nowCount }
      return PublishedService(
        id: service.service.id, label: service.service.label, level: service.service.level, now: now, next12: next12,
        growthPp: growthPp, growthPersons: growthPersons, newDemand: cell(slots[2]), ending: cell(slots[3]))
    }
    let substanceCells = cells(Substance.self, substances)
    let anySubstanceSuppressed = substanceCells.values.contains { $0.isSuppressed }
    let breakdown = figures.breakdown.map { breakdown in
      PublishedBreakdown(
        key: breakdown.key,
        groups: zip(breakdown.groups, groupSlots).map { group, slots in
          PublishedGroup(
            key: group.key, label: group.label, n: cell(slots.n),
            index: cells(IndexCategory.self, slots.index, base: group.n),
            dimensions: scoreCells(slots.dimensions, base: group.n))
        })
    }
    return PublishedReport(
      minCell: k, rounds: figures.rounds, n: n, drafts: figures.drafts, skippedInvalid: figures.skippedInvalid,
      isTiny: tiny, population: figures.population,
      prevalencePer1000: Prevalence(
        total: perThousand(figures.population.total), age16plus: perThousand(figures.population.age16plus),
        age18plus: perThousand(figures.population.age18plus)),
      gender: cells(Gender.self, gender), ageBands: cells(AgeBand.self, ageBands),
      meanAge: tiny || figures.ageCount == 0 ? nil : Double(figures.ageSum) / Double(figures.ageCount),
      problemGroup: cells(ProblemGroup.self, problemGroup), dimensions: scoreCells(dimensions, base: n),
      index: cells(IndexCategory.self, index), plans: cells(Plan.self, plans), noPlanOrGroup: cell(noPlanOrGroup),
      substances: substanceCells,
      meanSubstancesPerPerson: tiny || anySubstanceSuppressed || n == 0
        ? nil : Double(figures.substanceTicks) / Double(n),
      lar: cell(lar), children: cells(ChildrenKey.self, children), activity: cells(Activity.self, activity),
      violence: cells(Violence.self, violence), services: publishedServices, breakdown: breakdown,
      municipalities: figures.municipalities.map { apply($0, minCell: k) })
  }
}

/// Cells registered for disclosure control: their counts, whether each counts persons *with*
/// a property (for the complement step), and the sets that add up to a published total.
struct CellSheet {
  var counts: [Int] = []
  var withProperty: [Bool] = []
  var sets: [[Int]] = []

  mutating func add(_ count: Int, withProperty: Bool = false) -> Int {
    counts.append(count)
    self.withProperty.append(withProperty)
    return counts.count - 1
  }

  /// Cells that together form one set for secondary suppression, in the spec's listed order.
  mutating func set(_ values: [Int], withProperty: Bool = false) -> [Int] {
    let slots = values.map { add($0, withProperty: withProperty) }
    sets.append(slots)
    return slots
  }
}
