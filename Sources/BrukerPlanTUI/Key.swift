/// A key press, independent of how the terminal delivered it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
  case character(Character)
  case enter, tab, backTab, escape, backspace, delete
  case up, down, left, right, pageUp, pageDown, home, end
  case function(Int)
  /// Ctrl with a letter, lower case: `.control("s")` is Ctrl-S.
  case control(Character)
  /// Alt (Meta) with a character: Alt-1 jumps to the form's first section.
  case alt(Character)

  public static let space = Key.character(" ")

  /// How the key is written in help texts and in `--keys`.
  public var description: String {
    switch self {
    case .character(" "): "Space"
    case .character(let c): String(c)
    case .enter: "Enter"
    case .tab: "Tab"
    case .backTab: "S-Tab"
    case .escape: "Esc"
    case .backspace: "BS"
    case .delete: "Del"
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .home: "Home"
    case .end: "End"
    case .function(let n): "F\(n)"
    case .control(let c): "Ctrl-\(String(c).uppercased())"
    case .alt(let c): "Alt-\(c)"
    }
  }
}

/// What the terminal reports: a key, a new size, or that the user may have been idle.
public enum InputEvent: Hashable, Sendable {
  case key(Key)
  case resize(width: Int, height: Int)
}

/// Reads the `--keys` notation: named keys in angle brackets (`<Enter>`, `<C-s>`, `<F2>`),
/// anything else typed literally. `<<` or an unknown name is an error.
public enum KeyScript {
  public struct Problem: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  static let named: [String: Key] = [
    "enter": .enter, "cr": .enter, "tab": .tab, "s-tab": .backTab, "btab": .backTab, "esc": .escape,
    "up": .up, "down": .down, "left": .left, "right": .right, "pgup": .pageUp, "pgdn": .pageDown,
    "home": .home, "end": .end, "space": .space, "bs": .backspace, "backspace": .backspace, "del": .delete,
    "lt": .character("<"), "gt": .character(">"),
  ]

  public static func parse(_ script: String) throws(Problem) -> [Key] {
    var keys: [Key] = []
    var index = script.startIndex
    while index < script.endIndex {
      let character = script[index]
      if character == "<", let close = script[index...].firstIndex(of: ">"), close > script.index(after: index) {
        let name = String(script[script.index(after: index)..<close])
        guard let key = key(named: name) else {
          throw Problem(description: "unknown key <\(name)> in --keys (write a literal < as <lt>)")
        }
        keys.append(key)
        index = script.index(after: close)
      } else {
        keys.append(character == "\n" ? .enter : .character(character))
        index = script.index(after: index)
      }
    }
    return keys
  }

  static func key(named name: String) -> Key? {
    let lower = name.lowercased()
    if let key = named[lower] { return key }
    if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) { return .function(n) }
    if lower.hasPrefix("c-"), lower.count == 3, let c = lower.last, c.isLetter { return .control(c) }
    if lower.hasPrefix("m-") || lower.hasPrefix("a-"), name.count == 3, let c = name.last { return .alt(c) }
    return nil
  }
}
