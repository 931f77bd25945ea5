import ArgumentParser
import BrukerPlanModel
import Foundation

/// `audit ROUND_DIR [--user U] [--survey ID]`: who has seen or changed what, with the real OS user.
struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Who has listed, opened, searched, saved, deleted, exported or reported what in a round.",
    discussion: """
      One line per access: time, OS user, action, survey id, revision, detail. With --survey, the \
      last line says who has seen that person's survey. Through --server, for admins only.
      """
  )

  @Argument(help: "The round folder (its folder name through --server).")
  var round: String

  @Option(help: "Only this OS user's accesses.")
  var user: String?

  @Option(help: "Only the accesses to this survey id.")
  var survey: String?

  @OptionGroup var choice: StoreChoice

  func run() throws {
    let entries: [AuditLog.Entry]
    do {
      let (service, name) = try choice.open(round: round)
      entries = try service.audit(round: name, user: user, survey: survey)
    } catch let error as StoreError {
      throw failure(error)
    }
    for entry in entries {
      let id = entry.id.isEmpty ? "-" : entry.id
      print(
        [entry.time, entry.user, entry.action, id, String(entry.revision), entry.detail ?? ""].joined(separator: "\t"))
    }
    if let survey {
      let seen = Self.seenBy(entries.filter { $0.id == survey })
      print(seen.isEmpty ? "Nobody has opened or saved \(survey)." : "Seen by: \(seen.joined(separator: ", "))")
    }
  }

  /// Users who opened, saved, deleted or found the survey (a refused attempt is not seeing it).
  static func seenBy(_ entries: [AuditLog.Entry]) -> [String] {
    let seeing: Set<String> = ["open", "create", "update", "delete", "recovery", "search"]
    var users: [String] = []
    for entry in entries where seeing.contains(entry.action) && !users.contains(entry.user) {
      if entry.action == "search", entry.detail?.hasPrefix("registered elsewhere") == true { continue }
      users.append(entry.user)
    }
    return users
  }
}
