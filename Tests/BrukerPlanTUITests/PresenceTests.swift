import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// Two caseworkers on the same survey are told about each other (issue 13): a notice, not a lock.
@Suite struct PresenceTests {
  @Test func theSecondToOpenASurveyIsToldWhoElseHasItOpen() throws {
    let fixture = try FixtureStore()
    let kari = fixture.runner()
    let ola = fixture.runner()
    kari.type("<Enter><Down><Enter>")
    #expect(kari.state.screen == .form)
    #expect(!kari.text.contains("også åpent"))
    ola.type("<Enter><Down><Enter>")
    #expect(ola.state.screen == .form)
    #expect(ola.text.contains("Obs: også åpent hos \(AuditLog.osUser) ("))
    // Kari leaves the form: the next to open it is not warned about her.
    kari.type("<Esc>")
    #expect(kari.state.screen == .surveys)
    ola.type("<Esc>")
    ola.type("<Enter>")
    #expect(ola.state.screen == .form)
    #expect(!ola.text.contains("også åpent"))
  }

  @Test func aNewPersonsFormMarksNothingUntilItIsSaved() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>njjn" + Numbers.male1980 + "<Enter>")
    #expect(runner.state.screen == .form)
    let board = PresenceBoard(fixture.roundFolder)
    #expect(board.others(fixture.id(Numbers.male1980), except: "0").isEmpty)
  }

  @Test func aKilledSessionAndAStaleMarkerLeaveNoGhostEditor() throws {
    let fixture = try FixtureStore()
    let board = PresenceBoard(fixture.roundFolder)
    let id = fixture.id(Numbers.female1975)
    // A process that no longer runs (pid 2^22 + 1 is above Linux's pid_max default).
    _ = try board.enter(id, user: "kari", holder: "4194305-1")
    // One that runs (this test) but opened the form 13 hours ago.
    _ = try board.enter(id, user: "ola", holder: "\(getpid())-2", now: Date().addingTimeInterval(-13 * 3600))
    _ = try board.enter(id, user: "per", holder: "\(getpid())-3")
    #expect(board.others(id, except: "\(getpid())-4").map(\.user) == ["per"])
    // The stale markers were removed on the way.
    let left = try FileManager.default.contentsOfDirectory(atPath: fixture.roundFolder.path + "/.presence")
    #expect(left == ["\(id)~\(getpid())-3"])
    // Hostile ids and holders never become paths.
    #expect(try board.enter("../../key", user: "x", holder: "1-1").isEmpty)
    #expect(try board.enter(id, user: "x", holder: "../1").isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.roundFolder.path + "/.presence").count == 1)
  }
}
