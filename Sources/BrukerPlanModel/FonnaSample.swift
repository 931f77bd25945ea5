import Crypto
import Foundation

/// The sample round "Helse Fonna 2006": 669 synthetic, complete persons whose figures reproduce
/// tables 70-73 of the first published BrukerPlan mapping to the whole percent.
///
/// Exact counts per cell are solved from the published percents; persons come from the
/// `SyntheticGenerator` and each cell's count is then given to the persons most likely to have it
/// (their latent severity plus noise), so the dimensions stay plausibly correlated.
public enum FonnaSample {
  public static let persons = 669
  public static let year = 2006
  public static let seed: UInt64 = 2006
  public static let folderName = "2006-fonna"

  /// Table 70: percent green, yellow, red per dimension.
  public static let scorePercents: [(Dimension, green: Int, yellow: Int, red: Int)] = [
    (.substanceUse, 39, 46, 14), (.economy, 64, 32, 5), (.mentalHealth, 28, 55, 18),
    (.physicalHealth, 63, 32, 5), (.housing, 82, 11, 8), (.socialFunctioning, 43, 51, 6),
    (.network, 38, 59, 3), (.activity, 31, 30, 38),
  ]
  /// Table 71: percent with each plan.
  public static let planPercents: [(Plan, Int)] = [(.individualPlan, 3), (.actionPlan, 29), (.responsibilityGroup, 24)]
  /// Tables 72-73: percent with the service now, and growth to the next 12 months in points.
  public static let servicePercents: [(id: String, now: Int, growth: Int)] = [
    ("socialServices", 87, 3), ("temporaryHousing", 1, 4), ("housingServices", 32, 19), ("healthServices", 79, 3),
    ("childWelfareServices", 10, 2), ("careServices", 4, 5), ("municipalEducation", 3, 1), ("municipalLar", 26, 10),
    ("acuteSubstance", 1, 6), ("outpatientSubstance", 14, 33), ("inpatientSubstance", 5, 23),
    ("specialistLar", 25, 11), ("compulsorySubstance", 0, 2), ("acutePsychiatry", 1, 5),
    ("outpatientPsychiatry", 10, 25), ("inpatientPsychiatry", 2, 8), ("compulsoryPsychiatry", 1, 1),
    ("somatic", 4, 8),
  ]

  /// The round's own catalogue: the 18 services of tables 72-73 (the same as the default catalogue,
  /// written out so the round carries it).
  public static var catalogue: [CatalogueService] { ServiceCatalogue.standard.services }

  public static var round: Round {
    let units: [(String, String, Double)] = [
      ("haugesund", "Haugesund sosialtjeneste", 32), ("karmoy", "Karmøy sosialtjeneste", 38),
      ("stord", "Stord sosialtjeneste", 17), ("tysvaer", "Tysvær sosialtjeneste", 10),
      ("kvinnherad", "Kvinnherad sosialtjeneste", 13), ("odda", "Odda sosialtjeneste", 7),
      ("sauda", "Sauda sosialtjeneste", 5), ("bomlo", "Bømlo sosialtjeneste", 11),
    ]
    return Round(
      municipality: .init(code: "HF01", name: "Helse Fonna"), year: year,
      population: .init(total: 132_000, age16plus: 104_000, age18plus: 100_000), deadline: "2006-09-30",
      status: .open, units: units.map { Round.Unit(id: $0.0, name: $0.1, kind: .nav) }, services: catalogue)
  }

  static let unitWeights: [Double] = [32, 38, 17, 10, 13, 7, 5, 11]

  // MARK: Counts

  /// Every count c out of `total` whose percent rounds to `percent`.
  static func counts(roundingTo percent: Int, of total: Int) -> [Int] {
    (0...total).filter { Int((Double(100 * $0) / Double(total)).rounded()) == percent }
  }

