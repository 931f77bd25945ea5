import BrukerPlanModel

/// Every label the UI shows, in Norwegian bokmål or English.
public struct Strings: Sendable {
  public let language: Language

  public init(_ language: Language) { self.language = language }

  func t(_ norwegian: String, _ english: String) -> String { language == .norwegian ? norwegian : english }

  var appName: String { "BrukerPlan" }
  var changed: String { t("[endret]", "[changed]") }
  var rounds: String { t("Kartleggingsrunder", "Rounds") }
  var newRound: String { t("Ny runde", "New round") }
  var newSurvey: String { t("Ny kartlegging", "New survey") }
  var help: String { t("Hjelp", "Help") }
  var helpTitle: String { t("Hjelp – taster på dette skjermbildet", "Help – keys on this screen") }
  var helpClose: String { t("Trykk en tast for å lukke hjelpen", "Press any key to close help") }
  var tooSmall: String { t("Terminalen er for liten", "The terminal is too small") }
  func tooSmallDetail(_ w: Int, _ h: Int) -> String {
    t("(\(w)×\(h)) – trenger minst 80×24. q avslutter", "(\(w)×\(h)) – needs at least 80×24. q quits")
  }

  // Keys
  var quit: String { t("Avslutt", "Quit") }
  var back: String { t("Tilbake", "Back") }
  var open: String { t("Åpne", "Open") }
  var new: String { t("Ny", "New") }
  var delete: String { t("Slett", "Delete") }
  var sort: String { t("Sorter", "Sort") }
  var filter: String { t("Filter", "Filter") }
  var report: String { t("Rapport", "Report") }
  var compare: String { t("Sammenlign", "Compare") }
  var save: String { t("Lagre", "Save") }
  var redraw: String { t("Tegn på nytt", "Redraw") }
  var move: String { t("Flytt", "Move") }
  var page: String { t("Side opp/ned", "Page up/down") }
  var firstLast: String { t("Første/siste", "First/last") }
  var nextSection: String { t("Neste del", "Next section") }
  var previousSection: String { t("Forrige del", "Previous section") }
  var jumpSection: String { t("Gå til del 1–7", "Go to section 1–7") }
  var nextField: String { t("Neste felt", "Next field") }
  var chooseLevel: String { t("Velg grønn/gul/rød", "Choose green/yellow/red") }
  var cycle: String { t("Bla i svarene", "Cycle answers") }
  var clear: String { t("Fjern svaret", "Clear the answer") }
  var yesNo: String { t("Ja / nei", "Yes / no") }
  var toggle: String { t("Kryss av / fjern", "Tick / untick") }
  var noNumber: String { t("Uten nummer", "No number") }
  var confirm: String { t("Bekreft", "Confirm") }
  var create: String { t("Opprett", "Create") }
  var erase: String { t("Slett tegn", "Delete character") }
  var jumpToService: String { t("Hopp til tjeneste (forbokstaver)", "Jump to a service (first letters)") }
  var moreBelow: String { t("↓ mer", "↓ more") }
  var previousField: String { t("Forrige felt", "Previous field") }
  var unitKind: String { t("Type enhet", "Kind of unit") }
  var filterDone: String { t("Ferdig med filteret", "Done with the filter") }
  var filterClear: String { t("Tøm filteret", "Clear the filter") }
  var takeBack: String { t("Angre forrige svar", "Take back the last answer") }
  var chooseOption: String { t("Velg svar", "Choose an answer") }
  var genderLetters: String { t("k/f kvinne, m mann", "k/f female, m male") }
  var column: String { t("Velg kolonne", "Choose the column") }

  // Rounds screen
  var municipality: String { t("Kommune", "Municipality") }
  var year: String { t("År", "Year") }
  var status: String { t("Status", "Status") }
  var complete: String { t("Ferdig", "Complete") }
  var drafts: String { t("Utkast", "Drafts") }
  var deadline: String { t("Frist", "Deadline") }
  var noRounds: String { t("Ingen runder ennå. Trykk n for å opprette en.", "No rounds yet. Press n to create one.") }
  func storeLine(_ path: String) -> String { t("Lager: \(path)", "Store: \(path)") }
  var unreadableRound: String { t("kan ikke leses", "cannot be read") }

