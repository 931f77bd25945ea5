/// What one report may add up (spec section 8): several municipalities, one round each. The same
/// round twice would count its persons twice; two years of one municipality would count most of
/// them twice, and either report minus another would give away what both suppress.
public enum ReportScopeError: Error, CustomStringConvertible, Equatable, Sendable {
  case sameRoundTwice(municipality: String, year: Int)
  case severalYears(municipality: String, years: [Int])

  public var description: String {
    switch self {
    case .sameRoundTwice(let municipality, let year):
      "the round of \(municipality) \(year) is given twice; a report counts each round once"
    case .severalYears(let municipality, let years):
      "rounds of \(municipality) from \(years.map(String.init).joined(separator: " and ")): a report adds persons "
        + "up, and years are never added; use `compare A B` for two years or `trend` for three or more"
    }
  }

  /// Throws unless every round is of a different municipality.
  public static func check(_ rounds: [Round]) throws(ReportScopeError) {
    var years: [String: [Int]] = [:]
    var order: [String] = []
    for round in rounds {
      let name = "\(round.municipality.name) (\(round.municipality.code))"
      if years[name] == nil { order.append(name) }
      if years[name, default: []].contains(round.year) {
        throw .sameRoundTwice(municipality: name, year: round.year)
      }
      years[name, default: []].append(round.year)
    }
    for name in order where years[name]!.count > 1 {
      throw .severalYears(municipality: name, years: years[name]!.sorted())
    }
  }
}
