/// Text fields where some values are suggestions (last year's figure, this year's date): the
/// first character typed replaces a suggestion, Backspace and Ctrl-U make it the caseworker's own.
enum SuggestedFields {
  static func edit(_ action: Action, key: Key, values: inout [String], suggested: inout Set<Int>, at field: Int) {
    if action == .typeText, case .character(let c) = key {
      if suggested.remove(field) != nil { values[field] = "" }
      values[field].append(c)
    } else if action == .erase {
      suggested.remove(field)
      if !values[field].isEmpty { values[field].removeLast() }
    } else if action == .clearText {
      suggested.remove(field)
      values[field] = ""
    }
  }
}
