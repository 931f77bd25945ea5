import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// The UI's inclusion check counts whom it leaves out, per unit and reason (counters only), and
/// an opt-out goes on the round's list so no unit can register the person afterwards.
@Suite struct InclusionCountTests {
  func counts(_ fixture: FixtureStore) throws -> [String: [String: Int]] {
    try fixture.roundFolder.inclusionCounts().units
  }

  @Test func eachReasonIsCountedForTheUnitChosen() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>n" + "n")
    // Two units: which one did the check?
    #expect(runner.text.contains("Hvilken enhet gjorde inklusjonssjekken?"))
    #expect(try counts(fixture).isEmpty)
    runner.type("2")
    #expect(runner.state.screen == .surveys)
    #expect(
      runner.state.message?.text
        == "Personen er under 16 år i 2024: ikke med. Telt for Rustjenesten; ingenting lagret.")
    // The cursor starts on the unit chosen last time.
    runner.type("njn<Enter>")
    runner.type("nu<Down><Enter>")
    runner.type("njjn" + Numbers.under16 + "<Enter>")
    #expect(runner.text.contains("under 16 år i 2024"))
    runner.type("1")
    #expect(runner.state.message?.text.contains("Telt for NAV Testvik;") == true)
    #expect(
      try counts(fixture) == [
        "rus": ["under16": 1, "noMunicipalService": 1], "nav": ["outsideTargetGroup": 1, "under16": 1],
      ])
    #expect(!FileSystem.exists(fixture.roundFolder.optOutFile))
    #expect(try fixture.roundFolder.surveyFileNames().count == 2)
    // The desk shows what the file holds.
    runner.type("o")
    let rus = try #require(runner.state.desk.desk?.units.first { $0.unit == "rus" })
    #expect(rus.notIncluded(.under16) == 1 && rus.notIncluded(.noMunicipalService) == 1)
  }

  @Test func anOptOutIsListedAndNoUnitCanRegisterThePersonAfterwards() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    let id = fixture.id(Numbers.male1980)
    runner.type("<Enter>njjj1")
    #expect(runner.text.contains("Fødselsnummer til personen som har reservert seg"))
    runner.type(Numbers.male1980 + "<Enter>")
    let list = try fixture.roundFolder.optOuts()
    #expect(list.optOuts.map { [$0.id, $0.date] } == [[id, "2024-11-20"]])
    #expect(
      runner.state.message?.text
        == "Reservert (2024-11-20): ingen enhet kan kartlegge personen. Telt for NAV Testvik."
    )
    #expect(try counts(fixture) == ["nav": ["optedOut": 1]])
    // The file holds the pseudonym and the day, nothing else (no unit, no number).
    let bytes = try String(contentsOfFile: fixture.roundFolder.optOutFile, encoding: .utf8)
    #expect(!bytes.contains(Numbers.male1980) && !bytes.contains("nav"))

    // The next unit types the same number: refused at once, before a form is filled in for
    // nothing; nothing is stored.
    runner.type("njjn" + Numbers.male1980 + "<Enter>")
    #expect(runner.text.contains("personen har reservert seg i denne runden (2024-11-20)"))
    #expect(!runner.state.stack.contains(.form))
    #expect(!FileSystem.exists(fixture.roundFolder.surveysPath + "/\(id).json"))
  }

  @Test func anOptOutDeletesTheSurveyAnotherUnitMadeAndItLeavesTheList() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    let id = fixture.id(Numbers.female1975)
    runner.type("<Enter>")
    #expect(runner.state.open?.surveys[id] != nil)
    // Rustjenesten asks; the person's survey was made by NAV.
    runner.type("njjj2" + Numbers.female1975 + "<Enter>")
    #expect(
      runner.state.message?.text
        == "Reservert (2024-11-20): kartleggingen av personen er slettet. Telt for Rustjenesten.")
    #expect(runner.state.open?.surveys[id] == nil)
    #expect(!runner.state.list.rows.contains { $0.id == id })
    #expect(!FileSystem.exists(fixture.roundFolder.surveysPath + "/\(id).json"))
    // Again: already on the list, counted once more, the list unchanged.
    runner.type("njjj2" + Numbers.female1975 + "<Enter>")
    #expect(
      runner.state.message?.text
        == "Stod allerede på reservasjonslisten (2024-11-20). Telt for Rustjenesten.")
    #expect(try fixture.roundFolder.optOuts().optOuts.count == 1)
    #expect(try counts(fixture) == ["rus": ["optedOut": 2]])
  }

  @Test func aClosedRoundCountsNothing() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>")
    try fixture.roundFolder.closeRound(reason: "test", user: nil)
    runner.type("nn1")
    #expect(runner.state.message?.isError == true)
    #expect(try counts(fixture).isEmpty)
  }

  /// A caseworker on a served store with one unit is not asked which unit: it is theirs.
  @Test func aCaseworkerOnAServedStoreCountsForTheirUnitWithoutBeingAsked() throws {
    let fixture = try FixtureStore()
    try AccessFile(users: ["kari": AccessGrant(role: .caseworker, units: ["nav"])]).save(store: fixture.store.path)
    let service = GuardedStoreService(
      base: LocalStoreService(store: fixture.store), user: "kari", uid: 40_000, isOwner: false)
    let runner = AppRunner(service: service, storeLabel: "/srv/brukerplan", clock: { fixture.clock.now })
    runner.type("<Enter>nn")
    #expect(
      runner.state.message?.text == "Personen er under 16 år i 2024: ikke med. Telt for NAV Testvik; ingenting lagret.")
    #expect(try counts(fixture) == ["nav": ["under16": 1]])
    let log = try fixture.roundFolder.audit.read().entries
    #expect(log.contains { $0.action == "not-included" && $0.user == "kari" && $0.detail == "unit nav: under16" })
  }
}
