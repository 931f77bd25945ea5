import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Loads a round exactly as `RoundFolder.load()` does (same surveys, same problems, same order),
/// but fast: POSIX reads into a reused buffer, a byte-level parser for well-formed survey files
/// (JSONDecoder, the reference, for every other file), all cores, and the derived round index
/// (`RoundIndex`), so that files unchanged since the last load are not read at all.
public struct SurveyLoader: Sendable {
  /// 1 reads and parses on the calling thread; more spreads the files over the cores.
  public var threads: Int
  /// Use the round index, and write it again when it is missing or out of date.
  public var useIndex: Bool
  /// Files changed this recently are not stored in the index: a change within the file system's
  /// timestamp granularity could leave the stamp the same (git's "racy" entries).
  var racyNanoseconds: Int64 = 2_000_000_000

  public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, useIndex: Bool = true) {
    self.threads = max(1, threads)
    self.useIndex = useIndex
  }

  /// What a load did with the index, for tests and the benchmark.
  struct Report {
    var fromIndex = 0
    var indexWritten = false
  }

  public func load(_ folder: RoundFolder) throws(FileProblem) -> LoadedRound {
    try loadReporting(folder).round
  }

  func loadReporting(_ folder: RoundFolder) throws(FileProblem) -> (round: LoadedRound, report: Report) {
    let loaded: Loaded<Survey> = try loadItems(folder)
    var report = loaded.report
    report.indexWritten = loaded.pendingIndex?.write() ?? false
    return (LoadedRound(folder: folder, round: loaded.round, surveys: loaded.items, invalid: loaded.invalid), report)
  }

  /// What a load gave: one item per valid file in name order, the problems of the others, and
  /// the index to write (nil when it is current or not used).
  struct Loaded<Item: LoadedItem> {
    var round: Round
    var items: [Item]
    var invalid: [FileProblem]
    var report: Report
    var pendingIndex: PendingIndex?
  }

  func loadItems<Item: LoadedItem>(_ folder: RoundFolder) throws(FileProblem) -> Loaded<Item> {
    let started = Self.now()
    let round = try folder.loadRound()
    let names: [String]
    do {
      names = try folder.surveyFileNamesFast()
    } catch {
      throw FileProblem(path: folder.surveysPath, error.reason)
    }
    let lookup = SurveyLookup(round: round)
    let indexPath = "\(folder.path)/\(RoundIndex.fileName)"
    let index = useIndex ? RoundIndex.load(from: indexPath) : nil
    let slots: OutcomeSlots<Item> = readAll(names, folder: folder, lookup: lookup, index: index)

    var items: [Item] = []
    var invalid: [FileProblem] = []
    var kept: [(stamp: FileStamp?, record: FileRecord?)] = []
    items.reserveCapacity(names.count)
    if useIndex { kept.reserveCapacity(names.count) }
    var report = Report()
    // Moved out of the slots, not copied: a copy of a survey retains each of its parts.
    slots.drain { outcome in
      if case .reused = outcome.record { report.fromIndex += 1 }
      if useIndex { kept.append((outcome.stamp, outcome.record)) }
      switch outcome.result {
      case .success(let item): items.append(item)
      case .failure(let problem): invalid.append(problem)
      }
    }
    let pending =
      useIndex ? pendingIndex(indexPath, index: index, names: names, kept: kept, started: started) : nil
    return Loaded(round: round, items: items, invalid: invalid, report: report, pendingIndex: pending)
  }

  /// One outcome per name, in the order of `names`.
  private func readAll<Item: LoadedItem>(
    _ names: [String], folder: RoundFolder, lookup: SurveyLookup, index: RoundIndex?
  ) -> OutcomeSlots<Item> {
    let descriptor = open(folder.surveysPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    defer { if descriptor >= 0 { close(descriptor) } }
    let positions = index?.positions(of: names)
    let slots = OutcomeSlots<Item>(count: names.count)
    let recordNew = useIndex
    // Small chunks so that both cores stay busy to the end; each chunk reuses one buffer.
    let chunkSize = threads == 1 ? max(names.count, 1) : max(64, names.count / (threads * 16))
    let chunks = (names.count + chunkSize - 1) / chunkSize
    let work: @Sendable (Int) -> Void = { chunk in
      let reader = descriptor >= 0 ? SurveyFileReader(folder: descriptor) : nil
      let templates = ServiceTemplates()
      for position in chunk * chunkSize..<min(names.count, (chunk + 1) * chunkSize) {
        let name = names[position]
        if let index, let reader, let entry = positions?[position], entry >= 0,
          let outcome = Item.indexed(
            name, entry: entry, index: index, in: folder, reader: reader, lookup: lookup, templates: templates)
        {
          slots.store(outcome, at: position)
          continue
        }
        let outcome = SurveyFileDecoder.outcome(
          for: name, in: folder, reader: reader, lookup: lookup, templates: templates)
        var record: FileRecord?
        if recordNew, case .success(let survey) = outcome.result, outcome.stamp != nil {
          var writer = BinaryWriter()
          SurveyRecord.encode(survey, into: &writer)
          record = .fresh(writer.bytes)
        }
        slots.store(
          FileOutcome(
            result: outcome.result.map { Item(accepted: $0, lookup: lookup) }, stamp: outcome.stamp, record: record),
          at: position)
      }
    }
    if threads == 1 || chunks <= 1 {
      for chunk in 0..<chunks { work(chunk) }
    } else {
      DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
    }
    return slots
  }

  /// The index to write if it was missing or any entry changed; nil if it is current.
  private func pendingIndex(
    _ path: String, index: RoundIndex?, names: [String], kept: [(stamp: FileStamp?, record: FileRecord?)],
    started: Int64
  ) -> PendingIndex? {
    /// Whether the entry goes into the index: reused ones, and fresh ones outside the racy window.
    func stored(_ stamp: FileStamp, _ record: FileRecord) -> Bool {
      switch record {
      case .reused: index != nil
      case .fresh: max(stamp.modified, stamp.changed) < started - racyNanoseconds
      }
    }
    // Counted first: with a current index (the common case) no entry list is made at all.
    var reused = 0
    var added = 0
    for outcome in kept {
      guard let stamp = outcome.stamp, let record = outcome.record, stored(stamp, record) else { continue }
      if case .reused = record { reused += 1 } else { added += 1 }
    }
    guard index == nil || added > 0 || reused != index?.entries.count else { return nil }
    var entries: [(name: String, stamp: FileStamp, record: ArraySlice<UInt8>)] = []
    entries.reserveCapacity(reused + added)
    for (name, outcome) in zip(names, kept) {
      guard let stamp = outcome.stamp, let record = outcome.record, stored(stamp, record) else { continue }
      switch record {
      case .reused(let position): entries.append((name, stamp, index!.record(position)))
      case .fresh(let bytes): entries.append((name, stamp, bytes[...]))
      }
    }
    return PendingIndex(path: path, entries: entries)
  }

  /// Now, in nanoseconds since 1970, like file stamps.
  static func now() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }
}

