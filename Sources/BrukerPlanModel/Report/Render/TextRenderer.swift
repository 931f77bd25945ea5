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
    var out = ""
    out += bold(document.title) + "\n"
    out += String(repeating: style.unicode ? "═" : "=", count: document.title.count) + "\n"
    out += document.subtitle + "\n"
    for block in document.blocks {
      if case .lineChart = block { continue }  // the table beside it carries the same figures
      out += "\n"
      switch block {
      case .heading(let text):
        out += bold(text) + "\n" + String(repeating: style.unicode ? "━" : "=", count: text.count) + "\n"
      case .paragraph(let text): out += wrap(text) + "\n"
      case .keyFigures(let table), .table(let table): out += render(table)
      case .lineChart: break
      }
    }
    out += "\n" + bold("Merknader") + "\n"
    for note in document.notes { out += wrap("- " + note, indent: "  ") + "\n" }
    return out
  }

  func render(_ table: ReportTable) -> String {
    var out = bold(table.title) + "\n"
    out += String(repeating: style.unicode ? "─" : "-", count: table.title.count) + "\n"
    if let note = table.note { out += wrap(note) + "\n" }
    let split = table.columns.indices.map { column in
      table.rows.contains { row in
        if case .cell = row.values[column] { return true }
        return false
      }
    }
    var header = [Piece(table.rowHeader)]
    for (position, column) in table.columns.enumerated() {
      let label = column.tone.map { chip($0).shown + " " + column.label } ?? column.label
      let width = column.tone.map { _ in 4 + column.label.count } ?? column.label.count
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
    var physical = 1
    for (position, _) in table.columns.enumerated() {
      if table.rows.first.map({ $0.values[position].isBar }) == true { leftAligned[physical] = true }
      physical += split[position] ? 2 : 1
    }
    for (number, line) in lines.enumerated() {
      var text = ""
      for (position, piece) in line.enumerated() {
        let pad = String(repeating: " ", count: max(0, widths[position] - piece.width))
        if position > 0 { text += "  " }
        text += leftAligned[position] ? piece.shown + pad : pad + piece.shown
      }
      while text.hasSuffix(" ") { text.removeLast() }
      out += text + "\n"
      if number == 0 {
        let total = widths.reduce(0, +) + 2 * (widths.count - 1)
        out += String(repeating: style.unicode ? "─" : "-", count: total) + "\n"
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
      let text = value.map { unit == "pp" ? Numbers.signed($0, decimals) : Numbers.decimal($0, decimals) }
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
    var shown = ""
    var used = 0
    var cumulative = 0.0
    for segment in segments {
      guard let percent = segment.percent else { continue }
      cumulative += percent
      // Rounding the running total keeps a stacked bar at exactly `width` characters.
      let end = min(width, Int((cumulative / 100 * Double(width)).rounded()))
      let length = max(0, end - used)
      guard length > 0 else { continue }
      used += length
      shown += paint(String(repeating: glyph(segment.tone), count: length), segment.tone)
    }
    return Piece(shown: shown, width: used)
  }

  func glyph(_ tone: Tone) -> String {
    switch (style.unicode, style.color) {
    case (true, true): "█"
    case (true, false):
      switch tone {
      case .green: "░"
      case .yellow: "▒"
      case .red: "▓"
      case .blue, .neutral, .now: "█"
      case .next: "▓"
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
    case .neutral, .now: "36"
    case .next: "35"
    }
  }

  func background(_ tone: Tone) -> String {
    switch tone {
    case .green: "30;42"
    case .yellow: "30;43"
    case .red: "97;41"
    case .blue: "97;44"
    case .neutral, .now: "30;46"
    case .next: "97;45"
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
