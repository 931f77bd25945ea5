import Foundation
import Testing

@testable import BrukerPlanModel

@Suite struct StoreTests {
  @Test func keyIsCreatedOnceWithOwnerOnlyModes() throws {
    let folder = TemporaryFolder()
    let storePath = folder.path + "/store"
    let first = try Store.open(storePath)
    let second = try Store.open(storePath)
    #expect(first.keyBytes == second.keyBytes)
    #expect(first.keyBytes.count == 32)
    #expect(FileSystem.permissions(storePath + "/.brukerplan/key") == 0o600)
    #expect(FileSystem.permissions(storePath + "/.brukerplan") == 0o700)
    let text = try String(contentsOfFile: storePath + "/.brukerplan/key", encoding: .utf8)
    #expect(text.count == 65 && text.hasSuffix("\n"))
  }

  @Test func keyReadableByOthersIsRefused() throws {
    let folder = TemporaryFolder()
    _ = try Store.open(folder.path)
    chmod(folder.path + "/.brukerplan/key", 0o644)
    #expect(throws: FileSystem.Failure.self) { try Store.open(folder.path) }
  }

  @Test func saveLoadRoundTripKeepsUnknownKeys() throws {
    let folder = TemporaryFolder()
    let store = try Store.open(folder.path)
    let roundFolder = try store.createRound(Samples.round, folderName: "2024")
    var survey = Samples.complete()
    survey.extra["futureField"] = .object(["nested": .array([.number(1), .string("x")])])
    survey.children.extra["grandchildren"] = .bool(true)
    survey.services["socialServices"]?.extra["note"] = .string("kept")
    let saved = try roundFolder.save(survey, baseRevision: nil, round: Samples.round)
    #expect(saved.revision == 1)
    #expect(FileSystem.permissions(try roundFolder.surveyFile(survey.id)) == 0o600)
    #expect(FileSystem.permissions(roundFolder.surveysPath) == 0o700)

    let loaded = try roundFolder.load()
    #expect(loaded.invalid.isEmpty)
    #expect(loaded.surveys.count == 1)
    let back = loaded.surveys[0]
    #expect(back.extra["futureField"] == survey.extra["futureField"])
    #expect(back.children.extra["grandchildren"] == .bool(true))
    #expect(back.services["socialServices"]?.extra["note"] == .string("kept"))
    #expect(back.scores == survey.scores)

    // Saving the loaded survey again keeps the unknown keys on disk.
    let resaved = try roundFolder.save(back, baseRevision: 1, round: Samples.round)
    #expect(resaved.revision == 2)
    let json = try String(contentsOfFile: try roundFolder.surveyFile(survey.id), encoding: .utf8)
    #expect(json.contains("futureField") && json.contains("grandchildren") && json.contains("\"note\""))
  }

