import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SIGTERM, SIGHUP and SIGINT set a flag; the UI loop sees it, saves a draft and restores the
/// terminal. Nothing else is safe to do inside a signal handler.
enum TerminationSignal {
  static let received = Atomic<Int32>(0)

  static func install() {
    // A parent may have left these blocked (test runners do); then neither a resize nor a
    // request to stop would ever arrive.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for signalNumber in [SIGTERM, SIGHUP, SIGINT, SIGWINCH] { sigaddset(&unblock, signalNumber) }
    sigprocmask(SIG_UNBLOCK, &unblock, nil)
    for signalNumber in [SIGTERM, SIGHUP, SIGINT] {
      var action = sigaction()
      #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { number in TerminationSignal.received.store(number, ordering: .relaxed)
        }
      #else
        action.__sigaction_u.__sa_handler = { number in TerminationSignal.received.store(number, ordering: .relaxed) }
      #endif
      sigemptyset(&action.sa_mask)
      // No SA_RESTART: a signal interrupts the wait for a key, so the loop notices it at once.
      action.sa_flags = 0
      sigaction(signalNumber, &action, nil)
    }
  }

  static var isSet: Bool { received.load(ordering: .relaxed) != 0 }
}
