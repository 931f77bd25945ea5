import BrukerPlanModel
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One blocking connection to `serve`: write a frame, read a frame. The UI and the commands are
/// synchronous (one request, then its answer), so the client needs no event loop.
/// Not thread-safe by itself: `RemoteStoreService` uses it under its lock only.
final class SocketConnection: @unchecked Sendable {
  let path: String
  private var fd: Int32 = -1
  /// How long to wait for an answer; a report of a large round takes a while.
  static let replyTimeoutSeconds = 300

  init(path: String) { self.path = path }
  deinit { close() }

  var isOpen: Bool { fd >= 0 }

  func connect() throws(StoreError) {
    close()
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard path.utf8.count < capacity else {
      throw .unavailable("\(path): the socket path is longer than \(capacity - 1) bytes")
    }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: path.utf8)
      raw[path.utf8.count] = 0
    }
    let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard socketFD >= 0 else { throw .unavailable("cannot make a socket (\(Self.errnoText()))") }
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard result == 0 else {
      let code = errno
      Glibc.close(socketFD)
      let why =
        switch code {
        case ENOENT, ECONNREFUSED: "no brukerplan server is running there"
        case EACCES: "permission denied (is your user in the group brukerplan?)"
        default: String(cString: strerror(code))
        }
      throw .unavailable("\(path): cannot reach the brukerplan server: \(why)")
    }
    var timeout = timeval(tv_sec: Self.replyTimeoutSeconds, tv_usec: 0)
    setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    fd = socketFD
  }

  func close() {
    if fd >= 0 { Glibc.close(fd) }
    fd = -1
  }

  /// True when the server closed an idle connection (restarted, or was killed): nothing of a
  /// request has been sent yet, so reconnecting first is safe.
  var peerHasClosed: Bool {
    guard fd >= 0 else { return true }
    // Readable while idle means end of file (or a stray byte): either way the connection is done.
    var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&poller, 1, 0) > 0
  }

  /// Sends one frame; false if the connection is gone.
  func send(_ payload: Data) -> Bool {
    var length = UInt32(payload.count).bigEndian
    var frame = Data(bytes: &length, count: 4)
    frame.append(payload)
    return frame.withUnsafeBytes { raw in
      var sent = 0
      while sent < raw.count {
        // MSG_NOSIGNAL: a server that went away must not kill the client with SIGPIPE.
        let count = Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return false }
        sent += count
      }
      return true
    }
  }

  /// Reads one frame; nil if the connection closed or timed out first.
  func receive() -> Data? {
    guard let header = read(count: 4) else { return nil }
    let length = header.withUnsafeBytes { Int(UInt32(bigEndian: $0.loadUnaligned(as: UInt32.self))) }
    guard length <= 256 << 20 else { return nil }
    return read(count: length)
  }

  private func read(count: Int) -> Data? {
    var buffer = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + filled, count - filled, 0) }
      if got < 0 && errno == EINTR { continue }
      guard got > 0 else { return nil }
      filled += got
    }
    return Data(buffer)
  }

  static func errnoText() -> String { String(cString: strerror(errno)) }
}
