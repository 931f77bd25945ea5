import BrukerPlanTUI
import CNcurses
@preconcurrency import Glibc

/// The only file that calls ncurses: screen setup and teardown, keys in, buffers out.
final class NcursesTerminal: Terminal {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  private let screen: OpaquePointer
  private let window: UnsafeMutablePointer<WINDOW>
  private var closed = false
  let isUTF8: Bool
  private var attributes: [Role: Int32] = [:]
  /// Events read while looking past an Esc, delivered next.
  private var pending: [InputEvent] = []

  init(monochrome: Bool) throws {
    guard isatty(0) == 1, isatty(1) == 1 else {
      throw Failure(description: "the terminal UI needs a terminal; for scripts use --headless")
    }
    setlocale(LC_ALL, "")
    if cn_codeset_is_utf8() == 0 { setlocale(LC_CTYPE, "C.UTF-8") }
    isUTF8 = cn_codeset_is_utf8() != 0
    // newterm instead of initscr: an unknown TERM gives nil here instead of exiting the process.
    guard let output = fdopen(1, "w"), let input = fdopen(0, "r"), let made = newterm(nil, output, input) else {
      throw Failure(
        description:
          "cannot start the terminal (TERM=\(String(cString: getenv("TERM") ?? strdup("")))); is TERM set correctly?")
    }
    screen = made
    window = cn_stdscr()
    atexit { if isendwin() == false { endwin() } }
    raw()
    noecho()
    nonl()
    keypad(window, true)
    set_escdelay(25)
    curs_set(0)
    // COLORS is only known after start_color().
    if !monochrome, has_colors() { start_color() }
    setUpTheme(monochrome: monochrome || has_colors() == false || cn_colors() < 8)
  }

  /// Roles to colour pairs and attributes. Scores are black on a coloured background so a chip
  /// stays legible, and always carry their letter; monochrome uses reverse and bold instead.
  private func setUpTheme(monochrome: Bool) {
    let bold = Int32(bitPattern: cn_a_bold())
    let reverse = Int32(bitPattern: cn_a_reverse())
    let dim = Int32(bitPattern: cn_a_dim())
    let underline = Int32(bitPattern: cn_a_underline())
    if monochrome {
      attributes = [
        .title: reverse, .heading: bold, .selected: reverse, .helpKey: reverse, .message: bold,
        .error: bold | underline,
        .disabled: dim, .scoreGreen: reverse, .scoreYellow: reverse, .scoreRed: reverse | bold,
        .blueLight: reverse | bold | underline, .changed: reverse | bold,
      ]
      return
    }
    let background: Int16 = use_default_colors() == OK ? -1 : Int16(COLOR_BLACK)
    let pairs: [(Role, Int32, Int16, Int32)] = [
      (.title, COLOR_BLACK, Int16(COLOR_CYAN), 0), (.heading, COLOR_CYAN, background, bold),
      (.selected, COLOR_BLACK, Int16(COLOR_WHITE), 0), (.helpKey, COLOR_BLACK, Int16(COLOR_CYAN), 0),
      (.message, COLOR_GREEN, background, bold), (.error, COLOR_RED, background, bold),
      (.disabled, COLOR_WHITE, background, dim), (.scoreGreen, COLOR_BLACK, Int16(COLOR_GREEN), 0),
      (.scoreYellow, COLOR_BLACK, Int16(COLOR_YELLOW), 0), (.scoreRed, COLOR_BLACK, Int16(COLOR_RED), 0),
      (.blueLight, COLOR_WHITE, Int16(COLOR_BLUE), bold), (.changed, COLOR_YELLOW, Int16(COLOR_CYAN), bold),
      (.dialog, COLOR_WHITE, Int16(COLOR_BLUE), 0),
    ]
    for (index, pair) in pairs.enumerated() {
      let number = Int16(index + 1)
      init_pair(number, Int16(pair.1), pair.2)
      attributes[pair.0] = COLOR_PAIR(Int32(number)) | pair.3
    }
  }

  var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

  func nextEvent(timeout: Double) -> InputEvent? {
    if !pending.isEmpty { return pending.removeFirst() }
    wtimeout(window, Int32(timeout * 1000))
    var character: wint_t = 0
    let result = wget_wch(window, &character)
    if result == ERR { return nil }
    if result == KEY_CODE_YES { return specialKey(Int32(character)) }
    return ordinaryKey(character)
  }

  private func specialKey(_ code: Int32) -> InputEvent? {
    switch code {
    case KEY_RESIZE: return .resize(width: size.width, height: size.height)
    case KEY_UP: return .key(.up)
    case KEY_DOWN: return .key(.down)
    case KEY_LEFT: return .key(.left)
    case KEY_RIGHT: return .key(.right)
    case KEY_PPAGE: return .key(.pageUp)
    case KEY_NPAGE: return .key(.pageDown)
    case KEY_HOME: return .key(.home)
    case KEY_END: return .key(.end)
    case KEY_BTAB: return .key(.backTab)
    case KEY_BACKSPACE: return .key(.backspace)
    case KEY_DC: return .key(.delete)
    case KEY_ENTER: return .key(.enter)
    case cn_key_f(1)...cn_key_f(12): return .key(.function(Int(code - cn_key_f(0))))
    default: return nil
    }
  }

  private func ordinaryKey(_ value: wint_t) -> InputEvent? {
    switch value {
    case 27:
      // Esc followed at once by a character is Alt+character; Esc alone arrives after 25 ms.
      wtimeout(window, 0)
      var next: wint_t = 0
      let result = wget_wch(window, &next)
      if result == OK, next > 32, let scalar = Unicode.Scalar(next) {
        return .key(.alt(Character(scalar)))
      }
      // Whatever came right after Esc (a resize, an arrow, Enter) is its own event, not lost.
      if result == KEY_CODE_YES, let event = specialKey(Int32(next)) { pending.append(event) }
      if result == OK, let event = ordinaryKey(next) { pending.append(event) }
      return .key(.escape)
    case 9: return .key(.tab)
    case 10, 13: return .key(.enter)
    case 8, 127: return .key(.backspace)
    case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(value) + 96))))
    default:
      guard value >= 32, let scalar = Unicode.Scalar(value) else { return nil }
      return .key(.character(Character(scalar)))
    }
  }

  func present(_ buffer: ScreenBuffer) {
    werase(window)
    for row in 0..<min(buffer.height, Int(getmaxy(window))) {
      for run in buffer.runs(row: row) where run.column < Int(getmaxx(window)) {
        wattrset(window, attributes[run.role] ?? 0)
        // The last cell of the screen makes addstr report an error after writing it; that is fine.
        _ = mvwaddstr(window, Int32(row), Int32(run.column), run.text)
      }
    }
    wattrset(window, 0)
    wnoutrefresh(window)
    doupdate()
  }

  func redraw() {
    clearok(window, true)
  }

  /// Restores the terminal. Safe to call twice.
  func close() {
    guard !closed else { return }
    closed = true
    endwin()
    delscreen(screen)
  }

  deinit { close() }
}
