import BrukerPlanModel

/// A question over the current screen; until it is answered, keys go to it.
public enum Dialog: Sendable {
  case quit(unsaved: Bool)
  case delete(id: String, revision: Int)
  case leaveForm
  /// The survey as saved by someone else, and the fields we both changed.
  case conflict(current: Survey, fields: [String])
  case recovery(id: String)
  /// Esc on the new-round form after something was typed.
  case discardNewRound
  /// Closing the round from the desk: what is left undone is shown, then yes or no.
  case closeRound(reason: String)
  /// Open data-quality findings on an explicit save of the form.
  case qualityWarnings([QualityFinding], reason: SaveReason)
  /// The report view's "write to file": which format.
  case export
}

extension AppState {
  /// The open dialog's keys. F1 shows them; a yes/no question takes any other key as no.
  func dialogBindings(_ dialog: Dialog) -> [Binding] {
    let s = strings
    func letters(_ text: String, _ action: Action, _ label: String, extra: [Key] = []) -> Binding {
      var binding = bind(Key.characters(text) + extra, action, label)
      binding.ignoresCase = true
      return binding
    }
    var map = [bind([.function(1)], .help, s.help, text: "F1")]
    switch dialog {
    case .qualityWarnings:
      map += [
        letters("a", .acceptWarnings, s.acceptWarnings), letters("s", .saveAnyway, s.saveAnyway, extra: [.enter]),
        bind([.escape], .cancel, s.backToForm),
      ]
    case .quit, .delete, .discardNewRound, .closeRound:
      map.append(letters("jy", .yes, s.yes, extra: []))
      var no = bind([.character("n"), .escape], .no, s.no, text: s.t("n Esc (alt annet)", "n Esc (anything else)"))
      no.anyKey = true
      map.append(no)
    case .leaveForm:
      map += [
        letters(String(s.saveKey), .saveAndLeave, s.save),
        letters(String(s.discardKey), .discard, s.discardLabel),
        letters("b", .cancel, s.stay, extra: [.escape, .enter]),
      ]
    case .conflict:
      map += [
        letters(String(s.keepMineKey), .keepMine, s.keepMine),
        letters(String(s.takeTheirsKey), .takeTheirs, s.takeTheirs),
        bind([.escape], .cancel, s.cancel),
      ]
    case .export:
      map += [
        letters("h", .writeAs(.html), "HTML"), letters("c", .writeAs(.csv), "CSV"),
        letters("t", .writeAs(.text), s.t("Tekst", "Text")), bind([.escape], .cancel, s.cancel),
      ]
    case .recovery:
      map += [
        letters("jy", .yes, s.restore), letters("n", .no, s.discardLabel),
        bind([.escape], .cancel, s.cancel),
      ]
    }
    return map
  }

  mutating func performDialog(_ action: Action, _ current: Dialog) -> [Effect] {
    switch current {
    case .quit(let unsaved):
      dialog = nil
      guard action == .yes else { return [] }
      if unsaved {
        let effects = saveBeforeLeaving(reason: .quitting)
        if !effects.isEmpty { return effects }
      }
      return [.quit]
    case .discardNewRound:
      dialog = nil
      if action == .yes { stack.removeAll { $0 == .createRound || $0 == .nextRound } }
      return []
    case .closeRound(let reason):
      dialog = nil
      guard action == .yes, let open else { return [] }
      return [.changeRoundStatus(open.folder, close: true, reason: reason)]
    case .qualityWarnings(let findings, let reason):
      dialog = nil
      return answerWarnings(findings, reason: reason, action)
    case .delete(let id, let revision):
      dialog = nil
      guard action == .yes, let open else { return [] }
      return [.delete(id: id, baseRevision: revision, folder: open.folder, round: open.round)]
    case .leaveForm:
      dialog = nil
      switch action {
      case .saveAndLeave: return saveForm(reason: .leaving)
      case .discard: leaveForm()
      default: break
      }
      return []
    case .conflict(let theirs, let fields):
      dialog = nil
      switch action {
      case .keepMine: return keepMine(over: theirs)
      case .takeTheirs: takeTheirs(theirs, fields: fields)
      default: break
      }
      return []
    case .recovery(let id):
      return answerRecovery(id: id, action)
    case .export:
      dialog = nil
      guard case .writeAs(let format) = action else { return [] }
      return export(format)
    }
  }

  mutating func answerRecovery(id: String, _ action: Action) -> [Effect] {
    dialog = nil
    guard let open else { return [] }
    switch action {
    case .yes:
      guard let copy = open.recovery[id] else { return [] }
      // The form under the question holds the survey as it is on disk.
      let onDisk = form.flatMap { $0.survey.id == id ? $0.saved : nil }
      openForm(copy, saved: onDisk, isNew: onDisk == nil)
      form?.markChanged(at: now)
      say(strings.restored)
      return []
    case .no:
      self.open?.recovery[id] = nil
      if var row = list.rows.first(where: { $0.id == id }) {
        row.hasRecovery = false
        list.upsert(row)
      }
      return [.removeRecovery(id, folder: open.folder)]
    default:
      leaveForm()
      return []
    }
  }
}

