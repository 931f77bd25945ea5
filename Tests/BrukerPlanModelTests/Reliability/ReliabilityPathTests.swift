import Foundation
import Testing

@testable import BrukerPlanModel

/// Ids are checked before they touch a path; files that are not plain files are refused clearly.
@Suite struct ReliabilityPathTests {
  static let hostileIDs = [
    "../../../etc/passwd", "/etc/passwd", "paaaaaaaaaaaaaaa/", "p/aaaaaaaaaaaaaaa", "p..aaaaaaaaaaaaaa",
    "paaaaaaaaaaaaaaaa/../x", "", ".", "..", "paaaaaaaaaaaaaaaa\0", "paaaaaaaaaaaaaaaa ",
    // Lookalikes: Cyrillic р and а, fullwidth ｐ, a combining accent, a right-to-left mark, digits 0/1/8/9.
    "\u{0440}aaaaaaaaaaaaaaaa", "p\u{0430}aaaaaaaaaaaaaaa", "\u{FF50}aaaaaaaaaaaaaaaa", "pa\u{0301}aaaaaaaaaaaaaaa",
    "p\u{200F}aaaaaaaaaaaaaaaa", "p0aaaaaaaaaaaaaaa", "p1aaaaaaaaaaaaaaa", "p8aaaaaaaaaaaaaaa", "paaaaaaaaaaaaaaaaa",
  ]

