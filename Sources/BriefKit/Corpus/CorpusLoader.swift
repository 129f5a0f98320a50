import Foundation
import Yams

/// The articles of a corpus folder, and the files that could not be read as articles.
public struct Corpus: Sendable {
    public var directory: String
    /// Articles in the order of their file paths (byte order), whatever order the file system lists them in.
    public var articles: [Article]
    /// One entry per file that was skipped or read in part; the other articles are unaffected.
    public var problems: [CorpusError]
}

/// Reads a folder of articles: `.txt` and `.md` files, UTF-8, with optional YAML front matter, plus an optional
/// metadata file (``metadataFileName``) that gives the same fields per file for files that must stay verbatim.
public enum CorpusLoader {
    public static let metadataFileName = "brief-metadata.yaml"
    static let articleExtensions: Set<String> = ["txt", "md"]
    private static let articleExtensionBytes: [[UInt8]] = articleExtensions.sorted().map { Array($0.utf8) }
    /// The largest article file read; anything larger is reported, not loaded.
    public static let maxArticleBytes = 256 << 20

    /// Loads every article below `directory`.
    ///
    /// - Throws: ``CorpusError`` only when the folder itself is missing; a bad file becomes an entry of
    ///   ``Corpus/problems`` and never costs the other articles.
    public static func load(directory: String) throws(CorpusError) -> Corpus {
        var (files, metadata, problems) = try listing(directory)
        var articles: [Article] = []
        var seen: [String: String] = [:]
        for relative in files {
            let path = join(directory, relative)
            let id = articleID(relative)
            if let other = seen[id] {
                problems.append(CorpusError(file: path, kind: .duplicateID(other)))
                continue
            }
            let parsed = read(path).flatMap { parse(bytes: $0, id: id, file: relative, path: path, given: metadata[relative]) }
            switch parsed {
            case .success(let article):
                seen[id] = relative
                articles.append(article)
            case .failure(let error):
                problems.append(error)
            }
        }
        return Corpus(directory: directory, articles: articles, problems: CorpusError.forReports(problems, below: directory))
    }

    /// What a corpus folder without articles holds instead (see ``nonArticles(in:)``).
    public struct NonArticles: Sendable {
        /// Files that are not articles, hidden ones and the metadata file left out.
        public var files = 0
        /// Their extensions, sorted, at most five (`no extension` for a name without one).
        public var extensions: [String] = []
        /// Reports brief wrote there (named by a folder's ``ReportManifest``).
        public var reports = 0
    }

    /// What a corpus folder without articles holds instead, for the error that says so, walked as the listing walks
    /// (``forEachEntry(in:_:)``, hidden entries left out). A link to a folder is not followed (it may lead back up).
    /// Taken only when a run found no article, so it may walk the folder again.
    public static func nonArticles(in directory: String) -> NonArticles {
        var found = NonArticles()
        var extensions = Set<String>()
        func walk(_ folder: String) {
            let written = ReportManifest.read(folder)
            var folders: [String] = []
            _ = forEachEntry(in: folder) { bytes, type in
                guard bytes.first != UInt8(ascii: ".") else { return }
                let name = String(decoding: bytes, as: UTF8.self)
                var isFolder = type == Int32(DT_DIR)
                if type != Int32(DT_REG), !isFolder {
                    // A link, or a type the file system does not say: a real folder is walked, a link to one is not,
                    // and a dangling link is no file.
                    var info = stat()
                    let path = join(folder, name)
                    guard lstat(path, &info) == 0 else { return }
                    isFolder = (info.st_mode & S_IFMT) == S_IFDIR
                    if (info.st_mode & S_IFMT) == S_IFLNK, stat(path, &info) != 0 || (info.st_mode & S_IFMT) == S_IFDIR { return }
                }
                if isFolder {
                    folders.append(join(folder, name))
                } else if written[name] != nil {
                    found.reports += 1
                } else if name != metadataFileName {
                    found.files += 1
                    let ext = (name as NSString).pathExtension.lowercased()
                    extensions.insert(ext.isEmpty ? "no extension" : "." + ext)
                }
            }
            folders.forEach(walk)
        }
        walk(directory)
        found.extensions = Array(extensions.sorted().prefix(5))
        return found
    }

    /// A corpus folder's article files (relative paths, in byte order), the fields its metadata file gives them, and
    /// the problems of that file.
    typealias Listing = (files: [String], metadata: [String: [String: String]], problems: [CorpusError])

    /// What a corpus folder holds (see ``Listing``).
    ///
    /// - Throws: when `directory` is not a folder.
    static func listing(_ directory: String) throws(CorpusError) -> Listing {
        try listing(directory, files: articleFiles(in:))
    }

