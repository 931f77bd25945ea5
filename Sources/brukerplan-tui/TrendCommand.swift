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

  @OptionGroup var options: ReportOptions

  func validate() throws {
    guard rounds.count >= 3 else { throw ValidationError("a trend needs three or more round folders") }
  }

  func run() throws {
    let inputs = try RoundInputs.load(rounds, skipInvalid: options.skipInvalid)
    let trend: PublishedTrend
    do {
      trend = try TrendEngine.publish(inputs, minCell: options.minCell)
    } catch {
      ReportOutput.error(error.description)
      throw ExitCode(1)
    }
    try options.write { format, style in
      ReportRenderer.render(trend, as: format, style: style, made: ReportOutput.today)
    }
  }
}
