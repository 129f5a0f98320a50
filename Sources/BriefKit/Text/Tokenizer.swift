/// A word or number of a text, with its match key and where it stands.
public struct Token: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case word, number }

    /// The folded match key (see ``MatchKey``). For numbers: ASCII digits, `.` as the decimal point, no
    /// thousands separators.
    public var key: String
    /// Where the token stands in its text, in bytes of UTF-8.
    public var range: Range<Int>
    public var kind: Kind
}

/// Splits text into tokens on scalars that are neither letters, digits nor marks.
///
/// Numbers keep their decimal point (`35.2`, `٣٥٫٢`) and thousands separators (`1,500`, `١٬٥٠٠`) inside one token,
/// parsed before any punctuation is folded.
public enum Tokenizer {
    public static func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var offsets = [Int](repeating: 0, count: scalars.count + 1)
        var off = 0
        for (i, s) in scalars.enumerated() {
            offsets[i] = off
            off += UTF8.width(s)
        }
        offsets[scalars.count] = off

        var i = 0
        let n = scalars.count
        while i < n {
            let v = scalars[i].value
            guard ScalarClass.isWordScalar(v) else {
                i += 1
                continue
            }
            if ScalarClass.isIgnorable(v) {
                // A run of marks or controls starts a token only when a letter or digit follows it; either way the
                // run is looked at once (linear, however long it is).
                var k = i
                while k < n, ScalarClass.isIgnorable(scalars[k].value) { k += 1 }
                if k == n || !ScalarClass.isWordScalar(scalars[k].value) {
                    i = k
                    continue
                }
            }
            let start = i
            var key = String.UnicodeScalarView()
            var allDigits = true
            while i < n {
                let w = scalars[i].value
                if ScalarClass.isWordScalar(w) {
                    // A one-letter proclitic glued to a number (و2023، ب15) is a word of its own.
                    if ScalarClass.digitValue(w) != nil, !allDigits, key.count == 1,
                        let c = key.first, "وبلفك".unicodeScalars.contains(c)
                    {
                        break
                    }
                    if ScalarClass.digitValue(w) == nil && !ScalarClass.isIgnorable(w) { allDigits = false }
                    MatchKey.append(scalars[i], to: &key)
                    i += 1
                    continue
                }
                // A separator inside a number: decimal point or thousands separator between digits.
                if allDigits, i + 1 < n, ScalarClass.digitValue(scalars[i + 1].value) != nil {
                    if w == 0x2E || w == 0x066B {  // . and ARABIC DECIMAL SEPARATOR
                        key.append(".")
                        i += 1
                        continue
                    }
                    if (w == 0x2C || w == 0x066C) && isThousandsGroup(scalars, i + 1) {  // , and ARABIC THOUSANDS SEP.
                        i += 1
                        continue
                    }
                }
                break
            }
            let kind: Token.Kind = allDigits && !key.isEmpty && key.first != "." ? .number : .word
            if !key.isEmpty {
                tokens.append(Token(key: String(key), range: offsets[start]..<offsets[i], kind: kind))
            }
        }
        return tokens
    }

    /// Whether exactly three digits follow at `i` (and then no further digit).
    private static func isThousandsGroup(_ scalars: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i + 2 < scalars.count else { return false }
        for k in i..<(i + 3) where ScalarClass.digitValue(scalars[k].value) == nil { return false }
        if i + 3 < scalars.count, ScalarClass.digitValue(scalars[i + 3].value) != nil { return false }
        return true
    }
}
