import Foundation
import Testing

@testable import BrukerPlanModel

/// Runs the built program (`make test` builds it before testing).
enum Program {
  static let binary = SampleStores.packageRoot + "/.build/debug/brukerplan-tui"

  struct Outcome {
    var status: Int32
    var output: String
    var errors: String
  }

  static func run(_ arguments: [String]) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    // stderr goes to a file, so that neither stream can fill a pipe and block the program.
    let errorFile = NSTemporaryDirectory() + "brukerplan-stderr-" + uniqueName()
    _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errorFile) }
    let errors = try #require(FileHandle(forWritingAtPath: errorFile))
    let output = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try errors.close()
    let err = try Data(contentsOf: URL(fileURLWithPath: errorFile))
    return Outcome(
      status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
      errors: String(decoding: err, as: UTF8.self))
  }
}

@Suite(.serialized) struct CLITests {
  init() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: Program.binary),
      "build the program first (swift build; make test does)")
  }

  @Test func validateAcceptsEverySampleRound() throws {
    let folder = TemporaryFolder()
    let fonna = try SampleStores.copy("fonna", into: folder)
    let fjordvik = try SampleStores.copy("fjordvik", into: folder)
    let rounds = [fonna + "/2006-fonna"] + ["2023", "2024", "2025"].map { fjordvik + "/" + $0 }
    let outcome = try Program.run(["validate"] + rounds)
    #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
    #expect(outcome.output.contains("669 valid surveys (669 complete, 0 drafts), 0 invalid files"))
    #expect(outcome.output.components(separatedBy: "0 invalid files").count == 5)
  }

  @Test func corruptedSurveyFailsNamingFileAndProblem() throws {
    let folder = TemporaryFolder()
    let round = try SampleStores.copy("fonna", into: folder) + "/2006-fonna"
    let name = try #require(try FileSystem.list(round + "/surveys").first)
    let path = round + "/surveys/" + name
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let broken = text.replacingOccurrences(of: "\"gender\" : \"", with: "\"gender\" : \"x")
    #expect(broken != text)
    try broken.write(toFile: path, atomically: false, encoding: .utf8)
    let outcome = try Program.run(["validate", round])
    #expect(outcome.status == 1)
    let all = outcome.output + outcome.errors
    #expect(all.contains("\(path): gender: unknown value"))
    #expect(all.contains("668 valid surveys"))
  }

  @Test func usageErrorsExitWith2() throws {
    for arguments in [
      ["import"], ["generate", "--out", "/tmp/x", "--years", "soon"], ["--no-such-option"],
      ["new-round", "--store", "/tmp/x", "--municipality", "1", "--name", "N", "--year", "1800"],
    ] {
      let outcome = try Program.run(arguments)
      #expect(outcome.status == 2, "\(arguments)")
      #expect(outcome.errors.contains("Usage:") || outcome.errors.contains("Error:"), "\(arguments)")
    }
    let help = try Program.run(["import", "--help"])
    #expect(help.status == 0 && help.output.contains("line N, column C"))
  }

  @Test func newRoundImportExportEndToEnd() throws {
    let folder = TemporaryFolder()
    let store = folder.path + "/store"
    let created = try Program.run([
      "new-round", "--store", store, "--municipality", "9901", "--name", "Testvik", "--year", "2024",
      "--population-total", "10000", "--unit", "nav:nav:NAV Testvik", "--unit", "rus:substance:Rustjenesten",
      "--deadline", "2024-12-15", "--folder", "2024",
    ])
    #expect(created.status == 0, "\(created.errors)")
    let round = try RoundFolder(path: store + "/2024").loadRound()
    #expect(round.units.map(\.id) == ["nav", "rus"] && round.population?.total == 10_000)

    // A file with identity numbers; one row is wrong at first, so nothing may be written.
    let header = SurveyCSV.columns(for: round, identity: "fnr").joined(separator: ";")
    var row = SurveyCSV.row(Samples.complete(), round: round)
    row[0] = "01018012371"
    row[4] = ""  // gender: taken from the number
    var second = row
    second[0] = "15067543278"
    second[4] = "unknown"
    let csv = folder.path + "/in.csv"
    try ([header, row.joined(separator: ";"), second.joined(separator: ";")].joined(separator: "\n") + "\n")
      .write(toFile: csv, atomically: true, encoding: .utf8)
    let rejected = try Program.run(["import", store + "/2024", csv])
    #expect(rejected.status == 1)
    #expect(rejected.errors.contains("\(csv): line 3, column gender: unknown value \"unknown\""))
    #expect(!rejected.errors.contains("15067543278"))
    #expect(try FileSystem.list(store + "/2024/surveys").isEmpty)

    second[4] = "female"
    try ([header, row.joined(separator: ";"), second.joined(separator: ";")].joined(separator: "\n") + "\n")
      .write(toFile: csv, atomically: true, encoding: .utf8)
    let imported = try Program.run(["import", store + "/2024", csv])
    #expect(imported.status == 0, "\(imported.errors)")
    #expect(imported.output.contains("2 created, 0 updated, 0 unchanged"))

    let exported = try Program.run(["export", store + "/2024"])
    #expect(exported.status == 0)
    let lines = exported.output.split(separator: "\n")
    #expect(lines.count == 4 && lines[0] == "#brukerplan-round municipality=9901 year=2024")
    #expect(lines[1].hasPrefix("id,unit,status,"))
    for number in ["01018012371", "15067543278"] { #expect(!exported.output.contains(number)) }
    #expect(lines[2...].allSatisfy { $0.hasPrefix("p") && ($0.contains(",male,") || $0.contains(",female,")) })

    let file = folder.path + "/out.csv"
    #expect(try Program.run(["export", store + "/2024", "-o", file]).status == 0)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == exported.output)
    #expect(FileSystem.permissions(file) == 0o600)
    let again = try Program.run(["import", store + "/2024", file])
    #expect(again.status == 0 && again.output.contains("0 created, 0 updated, 2 unchanged"))
  }

  @Test func exportRefusesARoundWithAnInvalidFile() throws {
    let folder = TemporaryFolder()
    let round = try SampleStores.copy("fjordvik", into: folder) + "/2024"
    let path = round + "/surveys/paaaaaaaaaaaaaaaa.json"
    try "{ not json".write(toFile: path, atomically: false, encoding: .utf8)
    let outcome = try Program.run(["export", round])
    #expect(outcome.status == 1)
    #expect(outcome.output.isEmpty)
    #expect(outcome.errors.contains("\(path): is not valid JSON"))
  }

  @Test func generateWritesAValidStore() throws {
    let folder = TemporaryFolder()
    let outcome = try Program.run([
      "generate", "--out", folder.path + "/g", "--persons", "50", "--years", "2024,2025", "--seed", "3",
    ])
    #expect(outcome.status == 0, "\(outcome.errors)")
    let check = try Program.run(["validate", folder.path + "/g/2024", folder.path + "/g/2025"])
    #expect(check.status == 0, "\(check.output)")
    let twice = try Program.run(["generate", "--out", folder.path + "/g", "--years", "2024"])
    #expect(twice.status == 1 && twice.errors.contains("already exists"))
  }
}
