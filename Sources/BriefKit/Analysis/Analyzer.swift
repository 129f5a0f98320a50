import Foundation

/// A sentence of an article: the unit every finding cites.
public struct Sentence: Hashable, Sendable, Codable {
    /// Position among the article's sentences, from 0.
    public var index: Int
    /// ``Paragraph/number`` of the paragraph it stands in.
    public var paragraph: Int
    /// Where it stands in its paragraph, in bytes of UTF-8.
    public var range: Range<Int>
    public var text: String
    /// ISO codes of the countries it names, in order of first mention.
    public var countries: [String] = []
}

/// How often, and how first, a country is named in an article.
public struct CountryPresence: Hashable, Sendable, Codable {
    public var code: String
    public var mentions: Int
    /// ``Sentence/index`` of the first mention.
    public var firstSentence: Int
    /// How it is named (name, adjective, capital), in order of first use.
    public var kinds: [MentionKind]
}

/// Everything the analysis found in one article, each finding pointing at its sentence: the findings and the
/// sentences they cite, not the text, so that a corpus of any size is held as its findings (and so that a
/// finding can be cached, or written by one machine and read by another, as one JSON object).
public struct ArticleAnalysis: Sendable, Codable, Equatable {
    public var article: ArticleInfo
    /// The sentences that findings cite, in text order; look one up by index with ``sentence(_:)``.
    public var sentences: [Sentence]
    /// How many sentences the text has.
    public var sentenceCount: Int
    /// One result per theme of the lexicon, in the lexicon's order.
    public var themes: [ThemeResult]
    /// Countries named, most mentioned first (ties: first named first).
    public var countries: [CountryPresence]
    public var figures: [MoneyFigure]
    public var dates: [DateMention]
    /// The two countries the article is mostly about, where it names at least two.
    public var pair: [String]
    /// People named, with the titles the text gives them, in text order.
    public var people: [PersonMention] = []
    /// Registry ids of organisations and named events mentioned.
    public var named: [String] = []
    /// Meetings, visits, calls, talks, agreements and invitations, in text order.
    public var meetings: [Meeting] = []
    /// Counts (`15 شركة`) and percentages, in text order.
    public var counts: [CountFigure] = []
    /// MinHash signature of the text, to find other reports of the same story (see ``StoryClusters``).
    public var signature: [UInt64] = []

    public var matchedThemes: [String] { themes.filter(\.matched).map(\.theme) }

    /// The cited sentence with ``Sentence/index`` `index`.
    ///
    /// - Precondition: a finding of this analysis cites it.
    public func sentence(_ index: Int) -> Sentence {
        guard let sentence = citedSentence(index) else { preconditionFailure("sentence \(index) of \(article.id) is not cited") }
        return sentence
    }

    /// The cited sentence with ``Sentence/index`` `index`, if the analysis gives it (``sentences`` are in index
    /// order: a binary search).
    public func citedSentence(_ index: Int) -> Sentence? {
        var low = 0
        var high = sentences.count
        while low < high {
            let mid = (low + high) / 2
            if sentences[mid].index < index { low = mid + 1 } else { high = mid }
        }
        return low < sentences.count && sentences[low].index == index ? sentences[low] : nil
    }
}

/// Turns articles into findings. Pure: the same article and lexicon give the same analysis.
public struct Analyzer: Sendable {
    public let lexicon: Lexicon

    /// The version of the analysis rules, part of every ``Lexicon/fingerprint``: change it with any change to
    /// what the analysis finds, so that cached and merged findings of older rules are not taken for new ones.
    public static let rulesVersion = "brief-analysis-20"

    /// What a thread at work keeps of its own: the tokenizer's memo of the words of earlier articles, which marks
    /// tokens with the lexicon's ``Token/starts``, and the lexicon it reads. The first thread reads `lexicon`, any
    /// other a copy with tables of its own (``Lexicon/ownCopy()``): two threads reading one lexicon retain and
    /// release the same arrays, and wait on each other for their counts' cache lines, and a thread given the other's
    /// memo reads its megabytes from the other core's cache. (Measured with two analyzers, one per thread, against
    /// one for both, before either change: 5 to 8 % faster in nine rounds of nine; with the second analyzer's
    /// lexicon an `ownCopy()` of the first's, as fast as with one loaded again.)
    private let workers: PerThread<Worker>

