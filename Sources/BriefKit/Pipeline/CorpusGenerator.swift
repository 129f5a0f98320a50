import Foundation

/// Writes a deterministic benchmark corpus of any size from the seed articles: paragraphs recombined, figures and
/// dates varied, some near-duplicates, so that results compare between runs and machines.
public struct CorpusGenerator: Sendable {
    /// SplitMix64: a small, seedable generator; the same seed gives the same corpus on every machine (and the same
    /// inputs to a property test on every run).
    public struct Random: RandomNumberGenerator {
        var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    let paragraphs: [String]
    let titles: [String]
    /// Percent of Arabic words given a random ending of one or two letters (see ``init(seeds:rareWords:)``).
    let rareWords: Int

    /// - Parameters:
    ///   - seeds: the articles to recombine (the project's seeds).
    ///   - rareWords: percent of the Arabic words of the text to give a random ending of one or two letters, so that
    ///     most of them are forms seen once: recombined from five articles, the corpus otherwise has a vocabulary of
    ///     about two thousand words, far smaller than an archive's, which flatters the tokenizer's memo. 0 (the
    ///     default) writes the same corpus as before this option.
    public init(seeds: [Article], rareWords: Int = 0) {
        paragraphs = seeds.flatMap { $0.paragraphs.map(\.text) }
        titles = seeds.compactMap(\.title.value)
        self.rareWords = min(max(rareWords, 0), 100)
    }

    /// Writes articles into `directory` until they add up to `bytes`; returns how many were written.
    ///
    /// - Complexity: O(bytes).
    @discardableResult
    public func generate(bytes target: Int, seed: UInt64 = 42, into directory: String) throws -> Int {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var random = Random(state: seed)
        var written = 0
        var count = 0
        var previous = ""
        while written < target {
            count += 1
            var text: String
            if count > 1, random.below(20) == 0 {
                // A near-duplicate: the previous story as another outlet printed it.
                text = previous.replacingOccurrences(of: "أكد", with: "شدد")
            } else {
                let day = PartialDate(dayNumber: PartialDate(year: 2025, month: 6, day: 2)!.dayNumber! + random.below(182))
                let title = titles[random.below(titles.count)].replacingOccurrences(of: "\"", with: "'")
                var body = "---\ntitle: \"\(title)\"\ndate: \(day)\nsource: outlet-\(random.below(12))\n---\n"
                for _ in 0..<(3 + random.below(10)) {
                    body += vary(paragraphs[random.below(paragraphs.count)], &random) + "\n\n"
                }
                text = body
            }
            previous = text
            let name = String(format: "gen-%07d.txt", count)
            let data = Data(text.utf8)
            guard FileManager.default.createFile(atPath: CorpusLoader.join(directory, name), contents: data) else {
                throw ReportWriter.Error(path: directory, reason: "cannot write the generated corpus")
            }
            written += data.count
        }
        return count
    }

    /// The paragraph with its numbers changed (same number of digits, so sentences stay well-formed), and with
    /// ``rareWords`` percent of its Arabic words given an ending of one or two letters.
    private func vary(_ paragraph: String, _ random: inout Random) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(paragraph.unicodeScalars)
        func isLetter(_ s: Unicode.Scalar) -> Bool { (0x0621...0x064A).contains(s.value) }
        for (i, s) in scalars.enumerated() {
            if ("1"..."9").contains(s), random.below(3) == 0 {
                out.append(Unicode.Scalar(UInt8(0x31 + random.below(9))))
            } else {
                out.append(s)
            }
            // At a word's last letter (no random number is drawn without the option: the corpus stays the same).
            if rareWords > 0, isLetter(s), i + 1 == scalars.count || !isLetter(scalars[i + 1]), random.below(100) < rareWords {
                for _ in 0...random.below(2) { out.append(Self.endings[random.below(Self.endings.count)]) }
            }
        }
        return String(out)
    }

    /// Letters a rare word's ending is made of: ب to غ and ف to ي.
    private static let endings = (0x0628...0x063A).compactMap(Unicode.Scalar.init) + (0x0641...0x064A).compactMap(Unicode.Scalar.init)
}
