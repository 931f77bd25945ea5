/// Where the counts of one report sit on a `CountTable`, and the identities between them that a
/// reader knows (spec section 9, steps 4 and 5).
struct ReportSlots: Sendable {
  var gender: [CountRef]
  var ageBands: [CountRef]
  var problemGroup: [CountRef]
  var dimensions: [[CountRef]]
  var index: [CountRef]
  var plans: [CountRef]
  var noPlanOrGroup: CountRef
  var substances: [CountRef]
  var lar: CountRef
  var children: [CountRef]
  var activity: [CountRef]
  var violence: [CountRef]
  /// now, next12, newDemand, ending per service, by service id.
  var services: [String: [CountRef]]

  /// Registers the report's own counts (not its breakdown) with their identities.
  init(_ figures: ReportFigures, on table: inout CountTable) {
    let n = figures.n
    let total = table.population
    func parts(_ name: String, _ values: [Int], _ keys: [String]) -> [CountRef] {
      let cells = zip(values, keys).map { table.count($0, "\(name).\($1)") }
      table.addsUp(cells, to: total)
      return cells
    }
    func with(_ name: String, _ value: Int) -> CountRef { table.count(value, name, complementOf: n) }
    gender = parts("gender", figures.gender, Gender.allCases.map(\.rawValue))
    ageBands = parts("ageBands", figures.ageBands, AgeBand.allCases.map(\.rawValue))
    problemGroup = parts("problemGroup", figures.problemGroup, ProblemGroup.allCases.map(\.rawValue))
    dimensions = ReportEngine.dimensionList.map { dimension in
      parts(
        "dimensions.\(dimension.rawValue)", Score.allCases.map { figures.count(dimension, $0) },
        Score.allCases.map(\.rawValue))
    }
    index = parts("index", figures.index, IndexCategory.allCases.map(\.rawValue))
    plans = zip(Plan.allCases, figures.plans).map { with("plans.\($0.rawValue)", $1) }
    noPlanOrGroup = with("plans.noPlanOrGroup", figures.noPlanOrGroup)
    // No plan of any kind and a plan of one kind are different persons.
    for plan in plans { table.atMost([noPlanOrGroup, plan], [total]) }
    substances = zip(Substance.allCases, figures.substances).map { with("substances.\($0.rawValue)", $1) }
    lar = with("lar", figures.lar)
    children = zip(ChildrenKey.allCases, figures.children).map { with("children.\($0.rawValue)", $1) }
    for part in children.dropFirst() { table.atMost([part], [children[0]]) }
    activity = parts("activity", figures.activity, Activity.allCases.map(\.rawValue))
    violence = parts("violence", figures.violence, Violence.allCases.map(\.rawValue))
    var services: [String: [CountRef]] = [:]
    for service in figures.services {
      let name = "services.\(service.service.id)"
      let cells = [
        with("\(name).now", service.now), with("\(name).next12", service.next12),
        with("\(name).newDemand", service.newDemand), with("\(name).ending", service.ending),
      ]
      let (now, next12, newDemand, ending) = (cells[0], cells[1], cells[2], cells[3])
      // next12 - now = newDemand - ending; new demand is among next12 and not now, ending the reverse.
      table.linked([next12, ending], equals: [now, newDemand])
      table.atMost([newDemand], [next12])
      table.atMost([ending], [now])
      table.atMost([now, newDemand], [total])
      table.atMost([next12, ending], [total])
      services[service.service.id] = cells
    }
    self.services = services
  }

  /// Every count in a fixed order (services by id), for lining up the report with its
  /// municipalities.
  var byName: [String: CountRef] {
    var all: [String: CountRef] = [:]
    func put(_ prefix: String, _ cells: [CountRef], _ keys: [String]) {
      for (cell, key) in zip(cells, keys) { all["\(prefix).\(key)"] = cell }
    }
    put("gender", gender, Gender.allCases.map(\.rawValue))
    put("ageBands", ageBands, AgeBand.allCases.map(\.rawValue))
    put("problemGroup", problemGroup, ProblemGroup.allCases.map(\.rawValue))
    for (dimension, cells) in zip(ReportEngine.dimensionList, dimensions) {
      put("dimensions.\(dimension.rawValue)", cells, Score.allCases.map(\.rawValue))
    }
    put("index", index, IndexCategory.allCases.map(\.rawValue))
    put("plans", plans, Plan.allCases.map(\.rawValue))
    all["plans.noPlanOrGroup"] = noPlanOrGroup
    put("substances", substances, Substance.allCases.map(\.rawValue))
    all["lar"] = lar
    put("children", children, ChildrenKey.allCases.map(\.rawValue))
    put("activity", activity, Activity.allCases.map(\.rawValue))
    put("violence", violence, Violence.allCases.map(\.rawValue))
    for (id, cells) in services { put("services.\(id)", cells, ["now", "next12", "newDemand", "ending"]) }
    return all
  }

  func mapped(_ map: CountMapping) -> ReportSlots {
    var copy = self
    copy.gender = gender.map(map.callAsFunction)
    copy.ageBands = ageBands.map(map.callAsFunction)
    copy.problemGroup = problemGroup.map(map.callAsFunction)
    copy.dimensions = dimensions.map { $0.map(map.callAsFunction) }
    copy.index = index.map(map.callAsFunction)
    copy.plans = plans.map(map.callAsFunction)
    copy.noPlanOrGroup = map(noPlanOrGroup)
    copy.substances = substances.map(map.callAsFunction)
    copy.lar = map(lar)
    copy.children = children.map(map.callAsFunction)
    copy.activity = activity.map(map.callAsFunction)
    copy.violence = violence.map(map.callAsFunction)
    copy.services = services.mapValues { $0.map(map.callAsFunction) }
    return copy
  }
}

/// One group of a breakdown on a `CountTable`: its n, index and dimension counts.
struct GroupSlots: Sendable {
  var key: String
  var n: CountRef
  var index: [CountRef]
  var dimensions: [[CountRef]]

  var cells: [CountRef] { index + dimensions.flatMap { $0 } }

  init(_ group: GroupFigures, on table: inout CountTable) {
    key = group.key
    let name = "breakdown.\(group.key)"
    n = table.count(group.n, "\(name).n")
    let size = n
    func parts(_ prefix: String, _ values: [Int], _ keys: [String]) -> [CountRef] {
      let cells = zip(values, keys).map { table.count($0, "\(prefix).\($1)") }
      table.addsUp(cells, to: size)
      return cells
    }
    index = parts("\(name).index", group.index, IndexCategory.allCases.map(\.rawValue))
    dimensions = ReportEngine.dimensionList.map { dimension in
      parts(
        "\(name).\(dimension.rawValue)", Score.allCases.map { group.count(dimension, $0) },
        Score.allCases.map(\.rawValue))
    }
    table.group(size: n, cells: cells)
  }

  func mapped(_ map: CountMapping) -> GroupSlots {
    var copy = self
    copy.n = map(n)
    copy.index = index.map(map.callAsFunction)
    copy.dimensions = dimensions.map { $0.map(map.callAsFunction) }
    return copy
  }
}
