import Foundation

@testable import BrukerPlanModel

/// Files shipped with the tests (Golden/), and scratch folders that clean up after themselves.
enum Fixtures {
  static func url(_ relativePath: String) -> URL {
    Bundle.module.resourceURL!.appendingPathComponent("Golden").appendingPathComponent(relativePath)
  }

  static func text(_ relativePath: String) throws -> String {
    try String(contentsOf: url(relativePath), encoding: .utf8)
  }

  /// Data rows of a reference CSV: comment lines (#) skipped, fields split on commas outside quotes.
  static func referenceRows(_ name: String) throws -> [[String]] {
    try text("reference/\(name)").split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
      var fields: [String] = []
      var current = ""
      var quoted = false
      for character in line {
        if character == "\"" {
          quoted.toggle()
        } else if character == "," && !quoted {
          fields.append(current)
          current = ""
        } else {
          current.append(character)
        }
      }
      fields.append(current)
      return fields
    }
  }
}

/// A unique name for a temporary path, without digits: a UUID's digits and dashes can look like
/// an identity number written with dashes, which every output masks (a CI run failed so). The
/// digits 0-9 become the letters g-p, so the name stays as unique as the UUID.
func uniqueName() -> String {
  String(
    UUID().uuidString.map { character in
      guard let digit = character.wholeNumberValue else { return character }
      return Character(UnicodeScalar(UInt8(ascii: "g") + UInt8(digit)))
    })
}

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "brukerplan-test-" + uniqueName()
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}

enum Samples {
  static let round = Round(
    municipality: .init(code: "9901", name: "Testvik"), year: 2024,
    population: .init(total: 10_000, age16plus: 8_000, age18plus: 7_600),
    units: [
      .init(id: "nav", name: "NAV Testvik", kind: .nav), .init(id: "rus", name: "Rustjenesten", kind: .substance),
    ]
  )

  /// A complete, valid survey.
  static func complete(id: String = "paaaaaaaaaaaaaaaa") -> Survey {
    var survey = Survey(id: id)
    survey.unit = "nav"
    survey.status = .complete
    survey.birthYear = 1980
    survey.gender = .female
    survey.problemGroup = .substanceOnly
    for dimension in Dimension.allCases { survey.scores[dimension] = .yellow }
    survey.substances = [.alcohol]
    survey.lar = false
    survey.plans = [.individualPlan]
    survey.children = Children(hasChildren: false, custody: false, contact: false, childWelfare: false)
    survey.activity = .noActivity
    survey.violence = .noViolence
    survey.services = ["socialServices": ServiceAnswer(now: true, next12: true)]
    return survey
  }
}
