/// RFC 4180 reading and writing for the person-level CSV (spec section 11), on raw UTF-8 bytes so
/// that a large file is read in one pass without building a String per line.
public enum CSVText {
  /// One record: its fields and the physical line (1-based) on which it starts.
  public struct Record: Sendable {
    public var line: Int
    public var fields: [String]
  }

  public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
  }

  /// The longest record accepted, in bytes; a longer one is almost certainly not a survey row.
  public static let maximumRecordBytes = 1 << 20

  /// Splits `bytes` into records: a header and at most `maximumRows` rows. `delimiter` is the byte
  /// between fields (`,` or `;`).
  /// Quoted fields may hold delimiters, doubled quotes and line breaks. CR LF and LF both end a record;
  /// blank lines are skipped.
  public static func records(
    _ bytes: [UInt8], delimiter: UInt8, maximumRows: Int = .max - 1
  ) throws(Failure) -> [Record] {
    let quote = UInt8(ascii: "\"")
    let newline = UInt8(ascii: "\n")
    let carriage = UInt8(ascii: "\r")
    var records: [Record] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var recordLine = 1
    var recordStart = 0
    var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var quoted = false
    var fieldWasQuoted = false
    var atFieldStart = true

    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      fieldWasQuoted = false
      atFieldStart = true
    }

    recordStart = index
    while index < bytes.count {
      let byte = bytes[index]
      if index - recordStart > maximumRecordBytes {
        throw Failure(
          line: recordLine,
          message:
            "the record is longer than \(maximumRecordBytes / 1_048_576) MB; a survey row is far shorter, so the file is probably damaged or not a survey export"
        )
      }
      if quoted {
        if byte == quote {
          if index + 1 < bytes.count && bytes[index + 1] == quote {
            field.append(quote)
            index += 2
            continue
          }
          quoted = false
        } else {
          if byte == newline { line += 1 }
          field.append(byte)
        }
        index += 1
        continue
      }
      switch byte {
      case quote where atFieldStart:
        quoted = true
        fieldWasQuoted = true
        atFieldStart = false
      case quote:
        throw Failure(
          line: line, message: "a quote (\") inside an unquoted field; quote the whole field and double the quote")
      case delimiter:
        endField()
      case carriage where index + 1 < bytes.count && bytes[index + 1] == newline:
        break
      case newline:
        let blank = fields.isEmpty && field.isEmpty && !fieldWasQuoted
        if !blank {
          endField()
          records.append(Record(line: recordLine, fields: fields))
          if records.count > maximumRows + 1 {
            throw Failure(line: recordLine, message: "the file has more than \(maximumRows) rows")
          }
          fields = []
        }
        line += 1
        recordLine = line
        recordStart = index + 1
        atFieldStart = true
      default:
        if fieldWasQuoted {
          throw Failure(line: line, message: "text after a closing quote; a quoted field must end at a delimiter")
        }
        field.append(byte)
        atFieldStart = false
      }
      index += 1
    }
    if quoted {
      throw Failure(line: recordLine, message: "a quoted field is not closed before the end of the file")
    }
    if !fields.isEmpty || !field.isEmpty || fieldWasQuoted {
      endField()
      records.append(Record(line: recordLine, fields: fields))
      if records.count > maximumRows + 1 {
        throw Failure(line: recordLine, message: "the file has more than \(maximumRows) rows")
      }
    }
    return records
  }

  /// The delimiter of a file: `,` or `;`, whichever occurs (outside quotes) in the header line.
  public static func detectDelimiter(_ bytes: [UInt8]) throws(Failure) -> UInt8 {
    var commas = 0
    var semicolons = 0
    var tabs = 0
    var quoted = false
    for byte in bytes {
      if byte == UInt8(ascii: "\"") { quoted.toggle() }
      if quoted { continue }
      if byte == UInt8(ascii: "\n") { break }
      switch byte {
      case UInt8(ascii: ","): commas += 1
      case UInt8(ascii: ";"): semicolons += 1
      case UInt8(ascii: "\t"): tabs += 1
      default: break
      }
    }
    if commas == 0 && semicolons == 0 {
      let hint = tabs > 0 ? "it looks tab-separated; " : ""
      throw Failure(
        line: 1, message: "the header has no , or ; between column names (\(hint)save the file as CSV with , or ;)")
    }
    if commas > 0 && semicolons > 0 {
      throw Failure(
        line: 1, message: "the header mixes , and ; between column names; use one delimiter for the whole file")
    }
    return commas > 0 ? UInt8(ascii: ",") : UInt8(ascii: ";")
  }

  /// Appends one record, quoting only the fields that need it; `crlf` ends it as Excel does.
  public static func appendRecord(
    _ fields: [String], delimiter: UInt8 = UInt8(ascii: ","), crlf: Bool = false, to output: inout [UInt8]
  ) {
    for (position, field) in fields.enumerated() {
      if position > 0 { output.append(delimiter) }
      let utf8 = field.utf8
      let needsQuotes = utf8.contains {
        $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
      }
      if needsQuotes {
        output.append(UInt8(ascii: "\""))
        for byte in utf8 {
          if byte == UInt8(ascii: "\"") { output.append(byte) }
          output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
      } else {
        output.append(contentsOf: utf8)
      }
    }
    if crlf { output.append(UInt8(ascii: "\r")) }
    output.append(UInt8(ascii: "\n"))
  }
}
