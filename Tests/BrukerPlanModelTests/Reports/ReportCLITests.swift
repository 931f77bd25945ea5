import Foundation
import Testing

@testable import BrukerPlanModel

/// The report, compare and trend commands, run as the built binary.
@Suite struct ReportCLITests {
  typealias B = ReportBuilders

  static var binary: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/brukerplan-tui")
      .path
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  static func roundFolder(_ folder: TemporaryFolder, _ name: String, _ input: ReportInput) throws -> String {
    try B.write(input, to: "\(folder.path)/\(name)").path
  }

  @Test func reportWritesEveryFormat() throws {
    let folder = TemporaryFolder()
    let round = try Self.roundFolder(folder, "2024", ReportGoldenTests.round2024)
    let json = try Self.run(["report", round, "--format", "json"])
    #expect(json.status == 0)
    // Same figures as the engine on the same surveys (the pipe is not a terminal: plain output).
    #expect(json.stdout == ReportRenderer.render(ReportGoldenTests.report, as: .json))
    let text = try Self.run(["report", round])
    #expect(text.stdout == ReportRenderer.render(ReportGoldenTests.report, as: .text, style: .plain))
    #expect(!text.stdout.contains("\u{1B}"))
    let output = "\(folder.path)/report.html"
    let html = try Self.run(["report", round, "--format", "html", "-o", output])
    #expect(html.status == 0 && html.stdout.isEmpty)
    #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    #expect(FileSystem.permissions(output).map { $0 & 0o777 } == 0o600)
    let breakdown = try Self.run(["report", round, "--by", "gender", "--format", "md", "--min-cell", "5"])
    #expect(breakdown.status == 0)
    #expect(breakdown.stdout.contains("### Samlet indeks etter kjønn"))
  }

  /// On a terminal (a pseudo-terminal made by util-linux `script`) the text has colour and
  /// Unicode; NO_COLOR turns both off.
  @Test func colourOnlyOnATerminalWithoutNoColor() throws {
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"))
    let folder = TemporaryFolder()
    let round = try Self.roundFolder(folder, "2024", ReportGoldenTests.round2024)
    func onTerminal(_ environment: [String: String]) throws -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
      process.arguments = ["-qec", "'\(Self.binary)' report '\(round)'", "/dev/null"]
      var inherited = ProcessInfo.processInfo.environment
      inherited["NO_COLOR"] = nil  // only the test decides
      process.environment = inherited.merging(environment) { $1 }
      let out = Pipe()
      process.standardOutput = out
      process.standardInput = FileHandle.nullDevice
      try process.run()
      let data = out.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
      return String(decoding: data, as: UTF8.self)
    }
    let coloured = try onTerminal([:])
    #expect(coloured.contains("\u{1B}[30;42m G \u{1B}[0m"))
    #expect(coloured.contains("█"))
    let plain = try onTerminal(["NO_COLOR": "1"])
    #expect(!plain.contains("\u{1B}["))
    #expect(!plain.contains("█"))
    #expect(plain.contains("[G] Grønn"))
  }

  @Test func invalidFilesFailUnlessSkipped() throws {
    let folder = TemporaryFolder()
    let round = try Self.roundFolder(folder, "2024", ReportGoldenTests.round2024)
    let broken = "\(round)/surveys/\(B.id(9000)).json"
    try Data("{ not json".utf8).write(to: URL(fileURLWithPath: broken))
    var wrongUnit = B.person(9001)
    wrongUnit.unit = "school"
    try FileSystem.writeAtomically(SurveyJSON.bytes(wrongUnit), to: "\(round)/surveys/\(wrongUnit.id).json")

    let failed = try Self.run(["report", round])
    #expect(failed.status == 1)
    #expect(failed.stdout.isEmpty)
    #expect(failed.stderr.contains(broken))
    #expect(failed.stderr.contains("\(wrongUnit.id).json: unit:"))
    #expect(failed.stderr.contains("--skip-invalid"))

    let skipped = try Self.run(["report", round, "--skip-invalid"])
    #expect(skipped.status == 0)
    let line = skipped.stdout.components(separatedBy: "\n").first { $0.hasPrefix("Ugyldige filer hoppet over") }
    #expect(line?.hasSuffix(" 2") == true)
    let json = try Self.run(["report", round, "--skip-invalid", "--format", "json"])
    #expect(json.stdout.contains("\"skippedInvalid\": 2"))
    #expect(json.stdout.contains("\"n\": 64,"))
  }

  @Test func wrongUsageExitsWithTwo() throws {
    let folder = TemporaryFolder()
    let round = try Self.roundFolder(folder, "2024", ReportGoldenTests.round2024)
    for arguments in [
      ["report", round, "--min-cell", "0"], ["report", round, "--format", "pdf"],
      ["report", round, "--by", "shoeSize"],
      ["trend", round, round],
    ] {
      let result = try Self.run(arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.stderr.contains("Usage: brukerplan-tui"), "\(arguments)")
      #expect(result.stdout.isEmpty)
    }
    let missing = try Self.run(["report", "\(folder.path)/missing"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("\(folder.path)/missing/round.json"))
  }

  @Test func compareAndTrend() throws {
    let folder = TemporaryFolder()
    let a = try Self.roundFolder(folder, "2023", ReportGoldenTests.round2023)
    let b = try Self.roundFolder(folder, "2024", ReportGoldenTests.round2024)
    let c = try Self.roundFolder(folder, "2025", ReportGoldenTests.round2025)
    let compare = try Self.run(["compare", a, b, "--format", "json"])
    #expect(compare.status == 0)
    #expect(compare.stdout == ReportRenderer.render(ReportGoldenTests.comparison, as: .json))
    let trend = try Self.run(["trend", c, a, b, "--format", "csv"])
    #expect(trend.status == 0)
    #expect(trend.stdout == ReportRenderer.render(ReportGoldenTests.trend, as: .csv))

    let other = try Self.roundFolder(
      folder, "other", B.generated(seed: 5, persons: 10, round: B.round(code: "4698", name: "Havnes", year: 2022)))
    let mixed = try Self.run(["trend", a, b, other])
    #expect(mixed.status == 1)
    #expect(mixed.stderr.contains("a trend follows one municipality"))
  }
}
