import Foundation
import Synchronization

/// How far a run has come, for a progress display.
public struct RunProgress: Sendable {
    /// Article files done (analysed, taken from the cache, or skipped) and in all.
    public var done: Int
    public var total: Int
    /// Bytes of article files read so far.
    public var bytes: Int
    /// Seconds since the run started.
    public var elapsed: Double
}

/// What a run did, for its summary line and for benchmarks.
public struct RunStatistics: Sendable, Equatable {
    /// Articles analysed now, and articles whose findings came from the cache.
    public var analysed = 0
    public var cached = 0
    /// Of the cached articles, those whose file was not even read: its `stat` was as when it was hashed.
    public var unread = 0
    /// Of the cached articles, those of which only the digest was read (see ``Skimming``).
    public var skimmed = 0
    /// Articles read now for their date only, not analysed, and articles analysed for their themes only: the
    /// consumer needed no more (see ``Skimming``).
    public var dateOnly = 0
    public var themesOnly = 0
    /// Bytes of article files read.
    public var bytes = 0
}

/// Loads and analyses a corpus folder as a stream: each file is read, looked up in the cache or parsed and
/// analysed, and only its findings are kept, so memory holds findings, never the corpus's text.
enum CorpusAnalysis {
    /// What became of one file. Outcomes cross threads only through a batch's results buffer, each slot written by
    /// one thread.
    enum Outcome {
        /// Its findings, or its digest only when no more was needed (see ``Skimming``), filed under `key`: made now,
        /// with their encoding for the cache (made on the worker's thread), or read from the cache's record.
        case done(Found, key: Fingerprint, bytes: Int, from: Source, file: FileFacts)
        case failed(CorpusError)
    }

    enum Found {
        case findings(ArticleAnalysis)
        case digest(ArticleDigest)
    }

    enum Source {
        case made(encoded: [UInt8])
        case cache(FindingsCache.Slot)
    }

    /// What the cache learns of a file: its `stat` under its path key, and whether the file was read.
    struct FileFacts {
        var pathKey: Fingerprint
        /// The record of the file's `stat` that the cache had, if any.
        var pathSlot: FindingsCache.Slot?
        var info: FileStat
        var read: Bool
        /// Changed long enough ago that its `stat` can vouch for its content from now on.
        var settled: Bool
    }

    /// Hands each article's findings to `sink`, in file order, as soon as its batch is done; with `skimming`, hands
    /// the consumer instead the digest of an article of which it needs less: an article it needs the date of is
    /// not analysed (nor, when its date is given, parsed past its front matter), one it needs the themes of is
    /// analysed that far, and of a cached one only the digest is read.
    ///
    /// - Parameters:
    ///   - examined: the `stat` of each file of `listing`, in its order, taken before the run (see
    ///     ``CorpusSurvey``); without them, each file's is taken as it is read.
    ///   - settledBefore: files modified (or changed) before this time, in seconds since 1970, get their `stat`
    ///     recorded in the cache; by default two seconds before the run started, so that a file written in the
    ///     same tick as it was read is always read again.
    static func run(
        directory: String, listing: CorpusLoader.Listing? = nil, examined: [Result<FileStat, CorpusError>]? = nil, lexicon: Lexicon, jobs: Int,
        cache: FindingsCache?, progress: (@Sendable (RunProgress) -> Void)?, settledBefore: Int = FileStat.settledCutoff(), skimming: Skimming? = nil,
        readAhead: ReadAhead = ReadAhead(), sink: (ArticleAnalysis) -> Void
    ) throws(CorpusError) -> (problems: [CorpusError], statistics: RunStatistics) {
        let start = DispatchTime.now().uptimeNanoseconds
        let (files, metadata, listingProblems): CorpusLoader.Listing
        if let listing { (files, metadata, listingProblems) = listing } else { (files, metadata, listingProblems) = try CorpusLoader.listing(directory) }
        var problems = listingProblems
        precondition(examined.map { $0.count == files.count } ?? true, "a stat for each listed file")
        let analyzer = Analyzer(lexicon: lexicon)
        let jobs = max(1, jobs)

        // Files are looked at relative to the open corpus folder: the kernel walks the folder's path once, not for
        // each file (a cached run is mostly a `stat` per file).
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if folder >= 0 { close(folder) } }

