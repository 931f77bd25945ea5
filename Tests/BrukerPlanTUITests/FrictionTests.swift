import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// What a caseworker met when trying the UI as a new user (issue 13): each failed before.
@Suite struct FrictionTests {
  // MARK: A message belongs to the action and screen that made it

  @Test func aSaveMessageDoesNotOutliveADiscard() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter><Down><Enter><C-s>")
    #expect(runner.text.contains("Lagret som ferdig."))
    runner.type("<M-2>3<Esc>f")
    #expect(runner.state.screen == .surveys)
    #expect(!runner.text.contains("Lagret som ferdig."))
  }

  @Test func anUnderAgeRejectionIsNotShownOnTheNextPersonsForm() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>njjn" + Numbers.under16 + "<Enter>")
    #expect(runner.text.contains("under 16 år"))
    runner.type("1")
    #expect(runner.text.contains("under 16 år"))
    runner.type("n")
    #expect(!runner.text.contains("under 16 år"))
    runner.type("jjn" + Numbers.male1980 + "<Enter>")
    #expect(runner.state.screen == .form)
    #expect(!runner.text.contains("under 16 år"))
  }

  @Test func aSaveMessageIsNotShownOnAnotherRoundsList() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter><Down><Enter><C-s>")
    #expect(runner.text.contains("Lagret som ferdig."))
    runner.type("<Esc>q<Down><Enter>")
    #expect(runner.text.contains("Testvik 2023"))
    #expect(!runner.text.contains("Lagret"))
  }

  // MARK: The filter finds what the list shows

  @Test func theFilterFindsBirthYearAndGender() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>/1999")
    #expect(runner.state.list.visible.count == 1)
    #expect(runner.state.list.selected?.birthYear == 1999)
    runner.type("<C-u>kvinne")
    #expect(runner.state.list.visible.count == 1)
    #expect(runner.state.list.selected?.gender == .female)
    runner.type("<C-u>mann")
    #expect(runner.state.list.selected?.gender == .male)
    // "male" is not found inside "female".
    runner.type("<C-u>male")
    #expect(runner.state.list.visible.count == 1)
    #expect(runner.state.list.selected?.gender == .male)
  }

  // MARK: Ctrl-U clears a text field; an inclusion answer can be taken back

  @Test func ctrlUClearsEveryTextField() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("n<F5>9902<C-u>")
    #expect(runner.state.createRound.values[0] == "")
    runner.type("<Esc><Enter>/rus<C-u>")
    #expect(runner.state.list.filter == "")
    runner.type("<Enter>njjn01018<C-u>")
    #expect(runner.state.newSurvey.typedCount == 0)
    runner.type("<Esc><Down><Enter><Down>19<C-u>")
    #expect(runner.state.form?.survey.birthYear == nil)
  }

  @Test func anInclusionAnswerCanBeTakenBack() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>nj")
    #expect(runner.state.newSurvey.step == 1)
    runner.type("<Up>")
    #expect(runner.state.newSurvey.step == 0)
    runner.type("jj<BS>")
    #expect(runner.state.newSurvey.step == 1)
    runner.type("jn0<BS><BS>")
    #expect(runner.state.newSurvey.step == 2)
    #expect(runner.state.newSurvey.typedCount == 0)
    #expect(runner.text.contains("Har personen reservert seg"))
  }

  // MARK: The services list

  @Test func typingLettersJumpsToAService() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter><Down><Enter><M-7>po")
    #expect(runner.state.form?.currentField == .service("outpatientSubstance"))
    runner.type("s")
    #expect(runner.state.form?.currentField == .service("socialServices"))
    runner.type("dø")
    #expect(runner.state.form?.currentField == .service("inpatientSubstance"))
    // Digits still answer: 1 ticks "has now" for the service found.
    runner.type("1")
    #expect(runner.state.form?.survey.services["inpatientSubstance"]?.now == true)
  }

  @Test(arguments: [Language.norwegian, .english])
  func theServicesHeaderStaysOnScreenAt80x24(language: Language) throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner(language: language)
    runner.type("<Enter><Down><Enter><M-7><End>")
    let lines = runner.screen.lines()
    #expect(lines[6].contains(language == .norwegian ? "Har nå" : "Has now"))
    #expect(runner.text.contains(language == .norwegian ? "Somatikk" : "Somatic health care"))
    runner.type("<Home>")
    #expect(runner.text.contains(language == .norwegian ? "↓ mer" : "↓ more"))
  }

  // MARK: English labels and Norwegian errors

  @Test func serviceLabelsAreEnglishWithLangEn() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner(width: 120, height: 40, language: .english)
    runner.type("<Enter><Down><Enter><M-7>")
    #expect(runner.text.contains("Social services"))
    #expect(!runner.text.contains("Sosialtjeneste"))
    runner.type("<Esc>r")
    #expect(runner.documentText.contains("Social services"))
  }

  @Test func aRoundThatExistsIsRefusedInNorwegian() throws {
    let fixture = try FixtureStore(surveys: false)
    let runner = fixture.runner()
    runner.type("n<F5>9902<Tab>Fjellby<Tab>2025<Tab><Tab>NAV<C-s>")
    #expect(runner.text.contains("Runden 2025-9902 er opprettet."))
    runner.type("n<F5>9902<Tab>Fjellby<Tab>2025<Tab><Tab>NAV<C-s>")
    #expect(runner.text.contains("Runden finnes allerede"))
    #expect(!runner.text.contains("already exists"))
  }

  // MARK: Two caseworkers, one survey: merged field by field

  @Test func changesToDifferentFieldsAreMergedWithoutAQuestion() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    let id = fixture.id(Numbers.female1975)
    runner.type("<Enter><Down><Enter><M-2>3")
    var theirs = try #require(try fixture.roundFolder.loadSurvey(id, round: fixture.round))
    theirs.scores[.economy] = .green
    theirs.lar = true
    try fixture.roundFolder.save(theirs, baseRevision: 1, round: fixture.round)
    runner.type("<C-s>")
    #expect(runner.state.dialog.map { _ in true } == nil)
    #expect(runner.text.contains("Slått sammen"))
    let json = try #require(try fixture.onDisk(id))
    #expect(json["revision"] as? Int == 3)
    #expect((json["scores"] as? [String: String])?["substanceUse"] == "red")
    #expect((json["scores"] as? [String: String])?["economy"] == "green")
    #expect(json["lar"] as? Bool == true)
  }
}
