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
  /// Writes each survey to `<folder>/<id>.json` as it is (revision and updatedAt already set).
  /// On failure every file written here is removed again, the half-written one included (a full
  /// disk must not leave 0-byte files behind).
  static func write(_ surveys: [Survey], into folder: String) throws(FileSystem.Failure) {
    var written: [String] = []
    written.reserveCapacity(surveys.count)
    var done = false
    defer {
      if !done { for path in written { unlink(path) } }
    }
    for survey in surveys {
      guard SurveyID.isValid(survey.id) else {
        throw FileSystem.Failure(path: folder, reason: "refusing to write a survey with an invalid id")
      }
      let path = "\(folder)/\(survey.id).json"
      let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, FileSystem.fileMode)
      guard fd >= 0 else {
        throw FileSystem.Failure(path: path, reason: "cannot be written (\(FileSystem.errnoText()))")
      }
      written.append(path)
      defer { close(fd) }
      fchmod(fd, FileSystem.fileMode)
      var survey = survey
      survey.decodingProblems = []
      guard FileSystem.writeAll(SurveyJSON.bytes(survey), to: fd) else {
        throw FileSystem.Failure(path: path, reason: "could not be written (\(FileSystem.errnoText()))")
      }
    }
    done = true
  }
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
