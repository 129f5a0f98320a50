/// A date mentioned in an article, resolved as far as the text and the article's own date allow.
public struct DateMention: Hashable, Sendable, Codable {
    public enum Basis: String, Hashable, Sendable, Codable {
        /// The text states the date in full (to its precision).
        case explicit
        /// A relative expression (`يوليو الماضي`, `السبت`, `أمس`) resolved against the article's date.
        case relative
        /// A day and month whose year is taken from the article's date: its year, or the one before or after where
        /// that puts the day within two months of it (see ``DateMention/resolve(_:sentence:articleDate:)``).
        case articleYear
        /// Relative or year-less, and the article's date is not known precisely enough to resolve it.
        case unresolved
    }

    public var expression: DateExpression.Value
    /// The date (or the start of a span); `nil` when unresolved.
    public var date: PartialDate?
    /// The last day of a span.
    public var end: PartialDate?
    public var basis: Basis
    /// Index into ``ArticleAnalysis/sentences``.
    public var sentence: Int
    /// Where the words stand in their paragraph, in bytes of UTF-8.
    public var range: Range<Int>
    /// The words as written.
    public var text: String = ""

    /// How near its article's date a day and month without a year must fall, in days, to be taken for one of the
    /// year before or after the article's.
    static let nearAcrossNewYear = 60

    /// The year of a month placed from the article's (`يوليو الماضي`: the last July before the article's month, the
    /// article's own month being this year's; `مارس المقبل`: the next; `نوفمبر الجاري`: the article's year); nil
    /// without the article's month.
    static func relativeMonthYear(_ month: Int, _ offset: Int, _ articleDate: PartialDate?) -> Int? {
        guard let a = articleDate, let am = a.month else { return nil }
        var year = a.year
        if offset < 0 && month >= am { year -= 1 }
        if offset > 0 && month <= am { year += 1 }
        return year
    }

    /// The year of days of a month written without one (a day, or the first and last of a span): the article's,
    /// unless the year before or after puts one of them within two months of the article (28 December in an article
    /// of 5 January is the December before, 5 January in one of 28 December the January after; 15 to 31 December in
    /// one of 20 February, the December before). Further off, the text would say which year, and the article's is the
    /// one meant (an article of November that names 11 February means the February of its year, not the next). An
    /// article dated to its year or month only gives its year; nil without the article's year.
    static func yearOf(_ month: Int, _ days: Int..., articleDate: PartialDate?) -> Int? {
        guard let year = articleDate?.year else { return nil }
        guard let n = articleDate?.dayNumber else { return year }
        func near(_ y: Int) -> Bool {
            days.contains { PartialDate(year: y, month: month, day: $0)?.dayNumber.map { abs($0 - n) <= Self.nearAcrossNewYear } ?? false }
        }
        if near(year - 1) { return year - 1 }
        if near(year + 1) { return year + 1 }
        return year
    }

    /// Resolves an expression against the article's date, never inventing precision the text does not give.
    static func resolve(_ e: DateExpression, sentence: Int, articleDate: PartialDate?) -> DateMention {
        var m = DateMention(expression: e.value, date: nil, end: nil, basis: .unresolved, sentence: sentence, range: e.range)
        switch e.value {
        case .date(let d):
            m.date = d
            m.basis = .explicit
        case .span(let a, let b):
            m.date = a
            m.end = b
            m.basis = .explicit
        case .monthDay(let month, let day):
            if let year = yearOf(month, day, articleDate: articleDate), let d = PartialDate(year: year, month: month, day: day) {
                m.date = d
                m.basis = .articleYear
            }
        case .monthDaySpan(let month, let first, let last):
            // One year for both days, placed as a day alone is by whichever of them is the nearer.
            if let year = yearOf(month, first, last, articleDate: articleDate), let a = PartialDate(year: year, month: month, day: first),
                let b = PartialDate(year: year, month: month, day: last)
            {
                m.date = a
                m.end = b
                m.basis = .articleYear
            }
        case .relativeMonth(let month, let offset):
            if let year = Self.relativeMonthYear(month, offset, articleDate) {
                m.date = PartialDate(year: year, month: month)
                m.basis = .relative
            }
        case .relativeMonthDay(let month, let day, let offset):
            // The day of the month as `يوليو الماضي` places the month (below): 5 نوفمبر الماضي in November is of the
            // November before, as نوفمبر الماضي is.
            if let year = Self.relativeMonthYear(month, offset, articleDate), let d = PartialDate(year: year, month: month, day: day) {
                m.date = d
                m.basis = .relative
            }
        case .inRelativeYear(let month, let day, let offset):
            if let y = articleDate?.year, let d = PartialDate(year: y + offset, month: month, day: day) {
                m.date = d
                m.basis = .relative
            }
        case .relativeYear(let offset):
            if let y = articleDate?.year, let d = PartialDate(year: y + offset) {
                m.date = d
                m.basis = .relative
            }
        case .weekday(let wd):
            if let a = articleDate, let n = a.dayNumber, let awd = a.isoWeekday {
                let back = (awd - wd + 7) % 7
                m.date = PartialDate(dayNumber: n - back)
                m.basis = .relative
            }
        case .nextWeekday(let wd):
            if let a = articleDate, let n = a.dayNumber, let awd = a.isoWeekday {
                let ahead = (wd - awd + 7) % 7
                m.date = PartialDate(dayNumber: n + (ahead == 0 ? 7 : ahead))
                m.basis = .relative
            }
        case .yesterday:
            if let n = articleDate?.dayNumber {
                m.date = PartialDate(dayNumber: n - 1)
                m.basis = .relative
            }
        }
        return m
    }
}
