import ArgumentParser
import BrukerPlanModel
import Foundation

/// `access grant|revoke|list`: who may do what in a served store (`.brukerplan/access.json`).
struct AccessCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "access",
    abstract: "Grant, revoke and list OS users' roles and units (admins, or root and the store's account locally).",
    discussion: """
      Roles: caseworker (lists, opens and saves the surveys of their units, registers persons into \
      them), coordinator (the round desk and published reports, no answers), admin (rounds, access, \
      the audit). Through --server only an admin may change access; on the store folder itself only \
      root or the account that owns it. Every change is written to <store>/.brukerplan/audit.jsonl.
      """,
    subcommands: [Grant.self, Revoke.self, List.self]
  )

  struct Target: ParsableArguments {
    @OptionGroup var choice: StoreChoice
    @Option(help: "The store folder, when not through --server.")
    var store: String?

    func open() throws -> any StoreService {
      if !choice.isServed, let store {
        var info = stat()
        if stat(store, &info) == 0, getuid() != 0, info.st_uid != getuid() {
          throw failure([
            "\(store): only root or the store's own account may change access here; others use --server as an admin"
          ])
        }
      }
      return try choice.open(store: store)
    }
  }

  struct Grant: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Give USER a role, and units to add to theirs.")
    @Argument(help: "The OS user name.") var user: String
    @Option(help: "caseworker, coordinator or admin.") var role: String
    @Option(name: .customLong("unit"), help: "A unit id of the rounds (repeat for several).") var units: [String] = []
    @OptionGroup var target: Target

    func run() throws {
      guard let role = Role(rawValue: role) else {
        throw ValidationError("--role must be caseworker, coordinator or admin")
      }
      if role == .caseworker && units.isEmpty {
        standardError("Note: \(user) has no unit yet and will see no surveys until given one (--unit).")
      }
      try AccessCommand.change(.grant(user: user, role: role, units: units), target)
    }
  }

  struct Revoke: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Take units from USER, or all access without --unit.")
    @Argument(help: "The OS user name.") var user: String
    @Option(name: .customLong("unit"), help: "A unit to take away (repeat for several).") var units: [String] = []
    @OptionGroup var target: Target

    func run() throws { try AccessCommand.change(.revoke(user: user, units: units), target) }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Every user with access, their role and units.")
    @OptionGroup var target: Target

    func run() throws {
      do {
        print(AccessCommand.table(try target.open().accessList()), terminator: "")
      } catch let error as StoreError {
        throw failure(error)
      }
    }
  }

  static func change(_ change: AccessChange, _ target: Target) throws {
    do {
      let service = try target.open()
      let file = try service.changeAccess(change)
      if !target.choice.isServed, let local = service as? LocalStoreService {
        try StoreAudit.log(store: local.store, user: AuditLog.osUser, change: change)
      }
      print(table(file), terminator: "")
    } catch let error as StoreError {
      throw failure(error)
    }
  }

  static func table(_ file: AccessFile) -> String {
    guard !file.users.isEmpty else { return "No user has access yet (see `access grant --help`).\n" }
    return file.users.keys.sorted().map { user in
      let grant = file.users[user]!
      let units = grant.units.isEmpty ? "-" : grant.units.joined(separator: ",")
      return "\(user)\t\(grant.role.rawValue)\t\(units)\n"
    }.joined()
  }
}
