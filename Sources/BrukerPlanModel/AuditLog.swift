import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An append-only log per round (JSON Lines): time, OS user, action, survey id, revision.
/// It holds no personal data. A torn last line after a crash is skipped when read.
public struct AuditLog: Sendable {
  public struct Entry: Codable, Hashable, Sendable {
    public var time: String
    public var user: String
    public var action: String
    public var id: String
    public var revision: Int
    /// Why a round was closed or reopened, as the coordinator wrote it; absent on survey entries.
    public var reason: String? = nil
  }

  public let path: String

  /// Looked up once per process (getpwuid may consult NSS).
  static let osUser: String = {
    if let name = getpwuid(getuid())?.pointee.pw_name { return String(cString: name) }
    return "uid\(getuid())"
  }()

  /// Appends one line with a single write; an audit failure never blocks a save.
  public func append(action: String, id: String, revision: Int, time: Date = Date(), reason: String? = nil) {
    appendLine(line(action: action, id: id, revision: revision, time: time, reason: reason))
  }

  /// The encoded line for an entry, prepared before a save so that writing it right after the
  /// save's rename takes only a few system calls.
  public func line(action: String, id: String, revision: Int, time: Date = Date(), reason: String? = nil) -> [UInt8] {
    let entry = Entry(
      time: ISODate.timestamp(time), user: Self.osUser, action: action, id: id, revision: revision, reason: reason)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(entry) else { return [] }
    return Array(data) + [10]
  }

  /// Appends a prepared line.
  public func appendLine(_ line: [UInt8]) {
    guard !line.isEmpty else { return }
    var line = line
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, FileSystem.fileMode)
    guard fd >= 0 else { return }
    defer { close(fd) }
    // A previous crash may have left a torn line; start ours on a fresh line.
    var info = stat()
    if fstat(fd, &info) == 0, info.st_size > 0 {
      let reader = open(path, O_RDONLY | O_CLOEXEC)
      if reader >= 0 {
        var last: UInt8 = 10
        pread(reader, &last, 1, off_t(info.st_size - 1))
        close(reader)
        if last != 10 { line.insert(10, at: 0) }
      }
    }
    _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    fsync(fd)
  }

  /// Every readable entry; lines that do not parse (a torn write) are counted, not returned.
  public func read() throws(FileSystem.Failure) -> (entries: [Entry], damagedLines: Int) {
    guard FileSystem.exists(path) else { return ([], 0) }
    let bytes = try FileSystem.readFile(path, limit: 1 << 30)
    var entries: [Entry] = []
    var damaged = 0
    let decoder = JSONDecoder()
    for line in bytes.split(separator: 10) {
      if let entry = try? decoder.decode(Entry.self, from: Data(line)) {
        entries.append(entry)
      } else {
        damaged += 1
      }
    }
    return (entries, damaged)
  }
}
