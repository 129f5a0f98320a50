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
    /// Phrases by the vocabulary number of their first word.
    private var byFirstWord = IDTable<[Int]>()

    init() {}

    /// Adds a phrase written in ordinary text; its words are folded like the text and added to `vocabulary`.
    mutating func add(_ text: String, payload: Payload, vocabulary: inout Vocabulary) {
        let words = Tokenizer.keys(in: text).map { vocabulary.add($0) }
        guard !words.isEmpty else { return }
        byFirstWord[words[0]] = (byFirstWord[words[0]] ?? []) + [phrases.count]
        phrases.append(Phrase(words: words, payload: payload))
    }

    /// Every occurrence of every phrase, longest first at each position, overlapping ones included.
    func allMatches(in tokens: ArraySlice<Token>) -> [Match] {
        var out: [Match] = []
        for i in tokens.indices {
            // The first of the word's known forms that starts a phrase of this matcher.
            guard tokens[i].forms.count > 0, let ids = tokens[i].forms.first(in: byFirstWord) else { continue }
            for id in ids {
                let words = phrases[id].words
                guard i + words.count <= tokens.endIndex else { continue }
                var ok = true
                for k in 1..<max(1, words.count) where tokens[i + k].exact != words[k] {
                    ok = false
                    break
                }
                if ok { out.append(Match(phrase: id, start: i, end: i + words.count)) }
            }
        }
        if out.count > 1 {
            out.sort { ($0.start, -($0.end - $0.start)) < ($1.start, -($1.end - $1.start)) }
        }
        return out
    }

    /// Matches that do not overlap, preferring the longest phrase at the earliest position.
    func longestMatches(in tokens: ArraySlice<Token>) -> [Match] {
        var out: [Match] = []
        var covered = 0
        for m in allMatches(in: tokens) where m.start >= covered {
            out.append(m)
            covered = m.end
        }
        return out
    }
}
