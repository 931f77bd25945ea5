import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// Scripted sessions against a real store in a temporary folder, checking the files on disk.
@Suite struct SessionTests {
  /// From the surveys list to a saved, complete survey: the keys a caseworker types.
  static let registration: [String] = [
    "n", "j", "j", "n",  // new; 16 or over; had a municipal service; has not opted out
    Numbers.male1980, "<Enter>",  // 11 digits; birth year and gender are filled in from them
    "1",  // unit: NAV Testvik (birth year and gender are skipped: already answered)
    "3",  // problem group: ROP
    "2", "2", "3", "1", "2", "3", "2", "2",  // the eight dimensions
    "1", "2", "<Enter>",  // substances: alcohol and cannabis, confirmed
    "n",  // not in LAR
    "0",  // no plans
    "n", "n",  // no children (care and contact follow), child welfare not involved
    "4", "1",  // activity: none; violence: none
    "1", "2",  // services: social services now and in the next 12 months
    "<C-s>",
  ]

  @Test func completeRegistrationTakesAtMostSixtyKeystrokes() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>")
    let keys = try Self.registration.flatMap { try KeyScript.parse($0) }
    runner.send(keys)
    print("Keystrokes for one complete registration (from the surveys list, 11 digits included): \(keys.count)")
    #expect(keys.count <= 60)
    let json = try #require(try fixture.onDisk(fixture.id(Numbers.male1980)))
    #expect(json["status"] as? String == "complete")
    #expect(runner.state.message?.text == "Lagret som ferdig.")
  }

  @Test func createFillSaveReopenEditDelete() throws {
    let fixture = try FixtureStore(surveys: false)
    let runner = fixture.runner()
    let id = fixture.id(Numbers.female1975)
    runner.type("<Enter>n")
    #expect(runner.text.contains("Hvem skal kartlegges?"))
    runner.type("jjn" + Numbers.female1975 + "<Enter>")
    #expect(runner.state.screen == .form)
    #expect(runner.state.form?.survey.birthYear == 1975)
    #expect(runner.state.form?.survey.gender == .female)
    // Half the form, then save: a draft that says what is missing.
    runner.type("21<C-s>")
    var json = try #require(try fixture.onDisk(id))
    #expect(json["status"] as? String == "draft")
    #expect(json["unit"] as? String == "rus")
    #expect(json["problemGroup"] as? String == "substanceOnly")
    #expect(json["revision"] as? Int == 1)
    #expect(runner.state.message?.text.hasPrefix("Lagret som utkast – 17 felt mangler") == true)
    // Nothing on disk holds the number.
    let everything = try FileManager.default.subpathsOfDirectory(atPath: fixture.store.path).compactMap {
      FileManager.default.contents(atPath: fixture.store.path + "/" + $0)
    }
    #expect(!everything.contains { String(decoding: $0, as: UTF8.self).contains(Numbers.female1975) })

    // Back to the list and reopen it.
    runner.type("<Esc>")
    #expect(runner.state.screen == .surveys)
    #expect(runner.text.contains(String(id.prefix(8))))
    runner.type("<Enter>")
    #expect(runner.state.form?.survey.id == id)
    // It opens at the first unanswered field: the first dimension.
    runner.type("gyrgyrgy" + "3<Enter>" + "j" + "15<Enter>" + "jjnj" + "23" + "<Right><Space>")
    // In LAR without a LAR service now: the rules (dq/1) ask on save; nothing is saved yet.
    runner.type("<C-s>")
    #expect(runner.text.contains("Personen er i LAR, men har ingen LAR-tjeneste nå."))
    #expect(try fixture.onDisk(id)?["revision"] as? Int == 1)
    // Accepted as correct: saved, and stored on the survey so it is not asked again.
    runner.type("a")
    json = try #require(try fixture.onDisk(id))
    #expect(json["dqAccepted"] as? [String] == ["dq1.larWithoutLarService"])
    #expect(json["status"] as? String == "complete")
    #expect(json["revision"] as? Int == 2)
    let scores = try #require(json["scores"] as? [String: String])
    #expect(scores["substanceUse"] == "green")
    #expect(scores["economy"] == "yellow")
    #expect(scores["mentalHealth"] == "red")
    #expect(scores["activity"] == "yellow")
    #expect(json["substances"] as? [String] == ["stimulants"])
    #expect(json["lar"] as? Bool == true)
    #expect(json["plans"] as? [String] == ["individualPlan", "responsibilityGroup"])
    let children = try #require(json["children"] as? [String: Bool])
    #expect(children == ["hasChildren": true, "custody": true, "contact": false, "childWelfare": true])
    #expect(json["activity"] as? String == "supportedWork")
    #expect(json["violence"] as? String == "perpetrates")
    let services = try #require(json["services"] as? [String: [String: Bool]])
    #expect(services == ["socialServices": ["now": false, "next12": true]])

    // Edit one answer on the complete survey.
    runner.type("<M-2><Down>1<C-s>")
    json = try #require(try fixture.onDisk(id))
    #expect((json["scores"] as? [String: String])?["economy"] == "green")
    #expect(json["revision"] as? Int == 3)

    // Delete: the first answer is No, then yes.
    runner.type("<Esc>d")
    #expect(runner.text.contains("Slette kartleggingen"))
    runner.type("<Enter>")
    #expect(try fixture.onDisk(id) != nil)
    runner.type("dj")
    #expect(try fixture.onDisk(id) == nil)
    #expect(runner.text.contains("Ingen kartlegginger ennå"))
    let audit = try String(contentsOfFile: fixture.roundFolder.audit.path, encoding: .utf8)
    #expect(audit.split(separator: "\n").count == 4)
  }

  @Test func numberIsCheckedWhileTyped() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>njjn3213")
    #expect(runner.text.contains("Datoen i fødselsnummeret finnes ikke"))
    runner.type("<BS><BS><BS><BS>0101801237")
    #expect(runner.text.contains("Fødselsnummeret må ha 11 siffer") == false)
    runner.type("2")
    #expect(runner.text.contains("Kontrollsifrene stemmer ikke"))
    runner.type("<Enter>")
    #expect(runner.state.screen == .newSurvey)
    runner.type("<BS>1")
    #expect(runner.text.contains("Gyldig nummer: født 1980, mann"))
    runner.type("a")
    #expect(runner.text.contains("Fødselsnummeret kan bare inneholde siffer"))
    // Leaving the screen forgets the digits.
    runner.type("<Esc>")
    #expect(runner.state.screen == .surveys)
    #expect(runner.state.newSurvey.typedCount == 0)
  }

  @Test func underSixteenAndOptOutStoreNothing() throws {
    let fixture = try FixtureStore(surveys: false)
    let runner = fixture.runner()
    runner.type("<Enter>njjn" + Numbers.under16 + "<Enter>")
    #expect(runner.text.contains("under 16 år i 2024"))
    runner.type("1njjj1" + Numbers.male1980 + "<Enter>")
    #expect(runner.text.contains("Reservert (2024-11-20): ingen enhet kan kartlegge personen."))
    #expect(try fixture.roundFolder.surveyFileNames().isEmpty)
  }

  @Test func aPersonAlreadyInTheRoundOpensThatSurvey() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>njjn" + Numbers.female1975 + "<Enter>")
    #expect(runner.state.form?.survey.id == fixture.id(Numbers.female1975))
    #expect(runner.state.form?.saved?.revision == 1)
    #expect(runner.text.contains("allerede registrert (av NAV Testvik)"))
  }

  @Test func noNumberGivesARandomID() throws {
    let fixture = try FixtureStore(surveys: false)
    let runner = fixture.runner()
    runner.type("<Enter>njjn<F3>1<C-s>")
    let id = try #require(runner.state.form?.survey.id)
    #expect(id.hasPrefix("r") && SurveyID.isValid(id))
    #expect(try fixture.onDisk(id)?["unit"] as? String == "nav")
  }

  @Test func escapeOnAChangedFormAsksAndDefaultsToStay() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter><Down><Enter><M-2>3<Esc>")
    #expect(runner.text.contains("Skjemaet har ulagrede endringer."))
    runner.type("<Enter>")
    #expect(runner.state.screen == .form)
    #expect(runner.state.form?.dirty == true)
    runner.type("<Esc>f")
    #expect(runner.state.screen == .surveys)
    let json = try #require(try fixture.onDisk(fixture.id(Numbers.female1975)))
    #expect((json["scores"] as? [String: String])?["substanceUse"] == "yellow")
  }

  @Test func completeOnlyWhenValidOtherwiseDraftWithWhatIsMissing() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    let id = fixture.id(Numbers.female1975)
    // Clear one dimension of the complete survey and save: it becomes a draft and says so.
    runner.type("<Enter><Down><Enter><M-2>0<C-s>")
    #expect(runner.text.contains("Mangler 1: Rusmiddelbruk"))
    #expect(try fixture.onDisk(id)?["status"] as? String == "draft")
  }

  @Test func invalidAnswersAreExplainedInNorwegianAndNotSaved() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    let id = fixture.id(Numbers.female1975)
    runner.type("<Enter><Down><Enter><M-5>n<C-s>")
    #expect(runner.text.contains("Kan ikke lagre: Har samvær med barn: kan ikke være ja uten barn under 18"))
    runner.type("<M-1><Down>2015<C-s>")
    #expect(runner.text.contains("Kan ikke lagre: Fødselsår: personen må være 16 år eller eldre i 2024"))
    #expect(try fixture.onDisk(id)?["revision"] as? Int == 1)
  }

  @Test func autosaveWritesADraftEveryThirtySeconds() throws {
    let fixture = try FixtureStore(surveys: false)
    let runner = fixture.runner()
    runner.type("<Enter>njjn" + Numbers.male1999 + "<Enter>2")
    let id = fixture.id(Numbers.male1999)
    fixture.clock.now += 29
    runner.send(.tick(now: fixture.clock.now))
    #expect(try fixture.onDisk(id) == nil)
    fixture.clock.now += 1
    runner.send(.tick(now: fixture.clock.now))
    let json = try #require(try fixture.onDisk(id))
    #expect(json["status"] as? String == "draft")
    #expect(json["unit"] as? String == "rus")
    #expect(runner.state.form?.dirty == false)
    #expect(runner.text.contains("Utkast autolagret 10:15."))
  }

  @Test func autosaveOfACompleteSurveyGoesToRecoveryAndIsOfferedNextTime() throws {
    let fixture = try FixtureStore()
    let id = fixture.id(Numbers.female1975)
    let runner = fixture.runner()
    runner.type("<Enter><Down><Enter><M-2>1")
    fixture.clock.now += 31
    runner.send(.tick(now: fixture.clock.now))
    // The complete survey on disk is untouched; the change is in .recovery.
    let json = try #require(try fixture.onDisk(id))
    #expect(json["status"] as? String == "complete")
    #expect(json["revision"] as? Int == 1)
    let copy = Recovery.load(fixture.roundFolder)[id]
    #expect(copy?.scores[.substanceUse] == .green)
    #expect(FileManager.default.fileExists(atPath: fixture.roundFolder.path + "/.recovery/\(id).json"))

    // A new session: the row is marked, opening it offers the copy; restoring and saving clears it.
    let next = fixture.runner()
    next.type("<Enter>")
    #expect(next.text.contains("1 autolagret endring(er) venter"))
    next.type("<Down><Enter>")
    #expect(next.text.contains("Det finnes en autolagret"))
    next.type("j")
    #expect(next.state.form?.survey.scores[.substanceUse] == .green)
    next.type("<C-s>")
    #expect((try fixture.onDisk(id)?["scores"] as? [String: String])?["substanceUse"] == "green")
    #expect(Recovery.load(fixture.roundFolder).isEmpty)
  }

  @Test func terminationSavesTheFormAsADraft() throws {
    let fixture = try FixtureStore(surveys: false)
    let runner = fixture.runner()
    runner.type("<Enter>njjn" + Numbers.male1980 + "<Enter>12")
    runner.send(.terminate)
    #expect(runner.isFinished)
    let json = try #require(try fixture.onDisk(fixture.id(Numbers.male1980)))
    #expect(json["status"] as? String == "draft")
    #expect(json["problemGroup"] as? String == "substanceMildMental")
  }

  @Test func quitWithUnsavedChangesSavesFirst() throws {
    let fixture = try FixtureStore(surveys: false)
    let runner = fixture.runner()
    runner.type("<Enter>njjn" + Numbers.male1980 + "<Enter>1<C-c>")
    #expect(runner.text.contains("Ulagrede endringer lagres først som utkast"))
    runner.type("n")
    #expect(!runner.isFinished)
    runner.type("<F10>j")
    #expect(runner.isFinished)
    #expect(try fixture.onDisk(fixture.id(Numbers.male1980))?["unit"] as? String == "nav")
  }

  @Test func conflictKeepMineSavesOverTheCurrentRevision() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    let id = fixture.id(Numbers.female1975)
    runner.type("<Enter><Down><Enter><M-2>3")
    var theirs = try #require(try fixture.roundFolder.loadSurvey(id, round: fixture.round))
    theirs.scores[.economy] = .green
    theirs.scores[.substanceUse] = .green
    try fixture.roundFolder.save(theirs, baseRevision: 1, round: fixture.round)
    runner.type("<C-s>")
    // Only the field both changed is asked about; their other change is kept.
    #expect(runner.text.contains("Rusmiddelbruk: Rød → Grønn"))
    #expect(!runner.text.contains("Økonomi:"))
    runner.type("m")
    let json = try #require(try fixture.onDisk(id))
    #expect(json["revision"] as? Int == 3)
    #expect((json["scores"] as? [String: String])?["substanceUse"] == "red")
    #expect((json["scores"] as? [String: String])?["economy"] == "green")
  }

  @Test func conflictTakeTheirsLoadsTheSavedVersion() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    let id = fixture.id(Numbers.female1975)
    runner.type("<Enter><Down><Enter><M-2>3")
    var theirs = try #require(try fixture.roundFolder.loadSurvey(id, round: fixture.round))
    theirs.lar = true
    theirs.scores[.substanceUse] = .green
    try fixture.roundFolder.save(theirs, baseRevision: 1, round: fixture.round)
    runner.type("<C-s>d")
    #expect(runner.state.form?.survey.lar == true)
    #expect(runner.state.form?.survey.scores[.substanceUse] == .green)
    #expect(runner.state.form?.baseRevision == 2)
    #expect(runner.state.form?.dirty == false)
  }

  @Test func createRoundFromTheUI() throws {
    let fixture = try FixtureStore(surveys: false)
    let runner = fixture.runner()
    // The suggested year (the clock's) is replaced by what is typed.
    runner.type("n<F5>9902<Tab>Fjellby<Tab>2025<Tab>2025-12-01<Tab>NAV Fjellby, Rus<C-s>")
    let round = try RoundFolder(path: fixture.store.path + "/2025-9902").loadRound()
    #expect(round.year == 2025)
    #expect(round.municipality.name == "Fjellby")
    #expect(round.deadline == "2025-12-01")
    #expect(round.units.map(\.id) == ["navfjellby", "rus"])
    #expect(runner.text.contains("Fjellby (9902)"))
  }

  @Test func newRoundUnitsGetTheKindChosenOrSuggestedByTheirName() throws {
    let fixture = try FixtureStore(surveys: false)
    let runner = fixture.runner()
    runner.type(
      "n<F5>9902<Tab>Fjellby<Tab>2025<Tab><Tab>NAV Fjellby, Rus, Psykiatri, Frisklivssentralen, Hjemmetjenesten")
    // Tab from the units to the kind of each unit: suggested from the name, changed with ← → or a digit.
    runner.type("<Tab>")
    #expect(runner.text.contains("› NAV Fjellby                     ‹ 3 NAV ›"))
    runner.type("<Tab><Tab><Right><Tab>6<Tab><Left><C-s>")
    let round = try RoundFolder(path: fixture.store.path + "/2025-9902").loadRound()
    #expect(round.units.map(\.id) == ["navfjellby", "rus", "psykiatri", "frisklivssentralen", "hjemmetjenesten"])
    #expect(round.units.map(\.kind) == [.nav, .substance, .nav, .followUp, .childWelfare])
  }

  @Test func unitKindSuggestions() {
    #expect(UnitKind.suggested(for: "NAV Testvik") == .nav)
    #expect(UnitKind.suggested(for: "Rustjenesten") == .substance)
    #expect(UnitKind.suggested(for: "Psykisk helsetjeneste") == .mentalHealth)
    #expect(UnitKind.suggested(for: "Barneverntjenesten") == .childWelfare)
    #expect(UnitKind.suggested(for: "Home care east") == .homeCare)
    #expect(UnitKind.suggested(for: "Oppfølgingstjenesten") == .followUp)
    #expect(UnitKind.suggested(for: "Frisklivssentralen") == .other)
  }

  @Test func closedRoundIsReadOnly() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Down><Enter>n")
    #expect(runner.state.screen == .surveys)
    #expect(runner.text.contains("Runden er lukket og kan bare leses."))
  }

  @Test func tenThousandSurveysFilterSortAndDrawOnlyVisibleRows() throws {
    let round = FixtureStore.round
    var surveys: [String: SurveySummary] = [:]
    for n in 0..<10_000 {
      var survey = FixtureStore.complete(
        id: "p" + String(repeating: "a", count: 11) + Base32.encode([UInt8(n >> 8), UInt8(n & 255), 0]).prefix(5))
      survey.unit = n % 3 == 0 ? "rus" : "nav"
      survey.status = n % 10 == 0 ? .draft : .complete
      survey.updatedAt = "2024-11-\(10 + n % 10)T10:00:00Z"
      surveys[survey.id] = SurveySummary(survey)
    }
    #expect(surveys.count == 10_000)
    var state = AppState(storePath: "/srv")
    _ = state.update(
      .roundOpened(
        OpenRound(folder: RoundFolder(path: "/srv/x"), round: round, surveys: surveys, invalidCount: 0, recovery: [:])))
    #expect(state.list.visible.count == 10_000)
    _ = state.update(.input(.key(.end)))
    #expect(state.list.cursor == 9_999)
    #expect(state.list.top == 9_999 - state.listPage + 1)
    let screen = render(state)
    #expect(screen.lines()[1].contains("10000 kartlegginger: 9000 ferdige, 1000 utkast"))
    for key in "/utkast rus" { _ = state.update(.input(.key(.character(key)))) }
    _ = state.update(.input(.key(.enter)))
    #expect(state.list.visible.count == 334)
    #expect(render(state).lines()[1].contains("334 av 10000 vises"))
  }
}

/// The interactive loop on a fake terminal: frames, resizes, redraws, quitting.
@Suite struct RunLoopTests {
  @Test func loopDrawsEveryFrameFollowsResizesAndQuits() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    let terminal = FakeTerminal(width: 100, height: 30, keys: [.control("l"), .enter])
    terminal.events += [.resize(width: 70, height: 20), .resize(width: 90, height: 26), .key(.character("q"))]
    terminal.events += [.key(.character("q")), .key(.character("j"))]
    runner.run(on: terminal, stopWhenIdle: true)
    #expect(runner.isFinished)
    #expect(terminal.redraws == 1)
    let sizes = terminal.frames.map { "\($0.width)x\($0.height)" }
    #expect(sizes.contains("70x20"))
    #expect(terminal.frames.contains { $0.lines().contains { $0.contains("Terminalen er for liten") } })
    #expect(terminal.lastFrame?.width == 90)
    #expect(terminal.frames.contains { $0.lines().contains { $0.contains("Avslutte BrukerPlan?") } })
  }
}
