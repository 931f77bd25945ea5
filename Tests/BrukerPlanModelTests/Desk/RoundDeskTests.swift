import Foundation
import Testing

@testable import BrukerPlanModel

@Suite struct RoundDeskTests {
  let day = ISODay("2025-12-10")!

  /// A store with last year's round (2024: two complete in nav, one in rus) and this year's made from it.
  func twoYears(_ folder: TemporaryFolder) throws -> (store: Store, last: RoundFolder, this: RoundFolder) {
    let store = try Store.open(folder.path + "/store")
    let last = try store.createRound(Samples.round, folderName: "2024")
    for (index, unit) in ["nav", "nav", "rus"].enumerated() {
      var survey = Samples.complete(id: "pa" + String(repeating: "b", count: 14) + ["c", "d", "e"][index])
      survey.unit = unit
      try last.save(survey, baseRevision: nil, round: Samples.round)
    }
    var plan = RoundSuccession(previous: Samples.round)
    plan.population = .init(total: 10_100)
    let this = try store.createRound(plan, folderName: "2025")
    return (store, last, this)
  }

  @Test func nextYearKeepsMunicipalityCatalogueAndUnitIds() throws {
    var previous = Samples.round
    previous.services = Array(ServiceCatalogue.standard.services.prefix(4))
    previous.extra["fromANewerProgram"] = .bool(true)
    var plan = RoundSuccession(previous: previous)
    plan.renamedUnits = ["rus": "Rus og psykisk helse"]
    plan.addedUnits = [.init(id: "bolig", name: "Boligkontoret", kind: .other)]
    let round = try plan.makeRound()
    #expect(plan.problems().isEmpty)
    #expect(round.year == 2025 && round.deadline == "2025-12-15" && round.status == .open)
    #expect(round.municipality == previous.municipality && round.services == previous.services)
    #expect(round.units.map(\.id) == ["nav", "rus", "bolig"])
    #expect(round.units.map(\.name) == ["NAV Testvik", "Rus og psykisk helse", "Boligkontoret"])
    #expect(round.population == nil && round.extra == previous.extra)
    plan.retiredUnits = ["nav"]
    #expect(try plan.makeRound().units.map(\.id) == ["rus", "bolig"])
  }

