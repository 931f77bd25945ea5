import BrukerPlanModel
import Foundation
import Testing

/// The inclusion check's counts and opt-outs on a served store: a caseworker counts for their own
/// units only, the log names the user, the unit and the reason and never a person, and a survey
/// another unit had made is deleted without telling which unit knew the person.
@Suite struct ExclusionAccessTests {
  let today = ISODay("2025-11-20")!

  func folder(_ served: ServedStore) -> RoundFolder { RoundFolder(path: "\(served.path)/\(ServedStore.round)") }

  @Test func aCaseworkerCountsForTheirOwnUnitsAndTheLogNamesNoPerson() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let (kari, ola) = (served.guarded("kari"), served.guarded("ola"))
    let digits = TestNumbers.valid(0)
    let number = try NationalIdentityNumber(digits)
    guard case .person(let id, let birthYear, let gender) = try ola.identify(number, round: ServedStore.round) else {
      Issue.record("the number was already registered")
      return
    }
    var survey = Survey(id: id)
    survey.unit = "rus"
    survey.birthYear = birthYear
    survey.gender = gender
    _ = try ola.save(survey, baseRevision: nil, round: ServedStore.round)

    // The person opts out to NAV: listed, the substance service's survey deleted, unit untold.
    let outcome = try kari.countNotIncluded(
      round: ServedStore.round, unit: "nav", reason: .optedOut, number: number, today: today)
    #expect(outcome == ExclusionOutcome(optOutDate: "2025-11-20"))
    #expect(!served.surveysOnDisk.contains { $0.id == id })
    #expect(try folder(served).optOuts().optOuts.map(\.id) == [id])
    #expect(throws: StoreError.self) { try ola.save(survey, baseRevision: nil, round: ServedStore.round) }
    // Typing the number again is refused at once, with the day; the log line names no person.
    let refusal = #expect(throws: StoreError.self) { try ola.identify(number, round: ServedStore.round) }
    guard case .optedOut(let refusedID, let date)? = refusal else {
      Issue.record("expected an opt-out refusal, got \(String(describing: refusal))")
      return
    }
    #expect(refusedID == id && date == "2025-11-20")
    #expect(
      served.auditEntries.contains {
        $0.action == "search" && $0.user == "ola" && $0.id.isEmpty && $0.detail == "opted out of the round; not opened"
      })

    // Another unit's check, and a coordinator's, are refused and logged as refusals.
    #expect(throws: StoreError.self) {
      try kari.countNotIncluded(round: ServedStore.round, unit: "rus", reason: .under16, number: nil, today: today)
    }
    #expect(throws: StoreError.self) {
      try served.guarded("cora").countNotIncluded(
        round: ServedStore.round, unit: "nav", reason: .under16, number: nil, today: today)
    }
    #expect(try folder(served).inclusionCounts().units == ["nav": ["optedOut": 1]])
    let counted = served.auditEntries.filter { $0.action == "not-included" }
    #expect(counted.count == 1 && counted[0].user == "kari" && counted[0].id.isEmpty)
    #expect(counted[0].detail == "unit nav: optedOut")
    #expect(served.auditEntries.contains { $0.action == "denied" && $0.user == "kari" })
    #expect(served.auditEntries.contains { $0.action == "denied" && $0.user == "cora" })
    #expect(!served.auditText.contains(digits))
  }

  @Test func theRequestCrossesTheWireAndABadNumberCountsNothing() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let kari = served.guarded("kari")
    let request = WireRequest.exclusion(
      round: ServedStore.round, unit: "nav", reason: .under16, number: nil, today: today)
    let bytes = try JSONEncoder().encode(WireEnvelope(request))
    let decoded = try JSONDecoder().decode(WireEnvelope<WireRequest>.self, from: bytes)
    guard case .excluded(let outcome) = decoded.body.perform(on: kari) else {
      Issue.record("no outcome")
      return
    }
    #expect(outcome == ExclusionOutcome())
    let bad = WireRequest.notIncluded(
      round: ServedStore.round, unit: "nav", reason: .optedOut, number: "01038512345", today: "2025-11-20")
    guard case .failure(let error) = bad.perform(on: kari) else {
      Issue.record("a bad number was accepted")
      return
    }
    #expect(error.kind == "invalid" && error.problems.first?.first == "number")
    #expect(try folder(served).inclusionCounts().units == ["nav": ["under16": 1]])
    #expect(!FileSystem.exists(folder(served).optOutFile))
  }
}
