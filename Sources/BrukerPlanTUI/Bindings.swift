import BrukerPlanModel

/// What a key does. Every key the program accepts reaches it through a `Binding`; the help
/// overlay and the key bar are made from the same table, so they cannot miss a key.
public enum Action: Hashable, Sendable {
  case help, redraw, quit, back
  case up, down, pageUp, pageDown, home, end
  case open, new, delete, sort, filter
  case nextField, previousField, confirmField, create
  case nextSection, previousSection
  case section(Int)
  case save, noNumber, report, compare
  /// The round desk: open it, reload it, close or reopen the round.
  case desk, reload, closeRound, reopenRound
  /// Data-quality findings on save: accept them all and save, or save leaving them open.
  case acceptWarnings, saveAnyway
  /// The focused form field's answer keys (digits, letters, ← →, Space, Del).
  case answer
  /// A text field: type a character, erase the last, clear it all (Ctrl-U), leave it.
  case typeText, erase, clearText, finishText, cancelText
  /// The kind of the focused unit on the new-round screen.
  case chooseKind
  /// The next-round screen: retire (or bring back) last year's unit; a blank round instead.
  case retireUnit, blankRound
  /// The inclusion check: the person is outside the target group.
  case outsideTarget
  /// Answers in questions and dialogs.
  case yes, no, cancel, saveAndLeave, discard, keepMine, takeTheirs
  /// The report view's file formats.
  case writeAs(ReportFormat)
}

public struct Binding: Sendable {
  public var keys: [Key]
  public var action: Action
  public var label: String
  /// Shown on the key bar (the rest only in help).
  public var inBar: Bool
  /// How the keys are written in help, when not simply the keys joined.
  public var keyText: String?
  /// Any printable character (a text field).
  public var takesText = false
  /// Any key at all (the "no" of a yes/no question).
  public var anyKey = false
  /// Letters match in either case (j and J).
  public var ignoresCase = false
  /// A focused field's key: it comes first when keys are looked up, last in help.
  public var isField = false

  var displayKeys: String { keyText ?? keys.map(\.description).joined(separator: " ") }

  func matches(_ key: Key) -> Bool {
    if anyKey || keys.contains(key) { return true }
    guard case .character(let c) = key else { return false }
    if takesText { return true }
    return ignoresCase && keys.contains(.character(Character(c.lowercased())))
  }
}

/// Short ways to write a binding in the screens' tables.
func bind(_ keys: [Key], _ action: Action, _ label: String, bar: Bool = false, text: String? = nil) -> Binding {
  Binding(keys: keys, action: action, label: label, inBar: bar, keyText: text)
}

/// A focused field's binding (first in lookup, last in help).
func field(
  _ keys: [Key], _ action: Action, _ label: String, text: String? = nil, takesText: Bool = false,
  ignoresCase: Bool = false
) -> Binding {
  var binding = Binding(keys: keys, action: action, label: label, inBar: false, keyText: text)
  binding.takesText = takesText
  binding.ignoresCase = ignoresCase
  binding.isField = true
  return binding
}

extension Key {
  static func characters(_ text: String) -> [Key] { text.map { .character($0) } }
}

extension Binding {
  /// ↑ ↓ k j, pages, first and last: every list and document.
  static func listMoves(_ s: Strings) -> [Binding] {
    [
      bind([.up, .character("k")], .up, s.move, text: "↑ k"),
      bind([.down, .character("j")], .down, s.move, text: "↓ j"),
      bind([.pageUp], .pageUp, s.page, text: "PgUp"),
      bind([.pageDown], .pageDown, s.page, text: "PgDn"),
      bind([.home, .character("g")], .home, s.firstLast, text: "Home g"),
      bind([.end, .character("G")], .end, s.firstLast, text: "End G"),
    ]
  }

  /// Keys that work on every screen, after the screen's own.
  static func global(_ s: Strings) -> [Binding] {
    [
      bind([.function(1), .character("?")], .help, s.help, bar: true, text: "F1 ?"),
      bind([.control("l")], .redraw, s.redraw, text: "Ctrl-L"),
      bind([.function(10), .control("c")], .quit, s.quit, bar: true, text: "F10 Ctrl-C"),
    ]
  }

  /// Text-field editing: any character, erase, Ctrl-U clears the field.
  static func textField(_ s: Strings) -> [Binding] {
    [
      field([], .typeText, s.typeText, text: s.t("a–å 0–9", "a–z 0–9"), takesText: true),
      field([.backspace, .delete], .erase, s.erase, text: "BS Del"),
      field([.control("u")], .clearText, s.clearText, text: "Ctrl-U"),
    ]
  }
}

extension AppState {
  /// The key map of the current screen (or open dialog), then the global keys.
  public func bindings() -> [Binding] {
    if let dialog { return dialogBindings(dialog) }
    if tooSmall { return tooSmallBindings() }
    return screenBindings()
  }

  /// The current screen's keys and the global ones (the key bar shows them under a dialog too).
  func screenBindings() -> [Binding] { screen.page.bindings(self) + Binding.global(strings) }

  /// Help lines for the current screen: one per action label with every key that does it,
  /// the screen's keys first and the focused field's after them.
  func helpEntries() -> [(keys: String, label: String)] {
    var entries: [(keys: String, label: String)] = []
    let all = bindings()
    for binding in all.filter({ !$0.isField }) + all.filter(\.isField) {
      if let at = entries.firstIndex(where: { $0.label == binding.label }) {
        if !entries[at].keys.split(separator: " ").contains(Substring(binding.displayKeys)) {
          entries[at].keys += " " + binding.displayKeys
        }
      } else {
        entries.append((binding.displayKeys, binding.label))
      }
    }
    if screen == .surveys, dialog == nil, !list.editingFilter {
      entries.append(("/ … Enter  Esc", strings.filter + " " + strings.filterHint))
    }
    return entries
  }
}

extension Action {
  /// Where a movement key takes `position` within 0...last, a page being `page` lines.
  /// End (the only other key callers pass) goes to `last`.
  func moved(_ position: Int, last: Int, page: Int) -> Int {
    switch self {
    case .up: max(0, position - 1)
    case .down: min(last, position + 1)
    case .pageUp: max(0, position - page)
    case .pageDown: min(last, position + page)
    case .home: 0
    default: last
    }
  }

  var isMove: Bool { [.up, .down, .pageUp, .pageDown, .home, .end].contains(self) }
}
