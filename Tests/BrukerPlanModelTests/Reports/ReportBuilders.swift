import Foundation

@testable import BrukerPlanModel

/// Hand-built rounds and persons for the report tests.
enum ReportBuilders {
  static func round(
    code: String = "9901", name: String = "Testvik", year: Int = 2024,
    population: Round.Population? = .init(total: 10_000, age16plus: 8_000, age18plus: 7_600),
    services: [CatalogueService]? = nil
  ) -> Round {
    Round(
      municipality: .init(code: code, name: name), year: year, population: population,
      units: [.init(id: "nav", name: "NAV", kind: .nav), .init(id: "rus", name: "Rustjenesten", kind: .substance)],
      services: services)
  }

  /// A person; `scores` is eight letters G/Y/R in the order of `Dimension.allCases`.
  static func person(
    _ number: Int, status: SurveyStatus = .complete, unit: String = "nav", birthYear: Int = 1980,
    gender: Gender = .female, group: ProblemGroup = .substanceOnly, scores: String = "YYYYYYYY",
    substances: [Substance] = [], lar: Bool = false, plans: [Plan] = [], children: Children? = nil,
    activity: Activity = .noActivity, violence: Violence = .noViolence, services: [String: (Bool, Bool)] = [:]
  ) -> Survey {
    var survey = Survey(id: id(number))
    survey.status = status
    survey.unit = unit
    survey.birthYear = birthYear
    survey.gender = gender
    survey.problemGroup = group
    for (dimension, letter) in zip(Dimension.allCases, scores) {
      survey.scores[dimension] = letter == "G" ? .green : letter == "Y" ? .yellow : .red
    }
    survey.substances = substances
    survey.lar = lar
    survey.plans = plans
    survey.children = children ?? Children(hasChildren: false, custody: false, contact: false, childWelfare: false)
    survey.activity = activity
    survey.violence = violence
    survey.services = services.mapValues { ServiceAnswer(now: $0.0, next12: $0.1) }
    return survey
  }

  /// A valid pseudonym made from a number: "p" + 16 base32 letters.
  static func id(_ number: Int) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
    var value = number
    var letters: [Character] = []
    for _ in 0..<16 {
      letters.append(alphabet[value % 32])
      value /= 32
    }
    return "p" + String(letters.reversed())
  }

  /// A deterministic pseudo-random round: the same seed gives the same persons on every machine.
  static func generated(
    seed: UInt64, persons: Int, drafts: Int = 0, round: Round, firstID: Int = 0
  ) -> ReportInput {
    var random = ReportTestRandom(seed: seed)
    let catalogue = round.catalogue.ids
    var surveys: [Survey] = []
    for number in 0..<(persons + drafts) {
      let scores = String((0..<8).map { _ in ["G", "G", "Y", "Y", "R"][random.next(5)] as Character })
      let hasChildren = random.next(3) == 0
      var services: [String: (Bool, Bool)] = [:]
      for (position, id) in catalogue.enumerated() {
        let chance = position < 4 ? 2 : 6
        services[id] = (random.next(chance) == 0, random.next(chance) == 0)
      }
      surveys.append(
        person(
          firstID + number, status: number < persons ? .complete : .draft, unit: random.next(2) == 0 ? "nav" : "rus",
          birthYear: round.year - 16 - random.next(60), gender: random.next(2) == 0 ? .female : .male,
          group: ProblemGroup.allCases[random.next(4)], scores: scores,
          substances: Substance.allCases.filter { _ in random.next(4) == 0 }, lar: random.next(6) == 0,
          plans: Plan.allCases.filter { _ in random.next(5) == 0 },
          children: Children(
            hasChildren: hasChildren, custody: hasChildren && random.next(2) == 0,
            contact: hasChildren && random.next(2) == 0, childWelfare: hasChildren && random.next(4) == 0),
          activity: Activity.allCases[random.next(4)], violence: Violence.allCases[random.next(5)],
          services: services))
    }
    return ReportInput(round: round, surveys: surveys)
  }

  /// Writes a round folder with its surveys to disk.
  static func write(_ input: ReportInput, to path: String) throws -> RoundFolder {
    let folder = RoundFolder(path: path)
    try FileSystem.makeFolder(folder.surveysPath)
    try folder.saveRound(input.round)
    for survey in input.surveys {
      try FileSystem.writeAtomically(SurveyJSON.reference(survey), to: "\(folder.surveysPath)/\(survey.id).json")
    }
    return folder
  }
}

/// A small linear congruential generator; good enough for varied test data, same everywhere.
struct ReportTestRandom {
  var state: UInt64
  init(seed: UInt64) { state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }

  mutating func next(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }
}
