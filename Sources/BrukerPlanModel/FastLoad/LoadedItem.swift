/// What a load makes of each valid survey file: the `Survey` itself, or only its `ReportRow`
/// (for reports, which then never build a Survey for a file the index still holds).
protocol LoadedItem: Sendable {
  /// The item of a survey read from its file and accepted as valid.
  init(accepted survey: Survey, lookup: SurveyLookup)
  /// The item from the index if the file's stamp is unchanged; nil to read the file.
  static func indexed(
    _ name: String, entry: Int, index: RoundIndex, in folder: RoundFolder, reader: SurveyFileReader,
    lookup: SurveyLookup, templates: ServiceTemplates
  ) -> FileOutcome<Self>?
}

extension Survey: LoadedItem {
  init(accepted survey: Survey, lookup: SurveyLookup) { self = survey }

  static func indexed(
    _ name: String, entry: Int, index: RoundIndex, in folder: RoundFolder, reader: SurveyFileReader,
    lookup: SurveyLookup, templates: ServiceTemplates
  ) -> FileOutcome<Survey>? {
    SurveyFileDecoder.indexed(
      name, entry: entry, index: index, in: folder, reader: reader, lookup: lookup, templates: templates)
  }
}

/// An item that can be read straight from an index record when the survey is surely valid, and
/// is made from a Survey (for the exact messages of `validate`) otherwise.
protocol RecordItem: LoadedItem {
  static func straight(from index: RoundIndex, entry: Int, name: String, lookup: SurveyLookup) -> Self?
}

extension RecordItem {
  static func indexed(
    _ name: String, entry: Int, index: RoundIndex, in folder: RoundFolder, reader: SurveyFileReader,
    lookup: SurveyLookup, templates: ServiceTemplates
  ) -> FileOutcome<Self>? {
    guard let stamp = reader.stamp(of: name), stamp == index.entries[entry].stamp else { return nil }
    if let item = straight(from: index, entry: entry, name: name, lookup: lookup) {
      return FileOutcome(result: .success(item), stamp: stamp, record: .reused(entry))
    }
    guard
      let outcome = SurveyFileDecoder.indexed(
        name, entry: entry, index: index, in: folder, reader: reader, lookup: lookup, templates: templates)
    else { return nil }
    return FileOutcome(
      result: outcome.result.map { Self(accepted: $0, lookup: lookup) }, stamp: outcome.stamp, record: outcome.record)
  }
}

extension ReportRow: RecordItem {
  init(accepted survey: Survey, lookup: SurveyLookup) { self.init(survey, places: lookup.places) }

  static func straight(from index: RoundIndex, entry: Int, name: String, lookup: SurveyLookup) -> ReportRow? {
    index.row(entry, name: name, lookup: lookup)
  }
}

/// A round loaded for its figures only: one row per valid survey, in file-name order.
public struct LoadedRows: Sendable {
  public var folder: RoundFolder
  public var round: Round
  var rows: [ReportRow]
  public var invalid: [FileProblem]
  /// The round index to write, if it was missing or out of date.
  public var pendingIndex: PendingIndex?

  /// How many valid surveys the round holds.
  public var count: Int { rows.count }
}

extension SurveyLoader {
  /// The round's rows and problems, exactly as `load` would give its surveys, but without a
  /// Survey for any file the index still holds. The index is not written here: write
  /// `pendingIndex` after the output, so the user does not wait for it.
  public func loadRows(_ folder: RoundFolder) throws(FileProblem) -> LoadedRows {
    let loaded: Loaded<ReportRow> = try loadItems(folder)
    return LoadedRows(
      folder: folder, round: loaded.round, rows: loaded.items, invalid: loaded.invalid,
      pendingIndex: loaded.pendingIndex)
  }
}

/// A round index made by a load and not yet written.
public struct PendingIndex: Sendable {
  let path: String
  let entries: [(name: String, stamp: FileStamp, record: ArraySlice<UInt8>)]

  /// Writes the index; false if the folder cannot be written (a read-only copy simply has none).
  /// No fsync: the index is derived and checksummed, so one lost or torn by a crash is noticed,
  /// ignored and rebuilt.
  @discardableResult
  public func write() -> Bool {
    RoundIndex.store(RoundIndex.encode(entries), at: path)
  }
}
