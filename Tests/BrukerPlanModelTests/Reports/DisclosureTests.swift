import Testing

@testable import BrukerPlanModel

/// Steps 1, 2 and 4 alone, on loose counts of a `CountTable` (population 1000 unless given).
enum Steps {
  static func table(_ counts: [Int], n: Int = 1000, withProperty: [Bool]? = nil) -> (CountTable, [CountRef]) {
    var table = CountTable(key: "steps", population: n)
    let refs = counts.enumerated().map { position, count in
      table.count(count, "c\(position)", complementOf: withProperty?[position] == true ? n : nil)
    }
    return (table, refs)
  }

  static func primary(_ counts: [Int], k: Int) -> [Bool] {
    let (table, refs) = table(counts)
    var run = Suppression(table, minCell: k)
    run.primary()
    return refs.map { run.suppressed[$0.slot] }
  }

  static func complement(_ counts: [Int], withProperty: [Bool], n: Int, k: Int, suppressed: inout [Bool]) {
    let (table, refs) = table(counts, n: n, withProperty: withProperty)
    var run = Suppression(table, minCell: k)
    run.complement()
    for (position, ref) in refs.enumerated() where run.suppressed[ref.slot] { suppressed[position] = true }
  }

  static func secondary(_ counts: [Int], sets: [[Int]], suppressed: [Bool]) -> [Bool] {
    var (table, refs) = table(counts)
    for set in sets { table.set(set.map { refs[$0] }) }
    var run = Suppression(table, minCell: 3)
    for (position, ref) in refs.enumerated() where suppressed[position] { run.hide(ref.slot, .primary) }
    run.secondary()
    return refs.map { run.suppressed[$0.slot] }
  }
}

/// Every step of spec section 9, alone and together.
@Suite struct DisclosureTests {
  typealias B = ReportBuilders

  // MARK: Step 1: primary

  @Test func primarySuppressesOneToKMinusOneAndNeverZero() {
    #expect(Steps.primary([0, 1, 2, 3, 4, 100], k: 3) == [false, true, true, false, false, false])
    #expect(Steps.primary([0, 1, 4, 5], k: 5) == [false, true, true, false])
    #expect(Steps.primary([0, 1, 2], k: 1) == [false, false, false])
  }

  // MARK: Step 2: complement

  @Test func complementSuppressesWhenTooFewLackTheProperty() {
    var suppressed = [false, false, false, false, false]
    // N = 12: with 10 -> 2 without (suppress); 11 -> 1 (suppress); 9 -> 3 (keep); 12 -> 0 (keep);
    // the last is not a "with property" count.
    Steps.complement(
      [10, 11, 9, 12, 10], withProperty: [true, true, true, true, false], n: 12, k: 3, suppressed: &suppressed)
    #expect(suppressed == [true, true, false, false, false])
  }

  @Test func complementNeverSuppressesZero() {
    var suppressed = [false]
    Steps.complement([0], withProperty: [true], n: 2, k: 3, suppressed: &suppressed)
    #expect(suppressed == [false])
  }

  // MARK: Step 3: secondary

  @Test func secondarySuppressesTheSmallestOtherNonZeroCell() {
    let counts = [2, 7, 0, 5, 9]
    let after = Steps.secondary(counts, sets: [[0, 1, 2, 3, 4]], suppressed: [true, false, false, false, false])
    #expect(after == [true, false, false, true, false])
  }

  @Test func secondaryTieGoesToTheFirstInListedOrder() {
    let after = Steps.secondary(
      [1, 6, 4, 4], sets: [[0, 1, 2, 3]], suppressed: [true, false, false, false])
    #expect(after == [true, false, true, false])
  }

  @Test func secondaryLeavesSetsWithTwoSuppressedOrNoneAlone() {
    let counts = [1, 2, 9, 5, 6, 7]
    let sets = [[0, 1, 2], [3, 4, 5]]
    let before = [true, true, false, false, false, false]
    #expect(Steps.secondary(counts, sets: sets, suppressed: before) == before)
  }

