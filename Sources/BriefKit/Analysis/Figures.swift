/// A sum of money quoted in an article: `104 ملايين دولار`, `35.2 مليون دولار`, `ملياري جنيه`.
public struct MoneyFigure: Hashable, Sendable, Codable {
    /// The value in base units of the currency (dollars, not millions of dollars).
    public var value: Amount
    /// The number as written (`35.2`), or 1 or 2 where only a scale word stands (`مليار`, `ملياري`).
    public var number: Amount
    /// The power of ten of the scale word: 0, 3 (ألف), 6 (مليون), 9 (مليار), 12 (تريليون).
    public var scale: Int
    /// ISO 4217 code, or `nil` where the currency word does not say which country's (a دينار alone).
    public var currency: String?
    /// The currency word as written, folded (`دولار`).
    public var currencyWord: String
    /// How the text qualifies the sum: as it stands, as an estimate, or as a bound.
    public var qualifier: Qualifier
    /// Index into ``ArticleAnalysis/sentences``.
    public var sentence: Int
    /// Where the figure stands in its paragraph, in bytes of UTF-8.
    public var range: Range<Int>
    /// Its role in trade, where the sentence gives one.
    public var trade: TradeRole?
    /// The figure's words as written.
    public var text: String = ""
    /// Index of its first token in the sentence.
    var token: Int = 0
    /// Index of the first token of the words that qualify it (بأكثر من، بما لا يقل عن), when words do.
    var qualifierStart: Int? = nil

    private enum CodingKeys: String, CodingKey {
        case value, number, scale, currency, currencyWord, qualifier, sentence, range, trade, text
    }

    /// How the words around a figure qualify it.
    public enum Qualifier: String, Hashable, Sendable, Codable, CaseIterable {
        /// As it stands: 104 ملايين دولار.
        case exact
        /// An estimate: نحو، حوالي، قرابة، يناهز، ما يقرب من، في حدود; تقريبا after it.
        case about
        /// A strict lower bound: أكثر من، ما يزيد على، يتجاوز، فاقت.
        case over
        /// A strict upper bound: أقل من، يقل عن، ما دون.
        case under
        /// A lower bound the figure itself meets: لا يقل عن، ليست أقل من.
        case atLeast
        /// An upper bound the figure itself meets: لا يتجاوز، لم تتجاوز، لا يزيد على، ليست أكثر من.
        case atMost

        /// Whether `value` is what a figure of `amount` so qualified says (an estimate is taken at its word).
        func admits(_ value: Amount, _ amount: Amount) -> Bool {
            switch self {
            case .exact, .about: value == amount
            case .over: amount < value
            case .under: value < amount
            case .atLeast: !(value < amount)
            case .atMost: !(amount < value)
            }
        }

        /// A bound, not an amount: no sum or difference is made of it.
        var isBound: Bool { self != .exact && self != .about }
    }

    /// An estimate or a bound: not the sum itself.
    public var approximate: Bool { qualifier != .exact }

    // `token` is the parser's own bookkeeping, not part of what the figure is.
    public static func == (a: MoneyFigure, b: MoneyFigure) -> Bool {
        (a.value, a.number, a.scale, a.currency, a.currencyWord, a.qualifier) == (b.value, b.number, b.scale, b.currency, b.currencyWord, b.qualifier)
            && (a.sentence, a.range, a.text) == (b.sentence, b.range, b.text) && a.trade == b.trade
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(sentence)
        hasher.combine(range)
    }
}

