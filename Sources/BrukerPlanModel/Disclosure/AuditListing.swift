import Foundation

/// `report --audit`: every suppressed count with the smallest and largest value a reader can
/// work out from everything the output shows, for a data-protection officer.
public enum AuditListing {
  public static func text(_ cells: [AuditedCell], summary: AuditSummary) -> String {
    var lines = [
      "Disclosure audit: \(summary.cellsAudited) suppressed counts checked, \(summary.extraSuppressed) suppressed "
        + "by the audit itself, \(summary.exposed) exposed.",
      "Each count lies between the two values given; no value is given that the published figures pin down "
        + "(a count pinned down would be marked as exposed).",
      "",
    ]
    let width = max(4, cells.map(\.name.count).max() ?? 4)
    lines.append("cell".padding(toLength: width, withPad: " ", startingAt: 0) + "  from  to    step")
    for cell in cells {
      let from = String(cell.interval.lowerBound)
      let to = String(cell.interval.upperBound)
      lines.append(
        cell.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
          + from.padding(toLength: 4, withPad: " ", startingAt: 0) + "  "
          + to.padding(toLength: 4, withPad: " ", startingAt: 0) + "  " + cell.reason.rawValue
          + (cell.isExposed ? "  EXPOSED" : ""))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
