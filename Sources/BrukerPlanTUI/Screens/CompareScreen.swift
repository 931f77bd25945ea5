import BrukerPlanModel

/// The open round compared with another: changes, the forecast check and the panel.
enum CompareScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] { DocumentView.bindings(state, compare: true) }
  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    DocumentView.perform(action, &state)
  }
  static func crumb(_ state: AppState) -> String? { state.strings.compareTitle }
  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    DocumentView.render(state.documentLines, state, into: &buffer)
  }
}

/// The round to compare the open one with.
enum ComparePickScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] {
    let s = state.strings
    return [
      bind([.enter], .open, s.compare, bar: true),
      bind([.character("q"), .escape], .back, s.back, bar: true, text: "q Esc"),
    ] + Binding.listMoves(s)
  }

  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    switch action {
    case .open: return state.pickComparison()
    case .back: state.leaveScreen()
    case _ where action.isMove:
      state.compareList.move(action, count: state.compareChoices.count, page: state.compareRows)
    default: break
    }
    return []
  }

  static func crumb(_ state: AppState) -> String? { state.strings.compareTitle }

  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    let s = state.strings
    buffer.write(" " + s.chooseRound, row: 2, column: 0, role: .heading)
    let choices = state.compareChoices
    ScrollingList.draw(
      state.compareList, count: choices.count, page: state.compareRows, firstRow: 4, width: state.width,
      into: &buffer
    ) { index, selected in
      let summary = choices[index]
      let text =
        summary.round.map {
          "   \($0.municipality.name) (\($0.municipality.code)) \($0.year)   \(summary.complete) "
            + s.complete.lowercased()
        } ?? ""
      return Line([(text, selected ? .selected : .normal)])
    }
  }
}

extension AppState {
  /// Other readable rounds of the store, for comparing with the open one.
  var compareChoices: [RoundSummary] {
    rounds.filter { $0.round != nil && $0.folder != open?.folder }
  }

  /// Rows of the list of rounds to compare with (from row 4 to above the message line).
  var compareRows: Int { max(1, height - 6) }

  mutating func startCompare() -> [Effect] {
    guard !compareChoices.isEmpty else {
      say(strings.noOtherRound, error: true)
      return []
    }
    compareList = ListCursor()
    stack.append(.comparePick)
    return []
  }

  mutating func pickComparison() -> [Effect] {
    guard let open, compareChoices.indices.contains(compareList.cursor),
      let other = compareChoices[compareList.cursor].round
    else {
      return []
    }
    let otherFolder = compareChoices[compareList.cursor].folder
    // A is the earlier round.
    let openIsEarlier = (open.round.year, open.folder.name) < (other.year, otherFolder.name)
    return [
      .publishComparison(a: openIsEarlier ? open.folder : otherFolder, b: openIsEarlier ? otherFolder : open.folder)
    ]
  }
}