    private final class Worker: @unchecked Sendable {  // one thread's at a time (``PerThread``)
        let lexicon: Lexicon
        let memo: FormsMemo
        /// The working arrays of an analysis, emptied for the next article with their room kept.
        var scratch = AnalysisScratch()
        /// Room for the article's paragraphs as UTF-8.
        var text = ParagraphBuffer()

        init(lexicon: Lexicon) {
            self.lexicon = lexicon
            memo = FormsMemo(starts: lexicon.startsByID)
        }

        deinit { text.free() }
    }

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        workers = PerThread { before in Worker(lexicon: before == 0 ? lexicon : lexicon.ownCopy()) }
    }

    /// Analyses articles on `jobs` threads; the results are in the articles' order whatever the number of threads.
    ///
    /// All the analyses are held at once: about three times the articles' text in memory. To look at each once,
    /// use ``analyze(_:jobs:each:)``, which holds a batch's.
    public func analyze(_ articles: [Article], jobs: Int) -> [ArticleAnalysis] {
        articles.parallelMap(jobs: jobs) { _, article in analyze(article) }
    }

    /// Articles per thread in a batch of a streamed analysis, ``analyze(_:jobs:each:)`` and the commands' runs over
    /// a corpus folder: enough to keep every thread busy from one hand-over to the next, few enough that a batch's
    /// findings are soon freed and their memory used again for the next batch's.
    public static let batchPerThread = 64

    /// Analyses articles on `jobs` threads a batch at a time (``batchPerThread`` articles a thread), handing each
    /// analysis to `each` in the articles' order, as the commands do over a corpus folder: memory holds one batch's
    /// analyses, not all of them.
    public func analyze(_ articles: [Article], jobs: Int, each: (ArticleAnalysis) -> Void) {
        let batch = Self.batchPerThread * max(1, jobs)
        var start = 0
        while start < articles.count {
            let end = min(articles.count, start + batch)
            for analysis in analyze(Array(articles[start..<end]), jobs: jobs) { each(analysis) }
            start = end
        }
    }

    /// - Complexity: O(n) in the length of the article.
    public func analyze(_ article: Article) -> ArticleAnalysis {
        // Taken and given back rather than lent to a closure, which would capture the article: passed to the
        // closure's specialization, it was copied, a retain and a release of each of its strings.
        let w = workers.take()
        defer { workers.give(w) }
        return analyze(article, w.text.fill(article.paragraphs), memo: w.memo, lexicon: w.lexicon, scratch: &w.scratch)
    }

    /// The themes the article matches (positions in the lexicon's order), as ``analyze(_:)`` finds them, from what
    /// theme scores depend on alone: the sentences' tokens and the first sum of money each quotes (whose trade
    /// role, countries and dates they do not read).
    public func matchedThemes(_ article: Article) -> [Int] {
        let w = workers.take()  // not lent to a closure: see ``analyze(_:)``
        defer { workers.give(w) }
        let (memo, lexicon) = (w.memo, w.lexicon)
        let paragraphs = w.text.fill(article.paragraphs)
        // The article's tokens, which the sentences' slices read: given back to the memo once they are done with.
        var buffers = memo.takeBuffers()
        defer { memo.keepBuffers(buffers) }
        var (sentences, sentenceTokens, tokenMarks, marks, _) = sentencesAndTokens(
            article, paragraphs, memo: memo, lexicon: lexicon, hashes: false, buffers: &buffers, scratch: &w.scratch)
        defer { giveBack(&sentences, &sentenceTokens, &marks, to: &w.scratch) }
        var money: [MoneyFigure] = []
        for (s, tokens) in sentenceTokens.enumerated() where marks[s] & Token.Start.money != 0 {
            // The first figure of the sentence, as the whole analysis takes it (trade roles name figures, never drop them).
            guard var f = MoneyParser.figures(in: tokens, marks: tokenMarks, text: paragraphs.of(sentences[s]), sentence: s, words: lexicon.words).first
            else { continue }
            f.text = memo.quoted.string(paragraphs.of(sentences[s], f.range))
            money.append(f)
        }
        return lexicon.themeScorer.score(sentences: sentenceTokens, tokenMarks: tokenMarks, marks: marks, money: money, scratch: &w.scratch.themes)
            .matchedPositions
    }

    /// How many tokens the article's paragraphs have, tokenized as the analysis tokenizes them: its first stage
    /// alone, for benchmarks.
    public func tokenCount(_ article: Article) -> Int {
        let w = workers.take()
        defer { workers.give(w) }
        var buffers = w.memo.takeBuffers()
        defer { w.memo.keepBuffers(buffers) }
        _ = tokenize(w.text.fill(article.paragraphs), memo: w.memo, lexicon: w.lexicon, into: &buffers)
        return buffers.run.count
    }

    /// The tokens of every paragraph, one after another, appended to `buffers`' run; where each paragraph's end.
    private func tokenize(_ paragraphs: ParagraphBytes, memo: FormsMemo, lexicon: Lexicon, into buffers: inout Tokenizer.Buffers) -> [Int] {
        var ends: [Int] = []
        ends.reserveCapacity(paragraphs.count)
        for p in 0..<paragraphs.count {
            Tokenizer.append(paragraphs[p], vocabulary: lexicon.vocabulary, memo: memo, to: &buffers)
            ends.append(buffers.run.count)
        }
        return ends
    }

    /// The article's sentences (without their text), their tokens, the tokens' ``Token/starts`` marks, the union
    /// of those marks for each sentence (a finder whose bit a sentence lacks passes over it whole), and, with
    /// `hashes`, the key hash of every token (for the signature).
    ///
    /// The tokens of all the paragraphs stand in one buffer, `buffers`' run, where the tokenizer wrote them with
    /// their marks (taken from the memo by the caller, and given back once the analysis is done with them), and
    /// their hashes in an array: a sentence's tokens are a slice of the buffer (``TokenSlice``: no reference to
    /// count), and their indices index the marks.
    ///
    /// The sentences, their tokens and their marks are arrays of `scratch`: the caller gives them back
    /// (``giveBack(_:_:_:to:)``).
    private func sentencesAndTokens(
        _ article: Article, _ paragraphs: ParagraphBytes, memo: FormsMemo, lexicon: Lexicon, hashes: Bool, buffers: inout Tokenizer.Buffers,
        scratch: inout AnalysisScratch
    ) -> (sentences: [Sentence], tokens: [TokenSlice], tokenMarks: StartMarks, marks: [UInt8], hashes: [UInt64]) {
        // The sentences of every paragraph first: their number sizes the arrays below.
        var ranges = AnalysisScratch.take(&scratch.ranges)
        var paragraphEnds = AnalysisScratch.take(&scratch.paragraphEnds)
        defer {
            AnalysisScratch.give(&ranges, to: &scratch.ranges)
            AnalysisScratch.give(&paragraphEnds, to: &scratch.paragraphEnds)
        }
        for p in article.paragraphs.indices {
            SentenceSplitter.split(paragraphs[p], into: &ranges)
            paragraphEnds.append(ranges.count)
        }
        var wordHashes = FormsMemo.emptied(&memo.hashes)
        let tokenEnds = tokenize(paragraphs, memo: memo, lexicon: lexicon, into: &buffers)
        // Marked as they were made (this analyzer's memos have its lexicon's marks), the marks beside them.
        assert(memo.startsTable != nil, "a memo of the analyzer's pool marks tokens")
        let (allTokens, allMarks) = (buffers.run.tokens, buffers.run.markBytes)
        if hashes {
            // Through buffer pointers: `for t in tokens` copies each token, all 64 bytes, to read 8, and an append
            // a token tests the array's uniqueness and capacity each time.
            wordHashes.append(contentsOf: repeatElement(0, count: allTokens.count))
            wordHashes.withUnsafeMutableBufferPointer { h in
                for k in allTokens.indices { h[k] = allTokens[k].keyHash }
            }
        }
        var sentences = AnalysisScratch.take(&scratch.sentences)
        var sentenceTokens = AnalysisScratch.take(&scratch.sentenceTokens)
        var marks = AnalysisScratch.take(&scratch.sentenceMarks)
        sentences.reserveCapacity(ranges.count)
        sentenceTokens.reserveCapacity(ranges.count)
        marks.reserveCapacity(ranges.count)
        // Every index below is below `end`, at most the tokens' count: read through buffer pointers, unchecked.
        // By index, the number read in place: `enumerated()` copied each paragraph, a retain and a release of its text.
        for paragraphIndex in article.paragraphs.indices {
            let number = article.paragraphs[paragraphIndex].number
            var t = paragraphIndex == 0 ? 0 : tokenEnds[paragraphIndex - 1]
            let end = tokenEnds[paragraphIndex]
            precondition(end <= allTokens.count && end <= allMarks.count)
            // By index too: a slice of `ranges` retained and released its buffer, a paragraph at a time.
            for r in (paragraphIndex == 0 ? 0 : paragraphEnds[paragraphIndex - 1])..<paragraphEnds[paragraphIndex] {
                let range = ranges[r]
                while t < end, allTokens[t].range.lowerBound < range.lowerBound { t += 1 }
                var u = t
                var mark: UInt8 = 0
                while u < end, allTokens[u].range.upperBound <= range.upperBound {
                    mark |= allMarks[u]
                    u += 1
                }
                sentences.append(Sentence(index: sentences.count, paragraph: number, range: range, text: ""))
                sentenceTokens.append(allTokens[t..<u])
                marks.append(mark)
                t = u
            }
        }
        // Back to the memo, for the next article.
        memo.hashes = FormsMemo.kept(wordHashes)
        // The marks, like the tokens, stand in the run the caller holds until the analysis is done.
        return (sentences, sentenceTokens, StartMarks(unowned: allMarks), marks, wordHashes)
    }

    /// Gives the arrays of ``sentencesAndTokens(_:_:memo:lexicon:hashes:buffers:scratch:)`` back to `scratch`.
    private func giveBack(_ sentences: inout [Sentence], _ tokens: inout [TokenSlice], _ marks: inout [UInt8], to scratch: inout AnalysisScratch) {
        AnalysisScratch.give(&sentences, to: &scratch.sentences)
        AnalysisScratch.give(&tokens, to: &scratch.sentenceTokens)
        AnalysisScratch.give(&marks, to: &scratch.sentenceMarks)
    }

    /// - Parameters:
    ///   - lexicon: this thread's (see `workers`).
    ///   - scratch: this thread's working arrays, given back emptied.
    private func analyze(_ article: Article, _ paragraphs: ParagraphBytes, memo: FormsMemo, lexicon: Lexicon, scratch: inout AnalysisScratch) -> ArticleAnalysis {
        let words = lexicon.words
        // The article's tokens, which the sentences' slices read: given back to the memo once they are done with.
        var buffers = memo.takeBuffers()
        defer { memo.keepBuffers(buffers) }
        var (sentences, sentenceTokens, tokenMarks, marks, wordHashes) = sentencesAndTokens(
            article, paragraphs, memo: memo, lexicon: lexicon, hashes: true, buffers: &buffers, scratch: &scratch)
        // The working arrays, taken from the thread's scratch and given back at the end.
        var mentions = AnalysisScratch.take(&scratch.mentions)
        var mentionBounds = AnalysisScratch.take(&scratch.mentionBounds)
        var presence = AnalysisScratch.take(&scratch.presence)
        var registered = AnalysisScratch.take(&scratch.registered)
        var namedBy = AnalysisScratch.take(&scratch.namedBy)
        var firstYears = AnalysisScratch.take(&scratch.firstYears)
        var expressions = AnalysisScratch.take(&scratch.dateExpressions)
        var dateBounds = AnalysisScratch.take(&scratch.dateBounds)
        var figureBounds = AnalysisScratch.take(&scratch.figureBounds)
        var nextHit = AnalysisScratch.take(&scratch.nextHit)
        var cited = AnalysisScratch.take(&scratch.cited)
        defer {
            giveBack(&sentences, &sentenceTokens, &marks, to: &scratch)
            AnalysisScratch.give(&mentions, to: &scratch.mentions)
            AnalysisScratch.give(&mentionBounds, to: &scratch.mentionBounds)
            AnalysisScratch.give(&presence, to: &scratch.presence)
            AnalysisScratch.give(&registered, to: &scratch.registered)
            AnalysisScratch.give(&namedBy, to: &scratch.namedBy)
            AnalysisScratch.give(&firstYears, to: &scratch.firstYears)
            AnalysisScratch.give(&expressions, to: &scratch.dateExpressions)
            AnalysisScratch.give(&dateBounds, to: &scratch.dateBounds)
            AnalysisScratch.give(&figureBounds, to: &scratch.figureBounds)
            AnalysisScratch.give(&nextHit, to: &scratch.nextHit)
            AnalysisScratch.give(&cited, to: &scratch.cited)
        }

        // Findings kept by sentence are kept flat, in sentence order: those of sentence s are the ones from
        // `starts[s]` to `starts[s + 1]`, and a sentence adds to one array instead of making its own.
        /// Sets `starts` to where each sentence's findings start in `findings`, and where the last one's end, for the
        /// findings in the order of their `sentence`.
        func bounds<T>(_ findings: [T], _ sentence: (T) -> Int, into starts: inout [Int]) {
            starts.append(contentsOf: repeatElement(0, count: sentences.count + 1))
            for f in findings { starts[sentence(f) + 1] += 1 }
            for s in sentences.indices { starts[s + 1] += starts[s] }
        }

        // Countries, by sentence.
        let matcher = lexicon.countryMatcher
        mentionBounds.append(0)
        mentionBounds.reserveCapacity(sentenceTokens.count + 1)
        // The countries named, in order of first mention (`presence`), with their registry positions alongside
        // (`registered`; an article names few: a linear search finds one), and the kinds each has been named by so
        // far (`namedBy`): a bit each, tested for every mention, and above them the kinds in order of first use, a
        // digit each in base 4 (``AnalysisScratch/KindLists``), whose list is the thread's, shared, not made.
        for (s, tokens) in sentenceTokens.enumerated() {
            var next = tokens.startIndex
            while marks[s] & Token.Start.country != 0, let m = matcher.longestMatch(in: tokens, marks: tokenMarks, from: next) {
                next = m.end
                let payload = matcher.phrases[m.phrase].payload
                let code = lexicon.countries.countries[payload.country].code
                mentions.append(.init(country: code, kind: payload.kind, start: m.start, end: m.end, index: payload.country))
                let c: Int
                if let known = registered.firstIndex(of: payload.country) {
                    c = known
                } else {
                    c = presence.count
                    presence.append(CountryPresence(code: code, mentions: 0, firstSentence: s, kinds: []))
                    registered.append(payload.country)
                    namedBy.append(0)
                }
                presence[c].mentions += 1
                let digit = AnalysisScratch.KindLists.digit(payload.kind)
                let bit: UInt16 = 1 << (digit - 1)
                if namedBy[c] & bit == 0 {
                    let (seen, order) = (namedBy[c] & 7, namedBy[c] >> 3)
                    namedBy[c] = (order * 4 + digit) << 3 | seen | bit
                }
            }
            mentionBounds.append(mentions.count)
        }
        for c in presence.indices { presence[c].kinds = scratch.kindLists.list(Int(namedBy[c] >> 3)) }
        func mentionsOf(_ s: Int) -> ArraySlice<TradeRoles.Mention> { mentions[mentionBounds[s]..<mentionBounds[s + 1]] }
        // Most mentioned first; of as many mentions, first named first.
        let countries = presence.indices
            .sorted { a, b in presence[a].mentions != presence[b].mentions ? presence[a].mentions > presence[b].mentions : a < b }
            .map { presence[$0] }
        // Sorted as made: a literal, then sorted, was two arrays.
        let pair = countries.count < 2 ? [] : countries[0].code < countries[1].code ? [countries[0].code, countries[1].code] : [countries[1].code, countries[0].code]

        // Dates, then figures (whose trade period reads the first year the sentence states).
        // Gathered in the thread's array, copied out at the end at their number.
        var dates = AnalysisScratch.take(&scratch.dates)
        defer { AnalysisScratch.give(&dates, to: &scratch.dates) }
        firstYears.append(contentsOf: repeatElement(nil, count: sentenceTokens.count))
        for (s, tokens) in sentenceTokens.enumerated() where marks[s] & Token.Start.date != 0 {
            // Appended after the earlier sentences' expressions, in one array: this sentence's are those from `before`.
            let before = expressions.count
            DateExpressions.find(in: tokens, marks: tokenMarks, words: words, into: &expressions)
            for e in expressions[before...] {
                // Read back from the array: kept in a local too, the date was copied (a retain of its strings) and
                // the copy destroyed.
                dates.append(DateMention.resolve(e, sentence: s, articleDate: article.date.value))
                let m = dates.count - 1
                if firstYears[s] == nil, let y = StatedYear(dates[m]) { firstYears[s] = y }
            }
        }
        /// The words of a finding in sentence `sentence` as written, shared through the memo's strings where they were
        /// made before (a date, a sum and a count recur from article to article).
        func written(_ sentence: Int, _ range: Range<Int>) -> String { memo.quoted.string(paragraphs.of(sentences[sentence], range)) }
        var figures: [MoneyFigure] = []
        var previousRole: TradeRole?
        var nextDate = 0  // dates are in sentence order: a cursor to each sentence's
        for (s, tokens) in sentenceTokens.enumerated() where marks[s] & Token.Start.money != 0 {
            var found = MoneyParser.figures(in: tokens, marks: tokenMarks, text: paragraphs.of(sentences[s]), sentence: s, words: words)
            if !found.isEmpty {
                // The years the sentence states, where it states them: a sentence of two years dates each figure by its
                // own (2 مليار دولار عام 2024 مقابل 1.5 مليار عام 2023).
                while nextDate < dates.count, dates[nextDate].sentence < s { nextDate += 1 }
                var years: [(at: Int, year: StatedYear)] = []
                var d = nextDate
                while d < dates.count, dates[d].sentence == s {
                    if let y = StatedYear(dates[d]) { years.append((dates[d].range.lowerBound, y)) }
                    d += 1
                }
                TradeRoles.assign(
                    &found, tokens: tokens, text: paragraphs.of(sentences[s]), mentions: mentionsOf(s), year: firstYears[s], years: years, pair: pair,
                    words: words, previous: &previousRole)
                for i in found.indices { found[i].text = written(s, found[i].range) }
                figures += found
            }
        }
        var themes = lexicon.themeScorer.score(sentences: sentenceTokens, tokenMarks: tokenMarks, marks: marks, money: figures, scratch: &scratch.themes)
        // Findings are read by index below, not iterated: iterating copies each (a retain of every string in it).
        for t in themes.indices {
            for h in themes[t].hits.indices { themes[t].hits[h].paragraph = sentences[themes[t].hits[h].sentence].paragraph }
        }
        // Keep of the text only what findings cite: their words (here and as they are found) and their sentences.
        for i in dates.indices { dates[i].text = written(dates[i].sentence, dates[i].range) }

        // People, named entities and meetings, with the dates of their sentence.
        bounds(dates, \.sentence, into: &dateBounds)
        let finder = EntityFinder(lexicon: lexicon)
        var found = EntityFinder.Found()
        swap(&found.scratch, &scratch.entities)
        // People gathered in the thread's array, copied out at their number.
        found.people = AnalysisScratch.take(&scratch.people)
        defer {
            swap(&found.scratch, &scratch.entities)
            AnalysisScratch.give(&found.people, to: &scratch.people)
        }
        // A sentence without a listed name, a title head or a meeting verb names nobody (most have none). The memo's
        // strings bound once: read from the memo for each call, they were retained and released each time.
        let quoted = memo.quoted
        for (s, tokens) in sentenceTokens.enumerated() where !tokens.isEmpty && marks[s] & Token.Start.people != 0 {
            finder.find(
                tokens: tokens, tokenMarks: tokenMarks, marks: marks[s], sentence: s, text: paragraphs.of(sentences[s]), mentions: mentionsOf(s),
                dates: dates[dateBounds[s]..<dateBounds[s + 1]], into: &found, strings: quoted)
        }
        let (people, named) = (Array(found.people[...]), found.named)
        // Taken out of `found`, not copied: the themes added below would copy every meeting, and its strings, if
        // `found` still held the array.
        var meetings: [Meeting] = []
        swap(&meetings, &found.meetings)
        // A meeting's themes: those a term of weight above 0 matched in its sentence, in the lexicon's order. Meetings
        // and each theme's hits are in sentence order: a cursor per theme walks its hits once.
        nextHit.append(contentsOf: repeatElement(0, count: themes.count))
        for i in meetings.indices {
            let s = meetings[i].sentence
            for t in themes.indices {
                var h = nextHit[t]
                while h < themes[t].hits.count, themes[t].hits[h].sentence < s { h += 1 }
                nextHit[t] = h
                while h < themes[t].hits.count, themes[t].hits[h].sentence == s, themes[t].hits[h].weight <= 0 { h += 1 }
                if h < themes[t].hits.count, themes[t].hits[h].sentence == s { meetings[i].themes.append(themes[t].theme) }
            }
        }
        bounds(figures, \.sentence, into: &figureBounds)
        var counts: [CountFigure] = []
        // Counts and percentages start at a number, which marks its sentence for money.
        for (s, tokens) in sentenceTokens.enumerated() where marks[s] & Token.Start.money != 0 && tokens.contains(where: { $0.kind == .number }) {
            CountParser.figures(
                in: tokens, marks: tokenMarks, text: paragraphs.of(sentences[s]), sentence: s, money: figures[figureBounds[s]..<figureBounds[s + 1]], words: words,
                into: &counts)
        }
        for i in counts.indices { counts[i].text = written(counts[i].sentence, counts[i].range) }

        cited.append(contentsOf: repeatElement(false, count: sentences.count))
        for t in themes.indices { for e in themes[t].evidence { cited[e] = true } }
        for i in figures.indices { cited[figures[i].sentence] = true }
        for i in dates.indices { cited[dates[i].sentence] = true }
        for i in people.indices { cited[people[i].sentence] = true }
        for i in meetings.indices { cited[meetings[i].sentence] = true }
        for i in counts.indices { cited[counts[i].sentence] = true }
        var citedSentences: [Sentence] = []
        citedSentences.reserveCapacity(cited.count { $0 })
        let paragraphTexts = article.paragraphs
        for s in cited.indices where cited[s] {
            // Made from the sentence's plain fields: a copy of the sentence, then set, retained and released its empty
            // text and list.
            let (paragraph, range) = (sentences[s].paragraph, sentences[s].range)
            citedSentences.append(Sentence(
                index: sentences[s].index, paragraph: paragraph, range: range,
                // A sentence is quoted whole, and seldom twice: it is made, not looked for among the strings kept.
                // Sliced from the paragraph's string, which is valid UTF-8: made from the bytes, it would be checked
                // again.
                text: slice(paragraphTexts[paragraph - 1].text, range),
                // The countries it names, for the cited sentences only: a list made before, if the same.
                countries: found.scratch.countryLists.list(of: mentionsOf(s))))
        }
        // Made whole and returned as made: set field by field, the analysis was copied into the result, then destroyed.
        return ArticleAnalysis(
            article: ArticleInfo(article), sentences: citedSentences, sentenceCount: sentences.count, themes: themes, countries: countries,
            figures: figures, dates: Array(dates[...]), pair: pair, people: people, named: named, meetings: meetings, counts: counts,
            signature: StoryClusters.signature(words: wordHashes))
    }
}

