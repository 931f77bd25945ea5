import BrukerPlanModel

/// One survey as the list shows it, computed once when the round is loaded or a survey saved,
/// so that scrolling and filtering 10,000 rows never touches the surveys themselves.
public struct SurveyRow: Hashable, Sendable {
  public var id: String
  public var birthYear: Int?
  public var gender: Gender?
  public var unitID: String
  public var unitName: String
  public var index: IndexCategory?
  public var scored: Int
  public var status: SurveyStatus
  public var updatedAt: String
  public var revision: Int
  public var hasRecovery = false
  /// Lower-case words the filter matches against.
  let searchWords: [String]
  /// Words matched from their start only: the birth year, the gender in both languages
  /// ("male" must not find "female").
  let prefixWords: [String]

  public init(_ survey: SurveySummary, round: Round, hasRecovery: Bool = false) {
    id = survey.id
    birthYear = survey.birthYear
    gender = survey.gender
    unitID = survey.unit ?? ""
    unitName = survey.unit.flatMap { round.unit($0)?.name } ?? survey.unit ?? "–"
    index = survey.index
    scored = survey.scored
    status = survey.status
    updatedAt = survey.updatedAt
    revision = survey.revision
    self.hasRecovery = hasRecovery
    var words = [unitID.lowercased(), unitName.lowercased(), survey.status.rawValue]
    for language in Language.allCases { words.append(survey.status.label(language).lowercased()) }
    if let index {
      words.append(index.rawValue.lowercased())
      for language in Language.allCases { words.append(index.label(language).lowercased()) }
    }
    searchWords = words
    prefixWords =
      (survey.birthYear.map { [String($0)] } ?? [])
      + (survey.gender.map { gender in Language.allCases.map { gender.label($0).lowercased() } } ?? [])
  }

  /// "2024-11-20T10:15:00Z" as "2024-11-20 10:15".
  var savedText: String {
    guard updatedAt.count >= 16 else { return updatedAt }
    return updatedAt.prefix(10) + " " + updatedAt.dropFirst(11).prefix(5)
  }

  /// "11-20 10:15" when saved in the round's year, else "2025-01-03": for narrow screens.
  func shortSavedText(roundYear: Int) -> String {
    guard updatedAt.count >= 16 else { return updatedAt }
    if updatedAt.hasPrefix(String(roundYear) + "-") { return String(savedText.dropFirst(5)) }
    return String(updatedAt.prefix(10))
  }

  /// Every word of the filter must match the unit, the status, the index colour, the birth year,
  /// the gender or the id's start.
  func matches(_ terms: [String]) -> Bool {
    terms.allSatisfy { term in
      id.hasPrefix(term) || prefixWords.contains { $0.hasPrefix(term) }
        || searchWords.contains { $0.hasPrefix(term) || $0.contains(term) && term.count >= 3 }
    }
  }
}

public enum SortKey: Int, CaseIterable, Sendable {
  case saved, id, birthYear, unit, index, status

  func label(_ strings: Strings) -> String {
    switch self {
    case .saved: strings.saved.lowercased()
    case .id: "id"
    case .birthYear: strings.born.lowercased()
    case .unit: strings.unit.lowercased()
    case .index: strings.index.lowercased()
    case .status: strings.status.lowercased()
    }
  }

  func ordered(_ a: SurveyRow, _ b: SurveyRow) -> Bool {
    switch self {
    case .saved: return (a.updatedAt, a.id) > (b.updatedAt, b.id)
    case .id: return a.id < b.id
    case .birthYear: return (a.birthYear ?? 0, a.id) < (b.birthYear ?? 0, b.id)
    case .unit: return (a.unitName, a.id) < (b.unitName, b.id)
    case .index:
      let rank = { (row: SurveyRow) in row.index.map { IndexCategory.allCases.firstIndex(of: $0)! } ?? 9 }
      return (rank(a), a.id) < (rank(b), b.id)
    case .status: return (a.status.rawValue, a.id) < (b.status.rawValue, b.id)
    }
  }
}

/// The surveys screen's list: every row, the ones shown (filtered and sorted), the cursor.
public struct SurveyListState: Sendable {
  public var rows: [SurveyRow] = []
  /// Positions in `rows` that pass the filter, in sort order.
  public var visible: [Int] = []
  public var position = ListCursor()
  public var filter = ""
  public var editingFilter = false
  public var sort = SortKey.saved

  public init(rows: [SurveyRow] = []) {
    self.rows = rows
    refresh()
  }

  public var cursor: Int {
    get { position.cursor }
    set { position.cursor = newValue }
  }
  public var top: Int { position.top }

  public var selected: SurveyRow? { visible.indices.contains(cursor) ? rows[visible[cursor]] : nil }

  /// Re-applies filter and sort, keeping the cursor on the same survey where possible.
  public mutating func refresh(keeping id: String? = nil) {
    let keep = id ?? selected?.id
    let terms = filter.lowercased().split(separator: " ").map(String.init)
    var shown = terms.isEmpty ? Array(rows.indices) : rows.indices.filter { rows[$0].matches(terms) }
    let key = sort
    shown.sort { key.ordered(rows[$0], rows[$1]) }
    visible = shown
    if let keep, let at = visible.firstIndex(where: { rows[$0].id == keep }) {
      cursor = at
    } else {
      cursor = min(cursor, max(0, visible.count - 1))
    }
  }

  public mutating func upsert(_ row: SurveyRow) {
    if let at = rows.firstIndex(where: { $0.id == row.id }) { rows[at] = row } else { rows.append(row) }
    refresh(keeping: row.id)
  }

  public mutating func remove(_ id: String) {
    rows.removeAll { $0.id == id }
    // The old positions are stale now; the cursor stays where it was, on the next survey.
    visible = []
    refresh()
  }

  mutating func move(_ action: Action, page: Int) {
    guard !visible.isEmpty else { return }
    position.move(action, count: visible.count, page: page)
  }

  mutating func scroll(page: Int) { position.scroll(count: visible.count, page: page) }
}
