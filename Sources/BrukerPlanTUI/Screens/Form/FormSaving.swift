import BrukerPlanModel

/// Saving the form: by hand, by autosave, before leaving or quitting, and after a conflict.
extension AppState {
  /// Saves the form: complete when nothing is missing, otherwise as a draft that says what is.
  /// An explicit save first shows open data-quality findings (never blocking: one key saves).
  mutating func saveForm(reason: SaveReason, askingAboutWarnings: Bool = true) -> [Effect] {
    guard let current = form, let open else { return [] }
    var survey = current.survey
    survey.status = survey.missingForComplete.isEmpty ? .complete : .draft
    let problems = survey.validate(in: open.round).filter { $0.field != "revision" }
    if let problem = problems.first {
      say(strings.cannotSave + strings.problem(problem, year: open.round.year), error: true)
      return []
    }
    if askingAboutWarnings, reason == .explicit || reason == .leaving, open.round.status == .open {
      let findings = openFindings(survey, round: open.round)
      if !findings.isEmpty {
        dialog = .qualityWarnings(findings, reason: reason)
        return []
      }
    }
    return [.save(survey, baseRevision: current.baseRevision, folder: open.folder, round: open.round, reason: reason)]
  }

  /// Autosave: a draft goes to the store as a draft; changes to a complete survey go to recovery.
  mutating func autosaveIfDue() -> [Effect] {
    guard let form, form.dirty, let changedAt = form.changedAt, now - changedAt >= Self.autosaveInterval else {
      return []
    }
    self.form?.changedAt = now
    return autosave(reason: .autosave)
  }

  mutating func autosave(reason: SaveReason) -> [Effect] {
    guard let current = form, let open else { return [] }
    var survey = current.survey
    if current.saved?.status == .complete || open.round.status == .closed {
      return [.saveRecovery(survey, folder: open.folder, reason: reason)]
    }
    survey.status = .draft
    if !survey.validate(in: open.round).filter({ $0.field != "revision" }).isEmpty {
      return [.saveRecovery(survey, folder: open.folder, reason: reason)]
    }
    return [.save(survey, baseRevision: current.baseRevision, folder: open.folder, round: open.round, reason: reason)]
  }

  /// Before quitting: unsaved form changes are kept (as a draft or a recovery copy).
  mutating func saveBeforeLeaving(reason: SaveReason) -> [Effect] {
    guard form?.dirty == true, stack.contains(.form) else { return [] }
    return autosave(reason: reason)
  }

  mutating func saved(_ survey: Survey, reason: SaveReason) -> [Effect] {
    guard var open else { return [] }
    open.surveys[survey.id] = SurveySummary(survey)
    let hadRecovery = open.recovery.removeValue(forKey: survey.id) != nil
    self.open = open
    list.upsert(SurveyRow(SurveySummary(survey), round: open.round))
    var effects: [Effect] = hadRecovery ? [.removeRecovery(survey.id, folder: open.folder)] : []
    if var current = form, current.survey.id == survey.id {
      current.saved = survey
      current.survey.revision = survey.revision
      current.survey.updatedAt = survey.updatedAt
      current.survey.status = survey.status
      // Keys typed while the save ran keep the form changed.
      let unchanged = current.survey == survey
      current.dirty = !unchanged
      current.changedAt = unchanged ? nil : now
      form = current
    }
    switch reason {
    case .explicit, .keepMine:
      let missing = survey.missingForComplete.count
      say(survey.status == .complete ? strings.savedComplete : strings.savedDraft(missing))
    case .merged:
      let missing = survey.missingForComplete.count
      say(strings.mergedNote + " " + (survey.status == .complete ? strings.savedComplete : strings.savedDraft(missing)))
    case .autosave:
      say(strings.autosaved(clock(now)))
    case .leaving:
      leaveForm()
      say(survey.status == .complete ? strings.savedComplete : strings.savedDraft(survey.missingForComplete.count))
    case .quitting:
      effects.append(.quit)
    }
    if let note = deadlineNote, var message = self.message, reason != .quitting {
      message.text += " " + note
      self.message = message
    }
    return effects
  }

