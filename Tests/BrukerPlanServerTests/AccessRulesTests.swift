import BrukerPlanModel
import Foundation
import Testing

/// The rules of a served store, checked on the guarded store directly (the socket tests run the
/// same rules through `serve` as real OS users).
@Suite struct AccessRulesTests {
  @Test func caseworkerListsOpensSavesAndExportsOnlyTheirUnit() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let kari = served.guarded("kari")
    let nav = served.surveys(of: "nav")
    let rus = try #require(served.surveys(of: "rus").first { $0.status == .complete })
    #expect(!nav.isEmpty)

    let listed = try kari.openRound(ServedStore.round)
    #expect(Set(listed.surveys.map(\.id)) == Set(nav.map(\.id)))
    #expect(listed.answersVisible)
    #expect(try kari.listRounds().first?.complete == nav.count { $0.status == .complete })

    #expect(throws: StoreError.self) { try kari.survey(rus.id, round: ServedStore.round) }
    var changed = rus
    changed.unit = "nav"
    #expect(throws: StoreError.self) { try kari.save(changed, baseRevision: rus.revision, round: ServedStore.round) }
    #expect(throws: StoreError.self) { try kari.delete(rus.id, baseRevision: rus.revision, round: ServedStore.round) }
    #expect(served.surveys(of: "rus").first { $0.id == rus.id } == rus)

