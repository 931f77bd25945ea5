import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing many survey files at once (an import, a generated store).
///
/// `RoundFolder.save` flushes every file and the folder one by one: right for one form, far too
/// slow for 100,000. Here every file is first written to a temporary name, then the whole file
/// system is flushed once (syncfs), then each temporary file is renamed over its target and the
/// folder is flushed. A crash therefore still leaves each survey either old or new, never torn.
extension RoundFolder {
  /// Writes `surveys` as they are (revision and updatedAt already set). The caller holds the
  /// round's lock when other writers may be about (see `withLock`).
  public func writeSurveysInBulk(_ surveys: [Survey]) throws(FileSystem.Failure) {
    try FileSystem.makeFolder(surveysPath)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    var pending: [(temporary: String, target: String)] = []
    pending.reserveCapacity(surveys.count)
    var renamed = 0
    defer {
      for entry in pending[renamed...] { unlink(entry.temporary) }
    }
    let suffix = ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    for survey in surveys {
      guard SurveyID.isValid(survey.id) else {
        throw FileSystem.Failure(path: surveysPath, reason: "refusing to write a survey with an invalid id")
      }
      let target = "\(surveysPath)/\(survey.id).json"
      let temporary = "\(surveysPath)/.\(survey.id).json\(suffix)"
      var survey = survey
      survey.decodingProblems = []
      let bytes: Data
      if let fast = SurveyJSON.encode(survey) {
        bytes = Data(fast)
      } else {
        do {
          bytes = try encoder.encode(survey) + [10]
        } catch {
          throw FileSystem.Failure(path: target, reason: "could not be encoded (\(error))")
        }
      }
      try Self.writeNew(bytes, to: temporary, reportedAs: target)
      pending.append((temporary, target))
    }
    FileSystem.syncFileSystem(containing: surveysPath)
    for entry in pending {
      guard rename(entry.temporary, entry.target) == 0 else {
        throw FileSystem.Failure(path: entry.target, reason: "could not be replaced (\(FileSystem.errnoText()))")
      }
      renamed += 1
    }
    FileSystem.syncFolder(surveysPath)
  }

  /// A fresh file with owner-only mode, written without a per-file flush (see above).
  private static func writeNew(_ bytes: Data, to path: String, reportedAs target: String) throws(FileSystem.Failure) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, FileSystem.fileMode)
    guard fd >= 0 else {
      throw FileSystem.Failure(path: target, reason: "cannot be written (\(FileSystem.errnoText()))")
    }
    defer { close(fd) }
    fchmod(fd, FileSystem.fileMode)
    let ok = bytes.withUnsafeBytes { raw -> Bool in
      var written = 0
      while written < raw.count {
        let count = write(fd, raw.baseAddress! + written, raw.count - written)
        if count < 0 {
          if errno == EINTR { continue }
          return false
        }
        written += count
      }
      return true
    }
    guard ok else { throw FileSystem.Failure(path: target, reason: "could not be written (\(FileSystem.errnoText()))") }
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
