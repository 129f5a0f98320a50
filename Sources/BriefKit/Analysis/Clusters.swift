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
        // Through buffer pointers, and the least value kept with `min` rather than a branch on it: a token costs a
        // few multiplications and no test.
        words.withUnsafeBufferPointer { w in
            minimum.withUnsafeMutableBufferPointer { m in
                for i in 0...(w.count - 4) {
                    var z = w[i] &* 31 &+ w[i + 1] &* 961 &+ w[i + 2] &* 29791 &+ w[i + 3]
                    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                    z ^= z >> 31
                    // The top six bits: one of the 64 bins, always within `m`.
                    let bin = Int(z >> 58)
                    m[bin] = min(m[bin], z & ((1 << 58) - 1))
                }
            }
        }
        for k in 0..<hashes where minimum[k] == .max {
            var j = (k + 1) % hashes
            while minimum[j] == .max && j != k { j = (j + 1) % hashes }
            minimum[k] = minimum[j] == .max ? 0 : minimum[j] | (UInt64(k) << 58)
        }
        return minimum
    }

    public static func resemblance(_ a: [UInt64], _ b: [UInt64]) -> Double {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in resemblance(x, y) } }
    }

    static func resemblance<V: FixedWidthInteger>(_ a: UnsafeBufferPointer<V>, _ b: UnsafeBufferPointer<V>) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        var same = 0
        for k in a.indices where a[k] == b[k] { same += 1 }
        return Double(same) / Double(a.count)
    }

    /// A signature's value as stories are grouped: 32 bits, its high half folded into its low half. Values are
    /// compared for equality only, and two values of different shingles agree in 32 bits once in four billion
    /// comparisons, so the groups are those of the whole values; a signature takes half the memory (a dossier over
    /// a corpus of 200,000 articles keeps one for each).
    @inline(__always)
    static func compact(_ value: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: value ^ (value >> 32))
    }

    /// For each article, the index of the first article of its story.
    ///
    /// - Complexity: about O(n) for articles that are mostly distinct (banded candidate pairs).
    public static func group(_ signatures: [[UInt64]]) -> [Int] {
        var flat: [UInt32] = []
        var start = [Int](repeating: -1, count: signatures.count)
        for (i, s) in signatures.enumerated() where s.count == hashes {
            start[i] = flat.count
            flat += s.map(compact)
        }
        return flat.withUnsafeBufferPointer { f in
            group(count: signatures.count) { i in start[i] < 0 ? nil : UnsafeBufferPointer(rebasing: f[start[i]..<start[i] + hashes]) }
        }
    }

    /// For each of `count` articles, the index of the first article of its story; `signature(i)` gives the
    /// signature of article `i` (``hashes`` values, each ``compact(_:)``), or `nil` for a text too short to have one.
    static func group<V: FixedWidthInteger>(count: Int, signature: (Int) -> UnsafeBufferPointer<V>?) -> [Int] {
        var parent = Array(0..<count)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        // For each band (four values of the signature), the first article with each band value, in a table probed
        // from a mix of the four (MinHash values, random already): one array per band, no hashing of keys.
        let rows = hashes / bands
        precondition(rows == 4, "a band holds four values")
        var capacity = 16
        while capacity < 2 * count { capacity *= 2 }
        var first = [Int](repeating: -1, count: capacity)
        for band in 0..<bands {
            let r = band * rows
            for k in first.indices { first[k] = -1 }
            for i in 0..<count {
                guard let s = signature(i) else { continue }
                let mixed = (UInt64(truncatingIfNeeded: s[r]) ^ UInt64(truncatingIfNeeded: s[r + 1]).rotated(17) ^ UInt64(truncatingIfNeeded: s[r + 2]).rotated(31)
                    ^ UInt64(truncatingIfNeeded: s[r + 3]).rotated(47)) &* 0x9E37_79B9_7F4A_7C15
                var slot = Int(truncatingIfNeeded: mixed >> 20) & (capacity - 1)
                var match = -1
                while first[slot] >= 0 {
                    let t = signature(first[slot])!
                    if t[r] == s[r], t[r + 1] == s[r + 1], t[r + 2] == s[r + 2], t[r + 3] == s[r + 3] {
                        match = first[slot]
                        break
                    }
                    slot = (slot + 1) & (capacity - 1)
                }
                if match >= 0 {
                    let (a, b) = (root(i), root(match))
                    if a != b, resemblance(s, signature(match)!) >= threshold { parent[max(a, b)] = min(a, b) }
                } else {
                    first[slot] = i
                }
            }
        }
        return (0..<count).map(root)
    }
}

/// Signatures of many articles, each value ``StoryClusters/compact(_:)``, in blocks of memory that never move: no
/// copy of them all as they grow, and no array (with its header and allocation) per article.
final class SignatureStore {
    private static let perBlock = 1024
    private var blocks: [UnsafeMutablePointer<UInt32>] = []
    /// For each article, its place in the blocks, or -1 when it has no signature.
    private var place: [Int32] = []
    private var stored = 0

    func append(_ signature: [UInt64]) {
        guard signature.count == StoryClusters.hashes else {
            place.append(-1)
            return
        }
        if stored % Self.perBlock == 0 { blocks.append(.allocate(capacity: Self.perBlock * StoryClusters.hashes)) }
        let at = blocks[stored / Self.perBlock] + (stored % Self.perBlock) * StoryClusters.hashes
        for (k, value) in signature.enumerated() { (at + k).initialize(to: StoryClusters.compact(value)) }
        place.append(Int32(stored))
        stored += 1
    }

    /// The signature of article `i`, compacted, valid while the store lives.
    func signature(_ i: Int) -> UnsafeBufferPointer<UInt32>? {
        let n = Int(place[i])
        guard n >= 0 else { return nil }
        return UnsafeBufferPointer(start: blocks[n / Self.perBlock] + (n % Self.perBlock) * StoryClusters.hashes, count: StoryClusters.hashes)
    }

    deinit {
        for b in blocks { b.deallocate() }
    }
}
