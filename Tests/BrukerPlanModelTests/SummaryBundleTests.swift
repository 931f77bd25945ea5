import Foundation
import Testing

@testable import BrukerPlanModel

/// Survey summaries on the wire: every field back as it was sent, hostile text included, and a
/// damaged or lying list refused rather than half-read.
@Suite struct SummaryBundleTests {
  static let hostile: [SurveySummary] = [
    SurveySummary(
      id: "p\"},{\"id\":\"x\u{0}", revision: Int.max, updatedAt: "2025-11-02T10:00:00Z\u{202E}🙂\r\n",
      unit: "nav\"}\u{1B}[2J\\u0041 <script>", status: .complete, birthYear: 1975, gender: .female, index: .red,
      scored: 8),
    SurveySummary(id: "", revision: -5, updatedAt: "", unit: nil, status: .draft),
    SurveySummary(
      id: "rabcdefghijklmnop", revision: 1, updatedAt: "æøå ÆØÅ", unit: "", status: .draft, birthYear: -40,
      gender: .male, index: nil, scored: 3),
  ]

  @Test func summariesCrossTheWireAsTheyWere() throws {
    #expect(try SummaryBundle.summaries(in: SummaryBundle.data(Self.hostile)) == Self.hostile)
    #expect(try SummaryBundle.summaries(in: SummaryBundle.data([])) == [])
    // The same inside the envelope the server sends.
    let contents = RoundContents(
      name: "2025", round: Samples.round, surveys: Self.hostile, invalidCount: 2, recovery: [], answersVisible: false)
    let data = try JSONEncoder().encode(WireEnvelope(WireReply.round(contents)))
    guard case .round(let back) = try JSONDecoder().decode(WireEnvelope<WireReply>.self, from: data).body else {
      Issue.record("not a round")
      return
    }
    #expect(back == contents)
  }

  @Test func aDamagedOrLyingListIsRefused() {
    let whole = [UInt8](SummaryBundle.data(Self.hostile))
    // Cut anywhere: refused, never fewer summaries.
    for end in 0..<whole.count {
      #expect(throws: SummaryBundle.Damaged.self) { try SummaryBundle.summaries(in: Data(whole[..<end])) }
    }
    // Bytes after the last summary, a count beyond what follows, unknown flags or values.
    #expect(throws: SummaryBundle.Damaged.self) { try SummaryBundle.summaries(in: Data(whole + [0])) }
    var lying = whole
    lying[0] = 0x7F
    #expect(throws: SummaryBundle.Damaged.self) { try SummaryBundle.summaries(in: Data(lying)) }
    let one = [UInt8](
      SummaryBundle.data([SurveySummary(id: "p", revision: 1, updatedAt: "t", unit: nil, status: .draft)]))
    // count, id (2), revision, updatedAt (2), flags, gender, index, scored
    #expect(one == [1, 1, 112, 2, 1, 116, 0, 0, 0, 0])
    for (position, value) in [(6, UInt8(8)), (7, 99), (8, 99), (9, 9)] {
      var bad = one
      bad[position] = value
      #expect(throws: SummaryBundle.Damaged.self, "byte \(position) = \(value)") {
        try SummaryBundle.summaries(in: Data(bad))
      }
    }
    #expect(throws: SummaryBundle.Damaged.self) {
      try SummaryBundle.summaries(in: Data([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]))
    }
  }
}
