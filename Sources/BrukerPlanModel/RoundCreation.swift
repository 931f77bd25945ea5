import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Store {
  static let buildPrefix = ".building-"

  /// Creates a round folder whole or not at all: round.json, surveys/ and any `surveys` given
  /// (a generated round) are written into a hidden folder of the store, flushed, and renamed into
  /// place. A kill leaves only the hidden folder, which no command reads and the next creation
  /// removes; a retry therefore works.
  public func createRound(_ round: Round, folderName: String? = nil, surveys: [Survey] = []) throws -> RoundFolder {
    let problems = round.newRoundProblems()
    guard problems.isEmpty else { throw FileProblem(path: "round.json", problems: problems) }
    let name = folderName ?? "\(round.year)-\(round.municipality.code)"
    guard RoundFolder.isSafeName(name) else {
      throw FileSystem.Failure(path: name, reason: "is not a usable folder name (letters, digits, - and _ only)")
    }
    removeAbandonedBuilds()
    let folder = RoundFolder(path: "\(path)/\(name)")
    removeEmptyLeftover(folder)
    guard !FileSystem.exists(folder.path) else {
      throw FileSystem.Failure(path: folder.path, reason: "already exists; choose another folder name")
    }
    let build = RoundFolder(path: "\(path)/\(Self.buildPrefix)\(name)-\(getpid())")
    FileSystem.removeTree(build.path)
    do {
      try FileSystem.makeFolder(build.surveysPath)
      try build.saveRound(round)
      try SurveyFiles.write(surveys, into: build.surveysPath)
      FileSystem.syncFileSystem(containing: build.path)
      try FileSystem.renameNoReplace(build.path, to: folder.path)
    } catch {
      FileSystem.removeTree(build.path)
      throw error
    }
    FileSystem.syncFolder(path)
    return folder
  }

  /// Hidden build folders of processes that no longer run (a killed new-round or generate).
  func removeAbandonedBuilds() {
    for name in (try? FileSystem.list(path)) ?? [] where name.hasPrefix(Self.buildPrefix) {
      guard let pid = name.split(separator: "-").last.flatMap({ Int32($0) }) else { continue }
      if pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) { FileSystem.removeTree("\(path)/\(name)") }
    }
  }

  /// What an older, non-atomic new-round left when it was killed: the folder with nothing but an
  /// empty surveys folder (and perhaps its lock file). It holds nothing, so it is removed.
  func removeEmptyLeftover(_ folder: RoundFolder) {
    guard FileSystem.isFolder(folder.path), !FileSystem.exists(folder.roundFile),
      let names = try? FileSystem.list(folder.path), Set(names).isSubset(of: ["surveys", ".lock"]),
      ((try? FileSystem.list(folder.surveysPath)) ?? []).isEmpty
    else { return }
    FileSystem.removeTree(folder.path)
  }
}

#if os(Linux)
  /// renameat2(2) with RENAME_NOREPLACE; declared here as Glibc's module map leaves it out.
  @_silgen_name("renameat2") private func renameat2(
    _ olddirfd: Int32, _ oldpath: UnsafePointer<CChar>, _ newdirfd: Int32, _ newpath: UnsafePointer<CChar>,
    _ flags: UInt32
  ) -> Int32
#endif

extension FileSystem {
  /// Renames `source` to `target` unless `target` exists (a plain rename would replace an empty
  /// folder or a file there).
  static func renameNoReplace(_ source: String, to target: String) throws(Failure) {
    #if os(Linux)
      let atCurrent: Int32 = -100  // AT_FDCWD
      if renameat2(atCurrent, source, atCurrent, target, 1) == 0 { return }
      if errno == EEXIST { throw Failure(path: target, reason: "already exists; choose another folder name") }
      guard errno == EINVAL || errno == ENOSYS else {
        throw Failure(path: target, reason: "could not be created (\(errnoText()))")
      }
    #endif
    guard !exists(target) else { throw Failure(path: target, reason: "already exists; choose another folder name") }
    guard rename(source, target) == 0 else {
      throw Failure(path: target, reason: "could not be created (\(errnoText()))")
    }
  }
}
