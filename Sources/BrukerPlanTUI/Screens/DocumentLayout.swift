import BrukerPlanModel

/// The model's `ReportDocument` laid out for the terminal: the same sections, labels and
/// (already suppressed) figures as the report command's files, with coloured chips and bars.
/// Tables wider than the screen are split into column groups under the same row labels.
struct DocumentLayout {
  let strings: Strings
  let width: Int
  let asciiOnly: Bool

  init(_ state: AppState) {
    strings = state.strings
    width = state.width
    asciiOnly = state.asciiOnly
  }

  var language: Language { strings.language }

  func lines(_ document: ReportDocument) -> [Line] {
    var lines = [Line([(" " + document.title, .heading)])]
    lines += wrapped(document.subtitle, width: width - 4)
    for block in document.blocks {
      switch block {
      case .heading(let text):
        lines += [Line(), Line([(" " + text, .heading)])]
      case .paragraph(let text):
        lines.append(Line())
        lines += wrapped(text, width: width - 4, role: .normal)
      case .keyFigures(let table), .table(let table):
        lines += self.table(table)
      case .lineChart, .smallMultiples, .barChart:
        break  // the table beside it carries the same figures
      }
    }
    lines += [Line(), Line([(" " + strings.t("Merknader", "Notes"), .heading)])]
    for note in document.notes { lines += wrapped(note, width: width - 4) }
    return lines
  }

  /// A table's title, its note, then the rows, in as many column groups as the width needs.
  func table(_ table: ReportTable) -> [Line] {
    var lines = [Line(), Line([(" " + table.title, .heading)])]
    if let note = table.note { lines += wrapped(note, width: width - 4) }
    let figures = table.columns.indices.filter { column in !table.rows.contains { $0.values[column].isBar } }
    let bar = table.columns.indices.first { column in table.rows.first?.values[column].isBar == true }
    let texts = table.rows.map { row in row.values.map(text) }
    let widths = table.columns.indices.map { column in
      ([DisplayWidth.of(table.columns[column].label) + (table.columns[column].tone == nil ? 0 : 4)]
        + texts.map { DisplayWidth.of($0[column]) }).max() ?? 0
    }
    let longest = ([DisplayWidth.of(table.rowHeader)] + table.rows.map { labelWidth($0) }).max() ?? 0
    let labelColumn = min(longest, max(24, width / 2 - 4))
    for group in groups(figures, widths: widths, label: labelColumn) {
      let used = 3 + labelColumn + group.reduce(0) { $0 + 2 + widths[$1] }
      let barRoom = bar != nil && group.last == figures.last ? min(30, width - used - 3) : 0
      var header = Line([("   " + DisplayWidth.pad(table.rowHeader, to: labelColumn), .heading)])
      for column in group {
        let title = table.columns[column]
        header.add("  ")
        if let tone = title.tone {
          header.add(" \(tone.letter) ", role(tone))
          header.add(" ")
        }
        let label = title.label
        let pad = widths[column] - DisplayWidth.of(label) - (title.tone == nil ? 0 : 4)
        header.add(String(repeating: " ", count: max(0, pad)) + label, .heading)
      }
      if let bar, barRoom >= 10 { header.add("  " + table.columns[bar].label, .heading) }
      lines.append(header)
      for (index, row) in table.rows.enumerated() {
        var line = Line([("   ", .normal)])
        if let tone = row.tone {
          line.add(" \(tone.letter) ", role(tone))
          line.add(" " + DisplayWidth.truncate(row.label, to: labelColumn - 4) + padding(row, labelColumn))
        } else {
          line.add(DisplayWidth.pad(DisplayWidth.truncate(row.label, to: labelColumn), to: labelColumn))
        }
        for column in group {
          let value = texts[index][column]
          line.add("  " + String(repeating: " ", count: max(0, widths[column] - DisplayWidth.of(value))) + value)
        }
        if let bar, barRoom >= 10 { addBar(row.values[bar], width: barRoom, to: &line) }
        lines.append(line)
      }
    }
    return lines
  }

  func labelWidth(_ row: TableRow) -> Int { DisplayWidth.of(row.label) + (row.tone == nil ? 0 : 4) }

  func padding(_ row: TableRow, _ column: Int) -> String {
    String(
      repeating: " ", count: max(0, column - 4 - DisplayWidth.of(DisplayWidth.truncate(row.label, to: column - 4))))
  }

  /// Columns that fit beside the labels, then the next ones, each group with the labels again.
  func groups(_ columns: [Int], widths: [Int], label: Int) -> [[Int]] {
    var groups: [[Int]] = [[]]
    var used = 3 + label
    for column in columns {
      if !groups[groups.count - 1].isEmpty, used + 2 + widths[column] > width - 1 {
        groups.append([])
        used = 3 + label
      }
      groups[groups.count - 1].append(column)
      used += 2 + widths[column]
    }
    return groups
  }

  func text(_ value: TableValue) -> String {
    switch value {
    case .cell(let cell): Figures.cell(cell, language)
    case .integer(let value): value.map(String.init) ?? Figures.suppressed
    case .number(let value, let decimals, let unit):
      value.map {
        unit == "pp" || unit == "±" ? Figures.signed($0, decimals, language) : Figures.decimal($0, decimals, language)
      }
        ?? Figures.suppressed
    case .text(let text): text
    case .stackedBar, .pairedBars: ""
    }
  }

  func addBar(_ value: TableValue, width: Int, to line: inout Line) {
    switch value {
    case .stackedBar(let segments):
      line.add("  ")
      addSegments(segments, width: width, to: &line)
    case .pairedBars(let segments):
      line.add("  ")
      for segment in segments {
        let drawn = addSegments([segment], width: width / 2 - 1, to: &line)
        line.add(String(repeating: " ", count: max(0, width / 2 - drawn)))
      }
    default: break
    }
  }

  /// A bar of `width` columns for 100 %; a suppressed segment is left out. Returns its length.
  @discardableResult
  func addSegments(_ segments: [BarSegment], width: Int, to line: inout Line) -> Int {
    let drawn = BarSegment.lengths(segments, width: width)
    for (tone, length) in drawn { line.add(String(repeating: glyph(tone), count: length), role(tone)) }
    return drawn.reduce(0) { $0 + $1.length }
  }

  func glyph(_ tone: Tone) -> String {
    switch tone {
    case .green: asciiOnly ? "#" : "█"
    case .yellow: asciiOnly ? "=" : "▓"
    case .red: asciiOnly ? "." : "░"
    case .next, .miss: asciiOnly ? "-" : "▒"
    case .blue, .neutral, .now, .hit, .surprise, .calibrated: asciiOnly ? "#" : "█"
    }
  }

  func role(_ tone: Tone) -> Role {
    switch tone {
    case .green: .scoreGreen
    case .yellow: .scoreYellow
    case .red: .scoreRed
    case .blue: .blueLight
    case .neutral, .now, .next, .hit, .miss, .surprise, .calibrated: .heading
    }
  }
}
