import Crypto
import Foundation
import Testing

@testable import BrukerPlanModel

/// Person-level CSV import and export (spec section 11).
@Suite struct CSVTests {
  static let header = SurveyCSV.columns(for: Samples.round).joined(separator: ",")
  /// Samples.complete() as a CSV row, in the columns of `header`.
  static var completeRow: [String] { SurveyCSV.row(Samples.complete(), round: Samples.round) }

  static func row(_ changes: [String: String] = [:]) -> String {
    let names = SurveyCSV.columns(for: Samples.round)
    var fields = completeRow
    for (name, value) in changes { fields[names.firstIndex(of: name)!] = value }
    var bytes: [UInt8] = []
    CSVText.appendRecord(fields, to: &bytes)
    return String(decoding: bytes.dropLast(), as: UTF8.self)
  }

  static var key: SymmetricKey { SymmetricKey(data: [UInt8](repeating: 7, count: 32)) }

  func parse(_ text: String, pseudonym: Bool = true) -> Result<[SurveyCSV.Row], SurveyCSV.Problems> {
    let withKey: @Sendable (NationalIdentityNumber) -> String = { $0.pseudonym(key: Self.key) }
    return SurveyCSV.parse(Array(text.utf8), round: Samples.round, pseudonym: pseudonym ? withKey : nil)
  }

  func problems(_ text: String) -> [String] {
    switch parse(text) {
    case .success: return []
    case .failure(let failure): return failure.problems.map(\.description)
    }
  }

  // MARK: Reading the text

  @Test func quotingDelimitersBomAndLineNumbers() throws {
    let text = "\u{FEFF}a;b;c\r\n\"x;1\";\"say \"\"hi\"\"\";\"two\nlines\"\r\n\r\nplain;;last\n"
    let delimiter = try CSVText.detectDelimiter(Array(text.utf8).dropFirst(3).map { $0 })
    #expect(delimiter == UInt8(ascii: ";"))
    let records = try CSVText.records(Array(text.utf8), delimiter: delimiter)
    #expect(records.map(\.fields) == [["a", "b", "c"], ["x;1", "say \"hi\"", "two\nlines"], ["plain", "", "last"]])
    #expect(records.map(\.line) == [1, 2, 5])  // the quoted line break counts, the blank line is skipped
  }

  @Test func writerQuotesOnlyWhatNeedsIt() throws {
    var bytes: [UInt8] = []
    CSVText.appendRecord(["plain", "a,b", "say \"hi\"", "x\ny", ""], to: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\n")
    let back = try CSVText.records(bytes, delimiter: UInt8(ascii: ","))
    #expect(back[0].fields == ["plain", "a,b", "say \"hi\"", "x\ny", ""])
  }

  @Test func brokenQuotingIsReported() {
    #expect(
      problems("\(Self.header)\n\"unclosed,") == ["line 2: a quoted field is not closed before the end of the file"])
    #expect(problems("\(Self.header)\nab\"c,d").first?.hasPrefix("line 2: a quote") == true)
  }

