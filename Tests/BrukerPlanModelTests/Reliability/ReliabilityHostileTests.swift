import Foundation
import Testing

@testable import BrukerPlanModel

/// Paths, files and names chosen by an attacker (issue 10, items 7-16): no crash, no write
/// through what is not a regular file, no data through a symlink, nothing that acts on the reader.
@Suite(.serialized) struct ReliabilityHostileTests {
  struct Outcome {
    var status: Int32
    var signalled: Bool
    var out: String
    var err: String
  }

  /// Runs the real binary in `folder`, so relative one-character paths mean what a user typed.
  func run(_ arguments: [String], in folder: String) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Programs.brukerplan)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.environment = ["SWIFT_BACKTRACE": "enable=no", "PATH": "/usr/bin:/bin"]
    let out = folder + "/.stdout-" + uniqueName()
    let err = out + ".err"
    defer {
      unlink(out)
      unlink(err)
    }
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    _ = FileManager.default.createFile(atPath: err, contents: nil)
    process.standardOutput = FileHandle(forWritingAtPath: out)
    process.standardError = FileHandle(forWritingAtPath: err)
    try process.run()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
      out: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
      err: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
  }

  // MARK: 7. One-character paths

  @Test func oneCharacterPathsDoNotCrash() throws {
    let folder = TemporaryFolder()
    let steps: [[String]] = [
      ["new-round", "--store", "z", "--municipality", "9901", "--name", "Z", "--year", "2025"],
      ["generate", "--out", "g", "--persons", "8", "--years", "2024"],
      ["report", "g/2024", "-o", "r"],
      ["export", "g/2024", "-o", "b"],
      ["tui", "--store", "y", "--headless", "--size", "80x24", "--keys", "<Down>", "--dump-screen", "d"],
    ]
    for step in steps {
      let outcome = try run(step, in: folder.path)
      #expect(!outcome.signalled && outcome.status == 0, "\(step): \(outcome.err)")
    }
    for made in ["z/2025-9901/round.json", "g/2024/round.json", "r", "b", "y", "d"] {
      #expect(FileSystem.exists(folder.path + "/" + made), "\(made) missing")
    }
    #expect(Paths.parent(of: "z") == "." && Paths.parent(of: "/z") == "/" && Paths.name(of: "s/2025/") == "2025")
  }

  // MARK: 8. Output files that are not regular files; 15. dumps 0600

  @Test func outputThroughALinkOrDeviceIsWrittenNeverReplaced() throws {
    let folder = TemporaryFolder()
    _ = try run(["generate", "--out", "s", "--persons", "8", "--years", "2024"], in: folder.path)
    let link = folder.path + "/null-link"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
    let toNull = try run(["report", "s/2024", "-o", link], in: folder.path)
    #expect(toNull.status == 0, "\(toNull.err)")
    var info = stat()
    #expect(lstat(link, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK, "the link was replaced")
    #expect(lstat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)

    // What `-o /dev/stdout` means, through a link of our own: the report reaches standard output.
    let stdoutLink = folder.path + "/stdout-link"
    try FileManager.default.createSymbolicLink(atPath: stdoutLink, withDestinationPath: "/proc/self/fd/1")
    let toStdout = try run(["export", "s/2024", "-o", stdoutLink], in: folder.path)
    #expect(toStdout.status == 0 && toStdout.out.contains("\nid,unit,status"), "\(toStdout.err)")
    #expect(lstat(stdoutLink, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)

    try FileManager.default.createDirectory(atPath: folder.path + "/adir", withIntermediateDirectories: false)
    let toFolder = try run(["report", "s/2024", "-o", "adir"], in: folder.path)
    #expect(toFolder.status == 1 && toFolder.err.contains("adir: is a folder"), "\(toFolder.err)")

    // The store's own files are never replaced through a link.
    #expect(throws: FileSystem.Failure.self) { try FileSystem.writeAtomically([1], to: link) }

    // Dumps are the owner's only, also over an existing file that others could read.
    let dump = folder.path + "/dump"
    _ = FileManager.default.createFile(atPath: dump, contents: Data(), attributes: [.posixPermissions: 0o644])
    let headless = try run(
      [
        "tui", "--store", "s", "--headless", "--size", "80x24", "--keys", "<Down>", "--dump-screen", dump,
        "--dump-styles", "styles",
      ], in: folder.path)
    #expect(headless.status == 0, "\(headless.err)")
    #expect(FileSystem.permissions(dump) == 0o600 && FileSystem.permissions(folder.path + "/styles") == 0o600)
  }

  // MARK: 9. Symlinked surveys folder, folders open to everyone

  @Test func symlinkedSurveysFolderIsRefusedEverywhere() throws {
    let folder = TemporaryFolder()
    _ = try run(["generate", "--out", "s", "--persons", "8", "--years", "2024,2025"], in: folder.path)
    let surveys2025 = folder.path + "/s/2025/surveys"
    try FileManager.default.removeItem(atPath: surveys2025)
    try FileManager.default.createSymbolicLink(
      atPath: surveys2025, withDestinationPath: folder.path + "/s/2024/surveys")
    #expect(throws: FileProblem.self) { try RoundFolder(path: folder.path + "/s/2025").loadFast() }
    #expect(throws: FileProblem.self) {
      try SurveyLoader(useIndex: false).load(RoundFolder(path: folder.path + "/s/2025"))
    }
    #expect(throws: FileProblem.self) { try RoundFolder(path: folder.path + "/s/2025").load() }
    for command in [["validate"], ["report"], ["export"]] {
      let outcome = try run(command + ["s/2025"], in: folder.path)
      #expect(outcome.status == 1, "\(command)")
      #expect((outcome.out + outcome.err).contains("symbolic link"), "\(command): \(outcome.out)\(outcome.err)")
    }
  }

  @Test func foldersOpenToEveryoneAreRefusedOrWarnedAbout() throws {
    let folder = TemporaryFolder()
    _ = try run(["generate", "--out", "s", "--persons", "8", "--years", "2024"], in: folder.path)
    let round = folder.path + "/s/2024"
    chmod(round + "/surveys", 0o777)
    let refused = try run(["report", "s/2024"], in: folder.path)
    #expect(refused.status == 1 && refused.err.contains("chmod 700 s/2024/surveys"), "\(refused.err)")
    #expect(throws: FileProblem.self) { try RoundFolder(path: round).loadFast() }
    chmod(round + "/surveys", 0o700)
    chmod(folder.path + "/s", 0o777)
    #expect(throws: FileSystem.Failure.self) { try Store.open(folder.path + "/s") }
    chmod(folder.path + "/s", 0o700)
    chmod(round + "/round.json", 0o644)
    let warned = try run(["validate", "s/2024"], in: folder.path)
    #expect(warned.status == 0 && warned.out.contains("can be read by other users"), "\(warned.out)")
    #expect(warned.out.contains("chmod 600 s/2024/round.json"))
  }

  // MARK: 11. What the JSON reader must refuse

  @Test func jsonTheWriterNeverMakesIsRefused() throws {
    let id = "paaaaaaaaaaaaaaaa"
    let good = String(decoding: RoundFolder.encode(Samples.complete(id: id)), as: UTF8.self)
    let bad = [
      "{\"\\u0075nit\" : \"rus\", " + good.dropFirst(),
      good.replacingOccurrences(of: "\"lar\" : false", with: "\"lar\" : false,\n\"x\" : [1, 2,]"),
      good.replacingOccurrences(of: "\"birthYear\" : 1980", with: "\"birthYear\" : 19.8e2"),
      good.replacingOccurrences(of: "\"birthYear\" : 1980", with: "\"birthYear\" : 1980.0"),
      good.replacingOccurrences(of: "\"revision\" : 1", with: "\"revision\" : 1E0"),
      String(good.dropLast(2)) + ",\n}\n",
    ]
    for text in bad {
      let result = RoundFolder.decodeSurvey(Array(text.utf8), path: "f.json", expectedID: id, round: Samples.round)
      guard case .failure = result else {
        Issue.record("accepted: \(text)")
        continue
      }
    }
    let year = Array(
      String(decoding: RoundFolder.encode(Samples.round), as: UTF8.self)
        .replacingOccurrences(of: "\"year\" : 2024", with: "\"year\" : 2.024e3").utf8)
    #expect(JSONLimits.round.check(year)?.field == "year")
  }

  // MARK: 12-14. Output that attacks its reader

  /// A round whose texts were written by an attacker (a round.json edited by hand).
  func hostileRound(in folder: TemporaryFolder) throws -> RoundFolder {
    var round = Samples.round
    round.municipality = .init(code: "=1+2", name: "Fjord\u{1b}]0;PWNED\u{07}vik <img src=x onerror=alert(1)>")
    round.units = [
      .init(id: "@SUM(1+1)*cmd|' /c calc'!A0", name: "Rus\u{1b}[31m [x](javascript:alert(1))", kind: .substance),
      .init(id: "nav", name: "NAV", kind: .nav),
    ]
    #expect(!round.newRoundProblems().isEmpty)
    let roundFolder = RoundFolder(path: folder.path + "/2024")
    try roundFolder.saveRound(round)
    for n in 0..<6 {
      var survey = Samples.complete(id: testSurveyID(n))
      survey.unit = round.units[n % 2].id
      try roundFolder.save(survey, baseRevision: nil, round: round)
    }
    return roundFolder
  }

  @Test func cellsThatLookLikeFormulasAreNeutralised() throws {
    let folder = TemporaryFolder()
    let roundFolder = try hostileRound(in: folder)
    let export = try run(["export", roundFolder.path], in: folder.path)
    #expect(export.status == 0)
    #expect(export.out.contains(",'@SUM(1+1)*cmd|' /c calc'!A0,"), "\(export.out)")
    #expect(!export.out.contains(",@SUM"))
    let csv = try run(
      ["report", roundFolder.path, "--format", "csv", "--by", "unit", "--min-cell", "1"], in: folder.path)
    #expect(csv.status == 0)
    let cells = csv.out.split(separator: "\r\n").flatMap { $0.split(separator: ";") }
    #expect(cells.contains { $0.hasPrefix("'@SUM") || $0.hasPrefix("'=1+2") }, "\(csv.out)")
    #expect(!cells.contains { $0.hasPrefix("@") || $0.hasPrefix("=") || $0.hasPrefix("\"@") || $0.hasPrefix("\"=") })
    // Negative changes stay numbers.
    #expect(!cells.contains { $0.hasPrefix("'-") })

    let refused = try run(
      [
        "new-round", "--store", "s", "--municipality", "=1+2", "--name", "X", "--year", "2025",
        "--unit=-x:nav:NAV",
      ], in: folder.path)
    #expect(refused.status == 2 && refused.err.contains("--municipality: must not start with ="), "\(refused.err)")
    #expect(refused.err.contains("--unit: must not start with"))
    let store = try Store.open(folder.path + "/store")
    var round = Samples.round
    round.municipality.code = "+47"
    #expect(throws: FileProblem.self) { try store.createRound(round) }
  }

  @Test func noControlCharacterReachesAnyTextOutput() throws {
    let folder = TemporaryFolder()
    let roundFolder = try hostileRound(in: folder)
    // A survey file whose name holds escapes, for validate's message.
    let named = roundFolder.surveysPath + "/\u{1b}]0;x\u{07}.json"
    _ = FileManager.default.createFile(atPath: named, contents: Data("{".utf8))
    var outputs: [String: String] = [:]
    for format in ["text", "md", "html", "csv"] {
      outputs[format] = try run(
        ["report", roundFolder.path, "--format", format, "--skip-invalid", "--by", "unit"], in: folder.path
      ).out
    }
    outputs["validate"] = try run(["validate", roundFolder.path], in: folder.path).out
    let csv = folder.path + "/in.csv"
    try "id,unit\npbbbbbbbbbbbbbbbb,\u{1b}[2Jrus\u{9b}\n".write(toFile: csv, atomically: false, encoding: .utf8)
    let imported = try run(["import", roundFolder.path, csv], in: folder.path)
    outputs["import"] = imported.out + imported.err
    #expect(imported.status == 1)
    for (name, text) in outputs {
      #expect(!text.isEmpty, "\(name) printed nothing")
      let bad = text.unicodeScalars.filter { TextSafety.isUnsafe($0) && $0 != "\n" && $0 != "\r" }
      #expect(bad.isEmpty, "\(name) holds \(bad.map { String($0.value, radix: 16) })")
    }
    #expect(outputs["validate"]!.contains("]0;x.json"))
  }

  @Test func markdownCarriesNoHTMLOrLinks() throws {
    let folder = TemporaryFolder()
    let roundFolder = try hostileRound(in: folder)
    let md = try run(
      ["report", roundFolder.path, "--format", "md", "--by", "unit", "--min-cell", "1"], in: folder.path)
    #expect(md.status == 0)
    #expect(!md.out.contains("<img") && md.out.contains("&lt;img"), "\(md.out)")
    #expect(!md.out.contains("](javascript:") && !md.out.contains("[x]"))
  }

  // MARK: 16. compare in the wrong order

  @Test func compareTakesTheEarlierYearAsA() throws {
    let folder = TemporaryFolder()
    _ = try run(["generate", "--out", "s", "--persons", "30", "--years", "2023,2025"], in: folder.path)
    let forward = try run(["compare", "s/2023", "s/2025", "--format", "json"], in: folder.path)
    let backward = try run(["compare", "s/2025", "s/2023", "--format", "json"], in: folder.path)
    #expect(forward.status == 0 && backward.status == 0)
    #expect(backward.out == forward.out)
    #expect(backward.err.contains("s/2023 is the earlier round"), "\(backward.err)")
    #expect(forward.err.isEmpty)
  }
}
