/// A problem with one file of a corpus, or with the corpus folder itself.
///
/// Printed compiler-style: `path:line:column: error: what is wrong`.
public struct CorpusError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public indirect enum Kind: Error, Hashable, Sendable, Codable {
        case missingDirectory
        case unreadable(String)
        case notUTF8(byteOffset: Int)
        /// Not UTF-8, and its bytes read as Arabic in the Windows-1256 code page (an archive from an Arabic Windows
        /// machine, or a site that served that code page).
        case windows1256(byteOffset: Int)
        case utf16
        case binary
        case empty
        /// Every line of the file is page furniture (``StrippedLine/Kind`` raw values, in the order first seen).
        case onlyFurniture(lines: Int, kinds: [String])
        case frontMatter(String)
        case unknownField(String)
        case invalidDate(String)
        case duplicateID(String)
        case metadata(String)
        /// The metadata file's entry for `file` has `problem`: it is not used, and that file's article is read as
        /// if it had none.
        case metadataEntry(file: String, problem: Kind)
        /// The metadata file has an entry for `file`, and the corpus has no article file of that path.
        case metadataOrphan(file: String)
    }

    /// The file's path as the user gave it (corpus folder joined with the file's relative path).
    public var file: String
    /// 1-based line, where the problem has one.
    public var line: Int?
    public var column: Int?
    public var kind: Kind
    /// The file's path below the corpus folder, for a file of the corpus: what reports show, the same however the
    /// folder was named (`news`, `./news/`) and whichever shard's map step met it.
    public var relative: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, kind: Kind) {
        self.file = file
        self.line = line
        self.column = column
        self.kind = kind
    }

    public var message: String {
        switch kind {
        case .missingDirectory: return "corpus folder does not exist or is not a folder"
        case .unreadable(let why): return "cannot read the file: \(why)"
        case .notUTF8(let offset): return "not valid UTF-8 (first bad byte at offset \(offset)); convert the file to UTF-8"
        case .windows1256: return "not UTF-8: the file looks like Arabic in the Windows-1256 code page; convert it to UTF-8 (iconv -f WINDOWS-1256 -t UTF-8)"
        case .utf16: return "the file is UTF-16; convert it to UTF-8"
        case .binary: return "the file is binary, not text (it contains NUL bytes)"
        case .empty: return "the file has no text"
        case .onlyFurniture(let lines, let kinds):
            let what = kinds.map { $0 == "sectionLabel" ? "section label" : $0 }.joined(separator: ", ")
            return "the file has no article text: its \(lines == 1 ? "line is" : "\(lines) lines are") page furniture (\(what))"
        case .frontMatter(let why): return "malformed front matter: \(why)"
        case .unknownField(let key): return "unknown front matter field '\(key)' (known: title, date, source, url, lang, author)"
        case .invalidDate(let text): return "'\(text)' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
        case .duplicateID(let other): return "another file has the same article id: '\(other)'"
        case .metadata(let why): return "metadata file: \(why)"
        case .metadataOrphan(let file):
            return "the entry of '\(file)' names no article file of the corpus (paths are relative to the corpus folder, as 'sub/name.txt'); it is not used"
        case .metadataEntry(let file, let problem):
            return "the entry of '\(file)' is not used (its article is read without it): " + CorpusError(file: "", kind: problem).message
        }
    }

    /// Whether the problem is one of the metadata file's, not of an article: no article is skipped for it.
    public var isMetadataProblem: Bool { file.utf8.split(separator: UInt8(ascii: "/")).last?.elementsEqual(CorpusLoader.metadataFileName.utf8) ?? false }

    /// ``isMetadataProblem`` of a problem as ``description`` printed it (the form a memo keeps).
    public static func isMetadataProblem(description: String) -> Bool {
        guard let end = description.range(of: ": error: ") else { return false }
        // The path, less the line and column that may follow it.
        var place = Substring(description[..<end.lowerBound])
        for _ in 0..<2 {
            guard let colon = place.lastIndex(of: ":"), !place[place.index(after: colon)...].isEmpty,
                place[place.index(after: colon)...].allSatisfy({ $0 >= "0" && $0 <= "9" })
            else { break }
            place = place[..<colon]
        }
        return CorpusError(file: String(place), kind: .empty).isMetadataProblem
    }

    public var description: String { diagnostic(file: file, line: line, column: column, message: message) }

    /// This problem with ``relative`` set, where its file lies below `directory` (as every path of a corpus file is
    /// made: the folder joined with the relative path).
    func placed(in directory: String) -> CorpusError {
        let prefix = CorpusLoader.join(directory, "")
        guard relative == nil, file.utf8.count > prefix.utf8.count, file.utf8.starts(with: prefix.utf8) else { return self }
        var placed = self
        placed.relative = String(file.utf8.dropFirst(prefix.utf8.count))
        return placed
    }

    /// A corpus's problems as reports take them: each ``placed(in:)`` its folder, in ``sortedForReports(_:)`` order.
    static func forReports(_ problems: [CorpusError], below directory: String) -> [CorpusError] {
        sortedForReports(problems.map { $0.placed(in: directory) })
    }

    /// Problems in the order reports list them: by the path a report shows (``relative``, else ``file``), by bytes,
    /// then by line, column and message; the same for a corpus and for its shards' findings, in whatever order they
    /// were met.
    static func sortedForReports(_ problems: [CorpusError]) -> [CorpusError] {
        problems.sorted { a, b in
            let (x, y) = (a.relative ?? a.file, b.relative ?? b.file)
            if !x.utf8.elementsEqual(y.utf8) { return x.precedesInBytes(y) }
            if (a.line ?? 0, a.column ?? 0) != (b.line ?? 0, b.column ?? 0) { return (a.line ?? 0, a.column ?? 0) < (b.line ?? 0, b.column ?? 0) }
            return a.message.precedesInBytes(b.message)
        }
    }
}

/// One compiler-style line: `path:line:column: error: message` (line and column where known). Every error of the
/// project that points into a file prints through this.
func diagnostic(file: String, line: Int?, column: Int?, message: String) -> String {
    var s = oneLine(file)
    if let line { s += ":\(line)" }
    if line != nil, let column { s += ":\(column)" }
    return s + ": error: " + oneLine(message)
}

/// `text` on one line, with nothing a terminal would obey: line breaks and control characters (a file's name, a
/// front matter value) written as escapes.
func oneLine(_ text: String) -> String {
    func escaped(_ s: Unicode.Scalar) -> Bool { ScalarClass.isControl(s.value) || s == "\u{2028}" || s == "\u{2029}" }
    guard text.unicodeScalars.contains(where: escaped) else { return text }
    return text.unicodeScalars.map { s in
        switch s.value {
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case _ where escaped(s): return "\\u{\(String(s.value, radix: 16, uppercase: true))}"
        default: return String(s)
        }
    }.joined()
}
