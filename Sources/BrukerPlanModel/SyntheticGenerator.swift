import Crypto
import Foundation

/// Realistic synthetic rounds for demos, tests and benchmarks, the same for the same seed.
///
/// Every person has a latent severity that drives all eight scores together (so the overall index
/// spreads like the published figures), a problem group that shifts substance use and mental
/// health (ROP persons mostly red or yellow, mentalOnly persons mostly green on substance use), and
/// answers that follow from the scores (housing red → temporary housing, LAR → LAR services ...).
/// Persons are followed from year to year: most stay with a drifting severity, some leave, new ones
/// come. Ids are real pseudonyms of synthetic, valid fødselsnumre; the numbers are never stored.
public struct SyntheticGenerator: Sendable {
  public struct Options: Sendable {
    public var municipality = Round.Municipality(code: "9901", name: "Fjordvik")
    public var units: [Round.Unit] = [
      .init(id: "nav", name: "NAV Fjordvik", kind: .nav),
      .init(id: "rus", name: "Rustjenesten", kind: .substance),
      .init(id: "psyk", name: "Psykisk helsetjeneste", kind: .mentalHealth),
      .init(id: "hjemme", name: "Hjemmetjenesten", kind: .homeCare),
    ]
    /// Residents; nil: about 95 per mapped person.
    public var populationTotal: Int?
    /// The round's own catalogue; nil: the default one.
    public var services: [CatalogueService]?
    /// Share of surveys left as drafts with some answers missing.
    public var draftShare = 0.015
    /// Share of a year's persons who are mapped again the next year.
    public var stayShare = 0.78

    public init() {}
  }

  /// One generated round: round.json and its surveys, sorted by id.
  public struct GeneratedRound: Sendable {
    public var round: Round
    public var surveys: [Survey]
  }

  public let seed: UInt64
  public var options: Options

  public init(seed: UInt64, options: Options = Options()) {
    self.seed = seed
    self.options = options
  }

  /// The key a generated store gets, derived from the seed so the same seed gives the same ids.
  public static func storeKey(seed: UInt64) -> [UInt8] {
    var random = SeededRandom(seed: seed ^ 0x6B65_7973_6565_6421)
    return (0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) }
  }

  /// `persons` persons per year in each of `years`, with pseudonyms made with `key`.
  public func generate(persons: Int, years: [Int], key: SymmetricKey) -> [GeneratedRound] {
    var random = SeededRandom(seed: seed)
    var factory = PersonFactory(key: key, catalogue: catalogue)
    var people: [SyntheticPerson] = []
    var rounds: [GeneratedRound] = []
    for (position, year) in years.sorted().enumerated() {
      if position > 0 {
        people = people.filter { person in
          let age = year - person.birthYear
          return random.chance(age > 75 ? 0.5 : options.stayShare)
        }
        for index in people.indices { people[index].advance(&random) }
      }
      while people.count < persons { people.append(factory.person(year: year, &random)) }
      let round = makeRound(year: year, persons: persons)
      var surveys = people.map { $0.survey(year: year, round: round, draftShare: options.draftShare, &random) }
      surveys.sort { $0.id < $1.id }
      rounds.append(GeneratedRound(round: round, surveys: surveys))
    }
    return rounds
  }

  /// Creates (or opens) the store at `path` and writes one round folder per year, named by the
  /// year, each whole or not at all (`Store.createRound`; a killed run leaves no partial round).
  /// A new store gets a random key, or with `keyFromSeed` the seed's (the same ids for the same
  /// seed, for tests; anyone who knows the seed can then make its pseudonyms). No audit entries
  /// are written, as no person did anything.
  @discardableResult
  public func generateStore(at path: String, persons: Int, years: [Int], keyFromSeed: Bool = false) throws
    -> [RoundFolder]
  {
    for year in years where FileSystem.exists("\(path)/\(year)") {
      throw FileSystem.Failure(path: "\(path)/\(year)", reason: "already exists; generate into a new store")
    }
    let store = try Self.openStore(at: path, seed: keyFromSeed ? seed : nil)
    var folders: [RoundFolder] = []
    for generated in generate(persons: persons, years: years, key: store.key) {
      folders.append(
        try store.createRound(generated.round, folderName: "\(generated.round.year)", surveys: generated.surveys))
    }
    return folders
  }

  /// Opens the store at `path`; a new store gets the key derived from `seed`, or a random one.
  static func openStore(at path: String, seed: UInt64?) throws -> Store {
    let keyFile = "\(path)/\(Store.keyFolder)/key"
    if let seed, !FileSystem.exists(keyFile) {
      try StoreKey.refuseIfPersonsExist(in: path, keyFile: keyFile)
      try FileSystem.makeFolder("\(path)/\(Store.keyFolder)")
      try StoreKey.write(storeKey(seed: seed), to: keyFile)
    }
    return try Store.open(path)
  }

  var catalogue: ServiceCatalogue { options.services.map(ServiceCatalogue.init) ?? .standard }

  func makeRound(year: Int, persons: Int) -> Round {
    let total = options.populationTotal ?? persons * 95
    return Round(
      municipality: options.municipality, year: year,
      population: .init(total: total, age16plus: total * 81 / 100, age18plus: total * 78 / 100),
      deadline: "\(year)-12-15", status: .open, units: options.units, services: options.services)
  }
}

