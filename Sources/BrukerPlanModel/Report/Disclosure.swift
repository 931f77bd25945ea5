/// Disclosure control (spec section 9): the only way from raw figures to published ones.
///
/// The steps are separate functions over a flat list of counts, so each can be tested alone:
/// 1. `primary`: 0 < c < k.
/// 2. `complement`: a "with property" count whose "without" side is 0 < N - c < k.
/// 3. `secondary`: in each set of cells that adds up to a published total, if exactly one cell
///    is suppressed, the smallest other non-zero cell too (ties: the first in the set's order).
///    "One pass" is read strictly: every set is judged on the state after steps 1-2, and the
///    cells it adds do not make other sets eligible again (no second round, no cascade).
/// 3b. `closeColumns` (not in the spec's list; added because a report can publish a total beside
///    parts of it): the municipality columns of a report over several municipalities, and the
///    groups of a breakdown for the index and the dimensions, add up, figure by figure, to the
///    report's own cell. So a part's only suppressed cell could be worked out as the total minus
///    the other parts' cells. When exactly one part's cell of a figure is suppressed and the total
///    is published, the smallest other non-zero part cell is suppressed too (ties: the first
///    municipality or group in report order; a cell that its own part's n would give away is
///    passed over), or the total's cell when no such cell is left (unless the total is N: then
///    every part's cell is its own n anyway). Step 3 and this step then repeat until nothing
///    changes, since a cell hidden here can leave a set of its own part with one suppressed cell.
///    With `--by municipality` over several municipalities, a group and its municipality's column
///    show the same index and dimension counts, so they are hidden together.
///    A report of one municipality without a breakdown skips this step: it is the one pass above.
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

  /// Runs steps 1-3 (and 5) for the report and, when it spans several municipalities, for each
  /// municipality's column; then closes the gap between the parts and the total (step 3b,
  /// `closeColumns`: municipality columns and breakdown groups); then builds the published
  /// figures (step 4).
  public static func apply(_ figures: ReportFigures, minCell: Int = defaultMinCell) -> PublishedReport {
    let k = max(1, minCell)
    // Part 0 is the report itself; parts 1... are the municipality columns. Each has its own sheet
    // and its own steps 1-3; the sheets are then laid end to end on one combined sheet.
    let parts = [figures] + figures.municipalities
    var combined = CellSheet()
    var suppressed: [Bool] = []
    var layouts: [CellSlots] = []
    for part in parts {
      var sheet = CellSheet()
      let slots = CellSlots(part, on: &sheet)
      suppressed += suppress(sheet, n: part.n, k: k, tiny: part.n < k)
      layouts.append(slots.shifted(by: combined.append(sheet)))
    }
    let columns = municipalityColumns(layouts) + breakdownColumns(layouts[0])
    if !columns.isEmpty {
      closeColumns(
        combined.counts, rows: combined.sets, columns: columns, twins: municipalityTwins(figures, layouts),
        suppressed: &suppressed)
    }
    let municipalities = zip(parts, layouts).dropFirst().map { part, slots in
      publish(part, slots, counts: combined.counts, suppressed: suppressed, k: k, municipalities: [])
    }
    return publish(
      figures, layouts[0], counts: combined.counts, suppressed: suppressed, k: k, municipalities: municipalities)
  }

  /// A set of cells in several parts (the municipality columns, or the groups of a breakdown) that
  /// adds up to one cell of the total.
  struct Column: Equatable {
    var cells: [Int]
    var total: Int
  }

  /// One column per figure the municipality columns share with the total: every cell but the
  /// total's breakdown, which is registered last and so has no counterpart.
  static func municipalityColumns(_ layouts: [CellSlots]) -> [Column] {
    guard layouts.count > 1 else { return [] }
    let total = layouts[0].all
    let columns = layouts.dropFirst().map(\.all)
    return total.indices.filter { $0 < columns[0].count }.map { position in
      Column(cells: columns.map { $0[position] }, total: total[position])
    }
  }

  /// One column per index category and per dimension level across the groups of a breakdown:
  /// the groups' cells add up to the report's own cell (or to less, when some persons are in no
  /// group; treated as adding up, which can only hide more).
  static func breakdownColumns(_ layout: CellSlots) -> [Column] {
    guard !layout.groups.isEmpty else { return [] }
    let index = layout.index.indices.map { position in
      Column(cells: layout.groups.map { $0.index[position] }, total: layout.index[position])
    }
    let dimensions = layout.dimensions.indices.flatMap { dimension in
      layout.dimensions[dimension].indices.map { score in
        Column(
          cells: layout.groups.map { $0.dimensions[dimension][score] }, total: layout.dimensions[dimension][score])
      }
    }
    return index + dimensions
  }

  /// With `--by municipality` over several municipalities, each group shows the same index and
  /// dimension counts as that municipality's column: pairs of slots that must be hidden together,
  /// or one place would show what the other hides.
  static func municipalityTwins(_ figures: ReportFigures, _ layouts: [CellSlots]) -> [(Int, Int)] {
    guard let breakdown = figures.breakdown, breakdown.key == .municipality, layouts.count > 1 else { return [] }
    let codes = figures.municipalities.map { $0.rounds.first?.municipalityCode }
    return zip(breakdown.groups, layouts[0].groups).flatMap { group, groupSlots -> [(Int, Int)] in
      guard let position = codes.firstIndex(of: group.key) else { return [] }
      let column = layouts[position + 1]
      return Array(zip(groupSlots.index, column.index))
        + zip(groupSlots.dimensions.flatMap { $0 }, column.dimensions.flatMap { $0 })
    }
  }

  /// Step 3b (see the top of this file). Column sets add up to a published total: the total minus
  /// the other cells would give away a set's only suppressed cell. So when exactly one cell of a
  /// column set is suppressed and its total is published and not zero, the smallest other
  /// non-zero cell is suppressed too (ties: the first in report order). A cell that would be the
  /// only non-zero cell of its own row (a dimension, the index, ... of its municipality or group)
  /// is passed over: the row's total (that part's n) would give it away at once. When no other
  /// cell is left, the total's cell is suppressed instead, unless it is itself the only non-zero
  /// cell of its row: then it is N, every part's cell is its own n, and nothing is left to hide.
  /// A cell hidden this way can leave its row with exactly one suppressed cell, so step 3 and
  /// this step repeat on the current state until nothing changes. Rows never share a cell, so
  /// without columns the repetition would add nothing to the spec's one pass.
  /// `twins` are pairs of slots showing the same count in two places: either both are hidden or
  /// neither.
  static func closeColumns(
    _ counts: [Int], rows: [[Int]], columns: [Column], twins: [(Int, Int)] = [], suppressed: inout [Bool]
  ) {
    var rowOf: [Int: Int] = [:]
    for (position, row) in rows.enumerated() {
      for slot in row { rowOf[slot] = position }
    }
    func smallestOther(_ set: [Int], where allowed: (Int) -> Bool = { _ in true }) -> Int? {
      var smallest: Int?
      for slot in set where !suppressed[slot] && counts[slot] > 0 && allowed(slot) {
        if smallest == nil || counts[slot] < counts[smallest!] { smallest = slot }
      }
      return smallest
    }
    /// Whether a hidden `slot` could stay hidden: its row has another hidden cell already, or
    /// another non-zero cell that step 3 can hide next.
    func canStayHidden(_ slot: Int) -> Bool {
      guard let row = rowOf[slot] else { return true }
      return rows[row].contains { $0 != slot && (suppressed[$0] || counts[$0] > 0) }
    }
    var changed = true
    while changed {
      changed = false
      for column in columns where !suppressed[column.total] && counts[column.total] > 0 {
        guard column.cells.count(where: { suppressed[$0] }) == 1 else { continue }
        guard
          let hide = smallestOther(column.cells, where: canStayHidden)
            ?? (canStayHidden(column.total) ? column.total : nil)
        else { continue }
        suppressed[hide] = true
        changed = true
      }
      for row in rows where row.count(where: { suppressed[$0] }) == 1 {
        guard let other = smallestOther(row) else { continue }
        suppressed[other] = true
        changed = true
      }
      for (one, other) in twins where suppressed[one] != suppressed[other] {
        suppressed[one] = true
        suppressed[other] = true
        changed = true
      }
    }
  }

  /// Step 4: the published report from the counts and the suppression flags of the combined sheet.
  static func publish(
    _ figures: ReportFigures, _ slots: CellSlots, counts: [Int], suppressed: [Bool], k: Int,
    municipalities: [PublishedReport]
  ) -> PublishedReport {
    let n = figures.n
    let tiny = n < k
    func cell(_ slot: Int, base: Int = n) -> Cell {
      suppressed[slot] ? .suppressed : Cell(count: counts[slot], base: base)
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

    let publishedServices = zip(figures.services, slots.services).map { service, slots in
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
    let substanceCells = cells(Substance.self, slots.substances)
    let anySubstanceSuppressed = substanceCells.values.contains { $0.isSuppressed }
    let breakdown = figures.breakdown.map { breakdown in
      PublishedBreakdown(
        key: breakdown.key,
        groups: zip(breakdown.groups, slots.groups).map { group, slots in
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
      gender: cells(Gender.self, slots.gender), ageBands: cells(AgeBand.self, slots.ageBands),
      meanAge: tiny || figures.ageCount == 0 ? nil : Double(figures.ageSum) / Double(figures.ageCount),
      problemGroup: cells(ProblemGroup.self, slots.problemGroup), dimensions: scoreCells(slots.dimensions, base: n),
      index: cells(IndexCategory.self, slots.index), plans: cells(Plan.self, slots.plans),
      noPlanOrGroup: cell(slots.noPlanOrGroup),
      substances: substanceCells,
      meanSubstancesPerPerson: tiny || anySubstanceSuppressed || n == 0
        ? nil : Double(figures.substanceTicks) / Double(n),
      lar: cell(slots.lar), children: cells(ChildrenKey.self, slots.children),
      activity: cells(Activity.self, slots.activity), violence: cells(Violence.self, slots.violence),
      services: publishedServices, breakdown: breakdown, municipalities: municipalities)
  }
}

/// Where each figure of one report sits on a `CellSheet`. The registration order is the same for
/// every report, so the report and its municipality columns line up slot by slot; the breakdown
/// (only the report itself has one) comes last.
struct CellSlots {
  typealias GroupSlots = (n: Int, index: [Int], dimensions: [[Int]])
  var gender: [Int]
  var ageBands: [Int]
  var problemGroup: [Int]
  var dimensions: [[Int]]
  var index: [Int]
  var plans: [Int]
  var noPlanOrGroup: Int
  var substances: [Int]
  var lar: Int
  var children: [Int]
  var activity: [Int]
  var violence: [Int]
  /// now, next12, newDemand, ending per service.
  var services: [[Int]]
  var groups: [GroupSlots] = []

  init(_ figures: ReportFigures, on sheet: inout CellSheet) {
    gender = sheet.set(figures.gender)
    ageBands = sheet.set(figures.ageBands)
    problemGroup = sheet.set(figures.problemGroup)
    dimensions = ReportEngine.dimensionList.map { dimension in
      sheet.set(Score.allCases.map { figures.count(dimension, $0) })
    }
    index = sheet.set(figures.index)
    plans = figures.plans.map { sheet.add($0, withProperty: true) }
    noPlanOrGroup = sheet.add(figures.noPlanOrGroup, withProperty: true)
    substances = figures.substances.map { sheet.add($0, withProperty: true) }
    lar = sheet.add(figures.lar, withProperty: true)
    children = figures.children.map { sheet.add($0, withProperty: true) }
    activity = sheet.set(figures.activity)
    violence = sheet.set(figures.violence)
    services = figures.services.map { service in
      sheet.set([service.now, service.next12, service.newDemand, service.ending], withProperty: true)
    }
    if let breakdown = figures.breakdown {
      let sizes = sheet.set(breakdown.groups.map(\.n))
      for (position, group) in breakdown.groups.enumerated() {
        let groupIndex = sheet.set(group.index)
        let groupDimensions = ReportEngine.dimensionList.map { dimension in
          sheet.set(Score.allCases.map { group.count(dimension, $0) })
        }
        groups.append((sizes[position], groupIndex, groupDimensions))
      }
    }
  }

  /// Every slot except the breakdown's, in registration order.
  var all: [Int] {
    gender + ageBands + problemGroup + dimensions.flatMap { $0 } + index + plans + [noPlanOrGroup] + substances
      + [lar] + children + activity + violence + services.flatMap { $0 }
  }

  /// The same slots on a sheet where this one starts at `offset`.
  func shifted(by offset: Int) -> CellSlots {
    func move(_ slots: [Int]) -> [Int] { slots.map { $0 + offset } }
    var copy = self
    copy.gender = move(gender)
    copy.ageBands = move(ageBands)
    copy.problemGroup = move(problemGroup)
    copy.dimensions = dimensions.map(move)
    copy.index = move(index)
    copy.plans = move(plans)
    copy.noPlanOrGroup += offset
    copy.substances = move(substances)
    copy.lar += offset
    copy.children = move(children)
    copy.activity = move(activity)
    copy.violence = move(violence)
    copy.services = services.map(move)
    copy.groups = groups.map { ($0.n + offset, move($0.index), $0.dimensions.map(move)) }
    return copy
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

  /// Lays another sheet after this one; returns the offset of its first slot.
  mutating func append(_ other: CellSheet) -> Int {
    let offset = counts.count
    counts += other.counts
    withProperty += other.withProperty
    sets += other.sets.map { $0.map { $0 + offset } }
    return offset
  }
}