  @Test func staleSaveIsAConflictNotAnOverwrite() throws {
    let folder = TemporaryFolder()
    let store = try Store.open(folder.path)
    let roundFolder = try store.createRound(Samples.round)
    let first = try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    var mine = first
    var theirs = first
    theirs.gender = .male
    try roundFolder.save(theirs, baseRevision: 1, round: Samples.round)
    mine.birthYear = 1970
    #expect {
      try roundFolder.save(mine, baseRevision: 1, round: Samples.round)
    } throws: { error in
      guard case StoreError.conflict(let current) = error else { return false }
      return current.revision == 2 && current.gender == .male
    }
    #expect(try roundFolder.loadSurvey(first.id, round: Samples.round)?.gender == .male)
    // Creating a survey that already exists is refused too.
    #expect(throws: StoreError.self) {
      try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    }
  }

  @Test func closedRoundIsReadOnly() throws {
    let folder = TemporaryFolder()
    let store = try Store.open(folder.path)
    var round = Samples.round
    let roundFolder = try store.createRound(round)
    try roundFolder.save(Samples.complete(), baseRevision: nil, round: round)
    round.status = .closed
    try roundFolder.saveRound(round)
    let closed = try roundFolder.loadRound()
    #expect(throws: StoreError.self) {
      try roundFolder.save(Samples.complete(id: "pbbbbbbbbbbbbbbbb"), baseRevision: nil, round: closed)
    }
    #expect(throws: StoreError.self) { try roundFolder.delete("paaaaaaaaaaaaaaaa", round: closed) }
  }

  @Test func invalidFilesAreReportedNeverDropped() throws {
    let folder = TemporaryFolder()
    let store = try Store.open(folder.path)
    let roundFolder = try store.createRound(Samples.round)
    try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    let broken = roundFolder.surveysPath + "/pbbbbbbbbbbbbbbbb.json"
    try "{\"format\": \"brukerplan-survey/1\", \"id\": ".write(toFile: broken, atomically: true, encoding: .utf8)
    let wrongEnum = roundFolder.surveysPath + "/pcccccccccccccccc.json"
    var survey = Samples.complete(id: "pcccccccccccccccc")
    survey.revision = 1
    var json = String(decoding: SurveyJSON.reference(survey), as: UTF8.self)
    json = json.replacingOccurrences(of: "\"female\"", with: "\"woman\"")
    json = json.replacingOccurrences(of: "\"nav\"", with: "\"police\"")
    try json.write(toFile: wrongEnum, atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(
      atPath: roundFolder.surveysPath + "/pdddddddddddddddd.json", withIntermediateDirectories: false)
    try FileManager.default.createSymbolicLink(
      atPath: roundFolder.surveysPath + "/peeeeeeeeeeeeeeee.json", withDestinationPath: "/etc/passwd")
    // Temporary files from an interrupted save are never read as data.
    try "garbage".write(
      toFile: roundFolder.surveysPath + "/.pffffffffffffffff.json.tmp-1-2", atomically: true, encoding: .utf8)

    let loaded = try roundFolder.load()
    #expect(loaded.surveys.map(\.id) == ["paaaaaaaaaaaaaaaa"])
    let byFile = Dictionary(uniqueKeysWithValues: loaded.invalid.map { (Paths.name(of: $0.path), $0) })
    #expect(byFile.count == 4)
    #expect(byFile["pbbbbbbbbbbbbbbbb.json"]?.description.contains("not valid JSON") == true)
    let enumProblems = byFile["pcccccccccccccccc.json"]!.problems.map(\.field)
    #expect(enumProblems.contains("gender") && enumProblems.contains("unit"))
    #expect(byFile["pdddddddddddddddd.json"]?.description.contains("folder") == true)
    #expect(byFile["peeeeeeeeeeeeeeee.json"]?.description.contains("symbolic link") == true)
  }

  @Test func deleteAndAuditLog() throws {
    let folder = TemporaryFolder()
    let store = try Store.open(folder.path)
    let roundFolder = try store.createRound(Samples.round)
    try roundFolder.save(Samples.complete(), baseRevision: nil, round: Samples.round)
    try roundFolder.delete("paaaaaaaaaaaaaaaa", baseRevision: 1, round: Samples.round)
    #expect(try roundFolder.load().surveys.isEmpty)
    // A torn last line (a crash mid-append) is skipped, and the next append starts a fresh line.
    let handle = FileHandle(forWritingAtPath: roundFolder.audit.path)!
    handle.seekToEndOfFile()
    handle.write(Data("{\"time\":\"2024".utf8))
    handle.closeFile()
    try roundFolder.audit.append(AuditLog.Event(action: "update", id: "pbbbbbbbbbbbbbbbb", revision: 3))
    let (entries, damaged) = try roundFolder.audit.read()
    #expect(entries.map(\.action) == ["create", "delete", "update"])
    #expect(damaged == 1)
    #expect(!entries.contains { $0.user.isEmpty })
  }

  @Test func idsAreCheckedBeforeTheyTouchAPath() throws {
    let folder = TemporaryFolder()
    let roundFolder = try Store.open(folder.path).createRound(Samples.round)
    for bad in ["../../etc/passwd", "/etc/passwd", "p", "paaaaaaaaaaaaaaa1", "PAAAAAAAAAAAAAAAA", "xaaaaaaaaaaaaaaaa"] {
      #expect(throws: StoreError.self) { try roundFolder.surveyFile(bad) }
    }
  }
}
