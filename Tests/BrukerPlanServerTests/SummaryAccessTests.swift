import BrukerPlanModel
import Foundation
import Testing

/// A round's list is summaries now, and a form's survey comes with `openSurvey`: the same rules
/// as before, tried from the side of a user who wants more than their role gives.
@Suite struct SummaryAccessTests {
  @Test func aCaseworkersListIsTheirUnitsSummariesAndNothingElse() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let listed = try served.guarded("kari").openRound(ServedStore.round)
    let nav = served.surveys(of: "nav")
    #expect(listed.answersVisible)
    #expect(listed.surveys.sorted { $0.id < $1.id } == nav.map(SurveySummary.init).sorted { $0.id < $1.id })
    // What the list shows a caseworker is there: birth year, gender, index, how far the scoring got.
    #expect(listed.surveys.contains { $0.birthYear != nil && $0.gender != nil && $0.index != nil && $0.scored == 8 })
    #expect(try served.guarded("kari").listRounds().first?.drafts == nav.count { $0.status == .draft })
  }

  @Test func aCaseworkerAskingForAnotherUnitsSurveyByIdIsRefused() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let kari = served.guarded("kari")
    let theirs = try #require(served.surveys(of: "rus").first)
    #expect {
      try kari.openSurvey(theirs.id, round: ServedStore.round)
    } throws: { error in
      guard case .registeredElsewhere(let unit) = error as? StoreError else { return false }
      return unit.contains("rus")
    }
    // Through the message as the server answers it: a refusal that names the unit, nothing of the survey.
    let reply = WireRequest.openSurvey(id: theirs.id, round: ServedStore.round).perform(on: kari)
    guard case .failure(let failure) = reply else {
      Issue.record("another unit's survey was answered: \(reply)")
      return
    }
    #expect(failure.kind == "registeredElsewhere" && failure.current == nil)
    let bytes = String(decoding: try JSONEncoder().encode(WireEnvelope(reply)), as: UTF8.self)
    #expect(!bytes.contains(theirs.updatedAt) && !bytes.contains("scores") && !bytes.contains(theirs.id))
    // Not marked as open by kari, and the attempt is in the log; no "open".
    #expect(
      PresenceBoard(RoundFolder(path: "\(served.path)/\(ServedStore.round)")).others(theirs.id, except: "-").isEmpty)
    let mine = served.auditEntries.filter { $0.user == "kari" && $0.id == theirs.id }
    #expect(mine.map(\.action) == ["denied", "denied"])
    // Ids that are no survey at all: refused or not found, never a file outside the round.
    for id in ["../../.brukerplan/key", "p" + String(repeating: "a", count: 16), "", "\u{0}"] {
      #expect(throws: StoreError.self) { try kari.openSurvey(id, round: ServedStore.round) }
    }
    #expect(throws: StoreError.self) { try kari.openSurvey(theirs.id, round: "../\(ServedStore.round)") }
  }

  @Test func aCaseworkersOwnSurveyIsReadOnceAuditedOnceAndMarked() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let mine = try #require(served.surveys(of: "nav").first)
    let first = served.guarded("kari")
    let opened = try first.openSurvey(mine.id, round: ServedStore.round)
    #expect(opened.survey == mine)
    #expect(opened.editors.isEmpty)
    #expect(served.auditEntries.filter { $0.id == mine.id }.map(\.action) == ["open"])
    #expect(try served.guarded("kari").openSurvey(mine.id, round: ServedStore.round).editors.map(\.user) == ["kari"])
  }

  @Test func aCoordinatorsProgressHasNoPersonalFieldAndNoSurvey() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let cora = served.guarded("cora")
    let progress = try cora.openRound(ServedStore.round)
    #expect(!progress.answersVisible)
    #expect(progress.surveys.count == served.surveysOnDisk.count)
    #expect(
      progress.surveys.allSatisfy {
        $0.birthYear == nil && $0.gender == nil && $0.index == nil && $0.scored == 0 && $0.unit != nil
      })
    #expect(progress.surveys.map(\.id).sorted() == served.surveysOnDisk.map(\.id).sorted())
    // What crosses the socket carries nothing more than that.
    let data = try JSONEncoder().encode(WireEnvelope(WireReply.round(progress)))
    let back = try JSONDecoder().decode(WireEnvelope<WireReply>.self, from: data)
    guard case .round(let received) = back.body else {
      Issue.record("not a round")
      return
    }
    #expect(received == progress)
    let any = served.surveysOnDisk[0]
    #expect(throws: StoreError.self) { try cora.openSurvey(any.id, round: ServedStore.round) }
    #expect(served.auditEntries.filter { $0.user == "cora" }.map(\.action) == ["list", "denied"])
  }
}
