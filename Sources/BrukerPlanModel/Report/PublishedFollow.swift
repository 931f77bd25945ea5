/// Forecast check on the same persons for one service: A's expectation against B's answer, in
/// persons followed from A to B. Percents are of the persons followed.
public struct PanelForecast: Hashable, Sendable {
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
public struct PanelTransitions: Hashable, Sendable {
  public let id: String
  public let label: String
  public let cells: [ServiceTransition: Cell]
}

/// One group of the flows table and its index distribution (percent of the group's n).
public struct PublishedFlowGroup: Hashable, Sendable {
  public let group: FlowGroup
  public let n: Int
  /// Fewer than k persons: the group's distribution is suppressed whole.
  public let isTiny: Bool
  public let index: [IndexCategory: Cell]
}

/// Who was followed, who came and who left, after disclosure control.
public struct PublishedFollow: Hashable, Sendable {
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
public struct CapacityRow: Hashable, Sendable {
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
  /// The panel and the follow tables on one sheet, so every identity between them is a set:
  /// each matrix row adds up to the followed group's A cell and each column to its B cell; the
  /// followed, gone and new groups add up to A's and B's index; each service's 2x2 and its
  /// transitions add up by row and column, and share B's users among the followed. Groups with
  /// fewer than k persons are suppressed whole; then step 4 repeats until nothing changes.
  /// `indexA` and `indexB` are the two rounds' published index cells: where one is published and
  /// not zero, gone + followed (or followed + new) add up to it.
  static func publishPanel(
    _ panel: PanelFigures, _ follow: FollowFigures, indexA: [IndexCategory: Cell], indexB: [IndexCategory: Cell],
    minCell k: Int
  ) -> (PublishedPanel, PublishedFollow) {
    var sheet = CellSheet()
    let matrix = (0..<4).map { from in sheet.set(Array(panel.index[from * 4..<from * 4 + 4])) }
    let dimensions = (0..<ReportEngine.dimensionList.count).map { position in
      sheet.set(Array(panel.dimensions[position * 3..<position * 3 + 3]))
    }
    let followedA = sheet.set((0..<4).map { from in panel.index[from * 4..<from * 4 + 4].reduce(0, +) })
    let followedB = sheet.set((0..<4).map { to in (0..<4).map { panel.index[$0 * 4 + to] }.reduce(0, +) })
    let gone = sheet.set(follow.goneIndex)
    let new = sheet.set(follow.newIndex)
    // Gone + followed add up to A's index, followed + new to B's: totals published outside this sheet.
    var links: [[Int]] = []
    for (category, key) in IndexCategory.allCases.enumerated() {
      sheet.sets.append(matrix[category] + [followedA[category]])
      sheet.sets.append(matrix.map { $0[category] } + [followedB[category]])
      if (indexA[key]?.count ?? 0) > 0 { links.append([gone[category], followedA[category]]) }
      if (indexB[key]?.count ?? 0) > 0 { links.append([followedB[category], new[category]]) }
    }
    sheet.sets += links
    let services = follow.services.map { service in
      let outcome = sheet.set(service.forecast)
      let moved = sheet.set(service.transitions)
      sheet.sets += [
        [outcome[0], outcome[1]], [outcome[2], outcome[3]], [outcome[0], outcome[2]], [outcome[1], outcome[3]],
        [moved[0], moved[2]], [moved[1], moved[3]], [moved[0], moved[1]], [moved[2], moved[3]],
        // Both add up to the followed persons who have the service in B.
        [outcome[0], outcome[2], moved[0], moved[1]],
      ]
      return (outcome, moved)
    }
    var suppressed = primary(sheet.counts, k: k)
    let panelSlots =
      matrix.flatMap { $0 } + dimensions.flatMap { $0 } + followedA + followedB
      + services.flatMap { $0.0 + $0.1 }
    if panel.n < k { for slot in panelSlots { suppressed[slot] = true } }
    // An empty group has nothing to hide: its zeros say only what its n (0) says.
    if follow.gone > 0 && follow.gone < k { for slot in gone { suppressed[slot] = true } }
    if follow.new > 0 && follow.new < k { for slot in new { suppressed[slot] = true } }
    while true {
      var next = secondary(sheet.counts, sets: sheet.sets, suppressed: suppressed)
      // A link whose other cell is 0 would give the hidden cell as the published total: hide the 0.
      for link in links where link.count(where: { next[$0] }) == 1 {
        if let other = link.first(where: { !next[$0] }), sheet.counts[other] == 0 { next[other] = true }
      }
      if next == suppressed { break }
      suppressed = next
    }
    func cells<V: Vocabulary>(_ type: V.Type, _ slots: [Int], base: Int) -> [V: Cell] {
      Dictionary(
        uniqueKeysWithValues: zip(
          V.allCases, slots.map { suppressed[$0] ? Cell.suppressed : Cell(count: sheet.counts[$0], base: base) }))
    }
    let published = PublishedPanel(
      n: panel.n, isTiny: panel.n < k,
      index: Dictionary(
        uniqueKeysWithValues: zip(IndexCategory.allCases, matrix.map { cells(IndexCategory.self, $0, base: panel.n) })),
      dimensions: Dictionary(
        uniqueKeysWithValues: zip(
          ReportEngine.dimensionList, dimensions.map { cells(PanelChange.self, $0, base: panel.n) })))
    let groups = zip(
      FlowGroup.allCases, [(gone, follow.gone), (followedA, panel.n), (followedB, panel.n), (new, follow.new)]
    )
    .map { group, slots in
      PublishedFlowGroup(
        group: group, n: slots.1, isTiny: slots.1 > 0 && slots.1 < k,
        index: cells(IndexCategory.self, slots.0, base: slots.1))
    }
    let forecast = zip(follow.services, services).map { service, slots in
      PanelForecast(id: service.id, label: service.label, outcomes: cells(ForecastOutcome.self, slots.0, base: panel.n))
    }
    let transitions = zip(follow.services, services).map { service, slots in
      PanelTransitions(
        id: service.id, label: service.label, cells: cells(ServiceTransition.self, slots.1, base: panel.n))
    }
    return (
      published,
      PublishedFollow(
        followed: panel.n, newInB: follow.new, goneSinceA: follow.gone, groups: groups, forecast: forecast,
        transitions: transitions)
    )
  }
}
