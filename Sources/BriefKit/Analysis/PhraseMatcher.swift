/// Finds lexicon phrases (sequences of vocabulary words) in tokenized text.
///
/// A phrase's first word matches a token whose resolved form (``Token/id``: the word itself, or without its
/// clitics و ف ب ل ك ال, see ``Vocabulary``) is that word; later words of the phrase match exactly (``Token/exact``).
struct PhraseMatcher<Payload: Sendable>: Sendable {
    struct Phrase: Sendable {
        var words: [Vocabulary.ID]
        var payload: Payload
    }

    struct Match: Sendable {
        var phrase: Int
        /// Token indices covered: `start..<end`.
        var start: Int
        var end: Int
    }

    private(set) var phrases: [Phrase] = []
    /// Phrases by the vocabulary number of their first word, in the order they were added: the first of a word's
    /// (``firstByWord``), then each one's next (``nextSameFirst``, -1 after the last). Numbers, not an array of them
    /// per word: a lookup loads an `Int`, where loading an array costs a retain and a release, at every token a
    /// theme's term may start at.
    private var firstByWord = IDTable<Int>()
    private var lastByWord = IDTable<Int>()
    private var nextSameFirst: [Int] = []
    /// This matcher's bit in ``Token/starts``, given by ``markStarts(bit:in:)``; 0 until then (every token is tried).
    private(set) var startBit: UInt8 = 0

    init() {}

    /// Adds a phrase written in ordinary text; its words are folded like the text and added to `vocabulary`.
    mutating func add(_ text: String, payload: Payload, vocabulary: inout Vocabulary) {
        let words = Tokenizer.keys(in: text).map { vocabulary.add($0) }
        guard !words.isEmpty else { return }
        let id = phrases.count
        if let last = lastByWord[words[0]] { nextSameFirst[last] = id } else { firstByWord[words[0]] = id }
        lastByWord[words[0]] = id
        nextSameFirst.append(-1)
        phrases.append(Phrase(words: words, payload: payload))
    }

    /// Takes `bit` as this matcher's bit in ``Token/starts`` and sets it in `table` at the vocabulary number plus
    /// one of every first word of its phrases (see ``KnownForms/bits(in:)``): a token whose forms have none of
    /// them, marked from `table`, is not tried.
    mutating func markStarts(bit: UInt8, in table: inout [UInt8]) {
        precondition(bit.nonzeroBitCount == 1, "a matcher's start bit is one bit")
        startBit = bit
        for id in phrases.map({ Int($0.words[0]) + 1 }) {
            if id >= table.count { table += repeatElement(0, count: id + 1 - table.count) }
            table[id] |= bit
        }
    }

    /// Whether a phrase of this matcher may start at `token`: its mark says so, or it is unmarked (all bits), or the
    /// matcher has no bit. The forms are looked up only then.
    @inline(__always)
    private func mayStart(_ token: Token) -> Bool {
        token.starts & startBit != 0 || startBit == 0
    }

    /// Every occurrence of every phrase, longest first at each position, overlapping ones included.
    func allMatches<Tokens: TokenSequence>(in tokens: Tokens) -> [Match] {
        var out: [Match] = []
        allMatches(in: tokens, marks: StartMarks(of: tokens), into: &out)
        return out
    }

    /// ``allMatches(in:)`` into `out`, which is emptied first: a caller matching sentence after sentence keeps one
    /// buffer. `marks` are the tokens' ``Token/starts``: only tokens with this matcher's bit are tried.
    func allMatches<Tokens: TokenSequence>(in tokens: Tokens, marks: StartMarks, into out: inout [Match]) {
        out.removeAll(keepingCapacity: true)
        var i = tokens.startIndex
        while true {
            i = marks.first(startBit, from: i, to: tokens.endIndex)
            guard i < tokens.endIndex else { break }
            // The first of the word's known forms that starts a phrase of this matcher.
            if tokens[i].forms.count > 0, var id = tokens[i].forms.first(in: firstByWord) {
                while id >= 0 {
                    if matches(id, at: i, in: tokens) {
                        if out.capacity == 0 { out.reserveCapacity(16) }
                        out.append(Match(phrase: id, start: i, end: i + phrases[id].words.count))
                    }
                    id = nextSameFirst[id]
                }
            }
            i += 1
        }
        if out.count > 1 {
            out.sort { ($0.start, -($0.end - $0.start)) < ($1.start, -($1.end - $1.start)) }
        }
    }

    /// Whether phrase `id`, whose first word token `i` has among its forms, stands at `i`: its later words follow
    /// exactly, within `tokens`.
    @inline(__always)
    private func matches<Tokens: TokenSequence>(_ id: Int, at i: Int, in tokens: Tokens) -> Bool {
        let words = phrases[id].words
        guard i + words.count <= tokens.endIndex else { return false }
        for k in 1..<max(1, words.count) where tokens[i + k].exact != words[k] { return false }
        return true
    }

    /// Whether a phrase of one word matches `token` alone: whether ``allMatches(in:)`` finds any match in it.
    func matchesAlone(_ token: Token) -> Bool {
        guard mayStart(token), token.forms.count > 0, var id = token.forms.first(in: firstByWord) else { return false }
        while id >= 0 {
            if phrases[id].words.count == 1 { return true }
            id = nextSameFirst[id]
        }
        return false
    }

    /// Matches that do not overlap, preferring the longest phrase at the earliest position: of
    /// ``allMatches(in:)``, each match that starts where the one taken before it ends, or later (the first of the
    /// longest at each position, as they are sorted there), found in one pass.
    func longestMatches<Tokens: TokenSequence>(in tokens: Tokens) -> [Match] {
        let marks = StartMarks(of: tokens)
        var out: [Match] = []
        var i = tokens.startIndex
        while let m = longestMatch(in: tokens, marks: marks, from: i) {
            out.append(m)
            i = m.end
        }
        return out
    }

    /// The next of ``longestMatches(in:)`` from token `start` on, trying only the tokens whose `marks` (their
    /// ``Token/starts``) have this matcher's bit: the longest phrase (the first of them) at the first token from
    /// `start` where one matches. A caller that walks the matches this way, `start` at the end of the one before,
    /// allocates no array.
    func longestMatch<Tokens: TokenSequence>(in tokens: Tokens, marks: StartMarks, from start: Int) -> Match? {
        var i = start
        while true {
            i = marks.first(startBit, from: i, to: tokens.endIndex)
            guard i < tokens.endIndex else { return nil }
            guard tokens[i].forms.count > 0, var id = tokens[i].forms.first(in: firstByWord) else {
                i += 1
                continue
            }
            var best: Match?
            while id >= 0 {
                if phrases[id].words.count > (best.map { $0.end - $0.start } ?? 0) && matches(id, at: i, in: tokens) {
                    best = Match(phrase: id, start: i, end: i + phrases[id].words.count)
                }
                id = nextSameFirst[id]
            }
            if let best { return best }
            i += 1
        }
    }
}