  // Create round
  var roundCode: String { t("Kommunenummer", "Municipality code") }
  var roundName: String { t("Kommunenavn", "Municipality name") }
  var roundYear: String { t("Kartleggingsår", "Mapping year") }
  var roundDeadline: String { t("Frist (ÅÅÅÅ-MM-DD, valgfri)", "Deadline (YYYY-MM-DD, optional)") }
  var roundUnits: String { t("Enheter (skilt med komma)", "Units (comma separated)") }
  var unitKinds: String {
    t("Type enhet (← → blar, 1–7 velger; Tab neste)", "Kind of unit (← → cycle, 1–7 choose; Tab next)")
  }
  var roundCreateHint: String {
    t(
      "Enter går til neste felt; Enter på siste felt eller Ctrl-S oppretter runden.",
      "Enter moves to the next field; Enter on the last field or Ctrl-S creates the round.")
  }
  func roundExists(_ path: String) -> String {
    t(
      "Runden finnes allerede: mappen \(path) er i bruk. Velg et annet kommunenummer eller år.",
      "The round already exists: the folder \(path) is in use. Choose another municipality code or year.")
  }
  func roundNotCreated(_ path: String) -> String {
    t(
      "Runden kunne ikke opprettes: mappen \(path) kunne ikke lages. Sjekk at lageret kan skrives til.",
      "The round could not be created: the folder \(path) could not be made. Check that the store is writable.")
  }
  func roundCreated(_ name: String) -> String { t("Runden \(name) er opprettet.", "Round \(name) created.") }

  // Surveys screen
  var id: String { t("Id", "Id") }
  var born: String { t("Født", "Born") }
  var gender: String { t("Kjønn", "Gender") }
  var unit: String { t("Enhet", "Unit") }
  var index: String { t("Indeks", "Index") }
  var scored: String { t("Fung.", "Func.") }
  var saved: String { t("Sist lagret", "Last saved") }
  func surveyCount(shown: Int, total: Int, complete: Int, drafts: Int) -> String {
    shown == total
      ? t(
        "\(total) \(total == 1 ? "kartlegging" : "kartlegginger"): \(complete) \(complete == 1 ? "ferdig" : "ferdige"), \(drafts) utkast",
        "\(total) \(total == 1 ? "survey" : "surveys"): \(complete) complete, \(drafts) \(drafts == 1 ? "draft" : "drafts")"
      )
      : t("\(shown) av \(total) vises", "\(shown) of \(total) shown")
  }
  var noSurveys: String {
    t("Ingen kartlegginger ennå. Trykk n for å registrere en person.", "No surveys yet. Press n to register a person.")
  }
  var noMatches: String { t("Ingen treff for filteret.", "Nothing matches the filter.") }
  var filterHint: String {
    t(
      "(enhet, status, indeksfarge, fødselsår, kjønn, starten av id)",
      "(unit, status, index colour, birth year, gender, start of id)")
  }
  func sortedBy(_ key: String) -> String { t("Sortert etter \(key)", "Sorted by \(key)") }
  func invalidFiles(_ n: Int) -> String {
    t(
      "\(n) fil(er) kunne ikke leses – kjør «brukerplan-tui validate» for detaljer",
      "\(n) file(s) could not be read – run \"brukerplan-tui validate\" for details")
  }
  func recoveryNote(_ n: Int) -> String {
    t(
      "\(n) autolagret endring(er) venter – merket med ! (åpne for å gjenopprette)",
      "\(n) autosaved change(s) waiting – marked ! (open to restore)")
  }
  func alsoOpen(_ editors: [Editor]) -> String {
    let who = editors.map { "\($0.user) (\($0.sinceClock))" }.joined(separator: ", ")
    return t(
      "Obs: også åpent hos \(who). Lagrer begge, flettes endringene.",
      "Note: also open for \(who). If both save, the changes are merged.")
  }

  var roundClosed: String { t("Runden er lukket og kan bare leses.", "The round is closed and read-only.") }

  // Delete / quit dialogs
  func confirmDelete(_ id: String) -> String {
    t("Slette kartleggingen \(id)? Dette kan ikke angres.", "Delete survey \(id)? This cannot be undone.")
  }
  var yesNoDefaultNo: String { t("j = ja, n/Esc = nei (standard: nei)", "y = yes, n/Esc = no (default: no)") }
  var confirmQuit: String { t("Avslutte BrukerPlan?", "Quit BrukerPlan?") }
  var confirmQuitUnsaved: String {
    t("Avslutte? Ulagrede endringer lagres først som utkast.", "Quit? Unsaved changes are saved as a draft first.")
  }
  func deleted(_ id: String) -> String { t("Kartleggingen \(id) er slettet.", "Survey \(id) deleted.") }

