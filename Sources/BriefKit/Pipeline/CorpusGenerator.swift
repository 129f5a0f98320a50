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

    /// Why a corpus could not be generated: `path: error: reason`.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): error: \(reason)" }
    }

    /// Whether `name` is the name of an article the generator writes (`gen-0000001.txt`).
    static func isGenerated(_ name: String) -> Bool { number(ofGenerated: name) != nil }

    /// The number of a generated article by its name (1 of `gen-0000001.txt`), or nil for any other name.
    static func number(ofGenerated name: String) -> Int? {
        let digits = name.utf8.dropFirst(4).dropLast(4)
        guard name.hasPrefix("gen-"), name.hasSuffix(".txt"), digits.count >= 7, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// Writes articles into `directory` until they add up to `bytes`; returns how many were written.
    ///
    /// The folder is created if needed. One that holds files of its own is refused, so that no file the generator did
    /// not write is overwritten; one that holds an earlier generated corpus has it replaced, the articles past the
    /// new count removed (hidden files are left alone).
    ///
    /// - Complexity: O(bytes).
    @discardableResult
    public func generate(bytes target: Int, seed: UInt64 = 42, into directory: String) throws(Error) -> Int {
        var earlier: [String] = []
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw Error(path: directory, reason: "is a file; name a folder to write the corpus into") }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            let others = names.filter { !$0.hasPrefix(".") && !Self.isGenerated($0) }.sorted()
            guard others.isEmpty else {
                let shown = others.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (others.count > 3 ? ", ..." : "")
                throw Error(path: directory, reason: "holds \(others.count) \(others.count == 1 ? "file" : "files") brief generate did not write (\(shown)); name a new or empty folder")
            }
            earlier = names.filter(Self.isGenerated)
        } else {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw Error(path: directory, reason: "cannot create the folder (\(posixReason(error)))")
            }
        }
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
            do {
                try data.write(to: URL(fileURLWithPath: CorpusLoader.join(directory, name)))
            } catch {
                throw Error(path: CorpusLoader.join(directory, name), reason: "cannot write the generated article (\(posixReason(error)))")
            }
            written += data.count
        }
        // An earlier, larger corpus in the folder: its articles past this one's are not part of it.
        for name in earlier where Self.number(ofGenerated: name)! > count { unlink(CorpusLoader.join(directory, name)) }
        return count
    }

    /// The system's reason behind a Foundation file error (`No space left on device`), not Foundation's wrapper.
    private func posixReason(_ error: any Swift.Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedFailureReason ?? ns.localizedDescription
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
