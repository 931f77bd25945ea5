#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The derived index of a round, `<round>/.brukerplan-index`: every valid survey file's name, its
/// stamp (size, mtime, ctime, inode, as git's index keeps them) and the survey in binary form.
/// A file whose stamp still matches is not read again. The index is never the source of truth:
/// a file whose stamp differs is parsed again, a file gone is dropped, invalid files are never
/// stored (so they are checked on every load), and a damaged, truncated or foreign index is
/// ignored and rebuilt.
///
/// Layout: a 48-byte header (magic, version, schema fingerprint, entry count, payload length,
/// payload checksum), then per entry: name (varint length + bytes), size, mtime ns, ctime ns,
/// inode (8 bytes each, little-endian), record (varint length + SurveyRecord bytes).
struct RoundIndex {
  static let fileName = ".brukerplan-index"
  static let magic = Array("BPINDEX\n".utf8)
  /// Bump when SurveyRecord's layout or the meaning of a stored survey changes.
  static let version: UInt32 = 1
  static let headerSize = 48

  /// Changes whenever the survey's keys or vocabularies change, so an index written by a program
  /// with another model is ignored even if someone forgot to bump `version`.
  static let schema: UInt64 = {
    var parts = Survey.CodingKeys.allCases.map(\.rawValue) + Children.keys
    parts += Dimension.allCases.map(\.rawValue) + Score.allCases.map(\.rawValue)
    parts += SurveyStatus.allCases.map(\.rawValue) + Gender.allCases.map(\.rawValue)
    parts += ProblemGroup.allCases.map(\.rawValue) + Substance.allCases.map(\.rawValue)
    parts += Plan.allCases.map(\.rawValue) + Activity.allCases.map(\.rawValue) + Violence.allCases.map(\.rawValue)
    return checksum(Array(parts.joined(separator: ",").utf8))
  }()

  struct Entry {
    var name: Range<Int>
    var stamp: FileStamp
    var record: Range<Int>
  }

  /// The whole file, which entries point into.
  let bytes: [UInt8]
  let entries: [Entry]

  /// The index at `path`, or nil if there is none or it cannot be trusted.
  static func load(from path: String) -> RoundIndex? {
    guard let bytes = contents(of: path) else { return nil }
    return bytes.withUnsafeBufferPointer { buffer in
      guard let entries = try? parse(buffer) else { return nil }
      return RoundIndex(bytes: bytes, entries: entries)
    }
  }

