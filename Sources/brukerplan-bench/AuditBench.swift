import BrukerPlanModel
import Foundation

/// The cost of disclosure control with its audit (spec section 9, issue 11): `report --by unit`
/// of a small municipality (60 persons, generated in memory) and of the loaded 100,000-person
/// round of the bench store, each as figures alone and as figures + disclosure control + audit.
enum AuditBench {
  static func run(runs: Int = 11) throws {
    print("\nDisclosure control and audit, report --by unit (fastest of \(runs) runs):")
    let folder = NSTemporaryDirectory() + "brukerplan-audit-bench-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let small = try SyntheticGenerator(seed: 60).generateStore(at: folder, persons: 60, years: [2024])[0]
    try measure("60 persons", [ReportInput(try SurveyLoader().load(small))], runs: runs)
    let large = try SurveyLoader().load(try BenchData.rounds(persons: 100_000).later)
    try measure("100,000 persons", [ReportInput(large)], runs: max(3, runs / 3))
  }

  static func measure(_ label: String, _ inputs: [ReportInput], runs: Int) throws {
    // Each run times the figures and then the whole publication; the cost of disclosure control
    // is the difference of the fastest of each (noise only adds time; a difference of two
    // medians came out negative at 100,000 persons, where the figures take far longer).
    var figures: [Double] = []
    var published: [Double] = []
    var report: PublishedReport?
    for _ in 0..<runs {
      let alone = Timing.seconds { _ = ReportEngine.figures(inputs, by: .unit) }
      figures.append(alone)
      published.append(try Timing.seconds { report = try ReportEngine.publish(inputs, by: .unit) })
    }
    let audit = report!.audit
    let cost = published.min()! - figures.min()!
    // The figures' own spread between their two fastest runs: a cost below it is not measured.
    let sorted = figures.sorted()
    let noise = sorted[1] - sorted[0]
    let costText =
      cost > noise
      ? String(format: "%.1f ms", cost * 1000) : String(format: "within the figures' noise (%.1f ms)", noise * 1000)
    print(
      String(
        format:
          "  %@: figures %.1f ms; + disclosure control and audit %@ (%d suppressed counts audited, %d added by the audit, %d exposed)",
        label, sorted[0] * 1000, costText, audit.cellsAudited, audit.extraSuppressed, audit.exposed))
  }
}
