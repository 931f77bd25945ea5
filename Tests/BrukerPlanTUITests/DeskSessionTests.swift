import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// The coordinator's month in the UI, keys only: next year's round from last year's, two units
/// register (the rules ask, one finding is accepted, one left open), the desk's figures are the
/// files' figures, the round is closed with a reason, and an edit after closing is refused.
@Suite struct DeskSessionTests {
  @Test func aRoundFromRegistrationToClosing() throws {
    let fixture = try FixtureStore()
    // Last year's round is the fixture's 2024 round (one complete in nav, one draft in rus).
    // The new-round screen proposes it: same units and ids; this year's population typed.
    let runner = fixture.runner()
    runner.type("n")
    #expect(runner.text.contains("Ny runde fra 2024 (Testvik)"))
    runner.type("<Tab><Tab>10100<Tab>8100<Tab>7700<C-s>")
    let folder = RoundFolder(path: fixture.store.path + "/2025-9901")
    let round = try folder.loadRound()
    #expect(round.units == fixture.round.units && round.deadline == "2025-12-15")
    #expect(round.population == .init(total: 10_100, age16plus: 8_100, age18plus: 7_700))
    fixture.clock.now += 365 * 86_400  // 2025-11-20
    runner.send(.tick(now: fixture.clock.now))
    runner.type("<Enter>")
    #expect(runner.state.open?.round.year == 2025)

    // NAV: mental health only, but a substance is ticked. The rules ask on save; accepted.
    let navPerson = fixture.store.pseudonym(for: try NationalIdentityNumber(Numbers.female1975))
    runner.type("njjn" + Numbers.female1975 + "<Enter>")
    runner.type("14" + "gggggggg" + "3<Enter>" + "n" + "15<Enter>" + "jjnj" + "23" + "<Right><Space>")
    runner.type("<C-s>")
    #expect(runner.state.dialog != nil)
    #expect(runner.text.contains("Kun psykiske problem, men rusmiddelbruk er gul eller rød"))
    #expect(!FileSystem.exists(folder.surveysPath + "/\(navPerson).json"))
    runner.type("a")
    let navSaved = try #require(try folder.loadSurvey(navPerson, round: round))
    #expect(navSaved.status == .complete && navSaved.acceptedWarnings == ["dq1.mentalOnlySubstanceUse"])
    runner.type("<Esc>")

    // NAV's inclusion check: one person opted out (on the round's list), one has no service.
    runner.type("njjj1" + Numbers.male1999 + "<Enter>")
    #expect(runner.state.message?.text.hasPrefix("Reservert (2025-11-20): ingen enhet") == true)
    runner.type("njn1")
    #expect(try folder.inclusionCounts().units == ["nav": ["optedOut": 1, "noMunicipalService": 1]])

    // The substance service, after the deadline: in LAR with no LAR service; saved, left open.
    fixture.clock.now += 27 * 86_400  // 2025-12-17
    runner.send(.tick(now: fixture.clock.now))
    let rusPerson = fixture.store.pseudonym(for: try NationalIdentityNumber(Numbers.male1980))
    runner.type("njjn" + Numbers.male1980 + "<Enter>")
    runner.type("21" + "gyrgyrgy" + "3<Enter>" + "j" + "15<Enter>" + "jjnj" + "23" + "<Right><Space>")
    runner.type("<C-s>")
    #expect(runner.text.contains("Personen er i LAR, men har ingen LAR-tjeneste nå."))
    runner.type("s")
    let rusSaved = try #require(try folder.loadSurvey(rusPerson, round: round))
    #expect(rusSaved.acceptedWarnings.isEmpty)
    #expect(runner.state.message?.text.contains("Merk: fristen (2025-12-15) er passert.") == true)
    runner.type("<Esc>")

    // The desk shows what the files hold, beside last year's round.
    runner.type("o")
    #expect(runner.state.screen == .desk)
    let shown = try #require(runner.state.desk.desk)
    #expect(shown == (try RoundDesk.load(folder, today: ISODay("2025-12-17")!)))
    let nav = try #require(shown.units.first { $0.unit == "nav" })
    let rus = try #require(shown.units.first { $0.unit == "rus" })
    #expect(nav.complete == 1 && nav.openWarnings == 0 && nav.lastYearComplete == 1)
    #expect(nav.notIncluded(.optedOut) == 1 && nav.notIncluded(.noMunicipalService) == 1 && shown.optOutList == 1)
    #expect(rus.complete == 1 && rus.openWarnings == 1 && rus.lastYearComplete == 0)
    #expect(shown.daysToDeadline == -2 && shown.previousRound == "2024-testvik")
    #expect(runner.text.contains("fristen gikk ut for 2 dager siden"))

    // Closing: a reason, then the question with what is left; yes.
    runner.type("l")
    runner.type("<Enter>")
    #expect(runner.state.message?.text == "Skriv en begrunnelse.")
    runner.type("Alle har levert<Enter>")
    #expect(runner.text.contains("Rustjenesten: 0 utkast, 0 feil, 1 advarsler"))
    runner.type("j")
    #expect(try folder.loadRound().status == .closed)
    #expect(!FileSystem.exists(folder.optOutFile))
    #expect(runner.state.open?.round.status == .closed)
    let audit = try folder.audit.read().entries.last
    #expect(audit?.action == "close-round" && audit?.reason == "Alle har levert")

    // After closing: the form is read-only, and a save is refused by the store.
    runner.type("<Esc>")
    #expect(runner.state.screen == .surveys)
    runner.type("<Enter>1")
    #expect(runner.state.message?.text == "Runden er lukket og kan bare leses.")
    #expect(throws: StoreError.self) { try folder.save(rusSaved, baseRevision: rusSaved.revision, round: round) }
    #expect(try folder.loadSurvey(rusPerson, round: try folder.loadRound()) == rusSaved)
  }
}
