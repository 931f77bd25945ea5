import Foundation

/// Turns one row's cells into a Survey, collecting a problem per bad cell.
struct RowReader {
  typealias Problem = SurveyCSV.Problem
  let line: Int
  let names: [String]
  /// The id given to a row whose `id` cell is empty (see `SurveyCSV.blankIDs`).
  let blankID: @Sendable (Int) -> String
  var problems: [Problem] = []

  init(line: Int, names: [String], blankID: @escaping @Sendable (Int) -> String) {
    self.line = line
    self.names = names
    self.blankID = blankID
  }

  mutating func problem(_ position: Int, _ message: String) {
    problems.append(Problem(line: line, column: names[position], message))
  }

  static func shown(_ text: String) -> String {
    "\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
  }

  mutating func vocabulary<V: Vocabulary>(_ text: String, _ position: Int) -> V? {
    guard !text.isEmpty else { return nil }
    guard let value = V(rawValue: text) else {
      problem(position, "unknown value \(Self.shown(text)) (allowed: \(V.allowedValues))")
      return nil
    }
    return value
  }

  mutating func list<V: Vocabulary>(_ text: String, _ position: Int) -> [V] {
    var values: [V] = []
    for word in text.split(whereSeparator: \.isWhitespace).map(String.init) {
      guard let value = V(rawValue: word) else {
        problem(position, "unknown value \(Self.shown(word)) (allowed, separated by spaces: \(V.allowedValues))")
        continue
      }
      if values.contains(value) {
        problem(position, "\(word) is listed twice")
      } else {
        values.append(value)
      }
    }
    return values
  }

  /// Without surrounding spaces and tabs; most cells have none, so they are returned as they are.
  static func trimmed(_ text: String) -> String {
    let utf8 = text.utf8
    func isBlank(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }
    guard let first = utf8.first, let last = utf8.last, isBlank(first) || isBlank(last) else { return text }
    return String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }

  mutating func flag(_ text: String, _ position: Int) -> Bool {
    switch text {
    case "", "false": return false
    case "true": return true
    default: break
    }
    switch text.lowercased() {
    case "", "false", "nei", "no", "0": return false
    case "true", "ja", "yes", "1": return true
    default:
      problem(position, "\(Self.shown(text)) is not a yes/no value (use true/false, ja/nei, yes/no or 1/0)")
      return false
    }
  }

  mutating func survey(
    _ cells: [String], layout: [SurveyCSV.Column], round: Round,
    pseudonym: (@Sendable (NationalIdentityNumber) -> String)?
  ) -> Survey? {
    var survey = Survey(id: "")
    var number: NationalIdentityNumber?
    var statusSeen = false
    var substancesText: String?
    var substancesPosition = 0
    var cellProblemColumns = Set<String>()
    var failedIdentity = false
    for (position, column) in layout.enumerated() {
      let text = Self.trimmed(cells[position])
      let before = problems.count
      switch column {
      case .fnr:
        do {
          let valid = try NationalIdentityNumber(text)
          number = valid
          survey.id = pseudonym?(valid) ?? ""
        } catch {
          problem(
            position, text.isEmpty ? "is empty; every row needs the person's identity number" : error.message(.english))
          failedIdentity = true
        }
      case .id:
        if text.isEmpty {
          survey.id = blankID(line)
        } else if SurveyID.isValid(text) {
          survey.id = text
        } else {
          problem(position, "\(Self.shown(text)) is not a survey id (\"p\" or \"r\" and 16 letters a-z or digits 2-7)")
          failedIdentity = true
        }
      case .unit: survey.unit = text.isEmpty ? nil : text
      case .status:
        statusSeen = true
        if let status = SurveyStatus(rawValue: text) {
          survey.status = status
        } else {
          problem(
            position,
            text.isEmpty
              ? "is empty (use draft or complete)" : "unknown value \(Self.shown(text)) (allowed: draft, complete)")
        }
      case .birthYear:
        if !text.isEmpty {
          if let year = Int(text) {
            survey.birthYear = year
          } else {
            problem(position, "\(Self.shown(text)) is not a whole number (a year such as 1980)")
          }
        }
      case .gender: survey.gender = vocabulary(text, position)
      case .problemGroup: survey.problemGroup = vocabulary(text, position)
      case .score(let dimension):
        if let score: Score = vocabulary(text, position) { survey.scores[dimension] = score }
      case .substances:
        substancesText = text
        substancesPosition = position
      case .plans: survey.plans = list(text, position)
      case .lar: survey.lar = flag(text, position)
      case .child(let key): survey.children[key] = flag(text, position)
      case .activity: survey.activity = vocabulary(text, position)
      case .violence: survey.violence = vocabulary(text, position)
      case .serviceNow(let id):
        let value = flag(text, position)
        if value { survey.services[id, default: ServiceAnswer()].now = true }
      case .serviceNext(let id):
        let value = flag(text, position)
        if value { survey.services[id, default: ServiceAnswer()].next12 = true }
      }
      if problems.count > before { cellProblemColumns.insert(names[position]) }
    }
    if let substancesText {
      // Empty means "none" on a complete survey and "not answered yet" on a draft.
      let values: [Substance] = list(substancesText, substancesPosition)
      survey.substances = values.isEmpty && survey.status == .draft ? nil : values
      if problems.contains(where: { $0.column == "substances" }) { cellProblemColumns.insert("substances") }
    }
    if survey.plans?.isEmpty == true && survey.status == .draft { survey.plans = nil }
    if let number {
      if survey.birthYear == nil { survey.birthYear = number.birthYear }
      if survey.gender == nil { survey.gender = number.gender }
    }
    guard statusSeen else { return nil }
    if failedIdentity { survey.id = "raaaaaaaaaaaaaaaa" }  // stands in so the other fields are still checked
    for found in survey.validate(in: round) {
      let column = columnName(for: found.field)
      if cellProblemColumns.contains(column) { continue }
      problems.append(Problem(line: line, column: column, found.message))
    }
    return failedIdentity ? nil : survey
  }

  /// The header name for a validation field ("substances[0]" → "substances").
  func columnName(for field: String) -> String {
    var name = field
    if let bracket = name.firstIndex(of: "[") { name = String(name[..<bracket]) }
    if names.contains(name) { return name }
    if names.contains("\(name).now") { return "\(name).now" }
    if name == "id" && names.contains("fnr") { return "fnr" }
    return name
  }
}
