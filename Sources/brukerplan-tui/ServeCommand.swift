import ArgumentParser
import BrukerPlanModel
import BrukerPlanServer
import Foundation

/// `serve --store DIR --socket PATH`: one store for a whole municipality, behind a Unix socket.
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve a store to many OS users over a Unix socket; each sees only what their role allows.",
    discussion: """
      Run it as the store's own service account (see dist/ and the README). Clients connect with \
      --server PATH or $BRUKERPLAN_SERVER; the server knows each by the kernel's word (SO_PEERCRED) \
      and looks them up in <store>/.brukerplan/access.json (edit it with `access`). No network port.
      """
  )

  @Option(help: "The store folder (owned by the service account, mode 0700).")
  var store: String

  @Option(help: "Where to make the socket (mode 0660).")
  var socket: String

  @Option(help: "The group that may connect (members can run brukerplan-tui --server).")
  var group: String = "brukerplan"

  @Flag(help: "Do not give the socket to a group (only the service account and root can connect).")
  var noGroup = false

  func run() throws {
    let opened: Store
    do {
      opened = try Store.open(store)
    } catch {
      throw failure([error.description])
    }
    if let mode = FileSystem.permissions(store), mode & 0o077 != 0 {
      throw failure([
        "\(store): the store folder can be read by other users (mode \(String(mode, radix: 8))); the server must be the only way in. Run: chmod 700 \(store)"
      ])
    }
    let server: StoreServer
    do {
      server = try StoreServer(store: opened, socketPath: socket, groupName: noGroup ? nil : group)
    } catch {
      throw failure(["\(error)"])
    }
    standardError("brukerplan server: store \(store), socket \(socket) (mode 0660\(noGroup ? "" : ", group \(group)"))")
    let stop = ShutdownSignals { server.stop() }
    try withExtendedLifetime(stop) { try server.wait() }
  }
}

/// SIGTERM and SIGINT stop the server cleanly (systemd stop, Ctrl-C).
final class ShutdownSignals {
  private var sources: [any DispatchSourceSignal] = []

  init(_ handler: @escaping @Sendable () -> Void) {
    for signal in [SIGTERM, SIGINT] {
      Foundation.signal(signal, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
      source.setEventHandler(handler: handler)
      source.resume()
      sources.append(source)
    }
  }
}
