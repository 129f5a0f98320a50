import Foundation

/// The reports of a command's last run over a corpus, kept in the cache folder under the fingerprint of everything
/// they were made from, so that a run over an unchanged corpus writes them again without loading, analysing or
/// rendering anything (as `make` does nothing when no input is newer than its target).
///
/// What the reports are made from:
/// - the request: the command and every option that changes its reports (the caller lists them);
/// - the executable (its size and modification time, as for ``FindingsCache``);
/// - the bytes of every file of the lexicon and template folders;
/// - the corpus folder: its path, its listing, and each article file's and the metadata file's `stat` (device,
///   inode, mode, size, modification and change times; see ``CorpusSurvey``).
///
/// Each command and corpus has one memo file, `reports-<hash of request, executable and corpus path>.memo`, which
/// holds the last run's fingerprint, reports, corpus problems and article count, with a checksum. It is written to
/// a temporary file and renamed. A memo that is torn, corrupt or of other inputs is not used, and the run goes on as
/// if there were none.
///
/// A `stat` vouches for a file's bytes only if the file was changed more than two seconds before it was taken (a
/// write within the same clock tick can leave every field as it was). Reports made while any article file was that
/// fresh are not kept: the next run makes them again, from the findings cache.
public struct ReportMemo: Sendable {
    /// What a kept run wrote and said.
    public struct Recalled: Sendable, Equatable {
        public var reports: [RenderedReport]
        /// Each report's hash, as the output folder's manifest records it.
        var hashes: [String]
        /// The corpus problems the run reported, as it printed them.
        public var problems: [String]
        /// The articles the reports were made from.
        public var articles: Int
    }

    /// The memo file.
    public let path: String
    /// The fingerprint of the run's inputs as they are now.
    public let key: Fingerprint
    /// The corpus folder as it was when the fingerprint was taken: a run that goes on reads it from there.
    public let survey: CorpusSurvey
    /// Whether every article file was changed long enough ago for its `stat` to vouch for it (see above).
    public let settled: Bool

