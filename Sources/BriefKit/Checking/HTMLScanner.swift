/// A small HTML tokenizer for checking rendered reports: tags with attributes, text, comments, each with its line.
///
/// It reads the HTML that brief writes (and hand-edited copies of it); it is not a general HTML5 parser, and says so
/// by reporting anything it cannot read as a problem rather than guessing.
struct HTMLScanner {
    enum Token: Equatable {
        case start(name: String, attributes: [(name: String, value: String)], selfClosing: Bool, line: Int)
        case end(name: String, line: Int)
        case text(String, line: Int)
        case comment(line: Int)
        case doctype(line: Int)
        case malformed(String, line: Int)

        static func == (a: Token, b: Token) -> Bool { "\(a)" == "\(b)" }
    }

    /// Elements that never have content or an end tag.
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    /// Elements whose content is raw text up to their end tag.
    static let rawText: Set<String> = ["script", "style"]

    static func tokens(_ html: String) -> [Token] {
        let s = Array(html.unicodeScalars)
        var out: [Token] = []
        var i = 0
        var line = 1
        var text = String.UnicodeScalarView()
        var textLine = 1
        func flush() {
            if !text.isEmpty { out.append(.text(String(text), line: textLine)) }
            text = String.UnicodeScalarView()
        }
        func advance() {
            if s[i] == "\n" { line += 1 }
            i += 1
        }
        func starts(_ prefix: String, at k: Int) -> Bool {
            var k = k
            for p in prefix.unicodeScalars {
                guard k < s.count, String(s[k]).lowercased() == String(p) else { return false }
                k += 1
            }
            return true
        }
        while i < s.count {
            if s[i] != "<" {
                if text.isEmpty { textLine = line }
                text.append(s[i])
                advance()
                continue
            }
            flush()
            let tagLine = line
            if starts("<!--", at: i) {
                while i < s.count, !starts("-->", at: i) { advance() }
                if i >= s.count { out.append(.malformed("unclosed comment", line: tagLine)); break }
                i += 3
                out.append(.comment(line: tagLine))
                continue
            }
            if starts("<!doctype", at: i) {
                while i < s.count, s[i] != ">" { advance() }
                i += 1
                out.append(.doctype(line: tagLine))
                continue
            }
            advance()  // <
            let closing = i < s.count && s[i] == "/"
            if closing { advance() }
            var name = ""
            while i < s.count, s[i].properties.isAlphabetic || ("0"..."9").contains(s[i]) || s[i] == "-" || s[i] == ":" {
                name.unicodeScalars.append(s[i])
                advance()
            }
            name = name.lowercased()
            if name.isEmpty {
                out.append(.malformed("a '<' that opens no tag (write &lt;)", line: tagLine))
                continue
            }
            var attributes: [(String, String)] = []
            var selfClosing = false
            var ok = false
            while i < s.count {
                while i < s.count, s[i] == " " || s[i] == "\n" || s[i] == "\t" || s[i] == "\r" { advance() }
                guard i < s.count else { break }
                if s[i] == ">" { advance(); ok = true; break }
                if s[i] == "/", i + 1 < s.count, s[i + 1] == ">" { selfClosing = true; i += 2; ok = true; break }
                var attr = ""
                while i < s.count, !" \n\t\r=>/".unicodeScalars.contains(s[i]) {
                    attr.unicodeScalars.append(s[i])
                    advance()
                }
                if attr.isEmpty { advance(); continue }
                var value = ""
                if i < s.count, s[i] == "=" {
                    advance()
                    if i < s.count, s[i] == "\"" || s[i] == "'" {
                        let quote = s[i]
                        advance()
                        while i < s.count, s[i] != quote {
                            value.unicodeScalars.append(s[i])
                            advance()
                        }
                        if i < s.count { advance() } else { break }
                    } else {
                        while i < s.count, !" \n\t\r>".unicodeScalars.contains(s[i]) {
                            value.unicodeScalars.append(s[i])
                            advance()
                        }
                    }
                }
                attributes.append((attr.lowercased(), value))
            }
            if !ok {
                out.append(.malformed("unclosed tag <\(name)", line: tagLine))
                break
            }
            if closing {
                out.append(.end(name: name, line: tagLine))
                continue
            }
            out.append(.start(name: name, attributes: attributes, selfClosing: selfClosing, line: tagLine))
            if rawText.contains(name) {
                let contentLine = line
                var content = String.UnicodeScalarView()
                while i < s.count, !starts("</\(name)", at: i) {
                    content.append(s[i])
                    advance()
                }
                out.append(.text(String(content), line: contentLine))
            }
        }
        flush()
        return out
    }

    /// Decodes the character references brief's output uses (and numeric ones).
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[amp...]
            if let semi = after.firstIndex(of: ";"), after.distance(from: amp, to: semi) <= 10 {
                let entity = String(after[after.index(after: amp)..<semi])
                let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
                if let v = named[entity] {
                    out += v
                } else if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let n = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(n) {
                    out.unicodeScalars.append(u)
                } else if entity.hasPrefix("#"), let n = UInt32(entity.dropFirst()), let u = Unicode.Scalar(n) {
                    out.unicodeScalars.append(u)
                } else {
                    out += "&" + entity + ";"
                }
                rest = after[after.index(after: semi)...]
            } else {
                out += "&"
                rest = after.dropFirst()
            }
        }
        return out + rest
    }
}
