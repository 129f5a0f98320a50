/// What a money figure says about trade: which flow, between whom, for which period.
public struct TradeRole: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Goods from `from` to `to`, counted by the exporter.
        case exports
        /// Goods from `from` to `to`, counted by the importer.
        case imports
        /// Trade volume both ways between `from` and `to`.
        case total
        /// Investment by `from` in `to`.
        case investment
    }

    public enum PeriodBasis: String, Hashable, Sendable, Codable {
        /// A year stated in the same sentence.
        case sentence
        /// Carried from the previous trade figure of the article, whose sentence stated it.
        case carried
        /// Placed by the sentence from the article's date: العام الماضي.
        case relative
    }

    public var kind: Kind
    /// ISO code of the exporting / investing side (for totals: one side of the pair).
    public var from: String?
    /// ISO code of the importing / receiving side (for totals: the other side).
    public var to: String?
    public var period: PartialDate?
    public var periodBasis: PeriodBasis?
}

/// A year a sentence states: written (عام 2024), or placed from the article's date (العام الماضي، العام الماضي في 3
/// مارس).
struct StatedYear: Equatable {
    var year: Int
    var relative: Bool

    /// The year `date` states, if it is one a trade figure can be dated by.
    init?(_ date: DateMention) {
        guard let y = date.date?.year else { return nil }
        switch (date.basis, date.expression) {
        case (.explicit, _): (year, relative) = (y, false)
        case (.relative, .relativeYear), (.relative, .inRelativeYear): (year, relative) = (y, true)
        default: return nil
        }
    }
}

/// Finds the trade role of money figures from the words around them.
enum TradeRoles {
    /// How many words before a figure its trade cue may stand: a cue further away speaks of something else, and a
    /// bounded look-back keeps a sentence of thousands of figures linear.
    static let cueWindow = 16

    struct Mention {
        var country: String
        var kind: MentionKind
        var start: Int
        var end: Int
        /// The country's position in the registry (``CountryRegistry/countries``), or -1 where not known.
        var index = -1
    }

    /// The countries of `mentions`, each once, in order of first mention: an array allocated once (an array of
    /// strings grows one by one).
    static func countries(of mentions: ArraySlice<Mention>) -> [String] {
        var codes: [String] = []
        if !mentions.isEmpty { codes.reserveCapacity(mentions.count) }
        for m in mentions where !codes.contains(m.country) { codes.append(m.country) }
        return codes
    }

    /// Lists of countries made before, kept by a thread (see ``EntityFinder/Scratch``) and shared by later sentences,
    /// of any article, that name the same countries in the same order: most sentences that name countries name one or
    /// two of a few. A list shared is retained, not allocated, filled and freed. Lists are found by a key of their
    /// countries' registry positions, compared as one number.
    struct CountryLists {
        private var keys: [UInt64] = []
        private var lists: [[String]] = []
        /// The list replaced next once there are ``capacity``: the oldest.
        private var oldest = 0
        static let capacity = 16

        /// The registry positions of the countries of `mentions`, each once, in order of first mention: up to four,
        /// sixteen bits each (the position plus one); `nil` for more, or for a mention whose position is not known.
        static func key(_ mentions: ArraySlice<Mention>) -> UInt64? {
            var key: UInt64 = 0
            var count = 0
            for m in mentions {
                guard m.index >= 0, m.index < 0xFFFF else { return nil }
                let part = UInt64(m.index + 1)
                var rest = key
                var seen = false
                while rest != 0, !seen {
                    seen = rest & 0xFFFF == part
                    rest >>= 16
                }
                if seen { continue }
                if count == 4 { return nil }
                key |= part << UInt64(16 * count)
                count += 1
            }
            return key
        }

        /// The countries of `mentions`, each once, in order of first mention (``countries(of:)``): a list made before
        /// if one has the same key.
        mutating func list(of mentions: ArraySlice<Mention>) -> [String] {
            if mentions.isEmpty { return [] }
            guard let key = Self.key(mentions) else { return TradeRoles.countries(of: mentions) }
            if let k = keys.firstIndex(of: key) { return lists[k] }
            let made = TradeRoles.countries(of: mentions)
            if keys.count < Self.capacity {
                keys.append(key)
                lists.append(made)
            } else {
                keys[oldest] = key
                lists[oldest] = made
                oldest = (oldest + 1) % Self.capacity
            }
            return made
        }
    }

