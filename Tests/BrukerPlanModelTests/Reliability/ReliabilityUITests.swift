import Foundation
import Testing

@testable import BrukerPlanModel

/// The terminal UI as a real process: headless sessions (saves killed with SIGKILL, a privacy
/// scan of a typed session) and a real terminal in tmux (SIGHUP, SIGTERM and a lost terminal).
@Suite(.serialized) struct ReliabilityUITests {
  /// Keys from the rounds screen to a saved draft for `number`: open the round, new survey,
  /// inclusion answers, the number, unit 2 (rus), problem group 1, save.
  static func registration(_ number: String) -> String { "<Enter>njjn\(number)<Enter>21<C-s>" }

  static func headless(_ store: String, _ keys: String, screen: String) -> [String] {
    ["tui", "--store", store, "--headless", "--size", "80x24", "--keys", keys, "--dump-screen", screen]
  }

  @Test func headlessSavesSurviveSIGKILL() throws {
    let folder = TemporaryFolder()
    let (store, roundFolder) = try folder.storeWithRound()
    let numbers = SyntheticNumbers.make(6, seed: 1_212)
    let screen = folder.path + "/screen.txt"
    // One clean session first: its run time sets the window for the kills.
    let started = Date()
    let first = try Programs.run(
      Programs.brukerplan, Self.headless(store.path, Self.registration(numbers[0]), screen: screen))
    #expect(first.status == 0, "\(first)")
    let seconds = Date().timeIntervalSince(started)
    #expect(try roundFolder.load().surveys.count == 1)
    var random = SeededGenerator(seed: Soak.seed(3_434))
    let kills = Soak.count(40, soakFactor: 20)
    for kill in 0..<kills {
      let number = numbers[kill % numbers.count]
      // A second visit to a person already saved opens the survey; change the unit and save again.
      let keys = Self.registration(number) + "<M-1>1<C-s>"
      let process = try Programs.start(Programs.brukerplan, Self.headless(store.path, keys, screen: screen))
      usleep(UInt32(Double.random(in: 0...(seconds * 1.3), using: &random) * 1_000_000))
      Foundation.kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let loaded = try roundFolder.load()
      #expect(loaded.invalid.isEmpty, "kill \(kill): \(loaded.invalid)")
      #expect(try roundFolder.audit.read().damagedLines == 0)
    }
    let loaded = try roundFolder.load()
    let temporary = try FileSystem.list(roundFolder.surveysPath).filter { $0.contains(".tmp-") }.count
    Figures.report(
      "crash.headless.kills", kills,
      detail: "\(loaded.surveys.count) surveys, revisions up to \(loaded.surveys.map(\.revision).max() ?? 0), "
        + "\(temporary) stale temporary files ignored, all valid")
  }

  /// A scripted UI session typing fødselsnumre (valid, mistyped, in the wrong place): no number in
  /// the store, the audit log, the dumped screens or the output.
  @Test func typedNumbersNeverReachDiskOrScreen() throws {
    let folder = TemporaryFolder()
    let (store, _) = try folder.storeWithRound()
    let numbers = SyntheticNumbers.make(12, seed: 5_656)
    var scanner = PrivacyScanner(numbers: numbers)
    var screens = 0
    for (index, number) in numbers.enumerated() {
      let screen = folder.path + "/screen-\(index).txt"
      let keys: String
      switch index % 4 {
      case 0, 1: keys = Self.registration(number)
      case 2:
        // Mistyped: the last digit wrong; the screen shows the error while the field is masked.
        keys = "<Enter>njjn" + number.dropLast() + (number.last == "0" ? "1" : "0")
      default:
        // Typed, then the screen is dumped while the number is still in the field.
        keys = "<Enter>njjn" + number
      }
      let result = try Programs.run(Programs.brukerplan, Self.headless(store.path, keys, screen: screen))
      #expect(result.status == 0, "\(result)")
      scanner.scan(result.out, source: "stdout \(index)")
      scanner.scan(result.err, source: "stderr \(index)")
      screens += 1
    }
    // The sessions really saved: one draft per registration (the cases 0 and 1 of every four).
    #expect(try store.roundFolders().first?.load().surveys.count == 6)
    let files = scanner.scanTree(folder.path)
    #expect(scanner.hits.isEmpty, "\(scanner.hits)")
    Figures.report(
      "privacy.ui.bytesScanned", scanner.bytesScanned,
      detail: "\(files) files (store, audit log, \(screens) dumped screens) and outputs, 12 numbers typed")
  }
}

/// A real terminal: tmux runs the UI; signals and a lost terminal while a form is changed.
@Suite(.serialized) struct ReliabilityTerminalTests {
  /// One tmux server per test, on its own socket.
  final class Tmux {
    let socket: String
    init() { socket = "brukerplan-reliability-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }
    // kill-session closes the pane's terminal; kill-server alone left the server up here.
    deinit {
      run(["kill-session", "-t", "ui"])
      run(["kill-server"])
    }

    @discardableResult
    func run(_ arguments: [String]) -> String { Programs.spawn("/usr/bin/tmux", ["-L", socket] + arguments).out }

    func screen() -> String { run(["capture-pane", "-p", "-t", "ui"]) }

    /// Polls the pane for `text` (no fixed sleeps); false after `tries` x 50 ms.
    func waitFor(_ text: String, tries: Int = 200) -> Bool {
      for _ in 0..<tries {
        if screen().contains(text) { return true }
        usleep(50_000)
      }
      return false
    }
  }