        @Sendable func process(_ index: Int, _ needs: (@Sendable (ArticleDigest) -> ArticleDigest.Need)?) -> Outcome {
            let relative = files[index]
            // The full path is made only for a file that is read or that fails.
            lazy var path = CorpusLoader.join(directory, relative)
            let name = folder >= 0 ? relative : nil
            let info: FileStat
            switch examined?[index] ?? CorpusLoader.examine(path, in: folder, as: name) {
            case .success(let i): info = i
            case .failure(let e): return .failed(e)
            }
            let given = metadata.isEmpty ? nil : metadata[relative]
            let metadataText = given.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined() } ?? ""
            var p = Fingerprint.Hasher()
            p.combine("stat")
            p.combine(relative)
            p.combine(metadataText)
            var facts = FileFacts(
                pathKey: p.finalize(), pathSlot: nil, info: info, read: false,
                settled: info.settled(before: settledBefore))
            func cached(_ key: Fingerprint, bytes: Int) -> Outcome? {
                guard let cache, let slot = cache.slot(key) else { return nil }
                if let needs, let d = cache.digest(slot), d.suffices(for: needs(d)) {
                    return .done(.digest(d), key: key, bytes: bytes, from: .cache(slot), file: facts)
                }
                // A digest alone (of an article not analysed) has no findings: it is analysed now.
                return cache.lookup(slot).map { .done(.findings($0), key: key, bytes: bytes, from: .cache(slot), file: facts) }
            }
            if let cache, let slot = cache.slot(facts.pathKey) {
                facts.pathSlot = slot
                if let key = cache.contentKey(slot, info), let found = cached(key, bytes: Int(info.size)) { return found }
            }
            let bytes: [UInt8]
            switch CorpusLoader.read(path, info, in: folder, as: name) {
            case .success(let b): bytes = b
            case .failure(let e): return .failed(e)
            }
            facts.read = true
            // The content key files findings in the cache; without one, nothing is filed, and the bytes are not hashed.
            var key = Fingerprint(high: 0, low: 0)
            if cache != nil {
                var h = Fingerprint.Hasher()
                h.combine(relative)
                h.combine(metadataText)
                h.combine(bytes)
                key = h.finalize()
                if let found = cached(key, bytes: bytes.count) { return found }
            }
            func need(_ date: PartialDate?) -> ArticleDigest.Need { needs?(ArticleDigest(date: date, matchedThemes: nil)) ?? .findings }
            func digest(_ d: ArticleDigest) -> Outcome {
                .done(.digest(d), key: key, bytes: bytes.count, from: .made(encoded: cache == nil ? [] : FindingsCoding.encode(digest: d)), file: facts)
            }
            let head: CorpusLoader.Head
            switch CorpusLoader.head(bytes: bytes, path: path, given: given) {
            case .success(let h): head = h
            case .failure(let e): return .failed(e)
            }
            // A given date is the article's date, and a long line makes its parse certain: no need to parse it.
            if let date = head.fields.date, need(date) == .date, head.certainlyHasText { return digest(ArticleDigest(date: date, matchedThemes: nil)) }
            switch CorpusLoader.parse(head, id: CorpusLoader.articleID(relative), file: relative, path: path) {
            case .success(let article):
                let date = article.date.value
                switch need(date) {
                case .date: return digest(ArticleDigest(date: date, matchedThemes: nil))
                case .themes: return digest(ArticleDigest(date: date, matchedThemes: analyzer.matchedThemes(article)))
                case .findings: break
                }
                let a = analyzer.analyze(article)
                return .done(.findings(a), key: key, bytes: bytes.count, from: .made(encoded: cache == nil ? [] : FindingsCoding.encode(a)), file: facts)
            case .failure(let e): return .failed(e)
            }
        }

        var seen: [String: String] = [:]
        seen.reserveCapacity(files.count)
        func remember(_ file: FileFacts, _ key: Fingerprint) {
            guard let cache else { return }
            if !file.read {
                if let slot = file.pathSlot { cache.markUsed(slot) }
            } else if file.settled {
                cache.record(pathKey: file.pathKey, file.info, key: key)
            }
        }
        var statistics = RunStatistics()
        // Batches keep every thread busy while holding only a batch's texts at a time.
        let batchSize = Analyzer.batchPerThread * jobs
        // Files the kernel is asked to read ahead: the next few batches, while the last batch read its files (a
        // cached run reads few, and is not made to read them), each batch unless it is in the page cache already.
        // Without a cache every file is read, so from the first batch on.
        var advised = 0
        /// Files up to this one were given to the threads (the next batch may be at work while one is handed on).
        var dispatched = 0
        func adviseReading(through end: Int) {
            // Never the files of batches already given out: a run that meets new articles after thousands from the
            // cache would otherwise advise every one of those, files it does not read.
            advised = max(advised, dispatched)
            while advised < min(end, files.count) {
                let next = min(advised + batchSize, files.count)
                readAhead.advise(files[advised..<next].map { CorpusLoader.join(directory, $0) })
                advised = next
            }
        }
        if cache == nil { adviseReading(through: 2 * batchSize) }
        var done = 0
        /// Hands a processed batch's outcomes on, in file order: to the sink and the cache, and into the statistics.
        func handle(_ batch: [String], _ results: UnsafeMutableBufferPointer<Outcome?>) {
            var filesRead = 0
            var released: [FindingsCache.Slot] = []
            for (i, relative) in batch.enumerated() {
                // Each outcome is moved out of its slot, once.
                let outcome = (results.baseAddress! + i).move()!
                let id = CorpusLoader.articleID(relative)
                if let other = seen[id] {
                    if case .done(_, _, _, _, let file) = outcome, file.read { filesRead += 1 }
                    problems.append(CorpusError(file: CorpusLoader.join(directory, relative), kind: .duplicateID(other)))
                    continue
                }
                switch consume outcome {
                case .failed(let e):
                    problems.append(e)
                case .done(let found, let key, let bytes, let source, let file):
                    if file.read { filesRead += 1 }
                    switch source {
                    case .made(let encoded): cache?.store(key, encoded: encoded)
                    case .cache(let slot):
                        cache?.markUsed(slot)
                        released.append(slot)
                    }
                    remember(file, key)
                    seen[id] = relative
                    switch (found, source) {
                    case (.findings(let a), .cache):
                        sink(a)
                        statistics.cached += 1
                    case (.findings(let a), .made):
                        sink(a)
                        statistics.analysed += 1
                    case (.digest(let d), .cache):
                        skimming?.take(d)
                        statistics.cached += 1
                        statistics.skimmed += 1
                    case (.digest(let d), .made):
                        skimming?.take(d)
                        if d.matchedThemes == nil { statistics.dateOnly += 1 } else { statistics.themesOnly += 1 }
                    }
                    if !file.read { statistics.unread += 1 }
                    statistics.bytes += bytes
                }
            }
            cache?.release(released)
            results.deallocate()
            cache?.flush()
            done += batch.count
            if filesRead * 2 >= batch.count { adviseReading(through: done + 4 * batchSize) }
            progress?(RunProgress(done: done, total: files.count, bytes: statistics.bytes, elapsed: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        }

        // With one thread, each batch is processed, then handed on. With more, a batch is handed on by one thread
        // while the threads process the next one (each taking the next file not taken yet): the handing on no
        // longer leaves the other cores idle. The next batch's needs are then those before the batch being handed
        // on: they may ask more of an article, never less (a later latest week only asks less), so the brief is
        // the same; only how far some articles are analysed can differ.
        var pending: (batch: [String], results: UnsafeMutableBufferPointer<Outcome?>)?
        withoutActuallyEscaping(handle) { (handle: @escaping ([String], UnsafeMutableBufferPointer<Outcome?>) -> Void) in
            nonisolated(unsafe) let handOn = handle
            while dispatched < files.count {
                let first = dispatched
                let batch = Array(files[first..<min(files.count, first + batchSize)])
                dispatched += batch.count
                let needs = skimming?.needs()
                let results = UnsafeMutableBufferPointer<Outcome?>.allocate(capacity: batch.count)
                results.initialize(repeating: nil)
                nonisolated(unsafe) let output = results
                if jobs == 1 {
                    for i in batch.indices { output[i] = process(first + i, needs) }
                    handOn(batch, results)
                    continue
                }
                nonisolated(unsafe) let previous = pending
                let taken = Atomic<Int>(0)
                DispatchQueue.concurrentPerform(iterations: jobs) { w in
                    if w == 0, let previous { handOn(previous.batch, previous.results) }
                    while true {
                        let i = taken.add(1, ordering: .relaxed).oldValue
                        guard i < batch.count else { break }
                        output[i] = process(first + i, needs)
                    }
                }
                pending = (batch, results)
            }
            if let last = pending { handOn(last.batch, last.results) }
        }
        cache?.compact()
        return (CorpusError.forReports(problems, below: directory), statistics)
    }
}
