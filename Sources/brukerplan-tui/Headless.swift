import ArgumentParser
import BrukerPlanModel
import BrukerPlanTUI
import Foundation

/// The UI without a terminal: type the keys into a fake terminal, write out the last screen.
struct Headless {
  var service: any StoreService
  var storeLabel: String
  var language: Language
  var size: (width: Int, height: Int)
  var keys: String
  var screenPath: String?
  var stylesPath: String?
  var asciiOnly: Bool

  static func parseSize(_ text: String) -> (width: Int, height: Int)? {
    let parts = text.lowercased().split(separator: "x")
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (1...1000).contains(w), (1...1000).contains(h)
    else { return nil }
    return (w, h)
  }

  func run() throws {
    let parsed: [Key]
    do {
      parsed = try KeyScript.parse(keys)
    } catch {
      var standardError = StandardError()
      print("brukerplan-tui: \(error.description)", to: &standardError)
      throw ExitCode(2)
    }
    let terminal = FakeTerminal(width: size.width, height: size.height, keys: parsed)
    let runner = AppRunner(
      service: service, language: language, width: size.width, height: size.height, asciiOnly: asciiOnly,
      storeLabel: storeLabel, today: try ISODay.fromEnvironment()?.get())
    runner.run(on: terminal, stopWhenIdle: true)
    let screen = runner.screen
    if let screenPath {
      try FileSystem.writeOutput(Array((screen.lines().joined(separator: "\n") + "\n").utf8), to: screenPath)
    } else {
      print(screen.lines().joined(separator: "\n"))
    }
    if let stylesPath {
      try FileSystem.writeOutput(Array((screen.styleMap().joined(separator: "\n") + "\n").utf8), to: stylesPath)
    }
  }
}
