/// A calendar date (proleptic Gregorian) known to the precision the source gives: a year, a month of a year, or a day.
public struct PartialDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Ordered from the coarsest: a year is less precise than a month.
    public enum Precision: String, Hashable, Sendable, Codable, Comparable {
        case year, month, day

        public static func < (a: Precision, b: Precision) -> Bool { a.rank < b.rank }

        private var rank: Int {
            switch self {
            case .year: 0
            case .month: 1
            case .day: 2
            }
        }
    }

    public var year: Int
    public var month: Int?
    public var day: Int?

    /// Creates a date, or `nil` if no such date exists (month 13, 30 February, a day without a month).
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month {
            guard (1...12).contains(month) else { return nil }
            if let day {
                guard (1...PartialDate.daysIn(month: month, year: year)).contains(day) else { return nil }
            }
        } else if day != nil {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    public var precision: Precision { day != nil ? .day : (month != nil ? .month : .year) }

    /// Whether `other` falls within this date at its precision: 11 February 2025 within 2025 and within February 2025.
    public func contains(_ other: PartialDate) -> Bool {
        other.year == year && (month == nil || (other.month == month && (day == nil || other.day == day)))
    }

    /// ISO 8601 at the date's own precision: `2025`, `2025-11`, `2025-11-24`.
    public var description: String {
        var s = String(format4(year))
        if let month { s += "-" + format2(month) }
        if let day { s += "-" + format2(day) }
        return s
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `nil` when malformed or when no such date exists.
    public init?(iso: String) {
        // Read on the bytes: every article's front matter has a date, and splitting it into Characters cost more
        // than the rest of reading the front matter.
        var iso = iso
        guard let (year, month, day) = iso.withUTF8({ b -> (Int, Int?, Int?)? in
            @inline(__always) func digits(_ at: Int, _ count: Int) -> Int? {
                var v = 0
                for k in at..<(at + count) {
                    let d = b[k] &- UInt8(ascii: "0")
                    guard d < 10 else { return nil }
                    v = v * 10 + Int(d)
                }
                return v
            }
            guard b.count == 4 || b.count == 7 || b.count == 10, let year = digits(0, 4) else { return nil }
            if b.count == 4 { return (year, nil, nil) }
            guard b[4] == UInt8(ascii: "-"), let month = digits(5, 2) else { return nil }
            if b.count == 7 { return (year, month, nil) }
            guard b[7] == UInt8(ascii: "-"), let day = digits(8, 2) else { return nil }
            return (year, month, day)
        })
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func < (a: PartialDate, b: PartialDate) -> Bool {
        (a.year, a.month ?? 0, a.day ?? 0) < (b.year, b.month ?? 0, b.day ?? 0)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a full date (day precision only).
    public var dayNumber: Int? {
        guard let month, let day else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The full date of a day number (see ``dayNumber``).
    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// ISO weekday, 1 = Monday ... 7 = Sunday (day precision only).
    public var isoWeekday: Int? {
        guard let n = dayNumber else { return nil }
        // 1970-01-01 was a Thursday (4).
        return ((n % 7 + 7) % 7 + 3) % 7 + 1
    }
}

func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
func format4(_ n: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

extension PartialDate: TextCodable {
    /// Encoded as ISO 8601 at its own precision (`"2025"`, `"2025-11"`, `"2025-11-24"`).
    init?(codingText text: String) { self.init(iso: text) }
}

/// A value encoded as its one-line text (`description`), read back exactly.
protocol TextCodable: Codable, CustomStringConvertible {
    init?(codingText: String)
}

extension TextCodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(codingText: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "cannot read \(Self.self) from \(text)")
        }
        self = value
    }
}
