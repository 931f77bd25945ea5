import BrukerPlanModel

// The loop's vocabulary: what the app reacts to (`AppEvent`), what it asks the runner to do
// (`Effect`), and the screens. The state and `update` are in AppState.swift.

/// A round folder as the rounds screen lists it.
public struct RoundSummary: Sendable {
  public var folder: RoundFolder
  public var round: Round?
  public var complete: Int
  public var drafts: Int
  public var problem: String?

  public init(folder: RoundFolder, round: Round?, complete: Int, drafts: Int, problem: String? = nil) {
    self.folder = folder
    self.round = round
    self.complete = complete
    self.drafts = drafts
    self.problem = problem
  }
}

/// An open round: its surveys' summaries (a form fetches its survey when it opens), files that
/// could not be read, and autosaved recovery copies.
public struct OpenRound: Sendable {
  public var folder: RoundFolder
  public var round: Round
  public var surveys: [String: SurveySummary]
  public var invalidCount: Int
  public var recovery: [String: Survey]
  /// False on a served store for a role that sees progress but no answers (a coordinator).
  public var answersVisible = true

  public init(
    folder: RoundFolder, round: Round, surveys: [String: SurveySummary], invalidCount: Int,
    recovery: [String: Survey]
  ) {
    self.folder = folder
    self.round = round
    self.surveys = surveys
    self.invalidCount = invalidCount
    self.recovery = recovery
  }
}

/// The screens. Each has one file under Screens/ with a `ScreenPage`; `page` is the registry.
public enum Screen: Hashable, Sendable {
  case rounds, createRound, nextRound, surveys, newSurvey, form, report, comparePick, compare, desk

  /// The one place that maps a screen to its code.
  var page: any ScreenPage.Type {
    switch self {
    case .rounds: RoundsScreen.self
    case .createRound: NewRoundScreen.self
    case .nextRound: NextRoundScreen.self
    case .surveys: SurveysScreen.self
    case .newSurvey: NewSurveyScreen.self
    case .form: FormScreen.self
    case .report: ReportScreen.self
    case .comparePick: ComparePickScreen.self
    case .compare: CompareScreen.self
    case .desk: DeskScreen.self
    }
  }
}

/// One screen: its keys (the bindings table, which help and the key bar are made from), what
/// its actions do, and how it is drawn. Every method works on the whole `AppState`.
protocol ScreenPage {
  /// The screen's keys in priority order: a focused field's keys first, then the screen's.
  /// The global keys (help, redraw, quit) are added after them.
  static func bindings(_ state: AppState) -> [Binding]
  /// What one of the screen's actions does with `key`; nil when the key is not taken after all
  /// (the next binding that matches gets it).
  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]?
  /// The last part of the title's breadcrumb, if any.
  static func crumb(_ state: AppState) -> String?
  static func render(_ state: AppState, into buffer: inout ScreenBuffer)
}

/// Why a survey is being saved; it decides what happens afterwards.
public enum SaveReason: Hashable, Sendable {
  case explicit, autosave, leaving, quitting, keepMine
  /// After a conflict where no field was changed by both: mine and theirs, merged.
  case merged
}

/// Work the app asks the runner to do: everything that touches files or the store key.
public enum Effect: Sendable {
  case loadRounds
  case createRound(Round, folderName: String)
  case openRound(RoundFolder)
  /// Turn the number into the store's pseudonym; the number goes no further.
  case identify(NationalIdentityNumber)
  /// A person the inclusion check left out, counted for `unit`; an opt-out's number (if typed)
  /// becomes the pseudonym on the round's opt-out list and goes no further.
  case countNotIncluded(unit: String, reason: ExclusionReason, number: NationalIdentityNumber?, folder: RoundFolder)
  case save(Survey, baseRevision: Int?, folder: RoundFolder, round: Round, reason: SaveReason)
  /// An autosave of a complete survey goes to `<round>/.recovery/<id>.json`, never over it.
  case saveRecovery(Survey, folder: RoundFolder, reason: SaveReason)
  case removeRecovery(String, folder: RoundFolder)
  case delete(id: String, baseRevision: Int, folder: RoundFolder, round: Round)
  /// Figures from the report engine, after disclosure control, from the files on disk.
  case publishReport(RoundFolder)
  case publishComparison(a: RoundFolder, b: RoundFolder)
  /// Fetch a survey for its form (from the list, or a typed number already registered): one
  /// call, in which a served store also audits the read and marks the survey as open.
  case openSurvey(id: String, folder: RoundFolder)
  /// The round desk's figures from the files, counted against `today`.
  case loadDesk(RoundFolder, today: ISODay)
  /// Close (or reopen) the round, with the coordinator's reason for the audit log.
  case changeRoundStatus(RoundFolder, close: Bool, reason: String)
  /// The report or comparison on screen, written as a file in the export folder.
  case export(ExportedDocument, format: ReportFormat, name: String)
  case redraw
  case quit
}

/// Everything the app reacts to: input, time, signals, and the results of effects.
public enum AppEvent: Sendable {
  case input(InputEvent)
  case tick(now: Double)
  /// SIGTERM or SIGHUP: save what can be saved, then quit.
  case terminate
  case roundsLoaded([RoundSummary])
  case roundCreated(RoundFolder)
  case roundOpened(OpenRound)
  /// The survey of `openSurvey`, and who else has it open.
  case surveyLoaded(Survey, editors: [Editor])
  case identified(id: String, birthYear: Int, gender: Gender)
  case notIncludedCounted(unit: String, reason: ExclusionReason, outcome: ExclusionOutcome)
  case saved(Survey, reason: SaveReason)
  case saveFailed(StoreError, survey: Survey, reason: SaveReason)
  case recoverySaved(Survey, reason: SaveReason)
  case deleted(String)
  case reportReady(PublishedReport)
  case comparisonReady(PublishedComparison)
  case deskReady(RoundDesk)
  /// The round was closed or reopened: it is opened again with its new status.
  case roundStatusChanged(RoundFolder, closed: Bool)
  /// The file an export wrote.
  case exported(path: String)
  /// Others who have the survey on screen open in their form too.
  case othersEditing([Editor])
  case failed(String)
}

/// What the report view can write to a file: published figures only.
public enum ExportedDocument: Sendable {
  case report(PublishedReport)
  case comparison(PublishedComparison)

  func rendered(as format: ReportFormat) -> String {
    switch self {
    case .report(let report): ReportRenderer.render(report, as: format)
    case .comparison(let comparison): ReportRenderer.render(comparison, as: format)
    }
  }
}

public struct Message: Hashable, Sendable {
  public var text: String
  public var isError: Bool
  /// Which `say` made it: a message made before the screen changed is not shown after it.
  var serial = 0
}
