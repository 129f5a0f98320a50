import Yams

/// The metadata fields an article may be given, in YAML front matter or in a corpus metadata file.
struct GivenFields: Hashable, Sendable {
    static let known: Set<String> = ["title", "date", "source", "url", "lang", "author"]

    var title: String?
    var date: PartialDate?
    var source: String?
    var url: String?
    var lang: String?
    var author: String?

    init() {}

    /// Where a field failed to parse: the message and the 1-based line and column within the YAML text.
    struct Problem: Error {
        var kind: CorpusError.Kind
        var line: Int?
        var column: Int?
    }

    /// Reads the fields of a YAML mapping node.
    init(mapping node: Node) throws(Problem) {
        guard let mapping = node.mapping else {
            throw Problem(kind: .frontMatter("expected 'key: value' lines"), line: node.mark?.line, column: node.mark?.column)
        }
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else {
                throw Problem(kind: .frontMatter("a key is not text"), line: keyNode.mark?.line, column: keyNode.mark?.column)
            }
            guard Self.known.contains(key) else {
                throw Problem(kind: .unknownField(key), line: keyNode.mark?.line, column: keyNode.mark?.column)
            }
            guard let value = valueNode.scalar?.string else {
                throw Problem(kind: .frontMatter("'\(key)' must be a single value"), line: valueNode.mark?.line, column: valueNode.mark?.column)
            }
            let trimmed = value.trimmingSpaces
            switch key {
            case "title": title = trimmed
            case "date":
                guard let d = Self.date(trimmed) else {
                    throw Problem(kind: .invalidDate(trimmed), line: valueNode.mark?.line, column: valueNode.mark?.column)
                }
                date = d
            case "source": source = trimmed
            case "url": url = trimmed
            case "lang": lang = trimmed
            default: author = trimmed
            }
        }
    }

    /// The fields of front matter written the plain way, one `key: value` line per known key: a value in double
    /// quotes without `\\` or `"` inside, or a plain one that YAML could not read as anything but text. `nil` for
    /// anything else (comments, other quoting, flow or block values, an invalid date, a repeated key...), which is
    /// read by the YAML parser, as is every front matter whose fields this would not give exactly as it does.
    init?(simpleLines lines: some Collection<String>) {
        guard !lines.isEmpty else { return nil }
        var seen = 0  // a bit per key of `Self.keys`
        for line in lines {
            guard let (key, value) = Self.simpleField(line), seen & (1 << key) == 0 else { return nil }
            seen |= 1 << key
            let trimmed = value.trimmingSpaces
            switch Self.keys[key] {
            case "title": title = trimmed
            case "date":
                guard let d = Self.date(trimmed) else { return nil }
                date = d
            case "source": source = trimmed
            case "url": url = trimmed
            case "lang": lang = trimmed
            default: author = trimmed
            }
        }
    }

    /// The known keys, in a fixed order: ``simpleField(_:)`` gives a key as its position here.
    private static let keys = known.sorted()
    private static let keyBytes = keys.map { Array($0.utf8) }

    /// `key: value` with a known key (its position in `keys`) at the start of the line, one or more spaces, and a
    /// value as ``init(simpleLines:)`` takes it.
    private static func simpleField(_ line: String) -> (Int, String)? {
        var line = line
        return line.withUTF8 { b -> (Int, String)? in
            guard let colon = b.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon + 1 < b.count, b[colon + 1] == 0x20 else { return nil }
            let name = UnsafeBufferPointer(rebasing: b[..<colon])
            guard let key = keyBytes.firstIndex(where: { $0.elementsEqual(name) }) else { return nil }
            var start = colon + 1
            while start < b.count, b[start] == 0x20 { start += 1 }
            var end = b.count
            while end > start, b[end - 1] == 0x20 { end -= 1 }
            guard start < end else { return nil }
            let value = UnsafeBufferPointer(rebasing: b[start..<end])
            // Controls, DEL, C1 controls and NEL, line and paragraph separators, BOM and non-characters: YAML
            // reads them its own way or refuses them.
            for (i, c) in value.enumerated() {
                if c < 0x20 || c == 0x7F { return nil }
                if c == 0xC2, i + 1 < value.count, value[i + 1] < 0xA0 { return nil }
                if c == 0xE2, i + 2 < value.count, value[i + 1] == 0x80, value[i + 2] == 0xA8 || value[i + 2] == 0xA9 { return nil }
                if c == 0xEF, i + 2 < value.count, (value[i + 1] == 0xBB && value[i + 2] == 0xBF) || (value[i + 1] == 0xBF && value[i + 2] >= 0xBE) { return nil }
            }
            if value[0] == UInt8(ascii: "\"") {
                // Double quotes: the text between them, when nothing inside needs unescaping or folding.
                guard value.count >= 2, value[value.count - 1] == UInt8(ascii: "\""),
                    !value.dropFirst().dropLast().contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
                else { return nil }
                return (key, String(decoding: UnsafeBufferPointer(rebasing: value[1..<(value.count - 1)]), as: UTF8.self))
            }
            // A plain scalar: no indicator first, no `: ` or ` #` inside, no `:` last.
            guard !"-?:,[]{}#&*!|>'\"%@`".utf8.contains(value[0]), value[value.count - 1] != UInt8(ascii: ":") else { return nil }
            for i in 0..<(value.count - 1) {
                if (value[i] == UInt8(ascii: ":") && value[i + 1] == 0x20) || (value[i] == 0x20 && value[i + 1] == UInt8(ascii: "#")) { return nil }
            }
            return (key, String(decoding: value, as: UTF8.self))
        }
    }

    /// The date a `date:` field gives: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (read first, on its bytes: nearly every
    /// article's front matter has one) or a timestamp's date (``dateOfTimestamp(_:)``).
    static func date(_ text: String) -> PartialDate? { PartialDate(iso: text) ?? dateOfTimestamp(text) }

    /// The date of a timestamp as site generators and scrapers write it: `2025-11-24T10:00:00Z`,
    /// `2025-11-24 10:00`, `2025-11-24T10:00:00.5+02:00`, in Western or Arabic-Indic digits (`٢٠٢٥-١١-٢٤`). The date
    /// is the one written, as the source dated it: the time and its zone are not used to move it to another day.
    static func dateOfTimestamp(_ text: String) -> PartialDate? {
        // Digits of either Arabic script as ASCII, as matching folds them.
        let folded = String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            ScalarClass.digitValue(s.value).flatMap { Unicode.Scalar(0x30 + $0) } ?? s
        }))
        if folded != text, let date = PartialDate(iso: folded) { return date }
        let bytes = Array(folded.utf8)
        guard bytes.count > 10, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else { return nil }
        // The time: hours and minutes, seconds and a fraction if any, then a zone (Z, +hh:mm, +hhmm, +hh) if any.
        let time = bytes[11...]
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var i = time.startIndex
        func take(digits n: Int) -> Bool {
            guard i + n <= time.endIndex, time[i..<(i + n)].allSatisfy(isDigit) else { return false }
            i += n
            return true
        }
        guard take(digits: 2), i < time.endIndex, time[i] == UInt8(ascii: ":"), { i += 1; return take(digits: 2) }() else { return nil }
        if i < time.endIndex, time[i] == UInt8(ascii: ":") {
            i += 1
            guard take(digits: 2) else { return nil }
            if i < time.endIndex, time[i] == UInt8(ascii: ".") {
                i += 1
                guard i < time.endIndex, isDigit(time[i]) else { return nil }
                while i < time.endIndex, isDigit(time[i]) { i += 1 }
            }
        }
        if i < time.endIndex, time[i] == UInt8(ascii: " ") { i += 1 }
        if i < time.endIndex, time[i] == UInt8(ascii: "Z") {
            i += 1
        } else if i < time.endIndex, time[i] == UInt8(ascii: "+") || time[i] == UInt8(ascii: "-") {
            i += 1
            guard take(digits: 2) else { return nil }
            if i < time.endIndex, time[i] == UInt8(ascii: ":") { i += 1 }
            if i < time.endIndex { guard take(digits: 2) else { return nil } }
        }
        guard i == time.endIndex else { return nil }
        return PartialDate(iso: String(decoding: bytes[..<10], as: UTF8.self))
    }

    /// Parses YAML text into a node, mapping Yams' errors to a line and column of that text.
    static func compose(_ yaml: String) throws(Problem) -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                throw Problem(kind: .frontMatter(problem), line: mark.line, column: mark.column)
            default:
                throw Problem(kind: .frontMatter("\(error)"), line: nil, column: nil)
            }
        } catch {
            throw Problem(kind: .frontMatter("\(error)"), line: nil, column: nil)
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (scalar-level, no Foundation).
    var trimmingSpaces: String {
        // Most lines neither start nor end with a space: their first and last scalars tell, read on the bytes.
        var text = String(self)
        let nothingToTrim = text.withUTF8 { b -> Bool in
            guard !b.isEmpty else { return false }
            var last = b.count - 1
            while last > 0, b[last] & 0xC0 == 0x80 { last -= 1 }
            return !SentenceSplitter.isSpace(Tokenizer.scalar(b, 0).0) && !SentenceSplitter.isSpace(Tokenizer.scalar(b, last).0)
        }
        if nothingToTrim { return text }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !SentenceSplitter.isSpace($0.value) }) else { return "" }
        // Here the first or the last scalar is a space (the check above returned the others whole).
        let last = scalars.lastIndex(where: { !SentenceSplitter.isSpace($0.value) })!
        return String(self[first...last])
    }
}
