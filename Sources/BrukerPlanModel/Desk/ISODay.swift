import Foundation

/// A calendar day as the file format writes it ("2026-12-15"), with day arithmetic for deadlines
/// and the age of drafts.
public struct ISODay: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  public init?(year: Int, month: Int, day: Int) {
    guard CalendarDay.isValid(year: year, month: month, day: day) else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// "YYYY-MM-DD", or the first ten characters of a timestamp such as updatedAt.
  public init?(_ text: some StringProtocol) {
    let prefix = String(text.prefix(10))
    guard ISODate.isValidDay(prefix) else { return nil }
    let parts = prefix.split(separator: "-").compactMap { Int($0) }
    self.init(year: parts[0], month: parts[1], day: parts[2])
  }

  /// The day `date` falls on in `timeZone` (the coordinator's own calendar by default).
  public init(_ date: Date, timeZone: TimeZone = .current) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    self.year = parts.year ?? 1970
    self.month = parts.month ?? 1
    self.day = parts.day ?? 1
  }

  /// The environment variable that sets "today" for rehearsing a round's deadline and for tests.
  public static let overrideVariable = "BRUKERPLAN_TODAY"

  /// The day BRUKERPLAN_TODAY sets: nil when it is unset or empty; `.failure` with the text when
  /// it is not a date.
  public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    -> Result<ISODay, InvalidDay>?
  {
    guard let text = environment[overrideVariable], !text.isEmpty else { return nil }
    guard text.count == 10, let day = ISODay(text) else { return .failure(InvalidDay(text: String(text.prefix(40)))) }
    return .success(day)
  }

  public struct InvalidDay: Error, CustomStringConvertible {
    public var text: String
    public var description: String { "\(ISODay.overrideVariable) must be a date as YYYY-MM-DD, found \"\(text)\"" }
  }

  /// The default deadline of a round: 15 December of its year.
  public static func defaultDeadline(year: Int) -> ISODay { ISODay(year: year, month: 12, day: 15)! }

  public var description: String {
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(year)-\(two(month))-\(two(day))"
  }

  /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
  public var ordinal: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// Whole days from `self` to `other` (negative when `other` is earlier).
  public func days(to other: ISODay) -> Int { other.ordinal - ordinal }

  public static func < (a: ISODay, b: ISODay) -> Bool { a.ordinal < b.ordinal }
}
