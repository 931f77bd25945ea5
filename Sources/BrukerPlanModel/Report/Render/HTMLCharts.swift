import Foundation

/// Self-contained SVG charts that stay readable printed in grey: every tone has a fill pattern as
/// well as a colour, lines differ in dash and marker, and values and names are written on the chart.
/// Only the score and index tones use traffic-light colours.
extension HTMLRenderer {
  /// Fill patterns for every tone, defined once per page and referred to by id.
  static let patternDefinitions: String = {
    func pattern(_ id: String, _ colour: String, _ overlay: String) -> String {
      "<pattern id=\"p-\(id)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
        + "<rect width=\"6\" height=\"6\" fill=\"\(colour)\"/>\(overlay)</pattern>"
    }
    let diagonal = "<path d=\"M0,6 L6,0\" stroke=\"#fff\" stroke-width=\"1.4\"/>"
    let darkDiagonal = "<path d=\"M0,6 L6,0\" stroke=\"#1d2733\" stroke-width=\"1\"/>"
    let dots = "<circle cx=\"3\" cy=\"3\" r=\"1.1\" fill=\"#1d2733\"/>"
    let cross = "<path d=\"M0,6 L6,0 M0,0 L6,6\" stroke=\"#fff\" stroke-width=\"1\"/>"
    let horizontal = "<path d=\"M0,3 L6,3\" stroke=\"#1d2733\" stroke-width=\"1\"/>"
    let patterns = [
      pattern("g", "#3a9b5c", ""), pattern("y", "#f2c94c", dots), pattern("r", "#d64545", diagonal),
      pattern("b", "#2f5fd0", cross), pattern("n", "#5b7d99", ""), pattern("now", "#4a7fb5", ""),
      pattern("next", "#8e6bbf", diagonal), pattern("calibrated", "#d9d9d9", horizontal),
      pattern("hit", "#2f6db5", ""), pattern("miss", "#c9d4e2", darkDiagonal), pattern("surprise", "#7d4fb3", cross),
    ]
    return "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>" + patterns.joined()
      + "</defs></svg>"
  }()

  func fill(_ tone: Tone) -> String { "url(#p-\(css(tone)))" }

  func number(_ value: Double) -> String { Numbers.decimal(value, 1, comma: false) }

  /// Horizontal bars: a row label, one or more stacked bars under each other, the value written
  /// on each segment that has room and at the end of each bar.
  func barChart(_ chart: BarChart) -> String {
    let width = 760.0
    let labelWidth = 230.0
    let barArea = width - labelWidth - 70
    let barHeight = 14.0
    let gap = 10.0
    let totals = chart.rows.flatMap { $0.bars.map { $0.compactMap(\.percent).reduce(0, +) } }
    let maximum = chart.unit == "%" ? 100 : max(1, totals.max() ?? 1)
    var y = 6.0
    var body = ""
    for row in chart.rows {
      let rowHeight = Double(row.bars.count) * (barHeight + 2)
      body +=
        "<text x=\"\(number(labelWidth - 8))\" y=\"\(number(y + rowHeight / 2 + 4))\" class=\"lbl\" text-anchor=\"end\">\(escape(row.label))</text>"
      for (position, bar) in row.bars.enumerated() {
        let top = y + Double(position) * (barHeight + 2)
        var x = labelWidth
        for segment in bar {
          guard let value = segment.percent else {
            body +=
              "<text x=\"\(number(x + 2))\" y=\"\(number(top + barHeight - 3))\" class=\"val\">:</text>"
            x += 10
            continue
          }
          let length = barArea * value / maximum
          guard length > 0 else { continue }
          body +=
            "<rect x=\"\(number(x))\" y=\"\(number(top))\" width=\"\(number(length))\" height=\"\(number(barHeight))\" fill=\"\(fill(segment.tone))\" stroke=\"#1d2733\" stroke-width=\"0.5\"><title>\(escape(segmentTitle(chart, segment)))</title></rect>"
          let text = Numbers.decimal(value, 0)
          let label = "\(segment.tone.letter) \(text)"
          let labelWidth = Double(label.count) * 6 + 4
          if bar.count > 1 && length >= labelWidth + 4 {
            // A plain patch under the text so the hatch never runs through the letters.
            body +=
              "<rect x=\"\(number(x + (length - labelWidth) / 2))\" y=\"\(number(top + 1.5))\" width=\"\(number(labelWidth))\" height=\"\(number(barHeight - 3))\" fill=\"#fff\" rx=\"2\"/>"
            body +=
              "<text x=\"\(number(x + length / 2))\" y=\"\(number(top + barHeight - 3))\" class=\"in\" text-anchor=\"middle\">\(label)</text>"
          }
          x += length
        }
        if bar.count == 1, let value = bar[0].percent {
          body +=
            "<text x=\"\(number(x + 4))\" y=\"\(number(top + barHeight - 3))\" class=\"val\">\(bar[0].tone.letter) \(Numbers.decimal(value, chart.unit == "%" ? 1 : 0))</text>"
        } else if bar.count > 1, position == row.bars.count - 1, !row.note.isEmpty {
          body +=
            "<text x=\"\(number(x + 4))\" y=\"\(number(top + barHeight - 3))\" class=\"val\">\(escape(row.note))</text>"
        }
      }
      y += rowHeight + gap
    }
    let height = y + 4
    var out = "<section class=\"block chartblock\">\n<h2>\(escape(chart.title))</h2>\n"
    if let note = chart.note { out += "<p class=\"note\">\(escape(note))</p>\n" }
    out +=
      "<svg class=\"chart bars\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(chart.title))\">"
      + body + "</svg>\n"
    out += legend(chart.legend)
    return out + "</section>\n"
  }

