import Foundation
import Testing

@testable import BrukerPlanModel

/// Every format of report, compare and trend against files in Golden/reports/.
/// Regenerate with BRUKERPLAN_UPDATE_GOLDEN=1 swift test --filter ReportGoldenTests.
@Suite struct ReportGoldenTests {
  typealias B = ReportBuilders

  static let fjordby2023 = B.round(
    code: "4699", name: "Fjordby", year: 2023, population: .init(total: 9_800, age16plus: 8_100))
  static let fjordby2024 = B.round(
    code: "4699", name: "Fjordby", year: 2024, population: .init(total: 9_900, age16plus: 8_200, age18plus: 7_900),
    services: ServiceCatalogue.standard.services.filter { $0.id != "somatic" }
      + [CatalogueService(id: "lowThreshold", label: "Lavterskel helsetilbud", level: .municipal)])
  static let fjordby2025 = B.round(
    code: "4699", name: "Fjordby", year: 2025, population: .init(total: 10_000, age16plus: 8_300))

  static var round2023: ReportInput { B.generated(seed: 2, persons: 50, drafts: 2, round: fjordby2023) }
  static var round2024: ReportInput { B.generated(seed: 3, persons: 64, drafts: 3, round: fjordby2024, firstID: 20) }
  static var round2025: ReportInput { B.generated(seed: 4, persons: 58, round: fjordby2025, firstID: 40) }

  static var report: PublishedReport { Disclosure.apply(ReportEngine.figures([round2024])) }
  static var comparison: PublishedComparison {
    Disclosure.apply(ComparisonEngine.figures(a: [round2023], b: [round2024]))
  }
  static var trend: PublishedTrend { try! TrendEngine.publish([round2025, round2023, round2024]) }

  static let extensions: [ReportFormat: String] = [.text: "txt", .json: "json", .csv: "csv", .html: "html", .md: "md"]

  @Test(arguments: ReportFormat.allCases) func report(_ format: ReportFormat) throws {
    try Golden.check(ReportRenderer.render(Self.report, as: format), "report.\(Self.extensions[format]!)")
  }

  @Test(arguments: ReportFormat.allCases) func compare(_ format: ReportFormat) throws {
    try Golden.check(
      ReportRenderer.render(Self.comparison, as: format, made: "2026-12-02"), "compare.\(Self.extensions[format]!)")
  }

  @Test(arguments: ReportFormat.allCases) func trend(_ format: ReportFormat) throws {
    try Golden.check(
      ReportRenderer.render(Self.trend, as: format, made: "2026-12-02"), "trend.\(Self.extensions[format]!)")
  }

  @Test func breakdownAndTerminalStyle() throws {
    let report = Disclosure.apply(ReportEngine.figures([Self.round2024], by: .problemGroup))
    try Golden.check(ReportRenderer.render(report, as: .text, style: .terminal), "report-by-problemGroup.ansi.txt")
    try Golden.check(ReportRenderer.render(report, as: .json), "report-by-problemGroup.json")
  }

  @Test func twoMunicipalities() throws {
    let other = B.generated(
      seed: 9, persons: 30, round: B.round(code: "4698", name: "Havnes", year: 2024, population: .init(total: 4_000)),
      firstID: 500)
    let report = Disclosure.apply(ReportEngine.figures([Self.round2024, other]))
    #expect(report.n == 94)
    #expect(report.municipalities.map(\.n) == [64, 30])
    try Golden.check(ReportRenderer.render(report, as: .md), "report-two-municipalities.md")
    try Golden.check(ReportRenderer.render(report, as: .json), "report-two-municipalities.json")
  }

  @Test func plainTextIsASCIIDecoratedAndColourless() {
    let text = ReportRenderer.render(Self.report, as: .text, style: .plain)
    #expect(!text.contains("\u{1B}"))
    #expect(!text.contains("█") && !text.contains("─"))
    #expect(text.contains("[G] Grønn"))
    let terminal = ReportRenderer.render(Self.report, as: .text, style: .terminal)
    #expect(terminal.contains("\u{1B}[30;42m G \u{1B}[0m"))
    #expect(terminal.contains("█"))
  }

  @Test func csvIsForNorwegianExcel() {
    let csv = ReportRenderer.render(Self.report, as: .csv)
    #expect(csv.hasPrefix("\u{FEFF}section;row;column;count;percent\r\n"))
    let lines = csv.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(lines.allSatisfy { $0.split(separator: ";", omittingEmptySubsequences: false).count == 5 })
    let published = Self.report.dimensions[.housing]![.red]!
    let expected =
      "dimensions;housing;red;\(published.count!);"
      + String(format: "%.2f", published.percent!).replacingOccurrences(of: ".", with: ",")
    #expect(lines.contains(expected))
  }

  @Test func htmlIsSelfContained() {
    for html in [
      ReportRenderer.render(Self.report, as: .html), ReportRenderer.render(Self.comparison, as: .html),
      ReportRenderer.render(Self.trend, as: .html),
    ] {
      #expect(html.hasPrefix("<!DOCTYPE html>"))
      // url(#...) refers to a pattern inside the page itself; any other url( would fetch something.
      #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
      #expect(!html.replacingOccurrences(of: "url(#", with: "").contains("url("))
      #expect(html.contains("@media print"))
      #expect(html.contains("bp-index/1"))
    }
    #expect(ReportRenderer.render(Self.trend, as: .html).contains("<svg"))
  }
}

enum Golden {
  static var updating: Bool { ProcessInfo.processInfo.environment["BRUKERPLAN_UPDATE_GOLDEN"] == "1" }

  /// The source-tree folder of the report golden files (for regenerating them).
  static func sourceURL(_ name: String, file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Golden/reports/\(name)")
  }

  static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if updating {
      let url = sourceURL(name)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url)
      return
    }
    // Bytes, not String(contentsOf:), which would drop the CSV's byte order mark.
    let bytes = try Data(contentsOf: Fixtures.url("reports/\(name)"))
    let expected = String(decoding: bytes, as: UTF8.self)
    if Data(actual.utf8) != bytes {
      let actualLines = actual.components(separatedBy: "\n")
      let expectedLines = expected.components(separatedBy: "\n")
      let first =
        actualLines.indices.first { $0 >= expectedLines.count || actualLines[$0] != expectedLines[$0] }
        ?? expectedLines.count - 1
      Issue.record(
        """
        \(name) differs from the golden file at line \(first + 1):
        expected: \(first < expectedLines.count ? expectedLines[first] : "<end>")
        actual:   \(first < actualLines.count ? actualLines[first] : "<end>")
        (BRUKERPLAN_UPDATE_GOLDEN=1 rewrites the golden files)
        """, sourceLocation: sourceLocation)
    }
  }
}
