import Testing

@testable import BrukerPlanModel

/// A report over several municipalities publishes the total beside one column per municipality:
/// a column's only suppressed cell must not be solvable as the total minus the other columns.
@Suite struct DisclosureColumnsTests {
  typealias B = ReportBuilders

  // MARK: Helpers

  /// Every published figure that appears both in the total and in the columns, in one fixed order.
  static func figureCells(_ report: PublishedReport) -> [(name: String, cell: Cell)] {
    var list: [(name: String, cell: Cell)] = []
    func add<V: Vocabulary>(_ name: String, _ cells: [V: Cell]) {
      for value in V.allCases { list.append(("\(name).\(value.rawValue)", cells[value]!)) }
    }
    add("gender", report.gender)
    add("ageBands", report.ageBands)
    add("problemGroup", report.problemGroup)
    for dimension in Dimension.allCases { add("dimensions.\(dimension.rawValue)", report.dimensions[dimension]!) }
    add("index", report.index)
    add("plans", report.plans)
    list.append(("noPlanOrGroup", report.noPlanOrGroup))
    add("substances", report.substances)
    list.append(("lar", report.lar))
    add("children", report.children)
    add("activity", report.activity)
    add("violence", report.violence)
    for service in report.services {
      list += [
        ("services.\(service.id).now", service.now), ("services.\(service.id).next12", service.next12),
        ("services.\(service.id).newDemand", service.newDemand), ("services.\(service.id).ending", service.ending),
      ]
    }
    return list
  }

  /// The figures whose only suppressed column cell is the total minus the other columns' cells,
  /// with that worked-out value. A total of 0 or N is left out: it already says that every
  /// column's cell is 0, or its own n.
  static func solvable(total: PublishedReport, columns: [PublishedReport]) -> [String: Int] {
    let totals = figureCells(total)
    let perColumn = columns.map(figureCells)
    var found: [String: Int] = [:]
    for position in totals.indices {
      guard let totalCount = totals[position].cell.count, totalCount > 0, totalCount < total.n else { continue }
      let cells = perColumn.map { $0[position].cell }
      guard cells.count(where: \.isSuppressed) == 1 else { continue }
      found[totals[position].name] = totalCount - cells.compactMap(\.count).reduce(0, +)
    }
    return found
  }

  /// What the engine published before the column step: the total (without a breakdown) and each
  /// municipality disclosure-controlled on its own (single-report steps are unchanged, so this is
  /// exact).
  static func oldLogic(_ figures: ReportFigures, minCell k: Int = Disclosure.defaultMinCell) -> (
    total: PublishedReport, columns: [PublishedReport]
  ) {
    var alone = figures
    alone.municipalities = []
    alone.breakdown = nil
    return (Disclosure.apply(alone, minCell: k), figures.municipalities.map { Disclosure.apply($0, minCell: k) })
  }

  /// The true counts (nothing suppressed), to check what the subtraction gives away.
  static func trueCounts(_ report: ReportFigures) -> [String: Int] {
    Dictionary(
      uniqueKeysWithValues: figureCells(Disclosure.apply(report, minCell: 1)).map { ($0.name, $0.cell.count!) })
  }

  /// `count` persons in a municipality: the first `women` female, every one green on housing.
  static func persons(_ count: Int, women: Int, firstID: Int) -> [Survey] {
    (0..<count).map { number in
      B.person(firstID + number, gender: number < women ? .female : .male, scores: "GGGGGGGG")
    }
  }

  /// The sets of one report that add up to its n (and each service's linked set) with exactly one
  /// suppressed cell: solvable within the report itself.
  static func solvableRows(_ report: PublishedReport) -> [String] {
    guard report.n > 0 else { return [] }
    var rows: [(String, [Cell])] = [
      ("gender", Gender.allCases.map { report.gender[$0]! }),
      ("ageBands", AgeBand.allCases.map { report.ageBands[$0]! }),
      ("problemGroup", ProblemGroup.allCases.map { report.problemGroup[$0]! }),
      ("activity", Activity.allCases.map { report.activity[$0]! }),
      ("violence", Violence.allCases.map { report.violence[$0]! }),
      ("index", IndexCategory.allCases.map { report.index[$0]! }),
    ]
    rows += Dimension.allCases.map { dimension in
      ("dimensions.\(dimension.rawValue)", Score.allCases.map { report.dimensions[dimension]![$0]! })
    }
    rows += report.services.map { ("services.\($0.id)", [$0.now, $0.next12, $0.newDemand, $0.ending]) }
    return rows.filter { $0.1.count(where: \.isSuppressed) == 1 }.map(\.0)
  }