  /// Counts for one row of table 70: each rounds to its percent and together they make `total`.
  /// Among the solutions, the one closest to the exact shares.
  public static func levelCounts(_ percents: [Int], total: Int) -> [Int]? {
    let options = percents.map { counts(roundingTo: $0, of: total) }
    var best: [Int]?
    var bestDistance = Double.infinity
    func search(_ index: Int, _ chosen: [Int]) {
      if index == options.count - 1 {
        let last = total - chosen.reduce(0, +)
        guard options[index].contains(last) else { return }
        let all = chosen + [last]
        let distance = zip(all, percents).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1 * total) / 100) }
        if distance < bestDistance {
          best = all
          bestDistance = distance
        }
        return
      }
      for count in options[index] { search(index + 1, chosen + [count]) }
    }
    search(0, [])
    return best
  }

  /// Now and next-12 counts for one service: now% rounds to `now`, and the growth in points rounds
  /// to `growth` whether it is taken from the exact or the rounded shares.
  public static func serviceCounts(now: Int, growth: Int, total: Int) -> (now: Int, next12: Int)? {
    func percent(_ count: Int) -> Int { Int((Double(100 * count) / Double(total)).rounded()) }
    let nowOptions = counts(roundingTo: now, of: total).sorted {
      abs(Double($0) - Double(now * total) / 100) < abs(Double($1) - Double(now * total) / 100)
    }
    for nowCount in nowOptions {
      for next in nowCount...total
      where percent(next - nowCount) == growth && percent(next) - percent(nowCount) == growth {
        return (nowCount, next)
      }
    }
    return nil
  }

  // MARK: Surveys

  /// The 669 surveys, with pseudonyms made with `key`.
  public static func surveys(key: SymmetricKey) -> [Survey] {
    var random = SeededRandom(seed: seed)
    let round = self.round
    var factory = PersonFactory(key: key, catalogue: round.catalogue)
    let people = (0..<persons).map { _ in factory.person(year: year, &random) }
    var surveys = people.map { $0.survey(year: year, round: round, draftShare: 0, &random) }
    for index in surveys.indices {
      surveys[index].unit = round.units[random.pick(unitWeights)].id
    }

    // Table 70: the most severe on each dimension get its reds, the next its yellows.
    for (dimension, green, yellow, red) in scorePercents {
      let counts = levelCounts([green, yellow, red], total: persons)!
      let ranked = rank(surveys.indices.map { people[$0].latent(dimension, noise: 0.35 * random.normal()) })
      for (position, index) in ranked.enumerated() {
        surveys[index].scores[dimension] =
          position < counts[2] ? .red : position < counts[2] + counts[1] ? .yellow : .green
      }
    }
    for index in surveys.indices {
      surveys[index].activity = people[index].activity(surveys[index].scores[.activity], &random)
    }

    // Table 71: the heaviest situations most often have the plans; other plans stay as generated.
    for (plan, percent) in planPercents {
      let count =
        counts(roundingTo: percent, of: persons).first { Double($0) >= Double(percent * persons) / 100 }
        ?? counts(roundingTo: percent, of: persons).last!
      let ranked = rank(
        surveys.map {
          SyntheticPerson.heaviness($0) + ($0.lar == true && plan == .responsibilityGroup ? 0.3 : 0) + 0.3
            * random.normal()
        })
      for index in surveys.indices { surveys[index].plans?.removeAll { $0 == plan } }
      for index in ranked.prefix(count) { surveys[index].plans?.append(plan) }
      for index in surveys.indices {
        surveys[index].plans?.sort { Plan.allCases.firstIndex(of: $0)! < Plan.allCases.firstIndex(of: $1)! }
      }
    }

    // Tables 72-73: the likeliest have the service now; the next likeliest need it within 12 months.
    for (id, nowPercent, growth) in servicePercents {
      let (nowCount, nextCount) = serviceCounts(now: nowPercent, growth: growth, total: persons)!
      let ranked = rank(surveys.indices.map { people[$0].serviceLikelihood(id, surveys[$0]) + 0.15 * random.normal() })
      for (position, index) in ranked.enumerated() {
        let answer = ServiceAnswer(now: position < nowCount, next12: position < nextCount)
        surveys[index].services[id] = answer.now || answer.next12 ? answer : nil
      }
    }
    for index in surveys.indices {
      let answers = [surveys[index].answer("specialistLar"), surveys[index].answer("municipalLar")]
      surveys[index].lar = answers.contains { $0.now }
    }
    return surveys.sorted { $0.id < $1.id }
  }

  /// Indices of `values`, largest first; ties keep their order.
  static func rank(_ values: [Double]) -> [Int] {
    values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
  }

  /// Writes the sample as a new store at `path` (with the seed's key) and returns its round folder.
  @discardableResult
  public static func generateStore(at path: String) throws -> RoundFolder {
    let store = try SyntheticGenerator.openStore(at: path, seed: seed)
    return try store.createRound(round, folderName: folderName, surveys: surveys(key: store.key))
  }
}
