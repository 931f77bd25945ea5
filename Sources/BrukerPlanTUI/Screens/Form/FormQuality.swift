import BrukerPlanModel

/// The data-quality rules (dq/1) in the form: shown on an explicit save, never blocking it. An
/// accepted finding is stored on the survey (`dqAccepted`) and not asked again; after the
/// deadline every save says so.
extension AppState {
  /// The open findings of `survey` a caseworker can act on now (a stale draft is the desk's).
  func openFindings(_ survey: Survey, round: Round) -> [QualityFinding] {
    QualityRules.findings(for: survey, context: QualityContext(round: round, today: today))
      .filter { $0.isOpen && QualityRules.rule($0.rule)?.acceptable == true }
  }

  mutating func answerWarnings(_ findings: [QualityFinding], reason: SaveReason, _ action: Action) -> [Effect] {
    switch action {
    case .acceptWarnings:
      form?.survey.accept(findings)
      form?.dirty = true
      return saveForm(reason: reason, askingAboutWarnings: false)
    case .saveAnyway:
      return saveForm(reason: reason, askingAboutWarnings: false)
    default:
      say(strings.qualityStillOpen(findings.count))
      return []
    }
  }

  /// Added to every save's message once the deadline has passed.
  var deadlineNote: String? {
    guard let deadline, today > deadline else { return nil }
    return strings.deadlinePassed(deadline.description)
  }

  /// What is left undone, shown before the round is closed.
  func closingLines(_ state: AppState) -> [Line] {
    let s = strings
    var lines: [Line] = []
    guard let desk = desk.desk else { return [Line([(s.yesNoDefaultNo, .helpKey)])] }
    for row in desk.units where row.drafts + row.openWarnings + row.openErrors > 0 {
      lines.append(Line([(s.closingUnitLine(row), row.drafts > 0 || row.openErrors > 0 ? .error : .normal)]))
    }
    if lines.isEmpty { lines.append(Line([(s.closingNothingLeft, .normal)])) }
    lines += wrapped(s.closingQuestion(desk.total.drafts), width: state.width - 12, role: .normal)
    lines += [Line(), Line([(s.yesNoDefaultNo, .helpKey)])]
    return lines
  }
}

extension Strings {
  var qualityTitle: String { t("Kontroll av svarene (dq/1)", "Checking the answers (dq/1)") }
  var acceptWarnings: String { t("Godta og lagre", "Accept and save") }
  var saveAnyway: String { t("Lagre uten å godta", "Save without accepting") }
  var backToForm: String { t("Tilbake til skjemaet", "Back to the form") }
  var qualityChoices: String {
    t(
      "a: svarene er riktige, godta · s/Enter: lagre, la stå åpent · Esc: rett",
      "a: the answers are right, accept · s/Enter: save, leave open · Esc: correct")
  }
  func qualityStillOpen(_ count: Int) -> String {
    t("Ikke lagret: \(count) merknad(er) å se på.", "Not saved: \(count) finding(s) to look at.")
  }
  func deadlinePassed(_ day: String) -> String {
    t("Merk: fristen (\(day)) er passert.", "Note: the deadline (\(day)) has passed.")
  }
  var roundClosedNow: String { t("Runden er lukket.", "The round is closed.") }
  var roundReopenedNow: String { t("Runden er åpnet igjen.", "The round is open again.") }
  var closingNothingLeft: String {
    t("Alle enheter er ferdige; ingen åpne merknader.", "Every unit is done; no open findings.")
  }
  func closingUnitLine(_ row: RoundDesk.Row) -> String {
    t(
      "\(row.name): \(row.drafts) utkast, \(row.openErrors) feil, \(row.openWarnings) advarsler",
      "\(row.name): \(row.drafts) drafts, \(row.openErrors) errors, \(row.openWarnings) warnings")
  }
  func closingQuestion(_ drafts: Int) -> String {
    t(
      "Lukke runden? Den blir skrivebeskyttet for alle enheter, reservasjonslisten slettes, og \(drafts) utkast kommer ikke med i rapporten.",
      "Close the round? It becomes read-only for every unit, the opt-out list is deleted, and \(drafts) drafts stay out of the report."
    )
  }
}
