import Foundation
import Testing

@testable import BrukerPlanModel

/// Every field of a survey with good and bad values (spec section 4).
@Suite struct ValidationTests {
  /// The problems of `Samples.complete()` after `change` is applied to its JSON object.
  func problems(_ change: (inout [String: Any]) -> Void) throws -> [FieldProblem] {
    let data = try JSONEncoder().encode(Samples.complete())
    var object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    change(&object)
    let survey = try JSONDecoder().decode(Survey.self, from: JSONSerialization.data(withJSONObject: object))
    return survey.validate(in: Samples.round)
  }

  func fields(_ change: (inout [String: Any]) -> Void) throws -> [String] {
    try problems(change).map(\.field)
  }

  @Test func completeSampleIsValid() throws {
    #expect(try problems { _ in }.isEmpty)
  }

  @Test(arguments: [
    ("gender", "male", "other"), ("problemGroup", "mentalOnly", "ROP"), ("activity", "student", "retired"),
    ("violence", "both", "sometimes"), ("status", "draft", "finished"),
  ])
  func vocabularyFields(key: String, good: String, bad: String) throws {
    #expect(try problems { $0[key] = good }.isEmpty)
    let found = try problems { $0[key] = bad }
    #expect(found.map(\.field) == [key])
    #expect(found[0].message.contains("unknown value \"\(bad)\""))
  }

  /// Sets one key of the scores object (nil removes it).
  func score(_ key: String, _ value: String?) -> (inout [String: Any]) -> Void {
    { object in
      var scores = object["scores"] as? [String: Any] ?? [:]
      scores[key] = value
      object["scores"] = scores
    }
  }

  @Test func scores() throws {
    #expect(try problems(score("housing", "red")).isEmpty)
    let bad = try problems(score("housing", "purple"))
    #expect(bad.map(\.field) == ["scores.housing"] && bad[0].message == "must be green, yellow or red")
    #expect(try fields(score("mood", "red")) == ["scores.mood"])
    #expect(try fields(score("network", nil)) == ["scores.network"])
  }

  @Test func substancesAndPlans() throws {
    #expect(try problems { $0["substances"] = [] as [String] }.isEmpty)
    #expect(try problems { $0["substances"] = ["heroin", "illicitLarMedication"] }.isEmpty)
    #expect(try fields { $0["substances"] = ["alcohol", "glue"] } == ["substances[1]"])
    #expect(try fields { $0["substances"] = ["alcohol", "alcohol"] } == ["substances[1]"])
    #expect(try problems { $0["plans"] = ["crisisPlan", "responsibilityGroup"] }.isEmpty)
    #expect(try fields { $0["plans"] = ["masterPlan"] } == ["plans[0]"])
    #expect(try fields { $0["plans"] = "individualPlan" } == ["plans"])
  }

  @Test func wrongTypesBecomeDecodingProblems() throws {
    #expect(try fields { $0["birthYear"] = "1980" } == ["birthYear"])
    #expect(try fields { $0["lar"] = "yes" } == ["lar"])
    #expect(
      try fields { $0["children"] = ["hasChildren": true, "custody": "ja", "contact": false, "childWelfare": false] }
        == ["children.custody"])
    #expect(
      try fields { $0["services"] = ["socialServices": ["now": "yes", "next12": true]] } == [
        "services.socialServices.now"
      ])
    #expect(try fields { $0["services"] = ["socialServices": true] } == ["services.socialServices"])
    let wrongType = try problems { $0["lar"] = 1 }
    #expect(wrongType.first?.message == "has the wrong type (expected true or false)")
  }

  @Test func birthYearGivesAgeFrom16To120() throws {
    #expect(try problems { $0["birthYear"] = 2008 }.isEmpty)  // 16 in 2024
    let young = try problems { $0["birthYear"] = 2010 }
    #expect(young.map(\.field) == ["birthYear"])
    #expect(young[0].message.contains("age 14"))
    #expect(try problems { $0["birthYear"] = 1904 }.isEmpty)  // 120
    let old = try problems { $0["birthYear"] = 1900 }
    #expect(old.map(\.field) == ["birthYear"] && old[0].message.contains("not plausible"))
  }

  @Test func unitAndServicesMustBeInTheRound() throws {
    #expect(try problems { $0["unit"] = "rus" }.isEmpty)
    let unit = try problems { $0["unit"] = "school" }
    #expect(unit.map(\.field) == ["unit"] && unit[0].message.contains("units: nav, rus"))
    #expect(try problems { $0["services"] = ["somatic": ["now": false, "next12": true]] }.isEmpty)
    #expect(try fields { $0["services"] = ["spaceTravel": ["now": true, "next12": true]] } == ["services.spaceTravel"])
  }

  @Test func roundsOwnCatalogueReplacesTheDefault() throws {
    var round = Samples.round
    round.services = [CatalogueService(id: "socialServices", label: "Sosialtjeneste", level: .municipal)]
    var survey = Samples.complete()
    #expect(survey.validate(in: round).isEmpty)
    survey.services["somatic"] = ServiceAnswer(now: true, next12: true)
    #expect(survey.validate(in: round).map(\.field) == ["services.somatic"])
  }

  @Test func completeSurveyListsEveryMissingField() {
    var survey = Survey(id: "paaaaaaaaaaaaaaaa")
    #expect(survey.validate(in: Samples.round).isEmpty)  // a draft may be empty
    survey.status = .complete
    let expected =
      ["unit", "birthYear", "gender", "problemGroup"] + Dimension.allCases.map { "scores.\($0.rawValue)" }
      + [
        "substances", "lar", "plans", "children.hasChildren", "children.custody", "children.contact",
        "children.childWelfare", "activity", "violence",
      ]
    let found = survey.validate(in: Samples.round)
    #expect(found.map(\.field) == expected)
    #expect(found.allSatisfy { $0.message == "is required for a complete survey" })
  }

  @Test func childrenAnswersMustAgree() throws {
    let noChildren = ["hasChildren": false, "custody": true, "contact": true, "childWelfare": false]
    #expect(try fields { $0["children"] = noChildren } == ["children.custody", "children.contact"])
    let withChildren = ["hasChildren": true, "custody": true, "contact": false, "childWelfare": true]
    #expect(try problems { $0["children"] = withChildren }.isEmpty)
  }

  @Test func formatIdAndRevision() throws {
    let format = try problems { $0["format"] = "brukerplan-survey/2" }
    #expect(format.map(\.field) == ["format"] && format[0].message.contains("brukerplan-survey/2"))
    #expect(try fields { $0["id"] = "P123" } == ["id"])
    #expect(try fields { $0["id"] = "paaaaaaaaaaaaaaa1" } == ["id"])  // 1 is not base32
    #expect(try fields { $0["revision"] = 0 } == ["revision"])
    let missing = try problems { $0["format"] = nil }
    #expect(missing.first == FieldProblem("format", "is required but missing"))
  }
}
