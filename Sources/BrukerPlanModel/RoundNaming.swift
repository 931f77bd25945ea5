import Foundation

// How a round typed by a person (in the UI) gets its unit ids, unit kinds and folder name.

extension UnitKind {
  /// A first guess from the unit's name ("NAV Fjellby" → nav, "Rustjenesten" → substance); the
  /// user can change it before the round is created.
  public static func suggested(for name: String) -> UnitKind {
    let words = name.lowercased()
    let hints: [(UnitKind, [String])] = [
      (.nav, ["nav"]),
      (.childWelfare, ["barnevern", "child"]),
      (.substance, ["rus", "substance", "addiction"]),
      (.mentalHealth, ["psyk", "mental"]),
      (.homeCare, ["hjemme", "home"]),
      (.followUp, ["oppfølging", "oppfolging", "follow"]),
    ]
    return hints.first { $0.1.contains(where: words.contains) }?.0 ?? .other
  }
}

extension Round.Unit {
  /// Units for names typed by a person: the id is the name's ASCII letters and digits in lower
  /// case ("NAV Fjellby" → "navfjellby"), "enhet" when there are none, numbered when taken, and
  /// never one of `taken` (ids of last year's units, retired ones too: an id is not reused).
  public static func named(_ names: [String], taken: [String] = [], kind: (String) -> UnitKind) -> [Round.Unit] {
    var units: [Round.Unit] = []
    let taken = Set(taken)
    for name in names {
      let letters = asciiAlphanumerics(name.lowercased())
      let id = letters.isEmpty ? "enhet" : letters
      var candidate = id
      var n = 2
      while taken.contains(candidate) || units.contains(where: { $0.id == candidate }) {
        candidate = "\(id)\(n)"
        n += 1
      }
      units.append(Round.Unit(id: candidate, name: name, kind: kind(name)))
    }
    return units
  }

  static func asciiAlphanumerics(_ text: String) -> String {
    String(text.unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }.map(Character.init))
  }
}

extension Round {
  /// "<year>-<code>", the code cut to ASCII letters and digits ("runde" when none are left).
  public static func folderName(year: Int, code: String) -> String {
    let safe = Round.Unit.asciiAlphanumerics(code)
    return "\(year)-\(safe.isEmpty ? "runde" : safe)"
  }
}