extension RoundFolder {
  /// The same as `load()`, read fast and with the round index (see `SurveyLoader`).
  public func loadFast() throws(FileProblem) -> LoadedRound {
    try SurveyLoader().load(self)
  }
}

/// What the index should hold for one file.
enum FileRecord: Sendable {
  /// The index's entry at this position still holds the survey.
  case reused(Int)
  /// A newly read valid survey in SurveyRecord form.
  case fresh([UInt8])
}

/// What loading one file gave, the stamp of the bytes it came from (nil if not read here), and
/// what the index should hold for it.
struct FileOutcome<Item: Sendable>: Sendable {
  var result: Result<Item, FileProblem>
  var stamp: FileStamp?
  var record: FileRecord? = nil
}

/// Outcomes written by index from several threads; each index is written by exactly one chunk.
final class OutcomeSlots<Item: Sendable>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<FileOutcome<Item>?>
  private var drained = false

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    if !drained { slots.deinitialize() }
    slots.deallocate()
  }

  func store(_ outcome: consuming FileOutcome<Item>, at index: Int) { slots[index] = outcome }

  /// Hands each outcome over in order, moving it out of its slot.
  func drain(_ body: (consuming FileOutcome<Item>) -> Void) {
    precondition(!drained)
    drained = true
    for index in slots.indices { body((slots.baseAddress! + index).move()!) }
  }
}

/// Turns one survey file into a survey or a problem, as `RoundFolder.load()` does.
enum SurveyFileDecoder {
  static let badNameReason = "file name is not a survey id (p or r and 16 letters a-z or digits 2-7)"

  static func outcome(
    for name: String, in folder: RoundFolder, reader: SurveyFileReader?, lookup: SurveyLookup,
    templates: ServiceTemplates
  ) -> FileOutcome<Survey> {
    guard namesSurveyID(name) else {
      return FileOutcome(result: .failure(FileProblem(path: "\(folder.surveysPath)/\(name)", badNameReason)))
    }
    if let (bytes, stamp) = reader?.contents(of: name, limit: RoundFolder.maximumSurveyBytes) {
      return FileOutcome(
        result: decode(bytes, name: name, in: folder, lookup: lookup, templates: templates), stamp: stamp)
    }
    let id = String(name.dropLast(5))
    // Whatever is odd about the file, the reference path names it.
    let path = "\(folder.surveysPath)/\(name)"
    do {
      let bytes = try FileSystem.readFile(path, limit: RoundFolder.maximumSurveyBytes)
      return FileOutcome(result: RoundFolder.decodeSurvey(bytes, path: path, expectedID: id, round: lookup.round))
    } catch {
      return FileOutcome(result: .failure(FileProblem(path: path, error.reason)))
    }
  }

