import Foundation

/// One self-contained HTML file (inline CSS and SVG, no external assets) for the annual results
/// day: key figures, tables with bars and the numbers beside them, line charts for trends, and
/// a print style sheet.
struct HTMLRenderer {
  enum Kind { case report, comparison, trend }
  var kind: Kind

  /// Colours for series that are not scores: none of them green, yellow or red, so a line is never
  /// read as a traffic light (the score and index tones keep those colours).
  static let palette = ["#2f6db5", "#7d4fb3", "#5a5a5a", "#1b7f8c", "#8c6d31", "#b5487d", "#14365e", "#6b8fb3"]

  func render(_ document: ReportDocument) -> String {
    var out = """
      <!DOCTYPE html>
      <html lang="nb">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape(document.title))</title>
      <style>\(Self.css)\(pageStyle(document))</style>
      </head>
      <body>
      \(kind == .report ? "" : Self.patternDefinitions)
      <main>
      <header><h1>\(escape(document.title))</h1><p class="sub">\(escape(document.subtitle))</p>\(meta(document))</header>

      """
    for block in document.blocks {
      switch block {
      case .heading(let text): out += "<h2 class=\"part\">\(escape(text))</h2>\n"
      case .paragraph(let text): out += "<p class=\"para\">\(escape(text))</p>\n"
      case .keyFigures(let table) where table.columns.count == 1: out += cards(table)
      case .keyFigures(let table), .table(let table): out += section(table)
      case .lineChart(let chart): out += lineChart(chart)
      case .smallMultiples(let title, let note, let charts):
        out += smallMultiples(title: title, note: note, charts: charts)
      case .barChart(let chart): out += barChart(chart)
      }
    }
    out += "<footer><h2>Merknader</h2>\n<ul>\n"
    for note in document.notes { out += "<li>\(escape(note))</li>\n" }
    out += "</ul>\n<p class=\"legend\"><span class=\"sup\">:</span> = prikket (for få personer til å vises).</p>\n"
    out += "</footer>\n</main>\n</body>\n</html>\n"
    return out
  }

  func cards(_ table: ReportTable) -> String {
    var out = "<section class=\"keys\">\n"
    for row in table.rows {
      let value = MarkdownRenderer.fields(row.values[0], split: false)[0]
      out +=
        "<div class=\"card\"><div class=\"num\">\(escape(value))</div><div class=\"lbl\">\(escape(row.label))</div></div>\n"
    }
    return out + "</section>\n"
  }

  func section(_ table: ReportTable) -> String {
    var out = "<section class=\"block\">\n<h2>\(escape(table.title))</h2>\n"
    if let note = table.note { out += "<p class=\"note\">\(escape(note))</p>\n" }
    let split = table.columns.indices.map { column in
      table.rows.contains { row in
        if case .cell = row.values[column] { return true }
        return false
      }
    }
    out += "<table>\n<thead><tr><th class=\"label\">\(escape(table.rowHeader))</th>"
    for (position, column) in table.columns.enumerated() {
      let isBar = table.rows.first?.values[position].isBar ?? false
      let chip = column.tone.map { self.chip($0) + " " } ?? ""
      if isBar {
        out += "<th class=\"barcol\">\(escape(column.label))</th>"
      } else if split[position] {
        out += "<th>\(chip)\(escape(column.label))</th><th class=\"pct\">%</th>"
      } else {
        out += "<th>\(chip)\(escape(column.label))</th>"
      }
    }
    out += "</tr></thead>\n<tbody>\n"
    for row in table.rows {
      let chip = row.tone.map { self.chip($0) + " " } ?? ""
      out += "<tr><td class=\"label\">\(chip)\(escape(row.label))</td>"
      for (position, value) in row.values.enumerated() {
        switch value {
        case .stackedBar(let segments): out += "<td class=\"barcol\">\(stackedBar(segments))</td>"
        case .pairedBars(let segments): out += "<td class=\"barcol\">\(pairedBars(segments))</td>"
        default:
          for field in MarkdownRenderer.fields(value, split: split[position]) {
            out +=
              field == Numbers.suppressed ? "<td class=\"sup\" title=\"Prikket\">:</td>" : "<td>\(escape(field))</td>"
          }
        }
      }
      out += "</tr>\n"
    }
    return out + "</tbody>\n</table>\n</section>\n"
  }

