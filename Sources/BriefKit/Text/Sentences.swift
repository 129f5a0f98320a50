/// Splits a paragraph into sentences.
///
/// A sentence ends at `.`, `!`, `?`, `؟` or `…`, together with any closing quotes or brackets after it, when white
/// space or the end of the text follows. A point between digits (`35.2`) or after a lone letter (`د.`) ends nothing.
public enum SentenceSplitter {
    /// The sentences of `text`, as ranges in bytes of UTF-8, trimmed of white space.
    public static func split(_ text: String) -> [Range<Int>] {
        let scalars = Array(text.unicodeScalars)
        var offsets = [Int](repeating: 0, count: scalars.count + 1)
        var off = 0
        for (i, s) in scalars.enumerated() {
            offsets[i] = off
            off += UTF8.width(s)
        }
        offsets[scalars.count] = off

        var result: [Range<Int>] = []
        var start = 0
        var i = 0
        let n = scalars.count
        func emit(_ end: Int) {
            var a = start
            var b = end
            while a < b, isSpace(scalars[a].value) { a += 1 }
            while b > a, isSpace(scalars[b - 1].value) { b -= 1 }
            if a < b { result.append(offsets[a]..<offsets[b]) }
        }
        while i < n {
            let v = scalars[i].value
            if v == 0x0A || v == 0x0D {
                emit(i)
                start = i + 1
                i += 1
                continue
            }
            if isTerminator(v) {
                if v == 0x2E, isNonFinalPoint(scalars, i) {
                    i += 1
                    continue
                }
                var j = i + 1
                while j < n, isTerminator(scalars[j].value) || isCloser(scalars[j].value) { j += 1 }
                if j == n || isSpace(scalars[j].value) {
                    emit(j)
                    start = j
                    i = j
                    continue
                }
                i = j
                continue
            }
            i += 1
        }
        emit(n)
        return result
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

    /// A point between digits, or after a one-letter word (an abbreviation such as `د.`).
    private static func isNonFinalPoint(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        if i > 0, i + 1 < s.count, ScalarClass.digitValue(s[i - 1].value) != nil,
            ScalarClass.digitValue(s[i + 1].value) != nil
        {
            return true
        }
        if i >= 1, ScalarClass.isArabicLetter(s[i - 1].value) || ScalarClass.isLatinLetter(s[i - 1].value) {
            let before = i >= 2 ? s[i - 2].value : 0x20
            if isSpace(before) || i == 1 { return true }
        }
        return false
    }
}