/// The text of a UTF-8 byte range of `text`.
func slice(_ text: String, _ range: Range<Int>) -> String {
    let utf8 = text.utf8
    let a = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
    let b = utf8.index(a, offsetBy: range.count)
    return String(text[a..<b])
}

/// An article's paragraphs as UTF-8, one after another in one buffer: the analysis reads a paragraph's bytes in
/// place, where `String.withUTF8` would cost a closure (and the retains of what it captures) for every sentence and
/// every finding. Valid until the ``ParagraphBuffer`` it came from is filled again or freed.
struct ParagraphBytes {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where each paragraph starts in `bytes`, and where the last one ends.
    let starts: UnsafeBufferPointer<Int>

    /// How many paragraphs there are.
    var count: Int { starts.count - 1 }

    /// The bytes of paragraph `p` (0-based), offsets from 0: as its `String`'s UTF-8.
    subscript(_ p: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[starts[p]..<starts[p + 1]])
    }

    /// The bytes of the paragraph of `sentence`.
    func of(_ sentence: Sentence) -> UnsafeBufferPointer<UInt8> { self[sentence.paragraph - 1] }

    /// Bytes `range` of the paragraph of `sentence`: a finding's words, or the sentence itself.
    func of(_ sentence: Sentence, _ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: of(sentence)[range]) }
}