func renderDialog(_ dialog: Dialog, _ state: AppState, into buffer: inout ScreenBuffer) {
  let s = state.strings
  var lines: [Line] = []
  var title = s.confirm
  switch dialog {
  case .quit(let unsaved):
    title = s.quit
    var question = unsaved ? s.confirmQuitUnsaved : s.confirmQuit
    // A new round cannot be kept as a draft: say that quitting throws it away.
    if state.screen == .createRound && state.createRound.hasTypedText
      || state.screen == .nextRound && state.nextRound?.hasChanges == true
    {
      question = s.confirmQuitDiscardingRound
    }
    lines = [Line([(question, .normal)]), Line(), Line([(s.yesNoDefaultNo, .helpKey)])]
  case .delete(let id, _):
    title = s.delete
    lines = [Line([(s.confirmDelete(state.shortID(id)), .normal)]), Line(), Line([(s.yesNoDefaultNo, .helpKey)])]
  case .leaveForm:
    title = s.back
    lines = [Line([(s.discardQuestion, .normal)]), Line(), Line([(s.discardChoices, .helpKey)])]
  case .discardNewRound:
    title = s.back
    lines = [Line([(s.discardNewRound, .normal)]), Line(), Line([(s.yesNoDefaultNo, .helpKey)])]
  case .closeRound:
    title = s.closeRound
    lines = state.closingLines(state)
  case .qualityWarnings(let findings, _):
    title = s.qualityTitle
    for finding in findings {
      let mark = finding.severity == .error ? "! " : "· "
      lines += wrapped(
        mark + finding.message(s.language), width: state.width - 12, role: finding.severity == .error ? .error : .normal
      )
    }
    lines += [Line(), Line([(s.qualityChoices, .helpKey)])]
  case .export:
    title = s.writeFile
    lines = [
      Line([(s.exportQuestion, .normal)]), Line([(state.exportFolder, .heading)]), Line(),
      Line([(s.exportChoices, .helpKey)]),
    ]
  case .recovery:
    title = s.t("Gjenoppretting", "Recovery")
    lines = [Line([(s.recoveryQuestion, .normal)]), Line(), Line([(s.recoveryChoices, .helpKey)])]
  case .conflict(let current, let fields):
    title = s.t("Lagringskonflikt", "Save conflict")
    lines = [
      Line([(s.conflictTitle, .error)]), Line([(s.conflictBoth, .normal)]), Line([(s.conflictHeader, .heading)]),
    ]
    let differences = (state.form.map { $0.survey.differences(from: current, strings: s) } ?? []).filter {
      fields.contains($0.field)
    }
    let room = max(1, state.height - 12)
    for difference in differences.prefix(room) {
      lines.append(
        Line([
          (s.fieldLabel(difference.field) + ": ", .normal), (difference.mine, .selected), (" → ", .normal),
          (difference.theirs, .selected),
        ]))
    }
    if differences.count > room { lines.append(Line([("… +\(differences.count - room)", .disabled)])) }
    if differences.isEmpty { lines.append(Line([(s.noDifferences, .disabled)])) }
    lines.append(Line())
    lines.append(Line([(s.conflictChoices, .helpKey)]))
  }
  DialogBox.draw(lines, title: title, state: state, into: &buffer)
}

extension Strings {
  var stay: String { t("Bli her", "Stay") }
  var discardLabel: String { t("Forkast", "Discard") }
  var keepMine: String { t("Behold mitt", "Keep mine") }
  var takeTheirs: String { t("Ta deres", "Take theirs") }
  var cancel: String { t("Avbryt", "Cancel") }
  var restore: String { t("Gjenopprett", "Restore") }
  var typeText: String { t("Skriv", "Type") }
  var clearText: String { t("Tøm feltet", "Clear the field") }
}

extension Survey {
  /// Field-by-field differences against `other`, as (field key, mine, theirs) in form order.
  func differences(from other: Survey, strings: Strings) -> [(field: String, mine: String, theirs: String)] {
    let lang = strings.language
    func text(_ survey: Survey, _ key: String) -> String {
      let none = "–"
      switch key {
      case "status": return survey.status.label(lang)
      case "unit": return survey.unit ?? none
      case "birthYear": return survey.birthYear.map(String.init) ?? none
      case "gender": return survey.gender?.label(lang) ?? none
      case "problemGroup": return survey.problemGroup?.label(lang) ?? none
      case "substances":
        return survey.substances.map { $0.isEmpty ? strings.none : $0.map { $0.label(lang) }.joined(separator: ", ") }
          ?? none
      case "lar": return survey.lar.map { $0 ? strings.yes : strings.no } ?? none
      case "plans":
        return survey.plans.map { $0.isEmpty ? strings.none : $0.map { $0.label(lang) }.joined(separator: ", ") }
          ?? none
      case "activity": return survey.activity?.label(lang) ?? none
      case "violence": return survey.violence?.label(lang) ?? none
      default:
        if key.hasPrefix("scores."), let d = Dimension(rawValue: String(key.dropFirst(7))) {
          return survey.scores[d]?.label(lang) ?? none
        }
        if key.hasPrefix("children.") {
          return survey.children[String(key.dropFirst(9))].map { $0 ? strings.yes : strings.no } ?? none
        }
        if key.hasPrefix("services.") {
          let answer = survey.answer(String(key.dropFirst(9)))
          return
            "\(strings.hasNow): \(answer.now ? strings.yes : strings.no), \(strings.next12): \(answer.next12 ? strings.yes : strings.no)"
        }
        return none
      }
    }
    return (["status"] + answerKeys(with: other)).compactMap { key in
      let mine = text(self, key)
      let theirs = text(other, key)
      return mine == theirs ? nil : (key, mine, theirs)
    }
  }
}