    let exported = try kari.exportCSV(round: ServedStore.round)
    #expect(exported.persons == nav.count)
    #expect(!String(decoding: exported.bytes, as: UTF8.self).contains(rus.id))
    #expect(throws: StoreError.self) {
      try kari.report(rounds: [ServedStore.round], by: nil, minCell: 3, skipInvalid: false)
    }

    var mine = try #require(nav.first { $0.status == .complete })
    mine.activity = mine.activity == .noActivity ? .supportedWork : .noActivity
    let saved = try kari.save(mine, baseRevision: mine.revision, round: ServedStore.round)
    #expect(saved.revision == mine.revision + 1)
  }

  @Test func aNumberRegisteredByAnotherUnitNamesOnlyTheUnit() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let number = try NationalIdentityNumber(TestNumbers.valid(0))
    var theirs = try #require(served.surveys(of: "rus").first { $0.status == .complete })
    let id = served.store.pseudonym(for: number)
    theirs.id = id
    _ = try served.base.save(theirs, baseRevision: nil, round: ServedStore.round)

    let kari = served.guarded("kari")
    #expect(try kari.identify(number, round: ServedStore.round) == .registeredElsewhere(unit: "Rustjenesten (rus)"))
    var attempt = Survey(id: id)
    attempt.unit = "nav"
    do {
      _ = try kari.save(attempt, baseRevision: nil, round: ServedStore.round)
      Issue.record("a second registration of the person was accepted")
    } catch {
      // Never `alreadyExists(current:)`, which would carry the other unit's answers.
      guard case .registeredElsewhere(let unit) = error else { throw error }
      #expect(unit == "Rustjenesten (rus)")
    }
    let ola = served.guarded("ola")
    #expect(
      try ola.identify(number, round: ServedStore.round) == .person(id: id, birthYear: 1985, gender: number.gender))
    let search = served.auditEntries.filter { $0.action == "search" }
    #expect(search.map(\.user) == ["kari", "ola"])
    #expect(!served.auditText.contains(TestNumbers.valid(0)))
  }

  @Test func coordinatorGetsTheDeskAndReportsButNoAnswers() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let cora = served.guarded("cora")
    let desk = try cora.openRound(ServedStore.round)
    #expect(!desk.answersVisible)
    #expect(desk.surveys.count == served.surveysOnDisk.count)
    #expect(
      desk.surveys.allSatisfy {
        $0.scored == 0 && $0.index == nil && $0.gender == nil && $0.birthYear == nil && $0.unit != nil
      })
    let any = served.surveysOnDisk[0]
    #expect(throws: StoreError.self) { try cora.survey(any.id, round: ServedStore.round) }
    #expect(throws: StoreError.self) { try cora.exportCSV(round: ServedStore.round) }
    #expect(throws: StoreError.self) {
      try cora.identify(NationalIdentityNumber(TestNumbers.valid(1)), round: ServedStore.round)
    }
    // Suppression cannot be turned off through the server.
    let report = try cora.report(rounds: [ServedStore.round], by: nil, minCell: 1, skipInvalid: false)
    #expect(report.minCell == Disclosure.defaultMinCell)
    #expect(report.n == served.surveysOnDisk.count { $0.status == .complete })
  }

  @Test func theDeskAndClosingAreForCoordinatorsAndNameWhoClosed() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let today = try #require(ISODay("2025-12-10"))
    let desk = try served.guarded("cora").desk(round: ServedStore.round, today: today)
    #expect(desk.total.complete == served.surveysOnDisk.count { $0.status == .complete })
    #expect(Set(desk.units.map(\.unit)).isSuperset(of: ["nav", "rus"]))
    #expect(throws: StoreError.self) { try served.guarded("kari").desk(round: ServedStore.round, today: today) }
    #expect(throws: StoreError.self) {
      try served.guarded("kari").setRoundStatus(round: ServedStore.round, close: true, reason: "ferdig")
    }
    #expect(served.auditEntries.map(\.action).suffix(3) == ["desk", "denied", "denied"])
    #expect(served.auditEntries.suffix(2).allSatisfy { $0.user == "kari" })

    try served.guarded("cora").setRoundStatus(round: ServedStore.round, close: true, reason: "Alle har levert")
    let closing = try #require(served.auditEntries.last)
    #expect(closing.action == "close-round" && closing.user == "cora" && closing.reason == "Alle har levert")
    // Closed: nobody saves, whatever their unit.
    var mine = try #require(served.surveys(of: "nav").first { $0.status == .complete })
    mine.activity = mine.activity == .noActivity ? .supportedWork : .noActivity
    #expect(throws: StoreError.self) {
      try served.guarded("kari").save(mine, baseRevision: mine.revision, round: ServedStore.round)
    }
    // Closing twice says so; reopening needs a reason.
    #expect(throws: StoreError.self) {
      try served.guarded("cora").setRoundStatus(round: ServedStore.round, close: true, reason: "igjen")
    }
    #expect(throws: StoreError.self) {
      try served.guarded("cora").setRoundStatus(round: ServedStore.round, close: false, reason: " ")
    }
    try served.guarded("cora").setRoundStatus(round: ServedStore.round, close: false, reason: "NAV leverte sent")
    _ = try served.guarded("kari").save(mine, baseRevision: mine.revision, round: ServedStore.round)
  }

  @Test func twoSessionsOnOneSurveyAreToldAndAClosedConnectionLeavesNoMark() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let mine = try #require(served.surveys(of: "nav").first { $0.status == .complete })
    var first: GuardedStoreService? = served.guarded("kari")
    #expect(try first?.enterSurvey(mine.id, round: ServedStore.round) == [])
    let second = served.guarded("kari")
    #expect(try second.enterSurvey(mine.id, round: ServedStore.round).map(\.user) == ["kari"])
    // Another unit's caseworker cannot open it, so cannot mark it either.
    #expect(throws: StoreError.self) { try served.guarded("ola").enterSurvey(mine.id, round: ServedStore.round) }
    first = nil
    second.leaveSurvey(mine.id, round: ServedStore.round)
    #expect(try served.guarded("kari").enterSurvey(mine.id, round: ServedStore.round) == [])
  }

  @Test func anUnknownUserAndARevokedUserAreRefused() throws {
    let served = try ServedStore()
    defer { served.remove() }
    #expect(throws: StoreError.self) { try served.guarded("mallory").listRounds() }
    let ada = served.guarded("ada")
    #expect(throws: StoreError.self) {
      try served.guarded("kari").changeAccess(.grant(user: "kari", role: .admin, units: []))
    }
    _ = try ada.changeAccess(.revoke(user: "kari", units: []))
    #expect(throws: StoreError.self) { try served.guarded("kari").openRound(ServedStore.round) }
    let storeLog = try StoreAudit.log(store: served.store).read().entries
    #expect(storeLog.map(\.user) == ["ada"])
    #expect(storeLog.first?.detail == "revoke kari")
  }

  @Test func everyAccessIsAuditedWithTheUserAndNoAnswers() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let kari = served.guarded("kari")
    let nav = try #require(served.surveys(of: "nav").first { $0.status == .complete })
    let rus = try #require(served.surveys(of: "rus").first)
    _ = try kari.openRound(ServedStore.round)
    _ = try kari.survey(nav.id, round: ServedStore.round)
    _ = try? kari.survey(rus.id, round: ServedStore.round)
    _ = try kari.save(nav, baseRevision: nav.revision, round: ServedStore.round)
    _ = try kari.exportCSV(round: ServedStore.round)
    _ = try served.guarded("cora").report(rounds: [ServedStore.round], by: nil, minCell: 3, skipInvalid: false)
    let entries = served.auditEntries
    let actions = entries.map { "\($0.user) \($0.action)" }
    #expect(
      actions == ["kari list", "kari open", "kari denied", "kari update", "kari export", "cora report"])
    #expect(entries[1].id == nav.id && entries[2].id == rus.id)
    let seen = try served.guarded("ada").audit(round: ServedStore.round, user: nil, survey: nav.id)
    #expect(seen.map(\.user) == ["kari", "kari"])
    for word in ["scores", "yellow", "substances", "\"red\""] { #expect(!served.auditText.contains(word)) }
  }

  @Test func messagesSurviveTheWire() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let report = try served.base.report(rounds: [ServedStore.round], by: .unit, minCell: 3, skipInvalid: false)
    let survey = served.surveysOnDisk[0]
    // A survey from a newer program (unknown keys, odd text) takes the reference decoder's way.
    var newer = served.surveysOnDisk[1]
    newer.extra["fraNyereProgram"] = .object(["tekst": .string("æøå \u{1}\""), "tall": .number(1.5)])
    var odd = try served.base.openRound(ServedStore.round)
    odd.recovery = [newer]
    // Hostile text in a summary's text fields travels as it is.
    odd.surveys[0].unit = "nav\"}\u{0}\n\\u0041 <>"
    odd.surveys[0].updatedAt = "2025-11-02T10:00:00Z\u{202E}🙂\r"
    let desk = try served.base.desk(round: ServedStore.round, today: #require(ISODay("2025-12-10")))
    let replies = [
      WireReply.report(report), .survey(survey), .failure(WireError(.registeredElsewhere(unit: "x"))), .desk(desk),
      .failure(WireError(.optedOut(id: "pabc", date: "2025-11-02"))),
      // A round's list (summaries; recovery copies as the store's own files), a coordinator's view of
      // it, a list with hostile text, and a form's survey with who else has it open.
      .round(try served.base.openRound(ServedStore.round)),
      .round(try served.guarded("cora").openRound(ServedStore.round)), .round(odd),
      .opened(OpenedSurvey(survey: newer, editors: [Editor(user: "kari\"\u{0}", since: "2025-11-02T10:00:00Z")])),
    ]
    for reply in replies {
      let data = try JSONEncoder().encode(WireEnvelope(reply))
      let back = try JSONDecoder().decode(WireEnvelope<WireReply>.self, from: data)
      #expect(back.version == WireProtocol.version)
      switch (reply, back.body) {
      case (.report(let a), .report(let b)): #expect(a == b)
      case (.survey(let a), .survey(let b)): #expect(a == b)
      case (.failure(let a), .failure(let b)): #expect(a == b)
      case (.desk(let a), .desk(let b)): #expect(a == b)
      case (.round(let a), .round(let b)):
        #expect(a == b)
        #expect(!a.surveys.isEmpty)
      case (.opened(let a), .opened(let b)): #expect(a == b)
      default: Issue.record("a reply changed on the wire")
      }
    }
  }
}
