import Foundation
import Testing

@testable import BrukerPlanModel

/// The CSV import trims cells natively; it must trim exactly what Foundation's .whitespaces does.
@Suite struct TrimmingSpacesTests {
  @Test func sameAsFoundation() {
    let pieces = [
      "", " ", "\t", "\u{A0}", "\u{2003}", "\u{3000}", "\n", "\r", "\u{2028}", "a", "æ", "ja", "e\u{301}", "\u{301}",
      "😀",
      "x y", "\u{200B}", "\u{FEFF}",
    ]
    var random = SeededGenerator(seed: 4)
    for _ in 0..<5000 {
      let text = (0..<Int.random(in: 0...5, using: &random)).map { _ in random.pick(pieces) }.joined()
      #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
    }
  }
}
