import Foundation

/// A format-neutral layout of a published report, comparison or trend: headings, tables and
/// charts. Text, Markdown, CSV and HTML are renderings of the same document, so they always
/// carry the same (already suppressed) figures. Built only from the Published* types.
public struct ReportDocument {
  public var title: String
  public var subtitle: String
  public var blocks: [Block] = []
  /// Explanations printed at the end: disclosure rule, index rule, ...
  public var notes: [String] = []
  /// Printed at the top of every page (municipality and years) and beside it (date made and k).
  public var printTitle: String? = nil
  public var printDetails: String? = nil
  /// Text output keeps within this many columns: wider tables are split (compare and trend).
  public var textWidth: Int? = nil
}

public enum Block {
  case heading(String)
  case paragraph(String)
  /// Key figures; HTML shows them as large numbers.
  case keyFigures(ReportTable)
  case table(ReportTable)
  case lineChart(LineChart)
  /// Several line charts side by side, one per group (small multiples).
  case smallMultiples(title: String, note: String?, charts: [LineChart])
  case barChart(BarChart)
}

/// Colours of chips and bars; every one also has a letter or a label, never colour alone.
public enum Tone {
  case green, yellow, red, blue, neutral, now, next
  /// Forecast outcomes on the same persons, and the calibrated estimate.
  case hit, miss, surprise, calibrated

  public var letter: String {
    switch self {
    case .hit: "T"
    case .miss: "U"
    case .surprise: "+"
    case .calibrated: "K"
    case .green: "G"
    case .yellow: "Y"
    case .red: "R"
    case .blue: "B"
    case .neutral: "#"
    case .now: "N"
    case .next: "F"
    }
  }

  init(_ score: Score) {
    switch score {
    case .green: self = .green
    case .yellow: self = .yellow
    case .red: self = .red
    }
  }

  init(_ category: IndexCategory) {
    switch category {
    case .green: self = .green
    case .yellow: self = .yellow
    case .red: self = .red
    case .blueLight: self = .blue
    }
  }
}

public struct BarSegment {
  public var tone: Tone
  public var percent: Double?

  /// Each shown segment's length in a bar of `width` characters (or columns) for 100 %; a
  /// suppressed or empty segment is left out. Rounding the running total, not each segment,
  /// keeps a stacked bar at exactly `width`.
  public static func lengths(_ segments: [BarSegment], width: Int) -> [(tone: Tone, length: Int)] {
    var drawn: [(tone: Tone, length: Int)] = []
    var used = 0
    var cumulative = 0.0
    for segment in segments {
      guard let percent = segment.percent else { continue }
      cumulative += percent
      let end = min(width, Int((cumulative / 100 * Double(width)).rounded()))
      let length = max(0, end - used)
      guard length > 0 else { continue }
      used += length
      drawn.append((segment.tone, length))
    }
    return drawn
  }
}

public enum TableValue {
  case cell(Cell)
  case integer(Int?)
  /// A figure with `decimals` decimals; `unit` is "%", "pp", "" or "±" (a change in persons,
  /// shown with its sign); it decides the CSV column.
  case number(Double?, decimals: Int, unit: String)
  case text(String)
  /// Segments side by side (a stacked bar of one total).
  case stackedBar([BarSegment])
  /// Segments each on its own line (now against next 12 months).
  case pairedBars([BarSegment])

  /// A change in persons with its sign ("+12", "-8"), in CSV's count column.
  static func change(_ persons: Int?) -> TableValue { .number(persons.map(Double.init), decimals: 0, unit: "±") }

  public var isBar: Bool {
    switch self {
    case .stackedBar, .pairedBars: true
    default: false
    }
  }
}

public struct TableColumn {
  public var key: String
  public var label: String
  public var tone: Tone? = nil
}

public struct TableRow {
  public var key: String
  public var label: String
  public var tone: Tone? = nil
  public var values: [TableValue]
}

public struct ReportTable {
  /// The CSV section key.
  public var id: String
  public var title: String
  /// Cross-section or panel, and what the percents are of.
  public var note: String? = nil
  public var rowHeader: String = ""
  public var columns: [TableColumn]
  public var rows: [TableRow]
}

public struct LineChart {
  public var title: String
  public var xLabels: [String]
  /// A series with a tone is drawn in that tone's colour (index categories); others from a palette.
  public var series: [(label: String, tone: Tone?, values: [Double?])]
  /// A dashed series is an expectation (drawn dashed whatever its colour).
  public var dashed: Set<Int> = []
  /// The value the axis must reach at least: small multiples of one group share a scale.
  public var scaleTop: Double? = nil
}

/// Horizontal bars, one group of bars per row: each bar stacks its segments. Values are persons
/// or percents (`unit`); a segment's text is written on it or beside it, so no bar needs colour.
public struct BarChart {
  public var title: String
  public var note: String? = nil
  public var unit: String
  public var rows: [BarChartRow]
  public var legend: [(tone: Tone, label: String)]
}

public struct BarChartRow {
  public var label: String
  /// Each inner array is one stacked bar; several bars per row are drawn under each other.
  public var bars: [[BarSegment]]
  /// Written at the end of the row's bars: the figure a reader needs most.
  public var note: String = ""
}

/// Numbers for people: Norwegian decimal comma, ":" for a suppressed count.
enum Numbers {
  static let suppressed = ":"

