/// What the fast survey parser matches bytes against: the file format's keys and vocabularies,
/// and one round's units and service catalogue. Built once per load and shared by all workers.
final class SurveyLookup: Sendable {
  enum TopKey: Int, CaseIterable, Sendable {
    case format, id, revision, updatedAt, unit, status, birthYear, gender, problemGroup, scores,
      substances, lar, plans, children, activity, violence, services

    var name: String { "\(self)" }
  }

  let round: Round
  let topKeys = ByteTable(TopKey.allCases.map { ($0.name, $0) })
  let childKeys = ByteTable(Children.keys.enumerated().map { ($0.element, $0.offset) })
  let answerKeys = ByteTable([("now", 0), ("next12", 1)])
  let statuses = ByteTable(vocabulary: SurveyStatus.self)
  let genders = ByteTable(vocabulary: Gender.self)
  let problemGroups = ByteTable(vocabulary: ProblemGroup.self)
  let dimensions = ByteTable(vocabulary: Dimension.self)
  let scores = ByteTable(vocabulary: Score.self)
  let substances = ByteTable(vocabulary: Substance.self)
  let plans = ByteTable(vocabulary: Plan.self)
  let activities = ByteTable(vocabulary: Activity.self)
  let violences = ByteTable(vocabulary: Violence.self)
  /// The round's unit ids: a byte-exact match proves `round.unit(id) != nil`.
  let units: ByteTable<String>
  /// The catalogue's service ids, whose Strings are shared by every survey that names them
  /// (empty for a catalogue of more than 64 services: those surveys take the general way).
  let services: ByteTable<String>
  /// Each dimension's position in `Dimension.allCases`.
  let dimensionPositions = Dictionary(uniqueKeysWithValues: Dimension.allCases.enumerated().map { ($1, $0) })
  let format = ByteTable([(Survey.format, Survey.format)])
  /// The round's units and services by id, for report rows.
  let places: RoundPlaces

  init(round: Round) {
    self.round = round
    places = RoundPlaces(round)
    units = ByteTable(round.units.map { ($0.id, $0.id) })
    let ids = round.catalogue.ids
    services = ByteTable(ids.count <= 64 ? ids.map { ($0, $0) } : [])
  }
}

extension SurveyLookup {
  /// Scores packed two bits per dimension (see SurveyBytesParser.scores) as a dictionary. With all
  /// eight given, the dictionary is mapped from a prepared one, which needs no hashing.
  func scores(_ packed: UInt32) -> [Dimension: Score] {
    let dimensions = Dimension.allCases
    if (packed | packed >> 1) & 0x5555 == 0x5555 {
      return dimensionPositions.mapValues { Score.allCases[Int(packed >> UInt32(2 * $0) & 3) - 1] }
    }
    var scores: [Dimension: Score] = [:]
    for position in dimensions.indices where packed >> UInt32(2 * position) & 3 != 0 {
      scores[dimensions[position]] = Score.allCases[Int(packed >> UInt32(2 * position) & 3) - 1]
    }
    return scores
  }

  /// Catalogue answers as a dictionary keyed by service id, mapped from a prepared dictionary with
  /// the same ids (cached per set of ids in `templates`), which needs no hashing of the ids.
  func services(_ answers: ServiceAnswers, templates: ServiceTemplates) -> [String: ServiceAnswer] {
    let template: [String: Int]
    if let cached = templates.byMask[answers.mask] {
      template = cached
    } else {
      var made: [String: Int] = [:]
      made.reserveCapacity(answers.mask.nonzeroBitCount)
      for index in 0..<services.count where answers.mask >> UInt64(index) & 1 == 1 {
        made[services.value(at: index)] = index
      }
      if templates.byMask.count < 4096 { templates.byMask[answers.mask] = made }
      template = made
    }
    return template.mapValues { answers.answer($0) }
  }
}

/// Dictionaries of catalogue ids already laid out, one per set of ids met; one per worker.
final class ServiceTemplates {
  var byMask: [UInt64: [String: Int]] = [:]
}

/// A survey's answers for catalogue services, by catalogue position (at most 64 services).
struct ServiceAnswers {
  private(set) var mask: UInt64 = 0
  private var now: UInt64 = 0
  private var next12: UInt64 = 0
  private var extras: [Int: [String: JSONValue]] = [:]

  /// Records an answer; false if the service was given before.
  mutating func set(_ index: Int, _ answer: ServiceAnswer) -> Bool {
    let bit: UInt64 = 1 << UInt64(index)
    guard mask & bit == 0 else { return false }
    mask |= bit
    if answer.now { now |= bit }
    if answer.next12 { next12 |= bit }
    if !answer.extra.isEmpty { extras[index] = answer.extra }
    return true
  }

  func answer(_ index: Int) -> ServiceAnswer {
    var answer = ServiceAnswer(now: now >> UInt64(index) & 1 == 1, next12: next12 >> UInt64(index) & 1 == 1)
    if let extra = extras[index] { answer.extra = extra }
    return answer
  }

  var given: [(Int, ServiceAnswer)] {
    (0..<64).filter { mask >> UInt64($0) & 1 == 1 }.map { ($0, answer($0)) }
  }
}
