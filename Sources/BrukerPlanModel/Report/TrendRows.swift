/// Every share of the report as one row over the years. The v1 rows come first with their keys
/// unchanged (index, dimensions = the red share, plans.noPlanOrGroup, lar, services = now);
/// every other share follows in sections of its own.
enum TrendRows {
  static func rows(_ reports: [PublishedReport]) -> [TrendRow] {
    var rows: [TrendRow] = []
    func add(_ section: String, _ key: String, _ label: String, name: String? = nil, _ values: [Cell?]) {
      rows.append(TrendRow(section: section, key: key, label: label, name: name ?? label, values: values))
    }
    func add<V: Vocabulary>(_ section: String, _ keyPath: KeyPath<PublishedReport, [V: Cell]>) {
      for value in V.allCases {
        add(section, value.rawValue, value.label, reports.map { $0[keyPath: keyPath][value]! })
      }
    }
    add("index", \.index)
    for dimension in Dimension.allCases {
      add(
        "dimensions", dimension.rawValue, "\(dimension.label): rød", name: dimension.label,
        reports.map { $0.dimensions[dimension]![.red]! })
    }
    add("plans", "noPlanOrGroup", "Ingen plan eller ansvarsgruppe", reports.map(\.noPlanOrGroup))
    add("lar", "lar", "I LAR", reports.map(\.lar))
    // A service missing from a year's catalogue is nil there (no figure, not a suppression).
    let services = PublishedTrend.services(reports)
    for (id, label) in services {
      add("services", id, "\(label): nå", name: label, reports.map { $0.service(id)?.now })
    }
    add("gender", \.gender)
    add("ageBands", \.ageBands)
    add("problemGroup", \.problemGroup)
    for dimension in Dimension.allCases {
      for score in Score.allCases {
        add(
          "dimensionScores", "\(dimension.rawValue).\(score.rawValue)",
          "\(dimension.label): \(score.label.lowercased())",
          name: score.label, reports.map { $0.dimensions[dimension]![score]! })
      }
    }
    for plan in Plan.allCases { add("plans", plan.rawValue, plan.label, reports.map { $0.plans[plan]! }) }
    add("substances", \.substances)
    add("children", \.children)
    add("activity", \.activity)
    add("violence", \.violence)
    for (id, label) in services {
      add(
        "servicesNext12", id, "\(label): neste 12 mnd", name: label, reports.map { $0.service(id)?.next12 })
    }
    return rows
  }
}

extension PublishedTrend {
  /// The services of the reports' catalogues, in order of first appearance, labels from the first.
  static func services(_ reports: [PublishedReport]) -> [(id: String, label: String)] {
    var ids: [(id: String, label: String)] = []
    for report in reports {
      for service in report.services where !ids.contains(where: { $0.id == service.id }) {
        ids.append((service.id, service.label))
      }
    }
    return ids
  }

  /// The rows of one section, in order.
  public func rows(_ section: String) -> [TrendRow] { rows.filter { $0.section == section } }
}
