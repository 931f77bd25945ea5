/// Text that leaves the program for a terminal, a spreadsheet or a browser: whatever a round or
/// survey file holds (a unit name with ESC ]0;…BEL, a unit id `=1+2`) must not act on the reader.
public enum TextSafety {
  /// `text` without control characters (C0, DEL, C1) and without the bidirectional overrides
  /// and isolates that reorder what a reader sees. Keeps the scalars in `keeping` (such as "\n").
  public static func withoutControlCharacters(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
    guard text.unicodeScalars.contains(where: { isUnsafe($0) && !keeping.contains($0) }) else { return text }
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: text.unicodeScalars.filter { !isUnsafe($0) || keeping.contains($0) })
    return String(scalars)
  }

  static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  /// Whether a spreadsheet would take a cell starting like this for a formula (OWASP's list).
  public static func startsLikeFormula(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first else { return false }
    return "=+-@\t\r".unicodeScalars.contains(first)
  }

  /// A text cell for a spreadsheet: a leading `'` makes a formula-like cell plain text (OWASP).
  /// Only for text: a number such as -1,50 must stay a number.
  public static func spreadsheetText(_ text: String) -> String {
    let cleaned = withoutControlCharacters(text, keeping: ["\t", "\r", "\n"])
    return startsLikeFormula(cleaned) ? "'" + cleaned : cleaned
  }

  /// Every digit of a word made only of digits (and - . / separators) shown as a bullet, as the
  /// number field shows a typed fødselsnummer: a number typed into a search box stays hidden.
  /// Words of up to four digits stay readable: the list is filtered on birth years.
  public static func maskingDigitWords(_ text: String, bullet: Character = "•") -> String {
    text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
      let isNumber =
        word.filter(\.isASCIIDigit).count > 4 && word.allSatisfy { $0.isASCIIDigit || "-./".contains($0) }
      return isNumber ? String(word.map { $0.isASCIIDigit ? bullet : $0 }) : String(word)
    }.joined(separator: " ")
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Round {
  /// What `new-round` (command line or UI) refuses beyond `validate()`: codes and unit ids that
  /// a spreadsheet would run as a formula, and control characters in any name or id.
  public func newRoundProblems() -> [FieldProblem] {
    var problems = validate()
    func check(_ field: String, _ value: String, isID: Bool) {
      if value.unicodeScalars.contains(where: TextSafety.isUnsafe) {
        problems.append(FieldProblem(field, "must not hold control characters"))
      } else if isID, TextSafety.startsLikeFormula(value) {
        problems.append(FieldProblem(field, "must not start with =, +, -, @, a tab or a carriage return"))
      }
    }
    check("municipality.code", municipality.code, isID: true)
    check("municipality.name", municipality.name, isID: false)
    for (index, unit) in units.enumerated() {
      check("units[\(index)].id", unit.id, isID: true)
      check("units[\(index)].name", unit.name, isID: false)
    }
    return problems
  }
}

extension ReportDocument {
  /// The document with every text from the data made safe for any output format.
  func cleaned() -> ReportDocument {
    func c(_ text: String) -> String { TextSafety.withoutControlCharacters(text) }
    func table(_ table: ReportTable) -> ReportTable {
      var table = table
      table.title = c(table.title)
      table.note = table.note.map(c)
      table.rowHeader = c(table.rowHeader)
      table.columns = table.columns.map { TableColumn(key: c($0.key), label: c($0.label), tone: $0.tone) }
      table.rows = table.rows.map { row in
        var row = row
        row.key = c(row.key)
        row.label = c(row.label)
        row.values = row.values.map {
          if case .text(let text) = $0 { return .text(c(text)) }
          return $0
        }
        return row
      }
      return table
    }
    func lineChart(_ chart: LineChart) -> LineChart {
      var chart = chart
      chart.title = c(chart.title)
      chart.xLabels = chart.xLabels.map(c)
      chart.series = chart.series.map { (c($0.label), $0.tone, $0.values) }
      return chart
    }
    var document = self
    document.title = c(title)
    document.subtitle = c(subtitle)
    document.notes = notes.map(c)
    document.blocks = blocks.map { block in
      switch block {
      case .heading(let text): .heading(c(text))
      case .paragraph(let text): .paragraph(c(text))
      case .keyFigures(let value): .keyFigures(table(value))
      case .table(let value): .table(table(value))
      case .lineChart(let chart): .lineChart(lineChart(chart))
      case .smallMultiples(let title, let note, let charts):
        .smallMultiples(title: c(title), note: note.map(c), charts: charts.map(lineChart))
      case .barChart(var chart):
        {
          chart.title = c(chart.title)
          chart.note = chart.note.map(c)
          chart.unit = c(chart.unit)
          chart.legend = chart.legend.map { ($0.tone, c($0.label)) }
          chart.rows = chart.rows.map { row in
            var row = row
            row.label = c(row.label)
            row.note = c(row.note)
            return row
          }
          return .barChart(chart)
        }()
      }
    }
    return document
  }
}
