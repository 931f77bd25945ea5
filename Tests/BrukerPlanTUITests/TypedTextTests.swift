import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// Text typed into a field is never thrown away without asking, whichever way the form or the
/// app is left: Esc (twice), q, F10, Ctrl-C, SIGTERM/SIGHUP, autosave, a save conflict.
/// The survey used is the fixture's draft (born 1999), the first row of the list.
@Suite struct TypedTextTests {
  /// From the start screen to the draft's birth-year field.
  static let toBirthYear = "<Enter><Enter><M-1><Down>"

  @Test func escapeInTheBirthYearLeavesTheFieldKeepsTheTextAndTheFormAsks() throws {
    let fixture = try FixtureStore()
    let id = fixture.id(Numbers.male1999)
    let runner = fixture.runner()
    runner.type(Self.toBirthYear + "7<Esc>")
    // Still in the form, on the same field, with "7" kept as the (not yet valid) answer.
    #expect(runner.state.screen == .form)
    #expect(runner.state.dialog == nil)
    #expect(runner.state.form?.currentField == .birthYear)
    #expect(runner.state.form?.yearText == nil)
    #expect(runner.state.form?.survey.birthYear == 7)
    #expect(runner.state.form?.dirty == true)
    #expect(runner.text.contains("Fødselsår: ikke et mulig fødselsår – «7» er beholdt; rett det før lagring."))
    #expect(runner.text.contains("[endret]"))
    // A second Esc asks; Enter (the default) stays.
    runner.type("<Esc>")
    #expect(runner.text.contains("Skjemaet har ulagrede endringer."))
    runner.type("<Enter>")
    #expect(runner.state.screen == .form)
    #expect(runner.state.form?.survey.birthYear == 7)
    // Saving an impossible year is refused and says why; the file is untouched.
    runner.type("<Esc>l")
    #expect(runner.state.screen == .form)
    #expect(runner.text.contains("Kan ikke lagre: Fødselsår: ikke et mulig fødselsår"))
    #expect(try fixture.onDisk(id)?["birthYear"] as? Int == 1999)
    // Finished, the year saves from the same question.
    runner.type("<BS>1998<Esc>l")
    #expect(runner.state.screen == .surveys)
    #expect(try fixture.onDisk(id)?["birthYear"] as? Int == 1998)
  }

  @Test func escapeThenDiscardLeavesTheFileAsItWas() throws {
    let fixture = try FixtureStore()
    let id = fixture.id(Numbers.male1999)
    let runner = fixture.runner()
    runner.type(Self.toBirthYear + "19<Esc><Esc>f")
    #expect(runner.state.screen == .surveys)
    #expect(try fixture.onDisk(id)?["birthYear"] as? Int == 1999)
  }

  @Test func qInsideTheFieldIsIgnoredAndTheTypingGoesOn() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type(Self.toBirthYear + "19q85")
    #expect(runner.state.screen == .form)
    #expect(runner.state.form?.survey.birthYear == 1985)
  }

  @Test func leavingTheFieldWithAnUnfinishedYearKeepsItVisibleWithTheProblem() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type(Self.toBirthYear + "198<Tab>")
    #expect(runner.state.form?.section == 1)
    #expect(runner.state.form?.survey.birthYear == 198)
    #expect(runner.text.contains("Kan ikke lagre: Fødselsår: ikke et mulig fødselsår"))
    runner.type("<M-1>")
    #expect(runner.text.contains("198  Fødselsår: ikke et mulig fødselsår"))
  }

  @Test(arguments: ["<F10>", "<C-c>"])
  func quittingWhileTypingKeepsTheTextAsARecoveryCopy(quitKey: String) throws {
    let fixture = try FixtureStore()
    let id = fixture.id(Numbers.male1999)
    let runner = fixture.runner()
    runner.type(Self.toBirthYear + "198" + quitKey)
    #expect(runner.text.contains("Ulagrede endringer lagres først som utkast"))
    runner.type("j")
    #expect(runner.isFinished)
    // An unfinished year cannot go into the round; it waits in .recovery, offered next time.
    #expect(try fixture.onDisk(id)?["birthYear"] as? Int == 1999)
    #expect(Recovery.load(fixture.roundFolder)[id]?.birthYear == 198)
  }

  @Test func quittingWhileTypingAFullYearSavesTheDraft() throws {
    let fixture = try FixtureStore()
    let id = fixture.id(Numbers.male1999)
    let runner = fixture.runner()
    // Backspace and one digit: "1999" becomes "1998" without the field being left.
    runner.type(Self.toBirthYear + "<BS>8<C-c>j")
    #expect(runner.isFinished)
    #expect(try fixture.onDisk(id)?["birthYear"] as? Int == 1998)
  }

  @Test func terminationWhileTypingKeepsTheText() throws {
    let fixture = try FixtureStore()
    let id = fixture.id(Numbers.male1999)
    let runner = fixture.runner()
    runner.type(Self.toBirthYear + "<BS>")
    runner.send(.terminate)
    #expect(runner.isFinished)
    #expect(Recovery.load(fixture.roundFolder)[id]?.birthYear == 199)
  }

  @Test func autosaveInTheMiddleOfAYearDoesNotEndTheTyping() throws {
    let fixture = try FixtureStore()
    let id = fixture.id(Numbers.male1999)
    let runner = fixture.runner()
    runner.type(Self.toBirthYear + "19")
    fixture.clock.now += 31
    runner.send(.tick(now: fixture.clock.now))
    #expect(Recovery.load(fixture.roundFolder)[id]?.birthYear == 19)
    runner.type("85<C-s>")
    #expect(try fixture.onDisk(id)?["birthYear"] as? Int == 1985)
  }

  @Test func aSaveConflictShowsTheTypedYearAndCancelKeepsIt() throws {
    let fixture = try FixtureStore()
    let id = fixture.id(Numbers.male1999)
    let runner = fixture.runner()
    runner.type(Self.toBirthYear + "1985")
    var theirs = try #require(try fixture.roundFolder.loadSurvey(id, round: fixture.round))
    theirs.problemGroup = .mentalOnly
    theirs.birthYear = 1990
    try fixture.roundFolder.save(theirs, baseRevision: 1, round: fixture.round)
    runner.type("<C-s>")
    #expect(runner.text.contains("Fødselsår: 1985 → 1990"))
    runner.type("<Esc>")
    #expect(runner.state.dialog == nil)
    #expect(runner.state.form?.survey.birthYear == 1985)
    #expect(runner.state.form?.dirty == true)
  }

  @Test func escapeOnTheNewRoundFormAsksOnceSomethingIsTyped() throws {
    let fixture = try FixtureStore(surveys: false)
    let runner = fixture.runner()
    runner.type("n<Esc>")
    #expect(runner.state.screen == .rounds)
    runner.type("n<F5>9902<Tab>Fjell<Esc>")
    #expect(runner.text.contains("Forkaste den nye runden? Det du har skrevet, blir ikke lagret."))
    runner.type("n")
    #expect(runner.state.screen == .createRound)
    #expect(runner.state.createRound.values[1] == "Fjell")
    runner.type("<C-c>")
    #expect(runner.text.contains("Avslutte? Den nye runden du har skrevet inn, blir ikke lagret."))
    runner.type("<Esc><Esc>j")
    #expect(runner.state.screen == .rounds)
  }
}