  func chip(_ tone: Tone) -> String { "<span class=\"chip \(css(tone))\">\(tone.letter)</span>" }

  func stackedBar(_ segments: [BarSegment]) -> String {
    var out = "<div class=\"stack\">"
    for segment in segments {
      guard let percent = segment.percent, percent > 0 else { continue }
      let label = percent >= 8 ? Numbers.decimal(percent, 0) : ""
      out +=
        "<span class=\"seg \(css(segment.tone))\" style=\"width:\(Numbers.decimal(percent, 2, comma: false))%\">\(label)</span>"
    }
    return out + "</div>"
  }

  func pairedBars(_ segments: [BarSegment]) -> String {
    var out = "<div class=\"pair\">"
    for segment in segments {
      let width = Numbers.decimal(segment.percent ?? 0, 2, comma: false)
      out += "<div class=\"line\"><span class=\"seg \(css(segment.tone))\" style=\"width:\(width)%\"></span>"
      out += "<em>\(Numbers.percent(segment.percent))</em></div>"
    }
    return out + "</div>"
  }

  /// What every printed page carries: municipality and years at the top, date made and k beside
  /// them, page numbers at the bottom (CSS page-margin boxes).
  func pageStyle(_ document: ReportDocument) -> String {
    guard let title = document.printTitle else { return "" }
    return """
      @page{@top-left{content:\(cssString(title));font-size:9pt;color:#4a5663}
      @top-right{content:\(cssString(document.printDetails ?? ""));font-size:9pt;color:#4a5663}
      @bottom-right{content:"Side " counter(page) " av " counter(pages);font-size:9pt;color:#4a5663}}

      """
  }

  func meta(_ document: ReportDocument) -> String {
    guard let title = document.printTitle else { return "" }
    return "<p class=\"meta\">\(escape(title)) · \(escape(document.printDetails ?? ""))</p>"
  }

