import BrukerPlanModel

/// One answerable thing in the survey form.
public enum FormField: Hashable, Sendable {
  case unit, birthYear, gender, problemGroup
  case score(Dimension)
  case substances, lar, plans
  case child(String)
  case activity, violence
  case service(String)

  /// The key in `Survey.missingForComplete` this field answers.
  var missingKey: String? {
    switch self {
    case .unit: "unit"
    case .birthYear: "birthYear"
    case .gender: "gender"
    case .problemGroup: "problemGroup"
    case .score(let d): "scores.\(d.rawValue)"
    case .substances: "substances"
    case .lar: "lar"
    case .plans: "plans"
    case .child(let key): "children.\(key)"
    case .activity: "activity"
    case .violence: "violence"
    case .service: nil
    }
  }
}

/// The form's sections in order, with their fields (services from the round's catalogue).
public struct FormLayout: Sendable {
  public let sections: [[FormField]]

  public init(round: Round) {
    let municipal = round.catalogue.services.filter { $0.level == .municipal }.map { FormField.service($0.id) }
    let specialist = round.catalogue.services.filter { $0.level == .specialist }.map { FormField.service($0.id) }
    sections = [
      [.unit, .birthYear, .gender, .problemGroup],
      Dimension.allCases.map { .score($0) },
      [.substances, .lar],
      [.plans],
      Children.keys.map { .child($0) },
      [.activity, .violence],
      municipal + specialist,
    ]
  }
}

/// The survey being edited and where the cursor is.
public struct FormState: Sendable {
  public var survey: Survey
  /// The survey as last saved or loaded; nil while it has never been saved.
  public var saved: Survey?
  public var layout: FormLayout
  public var section = 0
  public var field = 0
  /// The birth-year field's text while it is being typed. Every key also writes it to
  /// `survey.birthYear` (an unfinished year too), so no way out of the form can lose it.
  public var yearText: String?
  /// 0: "has now", 1: "next 12 months", in the services grid.
  public var serviceColumn = 0
  public var dirty = false
  /// When the form first changed after the last save, for autosave.
  public var changedAt: Double?
  /// Letters typed in the services list to jump to a service by its name.
  var jumpText = ""

  public init(survey: Survey, saved: Survey?, round: Round) {
    self.survey = survey
    self.saved = saved
    layout = FormLayout(round: round)
  }

  public var baseRevision: Int? { saved?.revision }
  public var currentField: FormField { layout.sections[section][field] }

  var allFields: [(section: Int, field: Int, value: FormField)] {
    layout.sections.enumerated().flatMap { s, fields in fields.enumerated().map { (s, $0.offset, $0.element) } }
  }

  func isMissing(_ field: FormField) -> Bool {
    guard let key = field.missingKey else { return false }
    return survey.missingForComplete.contains(key)
  }

  mutating func focus(section: Int, field: Int = 0) {
    endYearEdit()
    jumpText = ""
    self.section = max(0, min(section, layout.sections.count - 1))
    self.field = max(0, min(field, layout.sections[self.section].count - 1))
  }

  mutating func moveField(by delta: Int) {
    endYearEdit()
    jumpText = ""
    let all = allFields
    guard let position = all.firstIndex(where: { $0.section == section && $0.field == field }) else { return }
    let target = all[max(0, min(all.count - 1, position + delta))]
    section = target.section
    field = target.field
  }

  /// After an answer: the next unanswered field further on, or simply the next field.
  mutating func advance() {
    endYearEdit()
    let missing = Set(survey.missingForComplete)
    let all = allFields
    guard let position = all.firstIndex(where: { $0.section == section && $0.field == field }) else { return }
    let later = all[(position + 1)...]
    if let next = later.first(where: { $0.value.missingKey.map(missing.contains) ?? false }) {
      section = next.section
      field = next.field
    } else if position + 1 < all.count {
      section = all[position + 1].section
      field = all[position + 1].field
    }
  }

  mutating func markChanged(at now: Double) {
    if !dirty { changedAt = now }
    dirty = true
  }

  /// Leaves the birth-year field's typing; what was typed is already the answer.
  mutating func endYearEdit() {
    yearText = nil
  }

  /// In the services list, a letter jumps to the first service whose name starts with the letters
  /// typed so far ("po" → Poliklinikk rus); when nothing does, with this letter alone.
  mutating func jump(typing letter: Character, round: Round, language: Language) -> Bool {
    guard case .service = currentField, letter.isLetter else { return false }
    let labels = layout.sections[section].map { field -> String in
      guard case .service(let id) = field, let service = round.catalogue.service(id) else { return "" }
      return service.label(language).lowercased()
    }
    for typed in [jumpText + String(letter).lowercased(), String(letter).lowercased()] {
      if let at = labels.firstIndex(where: { $0.hasPrefix(typed) }) {
        field = at
        jumpText = typed
        return true
      }
    }
    return false
  }

  /// Handles a key for the focused field. Returns false when the key is not the field's.
  mutating func handle(_ key: Key, round: Round, now: Double) -> Bool {
    jumpText = ""
    let before = survey
    let handled = apply(key, round: round)
    if survey != before { markChanged(at: now) }
    return handled
  }

