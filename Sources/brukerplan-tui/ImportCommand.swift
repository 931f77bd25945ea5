import ArgumentParser
import BrukerPlanModel

/// `import ROUND_DIR FILE.csv`: person-level CSV into a round, all or nothing (spec section 11).
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract:
      "Import persons from a CSV file into a round: every row is checked first, and nothing is written unless all are valid.",
    discussion: """
      One header row, one person per row; the delimiter (, or ;) is taken from the header; UTF-8 \
      with or without BOM; fields may be quoted. Columns: fnr (the 11-digit number, turned into the \
      person's id and then forgotten) or id, then unit, status, birthYear, gender, problemGroup, \
      scores.<dimension> for all eight, substances and plans (separated by spaces), lar, \
      children.hasChildren, children.custody, children.contact, children.childWelfare, activity, \
      violence, and services.<id>.now and services.<id>.next12 for the round's services (service \
      columns may be left out). Yes/no: true/false, ja/nei, yes/no, 1/0; empty means no.
      With an fnr column, an empty birthYear or gender is taken from the number. With an id \
      column, an empty id makes a new person with a random id ("r..."), who cannot be matched later.
      A person already in the round is updated with a new revision. Every problem is listed as \
      "line N, column C: what is wrong". Exit code 1 if anything is wrong.
      """
  )

  @Argument(help: "The round folder (holds round.json and surveys/).")
  var round: String

  @Argument(help: "The CSV file.")
  var file: String

  func run() throws {
    do {
      let summary = try SurveyCSV.importFile(file, into: RoundFolder(path: round))
      print(
        "Imported \(file) into \(round): \(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged."
      )
    } catch {
      let count = error.problems.count
      throw failure([error.description, "Nothing was imported: \(count) problem\(count == 1 ? "" : "s") in \(file)."])
    }
  }
}
