import ArgumentParser
import BrukerPlanModel
import Foundation

/// `export ROUND_DIR [-o FILE]`: the round's persons as CSV, with ids and never an identity number.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export a round's persons as CSV (the columns of import, with id; never an identity number).",
    discussion: """
      The first line names the round (#brukerplan-round municipality=CODE year=YYYY), so that \
      import refuses the file in another round. --excel writes Norwegian Excel's dialect (; between \
      fields, UTF-8 with a byte order mark, CRLF line ends), which import reads back as it is. \
      Writes to standard output unless -o is given. Exit code 1 if the round holds an invalid survey file.
      """
  )

  @Argument(help: "The round folder.")
  var round: String

  @Option(name: .shortAndLong, help: "Write to this file (created readable by you only) instead of standard output.")
  var output: String?

  @Flag(help: "Excel's dialect: ; between fields, byte order mark, CRLF.")
  var excel = false

  @OptionGroup var choice: StoreChoice

  func run() throws {
    if choice.isServed { return try runServed() }
    let loaded: LoadedRound
    do {
      let folder = RoundFolder(path: round)
      loaded = try folder.loadFast()
      for warning in folder.permissionWarnings() { standardError(warning) }
    } catch {
      throw failure([error.description])
    }
    guard loaded.invalid.isEmpty else {
      throw failure(
        loaded.invalid.map(\.description) + ["Nothing was exported: fix the files above (see `validate`) first."])
    }
    let bytes = SurveyCSV.export(loaded.surveys, round: loaded.round, excel: excel)
    if let output {
      do {
        try FileSystem.writeOutput(bytes, to: output)
      } catch {
        throw failure([error.description])
      }
      standardError("Exported \(loaded.surveys.count) persons to \(output).")
    } else {
      FileHandle.standardOutput.write(Data(bytes))
    }
  }

  /// Through the server: only the surveys of this user's units, and the export is audited.
  func runServed() throws {
    let (service, name) = try choice.open(round: round)
    let exported: ExportedCSV
    do {
      exported = try service.exportCSV(round: name)
    } catch {
      throw failure(error)
    }
    guard let output else { return FileHandle.standardOutput.write(exported.bytes) }
    do {
      try FileSystem.writeAtomically(Array(exported.bytes), to: output)
    } catch {
      throw failure([error.description])
    }
    standardError("Exported \(exported.persons) persons to \(output).")
  }
}
