import Crypto
import Foundation

/// The person-level CSV of spec section 11: one header row, one person per row, the survey keys
/// flattened with dots. Import is all or nothing; export never writes a fødselsnummer.
public enum SurveyCSV {
  public static let maximumFileBytes = 256 << 20
  public static let maximumRows = 1_000_000

  /// One thing wrong with an import, located as `line N, column C` (C = the header name).
  public struct Problem: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    public var message: String

    public init(line: Int, column: String?, _ message: String) {
      self.line = line
      // A column is named by the file's header, which may be anything (a data row taken for the
      // header holds the fødselsnummer): masked and cut like a message.
      self.column = column.map {
        TextSafety.withoutControlCharacters(Self.maskingIdentityNumbers($0.count > 60 ? $0.prefix(60) + "…" : $0))
      }
      self.message = TextSafety.withoutControlCharacters(Self.maskingIdentityNumbers(message))
    }

    /// Line 0 means the file as a whole.
    public var description: String {
      if line == 0 { return message }
      return column.map { "line \(line), column \($0): \(message)" } ?? "line \(line): \(message)"
    }

    /// A value echoed into a message must never carry an identity number, even one typed into the
    /// wrong column, also written with a space or dash inside ("010203 12345"): see Redaction.
    static func maskingIdentityNumbers(_ text: String) -> String { Redaction.identityNumbers(in: text) }
  }

  /// Why an import wrote nothing: the file and every problem found.
  public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var problems: [Problem]
    /// Set when the file is fine but would update persons and that was not confirmed: the plan to
    /// show before asking (see `ImportOptions.updatesConfirmed`).
    public var unconfirmed: ImportPlan? = nil
    public var description: String { problems.map { "\(path): \($0)" }.joined(separator: "\n") }
  }

  public struct ImportSummary: Hashable, Sendable {
    public var created = 0
    public var updated = 0
    public var unchanged = 0
  }

  /// Every problem found in a file's content.
  public struct Problems: Error, Sendable {
    public var problems: [Problem]
  }

  /// A row that passed every check, with the line it came from.
  public struct Row: Sendable {
    public var line: Int
    public var survey: Survey
  }

  // MARK: Columns

  /// A column of the file, in export order; the four with a value are one per dimension, child
  /// question or service.
  enum Column: Hashable {
    case fnr, id, unit, status, birthYear, gender, problemGroup
    case score(Dimension)
    case substances, plans, lar
    case child(String)
    case activity, violence
    case serviceNow(String)
    case serviceNext(String)
  }

  /// The export columns for `round`, in order; `identity` is "id" (export) or "fnr".
  public static func columns(for round: Round, identity: String = "id") -> [String] {
    var names = [identity, "unit", "status", "birthYear", "gender", "problemGroup"]
    names += Dimension.allCases.map { "scores.\($0.rawValue)" }
    names += ["substances", "plans", "lar"]
    names += Children.keys.map { "children.\($0)" }
    names += ["activity", "violence"]
    for id in round.catalogue.ids { names += ["services.\(id).now", "services.\(id).next12"] }
    return names
  }

  static func column(named name: String, catalogue: ServiceCatalogue) -> Column? {
    switch name {
    case "fnr": return .fnr
    case "id": return .id
    case "unit": return .unit
    case "status": return .status
    case "birthYear": return .birthYear
    case "gender": return .gender
    case "problemGroup": return .problemGroup
    case "substances": return .substances
    case "plans": return .plans
    case "lar": return .lar
    case "activity": return .activity
    case "violence": return .violence
    default: break
    }
    let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    switch parts.count {
    case 2 where parts[0] == "scores": return Dimension(rawValue: parts[1]).map(Column.score)
    case 2 where parts[0] == "children": return Children.keys.contains(parts[1]) ? .child(parts[1]) : nil
    case 3 where parts[0] == "services" && catalogue.contains(parts[1]):
      switch parts[2] {
      case "now": return .serviceNow(parts[1])
      case "next12": return .serviceNext(parts[1])
      default: return nil
      }
    default: return nil
    }
  }

  // MARK: Export

  /// The CSV of `surveys` (sorted by id), with an `id` column and never a fødselsnummer. The
  /// first line names the round (`RoundMark`), so that import can refuse it in another round.
  /// `excel`: Norwegian Excel's dialect, as the report CSV (`;`, BOM, CRLF; no decimals occur).
  public static func export(_ surveys: [Survey], round: Round, excel: Bool = false) -> [UInt8] {
    var output: [UInt8] = excel ? [0xEF, 0xBB, 0xBF] : []
    let delimiter = UInt8(ascii: excel ? ";" : ",")
    CSVText.appendRecord([RoundMark(round).line], delimiter: delimiter, crlf: excel, to: &output)
    CSVText.appendRecord(
      columns(for: round).map(TextSafety.spreadsheetText), delimiter: delimiter, crlf: excel, to: &output)
    let serviceIds = round.catalogue.ids
    for survey in surveys.sorted(by: { $0.id < $1.id }) {
      // A unit id such as =1+2 must not run as a formula when the file is opened (OWASP).
      CSVText.appendRecord(
        row(survey, serviceIds: serviceIds).map(TextSafety.spreadsheetText), delimiter: delimiter, crlf: excel,
        to: &output)
    }
    return output
  }

  /// One survey's fields in the order of `columns(for:)`.
  public static func row(_ survey: Survey, round: Round) -> [String] {
    row(survey, serviceIds: round.catalogue.ids)
  }

  static func row(_ survey: Survey, serviceIds: [String]) -> [String] {
    func flag(_ value: Bool?) -> String { value.map { $0 ? "true" : "false" } ?? "" }
    var fields = [
      survey.id, survey.unit ?? "", survey.status.rawValue, survey.birthYear.map(String.init) ?? "",
      survey.gender?.rawValue ?? "", survey.problemGroup?.rawValue ?? "",
    ]
    fields += Dimension.allCases.map { survey.scores[$0]?.rawValue ?? "" }
    fields.append(survey.substances?.map(\.rawValue).joined(separator: " ") ?? "")
    fields.append(survey.plans?.map(\.rawValue).joined(separator: " ") ?? "")
    fields.append(flag(survey.lar))
    fields += Children.keys.map { flag(survey.children[$0]) }
    fields.append(survey.activity?.rawValue ?? "")
    fields.append(survey.violence?.rawValue ?? "")
    for id in serviceIds {
      let answer = survey.answer(id)
      fields += [flag(answer.now), flag(answer.next12)]
    }
    return fields
  }

  // MARK: Import

  /// What a file holds: its rows, the columns its header names, and the round its first line
  /// names (an export's `#brukerplan-round` line; nil for older exports and hand-made files).
  public struct ParsedFile: Sendable {
    public var rows: [Row]
    public var columns: Set<String>
    public var fileRound: RoundMark?
  }

  /// Reads and checks every row of a CSV file against `round`. `pseudonym` turns a valid
  /// fødselsnummer into the store's id; it is needed only when the file has an `fnr` column.
  /// Returns every row, or every problem found (never only the first).
  public static func parse(
    _ bytes: [UInt8], round: Round, pseudonym: (@Sendable (NationalIdentityNumber) -> String)?
  ) -> Result<[Row], Problems> {
    parseFile(bytes, round: round, pseudonym: pseudonym).map(\.rows)
  }

  public static func parseFile(
    _ bytes: [UInt8], round: Round, pseudonym: (@Sendable (NationalIdentityNumber) -> String)?
  ) -> Result<ParsedFile, Problems> {
    let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    if content.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) {
      return .failure(
        Problems(problems: [
          Problem(line: 1, column: nil, "the file is empty; expected a header row and one row per person")
        ]))
    }
    if String(validating: content, as: UTF8.self) == nil {
      return .failure(
        Problems(problems: [
          Problem(line: 0, column: nil, "is not UTF-8 text; save it as \"CSV UTF-8\" (Excel) or convert it to UTF-8")
        ]))
    }
    var fileRound: RoundMark?
    var headerPart = content[...]
    if content.first == UInt8(ascii: "#") {
      let end = content.firstIndex(of: 10) ?? content.endIndex
      guard let mark = RoundMark(line: content[..<end]) else {
        return .failure(
          Problems(problems: [
            Problem(
              line: 1, column: nil,
              "starts with # but is not the round line an export writes (\(RoundMark.prefix) municipality=CODE year=YYYY)"
            )
          ]))
      }
      fileRound = mark
      headerPart = content[min(end + 1, content.endIndex)...]
    }
    var records: [CSVText.Record]
    do {
      let delimiter = try CSVText.detectDelimiter(Array(headerPart))
      records = try CSVText.records(bytes, delimiter: delimiter, maximumRows: maximumRows + (fileRound == nil ? 0 : 1))
    } catch {
      return .failure(Problems(problems: [Problem(line: error.line, column: nil, error.message)]))
    }
    if fileRound != nil, !records.isEmpty { records.removeFirst() }
    guard let header = records.first else {
      return .failure(Problems(problems: [Problem(line: 1, column: nil, "the file is empty; expected a header row")]))
    }
    let names = header.fields.map(RowReader.trimmed)
    let (layout, headerProblems) = headerLayout(names, line: header.line, round: round, hasPseudonym: pseudonym != nil)
    guard headerProblems.isEmpty else { return .failure(Problems(problems: headerProblems)) }
    if records.count == 1 {
      return .failure(
        Problems(problems: [Problem(line: header.line, column: nil, "the file has a header but no rows")]))
    }

    var problems: [Problem] = []
    var rows: [Row] = []
    rows.reserveCapacity(records.count - 1)
    var firstLine: [String: Int] = [:]
    let identityColumn = layout.contains(.fnr) ? "fnr" : "id"
    let blankID = blankIDs(content, round: round)
    // Each row is read on its own (on every core); problems and duplicates are then taken in order.
    let read = ParallelMap.map(Array(records.dropFirst())) { record -> (survey: Survey?, problems: [Problem]) in
      guard record.fields.count == names.count else {
        return (
          nil,
          [
            Problem(
              line: record.line, column: nil,
              "has \(record.fields.count) fields but the header has \(names.count) columns")
          ]
        )
      }
      var reader = RowReader(line: record.line, names: names, blankID: blankID)
      let survey = reader.survey(record.fields, layout: layout, round: round, pseudonym: pseudonym)
      return (survey, reader.problems)
    }
    for (record, outcome) in zip(records.dropFirst(), read) {
      problems += outcome.problems
      guard let survey = outcome.survey else { continue }
      if let earlier = firstLine[survey.id] {
        problems.append(
          Problem(
            line: record.line, column: identityColumn,
            "the same person as on line \(earlier); a person may appear only once in a file"))
        continue
      }
      firstLine[survey.id] = record.line
      rows.append(Row(line: record.line, survey: survey))
    }
    guard problems.isEmpty else { return .failure(Problems(problems: problems)) }
    return .success(ParsedFile(rows: rows, columns: Set(names), fileRound: fileRound))
  }

  /// The id of a row with an empty `id` cell: the same for the same line of the same file in the
  /// same round, so a rerun (after a kill, or by mistake) updates those persons instead of adding
  /// them again. Made from hashes, so it says nothing about the row; another round gets other
  /// ids, so two rounds never falsely share such a person.
  static func blankIDs(_ content: [UInt8], round: Round) -> @Sendable (Int) -> String {
    let seed = Array(SHA256.hash(data: content)) + Array("|\(round.municipality.code)|\(round.year)|".utf8)
    return { line in "r" + Base32.encode(Array(SHA256.hash(data: seed + Array(String(line).utf8)).prefix(10))) }
  }

  static func headerLayout(
    _ names: [String], line: Int, round: Round, hasPseudonym: Bool
  ) -> (layout: [Column], problems: [Problem]) {
    var problems: [Problem] = []
    var layout: [Column] = []
    var seen = Set<String>()
    let catalogue = round.catalogue
    for name in names {
      if !seen.insert(name).inserted {
        problems.append(Problem(line: line, column: name, "the column appears twice in the header"))
      }
      if name.hasPrefix("services."), name.split(separator: ".").count == 3,
        !catalogue.contains(String(name.split(separator: ".")[1]))
      {
        problems.append(
          Problem(line: line, column: name, "unknown column: this round's catalogue has no such service"))
        continue
      }
      guard let column = column(named: name, catalogue: catalogue) else {
        problems.append(Problem(line: line, column: name.isEmpty ? "(empty)" : name, "unknown column"))
        continue
      }
      layout.append(column)
    }
    switch (seen.contains("fnr"), seen.contains("id")) {
    case (true, true):
      problems.append(Problem(line: line, column: "fnr", "use either an fnr or an id column, not both"))
    case (false, false):
      problems.append(Problem(line: line, column: nil, "the header needs an fnr or an id column"))
    case (true, false) where !hasPseudonym:
      problems.append(
        Problem(
          line: line, column: "fnr",
          "identity numbers need the store's key (.brukerplan/key next to the round folder), which was not found or is not usable"
        ))
    default: break
    }
    // Every survey column is required, so that a missing column is never read as "false";
    // service columns may be left out (a service not listed is neither had nor needed).
    for required in columns(for: round).dropFirst() where !required.hasPrefix("services.") && !seen.contains(required) {
      problems.append(Problem(line: line, column: required, "the header lacks this column"))
    }
    return (layout, problems)
  }
}