  @Test func secondaryFindsNothingWhenEveryOtherCellIsZero() {
    #expect(
      Steps.secondary([2, 0, 0], sets: [[0, 1, 2]], suppressed: [true, false, false]) == [true, false, false])
  }

  @Test func secondaryRepeatsUntilNothingChanges() {
    // Cell 1 is in both sets. Set A has cell 0 suppressed, so cell 1 (smallest) is added; that
    // leaves set B with one suppressed cell, so its smallest other non-zero cell (7) follows.
    let counts = [2, 4, 9, 8, 7]
    let after = Steps.secondary(
      counts, sets: [[0, 1, 2], [1, 3, 4]], suppressed: [true, false, false, false, false])
    #expect(after == [true, true, false, false, true])
  }

  // MARK: Whole reports

  /// Twelve persons: a small municipality where every step shows up.
  static func twelve() -> [Survey] {
    var persons: [Survey] = []
    for number in 0..<12 {
      persons.append(
        B.person(
          number, gender: number < 10 ? .female : .male, group: number < 11 ? .substanceOnly : .mentalOnly,
          // housing: 7 green, 4 yellow, 1 red.
          scores: "GGGG" + (number < 7 ? "G" : number < 11 ? "Y" : "R") + "GGG",
          substances: number < 3 ? [.alcohol] : [], lar: number < 10, plans: number < 5 ? [.individualPlan] : [],
          services: [
            // now 6, next12 7: newDemand 1 (person 6), ending 0.
            "socialServices": (number < 6, number < 7),
            // now 4, next12 4, newDemand 2, ending 2.
            "temporaryHousing": (number < 4, number >= 2 && number < 6),
            // now 11, next12 11: both with-property counts leave 1 without.
            "healthServices": (number < 11, number < 11),
          ]))
    }
    return persons
  }

  @Test func aMunicipalityOfTwelvePersons() {
    let report = Disclosure.apply(ReportEngine.figures([ReportInput(round: B.round(), surveys: Self.twelve())]))
    #expect(report.n == 12)
    #expect(!report.isTiny)
    // gender 10/2: male primary, female is the only other non-zero cell -> secondary.
    #expect(report.gender[.male]!.isSuppressed)
    #expect(report.gender[.female]!.isSuppressed)
    // problemGroup 11/0/0/1: mentalOnly primary, substanceOnly secondary, zeros shown.
    #expect(report.problemGroup[.mentalOnly]!.isSuppressed)
    #expect(report.problemGroup[.substanceOnly]!.isSuppressed)
    #expect(report.problemGroup[.substanceMildMental] == Cell(count: 0, percent: 0))
    // housing 7/4/1: red primary, yellow (smallest other) secondary, green shown.
    #expect(report.dimensions[.housing]![.red]!.isSuppressed)
    #expect(report.dimensions[.housing]![.yellow]!.isSuppressed)
    #expect(report.dimensions[.housing]![.green] == Cell(count: 7, percent: 100 * 7 / 12.0))
    #expect(report.dimensions[.economy]![.green] == Cell(count: 12, percent: 100))
    // lar 10 of 12: complement (2 without).
    #expect(report.lar.isSuppressed)
    // individualPlan 5 of 12 shown; noPlanOrGroup 7 shown.
    #expect(report.plans[.individualPlan] == Cell(count: 5, percent: 100 * 5 / 12.0))
    #expect(report.noPlanOrGroup.count == 7)
    // alcohol 3 shown; substances all shown so the mean is too.
    #expect(report.substances[.alcohol]!.count == 3)
    #expect(report.meanSubstancesPerPerson == 3 / 12.0)
    // index: everyone green except person 11 (housing red, S = 2, R = 1 -> yellow): 11/1.
    #expect(report.index[.yellow]!.isSuppressed)
    #expect(report.index[.green]!.isSuppressed)
  }

  @Test func theLinkedServiceSet() {
    let report = Disclosure.apply(ReportEngine.figures([ReportInput(round: B.round(), surveys: Self.twelve())]))
    // socialServices now 6, next12 7, newDemand 1, ending 0: newDemand primary; the smallest other
    // non-zero cell of {now, next12, newDemand, ending} is now (6) -> growth figures are null.
    let social = report.service("socialServices")!
    #expect(social.newDemand.isSuppressed)
    #expect(social.now.isSuppressed)
    #expect(social.next12 == Cell(count: 7, percent: 100 * 7 / 12.0))
    #expect(social.ending == Cell(count: 0, percent: 0))
    #expect(social.growthPp == nil)
    #expect(social.growthPersons == nil)
    // temporaryHousing 4/4/2/2: two primaries, nothing more; growth shown.
    let temporary = report.service("temporaryHousing")!
    #expect(temporary.newDemand.isSuppressed && temporary.ending.isSuppressed)
    #expect(temporary.now.count == 4 && temporary.next12.count == 4)
    #expect(temporary.growthPp == 0)
    #expect(temporary.growthPersons == 0)
    // healthServices 11/11/0/0: complement hides now and next12 (1 person without).
    let health = report.service("healthServices")!
    #expect(health.now.isSuppressed && health.next12.isSuppressed)
    #expect(health.newDemand.count == 0 && health.ending.count == 0)
    // A service nobody has: all zeros, growth 0.
    let somatic = report.service("somatic")!
    #expect(somatic.now == Cell(count: 0, percent: 0))
    #expect(somatic.growthPp == 0)
  }

  @Test func linkedSetTieTakesNowBeforeNext12() {
    // now 5, next12 5, newDemand 1, ending 1 is two primaries; make ending 0 instead:
    // now 5, next12 6, newDemand 1, ending 0 -> now (5) is smaller than next12 (6).
    // And with now 6, next12 6? newDemand - ending = 0 so both would be primaries or zero.
    // Tie: now 4, next12 4 is impossible with exactly one small cell, so use a raw sheet:
    let after = Steps.secondary([4, 4, 1, 0], sets: [[0, 1, 2, 3]], suppressed: [false, false, true, false])
    #expect(after == [true, false, true, false])
  }

  @Test func meanPerPersonIsNullWhenASubstanceIsSuppressed() {
    var persons = Self.twelve()
    persons[0].substances = [.alcohol, .heroin]
    let report = Disclosure.apply(ReportEngine.figures([ReportInput(round: B.round(), surveys: persons)]))
    #expect(report.substances[.heroin]!.isSuppressed)
    #expect(report.meanSubstancesPerPerson == nil)
    #expect(report.substances[.alcohol]!.count == 3)
  }

  @Test func aReportOfTwoPersonsShowsOnlyNAndDrafts() {
    let persons = [B.person(1), B.person(2, scores: "RRRRRRRR"), B.person(3, status: .draft)]
    let report = Disclosure.apply(ReportEngine.figures([ReportInput(round: B.round(), surveys: persons)], by: .gender))
    #expect(report.isTiny)
    #expect(report.n == 2)
    #expect(report.drafts == 1)
    #expect(report.prevalencePer1000 == Prevalence(total: nil, age16plus: nil, age18plus: nil))
    #expect(report.meanAge == nil)
    #expect(report.meanSubstancesPerPerson == nil)
    // Zeros too: everything but n and drafts is suppressed.
    #expect(report.gender.values.allSatisfy { $0.isSuppressed })
    #expect(report.problemGroup[.mentalOnly]!.isSuppressed)
    #expect(report.dimensions.values.allSatisfy { $0.values.allSatisfy { $0.isSuppressed } })
    #expect(report.services.allSatisfy { $0.now.isSuppressed && $0.growthPp == nil && $0.growthPersons == nil })
    #expect(report.breakdown!.groups.allSatisfy { $0.n.isSuppressed })
    let json = ReportRenderer.render(report, as: .json)
    #expect(json.contains("\"n\": 2,"))
    #expect(!json.contains("\"count\": 0"))
  }

  @Test func minCellOneDisablesSuppression() {
    let report = Disclosure.apply(
      ReportEngine.figures([ReportInput(round: B.round(), surveys: Self.twelve())]), minCell: 1)
    #expect(report.gender[.male] == Cell(count: 2, percent: 100 * 2 / 12.0))
    #expect(report.lar.count == 10)
    #expect(report.service("socialServices")!.growthPersons == 1)
  }

  @Test func largerKSuppressesMore() {
    let report = Disclosure.apply(
      ReportEngine.figures([ReportInput(round: B.round(), surveys: Self.twelve())]), minCell: 5)
    #expect(report.plans[.individualPlan]!.count == 5)
    #expect(report.substances[.alcohol]!.isSuppressed)
    #expect(report.minCell == 5)
  }

  @Test func breakdownRowsAreSetsOfTheirOwn() {
    let report = Disclosure.apply(
      ReportEngine.figures([ReportInput(round: B.round(), surveys: Self.twelve())], by: .gender))
    let groups = report.breakdown!.groups
    // Group sizes 10/2: one set, so both hidden.
    #expect(groups[0].n.isSuppressed && groups[1].n.isSuppressed)
    // Women: housing 7 green, 3 yellow, 0 red -> nothing suppressed; no percents, as the group's
    // n is hidden.
    #expect(groups[0].dimensions[.housing]![.yellow] == Cell(count: 3, percent: nil))
    // Men (persons 10, 11): housing yellow 1, red 1: two primaries.
    #expect(groups[1].dimensions[.housing]![.yellow]!.isSuppressed)
    #expect(groups[1].dimensions[.housing]![.red]!.isSuppressed)
    // Men's index: green 1 (person 10), yellow 1 (person 11).
    #expect(groups[1].index[.green]!.isSuppressed && groups[1].index[.yellow]!.isSuppressed)
    // Women's index is all green: shown, it would be their hidden n.
    #expect(groups[0].index[.green]!.isSuppressed)
  }

  @Test func comparisonChangesAreNullWhenEitherSideIsSuppressed() {
    let before = ReportInput(round: B.round(year: 2023), surveys: Self.twelve())
    let after = ReportInput(
      round: B.round(year: 2024), surveys: Self.twelve() + [B.person(20, gender: .male, scores: "GGGGGGGG")])
    let comparison = Disclosure.apply(ComparisonEngine.figures(a: [before], b: [after]))
    let gender = comparison.shares(\.gender)
    // A: 10/2 both hidden; B: 10/3 shown.
    #expect(gender[0].1.a.isSuppressed)
    #expect(gender[0].1.b.count == 10)
    #expect(gender[0].1.changePp == nil)
    let economy = comparison.dimension(.economy)
    #expect(economy[0].1.changePp == 0)
    let expected: Double = 100 * 5 / 13.0 - 100 * 5 / 12.0
    #expect(comparison.shares(\.plans)[0].1.changePp == expected)
  }

  @Test func panelRowsDimensionsAndTinyPanels() {
    // Five persons in both rounds; three of them get worse on housing.
    let before = (0..<5).map { B.person($0, scores: "GGGGGGGG") } + [B.person(9)]
    let after = (0..<5).map { B.person($0, scores: $0 < 3 ? "GGGGYGGG" : "GGGGGGGG") }
    let comparison = Disclosure.apply(
      ComparisonEngine.figures(
        a: [ReportInput(round: B.round(year: 2023), surveys: before)],
        b: [ReportInput(round: B.round(year: 2024), surveys: after)]))
    let panel = comparison.panel
    #expect(panel.n == 5)
    // Index: all green before (S <= 2), still green after (S = 1): row green = 5/0/0/0.
    #expect(panel.index[.green]![.green] == Cell(count: 5, percent: 100))
    // Housing: same 2 (primary), worse 3 -> secondary takes worse.
    #expect(panel.dimensions[.housing]![.same]!.isSuppressed)
    #expect(panel.dimensions[.housing]![.worse]!.isSuppressed)
    #expect(panel.dimensions[.housing]![.better] == Cell(count: 0, percent: 0))
    #expect(panel.dimensions[.economy]![.same] == Cell(count: 5, percent: 100))

    let tiny = Disclosure.apply(
      ComparisonEngine.figures(
        a: [ReportInput(round: B.round(year: 2023), surveys: Array(before.prefix(2)))],
        b: [ReportInput(round: B.round(year: 2024), surveys: Array(after.prefix(2)) + Array(before.suffix(3)))]))
    #expect(tiny.panel.n == 2)
    #expect(tiny.panel.isTiny)
    #expect(tiny.panel.index.values.allSatisfy { $0.values.allSatisfy { $0.isSuppressed } })
  }
}
