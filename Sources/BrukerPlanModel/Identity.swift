import Crypto
import Foundation

/// A validated Norwegian fødselsnummer, D-number or H-number (spec section 5).
///
/// The digits live only in memory while a pseudonym is made. Nothing here prints them:
/// `description` is masked and errors never carry the number.
public struct NationalIdentityNumber: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
  public enum Kind: Sendable { case birthNumber, dNumber, hNumber }

  public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength
    case notDigits
    case impossibleDate
    case wrongControlDigits

    public var description: String { message(.english) }

    public func message(_ language: Language) -> String {
      switch (self, language) {
      case (.wrongLength, .norwegian): "Fødselsnummeret må ha 11 siffer"
      case (.notDigits, .norwegian): "Fødselsnummeret kan bare inneholde siffer"
      case (.impossibleDate, .norwegian): "Datoen i fødselsnummeret finnes ikke"
      case (.wrongControlDigits, .norwegian): "Kontrollsifrene stemmer ikke – sjekk at nummeret er skrevet riktig"
      case (.wrongLength, .english): "the identity number must have 11 digits"
      case (.notDigits, .english): "the identity number may contain digits only"
      case (.impossibleDate, .english): "the date in the identity number does not exist"
      case (.wrongControlDigits, .english): "the control digits of the identity number do not match"
      }
    }
  }

  let digits: [UInt8]
  public let kind: Kind
  public let birthYear: Int
  public let gender: Gender

  public init(_ text: String) throws(Problem) {
    let characters = Array(text.unicodeScalars)
    guard characters.count == 11 else { throw .wrongLength }
    guard characters.allSatisfy({ ("0"..."9").contains($0) }) else { throw .notDigits }
    let d = characters.map { UInt8($0.value - 48) }

    let (day, month, kind) = Self.dayAndMonth(d.map(Int.init))
    let year2 = Int(d[4]) * 10 + Int(d[5])
    let individual = Int(d[6]) * 100 + Int(d[7]) * 10 + Int(d[8])
    guard let century = Self.century(individual: individual, year: year2) else { throw .impossibleDate }
    let year = century + year2
    guard CalendarDay.isValid(year: year, month: month, day: day) else { throw .impossibleDate }

    let weights1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    let weights2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    guard let k1 = Self.controlDigit(d, weights1), k1 == Int(d[9]),
      let k2 = Self.controlDigit(d, weights2), k2 == Int(d[10])
    else { throw .wrongControlDigits }

    digits = d
    self.kind = kind
    birthYear = year
    gender = d[8] % 2 == 1 ? .male : .female
  }

  /// The day and month of the first four digits: a D-number adds 40 to the day, an H-number
  /// 40 to the month.
  static func dayAndMonth(_ d: [Int]) -> (day: Int, month: Int, kind: Kind) {
    let day = d[0] * 10 + d[1]
    let month = d[2] * 10 + d[3]
    if day > 40 { return (day - 40, month, .dNumber) }
    if month > 40 { return (day, month - 40, .hNumber) }
    return (day, month, .birthNumber)
  }

  /// What is already wrong while a number is being typed (`digits` so far, 0-9 each): an
  /// impossible day or month once four digits are there. Nil when nothing is known to be wrong.
  public static func problem(typedSoFar digits: [Int]) -> Problem? {
    guard digits.count >= 4 else { return nil }
    let (day, month, _) = dayAndMonth(digits)
    return (1...31).contains(day) && (1...12).contains(month) ? nil : .impossibleDate
  }

  /// The century from the individual number (digits 7-9) and the two-digit year.
  static func century(individual: Int, year: Int) -> Int? {
    switch individual {
    case 0...499: return 1900
    case 500...749 where year >= 54: return 1800
    case 500...999 where year <= 39: return 2000
    case 900...999 where year >= 40: return 1900
    default: return nil
    }
  }

  static func controlDigit(_ digits: [UInt8], _ weights: [Int]) -> Int? {
    let sum = zip(digits, weights).reduce(0) { $0 + Int($1.0) * $1.1 }
    let remainder = 11 - sum % 11
    switch remainder {
    case 11: return 0
    case 10: return nil
    default: return remainder
    }
  }

  /// The person's id in a store with this key: "p" + base32 of HMAC-SHA256(key, digits)[0..<10].
  public func pseudonym(key: SymmetricKey) -> String {
    let mac = HMAC<SHA256>.authenticationCode(for: digits.map { $0 + 48 }, using: key)
    return "p" + Base32.encode(Array(Data(mac).prefix(10)))
  }

  public var description: String { "•••••••••••" }
  public var debugDescription: String { description }
}

/// RFC 4648 base32, lowercase, without padding.
public enum Base32 {
  static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

  public static func encode(_ bytes: [UInt8]) -> String {
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count * 8 + 4) / 5)
    var buffer = 0
    var bits = 0
    for byte in bytes {
      buffer = (buffer << 8) | Int(byte)
      bits += 8
      while bits >= 5 {
        output.append(alphabet[(buffer >> (bits - 5)) & 31])
        bits -= 5
      }
    }
    if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
    return String(decoding: output, as: UTF8.self)
  }

  /// An id for a person without a number: "r" + 16 random base32 characters.
  public static func randomID() -> String {
    var generator = SystemRandomNumberGenerator()
    let characters = (0..<16).map { _ in alphabet[Int(generator.next() % 32)] }
    return "r" + String(decoding: characters, as: UTF8.self)
  }
}
