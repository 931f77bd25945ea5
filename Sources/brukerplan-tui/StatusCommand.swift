import ArgumentParser
import BrukerPlanModel
import Foundation

/// `status ROUND_DIR`: the round desk on the command line.
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "The round desk: per unit complete, drafts, not included, open warnings, last save, last year.",
    discussion: """
      Per unit: complete surveys (and last year's, from the round of the year before in the same \
      store), drafts, persons the inclusion check left out by reason (counters only), open \
      data-quality findings (rule set dq/1; see `check`), and the last save; then totals and the \
      days to the deadline. BRUKERPLAN_TODAY=YYYY-MM-DD sets the day counted from.
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @Argument(help: "The round folder.")
  var round: String

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  func run() throws {
    let day = try today()
    let desk: RoundDesk
    do {
      desk = try RoundDesk.load(RoundFolder(path: round), today: day)
    } catch {
      throw failure(["\(error)"])
    }
    switch format {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(desk), as: UTF8.self))
    case .text:
      print(DeskText.render(desk), terminator: "")
    }
  }
}

/// The desk as aligned plain text.
enum DeskText {
  static let header = [
    "Unit", "Name", "Complete", "Last year", "Drafts", "Opted out", "Under 16", "No service", "Outside",
    "Warnings", "Errors", "Last save",
  ]

  static func render(_ desk: RoundDesk) -> String {
    var lines: [String] = []
    let days =
      desk.daysToDeadline > 0
      ? "\(desk.daysToDeadline) day\(desk.daysToDeadline == 1 ? "" : "s") left"
      : desk.daysToDeadline == 0
        ? "today" : "passed \(-desk.daysToDeadline) day\(desk.daysToDeadline == -1 ? "" : "s") ago"
    lines.append(
      "\(desk.municipality) \(desk.year): \(desk.status.rawValue); deadline \(desk.deadline) (\(days)); today \(desk.today)"
    )
    let rows = (desk.units + [desk.total]).map(cells)
    var widths = header.map(\.count)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { index, cell in
        let pad = String(repeating: " ", count: widths[index] - cell.count)
        return index < 2 || index == cells.count - 1 ? cell + pad : pad + cell
      }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    lines.append(line(header))
    lines += rows.dropLast().map(line)
    lines.append(line(rows.last!))
    var notes = ["Opt-out list: \(desk.optOutList) person\(desk.optOutList == 1 ? "" : "s")"]
    notes.append(desk.previousRound.map { "last year: \($0)" } ?? "no round of last year in this store")
    notes.append("rules \(desk.rules)")
    if desk.invalidFiles > 0 {
      notes.append("\(desk.invalidFiles) unreadable survey file(s) not counted (see validate)")
    }
    lines.append(notes.joined(separator: "; "))
    return lines.joined(separator: "\n") + "\n"
  }

  static func cells(_ row: RoundDesk.Row) -> [String] {
    [
      row.unit, row.name, "\(row.complete)", row.lastYearComplete.map(String.init) ?? "-", "\(row.drafts)",
      "\(row.notIncluded(.optedOut))", "\(row.notIncluded(.under16))", "\(row.notIncluded(.noMunicipalService))",
      "\(row.notIncluded(.outsideTargetGroup))", "\(row.openWarnings)", "\(row.openErrors)",
      row.lastSave.map { String($0.prefix(16)).replacingOccurrences(of: "T", with: " ") } ?? "-",
    ]
  }
}