  // New survey
  var inclusionTitle: String { t("Hvem skal kartlegges?", "Who is included?") }
  func inclusionAge(_ year: Int) -> String {
    t("Er personen 16 år eller eldre i \(year)?", "Is the person 16 or over in \(year)?")
  }
  var inclusionService: String {
    t(
      "Har personen mottatt minst én kommunal tjeneste de siste 12 månedene?",
      "Has the person had at least one municipal service in the last 12 months?")
  }
  var inclusionOptOut: String {
    t("Har personen reservert seg mot å bli kartlagt?", "Has the person opted out of the mapping?")
  }
  var numberLabel: String {
    t("Fødselsnummer eller D-nummer (11 siffer)", "National identity number or D-number (11 digits)")
  }
  var numberPrivacy: String {
    t(
      "Nummeret vises ikke og lagres aldri; det blir til et pseudonym med en gang.",
      "The number is hidden and never stored; it becomes a pseudonym at once.")
  }
  func digitsTyped(_ n: Int) -> String { t("\(n) av 11 siffer", "\(n) of 11 digits") }
  func numberValid(_ year: Int, _ gender: String) -> String {
    t(
      "Gyldig nummer: født \(year), \(gender.lowercased()). Trykk Enter.",
      "Valid number: born \(year), \(gender.lowercased()). Press Enter.")
  }
  var noNumberHint: String {
    t("F3 eller Ctrl-N: personen har ikke nummer (tilfeldig id)", "F3 or Ctrl-N: the person has no number (random id)")
  }
  func underAge(_ year: Int) -> String {
    t(
      "Personen er under 16 år i \(year) og skal ikke kartlegges. Ingenting er lagret.",
      "The person is under 16 in \(year) and is not included. Nothing was stored.")
  }
  func alreadyRegistered(_ unit: String) -> String {
    t(
      "Personen er allerede registrert (av \(unit)). Kartleggingen er åpnet.",
      "The person is already registered (by \(unit)). The survey is open.")
  }
  var yes: String { t("Ja", "Yes") }
  var no: String { t("Nei", "No") }
  var yesKeys: String { t("j", "y") }