  /// The survey from the index if the file's stamp is unchanged; nil to read the file.
  static func indexed(
    _ name: String, entry: Int, index: RoundIndex, in folder: RoundFolder, reader: SurveyFileReader,
    lookup: SurveyLookup, templates: ServiceTemplates
  ) -> FileOutcome<Survey>? {
    guard let stamp = reader.stamp(of: name), stamp == index.entries[entry].stamp,
      let parsed = index.decode(entry, lookup: lookup, templates: templates)
    else { return nil }
    guard namesSurveyID(name) else { return nil }
    let result = accept(parsed, name: name, in: folder, round: lookup.round)
    guard case .success = result else { return FileOutcome(result: result, stamp: stamp) }
    return FileOutcome(result: result, stamp: stamp, record: .reused(entry))
  }

  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, name: String, in folder: RoundFolder, lookup: SurveyLookup,
    templates: ServiceTemplates = ServiceTemplates()
  ) -> Result<Survey, FileProblem> {
    if let parsed = try? SurveyBytesParser.parse(bytes, lookup: lookup, templates: templates) {
      return accept(parsed, name: name, in: folder, round: lookup.round)
    }
    return RoundFolder.decodeSurvey(
      Array(bytes), path: "\(folder.surveysPath)/\(name)", expectedID: String(name.dropLast(5)), round: lookup.round)
  }

  /// The end of `RoundFolder.decodeSurvey` for a survey decoded here: a quick check that proves
  /// the common case valid, and the full validation (for its messages) otherwise.
  static func accept(
    _ parsed: consuming ParsedSurvey, name: String, in folder: RoundFolder, round: Round
  ) -> Result<Survey, FileProblem> {
    if isSurelyValid(parsed, name: name, round: round) { return .success(parsed.survey) }
    let id = String(name.dropLast(5))
    let survey = parsed.survey
    var problems = survey.validate(in: round)
    if survey.id != id, SurveyID.isValid(survey.id) {
      problems.append(FieldProblem("id", "\"\(survey.id)\" does not match the file name \(id).json"))
    }
    return problems.isEmpty
      ? .success(survey) : .failure(FileProblem(path: "\(folder.surveysPath)/\(name)", problems: problems))
  }

  /// The revisions `validate` accepts without a problem.
  static let plausibleRevisions = 1...1_000_000_000

  /// True only when `survey.validate(in:)` would find nothing and the id matches the file name
  /// (`<id>.json`); each test mirrors one rule of `validate`.
  static func isSurelyValid(_ parsed: borrowing ParsedSurvey, name: String, round: Round) -> Bool {
    guard parsed.survey.decodingProblems.isEmpty, parsed.survey.format == Survey.format,
      isID(parsed.survey.id, of: name), plausibleRevisions.contains(parsed.survey.revision),
      parsed.survey.unit == nil || parsed.unitKnown, parsed.servicesKnown
    else { return false }
    if let birthYear = parsed.survey.birthYear {
      let (age, overflow) = round.year.subtractingReportingOverflow(birthYear)
      if overflow || !(16...120).contains(age) { return false }
    }
    let children = parsed.survey.children
    if children.hasChildren == false, children.custody == true || children.contact == true { return false }
    guard parsed.survey.status == .complete else { return true }
    // missingForComplete is empty; scores has Dimension keys, so 8 entries means all eight.
    return parsed.survey.unit != nil && parsed.survey.birthYear != nil && parsed.survey.gender != nil
      && parsed.survey.problemGroup != nil && parsed.survey.scores.count == Dimension.allCases.count
      && parsed.survey.substances != nil && parsed.survey.lar != nil && parsed.survey.plans != nil
      && children.hasChildren != nil && children.custody != nil && children.contact != nil
      && children.childWelfare != nil && parsed.survey.activity != nil && parsed.survey.violence != nil
  }

  /// Whether `id` is the file name without ".json", byte for byte. Equal bytes mean equal Strings
  /// (the converse need not hold, which only costs speed).
  private static func isID(_ id: String, of name: String) -> Bool {
    var id = id
    var name = name
    return id.withUTF8 { a in
      name.withUTF8 { b in a.count + 5 == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
      }
    }
  }

  /// `SurveyID.isValid(String(name.dropLast(5)))` for a name ending in ".json", on the bytes,
  /// without making two arrays per file.
  static func namesSurveyID(_ name: String) -> Bool {
    var name = name
    return name.withUTF8 { bytes in
      guard bytes.count == 22, bytes[0] == UInt8(ascii: "p") || bytes[0] == UInt8(ascii: "r"),
        bytes[17..<22].elementsEqual(".json".utf8)
      else { return false }
      return bytes[1..<17].allSatisfy { (97...122).contains($0) || (50...55).contains($0) }
    }
  }

}
