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
  /// The catalogue's service ids, whose Strings are shared by every survey that names them.
  let services: ByteTable<String>
  let format = ByteTable([(Survey.format, Survey.format)])

  init(round: Round) {
    self.round = round
    units = ByteTable(round.units.map { ($0.id, $0.id) })
    services = ByteTable(round.catalogue.ids.map { ($0, $0) })
  }
}
