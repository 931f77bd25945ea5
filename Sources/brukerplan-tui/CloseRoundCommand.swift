import ArgumentParser
import BrukerPlanModel
import Foundation

/// `close-round ROUND_DIR`: makes a round read-only after saying what is left undone.
struct CloseRoundCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "close-round",
    abstract: "Close a round: it becomes read-only everywhere and its opt-out list is deleted.",
    discussion: """
      Lists the drafts (they stay out of every report) and the open data-quality findings per \
      unit, then asks. --yes closes without asking (for scripts); without a terminal and without \
      --yes nothing is closed. The closing is written to the round's audit log with the reason.
      """
  )

  @Argument(help: "The round folder.")
  var round: String

  @Option(help: "Why the round is closed now (written to the audit log).")
  var reason: String?

  @Flag(help: "Close without asking.")
  var yes = false

  func run() throws {
    let folder = RoundFolder(path: round)
    let desk: RoundDesk
    do {
      desk = try RoundDesk.load(folder, today: try today())
    } catch {
      throw failure(["\(error)"])
    }
    guard desk.status == .open else { throw failure(["\(round): the round is already closed"]) }
    for row in desk.units where row.drafts + row.openWarnings + row.openErrors > 0 {
      print(
        "\(row.unit) (\(row.name)): \(row.drafts) draft(s), \(row.openErrors) open error(s), \(row.openWarnings) open warning(s)"
      )
    }
    let total = desk.total
    print(
      "\(desk.municipality) \(desk.year): \(total.complete) complete, \(total.drafts) draft(s) that will not be in any report, \(total.openErrors + total.openWarnings) open finding(s); \(desk.optOutList) opt-out(s) on the list, which is deleted."
    )
    if !yes {
      guard isatty(STDIN_FILENO) == 1 else {
        standardError("Not closed: give --yes to close without a terminal to ask on.")
        throw ExitCode(2)
      }
      guard confirm("Close the round? It becomes read-only for every unit.") else {
        print("Not closed.")
        return
      }
    }
    do {
      try folder.closeRound(reason: reason)
    } catch {
      throw failure(["\(error)"])
    }
    print("Closed \(round). Reopen with: brukerplan-tui reopen-round \(round) --reason TEXT")
  }
}

/// `reopen-round ROUND_DIR --reason TEXT`: opens a closed round for changes again.
struct ReopenRoundCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reopen-round",
    abstract: "Reopen a closed round for changes; the reason is written to the audit log.",
    discussion:
      "The opt-out list deleted at closing is not restored: opt-outs given before are no longer known to the other units."
  )

  @Argument(help: "The round folder.")
  var round: String

  @Option(help: "Why the round is reopened (required; written to the audit log).")
  var reason: String

  func validate() throws {
    guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw ValidationError("--reason must say why the round is reopened")
    }
  }

  func run() throws {
    do {
      try RoundFolder(path: round).reopenRound(reason: reason)
    } catch {
      throw failure(["\(error)"])
    }
    print("Reopened \(round).")
  }
}