  static func decimal(_ value: Double, _ decimals: Int, comma: Bool = true) -> String {
    // Half away from zero, as people round (printf would round 56.25 to 56.2).
    let factor = pow(10, Double(decimals))
    let text = String(format: "%.\(decimals)f", (value * factor).rounded(.toNearestOrAwayFromZero) / factor)
    let clean = text == "-0" || text.hasPrefix("-0.") && Double(text) == 0 ? String(text.dropFirst()) : text
    return comma ? clean.replacingOccurrences(of: ".", with: ",") : clean
  }

  static func signed(_ value: Double, _ decimals: Int) -> String {
    let text = decimal(value, decimals)
    return value > 0 && text.contains(where: { $0 != "0" && $0 != "," }) ? "+" + text : text
  }

  static func percent(_ value: Double?) -> String { value.map { decimal($0, 1) } ?? suppressed }
}

// MARK: - Shared texts

/// Builds a document's sections in one language (Norwegian for files, either in the UI).
struct ReportLayout {
  let language: Language

  func t(_ norwegian: String, _ english: String) -> String { language == .norwegian ? norwegian : english }

  func disclosure(_ minCell: Int) -> String {
    if minCell <= 1 {
      return t(
        "Prikking er slått av (--min-cell 1): alle tall vises.",
        "Suppression is off (--min-cell 1): every figure is shown.")
    }
    return t(
      "Prikking: tall fra 1 til \(minCell - 1) vises som \":\", det samme gjør tall som ville avslørt dem "
        + "(personer uten en egenskap færre enn \(minCell), og det minste andre tallet når bare ett tall i en "
        + "sum er prikket). En gruppe med færre enn \(minCell) personer prikkes helt, også nullene. Med færre "
        + "enn \(minCell) personer prikkes alt unntatt antallet.",
      "Suppression: counts from 1 to \(minCell - 1) show as \":\", and so do counts that would reveal them "
        + "(persons without a property fewer than \(minCell), and the smallest other count when only one count of "
        + "a sum is suppressed). A group of fewer than \(minCell) persons is suppressed whole, zeros too. With "
        + "fewer than \(minCell) persons all but the count is suppressed."
    )
  }

  /// Step 5: what the audit checked and added.
  func audit(_ summary: AuditSummary) -> String {
    let done = t(
      "Kontroll: \(summary.cellsAudited) prikkede tall er kontrollert mot alt som vises (heltallsprogram); "
        + "\(summary.extraSuppressed) tall ble prikket i tillegg fordi de ellers kunne regnes ut.",
      "Audit: \(summary.cellsAudited) suppressed counts checked against everything shown (integer programming); "
        + "\(summary.extraSuppressed) more suppressed because they could otherwise be worked out.")
    // Said, never hidden: a count that no further suppression could protect (see `--audit`).
    guard summary.exposed > 0 else { return done }
    return done
      + t(
        " ADVARSEL: \(summary.exposed) prikkede tall kan likevel regnes ut av tall som er vist; se --audit.",
        " WARNING: \(summary.exposed) suppressed counts can still be worked out from figures shown; see --audit.")
  }

  var indexRule: String { IndexCategory.ruleDescription(language) }

  var crossSection: String {
    t(
      "Tverrsnitt: alle kartlagte i hver runde, ikke de samme personene.",
      "Cross-section: everyone mapped in each round, not the same persons.")
  }

  var crossSectionNote: String {
    t(
      "Tverrsnitt sammenligner alle kartlagte i hver runde. Det er ikke de samme personene, så endringer kan "
        + "skyldes at andre personer er kartlagt. Panelet følger de samme personene.",
      "Cross-sections compare everyone mapped in each round. They are not the same persons, so changes may come "
        + "from other persons being mapped. The panel follows the same persons.")
  }

  func panel(_ n: Int) -> String {
    t(
      "Panel: følger de samme \(n) personene som er ferdig kartlagt i begge rundene. Prosent av panelets antall.",
      "Panel: follows the same \(n) persons with a complete survey in both rounds. Percent of the panel's count.")
  }

  var percentOfN: String { t("Prosent av alle kartlagte (N).", "Percent of everyone mapped (N).") }

  var followNote: String {
    t(
      "Fulgt = samme person (samme pseudonym) ferdig kartlagt i begge rundene. Personer uten fødselsnummer får "
        + "en tilfeldig id hver gang og telles derfor som borte og nye. Tabeller over de fulgte er personer: et "
        + "panel eller en gruppe med færre enn k personer prikkes helt.",
      "Followed = the same person (the same pseudonym) with a complete survey in both rounds. Persons without "
        + "a national identity number get a random id each time and so count as gone and new. Tables of the "
        + "persons followed are persons: a panel or group with fewer than k persons is suppressed whole.")
  }
}

/// The Norwegian texts, for the sections built before the layout became bilingual.
enum ReportTexts {
  static let layout = ReportLayout(language: .norwegian)
  static var crossSection: String { layout.crossSection }
  static var crossSectionNote: String { layout.crossSectionNote }
  static var indexRule: String { layout.indexRule }
  static var percentOfN: String { layout.percentOfN }
  static var followNote: String { layout.followNote }
  static func disclosure(_ minCell: Int) -> String { layout.disclosure(minCell) }
  static func panel(_ n: Int) -> String { layout.panel(n) }
}
