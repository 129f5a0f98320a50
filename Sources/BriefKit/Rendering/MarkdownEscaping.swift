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
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count + 8)
        var leading = true  // nothing but (dropped) spaces so far
        var onlyDigits = true  // the value so far is a run of ASCII digits
        var digits = 0
        for s in text.unicodeScalars {
            var scalar = s
            if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{0B}" || scalar == "\u{0C}" {
                scalar = " "
            }
            if leading && scalar == " " { continue }
            let isDigit = ("0"..."9").contains(scalar)
            if "\\`*_[]<>&!|~".unicodeScalars.contains(scalar)
                || (leading && "#-+=".unicodeScalars.contains(scalar))
                || (onlyDigits && digits > 0 && (scalar == "." || scalar == ")"))
            {
                out.append("\\")
            }
            out.append(scalar)
            if isDigit && onlyDigits { digits += 1 } else { onlyDigits = false }
            leading = false
        }
        // Trailing spaces would make a hard line break before the template's newline.
        while let last = out.last, last == " " { out.removeLast() }
        return String(out)
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
