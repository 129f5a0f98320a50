import Foundation

/// Splits a paragraph into sentences.
///
/// A sentence ends at `.`, `!`, `?`, `؟` or `…`, together with any closing quotes or brackets after it, when white
/// space or the end of the text follows. A point between digits (`35.2`), after a lone letter or a run of initials
/// (`د.`، `أ.د.`) or after the number of a list item at the start of a line (`1.`) ends nothing.
/// A run of text without any of these longer than ``maxSentenceBytes`` (a page pasted as one line) is cut into
/// sentences of at most that, at spaces: a report quotes a sentence whole, and one sentence of megabytes quoted at
/// every finding would make reports of gigabytes.
public enum SentenceSplitter {
    /// The longest sentence, in bytes of UTF-8: some 600 Arabic words, past any sentence an outlet prints (the seeds'
    /// longest is about 1,500 bytes).
    public static let maxSentenceBytes = 4096

    /// The sentences of `text`, as ranges in bytes of UTF-8, trimmed of white space.
    public static func split(_ text: String) -> [Range<Int>] {
        var result: [Range<Int>] = []
        split(text, into: &result)
        return result
    }

    /// The sentences of `text` appended to `result`: a caller splitting paragraph after paragraph keeps one array.
    static func split(_ text: String, into result: inout [Range<Int>]) {
        var text = text
        text.withUTF8 { split($0, into: &result) }
    }

    static func split(_ b: UnsafeBufferPointer<UInt8>, into result: inout [Range<Int>]) {
        let n = b.count
        func scalar(_ i: Int) -> (UInt32, Int) { Tokenizer.scalar(b, i) }
        func emit(_ a0: Int, _ b0: Int) {
            var a = a0
            var e = b0
            while a < e, isSpace(scalar(a).0) { a += scalar(a).1 }
            while e > a, let (v, k) = scalarBefore(b, e), isSpace(v) { e = k }
            while e - a > maxSentenceBytes {
                // At the last space in the second half of the limit, else at the last scalar's start before it.
                var cut = a + maxSentenceBytes
                while cut > a + maxSentenceBytes / 2, b[cut] != 0x20 { cut -= 1 }
                if b[cut] != 0x20 {
                    cut = a + maxSentenceBytes
                    while b[cut] & 0xC0 == 0x80 { cut -= 1 }
                }
                emit(a, cut)
                a = cut
                while a < e, isSpace(scalar(a).0) { a += scalar(a).1 }
            }
            if a < e { result.append(a..<e) }
        }
        let stops = Self.stopBytes
        var start = 0
        var i = 0
        while i < n {
            // Most bytes cannot end a sentence or a line: skip them without decoding, sixteen at a time while none
            // of them is one of `stopBytes`, then on the table of those bytes.
            i = ByteBlocks.skip(b, from: i, whileNone: stopHits)
            while i < n, stops[Int(b[i])] == 0 { i += 1 }
            guard i < n else { break }
            if b[i] == 0x9F {
                // The second byte of ؟ (D8 9F), or of a scalar that ends nothing.
                guard i > 0, b[i - 1] == 0xD8 else {
                    i += 1
                    continue
                }
                i -= 1
            }
            let (v, w) = scalar(i)
            if v == 0x0A || v == 0x0D {
                emit(start, i)
                start = i + w
                i += w
                continue
            }
            if isTerminator(v) {
                if v == 0x2E, isNonFinalPoint(b, i) {
                    i += w
                    continue
                }
                var j = i + w
                while j < n, isTerminator(scalar(j).0) || isCloser(scalar(j).0) { j += scalar(j).1 }
                if j == n || isSpace(scalar(j).0) {
                    emit(start, j)
                    start = j
                }
                i = j
                continue
            }
            i += w
        }
        emit(start, n)
    }

