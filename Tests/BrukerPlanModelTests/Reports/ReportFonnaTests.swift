import Foundation
import Testing

@testable import BrukerPlanModel

/// Tables 70-73 of the first BrukerPlan mapping (Helse Fonna 2006, 669 persons) through the
/// report engine: every published whole percent is what our percent rounds to.
@Suite struct ReportFonnaTests {
  typealias B = ReportBuilders
  static let n = 669

  static func rounded(_ count: Int) -> Int { Int((100 * Double(count) / Double(n)).rounded()) }

  /// The smallest count whose percent rounds to `percent`.
  static func count(_ percent: Int) -> Int { (0...n).first { rounded($0) == percent }! }

  /// Green, yellow and red counts adding up to n whose percents round to the published three.
  static func split(_ green: Int, _ yellow: Int, _ red: Int) -> (Int, Int, Int) {
    for g in (0...n) where rounded(g) == green {
      for y in (0...(n - g)) where rounded(y) == yellow && rounded(n - g - y) == red { return (g, y, n - g - y) }
    }
    fatalError("no split for \(green)/\(yellow)/\(red)")
  }

  /// A round built from the published tables: the counts are solved from the percents.
  static func builtRound() throws -> ReportInput {
    let rows = try Fixtures.referenceRows("fonna-2006.csv")
    var persons = (0..<n).map { B.person($0, scores: "GGGGGGGG", plans: [], services: [:]) }
    for row in rows where row[0] == "70" {
      let dimension = Dimension(rawValue: row[1])!
      let (green, yellow, _) = split(Int(row[2])!, Int(row[3])!, Int(row[4])!)
      // Rotate who gets which level, so the dimensions are not all the same persons.
      let offset = Dimension.allCases.firstIndex(of: dimension)! * 83
      for position in 0..<n {
        let slot = (position + offset) % n
        persons[slot].scores[dimension] = position < green ? .green : position < green + yellow ? .yellow : .red
      }
    }
    for row in rows where row[0] == "71" {
      let plan = Plan(rawValue: row[1])!
      for position in 0..<count(Int(row[2])!) { persons[(position * 7) % n].plans!.append(plan) }
    }
    for row in rows where row[0] == "72" || row[0] == "73" {
      let now = count(Int(row[2])!)
      let next12 = now + Int((Double(Int(row[3])!) * Double(n) / 100).rounded())
      for position in 0..<max(now, next12) {
        persons[position].services[row[1]] = ServiceAnswer(now: position < now, next12: position < next12)
      }
    }
    return ReportInput(
      round: B.round(code: "HF01", name: "Helse Fonna", year: 2006, population: .init(total: 132_000)),
      surveys: persons)
  }

  static func checkTables(_ report: PublishedReport) throws {
    #expect(report.n == n)
    for row in try Fixtures.referenceRows("fonna-2006.csv") {
      switch row[0] {
      case "70":
        let cells = report.dimensions[Dimension(rawValue: row[1])!]!
        for (score, published) in zip(Score.allCases, row[2...4]) {
          #expect(cells[score]!.percent.map { Int($0.rounded()) } == Int(published), "table 70 \(row[1]) \(score)")
        }
      case "71":
        let cell = report.plans[Plan(rawValue: row[1])!]!
        #expect(cell.percent.map { Int($0.rounded()) } == Int(row[2]), "table 71 \(row[1])")
      default:
        let service = try #require(report.service(row[1]), "service \(row[1])")
        #expect(service.now.percent.map { Int($0.rounded()) } == Int(row[2]), "table \(row[0]) \(row[1]) now")
        #expect(service.growthPp.map { Int($0.rounded()) } == Int(row[3]), "table \(row[0]) \(row[1]) growth")
      }
    }
  }

  @Test func tables70To73ThroughTheEngine() throws {
    let report = Disclosure.apply(ReportEngine.figures([try Self.builtRound()]))
    try Self.checkTables(report)
    // The text report shows the numbers: housing 82 / 11 / 8 % as 1-decimal percents.
    let text = ReportRenderer.render(report, as: .text)
    let housing = try #require(text.components(separatedBy: "\n").first { $0.hasPrefix("Bosituasjon ") })
    let cells = report.dimensions[.housing]!
    for score in Score.allCases {
      #expect(housing.contains(Numbers.decimal(cells[score]!.percent!, 1)))
    }
  }
}