// MARK: - Persons

/// Makes new persons with valid synthetic identity numbers and unique pseudonyms.
struct PersonFactory {
  let key: SymmetricKey
  let catalogue: ServiceCatalogue
  var usedIDs = Set<String>()

  init(key: SymmetricKey, catalogue: ServiceCatalogue) {
    self.key = key
    self.catalogue = catalogue
  }

  mutating func person(year: Int, _ random: inout SeededRandom) -> SyntheticPerson {
    let group = [ProblemGroup.substanceOnly, .substanceMildMental, .substanceSevereMental, .mentalOnly][
      random.pick([0.34, 0.30, 0.14, 0.22])]
    // Ages 16-80, most between 25 and 55.
    let age = min(80, max(16, Int(40 + 13 * random.normal())))
    let gender: Gender = random.chance(group == .mentalOnly ? 0.5 : 0.68) ? .male : .female
    let birthYear = year - age
    var id = ""
    repeat {
      id = SyntheticIdentity.number(birthYear: birthYear, gender: gender, &random).pseudonym(key: key)
    } while !usedIDs.insert(id).inserted
    return SyntheticPerson(
      id: id, birthYear: birthYear, gender: gender, group: group, catalogue: catalogue, year: year, &random)
  }
}

/// Synthetic, valid fødselsnumre: a birth date, an individual number in the range of the century
/// with the gender's parity, and the two mod-11 control digits. Used in memory only.
enum SyntheticIdentity {
  static func number(birthYear: Int, gender: Gender, _ random: inout SeededRandom) -> NationalIdentityNumber {
    while true {
      let month = random.between(1, 12)
      let day = random.between(1, 28)
      let individual: Int
      if birthYear >= 2000 {
        individual = random.between(500, 999)
      } else {
        individual = random.between(0, 499)
      }
      // The last digit of the individual number is odd for men, even for women.
      let adjusted = individual - individual % 2 + (gender == .male ? 1 : 0)
      var digits = [day / 10, day % 10, month / 10, month % 10, (birthYear % 100) / 10, birthYear % 10]
      digits += [adjusted / 100, (adjusted / 10) % 10, adjusted % 10]
      guard let k1 = control(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]) else { continue }
      digits.append(k1)
      guard let k2 = control(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) else { continue }
      digits.append(k2)
      if let number = try? NationalIdentityNumber(digits.map(String.init).joined()) { return number }
    }
  }

  static func control(_ digits: [Int], _ weights: [Int]) -> Int? {
    let remainder = 11 - zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
    return remainder == 11 ? 0 : remainder == 10 ? nil : remainder
  }
}

/// One synthetic person with the latent traits that make the answers hang together.
struct SyntheticPerson {
  let id: String
  let birthYear: Int
  let gender: Gender
  let group: ProblemGroup
  let catalogue: ServiceCatalogue
  /// Overall severity, about N(0, 1); drifts from year to year.
  var severity: Double
  /// Lasting strengths and weaknesses per dimension.
  var offsets: [Double]
  var substances: [Substance]
  var lar: Bool
  var hasChildren: Bool
  var custody: Bool
  var contact: Bool
  var childWelfare: Bool
  var violence: Violence
  var unitKind: UnitKind
  var servicesNow: Set<String> = []

