import ArgumentParser
import BrukerPlanModel
import Foundation

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
      columns may be left out: a new person then has none of them, a known person keeps the answers \
      the file leaves out). Yes/no: true/false, ja/nei, yes/no, 1/0; empty means no.
      With an fnr column, an empty birthYear or gender is taken from the number. With an id \
      column, an empty id makes a new person with an "r" id, the same on a rerun of the same file.
      An export's first line names its round (#brukerplan-round municipality=CODE year=YYYY); a \
      file of another round is refused unless --other-round is given. A file without the line (older \
      exports, hand-made files) is imported as it is.
      A person already in the round is updated with a new revision, and the revision replaced is \
      kept (see history). An import that would update persons shows every change and asks first; \
      --yes answers for scripts; without a terminal to ask on, it is refused. --dry-run shows the \
      whole result and writes nothing. The import is one transaction: killed at any moment, the \
      next command that opens the round finishes or rolls it back. It prints its batch id, which \
      undo-import takes. Every problem is listed as "line N, column C: what is wrong". Exit code 1 \
      if anything is wrong or the import was not confirmed.
      """
  )

  @Argument(help: "The round folder (holds round.json and surveys/).")
  var round: String

  @Argument(help: "The CSV file.")
  var file: String

  @Flag(help: "Apply updates to persons already in the round without asking.")
  var yes = false

  @Flag(help: "Show everything the import would do; write nothing.")
  var dryRun = false

  @Flag(help: "Import an export of another round (another municipality or year).")
  var otherRound = false

  func run() throws {
    let folder = RoundFolder(path: round)
    var options = SurveyCSV.ImportOptions(allowOtherRound: otherRound, updatesConfirmed: yes)
    if dryRun {
      let plan = try refusing { () throws(SurveyCSV.ImportFailure) in
        try SurveyCSV.plan(file, into: folder, options: options)
      }
      print("Dry run of \(file) into \(round): \(counts(plan)).")
      for line in plan.describe(listCreated: true) { print(line) }
      print("Nothing was written (dry run).")
      return
    }
    do {
      let (plan, batch) = try SurveyCSV.run(file, into: folder, options: options)
      report(plan, batch)
    } catch {
      guard let plan = error.unconfirmed else { throw refusal(error) }
      standardError("\(file) would update \(plan.updated.count) persons already in \(round) (\(counts(plan))):")
      for line in plan.describe(limit: 20) { standardError(line) }
      guard confirmed(plan.updated.count) else {
        throw failure([
          "Nothing was imported: \(plan.updated.count) persons would be updated. Check the changes above, then run again with --yes (or --dry-run to see every change)."
        ])
      }
      options.updatesConfirmed = true
      let batch = try refusing { () throws(SurveyCSV.ImportFailure) in
        try SurveyCSV.apply(plan, into: folder, options: options)
      }
      report(plan, batch)
    }
  }

  func counts(_ plan: ImportPlan) -> String {
    "\(plan.created.count) new, \(plan.updated.count) updated, \(plan.unchanged) unchanged"
  }

  func report(_ plan: ImportPlan, _ batch: ImportBatch?) {
    let summary = plan.summary
    let undo = batch.map { " Batch \($0.batch); undo with: brukerplan-tui undo-import \(round) \($0.batch)" } ?? ""
    print(
      "Imported \(file) into \(round): \(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged.\(undo)"
    )
  }

  func refusal(_ error: SurveyCSV.ImportFailure) -> ExitCode {
    let count = error.problems.count
    return failure([error.description, "Nothing was imported: \(count) problem\(count == 1 ? "" : "s") in \(file)."])
  }

  func refusing<T>(_ body: () throws(SurveyCSV.ImportFailure) -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw refusal(error)
    }
  }

  /// Asks on the terminal; without one (a script, a pipe) the answer is no.
  func confirmed(_ updates: Int) -> Bool {
    guard isatty(STDIN_FILENO) == 1 else {
      standardError("No terminal to ask on.")
      return false
    }
    FileHandle.standardError.write(Data("Update \(updates) persons? Type yes to go on: ".utf8))
    let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
    return ["yes", "y", "ja", "j"].contains(answer)
  }
}
