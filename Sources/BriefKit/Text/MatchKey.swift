import Foundation

/// The match-key profile: how Arabic (and Latin) text is folded before it is compared with a lexicon.
///
/// Text is kept as written for display and citation; only keys are folded. The profile follows the project's
/// domain notes (CAMeL Tools, Lucene and pyarabic, without their known mistakes):
/// - presentation forms (``ScalarClass/isPresentationForm(_:)``) are decomposed by NFKC;
/// - tatweel, combining marks, zero-width and bidi controls are dropped;
/// - `آ أ إ ٱ` fold to `ا`; `ى` to `ي`; `ة` to `ه`; `ک` to `ك`; `ی` to `ي`; `ؤ ئ ء` are kept;
/// - Arabic-Indic and Eastern Arabic-Indic digits fold to ASCII;
/// - ASCII letters are lower-cased.
///
/// Names are never stemmed here; clitics are handled by the matcher, only where the rest is a lexicon hit.
public enum MatchKey {
    /// Folds `text` into its match key.
    public static func fold<S: StringProtocol>(_ text: S) -> String {
        // Folded scalar by scalar, the key is valid UTF-8 as the text is: made a string without a check.
        if let key = text.utf8.withContiguousStorageIfAvailable(foldedBytes), let key {
            return key.withUnsafeBufferPointer { String(checkedUTF8: $0) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { appendUTF8(scalar.value, to: &out) }
        return out.withUnsafeBufferPointer { String(checkedUTF8: $0) }
    }

    /// The match key of valid UTF-8 `b`, written in place: a scalar below U+0800 (ASCII, Latin, Arabic) folds by one
    /// load of ``ScalarClass/table`` (into at most one scalar of its own length), a longer one is dropped or kept as
    /// ``appendUTF8(_:to:)`` would. So the key is never longer than the text, except for a presentation form, which
    /// decomposes: then nil, and the text is folded scalar by scalar.
    private static func foldedBytes(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let table = ScalarClass.table
        var complete = true
        let key = [UInt8](unsafeUninitializedCapacity: b.count) { out, written in
            var n = 0
            var i = 0
            while i < b.count {
                let c = b[i]
                if c < 0x80 {
                    out[n] = c &- 0x41 < 26 ? c + 0x20 : c
                    n += 1
                    i += 1
                } else if c & 0xE0 == 0xC0, i + 1 < b.count {
                    let f = table[Int(Tokenizer.twoByteScalar(c, b[i + 1]))] >> 16
                    if f >= 0x80 {
                        out[n] = UInt8(0xC0 | (f >> 6))
                        out[n + 1] = UInt8(0x80 | (f & 0x3F))
                        n += 2
                    } else if f != 0 {
                        out[n] = UInt8(f)  // a digit
                        n += 1
                    }
                    i += 2
                } else {
                    let (v, width) = Tokenizer.scalar(b, i)
                    if ScalarClass.isPresentationForm(v) {
                        complete = false
                        break
                    }
                    if !ScalarClass.isIgnorable(v) {
                        for k in 0..<width { out[n + k] = b[i + k] }
                        n += width
                    }
                    i += width
                }
            }
            written = n
        }
        return complete ? key : nil
    }

    /// Appends the folded form of one scalar (possibly nothing) to `out`, as UTF-8: the tokenizer's hot path.
    @inline(__always)
    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 0x20) : UInt8(v))
            return
        }
        if ScalarClass.isIgnorable(v) { return }
        if let d = ScalarClass.digitValue(v) {
            out.append(UInt8(0x30 + d))
            return
        }
        var f = v
        switch v {
        case 0x0622, 0x0623, 0x0625, 0x0671: f = 0x0627
        case 0x0649, 0x06CC: f = 0x064A
        case 0x0629: f = 0x0647
        case 0x06A9: f = 0x0643
        case _ where ScalarClass.isPresentationForm(v):
            var folded = String.UnicodeScalarView()
            append(Unicode.Scalar(v)!, to: &folded)
            out += String(folded).utf8
            return
        default: break
        }
        if f < 0x800 {
            out.append(UInt8(0xC0 | (f >> 6)))
            out.append(UInt8(0x80 | (f & 0x3F)))
        } else if f < 0x10000 {
            out.append(UInt8(0xE0 | (f >> 12)))
            out.append(UInt8(0x80 | ((f >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (f & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (f >> 18)))
            out.append(UInt8(0x80 | ((f >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((f >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (f & 0x3F)))
        }
    }

    /// Appends the folded form of one scalar (possibly nothing) to `out`.
    @inline(__always)
    static func append(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let v = scalar.value
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A {
                out.append(Unicode.Scalar(v + 0x20)!)
            } else {
                out.append(scalar)
            }
            return
        }
        if ScalarClass.isIgnorable(v) { return }
        if let d = ScalarClass.digitValue(v) {
            out.append(Unicode.Scalar(0x30 + d)!)
            return
        }
        switch v {
        case 0x0622, 0x0623, 0x0625, 0x0671: out.append("\u{0627}")
        case 0x0649, 0x06CC: out.append("\u{064A}")
        case 0x0629: out.append("\u{0647}")
        case 0x06A9: out.append("\u{0643}")
        case _ where ScalarClass.isPresentationForm(v):
            for s in String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars {
                // The decomposition is in the base block and never yields another presentation form.
                append(s, to: &out)
            }
        default:
            out.append(scalar)
        }
    }
}