  init(
    id: String, birthYear: Int, gender: Gender, group: ProblemGroup, catalogue: ServiceCatalogue, year: Int,
    _ random: inout SeededRandom
  ) {
    self.id = id
    self.birthYear = birthYear
    self.gender = gender
    self.group = group
    self.catalogue = catalogue
    severity = 0.75 * random.normal() + (group == .substanceSevereMental ? 0.5 : group == .mentalOnly ? -0.2 : 0)
    offsets = (0..<8).map { _ in 0.85 * random.normal() }
    substances = []
    if group == .mentalOnly {
      if random.chance(0.15) { substances = [.alcohol] }
    } else {
      let hard = 1 / (1 + exp(-(severity - 0.3) * 1.5))  // more hard drugs with severity
      let odds: [(Substance, Double)] = [
        (.alcohol, 0.68), (.cannabis, 0.46), (.stimulants, 0.22 + 0.3 * hard), (.heroin, 0.03 + 0.14 * hard),
        (.illicitLarMedication, 0.03 + 0.14 * hard), (.otherIllicitMedicines, 0.2 + 0.25 * hard), (.other, 0.05),
      ]
      substances = odds.filter { random.chance($0.1) }.map(\.0)
      if substances.isEmpty { substances = [random.chance(0.7) ? .alcohol : .cannabis] }
    }
    let opioids = substances.contains(.heroin) || substances.contains(.illicitLarMedication)
    lar = group != .mentalOnly && random.chance(opioids ? 0.65 : 0.2)
    let age = year - birthYear
    hasChildren = random.chance(age < 22 ? 0.08 : age > 60 ? 0.1 : 0.42)
    custody = hasChildren && random.chance(severity > 0.5 ? 0.08 : 0.3)
    contact = hasChildren && !custody && random.chance(0.45)
    childWelfare = hasChildren && random.chance(severity > 0.5 ? 0.35 : 0.15)
    let violent = 1 / (1 + exp(-(severity - 0.8)))
    violence =
      [Violence.noViolence, .exposed, .perpetrates, .both, .unknown][
        random.pick([0.6 - 0.3 * violent, 0.12 + 0.1 * violent, 0.03 + 0.07 * violent, 0.02 + 0.1 * violent, 0.18])]
    let older = age > 62
    switch group {
    case .mentalOnly: unitKind = older && random.chance(0.3) ? .homeCare : random.chance(0.75) ? .mentalHealth : .nav
    default:
      unitKind =
        [UnitKind.substance, .nav, .mentalHealth, .homeCare][
          random.pick([0.45, 0.35, group == .substanceSevereMental ? 0.2 : 0.05, older ? 0.15 : 0.03])]
    }
  }

  /// A year later: severity drifts (a little better on average), some answers change.
  mutating func advance(_ random: inout SeededRandom) {
    severity += 0.35 * random.normal() - 0.06
    if lar == false && group != .mentalOnly && random.chance(0.04) { lar = true }
    if custody && random.chance(0.1) { custody = false }
  }

  /// The latent value of one dimension this year; higher is worse.
  func latent(_ dimension: Dimension, noise: Double) -> Double {
    var shift = 0.0
    switch (dimension, group) {
    case (.substanceUse, .mentalOnly): shift = -2.2
    case (.substanceUse, .substanceSevereMental): shift = 0.6
    case (.substanceUse, _): shift = 0.25
    case (.mentalHealth, .substanceOnly): shift = -0.9
    case (.mentalHealth, .substanceSevereMental): shift = 1.0
    case (.mentalHealth, .mentalOnly): shift = 0.5
    default: break
    }
    let index = Dimension.allCases.firstIndex(of: dimension)!
    return severity + offsets[index] + shift + noise
  }

  /// Thresholds (yellow, red) per dimension, tuned so a mixed population lands near the
  /// published shares (housing red about 9 %, the index red about 44 %, blue light about 12 %).
  static func thresholds(_ dimension: Dimension) -> (yellow: Double, red: Double) {
    switch dimension {
    case .substanceUse: (-1.1, 1.4)
    case .economy: (-0.9, 0.7)
    case .mentalHealth: (-0.9, 0.75)
    case .physicalHealth: (-0.5, 1.15)
    case .housing: (-0.3, 1.65)
    case .socialFunctioning: (-0.9, 0.7)
    case .network: (-0.9, 0.75)
    case .activity: (-1.2, 0.4)
    }
  }

  static func score(_ value: Double, _ dimension: Dimension) -> Score {
    let (yellow, red) = thresholds(dimension)
    return value >= red ? .red : value >= yellow ? .yellow : .green
  }

  func survey(year: Int, round: Round, draftShare: Double, _ random: inout SeededRandom) -> Survey {
    var survey = Survey(id: id)
    survey.revision = 1
    let day = random.between(1, 30)
    survey.updatedAt = "\(year)-11-\(day < 10 ? "0" : "")\(day)T\(10 + random.below(6)):00:00Z"
    survey.unit = (round.units.first { $0.kind == unitKind } ?? round.units[random.below(round.units.count)]).id
    survey.status = .complete
    survey.birthYear = birthYear
    survey.gender = gender
    survey.problemGroup = group
    for dimension in Dimension.allCases {
      survey.scores[dimension] = Self.score(latent(dimension, noise: 0.5 * random.normal()), dimension)
    }
    survey.substances =
      group == .mentalOnly || survey.scores[.substanceUse] != .green || random.chance(0.5)
      ? substances : []
    survey.lar = lar
    survey.children = Children(hasChildren: hasChildren, custody: custody, contact: contact, childWelfare: childWelfare)
    survey.violence = violence
    fillDependentAnswers(&survey, &random)
    if random.chance(draftShare) {
      survey.status = .draft
      for field in [Dimension.network, .activity, .socialFunctioning].prefix(1 + random.below(3)) {
        survey.scores[field] = nil
      }
      survey.violence = nil
      if random.chance(0.5) { survey.activity = nil }
      if random.chance(0.5) { survey.plans = nil }
    }
    return survey
  }

