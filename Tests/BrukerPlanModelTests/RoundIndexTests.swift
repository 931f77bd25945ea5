import Foundation
import Testing

@testable import BrukerPlanModel

/// The round index is a cache: with it, a load gives exactly what `RoundFolder.load()` gives,
/// whatever happened to the files or to the index itself.
@Suite struct RoundIndexTests {
  let temporary = TemporaryFolder()
  let folder: RoundFolder
  let round = Samples.round
  /// Stores files however recently they changed: the test writes them just before loading.
  let loader: SurveyLoader = {
    var loader = SurveyLoader(threads: 2)
    loader.racyNanoseconds = -1_000_000_000
    return loader
  }()

  init() throws {
    let store = try Store.open(temporary.path)
    folder = try store.createRound(round)
    var generator = SurveyTextGenerator(seed: 5, round: round)
    for index in 0..<300 {
      let id = generator.id()
      writeQuickly(generator.file(id: id, odd: index % 4 == 0), to: "\(folder.surveysPath)/\(id).json")
    }
    try FileSystem.writeAtomically(Array("{}".utf8), to: "\(folder.surveysPath)/not-an-id.json")
  }

  var indexPath: String { "\(folder.path)/\(RoundIndex.fileName)" }

  /// Loads with the index and checks the result against the plain load.
  @discardableResult
  func loadAndCompare(_ comment: Comment) throws -> SurveyLoader.Report {
    // Rows first: loadRows leaves the index as it found it.
    let rows = try loader.loadRows(folder)
    let summaries = try loader.loadSummaries(folder)
    let (loaded, report) = try loader.loadReporting(folder)
    let reference = try folder.load()
    #expect(loaded.round == reference.round, comment)
    #expect(loaded.surveys == reference.surveys, comment)
    #expect(FastLoadTests.normalized(loaded.invalid) == FastLoadTests.normalized(reference.invalid), comment)
    // The report from rows (read from the index's records where it is current) is the report
    // from the reference's surveys, for every breakdown.
    #expect(rows.count == reference.surveys.count, comment)
    #expect(FastLoadTests.normalized(rows.invalid) == FastLoadTests.normalized(reference.invalid), comment)
    // The list's summaries (from the records where the index is current) are the reference
    // surveys' summaries, in the same order, with the same problems.
    #expect(summaries.summaries == reference.surveys.map(SurveySummary.init), comment)
    #expect(FastLoadTests.normalized(summaries.invalid) == FastLoadTests.normalized(reference.invalid), comment)
    for key in [nil] + BreakdownKey.allCases {
      #expect(
        ReportEngine.figures([ReportInput(rows: rows)], by: key)
          == ReportEngine.figures([ReportInput(reference)], by: key), comment)
    }
    return report
  }

  @Test func buildsThenReusesTheIndex() throws {
    let first = try loadAndCompare("first load")
    #expect(first.fromIndex == 0 && first.indexWritten)
    #expect(FileSystem.permissions(indexPath) == 0o600)
    let valid = try folder.load().surveys.count
    #expect(valid > 100)
    let second = try loadAndCompare("second load")
    #expect(second.fromIndex == valid && !second.indexWritten)
    // The index file is hidden from the survey list.
    #expect(!(try folder.surveyFileNames()).contains(RoundIndex.fileName))
  }

  @Test func editsAndDeletesAreSeen() throws {
    try loadAndCompare("first load")
    var surveys = try folder.load().surveys
    var edited = surveys[0]
    edited.gender = edited.gender == .female ? .male : .female
    try folder.save(edited, baseRevision: edited.revision, round: round)
    try folder.delete(surveys[1].id, round: round)
    // Rewritten in place with the same size: the stamp still differs (mtime, ctime).
    let path = "\(folder.surveysPath)/\(surveys[2].id).json"
    var bytes = try FileSystem.readFile(path, limit: 1 << 20)
    let target = Array("\"revision\"".utf8)
    if let start = (0..<bytes.count - target.count).first(where: { Array(bytes[$0..<$0 + target.count]) == target }) {
      let digit = bytes.firstIndex(where: { (48...57).contains($0) && $0 != 48 }, after: start)
      if let digit { bytes[digit] = bytes[digit] == 57 ? 56 : bytes[digit] + 1 }
    }
    let fd = open(path, O_WRONLY | O_TRUNC)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
    close(fd)
    let report = try loadAndCompare("after edits")
    #expect(report.indexWritten)
    #expect(report.fromIndex == surveys.count - 3)
    surveys = try folder.load().surveys
    #expect(try loadAndCompare("after the rebuild").fromIndex == surveys.count)
  }

  @Test func damagedTruncatedOrForeignIndexIsRebuilt() throws {
    try loadAndCompare("first load")
    let good = try FileSystem.readFile(indexPath, limit: 1 << 30)
    let valid = try folder.load().surveys.count
    var flipped = good
    flipped[good.count / 2] ^= 0x10
    var foreign = good
    foreign[8] = 99  // the version field
    for (name, bytes) in [
      ("flipped byte", flipped), ("truncated", Array(good.prefix(good.count - 7))),
      ("foreign version", foreign), ("empty", []), ("not an index", Array("hello".utf8)),
    ] {
      try FileSystem.writeAtomically(bytes, to: indexPath)
      let report = try loadAndCompare("\(name)")
      #expect(report.fromIndex == 0 && report.indexWritten, "\(name)")
      #expect(try loadAndCompare("\(name), rebuilt").fromIndex == valid, "\(name)")
    }
  }

  @Test func aChangedRoundIsCheckedAgain() throws {
    try loadAndCompare("first load")
    var changed = round
    changed.units.removeAll { $0.id == "rus" }
    changed.year = 1995
    try folder.saveRound(changed)
    try loadAndCompare("after round.json changed")
  }

  @Test func recentlyChangedFilesAreNotStored() throws {
    // A window of an hour (the default is 2 s) keeps the test independent of the machine's speed.
    var careful = SurveyLoader(threads: 1)
    careful.racyNanoseconds = 3_600_000_000_000
    _ = try careful.loadReporting(folder)
    // Every file was written within the racy window, so none went into the index.
    let second = try careful.loadReporting(folder)
    #expect(second.report.fromIndex == 0)
    #expect(second.round.surveys == (try folder.load()).surveys)
  }

  /// A report reads rows (a list, summaries) straight from the index's records; each equals the
  /// row (summary) of the survey the record holds, and every record of a valid survey gives one.
  @Test func rowsFromRecordsEqualRowsFromSurveys() throws {
    try loadAndCompare("first load")
    let index = try #require(RoundIndex.load(from: indexPath))
    let lookup = SurveyLookup(round: round)
    let names = try folder.surveyFileNamesFast()
    var fromRecords = 0
    for (name, position) in zip(names, index.positions(of: names)) where position >= 0 {
      let survey = try #require(index.decode(position, lookup: lookup, templates: ServiceTemplates())).survey
      if let row = index.row(position, name: name, lookup: lookup) {
        #expect(row == ReportRow(survey, places: lookup.places), "\(name)")
        #expect(index.summary(position, name: name, lookup: lookup) == SurveySummary(survey), "\(name)")
        fromRecords += 1
      }
    }
    #expect(fromRecords == index.entries.count)
    #expect(fromRecords > 100)
  }

  @Test func recordsRoundTrip() throws {
    var generator = SurveyTextGenerator(seed: 9, round: round)
    let lookup = SurveyLookup(round: round)
    for _ in 0..<500 {
      let id = generator.id()
      guard
        case .success(let survey) = RoundFolder.decodeSurvey(
          generator.file(id: id, odd: false), path: "x", expectedID: nil, round: round)
      else { continue }
      var writer = BinaryWriter()
      SurveyRecord.encode(survey, into: &writer)
      let back = writer.bytes.withUnsafeBufferPointer { buffer in
        var reader = BinaryReader(buffer)
        return try? SurveyRecord.decode(&reader, lookup: lookup, templates: ServiceTemplates()).survey
      }
      #expect(back == survey)
    }
  }
}

extension Array where Element == UInt8 {
  fileprivate func firstIndex(where predicate: (UInt8) -> Bool, after start: Int) -> Int? {
    (start..<count).first { predicate(self[$0]) }
  }
}
