@testable import BrukerPlanModel

/// How the attacker reads a printed report: every cell, and every identity a reader knows
/// between them, from the published types only. `truth` is the same report with nothing
/// suppressed (k = 1), for telling an exact value from a wrong one.
extension Attacker {
  /// The counts of one report that a region's columns and totals share, by name.
  typealias Named = [String: Value]

  @discardableResult
  mutating func read(_ report: PublishedReport, truth: PublishedReport, scope: String) -> Named {
    let n = report.n
    let total = Value.shown(n)
    var named: Named = [:]
    func cell(_ shown: Cell, _ real: Cell, _ name: String, bound: Int = n) -> Value {
      let value = observe(shown, truth: real.count!, bound: bound, key: "\(scope) \(name)")
      named[name] = value
      return value
    }
    func parts<V: Vocabulary>(_ name: String, _ shown: [V: Cell], _ real: [V: Cell], adding: Bool = true) -> [Value] {
      let values = V.allCases.map { cell(shown[$0]!, real[$0]!, "\(name).\($0.rawValue)") }
      if adding {
        let sum = V.allCases.reduce(0) { $0 + real[$1]!.count! }
        relate(values, [total], exact: sum == n)
      }
      return values
    }
    _ = parts("gender", report.gender, truth.gender)
    _ = parts("ageBands", report.ageBands, truth.ageBands)
    _ = parts("problemGroup", report.problemGroup, truth.problemGroup)
    _ = parts("activity", report.activity, truth.activity)
    _ = parts("violence", report.violence, truth.violence)
    _ = parts("index", report.index, truth.index)
    for dimension in Dimension.allCases {
      _ = parts("dimensions.\(dimension.rawValue)", report.dimensions[dimension]!, truth.dimensions[dimension]!)
    }
    let plans = parts("plans", report.plans, truth.plans, adding: false)
    let noPlan = cell(report.noPlanOrGroup, truth.noPlanOrGroup, "plans.noPlanOrGroup")
    for plan in plans { relate([noPlan, plan], [total], exact: false) }
    let substances = parts("substances", report.substances, truth.substances, adding: false)
    if let mean = report.meanSubstancesPerPerson {
      relate(substances, [.shown(Int((mean * Double(n)).rounded()))], exact: true)
    }
    _ = cell(report.lar, truth.lar, "lar")
    let children = parts("children", report.children, truth.children, adding: false)
    let realChildren = ChildrenKey.allCases.map { truth.children[$0]!.count! }
    for position in 1..<children.count where realChildren[position] <= realChildren[0] {
      relate([children[position]], [children[0]], exact: false)
    }
    for (service, real) in zip(report.services, truth.services) {
      let name = "services.\(service.id)"
      let now = cell(service.now, real.now, "\(name).now")
      let next12 = cell(service.next12, real.next12, "\(name).next12")
      let newDemand = cell(service.newDemand, real.newDemand, "\(name).newDemand")
      let ending = cell(service.ending, real.ending, "\(name).ending")
      relate([next12, ending], [now, newDemand], exact: true)
      relate([newDemand], [next12], exact: false)
      relate([ending], [now], exact: false)
      relate([now, newDemand], [total], exact: false)
      relate([next12, ending], [total], exact: false)
      if let growth = service.growthPersons { relate([next12], [now, .shown(growth)], exact: true) }
    }
    if let breakdown = report.breakdown, let realBreakdown = truth.breakdown {
      readBreakdown(breakdown, realBreakdown, report: report, truth: truth, scope: scope)
    }
    return named
  }

