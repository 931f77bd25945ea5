import ArgumentParser
import BrukerPlanModel
import BrukerPlanServer
import Foundation

/// Where a command's store is: a `serve` socket (`--server`, else $BRUKERPLAN_SERVER), where the
/// server decides what this OS user may see, or the local folder of the round given.
struct StoreChoice: ParsableArguments {
  @Option(
    help: "The socket of a brukerplan server (default: $BRUKERPLAN_SERVER); rounds are then named by folder name.")
  var server: String?

  static func serverPath(_ option: String?) -> String? {
    if let option, !option.isEmpty { return option }
    if let path = ProcessInfo.processInfo.environment["BRUKERPLAN_SERVER"], !path.isEmpty { return path }
    return nil
  }

  var isServed: Bool { Self.serverPath(server) != nil }

  /// The service, and the round name the argument stands for in it.
  func open(round argument: String) throws -> (any StoreService, String) {
    if let socket = Self.serverPath(server) {
      return (RemoteStoreService(socketPath: socket), FilePathName.last(argument))
    }
    let folder = RoundFolder(path: argument)
    guard FileSystem.exists(folder.roundFile) else {
      throw failure(["\(folder.roundFile): does not exist; give a round folder (or --server for a served store)"])
    }
    return (try Self.local(FilePathName.parent(folder.path)), folder.name)
  }

  /// The service for a whole store: the server, or the local folder `store`.
  func open(store: String?) throws -> any StoreService {
    if let socket = Self.serverPath(server) { return RemoteStoreService(socketPath: socket) }
    guard let store else { throw ValidationError("give --store DIR, or --server PATH for a served store") }
    return try Self.local(store)
  }

  static func local(_ path: String) throws -> LocalStoreService {
    do {
      return LocalStoreService(store: try Store.open(path, create: false))
    } catch {
      throw failure([error.description])
    }
  }
}

/// Folder names of plain paths, for round arguments that are names on a server.
enum FilePathName {
  static func last(_ path: String) -> String {
    let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
    return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
  }

  static func parent(_ path: String) -> String {
    let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
  }
}

/// A store error as the command line says it: exit code 1 and the reason.
func failure(_ error: StoreError) -> ExitCode { failure([error.description]) }