  // Form
  var sections: [String] {
    [
      t("Bakgrunn", "Background"), t("Funksjon", "Functioning"), t("Rusmidler og LAR", "Substances and LAR"),
      t("Planer", "Plans"), t("Barn", "Children"), t("Aktivitet og vold", "Activity and violence"),
      t("Tjenester", "Services"),
    ]
  }
  var sectionsShort: [String] {
    [
      t("Bakgrunn", "Backgr."), t("Funksjon", "Function"), t("Rus/LAR", "Subst."), t("Planer", "Plans"),
      t("Barn", "Children"), t("Aktivitet", "Activity"), t("Tjenester", "Services"),
    ]
  }
  var birthYear: String { t("Fødselsår", "Birth year") }
  var problemGroup: String { t("Problemgruppe", "Problem group") }
  var substances: String { t("Rusmidler brukt siste 6 mnd", "Substances used, last 6 months") }
  var lar: String { t("I LAR-behandling", "In LAR (opioid substitution)") }
  var plans: String { t("Planer og ansvarsgruppe", "Plans and responsibility group") }
  var activity: String { t("Aktivitet", "Activity") }
  var violence: String { t("Vold", "Violence") }
  var hasNow: String { t("Har nå", "Has now") }
  var next12: String { t("Neste 12 mnd", "Next 12 mo.") }
  var none: String { t("ingen", "none") }
  var noneAnswer: String { t("Ingen", "None") }
  var notAnswered: String { t("–", "–") }
  var multiHint: String {
    t("Siffer krysser av · 0 = ingen · Enter bekrefter", "Digits tick · 0 = none · Enter confirms")
  }
  var servicesHint: String {
    t(
      "1 = har nå, 2 = neste 12 mnd, Mellomrom krysser av i valgt kolonne",
      "1 = has now, 2 = next 12 months, Space ticks the chosen column")
  }
  func childLabel(_ key: String) -> String { ChildrenKey(rawValue: key)?.label(language) ?? key }
  func fieldLabel(_ field: String) -> String {
    if field.hasPrefix("scores."), let d = Dimension(rawValue: String(field.dropFirst(7))) { return d.label(language) }
    if field.hasPrefix("children.") { return childLabel(String(field.dropFirst(9))) }
    switch field {
    case "unit": return unit
    case "birthYear": return birthYear
    case "gender": return gender
    case "problemGroup": return problemGroup
    case "substances": return t("Rusmidler", "Substances")
    case "lar": return "LAR"
    case "plans": return t("Planer", "Plans")
    case "activity": return activity
    case "violence": return violence
    case "status": return status
    default:
      if field.hasPrefix("services.") { return t("Tjeneste ", "Service ") + field.dropFirst(9) }
      return field
    }
  }
  func missing(_ fields: [String]) -> String {
    if fields.isEmpty {
      return t("Alt er fylt ut – kan lagres som ferdig.", "Everything is filled in – can be saved as complete.")
    }
    let names = fields.map(fieldLabel)
    return t("Mangler \(fields.count): ", "Missing \(fields.count): ") + names.joined(separator: ", ")
  }
  var savedComplete: String { t("Lagret som ferdig.", "Saved as complete.") }
  func savedDraft(_ missing: Int) -> String {
    t(
      "Lagret som utkast – \(missing) felt mangler før den kan bli ferdig.",
      "Saved as a draft – \(missing) field(s) missing before it can be complete.")
  }
  func autosaved(_ time: String) -> String { t("Utkast autolagret \(time).", "Draft autosaved \(time).") }
  func recoverySaved(_ time: String) -> String {
    t(
      "Endringene er autolagret som gjenoppretting \(time) (den ferdige versjonen er urørt).",
      "Changes autosaved for recovery \(time) (the complete version is untouched).")
  }
  var cannotSave: String { t("Kan ikke lagre: ", "Cannot save: ") }
  var discardQuestion: String { t("Skjemaet har ulagrede endringer.", "The form has unsaved changes.") }
  var discardChoices: String {
    t("l = lagre, f = forkast, Esc/Enter = bli her", "s = save, d = discard, Esc/Enter = stay")
  }
  /// After Esc in the birth-year field: what was typed is kept as the answer.
  func yearKept(_ year: Int?, problem: String?) -> String {
    guard let year else { return t("Fødselsår tømt.", "Birth year cleared.") }
    if let problem {
      return problem
        + t(" – «\(year)» er beholdt; rett det før lagring.", " – \"\(year)\" kept; fix it before saving.")
    }
    return t("Fødselsår \(year) beholdt.", "Birth year \(year) kept.")
  }
  var discardNewRound: String {
    t(
      "Forkaste den nye runden? Det du har skrevet, blir ikke lagret.",
      "Discard the new round? What you typed is not saved.")
  }
  var confirmQuitDiscardingRound: String {
    t("Avslutte? Den nye runden du har skrevet inn, blir ikke lagret.", "Quit? The new round you typed is not saved.")
  }
  var saveKey: Character { language == .norwegian ? "l" : "s" }
  var discardKey: Character { language == .norwegian ? "f" : "d" }
  var recoveryQuestion: String {
    t(
      "Det finnes en autolagret, ulagret versjon av denne kartleggingen.",
      "There is an autosaved, unsaved version of this survey.")
  }
  var recoveryChoices: String {
    t("j = gjenopprett den, n = forkast den, Esc = avbryt", "y = restore it, n = discard it, Esc = cancel")
  }
  var restored: String {
    t(
      "Den autolagrede versjonen er hentet inn. Lagre med Ctrl-S.",
      "The autosaved version is restored. Save with Ctrl-S.")
  }
  var conflictTitle: String {
    t("Noen andre har lagret denne kartleggingen i mellomtiden.", "Someone else saved this survey meanwhile.")
  }
  var conflictBoth: String {
    t(
      "Andre felt er slått sammen. Dere har begge endret:",
      "Other fields are merged. You both changed:")
  }
  var mergedNote: String {
    t(
      "Slått sammen med endringene en annen lagret i mellomtiden.",
      "Merged with the changes someone else saved meanwhile.")
  }
  var conflictHeader: String { t("Felt: mitt svar → lagret svar", "Field: mine → saved") }
  var conflictChoices: String {
    t("m = behold mitt, d = ta deres, Esc = avbryt", "m = keep mine, t = take theirs, Esc = cancel")
  }
  var keepMineKey: Character { "m" }
  var takeTheirsKey: Character { language == .norwegian ? "d" : "t" }
  var tookTheirs: String { t("Den lagrede versjonen er hentet inn.", "The saved version is loaded.") }
  var noDifferences: String { t("(ingen forskjeller i feltene)", "(no differences in the fields)") }
  var quitKeyHint: String { t("q/F10 avslutter", "q/F10 quits") }

  /// A validation problem in the UI's language (the model's messages are English, for the CLI).
  func problem(_ problem: FieldProblem, year: Int?) -> String {
    let field = fieldLabel(problem.field)
    switch problem.field {
    case "birthYear":
      if let year, problem.message.contains("16 or over") {
        return field + ": "
          + t("personen må være 16 år eller eldre i \(year)", "the person must be 16 or over in \(year)")
      }
      return field + ": " + t("ikke et mulig fødselsår", "not a plausible birth year")
    case "unit": return field + ": " + t("ikke en enhet i denne runden", "not a unit of this round")
    case "children.custody", "children.contact":
      return field + ": " + t("kan ikke være ja uten barn under 18", "cannot be yes without children under 18")
    default:
      if problem.message.contains("required") { return field + ": " + t("må fylles ut", "must be filled in") }
      return field + ": " + t("er ugyldig", "is not valid")
    }
  }
}
