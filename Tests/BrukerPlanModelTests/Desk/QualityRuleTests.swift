import Foundation
import Testing

@testable import BrukerPlanModel

@Suite struct QualityRuleTests {
  let context = QualityContext(round: Samples.round, today: ISODay("2024-11-20")!)

  func fired(_ survey: Survey) -> [String] {
    QualityRules.findings(for: survey, context: context).map(\.rule)
  }

  @Test func aConsistentSurveyBreaksNoRule() {
    #expect(fired(Samples.complete()) == [])
  }

  @Test func mentalOnlyWithSubstanceUseOrLar() {
    var survey = Samples.complete()
    survey.problemGroup = .mentalOnly
    survey.substances = []
    survey.scores[.substanceUse] = .green
    #expect(fired(survey) == [])
    survey.scores[.substanceUse] = .yellow
    #expect(fired(survey) == ["dq1.mentalOnlySubstanceUse"])
    survey.scores[.substanceUse] = .green
    survey.substances = [.cannabis]
    #expect(fired(survey) == ["dq1.mentalOnlySubstanceUse"])
    survey.substances = []
    survey.lar = true
    survey.services["specialistLar"] = ServiceAnswer(now: true)
    #expect(fired(survey) == ["dq1.mentalOnlyLar"])
  }

  @Test func substanceGroupWithGreenUseAndNoSubstances() {
    var survey = Samples.complete()
    survey.scores[.substanceUse] = .green
    survey.substances = []
    #expect(fired(survey) == ["dq1.substanceGroupNoUse"])
    survey.substances = nil  // not answered yet: no rule looks at it
    #expect(fired(survey) == [])
  }

  @Test func larAndLarServicesDisagree() {
    var survey = Samples.complete()
    survey.lar = true
    #expect(fired(survey) == ["dq1.larWithoutLarService"])
    survey.services["municipalLar"] = ServiceAnswer(now: true)
    #expect(fired(survey) == [])
    survey.lar = false
    #expect(fired(survey) == ["dq1.larServiceWithoutLar"])
    #expect(QualityRules.rule("dq1.larServiceWithoutLar")?.severity == .error)
  }

  @Test func temporaryHousingWithGreenHousing() {
    var survey = Samples.complete()
    survey.services["temporaryHousing"] = ServiceAnswer(now: true)
    #expect(fired(survey) == [])
    survey.scores[.housing] = .green
    #expect(fired(survey) == ["dq1.temporaryHousingGreen"])
  }

  @Test func everySpecialistServiceNextYear() {
    var survey = Samples.complete()
    let specialist = Samples.round.catalogue.services.filter { $0.level == .specialist }
    for service in specialist.dropLast() { survey.services[service.id] = ServiceAnswer(next12: true) }
    #expect(fired(survey) == [])
    survey.services[specialist.last!.id] = ServiceAnswer(next12: true)
    #expect(fired(survey) == ["dq1.allSpecialistNext12"])
  }

  @Test func draftsAgeAgainstTodayButNeverPastTheDeadline() {
    var draft = Samples.complete()
    draft.status = .draft
    draft.updatedAt = "2024-11-06T09:00:00Z"
    #expect(fired(draft) == ["dq1.staleDraft"])  // 14 days before 20 November
    draft.updatedAt = "2024-11-07T09:00:00Z"
    #expect(fired(draft) == [])
    // In January the draft is aged at the deadline (15 December), not at today.
    let january = QualityContext(round: Samples.round, today: ISODay("2025-01-20")!)
    draft.updatedAt = "2024-12-02T09:00:00Z"
    #expect(QualityRules.findings(for: draft, context: january).isEmpty)
    draft.updatedAt = "2024-12-01T09:00:00Z"
    #expect(QualityRules.findings(for: draft, context: january).map(\.rule) == ["dq1.staleDraft"])
  }

  @Test func acceptedFindingsAreStoredByIdAndSurviveSaveAndBothLoaders() throws {
    let folder = TemporaryFolder()
    let store = try Store.open(folder.path + "/store")
    let round = try store.createRound(Samples.round, folderName: "2024")
    var survey = Samples.complete()
    survey.problemGroup = .mentalOnly
    survey.extra["fromANewerProgram"] = .string("kept")
    let findings = QualityRules.findings(for: survey, context: context)
    #expect(findings.map(\.isOpen) == [true])
    survey.accept(findings)
    survey.accept(findings)  // twice is once
    try round.save(survey, baseRevision: nil, round: Samples.round)
    let text = try String(contentsOfFile: round.surveysPath + "/\(survey.id).json", encoding: .utf8)
    #expect(text.contains("\"dqAccepted\" : [\n    \"dq1.mentalOnlySubstanceUse\"\n  ]"))
    for loaded in [try round.load(), try SurveyLoader(threads: 1).load(round)] {
      let again = try #require(loaded.surveys.first)
      #expect(again.acceptedWarnings == ["dq1.mentalOnlySubstanceUse"])
      #expect(again.extra["fromANewerProgram"] == .string("kept"))
      #expect(QualityRules.findings(for: again, context: context).map(\.isOpen) == [false])
    }
  }

  @Test func aStaleDraftCannotBeAccepted() {
    var draft = Samples.complete()
    draft.status = .draft
    draft.updatedAt = "2024-10-01T09:00:00Z"
    draft.accept(QualityRules.findings(for: draft, context: context))
    #expect(draft.acceptedWarnings.isEmpty)
    #expect(QualityRules.findings(for: draft, context: context).map(\.isOpen) == [true])
  }

  @Test func everyRuleHasAnIdOfItsSetAndBothMessages() {
    #expect(Set(QualityRules.all.map(\.id)).count == QualityRules.all.count)
    for rule in QualityRules.all {
      #expect(rule.id.hasPrefix("dq1."))
      #expect(!rule.message(.norwegian).isEmpty && !rule.message(.english).isEmpty)
      #expect(rule.message(.norwegian) != rule.message(.english))
    }
  }
}
