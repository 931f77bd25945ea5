/// A last guard for messages: whatever the user typed or a file held may be echoed in a problem
/// message ("unknown unit \"...\""), and a fødselsnummer typed into the wrong field or column
/// would then reach the screen, a log or a report. Any run of 11 or more digits (single spaces,
/// dashes, dots or slashes between digits allowed) is replaced by bullets.
public enum Redaction {
  public static let mask = "•••••••••••"

  public static func identityNumbers(in text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    var digitCount = 0
    // Cheap exit: most messages have no long digit runs.
    for scalar in scalars where ("0"..."9").contains(scalar) { digitCount += 1 }
    guard digitCount >= 11 else { return text }
    var output = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      guard ("0"..."9").contains(scalars[index]) else {
        output.append(scalars[index])
        index += 1
        continue
      }
      // A run of digits with single separators between them.
      var end = index
      var digits = 0
      while end < scalars.count {
        if ("0"..."9").contains(scalars[end]) {
          digits += 1
          end += 1
        } else if "-. /".unicodeScalars.contains(scalars[end]), end + 1 < scalars.count,
          ("0"..."9").contains(scalars[end + 1]), digits > 0
        {
          end += 1
        } else {
          break
        }
      }
      if digits >= 11 {
        output.append(contentsOf: mask.unicodeScalars)
      } else {
        output.append(contentsOf: scalars[index..<end])
      }
      index = end
    }
    return String(output)
  }
}
