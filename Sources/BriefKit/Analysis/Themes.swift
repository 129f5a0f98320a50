import Yams

/// A theme as data: weighted terms, excluding terms and a threshold (see `lexicons/themes.yaml`).
public struct ThemeDefinition: Hashable, Sendable {
    public struct Term: Hashable, Sendable {
        public var text: String
        /// Positive for terms, negative for excluding terms.
        public var weight: Int
    }

    public var id: String
    public var nameEnglish: String
    public var nameArabic: String
    public var threshold: Int
    public var terms: [Term]
    /// Added to a sentence that matches a term of the theme and quotes a sum of money (`with_money:`), for themes
    /// whose substance is figures (trade): "exports rose" is a passing remark, "exports reached $750 million" is not.
    public var moneyBonus: Int = 0

    /// The largest weight, threshold or `with_money` a theme may give: a score adds up weights, and weights near the
    /// top of the integers would overflow it (a crash); a million is far beyond any weight a theme needs.
    static let maxWeight = 1_000_000

    static func parse(_ root: Node, file: String) throws(Lexicon.Error) -> [ThemeDefinition] {
        guard let list = root[key: "themes"]?.sequence else {
            throw Lexicon.Error(file, root, "expected a 'themes:' list")
        }
        try root.checkKeys(["themes"], of: "the file", file: file)
        guard !list.isEmpty else { throw Lexicon.Error(file, root, "'themes:' lists no theme; a brief needs at least one") }
        var themes: [ThemeDefinition] = []
        var ids: Set<String> = []
        for node in list {
            guard let id = node[key: "id"]?.string, !id.isEmpty,
                id.unicodeScalars.allSatisfy({ ($0.value < 0x80) && ($0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0)) })
            else {
                throw Lexicon.Error(file, node, "a theme needs an 'id' of ASCII letters, digits and '_'")
            }
            guard ids.insert(id).inserted else { throw Lexicon.Error(file, node, "theme '\(id)' is defined twice") }
            try node.checkKeys(["id", "name", "threshold", "terms", "exclude", "with_money"], of: "theme '\(id)'", file: file)
            try node[key: "name"]?.checkKeys(["en", "ar"], of: "the name of theme '\(id)'", file: file)
            guard let en = node[key: "name"]?[key: "en"]?.string, let ar = node[key: "name"]?[key: "ar"]?.string else {
                throw Lexicon.Error(file, node, "theme '\(id)' needs 'name: { en: ..., ar: ... }'")
            }
            guard let threshold = node[key: "threshold"]?.int, threshold > 0, threshold <= maxWeight else {
                throw Lexicon.Error(
                    file, node[key: "threshold"] ?? node, "theme '\(id)' needs a 'threshold' that is a whole number from 1 to \(maxWeight)")
            }
            var terms: [Term] = []
            // Each term once, by the key it matches on: a term given twice (النفط, النفِّط) or under both terms and
            // exclude would leave one of its weights unused, without a word.
            var given: [String: String] = [:]
            for (section, sign) in [("terms", 1), ("exclude", -1)] {
                guard let mapping = node[key: section]?.mapping else {
                    if section == "terms" { throw Lexicon.Error(file, node, "theme '\(id)' needs 'terms:'") }
                    continue
                }
                for (termNode, weightNode) in mapping {
                    guard let text = termNode.string, let weight = weightNode.int, weight != 0, weight.signum() == sign, abs(weight) <= maxWeight else {
                        throw Lexicon.Error(
                            file, termNode,
                            "in theme '\(id)', '\(section)' entries are 'term: weight' with a \(sign > 0 ? "positive" : "negative") whole-number weight of at most \(maxWeight) in size")
                    }
                    // A term must match words: one that folds to nothing (diacritics, tatweel) never does, and one
                    // that is only a clitic or the article (و، ال) would match a letter of every sentence.
                    let key = MatchKey.fold(text).filter { !$0.isWhitespace }
                    guard !key.isEmpty, !["و", "ف", "ب", "ل", "ك", "ال"].contains(key) else {
                        throw Lexicon.Error(file, termNode, "in theme '\(id)', the term '\(text)' has no letters of a word to match")
                    }
                    if let earlier = given[key] {
                        throw Lexicon.Error(file, termNode, "in theme '\(id)', the term '\(text)' is given twice (as '\(earlier)' before; matching folds them alike)")
                    }
                    given[key] = text
                    terms.append(Term(text: text, weight: weight))
                }
            }
            var theme = ThemeDefinition(id: id, nameEnglish: en, nameArabic: ar, threshold: threshold, terms: terms)
            if let bonus = node[key: "with_money"] {
                guard let value = bonus.int, value > 0, value <= maxWeight else {
                    throw Lexicon.Error(file, bonus, "'with_money' is a positive whole-number weight of at most \(maxWeight)")
                }
                theme.moneyBonus = value
            }
            themes.append(theme)
        }
        return themes
    }
}

