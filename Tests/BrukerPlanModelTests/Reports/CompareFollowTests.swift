import Foundation
import Testing

@testable import BrukerPlanModel

/// The planner's desk on hand-built rounds: every figure below is worked out by hand in the comments.
@Suite struct CompareFollowTests {
  typealias B = ReportBuilders
  static let service = "outpatientPsychiatry"

  /// Persons 1-6 in both rounds, 7-8 only in A (gone), 9-11 only in B (new).
  /// Poliklinikk psykiatri: A expects 1, 2, 3, 4 (next12); A has it now: 1, 3, 6.
  /// B has it now: 1, 2, 5; B expects 1, 2, 3, 9, 10, 11 (next12).
  static var rounds: (a: ReportInput, b: ReportInput) {
    func answers(now: Set<Int>, next: Set<Int>, _ number: Int) -> [String: (Bool, Bool)] {
      [service: (now.contains(number), next.contains(number))]
    }
    // Index in A: 1-6 green (all G), 7 red (two R), 8 blue light (five R).
    let scoresA = [7: "RRGGGGGG", 8: "RRRRRGGG"]
    // Index in B: 1-2 yellow (S = 3), 3-6 green, 9 red, 10-11 yellow.
    let scoresB = [1: "YYYGGGGG", 2: "YYYGGGGG", 9: "RRGGGGGG", 10: "YYYGGGGG", 11: "YYYGGGGG"]
    let a = (1...8).map { number in
      B.person(
        number, scores: scoresA[number] ?? "GGGGGGGG",
        services: answers(now: [1, 3, 6], next: [1, 2, 3, 4], number))
    }
    let b = ([1, 2, 3, 4, 5, 6, 9, 10, 11]).map { number in
      B.person(
        number, scores: scoresB[number] ?? "GGGGGGGG",
        services: answers(now: [1, 2, 5], next: [1, 2, 3, 9, 10, 11], number))
    }
    // A draft in B with the id of a gone person: a draft is never followed.
    let draft = B.person(7, status: .draft)
    return (
      ReportInput(round: B.round(year: 2024), surveys: a),
      ReportInput(round: B.round(year: 2025), surveys: b + [draft])
    )
  }

  static func compare(minCell: Int) -> PublishedComparison {
    Disclosure.apply(ComparisonEngine.figures(a: [rounds.a], b: [rounds.b]), minCell: minCell)
  }

  @Test func forecastOnTheSamePersonsIsATwoByTwoInPersons() throws {
    let check = try #require(Self.compare(minCell: 1).follow.forecast(Self.service))
    // Expected and got: 1, 2. Expected, not got: 3, 4. Not expected, got: 5. Neither: 6.
    #expect(check.outcomes[.expectedGot]?.count == 2)
    #expect(check.outcomes[.expectedNotGot]?.count == 2)
    #expect(check.outcomes[.notExpectedGot]?.count == 1)
    #expect(check.outcomes[.neither]?.count == 1)
    #expect(check.outcomes[.expectedGot]?.percent == 100 * 2 / 6.0)
    #expect(check.expected == 4 && check.got == 3)
    #expect(check.cameTruePercent == 50)
    #expect(check.foreseenPercent == 100 * 2 / 3.0)
  }

  @Test func crossSectionCheckIsInPersonsAsWellAsPoints() throws {
    let check = try #require(Self.compare(minCell: 1).forecast.first { $0.id == Self.service })
    // A expected 4 of 8; B has 3 of 9 now.
    #expect(check.expected.count == 4 && check.actual.count == 3)
    #expect(check.differencePersons == -1)
    #expect(check.differencePp == 100 * 3 / 9.0 - 50)
  }

  @Test func flowsCountFollowedNewAndGoneWithTheirIndex() {
    let follow = Self.compare(minCell: 1).follow
    #expect(follow.followed == 6 && follow.goneSinceA == 2 && follow.newInB == 3)
    func counts(_ group: FlowGroup) -> [Int?] { IndexCategory.allCases.map { follow.group(group).index[$0]!.count } }
    #expect(counts(.goneSinceA) == [0, 0, 1, 1])
    #expect(counts(.followedInA) == [6, 0, 0, 0])
    #expect(counts(.followedInB) == [4, 2, 0, 0])
    #expect(counts(.newInB) == [0, 2, 1, 0])
    #expect(follow.group(.newInB).index[.yellow]?.percent == 100 * 2 / 3.0)
    // Transitions (now in A -> now in B): continued 1; started 2, 5; ended 3, 6; neither 4.
    let moved = follow.transitions.first { $0.id == Self.service }!
    #expect(ServiceTransition.allCases.map { moved.cells[$0]!.count } == [1, 2, 2, 1])
  }

