import ArgumentParser
import BrukerPlanModel

/// The command line (spec section 12). With no subcommand the terminal UI opens.
@main
struct BrukerPlanCLI: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "brukerplan-tui",
    abstract: "BrukerPlan: map persons with substance and mental-health problems, and report on the rounds.",
    discussion: """
      Surveys are JSON files in a store folder (one folder per round). The national identity \
      number is validated and turned into a pseudonym; it is never stored.
      Exit codes: 0 success, 1 invalid data or a failed check, 2 wrong usage.
      """,
    subcommands: [
      TUICommand.self,
      ValidateCommand.self,
      InitCommand.self,
      NewRoundCommand.self,
      StatusCommand.self,
      CheckCommand.self,
      NotIncludedCommand.self,
      CloseRoundCommand.self,
      ReopenRoundCommand.self,
      ImportCommand.self,
      UndoImportCommand.self,
      ExportCommand.self,
      HistoryCommand.self,
      RestoreCommand.self,
      PruneHistoryCommand.self,
      GenerateCommand.self,
      ReportCommand.self,
      CompareCommand.self,
      TrendCommand.self,
      SurveyCommand.self,
      ServeCommand.self,
      AccessCommand.self,
      AuditCommand.self,
    ],
    defaultSubcommand: TUICommand.self
  )
}
