import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An append-only log per round (JSON Lines): time, user, action, survey id, revision. It holds
/// no personal data. Each line carries the SHA-256 of the line before it (`prev`), so `verify`
/// finds a line that was removed or edited. A torn last line after a crash is skipped when read.
///
/// Every append goes through `Writer`, which refuses a log that is not a regular file (a folder,
/// a symlink to /dev/null): a save that cannot be audited is not made.
public struct AuditLog: Sendable {
  public struct Entry: Codable, Hashable, Sendable {
    public var time: String
    public var user: String
    public var action: String
    public var id: String
    public var revision: Int
    /// The import (or other bulk change) this line belongs to, so it can be undone as one.
    public var batch: String?
    /// SHA-256 (hex) of the previous line as stored; `AuditLog.chainStart` on the first line.
    /// Nil only on lines written before the chain existed.
    public var prev: String?
    /// What was seen or changed besides one survey: "3 surveys of units nav", "unit rus".
    /// Never an answer or a number.
    public var detail: String? = nil
    /// Why a round was closed or reopened, as the coordinator wrote it; absent on survey entries.
    public var reason: String? = nil
  }

  /// What happened; the log adds the time, the chain and (unless given) the OS user.
  public struct Event: Hashable, Sendable {
    public var action: String
    public var id: String
    public var revision: Int
    /// Who did it; nil means the OS user running this process. A server passes its client's user.
    public var user: String?
    public var batch: String?
    /// A served store's note on a read or a refusal (`Entry.detail`); numbers are masked.
    public var detail: String?
    public var reason: String?

    public init(
      action: String, id: String, revision: Int, user: String? = nil, batch: String? = nil, detail: String? = nil,
      reason: String? = nil
    ) {
      self.action = action
      self.id = id
      self.revision = revision
      self.user = user
      self.batch = batch
      self.detail = detail.map(Redaction.identityNumbers)
      self.reason = reason
    }
  }

