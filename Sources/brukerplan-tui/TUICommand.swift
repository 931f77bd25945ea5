import ArgumentParser
import BrukerPlanModel
import BrukerPlanServer
import BrukerPlanTUI
import Foundation

/// `brukerplan-tui [tui]`: the caseworker's terminal UI, or a headless run of it for tests.
struct TUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Open the terminal UI (the default when no subcommand is given).",
    discussion: """
      The store is --server (or $BRUKERPLAN_SERVER): a brukerplan server's socket, where you see \
      what your role allows; else --store, else $BRUKERPLAN_STORE, else ~/.local/share/brukerplan.
      Headless mode runs the UI without a terminal: --headless --size 80x24 --keys '<keys>'
      --dump-screen FILE [--dump-styles FILE]. Named keys go in angle brackets (<Enter> <Tab>
      <S-Tab> <Esc> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End> <F1> <F2> <F10> <C-s>
      <C-c> <C-l> <Space> <BS> <Del> <M-1>); other text is typed as it stands.
      """
  )

  @Option(help: "The store folder (default: $BRUKERPLAN_STORE, else ~/.local/share/brukerplan).")
  var store: String?

  @Option(help: "The socket of a brukerplan server (default: $BRUKERPLAN_SERVER); used instead of --store.")
  var server: String?

  @Option(help: "Label language: nb (Norwegian bokmål, default) or en.")
  var lang: String = "nb"

  @Flag(help: "Monochrome theme (also when NO_COLOR is set or the terminal has no colours).")
  var noColor = false

  @Flag(help: "Run without a terminal, feeding --keys and writing the final screen to --dump-screen.")
  var headless = false

  @Option(help: "Headless screen size, WIDTHxHEIGHT.")
  var size: String = "80x24"

  @Option(help: "Headless keys to type.")
  var keys: String = ""

  @Option(help: "Headless: write the final screen's text here.")
  var dumpScreen: String?

  @Option(help: "Headless: write one letter per cell for its colour role here.")
  var dumpStyles: String?

  @Flag(help: "Headless: draw as a terminal without UTF-8 would (ASCII only).")
  var ascii = false

  var language: Language { lang.lowercased().hasPrefix("en") ? .english : .norwegian }

  static func defaultStorePath() -> String {
    if let path = ProcessInfo.processInfo.environment["BRUKERPLAN_STORE"], !path.isEmpty { return path }
    return NSHomeDirectory() + "/.local/share/brukerplan"
  }

  func validate() throws {
    guard lang.lowercased().hasPrefix("en") || lang.lowercased().hasPrefix("nb") || lang.lowercased().hasPrefix("no")
    else { throw ValidationError("--lang must be nb or en") }
    if headless, Headless.parseSize(size) == nil {
      throw ValidationError("--size must be WIDTHxHEIGHT, for example 80x24")
    }
  }

  /// The server when one is given, else the local store folder (opened, or made on first use).
  func openService() throws -> (any StoreService, String) {
    if let socket = StoreChoice.serverPath(server), store == nil {
      let remote = RemoteStoreService(socketPath: socket)
      do {
        let me = try remote.whoAmI()
        guard me.grant != nil || me.isOwner else {
          throw StoreError.denied(
            "the user \(me.user) has no access to this store; an admin can run: brukerplan-tui access grant \(me.user) --role caseworker --unit UNIT"
          )
        }
        return (remote, "\(socket) (\(me.user))")
      } catch {
        var standardError = StandardError()
        print("brukerplan-tui: \(error)", to: &standardError)
        throw ExitCode(1)
      }
    }
    let path = store ?? Self.defaultStorePath()
    do {
      return (LocalStoreService(store: try Store.open(path)), path)
    } catch {
      var standardError = StandardError()
      print("brukerplan-tui: \(error.description)", to: &standardError)
      throw ExitCode(1)
    }
  }

  func run() throws {
    let (service, label) = try openService()
    if headless {
      try Headless(
        service: service, storeLabel: label, language: language, size: Headless.parseSize(size)!, keys: keys,
        screenPath: dumpScreen,
        stylesPath: dumpStyles, asciiOnly: ascii
      ).run()
      return
    }
    let monochrome = noColor || !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    TerminationSignal.install()
    CrashRestore.install()
    let terminal: NcursesTerminal
    do {
      terminal = try NcursesTerminal(monochrome: monochrome)
    } catch {
      var standardError = StandardError()
      print("brukerplan-tui: \(error)", to: &standardError)
      throw ExitCode(1)
    }
    defer { terminal.close() }
    let size = terminal.size
    let runner = AppRunner(
      service: service, language: language, width: size.width, height: size.height, asciiOnly: !terminal.isUTF8,
      storeLabel: label, today: try? ISODay.fromEnvironment()?.get())
    runner.run(on: terminal, shouldTerminate: { TerminationSignal.isSet })
  }
}

/// Writes to standard error (only used before or after curses is active).
struct StandardError: TextOutputStream {
  mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}
