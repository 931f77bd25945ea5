/// How the text format may decorate: Unicode bars and ANSI colour only on a terminal that
/// wants them (the command decides with isatty and NO_COLOR).
public struct TextStyle: Hashable, Sendable {
  public var unicode: Bool
  public var color: Bool

  public init(unicode: Bool, color: Bool) {
    self.unicode = unicode
    self.color = color
  }

  /// Plain ASCII decoration, no colour: for files, pipes and NO_COLOR.
  public static let plain = TextStyle(unicode: false, color: false)
  public static let terminal = TextStyle(unicode: true, color: true)
}

/// Aligned tables for the terminal. Labels stay UTF-8; decoration (rules, bars, chips) is ASCII
/// unless the style allows Unicode.
struct TextRenderer {
  var style: TextStyle
  static let barWidth = 20

  /// Text as shown, and its width in characters (ANSI codes take no room).
  struct Piece {
    var shown: String
    var width: Int
    init(_ text: String) {
      shown = text
      width = text.count
    }
    init(shown: String, width: Int) {
      self.shown = shown
      self.width = width
    }
  }

  func render(_ document: ReportDocument) -> String {
    let width = document.textWidth ?? 100
    var out = ""
    out += bold(document.title) + "\n"
    out += String(repeating: style.unicode ? "═" : "=", count: min(width, document.title.count)) + "\n"
    out += wrap(document.subtitle, width: width) + "\n"
    for block in document.blocks {
      switch block {
      // The table beside a chart carries the same figures.
      case .lineChart, .smallMultiples, .barChart: continue
      case .heading(let text):
        out +=
          "\n" + bold(text) + "\n" + String(repeating: style.unicode ? "━" : "=", count: min(width, text.count))
          + "\n"
      case .paragraph(let text): out += "\n" + wrap(text, width: width) + "\n"
      case .keyFigures(let table), .table(let table): out += "\n" + render(table, width: document.textWidth)
      }
    }
    out += "\n" + bold("Merknader") + "\n"
    for note in document.notes { out += wrap("- " + note, indent: "  ", width: width) + "\n" }
    return out
  }