  /// The breakdown's columns (one index category or dimension level across the groups) and rows
  /// (one group's index or dimension) with exactly one suppressed cell beside a published total
  /// that is neither 0 nor N (resp. the group's n).
  static func solvableBreakdown(_ report: PublishedReport) -> [String] {
    guard let groups = report.breakdown?.groups else { return [] }
    var found: [String] = []
    func check(_ name: String, _ cells: [Cell], total: Cell, whole: Int?) {
      guard let count = total.count, count > 0, count != whole else { return }
      if cells.count(where: \.isSuppressed) == 1 { found.append(name) }
    }
    for category in IndexCategory.allCases {
      check("index.\(category)", groups.map { $0.index[category]! }, total: report.index[category]!, whole: report.n)
    }
    for dimension in Dimension.allCases {
      for score in Score.allCases {
        check(
          "\(dimension).\(score)", groups.map { $0.dimensions[dimension]![score]! },
          total: report.dimensions[dimension]![score]!, whole: report.n)
      }
    }
    for group in groups {
      check(
        "\(group.key).index", IndexCategory.allCases.map { group.index[$0]! }, total: group.n, whole: nil)
      for dimension in Dimension.allCases {
        check(
          "\(group.key).\(dimension)", Score.allCases.map { group.dimensions[dimension]![$0]! }, total: group.n,
          whole: nil)
      }
    }
    return found
  }

  /// With `--by municipality`, the non-zero counts one place shows and the other hides: a group's
  /// index and dimension cells are its municipality column's.
  static func twinsShownInOnePlaceOnly(_ report: PublishedReport) -> [String] {
    guard let breakdown = report.breakdown, breakdown.key == .municipality else { return [] }
    var found: [String] = []
    func compare(_ group: Cell, _ column: Cell, _ name: String) {
      if group.isSuppressed != column.isSuppressed && (group.count ?? column.count ?? 0) > 0 { found.append(name) }
    }
    for (group, column) in zip(breakdown.groups, report.municipalities) {
      for category in IndexCategory.allCases {
        compare(group.index[category]!, column.index[category]!, "\(group.key).index.\(category)")
      }
      for dimension in Dimension.allCases {
        for score in Score.allCases {
          compare(
            group.dimensions[dimension]![score]!, column.dimensions[dimension]![score]!,
            "\(group.key).\(dimension).\(score)")
        }
      }
    }
    return found
  }

  // MARK: The column step alone

  @Test func columnWithOneSuppressedCellGetsTheSmallestOtherNonZero() {
    // Columns of three municipalities (slots 0-2) adding up to the total in slot 3.
    var suppressed = [true, false, false, false]
    Disclosure.closeColumns(
      [2, 6, 4, 12], rows: [], columns: [.init(cells: [0, 1, 2], total: 3)], suppressed: &suppressed)
    #expect(suppressed == [true, false, true, false])
  }

  @Test func columnTieGoesToTheFirstMunicipality() {
    var suppressed = [true, false, false, false]
    Disclosure.closeColumns(
      [2, 6, 6, 14], rows: [], columns: [.init(cells: [0, 1, 2], total: 3)], suppressed: &suppressed)
    #expect(suppressed == [true, true, false, false])
  }

  @Test func columnWhoseOtherCellsAreZeroHidesTheTotal() {
    var suppressed = [true, false, false]
    Disclosure.closeColumns([5, 0, 5], rows: [], columns: [.init(cells: [0, 1], total: 2)], suppressed: &suppressed)
    #expect(suppressed == [true, false, true])
  }

