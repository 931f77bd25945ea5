import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// The report and compare views show the report engine's published figures, nothing else.
@Suite struct ReportViewTests {
  /// Two rounds with enough persons that most cells are published; some persons are in both.
  static func fixture() throws -> FixtureStore {
    let fixture = try FixtureStore(surveys: false)
    let earlier = RoundFolder(path: fixture.store.path + "/2023-testvik")
    var open2023 = try earlier.loadRound()
    // Saving needs an open round; the 2023 round on disk stays closed.
    open2023.status = .open
    for n in 0..<30 {
      let id = "p" + String(repeating: "a", count: 14) + Base32.encode([UInt8(n)]).prefix(2)
      try fixture.roundFolder.save(
        survey(id: id, n: n, shift: 0), baseRevision: nil, round: fixture.round,
        now: Date(timeIntervalSinceReferenceDate: fixture.clock.now))
      if n % 3 != 0 {
        try earlier.save(
          survey(id: id, n: n, shift: 1), baseRevision: nil, round: open2023,
          now: Date(timeIntervalSinceReferenceDate: fixture.clock.now))
      }
    }
    return fixture
  }

  static func survey(id: String, n: Int, shift: Int) -> Survey {
    var survey = FixtureStore.complete(id: id)
    let scores = Score.allCases
    for (position, dimension) in Dimension.allCases.enumerated() {
      survey.scores[dimension] = scores[(n * (position + 1) + n / 3 + shift * (n % 2)) % 3]
    }
    survey.gender = n % 2 == 0 ? .female : .male
    survey.unit = n % 4 == 0 ? "rus" : "nav"
    survey.birthYear = 1950 + n
    survey.lar = n % 5 == 0
    survey.plans = n % 3 == 0 ? [] : [.individualPlan, .responsibilityGroup]
    survey.services = [
      "socialServices": ServiceAnswer(now: n % 2 == 0, next12: n % 3 != 0),
      "temporaryHousing": ServiceAnswer(now: n % 7 == 0, next12: n % 4 == 0),
      "outpatientSubstance": ServiceAnswer(now: n % 3 == 0, next12: true),
    ]
    return survey
  }

  @Test(arguments: [(80, 24), (120, 40)])
  func reportAndCompareGoldens(width: Int, height: Int) throws {
    let fixture = try Self.fixture()
    let runner = fixture.runner(width: width, height: height)
    runner.type("<Enter>r")
    Golden.check("report-\(width)x\(height)", runner.screen, styles: width == 80)
    runner.type("<PgDn>")
    Golden.check("report-page2-\(width)x\(height)", runner.screen)
    runner.type("<End>")
    Golden.check("report-end-\(width)x\(height)", runner.screen)
    runner.type("c")
    Golden.check("compare-pick-\(width)x\(height)", runner.screen)
    runner.type("<Enter>")
    Golden.check("compare-\(width)x\(height)", runner.screen)
    runner.type("<End>")
    Golden.check("compare-end-\(width)x\(height)", runner.screen)
  }

  @Test func reportShowsTheEnginesPublishedFigures() throws {
    let fixture = try Self.fixture()
    let runner = fixture.runner(width: 120, height: 40)
    runner.type("<Enter>r")
    let published = try ReportEngine.publish([try fixture.roundFolder.load()])
    #expect(published.n == 30)
    var text = runner.documentText
    #expect(text.contains("Personer kartlagt (N)             30"))
    for service in published.services where service.level == .municipal {
      let line = try #require(text.split(separator: "\n").first { $0.contains(service.label) })
      #expect(line.contains(Figures.cell(service.now, .norwegian)))
      #expect(line.contains(Figures.cell(service.next12, .norwegian)))
      #expect(line.contains(Figures.points(service.growthPp, .norwegian)))
    }
    // Suppressed cells show as ":" exactly where the engine suppressed them.
    let housing = try #require(published.service("temporaryHousing"))
    #expect(housing.now.isSuppressed == false)
    for category in IndexCategory.allCases {
      #expect(text.contains(Figures.cell(published.index[category], .norwegian)))
    }
    runner.type("c<Enter>")
    text = runner.documentText
    let comparison = try ComparisonEngine.publish(
      a: try RoundFolder(path: fixture.store.path + "/2023-testvik").load(), b: try fixture.roundFolder.load())
    #expect(comparison.panel.n == 20)
    #expect(text.contains("Panel: personer i begge rundene (n = 20)"))
    for check in comparison.forecast {
      let line = try #require(
        text.split(separator: "\n").first {
          $0.contains(check.label) && $0.contains("pp") && $0.contains(Figures.cell(check.expected, .norwegian))
        })
      #expect(line.contains(Figures.points(check.differencePp, .norwegian)))
    }
  }

  @Test func substancesLarAndChildrenAreThePublishedFigures() throws {
    let fixture = try Self.fixture()
    let runner = fixture.runner(width: 120, height: 40)
    runner.type("<Enter>r")
    let published = try ReportEngine.publish([try fixture.roundFolder.load()])
    let lines = runner.documentText.split(separator: "\n").map(String.init)
    func line(_ label: String) throws -> String { try #require(lines.first { $0.hasPrefix("   " + label + " ") }) }
    for substance in Substance.allCases {
      #expect(
        try line(substance.label(.norwegian)).hasSuffix(" " + Figures.cell(published.substances[substance], .norwegian))
      )
    }
    #expect(try line("Alkohol").hasSuffix(" 30 (100,0 %)"))
    let mean = try #require(published.meanSubstancesPerPerson)
    #expect(try line("Rusmidler per person (snitt)").hasSuffix(" " + Figures.decimal(mean, 2, .norwegian)))
    #expect(try line("Rusmidler per person (snitt)").hasSuffix(" 2,00"))
    #expect(try line("I LAR-behandling").hasSuffix(" " + Figures.cell(published.lar, .norwegian)))
    for key in ChildrenKey.allCases {
      #expect(try line(key.label(.norwegian)).hasSuffix(" " + Figures.cell(published.children[key], .norwegian)))
    }
    // The view scrolls down to them: the last page ends with the children and the note.
    runner.type("<End>")
    #expect(runner.text.contains("Barnevernet er involvert"))
  }

  @Test func tinyReportIsSuppressed() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>r")
    #expect(runner.documentText.contains("Færre enn 3 personer er kartlagt"))
    let line = try #require(runner.documentText.split(separator: "\n").first { $0.contains("Sosialtjeneste") })
    #expect(!line.contains { $0.isNumber })
    #expect(line.filter { $0 == ":" }.count == 4)
  }

  @Test func figuresAreRoundedHalfUpWithADecimalComma() {
    #expect(Figures.decimal(56.25, 1, .norwegian) == "56,3")
    #expect(Figures.decimal(2.95, 1, .english) == "3.0")
    #expect(Figures.points(-0.04, .norwegian) == "0,0 pp")
    #expect(Figures.points(4.06, .norwegian) == "+4,1 pp")
    #expect(Figures.cell(.suppressed, .norwegian) == ":")
  }
}

extension AppRunner {
  /// Every line of the report or compare document, not only the visible page.
  var documentText: String {
    state.documentLines.map { $0.pieces.map(\.text).joined() }.joined(separator: "\n")
  }
}
