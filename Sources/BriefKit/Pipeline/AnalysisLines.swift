import Foundation

/// The JSON Lines of `brief analyze`: the map step's output and the report commands' input.
///
/// Every line is self-contained, so that the output of any number of shards can be concatenated in any order:
/// `{"lexicon": FINGERPRINT, "article": FINDINGS}` for an article, `{"lexicon": ..., "skipped": PROBLEM}` for a
/// file that could not be read. The fingerprint names the lexicon and analysis rules the findings were made with;
/// a report command refuses lines of another lexicon rather than mix findings of two.
public enum AnalysisLines {
    struct Line: Codable {
        var lexicon: String
        var article: ArticleAnalysis?
        var skipped: CorpusError?

        init(lexicon: String, article: ArticleAnalysis? = nil, skipped: CorpusError? = nil) {
            self.lexicon = lexicon
            self.article = article
            self.skipped = skipped
        }

        /// Reads the fingerprint first, so that findings of another lexicon are named as such rather than as
        /// findings that do not decode.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            lexicon = try container.decode(String.self, forKey: .lexicon)
            if let expected = decoder.userInfo[Self.expected] as? String, expected != lexicon {
                throw OtherLexicon(found: lexicon)
            }
            article = try container.decodeIfPresent(ArticleAnalysis.self, forKey: .article)
            skipped = try container.decodeIfPresent(CorpusError.self, forKey: .skipped)
        }