  private mutating func apply(_ key: Key, round: Round) -> Bool {
    let digit: Int? = if case .character(let c) = key, c.isASCII, let d = c.wholeNumberValue { d } else { nil }
    let letter: Character? = if case .character(let c) = key { Character(c.lowercased()) } else { nil }
    switch currentField {
    case .unit:
      let ids = round.units.map(\.id)
      return commit(Self.choose(ids, current: survey.unit, key: key, digit: digit)) { $0.unit = $1 }
    case .birthYear:
      return editYear(key, digit: digit)
    case .gender:
      if letter == "k" || letter == "f" { return commit(.set(.female, advance: true)) { $0.gender = $1 } }
      if letter == "m" { return commit(.set(.male, advance: true)) { $0.gender = $1 } }
      return commit(Self.choose(Gender.allCases, current: survey.gender, key: key, digit: digit)) { $0.gender = $1 }
    case .problemGroup:
      return commit(Self.choose(ProblemGroup.allCases, current: survey.problemGroup, key: key, digit: digit)) {
        $0.problemGroup = $1
      }
    case .score(let dimension):
      let byLetter: [Character: Score] = ["g": .green, "y": .yellow, "r": .red]
      var pick = Self.choose(Score.allCases, current: survey.scores[dimension], key: key, digit: digit)
      if let letter, let score = byLetter[letter] { pick = .set(score, advance: true) }
      if digit == 0 { pick = .set(nil, advance: false) }
      return commit(pick) { $0.scores[dimension] = $1 }
    case .substances:
      return commit(Self.multi(Substance.allCases, current: survey.substances, key: key, digit: digit)) {
        $0.substances = $1
      }
    case .plans:
      return commit(Self.multi(Plan.allCases, current: survey.plans, key: key, digit: digit)) { $0.plans = $1 }
    case .lar:
      return commit(Self.yesNo(current: survey.lar, key: key, letter: letter, digit: digit)) { $0.lar = $1 }
    case .child(let childKey):
      return commit(Self.yesNo(current: survey.children[childKey], key: key, letter: letter, digit: digit)) {
        $0.children[childKey] = $1
        // Without children there is no care or contact to ask about.
        if childKey == "hasChildren", $1 == false {
          if $0.children.custody == nil { $0.children.custody = false }
          if $0.children.contact == nil { $0.children.contact = false }
        }
      }
    case .activity:
      return commit(Self.choose(Activity.allCases, current: survey.activity, key: key, digit: digit)) {
        $0.activity = $1
      }
    case .violence:
      return commit(Self.choose(Violence.allCases, current: survey.violence, key: key, digit: digit)) {
        $0.violence = $1
      }
    case .service(let id):
      var answer = survey.answer(id)
      switch key {
      case .character("1"): answer.now.toggle()
      case .character("2"): answer.next12.toggle()
      case .character(" "):
        if serviceColumn == 0 { answer.now.toggle() } else { answer.next12.toggle() }
      case .left: serviceColumn = 0
      case .right: serviceColumn = 1
      default: return false
      }
      survey.services[id] = answer.now || answer.next12 || !answer.extra.isEmpty ? answer : nil
      return true
    }
  }

  private mutating func editYear(_ key: Key, digit: Int?) -> Bool {
    if let digit {
      var text = yearText ?? ""
      if text.count >= 4 { text = "" }
      text.append(String(digit))
      yearText = text
      survey.birthYear = Int(text)
      if text.count == 4 { advance() }
      return true
    }
    if key == .control("u") {
      yearText = ""
      survey.birthYear = nil
      return true
    }
    if key == .backspace || key == .delete {
      var text = yearText ?? survey.birthYear.map(String.init) ?? ""
      if !text.isEmpty { text.removeLast() }
      yearText = text
      survey.birthYear = Int(text)
      return true
    }
    return false
  }

  /// What a key does to one answer.
  enum Pick<T> {
    case set(T?, advance: Bool)
    case unhandled
  }

  private mutating func commit<T>(_ pick: Pick<T>, _ write: (inout Survey, T?) -> Void) -> Bool {
    guard case .set(let value, let next) = pick else { return false }
    write(&survey, value)
    if next { advance() }
    return true
  }

  /// A single choice: a digit picks option n and moves on; ←/→ and Space cycle; Del clears.
  static func choose<T: Equatable>(_ options: [T], current: T?, key: Key, digit: Int?) -> Pick<T> {
    if let digit, digit >= 1, digit <= options.count { return .set(options[digit - 1], advance: true) }
    let position = current.flatMap { options.firstIndex(of: $0) }
    switch key {
    case .right, .space: return .set(options[position.map { ($0 + 1) % options.count } ?? 0], advance: false)
    case .left:
      return .set(
        options[position.map { ($0 + options.count - 1) % options.count } ?? options.count - 1], advance: false)
    case .delete, .backspace: return .set(nil, advance: false)
    default: return .unhandled
    }
  }

  /// Several choices: a digit ticks option n, 0 answers "none", Enter confirms what is ticked.
  static func multi<T: Equatable>(_ options: [T], current: [T]?, key: Key, digit: Int?) -> Pick<[T]> {
    if let digit {
      if digit == 0 { return .set([], advance: true) }
      guard digit <= options.count else { return .unhandled }
      var chosen = current ?? []
      let option = options[digit - 1]
      if let at = chosen.firstIndex(of: option) { chosen.remove(at: at) } else { chosen.append(option) }
      // Keep the vocabulary's order so files are stable.
      return .set(options.filter(chosen.contains), advance: false)
    }
    switch key {
    case .enter: return .set(current ?? [], advance: true)
    case .delete, .backspace: return .set(nil, advance: false)
    default: return .unhandled
    }
  }

  static func yesNo(current: Bool?, key: Key, letter: Character?, digit: Int?) -> Pick<Bool> {
    if letter == "j" || letter == "y" || digit == 1 { return .set(true, advance: true) }
    if letter == "n" || digit == 2 { return .set(false, advance: true) }
    switch key {
    case .left, .right, .space: return .set(!(current ?? false), advance: false)
    case .delete, .backspace: return .set(nil, advance: false)
    default: return .unhandled
    }
  }
}
