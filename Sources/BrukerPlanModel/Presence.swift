import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Someone who has a survey open in a form right now.
public struct Editor: Codable, Hashable, Sendable {
  public var user: String
  /// When they opened it (ISO 8601, UTC).
  public var since: String

  public init(user: String, since: String) {
    self.user = user
    self.since = since
  }

  /// "10:42" in the caseworker's own time zone, for the message line.
  public var sinceClock: String {
    guard let date = ISO8601DateFormatter().date(from: since) else { return since }
    let clock = DateFormatter()
    clock.dateFormat = "HH:mm"
    return clock.string(from: date)
  }
}

/// Who has which survey open: one small file per open form, `<round>/.presence/<id>~<holder>`,
/// holding the user and the time. A holder is a process (and, in a server, a connection): its
/// markers vanish when it leaves the form, and a marker of a process that no longer runs, or
/// older than a working day, is ignored and removed, so a crash never leaves a ghost editor.
/// A notice only: nothing is locked (two saves still meet the revision check and the merge).
public struct PresenceBoard: Sendable {
  public let folder: RoundFolder
  static let maximumAge: TimeInterval = 12 * 3600

  public init(_ folder: RoundFolder) {
    self.folder = folder
  }

  var path: String { "\(folder.path)/.presence" }

  /// A holder for this process: its pid (checked for liveness) and a random part, so two
  /// sessions in one process (tests, a server's connections) are told apart.
  public static func newHolder() -> String { "\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }

  /// Marks `id` as open by `user` and returns everyone else who has it open.
  public func enter(_ id: String, user: String, holder: String, now: Date = Date()) throws(FileSystem.Failure)
    -> [Editor]
  {
    guard SurveyID.isValid(id), Self.isValidHolder(holder) else { return [] }
    try FileSystem.makeFolder(path)
    let mine = Editor(user: user, since: ISO8601DateFormatter().string(from: now))
    try FileSystem.writeAtomically(Array(try! JSONEncoder().encode(mine)), to: marker(id, holder))
    return others(id, except: holder, now: now)
  }

  public func leave(_ id: String, holder: String) {
    guard SurveyID.isValid(id), Self.isValidHolder(holder) else { return }
    unlink(marker(id, holder))
  }

  /// Everyone with `id` open but `holder`, oldest first; stale markers are removed on the way.
  public func others(_ id: String, except holder: String, now: Date = Date()) -> [Editor] {
    guard let names = try? FileSystem.list(path) else { return [] }
    var editors: [Editor] = []
    for name in names where name.hasPrefix("\(id)~") {
      let theirs = String(name.dropFirst(id.count + 1))
      guard theirs != holder, Self.isValidHolder(theirs) else { continue }
      let file = "\(path)/\(name)"
      guard let bytes = try? FileSystem.readFile(file, limit: 4096),
        let editor = try? JSONDecoder().decode(Editor.self, from: Data(bytes)),
        let since = ISO8601DateFormatter().date(from: editor.since),
        now.timeIntervalSince(since) < Self.maximumAge, Self.isAlive(theirs)
      else {
        unlink(file)
        continue
      }
      editors.append(editor)
    }
    return editors.sorted { $0.since < $1.since }
  }

  func marker(_ id: String, _ holder: String) -> String { "\(path)/\(id)~\(holder)" }

  static func isValidHolder(_ holder: String) -> Bool {
    !holder.isEmpty && holder.count <= 40 && holder.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") }
  }

  /// The holder's process still runs (EPERM: it runs as another user, which counts).
  static func isAlive(_ holder: String) -> Bool {
    guard let pid = holder.split(separator: "-").first.flatMap({ pid_t($0) }), pid > 0 else { return false }
    return kill(pid, 0) == 0 || errno == EPERM
  }
}