  mutating func recoverySaved(_ survey: Survey, reason: SaveReason) -> [Effect] {
    open?.recovery[survey.id] = survey
    if var row = list.rows.first(where: { $0.id == survey.id }) {
      row.hasRecovery = true
      list.upsert(row)
    }
    form?.dirty = false
    form?.changedAt = nil
    say(strings.recoverySaved(clock(now)))
    return reason == .quitting ? [.quit] : []
  }

  mutating func saveFailed(_ error: StoreError, survey: Survey, reason: SaveReason) -> [Effect] {
    guard let open else { return [] }
    switch (error, reason) {
    case (.conflict(let current), .explicit), (.conflict(let current), .leaving), (.conflict(let current), .keepMine),
      (.conflict(let current), .merged), (.alreadyExists(let current), .explicit),
      (.alreadyExists(let current), .leaving):
      return mergeOrAsk(theirs: current)
    case (_, .autosave), (_, .quitting):
      // Never lose typed input: what could not be saved goes to the recovery copy.
      return [.saveRecovery(survey, folder: open.folder, reason: reason)]
    default:
      say(strings.cannotSave + Self.norwegianReason(error, strings), error: true)
      return []
    }
  }

  static func norwegianReason(_ error: StoreError, _ strings: Strings) -> String {
    switch error {
    case .closedRound: strings.roundClosed
    case .optedOut(_, let date):
      strings.t("personen har reservert seg i denne runden (\(date))", "the person opted out of this round (\(date))")
    case .invalid(_, let problems):
      problems.map { strings.problem($0, year: nil) }.joined(separator: "; ")
    case .notFound: strings.t("kartleggingen finnes ikke lenger på disk", "the survey no longer exists on disk")
    case .file(let failure):
      strings.t("filen kunne ikke skrives (\(failure.reason))", "the file could not be written (\(failure.reason))")
    case .conflict, .alreadyExists: strings.conflictTitle
    case .denied(let reason): strings.t("ikke tillatt (\(strings.deniedReason(reason)))", "not allowed (\(reason))")
    case .registeredElsewhere(let unit):
      strings.t(
        "personen er allerede registrert av en annen enhet (\(unit))",
        "the person is already registered by another unit (\(unit))")
    case .unavailable(let reason):
      strings.t("tjeneren svarer ikke (\(reason))", "the server is not answering (\(reason))")
    }
  }

  /// Someone else saved the survey meanwhile: their changes and mine are merged field by field
  /// (against the version the form started from). Only fields both changed are asked about.
  mutating func mergeOrAsk(theirs: Survey) -> [Effect] {
    guard let form, let open else { return [] }
    let (merged, conflicts) = Survey.merge(base: form.saved, mine: form.survey, theirs: theirs)
    guard conflicts.isEmpty else {
      dialog = .conflict(current: theirs, fields: conflicts)
      return []
    }
    var survey = merged
    survey.status = survey.missingForComplete.isEmpty ? .complete : .draft
    return [.save(survey, baseRevision: theirs.revision, folder: open.folder, round: open.round, reason: .merged)]
  }

  /// "Keep mine": their changes to other fields, mine to the fields we both changed, saved.
  mutating func keepMine(over theirs: Survey) -> [Effect] {
    guard let form, let open else { return [] }
    var merged = Survey.merge(base: form.saved, mine: form.survey, theirs: theirs).merged
    merged.status = merged.missingForComplete.isEmpty ? .complete : .draft
    return [.save(merged, baseRevision: theirs.revision, folder: open.folder, round: open.round, reason: .keepMine)]
  }

  /// "Take theirs": their answers to the fields we both changed, my changes to the others; the
  /// form shows the result (changed when it has any of mine) for the caseworker to save.
  mutating func takeTheirs(_ theirs: Survey, fields: [String]) {
    guard let mine = form else { return }
    var merged = Survey.merge(base: mine.saved, mine: mine.survey, theirs: theirs).merged
    for key in fields { merged.takeAnswer(key, from: theirs) }
    self.open?.surveys[theirs.id] = SurveySummary(theirs)
    if let open { list.upsert(SurveyRow(SurveySummary(theirs), round: open.round)) }
    let section = mine.section
    let field = mine.field
    openForm(merged, saved: theirs)
    self.form?.focus(section: section, field: field)
    if !merged.sameAnswers(as: theirs) { self.form?.markChanged(at: now) }
    say(strings.tookTheirs)
  }
}
