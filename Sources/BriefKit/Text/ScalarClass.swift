/// Classification of Unicode scalars for Arabic and Latin text.
///
/// Everything here works on `Unicode.Scalar` values: harakat, tatweel and bidi controls are scalars of their own,
/// hidden inside `Character`s, so a `Character`-level view cannot see them.
enum ScalarClass {
    /// Scalars that carry no letter: dropped from match keys, and ignored inside words.
    ///
    /// Tatweel U+0640, Arabic combining marks (U+0610-061A, U+064B-065F, U+0670, U+06D6-06ED), zero-width and
    /// bidi controls (U+200B-200F, U+061C, U+202A-202E, U+2066-2069) and the byte-order mark U+FEFF.
    @inline(__always)
    static func isIgnorable(_ v: UInt32) -> Bool {
        switch v {
        case 0x0640, 0x0610...0x061A, 0x064B...0x065F, 0x0670, 0x06D6...0x06ED: return true
        case 0x200B...0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// Arabic letters (base block, supplement, extended-A) and presentation forms.
    @inline(__always)
    static func isArabicLetter(_ v: UInt32) -> Bool {
        switch v {
        case 0x0621...0x063F, 0x0641...0x064A, 0x0671...0x06D3, 0x06D5, 0x06EE...0x06EF, 0x06FA...0x06FC:
            return true
        case 0x0750...0x077F, 0x08A0...0x08FF:
            return true
        default:
            return isPresentationForm(v)
        }
    }

    /// Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFC): letters, ligatures and words in one of their joined
    /// shapes, which match keys decompose by NFKC (see ``MatchKey``).
    @inline(__always)
    static func isPresentationForm(_ v: UInt32) -> Bool {
        (0xFB50...0xFDFF).contains(v) || (0xFE70...0xFEFC).contains(v)
    }

    /// ASCII and Latin-1/Latin Extended letters.
    @inline(__always)
    static func isLatinLetter(_ v: UInt32) -> Bool {
        switch v {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F: return true
        default: return false
        }
    }

    /// The value of a decimal digit in ASCII, Arabic-Indic (U+0660-0669) or Eastern Arabic-Indic (U+06F0-06F9).
    @inline(__always)
    static func digitValue(_ v: UInt32) -> UInt32? {
        switch v {
        case 0x30...0x39: return v - 0x30
        case 0x0660...0x0669: return v - 0x0660
        case 0x06F0...0x06F9: return v - 0x06F0
        default: return nil
        }
    }

    /// A control character: C0 (U+0000-001F), DEL and C1 (U+007F-009F).
    @inline(__always)
    static func isControl(_ v: UInt32) -> Bool { v < 0x20 || (0x7F...0x9F).contains(v) }

    /// A scalar that belongs inside a word token: a letter, a digit, or an ignorable mark.
    @inline(__always)
    static func isWordScalar(_ v: UInt32) -> Bool {
        isArabicLetter(v) || isLatinLetter(v) || digitValue(v) != nil || isIgnorable(v)
    }

    /// What the tokenizer needs to know of a scalar below U+0800 (ASCII, Latin, Arabic: almost every scalar of an
    /// Arabic article), in one load instead of four range tests: bit 0 word scalar, bit 1 ignorable, bit 2 digit,
    /// bit 3 Arabic letter, bit 4 Latin letter, bits 8-11 the digit's value, bits 16-31 the scalar it folds to
    /// (``MatchKey``).
    nonisolated(unsafe) static let table: UnsafePointer<UInt32> = {  // written once, then only read
        let entries = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x800)  // lives as long as the process
        for v in UInt32(0)..<0x800 { entries[Int(v)] = tableEntry(v) }
        return UnsafePointer(entries)
    }()

    /// For each scalar below U+0800 that is a letter (Arabic or Latin) folding to a scalar of two UTF-8 bytes
    /// (U+0080 to U+07FF), those two bytes as they stand in memory (the first in the low byte); 0 for every other
    /// scalar. The tokenizer's run of such letters, most of an Arabic text, writes a letter's folded form in one
    /// store (see ``table`` for the rest).
    nonisolated(unsafe) static let foldedPairs: UnsafePointer<UInt16> = {  // written once, then only read
        let pairs = UnsafeMutablePointer<UInt16>.allocate(capacity: 0x800)  // lives as long as the process
        for v in 0..<0x800 {
            let e = table[v]
            let f = e >> 16
            guard e & 0x18 != 0, e & 6 == 0, f >= 0x80, f < 0x800 else {
                pairs[v] = 0
                continue
            }
            let first = UInt16(0xC0 | (f >> 6))
            let second = UInt16(0x80 | (f & 0x3F))
            pairs[v] = (first | second << 8).littleEndian
        }
        return UnsafePointer(pairs)
    }()

    private static func tableEntry(_ v: UInt32) -> UInt32 {
        var e: UInt32 = 0
        if isWordScalar(v) { e |= 1 }
        if isIgnorable(v) { e |= 2 }
        if let d = digitValue(v) { e |= 4 | d << 8 }
        if isArabicLetter(v) { e |= 8 }
        if isLatinLetter(v) { e |= 16 }
        var folded: [UInt8] = []
        MatchKey.appendUTF8(v, to: &folded)
        let f = String(decoding: folded, as: UTF8.self).unicodeScalars.first?.value ?? 0
        return e | f << 16
    }

    /// The direction a scalar imposes on its run, in the sense of the Unicode bidi algorithm's strong types.
    enum Direction { case rightToLeft, leftToRight, neutral }

    @inline(__always)
    static func direction(_ v: UInt32) -> Direction {
        if isArabicLetter(v) || (0x0590...0x05FF).contains(v) { return .rightToLeft }
        if isLatinLetter(v) { return .leftToRight }
        return .neutral
    }
}
