/// Raw counts of a report (spec section 8), before disclosure control.
///
/// Nothing here is published as is: `Disclosure.apply(_:minCell:)` turns it into a
/// `PublishedReport`, the only type the renderers and the terminal UI accept.
/// Every array is indexed in the order of its vocabulary's `allCases`.

/// Age at the round year, in the bands of spec section 8.
public enum AgeBand: String, Vocabulary {
  case from16to24 = "16-24"
  case from25to34 = "25-34"
  case from35to44 = "35-44"
  case from45to54 = "45-54"
  case
    from55to64 = "55-64"
  case from65 = "65+"

  public init(age: Int) {
    switch age {
    case ..<25: self = .from16to24
    case 25..<35: self = .from25to34
    case 35..<45: self = .from35to44
    case 45..<55: self = .from45to54
    case 55..<65: self = .from55to64
    default: self = .from65
    }
  }

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.from65, .norwegian): "65 år og eldre"
    case (.from65, .english): "65 and older"
    case (_, .norwegian): "\(rawValue) år"
    case (_, .english): "\(rawValue) years"
    }
  }
}

/// What a report can be broken down by (`--by`).
public enum BreakdownKey: String, Vocabulary {
  case gender, ageBand, problemGroup, unit, municipality

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.gender, .norwegian): "kjønn"
    case (.ageBand, .norwegian): "aldersgruppe"
    case (.problemGroup, .norwegian): "problemgruppe"
    case (.unit, .norwegian): "registrerende enhet"
    case (.municipality, .norwegian): "kommune"
    case (.gender, .english): "gender"
    case (.ageBand, .english): "age band"
    case (.problemGroup, .english): "problem group"
    case (.unit, .english): "unit"
    case (.municipality, .english): "municipality"
    }
  }
}

/// Which municipality and year a report covers.
public struct ReportRound: Codable, Hashable, Sendable {
  public var municipalityCode: String
  public var municipalityName: String
  public var year: Int

  public init(municipalityCode: String, municipalityName: String, year: Int) {
    self.municipalityCode = municipalityCode
    self.municipalityName = municipalityName
    self.year = year
  }
}

/// Residents summed over the rounds; nil where any round lacks the figure.
public struct PopulationTotals: Codable, Hashable, Sendable {
  public var total: Int?
  public var age16plus: Int?
  public var age18plus: Int?

  public init(total: Int? = nil, age16plus: Int? = nil, age18plus: Int? = nil) {
    self.total = total
    self.age16plus = age16plus
    self.age18plus = age18plus
  }
}

/// Counts of one catalogue service.
public struct ServiceFigures: Hashable, Sendable {
  public var service: CatalogueService
  public var now = 0
  public var next12 = 0
  /// next12 and not now.
  public var newDemand = 0
  /// now and not next12.
  public var ending = 0

  public init(service: CatalogueService) { self.service = service }
}

/// The index and the eight dimensions of one group of a breakdown.
public struct GroupFigures: Hashable, Sendable {
  public var key: String
  public var label: String
  public var n = 0
  public var index = [Int](repeating: 0, count: IndexCategory.allCases.count)
  /// Flat: dimension * 3 + score.
  public var dimensions = [Int](repeating: 0, count: Dimension.allCases.count * Score.allCases.count)

  public init(key: String, label: String) {
    self.key = key
    self.label = label
  }

  public func count(_ dimension: Dimension, _ score: Score) -> Int {
    dimensions[ReportFigures.slot(dimension, score)]
  }
}

public struct BreakdownFigures: Hashable, Sendable {
  public var key: BreakdownKey
  public var groups: [GroupFigures]
}

public struct ReportFigures: Hashable, Sendable {
  public var rounds: [ReportRound] = []
  /// Complete surveys: the persons the report is about.
  public var n = 0
  /// Draft surveys: counted, never included.
  public var drafts = 0
  /// Survey files left out because they could not be read (`--skip-invalid`).
  public var skippedInvalid = 0
  public var population = PopulationTotals()
  public var gender = [Int](repeating: 0, count: Gender.allCases.count)
  public var ageBands = [Int](repeating: 0, count: AgeBand.allCases.count)
  /// Sum of ages and the number of persons with a birth year, for the mean age.
  public var ageSum = 0
  public var ageCount = 0
  public var problemGroup = [Int](repeating: 0, count: ProblemGroup.allCases.count)
  /// Flat: dimension * 3 + score (see `count(_:_:)`).
  public var dimensions = [Int](repeating: 0, count: Dimension.allCases.count * Score.allCases.count)
  public var index = [Int](repeating: 0, count: IndexCategory.allCases.count)
  public var plans = [Int](repeating: 0, count: Plan.allCases.count)
  public var noPlanOrGroup = 0
  public var substances = [Int](repeating: 0, count: Substance.allCases.count)
  /// Ticked substances summed over the persons, for the mean per person.
  public var substanceTicks = 0
  public var lar = 0
  public var children = [Int](repeating: 0, count: ChildrenKey.allCases.count)
  public var activity = [Int](repeating: 0, count: Activity.allCases.count)
  public var violence = [Int](repeating: 0, count: Violence.allCases.count)
  public var services: [ServiceFigures] = []
  public var breakdown: BreakdownFigures?
  /// One report per municipality, in order of first appearance, when the rounds span several.
  public var municipalities: [ReportFigures] = []

  public init() {}

  static func slot(_ dimension: Dimension, _ score: Score) -> Int {
    ReportEngine.position(dimension) * 3 + score.points
  }

  public func count(_ dimension: Dimension, _ score: Score) -> Int { dimensions[Self.slot(dimension, score)] }
}
