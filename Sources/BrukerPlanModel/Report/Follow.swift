/// The persons a comparison can follow: complete in both rounds (matched by pseudonym), and the
/// persons who entered or left between the rounds. Raw counts, before disclosure control.
///
/// A person without a fødselsnummer has a random id ("r…") in each round, so they count as gone
/// from A and new in B even when they are the same person.
public struct FollowFigures: Hashable, Sendable {
  /// Complete in A, not complete in B: A's index, flat in `IndexCategory` order.
  public var goneIndex = [Int](repeating: 0, count: 4)
  /// Complete in B, not complete in A: B's index.
  public var newIndex = [Int](repeating: 0, count: 4)
  /// One entry per service in both catalogues, in B's order.
  public var services: [FollowedService] = []

  public init() {}

  public var gone: Int { goneIndex.reduce(0, +) }
  public var new: Int { newIndex.reduce(0, +) }
}

/// One service among the persons followed from A to B.
public struct FollowedService: Hashable, Sendable {
  public var id: String
  /// B's label.
  public var label: String
  /// In `ForecastOutcome` order: expected and got, expected and not got, not expected and got, neither.
  public var forecast = [Int](repeating: 0, count: 4)
  /// In `ServiceTransition` order: continued, started, ended, neither.
  public var transitions = [Int](repeating: 0, count: 4)

  public init(id: String, label: String) {
    self.id = id
    self.label = label
  }
}

/// A's expectation (next 12 months) against B's answer (has it now), for one followed person.
public enum ForecastOutcome: String, Vocabulary {
  case expectedGot, expectedNotGot, notExpectedGot, neither

  init(expected: Bool, got: Bool) {
    switch (expected, got) {
    case (true, true): self = .expectedGot
    case (true, false): self = .expectedNotGot
    case (false, true): self = .notExpectedGot
    case (false, false): self = .neither
    }
  }

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.expectedGot, .norwegian): "Ventet, fikk"
    case (.expectedNotGot, .norwegian): "Ventet, fikk ikke"
    case (.notExpectedGot, .norwegian): "Ikke ventet, fikk"
    case (.neither, .norwegian): "Ingen av delene"
    case (.expectedGot, .english): "Expected, got"
    case (.expectedNotGot, .english): "Expected, not got"
    case (.notExpectedGot, .english): "Not expected, got"
    case (.neither, .english): "Neither"
    }
  }
}

/// How one followed person's use of a service moved from A (now) to B (now).
public enum ServiceTransition: String, Vocabulary {
  case continued, started, ended, neither

  init(before: Bool, after: Bool) {
    switch (before, after) {
    case (true, true): self = .continued
    case (false, true): self = .started
    case (true, false): self = .ended
    case (false, false): self = .neither
    }
  }

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.continued, .norwegian): "Fortsatt"
    case (.started, .norwegian): "Startet"
    case (.ended, .norwegian): "Avsluttet"
    case (.neither, .norwegian): "Ingen av gangene"
    case (.continued, .english): "Continued"
    case (.started, .english): "Started"
    case (.ended, .english): "Ended"
    case (.neither, .english): "Neither time"
    }
  }
}

/// The four groups of the flows table: each group's index in the round it was mapped in.
public enum FlowGroup: String, Vocabulary {
  case goneSinceA, followedInA, followedInB, newInB

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.goneSinceA, .norwegian): "Borte siden A (indeks i A)"
    case (.followedInA, .norwegian): "Fulgt (indeks i A)"
    case (.followedInB, .norwegian): "Fulgt (indeks i B)"
    case (.newInB, .norwegian): "Nye i B (indeks i B)"
    case (.goneSinceA, .english): "Gone since A (index in A)"
    case (.followedInA, .english): "Followed (index in A)"
    case (.followedInB, .english): "Followed (index in B)"
    case (.newInB, .english): "New in B (index in B)"
    }
  }
}

extension ComparisonEngine {
  /// Gone, new, and per service the forecast outcome and the transition of each followed person.
  static func follow(a: [ReportInput], b: [ReportInput]) -> FollowFigures {
    var earlier: [String: Survey] = [:]
    for input in a {
      for survey in input.surveys where survey.status == .complete { earlier[survey.id] = survey }
    }
    var later: [String: Survey] = [:]
    for input in b {
      for survey in input.surveys where survey.status == .complete { later[survey.id] = survey }
    }
    let catalogueA = Set(a.flatMap(\.round.catalogue.ids))
    var services: [FollowedService] = []
    var seen = Set<String>()
    for input in b {
      for service in input.round.catalogue.services where catalogueA.contains(service.id) {
        if seen.insert(service.id).inserted { services.append(FollowedService(id: service.id, label: service.label)) }
      }
    }
    var figures = FollowFigures()
    for (id, before) in earlier where later[id] == nil {
      if let position = ReportEngine.indexPosition(before.scores) { figures.goneIndex[position] += 1 }
    }
    for (id, after) in later {
      guard let before = earlier[id] else {
        if let position = ReportEngine.indexPosition(after.scores) { figures.newIndex[position] += 1 }
        continue
      }
      // The same persons as the panel: both indexes known (always so for complete surveys).
      guard ReportEngine.indexPosition(before.scores) != nil, ReportEngine.indexPosition(after.scores) != nil
      else { continue }
      for position in services.indices {
        let id = services[position].id
        let old = before.services[id] ?? ServiceAnswer(now: false, next12: false)
        let new = after.services[id] ?? ServiceAnswer(now: false, next12: false)
        let outcome = ForecastOutcome(expected: old.next12, got: new.now)
        services[position].forecast[ForecastOutcome.allCases.firstIndex(of: outcome)!] += 1
        let transition = ServiceTransition(before: old.now, after: new.now)
        services[position].transitions[ServiceTransition.allCases.firstIndex(of: transition)!] += 1
      }
    }
    figures.services = services
    return figures
  }
}