  func segmentTitle(_ chart: BarChart, _ segment: BarSegment) -> String {
    let name = chart.legend.first { $0.tone == segment.tone }?.label ?? ""
    let value = segment.percent.map { Numbers.decimal($0, chart.unit == "%" ? 1 : 0) } ?? Numbers.suppressed
    return "\(name): \(value) \(chart.unit)"
  }

  func legend(_ entries: [(tone: Tone, label: String)]) -> String {
    var out = "<ul class=\"legendlist\">"
    for entry in entries {
      out +=
        "<li><svg width=\"16\" height=\"12\" aria-hidden=\"true\"><rect width=\"16\" height=\"12\" fill=\"\(fill(entry.tone))\" stroke=\"#1d2733\" stroke-width=\"0.5\"/></svg> \(entry.tone.letter) = \(escape(entry.label))</li>"
    }
    return out + "</ul>\n"
  }

  /// Dash patterns and marker shapes that tell lines apart without colour.
  static let dashes = ["", "7 4", "2 3", "10 3 2 3", "4 2", "1 5"]

  func marker(_ shape: Int, _ x: Double, _ y: Double, _ colour: String) -> String {
    switch shape % 4 {
    case 0: return "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"3.5\" fill=\"\(colour)\""
    case 1:
      return "<rect x=\"\(number(x - 3.5))\" y=\"\(number(y - 3.5))\" width=\"7\" height=\"7\" fill=\"\(colour)\""
    case 2:
      return
        "<path d=\"M\(number(x)),\(number(y - 4.5)) L\(number(x + 4.5)),\(number(y + 3.5)) L\(number(x - 4.5)),\(number(y + 3.5)) Z\" fill=\"\(colour)\""
    default:
      return
        "<path d=\"M\(number(x)),\(number(y - 4.5)) L\(number(x + 4.5)),\(number(y)) L\(number(x)),\(number(y + 4.5)) L\(number(x - 4.5)),\(number(y)) Z\" fill=\"#fff\" stroke=\"\(colour)\" stroke-width=\"1.5\""
    }
  }