    /// The bytes at which a scalar that ends a sentence or a line can start (LF, CR, `.`, `!`, `?`; E2, the
    /// first byte of …, which other punctuation shares and is decoded to be passed over), and 9F, the second byte
    /// of ؟ (D8 9F), which, unlike D8, few letters share. No other byte starts (or, for ؟, ends) one of these scalars.
    nonisolated(unsafe) private static let stopBytes: UnsafePointer<UInt8> = {  // written once, then only read
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)  // lives as long as the process
        table.initialize(repeating: 0, count: 256)
        for byte in [0x0A, 0x0D, 0x2E, 0x21, 0x3F, 0xE2, 0x9F] { table[byte] = 1 }
        return UnsafePointer(table)
    }()

    /// Which of sixteen bytes are one of `stopBytes`, by vector compares (see ``ByteBlocks/skip(_:from:whileNone:)``).
    @inline(__always)
    private static func stopHits(_ v: ByteBlocks.Block) -> SIMDMask<SIMD16<Int8>> {
        typealias V = ByteBlocks.Block
        return (v .== V(repeating: 0x0A)) .| (v .== V(repeating: 0x0D)) .| (v .== V(repeating: 0x2E)) .| (v .== V(repeating: 0x21))
            .| (v .== V(repeating: 0x3F)) .| (v .== V(repeating: 0xE2)) .| (v .== V(repeating: 0x9F))
    }

    private static func isTerminator(_ v: UInt32) -> Bool {
        v == 0x2E || v == 0x21 || v == 0x3F || v == 0x061F || v == 0x2026
    }

    private static func isCloser(_ v: UInt32) -> Bool {
        switch v {
        case 0xBB, 0x201D, 0x2019, 0x22, 0x27, 0x29, 0x5D, 0x203A: return true
        default: return false
        }
    }

    static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0xA0 || (0x2000...0x200A).contains(v)
            || v == 0x202F || v == 0x3000
    }

    /// A point between digits, or after a one-letter word (an abbreviation such as `د.`); `i` is the point's byte.
    /// The scalar that ends just before byte `i`, and the byte where it starts.
    private static func scalarBefore(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int)? {
        guard i > 0 else { return nil }
        var k = i - 1
        while k > 0, b[k] & 0xC0 == 0x80 { k -= 1 }
        return (Tokenizer.scalar(b, k).0, k)
    }

    private static func isNonFinalPoint(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard let (p, pi) = scalarBefore(b, i) else { return false }
        if i + 1 < b.count, ScalarClass.digitValue(p) != nil, ScalarClass.digitValue(Tokenizer.scalar(b, i + 1).0) != nil {
            return true
        }
        if ScalarClass.isArabicLetter(p) || ScalarClass.isLatinLetter(p) {
            guard let (pp, _) = scalarBefore(b, pi) else { return true }
            // A lone letter (د.), or the last of a run of initials (أ.د.، U.S.): an abbreviation, which a title
            // before a name often is (وقال أ.د. محمد علي): cut there, the quotation would lose who said it.
            return isSpace(pp) || pp == 0x2E
        }
        // The number of a list item at the start of a line (1. ...): no sentence of its own.
        if ScalarClass.digitValue(p) != nil {
            var k = i
            var digits = 0
            while let (d, dk) = scalarBefore(b, k), ScalarClass.digitValue(d) != nil, digits < 3 {
                k = dk
                digits += 1
            }
            guard digits < 3 || scalarBefore(b, k).map({ ScalarClass.digitValue($0.0) == nil }) ?? true else { return false }
            return k == 0 || b[k - 1] == 0x0A || b[k - 1] == 0x0D
        }
        return false
    }
}

extension String {
    /// The text's lines (split at LF; the empty ones kept), found on its UTF-8 bytes rather than Character by
    /// Character: a rendered report is megabytes of text.
    func lineSlices() -> [Substring] {
        // The offsets of the newlines, by memchr over the bytes; then one slice per line.
        var newlines: [Int] = []
        var text = self
        text.withUTF8 { b in
            guard let base = b.baseAddress else { return }
            var offset = 0
            while offset < b.count, let hit = memchr(base + offset, 0x0A, b.count - offset) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                newlines.append(at)
                offset = at + 1
            }
        }
        var lines: [Substring] = []
        lines.reserveCapacity(newlines.count + 1)
        var start = startIndex
        for at in newlines {
            let newline = utf8.index(utf8.startIndex, offsetBy: at)
            lines.append(self[start..<newline])
            start = utf8.index(after: newline)
        }
        lines.append(self[start...])
        return lines
    }

    /// Whether the text comes before `other` in the byte order of their UTF-8 (the order of ids and file names
    /// everywhere in brief, whatever the locale), compared with `memcmp`.
    func precedesInBytes(_ other: String) -> Bool {
        var a = self
        var b = other
        return a.withUTF8 { x in b.withUTF8 { y in x.precedesInBytes(y) } }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes come before `other` in byte order (a prefix first), compared with `memcmp`.
    @inline(__always) func precedesInBytes(_ other: Self) -> Bool {
        let n = Swift.min(count, other.count)
        let c = n == 0 ? 0 : memcmp(baseAddress!, other.baseAddress!, n)
        return c != 0 ? c < 0 : count < other.count
    }
}
