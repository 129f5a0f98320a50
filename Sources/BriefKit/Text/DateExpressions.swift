/// A date expression found in text, before it is resolved against an article's date.
public struct DateExpression: Hashable, Sendable {
    public enum Value: Hashable, Sendable, Codable {
        /// An explicit date with its year: `24 نوفمبر 2025`, `سبتمبر 2024`, `عام 2024`.
        case date(PartialDate)
        /// An explicit span: `من 1 إلى 4 ديسمبر 2025`.
        case span(PartialDate, PartialDate)
        /// A day of a month without a year: `11 فبراير`.
        case monthDay(month: Int, day: Int)
        /// Days of a month without a year: `من 28 إلى 30 ديسمبر`.
        case monthDaySpan(month: Int, first: Int, last: Int)
        /// A month relative to the article: `يوليو الماضي` (offset -1), `مارس المقبل` (+1).
        case relativeMonth(month: Int, offset: Int)
        /// A day of a month relative to the article: `28 ديسمبر الماضي` (offset -1), `5 يناير المقبل` (+1).
        case relativeMonthDay(month: Int, day: Int, offset: Int)
        /// A month, or a day of it, of a year placed from the article's: `28 ديسمبر من العام الماضي` (offset -1),
        /// `مارس من هذا العام` (0).
        case inRelativeYear(month: Int, day: Int?, offset: Int)
        /// A year relative to the article: `العام الماضي` (offset -1), `العام الجاري` (0), `السنة المقبلة` (+1).
        case relativeYear(offset: Int)
        /// A weekday, meaning the latest one on or before the article's date: `السبت`, `يوم الجمعة`.
        case weekday(Int)
        /// A weekday with `المقبل`/`القادم`: the first one after the article's date (`الاثنين المقبل`).
        case nextWeekday(Int)
        /// `أمس`.
        case yesterday
    }

    public var value: Value
    /// Where the expression stands, in bytes of UTF-8 of the text it was found in.
    public var range: Range<Int>
}

/// Finds date expressions in tokenized text: the Egyptian/Gulf, Levantine and Maghreb month families, doubled forms
/// (`يوليو (تموز) الماضي`), day-month-year and month-day-year orders, spans, years, weekdays.
///
/// A month name only counts with a day, a year or `الماضي`/`المقبل` beside it: `مارس` is also a verb and `آب` folds
/// to `اب` (father).
public enum DateExpressions {
    /// Date expressions among `tokens`, read with the numbers of `words` (the fixed words of the tokens' vocabulary).
    public static func find(in tokens: [Token], words: FixedWords = Vocabulary.standard.words) -> [DateExpression] {
        find(in: tokens[...], words: words)
    }

    /// The dates of a sentence's tokens, without copying them. `marks` are the tokens' ``Token/starts`` (made from
    /// the tokens if not given): only tokens marked as a date's start start one.
    static func find(in tokens: some TokenSequence, marks: StartMarks? = nil, words: FixedWords) -> [DateExpression] {
        var found: [DateExpression] = []
        find(in: tokens, marks: marks, words: words, into: &found)
        return found
    }

    /// ``find(in:marks:words:)`` appended to `found`: the dates of an article's sentences, one after another, in
    /// one array its analysis keeps (an array per sentence was an allocation per sentence with a date).
    static func find(in tokens: some TokenSequence, marks: StartMarks? = nil, words: FixedWords, into found: inout [DateExpression]) {
        let marks = marks ?? StartMarks(of: tokens)
        // In place where the tokens are contiguous (an array's slice, a slice of the analysis's buffer).
        if tokens.withContiguousStorageIfAvailable({ find(in: $0, marks: marks, offset: tokens.startIndex, words: words, into: &found) }) == nil {
            Array(tokens).withUnsafeBufferPointer { find(in: $0, marks: marks, offset: tokens.startIndex, words: words, into: &found) }
        }
    }

