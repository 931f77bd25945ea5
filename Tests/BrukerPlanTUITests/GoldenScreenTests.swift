import BrukerPlanModel
import Testing

@testable import BrukerPlanTUI

/// Every screen as text at 80x24 and 120x40, and the too-small screen. Regenerate with
/// BRUKERPLAN_UPDATE_GOLDEN=1 swift test --filter GoldenScreenTests, then read the diff.
@Suite struct GoldenScreenTests {
  static let sizes = [(80, 24), (120, 40)]

  /// Keys from the start screen to each screen, with the first survey (the draft) selected.
  static let screens: [(name: String, keys: String)] = [
    ("rounds", ""),
    // `n` proposes next year's round from last year's; F5 gives the blank form.
    ("create-round", "n<F5>9902<Tab>Fjellby<Tab><Tab><Tab>NAV, Rus"),
    ("create-round-kinds", "n<F5>9902<Tab>Fjellby<Tab><Tab><Tab>NAV, Rus, Psykisk helse, Frisklivssentralen<Tab><Tab>"),
    ("next-round", "n"),
    ("next-round-edited", "n<Tab><Tab>10100<Tab><Tab><Tab><F4><Tab>Rus og psykisk helse<Tab>Boligkontoret<Tab>"),
    ("help-next-round", "n<Tab><Tab><Tab><Tab><Tab><F1>"),
    ("surveys", "<Enter>"),
    ("surveys-filter", "<Enter>/ferdig"),
    ("delete-confirm", "<Enter>d"),
    ("inclusion", "<Enter>nj"),
    // A "no" at the inclusion check: which unit counts it; an opt-out then asks for the number.
    ("inclusion-unit", "<Enter>njn"),
    ("optout-number", "<Enter>njjj1"),
    ("number", "<Enter>njjn0101801"),
    ("number-wrong-control", "<Enter>njjn01018012372"),
    ("number-impossible-date", "<Enter>njjn3213"),
    ("form-background", "<Enter>j<Enter><M-1>"),
    ("form-functioning", "<Enter>j<Enter><M-2>"),
    ("form-substances", "<Enter>j<Enter><M-3>"),
    ("form-plans", "<Enter>j<Enter><M-4>"),
    ("form-children", "<Enter>j<Enter><M-5>"),
    ("form-activity", "<Enter>j<Enter><M-6>"),
    ("form-services", "<Enter>j<Enter><M-7><Down><Down>1"),
    ("form-leave-dialog", "<Enter>j<Enter><M-2>1<Esc>"),
    ("help-form", "<Enter>j<Enter><F1>"),
    ("help-surveys", "<Enter>?"),
    // The focused field's keys are in help: the gender letters here, the dialog's keys below.
    ("help-form-gender", "<Enter>j<Enter><Down><Down><F1>"),
    ("help-leave-dialog", "<Enter>j<Enter><M-2>1<Esc><F1>"),
    // The services' column header stays on screen at the end of the list (it scrolled away).
    ("form-services-end", "<Enter>j<Enter><M-7><End>"),
    ("quit-confirm", "<C-c>"),
  ]

  @Test(arguments: sizes)
  func everyScreen(width: Int, height: Int) throws {
    for screen in Self.screens {
      let fixture = try FixtureStore()
      let runner = fixture.runner(width: width, height: height)
      runner.type(screen.keys)
      Golden.check("\(screen.name)-\(width)x\(height)", runner.screen, styles: screen.name == "form-functioning")
    }
  }

  @Test func tooSmallScreenAndRecovery() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner(width: 79, height: 23)
    Golden.check("too-small-79x23", runner.screen)
    runner.send(.input(.resize(width: 80, height: 24)))
    #expect(runner.screen.lines()[0].contains("Kartleggingsrunder"))
  }

  @Test func tooSmallScreenShowsTheQuitQuestion() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner(width: 60, height: 20)
    runner.type("q")
    #expect(runner.text.contains("Avslutte BrukerPlan?"))
    runner.type("j")
    #expect(runner.isFinished)
  }

  @Test func asciiFallback() throws {
    let fixture = try FixtureStore()
    let runner = AppRunner(
      store: fixture.store, width: 80, height: 24, asciiOnly: true, storeLabel: "/srv/brukerplan",
      clock: { fixture.clock.now })
    runner.type("<Enter>j<Enter><M-2>")
    Golden.check("form-functioning-ascii-80x24", runner.screen)
    #expect(runner.screen.lines().allSatisfy { $0.utf8.allSatisfy { $0 < 128 } })
  }

  /// `--lang en`: the rounds, the list, every form section, the new-survey flow and the report.
  static let englishScreens: [(name: String, keys: String)] = [
    ("rounds", ""),
    ("create-round", "n<F5>9902<Tab>Fjellby<Tab><Tab><Tab>NAV, Rus<Tab>"),
    ("next-round", "n<Tab><Tab><Tab><Tab><Tab><F4>"),
    ("surveys", "<Enter>"),
    ("number", "<Enter>njjn0101801"),
    ("form-background", "<Enter>j<Enter><M-1>"),
    ("form-functioning", "<Enter>j<Enter><M-2>"),
    ("form-substances", "<Enter>j<Enter><M-3>"),
    ("form-children", "<Enter>j<Enter><M-5>"),
    ("form-activity", "<Enter>j<Enter><M-6>"),
    ("form-services", "<Enter>j<Enter><M-7>"),
    ("form-leave-dialog", "<Enter>j<Enter><M-2>1<Esc>"),
    ("report", "<Enter>r"),
  ]

  @Test(arguments: sizes)
  func englishLabels(width: Int, height: Int) throws {
    for screen in Self.englishScreens {
      let fixture = try FixtureStore()
      let runner = fixture.runner(width: width, height: height, language: .english)
      runner.type(screen.keys)
      Golden.check("\(screen.name)-english-\(width)x\(height)", runner.screen)
      // Headers apart, questions with their answers, no description cut without "…".
      if screen.name == "rounds" { #expect(runner.text.contains("Complete  Drafts")) }
      if screen.name == "number" { #expect(runner.text.contains("last 12 months? Yes")) }
      if screen.name == "form-functioning" { #expect(runner.text.contains("Use with considerable negative c")) }
      if screen.name == "report" { #expect(runner.text.contains("Persons mapped (N)")) }
      // Nothing Norwegian left in the labels (survey data such as unit names is the user's).
      let text = runner.text.replacingOccurrences(of: "Rustjenesten", with: "")
      for word in ["Lagre", "Tilbake", "Hjelp", "Avslutt", "Mangler", "Fødsel", "Kjønn", "Enhet", " og ", "Ja ", "Nei"]
      {
        #expect(!text.contains(word), "\(screen.name): \"\(word)\" in English")
      }
    }
  }

  @Test func conflictDialogListsTheDifferences() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    let id = fixture.id(Numbers.female1975)
    runner.type("<Enter>")
    // Open the complete survey (sorted by last saved, the draft is first).
    runner.type("<Down><Enter><M-2>3")
    var theirs = try #require(try fixture.roundFolder.loadSurvey(id, round: fixture.round))
    theirs.scores[.economy] = .green
    theirs.scores[.substanceUse] = .green
    theirs.lar = true
    try fixture.roundFolder.save(theirs, baseRevision: theirs.revision, round: fixture.round)
    runner.type("<C-s>")
    // Only the field both changed; economy and LAR (theirs alone) are merged without asking.
    Golden.check("conflict-80x24", runner.screen)
  }
}
