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
///   inode, mode, size, modification and change times; see ``CorpusSurvey``). The listing is read again only for
///   the folders that changed since the last run (see ``ListingCache``).
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
        /// Each report's name and bytes, as kept: they are written again as they are, never decoded (a weekly
        /// brief of a large corpus is megabytes of text).
        var files: [Kept]
        /// Each report's hash, as the output folder's manifest records it.
        var hashes: [String]
        /// The corpus problems the run reported, as it printed them.
        public var problems: [String]
        /// The articles the reports were made from.
        public var articles: Int
        /// The name of the findings pack the reports were made from, in the memo's folder ("" for none): a run that
        /// recalls the reports uses the pack too, as far as ``CacheFolder`` is concerned, so that a corpus whose
        /// reports come from the memo for weeks keeps its findings for the day an article is added.
        var pack: String

        struct Kept: ReportFile, Sendable, Equatable {
            var name: String
            var bytes: StoredBytes

            func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
                try bytes.withUnsafeBytes(body)
            }
        }

        /// The reports, decoded.
        public var reports: [RenderedReport] {
            files.map { RenderedReport(name: $0.name, contents: String(decoding: $0.bytes, as: UTF8.self)) }
        }

        init(reports: [RenderedReport], hashes: [String], problems: [String], articles: Int, pack: String = "") {
            self.init(
                files: reports.map { Kept(name: $0.name, bytes: StoredBytes(copying: $0.contents.utf8)) }, hashes: hashes, problems: problems, articles: articles,
                pack: pack)
        }

        init(files: [Kept], hashes: [String], problems: [String], articles: Int, pack: String) {
            (self.files, self.hashes, self.problems, self.articles, self.pack) = (files, hashes, problems, articles, pack)
        }
    }

    /// The memo file.
    public let path: String
    /// The fingerprint of the run's inputs as they are now.
    public let key: Fingerprint
    /// The corpus folder as it was when the fingerprint was taken: a run that goes on reads it from there.
    public let survey: CorpusSurvey
    /// Whether every article file was changed long enough ago for its `stat` to vouch for it (see above).
    public let settled: Bool
    /// The memo file as read while the corpus folder was listed: the key it was made for, its `stat`, and what it
    /// holds (nil if that cannot be decoded, or if it was made for other inputs).
    struct Early: Sendable {
        var key: Fingerprint
        var file: FileStat
        var recalled: Recalled?
    }
    /// (A variable so that a test can tell the copy used from the file read again.)
    var early: Early?

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
        settledBefore: Int = FileStat.settledCutoff()
    ) throws(CorpusError) {
        var name = Fingerprint.Hasher()
        name.combine("reports")
        name.combine(FindingsCache.executableIdentity())
        name.combine(corpus)
        name.combine(URL(fileURLWithPath: corpus).standardizedFileURL.resolvingSymlinksInPath().path)
        for part in request { name.combine(part) }
        let named = name.finalize()
        let path = CorpusLoader.join(cacheDirectory, "reports-\(named).memo")
        self.path = path
        // Only the folders that changed since the last run are read (see ``ListingCache``). While they are, the
        // lexicons, the templates and the memo are read on another thread: listing a large corpus takes one thread
        // some milliseconds, and the memo as many; the `stat`s that follow take every thread. All of it is read
        // before a run reads anything: an input changed in between is seen as changed by the next run.
        let listings = ListingCache(cacheDirectory: cacheDirectory, corpus: corpus, settledBefore: settledBefore)
        nonisolated(unsafe) var early: Early?
        nonisolated(unsafe) var folders = Fingerprint.Hasher()
        survey = try CorpusSurvey(directory: corpus, jobs: jobs, walk: listings.walk) {
            Self.combineFiles(of: lexicons, into: &folders)
            Self.combineFiles(of: templates, into: &folders)
            early = CheckedFile.read(path, magic: Self.magic).map { Early(key: $0.key, file: $0.file, recalled: Self.decode($0.payload)) }
        }
        listings.save()
        var inputs = Fingerprint.Hasher()
        Self.combine(folders.finalize(), into: &inputs)
        Self.combine(named, into: &inputs)
        var settled = true
        if let metadata = survey.metadataInfo {
            inputs.combine("metadata")
            settled = Self.combine(metadata, into: &inputs, settledBefore: settledBefore)
        }
        // The files in two halves, each hashed apart (at once, with more than one job) and the two fingerprints
        // then combined: the same halves whatever the jobs, so the same key.
        let (files, examined) = (survey.listing.files, survey.examined)
        let middle = files.count / 2
        // (Two variables, each written by one thread: not two elements of one array, which both would mutate.)
        nonisolated(unsafe) var low = (Fingerprint(high: 0, low: 0), settled: true)
        nonisolated(unsafe) var high = low
        let first = { low = Self.fingerprint(files, examined, 0..<middle, settledBefore: settledBefore) }
        let second = { high = Self.fingerprint(files, examined, middle..<files.count, settledBefore: settledBefore) }
        if jobs > 1, files.count >= 4096 {
            concurrently(first, second)
        } else {
            first()
            second()
        }
        for (half, halfSettled) in [low, high] {
            Self.combine(half, into: &inputs)
            settled = settled && halfSettled
        }
        let key = inputs.finalize()
        self.key = key
        // A memo of other inputs is let go of now: a run that makes the reports again can last long, and a
        // dossier's memo of a large corpus is megabytes.
        self.early = early.map { $0.key == key ? $0 : Early(key: $0.key, file: $0.file, recalled: nil) }
        self.settled = settled
    }

    /// The fingerprint of the files of `range` (each path below the corpus, and its `stat` or why it has none), and
    /// whether each was changed long enough ago for its `stat` to vouch for it.
    static func fingerprint(
        _ files: [String], _ examined: [Result<FileStat, CorpusError>], _ range: Range<Int>, settledBefore: Int
    ) -> (Fingerprint, settled: Bool) {
        var h = Fingerprint.Hasher()
        var settled = true
        for i in range {
            h.combine(files[i])
            switch examined[i] {
            case .success(let info): settled = combine(info, into: &h, settledBefore: settledBefore) && settled
            case .failure(let error): h.combine(error.description)
            }
        }
        return (h.finalize(), settled)
    }

    /// Combines a file's `stat` into `h`; returns whether it was changed long enough ago to vouch for the file.
    static func combine(_ info: FileStat, into h: inout Fingerprint.Hasher, settledBefore: Int) -> Bool {
        // The words in this machine's byte order: the key is of this machine's files (their devices and inodes)
        // anyway. A tuple, not an array: no allocation for each of a corpus's files.
        withUnsafeBytes(of: info.words) { h.combine($0) }
        return info.settled(before: settledBefore)
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

    /// 2: with the findings pack's name.
    static let magic = "BRM2"

    /// Writes the reports of `recalled` to `directory` (see ``ReportWriter/write(_:to:)``); returns the paths written.
    public static func write(_ recalled: Recalled, to directory: String) throws(BriefError) -> [String] {
        try writeCounting(recalled, to: directory).paths
    }

    /// As ``write(_:to:)``, saying how many reports were left as they were.
    public static func writeCounting(_ recalled: Recalled, to directory: String) throws(BriefError) -> ReportWriter.Written {
        do {
            return try ReportWriter.writeCounting(recalled.files, to: directory, hashes: recalled.hashes)
        } catch { throw .write(error) }
    }

    /// What the last run with these inputs wrote, if it was kept and its memo is whole: the memo file as it is
    /// now. It was read while the corpus was surveyed; it is read again if its `stat` has changed since (a memo is
    /// written to a new file, renamed over the old one).
    public func recalled() -> Recalled? {
        var found: (file: FileStat, recalled: Recalled)?
        var info = stat()
        if let early, stat(path, &info) == 0, FileStat(info) == early.file {
            found = early.key == key ? early.recalled.map { (early.file, $0) } : nil
        } else if let kept = CheckedFile.read(path, magic: Self.magic, for: key) {
            found = Self.decode(kept.payload).map { (kept.file, $0) }
        }
        guard let found else { return nil }
        CacheFolder.markUsed(path, modified: found.file.modifiedSeconds)
        if !found.recalled.pack.isEmpty {
            let pack = CorpusLoader.join((path as NSString).deletingLastPathComponent, found.recalled.pack)
            if stat(pack, &info) == 0 { CacheFolder.markUsed(pack, modified: Int64(info.st_mtim.tv_sec)) }
        }
        return found.recalled
    }

    /// Keeps a run's reports for the next run with the same inputs, if every input was settled (see above).
    /// Returns whether they were kept; a cache folder that cannot be written to is not an error.
    ///
    /// - Parameters:
    ///   - hashes: the reports' ``ReportWriter/contentHashes(_:)``, if the caller has them; made here otherwise.
    ///   - pack: the findings pack the reports were made from, if any (see ``Recalled/pack``).
    @discardableResult
    public func keep(_ reports: [RenderedReport], hashes: [String]? = nil, problems: [CorpusError], articles: Int, pack: String? = nil) -> Bool {
        guard settled else { return false }
        precondition(hashes.map { $0.count == reports.count } ?? true, "a hash for each report")
        let hashes = hashes ?? ReportWriter.contentHashes(reports)
        let name = pack.map { ($0 as NSString).lastPathComponent } ?? ""
        return CheckedFile.write(magic: Self.magic, key: key, to: path) {
            Self.encode(reports, hashes: hashes, problems: problems.map(\.description), articles: articles, pack: name, into: &$0)
        }
    }

    /// The payload of a memo: the article count, the pack's name, the problems, then each report's name, contents and
    /// hash.
    static func encode(_ recalled: Recalled, into sink: inout CheckedFile.Sink) {
        encode(recalled.files, hashes: recalled.hashes, problems: recalled.problems, articles: recalled.articles, pack: recalled.pack, into: &sink)
    }

    static func encode(
        _ files: [some ReportFile], hashes: [String], problems: [String], articles: Int, pack: String, into sink: inout CheckedFile.Sink
    ) {
        sink.write(UInt64(articles))
        sink.write(pack)
        sink.write(UInt64(problems.count))
        for p in problems { sink.write(p) }
        sink.write(UInt64(files.count))
        for (file, hash) in zip(files, hashes) {
            sink.write(file.name)
            file.withBytes { bytes in
                sink.write(UInt64(bytes.count))
                sink.write(bytes)
            }
            sink.write(hash)
        }
    }

    static func decode(_ payload: StoredBytes) -> Recalled? {
        var r = ByteReader(payload)
        guard let articles = r.word64().flatMap({ Int(exactly: $0) }), let pack = r.text(), let problemCount = r.count() else { return nil }
        var problems: [String] = []
        for _ in 0..<problemCount {
            guard let p = r.text() else { return nil }
            problems.append(p)
        }
        guard let reportCount = r.count() else { return nil }
        var files: [Recalled.Kept] = []
        var hashes: [String] = []
        for _ in 0..<reportCount {
            // A report's bytes are taken as they are (a slice of the payload, which its checksum vouches for), not
            // validated as UTF-8 again: they were written from a rendered report's text.
            guard let name = r.text(), let n = r.word64().flatMap({ Int(exactly: $0) }), let contents = r.bytes(n), let hash = r.text() else { return nil }
            files.append(Recalled.Kept(name: name, bytes: contents))
            hashes.append(hash)
        }
        guard r.atEnd else { return nil }
        return Recalled(files: files, hashes: hashes, problems: problems, articles: articles, pack: pack)
    }
}
