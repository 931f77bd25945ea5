import Foundation
import Testing

@testable import BrukerPlanModel

/// Random rounds, skewed so that small cells are common, through the real report engine.
struct RandomRound {
  var random: SeededGenerator

  /// Mostly the first value, now and then the others: small cells in nearly every set.
  mutating func skewed<V: Vocabulary>(_ type: V.Type) -> V {
    let cases = Array(V.allCases)
    let roll = Double.random(in: 0..<1, using: &random)
    if roll < 0.7 { return cases[0] }
    return cases[Int.random(in: 0..<cases.count, using: &random)]
  }

  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

  mutating func surveys(_ count: Int, round: Round) -> [Survey] {
    (0..<count).map { index in
      var survey = Samples.complete(id: testSurveyID(index))
      survey.unit = chance(0.8) ? "nav" : "rus"
      survey.birthYear = round.year - (chance(0.7) ? 30 : Int.random(in: 16...90, using: &random))
      survey.gender = skewed(Gender.self)
      survey.problemGroup = skewed(ProblemGroup.self)
      for dimension in Dimension.allCases { survey.scores[dimension] = skewed(Score.self) }
      survey.substances = Substance.allCases.filter { _ in chance(0.15) }
      survey.lar = chance(0.9)
      survey.plans = Plan.allCases.filter { _ in chance(0.1) }
      let hasChildren = chance(0.2)
      survey.children = Children(
        hasChildren: hasChildren, custody: hasChildren && chance(0.5), contact: hasChildren && chance(0.5),
        childWelfare: chance(0.05))
      survey.activity = skewed(Activity.self)
      survey.violence = skewed(Violence.self)
      survey.services = [:]
      for service in round.catalogue.services {
        // Services at both ends: almost nobody, or almost everybody (complement suppression).
        let common = service.id.count % 2 == 0
        let now = chance(common ? 0.95 : 0.05)
        let next12 = chance(0.2) ? !now : now
        if now || next12 { survey.services[service.id] = ServiceAnswer(now: now, next12: next12) }
      }
      return survey
    }
  }
}

/// What a published report must never allow, checked on the published structure and on the JSON
/// and CSV outputs.
struct DisclosureAudit {
  var violations: [String] = []
  var cellsChecked = 0
  var suppressedSeen = 0
  var columnsChecked = 0

  /// `baseShown`: the count a percent would be of is published (a group's n may be suppressed,
  /// and then its cells have no percent).
  mutating func cell(_ cell: Cell, k: Int, _ name: String, baseShown: Bool = true) {
    cellsChecked += 1
    if let count = cell.count {
      if count > 0 && count < k { violations.append("\(name) = \(count) published with k = \(k)") }
      if cell.percent == nil && count > 0 && baseShown { violations.append("\(name): count without percent") }
      if cell.percent != nil && !baseShown { violations.append("\(name): percent of a suppressed base") }
    } else {
      suppressedSeen += 1
      if cell.percent != nil { violations.append("\(name): percent of a suppressed count") }
    }
  }

  /// A set of cells that adds up to a published total: one suppressed cell alone could be solved.
  mutating func set(_ cells: [Cell], total: Cell, k: Int, _ name: String) {
    for (offset, cell) in cells.enumerated() {
      self.cell(cell, k: k, "\(name)[\(offset)]", baseShown: !total.isSuppressed)
    }
    guard let totalCount = total.count else { return }
    let hidden = cells.filter(\.isSuppressed).count
    if hidden == 1 { violations.append("\(name): exactly one suppressed cell, solvable from the total") }
    if hidden == 0, cells.compactMap(\.count).reduce(0, +) != totalCount {
      violations.append("\(name): cells do not add up to the total")
    }
  }