    /// As ``listing(_:)``, with the article files of the folder as `find` lists them (in byte order).
    static func listing(_ directory: String, files find: (String) -> [String]) throws(CorpusError) -> Listing {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw CorpusError(file: directory, kind: .missingDirectory)
        }
        var problems: [CorpusError] = []
        var keys: [(file: String, line: Int?, column: Int?)] = []
        let metadata = loadMetadata(directory: directory, problems: &problems, keys: &keys)
        let files = find(directory)
        // An entry that names no article (a typo, a path without its folder) would leave the article it meant
        // without its date, out of every week, with nothing said. The files are in byte order: each entry is looked
        // up by binary search, not by a set of every path of the corpus.
        for key in keys where metadata[key.file] != nil {
            var low = 0
            var high = files.count
            while low < high {
                let mid = (low + high) / 2
                if files[mid].precedesInBytes(key.file) { low = mid + 1 } else { high = mid }
            }
            guard low == files.count || files[low] != key.file else { continue }
            problems.append(CorpusError(file: join(directory, metadataFileName), line: key.line, column: key.column, kind: .metadataOrphan(file: key.file)))
        }
        return (files, metadata, problems)
    }

    /// The article id of a file: its path relative to the corpus, without the extension.
    static func articleID(_ relative: String) -> String {
        // The last "." byte: an article's name ends in an ASCII extension (see `hasArticleExtension`).
        relative.utf8.lastIndex(of: UInt8(ascii: ".")).map { String(relative[..<$0]) } ?? relative
    }

    /// The bytes of an article file: a regular file, readable, no larger than ``maxArticleBytes``.
    static func read(_ path: String) -> Result<[UInt8], CorpusError> {
        examine(path).flatMap { read(path, $0) }
    }

    /// The `stat` of an article file, if it is a regular file no larger than ``maxArticleBytes``.
    ///
    /// - Parameter name: the file's path relative to the open folder `folder`, if given: the kernel then walks
    ///   only that path, not the corpus folder's every time (`path` is still what errors show).
    static func examine(_ path: @autoclosure () -> String, in folder: Int32 = AT_FDCWD, as name: String? = nil) -> Result<FileStat, CorpusError> {
        var info = stat()
        guard (name.map { fstatat(folder, $0, &info, 0) } ?? stat(path(), &info)) == 0 else {
            let error = errno
            // A name that is not UTF-8 (an archive unpacked from another system's code page) is listed with U+FFFD
            // in place of its bad bytes: a name no file has. (Of the path below the corpus folder: the folder's own
            // path is as given.)
            if error == ENOENT, (name ?? path()).unicodeScalars.contains("\u{FFFD}") {
                return .failure(CorpusError(file: path(), kind: .unreadable("its name is not UTF-8; rename it")))
            }
            return .failure(CorpusError(file: path(), kind: .unreadable(String(cString: strerror(error)))))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(CorpusError(file: path(), kind: .unreadable("not a regular file")))
        }
        guard info.st_size <= maxArticleBytes else { return .failure(tooLarge(path())) }
        return .success(FileStat(info))
    }

    /// The `stat` of `name` in the open folder `folder` if it is an article file ``examine(_:in:as:)`` accepts, else
    /// nil (``examine(_:in:as:)`` then says why). The survey's way through a corpus's files: it touches nothing that
    /// another thread holds too (a path joined for each file would retain the folder's path, one count that every
    /// thread taking `stat`s would change for every file).
    static func acceptedStat(of name: String, in folder: Int32) -> FileStat? {
        var info = stat()
        // (Through `withCString`, which copies a short name to the stack: a name passed as a pointer is copied to
        // the heap when it is short, and then freed, for every file.)
        guard name.withCString({ fstatat(folder, $0, &info, 0) }) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= maxArticleBytes else {
            return nil
        }
        return FileStat(info)
    }

    private static func tooLarge(_ path: String) -> CorpusError {
        CorpusError(file: path, kind: .unreadable("larger than \(maxArticleBytes >> 20) MiB; split it into articles"))
    }

    /// The bytes of a file `examine` has accepted, whose `stat` is `info` (`folder` and `name` as there).
    static func read(_ path: String, _ info: FileStat, in folder: Int32 = AT_FDCWD, as name: String? = nil) -> Result<[UInt8], CorpusError> {
        let fd = name.map { openat(folder, $0, O_RDONLY | O_CLOEXEC) } ?? open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let error = errno
            return .failure(CorpusError(file: path, kind: .unreadable(error == EACCES ? "permission denied" : String(cString: strerror(error)))))
        }
        defer { close(fd) }
        // Read to the end, whatever the size said: a file may grow or shrink between stat and read.
        var bytes = [UInt8](repeating: 0, count: Int(info.size) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= maxArticleBytes else { return .failure(tooLarge(path)) }
                bytes.append(contentsOf: repeatElement(0, count: bytes.count))
            }
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(CorpusError(file: path, kind: .unreadable("read failed: \(String(cString: strerror(errno)))")))
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeLast(bytes.count - count)
        return .success(bytes)
    }

    /// Parses one article file.
    ///
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - id: the article id (file name without extension).
    ///   - file: the path relative to the corpus, recorded in the article.
    ///   - path: the path shown in errors.
    ///   - given: fields from the corpus metadata file, if it names this file.
    public static func parse(bytes: [UInt8], id: String, file: String, path: String, given: [String: String]? = nil)
        -> Result<Article, CorpusError>
    {
        head(bytes: bytes, path: path, given: given).flatMap { parse($0, id: id, file: file, path: path) }
    }

    /// An article file read as far as its given fields: its lines after the front matter, and the fields that
    /// the front matter or the corpus metadata file give.
    struct Head {
        /// The text, as valid UTF-8 without a byte-order mark, of which the lines from byte `bodyStart` on
        /// (numbered from `firstLine`) follow the front matter. They are made strings only when asked for: an
        /// article needed for its given date only is not, and the whole text never is.
        var text: ArraySlice<UInt8>
        var bodyStart: Int
        var firstLine: Int
        var fields: GivenFields
        var basis: FieldBasis

        /// The lines after the front matter, numbered as in the file.
        var lines: [(number: Int, text: String)] {
            text.withUnsafeBufferPointer { splitLines($0, from: bodyStart, firstNumber: firstLine) }
        }

        /// Whether the article certainly has a paragraph, whatever its furniture: a line of more words than any
        /// furniture rule takes out (a parse of it cannot fail). Reads lines until it finds one.
        var certainlyHasText: Bool {
            text.withUnsafeBufferPointer { b in
                var found = false
                forEachLine(b, from: bodyStart) { start, end in
                    found = Tokenizer.wordCount(UnsafeBufferPointer(rebasing: b[start..<end]), limit: FurnitureStripper.maxFurnitureWords + 1) > FurnitureStripper.maxFurnitureWords
                    return !found
                }
                return found
            }
        }
    }

    /// The first step of ``parse(bytes:id:file:path:given:)``: the text decoded, split into lines, and the given
    /// fields read.
    static func head(bytes: [UInt8], path: String, given: [String: String]?) -> Result<Head, CorpusError> {
        let text: ArraySlice<UInt8>
        switch validated(bytes) {
        case .success(let t): text = t
        case .failure(.notUTF8(let offset)): return .failure(notUTF8(bytes, at: offset, path: path))
        case .failure(let kind): return .failure(CorpusError(file: path, kind: kind))
        }
        var fields = GivenFields()
        var fieldsBasis: FieldBasis = .frontMatter
        if let given {
            fieldsBasis = .metadataFile(metadataFileName)
            fields.title = given["title"]
            fields.source = given["source"]
            fields.url = given["url"]
            fields.lang = given["lang"]
            fields.author = given["author"]
            fields.date = given["date"].flatMap(PartialDate.init(iso:))
        }
        // The front matter: from a first line `---` to the next `---` (or `...`) line. Only its lines are split.
        var first: String?
        var front: [String] = []
        var closed = false
        var bodyStart = 0
        text.withUnsafeBufferPointer { b in
            forEachLine(b, from: 0) { start, end in
                let raw = String(checkedUTF8: UnsafeBufferPointer(rebasing: b[start..<end]))
                let line = raw.trimmingSpaces
                if first == nil {
                    first = line
                } else if line == "---" || line == "..." {
                    closed = true
                } else {
                    front.append(raw)
                }
                bodyStart = nextLine(b, after: end)
                return first == "---" && !closed
            }
        }
        guard first == "---" else { return .success(Head(text: text, bodyStart: 0, firstLine: 1, fields: fields, basis: fieldsBasis)) }
        guard closed else { return .failure(CorpusError(file: path, line: 1, kind: .frontMatter("no closing '---' line"))) }
        do throws(GivenFields.Problem) {
            // Plain `key: value` lines without the YAML parser (the same fields, five times faster); the rest with it.
            var parsed = GivenFields(simpleLines: front)
            if parsed == nil, let node = try GivenFields.compose(front.joined(separator: "\n")) {
                parsed = try GivenFields(mapping: node)
            }
            if let parsed {
                fieldsBasis = .frontMatter
                fields.title = parsed.title ?? fields.title
                fields.date = parsed.date ?? fields.date
                fields.source = parsed.source ?? fields.source
                fields.url = parsed.url ?? fields.url
                fields.lang = parsed.lang ?? fields.lang
                fields.author = parsed.author ?? fields.author
            }
        } catch {
            return .failure(CorpusError(file: path, line: error.line.map { $0 + 1 }, column: error.column, kind: error.kind))
        }
        // The opening and closing lines and those between.
        return .success(Head(text: text, bodyStart: bodyStart, firstLine: front.count + 3, fields: fields, basis: fieldsBasis))
    }

    /// The rest of ``parse(bytes:id:file:path:given:)``: furniture taken out, fields given or inferred.
    static func parse(_ head: Head, id: String, file: String, path: String) -> Result<Article, CorpusError> {
        let stripped = FurnitureStripper.strip(head.lines)
        guard !stripped.paragraphs.isEmpty else {
            guard let first = stripped.furniture.first else { return .failure(CorpusError(file: path, kind: .empty)) }
            var kinds: [String] = []
            for line in stripped.furniture where !kinds.contains(line.kind.rawValue) { kinds.append(line.kind.rawValue) }
            let kind = CorpusError.Kind.onlyFurniture(lines: stripped.furniture.count, kinds: kinds)
            return .failure(CorpusError(file: path, line: first.line, kind: kind))
        }
        let fields = head.fields
        func pick<V>(_ value: V?, _ inferred: Field<V>) -> Field<V> {
            if let value { return .given(value, head.basis) }
            return inferred
        }
        var article = Article(id: id, file: file, paragraphs: stripped.paragraphs, furniture: stripped.furniture)
        article.title = pick(fields.title, stripped.title)
        article.subtitle = stripped.subtitle
        article.date = fields.date.map { .given($0, head.basis) } ?? stripped.date
        article.source = pick(fields.source, .unknown)
        article.url = pick(fields.url, .unknown)
        article.author = pick(fields.author, stripped.author)
        article.lang = pick(fields.lang, inferLanguage(stripped.paragraphs))
        return .success(article)
    }

    // MARK: - Decoding

    /// Strict UTF-8: a byte-order mark is dropped, UTF-16, NUL bytes and invalid sequences are errors.
    static func decode(_ bytes: [UInt8]) -> Result<String, CorpusError.Kind> {
        validated(bytes).map { String(decoding: $0, as: UTF8.self) }
    }

    /// ``decode(_:)`` without making a string: the bytes after any byte-order mark, checked. A file is read as
    /// lines, and a string of the whole file would be one more copy and one more check of every byte.
    static func validated(_ bytes: [UInt8]) -> Result<ArraySlice<UInt8>, CorpusError.Kind> {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return .failure(.utf16)
        }
        var body = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = bytes.dropFirst(3) }
        let hasNUL = body.withUnsafeBytes { $0.isEmpty ? false : memchr($0.baseAddress!, 0, $0.count) != nil }
        if hasNUL { return .failure(.binary) }
        if let invalid = body.withUnsafeBufferPointer(firstInvalidUTF8) {
            return .failure(.notUTF8(byteOffset: invalid + (bytes.count - body.count)))
        }
        return .success(body)
    }

    /// The error for a file that is not UTF-8: the line and column of its first bad byte (the column counted in
    /// characters, as an editor shows it: the line's well-formed scalars before that byte, plus one), and whether the
    /// file reads as Arabic in Windows-1256. Taken only for a file that failed, so it may look at every byte.
    static func notUTF8(_ bytes: [UInt8], at offset: Int, path: String) -> CorpusError {
        var line = 1, lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for i in lineStart..<offset where bytes[i] == 0x0A || bytes[i] == 0x0D {
            // Lines end at LF, CR LF or CR, as the loader splits them.
            if !(bytes[i] == 0x0A && i > 0 && bytes[i - 1] == 0x0D) { line += 1 }
            lineStart = i + 1
        }
        let column = 1 + bytes[lineStart..<offset].count { $0 & 0xC0 != 0x80 }
        let kind: CorpusError.Kind = looksLikeWindows1256(bytes) ? .windows1256(byteOffset: offset) : .notUTF8(byteOffset: offset)
        return CorpusError(file: path, line: line, column: column, kind: kind)
    }

    /// Whether bytes that are not UTF-8 read as Arabic text in Windows-1256: most of its letters outside ASCII, four
    /// in five of those in the code page's block of Arabic letters (C1-FE), and among them as many alefs (C7) and lams
    /// (E1) as Arabic has (a quarter of its letters; «ال» alone opens most nouns). Latin-1 text (mostly ASCII letters),
    /// UTF-8 with a fault in it (its continuation bytes, 80-BF, half of what is not ASCII) and the other single-byte
    /// alphabets (Cyrillic, Greek, Hebrew, whose letters stand at C0-FF too, but not alef and lam) do not.
    static func looksLikeWindows1256(_ bytes: [UInt8]) -> Bool {
        var high = 0, arabic = 0, alefLam = 0, latin = 0
        for b in bytes {
            if b >= 0x80 {
                high += 1
                if b >= 0xC1 && b != 0xFF { arabic += 1 }
                if b == 0xC7 || b == 0xE1 { alefLam += 1 }
            } else if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A {
                latin += 1
            }
        }
        return high >= 8 && high > latin && arabic * 10 >= high * 8 && alefLam * 100 >= high * 12
    }

    /// Where the first ill-formed sequence of `b` starts (Unicode's table of well-formed UTF-8: no overlong forms,
    /// surrogates or scalars past U+10FFFF), or nil when there is none.
    ///
    /// Text of ASCII and two-byte scalars (Arabic, accented Latin: nearly all of an article) is checked sixteen bytes
    /// at a time: such a block is well formed when each byte is ASCII, a continuation (80-BF) or a two-byte lead
    /// (C2-DF), and a byte is a continuation exactly where the byte before it is a lead. A block with anything else
    /// in it (a three- or four-byte scalar, a fault) is checked scalar by scalar.
    static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        typealias V = ByteBlocks.Block
        let n = b.count
        guard let p = b.baseAddress else { return nil }
        var i = 0
        // Scalar by scalar to here at least (to the end of the scalar that crosses it); blocks after it.
        var byScalarTo = min(n, V.scalarCount)
        while true {
            while i < byScalarTo {
                guard let width = wellFormedWidth(b, at: i) else { return i }
                i += width
            }
            guard i < n else { return nil }
            // Here `i` is past the first byte and at a scalar's start: the byte before it ends a scalar, so it is
            // not a lead.
            while i + V.scalarCount <= n {
                let v = ByteBlocks.block(p + i)
                let before = ByteBlocks.block(p + i - 1)
                let continuation = v & V(repeating: 0xC0) .== V(repeating: 0x80)
                let lead = v &- V(repeating: 0xC2) .< V(repeating: 0x1E)
                let afterLead = before &- V(repeating: 0xC2) .< V(repeating: 0x1E)
                let other = (v .>= V(repeating: 0xC0)) .& .!lead
                let faults = ByteBlocks.lanes((continuation .^ afterLead) .| other)
                if faults.0 | faults.1 != 0 { break }
                i += V.scalarCount
            }
            // A lead at the end of the last good block has its continuation in the next: start at the lead.
            if p[i - 1] &- 0xC2 < 0x1E { i -= 1 }
            byScalarTo = min(n, i + V.scalarCount)
        }
    }

    /// The length of the well-formed scalar at `i`, or nil when a fault starts there.
    @inline(__always)
    private static func wellFormedWidth(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let n = b.count
        let c = b[i]
        @inline(__always) func isContinuation(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
        switch c {
        case 0..<0x80:
            return 1
        case 0xC2...0xDF:
            return isContinuation(i + 1) ? 2 : nil
        case 0xE0...0xEF:
            // E0 needs A0-BF next (no overlong form), ED needs 80-9F (no surrogate).
            let second = i + 1 < n ? b[i + 1] : 0
            let low: UInt8 = c == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = c == 0xED ? 0x9F : 0xBF
            return second >= low && second <= high && isContinuation(i + 2) ? 3 : nil
        case 0xF0...0xF4:
            // F0 needs 90-BF next (no overlong form), F4 needs 80-8F (nothing past U+10FFFF).
            let second = i + 1 < n ? b[i + 1] : 0
            let low: UInt8 = c == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = c == 0xF4 ? 0x8F : 0xBF
            return second >= low && second <= high && isContinuation(i + 2) && isContinuation(i + 3) ? 4 : nil
        default:
            return nil  // a continuation byte without a lead, C0, C1, or F5-FF
        }
    }

    /// Lines split at LF, CRLF or a lone CR, numbered from 1 (or, from byte `offset` on, from `firstNumber`).
    static func splitLines(_ text: String, from offset: Int = 0, firstNumber: Int = 1) -> [(number: Int, text: String)] {
        var text = text
        return text.withUTF8 { splitLines($0, from: offset, firstNumber: firstNumber) }
    }

    /// ``splitLines(_:from:firstNumber:)`` of valid UTF-8 bytes.
    static func splitLines(_ b: UnsafeBufferPointer<UInt8>, from offset: Int = 0, firstNumber: Int = 1) -> [(number: Int, text: String)] {
        // Line ends are ASCII, so every line is a slice of valid UTF-8, made a string without checking it again.
        // (Each line as a slice of a string of the whole text instead measured slower.)
        var lines: [(number: Int, text: String)] = []
        forEachLine(b, from: offset) { start, end in
            lines.append((firstNumber + lines.count, String(checkedUTF8: UnsafeBufferPointer(rebasing: b[start..<end]))))
            return true
        }
        return lines
    }

    /// Calls `body` with the byte range of each line of `b` from `offset` on (its end excludes the line break: LF,
    /// CRLF or a lone CR), until it returns false. A last line without a break counts; an empty tail does not.
    static func forEachLine(_ b: UnsafeBufferPointer<UInt8>, from offset: Int, _ body: (Int, Int) -> Bool) {
        var start = offset
        while start < b.count {
            let i = lineEnd(b, from: start)
            guard body(start, i) else { return }
            start = nextLine(b, after: i)
        }
    }

    /// The first LF or CR of `b` at or after `start`, or its end. Sixteen bytes are passed at once while none is a
    /// line break: a paragraph is one line of hundreds of bytes.
    static func lineEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        typealias V = ByteBlocks.Block
        var i = ByteBlocks.skip(b, from: start) { v in (v .== V(repeating: 0x0A)) .| (v .== V(repeating: 0x0D)) }
        while i < b.count, b[i] != 0x0A, b[i] != 0x0D { i += 1 }
        return i
    }

    /// Where the line after the line ending at `end` (a break, or the end of the text) starts.
    static func nextLine(_ b: UnsafeBufferPointer<UInt8>, after end: Int) -> Int {
        guard end < b.count else { return end }
        return end + (b[end] == 0x0D && end + 1 < b.count && b[end + 1] == 0x0A ? 2 : 1)
    }

    /// At least the number of Latin letters (``ScalarClass/isLatinLetter(_:)``: ASCII letters, U+00C0-024F) in `b`:
    /// its ASCII letters and its lead bytes C3-C9, counted sixteen bytes at a time.
    static func latinLetterBound(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        typealias V = ByteBlocks.Block
        var count = 0
        var i = 0
        while i + V.scalarCount <= b.count {
            let v = ByteBlocks.block(b.baseAddress! + i)
            let letter = (v | V(repeating: 0x20)) &- V(repeating: 0x61) .< V(repeating: 26)
            let lead = v &- V(repeating: 0xC3) .< V(repeating: 7)
            let bits = ByteBlocks.lanes(letter .| lead)
            count &+= (bits.0.nonzeroBitCount &+ bits.1.nonzeroBitCount) / 8
            i += V.scalarCount
        }
        while i < b.count {
            let c = b[i]
            if (c | 0x20) &- 0x61 < 26 || c &- 0xC3 < 7 { count += 1 }
            i += 1
        }
        return count
    }

    /// Arabic when the text has at least as many Arabic letters as Latin ones. The count stops as soon as the rest
    /// of the text cannot change the answer: an Arabic letter takes two bytes at least, and the rest has no more
    /// Latin letters than its ``latinLetterBound(_:)`` (so an Arabic article is decided after its first paragraph).
    static func inferLanguage(_ paragraphs: [Paragraph]) -> Field<String> {
        var arabic = 0
        var latin = 0
        var remaining = paragraphs.reduce(0) { $0 + $1.text.utf8.count }
        // The bound of the paragraphs not yet counted.
        var latinInRest = paragraphs.reduce(0) { bound, p in
            var text = p.text
            return bound + text.withUTF8(latinLetterBound)
        }
        for p in paragraphs {
            if arabic > 0 && arabic >= latin + latinInRest { break }
            if latin > arabic + remaining / 2 { break }
            var text = p.text
            remaining -= text.utf8.count
            latinInRest -= text.withUTF8(latinLetterBound)
            text.withUTF8 { b in
                // Below U+0800 (ASCII, Latin, the Arabic blocks but the presentation forms), one table load.
                let table = ScalarClass.table
                var i = 0
                while i < b.count {
                    let c = b[i]
                    if c < 0x80 {
                        latin &+= Int(table[Int(c)] >> 4 & 1)
                        i += 1
                        continue
                    }
                    if c & 0xE0 == 0xC0, i + 1 < b.count {
                        let e = table[Int(Tokenizer.twoByteScalar(c, b[i + 1]))]
                        arabic &+= Int(e >> 3 & 1)
                        latin &+= Int(e >> 4 & 1)
                        i += 2
                        continue
                    }
                    let (v, w) = Tokenizer.scalar(b, i)
                    if ScalarClass.isArabicLetter(v) {
                        arabic += 1
                    } else if ScalarClass.isLatinLetter(v) {
                        latin += 1
                    }
                    i += w
                }
            }
        }
        guard arabic + latin > 0 else { return .unknown }
        return .inferred(arabic >= latin ? "ar" : "en", .script)
    }

    // MARK: - Files

    /// Article files below `directory`, relative paths in byte order; hidden files and folders are skipped, links
    /// to folders are not followed.
    static func articleFiles(in directory: String) -> [String] {
        var files: [String] = []
        walk(directory) { files.append($0) }
        return sortedByBytes(files)
    }

    /// `names` in the order of their UTF-8 bytes (as ``Swift/String/precedesInBytes(_:)``).
    static func sortedByBytes(_ names: [String]) -> [String] {
        // A folder's listing as ``ListingCache`` keeps it is in order already: one pass tells.
        if names.indices.dropFirst().allSatisfy({ names[$0 - 1].precedesInBytes(names[$0]) }) { return names }
        return byteOrder(names).map { names[$0] }
    }

    /// The indices of `names` in the order of their UTF-8 bytes, sorted as one packed buffer of bytes: a corpus of
    /// many thousand files is listed on every run, cached or not.
    static func byteOrder(_ names: [String]) -> [Int] {
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        starts.reserveCapacity(names.count + 1)
        for name in names {
            bytes.append(contentsOf: name.utf8)
            starts.append(bytes.count)
        }
        // Each name's first 16 bytes as two big-endian numbers, zero-padded: comparing them compares those bytes
        // (a name has no zero byte, so a shorter prefix comes first). Only names that tie on them are compared
        // whole, with memcmp: names often share a long prefix, but rarely sixteen bytes of it.
        struct Entry {
            var high: UInt64
            var low: UInt64
            var index: Int
        }
        var entries: [Entry] = []
        entries.reserveCapacity(names.count)
        bytes.withUnsafeBufferPointer { b in
            starts.withUnsafeBufferPointer { s in
                func word(_ from: Int, _ end: Int) -> UInt64 {
                    var w: UInt64 = 0
                    for k in 0..<8 { w = w << 8 | UInt64(from + k < end ? b[from + k] : 0) }
                    return w
                }
                for i in names.indices {
                    entries.append(Entry(high: word(s[i], s[i + 1]), low: word(s[i] + 8, s[i + 1]), index: i))
                }
                func name(_ i: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: b[s[i]..<s[i + 1]]) }
                entries.sort { x, y in
                    if x.high != y.high { return x.high < y.high }
                    if x.low != y.low { return x.low < y.low }
                    return name(x.index).precedesInBytes(name(y.index))
                }
            }
        }
        return entries.map(\.index)
    }

    /// Whether a file name (its bytes, without the terminating NUL) ends in an article extension, in any case.
    static func hasArticleExtension(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let ext = name[(dot + 1)...]
        // ASCII letters lower-cased; any other byte is kept, and matches no extension. Compared as bytes: every
        // name of a corpus folder comes here, on every run.
        return articleExtensionBytes.contains { known in
            known.count == ext.count && zip(known, ext).allSatisfy { k, e in k == (e >= 0x41 && e <= 0x5A ? e | 0x20 : e) }
        }
    }

    /// Hands `found` the path, relative to `directory` (below it, `prefix` put before), of each article file in the
    /// folder and its subfolders; hidden files and folders are skipped.
    ///
    /// - Parameter entries: what a folder (its path, and its path relative to `directory` as a prefix) holds; by
    ///   default, the folder as ``entries(of:)`` reads it now (a ``ListingCache`` gives those it kept).
    static func walk(
        _ directory: String, prefix: String = "", entries: (_ folder: String, _ prefix: String) -> FolderEntries? = { folder, _ in CorpusLoader.entries(of: folder) },
        _ found: (String) -> Void
    ) {
        guard let listed = entries(directory, prefix) else { return }
        // The top folder's names as they are: a corpus kept flat is listed on every run, cached or not, and a
        // concatenation for each of its many thousand files costs a second run's millisecond.
        if prefix.isEmpty {
            for file in listed.files { found(file) }
        } else {
            for file in listed.files { found(prefix + file) }
        }
        for folder in listed.folders { walk(join(directory, folder), prefix: prefix + folder + "/", entries: entries, found) }
    }

    /// What one folder holds for a listing: its article files and its subfolders (names, in the order the file system
    /// lists them; hidden ones skipped).
    struct FolderEntries: Equatable, Sendable {
        var files: [String] = []
        var folders: [String] = []
        /// Whether an entry was listed or not by what it links to, which can change without the folder changing.
        var linked = false
    }

    /// Hands `body` each entry of `directory` as `readdir` gives it: its name as bytes (no ending zero; valid only
    /// during the call) and its type (`DT_REG`, `DT_DIR`, ...). Returns false when the folder cannot be read.
    static func forEachEntry(in directory: String, _ body: (_ name: UnsafeBufferPointer<UInt8>, _ type: Int32) -> Void) -> Bool {
        guard let dir = opendir(directory) else { return false }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let type = Int32(entry.pointee.d_type)
            withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                body(UnsafeBufferPointer(rebasing: bytes[..<(bytes.firstIndex(of: 0) ?? bytes.count)]), type)
            }
        }
        return true
    }

    /// The entries of `directory`, or nil when it cannot be read. Reports brief wrote into the folder (named by its
    /// ``ReportManifest``, when reports are written inside the corpus) are not articles.
    static func entries(of directory: String) -> FolderEntries? {
        var entries = FolderEntries()
        var reports = false
        // Names are looked at as bytes; a String is made only of an entry that is kept or walked into.
        let read = forEachEntry(in: directory) { bytes, type in
            if bytes.first == UInt8(ascii: ".") {
                reports = reports || bytes.elementsEqual(ReportManifest.fileName.utf8)
                return
            }
            let article = hasArticleExtension(bytes)
            guard article || type != Int32(DT_REG) else { return }
            let valid = String(validating: bytes, as: UTF8.self)
            let name = valid ?? String(decoding: bytes, as: UTF8.self)
            if type == Int32(DT_DIR) {
                // A folder whose name is not UTF-8 cannot be walked by its name (U+FFFD stands for the bad bytes):
                // listed as a file instead, which names it as the problem.
                if valid != nil { entries.folders.append(name) } else { entries.files.append(name) }
                return
            }
            guard article else { return }
            if type == Int32(DT_REG) {
                entries.files.append(name)
                return
            }
            // A link, a FIFO, a type the file system does not say: listed unless it resolves to a folder, so that a
            // dangling link or a link loop is still reported by name.
            entries.linked = true
            var info = stat()
            if stat(join(directory, name), &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR { entries.files.append(name) }
        }
        guard read else { return nil }
        if reports {
            let written = ReportManifest.read(directory)
            entries.files.removeAll { written[$0] != nil }
        }
        return entries
    }

    private static func loadMetadata(
        directory: String, problems: inout [CorpusError], keys: inout [(file: String, line: Int?, column: Int?)]
    ) -> [String: [String: String]] {
        let path = join(directory, metadataFileName)
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        guard case .success(let text) = decode([UInt8](data)) else {
            problems.append(CorpusError(file: path, kind: .metadata("not UTF-8 text")))
            return [:]
        }
        func problem(_ error: GivenFields.Problem) {
            problems.append(CorpusError(file: path, line: error.line, column: error.column, kind: error.kind))
        }
        let mapping: Node.Mapping
        do throws(GivenFields.Problem) {
            guard let node = try GivenFields.compose(text), let m = node.mapping else { return [:] }
            mapping = m
        } catch {
            problem(error)
            return [:]
        }
        // Each file's entry on its own: a mistake in one (an unknown field, an impossible date) is reported where it
        // is, and the other files keep what the file gives them. That file's article is read as if it had none.
        var result: [String: [String: String]] = [:]
        for (fileNode, fieldsNode) in mapping {
            guard let file = fileNode.string else { continue }
            keys.append((file, fileNode.mark?.line, fileNode.mark?.column))
            do throws(GivenFields.Problem) {
                let fields = try GivenFields(mapping: fieldsNode)  // validates keys and dates
                var entry: [String: String] = [:]
                entry["title"] = fields.title
                entry["date"] = fields.date?.description
                entry["source"] = fields.source
                entry["url"] = fields.url
                entry["lang"] = fields.lang
                entry["author"] = fields.author
                result[file] = entry
            } catch {
                var entry = error
                entry.kind = .metadataEntry(file: file, problem: error.kind)
                problem(entry)
            }
        }
        return result
    }

    public static func join(_ directory: String, _ relative: String) -> String {
        var path = directory
        path.reserveCapacity(directory.utf8.count + 1 + relative.utf8.count)
        if directory.utf8.last != UInt8(ascii: "/") { path += "/" }
        path += relative
        return path
    }
}