  /// The whole file, read straight into its array (FileSystem.readFile zero-fills and copies,
  /// which for a 25 MB index costs more than reading it); nil if it is not a regular file.
  private static func contents(of path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size < 1 << 31 else { return nil }
    let size = Int(info.st_size)
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      while count < size {
        let got = read(fd, buffer.baseAddress! + count, size - count)
        if got < 0 && errno == EINTR { continue }
        if got <= 0 {
          failed = got < 0
          break
        }
        count += got
      }
    }
    return failed ? nil : bytes
  }

  private static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(BinaryReader.Damage) -> [Entry] {
    guard buffer.count >= headerSize, Array(buffer[0..<8]) == magic else { throw BinaryReader.Damage() }
    var header = BinaryReader(buffer, from: 8)
    let version = try header.fixed()
    let schema = try header.fixed()
    let count = try header.fixed()
    let length = try header.fixed()
    let sum = try header.fixed()
    guard version == UInt64(Self.version), schema == Self.schema, length == UInt64(buffer.count - headerSize),
      count <= length, checksum(UnsafeBufferPointer(rebasing: buffer[headerSize...])) == sum
    else { throw BinaryReader.Damage() }
    var reader = BinaryReader(buffer, from: headerSize)
    var entries: [Entry] = []
    entries.reserveCapacity(Int(count))
    for _ in 0..<count {
      let nameCount = try reader.unsigned()
      guard nameCount <= reader.remaining else { throw BinaryReader.Damage() }
      let name = reader.position..<reader.position + Int(nameCount)
      reader.position += Int(nameCount)
      let stamp = FileStamp(
        size: try reader.fixed(), modified: Int64(bitPattern: try reader.fixed()),
        changed: Int64(bitPattern: try reader.fixed()), inode: try reader.fixed())
      let recordCount = try reader.unsigned()
      guard recordCount <= reader.remaining else { throw BinaryReader.Damage() }
      entries.append(Entry(name: name, stamp: stamp, record: reader.position..<reader.position + Int(recordCount)))
      reader.position += Int(recordCount)
    }
    guard reader.position == buffer.count else { throw BinaryReader.Damage() }
    return entries
  }

  /// For each name, the position of its entry, or -1. Entries are written in the order of the
  /// names, so a walk finds them; a dictionary is made only if the two orders part.
  func positions(of names: [String]) -> [Int] {
    var positions = [Int](repeating: -1, count: names.count)
    var byName: [String: Int]?
    var next = 0
    bytes.withUnsafeBufferPointer { buffer in
      for (index, name) in names.enumerated() {
        if next < entries.count, Self.equal(buffer, entries[next].name, name) {
          positions[index] = next
          next += 1
          continue
        }
        if byName == nil {
          byName = Dictionary(
            entries.indices.map {
              (String(decoding: UnsafeBufferPointer(rebasing: buffer[entries[$0].name]), as: UTF8.self), $0)
            }, uniquingKeysWith: { first, _ in first })
        }
        if let position = byName?[name] {
          positions[index] = position
          next = position + 1
        }
      }
    }
    return positions
  }

  private static func equal(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ name: String) -> Bool {
    var name = name
    return name.withUTF8 { utf8 in
      utf8.count == range.count
        && (range.isEmpty || memcmp(buffer.baseAddress! + range.lowerBound, utf8.baseAddress!, range.count) == 0)
    }
  }

  func decode(_ position: Int, lookup: SurveyLookup, templates: ServiceTemplates) -> ParsedSurvey? {
    let range = entries[position].record
    return bytes.withUnsafeBufferPointer { buffer in
      var reader = BinaryReader(buffer, from: range.lowerBound, count: range.count)
      guard let parsed = try? SurveyRecord.decode(&reader, lookup: lookup, templates: templates),
        reader.position == range.upperBound
      else { return nil }
      return parsed
    }
  }

  func record(_ position: Int) -> ArraySlice<UInt8> { bytes[entries[position].record] }

  /// A whole index file for these entries, in the order given.
  static func encode(_ entries: [(name: String, stamp: FileStamp, record: ArraySlice<UInt8>)]) -> [UInt8] {
    // The header is filled in last, in place, so the payload is never copied.
    var payload = BinaryWriter(bytes: [UInt8](repeating: 0, count: headerSize))
    payload.bytes.reserveCapacity(headerSize + entries.reduce(0) { $0 + $1.name.utf8.count + $1.record.count + 48 })
    for entry in entries {
      payload.string(entry.name)
      payload.fixed(entry.stamp.size)
      payload.fixed(UInt64(bitPattern: entry.stamp.modified))
      payload.fixed(UInt64(bitPattern: entry.stamp.changed))
      payload.fixed(entry.stamp.inode)
      payload.unsigned(UInt64(entry.record.count))
      payload.bytes.append(contentsOf: entry.record)
    }
    let sum = payload.bytes.withUnsafeBufferPointer { checksum(UnsafeBufferPointer(rebasing: $0[headerSize...])) }
    var header = BinaryWriter(bytes: magic)
    header.fixed(UInt64(version))
    header.fixed(schema)
    header.fixed(UInt64(entries.count))
    header.fixed(UInt64(payload.bytes.count - headerSize))
    header.fixed(sum)
    payload.bytes.replaceSubrange(0..<headerSize, with: header.bytes)
    return payload.bytes
  }

  static func checksum(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { checksum($0) } }

  /// A 64-bit checksum, four words at a time: enough to notice a damaged or truncated file.
  static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let prime: UInt64 = 0x0000_0100_0000_01B3
    var lanes: (UInt64, UInt64, UInt64, UInt64) = (
      0xCBF2_9CE4_8422_2325, 0x8422_2325_CBF2_9CE4, 0x9E37_79B9_7F4A_7C15, 0xBF58_476D_1CE4_E5B9
    )
    guard let base = bytes.baseAddress else { return lanes.0 }
    let raw = UnsafeRawPointer(base)
    var offset = 0
    while offset + 32 <= bytes.count {
      lanes.0 = (lanes.0 ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
      lanes.1 = (lanes.1 ^ raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)) &* prime
      lanes.2 = (lanes.2 ^ raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)) &* prime
      lanes.3 = (lanes.3 ^ raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)) &* prime
      offset += 32
    }
    var hash = lanes.0 ^ (lanes.1 &* 31) ^ (lanes.2 &* 961) ^ (lanes.3 &* 29791) ^ UInt64(bytes.count)
    while offset < bytes.count {
      hash = (hash ^ UInt64(base[offset])) &* prime
      offset += 1
    }
    return (hash ^ hash >> 29) &* 0xBF58_476D_1CE4_E5B9
  }
}

extension RoundIndex {
  /// Replaces the index file: a temporary file renamed over it, without fsync. The index is
  /// derived and checksummed, so a crash that loses or tears it only costs a rebuild; false if
  /// the folder cannot be written.
  static func store(_ bytes: [UInt8], at path: String) -> Bool {
    let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, FileSystem.fileMode)
    guard fd >= 0 else { return false }
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      written += count
    }
    close(fd)
    guard written == bytes.count, rename(temporary, path) == 0 else {
      unlink(temporary)
      return false
    }
    return true
  }
}
