/// Near-duplicate detection: articles that report the same story (several outlets, or one outlet twice) share
/// most of their word shingles. Each article gets a MinHash signature; locality-sensitive hashing proposes
/// candidate pairs, and a pair whose estimated resemblance reaches ``threshold`` is the same story.
public enum StoryClusters {
    /// Estimated Jaccard resemblance of 4-word shingles above which two articles are one story.
    public static let threshold = 0.5
    static let hashes = 64
    static let bands = 16

    /// The MinHash signature of a text (one-permutation hashing over its 4-word shingles, 64 bins).
    ///
    /// - Complexity: O(n) in the length of the text.
    public static func signature(_ paragraphs: [String]) -> [UInt64] {
        var words: [UInt64] = []
        for p in paragraphs {
            var text = p
            text.withUTF8 { b in
                Tokenizer.scan(b) { _, hash, _, _, _ in
                    words.append(hash)
                    return true
                }
            }
        }
        return signature(words: words)
    }

    /// The signature of a text from the hashes of its tokens' keys (``Token/keyHash``), in text order.
    static func signature(words: [UInt64]) -> [UInt64] {
        // One-permutation hashing: one hash per shingle, its top bits choose one of 64 bins, each bin keeps its least
        // value. An empty bin borrows from the next non-empty one (rotation), so short texts still compare.
        var minimum = [UInt64](repeating: .max, count: hashes)
        guard words.count >= 4 else { return words.isEmpty ? [] : minimum.map { _ in words.reduce(0, ^) } }
        for i in 0...(words.count - 4) {
            var z = words[i] &* 31 &+ words[i + 1] &* 961 &+ words[i + 2] &* 29791 &+ words[i + 3]
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let bin = Int(z >> 58)
            let value = z & ((1 << 58) - 1)
            if value < minimum[bin] { minimum[bin] = value }
        }
        for k in 0..<hashes where minimum[k] == .max {
            var j = (k + 1) % hashes
            while minimum[j] == .max && j != k { j = (j + 1) % hashes }
            minimum[k] = minimum[j] == .max ? 0 : minimum[j] | (UInt64(k) << 58)
        }
        return minimum
    }

    public static func resemblance(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        return Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
    }

    /// For each article, the index of the first article of its story.
    ///
    /// - Complexity: about O(n) for articles that are mostly distinct (banded candidate pairs).
    public static func group(_ signatures: [[UInt64]]) -> [Int] {
        var parent = Array(signatures.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        // A band is four values of the signature: its key is those four, held inline (no array per article and band).
        struct Band: Hashable {
            var a, b, c, d: UInt64
        }
        let rows = hashes / bands
        precondition(rows == 4, "a band key holds four values")
        for band in 0..<bands {
            var buckets: [Band: Int] = [:]
            buckets.reserveCapacity(signatures.count)
            for (i, s) in signatures.enumerated() where s.count == hashes {
                let r = band * rows
                let key = Band(a: s[r], b: s[r + 1], c: s[r + 2], d: s[r + 3])
                if let j = buckets[key] {
                    let (a, b) = (root(i), root(j))
                    if a != b, resemblance(signatures[i], signatures[j]) >= threshold { parent[max(a, b)] = min(a, b) }
                } else {
                    buckets[key] = i
                }
            }
        }
        return signatures.indices.map(root)
    }
}