  @Test func capacityIsCalibratedByHowLastYearCameTrue() throws {
    let comparison = Self.compare(minCell: 1)
    let row = try #require(comparison.capacity.first { $0.id == Self.service })
    // B: now 3, next12 6: +3. Followed: 4 expected, 3 got: factor 0.75; 6 * 0.75 = 4.5 -> 5; 5 - 3 = +2.
    #expect(row.now.count == 3 && row.next12.count == 6 && row.expectedChange == 3)
    #expect(row.followedExpected == 4 && row.followedGot == 3)
    #expect(row.factor == 0.75)
    #expect(row.calibratedNext12 == 5 && row.calibratedChange == 2)
    // Ranked first: every other service has no users and no expectation (change 0).
    #expect(comparison.capacity.first?.id == Self.service)
    #expect(comparison.capacity.dropFirst().allSatisfy { $0.expectedChange == 0 && $0.factor == nil })
    // Markdown keeps each sentence on one line.
    let text = ReportRenderer.render(comparison, as: .md)
    #expect(
      text.contains(
        "Poliklinikk psykiatri: 3 personer har tjenesten i 2025, og personalet venter at 6 vil ha eller trenge"))
    #expect(text.contains("var 4 ventet å bruke den, og 3 hadde den i 2025 (faktor 0,75)"))
    #expect(text.contains("Kalibrert anslag: 5 personer (+2)."))
  }

  @Test func smallGroupsAreSuppressedWholeAndDerivedFiguresFollow() throws {
    let comparison = Self.compare(minCell: 3)
    let follow = comparison.follow
    // Gone: 2 persons < k: the whole distribution, zeros too.
    #expect(follow.group(.goneSinceA).isTiny)
    #expect(follow.group(.goneSinceA).index.values.allSatisfy { $0.isSuppressed })
    // A's index shows green 6 of 8. Had the panel shown that all 6 followed persons were green in
    // A (its other rows are zeros), neither gone person could have been green. No non-zero cell
    // left to hide stops that, so the audit hides zeros of the panel as its last resort: to a
    // reader "followed, green in A" is 4 to 6, and the gone persons' green 0 to 2.
    #expect(follow.group(.followedInA).index[.green]!.isSuppressed)
    #expect(follow.group(.followedInA).index[.red]!.isSuppressed)
    #expect(comparison.audit.exposed == 0)
    let intervals = Dictionary(uniqueKeysWithValues: comparison.auditTrail.cells().map { ($0.name, $0.interval) })
    #expect(intervals["follow.goneSinceA.green"] == 0...2)
    #expect(intervals["follow.followedInA.green"] == 4...6)
    #expect(!ReportRenderer.render(comparison, as: .text).contains("ADVARSEL"))
    // New: 3 persons, its 1 and 2 are hidden; followed in B shows green 4 (B's green 4 minus new 0)
    // only if that reveals nothing hidden: here yellow 2 is hidden, so green 4 is hidden beside it.
    #expect(follow.group(.newInB).index[.red]!.isSuppressed)
    #expect(follow.group(.followedInB).index[.yellow]!.isSuppressed)
    #expect(follow.group(.followedInB).index[.green]!.isSuppressed)
    // The 2x2 holds 1s and 2s: hidden, and so are the shares and the calibration made from them.
    let check = try #require(follow.forecast(Self.service))
    #expect(check.outcomes[.notExpectedGot]!.isSuppressed)
    #expect(check.cameTruePercent == nil && check.foreseenPercent == nil)
    let row = try #require(comparison.capacity.first { $0.id == Self.service })
    #expect(row.factor == nil && row.calibratedNext12 == nil)
    let json = ReportRenderer.render(comparison, as: .json)
    #expect(!json.contains("\"factor\": 0.75"))
  }

  @Test func aPanelSmallerThanKIsSuppressedWhole() {
    let (a, b) = Self.rounds
    let small = ReportInput(round: a.round, surveys: a.surveys.filter { [1, 2, 7, 8].contains(B.number($0.id)) })
    let comparison = Disclosure.apply(ComparisonEngine.figures(a: [small], b: [b]), minCell: 3)
    #expect(comparison.follow.followed == 2)
    #expect(comparison.follow.forecast.allSatisfy { $0.outcomes.values.allSatisfy { $0.isSuppressed } })
    #expect(comparison.follow.transitions.allSatisfy { $0.cells.values.allSatisfy { $0.isSuppressed } })
    #expect(comparison.follow.group(.followedInB).index.values.allSatisfy { $0.isSuppressed })
    #expect(comparison.capacity.allSatisfy { $0.factor == nil })
  }

  @Test func compareTextKeepsWithinEightyColumnsAndNamesTheYears() {
    for comparison in [Self.compare(minCell: 3), ReportGoldenTests.comparison] {
      let text = ReportRenderer.render(comparison, as: .text)
      let wide = text.split(separator: "\n").filter { $0.count > 80 }
      #expect(wide.isEmpty, "\(wide)")
    }
    let text = ReportRenderer.render(ReportGoldenTests.comparison, as: .text)
    let header = text.split(separator: "\n").first { $0.contains("Endring pp") } ?? ""
    #expect(header.contains("2023") && header.contains("2024"))
    #expect(!text.contains(" A "))
  }

  @Test func htmlPrintsMunicipalityYearsDateKAndPageNumbers() {
    let html = ReportRenderer.render(ReportGoldenTests.comparison, as: .html, made: "2026-12-02")
    #expect(html.contains("@top-left{content:\"BrukerPlan Fjordby: 2023 mot 2024\""))
    #expect(html.contains("@top-right{content:\"Laget 2026-12-02 · k = 3\""))
    #expect(html.contains("counter(page)") && html.contains("counter(pages)"))
    #expect(html.contains("<svg class=\"chart bars\""))
    // A hostile municipality name cannot close the CSS string or the style element.
    let hostile = ReportDocument(comparison: ReportGoldenTests.comparison, made: "\"}</style><script>")
    let page = HTMLRenderer(kind: .comparison).render(hostile)
    #expect(!page.contains("</style><script>"))
  }
}

extension ReportBuilders {
  /// The number a test id was made from (inverse of `id(_:)`).
  static func number(_ id: String) -> Int {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
    return id.dropFirst().reduce(0) { $0 * 32 + alphabet.firstIndex(of: $1)! }
  }
}
