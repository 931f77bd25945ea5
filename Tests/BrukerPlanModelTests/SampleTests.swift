import Foundation
import Testing

@testable import BrukerPlanModel

/// The committed sample stores, found from this file's path.
enum SampleStores {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  static var root: String { packageRoot + "/SampleSurveys" }

  /// A private copy of a sample store: git does not keep mode 0600, and the store refuses a key
  /// that others can read, so the copy gets owner-only modes as `make run` does.
  static func copy(_ name: String, into folder: TemporaryFolder) throws -> String {
    let target = folder.path + "/" + name
    try FileManager.default.copyItem(atPath: root + "/" + name, toPath: target)
    chmod(target + "/.brukerplan/key", 0o600)
    return target
  }

  /// Every regular file under `path` (hidden ones included) with its bytes, by relative path.
  /// Files that are derived from the data and may appear beside it when another test or a user
  /// reads the committed samples (the round index, the lock of a save); they are not sample data.
  static let derivedNames: Set<String> = [".brukerplan-index", ".lock"]

  static func files(_ path: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let enumerator = try #require(FileManager.default.enumerator(atPath: path))
    while let relative = enumerator.nextObject() as? String {
      if derivedNames.contains(Paths.name(of: relative)) { continue }
      var isFolder: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: path + "/" + relative, isDirectory: &isFolder)
      if !isFolder.boolValue { result[relative] = try Data(contentsOf: URL(fileURLWithPath: path + "/" + relative)) }
    }
    return result
  }
}

@Suite struct SampleTests {
  @Test func fonnaSampleGivesThePublishedPercents() throws {
    let folder = TemporaryFolder()
    let store = try SampleStores.copy("fonna", into: folder)
    let loaded = try RoundFolder(path: store + "/2006-fonna").load()
    #expect(loaded.invalid.isEmpty)
    #expect(loaded.surveys.count == 669 && loaded.complete.count == 669)
    #expect(loaded.round.services?.count == 18)
    #expect(loaded.round.municipality.name == "Helse Fonna" && loaded.round.year == 2006)
    let surveys = loaded.complete
    func percent(_ count: Int) -> Int { Int((Double(count) * 100 / 669).rounded()) }

    let rows = try Fixtures.referenceRows("fonna-2006.csv")
    #expect(rows.count == 8 + 3 + 18)
    for row in rows {
      switch row[0] {
      case "70":
        let dimension = try #require(Dimension(rawValue: row[1]))
        let counts = Score.allCases.map { score in surveys.filter { $0.scores[dimension] == score }.count }
        #expect(counts.map(percent) == row[2...4].map { Int($0)! }, "table 70, \(row[1])")
      case "71":
        let plan = try #require(Plan(rawValue: row[1]))
        #expect(
          percent(surveys.filter { $0.plans?.contains(plan) == true }.count) == Int(row[2])!, "table 71, \(row[1])")
      default:
        let now = surveys.filter { $0.answer(row[1]).now }.count
        let next = surveys.filter { $0.answer(row[1]).next12 }.count
        #expect(loaded.round.catalogue.contains(row[1]))
        #expect(percent(now) == Int(row[2])!, "table \(row[0]), \(row[1]) now")
        #expect(percent(next - now) == Int(row[3])!, "table \(row[0]), \(row[1]) growth")
        #expect(percent(next) - percent(now) == Int(row[3])!, "table \(row[0]), \(row[1]) growth of rounded shares")
      }
    }
  }

  @Test func fonnaSampleIsReproducible() throws {
    let folder = TemporaryFolder()
    try FonnaSample.generateStore(at: folder.path + "/fonna")
    let made = try SampleStores.files(folder.path + "/fonna")
    let committed = try SampleStores.files(SampleStores.root + "/fonna")
    #expect(made.count == 669 + 2)
    #expect(made.keys.sorted() == committed.keys.sorted())
    #expect(made == committed)
  }

  @Test func fjordvikSampleIsReproducibleAndFollowsPersons() throws {
    let folder = TemporaryFolder()
    var options = SyntheticGenerator.Options()
    options.populationTotal = 38_000
    try SyntheticGenerator(seed: 2025, options: options)
      .generateStore(at: folder.path + "/fjordvik", persons: 400, years: [2023, 2024, 2025], keyFromSeed: true)
    let made = try SampleStores.files(folder.path + "/fjordvik")
    #expect(made == (try SampleStores.files(SampleStores.root + "/fjordvik")))

    let copyFolder = TemporaryFolder()
    let store = try SampleStores.copy("fjordvik", into: copyFolder)
    let rounds = try Store.open(store).roundFolders().map { try $0.load() }
    #expect(rounds.map(\.round.year) == [2023, 2024, 2025])
    for loaded in rounds {
      #expect(loaded.invalid.isEmpty)
      #expect((300...500).contains(loaded.surveys.count))
      #expect((1...20).contains(loaded.drafts.count))
      #expect(loaded.round.units.count >= 3 && loaded.round.population?.total == 38_000)
    }
    let followed = Set(rounds[0].surveys.map(\.id)).intersection(rounds[1].surveys.map(\.id))
    #expect(followed.count > 250)
  }
}