    /// Assigns roles to the figures of one sentence.
    ///
    /// - Parameters:
    ///   - figures: the sentence's figures, in order.
    ///   - tokens: the sentence's tokens.
    ///   - mentions: country mentions of the sentence, by token index.
    ///   - year: the first year the sentence states.
    ///   - pair: the article's two main countries, for "بين البلدين" and for a side the sentence leaves out.
    ///   - previous: the role of the article's previous trade figure, whose period carries over.
    static func assign(
        _ figures: inout [MoneyFigure], tokens: some TokenSequence, text: UnsafeBufferPointer<UInt8>, mentions: ArraySlice<Mention>, year: StatedYear?,
        years: [(at: Int, year: StatedYear)] = [], pair: [String], words: FixedWords, previous: inout TradeRole?
    ) {
        for f in figures.indices {
            let figureStart = figures[f].token
            var cue: (kind: FixedWords.TradeCue, start: Int, end: Int)?
            var i = figureStart - 1
            search: while i >= max(tokens.startIndex, figureStart - cueWindow) {
                for c in words.cues {
                    let start = i - c.words.count + 1
                    guard start >= tokens.startIndex, tokens[start].forms.contains(c.words[0]) else { continue }
                    var ok = true
                    for k in 1..<max(1, c.words.count) where tokens[start + k].exact != c.words[k] {
                        ok = false
                        break
                    }
                    if ok {
                        cue = (c.kind, start, i + 1)
                        break search
                    }
                }
                i -= 1
            }
            guard let cue else { continue }
            // A figure the sentence denies, sets as a goal or gives as a change is not a flow or a total reached.
            guard !isNotALevel(figures[f], cueStart: cue.start, tokens: tokens, text: text, words: words) else { continue }
            let kind: TradeRole.Kind
            switch cue.kind {
            case .exports: kind = .exports
            case .imports: kind = .imports
            case .total: kind = .total
            case .investment: kind = .investment
            }
            var role = TradeRole(kind: kind)
            // Mentions between the cue and the figure: found by binary search (mentions are in text order), so a
            // sentence of thousands of figures and names stays linear.
            var lo = mentions.startIndex
            var hi = mentions.endIndex
            while lo < hi {
                let mid = (lo + hi) / 2
                if mentions[mid].start < cue.end { lo = mid + 1 } else { hi = mid }
            }
            var between: [Mention] = []
            while lo < mentions.endIndex, mentions[lo].end <= figureStart {
                between.append(mentions[lo])
                lo += 1
            }
            let afterCue = between.first { $0.start <= cue.end + 1 }
            /// The mention nearest the figure right after one of `prepositions` (written apart, or glued as ل/ب): in
            /// صادرات مصر إلى باكستان 100 مليون دولار وإلى الهند 500 مليون دولار, the second figure's is India.
            func mention(after prepositions: IDSet, glued: [UInt8]) -> Mention? {
                between.last { m in
                    (m.start > tokens.startIndex && tokens[m.start - 1].forms.contains(where: prepositions.contains))
                        || glued.contains(tokens[m.start].clitic)
                }
            }
            switch kind {
            case .exports:
                role.from = afterCue?.country
                role.to = mention(after: words.to, glued: [0x84])?.country  // ل
            case .imports:
                let source = mention(after: words.from, glued: [])
                // The mention after the cue names the importer, unless it is the source (الواردات من باكستان).
                if let m = afterCue, m.start != source?.start {
                    if m.kind == .adjective { role.from = m.country } else { role.to = m.country }
                }
                if let m = source?.country { role.from = m }
            case .investment:
                role.from = afterCue?.country
                role.to = mention(after: words.into, glued: [0xA8])?.country  // ب
            case .total:
                // A side named right after the figure (8 مليارات مع تركيا، مقابل 300 مليون مع باكستان) is its other
                // side; the first country named before it, not that one, the first.
                if let other = mentionAfterWith(figures[f], tokens: tokens, mentions: mentions, words: words) {
                    role.to = other
                    role.from = between.first { $0.country != other }?.country
                    if role.from == nil, pair.count == 2, pair.contains(other) { role.from = pair.first { $0 != other } }
                    if let from = role.from, from > other { (role.from, role.to) = (other, from) }
                } else {
                    let named = Array(Set(between.map(\.country))).sorted()
                    if named.count == 2 { role.from = named[0]; role.to = named[1] }
                }
            }
            // Fill a side the sentence leaves out from the article's main pair.
            if pair.count == 2 {
                if role.from == nil, let to = role.to, pair.contains(to) { role.from = pair.first { $0 != to } }
                if role.to == nil, let from = role.from, pair.contains(from) { role.to = pair.first { $0 != from } }
                if role.kind == .total, role.from == nil, role.to == nil { role.from = pair[0]; role.to = pair[1] }
            }
            if let stated = Self.year(of: f, in: figures, years: years) ?? year {
                role.period = PartialDate(year: stated.year)
                role.periodBasis = stated.relative ? .relative : .sentence
            } else if role.kind != .investment, let prev = previous, prev.kind != .investment, prev.period != nil,
                role.from != nil, (prev.from, prev.to) == (role.from, role.to) || (prev.from, prev.to) == (role.to, role.from)
            {
                // Flows of one trade report share its period: carried between figures of the same two countries (a
                // figure of another pair speaks of another report); investment figures are dated only by their own
                // sentence.
                role.period = prev.period
                role.periodBasis = .carried
            }
            figures[f].trade = role
            previous = role
        }
    }

}

