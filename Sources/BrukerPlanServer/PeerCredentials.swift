import Foundation
import NIOCore

#if canImport(Glibc)
  import Glibc
#endif

/// Who is on the other end of a Unix socket, as the kernel says (SO_PEERCRED): the uid of the
/// process that connected. Nothing the client sends can change it.
public struct PeerCredentials: Sendable, Hashable {
  public let pid: Int32
  public let uid: UInt32
  public let gid: UInt32

  /// The peer's user name from the password database, or "uid1234" when it has none.
  public var userName: String { Self.userName(uid: uid) }

  public static func userName(uid: UInt32) -> String {
    var entry = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
      return "uid\(uid)"
    }
    return String(cString: name)
  }

  /// Reads the credentials of a connected Unix-socket channel.
  static func of(_ channel: any Channel) -> EventLoopFuture<PeerCredentials> {
    guard let provider = channel as? any SocketOptionProvider else {
      return channel.eventLoop.makeFailedFuture(PeerCredentialsUnavailable())
    }
    let future: EventLoopFuture<KernelPeerCredentials> = provider.unsafeGetSocketOption(
      level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
    return future.map { PeerCredentials(pid: $0.pid, uid: $0.uid, gid: $0.gid) }
  }
}

/// Linux's `struct ucred` (pid_t, uid_t, gid_t), which Glibc's Swift module leaves out
/// (it needs _GNU_SOURCE); the option's size is taken from this layout.
struct KernelPeerCredentials: Sendable {
  var pid: Int32 = 0
  var uid: UInt32 = 0
  var gid: UInt32 = 0
}

struct PeerCredentialsUnavailable: Error, CustomStringConvertible {
  var description: String { "the kernel did not say who connected (SO_PEERCRED); the connection was closed" }
}
