import ArgumentParser
import BrukerPlanModel

/// `compare A B`: two rounds side by side (spec section 10.2), A the earlier.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare an earlier round A with a later round B: shares, forecast check and the panel.",
    discussion: """
      Cross-section tables compare everyone mapped in each round (not the same persons); the \
      panel follows the persons whose id is complete in both rounds. The forecast check is made \
      twice: on the same persons (a 2x2 in persons: expected and got, expected and not got, not \
      expected and got, neither) and across the cross-sections (A's expected share against B's \
      current share, in persons and points). Flows count the persons followed, new in B and gone \
      since A; capacity ranks B's services by expected change in persons, with an estimate \
      calibrated by how A's expectation came true for the persons followed. Both sides are \
      suppressed as full reports first (--min-cell K, default 3); a change is empty when either \
      side is suppressed; tables of the persons followed are suppressed whole below K persons. \
      Formats as for report (csv: ";" delimiter, decimal comma, UTF-8 with BOM, CRLF).
      """
  )

  @Argument(help: "The earlier round folder (A).")
  var roundA: String

  @Argument(help: "The later round folder (B).")
  var roundB: String

  @OptionGroup var options: ReportOptions

  func run() throws {
    // One folder written two ways is refused before it is read twice; a copy of a round (another
    // folder, the same municipality and year) is refused by ComparisonEngine.publish.
    if let real = RoundInputs.realPath(roundA), real == RoundInputs.realPath(roundB) {
      ReportOutput.error("\(roundA) and \(roundB) are the same round; compare an earlier round with a later one")
      throw ExitCode(2)
    }
    let a = try RoundInputs.load([roundA], skipInvalid: options.skipInvalid)
    let b = try RoundInputs.load([roundB], skipInvalid: options.skipInvalid)
    if ComparisonEngine.earlierFirst(a, b).swapped {
      ReportOutput.error("Note: \(roundB) is the earlier round, so it is compared as A and \(roundA) as B.")
    }
    let published = try RoundInputs.usage { () throws(ReportScopeError) in
      try ComparisonEngine.publish(a: a, b: b, minCell: options.minCell)
    }
    try options.write { format, style in
      ReportRenderer.render(published, as: format, style: style, made: ReportOutput.today)
    }
  }
}