  @Test func columnBesideASuppressedOrZeroTotalGetsNothing() {
    var hiddenTotal = [true, false, true]
    Disclosure.closeColumns([2, 4, 6], rows: [], columns: [.init(cells: [0, 1], total: 2)], suppressed: &hiddenTotal)
    #expect(hiddenTotal == [true, false, true])
    // A tiny column hides its zeros; a zero total says nothing the zero cells do not.
    var zeroTotal = [true, false, false]
    Disclosure.closeColumns([0, 0, 0], rows: [], columns: [.init(cells: [0, 1], total: 2)], suppressed: &zeroTotal)
    #expect(zeroTotal == [true, false, false])
  }

  @Test func aCellHiddenForAColumnClosesItsOwnRowAgain() {
    // Slots 0-1: municipality A's gender {female 2, male 8}; slots 2-3: B's {female 6, male 4};
    // slots 4-5: the total {8, 12}. A's female is primary and A's male secondary; the column
    // "female" {2, 6} then hides B's female, which leaves B's row with one hidden cell, so B's male
    // goes too; the column "male" {8, 4} now has two hidden cells and is done.
    var suppressed = [true, true, false, false, false, false]
    Disclosure.closeColumns(
      [2, 8, 6, 4, 8, 12], rows: [[0, 1], [2, 3], [4, 5]],
      columns: [.init(cells: [0, 2], total: 4), .init(cells: [1, 3], total: 5)], suppressed: &suppressed)
    #expect(suppressed == [true, true, true, true, false, false])
  }

  @Test func twinsAreHiddenTogether() {
    // Slots 0 and 1 show the same count (a group of `--by municipality` and its column).
    var suppressed = [true, false, false, false]
    Disclosure.closeColumns([5, 5, 7, 7], rows: [], columns: [], twins: [(0, 1), (2, 3)], suppressed: &suppressed)
    #expect(suppressed == [true, true, false, false])
  }

  // MARK: Hand-built reports