  /// A CSS string literal: everything but letters, digits, spaces and a few marks as a hex escape,
  /// so no name can close the string or the style element.
  func cssString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " .,:·=+-()".unicodeScalars.contains(scalar)
      {
        out.unicodeScalars.append(scalar)
      } else {
        out += "\\" + String(scalar.value, radix: 16) + " "
      }
    }
    return out + "\""
  }

  func colour(_ tone: Tone?, _ position: Int) -> String {
    switch tone {
    case .green: "#3a9b5c"
    case .yellow: "#c99a06"
    case .red: "#d64545"
    case .blue: "#2f5fd0"
    // Has now and expected: navy and purple, far from the traffic lights and from Blålys.
    case .now: "#14365e"
    case .next: "#7d4fb3"
    default: Self.palette[position % Self.palette.count]
    }
  }

  func css(_ tone: Tone) -> String {
    switch tone {
    case .green: "g"
    case .yellow: "y"
    case .red: "r"
    case .blue: "b"
    case .neutral: "n"
    case .now: "now"
    case .next: "next"
    case .hit: "hit"
    case .miss: "miss"
    case .surprise: "surprise"
    case .calibrated: "calibrated"
    }
  }

  func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(character)
      }
    }
    return out
  }

  static let css = """

    body{font-family:"Segoe UI",Helvetica,Arial,sans-serif;color:#1d2733;background:#f4f6f8;margin:0}
    main{max-width:1080px;margin:0 auto;padding:24px 28px;background:#fff}
    h1{font-size:26px;margin:0 0 4px}h2{font-size:18px;margin:0 0 6px}
    h2.part{margin:28px 0 8px;padding-top:8px;border-top:2px solid #1d2733}
    .sub,.note,.para{color:#4a5663;font-size:13px;margin:0 0 10px}
    .keys{display:flex;flex-wrap:wrap;gap:10px;margin:18px 0}
    .card{flex:1 1 140px;border:1px solid #d5dbe1;border-radius:6px;padding:10px 12px;background:#f9fafb}
    .card .num{font-size:26px;font-weight:600}.card .lbl{font-size:12px;color:#4a5663}
    .block{margin:22px 0;break-inside:avoid;page-break-inside:avoid}
    table{border-collapse:collapse;width:100%;font-size:13px}
    th,td{padding:3px 8px;border-bottom:1px solid #e3e7eb;text-align:right;white-space:nowrap}
    th{background:#eef1f4;font-weight:600}
    th.label,td.label{text-align:left;white-space:normal}
    th.pct{color:#4a5663;font-weight:400}
    td.sup{color:#8a4b00;font-weight:600}
    .barcol{width:34%;text-align:left}
    .chip{display:inline-block;min-width:16px;padding:0 3px;border-radius:3px;font-size:11px;font-weight:700;text-align:center}
    .stack{display:flex;height:18px;background:#eef1f4;border-radius:3px;overflow:hidden}
    .seg{display:inline-block;height:100%;font-size:11px;line-height:18px;text-align:center;color:#fff;overflow:hidden}
    .g{background:#3a9b5c;color:#fff}.y{background:#f2c94c;color:#1d2733}.r{background:#d64545;color:#fff}
    .b{background:#2f5fd0;color:#fff}.n{background:#5b7d99;color:#fff}.now{background:#4a7fb5}.next{background:#e08a2c}
    .pair .line{display:flex;align-items:center;height:10px;margin:2px 0}
    .pair .seg{height:8px;border-radius:2px}.pair em{font-style:normal;font-size:10px;margin-left:4px;color:#4a5663}
    .chart{width:100%;max-width:720px;height:auto}.chart .grid{stroke:#e3e7eb}.chart .axis{font-size:11px;fill:#4a5663}
    .legendlist{list-style:none;padding:0;margin:4px 0;font-size:12px;columns:2}
    .legendlist svg{vertical-align:middle}
    .meta{font-size:12px;color:#4a5663;margin:4px 0 0}
    .defs{position:absolute}
    h3{font-size:14px;margin:0 0 4px}
    .multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px 18px}
    .multiple{margin:0;break-inside:avoid;page-break-inside:avoid}
    .multiple .legendlist{columns:1;font-size:11px}
    .chart .lbl{font-size:12px;fill:#1d2733}.chart .val{font-size:11px;fill:#1d2733}
    .chart .in{font-size:10px;font-weight:700;fill:#1d2733}
    .chart .end{font-size:11px;fill:#1d2733}
    .chart .leader{stroke:#8a949e;stroke-width:0.7;stroke-dasharray:1 2}
    .legendlist.key{columns:auto;display:flex;flex-wrap:wrap;gap:4px 18px}
    .bars{max-width:760px}
    .hit{background:#2f6db5;color:#fff}.miss{background:#c9d4e2}.surprise{background:#7d4fb3;color:#fff}
    .calibrated{background:#d9d9d9}
    .swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle}
    footer{margin-top:28px;border-top:1px solid #d5dbe1;font-size:12px;color:#4a5663}
    .sup{color:#8a4b00;font-weight:600}
    @media print{body{background:#fff}main{max-width:none;padding:0}.card{background:#fff}
    th{background:#eee;-webkit-print-color-adjust:exact;print-color-adjust:exact}
    .seg,.chip,.swatch,.stack,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    h2.part{break-before:auto}
    @page{size:A4;margin:14mm}}

    """
}
