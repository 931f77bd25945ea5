import ArgumentParser
import BrukerPlanModel

/// `validate ROUND_DIR...`: every problem of every file, each naming file and field.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check round folders: round.json and every survey file, listing every problem.",
    discussion: "Exit code 0 when every file is valid, 1 when any problem was found."
  )

  @Argument(help: "One or more round folders (each holds round.json and surveys/).")
  var rounds: [String]

  func run() throws {
    var problemCount = 0
    for path in rounds {
      do {
        let folder = RoundFolder(path: path)
        let loaded = try SurveyLoader(useIndex: false).load(folder)
        for warning in folder.permissionWarnings() { print(warning) }
        for problem in loaded.invalid {
          print(problem.description)
          problemCount += problem.problems.count
        }
        for problem in auditProblems(folder.audit) {
          print(problem)
          problemCount += 1
        }
        let summary =
          "\(path): \(loaded.surveys.count) valid surveys (\(loaded.complete.count) complete, \(loaded.drafts.count) drafts), \(loaded.invalid.count) invalid files"
        print(summary)
      } catch {
        print(error.description)
        problemCount += error.problems.count
      }
    }
    if problemCount > 0 {
      print("\(problemCount) problem(s) found.")
      throw ExitCode(1)
    }
  }

  /// A broken hash chain (a line removed or edited) or a log that is not a regular file.
  func auditProblems(_ audit: AuditLog) -> [String] {
    do {
      return try audit.verify().map(\.description)
    } catch {
      return [error.description]
    }
  }
}
