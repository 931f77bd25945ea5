import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// The list holds summaries; a form fetches its survey when it opens, in one call that a server
/// answers with one read (review finding: opening sent `noteOpened` and `enterSurvey`, and the
/// server read the survey twice).
@Suite struct SurveyOpeningTests {
  @Test func aFormFromTheListIsOneCallAndHoldsTheWholeSurvey() throws {
    let fixture = try FixtureStore()
    let recording = RecordingService(LocalStoreService(store: fixture.store))
    let runner = AppRunner(service: recording, storeLabel: "/srv/brukerplan", clock: { fixture.clock.now })
    runner.type("<Enter>")
    #expect(runner.state.screen == .surveys)
    #expect(recording.takeCalls().last == "openRound")
    let id = fixture.id(Numbers.female1975)
    runner.type("/1975<Enter>")
    #expect(runner.state.list.selected?.id == id)
    #expect(recording.takeCalls().isEmpty)

    runner.type("<Enter>")
    #expect(runner.state.screen == .form)
    #expect(recording.takeCalls() == ["openSurvey"])
    let onDisk = try #require(try fixture.roundFolder.loadSurvey(id, round: fixture.round))
    #expect(onDisk.services == FixtureStore.complete(id: id).services)
    #expect(runner.state.form?.survey == onDisk)
    #expect(runner.state.form?.saved == onDisk)
    #expect(runner.state.open?.surveys[id] == SurveySummary(onDisk))

    // The store has it marked as open by this session; leaving the form unmarks it, once.
    let board = PresenceBoard(fixture.roundFolder)
    #expect(board.others(id, except: "nobody").count == 1)
    runner.type("<Esc>")
    #expect(runner.state.screen == .surveys)
    #expect(recording.takeCalls() == ["leaveSurvey"])
    #expect(board.others(id, except: "nobody").isEmpty)
  }

  @Test func aTypedNumberAlreadyRegisteredFetchesThatSurveyOnce() throws {
    let fixture = try FixtureStore()
    let recording = RecordingService(LocalStoreService(store: fixture.store))
    let runner = AppRunner(service: recording, storeLabel: "/srv/brukerplan", clock: { fixture.clock.now })
    runner.type("<Enter>")
    _ = recording.takeCalls()
    runner.type("njjn" + Numbers.female1975 + "<Enter>")
    #expect(recording.takeCalls() == ["identify", "openSurvey"])
    let id = fixture.id(Numbers.female1975)
    #expect(runner.state.form?.saved == (try fixture.roundFolder.loadSurvey(id, round: fixture.round)))
    #expect(runner.text.contains("allerede registrert (av NAV Testvik)"))
  }

  @Test func aSurveyGoneSinceTheListWasReadIsSaidNotOpened() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>/1975<Enter>")
    let id = try #require(runner.state.list.selected?.id)
    try FileManager.default.removeItem(atPath: fixture.roundFolder.surveysPath + "/\(id).json")
    runner.type("<Enter>")
    #expect(runner.state.screen == .surveys)
    #expect(runner.state.form == nil)
    #expect(runner.text.contains("Kartleggingen kunne ikke åpnes"))
    #expect(PresenceBoard(fixture.roundFolder).others(id, except: "nobody").isEmpty)
  }
}
