import BrukerPlanModel
import Foundation

/// The cost of disclosure control with its audit (spec section 9, issue 11): `report --by unit`
/// of a small municipality (60 persons, generated in memory) and of the loaded 100,000-person
/// round of the bench store, each as figures alone and as figures + disclosure control + audit.
enum AuditBench {
  static func run(runs: Int = 11) throws {
    print("\nDisclosure control and audit, report --by unit (median of \(runs) runs):")
    let folder = NSTemporaryDirectory() + "brukerplan-audit-bench-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let small = try SyntheticGenerator(seed: 60).generateStore(at: folder, persons: 60, years: [2024])[0]
    try measure("60 persons", [ReportInput(try SurveyLoader().load(small))], runs: runs)
    let large = try SurveyLoader().load(try BenchData.rounds(persons: 100_000).later)
    try measure("100,000 persons", [ReportInput(large)], runs: max(3, runs / 3))
  }

  static func measure(_ label: String, _ inputs: [ReportInput], runs: Int) throws {
    func median(_ body: () throws -> Void) throws -> Double {
      var times: [Double] = []
      for _ in 0..<runs { times.append(try Timing.seconds { try body() }) }
      return times.sorted()[runs / 2]
    }
    let figures = try median { _ = ReportEngine.figures(inputs, by: .unit) }
    var report: PublishedReport?
    let published = try median { report = try ReportEngine.publish(inputs, by: .unit) }
    let audit = report!.audit
    print(
      String(
        format:
          "  %@: figures %.1f ms; + disclosure control and audit %.1f ms (%d suppressed counts audited, %d added by the audit, %d exposed)",
        label, figures * 1000, (published - figures) * 1000, audit.cellsAudited, audit.extraSuppressed, audit.exposed))
  }
}
