import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Careful file operations for health data: owner-only modes, atomic replacement, bounded reads,
/// and no following of symbolic links.
public enum FileSystem {
  public static let fileMode: mode_t = 0o600
  public static let folderMode: mode_t = 0o700

  public struct Failure: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { TextSafety.withoutControlCharacters("\(path): \(reason)") }
  }

  static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

  /// Reads a whole regular file, refusing symlinks, folders and files above `limit` bytes.
  public static func readFile(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
    if fd < 0 {
      let code = errno
      switch code {
      case ELOOP: throw Failure(path: path, reason: "is a symbolic link; refusing to follow it")
      case ENOENT: throw Failure(path: path, reason: "does not exist")
      case EACCES: throw Failure(path: path, reason: "cannot be read (permission denied)")
      default: throw Failure(path: path, reason: "cannot be opened (\(errnoText(code)))")
      }
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw Failure(path: path, reason: "cannot be examined (\(errnoText()))") }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      let what = (info.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file"
      throw Failure(path: path, reason: "is \(what), expected a JSON file")
    }
    guard Int(info.st_size) <= limit else {
      throw Failure(path: path, reason: "is \(info.st_size) bytes, more than the limit of \(limit)")
    }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var filled = 0
    while filled < bytes.count {
      let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
      if count < 0 {
        if errno == EINTR { continue }
        throw Failure(path: path, reason: "could not be read (\(errnoText()))")
      }
      if count == 0 { break }
      filled += count
    }
    return Array(bytes.prefix(filled))
  }

  /// Replaces `path` with `bytes` so that a crash leaves either the old or the new content:
  /// a temporary file in the same folder, fsync, rename over the target, fsync of the folder.
  /// `afterRename` runs between the rename and the folder's fsync (an audit line written there
  /// is lost to a crash only in a window of microseconds, not of a whole fsync); its failure is
  /// thrown after the folder's fsync.
  public static func writeAtomically(
    _ bytes: [UInt8], to path: String, afterRename: () throws(Failure) -> Void = {}
  ) throws(Failure) {
    let folder = Paths.parent(of: path)
    let temporary = Paths.join(folder, ".\(Paths.name(of: path)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    // A rename replaces whatever is there: never a symlink, a device or a folder.
    var existing = stat()
    if lstat(path, &existing) == 0, (existing.st_mode & S_IFMT) != S_IFREG {
      throw Failure(path: path, reason: "is \(kind(existing.st_mode)), not a regular file; refusing to replace it")
    }
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
    guard fd >= 0 else { throw Failure(path: path, reason: "cannot be written (\(errnoText()))") }
    var ok = false
    defer {
      if !ok { unlink(temporary) }
    }
    do {
      defer { close(fd) }
      fchmod(fd, fileMode)
      var written = 0
      while written < bytes.count {
        let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
        if count < 0 {
          if errno == EINTR { continue }
          throw Failure(path: path, reason: "could not be written (\(errnoText()))")
        }
        written += count
      }
      guard fsync(fd) == 0 else { throw Failure(path: path, reason: "could not be flushed to disk (\(errnoText()))") }
    }
    guard rename(temporary, path) == 0 else {
      throw Failure(path: path, reason: "could not be replaced (\(errnoText()))")
    }
    ok = true
    var afterFailure: Failure?
    do {
      try afterRename()
    } catch {
      afterFailure = error
    }
    syncFolder(folder)
    if let afterFailure { throw afterFailure }
  }

  /// Writes a command's output file (`-o FILE`): a new or regular file is replaced atomically
  /// with mode 0600; a device, FIFO or symbolic link (`-o /dev/stdout`) is written through as it
  /// is, never replaced; a folder is refused.
  public static func writeOutput(_ bytes: [UInt8], to path: String) throws(Failure) {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG else {
      return try writeAtomically(bytes, to: path)
    }
    var target = stat()
    guard stat(path, &target) == 0 else { throw Failure(path: path, reason: "is a symbolic link to nothing") }
    guard (target.st_mode & S_IFMT) != S_IFDIR else { throw Failure(path: path, reason: "is a folder, not a file") }
    let truncate = (target.st_mode & S_IFMT) == S_IFREG ? O_TRUNC : 0
    let fd = open(path, O_WRONLY | O_CLOEXEC | truncate)
    guard fd >= 0 else { throw Failure(path: path, reason: "cannot be written (\(errnoText()))") }
    defer { close(fd) }
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { throw Failure(path: path, reason: "could not be written (\(errnoText()))") }
      written += count
    }
  }

  static func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFLNK: "a symbolic link"
    case S_IFDIR: "a folder"
    case S_IFCHR, S_IFBLK: "a device"
    case S_IFIFO: "a FIFO"
    default: "a special file"
    }
  }

  /// Removes the temporary files among `names` in `folder` (".<name>.tmp-*", left by a save that
  /// was killed) once they are older than `age` seconds; no save takes that long.
  @discardableResult
  public static func removeStaleTemporaryFiles(
    _ names: [String], in folder: String, olderThan age: Double = 600, now: Date = Date()
  ) -> Int {
    var removed = 0
    for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
      let path = "\(folder)/\(name)"
      var info = stat()
      guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
      #if canImport(Darwin)
        let modified = Double(info.st_mtimespec.tv_sec)
      #else
        let modified = Double(info.st_mtim.tv_sec)
      #endif
      if modified < now.timeIntervalSince1970 - age, unlink(path) == 0 { removed += 1 }
    }
    return removed
  }

  /// Makes a rename or unlink in `folder` durable.
  public static func syncFolder(_ folder: String) {
    let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if fd >= 0 {
      fsync(fd)
      close(fd)
    }
  }

  /// Creates `path` (and missing parents) as owner-only folders; an existing folder is kept.
  public static func makeFolder(_ path: String) throws(Failure) {
    var info = stat()
    if lstat(path, &info) == 0 {
      guard (info.st_mode & S_IFMT) == S_IFDIR else {
        throw Failure(path: path, reason: "exists but is not a folder")
      }
      return
    }
    let parent = Paths.parent(of: path)
    if parent != path, lstat(parent, &info) != 0 { try makeFolder(parent) }
    guard mkdir(path, folderMode) == 0 || errno == EEXIST else {
      throw Failure(path: path, reason: "could not be created (\(errnoText()))")
    }
    chmod(path, folderMode)
  }

  public static func isFolder(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  /// Names in a folder, without "." and "..", sorted.
  public static func list(_ path: String) throws(Failure) -> [String] {
    guard let dir = opendir(path) else {
      throw Failure(path: path, reason: "cannot be listed (\(errnoText()))")
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// A folder opened for listing without following a symbolic link in its place; nil when it is
  /// one, or cannot be opened.
  static func openFolderNoFollow(_ path: String) -> OpaquePointer? {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    guard let folder = fdopendir(fd) else {
      close(fd)
      return nil
    }
    return folder
  }

  /// Why `path` must not be used because other users can change it (a store, round, surveys
  /// folder or round.json writable by everyone), with the chmod that fixes it; nil when it is fine.
  public static func writableByOthers(_ path: String) -> Failure? {
    guard let mode = ownMode(path), mode & 0o002 != 0 else { return nil }
    let fix = isFolder(path) ? "700" : "600"
    return Failure(
      path: path,
      reason:
        "can be changed by every user on this machine (mode \(String(mode, radix: 8))); refusing to use it. Run: chmod \(fix) \(path)"
    )
  }

  /// A warning when other users can read `path` (health data), with the chmod that fixes it.
  public static func readableByOthers(_ path: String) -> String? {
    guard let mode = ownMode(path), mode & 0o044 != 0 else { return nil }
    let fix = isFolder(path) ? "700" : "600"
    return TextSafety.withoutControlCharacters(
      "warning: \(path) can be read by other users (mode \(String(mode, radix: 8))). Run: chmod \(fix) \(path)")
  }

  /// The permission bits of a file or folder itself; nil for a symbolic link (always 777, and
  /// refused where it matters) or a missing file.
  static func ownMode(_ path: String) -> mode_t? {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFLNK else { return nil }
    return info.st_mode & 0o777
  }

  public static func permissions(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & 0o777 : nil
  }
}

/// An advisory lock (flock) on a file, so that two processes never interleave a check-and-write.
public final class FileLock {
  private let fd: Int32

  /// Waits up to `timeout` seconds for the exclusive lock.
  public init(path: String, timeout: Double = 5) throws(FileSystem.Failure) {
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, FileSystem.fileMode)
    guard fd >= 0 else {
      throw FileSystem.Failure(path: path, reason: "lock file cannot be opened (\(FileSystem.errnoText()))")
    }
    let deadline = Date().addingTimeInterval(timeout)
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      if Date() >= deadline {
        close(fd)
        throw FileSystem.Failure(
          path: path,
          reason: "is locked by another brukerplan process (an import or a save); try again in a moment")
      }
      usleep(10_000)
    }
  }

  deinit {
    flock(fd, LOCK_UN)
    close(fd)
  }
}
