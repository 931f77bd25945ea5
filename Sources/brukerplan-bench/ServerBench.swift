import BrukerPlanModel
import BrukerPlanServer
import Foundation

/// `brukerplan-bench server [PERSONS]`: the same store through `serve`'s socket and directly.
/// The server runs in this process (its own event loop and thread pool); the clients are
/// `RemoteStoreService`s, as in the UI.
enum ServerBench {
  static func run(persons: Int) throws {
    let rounds = try BenchData.rounds(persons: persons)
    let storePath = (rounds.later.path as NSString).deletingLastPathComponent
    let store = try Store.open(storePath, create: false)
    let local = LocalStoreService(store: store)
    let socket = NSTemporaryDirectory() + "bp-bench-\(getpid()).sock"
    let server = try StoreServer(store: store, socketPath: socket, groupName: nil)
    defer { server.stop() }
    let client = RemoteStoreService(socketPath: socket)
    let round = rounds.later.name
    _ = try local.openRound(round)  // the index and the OS cache warm

    var rows: [(String, String)] = []
    let openLocal = try Timing.median(runs: 5) { try local.openRound(round) }
    let openServed = try Timing.median(runs: 5) { try client.openRound(round) }
    rows.append(("open a round's list, \(persons) surveys: local", ms(openLocal)))
    rows.append(("open a round's list, \(persons) surveys: through the server", ms(openServed)))
    // Where the served list's time goes: the server's work with its encoded answer, the client's decoding.
    let guarded = GuardedStoreService(base: local, user: "bench", uid: getuid(), isOwner: true)
    var answer = Data()
    let serverSide = try Timing.median(runs: 5) {
      answer = try JSONEncoder().encode(WireEnvelope(WireRequest.openRound(round).perform(on: guarded)))
    }
    let clientSide = try Timing.median(runs: 5) {
      try JSONDecoder().decode(WireEnvelope<WireReply>.self, from: answer)
    }
    rows.append(("… of which the server's work and encoding (answer \(answer.count / 1024) kB)", ms(serverSide)))
    rows.append(("… of which the client's decoding", ms(clientSide)))

    let first = try require(try local.openRound(round).surveys.first { $0.status == .complete })
    let template = try local.survey(first.id, round: round)
    var made: [String] = []
    defer { for id in made { try? local.delete(id, baseRevision: nil, round: round) } }
    func fresh() -> Survey {
      var survey = template
      survey.id = Base32.randomID()
      made.append(survey.id)
      return survey
    }
    let fsyncOnly = try Timing.median(runs: 30) {
      let path = "\(rounds.later.path)/.bench-fsync"
      try FileSystem.writeAtomically(Array(repeating: 32, count: 1500), to: path)
      unlink(path)
    }
    var mine = try local.save(fresh(), baseRevision: nil, round: round)
    let saveLocal = try Timing.median(runs: 30) {
      mine = try local.save(mine, baseRevision: mine.revision, round: round)
    }
    var theirs = try client.save(fresh(), baseRevision: nil, round: round)
    let saveServed = try Timing.median(runs: 30) {
      theirs = try client.save(theirs, baseRevision: theirs.revision, round: round)
    }
    let openForm = try Timing.median(runs: 30) { try client.openSurvey(first.id, round: round) }
    client.leaveSurvey(first.id, round: round)
    rows.append(("open one survey's form through the server (openSurvey)", ms(openForm)))
    rows.append(("write + fsync + rename of one 1.5 kB file (the floor)", ms(fsyncOnly)))
    rows.append(("save one survey: local", ms(saveLocal)))
    rows.append(("save one survey: through the server", ms(saveServed)))

    // Twenty clients at once, each saving its own survey 20 times.
    let clients = 20
    let saves = 20
    let starts = (0..<clients).map { _ in fresh() }
    let latencies = LockedTimes()
    let wall = Timing.seconds {
      DispatchQueue.concurrentPerform(iterations: clients) { index in
        let connection = RemoteStoreService(socketPath: socket)
        guard var survey = try? connection.save(starts[index], baseRevision: nil, round: round) else { return }
        for _ in 0..<saves {
          var saved: Survey?
          let time = Timing.seconds {
            saved = try? connection.save(survey, baseRevision: survey.revision, round: round)
          }
          guard let saved else { return }
          survey = saved
          latencies.add(time)
        }
      }
    }
    let all = latencies.sorted
    rows.append(("\(clients) clients × \(saves) saves at once: all done", ms(wall)))
    rows.append(
      (
        "… saves per second",
        String(format: "%.0f (%d of %d confirmed)", Double(all.count) / wall, all.count, clients * saves)
      ))
    if !all.isEmpty {
      rows.append(
        ("… one save, median / 95th percentile", "\(ms(all[all.count / 2])) / \(ms(all[all.count * 95 / 100]))"))
    }
    print("| through `serve` (\(persons) persons a year) | time |")
    print("|---|---|")
    for (title, value) in rows { print("| \(title) | \(value) |") }
  }

  static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
}

func `require`<T>(_ value: T?) throws -> T {
  guard let value else { throw BenchFailure("no complete survey to copy") }
  return value
}

final class LockedTimes: @unchecked Sendable {
  private let lock = NSLock()
  private var times: [Double] = []
  func add(_ time: Double) { lock.withLock { times.append(time) } }
  var sorted: [Double] { lock.withLock { times.sorted() } }
}
