import BrukerPlanModel

/// The open round's report, the same published figures as the report command.
enum ReportScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] { DocumentView.bindings(state, compare: false) }
  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    DocumentView.perform(action, &state)
  }
  static func crumb(_ state: AppState) -> String? { state.strings.reportTitle }
  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    DocumentView.render(state.documentLines, state, into: &buffer)
  }
}
