/// Forecast check on the same persons for one service: A's expectation against B's answer, in
/// persons followed from A to B. Percents are of the persons followed.
public struct PanelForecast: Codable, Hashable, Sendable {
  public let id: String
  public let label: String
  public let outcomes: [ForecastOutcome: Cell]
  /// Expected and got, in percent of the expected: how many expectations came true.
  public let cameTruePercent: Double?
  /// Expected and got, in percent of those who have the service in B: how much of B's use was foreseen.
  public let foreseenPercent: Double?
  /// Followed persons A expected to have the service (expected and got + expected and not got).
  public let expected: Int?
  /// Followed persons who have it in B (expected and got + not expected and got).
  public let got: Int?

  init(id: String, label: String, outcomes: [ForecastOutcome: Cell]) {
    self.id = id
    self.label = label
    self.outcomes = outcomes
    let hit = outcomes[.expectedGot]!.count
    let miss = outcomes[.expectedNotGot]!.count
    let surprise = outcomes[.notExpectedGot]!.count
    expected = hit.flatMap { hit in miss.map { hit + $0 } }
    got = hit.flatMap { hit in surprise.map { hit + $0 } }
    func share(_ part: Int?, _ whole: Int?) -> Double? {
      guard let part, let whole, whole > 0 else { return nil }
      return 100 * Double(part) / Double(whole)
    }
    cameTruePercent = share(hit, expected)
    foreseenPercent = share(hit, got)
  }
}

/// Continued, started, ended (and neither) for one service among the persons followed.
public struct PanelTransitions: Codable, Hashable, Sendable {
  public let id: String
  public let label: String
  public let cells: [ServiceTransition: Cell]
}

/// One group of the flows table and its index distribution (percent of the group's n).
public struct PublishedFlowGroup: Codable, Hashable, Sendable {
  public let group: FlowGroup
  public let n: Int
  /// Fewer than k persons: the group's distribution is suppressed whole.
  public let isTiny: Bool
  public let index: [IndexCategory: Cell]
}

/// Who was followed, who came and who left, after disclosure control.
public struct PublishedFollow: Codable, Hashable, Sendable {
  public let followed: Int
  public let newInB: Int
  public let goneSinceA: Int
  /// In `FlowGroup` order.
  public let groups: [PublishedFlowGroup]
  public let forecast: [PanelForecast]
  public let transitions: [PanelTransitions]

  public func group(_ group: FlowGroup) -> PublishedFlowGroup { groups.first { $0.group == group }! }
  public func forecast(_ id: String) -> PanelForecast? { forecast.first { $0.id == id } }
}

/// Next year's capacity for one service of B, in persons, with the calibrated estimate.
public struct CapacityRow: Codable, Hashable, Sendable {
  public let id: String
  public let label: String
  public let level: ServiceLevel
  /// B's users now and B's expected users in the next 12 months.
  public let now: Cell
  public let next12: Cell
  /// next12 minus now, in persons; nil when either is suppressed.
  public let expectedChange: Int?
  /// Persons followed from A to B: expected by A, and having it in B; nil when suppressed or
  /// when the service is not in A's catalogue.
  public let followedExpected: Int?
  public let followedGot: Int?
  /// followedGot / followedExpected: how last year's expectation came true in volume.
  public let factor: Double?
  /// B's next12 times the factor, rounded to whole persons.
  public let calibratedNext12: Int?
  public let calibratedChange: Int?

  init(_ service: PublishedService, forecast: PanelForecast?) {
    id = service.id
    label = service.label
    level = service.level
    now = service.now
    next12 = service.next12
    expectedChange = service.growthPersons
    followedExpected = forecast?.expected
    followedGot = forecast?.got
    if let expected = followedExpected, let got = followedGot, expected > 0 {
      factor = Double(got) / Double(expected)
    } else {
      factor = nil
    }
    if let factor, let next = next12.count {
      let calibrated = Int((Double(next) * factor).rounded(.toNearestOrAwayFromZero))
      calibratedNext12 = calibrated
      calibratedChange = now.count.map { calibrated - $0 }
    } else {
      calibratedNext12 = nil
      calibratedChange = nil
    }
  }

