/// One survey as the list screens show, sort and filter it (the caseworker's survey list, the
/// coordinator's progress): what a round's list needs, so that opening a round of 10,000 surveys
/// moves 10,000 of these and not 10,000 surveys. The survey itself is fetched when its form opens.
public struct SurveySummary: Hashable, Sendable {
  public var id: String
  public var revision: Int
  public var updatedAt: String
  public var unit: String?
  public var status: SurveyStatus
  /// Person-level fields: nil (and 0 scored) in a coordinator's progress.
  public var birthYear: Int?
  public var gender: Gender?
  public var index: IndexCategory?
  /// How many of the eight dimensions are scored.
  public var scored: Int

  public init(
    id: String, revision: Int, updatedAt: String, unit: String?, status: SurveyStatus, birthYear: Int? = nil,
    gender: Gender? = nil, index: IndexCategory? = nil, scored: Int = 0
  ) {
    self.id = id
    self.revision = revision
    self.updatedAt = updatedAt
    self.unit = unit
    self.status = status
    self.birthYear = birthYear
    self.gender = gender
    self.index = index
    self.scored = scored
  }

  public init(_ survey: Survey) {
    self.init(
      id: survey.id, revision: survey.revision, updatedAt: survey.updatedAt, unit: survey.unit, status: survey.status,
      birthYear: survey.birthYear, gender: survey.gender, index: survey.index, scored: survey.scores.count)
  }

  /// What a role that sees a round's progress but no answers gets: id, unit, status, revision
  /// and time; never the birth year, the gender, the index or how far the scoring got.
  public var progressOnly: SurveySummary {
    SurveySummary(id: id, revision: revision, updatedAt: updatedAt, unit: unit, status: status)
  }
}
