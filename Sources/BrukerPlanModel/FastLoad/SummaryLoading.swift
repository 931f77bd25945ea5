/// A round loaded for its list: one summary per valid survey, in file-name order, exactly the
/// surveys `load` would give, but without a Survey for any file the index still holds.
public struct LoadedSummaries: Sendable {
  public var folder: RoundFolder
  public var round: Round
  public var summaries: [SurveySummary]
  public var invalid: [FileProblem]
  /// The round index to write, if it was missing or out of date.
  public var pendingIndex: PendingIndex?
}

extension SurveyLoader {
  public func loadSummaries(_ folder: RoundFolder) throws(FileProblem) -> LoadedSummaries {
    let loaded: Loaded<SurveySummary> = try loadItems(folder)
    return LoadedSummaries(
      folder: folder, round: loaded.round, summaries: loaded.items, invalid: loaded.invalid,
      pendingIndex: loaded.pendingIndex)
  }
}

extension SurveySummary: RecordItem {
  init(accepted survey: Survey, lookup: SurveyLookup) { self.init(survey) }

  static func straight(from index: RoundIndex, entry: Int, name: String, lookup: SurveyLookup) -> SurveySummary? {
    index.summary(entry, name: name, lookup: lookup)
  }

  /// The summary of a record read as `row` and `head`: the same as `SurveySummary(survey)`.
  init(_ row: ReportRow, head: RecordRow.Head, id: String, round: Round) {
    var scores: [Score] = []
    for position in Dimension.allCases.indices where row.score(at: position) != 0 {
      scores.append(Score.allCases[row.score(at: position) - 1])
    }
    self.init(
      id: id, revision: head.revision, updatedAt: head.updatedAt,
      unit: row.unit >= 0 ? round.units[Int(row.unit)].id : nil, status: row.complete ? .complete : .draft,
      birthYear: row.birthYear, gender: row.gender == 0 ? nil : Gender.allCases[Int(row.gender) - 1],
      index: scores.count == Dimension.allCases.count ? IndexCategory.classify(scores) : nil, scored: scores.count)
  }
}
