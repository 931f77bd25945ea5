import BrukerPlanModel
import BrukerPlanServer
import BrukerPlanTUI
import Foundation
import Testing

/// The UI over `serve` (a real socket, the client the UI uses) shows the round's list exactly as
/// over the store folder, in every sort order, and the form it opens holds the whole survey.
@Suite struct ServedListTests {
  @Test func theListThroughServeIsTheLocalListAndItsFormTheWholeSurvey() throws {
    let served = try ServedStore()
    defer { served.remove() }
    let socket = served.path + "/bp.sock"
    let server = try StoreServer(store: served.store, socketPath: socket, groupName: nil)
    defer { server.stop() }
    let now = { 785_000_000.0 }
    let local = AppRunner(service: served.base, width: 110, height: 30, storeLabel: "/srv/bp", clock: now)
    let remote = AppRunner(
      service: RemoteStoreService(socketPath: socket), width: 110, height: 30, storeLabel: "/srv/bp", clock: now)
    for runner in [local, remote] { runner.send([.enter]) }
    #expect(remote.state.list.rows.count == served.surveysOnDisk.count)
    #expect(remote.screen.lines() == local.screen.lines())
    for _ in SortKey.allCases {
      for runner in [local, remote] { runner.send([.character("s"), .down, .down]) }
      #expect(remote.screen.lines() == local.screen.lines())
    }

    // One form at a time, so that neither says the other has the survey open too.
    local.send([.enter])
    let localForm = local.screen.lines()
    let id = try #require(local.state.form?.survey.id)
    local.send([.escape])
    remote.send([.enter])
    let onDisk = try #require(served.surveysOnDisk.first { $0.id == id })
    #expect(remote.state.form?.survey == onDisk)
    #expect(remote.state.form?.saved == onDisk)
    #expect(local.state.form == nil)
    #expect(remote.screen.lines() == localForm)
  }
}
