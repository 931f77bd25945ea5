import BrukerPlanModel

/// The start screen: the store's rounds, newest first.
enum RoundsScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] {
    let s = state.strings
    return [
      bind([.enter], .open, s.open, bar: true), bind([.character("n")], .new, s.newRound, bar: true),
      bind([.character("q"), .escape], .quit, s.quit, text: "q Esc"),
    ] + Binding.listMoves(s)
  }

  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    switch action {
    case .open:
      guard state.rounds.indices.contains(state.roundList.cursor) else { return [] }
      let summary = state.rounds[state.roundList.cursor]
      guard summary.round != nil else {
        state.say("\(summary.folder.name): \(summary.problem ?? state.strings.unreadableRound)", error: true)
        return []
      }
      return [.openRound(summary.folder)]
    case .new:
      // Last year's round of the municipality is the default: same units, same ids.
      if let previous = state.successionSource {
        state.nextRound = NextRoundState(from: previous)
        state.stack.append(.nextRound)
      } else {
        state.createRound = CreateRoundState(year: AppState.year(of: state.now))
        state.stack.append(.createRound)
      }
    case _ where action.isMove:
      state.roundList.move(action, count: state.rounds.count, page: state.listPage)
    default:
      break
    }
    return []
  }

  static func crumb(_ state: AppState) -> String? { state.strings.rounds }

  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    let s = state.strings
    buffer.write(" " + s.storeLine(state.storePath), row: 1, column: 0, role: .disabled)
    // Each column as wide as its header or its longest value, plus a space (no "CompleteDrafts").
    let statusWidth = max(
      9, ([s.status] + RoundStatus.allCases.map { $0.label(s.language) }).map(DisplayWidth.of).max()! + 1)
    let completeWidth = max(8, DisplayWidth.of(s.complete) + 2)
    let draftsWidth = max(8, DisplayWidth.of(s.drafts) + 2)
    let nameWidth = max(20, state.width - 36 - statusWidth - completeWidth - draftsWidth)
    let header =
      "  " + DisplayWidth.pad(s.municipality, to: nameWidth) + DisplayWidth.pad(s.year, to: 6)
      + DisplayWidth.pad(s.status, to: statusWidth) + DisplayWidth.pad(s.complete, to: completeWidth)
      + DisplayWidth.pad(s.drafts, to: draftsWidth) + s.deadline
    buffer.write(header, row: 2, column: 0, role: .heading)
    if state.rounds.isEmpty {
      buffer.write("  " + s.noRounds, row: 4, column: 0)
      return
    }
    ScrollingList.draw(
      state.roundList, count: state.rounds.count, page: state.listPage, firstRow: 3, width: state.width, into: &buffer
    ) { index, selected in
      let summary = state.rounds[index]
      let text: String
      if let round = summary.round {
        text =
          "  " + DisplayWidth.pad("\(round.municipality.name) (\(round.municipality.code))", to: nameWidth)
          + DisplayWidth.pad(String(round.year), to: 6)
          + DisplayWidth.pad(round.status.label(s.language), to: statusWidth)
          + DisplayWidth.pad(String(summary.complete), to: completeWidth)
          + DisplayWidth.pad(String(summary.drafts), to: draftsWidth)
          + (round.deadline ?? "–")
      } else {
        text = "  " + DisplayWidth.pad(summary.folder.name, to: nameWidth) + (summary.problem ?? s.unreadableRound)
      }
      return Line([(text, selected ? .selected : (summary.round == nil ? .error : .normal))])
    }
  }
}
