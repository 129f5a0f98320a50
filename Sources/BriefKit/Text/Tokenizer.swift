/// A word or number of a text: where it stands, and what it is for the analysis.
public struct Token: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case word, number }

    /// Where the token stands in its text, in bytes of UTF-8.
    public var range: Range<Int>
    public var kind: Kind
    /// The vocabulary number of the word exactly as folded, or ``Vocabulary/none``.
    public var exact: Vocabulary.ID
    /// The vocabulary numbers of the word's known forms (itself, or without its clitics), in the order tried.
    public var forms: KnownForms
    /// The first known form, or ``Vocabulary/none``.
    public var id: Vocabulary.ID { forms.first }
    /// For numbers: the value, exact (`35.2`, `١٬٥٠٠` = 1500).
    public var number: Amount?
    /// For numbers: how many digits stand before the decimal point (a year has four).
    public var integerDigits: Int
    /// When the word was found only without a leading clitic: the second UTF-8 byte of that clitic letter
    /// (0x88 و, 0x81 ف, 0xA8 ب, 0x83 ك, 0x84 ل); otherwise 0.
    public var clitic: UInt8 = 0
}

/// Splits text into tokens on scalars that are neither letters, digits nor marks, folding each into its match key
/// (see ``MatchKey``) and looking it up in a vocabulary, in one pass over the UTF-8 bytes.
///
/// Numbers keep their decimal point (`35.2`, `٣٥٫٢`) and thousands separators (`1,500`, `١٬٥٠٠`) inside one token,
/// parsed before any punctuation is folded. A one-letter proclitic glued to a number (`و2023`) is a word of its own.
///
/// - Complexity: O(n) in the length of the text; no allocation per token.
public enum Tokenizer {
    public static func tokens(in text: String, vocabulary: Vocabulary = Vocabulary()) -> [Token] {
        var text = text
        return text.withUTF8 { tokens(in: $0, vocabulary: vocabulary) }
    }

    /// The folded keys of the text's tokens (numbers as ASCII digits with `.`), for tests and diagnostics.
    public static func keys(in text: String) -> [String] {
        var text = text
        var keys: [String] = []
        _ = text.withUTF8 { scan($0) { key, _, _, _ in keys.append(String(decoding: key, as: UTF8.self)); return true } }
        return keys
    }

    /// How many tokens the text has, counting no further than `limit`.
    public static func wordCount(_ text: String, limit: Int = .max) -> Int {
        var text = text
        var n = 0
        _ = text.withUTF8 { scan($0) { _, _, _, _ in n += 1; return n < limit } }
        return min(n, limit)
    }

    static func tokens(in bytes: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(bytes.count / 6)
        var scratch: [UInt8] = []
        scratch.reserveCapacity(64)
        scan(bytes) { key, range, isNumber, integerDigits in
            if isNumber {
                out.append(Token(range: range, kind: .number, exact: Vocabulary.none, forms: KnownForms(), number: Amount(numberKey: key), integerDigits: integerDigits))
            } else {
                let forms = vocabulary.forms(key, 0, key.count, scratch: &scratch)
                let exact = vocabulary.lookup(key, 0, key.count) ?? Vocabulary.none
                let stripped = exact == Vocabulary.none && forms.count > 0 && key.count >= 2
                let clitic: UInt8 = stripped && (key[0] == 0xD8 || key[0] == 0xD9) ? key[1] : 0
                out.append(Token(range: range, kind: .word, exact: exact, forms: forms, number: nil, integerDigits: 0, clitic: clitic))
            }
            return true
        }
        return out
    }

    /// Decodes the scalar starting at byte `i`: its value and its length in bytes (invalid bytes read as U+FFFD).
    @inline(__always)
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c = b[i]
        if c < 0x80 { return (UInt32(c), 1) }
        if c & 0xE0 == 0xC0, i + 1 < b.count { return ((UInt32(c & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F), 2) }
        if c & 0xF0 == 0xE0, i + 2 < b.count {
            return ((UInt32(c & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F), 3)
        }
        if c & 0xF8 == 0xF0, i + 3 < b.count {
            return ((UInt32(c & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12) | (UInt32(b[i + 2] & 0x3F) << 6) | UInt32(b[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// Walks the tokens of `b`, handing each one's folded key (valid only during the call), byte range, whether it
    /// is a number, and its integer digit count to `body`, until `body` returns false.
    static func scan(_ b: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>, Bool, Int) -> Bool) {
        var key: [UInt8] = []
        key.reserveCapacity(64)
        let n = b.count
        var i = 0
        while i < n {
            let (v, w) = scalar(b, i)
            guard ScalarClass.isWordScalar(v) else {
                i += w
                continue
            }
            if ScalarClass.isIgnorable(v) {
                // A run of marks or controls starts a token only when a letter or digit follows it; either way the
                // run is looked at once.
                var k = i
                var next: UInt32 = 0
                while k < n {
                    let (u, uw) = scalar(b, k)
                    next = u
                    if !ScalarClass.isIgnorable(u) { break }
                    k += uw
                }
                if k >= n || !ScalarClass.isWordScalar(next) {
                    i = k
                    continue
                }
            }
            let start = i
            key.removeAll(keepingCapacity: true)
            var allDigits = true
            var letters = 0
            var firstLetter: UInt32 = 0
            var integerDigits = 0
            var afterPoint = false
            while i < n {
                let (u, uw) = scalar(b, i)
                if ScalarClass.isWordScalar(u) {
                    let digit = ScalarClass.digitValue(u) != nil
                    // A one-letter proclitic glued to a number (و2023، ب15) is a word of its own.
                    if digit, !allDigits, letters == 1, "وبلفك".unicodeScalars.contains(where: { $0.value == firstLetter }) { break }
                    if !digit && !ScalarClass.isIgnorable(u) {
                        allDigits = false
                        if letters == 0 { firstLetter = u }
                        letters += 1
                    }
                    if digit && allDigits && !afterPoint { integerDigits += 1 }
                    MatchKey.appendUTF8(u, to: &key)
                    i += uw
                    continue
                }
                // A separator inside a number: decimal point or thousands separator between digits.
                if allDigits, !key.isEmpty, i + uw < n, ScalarClass.digitValue(scalar(b, i + uw).0) != nil {
                    if u == 0x2E || u == 0x066B, !afterPoint {  // . and ARABIC DECIMAL SEPARATOR
                        key.append(UInt8(ascii: "."))
                        afterPoint = true
                        i += uw
                        continue
                    }
                    if (u == 0x2C || u == 0x066C) && !afterPoint && isThousandsGroup(b, i + uw) {  // , and ARABIC THOUSANDS SEP.
                        i += uw
                        continue
                    }
                }
                break
            }
            if !key.isEmpty {
                let isNumber = allDigits && integerDigits > 0
                if !key.withUnsafeBufferPointer({ body($0, start..<i, isNumber, integerDigits) }) { return }
            }
        }
    }

    /// Whether exactly three digits follow at byte `i` (and then no further digit).
    private static func isThousandsGroup(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        var k = i
        for _ in 0..<3 {
            guard k < b.count else { return false }
            let (u, w) = scalar(b, k)
            guard ScalarClass.digitValue(u) != nil else { return false }
            k += w
        }
        return k >= b.count || ScalarClass.digitValue(scalar(b, k).0) == nil
    }
}
