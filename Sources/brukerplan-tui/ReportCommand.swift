import ArgumentParser
import BrukerPlanModel
import Foundation

extension ReportFormat: ExpressibleByArgument {}
extension BreakdownKey: ExpressibleByArgument {}

/// `report ROUND_DIR...`: the aggregate report of spec section 8, under disclosure control.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Aggregate report over the complete surveys of one or more rounds, small cells suppressed.",
    discussion: """
      Drafts are counted but never included. Rounds of several municipalities (one round each) are \
      added together, with a column per municipality that shows what its own report shows; the \
      same round twice, or two years of one municipality, is refused (see compare and trend). \
      Counts from 1 to K-1 are shown as ":", and so is every cell from which one could be worked \
      out: an integer-programming audit checks each suppressed count against everything the report \
      shows (--audit lists them with their intervals); K=1 turns it off.
      Formats: text (terminal; plain ASCII without colour when not a terminal or NO_COLOR is set), \
      json (brukerplan-report/1), csv (one tidy table section;row;column;count;percent for \
      Norwegian Excel: ";" delimiter, decimal comma, UTF-8 with BOM, CRLF), html (one \
      self-contained file to e-mail or print), md (Markdown tables).
      Exit codes: 0 success, 1 invalid or unreadable data, 2 wrong usage.
      """
  )

  @Argument(help: "One or more round folders (each holds round.json and surveys/).")
  var rounds: [String]

  @OptionGroup var options: ReportOptions

  @Option(help: "Break the index and the dimensions down by gender, ageBand, problemGroup, unit or municipality.")
  var by: BreakdownKey?

  @Flag(help: "Instead of the report, list each suppressed count with the smallest and largest value it can have.")
  var audit = false

  @OptionGroup var choice: StoreChoice

  func run() throws {
    let published: PublishedReport
    var indexes: [PendingIndex] = []
    if choice.isServed {
      guard !audit else {
        ReportOutput.error("--audit lists suppressed counts with their intervals: run it on the server, not through it")
        throw ExitCode(2)
      }
      let (service, _) = try choice.open(round: rounds[0])
      do {
        published = try service.report(
          rounds: rounds.map(FilePathName.last), by: by, minCell: options.minCell, skipInvalid: options.skipInvalid)
      } catch {
        throw failure(error)
      }
    } else {
      let inputs: [ReportInput]
      (inputs, indexes) = try RoundInputs.loadRows(rounds, skipInvalid: options.skipInvalid)
      published = try RoundInputs.usage { () throws(ReportScopeError) in
        try ReportEngine.publish(inputs, by: by, minCell: options.minCell)
      }
      if audit {
        try ReportOutput.write(
          AuditListing.text(published.auditTrail.cells(), summary: published.audit), to: options.output)
        for index in indexes { index.write() }
        return
      }
    }
    try options.write { format, style in ReportRenderer.render(published, as: format, style: style) }
    // After the output: the user does not wait for the round index.
    for index in indexes { index.write() }
  }
}

/// Loads round folders for the report commands: every unreadable or invalid file is listed,
/// and the command fails unless the caller allowed skipping them.
enum RoundInputs {
  /// Every survey of each round (for commands that need the surveys themselves).
  static func load(_ paths: [String], skipInvalid: Bool) throws -> [ReportInput] {
    try collect(paths, skipInvalid: skipInvalid) { folder throws(FileProblem) in
      let loaded = try folder.loadFast()
      return (ReportInput(loaded), loaded.invalid, nil)
    }.inputs
  }

  /// Only what the figures count, without a Survey per person; the round indexes to write are
  /// returned, to be written after the output.
  static func loadRows(_ paths: [String], skipInvalid: Bool) throws -> (
    inputs: [ReportInput], indexes: [PendingIndex]
  ) {
    try collect(paths, skipInvalid: skipInvalid) { folder throws(FileProblem) in
      let loaded = try SurveyLoader().loadRows(folder)
      return (ReportInput(rows: loaded), loaded.invalid, loaded.pendingIndex)
    }
  }