  static var hasTmux: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

  /// The UI in a shell in tmux; returns the UI's process id once the rounds screen shows.
  static func startUI(_ tmux: Tmux, store: String) -> pid_t? {
    tmux.run(["new-session", "-d", "-s", "ui", "-x", "100", "-y", "30", "sh"])
    // Without the Swift runtime's backtracer, which after a crash symbolicates a debug build for
    // minutes; the restore runs before it either way.
    tmux.run([
      "send-keys", "-t", "ui", "SWIFT_BACKTRACE=enable=no \(Programs.brukerplan) tui --store \(store)", "Enter",
    ])
    guard tmux.waitFor("Testvik") else { return nil }
    let pids = Programs.spawn("/usr/bin/pgrep", ["-f", "\(Programs.brukerplan) tui --store \(store)"])
    return pid_t(pids.out.split(separator: "\n").first ?? "")
  }

  static func waitForExit(_ pid: pid_t, tries: Int = 200) -> Bool {
    for _ in 0..<tries {
      if kill(pid, 0) != 0 { return true }
      usleep(50_000)
    }
    return false
  }

  @Test(arguments: ["TERM", "HUP", "terminal closed"])
  func changedFormIsSavedAsDraftAndOfferedOnTheNextStart(_ how: String) throws {
    guard Self.hasTmux else {
      Issue.record("tmux is missing: run make setup")
      return
    }
    let folder = TemporaryFolder()
    let (store, roundFolder) = try folder.storeWithRound()
    let number = SyntheticNumbers.make(1, seed: 777)[0]
    let id = store.pseudonym(for: try NationalIdentityNumber(number))
    let tmux = Tmux()
    let pid = try #require(Self.startUI(tmux, store: store.path), "the UI did not show the round")
    // A new survey with unit and problem group chosen, not saved.
    tmux.run(["send-keys", "-t", "ui", "Enter"])
    #expect(tmux.waitFor("Ingen kartlegginger") || tmux.waitFor("Kartlegginger"))
    tmux.run(["send-keys", "-t", "ui", "-l", "njjn\(number)"])
    tmux.run(["send-keys", "-t", "ui", "Enter"])
    tmux.run(["send-keys", "-t", "ui", "-l", "21"])
    usleep(300_000)
    #expect(!FileSystem.exists(roundFolder.surveysPath + "/\(id).json"), "saved before the signal")
    switch how {
    case "TERM": kill(pid, SIGTERM)
    case "HUP": kill(pid, SIGHUP)
    default: tmux.run(["kill-session", "-t", "ui"])
    }
    #expect(Self.waitForExit(pid), "the UI did not stop after \(how)")
    let saved = try #require(try roundFolder.loadSurvey(id, round: Samples.round), "no draft after \(how)")
    #expect(saved.status == .draft && saved.unit == "rus" && saved.problemGroup == .substanceOnly)
    if how != "terminal closed" {
      // The terminal is given back: the shell answers, in canonical mode with echo.
      tmux.run(["send-keys", "-t", "ui", "stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' '+'", "Enter"])
      #expect(tmux.waitFor("icanon+echo+"), "\(tmux.screen())")
    }
    // The next start offers it: the round lists the draft.
    let again = Tmux()
    _ = try #require(Self.startUI(again, store: store.path))
    again.run(["send-keys", "-t", "ui", "Enter"])
    #expect(again.waitFor(String(id.prefix(8))), "\(again.screen())")
    Figures.report("signals.\(how.replacingOccurrences(of: " ", with: "-"))", "draft saved and offered")
  }

  /// A crash (here SIGSEGV and SIGABRT sent at a random moment of a running UI, standing in for a
  /// trap while drawing) gives the terminal back: canonical mode, echo, the shell usable.
  @Test(arguments: ["SEGV", "ABRT"])
  func crashRestoresTheTerminal(_ signalName: String) throws {
    guard Self.hasTmux else {
      Issue.record("tmux is missing: run make setup")
      return
    }
    let folder = TemporaryFolder()
    let (store, _) = try folder.storeWithRound()
    let tmux = Tmux()
    let pid = try #require(Self.startUI(tmux, store: store.path), "the UI did not show the round")
    tmux.run(["send-keys", "-t", "ui", "Enter"])
    usleep(200_000)
    kill(pid, signalName == "SEGV" ? SIGSEGV : SIGABRT)
    #expect(Self.waitForExit(pid), "the UI did not stop after SIG\(signalName)")
    tmux.run([
      "send-keys", "-t", "ui", "clear; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' '+'", "Enter",
    ])
    let restored = tmux.waitFor("icanon+echo+")
    #expect(restored, "\(tmux.screen())")
    if restored { Figures.report("signals.crash-\(signalName)", "terminal restored") }
  }
}