  /// How the estimate is made, for the JSON output.
  public static let method =
    "factor = followedGot / followedExpected over the persons followed from A to B (null when followedExpected is "
    + "0 or suppressed); calibratedNext12 = next12 * factor rounded half away from zero; calibratedChange = "
    + "calibratedNext12 - now; services ranked by expectedChange (next12 - now), largest first."

  /// Ranked by expected change in persons, largest first; unknown changes last; ties in catalogue order.
  static func ranked(_ rows: [CapacityRow]) -> [CapacityRow] {
    rows.enumerated().sorted { lhs, rhs in
      switch (lhs.element.expectedChange, rhs.element.expectedChange) {
      case (let left?, let right?) where left != right: return left > right
      case (.some, nil): return true
      case (nil, .some): return false
      default: return lhs.offset < rhs.offset
      }
    }.map(\.element)
  }
}

extension Disclosure {
  /// The panel and the follow tables as one `CountTable` on top of A's and B's published
  /// reports, so every identity between them is known to steps 4 and 5: each matrix row adds up
  /// to the followed group's A cell and each column to its B cell; gone + followed add up to A's
  /// index and followed + new to B's; each dimension's better / same / worse is bounded by the two
  /// rounds' colours; each service's 2x2 and its transitions add up by row and column, share B's
  /// users among the followed, and sit inside A's and B's service counts. The panel, the gone
  /// and the new persons are groups: fewer than k persons are suppressed whole (spec 10.2).
  static func panelCounts(_ panel: PanelFigures, _ follow: FollowFigures, a: Layer, b: Layer, k: Int)
    -> (PublishedPanel, PublishedFollow, PublishedCounts)
  {
    // Every person of either round once: the followed, the gone and the new (all three published).
    var table = CountTable(
      key: "panel \(a.counts.table.key) -> \(b.counts.table.key)", population: panel.n + follow.gone + follow.new)
    let before = a.report.mapped(table.include(a.counts))
    let after = b.report.mapped(table.include(b.counts))
    let followed = table.known(panel.n, "panel.n")
    let goneN = table.known(follow.gone, "follow.goneSinceA.n")
    let newN = table.known(follow.new, "follow.newInB.n")
    let categories = IndexCategory.allCases.map(\.rawValue)
    let matrix = (0..<4).map { from in
      (0..<4).map { to in table.count(panel.index[from * 4 + to], "panel.index.\(categories[from]).\(categories[to])") }
    }
    let followedA = (0..<4).map {
      table.count(matrix[$0].reduce(0) { $0 + table.value($1) }, "follow.followedInA.\(categories[$0])")
    }
    let followedB = (0..<4).map { to in
      table.count(matrix.reduce(0) { $0 + table.value($1[to]) }, "follow.followedInB.\(categories[to])")
    }
    let gone = (0..<4).map { table.count(follow.goneIndex[$0], "follow.goneSinceA.\(categories[$0])") }
    let new = (0..<4).map { table.count(follow.newIndex[$0], "follow.newInB.\(categories[$0])") }
    table.addsUp(followedA, to: followed)
    table.addsUp(followedB, to: followed)
    table.addsUp(gone, to: goneN)
    table.addsUp(new, to: newN)
    for position in 0..<4 {
      table.addsUp(matrix[position], to: followedA[position])
      table.addsUp(matrix.map { $0[position] }, to: followedB[position])
      // A's persons in a category were followed or are gone; B's were followed or are new.
      table.addsUp([gone[position], followedA[position]], to: before.index[position])
      table.addsUp([followedB[position], new[position]], to: after.index[position])
    }
    let changes = ReportEngine.dimensionList.enumerated().map { position, dimension in
      let cells = PanelChange.allCases.enumerated().map { change, name in
        table.count(panel.dimensions[position * 3 + change], "panel.\(dimension.rawValue).\(name.rawValue)")
      }
      table.addsUp(cells, to: followed)
      let (old, new) = (before.dimensions[position], after.dimensions[position])
      // Better: yellow or red in A, green or yellow in B; worse the other way round.
      table.atMost([cells[0]], [old[1], old[2]])
      table.atMost([cells[0]], [new[0], new[1]])
      table.atMost([cells[2]], [old[0], old[1]])
      table.atMost([cells[2]], [new[1], new[2]])
      return cells
    }
    let services = follow.services.map { service in
      let outcome = zip(ForecastOutcome.allCases, service.forecast).map { name, value in
        table.count(value, "follow.forecast.\(service.id).\(name.rawValue)")
      }
      let moved = zip(ServiceTransition.allCases, service.transitions).map { name, value in
        table.count(value, "follow.transitions.\(service.id).\(name.rawValue)")
      }
      table.addsUp(outcome, to: followed)
      table.addsUp(moved, to: followed)
      for pair in [[0, 1], [2, 3], [0, 2], [1, 3]] {
        table.set(pair.map { outcome[$0] })
      }
      for pair in [[0, 2], [1, 3], [0, 1], [2, 3]] {
        table.set(pair.map { moved[$0] })
      }
      // Expected and got + not expected and got = continued + started: the followed who have it in B.
      table.linked([outcome[0], outcome[2]], equals: [moved[0], moved[1]])
      // Expected by A is within A's next12; had in A within A's now; has in B within B's now.
      if let old = before.services[service.id] {
        table.atMost([outcome[0], outcome[1]], [old[1]])
        table.atMost([moved[0], moved[2]], [old[0]])
      }
      if let now = after.services[service.id] { table.atMost([moved[0], moved[1]], [now[0]]) }
      return (outcome, moved)
    }
    let panelCells = matrix.flatMap { $0 } + changes.flatMap { $0 } + followedA + followedB
    table.group(size: followed, cells: panelCells + services.flatMap { $0.0 + $0.1 })
    table.group(size: goneN, cells: gone)
    table.group(size: newN, cells: new)
    let counts = table.publish(minCell: k)
    func cells<V: Vocabulary>(_ type: V.Type, _ refs: [CountRef], base: Int) -> [V: Cell] {
      Dictionary(
        uniqueKeysWithValues: zip(
          V.allCases, refs.map { counts.count($0).map { Cell(count: $0, base: base) } ?? .suppressed }))
    }
    let published = PublishedPanel(
      n: panel.n, isTiny: panel.n < k,
      index: Dictionary(
        uniqueKeysWithValues: zip(IndexCategory.allCases, matrix.map { cells(IndexCategory.self, $0, base: panel.n) })),
      dimensions: Dictionary(
        uniqueKeysWithValues: zip(
          ReportEngine.dimensionList, changes.map { cells(PanelChange.self, $0, base: panel.n) })))
    let groups = zip(
      FlowGroup.allCases, [(gone, follow.gone), (followedA, panel.n), (followedB, panel.n), (new, follow.new)]
    )
    .map { group, slots in
      PublishedFlowGroup(
        group: group, n: slots.1, isTiny: slots.1 > 0 && slots.1 < k,
        index: cells(IndexCategory.self, slots.0, base: slots.1))
    }
    let forecast = zip(follow.services, services).map { service, refs in
      PanelForecast(id: service.id, label: service.label, outcomes: cells(ForecastOutcome.self, refs.0, base: panel.n))
    }
    let transitions = zip(follow.services, services).map { service, refs in
      PanelTransitions(
        id: service.id, label: service.label, cells: cells(ServiceTransition.self, refs.1, base: panel.n))
    }
    return (
      published,
      PublishedFollow(
        followed: panel.n, newInB: follow.new, goneSinceA: follow.gone, groups: groups, forecast: forecast,
        transitions: transitions),
      counts
    )
  }
}
