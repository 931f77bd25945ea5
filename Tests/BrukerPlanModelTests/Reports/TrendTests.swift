import Foundation
import Testing

@testable import BrukerPlanModel

/// The trend on three hand-built rounds: every figure below is worked out by hand in the comments.
@Suite struct TrendTests {
  typealias B = ReportBuilders
  static let service = "outpatientPsychiatry"

  /// 2023: persons 1-6. 2024: 1-4 (followed), 7-9 (new); 5, 6 gone. 2025: 1, 2, 7, 8, 9 (followed),
  /// 10, 11 (new); 3, 4 gone.
  /// Poliklinikk psykiatri, (now, next12): 2023 now 1, next12 1-4; 2024 now 1, 2, 7, next12 1, 2, 3, 7,
  /// 8; 2025 now 1, 7, 8, 10, next12 1.
  static func rounds(drafts: Bool = true) -> [ReportInput] {
    func round(_ year: Int, _ persons: [Int], now: Set<Int>, next: Set<Int>) -> ReportInput {
      let surveys = persons.map { number in
        B.person(number, scores: "GGGGGGGG", services: [service: (now.contains(number), next.contains(number))])
      }
      // A draft with the id of a gone person is never followed.
      let draft = drafts && year == 2025 ? [B.person(5, status: .draft)] : []
      return ReportInput(round: B.round(year: year), surveys: surveys + draft)
    }
    return [
      round(2025, [1, 2, 7, 8, 9, 10, 11], now: [1, 7, 8, 10], next: [1]),
      round(2023, [1, 2, 3, 4, 5, 6], now: [1], next: [1, 2, 3, 4]),
      round(2024, [1, 2, 3, 4, 7, 8, 9], now: [1, 2, 7], next: [1, 2, 3, 7, 8]),
    ]
  }

  static func trend(minCell: Int) throws -> PublishedTrend { try TrendEngine.publish(rounds(), minCell: minCell) }

