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
    // Saving needs an open round (the store checks the status on disk): opened while it is
    // filled, closed again afterwards.
    open2023.status = .open
    try earlier.saveRound(open2023)
    defer {
      open2023.status = .closed
      try? earlier.saveRound(open2023)
    }
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
    #expect(text.split(separator: "\n").contains { $0.hasPrefix("   Personer kartlagt (N) ") && $0.hasSuffix(" 30") })
    for service in published.services where service.level == .municipal {
      let line = try #require(text.split(separator: "\n").first { $0.contains(service.label) })
      #expect(line.contains(Figures.cell(service.now, .norwegian)))
      #expect(line.contains(Figures.cell(service.next12, .norwegian)))
      #expect(line.contains(service.growthPp.map { Figures.signed($0, 1, .norwegian) } ?? ":"))
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
    #expect(text.contains("Panel: de samme personene i begge rundene (n = 20)"))
    let forecast = try #require(text.range(of: "Slo anslaget til?"))
    let forecastLines = text[forecast.upperBound...].split(separator: "\n")
    for check in comparison.forecast {
      let line = try #require(
        forecastLines.first { $0.contains(check.label) && $0.contains(Figures.cell(check.expected, .norwegian)) })
      #expect(line.contains(check.differencePp.map { Figures.signed($0, 1, .norwegian) } ?? ":"))
    }
  }

  @Test func substancesLarAndChildrenAreThePublishedFigures() throws {
    let fixture = try Self.fixture()
    let runner = fixture.runner(width: 120, height: 40)
    runner.type("<Enter>r")
    let published = try ReportEngine.publish([try fixture.roundFolder.load()])
    let lines = runner.documentText.split(separator: "\n").map(String.init)
    func line(_ label: String) throws -> String { try #require(lines.first { $0.hasPrefix("   " + label + " ") }) }
    /// The figure stands alone on the label's line (a bar may follow it).
    func shows(_ label: String, _ figure: String) throws -> Bool {
      let text = try line(label)
      return text.hasSuffix(" " + figure) || text.contains(" " + figure + "  ")
    }
    for substance in Substance.allCases {
      #expect(try shows(substance.label(.norwegian), Figures.cell(published.substances[substance], .norwegian)))
    }
    #expect(try shows("Alkohol", "30 (100,0 %)"))
    let mean = try #require(published.meanSubstancesPerPerson)
    #expect(try shows("Rusmidler per person (snitt)", Figures.decimal(mean, 2, .norwegian)))
    #expect(try shows("Rusmidler per person (snitt)", "2,00"))
    #expect(try shows("I LAR", Figures.cell(published.lar, .norwegian)))
    for key in ChildrenKey.allCases {
      #expect(try shows(key.label(.norwegian), Figures.cell(published.children[key], .norwegian)))
    }
    // The view scrolls down to the end: the notes, with the disclosure rule, are last.
    runner.type("<End>")
    #expect(runner.text.contains("Merknader"))
  }

  @Test func tinyReportIsSuppressed() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>r")
    #expect(runner.documentText.contains("Færre enn 3 personer er kartlagt"))
    let line = try #require(runner.documentText.split(separator: "\n").first { $0.contains("Sosialtjeneste") })
    #expect(!line.contains { $0.isNumber })
    #expect(line.filter { $0 == ":" }.count >= 4)
  }

  /// Every table, row and column label of the report command's document is in the UI's view,
  /// in both languages: the UI draws the model's document, it has no layout of its own.
  @Test(arguments: Language.allCases)
  func everySectionOfTheReportCommandIsInTheView(language: Language) throws {
    let fixture = try Self.fixture()
    let runner = fixture.runner(width: 120, height: 40, language: language)
    runner.type("<Enter>r")
    let text = runner.documentText
    let published = try ReportEngine.publish([try fixture.roundFolder.load()])
    let document = ReportDocument(report: published, language: language)
    var tables = 0
    for block in document.blocks {
      guard case .table(let table) = block else { continue }
      tables += 1
      #expect(text.contains(table.title))
      for row in table.rows { #expect(text.contains(row.label), "\(table.title): \(row.label)") }
      for column in table.columns where !column.label.isEmpty { #expect(text.contains(column.label)) }
    }
    #expect(tables >= 13)
    #expect(text.contains(language == .norwegian ? "Samlet indeks (bp-index/1)" : "Overall index (bp-index/1)"))
    #expect(text.contains(language == .norwegian ? "Kjønn" : "Gender"))
    #expect(!text.contains(language == .norwegian ? "Persons mapped" : "Personer kartlagt"))
  }

  /// "w" then a format writes the report command's own rendering of the figures to a file and
  /// says where; a second export does not overwrite the first.
  @Test func reportViewWritesTheReportToAFile() throws {
    let fixture = try Self.fixture()
    let runner = fixture.runner(width: 120, height: 40)
    runner.type("<Enter>rwc")
    let path = fixture.exportFolder + "/rapport-testvik-2024.csv"
    let published = try ReportEngine.publish([try fixture.roundFolder.load()])
    #expect(FileManager.default.contents(atPath: path) == Data(ReportRenderer.render(published, as: .csv).utf8))
    #expect(runner.text.contains("Skrevet til " + path))
    runner.type("wh")
    #expect(FileManager.default.fileExists(atPath: fixture.exportFolder + "/rapport-testvik-2024.html"))
    runner.type("wc")
    #expect(FileManager.default.fileExists(atPath: fixture.exportFolder + "/rapport-testvik-2024-2.csv"))
    runner.type("c<Enter>wt")
    let comparison = fixture.exportFolder + "/sammenligning-testvik-2023-testvik-2024.txt"
    #expect(FileManager.default.fileExists(atPath: comparison))
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