  /// Plans, activity and services, which follow from the scores.
  func fillDependentAnswers(_ survey: inout Survey, _ random: inout SeededRandom) {
    survey.plans = plans(survey, &random)
    survey.activity = activity(survey.scores[.activity], &random)
    var services: [String: ServiceAnswer] = [:]
    for service in catalogue.services {
      let likelihood = serviceLikelihood(service.id, survey)
      let now = random.chance(likelihood)
      // A sober estimate: most keep what they have, and some need more.
      let next = now ? random.chance(0.88) : random.chance(0.5 * likelihood + 0.02)
      if now || next { services[service.id] = ServiceAnswer(now: now, next12: next) }
    }
    survey.services = services
  }

  /// How heavy the person's situation is, 0 (all green) to 1 (all red).
  static func heaviness(_ survey: Survey) -> Double {
    Double(survey.scores.values.reduce(0) { $0 + $1.points }) / 16
  }

  func plans(_ survey: Survey, _ random: inout SeededRandom) -> [Plan] {
    let heavy = Self.heaviness(survey)
    var plans: [Plan] = []
    if random.chance(0.05 + 0.25 * heavy) { plans.append(.individualPlan) }
    if random.chance(group == .mentalOnly || group == .substanceSevereMental ? 0.2 : 0.05) { plans.append(.crisisPlan) }
    if random.chance(0.2 + 0.2 * heavy) { plans.append(.actionPlan) }
    if random.chance(0.04) { plans.append(.otherPlan) }
    if random.chance(0.15 + 0.5 * heavy + (lar ? 0.25 : 0)) { plans.append(.responsibilityGroup) }
    return plans
  }

  /// The activity answer, which follows the activity score.
  func activity(_ score: Score?, _ random: inout SeededRandom) -> Activity {
    let choices = [Activity.work, .supportedWork, .student, .noActivity]
    switch score {
    case .green?: return choices[random.pick([0.5, 0.2, 0.15, 0.15])]
    case .yellow?: return choices[random.pick([0.08, 0.25, 0.05, 0.62])]
    default: return random.chance(0.04) ? .supportedWork : .noActivity
    }
  }

  /// How likely this person is to have a service now, from the scores and answers.
  func serviceLikelihood(_ service: String, _ survey: Survey) -> Double {
    func red(_ d: Dimension) -> Bool { survey.scores[d] == .red }
    func notGreen(_ d: Dimension) -> Bool { survey.scores[d].map { $0 != .green } ?? false }
    let substance = group != .mentalOnly
    let mental = group != .substanceOnly
    switch service {
    case "socialServices": return notGreen(.economy) ? 0.85 : 0.45
    case "temporaryHousing": return red(.housing) ? 0.45 : 0.01
    case "housingServices": return red(.housing) ? 0.5 : notGreen(.housing) ? 0.4 : 0.12
    case "healthServices": return mental ? 0.75 : 0.55
    case "childWelfareServices": return childWelfare ? 0.8 : 0.01
    case "careServices": return unitKind == .homeCare || red(.physicalHealth) ? 0.3 : 0.04
    case "municipalEducation": return 0.03
    case "municipalLar": return lar ? 0.85 : 0
    case "acuteSubstance": return substance && red(.substanceUse) ? 0.08 : 0.005
    case "outpatientSubstance": return substance ? (lar ? 0.1 : 0.25) : 0.01
    case "inpatientSubstance": return substance && red(.substanceUse) ? 0.2 : substance ? 0.04 : 0
    case "specialistLar": return lar ? 0.9 : 0
    case "compulsorySubstance": return substance && red(.substanceUse) ? 0.02 : 0
    case "acutePsychiatry": return mental && red(.mentalHealth) ? 0.08 : 0.005
    case "outpatientPsychiatry": return mental ? 0.35 : 0.04
    case "inpatientPsychiatry": return mental && red(.mentalHealth) ? 0.15 : 0.01
    case "compulsoryPsychiatry": return group == .substanceSevereMental && red(.mentalHealth) ? 0.06 : 0
    case "somatic": return red(.physicalHealth) ? 0.2 : 0.04
    default: return 0.08
    }
  }
}
