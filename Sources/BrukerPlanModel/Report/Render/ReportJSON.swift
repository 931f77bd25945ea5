import Foundation

/// A JSON value whose object keys keep the order they were added in, so the output follows
/// the spec's listing order (section 10) and golden files are stable.
indirect enum OrderedJSON {
  case object([(String, OrderedJSON)])
  case array([OrderedJSON])
  case string(String)
  case integer(Int)
  case double(Double)
  case bool(Bool)
  case null

  static func optional(_ value: Int?) -> OrderedJSON { value.map(OrderedJSON.integer) ?? .null }
  static func optional(_ value: Double?) -> OrderedJSON { value.map(OrderedJSON.double) ?? .null }

  /// Pretty-printed with two spaces; numbers unrounded (Swift's shortest exact form).
  func serialized(indent: String = "") -> String {
    let inner = indent + "  "
    switch self {
    case .object(let members):
      guard !members.isEmpty else { return "{}" }
      let body = members.map { "\(inner)\(Self.quote($0.0)): \($0.1.serialized(indent: inner))" }
      return "{\n" + body.joined(separator: ",\n") + "\n\(indent)}"
    case .array(let values):
      guard !values.isEmpty else { return "[]" }
      return "[\n" + values.map { inner + $0.serialized(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
    case .string(let text): return Self.quote(text)
    case .integer(let value): return String(value)
    case .double(let value):
      // Whole numbers are written without ".0"; anything else as Swift's shortest round-trip text.
      if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
      return "\(value)"
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    }
  }

  static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

/// The JSON of spec section 10. Key order = the order the spec lists the keys in; vocabulary
/// values in their `allCases` order (the order of spec section 4); services in catalogue order.
enum ReportJSON {
  static func cell(_ cell: Cell) -> OrderedJSON {
    if cell.isSuppressed { return .object([("count", .null), ("percent", .null), ("suppressed", .bool(true))]) }
    return .object([("count", .optional(cell.count)), ("percent", .optional(cell.percent))])
  }

  static func cells<V: Vocabulary>(_ cells: [V: Cell]) -> OrderedJSON {
    .object(V.allCases.map { ($0.rawValue, cell(cells[$0]!)) })
  }

  static func rounds(_ rounds: [ReportRound]) -> OrderedJSON {
    .array(rounds.map { .object([("municipality", .string($0.municipalityCode)), ("year", .integer($0.year))]) })
  }

  static func dimensions(_ dimensions: [Dimension: [Score: Cell]]) -> OrderedJSON {
    .object(Dimension.allCases.map { ($0.rawValue, cells(dimensions[$0]!)) })
  }

  /// Section 10.1, plus three keys only when they apply: `skippedInvalid` (files left out with
  /// --skip-invalid), `breakdown` (--by) and `municipalities` (rounds of several municipalities).
  /// Every 10.1 key is always present.
  static func report(_ report: PublishedReport) -> OrderedJSON {
    var members: [(String, OrderedJSON)] = [
      ("format", .string("brukerplan-report/1")), ("indexRule", .string(IndexCategory.rule)),
      ("minCell", .integer(report.minCell)),
    ]
    members += body(report)
    members.append(("audit", audit(report.audit)))
    if report.skippedInvalid > 0 { members.append(("skippedInvalid", .integer(report.skippedInvalid))) }
    if let breakdown = report.breakdown {
      members.append(
        (
          "breakdown",
          .object([
            ("by", .string(breakdown.key.rawValue)),
            (
              "groups",
              .array(
                breakdown.groups.map { group in
                  .object([
                    ("key", .string(group.key)), ("label", .string(group.label)), ("n", cell(group.n)),
                    ("index", cells(group.index)), ("dimensions", dimensions(group.dimensions)),
                  ])
                })
            ),
          ])
        ))
    }
    if !report.municipalities.isEmpty {
      members.append(("municipalities", .array(report.municipalities.map { .object(body($0)) })))
    }
    return .object(members)
  }

  static func body(_ report: PublishedReport) -> [(String, OrderedJSON)] {
    [
      ("rounds", rounds(report.rounds)), ("n", .integer(report.n)), ("drafts", .integer(report.drafts)),
      (
        "prevalencePer1000",
        .object([
          ("total", .optional(report.prevalencePer1000.total)),
          ("age16plus", .optional(report.prevalencePer1000.age16plus)),
          ("age18plus", .optional(report.prevalencePer1000.age18plus)),
        ])
      ),
      ("gender", cells(report.gender)), ("ageBands", cells(report.ageBands)), ("meanAge", .optional(report.meanAge)),
      ("problemGroup", cells(report.problemGroup)), ("dimensions", dimensions(report.dimensions)),
      ("index", cells(report.index)),
      (
        "plans",
        .object(
          Plan.allCases.map { ($0.rawValue, cell(report.plans[$0]!)) } + [("noPlanOrGroup", cell(report.noPlanOrGroup))]
        )
      ),
      (
        "substances",
        .object(
          Substance.allCases.map { ($0.rawValue, cell(report.substances[$0]!)) }
            + [("meanPerPerson", .optional(report.meanSubstancesPerPerson))])
      ),
      ("lar", cell(report.lar)), ("children", cells(report.children)), ("activity", cells(report.activity)),
      ("violence", cells(report.violence)),
      (
        "services",
        .object(
          report.services.map { service in
            (
              service.id,
              .object([
                ("label", .string(service.label)), ("level", .string(service.level.rawValue)),
                ("now", cell(service.now)), ("next12", cell(service.next12)),
                ("growthPp", .optional(service.growthPp)), ("growthPersons", .optional(service.growthPersons)),
                ("newDemand", cell(service.newDemand)), ("ending", cell(service.ending)),
              ])
            )
          })
      ),
    ]
  }

  static func change(_ value: Change) -> OrderedJSON {
    .object([("a", .optional(value.a)), ("b", .optional(value.b)), ("change", .optional(value.change))])
  }

  static func share(_ share: Share) -> OrderedJSON {
    .object([("a", cell(share.a)), ("b", cell(share.b)), ("changePp", .optional(share.changePp))])
  }

  static func shares<V: Vocabulary>(_ shares: [(V, Share)]) -> OrderedJSON {
    .object(shares.map { ($0.0.rawValue, share($0.1)) })
  }

  /// Section 10.2.
  static func comparison(_ comparison: PublishedComparison) -> OrderedJSON {
    let a = comparison.a
    let b = comparison.b
    func side(_ report: PublishedReport) -> OrderedJSON {
      .object([("rounds", rounds(report.rounds)), ("n", .integer(report.n)), ("drafts", .integer(report.drafts))])
    }
    let crossSection: [(String, OrderedJSON)] = [
      ("kind", .string("crossSection")), ("gender", shares(comparison.shares(\.gender))),
      ("ageBands", shares(comparison.shares(\.ageBands))), ("problemGroup", shares(comparison.shares(\.problemGroup))),
      ("index", shares(comparison.shares(\.index))),
      (
        "plans",
        .object(
          comparison.shares(\.plans).map { ($0.0.rawValue, share($0.1)) }
            + [("noPlanOrGroup", share(Share(a: a.noPlanOrGroup, b: b.noPlanOrGroup)))])
      ),
      ("substances", shares(comparison.shares(\.substances))), ("children", shares(comparison.shares(\.children))),
      ("activity", shares(comparison.shares(\.activity))), ("violence", shares(comparison.shares(\.violence))),
      ("lar", share(Share(a: a.lar, b: b.lar))),
      ("dimensions", .object(Dimension.allCases.map { ($0.rawValue, shares(comparison.dimension($0))) })),
      ("meanAge", change(comparison.meanAge)), ("meanSubstancesPerPerson", change(comparison.meanSubstancesPerPerson)),
      (
        "services",
        .object(
          comparison.services.map {
            ($0.id, .object([("label", .string($0.label)), ("now", share($0.now)), ("next12", share($0.next12))]))
          })
      ),
    ]
    let panel = comparison.panel
    return .object(
      [
        ("format", .string("brukerplan-compare/1")), ("indexRule", .string(IndexCategory.rule)),
        ("minCell", .integer(comparison.minCell)), ("a", side(a)), ("b", side(b)),
        ("n", .object([("a", .integer(a.n)), ("b", .integer(b.n)), ("change", .integer(b.n - a.n))])),
        (
          "prevalencePer1000",
          .object([
            ("total", change(comparison.prevalenceTotal)), ("age16plus", change(comparison.prevalence16)),
            ("age18plus", change(comparison.prevalence18)),
          ])
        ),
        ("crossSection", .object(crossSection)),
        ("forecast", forecast(comparison.forecast)),
        ("onlyInA", .array(comparison.onlyInA.map(OrderedJSON.string))),
        ("onlyInB", .array(comparison.onlyInB.map(OrderedJSON.string))),
        (
          "panel",
          .object([
            ("kind", .string("panel")), ("n", .integer(panel.n)),
            ("index", .object(IndexCategory.allCases.map { ($0.rawValue, cells(panel.index[$0]!)) })),
            ("dimensions", .object(Dimension.allCases.map { ($0.rawValue, cells(panel.dimensions[$0]!)) })),
          ])
        ),
      ] + followMembers(comparison) + [("audit", audit(comparison.audit))])
  }

  /// Step 5 of spec section 9: suppressed counts checked, and those the audit itself suppressed.
  static func audit(_ summary: AuditSummary) -> OrderedJSON {
    .object([
      ("cellsAudited", .integer(summary.cellsAudited)), ("extraSuppressed", .integer(summary.extraSuppressed)),
    ])
  }

  /// A's next12 against B's now per service, in compare and in each pair of a trend.
  static func forecast(_ checks: [ForecastCheck]) -> OrderedJSON {
    .object(
      checks.map { check in
        (
          check.id,
          .object([
            ("label", .string(check.label)), ("expected", cell(check.expected)), ("actual", cell(check.actual)),
            ("differencePp", .optional(check.differencePp)),
            ("differencePersons", .optional(check.differencePersons)),
          ])
        )
      })
  }
}
