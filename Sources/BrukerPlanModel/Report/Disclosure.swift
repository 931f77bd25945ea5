/// Disclosure control of reports (spec section 9): the only way from raw figures to published
/// ones. The steps themselves run on a `CountTable` (see Disclosure/); this file lays a report
/// out on tables, in layers, each published on top of what a reader already has:
/// - a report of one round: its own counts;
/// - a report over several municipalities (a region): each municipality's own report is
///   included as published on its own (its column shows exactly that), then the region's counts,
///   whose every cell is the sum of the columns' cells;
/// - a breakdown (`--by`): the same report without the breakdown is included as published, and
///   in a region each municipality's own report with the same breakdown; then the groups, whose
///   rows add up to their n and whose columns add up to the report's cells.
/// A layer never changes what it includes, so every output shows the same cell the same way,
/// and the audit of a layer treats everything it includes as known to the reader.
public enum Disclosure {
  public static let defaultMinCell = 3

  /// One published layer: its table and where the report's counts sit on it.
  struct Layer: Sendable {
    var counts: PublishedCounts
    var report: ReportSlots
    var groups: [GroupSlots] = []
  }

  /// Steps 1-6 for a report (and its municipality columns and breakdown).
  static func apply(
    _ figures: ReportFigures, minCell: Int = defaultMinCell,
    steps: Set<Suppression.Step> = Set(Suppression.Step.allCases)
  ) -> PublishedReport {
    var cache = LayerCache(steps: steps)
    return apply(figures, minCell: minCell, cache: &cache)
  }

  /// Layers published so far in one output (a layer included twice is published once), and
  /// the steps to run (all of them, but in the tests of a weakened rule).
  struct LayerCache {
    var steps = Set(Suppression.Step.allCases)
    var layers: [String: Layer] = [:]
  }

  static func apply(_ figures: ReportFigures, minCell: Int, cache: inout LayerCache) -> PublishedReport {
    let k = max(1, minCell)
    let top = layer(figures, k: k, cache: &cache)
    let columns = figures.municipalities.map { municipality in
      var plain = municipality
      plain.breakdown = nil
      return publish(plain, layer(plain, k: k, cache: &cache))
    }
    return publish(figures, top, municipalities: columns)
  }

  static func key(_ figures: ReportFigures) -> String {
    let rounds = figures.rounds.map { "\($0.municipalityCode)/\($0.year)" }.joined(separator: "+")
    return "report \(rounds)" + (figures.breakdown.map { " --by \($0.key.rawValue)" } ?? "")
  }

  static func layer(_ figures: ReportFigures, k: Int, cache: inout LayerCache) -> Layer {
    let key = key(figures)
    if let cached = cache.layers[key] { return cached }
    let result: Layer
    if figures.breakdown != nil {
      result = breakdownLayer(figures, key: key, k: k, cache: &cache)
    } else if figures.municipalities.count > 1 {
      result = regionLayer(figures, key: key, k: k, cache: &cache)
    } else {
      var table = CountTable(key: key, population: figures.n)
      let report = ReportSlots(figures, on: &table)
      result = Layer(counts: table.publish(minCell: k, steps: cache.steps), report: report)
    }
    cache.layers[key] = result
    return result
  }

  /// The region's counts on top of each municipality's own report: every cell of the region is
  /// the sum of the municipalities' cells of the same figure.
  static func regionLayer(_ figures: ReportFigures, key: String, k: Int, cache: inout LayerCache) -> Layer {
    var table = CountTable(key: key, population: figures.n)
    let columns = figures.municipalities.map { municipality in
      var plain = municipality
      plain.breakdown = nil
      let own = layer(plain, k: k, cache: &cache)
      return own.report.mapped(table.include(own.counts)).byName
    }
    let report = ReportSlots(figures, on: &table)
    for (name, total) in report.byName.sorted(by: { $0.key < $1.key }) {
      table.addsUp(columns.compactMap { $0[name] }, to: total)
    }
    return Layer(counts: table.publish(minCell: k, steps: cache.steps), report: report)
  }

  /// The groups of a breakdown on top of the same report without it (and, in a region, of each
  /// municipality's own report with the same breakdown).
  static func breakdownLayer(_ figures: ReportFigures, key: String, k: Int, cache: inout LayerCache) -> Layer {
    guard let breakdown = figures.breakdown else { preconditionFailure("a breakdown layer needs a breakdown") }
    var table = CountTable(key: key, population: figures.n)
    var plain = figures
    plain.breakdown = nil
    let base = layer(plain, k: k, cache: &cache)
    let report = base.report.mapped(table.include(base.counts))
    let parts = figures.municipalities.count > 1 ? figures.municipalities : []
    let partGroups = parts.map { municipality in
      let own = layer(municipality, k: k, cache: &cache)
      let map = table.include(own.counts)
      return Dictionary(uniqueKeysWithValues: own.groups.map { ($0.key, $0.mapped(map)) })
    }
    let groups = breakdown.groups.map { GroupSlots($0, on: &table) }
    table.addsUp(groups.map(\.n), to: table.population)
    for (position, total) in report.index.enumerated() { table.addsUp(groups.map { $0.index[position] }, to: total) }
    for (dimension, totals) in report.dimensions.enumerated() {
      for (score, total) in totals.enumerated() {
        table.addsUp(groups.map { $0.dimensions[dimension][score] }, to: total)
      }
    }
    // In a region, a group's every cell is the sum of the same group's cells in the municipalities.
    for group in groups {
      let own = partGroups.compactMap { $0[group.key] }
      guard !own.isEmpty else { continue }
      table.addsUp(own.map(\.n), to: group.n)
      for (position, cell) in group.cells.enumerated() { table.addsUp(own.map { $0.cells[position] }, to: cell) }
    }
    return Layer(counts: table.publish(minCell: k, steps: cache.steps), report: report, groups: groups)
  }

