import ArgumentParser
import BrukerPlanModel
import Foundation

/// Exit codes of spec section 12: 0 success, 1 invalid data or a failed check, 2 wrong usage.
/// ArgumentParser reports usage errors with 64 (EX_USAGE); this entry point turns them into 2.
extension BrukerPlanCLI {
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        standardError(fullMessage(for: error))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}

/// Writes a line to stderr, where every error of the command line goes.
func standardError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Reports a problem with the data (exit code 1).
func failure(_ lines: [String]) -> ExitCode {
  for line in lines { standardError(line) }
  return ExitCode(1)
}

/// Today in the coordinator's calendar. BRUKERPLAN_TODAY=YYYY-MM-DD sets another day, for tests
/// and for rehearsing a round's deadline.
func today() throws -> ISODay {
  switch ISODay.fromEnvironment() {
  case nil: return ISODay(Date())
  case .success(let day)?: return day
  case .failure(let error)?: throw ValidationError(error.description)
  }
}

/// Asks a yes/no question on the terminal; false when standard input is not a terminal.
func confirm(_ question: String) -> Bool {
  guard isatty(STDIN_FILENO) == 1 else { return false }
  FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
  let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
  return ["y", "yes", "j", "ja"].contains(answer)
}

/// A round folder given on the command line, with every problem of its round.json named.
func loadRoundFolder(_ path: String, loader: SurveyLoader = SurveyLoader()) throws -> LoadedRound {
  do {
    return try loader.load(RoundFolder(path: path))
  } catch {
    throw failure([error.description])
  }
}
