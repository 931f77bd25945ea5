import Foundation

/// A format-neutral layout of a published report, comparison or trend: headings, tables and
/// charts. Text, Markdown, CSV and HTML are renderings of the same document, so they always
/// carry the same (already suppressed) figures. Built only from the Published* types.
struct ReportDocument {
  var title: String
  var subtitle: String
  var blocks: [Block] = []
  /// Explanations printed at the end: disclosure rule, index rule, ...
  var notes: [String] = []
}

enum Block {
  case heading(String)
  case paragraph(String)
  /// Key figures; HTML shows them as large numbers.
  case keyFigures(ReportTable)
  case table(ReportTable)
  case lineChart(LineChart)
}

/// Colours of chips and bars; every one also has a letter or a label, never colour alone.
enum Tone {
  case green, yellow, red, blue, neutral, now, next

  var letter: String {
    switch self {
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

struct BarSegment {
  var tone: Tone
  var percent: Double?
}

enum TableValue {
  case cell(Cell)
  case integer(Int?)
  /// A figure with `decimals` decimals; `unit` is "%", "pp" or "" (it decides the CSV column).
  case number(Double?, decimals: Int, unit: String)
  case text(String)
  /// Segments side by side (a stacked bar of one total).
  case stackedBar([BarSegment])
  /// Segments each on its own line (now against next 12 months).
  case pairedBars([BarSegment])

  var isBar: Bool {
    switch self {
    case .stackedBar, .pairedBars: true
    default: false
    }
  }
}

struct TableColumn {
  var key: String
  var label: String
  var tone: Tone? = nil
}

struct TableRow {
  var key: String
  var label: String
  var tone: Tone? = nil
  var values: [TableValue]
}

struct ReportTable {
  /// The CSV section key.
  var id: String
  var title: String
  /// Cross-section or panel, and what the percents are of.
  var note: String? = nil
  var rowHeader: String = ""
  var columns: [TableColumn]
  var rows: [TableRow]
}

struct LineChart {
  var title: String
  var xLabels: [String]
  /// A series with a tone is drawn in that tone's colour (index categories); others from a palette.
  var series: [(label: String, tone: Tone?, values: [Double?])]
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

enum ReportTexts {
  static func disclosure(_ minCell: Int) -> String {
    minCell <= 1
      ? "Prikking er slått av (--min-cell 1): alle tall vises."
      : "Prikking: tall fra 1 til \(minCell - 1) vises som \":\", det samme gjør tall som ville avslørt dem "
        + "(personer uten en egenskap færre enn \(minCell), og det minste andre tallet når bare ett tall i en "
        + "sum er prikket). En gruppe med færre enn \(minCell) personer prikkes helt, også nullene. Med færre "
        + "enn \(minCell) personer prikkes alt unntatt antallet."
  }

  /// Step 5: what the audit checked and added.
  static func audit(_ summary: AuditSummary) -> String {
    "Kontroll: \(summary.cellsAudited) prikkede tall er kontrollert mot alt som vises (heltallsprogram); "
      + "\(summary.extraSuppressed) tall ble prikket i tillegg fordi de ellers kunne regnes ut."
  }

  static let indexRule =
    "Samlet indeks (regel bp-index/1): grønn = 0 poeng, gul = 1, rød = 2 per dimensjon. Blålys når minst fem "
    + "dimensjoner er røde; ellers rød når minst to er røde eller summen er 9 eller mer; ellers grønn når summen "
    + "er 2 eller mindre uten røde; ellers gul."

  static let crossSection = "Tverrsnitt: alle kartlagte i hver runde, ikke de samme personene."

  static let crossSectionNote =
    "Tverrsnitt sammenligner alle kartlagte i hver runde. Det er ikke de samme personene, så endringer kan "
    + "skyldes at andre personer er kartlagt. Panelet følger de samme personene."

  static func panel(_ n: Int) -> String {
    "Panel: følger de samme \(n) personene som er ferdig kartlagt i begge rundene. Prosent av panelets antall."
  }

  static let percentOfN = "Prosent av alle kartlagte (N)."
}