  /// Step 6: the published report from a layer's counts; every figure computed from a suppressed
  /// count is nil, percents of a suppressed base too.
  static func publish(_ figures: ReportFigures, _ layer: Layer, municipalities: [PublishedReport] = [])
    -> PublishedReport
  {
    let counts = layer.counts
    let slots = layer.report
    let n = figures.n
    let tiny = n < counts.minCell
    func cell(_ ref: CountRef, base: CountRef? = nil) -> Cell {
      guard let count = counts.count(ref) else { return .suppressed }
      guard let base else { return Cell(count: count, base: n) }
      guard let baseCount = counts.count(base) else { return Cell(count: count, percent: nil) }
      return Cell(count: count, base: baseCount)
    }
    func cells<V: Vocabulary>(_ type: V.Type, _ refs: [CountRef], base: CountRef? = nil) -> [V: Cell] {
      Dictionary(uniqueKeysWithValues: zip(V.allCases, refs.map { cell($0, base: base) }))
    }
    func scoreCells(_ refs: [[CountRef]], base: CountRef? = nil) -> [Dimension: [Score: Cell]] {
      Dictionary(uniqueKeysWithValues: zip(ReportEngine.dimensionList, refs.map { cells(Score.self, $0, base: base) }))
    }
    func perThousand(_ population: Int?) -> Double? {
      guard !tiny, let population, population > 0 else { return nil }
      return 1000 * Double(n) / Double(population)
    }
    let services = figures.services.map { service in
      let refs = slots.services[service.service.id]!
      let now = cell(refs[0])
      let next12 = cell(refs[1])
      var growthPp: Double?
      if let nowPercent = now.percent, let nextPercent = next12.percent { growthPp = nextPercent - nowPercent }
      var growthPersons: Int?
      if let nowCount = now.count, let nextCount = next12.count { growthPersons = nextCount - nowCount }
      return PublishedService(
        id: service.service.id, label: service.service.label, level: service.service.level, now: now, next12: next12,
        growthPp: growthPp, growthPersons: growthPersons, newDemand: cell(refs[2]), ending: cell(refs[3]))
    }
    let substanceCells = cells(Substance.self, slots.substances)
    let anySubstanceSuppressed = substanceCells.values.contains { $0.isSuppressed }
    let breakdown = figures.breakdown.map { breakdown in
      PublishedBreakdown(
        key: breakdown.key,
        groups: zip(breakdown.groups, layer.groups).map { group, refs in
          PublishedGroup(
            key: group.key, label: group.label, n: cell(refs.n),
            index: cells(IndexCategory.self, refs.index, base: refs.n),
            dimensions: scoreCells(refs.dimensions, base: refs.n))
        })
    }
    return PublishedReport(
      minCell: counts.minCell, rounds: figures.rounds, n: n, drafts: figures.drafts,
      skippedInvalid: figures.skippedInvalid, isTiny: tiny, population: figures.population,
      prevalencePer1000: Prevalence(
        total: perThousand(figures.population.total), age16plus: perThousand(figures.population.age16plus),
        age18plus: perThousand(figures.population.age18plus)),
      gender: cells(Gender.self, slots.gender), ageBands: cells(AgeBand.self, slots.ageBands),
      meanAge: tiny || figures.ageCount == 0 ? nil : Double(figures.ageSum) / Double(figures.ageCount),
      problemGroup: cells(ProblemGroup.self, slots.problemGroup), dimensions: scoreCells(slots.dimensions),
      index: cells(IndexCategory.self, slots.index), plans: cells(Plan.self, slots.plans),
      noPlanOrGroup: cell(slots.noPlanOrGroup), substances: substanceCells,
      meanSubstancesPerPerson: tiny || anySubstanceSuppressed || n == 0
        ? nil : Double(figures.substanceTicks) / Double(n),
      lar: cell(slots.lar), children: cells(ChildrenKey.self, slots.children),
      activity: cells(Activity.self, slots.activity), violence: cells(Violence.self, slots.violence),
      services: services, breakdown: breakdown, municipalities: municipalities, audit: counts.summary,
      auditTrail: AuditTrail(counts: counts))
  }
}