/// Room for an article's paragraphs as UTF-8 (``ParagraphBytes``), which a thread keeps from article to article and
/// frees itself (``free()``).
///
/// Its bytes are not an array's: lent out by `withUnsafeBufferPointer`, an array's bytes are read in a closure, and the
/// closure around the whole analysis copied the article it captured, a retain and a release of each of its strings.
struct ParagraphBuffer {
    private var bytes: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var starts: UnsafeMutablePointer<Int>
    private var startsCapacity: Int
    /// The most bytes of text, and paragraphs, whose room a thread keeps for the next article.
    static let keptBytes = 1 << 20
    static let keptParagraphs = 1 << 14
    /// The room made at first, and again when room grown past the kept is let go.
    private static let initialBytes = 1 << 14
    private static let initialStarts = 64

    init() {
        capacity = Self.initialBytes
        bytes = .allocate(capacity: capacity)
        startsCapacity = Self.initialStarts
        starts = .allocate(capacity: startsCapacity)
    }

    /// `paragraphs`' text as UTF-8, one after another, in this buffer's room: valid until the next call.
    ///
    /// Room grown for a freak article, past ``keptBytes`` or ``keptParagraphs``, is let go at the next article that
    /// fits in less.
    mutating func fill(_ paragraphs: [Paragraph]) -> ParagraphBytes {
        var total = 0
        for i in paragraphs.indices { total += paragraphs[i].text.utf8.count }
        Self.fit(&bytes, &capacity, total, initial: Self.initialBytes, kept: Self.keptBytes)
        Self.fit(&starts, &startsCapacity, paragraphs.count + 1, initial: Self.initialStarts, kept: Self.keptParagraphs)
        var at = 0
        for i in paragraphs.indices {
            starts[i] = at
            let utf8 = paragraphs[i].text.utf8
            let count = utf8.count
            guard count > 0 else { continue }
            // A native string's bytes are copied at once; a bridged one's (never made here) one by one.
            if utf8.withContiguousStorageIfAvailable({ (bytes + at).initialize(from: $0.baseAddress!, count: count) }) == nil {
                _ = UnsafeMutableBufferPointer(start: bytes + at, count: count).initialize(from: utf8)
            }
            at += count
        }
        starts[paragraphs.count] = at
        return ParagraphBytes(bytes: UnsafeBufferPointer(start: bytes, count: at), starts: UnsafeBufferPointer(start: starts, count: paragraphs.count + 1))
    }

    /// Room at `p`, which has room for `capacity`, for `needed` elements (their values not kept): grown when short,
    /// to twice or to `needed`; grown past `kept`, let go at the next call that needs no more, for `initial` or
    /// `needed`.
    private static func fit<T>(_ p: inout UnsafeMutablePointer<T>, _ capacity: inout Int, _ needed: Int, initial: Int, kept: Int) {
        guard needed > capacity || (capacity > kept && needed <= kept) else { return }
        p.deallocate()
        capacity = needed > capacity ? max(needed, capacity * 2) : max(needed, initial)
        p = .allocate(capacity: capacity)
    }

    /// How many bytes of text, and paragraphs, it has room for (for tests).
    var room: (bytes: Int, paragraphs: Int) { (capacity, startsCapacity - 1) }

    func free() {
        bytes.deallocate()
        starts.deallocate()
    }
}
