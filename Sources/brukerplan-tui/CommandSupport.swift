import ArgumentParser
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
