import Foundation

/// How serious a data-quality finding is. Neither blocks a save; open errors make `check` fail.
public enum QualitySeverity: String, Codable, Hashable, Sendable {
  case warning, error
}

/// One consistency check of rule set dq/1 (docs/data-quality.md): answers that can all be true
/// but rarely are, so a caseworker is asked to look again.
public struct QualityRule: Sendable {
  public let id: String
  public let severity: QualitySeverity
  /// Whether a caseworker can accept it as correct (stored on the survey so it is not asked
  /// again). A stale draft cannot be accepted: it goes away when the draft is saved or completed.
  public let acceptable: Bool
  let norwegian: String
  let english: String
  let applies: @Sendable (Survey, QualityContext) -> Bool

  public func message(_ language: Language) -> String { language == .english ? english : norwegian }
}

/// What a rule may look at besides the survey.
public struct QualityContext: Sendable {
  public var catalogue: ServiceCatalogue
  /// The day drafts are aged against: today, but never later than the round's deadline.
  public var referenceDay: ISODay

  public init(round: Round, today: ISODay) {
    catalogue = round.catalogue
    let deadline = round.deadline.flatMap { ISODay($0) } ?? ISODay.defaultDeadline(year: round.year)
    referenceDay = min(today, deadline)
  }
}

/// The rule set `dq/1`. Ids are stable: an accepted warning is stored with its id.
public enum QualityRules {
  public static let version = "dq/1"
  static let larServices = ["municipalLar", "specialistLar"]
  static let staleDraftDays = 14

  public static let all: [QualityRule] = [
    QualityRule(
      id: "dq1.mentalOnlySubstanceUse", severity: .warning, acceptable: true,
      norwegian: "Kun psykiske problem, men rusmiddelbruk er gul eller rød, eller rusmidler er krysset av.",
      english: "Mental health only, but substance use is yellow or red, or substances are ticked.",
      applies: { survey, _ in
        survey.problemGroup == .mentalOnly
          && ((survey.scores[.substanceUse].map { $0 != .green } ?? false) || !(survey.substances ?? []).isEmpty)
      }),
    QualityRule(
      id: "dq1.mentalOnlyLar", severity: .error, acceptable: true,
      norwegian: "Kun psykiske problem, men personen er i LAR (legemiddelassistert rehabilitering).",
      english: "Mental health only, but the person is in LAR (opioid substitution treatment).",
      applies: { survey, _ in survey.problemGroup == .mentalOnly && survey.lar == true }),
    QualityRule(
      id: "dq1.substanceGroupNoUse", severity: .warning, acceptable: true,
      norwegian: "Problemgruppe med rus, men rusmiddelbruk er grønn og ingen rusmidler er krysset av.",
      english: "A substance problem group, but substance use is green and no substances are ticked.",
      applies: { survey, _ in
        (survey.problemGroup.map { $0 != .mentalOnly } ?? false) && survey.scores[.substanceUse] == .green
          && survey.substances == []
      }),
    QualityRule(
      id: "dq1.larWithoutLarService", severity: .warning, acceptable: true,
      norwegian: "Personen er i LAR, men har ingen LAR-tjeneste nå.",
      english: "The person is in LAR but has no LAR service now.",
      applies: { survey, context in
        let offered = larServices.filter(context.catalogue.contains)
        return survey.lar == true && !offered.isEmpty && !offered.contains { survey.answer($0).now }
      }),
    QualityRule(
      id: "dq1.larServiceWithoutLar", severity: .error, acceptable: true,
      norwegian: "Personen har en LAR-tjeneste nå, men er ikke registrert i LAR.",
      english: "The person has a LAR service now but is not registered as in LAR.",
      applies: { survey, _ in survey.lar == false && larServices.contains { survey.answer($0).now } }),
    QualityRule(
      id: "dq1.temporaryHousingGreen", severity: .warning, acceptable: true,
      norwegian: "Personen bor i midlertidig bolig nå, men bosituasjon er grønn.",
      english: "The person is in temporary housing now, but housing is green.",
      applies: { survey, _ in survey.answer("temporaryHousing").now && survey.scores[.housing] == .green }),
    QualityRule(
      id: "dq1.allSpecialistNext12", severity: .warning, acceptable: true,
      norwegian: "Alle spesialisttjenester er krysset av for de neste 12 månedene.",
      english: "Every specialist service is expected in the next 12 months.",
      applies: { survey, context in
        let specialist = context.catalogue.services.filter { $0.level == .specialist }
        return specialist.count >= 2 && specialist.allSatisfy { survey.answer($0.id).next12 }
      }),
    QualityRule(
      id: "dq1.staleDraft", severity: .error, acceptable: false,
      norwegian: "Utkastet er ikke lagret på \(staleDraftDays) dager eller mer; fullfør eller slett det før fristen.",
      english:
        "The draft has not been saved for \(staleDraftDays) days or more; complete or delete it before the deadline.",
      applies: { survey, context in
        guard survey.status == .draft, let saved = ISODay(survey.updatedAt) else { return false }
        return saved.days(to: context.referenceDay) >= staleDraftDays
      }),
  ]

  public static func rule(_ id: String) -> QualityRule? { all.first { $0.id == id } }

  /// Every rule `survey` breaks, accepted or not.
  public static func findings(for survey: Survey, context: QualityContext) -> [QualityFinding] {
    let accepted = Set(survey.acceptedWarnings)
    return all.filter { $0.applies(survey, context) }.map { rule in
      QualityFinding(
        rule: rule.id, severity: rule.severity, survey: survey.id, unit: survey.unit,
        accepted: rule.acceptable && accepted.contains(rule.id))
    }
  }
}

/// One rule broken by one survey.
public struct QualityFinding: Codable, Hashable, Sendable {
  public var rule: String
  public var severity: QualitySeverity
  public var survey: String
  public var unit: String?
  public var accepted: Bool

  public var isOpen: Bool { !accepted }
  public func message(_ language: Language) -> String { QualityRules.rule(rule)?.message(language) ?? rule }
}

extension Survey {
  /// The survey key that holds the ids of warnings a caseworker accepted (docs/data-quality.md).
  /// It lives among the survey's extra keys, so a program that does not know it keeps it.
  public static let acceptedWarningsKey = "dqAccepted"

  /// Rule ids accepted for this survey, in the order they were accepted.
  public var acceptedWarnings: [String] {
    get {
      guard case .array(let values)? = extra[Self.acceptedWarningsKey] else { return [] }
      return values.compactMap { if case .string(let id) = $0 { id } else { nil } }
    }
    set {
      var unique: [String] = []
      for id in newValue where !unique.contains(id) { unique.append(id) }
      extra[Self.acceptedWarningsKey] = unique.isEmpty ? nil : .array(unique.map(JSONValue.string))
    }
  }

  /// Marks the open, acceptable findings as accepted.
  public mutating func accept(_ findings: [QualityFinding]) {
    let ids = findings.filter { QualityRules.rule($0.rule)?.acceptable == true }.map(\.rule)
    acceptedWarnings += ids
  }
}
