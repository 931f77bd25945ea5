import BrukerPlanModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

#if os(Linux)
  /// syncfs(2); Glibc's module map leaves it out (it needs _GNU_SOURCE).
  @_silgen_name("syncfs") private func syncfs(_ fd: Int32) -> Int32
#endif

/// The file-system floor of an all-or-nothing import: what the kernel must do for the import's
/// files alone, timed with plain POSIX calls on one thread. Each of the round's survey files (the
/// same bytes) is created and written in a staging folder, the file system is flushed once
/// (syncfs), each file is renamed into an empty surveys folder, and both folders are fsynced. No
/// CSV, no checking, no encoding, no audit lines, no record: the import's own work is what it
/// takes beyond this.
enum ImportFloor {
  static func seconds(_ folder: RoundFolder) throws -> Double {
    let names = try folder.surveyFileNamesFast()
    let contents = try names.map { try FileSystem.readFile("\(folder.surveysPath)/\($0)", limit: 1 << 20) }
    let root = "\(BenchData.root)/scratch/import-floor-\(names.count)-\(UInt32.random(in: 0...UInt32.max))"
    let staging = "\(root)/.staging"
    let surveys = "\(root)/surveys"
    try FileSystem.makeFolder(staging)
    try FileSystem.makeFolder(surveys)
    sync()  // the preparation's own writes are not the floor's
    let start = ContinuousClock.now
    for (name, bytes) in zip(names, contents) {
      let fd = open("\(staging)/\(name)", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
      guard fd >= 0, bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
        throw BenchFailure("cannot write \(staging)/\(name)")
      }
      close(fd)
    }
    flush(staging)
    for name in names where rename("\(staging)/\(name)", "\(surveys)/\(name)") != 0 {
      throw BenchFailure("cannot rename \(staging)/\(name)")
    }
    syncFolder(staging)
    syncFolder(surveys)
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }

  private static func flush(_ path: String) {
    #if os(Linux)
      let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      _ = syncfs(fd)
      close(fd)
    #else
      sync()
    #endif
  }

  private static func syncFolder(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    fsync(fd)
    close(fd)
  }
}