  /// Percent (0 to the largest value, or the group's `scaleTop`, rounded up to a step) against the
  /// years; a gap where a value is missing; each line named and valued at its end. A compact chart
  /// (one of small multiples) leaves the key to its group.
  func lineChart(_ chart: LineChart, compact: Bool = false) -> String {
    let width = compact ? 380.0 : 720.0
    let height = compact ? 210.0 : 280.0
    let left = 40.0
    let right = compact ? 112.0 : 150.0
    let top = 14.0
    let bottom = 30.0
    let values = chart.series.flatMap { $0.values.compactMap { $0 } }
    let highest = max(chart.scaleTop ?? 0, values.max() ?? 0)
    let step = highest > 50 ? 20.0 : 10.0
    let ceiling = max(step, (highest / step).rounded(.up) * step)
    let ticks = Int(ceiling / step)
    let steps = max(1, chart.xLabels.count - 1)
    func x(_ position: Int) -> Double { left + (width - left - right) * Double(position) / Double(steps) }
    func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - value / ceiling) }
    var svg =
      "<svg class=\"chart\(compact ? " small" : "")\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(chart.title))\">"
    for tick in 0...ticks {
      let value = step * Double(tick)
      svg +=
        "<line x1=\"\(number(left))\" x2=\"\(number(width - right))\" y1=\"\(number(y(value)))\" y2=\"\(number(y(value)))\" class=\"grid\"/>"
      svg +=
        "<text x=\"\(number(left - 5))\" y=\"\(number(y(value) + 4))\" class=\"axis\" text-anchor=\"end\">\(Numbers.decimal(value, 0)) %</text>"
    }
    for (position, label) in chart.xLabels.enumerated() {
      svg +=
        "<text x=\"\(number(x(position)))\" y=\"\(number(height - 10))\" class=\"axis\" text-anchor=\"middle\">\(escape(label))</text>"
    }
    var endLabels: [(x: Double, y: Double, text: String)] = []
    for (index, series) in chart.series.enumerated() {
      let colour = colour(series.tone, index)
      let dash = dash(chart, index)
      var path = ""
      var pen = false
      for (position, value) in series.values.enumerated() {
        guard let value else {
          pen = false
          continue
        }
        path += "\(pen ? "L" : "M")\(number(x(position))),\(number(y(value))) "
        pen = true
      }
      svg +=
        "<path d=\"\(path.trimmingCharacters(in: [" "]))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
      for (position, value) in series.values.enumerated() {
        guard let value else { continue }
        svg +=
          marker(index, x(position), y(value), colour)
          + "><title>\(escape(series.label)) \(escape(chart.xLabels[position])): \(Numbers.decimal(value, 1)) %</title>"
          + (index % 4 == 0 ? "</circle>" : index % 4 == 1 ? "</rect>" : "</path>")
      }
      if let last = series.values.lastIndex(where: { $0 != nil }), let value = series.values[last] {
        // A line whose latest value is hidden or missing says which year its label is from.
        let year = last < series.values.count - 1 ? " (\(chart.xLabels[last]))" : ""
        endLabels.append(
          (x(last), y(value), "\(shortLabel(series.label, series.tone)) \(Numbers.decimal(value, 0)) %\(year)"))
      }
    }
    // End labels sit in the margin at the height of the line's last point, nudged apart so they
    // never overlap; a line that ends before the last year gets a faint leader to its label.
    var placed: [Double] = []
    for label in endLabels.sorted(by: { $0.y < $1.y }) {
      let position = max(label.y + 4, (placed.last ?? -100) + 12)
      placed.append(position)
      if label.x < width - right - 1 {
        svg +=
          "<line x1=\"\(number(label.x + 5))\" x2=\"\(number(width - right + 3))\" y1=\"\(number(label.y))\" y2=\"\(number(position - 4))\" class=\"leader\"/>"
      }
      svg +=
        "<text x=\"\(number(width - right + 6))\" y=\"\(number(position))\" class=\"end\">\(escape(label.text))</text>"
    }
    svg += "</svg>"
    guard !compact else { return "<figure class=\"multiple\">\n<h3>\(escape(chart.title))</h3>\n\(svg)\n</figure>\n" }
    var legend = "<ul class=\"legendlist\">"
    for (index, series) in chart.series.enumerated() {
      let values = series.values.map { Numbers.percent($0) }.joined(separator: " → ")
      legend += "<li>\(lineSample(chart, index)) \(escape(series.label)): \(values)</li>"
    }
    legend += "</ul>"
    return "<figure class=\"block\">\n<h3>\(escape(chart.title))</h3>\n\(svg)\n\(legend)\n</figure>\n"
  }

  func dash(_ chart: LineChart, _ index: Int) -> String {
    chart.dashed.contains(index) ? "5 4" : Self.dashes[index % Self.dashes.count]
  }

  /// A short stretch of a series' line with its marker, for a key.
  func lineSample(_ chart: LineChart, _ index: Int) -> String {
    let colour = colour(chart.series[index].tone, index)
    let dash = dash(chart, index)
    return
      "<svg width=\"34\" height=\"12\" aria-hidden=\"true\"><line x1=\"0\" x2=\"34\" y1=\"6\" y2=\"6\" stroke=\"\(colour)\" stroke-width=\"2.2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
      + marker(index, 17, 6, colour) + (index % 4 == 0 ? "></circle>" : index % 4 == 1 ? "></rect>" : "></path>")
      + "</svg>"
  }

  /// Score lines are named by their letter; others by their label, cut to fit beside the chart.
  func shortLabel(_ label: String, _ tone: Tone?) -> String {
    if let tone, [.green, .yellow, .red, .blue].contains(tone) { return tone.letter }
    return label.count > 16 ? String(label.prefix(15)) + "…" : label
  }

  /// One small chart per group on one scale where the group asks for it, and one key for all:
  /// the series of every chart are the same (their line, marker and end letter).
  func smallMultiples(title: String, note: String?, charts: [LineChart]) -> String {
    var out = "<section class=\"block\">\n<h2>\(escape(title))</h2>\n"
    if let note { out += "<p class=\"note\">\(escape(note))</p>\n" }
    if let first = charts.first {
      out += "<ul class=\"legendlist key\">"
      for (index, series) in first.series.enumerated() {
        let letter = shortLabel(series.label, series.tone)
        let name = letter == series.label ? letter : "\(letter) = \(series.label)"
        out += "<li>\(lineSample(first, index)) \(escape(name))</li>"
      }
      out += "</ul>\n"
    }
    out += "<div class=\"multiples\">\n"
    for chart in charts { out += lineChart(chart, compact: true) }
    return out + "</div>\n</section>\n"
  }
}
