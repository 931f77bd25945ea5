import ArgumentParser
import BrukerPlanModel

/// `trend R1 R2 R3 ...`: key shares of one municipality over the years.
struct TrendCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trend",
    abstract: "Key shares of one municipality over three or more rounds, ordered by year.",
    discussion: """
      Each round is its own cross-section, suppressed on its own (--min-cell K, default 3). \
      HTML draws line charts; every format has the table of shares per year.
      """
  )

  @Argument(help: "Three or more round folders of one municipality, in any order.")
  var rounds: [String]

  @Option(help: "Output format: text, json, csv, html or md.")
  var format: ReportFormat = .text

  @Option(name: .customLong("min-cell"), help: "Smallest count shown (k); 1 shows every count.")
  var minCell: Int = Disclosure.defaultMinCell

  @Option(name: .shortAndLong, help: "Write to this file (mode 0600) instead of standard output.")
  var output: String?

  @Flag(help: "Leave out survey files that cannot be read, and say how many were left out.")
  var skipInvalid = false

  func validate() throws {
    guard minCell >= 1 else { throw ValidationError("--min-cell must be 1 or more") }
    guard rounds.count >= 3 else { throw ValidationError("a trend needs three or more round folders") }
  }

  func run() throws {
    let inputs = try RoundInputs.load(rounds, skipInvalid: skipInvalid)
    let trend: PublishedTrend
    do {
      trend = try TrendEngine.publish(inputs, minCell: minCell)
    } catch {
      ReportOutput.error(error.description)
      throw ExitCode(1)
    }
    try ReportOutput.write(
      ReportRenderer.render(trend, as: format, style: ReportOutput.style(output: output)), to: output)
  }
}
