import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing many survey files at once (an import's staging folder, a round being built).
///
/// `RoundFolder.save` flushes every file and the folder one by one: right for one form, far too
/// slow for 100,000. Here the files go into a folder no reader looks at yet (an import's staging
/// folder, a new round's hidden build folder), under their final names, and the caller flushes the
/// whole file system once (syncfs) and then makes them visible by renaming. A crash therefore
/// leaves either nothing visible or everything; the hidden folder is removed or finished later.
enum SurveyFiles {
  /// Writes each survey to `<folder>/<id>.json` as it is (revision and updatedAt already set),
  /// on every core: encoding and copying the bytes run side by side (the kernel still creates one
  /// name at a time in a folder). On failure every file written here is removed again, the
  /// half-written one included (a full disk must not leave 0-byte files behind).
  static func write(
    _ surveys: [Survey], into folder: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount
  ) throws(FileSystem.Failure) {
    if surveys.contains(where: { !SurveyID.isValid($0.id) }) {
      throw FileSystem.Failure(path: folder, reason: "refusing to write a survey with an invalid id")
    }
    // Small chunks so that both cores stay busy to the end.
    let chunkSize = threads <= 1 ? max(surveys.count, 1) : max(256, surveys.count / (threads * 8))
    let chunks = (surveys.count + chunkSize - 1) / chunkSize
    let progress = BulkProgress(chunks: chunks)
    let work: @Sendable (Int) -> Void = { chunk in
      var written: [String] = []
      var failure: FileSystem.Failure?
      for position in chunk * chunkSize..<min(surveys.count, (chunk + 1) * chunkSize) {
        if progress.hasFailed { break }
        let path = "\(folder)/\(surveys[position].id).json"
        do throws(FileSystem.Failure) {
          try writeNew(surveys[position], to: path, created: &written)
        } catch {
          failure = error
          progress.fail()
          break
        }
      }
      progress.finish(chunk, written: written, failure: failure)
    }
    if chunks <= 1 {
      for chunk in 0..<chunks { work(chunk) }
    } else {
      DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
    }
    if let failure = progress.firstFailure {
      for path in progress.written { unlink(path) }
      throw failure
    }
  }

  /// Creates one new file (never over an existing name or through a link); `created` gets its
  /// path as soon as it exists.
  private static func writeNew(_ survey: Survey, to path: String, created: inout [String]) throws(FileSystem.Failure) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, FileSystem.fileMode)
    guard fd >= 0 else {
      throw FileSystem.Failure(path: path, reason: "cannot be written (\(FileSystem.errnoText()))")
    }
    created.append(path)
    defer { close(fd) }
    fchmod(fd, FileSystem.fileMode)
    var survey = survey
    survey.decodingProblems = []
    guard FileSystem.writeAll(SurveyJSON.bytes(survey), to: fd) else {
      throw FileSystem.Failure(path: path, reason: "could not be written (\(FileSystem.errnoText()))")
    }
  }
}

/// What the chunks of a bulk write report: the files each created, and the first failure (by
/// chunk order) after which the others stop early.
private final class BulkProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var failed = false
  private var results: [(written: [String], failure: FileSystem.Failure?)]

  init(chunks: Int) { results = Array(repeating: ([], nil), count: chunks) }

  var hasFailed: Bool { lock.withLock { failed } }

  func fail() { lock.withLock { failed = true } }

  func finish(_ chunk: Int, written: [String], failure: FileSystem.Failure?) {
    lock.withLock { results[chunk] = (written, failure) }
  }

  var firstFailure: FileSystem.Failure? { lock.withLock { results.lazy.compactMap(\.failure).first } }
  var written: [String] { lock.withLock { results.flatMap(\.written) } }
}

extension FileSystem {
  /// Writes every byte to `fd`, retrying after signals; false on an error (errno tells which).
  static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
      if count < 0 {
        if errno == EINTR { continue }
        return false
      }
      written += count
    }
    return true
  }
}

#if os(Linux)
  /// syncfs(2); Glibc's module map leaves it out (it needs _GNU_SOURCE).
  @_silgen_name("syncfs") private func syncfs(_ fd: Int32) -> Int32
#endif

extension FileSystem {
  /// Flushes every written file of the file system that holds `path` (one call instead of one
  /// fsync per file). Where syncfs is missing, sync() does the same for all file systems.
  static func syncFileSystem(containing path: String) {
    #if os(Linux)
      let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      if fd >= 0 {
        _ = syncfs(fd)
        close(fd)
        return
      }
    #endif
    sync()
  }
}

extension AuditLog {
  /// The log's size in bytes now (0 when there is none yet): an import's record holds it, so that
  /// finishing the import later knows whether its lines were already appended.
  var size: Int {
    var info = stat()
    return lstat(path, &info) == 0 ? Int(info.st_size) : 0
  }
}