  @Test func expectationsStandBesideWhatCameInPersonsAndPercent() throws {
    let trend = try Self.trend(minCell: 1)
    #expect(trend.steps.map { "\($0.from)-\($0.to)" } == ["2023-2024", "2024-2025"])
    let first = try #require(trend.steps[0].forecast(Self.service))
    // 2023 expected 4 of 6; 2024 has 3 of 7: one person fewer than expected.
    #expect(first.expected.count == 4 && first.expected.percent == 100 * 4 / 6.0)
    #expect(first.actual.count == 3 && first.actual.percent == 100 * 3 / 7.0)
    #expect(first.differencePersons == -1)
    let points: Double = 100 * 3 / 7.0 - 100 * 4 / 6.0
    #expect(first.differencePp == points)
    let second = try #require(trend.steps[1].forecast(Self.service))
    // 2024 expected 5 of 7; 2025 has 4 of 7.
    #expect(second.expected.count == 5 && second.actual.count == 4 && second.differencePersons == -1)
    // The table: each pair's expected, came and difference, then what 2025 expects (1 of 7).
    let csv = ReportRenderer.render(trend, as: .csv)
    for line in [
      "expectations;outpatientPsychiatry;2023.next12;4;66,67", "expectations;outpatientPsychiatry;2024.now;3;42,86",
      "expectations;outpatientPsychiatry;2023-2024.differencePersons;-1;",
      "expectations;outpatientPsychiatry;2024.next12;5;71,43", "expectations;outpatientPsychiatry;2025.now;4;57,14",
      "expectations;outpatientPsychiatry;2025.next12;1;14,29",
    ] {
      #expect(csv.contains(line + "\r\n"), "\(line)")
    }
    #expect(
      Self.fields(ReportRenderer.render(trend, as: .text), "Poliklinikk psykiatri") == ["4", "66,7", "3", "42,9", "-1"])
  }

  @Test func personsFollowedAreTheNumbersCompareKnows() throws {
    let trend = try Self.trend(minCell: 1)
    // 2023 -> 2024: 1-4 followed, 5 and 6 gone, 7-9 new. 2024 -> 2025: 1, 2, 7, 8, 9 followed, 3 and 4
    // gone, 10 and 11 new (the draft 5 is neither).
    #expect(trend.steps.map(\.followed) == [4, 5])
    #expect(trend.steps.map(\.gone) == [2, 2])
    #expect(trend.steps.map(\.new) == [3, 2])
    let inputs = Self.rounds().sorted { $0.round.year < $1.round.year }
    for (position, step) in trend.steps.enumerated() {
      let compare = Disclosure.apply(
        ComparisonEngine.figures(a: [inputs[position]], b: [inputs[position + 1]]), minCell: 1)
      #expect(step.followed == compare.follow.followed && step.gone == compare.follow.goneSinceA)
      #expect(step.new == compare.follow.newInB)
    }
    let csv = ReportRenderer.render(trend, as: .csv)
    #expect(csv.contains("follow;2023-2024;followed;4;\r\nfollow;2023-2024;followedPercent;;66,67\r\n"))
    #expect(csv.contains("follow;2024-2025;goneSinceA;2;\r\nfollow;2024-2025;newInB;2;\r\nfollow;2024-2025;nB;7;"))
    let json = ReportRenderer.render(trend, as: .json)
    #expect(json.contains("\"a\": 2024,\n      \"b\": 2025,\n      \"followed\": 5,\n      \"goneSinceA\": 2"))
  }

  @Test func everyShareOfTheReportIsASeriesAndTheV1KeysStay() throws {
    let trend = try Self.trend(minCell: 1)
    let sections = Set(trend.rows.map(\.section))
    #expect(
      sections == [
        "index", "dimensions", "plans", "lar", "services", "gender", "ageBands", "problemGroup", "dimensionScores",
        "substances", "children", "activity", "violence", "servicesNext12",
      ])
    // v1: "dimensions" is the red share keyed by dimension; every level is in "dimensionScores".
    #expect(trend.rows("dimensions").map(\.key) == Dimension.allCases.map(\.rawValue))
    #expect(trend.rows("dimensionScores").count == 24)
    let green = try #require(trend.rows.first { $0.key == "housing.green" })
    #expect(green.values.map { $0?.count } == [6, 7, 7])
    let next = try #require(trend.rows("servicesNext12").first { $0.key == Self.service })
    #expect(next.values.map { $0?.count } == [4, 5, 1])
    #expect(trend.rows("plans").first?.key == "noPlanOrGroup")
  }

  @Test func aSmallGroupStaysSuppressedAndSoDoesWhatIsMadeFromIt() throws {
    // k = 3: 2025's next12 (1 person) and 2023's now (1 person) are hidden, in the series and in
    // the table of expectations.
    let trend = try Self.trend(minCell: 3)
    let next = try #require(trend.rows("servicesNext12").first { $0.key == Self.service })
    #expect(next.values[2]?.isSuppressed == true)
    let now = try #require(trend.rows("services").first { $0.key == Self.service })
    #expect(now.values[0]?.isSuppressed == true)
    let csv = ReportRenderer.render(trend, as: .csv)
    #expect(csv.contains("expectations;outpatientPsychiatry;2025.next12;:;:\r\n"))
    #expect(!csv.contains("expectations;outpatientPsychiatry;2025.next12;1;"))
    // A year of two persons: everything but its n is hidden, and every difference made from it.
    var inputs = Self.rounds()
    let tiny = inputs[2].surveys.filter { [1, 7].contains(B.number($0.id)) }
    inputs[2] = ReportInput(round: inputs[2].round, surveys: tiny)
    let small = try TrendEngine.publish(inputs, minCell: 3)
    #expect(small.reports[1].n == 2 && small.reports[1].isTiny)
    #expect(small.rows.allSatisfy { row in row.values[1].map(\.isSuppressed) ?? true })
    let check = try #require(small.steps[0].forecast(Self.service))
    #expect(check.actual.isSuppressed && check.differencePersons == nil && check.differencePp == nil)
    #expect(ReportRenderer.render(small, as: .csv).contains("expectations;outpatientPsychiatry;2024.now;:;:\r\n"))
    #expect(Self.fields(ReportRenderer.render(small, as: .text), "Poliklinikk psykiatri").suffix(3) == [":", ":", ":"])
    // The persons followed are the known numbers compare shows (1 followed), never hidden.
    #expect(small.steps.map(\.followed) == [1, 2])
  }

  @Test func theAuditCoversTheYearsAndThePairsOnce() throws {
    let trend = try Self.trend(minCell: 3)
    let inputs = Self.rounds().sorted { $0.round.year < $1.round.year }
    let pairs = [0, 1].map { position in
      Disclosure.apply(ComparisonEngine.figures(a: [inputs[position]], b: [inputs[position + 1]]), minCell: 3)
    }
    // The pairs' tables hold 2024 both; the trend carries it once.
    let shared = pairs[0].b.audit.cellsAudited
    #expect(trend.audit.cellsAudited == pairs[0].audit.cellsAudited + pairs[1].audit.cellsAudited - shared)
    #expect(trend.audit.cellsAudited > trend.reports.reduce(0) { $0 + $1.audit.cellsAudited })
    #expect(ReportRenderer.render(trend, as: .text).contains("Kontroll: \(trend.audit.cellsAudited) prikkede tall"))
  }

  @Test func textKeepsWithinEightyColumns() throws {
    for trend in [try Self.trend(minCell: 3), ReportGoldenTests.trend] {
      let wide = ReportRenderer.render(trend, as: .text).split(separator: "\n").filter { $0.count > 80 }
      #expect(wide.isEmpty, "\(wide)")
    }
  }

  /// The figures of the first text line that starts with `label` (the first part of a split table).
  static func fields(_ text: String, _ label: String) -> [String] {
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(label) }) else { return [] }
    return line.dropFirst(label.count).split(separator: " ").map(String.init)
  }

  @Test func chartsAreSmallMultiplesThatReadInGreyAndKeepTrafficLightsForScores() throws {
    let html = ReportRenderer.render(ReportGoldenTests.trend, as: .html, made: "2026-12-02")
    let trafficLights = ["#3a9b5c", "#c99a06", "#d64545"]
    // Each block up to the next, so a part holds one group of charts only.
    let parts = html.components(separatedBy: "<section class=\"block\">").map {
      $0.components(separatedBy: "<h2 class=\"part\">")[0].components(separatedBy: "<figure class=\"block\">")[0]
    }
    let services = try #require(parts.first { $0.contains("<h2>Tjenester: har nå og ventet") })
    let dimensions = try #require(parts.first { $0.contains("<h2>Levekår per dimensjon: andel grønn") })
    // One small chart per service and per dimension, each line named at its end.
    #expect(services.components(separatedBy: "<figure class=\"multiple\">").count - 1 == 19)
    #expect(dimensions.components(separatedBy: "<figure class=\"multiple\">").count - 1 == 8)
    // Services: navy now, purple dashed expectation; never a traffic-light colour.
    #expect(trafficLights.allSatisfy { !services.contains($0) })
    #expect(services.contains("stroke=\"#14365e\"") && services.contains("stroke-dasharray=\"5 4\""))
    #expect(services.contains(">Nå ") && services.contains(">Ventet "))
    // Each dimension: green solid, yellow dashed, red dotted, named G, Y, R at the line ends.
    for chart in dimensions.components(separatedBy: "<figure class=\"multiple\">").dropFirst() {
      #expect(trafficLights.allSatisfy { chart.contains("stroke=\"\($0)\"") })
      #expect(chart.contains("stroke-dasharray=\"7 4\"") && chart.contains("stroke-dasharray=\"2 3\""))
      #expect(["G ", "Y ", "R "].allSatisfy { chart.contains("class=\"end\">\($0)") })
    }
    // The dimensions share one scale: every chart's top tick is the same.
    let tops = dimensions.components(separatedBy: "<figure class=\"multiple\">").dropFirst().map { chart in
      chart.components(separatedBy: "class=\"axis\" text-anchor=\"end\">").dropFirst()
        .compactMap { Int($0.prefix { $0.isNumber }) }.max()
    }
    #expect(tops.count == 8 && Set(tops).count == 1)
    // Somatikk is missing from 2024's catalogue; its 2025 now stands alone, and a line whose
    // latest value is missing says the year of its label.
    #expect(services.contains("(2024)") || services.contains("(2023)"))
  }
}