  /// A chain problem found by `verify`, with its 1-based line number.
  public struct ChainBreak: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var reason: String
    public var description: String { "\(path): line \(line): \(reason)" }
  }

  public static let chainStart = String(repeating: "0", count: 64)

  public let path: String

  public init(path: String) { self.path = path }

  /// Looked up once per process (getpwuid may consult NSS).
  public static let osUser: String = {
    if let name = getpwuid(getuid())?.pointee.pw_name { return String(cString: name) }
    return "uid\(getuid())"
  }()

  /// Appends `events` as one write; throws when the log cannot take them.
  public func append(_ events: [Event], time: Date = Date()) throws(FileSystem.Failure) {
    try openWriter().append(events, time: time)
  }

  public func append(_ event: Event, time: Date = Date()) throws(FileSystem.Failure) {
    try append([event], time: time)
  }

  /// Opens the log for appending, checked and locked. A caller that changes a survey opens the
  /// writer first, so a log that cannot be written stops the change before it is made.
  public func openWriter() throws(FileSystem.Failure) -> Writer { try Writer(path: path) }

  /// An open, locked audit log. The lock (flock on the log itself) keeps reading the last line
  /// and appending after it one step, whichever process writes.
  public final class Writer {
    public let path: String
    private let fd: Int32

    init(path: String) throws(FileSystem.Failure) {
      self.path = path
      fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, FileSystem.fileMode)
      guard fd >= 0 else {
        let code = errno
        let reason =
          switch code {
          case ELOOP: "is a symbolic link; refusing to write the audit log through it"
          case EISDIR: "is a folder, not the audit log; move it away"
          default: "cannot be opened for appending (\(FileSystem.errnoText(code)))"
          }
        throw FileSystem.Failure(path: path, reason: reason + "; nothing was saved")
      }
      var info = stat()
      guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
        close(fd)
        throw FileSystem.Failure(path: path, reason: "is not a regular file (a device?); nothing was saved")
      }
      flock(fd, LOCK_EX)
    }

    deinit {
      flock(fd, LOCK_UN)
      close(fd)
    }

    /// Appends one line per event, each chained to the one before, in a single write and fsync.
    public func append(_ events: [Event], time: Date = Date()) throws(FileSystem.Failure) {
      try commit(try prepare(events, time: time))
    }

    /// The lines for `events`, chained to the log's last line. Made before a change, they are
    /// written right after it, so a kill between the two has only a few system calls to hit.
    /// The writer's lock keeps the log's last line as it was meanwhile.
    public func prepare(_ events: [Event], time: Date = Date()) throws(FileSystem.Failure) -> [UInt8] {
      guard !events.isEmpty else { return [] }
      let (previous, endsLine) = try lastEntryLine()
      var bytes: [UInt8] = endsLine ? [] : [10]
      var prev = previous.map(AuditLog.hash) ?? AuditLog.chainStart
      let stamp = ISODate.timestamp(time)
      for event in events {
        let entry = Entry(
          time: stamp, user: event.user ?? AuditLog.osUser, action: event.action, id: event.id,
          revision: event.revision, batch: event.batch, prev: prev, detail: event.detail, reason: event.reason)
        let line = AuditLog.encode(entry)
        prev = AuditLog.hash(line[...])
        bytes += line + [10]
      }
      return bytes
    }

    /// Writes lines made by `prepare` with one write and an fsync.
    public func commit(_ bytes: [UInt8]) throws(FileSystem.Failure) {
      guard !bytes.isEmpty else { return }
      var written = 0
      while written < bytes.count {
        let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else {
          throw FileSystem.Failure(path: path, reason: "audit line could not be written (\(FileSystem.errnoText()))")
        }
        written += count
      }
      guard fsync(fd) == 0 else {
        throw FileSystem.Failure(path: path, reason: "audit line could not be flushed (\(FileSystem.errnoText()))")
      }
    }

    /// The last line that parses as an entry (a torn line is skipped, as `verify` skips it), and
    /// whether the file ends with a newline.
    private func lastEntryLine() throws(FileSystem.Failure) -> (line: ArraySlice<UInt8>?, endsLine: Bool) {
      var info = stat()
      guard fstat(fd, &info) == 0 else {
        throw FileSystem.Failure(path: path, reason: "cannot be examined (\(FileSystem.errnoText()))")
      }
      let size = Int(info.st_size)
      guard size > 0 else { return (nil, true) }
      var window = 4096
      while true {
        let start = max(0, size - window)
        var tail = [UInt8](repeating: 0, count: size - start)
        let count = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
        guard count == tail.count else {
          throw FileSystem.Failure(path: path, reason: "could not be read (\(FileSystem.errnoText()))")
        }
        let endsLine = tail.last == 10
        // The first piece may be cut off by the window; it only counts when the window is the file.
        var lines = tail.split(separator: 10, omittingEmptySubsequences: true)
        if start > 0 && !lines.isEmpty { lines.removeFirst() }
        if let line = lines.last(where: { AuditLog.decode($0) != nil }) { return (line, endsLine) }
        if start == 0 { return (nil, endsLine) }
        window *= 4
      }
    }
  }

  /// One line as JSONEncoder writes it (sorted keys, no escaped slashes); the compact writer
  /// makes the same bytes without JSONEncoder's cost, which an import pays once per person.
  static func encode(_ entry: Entry) -> [UInt8] {
    var object = CompactJSON.Object()
    object.add("action", entry.action)
    object.add("batch", entry.batch)
    object.add("detail", entry.detail)
    object.add("id", entry.id)
    object.add("prev", entry.prev)
    object.add("reason", entry.reason)
    object.add("revision", entry.revision)
    object.add("time", entry.time)
    object.add("user", entry.user)
    return object.finished() ?? reference(entry)
  }

  /// JSONEncoder's line, the compact writer's reference and its fallback for unusual text.
  static func reference(_ entry: Entry) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Strings and integers only: encoding cannot fail.
    return Array(try! encoder.encode(entry))
  }

  static func decode(_ line: ArraySlice<UInt8>) -> Entry? { try? JSONDecoder().decode(Entry.self, from: Data(line)) }

  static func hash(_ line: ArraySlice<UInt8>) -> String {
    Hex.encode(SHA256.hash(data: line))
  }

  /// The log's lines, each with its entry (nil: a line that does not parse, such as a torn write).
  func lines() throws(FileSystem.Failure) -> [(text: ArraySlice<UInt8>, entry: Entry?)] {
    var info = stat()
    guard lstat(path, &info) == 0 else { return [] }
    let bytes = try FileSystem.readFile(path, limit: 1 << 30)
    return bytes.split(separator: 10).map { ($0, Self.decode($0)) }
  }

  /// Every readable entry; lines that do not parse (a torn write) are counted, not returned.
  public func read() throws(FileSystem.Failure) -> (entries: [Entry], damagedLines: Int) {
    let lines = try lines()
    let entries = lines.compactMap(\.entry)
    return (entries, lines.count - entries.count)
  }

  /// Every place where the chain is broken: a line removed, edited or inserted. Lines written
  /// before the chain existed are accepted only before the first chained line.
  public func verify() throws(FileSystem.Failure) -> [ChainBreak] {
    var breaks: [ChainBreak] = []
    var expected = Self.chainStart
    var chained = false
    for (number, line) in try lines().enumerated() {
      guard let entry = line.entry else { continue }
      if let prev = entry.prev {
        if prev != expected {
          let reason =
            number == 0
            ? "does not start the chain; lines before it were removed"
            : "does not follow the line before it; a line was removed or edited"
          breaks.append(ChainBreak(path: path, line: number + 1, reason: reason))
        }
        chained = true
      } else if chained {
        breaks.append(ChainBreak(path: path, line: number + 1, reason: "has no chain hash; it was inserted or edited"))
      }
      expected = Self.hash(line.text)
    }
    return breaks
  }
}
