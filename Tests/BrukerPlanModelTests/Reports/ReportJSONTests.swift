import Foundation
import Testing

@testable import BrukerPlanModel

/// The JSON of spec section 10, key for key.
@Suite struct ReportJSONTests {
  static let reportKeys = [
    "format", "indexRule", "minCell", "rounds", "n", "drafts", "prevalencePer1000", "gender", "ageBands", "meanAge",
    "problemGroup", "dimensions", "index", "plans", "substances", "lar", "children", "activity", "violence", "services",
  ]

  static func object(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// Keys of the top-level object in the order they are written.
  static func topLevelOrder(_ text: String) -> [String] {
    text.components(separatedBy: "\n").filter { $0.hasPrefix("  \"") }.map {
      String($0.dropFirst(3).prefix { $0 != "\"" })
    }
  }

  static func isCell(_ value: Any?) -> Bool {
    guard let cell = value as? [String: Any] else { return false }
    if cell["suppressed"] as? Bool == true {
      return Set(cell.keys) == ["count", "percent", "suppressed"] && cell["count"] is NSNull
        && cell["percent"] is NSNull
    }
    return Set(cell.keys) == ["count", "percent"] && cell["count"] is NSNumber && cell["percent"] is NSNumber
  }

  @Test func reportHasEveryKeyOfSection10_1InOrder() throws {
    let text = ReportRenderer.render(ReportGoldenTests.report, as: .json)
    #expect(Self.topLevelOrder(text) == Self.reportKeys + ["audit"])
    let json = try Self.object(text)
    #expect(json["format"] as? String == "brukerplan-report/1")
    #expect(json["indexRule"] as? String == "bp-index/1")
    #expect(json["minCell"] as? Int == 3)
    #expect((json["rounds"] as? [[String: Any]])?.first?["municipality"] as? String == "4699")
    #expect(Set((json["prevalencePer1000"] as! [String: Any]).keys) == ["total", "age16plus", "age18plus"])
    #expect(Set((json["gender"] as! [String: Any]).keys) == ["female", "male"])
    #expect(Set((json["ageBands"] as! [String: Any]).keys) == ["16-24", "25-34", "35-44", "45-54", "55-64", "65+"])
    #expect(Set((json["problemGroup"] as! [String: Any]).keys) == Set(ProblemGroup.allCases.map(\.rawValue)))
    let dimensions = json["dimensions"] as! [String: [String: Any]]
    #expect(Set(dimensions.keys) == Set(Dimension.allCases.map(\.rawValue)))
    for (_, levels) in dimensions {
      #expect(Set(levels.keys) == ["green", "yellow", "red"])
      #expect(levels.values.allSatisfy { Self.isCell($0) })
    }
    #expect(Set((json["index"] as! [String: Any]).keys) == ["green", "yellow", "red", "blueLight"])
    #expect(Set((json["plans"] as! [String: Any]).keys) == Set(Plan.allCases.map(\.rawValue) + ["noPlanOrGroup"]))
    let substances = json["substances"] as! [String: Any]
    #expect(Set(substances.keys) == Set(Substance.allCases.map(\.rawValue) + ["meanPerPerson"]))
    #expect(substances["meanPerPerson"] is NSNumber || substances["meanPerPerson"] is NSNull)
    #expect(Self.isCell(json["lar"]))
    #expect(Set((json["children"] as! [String: Any]).keys) == ["hasChildren", "custody", "contact", "childWelfare"])
    #expect(Set((json["activity"] as! [String: Any]).keys) == ["work", "supportedWork", "student", "none"])
    #expect(Set((json["violence"] as! [String: Any]).keys) == ["none", "exposed", "perpetrates", "both", "unknown"])
    let services = json["services"] as! [String: [String: Any]]
    #expect(services.count == ReportGoldenTests.fjordby2024.catalogue.services.count)
    for (_, service) in services {
      #expect(
        Set(service.keys) == ["label", "level", "now", "next12", "growthPp", "growthPersons", "newDemand", "ending"])
      for key in ["now", "next12", "newDemand", "ending"] { #expect(Self.isCell(service[key])) }
    }
    #expect(services["lowThreshold"]?["label"] as? String == "Lavterskel helsetilbud")
    #expect(services["lowThreshold"]?["level"] as? String == "municipal")
  }

  @Test func percentsAreUnroundedAndSuppressedCellsAreNull() throws {
    let report = ReportGoldenTests.report
    let json = try Self.object(ReportRenderer.render(report, as: .json))
    let housing = (json["dimensions"] as! [String: [String: [String: Any]]])["housing"]!["red"]!
    let published = report.dimensions[.housing]![.red]!
    #expect(housing["count"] as? Int == published.count)
    #expect(housing["percent"] as? Double == published.percent)
    // A suppressed cell, from the 12-person municipality.
    let small = Disclosure.apply(
      ReportEngine.figures([ReportInput(round: ReportBuilders.round(), surveys: DisclosureTests.twelve())]))
    let text = ReportRenderer.render(small, as: .json)
    #expect(
      text.contains("\"male\": {\n      \"count\": null,\n      \"percent\": null,\n      \"suppressed\": true\n    }"))
    let services = try Self.object(text)["services"] as! [String: [String: Any]]
    #expect(services["socialServices"]!["growthPp"] is NSNull)
    #expect(services["socialServices"]!["growthPersons"] is NSNull)
  }