        static let expected = CodingUserInfoKey(rawValue: "lexicon")!
    }

    struct OtherLexicon: Swift.Error {
        var found: String
    }

    /// A line that is not a finding of this lexicon: `path:line: error: ...`.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int?
        public var message: String
        public var description: String { diagnostic(file: file, line: line, column: nil, message: message) }
    }

    /// One line (without its newline) for an article's findings.
    public static func line(_ analysis: ArticleAnalysis, lexicon: Lexicon) -> String {
        String(decoding: FindingsJSON.line(analysis, lexicon: lexicon.fingerprint.description), as: UTF8.self)
    }

    /// Appends the line of an article's findings, and its newline, to `out`.
    public static func append(_ analysis: ArticleAnalysis, lexicon: Lexicon, to out: inout [UInt8]) {
        out += FindingsJSON.line(analysis, lexicon: lexicon.fingerprint.description)
        out.append(UInt8(ascii: "\n"))
    }

    /// One line for a file that could not be read.
    public static func line(_ problem: CorpusError, lexicon: Lexicon) -> String {
        encode(Line(lexicon: lexicon.fingerprint.description, skipped: problem))
    }

    private static func encode(_ line: Line) -> String {
        // Findings are plain values without floating-point numbers; encoding them cannot fail.
        String(decoding: try! JSONLineEncoder.encode(line), as: UTF8.self)
    }

    /// Reads the lines of `files` (`-` is standard input), as merged from any number of shards, handing each
    /// article's findings to `sink` in the order of the lines (each id once; a second copy is reported as a
    /// duplicate); returns the files the map step could not read, in path order.
    ///
    /// - Parameters:
    ///   - chunkSize: bytes read at a time (lines may be longer).
    ///   - jobs: threads decoding the lines of a chunk (each line is JSON of its own); the findings reach `sink`, and
    ///     errors are reported, in the order of the lines whatever their number.
    public static func read(
        _ files: [String], lexicon: Lexicon, chunkSize: Int = 4 << 20, jobs: Int = 1, sink: (ArticleAnalysis) -> Void
    ) throws(Error) -> [CorpusError] {
        var problems: [CorpusError] = []
        var seen: [String: String] = [:]
        let expected = lexicon.fingerprint.description
        // A decoder for each thread.
        let decoders = (0..<max(1, jobs)).map { _ in
            let decoder = JSONDecoder()
            decoder.userInfo[Line.expected] = expected
            return decoder
        }
        for file in files {
            let fd: Int32
            if file == "-" {
                fd = STDIN_FILENO
            } else {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: file, isDirectory: &isDir), isDir.boolValue {
                    throw Error(file: file, message: "is a folder; pass the JSON Lines file(s) brief analyze wrote")
                }
                fd = open(file, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw Error(file: file, message: "cannot read the analysis file: \(String(cString: strerror(errno)))") }
            }
            defer { if fd != STDIN_FILENO { close(fd) } }
            var number = 0
            // Line by line, a chunk at a time: the merged findings of a large corpus are gigabytes.
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: max(1, chunkSize))
            var atEnd = false
            while !atEnd {
                let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Error(file: file, line: number + 1, message: "cannot read the analysis file: \(String(cString: strerror(errno)))")
                }
                atEnd = n == 0
                pending += chunk[..<n]
                if number == 0, let format = compression(of: pending) {
                    let name = file == "-" ? "the input" : file
                    throw Error(file: file, message: "compressed with \(format.name); decompress it first (\(format.tool) \(name) | brief ... --analysis -)")
                }
                // Only the bytes just read can hold a newline not seen yet.
                guard let last = atEnd ? pending.indices.last : pending[(pending.count - n)...].lastIndex(of: UInt8(ascii: "\n")) else { continue }
                let complete = pending[...last]
                let raws = Array(complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast(atEnd ? 0 : 1))
                let decoded = decode(raws, lexicon: expected, with: decoders)
                // The last line of a file that does not end with a newline: a map step stopped while it wrote?
                let unterminated = atEnd && pending.last != UInt8(ascii: "\n") ? decoded.count - 1 : nil
                for (i, result) in decoded.enumerated() {
                    number += 1
                    guard let result else { continue }  // a blank line
                    let line: Line
                    do {
                        line = try result.get()
                    } catch let other as OtherLexicon {
                        throw Error(file: file, line: number, message: "analysed with another lexicon or version of brief (\(other.found), this one is \(expected)); run brief analyze again with this lexicon")
                    } catch {
                        let cut = i == unterminated ? "; the file ends inside this line, with no newline: was the map step that wrote it stopped?" : ""
                        throw Error(file: file, line: number, message: "not a line of brief analyze output (\(reason(error))\(cut))")
                    }
                    if let a = line.article {
                        if let other = seen[a.article.id] {
                            problems.append(CorpusError(file: file, line: number, kind: .duplicateID(other)))
                            continue
                        }
                        guard a.themes.count == lexicon.themes.count else {
                            throw Error(file: file, line: number, message: "findings of \(a.themes.count) themes, the lexicon has \(lexicon.themes.count)")
                        }
                        if let problem = citationProblem(a) {
                            throw Error(file: file, line: number, message: "not a line of brief analyze output (\(problem))")
                        }
                        seen[a.article.id] = a.article.file
                        sink(a)
                    } else if let p = line.skipped {
                        problems.append(p)
                    } else {
                        throw Error(file: file, line: number, message: "a line with neither \"article\" nor \"skipped\"")
                    }
                }
                pending.removeFirst(last + 1)
            }
        }
        // By file, then by line (line 10 after line 9): as a run over the whole corpus lists them.
        return CorpusError.sortedForReports(problems)
    }

    /// The lines decoded (nil for a blank one), on as many threads as there are decoders, in the lines' order.
    private static func decode(_ raws: [ArraySlice<UInt8>], lexicon: String, with decoders: [JSONDecoder]) -> [Result<Line, any Swift.Error>?] {
        raws.parallelMap(jobs: decoders.count) { w, raw in decode(raw, lexicon: lexicon, decoders[w]) }
    }

    /// A line's findings, read field by field where ``FindingsJSON`` can (an article's line of this lexicon, as
    /// `brief analyze` writes it), else by `JSONDecoder`, which also names any problem.
    private static func decode(_ raw: ArraySlice<UInt8>, lexicon: String, _ decoder: JSONDecoder) -> Result<Line, any Swift.Error>? {
        if raw.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { return nil }
        if let article = raw.withUnsafeBufferPointer({ FindingsJSON.article(in: $0, lexicon: lexicon) }) {
            return .success(Line(lexicon: lexicon, article: article))
        }
        return Result(catching: { try decoder.decode(Line.self, from: Data(raw)) })
    }

    /// What is wrong with the sentences a line's findings cite, if anything: each finding must cite a sentence the
    /// line gives (by ``Sentence/index``, in increasing order), as the reports look them up. A line edited by hand or
    /// by another tool is refused here, with its place, rather than stop a report halfway.
    static func citationProblem(_ a: ArticleAnalysis) -> String? {
        for (i, s) in a.sentences.enumerated() where s.index < 0 || (i > 0 && s.index <= a.sentences[i - 1].index) {
            return "sentence indices not in increasing order at .article.sentences[\(i)]"
        }
        // The indices increase (checked above): each citation is looked up as the reports look it up.
        func check(_ name: String, _ sentences: [Int]) -> String? {
            sentences.firstIndex { a.citedSentence($0) == nil }.map { "\(name)[\($0)] cites sentence \(sentences[$0]), which the line does not give" }
        }
        // The findings the analysis cites sentences for (``Analyzer``), and so the reports quote.
        for (t, theme) in a.themes.enumerated() {
            if let problem = check(".article.themes[\(t)].evidence", theme.evidence) { return problem }
        }
        return check(".article.figures", a.figures.map(\.sentence)) ?? check(".article.dates", a.dates.map(\.sentence))
            ?? check(".article.people", a.people.map(\.sentence)) ?? check(".article.meetings", a.meetings.map(\.sentence))
    }

    /// The compressed format `bytes` start with, by its magic number, and the command that decompresses it.
    static func compression(of bytes: [UInt8]) -> (name: String, tool: String)? {
        let formats: [(magic: [UInt8], name: String, tool: String)] = [
            ([0x1F, 0x8B], "gzip", "zcat"), ([0x28, 0xB5, 0x2F, 0xFD], "zstd", "zstdcat"),
            ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz", "xzcat"), ([0x42, 0x5A, 0x68], "bzip2", "bzcat"),
        ]
        return formats.first { bytes.starts(with: $0.magic) }.map { ($0.name, $0.tool) }
    }

    private static func reason(_ error: any Swift.Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath))"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "bad value at \(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
