import BrukerPlanModel
import Foundation

/// A generated store of one round (2025) with the units nav, rus, psyk and hjemme, in a fresh
/// temporary folder, and the access file of the tests: kari (nav), ola (rus), cora (coordinator),
/// ada (admin).
struct ServedStore {
  let path: String
  let store: Store
  let base: LocalStoreService
  static let round = "2025"

  init(persons: Int = 60, in parent: String = NSTemporaryDirectory(), users: [String: AccessGrant]? = nil) throws {
    path = parent + "/bp-served-" + UUID().uuidString.prefix(8)
    try SyntheticGenerator(seed: 12).generateStore(at: path, persons: persons, years: [2025])
    store = try Store.open(path, create: false)
    base = LocalStoreService(store: store)
    try AccessFile(users: users ?? Self.defaultUsers).save(store: path)
  }

  static let defaultUsers: [String: AccessGrant] = [
    "kari": AccessGrant(role: .caseworker, units: ["nav"]),
    "ola": AccessGrant(role: .caseworker, units: ["rus"]),
    "cora": AccessGrant(role: .coordinator),
    "ada": AccessGrant(role: .admin),
  ]

  func guarded(_ user: String) -> GuardedStoreService {
    GuardedStoreService(base: base, user: user, uid: 40_000, isOwner: false)
  }

  var surveysOnDisk: [Survey] { (try? RoundFolder(path: "\(path)/\(Self.round)").load().surveys) ?? [] }

  func surveys(of unit: String) -> [Survey] { surveysOnDisk.filter { $0.unit == unit } }

  var auditEntries: [AuditLog.Entry] {
    (try? RoundFolder(path: "\(path)/\(Self.round)").audit.read().entries) ?? []
  }

  var auditText: String { (try? String(contentsOfFile: "\(path)/\(Self.round)/audit.jsonl", encoding: .utf8)) ?? "" }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Valid fødselsnumre made here (real control digits, invented persons).
enum TestNumbers {
  /// The n-th valid number born on 1 March 1985.
  static func valid(_ n: Int) -> String {
    var found = 0
    for individual in 100...499 {
      let stem = String(format: "010385%03d", individual)
      let digits = stem.map { Int(String($0))! }
      guard let k1 = control(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]),
        let k2 = control(digits + [k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
      else { continue }
      if found == n { return stem + "\(k1)\(k2)" }
      found += 1
    }
    fatalError("not enough numbers")
  }

  static func control(_ digits: [Int], _ weights: [Int]) -> Int? {
    let r = 11 - zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
    return r == 11 ? 0 : r == 10 ? nil : r
  }
}
