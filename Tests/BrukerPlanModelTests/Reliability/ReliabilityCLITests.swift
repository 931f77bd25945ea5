import Foundation
import Testing

@testable import BrukerPlanModel

/// Person-level CSV files whose content tells which import wrote a survey: the eight scores spell
/// the import's mark in base 3, and lar repeats its parity.
enum MarkedCSV {
  static let header =
    ["fnr", "unit", "status", "birthYear", "gender", "problemGroup"]
    + Dimension.allCases.map { "scores.\($0.rawValue)" }
    + [
      "substances", "plans", "lar", "children.hasChildren", "children.custody", "children.contact",
      "children.childWelfare", "activity", "violence",
    ]
  static let levels: [Score] = [.green, .yellow, .red]

  static func row(_ number: String, mark: Int, unit: String = "nav") -> [String] {
    var digits: [String] = []
    var rest = mark
    for _ in Dimension.allCases {
      digits.append(levels[rest % 3].rawValue)
      rest /= 3
    }
    return [number, unit, "complete", "", "", "substanceOnly"] + digits
      + ["alcohol", "", mark % 2 == 0 ? "true" : "false", "false", "false", "false", "false", "none", "unknown"]
  }

  static func text(_ numbers: [String], mark: Int) -> String {
    ([header] + numbers.map { row($0, mark: mark) }).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// The mark a survey carries, or nil when its fields disagree (a torn or mixed file).
  static func mark(of survey: Survey) -> Int? {
    var mark = 0
    for dimension in Dimension.allCases.reversed() {
      guard let score = survey.scores[dimension], let level = levels.firstIndex(of: score) else { return nil }
      mark = mark * 3 + level
    }
    return survey.lar == (mark % 2 == 0) ? mark : nil
  }
}

/// The real brukerplan-tui binary: import and generate killed at random moments, two imports at
/// once, and a privacy scan of everything an import session writes or prints.
@Suite(.serialized) struct ReliabilityCLITests {
  static func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  static func importCSV(_ round: RoundFolder, _ csv: String) throws -> (status: Int32, out: String, err: String) {
    try Programs.run(Programs.brukerplan, ["import", round.path, csv, "--yes"])
  }

  @Test func importSurvivesSIGKILLAtRandomMoments() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let numbers = SyntheticNumbers.make(40, seed: 4_040)
    let csv = folder.path + "/import.csv"
    try Self.write(MarkedCSV.text(numbers, mark: 0), to: csv)
    let started = Date()
    let first = try Self.importCSV(roundFolder, csv)
    #expect(first.status == 0, "\(first)")
    let importSeconds = Date().timeIntervalSince(started)
    var random = SeededGenerator(seed: Soak.seed(5_151))
    var previous = Dictionary(uniqueKeysWithValues: try roundFolder.load().surveys.map { ($0.id, $0) })
    #expect(previous.count == numbers.count)
    let kills = Soak.count(60, soakFactor: 20)
    var partial = 0
    var whole = 0
    var clean = 0
    for mark in 1...kills {
      try Self.write(MarkedCSV.text(numbers, mark: mark), to: csv)
      let process = try Programs.start(Programs.brukerplan, ["import", roundFolder.path, csv, "--yes"])
      usleep(UInt32(Double.random(in: 0...(importSeconds * 1.3), using: &random) * 1_000_000))
      Foundation.kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      var landed = 0
      let loaded = try roundFolder.load()  // finishes or rolls back the killed import
      #expect(loaded.invalid.isEmpty, "kill \(mark): \(loaded.invalid)")
      #expect(loaded.surveys.count == numbers.count)
      for survey in loaded.surveys {
        guard let before = previous[survey.id], let now = MarkedCSV.mark(of: survey) else {
          Issue.record("kill \(mark): \(survey.id) is unknown or mixed")
          continue
        }
        // Only the import just killed can have changed a survey, and then as a whole, one revision on.
        if now == MarkedCSV.mark(of: before) {
          #expect(survey.revision == before.revision, "kill \(mark)")
        } else {
          #expect(now == mark && survey.revision == before.revision + 1, "kill \(mark): \(survey.id)")
          landed += 1
        }
        previous[survey.id] = survey
      }
      if landed > 0 && landed < numbers.count { partial += 1 }
      #expect(landed == 0 || landed == numbers.count, "kill \(mark): \(landed) of \(numbers.count) landed")
      #expect(Set(loaded.surveys.map(\.revision)).count == 1)
      if landed == numbers.count { whole += 1 }
      // Now and then a clean import: it runs over the debris (stale temp files) and lands whole.
      if mark % 15 == 0 {
        let result = try Self.importCSV(roundFolder, csv)
        #expect(result.status == 0, "\(result)")
        clean += 1
        for survey in try roundFolder.load().surveys {
          #expect(MarkedCSV.mark(of: survey) == mark)
          previous[survey.id] = survey
        }
      }
    }
    let (entries, damaged) = try roundFolder.audit.read()
    #expect(damaged == 0)
    // One audit line for every revision of every person: 1 ... the last one, no gaps.
    let finalRevision = try roundFolder.load().surveys.first?.revision ?? 0
    for number in previous.keys {
      #expect(entries.filter { $0.id == number }.map(\.revision) == Array(1...finalRevision), "\(number)")
    }
    let temporary = try FileSystem.list(roundFolder.surveysPath).filter { $0.contains(".tmp-") }.count
    Figures.report(
      "crash.import.kills", kills,
      detail: "40 persons each; \(whole) imports landed whole before the kill, \(partial) partly (each survey whole), "
        + "\(clean) clean imports over the debris, \(temporary) stale temporary files ignored, "
        + "\(entries.count) audit lines, 0 damaged")
  }

