import BrukerPlanModel
import Foundation

/// The whole-process part of `make bench`: what a user waits for, per store size, each figure
/// beside the raw-read floor of the files it reads, measured in the same run.
extension BenchTable {
  mutating func processTable() throws {
    var bench = ProcessBench(runs: runs)
    let largest = sizes.max()!
    for persons in sizes { try bench.run(persons: persons, styles: persons == largest) }
    processRows = bench.rows
    emit("Whole processes: the release `brukerplan-tui` started as a user starts it, output to /dev/null, from spawn")
    emit("to exit (median of \(runs); the import once); in brackets the ratio to the raw-read floor of the same files")
    emit("in this run (the later round; for the other writers, their own files; for the import, the file-system")
    emit("floor of writing the same files all or nothing, see ImportFloor.swift; the import's CPU seconds beside it).")
    emit("")
    emit("| command (whole process) | " + sizes.map { "\($0.formatted()) persons" }.joined(separator: " | ") + " |")
    emit("|---|" + sizes.map { _ in "---:|" }.joined())
    var keys: [String] = []
    for row in bench.rows where !keys.contains(row.key) { keys.append(row.key) }
    for key in keys {
      let title = bench.rows.first { $0.key == key }!.title
      let cells = sizes.map { persons -> String in
        guard let row = bench.rows.first(where: { $0.key == key && $0.persons == persons }) else { return "" }
        if key.hasSuffix("-floor") { return Self.seconds(row.seconds) + " (1.00x)" }
        if key == "import" {
          return String(
            format: "%@ (%.2fx; CPU %@)", Self.seconds(row.seconds), row.seconds / row.floor, Self.seconds(row.cpu))
        }
        return String(format: "%@ (%.2fx)", Self.seconds(row.seconds), row.seconds / row.floor)
      }
      emit("| \(title) | \(cells.joined(separator: " | ")) |")
    }
    emit("")
    emit(
      "Floor (one thread, POSIX open/read of every survey file of the later round): "
        + sizes.compactMap { persons in
          bench.rows.first { $0.persons == persons }.map { "\(Self.seconds($0.floor)) at \(persons.formatted())" }
        }.joined(separator: ", ") + ".")
    emit("")
  }

  /// The whole-process targets at 100,000 persons, for every writer's style.
  func processTargets() -> [(String, Bool, String)] {
    let rows = processRows.filter { $0.persons == 100_000 }
    guard !rows.isEmpty else { return [] }
    func row(_ key: String) -> ProcessBench.Row? { rows.first { $0.key == key } }
    var checks: [(String, Bool, String)] = []
    func ratio(_ key: String, limit: Double, _ target: String) {
      guard let row = row(key) else { return }
      checks.append(
        (
          target, row.seconds <= limit * row.floor,
          String(
            format: "%@ = %.2fx the floor (%@)", Self.seconds(row.seconds), row.seconds / row.floor,
            Self.seconds(row.floor))
        ))
    }
    ratio("report-first", limit: 2, "whole process: first report ≤ 2x the floor (files from generate)")
    ratio(
      "report-current", limit: 0.6, "whole process: report with a current index ≤ 0.6x the floor (files from generate)")
    for style in WriterStyle.allCases {
      ratio("style-\(style.rawValue)-first", limit: 2, "whole process: first report ≤ 2x the floor (\(style.title))")
      ratio(
        "style-\(style.rawValue)-current", limit: 0.6,
        "whole process: report with a current index ≤ 0.6x the floor (\(style.title))")
    }
    if let row = row("import") {
      checks.append(
        (
          "whole process: import of 100,000 rows ≤ 5 s", row.seconds <= 5,
          String(
            format: "%@ (CPU %@; the file-system floor of the same files %@)", Self.seconds(row.seconds),
            Self.seconds(row.cpu), Self.seconds(row.floor))
        ))
    }
    return checks
  }
}
