import BrukerPlanModel
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
  import Glibc
#endif

/// `serve`: owns the store and answers clients on a Unix domain socket (mode 0660, group
/// `group`), each known by SO_PEERCRED. There is no network port. Blocking file work (fsync)
/// runs on a thread pool, never on the event loop.
public final class StoreServer: Sendable {
  public let socketPath: String
  let service: LocalStoreService
  let group: MultiThreadedEventLoopGroup
  let pool: NIOThreadPool
  let channel: any Channel

  /// Binds the socket (replacing a stale one left by a killed server) and starts answering.
  public init(store: Store, socketPath: String, groupName: String?, threads: Int = 8) throws {
    self.socketPath = socketPath
    service = LocalStoreService(store: store)
    group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    pool = NIOThreadPool(numberOfThreads: threads)
    pool.start()
    let gid = try groupName.map(Self.groupID)
    let service = self.service
    let pool = self.pool
    let bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(.backlog, value: 256)
      .childChannelInitializer { child in
        PeerCredentials.of(child).flatMapThrowing { peer in
          let guarded = GuardedStoreService(
            base: service, user: peer.userName, uid: peer.uid, isOwner: peer.uid == 0 || peer.uid == geteuid())
          try child.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(FrameDecoder()), MessageToByteHandler(FrameEncoder()),
            RequestHandler(service: guarded, pool: pool),
          ])
        }
      }
    // The socket is made 0660 from the start (no window with a wider mode), then given the group.
    let previous = umask(0o117)
    defer { umask(previous) }
    do {
      channel = try bootstrap.bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true).wait()
    } catch {
      try? group.syncShutdownGracefully()
      throw ServerFailure("\(socketPath): cannot listen here (\(error))")
    }
    if let gid, chown(socketPath, uid_t.max, gid) != 0 {
      throw ServerFailure(
        "\(socketPath): cannot give the socket to group \(groupName!) (\(String(cString: strerror(errno))))")
    }
    chmod(socketPath, 0o660)
  }

  static func groupID(_ name: String) throws -> gid_t {
    guard let entry = getgrnam(name) else {
      throw ServerFailure("there is no group \"\(name)\"; create it (groupadd \(name)) or give --group")
    }
    return entry.pointee.gr_gid
  }

  /// Blocks until `stop()` or the channel closes.
  public func wait() throws { try channel.closeFuture.wait() }

  public func stop() {
    try? channel.close().wait()
    try? group.syncShutdownGracefully()
    try? pool.syncShutdownGracefully()
    unlink(socketPath)
  }
}

public struct ServerFailure: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

/// Decodes each frame, runs it against the connection's guarded store on the thread pool, and
/// writes the reply. Replies go out in the order the work finishes; the client waits for each.
final class RequestHandler: ChannelInboundHandler, Sendable {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  let service: GuardedStoreService
  let pool: NIOThreadPool

  init(service: GuardedStoreService, pool: NIOThreadPool) {
    self.service = service
    self.pool = pool
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let frame = unwrapInboundIn(data)
    let channel = context.channel
    let service = self.service
    let bytes = Data(frame.readableBytesView)
    pool.runIfActive(eventLoop: context.eventLoop) { () -> ByteBuffer in
      let reply = Self.reply(to: bytes, service: service)
      return ByteBuffer(bytes: WireCoding.encode(WireEnvelope(reply)))
    }.whenComplete { result in
      switch result {
      case .success(let buffer): channel.writeAndFlush(buffer, promise: nil)
      case .failure: channel.close(promise: nil)
      }
    }
  }

  static func reply(to bytes: Data, service: GuardedStoreService) -> WireReply {
    let envelope: WireEnvelope<WireRequest>
    do {
      envelope = try JSONDecoder().decode(WireEnvelope<WireRequest>.self, from: bytes)
    } catch {
      let version = (try? JSONDecoder().decode(VersionOnly.self, from: bytes))?.version
      if let version, version != WireProtocol.version {
        return .failure(WireError(kind: "version", message: versionMessage(version)))
      }
      return .failure(WireError(kind: "request", message: "the request could not be read: \(error)"))
    }
    guard envelope.version == WireProtocol.version else {
      return .failure(WireError(kind: "version", message: versionMessage(envelope.version)))
    }
    return envelope.body.perform(on: service)
  }

  static func versionMessage(_ version: Int) -> String {
    "this server speaks protocol version \(WireProtocol.version), the client \(version); use the same brukerplan-tui on both sides"
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }
}

struct VersionOnly: Decodable { var version: Int }

enum WireCoding {
  static func encode<T: Encodable>(_ value: T) -> Data {
    // Our own Codable types always encode.
    try! JSONEncoder().encode(value)
  }
}