    /// Takes the fingerprint of a run's inputs as they are now.
    ///
    /// - Parameters:
    ///   - request: the command and each option that changes its reports, as text.
    ///   - jobs: threads for the `stat`s.
    ///   - settledBefore: files changed before this time, in seconds since 1970, can vouch for their bytes by their
    ///     `stat`; by default two seconds ago.
    /// - Throws: when `corpus` is not a folder.
    public init(
        cacheDirectory: String, corpus: String, lexicons: String, templates: String, request: [String], jobs: Int = 1,
        settledBefore: Int = time(nil) - 2
    ) throws(CorpusError) {
        // The lexicons and templates are read before the corpus is surveyed, and all of it before a run reads
        // anything: an input changed in between is seen as changed by the next run.
        var inputs = Fingerprint.Hasher()
        Self.combineFiles(of: lexicons, into: &inputs)
        Self.combineFiles(of: templates, into: &inputs)
        survey = try CorpusSurvey(directory: corpus, jobs: jobs)
        var name = Fingerprint.Hasher()
        name.combine("reports")
        name.combine(FindingsCache.executableIdentity())
        name.combine(corpus)
        name.combine(URL(fileURLWithPath: corpus).standardizedFileURL.resolvingSymlinksInPath().path)
        for part in request { name.combine(part) }
        let named = name.finalize()
        path = CorpusLoader.join(cacheDirectory, "reports-\(named).memo")
        Self.combine(named, into: &inputs)
        var settled = true
        func combine(_ info: stat) {
            settled = settled && info.st_mtim.tv_sec < settledBefore && info.st_ctim.tv_sec < settledBefore
            let fields: [UInt64] = [
                UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_mode), UInt64(bitPattern: Int64(info.st_size)),
                UInt64(bitPattern: Int64(info.st_mtim.tv_sec)), UInt64(bitPattern: Int64(info.st_mtim.tv_nsec)),
                UInt64(bitPattern: Int64(info.st_ctim.tv_sec)), UInt64(bitPattern: Int64(info.st_ctim.tv_nsec)),
            ]
            fields.withUnsafeBytes { inputs.combine($0) }
        }
        if let metadata = survey.metadataInfo {
            inputs.combine("metadata")
            combine(metadata)
        }
        for (relative, examined) in zip(survey.listing.files, survey.examined) {
            inputs.combine(relative)
            switch examined {
            case .success(let info): combine(info)
            case .failure(let error): inputs.combine(error.description)
            }
        }
        key = inputs.finalize()
        self.settled = settled
    }

    /// The bytes of each file of `directory` (not of its subfolders), with its name, in the order of the names.
    static func combineFiles(of directory: String, into h: inout Fingerprint.Hasher) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            h.combine("no folder")
            return
        }
        for name in names.sorted(by: { $0.precedesInBytes($1) }) {
            // A subfolder has no contents here; no run reads one either.
            guard let data = FileManager.default.contents(atPath: CorpusLoader.join(directory, name)) else { continue }
            h.combine(name)
            data.withUnsafeBytes { h.combine($0) }
        }
    }

    static func combine(_ f: Fingerprint, into h: inout Fingerprint.Hasher) {
        [f.high, f.low].withUnsafeBytes { h.combine($0) }
    }

    static let magic: [UInt8] = Array("BRM1".utf8)
    /// Magic, four zero bytes, the inputs' fingerprint, the payload's length and its fingerprint.
    static let headerSize = 48

    /// Writes the reports of `recalled` to `directory` (see ``ReportWriter/write(_:to:)``); returns the paths written.
    public static func write(_ recalled: Recalled, to directory: String) throws(BriefError) -> [String] {
        do {
            return try ReportWriter.write(recalled.reports, to: directory, hashes: recalled.hashes)
        } catch { throw .write(error) }
    }

    /// What the last run with these inputs wrote, if it was kept and its memo is whole.
    public func recalled() -> Recalled? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        guard readFully(fd, &header, at: 0) else { return nil }
        var r = ByteReader(header[...])
        guard r.bytes(4) == Self.magic[...], r.word32() == 0, r.word64() == key.high, r.word64() == key.low,
            let length = r.word64().flatMap({ Int(exactly: $0) }), let high = r.word64(), let low = r.word64()
        else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) == Self.headerSize + length else { return nil }
        var payload = [UInt8](repeating: 0, count: length)
        guard readFully(fd, &payload, at: Self.headerSize), Fingerprint(payload) == Fingerprint(high: high, low: low) else { return nil }
        return Self.decode(payload)
    }

    /// Keeps a run's reports for the next run with the same inputs, if every input was settled (see above).
    /// Returns whether they were kept; a cache folder that cannot be written to is not an error.
    @discardableResult
    public func keep(_ reports: [RenderedReport], problems: [CorpusError], articles: Int) -> Bool {
        guard settled else { return false }
        let recalled = Recalled(reports: reports, hashes: reports.map { ReportWriter.contentHash($0.contents) }, problems: problems.map(\.description), articles: articles)
        let payload = Self.encode(recalled)
        let sum = Fingerprint(payload)
        var file = Self.magic + [0, 0, 0, 0]
        for word in [key.high, key.low, UInt64(payload.count), sum.high, sum.low] { file.append(word) }
        file += payload
        let directory = (path as NSString).deletingLastPathComponent
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return false }
        return (try? ReportWriter.atomicWrite(Data(file), to: path)) != nil
    }

    static func encode(_ recalled: Recalled) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + recalled.reports.reduce(0) { $0 + $1.name.utf8.count + $1.contents.utf8.count + 16 })
        out.append(UInt64(recalled.articles))
        out.append(UInt64(recalled.problems.count))
        for p in recalled.problems { out.appendText(p) }
        out.append(UInt64(recalled.reports.count))
        for (r, hash) in zip(recalled.reports, recalled.hashes) {
            out.appendText(r.name)
            out.appendText(r.contents)
            out.appendText(hash)
        }
        return out
    }

    static func decode(_ payload: [UInt8]) -> Recalled? {
        var r = ByteReader(payload[...])
        guard let articles = r.word64().flatMap({ Int(exactly: $0) }), let problemCount = r.count() else { return nil }
        var problems: [String] = []
        for _ in 0..<problemCount {
            guard let p = r.text() else { return nil }
            problems.append(p)
        }
        guard let reportCount = r.count() else { return nil }
        var reports: [RenderedReport] = []
        var hashes: [String] = []
        for _ in 0..<reportCount {
            guard let name = r.text(), let contents = r.text(), let hash = r.text() else { return nil }
            reports.append(RenderedReport(name: name, contents: contents))
            hashes.append(hash)
        }
        guard r.atEnd else { return nil }
        return Recalled(reports: reports, hashes: hashes, problems: problems, articles: articles)
    }
}

/// Reads `bytes.count` bytes of `fd` from `offset`, or fails.
private func readFully(_ fd: Int32, _ bytes: inout [UInt8], at offset: Int) -> Bool {
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(offset + done)) }
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { return false }
        done += n
    }
    return true
}

extension [UInt8] {
    fileprivate mutating func append(_ word: UInt64) {
        Swift.withUnsafeBytes(of: word.littleEndian) { append(contentsOf: $0) }
    }

    fileprivate mutating func appendText(_ text: String) {
        append(UInt64(text.utf8.count))
        append(contentsOf: text.utf8)
    }
}

/// Little-endian words and length-prefixed UTF-8 texts, read with bounds checked: nil past the end.
private struct ByteReader {
    var rest: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { rest = bytes }

    var atEnd: Bool { rest.isEmpty }

    mutating func bytes(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, rest.count >= n else { return nil }
        defer { rest = rest.dropFirst(n) }
        return rest.prefix(n)
    }

    mutating func word32() -> UInt32? {
        bytes(4).map { b in b.reversed().reduce(0) { $0 << 8 | UInt32($1) } }
    }

    mutating func word64() -> UInt64? {
        bytes(8).map { b in b.reversed().reduce(0) { $0 << 8 | UInt64($1) } }
    }

    /// A word that counts items that follow, each of eight bytes at least.
    mutating func count() -> Int? {
        word64().flatMap { Int(exactly: $0) }.flatMap { $0 <= rest.count / 8 ? $0 : nil }
    }

    mutating func text() -> String? {
        guard let n = word64().flatMap({ Int(exactly: $0) }), let b = bytes(n) else { return nil }
        return String(validating: b, as: UTF8.self)
    }
}
