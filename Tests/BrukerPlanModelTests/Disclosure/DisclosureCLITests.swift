import Foundation
import Testing

@testable import BrukerPlanModel

/// The differencing attacks of issue 11 on the command line: the same round given more than
/// once, years added up, and `report --audit` for a data-protection officer.
@Suite struct DisclosureCLITests {
  typealias B = ReportBuilders

  static func store() throws -> (root: String, y2024: String, y2025: String) {
    let root = NSTemporaryDirectory() + "brukerplan-disclosure-cli-\(uniqueName())"
    let y2024 = try B.write(B.generated(seed: 41, persons: 30, round: B.round(year: 2024)), to: root + "/s/2024").path
    let y2025 = try B.write(B.generated(seed: 42, persons: 30, round: B.round(year: 2025)), to: root + "/s/2025").path
    return (root, y2024, y2025)
  }

  @Test func theSameRoundThriceIsAUsageError() throws {
    let (root, _, y2025) = try Self.store()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let written = try ReportCLITests.run(["report", y2025, y2025 + "/", root + "/s/./2025"])
    #expect(written.status == 2)
    #expect(written.stderr.contains("are the same round"))
    #expect(written.stdout.isEmpty)
    // A copy of the folder is another path but the same municipality and year.
    try FileManager.default.copyItem(atPath: y2025, toPath: root + "/copy")
    let copied = try ReportCLITests.run(["report", y2025, root + "/copy"])
    #expect(copied.status == 2)
    #expect(copied.stderr.contains("is given twice"))
    let compared = try ReportCLITests.run(["compare", y2025, y2025])
    #expect(compared.status == 2)
  }

  @Test func twoYearsOfOneMunicipalityAreRefusedWithAPointer() throws {
    let (root, y2024, y2025) = try Self.store()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let result = try ReportCLITests.run(["report", y2024, y2025])
    #expect(result.status == 2)
    #expect(result.stderr.contains("compare") && result.stderr.contains("trend"))
    #expect(result.stdout.isEmpty)
  }

  @Test func auditListsEverySuppressedCountWithItsInterval() throws {
    let (root, _, y2025) = try Self.store()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let result = try ReportCLITests.run(["report", y2025, "--by", "unit", "--audit"])
    #expect(result.status == 0)
    let report = try ReportEngine.publish([try RoundFolder(path: y2025).load()], by: .unit)
    #expect(result.stdout.hasPrefix("Disclosure audit: \(report.audit.cellsAudited) suppressed counts checked"))
    // Summary, explanation and column header (the blank line is not a row).
    let rows = result.stdout.split(separator: "\n").dropFirst(3)
    #expect(rows.count == report.audit.cellsAudited)
    #expect(!result.stdout.contains("EXPOSED"))
    for row in rows {
      let fields = row.split(separator: " ", omittingEmptySubsequences: true)
      let from = try #require(Int(fields[fields.count - 3]))
      let to = try #require(Int(fields[fields.count - 2]))
      #expect(from < to, "\(row)")
    }
  }
}
