/// What a key does on a screen. The help overlay and the key bar are made from the same table
/// that dispatches the keys, so they cannot drift apart.
public enum Action: Hashable, Sendable {
  case help, redraw, quit, back
  case up, down, pageUp, pageDown, home, end
  case open, new, delete, sort, filter
  case nextField, previousField, confirmField, create
  case nextSection, previousSection
  case section(Int)
  case save, noNumber, report, compare
}

public struct Binding: Sendable {
  public var keys: [Key]
  public var action: Action
  public var label: String
  /// Shown on the key bar (the rest only in help).
  public var inBar: Bool
  /// How the keys are written in help, when not simply the keys joined.
  public var keyText: String?

  var displayKeys: String { keyText ?? keys.map(\.description).joined(separator: " ") }
}

extension AppState {
  /// The key map of the current screen, then the global keys.
  public func bindings() -> [Binding] {
    let s = strings
    func b(_ keys: [Key], _ action: Action, _ label: String, bar: Bool = false, text: String? = nil) -> Binding {
      Binding(keys: keys, action: action, label: label, inBar: bar, keyText: text)
    }
    let listMoves = [
      b([.up, .character("k")], .up, s.move, text: "↑ k"),
      b([.down, .character("j")], .down, s.move, text: "↓ j"),
      b([.pageUp], .pageUp, s.page, text: "PgUp"),
      b([.pageDown], .pageDown, s.page, text: "PgDn"),
      b([.home, .character("g")], .home, s.firstLast, text: "Home g"),
      b([.end, .character("G")], .end, s.firstLast, text: "End G"),
    ]
    var map: [Binding]
    switch screen {
    case .rounds:
      map =
        [
          b([.enter], .open, s.open, bar: true), b([.character("n")], .new, s.newRound, bar: true),
          b([.character("q"), .escape], .quit, s.quit, text: "q Esc"),
        ] + listMoves
    case .createRound:
      map = [
        b([.enter], .confirmField, s.nextField + " / " + s.create.lowercased()),
        b([.tab, .down], .nextField, s.nextField, text: "Tab ↓"),
        b([.backTab, .up], .previousField, s.t("Forrige felt", "Previous field"), text: "S-Tab ↑"),
        b([.control("s"), .function(2)], .create, s.create, bar: true, text: "Ctrl-S F2"),
        b([.escape], .back, s.back, bar: true),
      ]
    case .surveys:
      map =
        [
          // In key-bar order; what does not fit at 80 columns is in the help.
          b([.enter], .open, s.open, bar: true), b([.character("n")], .new, s.new, bar: true),
          b([.character("/")], .filter, s.filter, bar: true),
          b([.character("r")], .report, s.report, bar: true), b([.character("c")], .compare, s.compare, bar: true),
          b([.character("q"), .escape], .back, s.back, bar: true, text: "q Esc"),
          b([.character("d"), .delete], .delete, s.delete, bar: true, text: "d Del"),
          b([.character("s")], .sort, s.sort, bar: true),
        ] + listMoves
    case .report, .compare:
      map =
        [
          b([.character("q"), .escape], .back, s.back, bar: true, text: "q Esc"),
          b([.character("c")], .compare, s.compare, bar: screen == .report),
        ] + listMoves
      if screen == .compare { map.remove(at: 1) }
    case .comparePick:
      map =
        [
          b([.enter], .open, s.compare, bar: true),
          b([.character("q"), .escape], .back, s.back, bar: true, text: "q Esc"),
        ] + listMoves
    case .newSurvey:
      map = [
        b([.function(3), .control("n")], .noNumber, s.noNumber, bar: newSurvey.step == 3, text: "F3 Ctrl-N"),
        b([.escape], .back, s.back, bar: true),
      ]
    case .form:
      map = [
        b([.control("s"), .function(2)], .save, s.save, bar: true, text: "Ctrl-S F2"),
        b([.tab], .nextSection, s.nextSection, bar: true), b([.backTab], .previousSection, s.previousSection),
        b([.up], .up, s.move), b([.down], .down, s.move),
        b([.pageUp], .pageUp, s.previousSection), b([.pageDown], .pageDown, s.nextSection),
        b([.home], .home, s.firstLast), b([.end], .end, s.firstLast),
        b([.escape], .back, s.back, bar: true),
      ]
      // One binding per section so Alt-n goes to section n; help shows them once.
      for n in 1...7 {
        map.append(b([.alt(Character(String(n)))], .section(n - 1), s.jumpSection, text: "Alt-1…7"))
      }
    }
    map += [
      b([.function(1), .character("?")], .help, s.help, bar: true, text: "F1 ?"),
      b([.control("l")], .redraw, s.redraw, text: "Ctrl-L"),
      b([.function(10), .control("c")], .quit, s.quit, bar: true, text: "F10 Ctrl-C"),
    ]
    return map
  }

  /// Help lines for the current screen, plus the field keys of the form, without repeats.
  func helpEntries() -> [(keys: String, label: String)] {
    // One line per action label, with every key that does it.
    var entries: [(keys: String, label: String)] = []
    for binding in bindings() {
      if let at = entries.firstIndex(where: { $0.label == binding.label }) {
        if !entries[at].keys.split(separator: " ").contains(Substring(binding.displayKeys)) {
          entries[at].keys += " " + binding.displayKeys
        }
      } else {
        entries.append((binding.displayKeys, binding.label))
      }
    }
    let s = strings
    if screen == .form {
      entries += [
        ("1 2 3  g y r", s.chooseLevel), ("← → Space", s.cycle), ("0 Del", s.clear),
        ("j/y n", s.yesNo), ("Enter", s.nextField), ("1 2 (" + s.sections[6] + ")", s.toggle),
      ]
    }
    if screen == .createRound { entries.append(("← → Space 1–7", s.t("Type enhet", "Kind of unit"))) }
    if screen == .newSurvey { entries.insert(("0-9 BS Enter", s.numberLabel), at: 0) }
    if screen == .surveys { entries.append(("/ … Enter  Esc", s.filter + " " + s.filterHint)) }
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
}
