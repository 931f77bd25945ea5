import ArgumentParser
import BrukerPlanModel
import Foundation

/// `history ROUND_DIR ID`: every kept revision of one survey, and what changed at each.
struct HistoryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "List every revision of a survey: when, its status, and what changed from the one before.",
    discussion: """
      Every save, import, restore and delete keeps the revision it replaces in \
      <round>/.history/surveys/<id>.r<revision>.json (readable by you only). Bring one back with restore.
      """
  )

  @Argument(help: "The round folder.")
  var round: String

  @Argument(help: "The survey id (p… or r…).")
  var id: String

  func run() throws {
    do {
      let folder = RoundFolder(path: round)
      let loadedRound = try folder.loadRound()
      var revisions = try folder.history(of: id, round: loadedRound).map { ($0.revision, $0.survey, "kept") }
      if let current = try folder.loadSurvey(id, round: loadedRound) {
        revisions.append((current.revision, current, "current"))
      }
      guard !revisions.isEmpty else { throw failure(["\(round): no survey \(id) and no history of it"]) }
      var previous: Survey?
      for (revision, survey, state) in revisions {
        guard let survey else {
          print("revision \(revision): the kept file cannot be read")
          continue
        }
        print(
          "revision \(revision) (\(state)), \(survey.updatedAt), \(survey.status.rawValue), unit \(survey.unit ?? "-")")
        if let previous {
          let before = SurveyCSV.row(previous, round: loadedRound)
          let after = SurveyCSV.row(survey, round: loadedRound)
          let columns = SurveyCSV.columns(for: loadedRound)
          for index in columns.indices.dropFirst() where before[index] != after[index] {
            print(
              "  \(columns[index]): \(before[index].isEmpty ? "(empty)" : before[index]) → \(after[index].isEmpty ? "(empty)" : after[index])"
            )
          }
        }
        previous = survey
      }
    } catch let error as ExitCode {
      throw error
    } catch {
      throw failure(["\(error)"])
    }
  }
}

/// `restore ROUND_DIR ID REVISION`: a kept revision saved again as the newest one.
struct RestoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "restore",
    abstract: "Save a kept revision of a survey (see history) as its newest revision; nothing is lost.",
    discussion: "The revision it replaces is kept in turn. A deleted survey comes back."
  )

  @Argument(help: "The round folder.")
  var round: String

  @Argument(help: "The survey id.")
  var id: String

  @Argument(help: "The revision to bring back.")
  var revision: Int

  func run() throws {
    do {
      let folder = RoundFolder(path: round)
      let saved = try folder.restore(id, revision: revision, round: try folder.loadRound())
      print("Restored revision \(revision) of \(id) in \(round) as revision \(saved.revision).")
    } catch {
      throw failure(["\(error)"])
    }
  }
}

/// `undo-import ROUND_DIR BATCH`: puts back every survey one import changed.
struct UndoImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "undo-import",
    abstract: "Put back every survey one import changed: new persons removed, updated ones as they were.",
    discussion: """
      BATCH is the id import printed (also in <round>/.history/imports/). Refused, naming them, if \
      any of the import's surveys was changed after it. One transaction, like the import itself; \
      what it replaces is kept in the history.
      """
  )

  @Argument(help: "The round folder.")
  var round: String

  @Argument(help: "The import's batch id, such as 20261202-004512-k3f9.")
  var batch: String

  func run() throws {
    do {
      let record = try RoundFolder(path: round).undoImport(batch)
      let removed = record.changes.filter { $0.action == "delete" }.count
      print(
        "Undid import \(batch) in \(round): \(removed) persons removed, \(record.changes.count - removed) put back as they were."
      )
    } catch {
      throw failure(["\(error)"])
    }
  }
}

/// `prune-history ROUND_DIR --yes`: the coordinator removes a closed round's history.
struct PruneHistoryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prune-history",
    abstract: "Remove the kept revisions of a closed round (the coordinator's decision).",
    discussion: "Refused while the round is open, and without --yes."
  )

  @Argument(help: "The round folder.")
  var round: String

  @Flag(help: "Yes, remove them.")
  var yes = false

  func run() throws {
    guard yes else { throw failure(["Nothing was removed: add --yes to remove the history of \(round)."]) }
    do {
      let folder = RoundFolder(path: round)
      let removed = try folder.pruneHistory(round: try folder.loadRound())
      print("Removed \(removed) kept revisions from \(round).")
    } catch {
      throw failure(["\(error)"])
    }
  }
}

/// `init --store DIR`: a new store and its key, the explicit first step.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create a new store and its secret key (.brukerplan/key); back the key up.",
    discussion: """
      The key turns identity numbers into ids; without it the same person would get another id. \
      A key is made only here, by new-round in a store without rounds of persons by number, by \
      generate, or by the UI's first start on a new store; never in a store whose rounds hold \
      persons by number (restore the key from a backup instead).
      """
  )

  @Option(help: "The store folder.")
  var store: String

  func run() throws {
    let existed = FileSystem.exists("\(store)/.brukerplan/key")
    do {
      _ = try Store.open(store)
    } catch {
      throw failure(["\(error)"])
    }
    print(
      existed
        ? "\(store) already has its key."
        : "Created the store \(store) and its key \(store)/.brukerplan/key; back it up.")
  }
}
