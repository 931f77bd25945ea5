import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a role may do besides the units it is granted (spec: caseworker, coordinator, admin).
public enum Role: String, Codable, CaseIterable, Hashable, Sendable {
  /// Lists, opens and saves the surveys of their units; registers persons into them.
  case caseworker
  /// The round desk and published reports; no person-level answers.
  case coordinator
  /// Rounds, units and access, the audit; no person-level answers beyond their own units.
  case admin
}

/// One OS user's rights.
public struct AccessGrant: Codable, Hashable, Sendable {
  public var role: Role
  /// Unit ids (as in round.json) whose surveys this user lists, opens and saves.
  public var units: [String]

  public init(role: Role, units: [String] = []) {
    self.role = role
    self.units = units
  }
}

/// A change made by `access grant|revoke`.
public enum AccessChange: Codable, Hashable, Sendable {
  /// Sets the user's role and adds these units to those they have.
  case grant(user: String, role: Role, units: [String])
  /// Removes these units, or the user altogether when `units` is empty.
  case revoke(user: String, units: [String])

  public var user: String {
    switch self {
    case .grant(let user, _, _), .revoke(let user, _): user
    }
  }
}

/// `<store>/.brukerplan/access.json`: OS user name → role and units.
public struct AccessFile: Codable, Hashable, Sendable {
  public static let format = "brukerplan-access/1"
  public var format = AccessFile.format
  public var users: [String: AccessGrant] = [:]

  public init(users: [String: AccessGrant] = [:]) { self.users = users }

  public static func path(store: String) -> String { "\(store)/\(Store.keyFolder)/access.json" }

  /// The file, or an empty one if there is none yet (nobody but the owner has access).
  public static func load(store: String) throws(FileSystem.Failure) -> AccessFile {
    let file = path(store: store)
    guard FileSystem.exists(file) else { return AccessFile() }
    let bytes = try FileSystem.readFile(file, limit: 4 << 20)
    let decoded: AccessFile
    do {
      decoded = try JSONDecoder().decode(AccessFile.self, from: Data(bytes))
    } catch {
      throw FileSystem.Failure(path: file, reason: "is not a readable access file (\(error))")
    }
    guard decoded.format == format else {
      throw FileSystem.Failure(path: file, reason: "has format \"\(decoded.format)\", expected \"\(format)\"")
    }
    return decoded
  }

  public func save(store: String) throws(FileSystem.Failure) {
    try FileSystem.makeFolder("\(store)/\(Store.keyFolder)")
    try FileSystem.writeAtomically(RoundFolder.encode(self), to: Self.path(store: store))
    StoreOwner.give("\(store)/\(Store.keyFolder)", Self.path(store: store), toOwnerOf: store)
  }

  /// The file after `change`; a user name must be an OS user name, a unit an id.
  public func applying(_ change: AccessChange) throws(StoreError) -> AccessFile {
    guard Self.isUserName(change.user) else {
      throw .invalid(
        path: "access.json", problems: [FieldProblem("user", "\"\(change.user.prefix(40))\" is not a user name")])
    }
    var next = self
    switch change {
    case .grant(let user, let role, let units):
      if let bad = units.first(where: { !Self.isUnitID($0) }) {
        throw .invalid(path: "access.json", problems: [FieldProblem("units", "\"\(bad.prefix(40))\" is not a unit id")])
      }
      var grant = users[user] ?? AccessGrant(role: role)
      grant.role = role
      for unit in units where !grant.units.contains(unit) { grant.units.append(unit) }
      next.users[user] = grant
    case .revoke(let user, let units):
      guard var grant = users[user] else { throw .notFound(path: "access.json: user \(user)") }
      if units.isEmpty {
        next.users[user] = nil
      } else {
        grant.units.removeAll { units.contains($0) }
        next.users[user] = grant
      }
    }
    return next
  }

  static func isUserName(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.count <= 64 && !name.hasPrefix("-")
      && name.unicodeScalars.allSatisfy {
        $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0))
      }
  }

  static func isUnitID(_ id: String) -> Bool {
    !id.isEmpty && id.count <= 64 && !id.contains("/") && !id.contains("\n")
  }
}

/// Root editing a served store (`access grant --store`) must leave files the service account
/// can still read and append to: each is given to the owner of the store folder.
enum StoreOwner {
  static func give(_ paths: String..., toOwnerOf store: String) {
    guard geteuid() == 0 else { return }
    var info = stat()
    guard stat(store, &info) == 0, info.st_uid != 0 else { return }
    for path in paths { lchown(path, info.st_uid, info.st_gid) }
  }
}
