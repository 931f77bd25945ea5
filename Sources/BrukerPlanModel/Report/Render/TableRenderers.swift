/// Markdown tables for pasting into documents. Bars are left out; the numbers are all there.
struct MarkdownRenderer {
  func render(_ document: ReportDocument) -> String {
    var out = "# \(escape(document.title))\n\n\(escape(document.subtitle))\n"
    for block in document.blocks {
      switch block {
      // The table beside a chart carries the same figures.
      case .lineChart, .smallMultiples, .barChart: continue
      case .heading(let text): out += "\n## \(escape(text))\n"
      case .paragraph(let text): out += "\n\(escape(text))\n"
      case .keyFigures(let table), .table(let table): out += "\n" + render(table)
      }
    }
    out += "\n## Merknader\n\n"
    for note in document.notes { out += "- \(escape(note))\n" }
    return out
  }

  func render(_ table: ReportTable) -> String {
    var out = "### \(escape(table.title))\n\n"
    if let note = table.note { out += "*\(escape(note))*\n\n" }
    let kept = table.columns.indices.filter { column in !(table.rows.first?.values[column].isBar ?? false) }
    let split = kept.map { column in
      table.rows.contains { row in
        if case .cell = row.values[column] { return true }
        return false
      }
    }
    var header = [table.rowHeader]
    var align = ["---"]
    for (position, column) in kept.enumerated() {
      header.append(table.columns[column].label)
      align.append("--:")
      if split[position] {
        header.append("%")
        align.append("--:")
      }
    }
    out += "| " + header.map(escape).joined(separator: " | ") + " |\n"
    out += "|" + align.joined(separator: "|") + "|\n"
    for row in table.rows {
      var fields = [row.label]
      for (position, column) in kept.enumerated() {
        fields += Self.fields(row.values[column], split: split[position])
      }
      out += "| " + fields.map(escape).joined(separator: " | ") + " |\n"
    }
    return out
  }

  /// Text fields of one value for people: count and percent, or one figure.
  static func fields(_ value: TableValue, split: Bool) -> [String] {
    let extra = split ? [""] : []
    switch value {
    case .cell(let cell):
      return [
        cell.count.map(String.init) ?? Numbers.suppressed,
        cell.isSuppressed ? Numbers.suppressed : (cell.percent.map { Numbers.decimal($0, 1) } ?? "–"),
      ]
    case .integer(let value): return [value.map(String.init) ?? Numbers.suppressed] + extra
    case .number(let value, let decimals, let unit):
      return [
        value.map { unit == "pp" || unit == "±" ? Numbers.signed($0, decimals) : Numbers.decimal($0, decimals) }
          ?? Numbers.suppressed
      ]
        + extra
    case .text(let text): return [text] + extra
    case .stackedBar, .pairedBars: return [""]
    }
  }

  static let entities: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;"]
  static let markup: Set<Character> = ["\\", "|", "*", "_", "`", "[", "]"]

  /// Markdown would pass raw HTML through and make links of [text](url) and <url>: every
  /// character that starts markup is escaped, HTML's three as entities.
  func escape(_ text: String) -> String {
    let out = text.map { Self.entities[$0] ?? (Self.markup.contains($0) ? "\\\($0)" : String($0)) }.joined()
    // No scheme survives as a link, even where a renderer links bare URLs.
    return out.replacingOccurrences(of: "javascript:", with: "javascript\\:", options: .caseInsensitive)
  }
}

/// One tidy table for spreadsheets: section;row;column;count;percent.
///
/// Made for Norwegian Excel: `;` as delimiter (the comma is the decimal mark), decimal comma,
/// a UTF-8 byte order mark so æøå open correctly, CRLF line ends, RFC 4180 quoting.
/// `count` holds counts and other absolute figures (n, mean age, prevalence per 1000,
/// growth in persons); `percent` holds percents and changes in percentage points (2 decimals).
/// A suppressed figure is ":" in both columns. Keys, not labels, name sections, rows and columns.
struct CSVRenderer {
  static let header = ["section", "row", "column", "count", "percent"]

  func render(_ document: ReportDocument) -> String {
    var lines = [Self.header]
    for block in document.blocks {
      switch block {
      case .keyFigures(let table), .table(let table): lines += rows(table)
      case .heading, .paragraph, .lineChart, .smallMultiples, .barChart: break
      }
    }
    // Section, row and column are texts from the data (a unit id, a municipality code); the
    // figures after them are numbers, where a leading - is a sign.
    let cells = lines.map { line in line.enumerated().map { $0 < 3 ? TextSafety.spreadsheetText($1) : $1 } }
    return "\u{FEFF}" + cells.map { $0.map(quote).joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
  }

  func rows(_ table: ReportTable) -> [[String]] {
    var lines: [[String]] = []
    for row in table.rows {
      for (column, value) in zip(table.columns, row.values) {
        let prefix = [table.id, row.key, column.key]
        switch value {
        case .cell(let cell):
          lines.append(
            prefix + [
              cell.count.map(String.init) ?? Numbers.suppressed,
              cell.isSuppressed ? Numbers.suppressed : (cell.percent.map { Numbers.decimal($0, 2) } ?? ""),
            ])
        case .integer(let value): lines.append(prefix + [value.map(String.init) ?? Numbers.suppressed, ""])
        case .number(let value, _, let unit):
          let text = value.map { Numbers.decimal($0, unit == "±" ? 0 : 2) } ?? Numbers.suppressed
          lines.append(prefix + (unit == "" || unit == "±" ? [text, ""] : ["", text]))
        case .text, .stackedBar, .pairedBars: break
        }
      }
    }
    return lines
  }

  func quote(_ field: String) -> String {
    guard field.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
