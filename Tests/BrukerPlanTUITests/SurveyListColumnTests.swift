import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// The surveys list keeps its columns apart whatever the label: "Blålys" and "Blue light" are the
/// longest index labels, and they must not run into the "scored" column.
@Suite struct SurveyListColumnTests {
  /// A fixture with one complete survey of each index category besides the usual two.
  static func fixture() throws -> FixtureStore {
    let fixture = try FixtureStore()
    let categories: [(IndexCategory, [Score])] = [
      (.blueLight, [.red, .red, .red, .red, .red, .green, .green, .green]),
      (.green, [.green, .green, .green, .green, .green, .green, .yellow, .yellow]),
      (.yellow, [.yellow, .yellow, .yellow, .green, .green, .green, .green, .green]),
    ]
    for (n, (category, scores)) in categories.enumerated() {
      var survey = FixtureStore.complete(id: "pblue" + ["a", "b", "c"][n] + String(repeating: "a", count: 11))
      survey.unit = "rus"
      for (dimension, score) in zip(Dimension.allCases, scores) { survey.scores[dimension] = score }
      #expect(survey.index == category)
      try fixture.roundFolder.save(
        survey, baseRevision: nil, round: fixture.round,
        now: Date(timeIntervalSinceReferenceDate: fixture.clock.now - Double(3_600 * (n + 1))))
    }
    return fixture
  }

  @Test(arguments: [(80, 24), (120, 40)], [Language.norwegian, .english])
  func indexLabelsDoNotRunIntoTheNextColumn(size: (Int, Int), language: Language) throws {
    let fixture = try Self.fixture()
    let runner = fixture.runner(width: size.0, height: size.1, language: language)
    runner.type("<Enter>")
    let lines = runner.screen.lines()
    let header = lines[2]
    let scoredHeader = Strings(language).scored
    let column = try #require(header.range(of: scoredHeader)).lowerBound
    let offset = header.distance(from: header.startIndex, to: column)
    var rows = 0
    for line in lines[3...] where line.contains("/8") {
      let characters = Array(line)
      // The scored figure starts exactly under its header, with a space before it.
      #expect(characters[offset - 1] == " ", "no space before the scored column in: \(line)")
      #expect(characters[offset].isNumber, "scored column misaligned in: \(line)")
      rows += 1
    }
    #expect(rows == 5)
    #expect(runner.text.contains(IndexCategory.blueLight.label(language)))
    let suffix = language == .english ? "-english" : ""
    Golden.check("surveys-index-labels\(suffix)-\(size.0)x\(size.1)", runner.screen)
  }
}