  @Test func hostileIDsNeverReachTheFileSystem() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let before = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
    for id in Self.hostileIDs {
      #expect(!SurveyID.isValid(id), "\(id.debugDescription)")
      #expect(throws: StoreError.self, "\(id.debugDescription)") { try roundFolder.surveyFile(id) }
      #expect(throws: StoreError.self) { try roundFolder.loadSurvey(id, round: Samples.round) }
      #expect(throws: StoreError.self) {
        try roundFolder.save(Samples.complete(id: id), baseRevision: nil, round: Samples.round)
      }
      #expect(throws: StoreError.self) { try roundFolder.delete(id, round: Samples.round) }
    }
    // Nothing was created anywhere (the audit log and the lock file included).
    #expect(try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted() == before)
  }

  @Test func hostileRoundFolderNamesAreRefused() throws {
    let folder = TemporaryFolder()
    let store = try Store.open(folder.path + "/store")
    for name in ["../escape", "/tmp/x", ".hidden", "a/b", "r\u{00E5}", "", String(repeating: "a", count: 101)] {
      #expect(throws: (any Error).self, "\(name)") { try store.createRound(Samples.round, folderName: name) }
    }
    #expect(!FileSystem.exists(folder.path + "/escape"))
    #expect(try FileSystem.list(folder.path + "/store") == [".brukerplan"])
  }

  /// A file name that looks like an id but is not (a lookalike letter) is reported, never loaded.
  @Test func lookalikeFileNamesAreReportedNotLoaded() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let name = "\u{0440}aaaaaaaaaaaaaaaa.json"
    try Data(SurveyJSON.bytes(Samples.complete())).write(
      to: URL(fileURLWithPath: roundFolder.surveysPath + "/" + name))
    let loaded = try roundFolder.load()
    #expect(loaded.surveys.isEmpty)
    #expect(loaded.invalid.map(\.path) == [roundFolder.surveysPath + "/" + name])
    #expect(loaded.invalid.first?.description.contains("file name is not a survey id") == true)
  }

  enum Oddity: String, CaseIterable { case symlink, folder, fifo, missing }

  static func make(_ oddity: Oddity, at path: String) throws {
    switch oddity {
    case .symlink: try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/hostname")
    case .folder: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    case .fifo: #expect(mkfifo(path, 0o600) == 0)
    case .missing: break
    }
  }

  static let expectedReason: [Oddity: String] = [
    .symlink: "is a symbolic link; refusing to follow it", .folder: "is a folder, expected a JSON file",
    .fifo: "is not a regular file, expected a JSON file", .missing: "does not exist",
  ]

  /// A round.json that is a symlink, a folder or a FIFO (which would block a plain open) is a clear error.
  @Test(arguments: Oddity.allCases)
  func oddRoundFileIsAClearError(_ oddity: Oddity) throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    unlink(roundFolder.roundFile)
    try Self.make(oddity, at: roundFolder.roundFile)
    #expect(throws: FileProblem(path: roundFolder.roundFile, Self.expectedReason[oddity]!)) { try roundFolder.load() }
  }

  @Test(arguments: [Oddity.symlink, .folder, .fifo])
  func oddSurveyFileIsReportedNamingIt(_ oddity: Oddity) throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    let path = roundFolder.surveysPath + "/pbbbbbbbbbbbbbbbb.json"
    try Self.make(oddity, at: path)
    let loaded = try roundFolder.load()
    #expect(loaded.surveys.map(\.id) == ["paaaaaaaaaaaaaaaa"])
    #expect(loaded.invalid == [FileProblem(path: path, Self.expectedReason[oddity]!)])
    // Saving over it is refused too, never followed or replaced.
    var other = Samples.complete(id: "pbbbbbbbbbbbbbbbb")
    other.revision = 1
    #expect(throws: StoreError.self) { try roundFolder.save(other, baseRevision: 1, round: Samples.round) }
    #expect(FileSystem.exists(path))
  }

  /// A surveys folder that is a symlink could lead anywhere: refused.
  @Test func surveysFolderSymlinkIsRefused() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let elsewhere = folder.path + "/elsewhere"
    try FileManager.default.moveItem(atPath: roundFolder.surveysPath, toPath: elsewhere)
    try FileManager.default.createSymbolicLink(atPath: roundFolder.surveysPath, withDestinationPath: elsewhere)
    #expect(throws: FileProblem(path: roundFolder.surveysPath, "is a symbolic link; refusing to follow it")) {
      try roundFolder.load()
    }
  }

  /// chmod 000 only means something to an ordinary user: root reads anyway. Under root the check runs
  /// the real binary as the nobody user (setpriv) over a store that user owns.
  @Test func unreadableFilesAreNamedWithTheReason() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    let survey = try roundFolder.surveyFile("paaaaaaaaaaaaaaaa")
    chmod(survey, 0)
    var command = [Programs.brukerplan, "validate", roundFolder.path]
    if geteuid() == 0 {
      guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
        Figures.report("path.unreadable", "not checked", detail: "running as root without setpriv")
        return
      }
      // Root bypasses modes: confirm that, then drop to nobody for the real check.
      #expect(FileSystem.permissions(survey) == 0)
      chmod(folder.path, 0o755)
      #expect(chownTree(folder.path + "/store", to: 65_534))
      command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
    }
    let result = try Programs.run(command[0], Array(command.dropFirst()))
    #expect(result.status == 1, "\(result)")
    #expect(result.out.contains("\(survey): cannot be read (permission denied)"), "\(result.out)\(result.err)")
    // And an unreadable round.json stops the load with its name.
    chmod(survey, 0o600)
    chmod(roundFolder.roundFile, 0)
    let round = try Programs.run(command[0], Array(command.dropFirst()))
    #expect(round.status == 1)
    #expect(round.out.contains("\(roundFolder.roundFile): cannot be read (permission denied)"), "\(round.out)")
    Figures.report("path.unreadable", "checked", detail: geteuid() == 0 ? "as nobody via setpriv" : "as the test user")
  }

  func chownTree(_ path: String, to uid: uid_t) -> Bool {
    guard let walker = FileManager.default.enumerator(atPath: path) else { return false }
    var ok = chown(path, uid, uid) == 0
    while let name = walker.nextObject() as? String { ok = ok && lchown(path + "/" + name, uid, uid) == 0 }
    return ok
  }

  @Test func staleTemporaryFilesAreIgnoredThenRemoved() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    let stale = roundFolder.surveysPath + "/.paaaaaaaaaaaaaaaa.json.tmp-1-2"
    let fresh = roundFolder.surveysPath + "/.paaaaaaaaaaaaaaaa.json.tmp-3-4"
    try Data("{\"torn".utf8).write(to: URL(fileURLWithPath: stale))
    try Data("{\"torn".utf8).write(to: URL(fileURLWithPath: fresh))
    var old = [timeval(tv_sec: time(nil) - 3_600, tv_usec: 0), timeval(tv_sec: time(nil) - 3_600, tv_usec: 0)]
    #expect(utimes(stale, &old) == 0)
    let loaded = try roundFolder.load()
    #expect(loaded.invalid.isEmpty && loaded.surveys.count == 1)
    // The one from an hour ago is gone; the fresh one (a save may be under way) is kept.
    #expect(!FileSystem.exists(stale))
    #expect(FileSystem.exists(fresh))
  }
}
