import BrukerPlanModel
import Testing

@testable import BrukerPlanTUI

/// A fødselsnummer typed into the survey list's filter is shown as bullets, like the number field.
@Suite struct FilterMaskTests {
  @Test func typedNumberInTheFilterIsMasked() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>/0410801234")
    #expect(!runner.text.contains("0410"), "\(runner.text)")
    #expect(runner.text.contains("••••••••••"))
    runner.type("5 nav")
    #expect(!runner.text.contains("04108012345"))
    #expect(runner.text.contains("••••••••••• nav"))
  }

  @Test func wordsWithLettersAreShownAsTyped() {
    #expect(TextSafety.maskingDigitWords("p2ab 12-345 nav1") == "p2ab ••-••• nav1")
  }

  /// The filter finds birth years, so a year of four digits stays readable.
  @Test func aBirthYearInTheFilterIsShown() throws {
    let fixture = try FixtureStore()
    let runner = fixture.runner()
    runner.type("<Enter>/1980")
    #expect(runner.text.contains("Filter: 1980_"), "\(runner.text)")
    #expect(TextSafety.maskingDigitWords("1980 kvinne") == "1980 kvinne")
  }
}
