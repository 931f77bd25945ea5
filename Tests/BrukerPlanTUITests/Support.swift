import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "brukerplan-tui-test-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A clock the test moves by hand.
final class TestClock {
  /// 2024-11-20T10:15:00Z.
  var now: Double = 753_790_500
}

/// Identity numbers from the reference vectors (spec section 5); valid, and never real persons.
enum Numbers {
  static let male1980 = "01018012371"
  static let female1975 = "15067543278"
  static let male1999 = "12039900112"
  static let dNumber1985 = "41018523459"
  static let under16 = "24081098731"
}

/// A small store built with the model's own APIs: a fixed key, one round, a few surveys.
struct FixtureStore {
  let folder = TemporaryFolder()
  let store: Store
  let roundFolder: RoundFolder
  let round: Round
  let clock = TestClock()

  static let round = Round(
    municipality: .init(code: "9901", name: "Testvik"), year: 2024,
    population: .init(total: 10_000, age16plus: 8_000, age18plus: 7_600), deadline: "2024-12-15",
    units: [
      .init(id: "nav", name: "NAV Testvik", kind: .nav), .init(id: "rus", name: "Rustjenesten", kind: .substance),
    ]
  )

  init(surveys: Bool = true) throws {
    let path = folder.path + "/store"
    // A fixed key, so pseudonyms (and golden screens) are the same on every run.
    try FileManager.default.createDirectory(
      atPath: path + "/.brukerplan", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let key = (0..<32).map { String(format: "%02x", $0) }.joined() + "\n"
    _ = FileManager.default.createFile(
      atPath: path + "/.brukerplan/key", contents: Data(key.utf8), attributes: [.posixPermissions: 0o600])
    chmod(path, 0o700)
    store = try Store.open(path)
    round = Self.round
    roundFolder = try store.createRound(round, folderName: "2024-testvik")
    var older = Self.round
    older.year = 2023
    older.status = .closed
    older.deadline = nil
    _ = try store.createRound(older, folderName: "2023-testvik")
    if surveys {
      let time = Date(timeIntervalSinceReferenceDate: clock.now - 86_400)
      try roundFolder.save(Self.complete(id: id(Numbers.female1975)), baseRevision: nil, round: round, now: time)
      var draft = Survey(id: id(Numbers.male1999))
      draft.unit = "rus"
      draft.birthYear = 1999
      draft.gender = .male
      draft.scores = [.substanceUse: .red, .housing: .red, .economy: .yellow]
      try roundFolder.save(draft, baseRevision: nil, round: round, now: time.addingTimeInterval(60))
    }
  }

  /// Where the report view writes its files in tests.
  var exportFolder: String { folder.path + "/exports" }

  func id(_ number: String) -> String { store.pseudonym(for: try! NationalIdentityNumber(number)) }

  static func complete(id: String) -> Survey {
    var survey = Survey(id: id)
    survey.unit = "nav"
    survey.status = .complete
    survey.birthYear = 1975
    survey.gender = .female
    survey.problemGroup = .substanceSevereMental
    for dimension in Dimension.allCases { survey.scores[dimension] = .yellow }
    survey.scores[.housing] = .red
    survey.substances = [.alcohol, .cannabis]
    survey.lar = false
    survey.plans = [.individualPlan]
    survey.children = Children(hasChildren: true, custody: false, contact: true, childWelfare: false)
    survey.activity = .noActivity
    survey.violence = .exposed
    survey.services = ["socialServices": ServiceAnswer(now: true, next12: true)]
    return survey
  }

  func runner(width: Int = 80, height: Int = 24, language: Language = .norwegian) -> AppRunner {
    let clock = self.clock
    try? FileManager.default.createDirectory(atPath: exportFolder, withIntermediateDirectories: true)
    return AppRunner(
      store: store, language: language, width: width, height: height, storeLabel: "/srv/brukerplan",
      exportFolder: exportFolder, clock: { clock.now })
  }

  func onDisk(_ id: String) throws -> [String: Any]? {
    let path = roundFolder.surveysPath + "/\(id).json"
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return try JSONSerialization.jsonObject(with: data) as? [String: Any]
  }
}

extension AppRunner {
  func type(_ script: String) {
    send(try! KeyScript.parse(script))
  }

  var text: String { screen.lines().joined(separator: "\n") }
}

/// Golden screens: Snapshots/<name>.txt. BRUKERPLAN_UPDATE_GOLDEN=1 writes them instead.
enum Golden {
  static func check(
    _ name: String, _ buffer: ScreenBuffer, styles: Bool = false, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    var text = buffer.lines().joined(separator: "\n") + "\n"
    if styles { text += "--- styles ---\n" + buffer.styleMap().joined(separator: "\n") + "\n" }
    let source = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent(
      "Snapshots/\(name).txt")
    if ProcessInfo.processInfo.environment["BRUKERPLAN_UPDATE_GOLDEN"] == "1" {
      try! Data(text.utf8).write(to: source)
      return
    }
    let bundled = Bundle.module.resourceURL!.appendingPathComponent("Snapshots/\(name).txt")
    guard let expected = try? String(contentsOf: bundled, encoding: .utf8) else {
      Issue.record(
        "missing golden Snapshots/\(name).txt; run with BRUKERPLAN_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
      return
    }
    #expect(text == expected, "screen \(name) differs from its golden file", sourceLocation: sourceLocation)
  }
}