  private mutating func readBreakdown(
    _ breakdown: PublishedBreakdown, _ real: PublishedBreakdown, report: PublishedReport, truth: PublishedReport,
    scope: String
  ) {
    let n = report.n
    var sizes: [Value] = []
    var indexColumns = [[Value]](repeating: [], count: IndexCategory.allCases.count)
    var dimensionColumns: [String: [Value]] = [:]
    for (group, realGroup) in zip(breakdown.groups, real.groups) {
      let name = "\(scope) by \(breakdown.key.rawValue) \(group.key)"
      // By municipality, a group's n is that municipality's N, which its column shows.
      let groupN = breakdown.key == .municipality ? Cell(count: realGroup.n.count!, percent: nil) : group.n
      var size = observe(groupN, truth: realGroup.n.count!, bound: n, key: "\(name) n")
      // A percent printed beside a count tells the group's n.
      let withPercent = (Array(group.index.values) + group.dimensions.values.flatMap(\.values)).first {
        ($0.count ?? 0) > 0 && $0.percent != nil
      }
      if case .unknown = size, let withPercent {
        size = observe(
          Cell(count: Int((Double(withPercent.count!) * 100 / withPercent.percent!).rounded()), percent: nil),
          truth: realGroup.n.count!, bound: n, key: "\(name) n")
      }
      sizes.append(size)
      let bound = n
      // A group of fewer than k persons must show nothing: any shown cell tells their attribute.
      let shownCells = Array(group.index.values) + group.dimensions.values.flatMap(\.values) + [group.n]
      if (1..<report.minCell).contains(realGroup.n.count!), shownCells.contains(where: { $0.count != nil }) {
        smallGroupsShown.append("\(name): a group of \(realGroup.n.count!) shows cells")
      }
      let index = IndexCategory.allCases.map {
        observe(group.index[$0]!, truth: realGroup.index[$0]!.count!, bound: bound, key: "\(name) index.\($0)")
      }
      relate(index, [size], exact: true)
      for (position, value) in index.enumerated() { indexColumns[position].append(value) }
      for dimension in Dimension.allCases {
        let cells = Score.allCases.map {
          observe(
            group.dimensions[dimension]![$0]!, truth: realGroup.dimensions[dimension]![$0]!.count!, bound: bound,
            key: "\(name) \(dimension).\($0)")
        }
        relate(cells, [size], exact: true)
        for (score, value) in zip(Score.allCases, cells) {
          dimensionColumns["\(dimension).\(score)", default: []].append(value)
        }
      }
    }
    let grouped = real.groups.reduce(0) { $0 + $1.n.count! }
    relate(sizes, [.shown(n)], exact: grouped == n)
    for (position, category) in IndexCategory.allCases.enumerated() {
      let totalValue = observe(
        report.index[category]!, truth: truth.index[category]!.count!, bound: n,
        key: "\(scope) index.\(category.rawValue)")
      let sum = real.groups.reduce(0) { $0 + $1.index[category]!.count! }
      relate(indexColumns[position], [totalValue], exact: sum == truth.index[category]!.count!)
    }
    for dimension in Dimension.allCases {
      for score in Score.allCases {
        let totalValue = observe(
          report.dimensions[dimension]![score]!, truth: truth.dimensions[dimension]![score]!.count!, bound: n,
          key: "\(scope) dimensions.\(dimension.rawValue).\(score.rawValue)")
        let sum = real.groups.reduce(0) { $0 + $1.dimensions[dimension]![score]!.count! }
        relate(
          dimensionColumns["\(dimension).\(score)"]!, [totalValue],
          exact: sum == truth.dimensions[dimension]![score]!.count!)
      }
    }
  }

  /// A region: its own cells, each column read as that municipality's report, and every region
  /// cell the sum of the columns' cells.
  mutating func readRegion(_ report: PublishedReport, truth: PublishedReport, scope: String) {
    let total = read(report, truth: truth, scope: scope)
    let columns = zip(report.municipalities, truth.municipalities).map { column, real in
      read(column, truth: real, scope: Self.scope(column))
    }
    for (name, value) in total.sorted(by: { $0.key < $1.key }) {
      relate(columns.compactMap { $0[name] }, [value], exact: true)
    }
  }

  static func scope(_ report: PublishedReport) -> String {
    report.rounds.map { "\($0.municipalityCode)/\($0.year)" }.joined(separator: "+")
  }

  /// A comparison: both sides as the reports they are, and the panel bounded by them.
  mutating func read(_ comparison: PublishedComparison, truth: PublishedComparison) {
    let a = read(comparison.a, truth: truth.a, scope: Self.scope(comparison.a))
    let b = read(comparison.b, truth: truth.b, scope: Self.scope(comparison.b))
    let panel = comparison.panel
    let n = panel.n
    let matrix = IndexCategory.allCases.map { from in
      IndexCategory.allCases.map { to in
        observe(
          panel.index[from]![to]!, truth: truth.panel.index[from]![to]!.count!, bound: n, key: "panel \(from)>\(to)")
      }
    }
    relate(matrix.flatMap { $0 }, [.shown(n)], exact: true)
    for (position, category) in IndexCategory.allCases.enumerated() {
      relate(matrix[position], [a["index.\(category.rawValue)"]!], exact: false)
      relate(matrix.map { $0[position] }, [b["index.\(category.rawValue)"]!], exact: false)
    }
    for dimension in Dimension.allCases {
      let cells = PanelChange.allCases.map {
        observe(
          panel.dimensions[dimension]![$0]!, truth: truth.panel.dimensions[dimension]![$0]!.count!, bound: n,
          key: "panel \(dimension).\($0)")
      }
      relate(cells, [.shown(n)], exact: true)
      func level(_ side: Named, _ score: Score) -> Value { side["dimensions.\(dimension.rawValue).\(score.rawValue)"]! }
      relate([cells[0]], [level(a, .yellow), level(a, .red)], exact: false)
      relate([cells[0]], [level(b, .green), level(b, .yellow)], exact: false)
      relate([cells[2]], [level(a, .green), level(a, .yellow)], exact: false)
      relate([cells[2]], [level(b, .yellow), level(b, .red)], exact: false)
    }
  }
}
