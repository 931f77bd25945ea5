import BrukerPlanModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Benchmark stores, generated once and kept outside git (`$BRUKERPLAN_BENCH_DATA`, else
/// `.build-benchdata/` in the current folder).
enum BenchData {
  static var root: String {
    ProcessInfo.processInfo.environment["BRUKERPLAN_BENCH_DATA"]
      ?? FileManager.default.currentDirectoryPath + "/.build-benchdata"
  }

  /// A store with one round of `persons` surveys, made on first use.
  static func round(persons: Int) throws -> RoundFolder {
    let storePath = "\(root)/local2-\(persons)"
    let folder = RoundFolder(path: "\(storePath)/2024-9901")
    let done = "\(storePath)/.complete"
    if FileSystem.exists(done) { return folder }
    try? FileManager.default.removeItem(atPath: storePath)
    let store = try Store.open(storePath)
    let round = Round(
      municipality: .init(code: "9901", name: "Fjordvik"), year: 2024,
      population: .init(total: persons * 95),
      units: [
        .init(id: "nav", name: "NAV Fjordvik", kind: .nav), .init(id: "rus", name: "Rustjenesten", kind: .substance),
        .init(id: "psyk", name: "Psykisk helsetjeneste", kind: .mentalHealth),
      ])
    let created = try store.createRound(round)
    print("generating \(persons) surveys in \(created.path) ...")
    var random = SplitMix(seed: UInt64(persons))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    for _ in 0..<persons {
      let survey = randomSurvey(&random, round: round)
      let bytes = Array(try encoder.encode(survey)) + [10]
      let fd = open("\(created.surveysPath)/\(survey.id).json", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
      close(fd)
    }
    try FileSystem.writeAtomically([], to: done)
    return created
  }

  static func randomSurvey(_ random: inout SplitMix, round: Round) -> Survey {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
    var survey = Survey(id: "p" + String((0..<16).map { _ in alphabet[Int(random.next() % 32)] }))
    survey.updatedAt = "2024-11-20T10:15:00Z"
    survey.revision = Int(random.next() % 3) + 1
    survey.unit = round.units[Int(random.next() % UInt64(round.units.count))].id
    survey.status = random.next() % 50 == 0 ? .draft : .complete
    survey.birthYear = round.year - 18 - Int(random.next() % 60)
    survey.gender = random.next() % 3 == 0 ? .female : .male
    survey.problemGroup = ProblemGroup.allCases[Int(random.next() % 4)]
    for dimension in Dimension.allCases { survey.scores[dimension] = Score.allCases[Int(random.next() % 3)] }
    survey.substances = Substance.allCases.filter { _ in random.next() % 4 == 0 }
    survey.lar = random.next() % 8 == 0
    survey.plans = Plan.allCases.filter { _ in random.next() % 4 == 0 }
    let has = random.next() % 3 == 0
    survey.children = Children(
      hasChildren: has, custody: has && random.next() % 2 == 0, contact: has && random.next() % 2 == 0,
      childWelfare: random.next() % 10 == 0)
    survey.activity = Activity.allCases[Int(random.next() % 4)]
    survey.violence = Violence.allCases[Int(random.next() % 5)]
    // Like the team's generator: only services the person has now or needs next.
    for id in round.catalogue.ids {
      let answer = ServiceAnswer(now: random.next() % 6 == 0, next12: random.next() % 5 == 0)
      if answer.now || answer.next12 { survey.services[id] = answer }
    }
    return survey
  }
}

struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
