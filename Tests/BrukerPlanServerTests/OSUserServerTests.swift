import BrukerPlanModel
import BrukerPlanServer
import Foundation
import Testing

/// `serve` with real OS users: each client is a separate process run with runuser as its own
/// user, known to the server only by SO_PEERCRED. Needs root to create users (CI runs as root).
@Suite(
  .serialized,
  .enabled(if: Deployment.isRoot, "skipped: creating OS users with useradd needs root (CI runs the tests as root)"))
struct OSUserServerTests {
  @Test func eachUserSeesOnlyWhatTheirRoleAllows() throws {
    let deployment = try Deployment()
    defer { deployment.remove() }
    try deployment.startServer()
    let nav = deployment.surveys(of: "nav")
    let rus = deployment.surveys(of: "rus")
    let theirs = try #require(rus.first)

    // The socket: 0660, group brukerplan's stand-in; a user outside the group cannot connect.
    let info = try FileManager.default.attributesOfItem(atPath: deployment.socket)
    #expect((info[.posixPermissions] as? Int) == 0o660)
    #expect((info[.groupOwnerAccountName] as? String) == deployment.group)
    let outsider = try deployment.run(as: deployment.stranger, ["survey", "list", "2025"])
    #expect(outsider.status == 1 && outsider.err.contains("ermission denied"))

    // A caseworker of nav: lists, exports and opens nav only.
    let list = try deployment.run(as: deployment.kari, ["survey", "list", "2025"])
    #expect(list.status == 0)
    #expect(list.out.split(separator: "\n").map { String($0.split(separator: "\t")[0]) } == nav.map(\.id))
    let show = try deployment.run(as: deployment.kari, ["survey", "show", "2025", theirs.id])
    #expect(show.status == 1 && show.err.contains("another unit (Rustjenesten (rus))") && show.out.isEmpty)
    var moved = theirs
    moved.unit = "nav"
    let file = try deployment.handOver(moved, name: "moved")
    let save = try deployment.run(
      as: deployment.kari, ["survey", "save", "2025", file, "--base", "\(theirs.revision)"])
    #expect(save.status == 1)
    #expect(deployment.surveys(of: "rus").first { $0.id == theirs.id } == theirs)
    let export = try deployment.run(as: deployment.kari, ["export", "2025"])
    #expect(
      export.status == 0 && nav.allSatisfy { export.out.contains($0.id) }
        && !rus.contains { export.out.contains($0.id) })
    let report = try deployment.run(as: deployment.kari, ["report", "2025"])
    #expect(report.status == 1 && report.err.contains("not allowed"))

    // Nor the files themselves, nor the key.
    for path in ["\(deployment.storePath)/.brukerplan/key", "\(deployment.storePath)/2025/surveys/\(theirs.id).json"] {
      let cat = try deployment.runPlain(as: deployment.kari, "/bin/cat", [path])
      #expect(cat.status != 0 && cat.out.isEmpty)
    }

    // A number registered by rus: only "registered elsewhere, by which unit".
    let number = TestNumbers.valid(3)
    let id = try Store.open(deployment.storePath, create: false).pseudonym(for: NationalIdentityNumber(number))
    var registered = theirs
    registered.id = id
    let registration = try deployment.handOver(registered, name: "registered")
    #expect(try deployment.run(as: deployment.ola, ["survey", "save", "2025", registration]).status == 0)
    let find = try deployment.run(as: deployment.kari, ["survey", "find", "2025"], input: number + "\n")
    #expect(find.status == 1 && find.err.contains("by another unit: Rustjenesten (rus)") && !find.out.contains(id))
    let olaFinds = try deployment.run(as: deployment.ola, ["survey", "find", "2025"], input: number + "\n")
    #expect(olaFinds.out == id + "\n")

    // The coordinator: the desk and published reports, no answers.
    let coordinatorReport = try deployment.run(
      as: deployment.cora, ["report", "2025", "--format", "json", "--min-cell", "1"])
    #expect(coordinatorReport.status == 0 && coordinatorReport.out.contains("brukerplan-report/1"))
    #expect(coordinatorReport.out.contains("\"minCell\": 3"))
    let desk = try deployment.run(as: deployment.cora, ["survey", "list", "2025"])
    #expect(desk.status == 0 && desk.err.contains("progress only"))
    #expect(try deployment.run(as: deployment.cora, ["survey", "show", "2025", nav[0].id]).status == 1)
    #expect(try deployment.run(as: deployment.cora, ["export", "2025"]).status == 1)