extension TradeRoles {
    /// Whether the sentence, before `figure`, denies it (نفت ... أن حجم التبادل بلغ), sets it as a goal (يستهدفان
    /// رفع ... إلى، بحلول 2030) or gives it as a change (تراجعت ... بمقدار 50 مليون دولار): none of them is a flow or a
    /// total that was reached. `cueStart` is where the figure's trade cue starts.
    static func isNotALevel(
        _ figure: MoneyFigure, cueStart: Int, tokens: some TokenSequence, text: UnsafeBufferPointer<UInt8>, words: FixedWords
    ) -> Bool {
        let at = figure.token
        var changed = false
        // Within the figure's clause: back to the last comma or semicolon before its cue (نفى المتحدث وجود خلافات،
        // مؤكدا أن حجم التبادل بلغ ... denies something else), and within twice the cue's reach before the figure, a
        // bounded look-back that keeps a sentence of many figures linear.
        var from = max(tokens.startIndex, at - 2 * cueWindow)
        var k = cueStart
        while k > from, !clauseBreak(before: k, tokens: tokens, text: text) { k -= 1 }
        from = k
        for k in from..<at {
            let forms = tokens[k].forms
            if forms.contains(where: words.denials.contains) || forms.contains(where: words.targets.contains) { return true }
            if k >= cueStart - 2, forms.contains(where: words.changeVerbs.contains) { changed = true }
        }
        guard changed else { return false }
        // The change's size: بمقدار، بقيمة، بنحو right before the figure, or before the words that qualify it
        // (بمقدار نحو), or those words behind ب themselves (بأكثر من، بما يزيد على، بقرابة).
        let q = figure.qualifierStart ?? at
        if q < at, tokens[q].clitic == 0xA8 || tokens[q].forms.contains(where: words.byWhat.contains) { return true }
        guard q > tokens.startIndex else { return false }
        let before = tokens[q - 1]
        return before.clitic == 0xA8 && before.forms.contains(where: words.changeSizes.contains)
    }

    /// The year of figure `f` in a sentence that states more than one: the first stated after it and before the next
    /// figure, else the last stated before it; nil when the sentence states one year or none (its first year serves).
    static func year(of f: Int, in figures: [MoneyFigure], years: [(at: Int, year: StatedYear)]) -> StatedYear? {
        guard let first = years.first?.year.year, years.contains(where: { $0.year.year != first }) else { return nil }
        let end = figures[f].range.upperBound
        let next = f + 1 < figures.count ? figures[f + 1].range.lowerBound : Int.max
        if let after = years.first(where: { $0.at >= end && $0.at < next }) { return after.year }
        return years.last { $0.at < figures[f].range.lowerBound }?.year
    }

    /// Whether a comma or semicolon (، , ؛ ;) stands between token `k - 1` and token `k`.
    static func clauseBreak(before k: Int, tokens: some TokenSequence, text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard k > tokens.startIndex else { return false }
        var i = tokens[k - 1].range.upperBound
        let end = min(tokens[k].range.lowerBound, text.count)
        while i < end {
            if text[i] == 0x2C || text[i] == 0x3B { return true }
            if text[i] == 0xD8, i + 1 < end, text[i + 1] == 0x8C || text[i + 1] == 0x9B { return true }
            i += 1
        }
        return false
    }

    /// The country named right after `figure`'s words behind مع (مقابل 300 مليون دولار مع باكستان), if one is.
    static func mentionAfterWith(_ figure: MoneyFigure, tokens: some TokenSequence, mentions: ArraySlice<Mention>, words: FixedWords) -> String? {
        var k = figure.token
        while k < tokens.endIndex, tokens[k].range.upperBound <= figure.range.upperBound { k += 1 }
        guard k + 1 < tokens.endIndex, tokens[k].exact == words.with else { return nil }
        return mentions.first { $0.start == k + 1 }?.country
    }
}

extension TradeRole {
    init(kind: Kind) {
        self.init(kind: kind, from: nil, to: nil, period: nil, periodBasis: nil)
    }
}
