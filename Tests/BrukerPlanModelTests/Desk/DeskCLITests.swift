import Foundation
import Testing

@testable import BrukerPlanModel

/// Runs the program with standard input and a fixed day (BRUKERPLAN_TODAY).
enum DeskProgram {
  static func run(_ arguments: [String], input: String = "", today: String = "2026-12-10") throws -> Program.Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Program.binary)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(["BRUKERPLAN_TODAY": today]) { $1 }
    let folder = TemporaryFolder()
    let outputFile = folder.path + "/out"
    let errorFile = folder.path + "/err"
    let inputFile = folder.path + "/in"
    for path in [outputFile, errorFile] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
    try input.write(toFile: inputFile, atomically: true, encoding: .utf8)
    process.standardInput = FileHandle(forReadingAtPath: inputFile)
    process.standardOutput = FileHandle(forWritingAtPath: outputFile)
    process.standardError = FileHandle(forWritingAtPath: errorFile)
    try process.run()
    process.waitUntilExit()
    return Program.Outcome(
      status: process.terminationStatus, output: text(outputFile), errors: text(errorFile))
  }

  /// The file's bytes as they are (a byte order mark is kept).
  static func text(_ path: String) -> String {
    String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
  }
}

/// The coordinator's month on the command line: a round from last year's, two units register,
/// the rules warn, the desk is checked against the files, and the round is closed.
@Suite(.serialized) struct DeskCLITests {
  init() throws {
    try #require(FileManager.default.isExecutableFile(atPath: Program.binary), "build the program first")
  }

  func writeCSV(_ rows: [[String]], round: Round, to path: String) throws {
    let header = SurveyCSV.columns(for: round, identity: "fnr").joined(separator: ";")
    try ([header] + rows.map { $0.joined(separator: ";") }).joined(separator: "\n").appending("\n")
      .write(toFile: path, atomically: true, encoding: .utf8)
  }