  mutating func check(_ report: PublishedReport) {
    let k = report.minCell
    let total = Cell(count: report.n, base: report.n)
    if report.isTiny {
      let published = [report.lar, report.noPlanOrGroup] + report.gender.values + report.index.values
      if published.contains(where: { !$0.isSuppressed }) { violations.append("tiny report publishes a cell") }
    }
    set(Gender.allCases.map { report.gender[$0]! }, total: total, k: k, "gender")
    set(AgeBand.allCases.map { report.ageBands[$0]! }, total: total, k: k, "ageBands")
    set(ProblemGroup.allCases.map { report.problemGroup[$0]! }, total: total, k: k, "problemGroup")
    set(Activity.allCases.map { report.activity[$0]! }, total: total, k: k, "activity")
    set(Violence.allCases.map { report.violence[$0]! }, total: total, k: k, "violence")
    set(IndexCategory.allCases.map { report.index[$0]! }, total: total, k: k, "index")
    for dimension in Dimension.allCases {
      set(Score.allCases.map { report.dimensions[dimension]![$0]! }, total: total, k: k, "dimensions.\(dimension)")
    }
    for plan in Plan.allCases { cell(report.plans[plan]!, k: k, "plans.\(plan)") }
    cell(report.noPlanOrGroup, k: k, "noPlanOrGroup")
    for substance in Substance.allCases { cell(report.substances[substance]!, k: k, "substances.\(substance)") }
    if report.substances.values.contains(where: \.isSuppressed) && report.meanSubstancesPerPerson != nil {
      violations.append("meanPerPerson published beside a suppressed substance")
    }
    cell(report.lar, k: k, "lar")
    for key in ChildrenKey.allCases { cell(report.children[key]!, k: k, "children.\(key)") }
    for service in report.services {
      let linked = [service.now, service.next12, service.newDemand, service.ending]
      for (offset, cell) in linked.enumerated() { self.cell(cell, k: k, "services.\(service.id)[\(offset)]") }
      // next12 - now = newDemand - ending: one unknown among the four is solvable.
      if linked.filter(\.isSuppressed).count == 1 {
        violations.append("services.\(service.id): one suppressed cell in the linked set")
      }
      if (service.now.isSuppressed || service.next12.isSuppressed)
        && (service.growthPersons != nil || service.growthPp != nil)
      {
        violations.append("services.\(service.id): growth published beside a suppressed count")
      }
    }
    if let breakdown = report.breakdown {
      set(breakdown.groups.map(\.n), total: total, k: k, "breakdown.n")
      for group in breakdown.groups {
        set(IndexCategory.allCases.map { group.index[$0]! }, total: group.n, k: k, "breakdown.\(group.key).index")
        for dimension in Dimension.allCases {
          set(
            Score.allCases.map { group.dimensions[dimension]![$0]! }, total: group.n, k: k,
            "breakdown.\(group.key).\(dimension)")
        }
      }
      // Across groups a column adds up to the report's own cell (step 3b of Disclosure.swift): one
      // suppressed cell there beside a published total other than 0 or N could be solved.
      func column(_ cells: [Cell], total: Cell, _ name: String) {
        guard let count = total.count, count > 0, count < report.n else { return }
        columnsChecked += 1
        if cells.filter(\.isSuppressed).count == 1 {
          violations.append("breakdown column \(name): exactly one suppressed cell, solvable from the total")
        }
      }
      for category in IndexCategory.allCases {
        column(breakdown.groups.map { $0.index[category]! }, total: report.index[category]!, "index.\(category)")
      }
      for dimension in Dimension.allCases {
        for score in Score.allCases {
          column(
            breakdown.groups.map { $0.dimensions[dimension]![score]! }, total: report.dimensions[dimension]![score]!,
            "\(dimension).\(score)")
        }
      }
    }
  }

  /// Every {"count": c} object of the JSON output.
  mutating func json(_ text: String, k: Int) {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
      violations.append("JSON output does not parse")
      return
    }
    func walk(_ value: Any, _ path: String) {
      if let dictionary = value as? [String: Any] {
        if let count = dictionary["count"] as? Int, count > 0, count < k {
          violations.append("JSON \(path).count = \(count) with k = \(k)")
        }
        for (key, child) in dictionary { walk(child, path + "." + key) }
      } else if let array = value as? [Any] {
        for (offset, child) in array.enumerated() { walk(child, "\(path)[\(offset)]") }
      }
    }
    walk(object, "")
  }

  /// Every count column of the CSV output (section;row;column;count;percent), except the summary
  /// and the growth figures, which are not counts of persons.
  mutating func csv(_ text: String, k: Int) {
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 5, fields[0] != "summary", !fields[2].hasPrefix("growth") else { continue }
      if let count = Int(fields[3]), count > 0, count < k { violations.append("CSV \(line) with k = \(k)") }
      if (fields[3] == ":") != (fields[4] == ":") && fields[2] != "n" {
        violations.append("CSV \(line): count and percent disagree on suppression")
      }
    }
  }
}

@Suite struct ReliabilityDisclosureTests {
  @Test func randomRoundsNeverPublishASmallOrSolvableCell() throws {
    let seed = Soak.seed(31_337)
    var generator = RandomRound(random: SeededGenerator(seed: seed))
    var audit = DisclosureAudit()
    let reports = Soak.count(150, soakFactor: 40)
    var round = Samples.round
    round.services = ServiceCatalogue.standard.services
    let breakdowns: [BreakdownKey?] = [nil, .gender, .ageBand, .problemGroup, .unit]
    for number in 0..<reports {
      let n =
        number % 10 == 0
        ? Int.random(in: 0...4, using: &generator.random) : Int.random(in: 5...80, using: &generator.random)
      let k = [2, 3, 3, 4, 5][number % 5]
      let surveys = generator.surveys(n, round: round)
      let figures = ReportEngine.figures([ReportInput(round: round, surveys: surveys)], by: breakdowns[number % 5])
      let report = Disclosure.apply(figures, minCell: k)
      let before = audit.violations.count
      audit.check(report)
      audit.json(ReportRenderer.render(report, as: .json), k: k)
      audit.csv(ReportRenderer.render(report, as: .csv), k: k)
      // The other formats render from the same PublishedReport; they must at least render.
      for format in [ReportFormat.text, .html, .md] { #expect(!ReportRenderer.render(report, as: format).isEmpty) }
      if audit.violations.count > before {
        Issue.record("report \(number) (n \(n), k \(k), seed \(seed)): \(audit.violations[before...].prefix(5))")
      }
    }
    Figures.report(
      "disclosure.reports", reports,
      detail: "seed \(seed), \(audit.cellsChecked) cells checked, \(audit.suppressedSeen) suppressed, "
        + "\(audit.violations.count) violations; \(audit.columnsChecked) breakdown columns beside a published total "
        + "checked")
  }
}