  /// A table; with `width`, one wider than that is split into parts that each repeat the row labels.
  func render(_ table: ReportTable, width: Int? = nil) -> String {
    var out = bold(table.title) + "\n"
    out += String(repeating: style.unicode ? "─" : "-", count: min(width ?? 100, table.title.count)) + "\n"
    if let note = table.note { out += wrap(note, width: width ?? 100) + "\n" }
    let split = table.columns.indices.map { column in
      table.rows.contains { row in
        if case .cell = row.values[column] { return true }
        return false
      }
    }
    var header = [Piece(table.rowHeader)]
    // The physical columns (pieces) of each table column: two for a count and its percent.
    var groups: [[Int]] = []
    for (position, column) in table.columns.enumerated() {
      let label = column.tone.map { chip($0).shown + " " + column.label } ?? column.label
      let width = column.tone.map { _ in 4 + column.label.count } ?? column.label.count
      groups.append(split[position] ? [header.count, header.count + 1] : [header.count])
      header.append(Piece(shown: label, width: width))
      if split[position] { header.append(Piece("%")) }
    }
    var lines = [header]
    for row in table.rows {
      var line = [
        row.tone.map { tone in
          Piece(shown: chip(tone).shown + " " + row.label, width: 4 + row.label.count)
        } ?? Piece(row.label)
      ]
      for (position, value) in row.values.enumerated() {
        line += pieces(value, split: split[position])
      }
      lines.append(line)
    }
    let count = lines.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: count)
    var leftAligned = [Bool](repeating: false, count: count)
    leftAligned[0] = true
    for line in lines {
      for (position, piece) in line.enumerated() { widths[position] = max(widths[position], piece.width) }
    }
    // Bars read from the left.
    for (position, _) in table.columns.enumerated()
    where table.rows.first.map({ $0.values[position].isBar }) == true {
      leftAligned[groups[position][0]] = true
    }
    // Columns in parts that fit: each part starts with the row labels.
    var parts: [[Int]] = [[]]
    var used = widths[0]
    for group in groups {
      let extra = group.reduce(0) { $0 + 2 + widths[$1] }
      if let width, used + extra > width, !parts[parts.count - 1].isEmpty {
        parts.append([])
        used = widths[0]
      }
      parts[parts.count - 1] += group
      used += extra
    }
    for (number, part) in parts.enumerated() {
      if number > 0 { out += "\n" + wrap(table.title + " (forts.)", width: width ?? 100) + "\n" }
      let columns = [0] + part
      for (index, line) in lines.enumerated() {
        var text = ""
        for position in columns {
          let piece = position < line.count ? line[position] : Piece("")
          let pad = String(repeating: " ", count: max(0, widths[position] - piece.width))
          if position > 0 { text += "  " }
          text += leftAligned[position] ? piece.shown + pad : pad + piece.shown
        }
        while text.hasSuffix(" ") { text.removeLast() }
        out += text + "\n"
        if index == 0 {
          let total = columns.reduce(0) { $0 + widths[$1] } + 2 * (columns.count - 1)
          out += String(repeating: style.unicode ? "─" : "-", count: total) + "\n"
        }
      }
    }
    return out
  }

  func pieces(_ value: TableValue, split: Bool) -> [Piece] {
    switch value {
    case .cell(let cell):
      let count = cell.count.map(String.init) ?? Numbers.suppressed
      let percent = cell.isSuppressed ? Numbers.suppressed : (cell.percent.map { Numbers.decimal($0, 1) } ?? "–")
      return [Piece(count), Piece(percent)]
    case .integer(let value):
      return [Piece(value.map(String.init) ?? Numbers.suppressed)] + (split ? [Piece("")] : [])
    case .number(let value, let decimals, let unit):
      let text = value.map {
        unit == "pp" || unit == "±" ? Numbers.signed($0, decimals) : Numbers.decimal($0, decimals)
      }
      return [Piece(text ?? Numbers.suppressed)] + (split ? [Piece("")] : [])
    case .text(let text): return [Piece(text)] + (split ? [Piece("")] : [])
    case .stackedBar(let segments): return [bar(segments, width: Self.barWidth)]
    case .pairedBars(let segments):
      let bars = segments.map { bar([$0], width: Self.barWidth / 2) }
      return [
        Piece(
          shown: bars.map { $0.shown + String(repeating: " ", count: Self.barWidth / 2 - $0.width) }
            .joined(separator: " "),
          width: (Self.barWidth / 2 + 1) * bars.count - 1)
      ]
    }
  }

  /// A bar of `width` characters for 100 %; a suppressed segment is left out.
  func bar(_ segments: [BarSegment], width: Int) -> Piece {
    let drawn = BarSegment.lengths(segments, width: width)
    let shown = drawn.map { paint(String(repeating: glyph($0.tone), count: $0.length), $0.tone) }.joined()
    return Piece(shown: shown, width: drawn.reduce(0) { $0 + $1.length })
  }

  func glyph(_ tone: Tone) -> String {
    switch (style.unicode, style.color) {
    case (true, true): "█"
    case (true, false):
      switch tone {
      case .green: "░"
      case .yellow: "▒"
      case .red: "▓"
      case .blue, .neutral, .now, .hit: "█"
      case .next, .miss: "▓"
      case .surprise, .calibrated: "▒"
      }
    case (false, _): tone.letter
    }
  }

  func chip(_ tone: Tone) -> Piece {
    guard style.color else { return Piece("[\(tone.letter)]") }
    // " G " on the tone's background: three columns, like "[G]".
    return Piece(shown: "\u{1B}[\(background(tone))m \(tone.letter) \u{1B}[0m", width: 3)
  }

  func paint(_ text: String, _ tone: Tone) -> String {
    style.color ? "\u{1B}[\(foreground(tone))m\(text)\u{1B}[0m" : text
  }

  func bold(_ text: String) -> String { style.color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

  func foreground(_ tone: Tone) -> String {
    switch tone {
    case .green: "32"
    case .yellow: "33"
    case .red: "31"
    case .blue: "34"
    case .neutral, .now, .hit: "36"
    case .next, .miss: "35"
    case .surprise, .calibrated: "34"
    }
  }

  func background(_ tone: Tone) -> String {
    switch tone {
    case .green: "30;42"
    case .yellow: "30;43"
    case .red: "97;41"
    case .blue: "97;44"
    case .neutral, .now, .hit: "30;46"
    case .next, .miss: "97;45"
    case .surprise, .calibrated: "97;44"
    }
  }

  func wrap(_ text: String, indent: String = "", width: Int = 100) -> String {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > width {
        lines.append(line)
        line = indent + word
      } else {
        line += (line.isEmpty ? "" : " ") + word
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines.joined(separator: "\n")
  }
}
