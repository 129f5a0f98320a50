/// Finds lexicon phrases (sequences of match keys) in tokenized text.
///
/// A phrase's first word may carry the clitics و ف (and), ب ل ك (prepositions) and the article ال / لل in the text:
/// they are stripped only when what remains is the start of a lexicon phrase, so a name is never cut
/// (`باكستان` is looked up whole before `ب` is ever considered). A definite text word also matches an indefinite
/// lexicon word (`الصادرات` ~ `صادرات`). Later words of a phrase match exactly.
struct PhraseMatcher<Payload: Sendable>: Sendable {
    struct Phrase: Sendable {
        var words: [String]
        var payload: Payload
    }

    struct Match: Sendable {
        var phrase: Int
        /// Token indices covered: `start..<end`.
        var start: Int
        var end: Int
    }

    private(set) var phrases: [Phrase] = []
    private var byFirstWord: [String: [Int]] = [:]

    init() {}

    /// Adds a phrase written in ordinary text; it is tokenized and folded like the text it will be matched in.
    mutating func add(_ text: String, payload: Payload) {
        let words = Tokenizer.tokens(in: text).map(\.key)
        guard !words.isEmpty else { return }
        byFirstWord[words[0], default: []].append(phrases.count)
        phrases.append(Phrase(words: words, payload: payload))
    }

    /// Every occurrence of every phrase, longest first at each position, overlapping ones included.
    func allMatches(in tokens: [Token]) -> [Match] {
        var out: [Match] = []
        for i in tokens.indices {
            for form in Self.forms(of: tokens[i].key) {
                guard let ids = byFirstWord[form] else { continue }
                for id in ids {
                    let words = phrases[id].words
                    guard i + words.count <= tokens.count else { continue }
                    var ok = true
                    for k in 1..<max(1, words.count) where tokens[i + k].key != words[k] {
                        ok = false
                        break
                    }
                    if ok { out.append(Match(phrase: id, start: i, end: i + words.count)) }
                }
                break  // the first form that is a lexicon hit wins: strip no further
            }
        }
        out.sort { ($0.start, -($0.end - $0.start)) < ($1.start, -($1.end - $1.start)) }
        return out
    }

    /// Matches that do not overlap, preferring the longest phrase at the earliest position.
    func longestMatches(in tokens: [Token]) -> [Match] {
        var out: [Match] = []
        var covered = 0
        for m in allMatches(in: tokens) where m.start >= covered {
            out.append(m)
            covered = m.end
        }
        return out
    }

    /// The word itself, then the forms left by stripping clitics, in the order they are tried.
    static func forms(of key: String) -> [String] {
        var out = [key]
        func add(_ s: Substring) {
            let str = String(s)
            if str.count >= 2, !out.contains(str) { out.append(str) }
        }
        var stems: [Substring] = [Substring(key)]
        if let f = key.first, f == "و" || f == "ف", key.count > 3 { stems.append(key.dropFirst()) }
        for s in stems {
            add(s)
            if let p = s.first, p == "ب" || p == "ك" || p == "ل", s.count > 3 {
                let rest = s.dropFirst()
                add(rest)
                // لل + word = ل + ال + word, the alef dropped in writing.
                if p == "ل", rest.first == "ل" { add("ا" + rest) }
            }
        }
        // Definite forms also match indefinite lexicon words.
        for form in out where form.hasPrefix("ال") && form.count > 4 { add(form.dropFirst(2)) }
        return out
    }
}
