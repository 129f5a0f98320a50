import Mustache

/// Escapes text so that CommonMark reads it as literal text, wherever in a line a template puts it.
///
/// - Inline syntax is backslash-escaped everywhere: `\ ` * _ [ ] < > & !` and `|` `~` for other dialects.
/// - Block syntax is escaped where the value could start a line: `#`, `>`, `-`, `+`, `=` and `1.`/`1)` list
///   markers at the start of the value.
/// - Line breaks and tabs become spaces (a value is always one line: it cannot open a block of its own), and
///   leading spaces are dropped (no indented code).
///
/// The result shows as the same characters in a Markdown viewer, and renders to the same text through cmark.
public enum MarkdownEscaper {
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { escape($0) }
    }

    /// What a byte is to the escaper. Every byte that matters is ASCII, so the escaper goes byte by byte: the bytes
    /// of a non-ASCII scalar are all `plain`.
    private enum Kind: UInt8 {
        case plain, inline, lineStart, space, blank, digit, listEnd
    }

    private static let kinds: [Kind] = (0..<256).map { b -> Kind in
        switch UInt8(b) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return .digit
        case UInt8(ascii: " "): return .space
        case 0x0A, 0x0D, 0x09, 0x0B, 0x0C: return .blank
        case UInt8(ascii: "."), UInt8(ascii: ")"): return .listEnd
        case _ where "\\`*_[]<>&!|~".utf8.contains(UInt8(b)): return .inline
        case _ where "#-+=".utf8.contains(UInt8(b)): return .lineStart
        default: return .plain
        }
    }

    static func escape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // At most a backslash before every byte.
        String(unsafeUninitializedCapacity: 2 * bytes.count + 1) { out in
            var n = 0
            var leading = true  // nothing but (dropped) spaces so far
            var onlyDigits = true  // the value so far is a run of ASCII digits
            var digits = 0
            kinds.withUnsafeBufferPointer { kinds in
                for var byte in bytes {
                    var kind = kinds[Int(byte)]
                    if kind == .blank {
                        byte = UInt8(ascii: " ")
                        kind = .space
                    }
                    if leading && kind == .space { continue }
                    switch kind {
                    case .inline: out[n] = UInt8(ascii: "\\"); n += 1
                    case .lineStart where leading: out[n] = UInt8(ascii: "\\"); n += 1
                    case .listEnd where onlyDigits && digits > 0: out[n] = UInt8(ascii: "\\"); n += 1
                    default: break
                    }
                    out[n] = byte
                    n += 1
                    if kind == .digit && onlyDigits { digits += 1 } else { onlyDigits = false }
                    leading = false
                }
            }
            // Trailing spaces would make a hard line break before the template's newline.
            while n > 0, out[n - 1] == UInt8(ascii: " ") { n -= 1 }
            return n
        }
    }
}

/// The `MARKDOWN` content type for Mustache: `{{% CONTENT_TYPE: MARKDOWN }}` makes `{{value}}` Markdown-escaped.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkdownEscaper.escape(text) }

    /// Registers the content type once per process, before any template is parsed.
    static let registered: Bool = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        return true
    }()
}
