/// Two people saved the same survey: a merge field by field against the version both started
/// from, so that only the fields both changed (to different answers) need a person's choice.
extension Survey {
  /// The answer fields, as the keys validation and the UI use ("scores.economy",
  /// "children.custody", "services.socialServices"), for this survey and `other`.
  public func answerKeys(with other: Survey) -> [String] {
    let services = Set(self.services.keys).union(other.services.keys).sorted().map { "services.\($0)" }
    return ["unit", "birthYear", "gender", "problemGroup"] + Dimension.allCases.map { "scores.\($0.rawValue)" }
      + ["substances", "lar", "plans"] + Children.keys.map { "children.\($0)" } + ["activity", "violence"] + services
  }

  /// Whether the answer under `key` is the same in `other`.
  public func sameAnswer(_ key: String, as other: Survey) -> Bool {
    var copy = other
    copy.takeAnswer(key, from: self)
    return copy == other
  }

  /// Whether every answer is the same in `other` (revision, time and status aside).
  public func sameAnswers(as other: Survey) -> Bool {
    answerKeys(with: other).allSatisfy { sameAnswer($0, as: other) }
  }

  /// Sets the answer under `key` to `other`'s.
  public mutating func takeAnswer(_ key: String, from other: Survey) {
    switch key {
    case "unit": unit = other.unit
    case "birthYear": birthYear = other.birthYear
    case "gender": gender = other.gender
    case "problemGroup": problemGroup = other.problemGroup
    case "substances": substances = other.substances
    case "lar": lar = other.lar
    case "plans": plans = other.plans
    case "activity": activity = other.activity
    case "violence": violence = other.violence
    default:
      if key.hasPrefix("scores."), let dimension = Dimension(rawValue: String(key.dropFirst(7))) {
        scores[dimension] = other.scores[dimension]
      } else if key.hasPrefix("children.") {
        children[String(key.dropFirst(9))] = other.children[String(key.dropFirst(9))]
      } else if key.hasPrefix("services.") {
        services[String(key.dropFirst(9))] = other.services[String(key.dropFirst(9))]
      }
    }
  }

  /// `theirs` with every answer `mine` changed since `base`; `conflicts` are the fields both
  /// changed to different answers (they hold mine in `merged`). Without a base (two new surveys
  /// of the same person) every field both answered differently is a conflict.
  public static func merge(base: Survey?, mine: Survey, theirs: Survey) -> (merged: Survey, conflicts: [String]) {
    let base = base ?? Survey(id: mine.id)
    var merged = theirs
    var conflicts: [String] = []
    for key in mine.answerKeys(with: theirs) where !mine.sameAnswer(key, as: base) {
      if !theirs.sameAnswer(key, as: base) && !mine.sameAnswer(key, as: theirs) { conflicts.append(key) }
      merged.takeAnswer(key, from: mine)
    }
    return (merged, conflicts)
  }
}
