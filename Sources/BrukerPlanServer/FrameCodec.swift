import NIOCore

/// Frames of the wire protocol: a 4-byte big-endian length, then that many bytes of JSON.
/// A frame above `maximumLength` closes the connection instead of growing a buffer without end.
public struct FrameDecoder: ByteToMessageDecoder {
  public typealias InboundOut = ByteBuffer
  public static let maximumLength = 256 << 20

  public init() {}

  public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
    guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
    guard Int(length) <= Self.maximumLength else { throw FrameTooLarge(length: Int(length)) }
    guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
    buffer.moveReaderIndex(forwardBy: 4)
    context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
    return .continue
  }
}

public struct FrameTooLarge: Error, CustomStringConvertible {
  public let length: Int
  public var description: String {
    "a message of \(length) bytes is larger than the limit of \(FrameDecoder.maximumLength)"
  }
}

/// Prefixes each outgoing message with its length.
public struct FrameEncoder: MessageToByteEncoder {
  public typealias OutboundIn = ByteBuffer
  public init() {}

  public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
    out.writeInteger(UInt32(data.readableBytes))
    out.writeImmutableBuffer(data)
  }
}
