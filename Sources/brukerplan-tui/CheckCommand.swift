import ArgumentParser
import BrukerPlanModel
import Foundation

/// `check ROUND_DIR`: the data-quality rules (dq/1) over every survey of a round.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Run the data-quality rules (dq/1) over a round and list what a caseworker should look at again.",
    discussion: """
      Text lists the open findings (not accepted in the form); json and csv list every finding \
      with an accepted column. The rules are described in docs/data-quality.md. Exit code 1 when \
      open errors remain (warnings alone exit 0). BRUKERPLAN_TODAY=YYYY-MM-DD sets the day drafts \
      are aged against.
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

  struct Output: Encodable {
    var format = "brukerplan-check/1"
    var rules = QualityRules.version
    var round: String
    var today: String
    var unit: String?
    var openErrors: Int
    var openWarnings: Int
    var accepted: Int
    var findings: [Finding]
  }

  struct Finding: Encodable {
    var survey: String
    var unit: String?
    var rule: String
    var severity: QualitySeverity
    var accepted: Bool
    var message: String
    var messageNb: String
  }

  @Argument(help: "The round folder.")
  var round: String

  @Option(help: "Only the surveys of this unit id.")
  var unit: String?

  @Option(help: "Output format: text, json or csv.")
  var format: Format = .text

  func run() throws {
    let day = try today()
    let loaded = try loadRoundFolder(round)
    if let unit, loaded.round.unit(unit) == nil {
      let known = loaded.round.units.map(\.id).joined(separator: ", ")
      throw ValidationError("--unit \"\(unit)\" is not a unit of \(round) (units: \(known))")
    }
    let findings = QualityCheck.run(loaded, unit: unit, today: day)
    let open = findings.filter(\.isOpen)
    let errors = open.count { $0.severity == .error }
    switch format {
    case .text: print(text(open, accepted: findings.count - open.count, errors: errors, loaded: loaded), terminator: "")
    case .json:
      let output = Output(
        round: round, today: day.description, unit: unit, openErrors: errors, openWarnings: open.count - errors,
        accepted: findings.count - open.count, findings: findings.map(row))
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(output), as: UTF8.self))
    case .csv: FileHandle.standardOutput.write(Data(csv(findings).utf8))
    }
    if loaded.invalid.count > 0 {
      standardError(
        "\(loaded.invalid.count) survey file(s) could not be read and were not checked; run validate \(round)")
    }
    if errors > 0 { throw ExitCode(1) }
  }

  func row(_ finding: QualityFinding) -> Finding {
    Finding(
      survey: finding.survey, unit: finding.unit, rule: finding.rule, severity: finding.severity,
      accepted: finding.accepted, message: finding.message(.english), messageNb: finding.message(.norwegian))
  }

  func text(_ open: [QualityFinding], accepted: Int, errors: Int, loaded: LoadedRound) -> String {
    var lines = open.map { finding in
      "\(loaded.folder.surveysPath)/\(finding.survey).json (unit \(finding.unit ?? "-")): \(finding.severity.rawValue) \(finding.rule): \(finding.message(.english))"
    }
    lines.append(
      "\(open.count) open finding(s): \(errors) error(s), \(open.count - errors) warning(s); \(accepted) accepted; rules \(QualityRules.version)."
    )
    return lines.joined(separator: "\n") + "\n"
  }

  /// Semicolons, a byte order mark and CRLF, like the report's CSV, for Norwegian Excel.
  func csv(_ findings: [QualityFinding]) -> String {
    var bytes: [UInt8] = Array("\u{FEFF}".utf8)
    let delimiter = UInt8(ascii: ";")
    CSVText.appendRecord(
      ["survey", "unit", "rule", "severity", "accepted", "message"], delimiter: delimiter, to: &bytes)
    for finding in findings {
      CSVText.appendRecord(
        [
          finding.survey, finding.unit ?? "", finding.rule, finding.severity.rawValue, finding.accepted ? "yes" : "no",
          finding.message(.norwegian),
        ], delimiter: delimiter, to: &bytes)
    }
    return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n")
  }
}