  @Test func rowLimit() {
    let text = Array("a,b\n1,2\n3,4\n5,6\n".utf8)
    #expect(throws: CSVText.Failure(line: 4, message: "the file has more than 2 rows")) {
      try CSVText.records(text, delimiter: UInt8(ascii: ","), maximumRows: 2)
    }
  }

  // MARK: Import errors

  @Test func validFileParses() throws {
    let rows = try parse("\(Self.header)\n\(Self.row())\n").get()
    #expect(rows.count == 1 && rows[0].line == 2)
    #expect(rows[0].survey == Samples.complete())
  }

  @Test func semicolonsAndBomAreAccepted() throws {
    let names = SurveyCSV.columns(for: Samples.round)
    var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    CSVText.appendRecord(names, delimiter: UInt8(ascii: ";"), to: &bytes)
    CSVText.appendRecord(Self.completeRow, delimiter: UInt8(ascii: ";"), to: &bytes)
    let rows = try SurveyCSV.parse(bytes, round: Samples.round, pseudonym: nil).get()
    #expect(rows.map(\.survey) == [Samples.complete()])
  }

  @Test func wrongDelimiter() {
    let tabbed = Self.header.replacingOccurrences(of: ",", with: "\t")
    #expect(
      problems("\(tabbed)\n") == [
        "line 1: the header has no , or ; between column names (it looks tab-separated; save the file as CSV with , or ;)"
      ])
  }

  @Test func emptyFileAndHeaderOnly() {
    #expect(problems("") == ["line 1: the file is empty; expected a header row and one row per person"])
    #expect(problems("\u{FEFF}\n\n") == ["line 1: the file is empty; expected a header row and one row per person"])
    #expect(problems("\(Self.header)\n") == ["line 1: the file has a header but no rows"])
  }

  @Test func latin1IsRefused() {
    let bytes = Array("\(Self.header)\n".utf8) + [0x42, 0xE6, 0x72, 0x75, 0x6D]  // "Bærum" in Latin-1
    guard case .failure(let failure) = SurveyCSV.parse(bytes, round: Samples.round, pseudonym: nil) else {
      Issue.record("expected a failure")
      return
    }
    #expect(
      failure.problems.map(\.description) == [
        "is not UTF-8 text; save it as \"CSV UTF-8\" (Excel) or convert it to UTF-8"
      ])
  }

  @Test func unknownAndMissingColumns() {
    #expect(problems("\(Self.header),colour\n\(Self.row()),blue\n") == ["line 1, column colour: unknown column"])
    #expect(
      problems("\(Self.header),services.spaceTravel.now\n\(Self.row()),true\n") == [
        "line 1, column services.spaceTravel.now: unknown column: this round's catalogue has no such service"
      ])
    let withoutLar = Self.header.replacingOccurrences(of: ",lar,", with: ",")
    #expect(problems("\(withoutLar)\n") == ["line 1, column lar: the header lacks this column"])
    let both = "fnr,\(Self.header)"
    #expect(problems("\(both)\n") == ["line 1, column fnr: use either an fnr or an id column, not both"])
  }

  @Test func badValuesNameLineAndColumn() {
    let text = [
      Self.header,
      Self.row(["gender": "x"]),
      Self.row(["id": "pbbbbbbbbbbbbbbbb", "birthYear": "19x0"]),
      Self.row(["id": "pcccccccccccccccc", "lar": "maybe", "scores.housing": "purple"]),
      Self.row(["id": "pdddddddddddddddd", "unit": "school", "birthYear": "2015"]),
    ].joined(separator: "\n")
    #expect(
      problems(text) == [
        "line 2, column gender: unknown value \"x\" (allowed: female, male)",
        "line 3, column birthYear: \"19x0\" is not a whole number (a year such as 1980)",
        "line 4, column scores.housing: unknown value \"purple\" (allowed: green, yellow, red)",
        "line 4, column lar: \"maybe\" is not a yes/no value (use true/false, ja/nei, yes/no or 1/0)",
        "line 5, column unit: \"school\" is not a unit of this round (units: nav, rus)",
        "line 5, column birthYear: 2015 gives age 9 in 2024; the mapping covers persons aged 16 or over",
      ])
  }

  @Test func completeRowWithEmptyCellsListsEachMissingField() {
    let text = "\(Self.header)\n\(Self.row(["gender": "", "scores.network": "", "activity": ""]))\n"
    #expect(
      problems(text) == [
        "line 2, column gender: is required for a complete survey",
        "line 2, column scores.network: is required for a complete survey",
        "line 2, column activity: is required for a complete survey",
      ])
  }

  @Test func duplicateIdsNameBothLines() {
    let text = "\(Self.header)\n\(Self.row())\n\(Self.row(["id": "pbbbbbbbbbbbbbbbb"]))\n\(Self.row())\n"
    #expect(
      problems(text) == [
        "line 4, column id: the same person as on line 2; a person may appear only once in a file"
      ])
  }

  @Test func tenMegabyteLineIsRefused() {
    let long = String(repeating: "x", count: 10 << 20)
    let found = problems("\(Self.header)\n\(long)\n")
    #expect(
      found == [
        "line 2: the record is longer than 1 MB; a survey row is far shorter, so the file is probably damaged or not a survey export"
      ])
  }

  @Test func fieldCountMustMatchHeader() {
    #expect(
      problems("\(Self.header)\nonly,three,fields\n") == [
        "line 2: has 3 fields but the header has \(SurveyCSV.columns(for: Samples.round).count) columns"
      ])
  }

  @Test func booleansInEveryAcceptedSpelling() throws {
    for (text, value) in [
      ("true", true), ("TRUE", true), ("ja", true), ("yes", true), ("1", true),
      ("false", false), ("nei", false), ("no", false), ("0", false), ("", false),
    ] {
      let rows = try parse("\(Self.header)\n\(Self.row(["lar": text, "services.somatic.next12": text]))\n").get()
      #expect(rows[0].survey.lar == value)
      #expect(rows[0].survey.answer("somatic").next12 == value)
    }
  }

  @Test func listsAreSeparatedBySpaces() throws {
    let row = Self.row(["substances": "alcohol  heroin", "plans": "\"crisisPlan\nactionPlan\""])
      .replacingOccurrences(of: "\"\"\"crisisPlan\nactionPlan\"\"\"", with: "\"crisisPlan\nactionPlan\"")
    let rows = try parse("\(Self.header)\n\(row)\n").get()
    #expect(rows[0].survey.substances == [.alcohol, .heroin])
    #expect(rows[0].survey.plans == [.crisisPlan, .actionPlan])
    #expect(
      problems("\(Self.header)\n\(Self.row(["substances": "alcohol glue"]))\n") == [
        "line 2, column substances: unknown value \"glue\" (allowed, separated by spaces: alcohol, cannabis, stimulants, heroin, illicitLarMedication, otherIllicitMedicines, other)"
      ])
  }

  // MARK: Identity numbers

  static let fnrHeader = Self.header.replacingOccurrences(of: "id,", with: "fnr,", options: .anchored)

  @Test func fnrBecomesThePseudonymAndFillsBirthYearAndGender() throws {
    let row = Self.row(["id": "01018012371", "birthYear": "", "gender": ""])
    let rows = try parse("\(Self.fnrHeader)\n\(row)\n").get()
    let expected = try NationalIdentityNumber("01018012371").pseudonym(key: Self.key)
    #expect(rows[0].survey.id == expected)
    #expect(rows[0].survey.birthYear == 1980)
    #expect(rows[0].survey.gender == .male)
  }

  @Test func badFnrIsReportedWithoutTheNumber() {
    let text = [
      Self.fnrHeader,
      Self.row(["id": "01018012372"]),  // wrong control digit
      Self.row(["id": "3101801237"]),
      Self.row(["id": "31028012371"]),
      Self.row(["id": ""]),
      Self.row(["id": "01018012371", "unit": "01018012371"]),  // a number in the wrong column is masked
    ].joined(separator: "\n")
    let found = problems(text)
    #expect(
      found == [
        "line 2, column fnr: the control digits of the identity number do not match",
        "line 3, column fnr: the identity number must have 11 digits",
        "line 4, column fnr: the date in the identity number does not exist",
        "line 5, column fnr: is empty; every row needs the person's identity number",
        "line 6, column unit: \"•••••••••••\" is not a unit of this round (units: nav, rus)",
      ])
    let all = found.joined(separator: "\n")
    for number in ["01018012372", "3101801237", "31028012371", "01018012371"] { #expect(!all.contains(number)) }
  }

  @Test func sameNumberTwiceIsADuplicate() {
    let text = "\(Self.fnrHeader)\n\(Self.row(["id": "01018012371"]))\n\(Self.row(["id": "01018012371"]))\n"
    #expect(
      problems(text) == ["line 3, column fnr: the same person as on line 2; a person may appear only once in a file"])
  }

  @Test func fnrNeedsTheStoreKey() {
    let text = "\(Self.fnrHeader)\n\(Self.row(["id": "01018012371"]))\n"
    guard case .failure(let failure) = parse(text, pseudonym: false) else {
      Issue.record("expected a failure")
      return
    }
    #expect(failure.problems.map(\.column) == ["fnr"])
  }

  // MARK: Importing into a round

  func makeRound(_ folder: TemporaryFolder) throws -> (Store, RoundFolder) {
    let store = try Store.open(folder.path + "/store")
    return (store, try store.createRound(Samples.round, folderName: "2024"))
  }

  func write(_ text: String, _ folder: TemporaryFolder) throws -> String {
    let path = folder.path + "/in.csv"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func importIsAllOrNothing() throws {
    let folder = TemporaryFolder()
    let (_, round) = try makeRound(folder)
    let text = "\(Self.header)\n\(Self.row())\n\(Self.row(["id": "pbbbbbbbbbbbbbbbb", "gender": "x"]))\n"
    let path = try write(text, folder)
    #expect(throws: SurveyCSV.ImportFailure.self) { try SurveyCSV.importFile(path, into: round) }
    #expect(try round.surveyFileNames().isEmpty)
    #expect(try round.audit.read().entries.isEmpty)
  }

  @Test func importCreatesThenUpdatesWithNewRevision() throws {
    let folder = TemporaryFolder()
    let (store, round) = try makeRound(folder)
    let path = try write("\(Self.fnrHeader)\n\(Self.row(["id": "01018012371"]))\n", folder)
    let first = try SurveyCSV.importFile(path, into: round)
    #expect(first == SurveyCSV.ImportSummary(created: 1, updated: 0, unchanged: 0))
    let id = store.pseudonym(for: try NationalIdentityNumber("01018012371"))
    #expect(try round.surveyFileNames() == ["\(id).json"])
    let onDisk = try String(contentsOfFile: try round.surveyFile(id), encoding: .utf8)
    #expect(!onDisk.contains("01018012371"))
    #expect(FileSystem.permissions(try round.surveyFile(id)) == 0o600)

    #expect(
      try SurveyCSV.importFile(path, into: round) == SurveyCSV.ImportSummary(created: 0, updated: 0, unchanged: 1))
    let changed = try write("\(Self.fnrHeader)\n\(Self.row(["id": "01018012371", "scores.housing": "red"]))\n", folder)
    #expect(
      try SurveyCSV.importFile(changed, into: round) == SurveyCSV.ImportSummary(created: 0, updated: 1, unchanged: 0))
    let survey = try #require(try round.loadSurvey(id, round: Samples.round))
    #expect(survey.revision == 2 && survey.scores[.housing] == .red)
    #expect(try round.audit.read().entries.map(\.action) == ["import-create", "import-update"])
    #expect(try round.audit.read().entries.map(\.revision) == [1, 2])
    // The lock is free again afterwards: an ordinary save works.
    var edited = survey
    edited.scores[.network] = .green
    #expect(try round.save(edited, baseRevision: 2, round: Samples.round).revision == 3)
  }

  @Test func importKeepsUnknownKeysOfAnExistingSurvey() throws {
    let folder = TemporaryFolder()
    let (_, round) = try makeRound(folder)
    var existing = Samples.complete()
    existing.extra["futureField"] = .string("kept")
    try round.save(existing, baseRevision: nil, round: Samples.round)
    let path = try write("\(Self.header)\n\(Self.row(["scores.housing": "red"]))\n", folder)
    #expect(try SurveyCSV.importFile(path, into: round).updated == 1)
    let survey = try #require(try round.loadSurvey(existing.id, round: Samples.round))
    #expect(survey.extra["futureField"] == .string("kept") && survey.revision == 2)
  }

  @Test func importRefusesToOverwriteAnInvalidSurveyFile() throws {
    let folder = TemporaryFolder()
    let (_, round) = try makeRound(folder)
    let damaged = try round.surveyFile(Samples.complete().id)
    try "{ \"format\": 3 }".write(toFile: damaged, atomically: false, encoding: .utf8)
    let path = try write("\(Self.header)\n\(Self.row(["id": "pbbbbbbbbbbbbbbbb"]))\n\(Self.row())\n", folder)
    do {
      _ = try SurveyCSV.importFile(path, into: round)
      Issue.record("expected a failure")
    } catch {
      #expect(
        error.problems.map(\.description) == [
          "line 3: this person's survey file in the round (\(Samples.complete().id).json) is invalid; fix it with `validate` first"
        ])
    }
    #expect(try round.surveyFileNames() == ["\(Samples.complete().id).json"])
    #expect(try String(contentsOfFile: damaged, encoding: .utf8) == "{ \"format\": 3 }")
  }

  @Test func cellsAreTrimmed() {
    #expect(RowReader.trimmed("  nav\t") == "nav")
    #expect(RowReader.trimmed("red") == "red")
    #expect(RowReader.trimmed("   ") == "")
    #expect(RowReader.trimmed("a b") == "a b")
  }

  @Test func fileOver256MegabytesIsRefused() throws {
    let folder = TemporaryFolder()
    let (_, round) = try makeRound(folder)
    let path = folder.path + "/huge.csv"
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    #expect(truncate(path, off_t(SurveyCSV.maximumFileBytes + 1)) == 0)  // sparse: no disk space used
    do {
      _ = try SurveyCSV.importFile(path, into: round)
      Issue.record("expected a failure")
    } catch {
      #expect(
        error.description == "\(path): is larger than 256 MB; split it into smaller files and import them one by one")
    }
  }

  @Test func importIntoClosedRoundIsRefused() throws {
    let folder = TemporaryFolder()
    let (_, round) = try makeRound(folder)
    var closed = Samples.round
    closed.status = .closed
    try round.saveRound(closed)
    let path = try write("\(Self.header)\n\(Self.row())\n", folder)
    do {
      _ = try SurveyCSV.importFile(path, into: round)
      Issue.record("expected a failure")
    } catch {
      #expect(error.description.contains("is closed and read-only"))
    }
  }

  @Test func exportImportExportIsLossless() throws {
    let folder = TemporaryFolder()
    let generator = SyntheticGenerator(seed: 11)
    let generated = generator.generate(persons: 300, years: [2024], key: Self.key)[0]
    let store = try Store.open(folder.path + "/store")
    let first = try store.createRound(generated.round, folderName: "a")
    let second = try store.createRound(generated.round, folderName: "b")
    #expect(generated.surveys.contains { $0.status == .draft })

    let exported = SurveyCSV.export(generated.surveys, round: generated.round)
    let path = folder.path + "/export.csv"
    try Data(exported).write(to: URL(fileURLWithPath: path))
    #expect(try SurveyCSV.importFile(path, into: first).created == 300)
    let again = SurveyCSV.export(try first.load().surveys, round: generated.round)
    #expect(again == exported)
    try Data(again).write(to: URL(fileURLWithPath: path))
    #expect(try SurveyCSV.importFile(path, into: second).created == 300)
    func normalized(_ surveys: [Survey]) -> [Survey] {
      surveys.map {
        var survey = $0
        survey.updatedAt = ""
        return survey
      }.sorted { $0.id < $1.id }
    }
    let imported = try second.load().surveys
    #expect(normalized(imported) == normalized(generated.surveys))
    #expect(normalized(imported) == normalized(try first.load().surveys))
  }
}