enum MoneyParser {
    /// Money figures in one sentence's tokens: [number] [scale word] currency [qualifying adjective]. `marks` are the
    /// tokens' ``Token/starts`` (made from the tokens if not given): only tokens marked for money start a figure.
    ///
    /// `text`, the bytes of the sentence's paragraph, lets a verb of exceeding at the head of a figure's clause bound
    /// it (see ``governingBound(before:tokens:text:words:)``).
    static func figures<Tokens: TokenSequence>(
        in tokens: Tokens, marks: StartMarks? = nil, text: UnsafeBufferPointer<UInt8>? = nil, sentence: Int, words: FixedWords
    ) -> [MoneyFigure] {
        let marks = marks ?? StartMarks(of: tokens)
        var out: [MoneyFigure] = []
        var i = tokens.startIndex
        let end = tokens.endIndex
        while true {
            i = marks.first(Token.Start.money, from: i, to: end)
            guard i < end else { break }
            guard tokens[i].kind == .number || tokens[i].forms.contains(where: words.moneyStarts.contains) else {
                i += 1
                continue
            }
            var number: Amount?
            var k = i
            // The figure's first token: `i`, or a fraction before it (نصف مليار). `i` stays where the scan is, so that
            // a figure not read goes on past it.
            var first = i
            // A year before a scale word is the figure's date, not its number (خلال 2024 مليار دولار): the figure
            // starts at the scale word.
            if tokens[i].yearValue != nil, i > tokens.startIndex, i + 1 < end, tokens[i + 1].forms.first(in: words.scale) != nil,
                tokens[i - 1].forms.contains(where: words.yearIntroducers.contains)
            {
                i += 1
                continue
            }
            if tokens[i].kind == .number, let n = tokens[i].number {
                number = n
                k += 1
            } else if let v = tokens[i].forms.first(in: words.numberWord), i + 1 < end, tokens[i + 1].forms.first(in: words.scale) != nil {
                number = Amount(mantissa: Int64(v))  // ثلاثة ملايين
                k += 1
            }
            var power = 0
            if k < end, let scale = tokens[k].forms.first(in: words.scale) {
                power = scale.power
                // A fraction before a scale word alone (نصف مليار، ربع مليون) is its number, and starts the figure;
                // after و it is the tail of the amount before (مليار ونصف), read with it.
                if number == nil, i > tokens.startIndex, tokens[i - 1].clitic != 0x88, let fraction = tokens[i - 1].forms.first(in: words.fractions) {
                    number = fraction
                    first = i - 1
                }
                if number == nil {
                    // A scale word alone is one (مليون) or, in the dual, two (مليونا); a plural (ملايين) alone gives
                    // no amount at all rather than a wrong one.
                    guard scale.dual || !words.pluralScales.contains(tokens[k].id) else {
                        i += 1
                        continue
                    }
                    // Before و the -ا form is the accusative singular (مليونًا و500 ألف), not a dual.
                    let continued = k + 1 < end && (tokens[k + 1].exact == words.and || tokens[k + 1].clitic == 0x88)
                    number = Amount(mantissa: scale.dual && !continued ? 2 : 1)
                }
                k += 1
            } else if number == nil {
                i += 1
                continue
            }
            guard var n = number else {
                i += 1
                continue
            }
            // A compound amount, added up: ثلاثة مليارات ونصف المليار, مليار و200 مليون, 3 مليارات و500 مليون.
            if power > 0 {
                let whole = compound(n, power: power, tokens: tokens, from: k, words: words)
                // A part after و that does not read (وبضعة ملايين): the amount is not read at all, and not read again
                // from inside it, where its tail (مليون دولار) would be a sum of its own.
                if whole.dangling {
                    i = (k..<min(end, k + 6)).first { tokens[$0].forms.first(in: words.currency) != nil }.map { $0 + 1 } ?? k + 1
                    continue
                }
                (n, k) = (whole.amount, whole.end)
            }
            guard k < end, let entry = tokens[k].forms.first(in: words.currency) else {
                i += 1
                continue
            }
            // The upper end of a range (بين 3 و5 مليارات دولار) is not a sum the text states, nor is its lower end
            // (which is no figure: it has no currency). Neither is taken, rather than one end taken for the whole.
            if isRangeEnd(at: first, tokens: tokens, words: words) {
                i = k + 1
                continue
            }
            var code = entry.code
            var last = k + 1
            if last < end, let q = tokens[last].forms.first(in: entry.qualified) {
                code = q
                last += 1
            }
            var (qualifier, qualifierStart) = qualifier(at: first, tokens: tokens, words: words)
            // An estimate said after the sum: 400 مليون دولار تقريبا.
            if qualifier == .exact, last < end, tokens[last].forms.contains(where: words.approximatelyAfter.contains) { qualifier = .about }
            if qualifier == .exact, let text, let bound = governingBound(before: first, tokens: tokens, text: text, words: words) {
                (qualifier, qualifierStart) = bound
            }
            out.append(MoneyFigure(
                value: n.scaled(by: power), number: n, scale: power, currency: code, currencyWord: entry.word,
                qualifier: qualifier, sentence: sentence,
                range: tokens[first].range.lowerBound..<tokens[last - 1].range.upperBound, trade: nil, token: first,
                qualifierStart: qualifierStart < first ? qualifierStart : nil))
            i = last
        }
        return out
    }

