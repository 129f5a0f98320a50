/// An ISO 8601 week: `2025-W48` runs from Monday 24 to Sunday 30 November 2025.
public struct ISOWeek: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var week: Int

    public init?(year: Int, week: Int) {
        guard (1...9998).contains(year), (1...ISOWeek.weeks(in: year)).contains(week) else { return nil }
        self.year = year
        self.week = week
    }

    /// Parses `2025-W48` (also `2025W48`, lower-case `w`).
    public init?(parsing text: String) {
        let t = text.trimmingSpaces.uppercased()
        let parts = t.split(separator: "W", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        var y = parts[0]
        if y.hasSuffix("-") { y = y.dropLast() }
        guard y.count == 4, (1...2).contains(parts[1].count), let year = Int(y), let week = Int(parts[1]) else { return nil }
        self.init(year: year, week: week)
    }

    /// The week a full date falls in.
    public init?(containing date: PartialDate) {
        guard date.precision == .day else { return nil }
        self.init(containingUnchecked: date)
    }

    /// Monday of the week.
    public var monday: PartialDate {
        let jan4 = PartialDate(year: year, month: 1, day: 4)!
        let mondayOfWeek1 = jan4.dayNumber! - (jan4.isoWeekday! - 1)
        return PartialDate(dayNumber: mondayOfWeek1 + (week - 1) * 7)
    }

    public var sunday: PartialDate { PartialDate(dayNumber: monday.dayNumber! + 6) }

    public func contains(_ date: PartialDate) -> Bool {
        guard let n = date.dayNumber else { return false }
        return (monday.dayNumber!...sunday.dayNumber!).contains(n)
    }

    /// The week before; none before 0001-W01, which starts on the calendar's first day (Monday 1 January 1).
    public var previous: ISOWeek? {
        let day = monday.dayNumber! - 7
        guard day >= PartialDate(year: 1, month: 1, day: 1)!.dayNumber! else { return nil }
        return ISOWeek(containing: PartialDate(dayNumber: day))
    }

    public var description: String { "\(format4(year))-W\(format2(week))" }

    public static func < (a: ISOWeek, b: ISOWeek) -> Bool { (a.year, a.week) < (b.year, b.week) }

    /// 52 or 53.
    static func weeks(in year: Int) -> Int {
        let dec28 = PartialDate(year: year, month: 12, day: 28)!
        return ISOWeek(containingUnchecked: dec28).week
    }

    private init(containingUnchecked date: PartialDate) {
        let n = date.dayNumber!
        let wd = date.isoWeekday!
        let thursday = PartialDate(dayNumber: n - wd + 4)
        let jan1 = PartialDate(year: thursday.year, month: 1, day: 1)!.dayNumber!
        year = thursday.year
        week = (thursday.dayNumber! - jan1) / 7 + 1
    }
}