  @Test func generateSurvivesSIGKILLAtRandomMoments() throws {
    let folder = TemporaryFolder()
    let kills = Soak.count(30, soakFactor: 20)
    var random = SeededGenerator(seed: Soak.seed(6_161))
    var started = Date()
    let full = try Programs.run(
      Programs.brukerplan, ["generate", "--out", folder.path + "/full", "--persons", "150", "--years", "2023,2024"])
    #expect(full.status == 0, "\(full)")
    let seconds = Date().timeIntervalSince(started)
    var surveysSeen = 0
    var roundsSeen = 0
    for kill in 0..<kills {
      let out = folder.path + "/gen-\(kill)"
      started = Date()
      let process = try Programs.start(
        Programs.brukerplan,
        ["generate", "--out", out, "--persons", "150", "--years", "2023,2024", "--seed", "\(kill)"])
      usleep(UInt32(Double.random(in: 0...(seconds * 1.2), using: &random) * 1_000_000))
      Foundation.kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      guard FileSystem.isFolder(out) else { continue }
      let store = try Store.open(out, create: false)
      for round in try store.roundFolders() {
        let loaded = try round.load()
        #expect(loaded.invalid.isEmpty, "kill \(kill): \(loaded.invalid.prefix(3))")
        #expect(loaded.surveys.count == 150, "kill \(kill): a partial round of \(loaded.surveys.count) persons")
        surveysSeen += loaded.surveys.count
        roundsSeen += 1
      }
    }
    Figures.report(
      "crash.generate.kills", kills,
      detail: "\(roundsSeen) round folders and \(surveysSeen) surveys left by killed runs, all valid")
  }

  /// Two imports into one round at once: the round lock makes them take turns; nothing is lost,
  /// and two imports of the same persons never mix (each person holds all of one import).
  @Test func twoImportsAtOnceLoseNothing() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let numbers = SyntheticNumbers.make(60, seed: 7_070)
    let files = (0..<2).map { folder.path + "/import-\($0).csv" }
    try Self.write(MarkedCSV.text(Array(numbers[..<30]), mark: 100), to: files[0])
    try Self.write(MarkedCSV.text(Array(numbers[30...]), mark: 200), to: files[1])
    let disjoint = try files.map { try Programs.start(Programs.brukerplan, ["import", roundFolder.path, $0]) }
    for process in disjoint { process.waitUntilExit() }
    #expect(disjoint.allSatisfy { $0.terminationStatus == 0 })
    var loaded = try roundFolder.load()
    #expect(loaded.surveys.count == 60 && loaded.invalid.isEmpty)
    #expect(loaded.surveys.allSatisfy { $0.revision == 1 })