  @Test func twoMunicipalities() {
    // Twelve persons in Testvik (10 women, 2 men: both hidden there), ten in Nesby (6 women, 4 men).
    let testvik = ReportInput(round: B.round(), surveys: DisclosureTests.twelve())
    let nesby = ReportInput(
      round: B.round(code: "9902", name: "Nesby"), surveys: Self.persons(10, women: 6, firstID: 100))
    let figures = ReportEngine.figures([testvik, nesby])
    let truth = Self.trueCounts(figures.municipalities[0])

    // Before: Testvik's women were 16 - 6 = 10, the hidden count, and several more like it.
    let old = Self.oldLogic(figures)
    #expect(old.columns[0].gender[.female]!.isSuppressed)
    #expect(old.columns[1].gender[.female]!.count == 6)
    #expect(old.total.gender[.female]!.count == 16)
    let leaked = Self.solvable(total: old.total, columns: old.columns)
    #expect(leaked["gender.female"] == 10)
    #expect(leaked["lar"] == 10)
    for (name, value) in leaked { #expect(truth[name] == value, "\(name)") }

    // After: no figure has exactly one hidden column cell beside a published total.
    let report = Disclosure.apply(figures)
    #expect(Self.solvable(total: report, columns: report.municipalities).isEmpty)
    // The only other non-zero cell, Nesby's women, is hidden, and then Nesby's men (their row).
    #expect(report.municipalities[1].gender[.female]!.isSuppressed)
    #expect(report.municipalities[1].gender[.male]!.isSuppressed)
    #expect(report.gender[.female] == Cell(count: 16, percent: 100 * 16 / 22.0))
    // Testvik's single report is what it was: the column step only adds.
    #expect(report.municipalities[0] == old.columns[0])
  }

  @Test func threeMunicipalitiesTieGoesToTheFirst() {
    let testvik = ReportInput(round: B.round(), surveys: DisclosureTests.twelve())
    let nesby = ReportInput(
      round: B.round(code: "9902", name: "Nesby"), surveys: Self.persons(10, women: 6, firstID: 100))
    let odda = ReportInput(
      round: B.round(code: "9903", name: "Oddvik"), surveys: Self.persons(10, women: 6, firstID: 200))
    let figures = ReportEngine.figures([testvik, nesby, odda])
    #expect(figures.municipalities.count == 3)

    let old = Self.oldLogic(figures)
    let leaked = Self.solvable(total: old.total, columns: old.columns)
    // Women: 22 - 6 - 6 = 10 hidden in Testvik.
    #expect(leaked["gender.female"] == 10)
    let truth = Self.trueCounts(figures.municipalities[0])
    for (name, value) in leaked { #expect(truth[name] == value, "\(name)") }

    let report = Disclosure.apply(figures)
    #expect(Self.solvable(total: report, columns: report.municipalities).isEmpty)
    // Nesby and Oddvik both have 6 women: the tie goes to Nesby, the first in report order.
    #expect(report.municipalities[1].gender[.female]!.isSuppressed)
    #expect(report.municipalities[1].gender[.male]!.isSuppressed)
    #expect(report.municipalities[2].gender[.female] == Cell(count: 6, percent: 60))
    #expect(report.municipalities[2].gender[.male] == Cell(count: 4, percent: 40))
    // lar: Testvik 10 of 12 (complement), Nesby and Oddvik 0: nothing to hide but the total.
    #expect(report.municipalities[0].lar.isSuppressed)
    #expect(report.municipalities[1].lar == Cell(count: 0, percent: 0))
    #expect(report.lar.isSuppressed)
  }

  @Test func aDerivedFigureOfANewlyHiddenCountIsNull() {
    // socialServices (now, next12, newDemand, ending): Testvik 6, 7, 1, 0 (newDemand primary, now
    // secondary); Nesby, 20 persons: 5, 8, 3, 0 (nothing small); the total 11, 15, 4, 0.
    let nesbyPersons = Self.persons(20, women: 10, firstID: 100).enumerated().map { number, person in
      var person = person
      person.services = ["socialServices": ServiceAnswer(now: number < 5, next12: number < 8)]
      return person
    }
    let figures = ReportEngine.figures([
      ReportInput(round: B.round(), surveys: DisclosureTests.twelve()),
      ReportInput(round: B.round(code: "9902", name: "Nesby"), surveys: nesbyPersons),
    ])
    let old = Self.oldLogic(figures)
    #expect(old.columns[1].service("socialServices")!.growthPersons == 3)
    let leaked = Self.solvable(total: old.total, columns: old.columns)
    #expect(leaked["services.socialServices.now"] == 6)
    #expect(leaked["services.socialServices.newDemand"] == 1)

    let report = Disclosure.apply(figures)
    let nesby = report.municipalities[1].service("socialServices")!
    #expect(nesby.now.isSuppressed && nesby.newDemand.isSuppressed)
    #expect(nesby.next12 == Cell(count: 8, percent: 40))
    #expect(nesby.growthPp == nil && nesby.growthPersons == nil)
    #expect(report.service("socialServices")!.growthPersons == 4)
  }

  @Test func oneMunicipalityIsUntouched() {
    // Two rounds of one municipality give no columns, so no column step.
    let figures = ReportEngine.figures([
      ReportInput(round: B.round(year: 2023), surveys: DisclosureTests.twelve()),
      ReportInput(round: B.round(year: 2024), surveys: Self.persons(10, women: 6, firstID: 100)),
    ])
    #expect(figures.municipalities.isEmpty)
    #expect(Disclosure.apply(figures).municipalities.isEmpty)
  }

  // MARK: Breakdowns

  @Test func breakdownGroupsCannotBeSolvedFromTheTotal() {
    // Ten women (housing 4 green, 3 yellow, 3 red) and five men (1, 2, 2: all primary). The
    // report's housing row 5/5/5 is published, so before, each man's cell was the total minus
    // the women's: 5 - 4 = 1, 5 - 3 = 2, 5 - 3 = 2.
    let women = (0..<10).map { number in
      B.person(number, scores: "GGGG" + (number < 4 ? "G" : number < 7 ? "Y" : "R") + "GGG")
    }
    let men = (0..<5).map { number in
      B.person(100 + number, gender: .male, scores: "GGGG" + (number < 1 ? "G" : number < 3 ? "Y" : "R") + "GGG")
    }
    let figures = ReportEngine.figures([ReportInput(round: B.round(), surveys: women + men)], by: .gender)

    // Before: the spec's steps alone (what `apply` did for a breakdown).
    var sheet = CellSheet()
    let slots = CellSlots(figures, on: &sheet)
    let before = Disclosure.suppress(sheet, n: figures.n, k: 3, tiny: false)
    let housing = ReportEngine.position(.housing)
    #expect(slots.groups[0].dimensions[housing].map { before[$0] } == [false, false, false])
    #expect(slots.groups[1].dimensions[housing].map { before[$0] } == [true, true, true])
    #expect(slots.dimensions[housing].map { before[$0] } == [false, false, false])
    // Index: women green 7, yellow 3; men green 3, yellow 2 (primary) and green (secondary);
    // the report's 10/5 is published, so the men's 3 and 2 were 10 - 7 and 5 - 3.
    #expect(slots.groups[0].index.prefix(2).map { before[$0] } == [false, false])
    #expect(slots.groups[1].index.prefix(2).map { before[$0] } == [true, true])

    let report = Disclosure.apply(figures)
    let groups = report.breakdown!.groups
    #expect(report.dimensions[.housing]![.green] == Cell(count: 5, percent: 100 / 3.0))
    #expect(groups[1].dimensions[.housing]!.values.allSatisfy { $0.isSuppressed })
    // Women: each of their housing cells is the only other cell of its column, so all go.
    #expect(groups[0].dimensions[.housing]!.values.allSatisfy { $0.isSuppressed })
    #expect(report.index[.green]!.count == 10 && report.index[.yellow]!.count == 5)
    #expect(groups[0].index[.green]!.isSuppressed && groups[0].index[.yellow]!.isSuppressed)
    // Nothing else changes: economy is 10/0/0 and 5/0/0.
    #expect(groups[0].dimensions[.economy]![.green] == Cell(count: 10, percent: 100))
    #expect(groups[0].n == Cell(count: 10, percent: 100 * 10 / 15.0))
  }

  // MARK: Property

  @Test func randomReportsOverSeveralMunicipalitiesLeaveNoColumnSolvable() {
    var random = ReportTestRandom(seed: 4_711)
    var columnsChecked = 0
    var stepped = 0
    for number in 0..<300 {
      let municipalities = 2 + random.next(3)
      let inputs = (0..<municipalities).map { position in
        // Mostly small municipalities, so small cells are everywhere; now and then a tiny one.
        let persons = random.next(5) == 0 ? random.next(3) : 3 + random.next(30)
        return B.generated(
          seed: UInt64(number * 10 + position), persons: persons,
          round: B.round(code: "99\(10 + position)", name: "Kommune \(position)"), firstID: position * 1000)
      }
      let k = [2, 3, 3, 4, 5][number % 5]
      let breakdowns: [BreakdownKey?] = [nil, .gender, .unit, .municipality, .ageBand, nil]
      let figures = ReportEngine.figures(inputs, by: breakdowns[number % 6])
      let report = Disclosure.apply(figures, minCell: k)
      let old = Self.oldLogic(figures, minCell: k)
      if !Self.solvable(total: old.total, columns: old.columns).isEmpty { stepped += 1 }
      let leaks = Self.solvable(total: report, columns: report.municipalities)
      #expect(leaks.isEmpty, "report \(number) (k \(k)): \(leaks.keys.sorted().prefix(5))")
      columnsChecked += Self.figureCells(report).count
      let twins = Self.twinsShownInOnePlaceOnly(report)
      #expect(twins.isEmpty, "report \(number) (k \(k)): \(twins.prefix(5))")
      let breakdownLeaks = Self.solvableBreakdown(report)
      #expect(breakdownLeaks.isEmpty, "report \(number) (k \(k)): \(breakdownLeaks.prefix(5))")
      for (position, part) in ([report] + report.municipalities).enumerated() {
        let rows = Self.solvableRows(part)
        #expect(rows.isEmpty, "report \(number) (k \(k)) part \(position) n \(part.n): \(rows)")
      }
      // Every published count is still a true count, and nothing small is shown.
      let published = ([report] + report.municipalities).flatMap { Self.figureCells($0).map(\.cell) }
      #expect(!published.contains { ($0.count ?? 0) > 0 && $0.count! < k }, "report \(number)")
    }
    // The step was needed in most of these reports; the loop above proves it is closed in all.
    #expect(stepped > 100)
    #expect(columnsChecked > 10_000)
  }
}
