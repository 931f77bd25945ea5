#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Gives the terminal back when the program crashes while curses owns it (a trap, SIGSEGV,
/// SIGABRT, ...): atexit and endwin do not run then, and the caseworker would be left with a
/// screen that neither echoes nor scrolls. The handler only does what is async-signal-safe:
/// restore the terminal modes saved at start, write the escapes that leave the alternate screen
/// and show the cursor, then hand the signal to the handler that was there before (the Swift
/// runtime's backtracer), so the crash is still reported, now on a usable terminal.
enum CrashRestore {
  nonisolated(unsafe) private static var saved = termios()
  nonisolated(unsafe) private static var hasSaved = false
  /// Made before any crash: the handler must not allocate.
  nonisolated(unsafe) private static var escapes: [UInt8] = []

  static let signals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
  nonisolated(unsafe) private static var previous: [sigaction] = Array(repeating: sigaction(), count: 6)

  /// Call before curses starts, with the terminal still in its normal modes.
  static func install() {
    guard tcgetattr(0, &saved) == 0 else { return }
    hasSaved = true
    // Leave the alternate screen, reset colours, show the cursor, start a fresh line.
    escapes = Array("\u{1B}[?1049l\u{1B}[0m\u{1B}[?25h\r\n".utf8)
    for (position, signalNumber) in signals.enumerated() {
      var action = sigaction()
      #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { number in CrashRestore.restore(number) }
      #else
        action.__sigaction_u.__sa_handler = { number in CrashRestore.restore(number) }
      #endif
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      sigaction(signalNumber, &action, &previous[position])
    }
  }

  private static func restore(_ signalNumber: Int32) {
    if hasSaved { tcsetattr(0, TCSANOW, &saved) }
    _ = escapes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    // Put the earlier handler back and send the signal again: it runs once this one returns.
    for position in 0..<signals.count where signals[position] == signalNumber {
      sigaction(signalNumber, &previous[position], nil)
    }
    raise(signalNumber)
  }
}
