#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The identity of a file's content as git's index keeps it: if none of these changed, the bytes
/// are taken to be the same.
struct FileStamp: Hashable, Sendable {
  var size: UInt64
  var modified: Int64
  var changed: Int64
  var inode: UInt64

  init(_ info: stat) {
    size = UInt64(info.st_size)
    #if canImport(Darwin)
      modified = Self.nanoseconds(info.st_mtimespec)
      changed = Self.nanoseconds(info.st_ctimespec)
    #else
      modified = Self.nanoseconds(info.st_mtim)
      changed = Self.nanoseconds(info.st_ctim)
    #endif
    inode = UInt64(info.st_ino)
  }

  private static func nanoseconds(_ time: timespec) -> Int64 {
    Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }

  init(size: UInt64, modified: Int64, changed: Int64, inode: UInt64) {
    self.size = size
    self.modified = modified
    self.changed = changed
    self.inode = inode
  }
}

/// Reads whole survey files of one folder with plain POSIX calls into one reused buffer.
///
/// It reads only the ordinary case: a regular file within the size limit. For anything else it
/// returns nil and the caller goes through `FileSystem.readFile`, which names the exact problem.
final class SurveyFileReader {
  private let folder: Int32
  private var buffer: UnsafeMutableRawPointer
  private var capacity: Int

  /// `folder` is an open descriptor of the surveys folder; the caller closes it.
  init(folder: Int32) {
    self.folder = folder
    capacity = 16 << 10
    buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
  }

  deinit { buffer.deallocate() }

  /// The stamp of a regular file, without following a symbolic link; nil for anything else.
  func stamp(of name: String) -> FileStamp? {
    var info = stat()
    guard name.withCString({ fstatat(folder, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0,
      (info.st_mode & S_IFMT) == S_IFREG
    else { return nil }
    return FileStamp(info)
  }

  /// The file's bytes (valid until the next read) and its stamp.
  func contents(of name: String, limit: Int) -> (bytes: UnsafeBufferPointer<UInt8>, stamp: FileStamp)? {
    let fd = name.withCString { openat(folder, $0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK) }
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= limit else { return nil }
    let size = Int(info.st_size)
    if size > capacity {
      buffer.deallocate()
      capacity = max(size, capacity * 2)
      buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }
    // Like FileSystem.readFile: at most the size fstat gave, fewer if the file shrank meanwhile.
    var filled = 0
    while filled < size {
      let count = read(fd, buffer + filled, size - filled)
      if count < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if count == 0 { break }
      filled += count
    }
    let bytes = UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self), count: filled)
    return (bytes, FileStamp(info))
  }
}

extension RoundFolder {
  /// The same list as `surveyFileNames()`, made faster: when every name is ASCII, byte order is
  /// String order, so the names are sorted as bytes (by their first eight bytes as one number,
  /// then the rest) before any String is made. Anything unusual (a non-ASCII name, a folder that
  /// cannot be listed) goes through `surveyFileNames()`.
  public func surveyFileNamesFast() throws(FileSystem.Failure) -> [String] {
    // Never through a symbolic link: surveyFileNames names the refusal.
    guard let folder = FileSystem.openFolderNoFollow(surveysPath) else { return try surveyFileNames() }
    defer { closedir(folder) }
    var bytes: [UInt8] = []
    var names: [(prefix: UInt64, start: Int, count: Int)] = []
    let suffix = Array(".json".utf8)
    while let entry = readdir(folder) {
      let ascii = withUnsafeBytes(of: entry.pointee.d_name) { raw -> Bool in
        let count = raw.firstIndex(of: 0) ?? raw.count
        // Hidden and temporary files start with "."; survey files end with ".json".
        guard count >= 5, raw[0] != UInt8(ascii: "."), raw[count - 5..<count].elementsEqual(suffix) else {
          return true
        }
        guard !raw[0..<count].contains(where: { $0 >= 0x80 }) else { return false }
        var prefix: UInt64 = 0
        for offset in 0..<8 { prefix = prefix << 8 | UInt64(offset < count ? raw[offset] : 0) }
        names.append((prefix, bytes.count, count))
        bytes.append(contentsOf: raw[0..<count])
        return true
      }
      guard ascii else { return try surveyFileNames() }
    }
    bytes.withUnsafeBufferPointer { buffer in
      names.sort { first, second in
        if first.prefix != second.prefix { return first.prefix < second.prefix }
        let order = memcmp(
          buffer.baseAddress! + first.start, buffer.baseAddress! + second.start, min(first.count, second.count))
        return order != 0 ? order < 0 : first.count < second.count
      }
    }
    return bytes.withUnsafeBufferPointer { buffer in
      names.map {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[$0.start..<$0.start + $0.count]), as: UTF8.self)
      }
    }
  }
}