  @Test func aRoundFromNewRoundToClosing() throws {
    let folder = TemporaryFolder()
    let store = try SampleStores.copy("fjordvik", into: folder)
    let last = store + "/2025"
    let this = store + "/2026"

    // 1. Next year's round from last year's. Without a terminal the population must be given.
    let asked = try DeskProgram.run(["new-round", "--from", last])
    #expect(asked.status == 2)
    #expect(asked.errors.contains("--population-total (last year: 38000)"))
    let created = try DeskProgram.run([
      "new-round", "--from", last, "--folder", "2026", "--population-total", "38500", "--population-16", "31000",
      "--population-18", "29900", "--rename-unit", "hjemme:Hjemmebaserte tjenester",
    ])
    #expect(created.status == 0, "\(created.errors)")
    let round = try RoundFolder(path: this).loadRound()
    #expect(round.year == 2026 && round.deadline == "2026-12-15" && round.population?.total == 38_500)
    #expect(round.units.map(\.id) == ["nav", "rus", "psyk", "hjemme"])
    #expect(round.unit("hjemme")?.name == "Hjemmebaserte tjenester")
    let twice = try DeskProgram.run(["new-round", "--from", last, "--folder", "2026b", "--same-population"])
    #expect(twice.status == 1 && twice.errors.contains("already holds Fjordvik's round of 2026"))

    // 2. NAV and the substance service register: one consistent survey each, one that breaks a
    //    rule, one draft; NAV's inclusion check leaves out a person under 16 and one who opts out.
    var consistent = SurveyCSV.row(Samples.complete(), round: round)
    consistent[0] = "01018012371"
    consistent[4] = ""
    var mentalOnly = consistent
    mentalOnly[0] = "15067543278"
    mentalOnly[1] = "rus"
    mentalOnly[5] = "mentalOnly"
    let csv = folder.path + "/in.csv"
    try writeCSV([consistent, mentalOnly], round: round, to: csv)
    let imported = try DeskProgram.run(["import", this, csv])
    #expect(imported.status == 0, "\(imported.errors)")

    let optOut = try DeskProgram.run(
      ["not-included", this, "--unit", "nav", "--reason", "optedOut"], input: "15067543278\n")
    #expect(optOut.status == 0, "\(optOut.errors)")
    #expect(optOut.output.contains("has been deleted") && optOut.output.contains("registered by unit rus"))
    #expect(!optOut.output.contains("15067543278"))
    let under16 = try DeskProgram.run(["not-included", this, "--unit", "nav", "--reason", "under16"])
    #expect(under16.status == 0)
    // The substance service tries to register the person who opted out: refused, plainly.
    let refused = try DeskProgram.run(["import", this, csv])
    #expect(refused.status == 1)
    #expect(refused.errors.contains("line 3: this person opted out of the round on 2026-12-10"))

    // A second person for rus breaks a rule; a third is an old draft.
    let ids = try FileSystem.list(this + "/surveys")
    #expect(ids.count == 1)
    var broken = Samples.complete(id: "paaaaaaaaaaaaaaa2")
    broken.unit = "rus"
    broken.lar = false
    broken.services["specialistLar"] = ServiceAnswer(now: true)
    let roundFolder = RoundFolder(path: this)
    try roundFolder.save(broken, baseRevision: nil, round: round)
    var draft = Samples.complete(id: "paaaaaaaaaaaaaaa3")
    draft.unit = "rus"
    draft.status = .draft
    try roundFolder.save(draft, baseRevision: nil, round: round, now: Date(timeIntervalSince1970: 1_795_000_000))

    // 3. check: the error is open, so exit 1; json names it; after accepting it, and with the draft completed, exit 0.
    let checked = try DeskProgram.run(["check", this])
    #expect(checked.status == 1)
    #expect(checked.output.contains("paaaaaaaaaaaaaaa2.json (unit rus): error dq1.larServiceWithoutLar"))
    #expect(checked.output.contains("paaaaaaaaaaaaaaa3.json (unit rus): error dq1.staleDraft"))
    let json = try DeskProgram.run(["check", this, "--unit", "rus", "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
    #expect(object["openErrors"] as? Int == 2 && object["rules"] as? String == "dq/1")
    let csvOut = try DeskProgram.run(["check", this, "--format", "csv"])
    #expect(csvOut.output.hasPrefix("\u{FEFF}survey;unit;rule;severity;accepted;message\r\n"))
    #expect(try DeskProgram.run(["check", this, "--unit", "nav"]).status == 0)

    broken.accept(
      QualityRules.findings(for: broken, context: QualityContext(round: round, today: ISODay("2026-12-10")!)))
    try roundFolder.save(broken, baseRevision: 1, round: round)
    draft.status = .complete
    try roundFolder.save(draft, baseRevision: 1, round: round)
    #expect(try DeskProgram.run(["check", this]).status == 0)

    // 4. The desk, checked against the files and last year's round.
    let status = try DeskProgram.run(["status", this, "--format", "json"])
    #expect(status.status == 0, "\(status.errors)")
    let desk = try JSONDecoder().decode(RoundDesk.self, from: Data(status.output.utf8))
    let loaded = try roundFolder.load()
    let lastYear = try RoundFolder(path: last).load()
    #expect(desk.daysToDeadline == 5 && desk.optOutList == 1 && desk.previousRound == "2025")
    for row in desk.units {
      let mine = loaded.surveys.filter { $0.unit == row.unit }
      #expect(row.complete == mine.count { $0.status == .complete }, "\(row.unit)")
      #expect(row.drafts == mine.count { $0.status == .draft }, "\(row.unit)")
      #expect(row.lastYearComplete == lastYear.complete.count { $0.unit == row.unit }, "\(row.unit)")
      #expect(row.lastSave == mine.map(\.updatedAt).max(), "\(row.unit)")
    }
    let nav = try #require(desk.units.first { $0.unit == "nav" })
    #expect(nav.complete == 1 && nav.notIncluded(.optedOut) == 1 && nav.notIncluded(.under16) == 1)
    #expect(desk.total.complete == 3 && desk.total.lastYearComplete == lastYear.complete.count)
    let text = try DeskProgram.run(["status", this])
    #expect(text.output.hasPrefix("Fjordvik 2026: open; deadline 2026-12-15 (5 days left); today 2026-12-10\n"))

    // 5. Closing: without a terminal it needs --yes; then every write is refused.
    let unasked = try DeskProgram.run(["close-round", this, "--reason", "Alle har levert"])
    #expect(unasked.status == 2 && unasked.errors.contains("give --yes"))
    #expect(try RoundFolder(path: this).loadRound().status == .open)
    let closed = try DeskProgram.run(["close-round", this, "--reason", "Alle har levert", "--yes"])
    #expect(closed.status == 0, "\(closed.errors)")
    #expect(closed.output.contains("3 complete, 0 draft(s)"))
    #expect(!FileSystem.exists(roundFolder.optOutFile))
    #expect(throws: StoreError.self) { try roundFolder.save(draft, baseRevision: 2, round: round) }
    let late = try DeskProgram.run(["import", this, csv])
    #expect(late.status == 1 && late.errors.contains("is closed and read-only"))
    let lateCount = try DeskProgram.run(["not-included", this, "--unit", "nav", "--reason", "under16"])
    #expect(lateCount.status == 1 && lateCount.errors.contains("closed and read-only"))
    #expect(try DeskProgram.run(["reopen-round", this]).status == 2)
    let reopened = try DeskProgram.run(["reopen-round", this, "--reason", "Rustjenesten leverte for sent"])
    #expect(reopened.status == 0)
    let audit = try roundFolder.audit.read().entries.filter { $0.action.hasSuffix("-round") }
    #expect(audit.map(\.action) == ["close-round", "reopen-round"])
    #expect(audit.map(\.reason) == ["Alle har levert", "Rustjenesten leverte for sent"])
  }

  /// A unit retired in `new-round --from` is out of the round: the desk and `check` do not list
  /// it as a unit that has not delivered.
  @Test func aRetiredUnitIsNotListedAsNotDelivered() throws {
    let folder = TemporaryFolder()
    let store = try SampleStores.copy("fjordvik", into: folder)
    let this = store + "/2026"
    let retired = try #require(try RoundFolder(path: store + "/2025").loadRound().unit("psyk"))
    let created = try DeskProgram.run([
      "new-round", "--from", store + "/2025", "--folder", "2026", "--same-population", "--retire-unit", "psyk",
    ])
    #expect(created.status == 0, "\(created.errors)")
    let status = try DeskProgram.run(["status", this, "--format", "json"])
    let desk = try JSONDecoder().decode(RoundDesk.self, from: Data(status.output.utf8))
    #expect(desk.units.map(\.unit) == ["nav", "rus", "hjemme"])
    let text = try DeskProgram.run(["status", this])
    #expect(text.status == 0 && !text.output.contains(retired.name))
    let checked = try DeskProgram.run(["check", this, "--unit", "psyk"])
    #expect(checked.status != 0 && checked.errors.contains("(units: nav, rus, hjemme)"))
  }
}
