import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// The rounds screen's `n` proposes next year's round from last year's: same municipality,
/// catalogue and unit ids, so a report over both years joins each unit on its id.
@Suite struct NextRoundSessionTests {
  func created(_ fixture: FixtureStore, _ name: String = "2025-9901") throws -> Round {
    try RoundFolder(path: fixture.store.path + "/" + name).loadRound()
  }

  @Test func theDefaultIsLastYearsRoundWithTheSameUnitIds() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("n")
    #expect(runner.state.screen == .nextRound)
    #expect(runner.text.contains("Ny runde fra 2024 (Testvik)"))
    #expect(runner.text.contains("i fjor: 10000"))
    // Last year's figures are proposed; the first key replaces one.
    runner.type("<Tab><Tab>10100<C-s>")
    #expect(runner.state.screen == .rounds)
    #expect(runner.state.message?.text == "Runden 2025-9901 er opprettet.")
    let round = try created(fixture)
    #expect(round.units == FixtureStore.round.units)
    #expect(round.municipality == FixtureStore.round.municipality && round.services == FixtureStore.round.services)
    #expect(round.year == 2025 && round.deadline == "2025-12-15" && round.status == .open)
    #expect(round.population == .init(total: 10_100, age16plus: 8_000, age18plus: 7_600))
  }

  @Test func unitsAreRenamedRetiredAndAddedWithoutChangingIds() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    // nav renamed, rus retired, two new units (one whose name would make the retired id).
    runner.type("n<Tab><Tab><Tab><Tab><Tab>NAV Testvik og Fjellby<Tab><F4>")
    #expect(runner.state.message?.text == "Rustjenesten utgår i år (id-en brukes ikke om igjen).")
    runner.type("<Tab>Rus, Boligkontoret<Tab><Tab>4<C-s>")
    let round = try created(fixture)
    #expect(round.units.map(\.id) == ["nav", "rus2", "boligkontoret"])
    #expect(round.units[0].name == "NAV Testvik og Fjellby" && round.units[0].kind == .nav)
    #expect(round.units[1].name == "Rus" && round.units[2].kind == UnitKind.allCases[3])

    // The retired unit is not offered in the form, and the desk does not count it as missing.
    runner.type("<Enter>")
    #expect(runner.state.open?.round.year == 2025)
    runner.type("njjn" + Numbers.male1980 + "<Enter>")
    #expect(runner.state.screen == .form)
    #expect(!runner.text.contains("Rustjenesten"))
    runner.type("<Esc>f")
    #expect(runner.state.screen == .surveys, "\(runner.text)")
    runner.type("o")
    let desk = try #require(runner.state.desk.desk)
    #expect(desk.units.map(\.unit) == ["nav", "rus2", "boligkontoret"])
  }

  @Test func aSecondRoundOfTheSameYearIsRefused() throws {
    let fixture = try FixtureStore()
    var other = FixtureStore.round
    other.year = 2025
    _ = try fixture.store.createRound(other, folderName: "testvik-2025")
    let runner = fixture.runner()
    // The newest round of Testvik (2025) is proposed; asking for 2025 again is refused.
    runner.type("n")
    #expect(runner.text.contains("Ny runde fra 2025 (Testvik)"))
    runner.type("<C-u>2025<C-s>")
    #expect(runner.state.message?.text == "Kartleggingsår: må være etter 2025")
    var plan = RoundSuccession(previous: FixtureStore.round)
    plan.population = FixtureStore.round.population
    let service = LocalStoreService(store: fixture.store)
    #expect(throws: StoreError.self) { try service.createRound(try plan.makeRound(), folderName: "2025-9901") }
    #expect(!FileSystem.exists(fixture.store.path + "/2025-9901"))
  }

  @Test func wrongFiguresNameTheirField() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("n<Tab>2025-13-40<C-s>")
    #expect(runner.state.message?.text == "Frist: skriv en dato som ÅÅÅÅ-MM-DD")
    runner.type("<C-u>2025-12-01<Tab>ti tusen<C-s>")
    #expect(runner.state.message?.text == "Innbyggere i alt: skriv et positivt heltall")
    runner.type("<C-u><Tab><Tab><Tab><C-u><C-s>")
    #expect(runner.state.message?.text == "nav: navnet mangler")
    // Esc after changes asks; F5 gives the blank form for another municipality.
    runner.type("<Esc>")
    let asks = if case .discardNewRound? = runner.state.dialog { true } else { false }
    #expect(asks)
    runner.type("n<F5>")
    #expect(runner.state.screen == .createRound)
    runner.type("<Esc>")
    #expect(runner.state.screen == .rounds)
  }

  @Test func anEmptyStoreGetsTheBlankForm() throws {
    let folder = TemporaryFolder()
    let store = try Store.open(folder.path + "/store")
    let runner = AppRunner(store: store, storeLabel: "/srv/brukerplan", clock: { 753_790_500 })
    runner.type("n")
    #expect(runner.state.screen == .createRound)
  }

  /// On a served store the proposal is offered to everyone who sees the rounds, but only an
  /// admin's round is created; the log names the admin.
  @Test func onAServedStoreOnlyAnAdminCreatesTheRound() throws {
    let fixture = try FixtureStore()
    try AccessFile(users: [
      "kari": AccessGrant(role: .caseworker, units: ["nav"]), "ada": AccessGrant(role: .admin),
    ]).save(store: fixture.store.path)
    let base = LocalStoreService(store: fixture.store)
    func runner(_ user: String) -> AppRunner {
      AppRunner(
        service: GuardedStoreService(base: base, user: user, uid: 40_000, isOwner: false),
        storeLabel: "/srv/brukerplan", clock: { fixture.clock.now })
    }
    let kari = runner("kari")
    kari.type("n<C-s>")
    #expect(kari.state.message?.text == "ikke tillatt (bare en administrator lager runder)")
    #expect(!FileSystem.exists(fixture.store.path + "/2025-9901"))
    let ada = runner("ada")
    ada.type("n<C-s>")
    #expect(try created(fixture).units == FixtureStore.round.units)
    let log = try RoundFolder(path: fixture.store.path + "/2025-9901").audit.read().entries
    #expect(log.contains { $0.user == "ada" && $0.action == "round" && $0.detail == "created" })
  }
}