  @Test func nextYearRefusesWhatCannotBeMeant() throws {
    var plan = RoundSuccession(previous: Samples.round, year: 2024)
    plan.renamedUnits = ["barnevern": "Barnevernet"]
    plan.retiredUnits = ["psyk"]
    plan.addedUnits = [.init(id: "nav", name: "NAV igjen", kind: .nav)]
    let messages = plan.problems().map(\.message)
    #expect(messages.contains("2024 is not after last year's round (2024)"))
    #expect(messages.contains { $0.hasPrefix("cannot rename \"barnevern\": last year's units are nav, rus") })
    #expect(messages.contains { $0.hasPrefix("cannot retire \"psyk\"") })
    #expect(messages.contains { $0.hasPrefix("\"nav\" is already a unit") })

    let folder = TemporaryFolder()
    let (store, _, _) = try twoYears(folder)
    #expect(throws: FileSystem.Failure.self) {
      try store.createRound(RoundSuccession(previous: Samples.round), folderName: "2025-again")
    }
  }

  @Test func anOptOutIsHonouredByEveryUnitAndKeepsOnlyIdAndDate() throws {
    let folder = TemporaryFolder()
    let (_, _, round) = try twoYears(folder)
    let roundFile = try round.loadRound()
    var byRus = Samples.complete(id: "pqqqqqqqqqqqqqqqq")
    byRus.unit = "rus"
    try round.save(byRus, baseRevision: nil, round: roundFile)
    try round.save(Samples.complete(id: "prrrrrrrrrrrrrrrr"), baseRevision: nil, round: roundFile)

    // NAV registers the opt-out of a person rus had mapped, and of one nobody had.
    let first = try round.registerOptOut("pqqqqqqqqqqqqqqqq", on: day)
    #expect(first == OptOutOutcome(date: "2025-12-10", alreadyListed: false, deletedSurveyUnit: "rus"))
    #expect(!FileSystem.exists(round.surveysPath + "/pqqqqqqqqqqqqqqqq.json"))
    _ = try round.registerOptOut("psssssssssssssss2", on: day)
    let again = try round.registerOptOut("pqqqqqqqqqqqqqqqq", on: ISODay("2025-12-11")!)
    #expect(again.alreadyListed && again.date == "2025-12-10")

    // The file holds the pseudonym and the day, nothing else.
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: round.optOutFile)))
    let entries = try #require((object as? [String: Any])?["optOuts"] as? [[String: Any]])
    #expect(entries.count == 2 && entries.allSatisfy { Set($0.keys) == ["id", "date"] })
    #expect(FileSystem.permissions(round.optOutFile) == 0o600)

    // Any unit that tries to register the person later is refused, by save and by import.
    var byHomeCare = Samples.complete(id: "pqqqqqqqqqqqqqqqq")
    byHomeCare.unit = "nav"
    #expect {
      try round.save(byHomeCare, baseRevision: nil, round: roundFile)
    } throws: { error in
      guard case StoreError.optedOut(let id, let date) = error else { return false }
      return id == "pqqqqqqqqqqqqqqqq" && date == "2025-12-10"
    }
    // A person not on the list is saved as always, and updates of others go on.
    try round.save(Samples.complete(id: "ptttttttttttttttt"), baseRevision: nil, round: roundFile)
    #expect(throws: FileProblem.self) { try round.registerOptOut("rqqqqqqqqqqqqqqqq", on: day) }

    try round.closeRound(reason: "done")
    #expect(!FileSystem.exists(round.optOutFile))
    #expect(throws: StoreError.self) { try round.registerOptOut("pwwwwwwwwwwwwwwww", on: day) }
  }

  @Test func aClosedRoundRefusesEveryWriterEvenOneThatOpenedItBefore() throws {
    let folder = TemporaryFolder()
    let (_, _, round) = try twoYears(folder)
    let openedBefore = try round.loadRound()
    let saved = try round.save(Samples.complete(), baseRevision: nil, round: openedBefore)
    try round.closeRound(reason: "Alle enheter har levert")
    #expect(try round.loadRound().status == .closed)
    #expect(throws: StoreError.self) { try round.save(saved, baseRevision: 1, round: openedBefore) }
    #expect(throws: StoreError.self) { try round.delete(saved.id, round: openedBefore) }
    #expect(throws: StoreError.self) { try round.countExclusion(unit: "nav", reason: .under16) }
    #expect(throws: RoundFolder.ClosingError.self) { try round.closeRound(reason: nil) }
    #expect(throws: RoundFolder.ClosingError.self) { try round.reopenRound(reason: "  ") }

    try round.reopenRound(reason: "En enhet leverte for sent")
    try round.save(saved, baseRevision: 1, round: try round.loadRound())
    let entries = try round.audit.read().entries.filter { $0.action.hasSuffix("-round") }
    #expect(entries.map(\.action) == ["close-round", "reopen-round"])
    #expect(entries.map(\.reason) == ["Alle enheter har levert", "En enhet leverte for sent"])
    #expect(entries.allSatisfy { $0.id == "2025" })
  }

  @Test func theDeskCountsWhatIsInTheFiles() throws {
    let folder = TemporaryFolder()
    let (_, _, round) = try twoYears(folder)
    let roundFile = try round.loadRound()
    var warned = Samples.complete(id: "paaaaaaaaaaaaaaa2")
    warned.problemGroup = .mentalOnly
    try round.save(warned, baseRevision: nil, round: roundFile, now: Date(timeIntervalSince1970: 1_765_000_000))
    var accepted = warned
    accepted.id = "paaaaaaaaaaaaaaa3"
    accepted.accept(QualityRules.findings(for: accepted, context: QualityContext(round: roundFile, today: day)))
    try round.save(accepted, baseRevision: nil, round: roundFile, now: Date(timeIntervalSince1970: 1_764_000_000))
    var draft = Samples.complete(id: "paaaaaaaaaaaaaaa4")
    draft.status = .draft
    draft.unit = "rus"
    draft.gender = nil
    try round.save(draft, baseRevision: nil, round: roundFile, now: Date(timeIntervalSince1970: 1_763_000_000))
    try round.countExclusion(unit: "rus", reason: .under16)
    try round.countExclusion(unit: "rus", reason: .under16)
    try round.countExclusion(unit: "nav", reason: .optedOut)
    _ = try round.registerOptOut("pzzzzzzzzzzzzzzzz", on: day)

    let desk = try RoundDesk.load(round, today: day)
    #expect(desk.daysToDeadline == 5 && desk.deadline == "2025-12-15" && desk.previousRound == "2024")
    let nav = try #require(desk.units.first { $0.unit == "nav" })
    let rus = try #require(desk.units.first { $0.unit == "rus" })
    #expect(nav.complete == 2 && nav.drafts == 0 && nav.openWarnings == 1 && nav.openErrors == 0)
    #expect(nav.lastYearComplete == 2 && nav.notIncluded(.optedOut) == 1)
    #expect(nav.lastSave == "2025-12-06T05:46:40Z")
    // The draft was last saved on 13 November: 27 days before 10 December, so it is stale.
    #expect(rus.complete == 0 && rus.drafts == 1 && rus.openErrors == 1 && rus.lastYearComplete == 1)
    #expect(rus.notIncluded(.under16) == 2 && rus.lastSave == "2025-11-13T02:13:20Z")
    #expect(desk.total.complete == 2 && desk.total.drafts == 1 && desk.total.lastYearComplete == 3)
    #expect(desk.total.notIncluded(.under16) == 2 && desk.total.notIncluded(.optedOut) == 1)
    #expect(desk.optOutList == 1 && desk.invalidFiles == 0)
  }

  @Test func daysAreCountedOverMonthAndYearEnds() {
    #expect(ISODay("2024-02-28")!.days(to: ISODay("2024-03-01")!) == 2)
    #expect(ISODay("2025-12-15")!.days(to: ISODay("2026-01-02")!) == 18)
    #expect(ISODay("1970-01-01")!.ordinal == 0)
    #expect(ISODay("2025-02-29") == nil)
    #expect(ISODay("2025-12-10T23:59:59Z")!.description == "2025-12-10")
  }
}
