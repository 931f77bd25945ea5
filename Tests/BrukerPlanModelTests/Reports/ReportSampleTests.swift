import Foundation
import Testing

@testable import BrukerPlanModel

/// The committed sample stores (SampleSurveys/, synthetic): Fonna 2006 against the published
/// tables, and compare / trend on Fjordvik 2023-2025.
@Suite struct ReportSampleTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleSurveys").path

  static func load(_ relativePath: String) throws -> LoadedRound {
    let loaded = try RoundFolder(path: "\(samples)/\(relativePath)").load()
    #expect(loaded.invalid.isEmpty, "\(loaded.invalid)")
    return loaded
  }

  @Test func fonna2006ReproducesTables70To73() throws {
    let fonna = try Self.load("fonna/2006-fonna")
    try ReportFonnaTests.checkTables(try ReportEngine.publish([fonna]))
    // The command shows them too (default k = 3 hides none of these cells).
    let result = try ReportCLITests.run(["report", "\(Self.samples)/fonna/2006-fonna", "--format", "text"])
    #expect(result.status == 0)
    let housing = try #require(result.stdout.components(separatedBy: "\n").first { $0.hasPrefix("Bosituasjon ") })
    let cells = try ReportEngine.publish([fonna]).dimensions[.housing]!
    #expect(housing.contains("\(cells[.green]!.count!)  \(Numbers.decimal(cells[.green]!.percent!, 1))"))
  }

  @Test func fjordvikCompareFollowsThePanel() throws {
    let a = try Self.load("fjordvik/2023")
    let b = try Self.load("fjordvik/2024")
    let comparison = Disclosure.apply(ComparisonEngine.figures(a: [ReportInput(a)], b: [ReportInput(b)]))
    let idsA = Set(a.complete.map(\.id))
    let panel = b.complete.filter { idsA.contains($0.id) }
    #expect(comparison.panel.n == panel.count)
    #expect(comparison.panel.n > 0)
    // The matrix adds up to the panel (where nothing is suppressed) and matches a direct count.
    let beforeByID = Dictionary(uniqueKeysWithValues: a.complete.map { ($0.id, $0) })
    var stayedRed = 0
    for person in panel where beforeByID[person.id]!.index == .red && person.index == .red { stayedRed += 1 }
    let cell = comparison.panel.index[.red]![.red]!
    #expect(cell.isSuppressed || cell.count == stayedRed)
    // Both sides equal the single-round reports.
    #expect(try comparison.a == ReportEngine.publish([a]))
    #expect(try comparison.b == ReportEngine.publish([b]))
    let json = try ReportCLITests.run([
      "compare", "\(Self.samples)/fjordvik/2023", "\(Self.samples)/fjordvik/2024", "--format", "json",
    ])
    #expect(json.status == 0)
    #expect(json.stdout == ReportRenderer.render(comparison, as: .json))
  }

  @Test func fjordvikTrendOverThreeYears() throws {
    let rounds = try ["2025", "2023", "2024"].map { try Self.load("fjordvik/\($0)") }
    let trend = try TrendEngine.publish(rounds.map(ReportInput.init))
    #expect(trend.years == [2023, 2024, 2025])
    #expect(trend.reports.map(\.n) == [rounds[1], rounds[2], rounds[0]].map { $0.complete.count })
    let red = try #require(trend.rows.first { $0.section == "index" && $0.key == "red" })
    #expect(red.values == trend.reports.map { $0.index[.red]! })
    let html = try ReportCLITests.run(
      ["trend"] + ["2023", "2024", "2025"].map { "\(Self.samples)/fjordvik/\($0)" } + ["--format", "html"])
    #expect(html.status == 0)
    // The index, one small chart per dimension and one per service of the three catalogues.
    #expect(html.stdout.components(separatedBy: "<svg class=\"chart").count - 1 == 1 + 8 + trend.services.count)
    #expect(html.stdout.components(separatedBy: "<figure class=\"multiple\">").count - 1 == 8 + trend.services.count)
  }
}
