import BrukerPlanModel
import BrukerPlanTUI
import Foundation

/// The terminal UI's figures with the in-memory terminal state (no real terminal): start on a
/// store of 10,000 persons a year, one frame of the survey list and of the form at 120x40, and
/// a key followed by its frame, over 1,000 keys.
enum UIBench {
  struct Figures {
    var start: Double
    var listFrame: Double
    var formFrame: Double
    var keyToFrame: Double
  }

  static func measure(persons: Int, runs: Int) throws -> Figures {
    let storePath = "\(BenchData.root)/store-\(persons)"
    _ = try BenchData.rounds(persons: persons)
    var runner: AppRunner?
    // From nothing to the survey list on screen: the runner lists the store's rounds, Enter opens
    // the first round, and the list is drawn.
    let start = try Timing.median(runs: runs) {
      let store = try Store.open(storePath, create: false)
      let app = AppRunner(store: store, width: 120, height: 40, clock: { 0 })
      app.send([.enter])
      runner = app
      return app.screen
    }
    guard let runner, runner.state.screen == .surveys else { throw Failure("the round did not open") }
    let listFrame = Timing.median(runs: 101) { render(runner.state) }
    let keys = Timing.seconds {
      for index in 0..<1_000 {
        runner.send([index % 100 < 50 ? .down : .up])
        withExtendedLifetime(runner.screen) {}
      }
    }
    runner.send([.enter])
    guard runner.state.screen == .form else { throw Failure("the form did not open") }
    let formFrame = Timing.median(runs: 101) { render(runner.state) }
    return Figures(start: start, listFrame: listFrame, formFrame: formFrame, keyToFrame: keys / 1_000)
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