/// How one article scores on one theme, and why.
public struct ThemeResult: Hashable, Sendable, Codable {
    /// A term found in the text.
    public struct Hit: Hashable, Sendable, Codable {
        public var term: String
        public var weight: Int
        /// Index into ``ArticleAnalysis/sentences``.
        public var sentence: Int
        /// Where the words stand in their paragraph, in bytes of UTF-8.
        public var range: Range<Int>
        /// ``Paragraph/number`` of the sentence's paragraph.
        public var paragraph: Int = 0
    }

    public var theme: String
    public var score: Int
    public var threshold: Int
    public var matched: Bool { score >= threshold }
    public var hits: [Hit]
    /// Sentence indices that carry the theme, best first (at most three).
    public var evidence: [Int]
}

extension [ThemeResult] {
    /// Positions of the matched themes (the lexicon's order, as the results are).
    var matchedPositions: [Int] { indices.filter { self[$0].matched } }
}

/// Scores sentences against every theme in one pass over the tokens.
struct ThemeScorer: Sendable {
    struct Payload: Sendable {
        var theme: Int
        var weight: Int
        var term: String
        /// The same number for every phrase of a theme with this term's text: a term counts once per sentence.
        var termNumber: Int
    }

    let themes: [ThemeDefinition]
    var matcher: PhraseMatcher<Payload>

    init(themes: [ThemeDefinition], vocabulary: inout Vocabulary) {
        self.themes = themes
        var m = PhraseMatcher<Payload>()
        for (t, theme) in themes.enumerated() {
            var numbers: [String: Int] = [:]
            for term in theme.terms {
                let number = numbers[term.text] ?? numbers.count
                numbers[term.text] = number
                m.add(term.text, payload: Payload(theme: t, weight: term.weight, term: term.text, termNumber: number), vocabulary: &vocabulary)
            }
        }
        matcher = m
    }

    /// Scores the article's sentences; `tokens[i]` are the tokens of sentence `i`, with ranges in its paragraph.
    ///   `tokenMarks`, if given, are the ``Token/starts`` of every sentence's tokens, at their indices (made from the
    ///   tokens if not).
    ///   `marks[i]`, if given, is the union of their ``Token/starts``: a sentence without the theme bit has no term.
    ///   `money` are the sums of money the sentences quote, with their words as written, in sentence order: a
    ///   sentence's first counts (read with a cursor, as sentences are scored in order).
    func score<Tokens: TokenSequence>(sentences tokens: [Tokens], tokenMarks: StartMarks? = nil, marks: [UInt8]? = nil, money: [MoneyFigure] = []) -> [ThemeResult] {
        var scratch = Scratch()
        return score(sentences: tokens, tokenMarks: tokenMarks, marks: marks, money: money, scratch: &scratch)
    }

    /// The working arrays of ``score(sentences:tokenMarks:marks:money:scratch:)``, kept by a thread from article to
    /// article (see ``AnalysisScratch``).
    struct Scratch {
        fileprivate var matches: [PhraseMatcher<Payload>.Match] = []
        fileprivate var tallies: [Tally] = []
        fileprivate var seen: [(theme: Int, term: Int)] = []
        /// Each theme's hits as they are found, copied to its result at the end in one allocation of their number
        /// (appended to the result, its array grew by doubling).
        fileprivate var hits: [[ThemeResult.Hit]] = []
    }