    /// The amount `number` × 10^`power` with the parts that follow it at `k` added (a fraction of the scale, glued
    /// or apart: ونصف, و نصف المليار; or a smaller term: و200 مليون), in units of `power`; and where the amount
    /// ends. A part that does not read as one is left out, and the amount ends before it.
    ///
    /// `dangling`: a و followed by a number or number word that does not make a part (no smaller scale word after it):
    /// the amount cannot be read whole.
    static func compound<Tokens: TokenSequence>(
        _ number: Amount, power: Int, tokens: Tokens, from k: Int, words: FixedWords
    ) -> (amount: Amount, end: Int, dangling: Bool) {
        var value = number.scaled(by: power)
        var k = k
        var smallest = power
        let end = tokens.endIndex
        while k < end {
            var j = k
            let glued = tokens[j].clitic == 0x88  // و
            if !glued {
                guard tokens[j].exact == words.and, j + 1 < end else { break }
                j += 1
            }
            if let fraction = tokens[j].forms.first(in: words.fractions) {
                // Of the scale word just read, once: ونصف (المليار).
                guard smallest == power, glued || tokens[j].clitic == 0 else { break }
                j += 1
                if j < end, let s = tokens[j].forms.first(in: words.scale), s.power == power, !s.dual { j += 1 }
                value = value + fraction.scaled(by: power)
                k = j
                break
            }
            // A part: a number (و200 مليون), or a number word, glued or apart (وخمسمائة مليون، و ثلاثة ملايين).
            var part: Amount?
            if !glued, tokens[j].kind == .number, let x = tokens[j].number {
                part = x
            } else if let v = tokens[j].forms.first(in: words.numberWord) {
                part = Amount(mantissa: Int64(v))
            }
            guard let part else { break }
            if j + 1 < end, let s = tokens[j + 1].forms.first(in: words.scale), s.power < smallest {
                value = value + part.scaled(by: s.power)
                smallest = s.power
                k = j + 2
            } else if smallest >= 3, part < Amount(mantissa: 1000), j + 1 < end, tokens[j + 1].forms.first(in: words.currency) != nil {
                // Units after thousands (ألف و500 دولار).
                value = value + part
                smallest = 0
                k = j + 1
            } else {
                return (value.scaled(by: -power), k, true)
            }
        }
        return (value.scaled(by: -power), k, false)
    }

    /// Whether the figure at `i` ends a range: بين [number [scale]] و (or إلى) <figure>, or يتراوح ... من [number] إلى
    /// <figure>.
    static func isRangeEnd<Tokens: TokenSequence>(at i: Int, tokens: Tokens, words: FixedWords) -> Bool {
        var j = i - 1
        guard j > tokens.startIndex else { return false }
        // و apart (و5 is split so), or glued to a number word (وخمسة); or إلى.
        var to = false
        if tokens[i].clitic != 0x88 {
            to = tokens[j].forms.contains(where: words.to.contains)
            guard tokens[j].exact == words.and || to else { return false }
            j -= 1
        }
        // The lower end: a number, with its scale word or not.
        if j >= tokens.startIndex, tokens[j].forms.first(in: words.scale) != nil { j -= 1 }
        guard j >= tokens.startIndex, tokens[j].kind == .number || tokens[j].forms.first(in: words.numberWord) != nil else { return false }
        // بين within the two words before it (بين, ما بين); for من ... إلى, a verb of range (يتراوح) before من.
        for b in stride(from: j - 1, through: max(tokens.startIndex, j - 2), by: -1) {
            if tokens[b].forms.contains(words.between) { return true }
            if to, tokens[b].forms.contains(where: words.from.contains) {
                return (max(tokens.startIndex, b - 4)..<b).contains { tokens[$0].forms.contains(where: words.rangeVerbs.contains) }
            }
        }
        return false
    }

    /// The index of a negation that turns the bound whose word is at `word`: within `reach` words before it, or before
    /// a كان right before it (لم تكن تتجاوز); not the لا of ولا سيما or لا تزال (especially, still).
    static func negation<Tokens: TokenSequence>(before word: Int, reach: Int, tokens: Tokens, words: FixedWords) -> Int? {
        if let k = (word - reach..<word).reversed().first(where: { tokens.token($0, isIn: words.boundNegators) && !tokens.token($0 + 1, isIn: words.negationIdioms) }) { return k }
        return tokens.token(word - 1, isIn: words.copulas) && tokens.token(word - 2, isIn: words.boundNegators) ? word - 2 : nil
    }

