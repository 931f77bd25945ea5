import BrukerPlanModel
import Foundation

/// A served store as on a municipality's server, made of real OS users: a service account that
/// owns the store and runs `serve`, a group that may connect, caseworkers of two units, a
/// coordinator, an admin and a stranger outside the group. Everything is removed by `remove()`.
final class Deployment: Sendable {
  let tag: String
  let group: String
  let service: String
  let kari: String
  let ola: String
  let cora: String
  let ada: String
  let stranger: String
  let folder: String
  let binary: String
  let storePath: String
  let socket: String
  private let serverProcess = LockedProcess()
  var server: Process? { serverProcess.value }

  static var isRoot: Bool { getuid() == 0 }

  var users: [String] { [service, kari, ola, cora, ada, stranger] }

  init(persons: Int = 60) throws {
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    tag = String((0..<6).map { _ in letters.randomElement()! })
    group = "bpg\(tag)"
    service = "bps\(tag)"
    kari = "bpk\(tag)"
    ola = "bpo\(tag)"
    cora = "bpc\(tag)"
    ada = "bpa\(tag)"
    stranger = "bpx\(tag)"
    folder = "/tmp/bp-os-\(tag)"
    binary = folder + "/brukerplan-tui"
    storePath = folder + "/store"
    socket = folder + "/run/brukerplan.sock"

    try Self.shell("groupadd", [group])
    try Self.shell(
      "useradd", ["--system", "--no-create-home", "--gid", group, "--shell", "/usr/sbin/nologin", service])
    for user in [kari, ola, cora, ada] {
      try Self.shell("useradd", ["--no-create-home", "-N", "-G", group, "--shell", "/bin/sh", user])
    }
    try Self.shell("useradd", ["--no-create-home", "-N", "--shell", "/bin/sh", stranger])

    // The test binary lives under .build, which other users may not enter: a copy they can run.
    try FileManager.default.createDirectory(atPath: folder + "/run", withIntermediateDirectories: true)
    chmod(folder, 0o711)
    try FileManager.default.copyItem(atPath: Self.builtBinary, toPath: binary)
    chmod(binary, 0o755)
    try Self.shell("chown", ["\(service):\(group)", folder + "/run"])
    chmod(folder + "/run", 0o750)

    try SyntheticGenerator(seed: 21).generateStore(at: storePath, persons: persons, years: [2025])
    try AccessFile(users: [
      kari: AccessGrant(role: .caseworker, units: ["nav"]),
      ola: AccessGrant(role: .caseworker, units: ["rus"]),
      cora: AccessGrant(role: .coordinator),
      ada: AccessGrant(role: .admin),
    ]).save(store: storePath)
    try Self.shell("chown", ["-R", "\(service):\(group)", storePath])
    chmod(storePath, 0o700)
  }

  /// The brukerplan-tui built beside this test bundle.
  static var builtBinary: String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var folder = (exe as NSString).deletingLastPathComponent
    // swift test runs the bundle's binary inside <name>.xctest/...; step out to the products folder.
    while !FileManager.default.fileExists(atPath: folder + "/brukerplan-tui") && folder.count > 1 {
      folder = (folder as NSString).deletingLastPathComponent
    }
    return folder + "/brukerplan-tui"
  }

  /// Starts `serve` as the service account and waits for its socket.
  func startServer() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
    process.arguments = [
      "--reuid", service, "--regid", group, "--init-groups", "--", binary, "serve", "--store", storePath, "--socket",
      socket, "--group", group,
    ]
    process.standardOutput = FileHandle.nullDevice
    let log = folder + "/server.log"
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    process.standardError = FileHandle(forWritingAtPath: log)
    try? FileManager.default.removeItem(atPath: socket + ".ready")
    try process.run()
    serverProcess.value = process
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
      if FileManager.default.fileExists(atPath: socket), (try? run(as: ada, ["access", "list"]).status) == 0 { return }
      guard process.isRunning else { break }
      usleep(50_000)
    }
    throw DeploymentFailure("the server did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
  }

  func killServer() {
    guard let server, server.isRunning else { return }
    kill(server.processIdentifier, SIGKILL)
    server.waitUntilExit()
  }

  func stopServer() {
    guard let server, server.isRunning else { return }
    server.terminate()
    server.waitUntilExit()
  }

  /// Runs brukerplan-tui as `user` against the server.
  @discardableResult
  func run(as user: String, _ arguments: [String], input: String? = nil) throws -> (
    status: Int32, out: String, err: String
  ) {
    try Self.run("/usr/sbin/runuser", ["-u", user, "--", binary] + arguments + ["--server", socket], input: input)
  }

  /// Runs any program as `user` (no --server added).
  @discardableResult
  func runPlain(as user: String, _ program: String, _ arguments: [String]) throws -> (
    status: Int32, out: String, err: String
  ) {
    try Self.run("/usr/sbin/runuser", ["-u", user, "--", program] + arguments)
  }

  /// A file in the shared folder that `user` can read.
  func handOver(_ survey: Survey, name: String) throws -> String {
    let path = folder + "/\(name).json"
    try Data(RoundFolder.encode(survey)).write(to: URL(fileURLWithPath: path))
    chmod(path, 0o644)
    return path
  }

  var roundFolder: RoundFolder { RoundFolder(path: storePath + "/2025") }
  var surveysOnDisk: [Survey] { (try? roundFolder.load().surveys) ?? [] }
  func surveys(of unit: String) -> [Survey] { surveysOnDisk.filter { $0.unit == unit }.sorted { $0.id < $1.id } }
  var auditEntries: [AuditLog.Entry] { (try? roundFolder.audit.read().entries) ?? [] }

  func remove() {
    stopServer()
    for user in users { _ = try? Self.run("/usr/sbin/userdel", [user]) }
    _ = try? Self.run("/usr/sbin/groupdel", [group])
    try? FileManager.default.removeItem(atPath: folder)
  }

  static func shell(_ program: String, _ arguments: [String]) throws {
    let result = try run("/usr/bin/env", [program] + arguments)
    guard result.status == 0 else {
      throw DeploymentFailure("\(program) \(arguments.joined(separator: " ")): \(result.err)")
    }
  }

  static func run(_ path: String, _ arguments: [String], input: String? = nil) throws -> (
    status: Int32, out: String, err: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try? stdin.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a large output cannot block the child.
    let errData = LockedData()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: outData, as: UTF8.self),
      String(decoding: errData.get(), as: UTF8.self)
    )
  }
}

final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  func set(_ value: Data) { lock.withLock { data = value } }
  func get() -> Data { lock.withLock { data } }
}

struct DeploymentFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

final class LockedProcess: @unchecked Sendable {
  private let lock = NSLock()
  private var process: Process?
  var value: Process? {
    get { lock.withLock { process } }
    set { lock.withLock { process = newValue } }
  }
}
