/// The comparison JSON's keys beyond section 10.2 (documented in docs/compare-and-trend.md):
/// the forecast check on the same persons, the flows and next year's capacity.
extension ReportJSON {
  static func followMembers(_ comparison: PublishedComparison) -> [(String, OrderedJSON)] {
    let follow = comparison.follow
    let forecast: [(String, OrderedJSON)] = follow.forecast.map { check in
      (
        check.id,
        .object(
          [("label", .string(check.label))] + ForecastOutcome.allCases.map { ($0.rawValue, cell(check.outcomes[$0]!)) }
            + [
              ("cameTruePercent", .optional(check.cameTruePercent)),
              ("foreseenPercent", .optional(check.foreseenPercent)),
            ])
      )
    }
    let groups: [(String, OrderedJSON)] = follow.groups.map { group in
      (group.group.rawValue, .object([("n", .integer(group.n)), ("index", cells(group.index))]))
    }
    let transitions: [(String, OrderedJSON)] = follow.transitions.map { service in
      (
        service.id,
        .object(
          [("label", .string(service.label))]
            + ServiceTransition.allCases.map { ($0.rawValue, cell(service.cells[$0]!)) })
      )
    }
    let capacity: [OrderedJSON] = comparison.capacity.map { row in
      .object([
        ("id", .string(row.id)), ("label", .string(row.label)), ("level", .string(row.level.rawValue)),
        ("now", cell(row.now)), ("next12", cell(row.next12)), ("expectedChange", .optional(row.expectedChange)),
        ("followedExpected", .optional(row.followedExpected)), ("followedGot", .optional(row.followedGot)),
        ("factor", .optional(row.factor)), ("calibratedNext12", .optional(row.calibratedNext12)),
        ("calibratedChange", .optional(row.calibratedChange)),
      ])
    }
    return [
      (
        "panelForecast",
        .object([("kind", .string("panel")), ("n", .integer(follow.followed)), ("services", .object(forecast))])
      ),
      (
        "flows",
        .object([
          ("followed", .integer(follow.followed)), ("newInB", .integer(follow.newInB)),
          ("goneSinceA", .integer(follow.goneSinceA)), ("index", .object(groups)),
          ("services", .object(transitions)),
        ])
      ),
      (
        "capacity",
        .object([
          ("method", .string(CapacityRow.method)), ("services", .array(capacity)),
        ])
      ),
    ]
  }
}