    /// How many words back from a figure a verb of exceeding at the head of its clause is looked for.
    static let boundReach = 8

    /// A verb of exceeding at the head of the figure's clause, its subject between them (تجاوزت صادرات مصر إلى
    /// باكستان 400 مليون دولار; لم تتجاوز ...): the sum is the bound the verb makes it, as if the verb stood right
    /// before it. Looked for back to the clause's start (a comma or semicolon), over at most ``boundReach`` words, and
    /// past no number, currency word or word behind ب (تجاوزت الأزمة باستثمارات 400 مليون: the sum is no bound).
    static func governingBound<Tokens: TokenSequence>(
        before i: Int, tokens: Tokens, text: UnsafeBufferPointer<UInt8>, words: FixedWords
    ) -> (MoneyFigure.Qualifier, start: Int)? {
        let first = tokens.startIndex
        var k = i - 1
        while k >= max(first, i - boundReach), !TradeRoles.clauseBreak(before: k + 1, tokens: tokens, text: text) {
            let t = tokens[k]
            if t.kind == .number || t.forms.first(in: words.currency) != nil || t.clitic == 0xA8 { return nil }
            if t.forms.contains(where: words.exceeding.contains) {
                return negation(before: k, reach: 1, tokens: tokens, words: words).map { (.atMost, $0) } ?? (.over, k)
            }
            k -= 1
        }
        return nil
    }

    /// How the words before the figure whose first token is `figure` qualify it, and the index of the first of them
    /// (`figure` when none do).
    ///
    /// - An estimate: نحو، حوالي (approximators), يناهز، يقارب, ما يقرب من, في حدود.
    /// - A lower bound: يتجاوز، يفوق، فاقت; أكثر من، ما يزيد على، ما يربو على، أزيد من.
    /// - An upper bound: أقل من، يقل عن; ما دون.
    /// - A negation before a bound's word (لا، لم، لن، ليس، ليست; or one of them and a كان: لم تكن تتجاوز) turns it
    ///   and lets the figure in: لا يتجاوز and ليست أكثر من are at most, لا يقل عن at least.
    static func qualifier<Tokens: TokenSequence>(at figure: Int, tokens: Tokens, words: FixedWords) -> (MoneyFigure.Qualifier, start: Int) {
        let first = tokens.startIndex
        // The article the press writes before a number (قرابة الـ400) stands between the words and the figure.
        let i = tokens.token(figure - 1, isIn: words.article) ? figure - 1 : figure
        guard i > first else { return (.exact, figure) }
        // The qualifier's words, the bound's own word among them (where a negation would stand before it).
        var q: MoneyFigure.Qualifier
        var word: Int
        if tokens.token(i - 1, isIn: words.approximators) || tokens.token(i - 1, isIn: words.nearing) {
            (q, word) = (.about, i - 1)
        } else if tokens.token(i - 1, isIn: words.withinLimits), tokens.token(i - 2, isIn: words.inPreposition) {
            (q, word) = (.about, i - 2)
        } else if tokens.token(i - 1, isIn: words.exceeding) {
            (q, word) = (.over, i - 1)
        } else if tokens.token(i - 1, isIn: words.below) {
            (q, word) = (.under, i - 1)
        } else if tokens.token(i - 1, isIn: words.from) || tokens.token(i - 1, isIn: words.onAbout) {
            if tokens.token(i - 2, isIn: words.overBeforePreposition) {
                (q, word) = (.over, i - 2)
            } else if tokens.token(i - 2, isIn: words.underBeforePreposition) {
                (q, word) = (.under, i - 2)
            } else if tokens.token(i - 2, isIn: words.nearing) || tokens.token(i - 2, isIn: words.nearingBeforePreposition) {
                (q, word) = (.about, i - 2)
            } else {
                return (.exact, figure)
            }
        } else {
            return (.exact, figure)
        }
        var start = word
        if q == .over || q == .under {
            // For أكثر من and the like, also before the verb they follow (لم تبلغ الصادرات أكثر من: at most).
            if let negation = negation(before: word, reach: word == i - 2 ? 3 : 1, tokens: tokens, words: words) {
                q = q == .over ? .atMost : .atLeast
                start = negation
            }
        }
        // ما before them: ما يزيد على، ما لا يقل عن، ما دون (بما: the size of a change).
        if tokens.token(start - 1, isIn: words.whatWord) || tokens.token(start - 1, isIn: words.byWhat) { start -= 1 }
        return (q, start)
    }
}