  @Test func comparisonHasEveryKeyOfSection10_2() throws {
    let text = ReportRenderer.render(ReportGoldenTests.comparison, as: .json)
    #expect(
      Self.topLevelOrder(text) == [
        "format", "indexRule", "minCell", "a", "b", "n", "prevalencePer1000", "crossSection", "forecast", "onlyInA",
        "onlyInB", "panel", "panelForecast", "flows", "capacity", "audit",
      ])
    let json = try Self.object(text)
    #expect(json["format"] as? String == "brukerplan-compare/1")
    #expect(Set((json["a"] as! [String: Any]).keys) == ["rounds", "n", "drafts"])
    #expect(json["n"] as? [String: Int] == ["a": 50, "b": 64, "change": 14])
    let cross = json["crossSection"] as! [String: Any]
    #expect(
      Set(cross.keys) == [
        "kind", "gender", "ageBands", "problemGroup", "index", "plans", "substances", "children", "activity",
        "violence",
        "lar", "dimensions", "meanAge", "meanSubstancesPerPerson", "services",
      ])
    #expect(cross["kind"] as? String == "crossSection")
    let share = (cross["gender"] as! [String: [String: Any]])["female"]!
    #expect(Set(share.keys) == ["a", "b", "changePp"])
    #expect(Self.isCell(share["a"]) && Self.isCell(share["b"]))
    #expect((cross["plans"] as! [String: Any])["noPlanOrGroup"] != nil)
    #expect((cross["substances"] as! [String: Any]).count == 7)
    let services = cross["services"] as! [String: [String: Any]]
    #expect(services["somatic"] == nil && services["lowThreshold"] == nil)
    #expect(Set(services["socialServices"]!.keys) == ["label", "now", "next12"])
    let forecast = json["forecast"] as! [String: [String: Any]]
    // Section 10.2's keys, and beside them the difference in persons (docs/compare-and-trend.md).
    #expect(
      Set(forecast["socialServices"]!.keys) == ["label", "expected", "actual", "differencePp", "differencePersons"])
    #expect(json["onlyInA"] as? [String] == ["somatic"])
    #expect(json["onlyInB"] as? [String] == ["lowThreshold"])
    let panel = json["panel"] as! [String: Any]
    #expect(panel["kind"] as? String == "panel")
    #expect(panel["n"] as? Int == 30)
    let matrix = panel["index"] as! [String: [String: Any]]
    #expect(Set(matrix.keys) == ["green", "yellow", "red", "blueLight"])
    #expect(matrix.values.allSatisfy { Set($0.keys) == ["green", "yellow", "red", "blueLight"] })
    let dimensions = panel["dimensions"] as! [String: [String: Any]]
    #expect(dimensions.values.allSatisfy { Set($0.keys) == ["better", "same", "worse"] })
  }

  @Test func forecastCheckIsActualMinusExpected() {
    let comparison = ReportGoldenTests.comparison
    for check in comparison.forecast {
      let expected = comparison.a.service(check.id)!.next12
      #expect(check.expected == expected)
      #expect(check.actual == comparison.b.service(check.id)!.now)
      if let actual = check.actual.percent, let expectedPercent = expected.percent {
        #expect(check.differencePp == actual - expectedPercent)
      } else {
        #expect(check.differencePp == nil)
      }
    }
  }

  @Test func writerEscapesAndOrders() {
    let value = OrderedJSON.object([
      ("b", .string("a \"quote\"\n\\")), ("a", .array([.integer(1), .double(2.5), .double(3), .null, .bool(true)])),
      ("empty", .object([])),
    ])
    #expect(
      value.serialized() == """
        {
          "b": "a \\"quote\\"\\n\\\\",
          "a": [
            1,
            2.5,
            3,
            null,
            true
          ],
          "empty": {}
        }
        """)
  }
}