    /// - Parameter offset: the index in `marks` of the token at 0 in `tokens`.
    private static func find(in tokens: UnsafeBufferPointer<Token>, marks: StartMarks, offset: Int, words: FixedWords, into found: inout [DateExpression]) {
        var i = 0
        let n = tokens.count
        func number(_ k: Int) -> Int? {
            guard k >= 0, k < n, tokens[k].kind == .number, let v = tokens[k].number, v.exponent >= 0, v.mantissa < 100_000 else { return nil }
            return v.integerValue
        }
        func isYear(_ k: Int) -> Int? { k >= 0 && k < n ? tokens[k].yearValue : nil }
        /// A number at `k` that can be a day of a month.
        func dayAt(_ k: Int) -> Int? { number(k).flatMap { (1...31).contains($0) ? $0 : nil } }
        func monthAt(_ k: Int) -> (month: Int, width: Int)? {
            guard k < n else { return nil }
            if let m = tokens[k].forms.first(in: words.month) { return (m, 1) }
            if let second = tokens[k].forms.first(in: words.levantine), k + 1 < n, let m = second[tokens[k + 1].exact] { return (m, 2) }
            return nil
        }
        func span(_ a: Int, _ b: Int) -> Range<Int> { tokens[a].range.lowerBound..<tokens[b].range.upperBound }
        /// A year placed from the article's at `k` (العام الماضي، السنة المقبلة، هذا العام): its offset, and its last token.
        func relativeYear(_ k: Int) -> (offset: Int, last: Int)? {
            guard k + 1 < n else { return nil }
            if tokens[k].forms.contains(where: words.this.contains), tokens[k + 1].forms.contains(where: words.yearNouns.contains) { return (0, k + 1) }
            if tokens[k].forms.contains(where: words.yearNouns.contains), let offset = tokens[k + 1].forms.first(in: words.relativeOffsets) {
                return (offset, k + 1)
            }
            return nil
        }
        /// `في 3 مارس` or `في مارس` at `k`, right after the token before it (no comma between: `العام الماضي، في 3 مارس`
        /// starts another clause) and with no year after it: the month, the day if any, and the month's last token.
        func monthAfter(_ k: Int) -> (month: Int, day: Int?, last: Int)? {
            guard k > 0, k + 1 < n, tokens[k].range.lowerBound - tokens[k - 1].range.upperBound <= 1,
                tokens[k].forms.contains(where: words.inPreposition.contains)
            else { return nil }
            let day = dayAt(k + 1)
            guard let (month, width) = monthAt(k + (day == nil ? 1 : 2)) else { return nil }
            let last = k + (day == nil ? 1 : 2) + width - 1
            return isYear(last + 1) == nil ? (month, day, last) : nil
        }
        while true {
            i = marks.first(Token.Start.date, from: i + offset, to: n + offset) - offset
            guard i < n else { break }
            guard tokens[i].forms.contains(where: words.dateStarts.contains) else {
                i += 1
                continue
            }
            if let (month, width) = monthAt(i) {
                var end = i + width
                // A doubled month: يوليو (تموز) — the second name of the same month is skipped.
                if let (second, w2) = monthAt(end), second == month { end += w2 }
                let day = dayAt(i - 1)
                var startIndex = day != nil ? i - 1 : i
                // Span: 1 إلى 4 ديسمبر / من 1 حتى 4 ديسمبر / بين 1 و4 ديسمبر
                var spanStartDay: Int?
                let connected = i >= 3 && (tokens[i - 2].forms.contains(where: words.spanConnectors.contains)
                    || (tokens[i - 2].exact == words.and && i >= 4 && tokens[i - 4].forms.contains(words.between)))
                if day != nil, connected, let d0 = dayAt(i - 3) {
                    spanStartDay = d0
                    startIndex = i - 3
                }
                // Month day, year: نوفمبر 24, 2025
                if day == nil, let d = dayAt(end), let y = isYear(end + 1),
                    let date = PartialDate(year: y, month: month, day: d)
                {
                    found.append(.init(value: .date(date), range: span(i, end + 1)))
                    i = end + 2
                    continue
                }
                if let y = isYear(end) {
                    if let day, let date = PartialDate(year: y, month: month, day: day) {
                        if let d0 = spanStartDay, let start = PartialDate(year: y, month: month, day: d0), start < date {
                            found.append(.init(value: .span(start, date), range: span(startIndex, end)))
                        } else {
                            found.append(.init(value: .date(date), range: span(startIndex, end)))
                        }
                        i = end + 1
                        continue
                    }
                    if let date = PartialDate(year: y, month: month) {
                        found.append(.init(value: .date(date), range: span(i, end)))
                        i = end + 1
                        continue
                    }
                }
                // ديسمبر من العام الماضي، 28 ديسمبر من هذا العام: the month of a year placed from the article's.
                if spanStartDay == nil, end < n, tokens[end].forms.contains(where: words.from.contains), let year = relativeYear(end + 1) {
                    found.append(.init(value: .inRelativeYear(month: month, day: day, offset: year.offset), range: span(startIndex, year.last)))
                    i = year.last + 1
                    continue
                }
                if end < n, let offset = tokens[end].forms.first(in: words.relative) ?? tokens[end].forms.first(in: words.relativeOffsets) {
                    // With its day, the day is kept (28 ديسمبر الماضي); a span of days (من 1 إلى 4 ديسمبر الماضي) is
                    // the month's.
                    let value: DateExpression.Value = day.flatMap { spanStartDay == nil ? .relativeMonthDay(month: month, day: $0, offset: offset) : nil }
                        ?? .relativeMonth(month: month, offset: offset)
                    found.append(.init(value: value, range: span(startIndex, end)))
                    i = end + 1
                    continue
                }
                if let day {
                    // Days of the month without a year (من 28 إلى 30 ديسمبر): the span, its first day kept.
                    if let first = spanStartDay, first < day {
                        found.append(.init(value: .monthDaySpan(month: month, first: first, last: day), range: span(startIndex, end - 1)))
                    } else {
                        found.append(.init(value: .monthDay(month: month, day: day), range: span(i - 1, end - 1)))
                    }
                }
                i = end
                continue
            }
            let forms = tokens[i].forms
            // العام الماضي، السنة الجارية، هذا العام: a year named by where it stands from the article's; not after a noun
            // العام is the adjective of (الأمين العام الماضي), nor where the year is written out after it (العام الماضي
            // 2023). هذا العام is read whatever stands around it.
            let this = forms.contains(where: words.this.contains)
            if let year = relativeYear(i), this || i == 0 || !tokens[i - 1].forms.contains(where: words.generalNouns.contains) {
                if !this, let y = isYear(year.last + 1), let date = PartialDate(year: y) {
                    found.append(.init(value: .date(date), range: tokens[year.last + 1].range))
                    i = year.last + 2
                } else if let (month, day, last) = monthAfter(year.last + 1) {
                    // العام الماضي في 3 مارس، هذا العام في مارس: a day or month of the year just named, as
                    // 3 مارس من العام الماضي is.
                    found.append(.init(value: .inRelativeYear(month: month, day: day, offset: year.offset), range: span(i, last)))
                    i = last + 1
                } else {
                    found.append(.init(value: .relativeYear(offset: year.offset), range: span(i, year.last)))
                    i = year.last + 1
                }
                continue
            }
            if forms.contains(where: words.yearWords.contains), let y = isYear(i + 1), let date = PartialDate(year: y) {
                found.append(.init(value: .date(date), range: tokens[i + 1].range))
                var k = i + 2
                // Coordinated years: عامي 2022 و2023
                while k + 1 < n, tokens[k].exact == words.and, let y2 = isYear(k + 1), let d2 = PartialDate(year: y2) {
                    found.append(.init(value: .date(d2), range: tokens[k + 1].range))
                    k += 2
                }
                i = k
                continue
            }
            if let wd = forms.first(in: words.weekday) {
                if i + 1 < n, let offset = tokens[i + 1].forms.first(in: words.relative), offset > 0 {
                    found.append(.init(value: .nextWeekday(wd), range: span(i, i + 1)))
                    i += 2
                    continue
                }
                found.append(.init(value: .weekday(wd), range: tokens[i].range))
            } else if forms.contains(words.yesterday) {
                found.append(.init(value: .yesterday, range: tokens[i].range))
            }
            i += 1
        }
    }

    /// Date expressions in a text, read with the standard vocabulary.
    public static func find(in text: String) -> [DateExpression] {
        find(in: Tokenizer.tokens(in: text, vocabulary: Vocabulary.standard.vocabulary))
    }
}