    /// ``score(sentences:tokenMarks:marks:money:)`` with working arrays taken from `scratch`, and given back.
    func score<Tokens: TokenSequence>(
        sentences tokens: [Tokens], tokenMarks: StartMarks? = nil, marks: [UInt8]? = nil, money: [MoneyFigure] = [], scratch: inout Scratch
    ) -> [ThemeResult] {
        var results = themes.map { ThemeResult(theme: $0.id, score: 0, threshold: $0.threshold, hits: [], evidence: []) }
        // Hits go straight into the results, in text order per theme; per sentence, a theme's tally there, and the
        // term numbers it has counted there (a handful: a linear search beats hashing).
        var matches = AnalysisScratch.take(&scratch.matches)
        var tallies = AnalysisScratch.take(&scratch.tallies)
        var seen = AnalysisScratch.take(&scratch.seen)
        defer {
            AnalysisScratch.give(&matches, to: &scratch.matches)
            AnalysisScratch.give(&tallies, to: &scratch.tallies)
            AnalysisScratch.give(&seen, to: &scratch.seen)
        }
        tallies.append(contentsOf: repeatElement(Tally(), count: themes.count))
        if scratch.hits.count < themes.count { scratch.hits += repeatElement([], count: themes.count - scratch.hits.count) }
        var nextFigure = 0
        for (s, sentenceTokens) in tokens.enumerated() {
            if let marks, marks[s] & Token.Start.theme == 0 { continue }
            matcher.allMatches(in: sentenceTokens, marks: tokenMarks ?? StartMarks(of: sentenceTokens), into: &matches)
            // No term, no score (a sum of money only adds to a theme the sentence already scores on).
            if matches.isEmpty { continue }
            for t in tallies.indices { tallies[t].startSentence() }
            seen.removeAll(keepingCapacity: true)
            for match in matches {
                let theme = matcher.phrases[match.phrase].payload.theme
                // Overlaps are resolved per theme: within a theme the longest phrase wins; across themes both count.
                guard match.start >= tallies[theme].coveredUntil else { continue }
                tallies[theme].coveredUntil = match.end
                let range = sentenceTokens[match.start].range.lowerBound..<sentenceTokens[match.end - 1].range.upperBound
                let (weight, termNumber) = (matcher.phrases[match.phrase].payload.weight, matcher.phrases[match.phrase].payload.termNumber)
                scratch.hits[theme].append(.init(term: matcher.phrases[match.phrase].payload.term, weight: weight, sentence: s, range: range))
                tallies[theme].touched = true
                if !seen.contains(where: { $0.theme == theme && $0.term == termNumber }) {
                    seen.append((theme, termNumber))
                    tallies[theme].sentenceScore += weight
                }
            }
            while nextFigure < money.count, money[nextFigure].sentence < s { nextFigure += 1 }
            if nextFigure < money.count, money[nextFigure].sentence == s {
                let figure = money[nextFigure]
                for t in themes.indices where themes[t].moneyBonus > 0 && tallies[t].sentenceScore > 0 {
                    scratch.hits[t].append(.init(term: figure.text, weight: themes[t].moneyBonus, sentence: s, range: figure.range))
                    tallies[t].sentenceScore += themes[t].moneyBonus
                }
            }
            for t in themes.indices where tallies[t].touched {
                let sentenceScore = max(0, tallies[t].sentenceScore)
                results[t].score += sentenceScore
                if sentenceScore > 0 { tallies[t].rank(sentence: s, score: sentenceScore) }
            }
        }
        for t in themes.indices {
            results[t].evidence = tallies[t].evidence
            if !scratch.hits[t].isEmpty {
                results[t].hits = Array(scratch.hits[t][...])
                scratch.hits[t].removeAll(keepingCapacity: scratch.hits[t].capacity <= AnalysisScratch.keptElements)
            }
        }
        return results
    }

    /// What one theme has of the sentence being scored, and the best three sentences so far: one value per theme,
    /// so that scoring an article allocates one array for all themes' tallies.
    fileprivate struct Tally {
        /// The sentence's score so far, whether a term of the theme was found in it, and the token where the
        /// theme's last term ended (a term overlapping it is not counted).
        var sentenceScore = 0
        var touched = false
        var coveredUntil = 0
        /// The best three sentences, best first (of equal scores, the first), and their scores; -1: none.
        var best: (Int, Int, Int) = (-1, -1, -1)
        var bestScores: (Int, Int, Int) = (0, 0, 0)

        mutating func startSentence() {
            sentenceScore = 0
            touched = false
            coveredUntil = 0
        }

        /// Ranks sentence `sentence` of score `score` (above 0): sentences come in order, so a later one ranks after
        /// earlier ones of its score.
        mutating func rank(sentence: Int, score: Int) {
            if best.0 < 0 || bestScores.0 < score {
                (best, bestScores) = ((sentence, best.0, best.1), (score, bestScores.0, bestScores.1))
            } else if best.1 < 0 || bestScores.1 < score {
                (best, bestScores) = ((best.0, sentence, best.1), (bestScores.0, score, bestScores.1))
            } else if best.2 < 0 || bestScores.2 < score {
                best.2 = sentence
                bestScores.2 = score
            }
        }

        /// The best sentences, best first: an array allocated once, or not at all for none (a literal filtered
        /// allocated two).
        var evidence: [Int] {
            guard best.0 >= 0 || best.1 >= 0 || best.2 >= 0 else { return [] }
            var sentences: [Int] = []
            sentences.reserveCapacity(3)
            if best.0 >= 0 { sentences.append(best.0) }
            if best.1 >= 0 { sentences.append(best.1) }
            if best.2 >= 0 { sentences.append(best.2) }
            return sentences
        }
    }
}