    // The audit names each user; the admin asks who has seen a survey.
    let opened = try deployment.run(as: deployment.ola, ["survey", "show", "2025", theirs.id])
    #expect(opened.status == 0)
    let audit = try deployment.run(as: deployment.ada, ["audit", "2025", "--survey", theirs.id])
    #expect(audit.status == 0)
    #expect(audit.out.contains("Seen by: \(deployment.ola)") && !audit.out.contains("Seen by: \(deployment.kari)"))
    let users = Set(deployment.auditEntries.map(\.user))
    for user in [deployment.kari, deployment.ola, deployment.cora, deployment.ada] { #expect(users.contains(user)) }
    let logText = try String(contentsOfFile: deployment.roundFolder.path + "/audit.jsonl", encoding: .utf8)
    #expect(!logText.contains(number))
    #expect(try deployment.run(as: deployment.kari, ["audit", "2025"]).status == 1)

    // Access changes: only the admin, and they count at once.
    #expect(
      try deployment.run(as: deployment.kari, ["access", "grant", deployment.kari, "--role", "admin"]).status == 1)
    #expect(try deployment.run(as: deployment.ada, ["access", "revoke", deployment.kari]).status == 0)
    #expect(try deployment.run(as: deployment.kari, ["survey", "list", "2025"]).status == 1)
  }

  @Test func twentyClientsSavingAtOnceLoseNoUpdate() throws {
    let deployment = try Deployment(persons: 80)
    defer { deployment.remove() }
    try deployment.startServer()
    // Twenty processes, as the caseworkers of two units: each pair of clients saves one survey of
    // its unit twice each, re-reading the revision after a conflict.
    let targets = Array(deployment.surveys(of: "nav").prefix(5)) + Array(deployment.surveys(of: "rus").prefix(5))
    let files = try targets.map { try deployment.handOver($0, name: "shared-\($0.id)") }
    let script = """
      n=0
      while [ $n -lt 2 ]; do
        rev=$("$0" survey list 2025 --server "$1" 2>/dev/null | awk -v id="$2" '$1 == id { print $4 }')
        if "$0" survey save 2025 "$3" --base "$rev" --server "$1" >/dev/null 2>&1; then n=$((n + 1)); fi
      done
      """
    let group = DispatchGroup()
    let failures = LockedData()
    for client in 0..<20 {
      let target = client % targets.count
      let user = targets[target].unit == "nav" ? deployment.kari : deployment.ola
      DispatchQueue.global().async(group: group) {
        let result = try? Deployment.run(
          "/usr/sbin/runuser",
          [
            "-u", user, "--", "/bin/sh", "-c", script, deployment.binary, deployment.socket, targets[target].id,
            files[target],
          ])
        if result?.status != 0 { failures.set(Data("client \(client) failed: \(result?.err ?? "")".utf8)) }
      }
    }
    group.wait()
    #expect(failures.get().isEmpty, "\(String(decoding: failures.get(), as: UTF8.self))")
    let entries = deployment.auditEntries
    for survey in targets {
      let now = try #require(deployment.surveysOnDisk.first { $0.id == survey.id })
      #expect(now.revision == survey.revision + 4, "every one of the 4 updates of \(survey.id) is a revision")
      let updates = entries.filter { $0.id == survey.id && $0.action == "update" }
      #expect(updates.count == 4)
      #expect(Set(updates.map(\.user)) == [survey.unit == "nav" ? deployment.kari : deployment.ola])
    }
  }

  @Test func killNineMidSaveLosesNothingAndClientsReconnect() throws {
    let deployment = try Deployment(persons: 40)
    defer { deployment.remove() }
    try deployment.startServer()
    // Root is the owner: these clients exercise the socket, not the rules.
    let surveys = Array(deployment.surveysOnDisk.prefix(6))
    let confirmed = ConfirmedRevisions()
    let stop = LockedData()
    let group = DispatchGroup()
    for survey in surveys {
      DispatchQueue.global().async(group: group) {
        let client = RemoteStoreService(socketPath: deployment.socket)
        var current = survey
        while stop.get().isEmpty {
          do throws(StoreError) {
            current = try client.save(current, baseRevision: current.revision, round: "2025")
            confirmed.record(current)
          } catch {
            confirmed.fail(error)
            if let now = try? client.survey(current.id, round: "2025") { current = now }
            usleep(20_000)
          }
        }
      }
    }
    usleep(700_000)
    deployment.killServer()
    usleep(200_000)
    // A client of a dead server says so plainly.
    let refused = try deployment.run(as: deployment.kari, ["survey", "list", "2025"])
    #expect(refused.status == 1 && refused.err.contains("no brukerplan server is running there"))
    try deployment.startServer()
    usleep(500_000)
    stop.set(Data([1]))
    group.wait()

    // Every file on disk is whole and at least at its last confirmed revision, at most one above.
    let loaded = try deployment.roundFolder.load()
    #expect(loaded.invalid.isEmpty)
    for survey in surveys {
      let onDisk = try #require(loaded.surveys.first { $0.id == survey.id })
      let last = confirmed.last(survey.id)
      #expect(last > survey.revision, "saves were confirmed before the kill")
      #expect(onDisk.revision >= last && onDisk.revision <= last + 1)
    }
    let errors = confirmed.errors
    #expect(!errors.isEmpty, "the kill interrupted the clients")
    #expect(errors.allSatisfy { $0.contains("brukerplan server") })
    #expect(confirmed.unexpected.isEmpty, "\(confirmed.unexpected)")
    #expect(confirmed.savedAfterRestart, "the same clients saved again once the server was back")
  }
}

/// What the clients of the kill test saw.
final class ConfirmedRevisions: @unchecked Sendable {
  private let lock = NSLock()
  private var revisions: [String: Int] = [:]
  private var failures: [String] = []
  private var afterFailure = false

  func record(_ survey: Survey) {
    lock.withLock {
      revisions[survey.id] = survey.revision
      if !failures.isEmpty { afterFailure = true }
    }
  }

  private var others: [String] = []

  /// The server going away is what the test makes happen; a conflict follows a save that landed
  /// without its confirmation (the client then reloads). Anything else is a finding.
  func fail(_ error: StoreError) {
    lock.withLock {
      switch error {
      case .unavailable: failures.append(error.description)
      case .conflict: break
      default: others.append(error.description)
      }
    }
  }

  var unexpected: [String] { lock.withLock { others } }
  func last(_ id: String) -> Int { lock.withLock { revisions[id] ?? 0 } }
  var errors: [String] { lock.withLock { failures } }
  var savedAfterRestart: Bool { lock.withLock { afterFailure } }
}