/// A count of something (`15 شركة`, `170 شركة`, `3 مليارات مستهلك`) or a percentage (`12%`, `12 في المائة`).
public struct CountFigure: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case count, percent }
    public var kind: Kind
    public var value: Amount
    /// What is counted, as written (for percentages: empty).
    public var object: String
    public var sentence: Int
    /// Where the figure stands in its paragraph, in bytes of UTF-8.
    public var range: Range<Int>
    /// The figure's words as written.
    public var text: String = ""
}

enum CountParser {
    /// Counts and percentages among tokens that are not money: a number (with its scale) and the noun after it,
    /// or a number with % / ٪ / في المائة / بالمئة. `money` are the sentence's sums of money, in token order.
    /// `marks` are the tokens' ``Token/starts`` (made from the tokens if not given): a number is marked for money.
    ///
    /// Appended to `out`: an article's counts, sentence after sentence, in one array (an array per sentence, appended
    /// to the article's, copied each count and its strings).
    static func figures(
        in tokens: some TokenSequence, marks: StartMarks? = nil, text: UnsafeBufferPointer<UInt8>, sentence: Int, money: ArraySlice<MoneyFigure>,
        words: FixedWords, into out: inout [CountFigure]
    ) {
        let marks = marks ?? StartMarks(of: tokens)
        // The sums of money are in token order, as the tokens are read: the first not before token i is the one
        // that may start there (a cursor, not a search, for a sentence of thousands of figures).
        var nextMoney = money.startIndex
        var i = tokens.startIndex
        while true {
            i = marks.first(Token.Start.money, from: i, to: tokens.endIndex)
            guard i < tokens.endIndex else { break }
            defer { i += 1 }
            guard tokens[i].kind == .number, let n = tokens[i].number else { continue }
            while nextMoney < money.endIndex, money[nextMoney].token < i { nextMoney += 1 }
            if nextMoney < money.endIndex, money[nextMoney].token == i { continue }
            // A year or a day of a date is not a count.
            if tokens[i].yearValue != nil { continue }
            var k = i + 1
            var value = n
            if k < tokens.endIndex, let scale = tokens[k].forms.first(in: words.scale) {
                value = n.scaled(by: scale.power)
                k += 1
            }
            // Percent sign right after the number (12% or ١٢٪).
            let after = tokens[i].range.upperBound
            if after + 1 <= text.count, text[after] == 0x25 || (after + 1 < text.count && text[after] == 0xD9 && text[after + 1] == 0xAA) {
                out.append(CountFigure(kind: .percent, value: n, object: "", sentence: sentence, range: tokens[i].range.lowerBound..<(after + (text[after] == 0x25 ? 1 : 2))))
                continue
            }
            if k < tokens.endIndex, tokens[k].forms.contains(where: words.percentWords.contains)
                || (k + 1 < tokens.endIndex && words.into.contains(tokens[k].exact) && tokens[k + 1].forms.contains(where: words.percentWords.contains))
            {
                let last = tokens[k].forms.contains(where: words.percentWords.contains) ? k : k + 1
                out.append(CountFigure(kind: .percent, value: n, object: "", sentence: sentence, range: tokens[i].range.lowerBound..<tokens[last].range.upperBound))
                continue
            }
            // A count: the next word, when it is a noun that is neither a month nor a unit of money or time. A number
            // behind the article is an ordinal (الذكرى الـ80، مجموعة الـ20), no count.
            guard k < tokens.endIndex, i == tokens.startIndex || !tokens[i - 1].forms.contains(where: words.article.contains), tokens[k].kind == .word, tokens[k].forms.first(in: words.month) == nil,
                tokens[k].forms.first(in: words.currency) == nil, !tokens[k].forms.contains(where: words.yearWords.contains),
                !words.spanConnectors.contains(tokens[k].exact), tokens[k].exact != words.and, tokens[k].range.lowerBound - tokens[k - 1].range.upperBound <= 1
            else { continue }
            let object = String(decoding: UnsafeBufferPointer(rebasing: text[tokens[k].range]), as: UTF8.self)
            out.append(CountFigure(kind: .count, value: value, object: object, sentence: sentence, range: tokens[i].range.lowerBound..<tokens[k].range.upperBound))
        }
    }
}