    try Self.write(MarkedCSV.text(numbers, mark: 300), to: files[0])
    try Self.write(MarkedCSV.text(numbers, mark: 400), to: files[1])
    let overlapping = try files.map {
      try Programs.start(Programs.brukerplan, ["import", roundFolder.path, $0, "--yes"])
    }
    for process in overlapping { process.waitUntilExit() }
    #expect(overlapping.allSatisfy { $0.terminationStatus == 0 })
    loaded = try roundFolder.load()
    let marks = Set(loaded.surveys.compactMap(MarkedCSV.mark(of:)))
    #expect(marks.count == 1 && (marks == [300] || marks == [400]), "imports mixed: \(marks)")
    #expect(loaded.surveys.allSatisfy { $0.revision == 3 })
    let (entries, damaged) = try roundFolder.audit.read()
    #expect(damaged == 0 && entries.count == 180)
    Figures.report("concurrency.imports", 4, detail: "2 pairs at once, 180 audit lines, nothing lost or mixed")
  }

  /// Imports with fødselsnumre (good rows, and bad rows with the number mistyped or in the wrong
  /// column), validate and export: no number in the store, the audit log or any output.
  @Test func importSessionLeavesNoIdentityNumberAnywhere() throws {
    let folder = TemporaryFolder()
    let (_, roundFolder) = try folder.storeWithRound()
    let numbers = SyntheticNumbers.make(80, seed: 8_080)
    var scanner = PrivacyScanner(numbers: numbers)
    var outputs: [(String, String)] = []
    func record(_ name: String, _ result: (status: Int32, out: String, err: String)) {
      outputs.append((name + " stdout", result.out))
      outputs.append((name + " stderr", result.err))
    }
    let good = folder.path + "/good.csv"
    try Self.write(MarkedCSV.text(Array(numbers[..<60]), mark: 1), to: good)
    let imported = try Self.importCSV(roundFolder, good)
    #expect(imported.status == 0, "\(imported)")
    record("import", imported)
    record("import again", try Self.importCSV(roundFolder, good))

    // Bad rows: a mistyped control digit, a digit short, a number in the unit or the birthYear column.
    var rows = [MarkedCSV.header]
    for (index, number) in numbers[60...].enumerated() {
      var row = MarkedCSV.row(number, mark: 2)
      switch index % 4 {
      case 0: row[0] = String(number.dropLast()) + (number.last == "0" ? "1" : "0")
      case 1: row[0] = String(number.dropLast())
      case 2: row[1] = number
      default: row[3] = number.prefix(6) + " " + number.dropFirst(6)
      }
      rows.append(row)
    }
    let bad = folder.path + "/bad.csv"
    try Self.write(rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n", to: bad)
    let refused = try Self.importCSV(roundFolder, bad)
    #expect(refused.status == 1)
    #expect(refused.err.contains("line 2, column fnr"), "\(refused.err)")
    record("bad import", refused)
    record("validate", try Programs.run(Programs.brukerplan, ["validate", roundFolder.path]))
    record("export", try Programs.run(Programs.brukerplan, ["export", roundFolder.path]))
    let exported = folder.path + "/export.csv"
    record("export -o", try Programs.run(Programs.brukerplan, ["export", roundFolder.path, "-o", exported]))

    for (name, text) in outputs { scanner.scan(text, source: name) }
    let files = scanner.scanTree(folder.path + "/store")
    let exportText = try String(contentsOfFile: exported, encoding: .utf8)
    scanner.scan(exportText, source: "export file")
    #expect(scanner.hits.isEmpty, "\(scanner.hits)")
    #expect(exportText.hasPrefix("#brukerplan-round municipality=9901 year=2024\nid,"))
    Figures.report(
      "privacy.import.bytesScanned", scanner.bytesScanned,
      detail: "\(files) files and \(outputs.count) outputs, 80 numbers (20 in bad rows)")
  }
}
