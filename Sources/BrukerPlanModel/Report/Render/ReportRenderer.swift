/// The output formats of `report`, `compare` and `trend`.
public enum ReportFormat: String, Vocabulary {
  case text, json, csv, html, md

  public func label(_ language: Language) -> String {
    switch self {
    case .text: "Text"
    case .json: "JSON"
    case .csv: "CSV"
    case .html: "HTML"
    case .md: "Markdown"
    }
  }
}

/// Renders published figures only: there is no way to render raw `ReportFigures`.
public enum ReportRenderer {
  public static func render(_ report: PublishedReport, as format: ReportFormat, style: TextStyle = .plain) -> String {
    switch format {
    case .json: ReportJSON.report(report).serialized() + "\n"
    default: render(ReportDocument(report: report), format, style, kind: .report)
    }
  }

  /// `made` is the date the output is made ("2026-12-02"); HTML prints it on every page.
  public static func render(
    _ comparison: PublishedComparison, as format: ReportFormat, style: TextStyle = .plain, made: String? = nil
  ) -> String {
    switch format {
    case .json: ReportJSON.comparison(comparison).serialized() + "\n"
    default: render(ReportDocument(comparison: comparison, made: made), format, style, kind: .comparison)
    }
  }

  public static func render(
    _ trend: PublishedTrend, as format: ReportFormat, style: TextStyle = .plain, made: String? = nil
  ) -> String {
    switch format {
    case .json: ReportJSON.trend(trend).serialized() + "\n"
    default: render(ReportDocument(trend: trend, made: made), format, style, kind: .trend)
    }
  }

  static func render(_ document: ReportDocument, _ format: ReportFormat, _ style: TextStyle, kind: HTMLRenderer.Kind)
    -> String
  {
    let document = document.cleaned()
    return switch format {
    case .text: TextRenderer(style: style).render(document)
    case .md: MarkdownRenderer().render(document)
    case .csv: CSVRenderer().render(document)
    case .html: HTMLRenderer(kind: kind).render(document)
    case .json: ""  // handled by the callers above
    }
  }
}
