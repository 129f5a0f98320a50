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
                guard let d = PartialDate(iso: trimmed) else {
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
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !SentenceSplitter.isSpace($0.value) }) else { return "" }
        let last = scalars.lastIndex(where: { !SentenceSplitter.isSpace($0.value) })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return String(self) }
        return String(self[first...last])
    }
}