  private static func collect(
    _ paths: [String], skipInvalid: Bool,
    _ load: (RoundFolder) throws(FileProblem) -> (ReportInput, [FileProblem], PendingIndex?)
  ) throws -> (inputs: [ReportInput], indexes: [PendingIndex]) {
    var inputs: [ReportInput] = []
    var indexes: [PendingIndex] = []
    var problems: [String] = []
    var seen: [String: String] = [:]
    for path in paths {
      // The same folder written twice ("s/2025", "./s/2025/") would count its persons twice.
      if let real = realPath(path) {
        if let earlier = seen[real] {
          ReportOutput.error("\(path) and \(earlier) are the same round; give each round once")
          throw ExitCode(2)
        }
        seen[real] = path
      }
      do {
        let folder = RoundFolder(path: path)
        let (input, invalid, index) = try load(folder)
        for warning in folder.permissionWarnings() { ReportOutput.error(warning) }
        problems += invalid.map(\.description)
        inputs.append(input)
        if let index { indexes.append(index) }
      } catch {
        // A round that cannot be read at all cannot be skipped.
        ReportOutput.error(error.description)
        throw ExitCode(1)
      }
    }
    if !problems.isEmpty && !skipInvalid {
      for index in indexes { index.write() }
      for problem in problems { ReportOutput.error(problem) }
      ReportOutput.error(
        "\(problems.count) problem(s) in survey files; fix them, or give --skip-invalid to leave those files out.")
      throw ExitCode(1)
    }
    return (inputs, indexes)
  }

  /// The rounds given do not make one report (the same round twice, two years of one
  /// municipality): wrong usage, exit 2.
  static func usage<T>(_ publish: () throws(ReportScopeError) -> T) throws -> T {
    do {
      return try publish()
    } catch {
      ReportOutput.error(error.description)
      throw ExitCode(2)
    }
  }

  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

/// The options every report command shares: format, the smallest published count, where the
/// output goes, and whether unreadable survey files may be left out.
struct ReportOptions: ParsableArguments {
  @Option(help: "Output format: text, json, csv, html or md.")
  var format: ReportFormat = .text

  @Option(name: .customLong("min-cell"), help: "Smallest count shown (k); 1 shows every count.")
  var minCell: Int = Disclosure.defaultMinCell

  @Option(name: .shortAndLong, help: "Write to this file (mode 0600) instead of standard output.")
  var output: String?

  @Flag(help: "Leave out survey files that cannot be read, and say how many were left out.")
  var skipInvalid = false

  func validate() throws {
    guard minCell >= 1 else { throw ValidationError("--min-cell must be 1 or more") }
  }

  /// Renders in the chosen format and style, and writes to the file or standard output.
  func write(_ render: (ReportFormat, TextStyle) -> String) throws {
    try ReportOutput.write(render(format, ReportOutput.style(output: output)), to: output)
  }
}

enum ReportOutput {
  /// The date printed on compare and trend pages: today, or SOURCE_DATE_EPOCH's day for
  /// reproducible output.
  static var today: String {
    let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd"
    if epoch != nil { formatter.timeZone = TimeZone(identifier: "UTC") }
    return formatter.string(from: epoch.map { Date(timeIntervalSince1970: $0) } ?? Date())
  }

  /// Colour and Unicode only for a terminal that has not asked for NO_COLOR.
  static func style(output: String?) -> TextStyle {
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    return output == nil && isatty(STDOUT_FILENO) == 1 && !noColor ? .terminal : .plain
  }

  static func write(_ text: String, to output: String?) throws {
    guard let output else {
      FileHandle.standardOutput.write(Data(text.utf8))
      return
    }
    do {
      try FileSystem.writeOutput(Array(text.utf8), to: output)
    } catch {
      self.error(error.description)
      throw ExitCode(1)
    }
  }

  static func error(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
  }
}
