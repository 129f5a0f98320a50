import Foundation
import Testing

@testable import BriefKit

/// Every report of a pipeline (the latest week, the dossiers of Egypt and Pakistan), in both languages and all
/// formats, plus every finding as `brief analyze` prints it.
func everything(_ pipeline: Pipeline) throws -> [String: String] {
    let builder = pipeline.builder
    let briefs = [builder.weekly(try builder.latestWeek()), builder.dossier(lexicon.countries.lookup("eg")!), builder.dossier(lexicon.countries.lookup("pk")!)]
    var out: [String: String] = [:]
    for brief in briefs {
        for r in try pipeline.renderer.render(brief) { out[r.name] = r.contents }
    }
    out["analysis.jsonl"] = pipeline.analyses.map { AnalysisLines.line($0, lexicon: pipeline.lexicon) }.joined(separator: "\n")
    return out
}

/// A seed-derived corpus of about `bytes`, written once per call.
func generatedCorpus(_ bytes: Int, seed: UInt64, name: String = #function) throws -> String {
    let dir = temporaryDirectory(name)
    try CorpusGenerator(seeds: seedCorpus.articles).generate(bytes: bytes, seed: seed, into: dir)
    return dir
}

@Suite struct IncrementalRunTests {
    func run(_ corpus: String, cache: String?, jobs: Int = 2, warnings: UnsafeMutablePointer<[String]>? = nil) throws -> Pipeline {
        try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates, jobs: jobs, cacheDirectory: cache, warn: { warnings?.pointee.append($0) })
    }

    @Test func aSecondRunReadsTheCacheAndGivesTheSameBytes() throws {
        let corpus = try generatedCorpus(300_000, seed: 3)
        let cache = temporaryDirectory()
        let uncached = try run(corpus, cache: nil)
        let first = try run(corpus, cache: cache)
        let n = first.analyses.count
        #expect(n > 40)
        #expect(first.statistics == RunStatistics(analysed: n, cached: 0, bytes: first.statistics.bytes))
        let second = try run(corpus, cache: cache, jobs: 1)
        #expect(second.statistics.analysed == 0)
        #expect(second.statistics.cached == n)
        let expected = try everything(uncached)
        #expect(try everything(first) == expected)
        #expect(try everything(second) == expected)
    }

    @Test func newAndEditedArticlesAreTheOnlyOnesAnalysedAgain() throws {
        let corpus = try generatedCorpus(200_000, seed: 4)
        let cache = temporaryDirectory()
        let n = try run(corpus, cache: cache).analyses.count
        // One new article, one edited: a changed byte is a new content hash.
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).sorted()
        let edited = corpus + "/" + files[files.count / 2]
        write(read(edited)! + "\nوقال المتحدث إن الزيارة ناجحة.\n", to: edited)
        write(read(corpus + "/" + files[0])!, to: corpus + "/zz-new.txt")
        let next = try run(corpus, cache: cache)
        #expect(next.statistics.analysed == 2)
        #expect(next.statistics.cached == n - 1)
        #expect(try everything(next) == everything(try run(corpus, cache: nil)))
        // Metadata given in brief-metadata.yaml is part of the key too.
        write("\(files[1]):\n  author: another writer\n", to: corpus + "/" + CorpusLoader.metadataFileName)
        let withMetadata = try run(corpus, cache: cache)
        #expect(withMetadata.statistics.analysed == 1)
        #expect(withMetadata.analyses.first { $0.article.file == files[1] }?.article.author.value == "another writer")
    }

    @Test func aTornOrCorruptPackLosesOnlyItsDamagedRecords() throws {
        let corpus = try generatedCorpus(150_000, seed: 5)
        let cache = temporaryDirectory()
        let expected = try everything(try run(corpus, cache: cache))
        let n = try run(corpus, cache: nil).analyses.count
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: cache).first { $0.hasSuffix(".pack") })
        let path = cache + "/" + pack
        let whole = try #require(FileManager.default.contents(atPath: path))

        // A crash in the middle of appending: the last record is cut short.
        write(whole.prefix(whole.count - 100), to: path)
        var warnings: [String] = []
        let torn = try run(corpus, cache: cache, warnings: &warnings)
        #expect(torn.statistics.analysed == 1)
        #expect(torn.statistics.cached == n - 1)
        #expect(warnings.count == 1 && warnings[0].contains("torn or corrupt"))
        #expect(try everything(torn) == expected)
        // ...and the pack is whole again.
        #expect(try run(corpus, cache: cache).statistics.cached == n)

        // A flipped byte inside a record: its checksum fails, and it and what follows are analysed again.
        var flipped = try #require(FileManager.default.contents(atPath: path))
        flipped[flipped.count / 2] ^= 0x20
        write(flipped, to: path)
        let corrupt = try run(corpus, cache: cache)
        #expect(corrupt.statistics.analysed > 0)
        #expect(corrupt.statistics.analysed + corrupt.statistics.cached == n)
        #expect(try everything(corrupt) == expected)

        // Garbage in place of a pack.
        write(Data("not a pack".utf8), to: path)
        #expect(try everything(try run(corpus, cache: cache)) == expected)
        #expect(try run(corpus, cache: cache).statistics.cached == n)
    }

    @Test func anotherLexiconDoesNotReadTheFindingsOfThisOne() throws {
        let corpus = try generatedCorpus(60_000, seed: 6)
        let cache = temporaryDirectory()
        let n = try run(corpus, cache: cache).analyses.count
        let other = temporaryDirectory()
        for name in ["themes.yaml", "countries.yaml", "entities.yaml"] {
            try FileManager.default.copyItem(atPath: workspace.lexicons + "/" + name, toPath: other + "/" + name)
        }
        write(read(other + "/themes.yaml")!.replacingOccurrences(of: "threshold: ", with: "threshold: 1"), to: other + "/themes.yaml")
        let changed = try Pipeline(corpus: corpus, lexicons: other, templates: workspace.templates, cacheDirectory: cache)
        #expect(changed.lexicon.fingerprint != lexicon.fingerprint)
        #expect(changed.statistics.analysed == n)
    }

    @Test func anUnchangedStatSparesTheReadAndAChangedCtimeDoesNot() throws {
        let corpus = try generatedCorpus(100_000, seed: 13)
        let cache = temporaryDirectory()
        // As if every file had been written long ago (the default waits two seconds before trusting a stat).
        func run() throws -> (analyses: [ArticleAnalysis], statistics: RunStatistics) {
            let c = try FindingsCache(directory: cache, corpus: corpus, lexicon: lexicon)
            var analyses: [ArticleAnalysis] = []
            let r = try CorpusAnalysis.run(directory: corpus, lexicon: lexicon, jobs: 2, cache: c, progress: nil, settledBefore: time(nil) + 10) { analyses.append($0) }
            return (analyses, r.statistics)
        }
        let first = try run()
        let n = first.analyses.count
        #expect(first.statistics.analysed == n)
        let second = try run()
        #expect(second.statistics.cached == n)
        #expect(second.statistics.unread == n)
        #expect(second.analyses == first.analyses)
        // Same size, same modification time, different bytes: the change time still tells.
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).sorted()
        let path = corpus + "/" + files[3]
        var info = stat()
        stat(path, &info)
        let text = read(path)!
        let edited = text.replacingOccurrences(of: "مصر", with: "قطر")
        #expect(edited != text && edited.utf8.count == text.utf8.count)
        // Written in place, so that the inode stays the same too.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(edited.utf8))
        try handle.close()
        var after = stat()
        stat(path, &after)
        #expect(after.st_ino == info.st_ino)
        var times = [info.st_atim, info.st_mtim]
        utimensat(AT_FDCWD, path, &times, 0)
        let third = try run()
        #expect(third.statistics.analysed == 1)
        #expect(third.statistics.unread == n - 1)
        #expect(third.analyses.first { $0.article.file == files[3] }!.countries.contains { $0.code == "QA" })
    }

    @Test func twoRunsDoNotWriteOnePackAtOnce() throws {
        let corpus = try generatedCorpus(20_000, seed: 8)
        let cache = temporaryDirectory()
        let holder = try FindingsCache(directory: cache, corpus: corpus, lexicon: lexicon)
        #expect(throws: FindingsCache.Error.self) { try FindingsCache(directory: cache, corpus: corpus, lexicon: lexicon) }
        var warnings: [String] = []
        let second = try run(corpus, cache: cache, warnings: &warnings)
        #expect(warnings.count == 1 && warnings[0].contains("another brief run is using the cache"))
        #expect(second.statistics.cached == 0)
        // Its reports, kept in a memo, still name the pack (which the memo's recall keeps marked as used).
        #expect(second.cachePath == holder.path)
        withExtendedLifetime(holder) {}
    }

    /// The pack's index grows past the room it was made with, keeps a key's ordinal when the key is filed again,
    /// and finds nothing for a key it was not given (even one that shares a low word).
    @Test func thePackIndexFindsEveryKeyItWasGiven() {
        var index = FindingsCache.Index(capacity: 1)
        var generator = CorpusGenerator.Random(state: 12060005)
        let keys = (0..<5000).map { _ in Fingerprint(high: generator.next(), low: generator.next() & 0xFFFF) }  // low words collide
        for (k, key) in keys.enumerated() { index.insert(key, k..<k + 1) }
        index.insert(keys[7], 100..<200)
        #expect(index.count == Set(keys).count)
        for (k, key) in keys.enumerated() where k != 7 && keys.firstIndex(of: key) == k {
            #expect(index.slot(key)?.payload == k..<k + 1)
            #expect(index.slot(key)?.ordinal == k)
        }
        #expect(index.slot(keys[7]) == FindingsCache.Slot(payload: 100..<200, ordinal: 7))
        #expect(index.slot(Fingerprint(high: 1, low: keys[0].low)) == nil || keys.contains(Fingerprint(high: 1, low: keys[0].low)))
    }
}

@Suite struct ReadAheadTests {
    /// Writes the files and drops them from the page cache (where the file system can).
    func evictedFiles(_ paths: [String]) {
        for path in paths { write(String(repeating: "نص المقال. ", count: 4000), to: path) }
        for path in paths {
            let fd = open(path, O_RDWR)
            fsync(fd)  // dirty pages are not evicted
            posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
            close(fd)
        }
    }

    /// Advises the files and waits for the reads it queued to land (two seconds at most).
    func advised(_ paths: [String]) -> Bool {
        let ahead = ReadAhead()
        ahead.advise(paths)
        ahead.wait()
        var waited = 0
        while !paths.allSatisfy(ReadAhead.isCached), waited < 100 {
            usleep(20_000)
            waited += 1
        }
        return paths.allSatisfy(ReadAhead.isCached)
    }

    /// Files out of the page cache are read in once advised; on a file system that holds every page in memory
    /// (tmpfs) nothing can be evicted, and the test can only see that they stay cached.
    @Test func advisedFilesComeIntoThePageCache() throws {
        let dir = temporaryDirectory()
        let paths = (0..<8).map { "\(dir)/a\($0).txt" }
        evictedFiles(paths)
        // The file system of the folder: the mount point that is the longest prefix of its path.
        let mounts = (read("/proc/mounts") ?? "").split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let mount = mounts.filter { $0.count > 2 && (dir + "/").hasPrefix($0[1] == "/" ? "/" : $0[1] + "/") }.max { $0[1].count < $1[1].count }
        let inMemory = ["tmpfs", "ramfs"].contains(mount?[2] ?? "")
        if !inMemory { #expect(paths.allSatisfy { !ReadAhead.isCached($0) }, "the test could not evict its files") }

        #expect(advised(paths))
        // A directory, a pipe and a missing file are left alone (and count as cached: advice cannot help them).
        mkfifo(dir + "/pipe.txt", 0o644)
        #expect(ReadAhead.isCached(dir) && ReadAhead.isCached(dir + "/pipe.txt") && ReadAhead.isCached(dir + "/none.txt"))
        let ahead = ReadAhead()
        ahead.advise([dir + "/pipe.txt", dir + "/none.txt", dir])
        ahead.wait()
    }

    /// A group whose first files are cached and the rest not is still advised: the probes are spread through it.
    @Test func aGroupCachedInPartIsAdvised() throws {
        let dir = temporaryDirectory()
        let paths = (0..<16).map { "\(dir)/b\($0).txt" }
        evictedFiles(paths)
        // Where nothing could be evicted (tmpfs), there is nothing to see.
        guard !paths.contains(where: ReadAhead.isCached) else { return }
        for path in paths.prefix(ReadAhead.probes) { _ = read(path) }
        #expect(paths.prefix(ReadAhead.probes).allSatisfy(ReadAhead.isCached))
        #expect(ReadAhead.probed(paths) == [paths[0], paths[4], paths[8], paths[12]])
        #expect(advised(paths))
        #expect(ReadAhead.probed(Array(paths.prefix(2))) == Array(paths.prefix(2)))
        #expect(ReadAhead.probed([]) == [])
    }

    /// A run from the cache that meets new articles after a few batches of cached ones asks the kernel to read ahead
    /// only files it has not given out yet: not the cached ones before, which it does not read. Without a cache,
    /// from the first file on.
    @Test func readAheadIsAskedOnlyForFilesStillToCome() throws {
        let corpus = temporaryDirectory()
        let cache = temporaryDirectory()
        let batch = Analyzer.batchPerThread
        func article(_ i: Int, _ name: String) {
            write("---\ntitle: \"Item \(i)\"\ndate: 2025-11-2\(i % 8)\n---\nالقاهرة تستقبل وفدا من إسلام آباد رقم \(i).\n", to: "\(corpus)/\(name).txt")
        }
        for i in 0..<(4 * batch) { article(i, String(format: "a-%04d", i)) }
        func run(cached: Bool, jobs: Int) throws -> [String] {
            let ahead = ReadAhead(recording: true)
            let c = cached ? try FindingsCache(directory: cache, corpus: corpus, lexicon: lexicon) : nil
            _ = try CorpusAnalysis.run(directory: corpus, lexicon: lexicon, jobs: jobs, cache: c, progress: nil, settledBefore: time(nil) + 10, readAhead: ahead) { _ in }
            ahead.wait()
            return ahead.requested.map { String($0.dropFirst(corpus.count + 1)) }
        }
        let old = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".txt") }
        let uncached = try run(cached: false, jobs: 1)
        #expect(uncached.first == old.min() && uncached.count == old.count)
        _ = try run(cached: true, jobs: 1)
        for jobs in [1, 2] {
            // New articles that sort after the others: three batches' worth, new for each run.
            for i in 0..<(3 * batch * jobs) { article(i, "zz-\(jobs)-\(i)") }
            let requested = try run(cached: true, jobs: jobs)
            #expect(!requested.isEmpty, "jobs \(jobs): the new articles are advised")
            #expect(requested.allSatisfy { $0.hasPrefix("zz-") }, "jobs \(jobs): \(requested.filter { !$0.hasPrefix("zz-") }.count) cached files advised")
        }
    }
}

@Suite(.serialized) struct ShardedRunTests {
    /// The map step on three shards through the command line, the reduce step from their merged lines: the same
    /// bytes as one run over the whole corpus.
    @Test func shardsAnalysedApartAndMergedGiveTheSameReports() throws {
        let corpus = try generatedCorpus(250_000, seed: 9)
        // Files that cannot be read: the reports list them by their path in the corpus, whichever shard met them.
        write(Data(), to: corpus + "/zz-empty.txt")
        write(Data([0x61, 0xFF, 0x0A]), to: corpus + "/aa-latin.txt")
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).sorted()
        let root = temporaryDirectory()
        var shards: [String] = []
        for k in 0..<3 {
            let shard = root + "/shard\(k)"
            try FileManager.default.createDirectory(atPath: shard, withIntermediateDirectories: true)
            for (i, f) in files.enumerated() where i % 3 == k {
                try FileManager.default.copyItem(atPath: corpus + "/" + f, toPath: shard + "/" + f)
            }
            shards.append(shard)
        }
        var lines: [Substring] = []
        for shard in shards {
            let map = try runBrief(["analyze", "--corpus", shard])
            #expect(map.status == (shard.hasSuffix("0") || shard.hasSuffix("1") ? 3 : 0), "\(map.stderr)")
            lines += map.stdout.split(separator: "\n")
        }
        #expect(lines.count == files.count)
        // Merged in any order: the engine that ran the map decides it.
        var random = CorpusGenerator.Random(state: 1)
        for i in lines.indices.reversed() { lines.swapAt(i, random.below(i + 1)) }
        let merged = root + "/merged.jsonl"
        write(lines.joined(separator: "\n") + "\n", to: merged)

        let whole = root + "/whole"
        let fromShards = root + "/from-shards"
        // The folder named another way than the map steps named theirs.
        for (args, out) in [(["--corpus", corpus + "/"], whole), (["--analysis", merged], fromShards)] {
            let weekly = try runBrief(["weekly"] + args + ["--out", out])
            #expect(weekly.status == 3, "\(weekly.stderr)")
            let dossier = try runBrief(["dossier", "eg", "pk"] + args + ["--out", out])
            #expect(dossier.status == 3, "\(dossier.stderr)")
        }
        #expect(try #require(read(whole + "/dossier-eg.en.md")).contains("- aa-latin.txt 1: not valid UTF-8"))
        let names = try FileManager.default.contentsOfDirectory(atPath: whole).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names.count == 15)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fromShards).filter { !$0.hasPrefix(".") }.sorted() == names)
        for name in names {
            #expect(read(whole + "/" + name) == read(fromShards + "/" + name), "\(name) differs")
        }
        // Standard input works as well as a file.
        let viaStdin = try runBrief(["weekly", "--analysis", "-", "--out", root + "/stdin", "--lang", "en", "--format", "md"], stdin: FileManager.default.contents(atPath: merged))
        #expect(viaStdin.status == 3, "\(viaStdin.stderr)")
        let weeklyName = try #require(names.first { $0.hasPrefix("weekly-") && $0.hasSuffix(".en.md") })
        #expect(read(root + "/stdin/" + weeklyName) == read(whole + "/" + weeklyName))
    }

    @Test func linesAreReadAcrossChunksOfAnySize() throws {
        let file = temporaryDirectory() + "/seeds.jsonl"
        // No newline after the last line, and a blank line in the middle.
        let lines = seedPipeline.analyses.map { AnalysisLines.line($0, lexicon: lexicon) }
        write(lines[..<2].joined(separator: "\n") + "\n\n" + lines[2...].joined(separator: "\n"), to: file)
        // Decoded on one thread or several, the findings come in the order of the lines.
        for chunk in [1, 7, 4096, 4 << 20] {
            for jobs in [1, 2, 3] {
                var read: [ArticleAnalysis] = []
                let problems = try AnalysisLines.read([file], lexicon: lexicon, chunkSize: chunk, jobs: jobs) { read.append($0) }
                #expect(problems.isEmpty)
                #expect(read == seedPipeline.analyses, "chunks of \(chunk) bytes, \(jobs) threads")
            }
        }
    }

    @Test func theReduceStepNamesTheLineItCannotUse() throws {
        let root = temporaryDirectory()
        let good = AnalysisLines.line(seed("002"), lexicon: lexicon)
        let cases: [(String, String)] = [
            ("{\"lexicon\": \"0123\", \"article\": {}}\n", "analysed with another lexicon or version of brief"),
            (good + "\nnot json\n", "not a line of brief analyze output (not JSON)"),
            // Lines decoded on several threads: the first bad line is the one named.
            (good + "\nnot json\n{}\n" + good + "\n", "not a line of brief analyze output (not JSON)"),
            ("{\"lexicon\": \"\(lexicon.fingerprint)\"}\n", "a line with neither"),
            ("{\"lexicon\": \"\(lexicon.fingerprint)\", \"article\": {\"sentences\": []}}\n", "not a line of brief analyze output (missing"),
            // A shard whose map step was stopped while it wrote its last line.
            (good + "\n" + String(good.prefix(300)), "not a line of brief analyze output (not JSON; the file ends inside this line"),
        ]
        for (i, (text, message)) in cases.enumerated() {
            let file = root + "/case\(i).jsonl"
            write(text, to: file)
            let run = try runBrief(["weekly", "--analysis", file, "--out", root + "/out"])
            #expect(run.status == 1)
            let line = text.hasPrefix(good) ? 2 : 1
            #expect(run.stderr.hasPrefix("\(file):\(line): error: \(message)"), "\(run.stderr)")
        }
        // A well-formed line whose findings cite a sentence it does not give (edited by hand or by another tool).
        var object = try #require(try JSONSerialization.jsonObject(with: Data(good.utf8)) as? [String: Any])
        var article = try #require(object["article"] as? [String: Any])
        var themes = try #require(article["themes"] as? [[String: Any]])
        let t = try #require(themes.firstIndex { !(($0["evidence"] as? [Int]) ?? []).isEmpty })
        themes[t]["evidence"] = [99999]
        article["themes"] = themes
        object["article"] = article
        let edited = root + "/edited.jsonl"
        write(Data(try JSONSerialization.data(withJSONObject: object)) + Data("\n".utf8), to: edited)
        let cites = try runBrief(["weekly", "--analysis", edited, "--out", root + "/out"])
        #expect(cites.status == 1)
        #expect(cites.stderr.hasPrefix("\(edited):1: error: not a line of brief analyze output (.article.themes[\(t)].evidence[0] cites sentence 99999, which the line does not give)"), "\(cites.stderr)")
        // Compressed shards are named as such, with the command that reads them.
        let compressed = root + "/shard.jsonl.gz"
        write(Data([0x1F, 0x8B, 0x08, 0x00] + Array(good.utf8)), to: compressed)
        let gzip = try runBrief(["weekly", "--analysis", compressed, "--out", root + "/out"])
        #expect(gzip.status == 1)
        #expect(gzip.stderr.hasPrefix("\(compressed): error: compressed with gzip; decompress it first (zcat \(compressed) | brief ... --analysis -)"), "\(gzip.stderr)")
        // The same article in two shards: reported once as a duplicate, the reports still written.
        let twice = root + "/twice.jsonl"
        write(good + "\n" + good + "\n", to: twice)
        let run = try runBrief(["weekly", "--analysis", twice, "--out", root + "/twice"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("\(twice):2: error:"))
        #expect(run.stderr.contains("from 1 article; 1 skipped"))
        // Many of them, in the order of their lines (10 after 9), each with its line in the report too.
        write(String(repeating: good + "\n", count: 11), to: twice)
        let many = try runBrief(["weekly", "--analysis", twice, "--out", root + "/many", "--lang", "en", "--format", "md"])
        let lines = many.stderr.split(separator: "\n").filter { $0.contains("same article id") }
        #expect(lines.map { $0.split(separator: ":").dropFirst().first.map(String.init) } == (2...11).map { String($0) }, "\(many.stderr)")
        let report = try FileManager.default.contentsOfDirectory(atPath: root + "/many").first { $0.hasSuffix(".en.md") }
        let text = try #require(report.flatMap { read(root + "/many/" + $0) })
        #expect(text.contains("- \(twice) 10: another file has the same article id"), "\(text)")
    }
}

@Suite struct ParallelMapTests {
    /// On any number of threads the results come in the elements' order, each computed by a worker within the jobs
    /// asked for, and they are let go once copied out (a buffer freed without deinitializing them kept every one
    /// alive).
    @Test func resultsComeInOrderAndAreLetGo() {
        final class Box: @unchecked Sendable {
            let value: Int
            init(_ value: Int) { self.value = value }
        }
        struct Weak: @unchecked Sendable { weak var box: Box? }
        for jobs in [1, 2, 3, 8, 2000] {
            var probes: [Weak] = []
            do {
                let results = Array(0..<1000).parallelMap(jobs: jobs) { w, i in (worker: w, box: Box(i * i)) }
                #expect(results.map(\.box.value) == (0..<1000).map { $0 * $0 }, "\(jobs) threads")
                #expect(results.allSatisfy { $0.worker >= 0 && $0.worker < max(1, min(jobs, 1000)) })
                probes = results.map { Weak(box: $0.box) }
            }
            #expect(probes.count == 1000 && probes.allSatisfy { $0.box == nil }, "\(jobs) threads")
        }
    }

    /// A worker held up does not hold back the elements after its own: the other takes them. Element 0 waits for all
    /// the others; when each worker had every second element, the other stopped after half of them, and the wait for
    /// the next timed out.
    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount >= 2, "two threads at once"))
    func aWorkerHeldUpLeavesTheRestToTheOther() {
        enum Outcome { case done, stalled, otherNeverStarted }
        let done = DispatchSemaphore(value: 0)
        let results = Array(0..<64).parallelMap(jobs: 2) { _, i -> Outcome in
            guard i == 0 else {
                done.signal()
                return .done
            }
            // The other worker may start late: the thread pool is shared with the tests running alongside, and
            // libdispatch adds a thread only once a second. Once it has started, each element takes it a moment.
            if done.wait(timeout: .now() + 60) == .timedOut { return .otherNeverStarted }
            for _ in 2..<64 {
                if done.wait(timeout: .now() + 10) == .timedOut { return .stalled }
            }
            return .done
        }
        #expect(!results.contains(.stalled), "the other worker stopped before the elements were done")
        if results.contains(.otherNeverStarted) {
            print("aWorkerHeldUpLeavesTheRestToTheOther: no second thread came within 60 s; nothing was tested")
        }
    }
}

@Suite struct PerThreadTests {
    /// A thread takes back the resource it gave back last, though another thread gave one back after it: two
    /// threads each hold one at once, give them back one after the other, then take again. Taking the last given
    /// back, as a plain stack of free ones does, would swap them.
    @Test func aThreadTakesBackItsOwn() {
        final class Counter: @unchecked Sendable {
            var made = 0
        }
        let counter = Counter()
        let pool = PerThread<Int> { before in
            counter.made += 1
            return before
        }
        final class Taken: @unchecked Sendable {
            var first: [Int] = [-1, -1]
            var second: [Int] = [-1, -1]
        }
        let taken = Taken()
        let bothHold = DispatchGroup()
        bothHold.enter()
        bothHold.enter()
        let firstGaveBack = DispatchSemaphore(value: 0)
        let secondGaveBack = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for t in 0..<2 {
            done.enter()
            Thread.detachNewThread {
                let resource = pool.take()
                taken.first[t] = resource
                bothHold.leave()
                bothHold.wait()
                // Thread 1 gives its resource back only after thread 0 has.
                if t == 1 { firstGaveBack.wait() }
                pool.give(resource)
                if t == 0 { firstGaveBack.signal() } else { secondGaveBack.signal() }
                if t == 0 { secondGaveBack.wait() }
                let again = pool.take()
                taken.second[t] = again
                pool.give(again)
                if t == 0 { secondGaveBack.signal() }
                done.leave()
            }
        }
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(counter.made == 2)
        #expect(Set(taken.first) == [0, 1])
        #expect(taken.second == taken.first, "first \(taken.first), then \(taken.second)")
    }

    /// A lexicon's own copy, which the analysis gives each thread but the first, is the same lexicon: the same
    /// fingerprint, the same words under the same numbers, the same marks; and an analysis on four threads gives
    /// what one thread does.
    @Test func aLexiconsOwnCopyIsTheSameLexicon() {
        let copy = lexicon.ownCopy()
        #expect(copy !== lexicon)
        #expect(copy.fingerprint == lexicon.fingerprint)
        #expect(copy.vocabulary.count == lexicon.vocabulary.count)
        #expect(copy.startsByID == lexicon.startsByID)
        for article in seedCorpus.articles {
            for p in article.paragraphs {
                #expect(Tokenizer.tokens(in: p.text, vocabulary: copy.vocabulary) == Tokenizer.tokens(in: p.text, vocabulary: lexicon.vocabulary))
            }
        }
        let articles = Array(repeating: seedCorpus.articles, count: 8).flatMap { $0 }
        let one = Analyzer(lexicon: lexicon).analyze(articles, jobs: 1)
        #expect(Analyzer(lexicon: lexicon).analyze(articles, jobs: 4) == one)
        #expect(Analyzer(lexicon: copy).analyze(articles, jobs: 1) == one)
    }

    /// A streamed analysis hands on every article's analysis once, in the articles' order, the same as the whole
    /// analysis: over a generated corpus of different articles, whose number is no multiple of a batch on one
    /// thread or on two.
    @Test func aStreamedAnalysisHandsOnEachAnalysisInOrder() throws {
        let articles = try CorpusLoader.load(directory: generatedCorpus(600_000, seed: 11)).articles
        #expect(articles.count > 2 * Analyzer.batchPerThread && articles.count % Analyzer.batchPerThread != 0)
        let whole = Analyzer(lexicon: lexicon).analyze(articles, jobs: 1)
        for jobs in [1, 2] {
            var streamed: [ArticleAnalysis] = []
            Analyzer(lexicon: lexicon).analyze(articles, jobs: jobs) { streamed.append($0) }
            #expect(streamed.map(\.article.id) == whole.map(\.article.id), "\(jobs) threads")
            #expect(streamed.elementsEqual(whole), "\(jobs) threads")
        }
    }
}

@Suite struct ProgressTests {
    @Test func noProgressLineWhenStderrIsNotATerminal() throws {
        let corpus = try generatedCorpus(400_000, seed: 10)
        let run = try runBrief(["weekly", "--corpus", corpus, "--out", temporaryDirectory(), "--jobs", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("\r"))
        #expect(!run.stderr.contains("\u{1B}"))
        #expect(run.stderr.hasPrefix("brief: wrote 5 files"))
    }

    @Test func aProgressLineOnATerminal() throws {
        // script(1) gives the run a terminal; the line is asked for from the start rather than after a second.
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "script(1) (Debian bsdutils) gives the run a terminal")
        let corpus = try generatedCorpus(200_000, seed: 14)
        let exe = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")).deletingLastPathComponent().appendingPathComponent("brief").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(exe) weekly --corpus \(corpus) --out \(temporaryDirectory()) --jobs 1 --no-cache", "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment["BRIEF_PROGRESS_AFTER"] = "0"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = Pipe()
        try process.run()
        let terminal = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(terminal)")
        let n = try FileManager.default.contentsOfDirectory(atPath: corpus).count
        // Redrawn in place (carriage return, erase line), ending at all articles, then cleared before the summary.
        #expect(terminal.contains("\r\u{1B}[Kbrief: \(n)/\(n) articles (100%), "), "\(terminal.debugDescription)")
        #expect(terminal.contains(" MB/s, about "))
        #expect(terminal.contains("\r\u{1B}[Kbrief: wrote 5 files"))
    }
}

@Suite struct FindingsCodingTests {
    /// A string read back from the cache is checked as UTF-8 (it is made without the standard library's check):
    /// Arabic, Latin and four-byte text reads back as written, and bytes that are not UTF-8 make the record
    /// malformed instead of a string.
    @Test func stringsReadFromTheCacheAreCheckedUTF8() throws {
        let texts = ["", "a", "وأكد الوزير أهمية التعاون بين البلدين", "Café 𝔸 — ١٢٣", String(repeating: "مرحبا ", count: 40)]
        var w = FindingsCoding.Writer()
        for t in texts { w.string(t) }
        var read: [String] = []
        try w.bytes.withUnsafeBytes { raw in
            var r = FindingsCoding.Reader(bytes: raw)
            for _ in texts { read.append(try r.string()) }
        }
        #expect(read == texts)
        let long = Array(String(repeating: "مرحبا ", count: 10).utf8)
        for bad: [UInt8] in [[0xC3, 0x28], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], long + [0xD8], Array(long.prefix(34)) + long] {
            var bw = FindingsCoding.Writer()
            bw.int(bad.count)
            bw.bytes += bad
            let refused = bw.bytes.withUnsafeBytes { raw -> Bool in
                var r = FindingsCoding.Reader(bytes: raw)
                return (try? r.string()) == nil
            }
            #expect(refused, "\(bad)")
        }
    }

    @Test func everyFindingSurvivesTheCacheFormatAndJSON() throws {
        let corpus = try generatedCorpus(120_000, seed: 12)
        let analyses = seedPipeline.analyses + (try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates).analyses)
        // The seeds and the generated articles together exercise every kind of finding.
        #expect(analyses.contains { !$0.figures.isEmpty && $0.figures.contains { $0.trade?.period != nil } })
        #expect(analyses.contains { !$0.meetings.isEmpty && !$0.counts.isEmpty && !$0.people.isEmpty })
        #expect(analyses.contains { a in a.dates.contains { if case .span = $0.expression { return true } else { return false } } })
        let decoder = JSONDecoder()
        let reference = JSONEncoder()
        reference.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let problems: [CorpusError.Kind] = [
            .missingDirectory, .unreadable("a \"quoted\" \\ path/\u{1}\u{1F}\t\n\r\u{8}\u{C}\u{7F}\u{2028}"), .notUTF8(byteOffset: 12), .windows1256(byteOffset: 3), .utf16, .binary,
            .empty, .onlyFurniture(lines: 3, kinds: ["byline", "sectionLabel"]), .frontMatter("x"), .unknownField("y"), .invalidDate("2025-13-01"), .duplicateID("z"), .metadata("m"), .metadataEntry(file: "ملف.txt", problem: .invalidDate("2025-02-30")), .metadataOrphan(file: "x.txt"),
        ]
        for (i, kind) in problems.enumerated() {
            var problem = CorpusError(file: "dir/ملف \(i).txt", line: i % 2 == 0 ? i : nil, column: i % 3 == 0 ? 2 : nil, kind: kind)
            if i % 2 == 1 { problem.relative = "ملف \(i).txt" }
            let expected = String(decoding: try reference.encode(AnalysisLines.Line(lexicon: lexicon.fingerprint.description, skipped: problem)), as: UTF8.self)
            #expect(AnalysisLines.line(problem, lexicon: lexicon) == expected)
        }
        for a in analyses {
            let binary = FindingsCoding.encode(a)
            let fromBinary = binary.withUnsafeBytes { FindingsCoding.decode($0) } == a
            #expect(fromBinary, "\(a.article.id)")
            let fromJSON = try decoder.decode(ArticleAnalysis.self, from: try JSONEncoder().encode(a)) == a
            #expect(fromJSON, "\(a.article.id)")
            // A record cut short or with a byte too many is refused, not half read.
            #expect(binary.dropLast().withUnsafeBytes { FindingsCoding.decode($0) } == nil)
            #expect((binary + [0]).withUnsafeBytes { FindingsCoding.decode($0) } == nil)
            // The lines of `brief analyze` are the bytes Foundation's encoder writes, sorted keys and all, and read
            // back field by field they are the findings again.
            let expected = String(decoding: try reference.encode(AnalysisLines.Line(lexicon: lexicon.fingerprint.description, article: a)), as: UTF8.self)
            #expect(AnalysisLines.line(a, lexicon: lexicon) == expected, "\(a.article.id)")
            #expect(Array(expected.utf8).withUnsafeBufferPointer { FindingsJSON.article(in: $0, lexicon: lexicon.fingerprint.description) } == a)
            // The digest is read alone, and checked alone: a byte of it changed and it is refused.
            #expect(binary.withUnsafeBytes { FindingsCoding.digest($0) } == ArticleDigest(a))
            var damaged = binary
            damaged[13] ^= 0x40
            #expect(damaged.withUnsafeBytes { FindingsCoding.digest($0) } == nil)
        }
    }
}

@Suite struct FindingsJSONTests {
    /// Text with every kind of character JSON escapes, in fields of every kind, written as Foundation writes it and
    /// read back.
    @Test func escapedTextIsWrittenAndReadExactly() throws {
        var a = seed("002")
        let odd = "a \"quoted\" \\ path/ \u{1}\u{1F}\t\n\r\u{8}\u{C}\u{7F}\u{2028} 😀 «مصر»"
        a.article.title = .inferred(odd, .metadataFile(odd))
        a.article.subtitle = odd
        a.sentences[0].text = odd
        a.people.append(PersonMention(id: nil, name: odd, english: odd, romanized: true, title: nil, country: nil, sentence: 0))
        a.dates.append(DateMention(expression: .monthDay(month: 2, day: 11), date: nil, end: nil, basis: .unresolved, sentence: 0, range: 1..<3, text: odd))
        a.dates.append(DateMention(expression: .relativeMonth(month: 7, offset: -1), date: nil, end: nil, basis: .unresolved, sentence: 0, range: 1..<3))
        a.dates.append(DateMention(expression: .weekday(6), date: nil, end: nil, basis: .unresolved, sentence: 0, range: 1..<3))
        // Every kind of date expression and every qualifier of a sum, in both formats.
        let kinds: [DateExpression.Value] = [
            .nextWeekday(1), .yesterday, .relativeYear(offset: -1), .relativeMonthDay(month: 12, day: 28, offset: -1),
            .inRelativeYear(month: 12, day: 28, offset: -1), .inRelativeYear(month: 3, day: nil, offset: 0),
            .monthDaySpan(month: 12, first: 28, last: 30),
        ]
        for e in kinds { a.dates.append(DateMention(expression: e, date: PartialDate(year: 2024), end: nil, basis: .relative, sentence: 0, range: 1..<3)) }
        // A span of days placed in a year, with its end.
        a.dates.append(DateMention(
            expression: .monthDaySpan(month: 12, first: 28, last: 30), date: PartialDate(year: 2025, month: 12, day: 28),
            end: PartialDate(year: 2025, month: 12, day: 30), basis: .articleYear, sentence: 0, range: 1..<3))
        var figure = try #require(a.figures.first)
        for q in MoneyFigure.Qualifier.allCases {
            figure.qualifier = q
            a.figures.append(figure)
        }
        #expect(FindingsCoding.encode(a).withUnsafeBytes { FindingsCoding.decode($0) } == a)
        a.signature[0] = .max
        let reference = JSONEncoder()
        reference.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let fingerprint = lexicon.fingerprint.description
        let expected = try reference.encode(AnalysisLines.Line(lexicon: fingerprint, article: a))
        #expect(AnalysisLines.line(a, lexicon: lexicon) == String(decoding: expected, as: UTF8.self))
        #expect(Array(expected).withUnsafeBufferPointer { FindingsJSON.article(in: $0, lexicon: fingerprint) } == a)
        // Escapes Foundation does not write, spaces between tokens and keys in another order read the same.
        let line = String(decoding: expected, as: UTF8.self)
        let article = line.dropFirst("{\"article\":".count).dropLast(",\"lexicon\":\"\(fingerprint)\"}".count)
        let reordered = ("{ \"lexicon\": \"\(fingerprint)\", \"article\": " + article + "}")
            .replacingOccurrences(of: "/", with: "\\/").replacingOccurrences(of: "😀", with: "\\ud83d\\ude00")
            .replacingOccurrences(of: "\":", with: "\" : ").replacingOccurrences(of: "],", with: "] ,")
        let decoded = try JSONDecoder().decode(AnalysisLines.Line.self, from: Data(reordered.utf8)).article
        #expect(decoded == a)
        #expect(Array(reordered.utf8).withUnsafeBufferPointer { FindingsJSON.article(in: $0, lexicon: fingerprint) } == a)
    }

    /// Lines damaged at random: where the field-by-field reader reads one, `JSONDecoder` reads the same findings;
    /// everywhere else the reader gives up and `JSONDecoder` has the last word.
    @Test func theReaderNeverDisagreesWithJSONDecoder() throws {
        let fingerprint = lexicon.fingerprint.description
        let lines = seedPipeline.analyses.map { Array(AnalysisLines.line($0, lexicon: lexicon).utf8) }
        var generator = CorpusGenerator.Random(state: 12060006)
        let inserts: [[UInt8]] = [[0x20], Array(",".utf8), Array("\"x\":1,".utf8), Array("1".utf8), Array(".5".utf8), Array("-".utf8), Array("\\".utf8), [0xFF], Array("null".utf8), Array("e3".utf8)]
        var read = 0
        var gaveUp = 0
        for _ in 0..<3000 {
            var line = lines.randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 1...2, using: &generator) {
                let at = Int.random(in: 0..<line.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: line.remove(at: at)
                case 1: line.insert(contentsOf: inserts.randomElement(using: &generator)!, at: at)
                default:
                    // A key written twice: the member at a comma copied after itself.
                    guard let comma = line[at...].firstIndex(of: UInt8(ascii: ",")), let next = line[(comma + 1)...].firstIndex(of: UInt8(ascii: ",")) else { continue }
                    line.insert(contentsOf: line[comma..<next], at: next)
                }
            }
            let fast = line.withUnsafeBufferPointer { FindingsJSON.article(in: $0, lexicon: fingerprint) }
            let decoder = JSONDecoder()
            decoder.userInfo[AnalysisLines.Line.expected] = fingerprint
            let slow = (try? decoder.decode(AnalysisLines.Line.self, from: Data(line)))?.article
            if let fast {
                read += 1
                #expect(fast == slow, "\(String(decoding: line, as: UTF8.self))")
            } else {
                gaveUp += 1
            }
        }
        // Both paths were taken: damage the reader still reads (a space, a byte of text) and damage it does not.
        #expect(read > 100 && gaveUp > 100)
    }
}

@Suite struct StreamingWeeklyTests {
    /// The weekly brief gathered one article at a time, in any order, keeping one week: the same bytes as the
    /// brief built from every finding at once.
    @Test func theCollectorGivesTheSameBriefInAnyOrder() throws {
        let corpus = try generatedCorpus(300_000, seed: 15)
        let pipeline = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
        // Undated and coarsely dated articles too, more than the brief lists.
        var analyses = pipeline.analyses
        for i in analyses.indices where i % 2 == 0 { analyses[i].article.date = .unknown }
        for i in analyses.indices where i % 3 == 1 { analyses[i].article.date = .given(PartialDate(year: 2025, month: 3)!, .frontMatter) }
        let builder = BriefBuilder(lexicon: lexicon, analyses: analyses)
        let latest = try builder.latestWeek()
        var random = CorpusGenerator.Random(state: 3)
        for requested in [nil, latest.previous!] {
            let expected = try pipeline.renderer.render(builder.weekly(requested ?? latest)).map(\.contents)
            var shuffled = analyses
            for i in shuffled.indices.reversed() { shuffled.swapAt(i, random.below(i + 1)) }
            let collector = WeeklyCollector(week: requested)
            for a in shuffled { collector.add(a, lexicon: lexicon) }
            let brief = try collector.brief(lexicon: lexicon)
            #expect(brief.excluded.count == BriefBuilder.limits.excluded)
            #expect((brief.omitted["excluded"] ?? 0) > 0)
            // The overview counts every article left out, not the forty listed.
            let left = analyses.filter { a in a.article.date.value.map { ISOWeek(containing: $0) == nil } ?? true }.count
            #expect(brief.excludedCount == left)
            let english = try #require(try pipeline.renderer.render(brief, languages: [.en], formats: [.md]).first?.contents)
            #expect(english.contains("; \(left) articles in the corpus without a date that places them in a week."))
            #expect(try pipeline.renderer.render(brief).map(\.contents) == expected)
        }
        #expect(throws: BriefBuilder.Error.self) { try WeeklyCollector().brief(lexicon: lexicon) }
    }

    /// A weekly run analyses only the articles it needs: in full those that may be in its week, for their themes
    /// those of the activity chart's weeks, for their date the others; from the cache it reads of each no more
    /// than that. Same bytes as the brief built from every finding.
    @Test func aWeeklyRunAnalysesAndReadsOnlyWhatItsWeeksNeed() throws {
        let corpus = try generatedCorpus(700_000, seed: 16)
        let cache = temporaryDirectory()
        func weekly(_ requested: ISOWeek?, cache: String?) throws -> (reports: [String], statistics: RunStatistics, full: Int) {
            let collector = WeeklyCollector(week: requested)
            var full = 0
            // One thread: batches of 64, so that later batches know the latest week of earlier ones.
            let pipeline = try Pipeline(
                corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates, jobs: 1, cacheDirectory: cache,
                sink: { a, lexicon in
                    full += 1
                    collector.add(a, lexicon: lexicon)
                }, skimming: collector.skimming)
            #expect(pipeline.articleCount == n)
            return (try pipeline.renderer.render(collector.brief(lexicon: lexicon)).map(\.contents), pipeline.statistics, full)
        }
        let all = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
        let n = all.analyses.count
        #expect(n > 128)
        func articles(in week: ISOWeek) -> Int { all.analyses.filter { $0.article.date.value.flatMap(ISOWeek.init(containing:)) == week }.count }
        let latest = try all.builder.latestWeek()
        let expected = try all.renderer.render(all.builder.weekly(latest)).map(\.contents)

        let cold = try weekly(nil, cache: nil)
        #expect(cold.reports == expected)
        // The first batch of 64 is analysed whole (no latest week yet); of the rest, the weeks before the chart's are not.
        let s = cold.statistics
        #expect(s.dateOnly > n / 4 && s.themesOnly > 0 && s.analysed + s.dateOnly + s.themesOnly == n, "\(s), n = \(n)")
        #expect(cold.full == cold.statistics.analysed && cold.full >= articles(in: latest))

        let filling = try weekly(nil, cache: cache)
        #expect(filling.reports == expected)
        #expect(filling.statistics == RunStatistics(analysed: s.analysed, dateOnly: s.dateOnly, themesOnly: s.themesOnly, bytes: s.bytes))
        let again = try weekly(nil, cache: cache)
        #expect(again.reports == expected)
        #expect(again.statistics.cached == n && again.statistics.analysed == 0)
        #expect(again.statistics.skimmed > n / 2 && again.full >= articles(in: latest) && again.full < n / 2)

        // A requested week is known from the start. Its chart's first week may hold articles read for their date
        // only so far: they are analysed now, and the next run reads all but the week's own as digests.
        let requested = latest.previous!
        let inRequested = articles(in: requested)
        #expect(inRequested > 0)
        let byRequest = try all.renderer.render(all.builder.weekly(requested)).map(\.contents)
        let week = try weekly(requested, cache: cache)
        #expect(week.reports == byRequest)
        let weekAgain = try weekly(requested, cache: cache)
        #expect(weekAgain.reports == byRequest)
        #expect(weekAgain.full == inRequested && weekAgain.statistics.skimmed == n - inRequested)
    }

    /// A dossier run from the cache reads in full only the articles that name one of its countries, and the
    /// digests of the others; an article whose digest does not give its countries (a weekly run analysed it for its
    /// themes only) is analysed in full. Same bytes as the dossier built from every finding.
    @Test func aDossierRunFromTheCacheReadsOnlyTheArticlesNamingItsCountries() throws {
        let corpus = try generatedCorpus(700_000, seed: 16)
        let all = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
        let n = all.analyses.count
        func naming(_ code: String) -> Int { all.analyses.filter { $0.countries.contains { $0.code == code } }.count }
        // A country some articles name and most do not.
        let country = try #require(lexicon.countries.countries.first { c in naming(c.code) > 0 && naming(c.code) < n / 2 })
        let expected = try all.renderer.render(all.builder.dossier(country)).map(\.contents)
        func dossier(cache: String) throws -> (reports: [String], statistics: RunStatistics, full: Int) {
            let collector = DossierCollector(country: country, lexicon: lexicon)
            var full = 0
            let pipeline = try Pipeline(
                corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates, jobs: 2, cacheDirectory: cache,
                sink: { a, _ in
                    full += 1
                    collector.add(a)
                }, skimming: collector.skimming)
            #expect(pipeline.articleCount == n)
            return (try pipeline.renderer.render(collector.brief()).map(\.contents), pipeline.statistics, full)
        }
        let cache = temporaryDirectory()
        let filling = try dossier(cache: cache)
        #expect(filling.reports == expected)
        #expect(filling.statistics.analysed == n && filling.full == n)
        let again = try dossier(cache: cache)
        #expect(again.reports == expected)
        #expect(again.statistics.cached == n && again.full == naming(country.code) && again.statistics.skimmed == n - naming(country.code))

        // From a cache a weekly run filled: the articles it did not analyse in full are analysed now.
        let weeklyCache = temporaryDirectory()
        let collector = WeeklyCollector()
        let weekly = try Pipeline(
            corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates, jobs: 1, cacheDirectory: weeklyCache,
            sink: { a, lexicon in collector.add(a, lexicon: lexicon) }, skimming: collector.skimming)
        #expect(weekly.statistics.dateOnly + weekly.statistics.themesOnly > 0)
        let afterWeekly = try dossier(cache: weeklyCache)
        #expect(afterWeekly.reports == expected)
        #expect(afterWeekly.statistics.analysed == weekly.statistics.dateOnly + weekly.statistics.themesOnly)
        #expect(try dossier(cache: weeklyCache).full == naming(country.code))
    }

    /// An article read for its date only is still checked as a parse would check it: one with no text is
    /// reported, whether or not its date is wanted.
    @Test func anArticleReadForItsDateOnlyIsStillChecked() throws {
        let corpus = try generatedCorpus(300_000, seed: 17)
        let text = String(repeating: "وأكد الوزير أهمية التعاون بين البلدين في مجالات عدة ", count: 8)
        write("---\ndate: 2020-01-06\n---\n\n", to: corpus + "/zz-empty.txt")
        write("---\ndate: 2020-01-06\n---\n\(text)\n", to: corpus + "/zz-old.txt")
        let collector = WeeklyCollector()
        let pipeline = try Pipeline(
            corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates, jobs: 1,
            sink: { a, lexicon in collector.add(a, lexicon: lexicon) }, skimming: collector.skimming)
        let all = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
        #expect(pipeline.problems == all.problems)
        #expect(pipeline.problems.map(\.kind) == [.empty] && pipeline.problems.first?.file.hasSuffix("zz-empty.txt") == true)
        #expect(pipeline.statistics.dateOnly > 0 && pipeline.articleCount == all.analyses.count)
        let head = try CorpusLoader.head(bytes: Array(read(corpus + "/zz-old.txt")!.utf8), path: "zz-old.txt", given: nil).get()
        #expect(head.certainlyHasText && head.fields.date == PartialDate(year: 2020, month: 1, day: 6))
        #expect(try !CorpusLoader.head(bytes: Array(read(corpus + "/zz-empty.txt")!.utf8), path: "zz-empty.txt", given: nil).get().certainlyHasText)
        let brief = try collector.brief(lexicon: lexicon, skipped: pipeline.problems)
        #expect(try pipeline.renderer.render(brief).map(\.contents) == all.renderer.render(all.builder.weekly(all.builder.latestWeek())).map(\.contents))
    }
}

@Suite struct StreamingDossierTests {
    /// A corpus of more articles than a brief lists, some undated, in which some meetings name Egypt's people but
    /// not Egypt (such a meeting is Egypt's only if one of its people is Egypt's by their first mention).
    static let corpus: (pipeline: Pipeline, analyses: [ArticleAnalysis]) = {
        let pipeline = try! Pipeline(corpus: folder, lexicons: workspace.lexicons, templates: workspace.templates, jobs: 2)
        var analyses = pipeline.analyses
        for i in analyses.indices where i % 3 == 0 {
            for m in analyses[i].meetings.indices { analyses[i].meetings[m].countries.removeAll { $0 == "EG" } }
        }
        for i in analyses.indices where i % 7 == 2 { analyses[i].article.date = .unknown }
        return (pipeline, analyses)
    }()

    static let folder = try! generatedCorpus(1_100_000, seed: 21, name: "streaming-dossier")

    /// `brief dossier` lists the sources it cites, or with `--all-sources` every one.
    @Test func theCommandListsEverySourceWhenAsked() throws {
        let naming = Self.corpus.pipeline.analyses.filter { a in a.countries.contains { $0.code == "EG" } }.count
        let (out, cache) = (temporaryDirectory(), temporaryDirectory("dossier-cache"))
        var reports: [String] = []
        for extra in [[], ["--all-sources"]] {
            let run = try runBrief(["dossier", "eg", "--corpus", Self.folder, "--out", out, "--lang", "en", "--format", "md"] + extra, cache: cache)
            #expect(run.status == 0, "\(run.stderr)")
            reports.append(try #require(read(out + "/dossier-eg.en.md")))
        }
        func listed(_ report: String) -> Int { report.components(separatedBy: "\n### S").count - 1 }
        #expect(reports[0].contains("Listed here:") && listed(reports[0]) < naming)
        #expect(!reports[1].contains("Listed here:") && listed(reports[1]) == naming)
    }

    /// The dossier gathered one article at a time, in any order, keeping what it shows: the same bytes as in
    /// article order, with every list past its limit.
    @Test func theCollectorGivesTheSameDossierInAnyOrder() throws {
        let (pipeline, analyses) = Self.corpus
        var builder = BriefBuilder(lexicon: lexicon, analyses: analyses)
        var random = CorpusGenerator.Random(state: 5)
        for code in ["eg", "pk"] {
            let country = lexicon.countries.lookup(code)!
            for all in [false, true] {
                builder.allSources = all
                let brief = builder.dossier(country)
                let limits = BriefBuilder.limits
                #expect(brief.figures.count == limits.figures && brief.timeline.count == limits.timeline && brief.meetings.count == limits.meetings)
                #expect(["figures", "timeline", "meetings"].allSatisfy { brief.omitted[$0, default: 0] > 0 })
                #expect(brief.themes.contains { $0.omitted > 0 } && brief.pairTimelines.contains { $0.omitted > 0 })
                if code == "eg" { #expect(brief.meetings.contains { !$0.meeting.countries.contains("EG") }) }
                let expected = try pipeline.renderer.render(brief).map(\.contents)
                for _ in 0..<2 {
                    var shuffled = analyses
                    for i in shuffled.indices.reversed() { shuffled.swapAt(i, random.below(i + 1)) }
                    let collector = DossierCollector(country: country, lexicon: lexicon)
                    for a in shuffled { collector.add(a) }
                    #expect(try pipeline.renderer.render(collector.brief(allSources: all)).map(\.contents) == expected)
                }
            }
        }
        // Two countries' dossiers gathered at once (an article naming both kept once): each the same.
        let both = DossierCollector(countries: [lexicon.countries.lookup("pk")!, lexicon.countries.lookup("eg")!], lexicon: lexicon)
        for a in analyses.reversed() { both.add(a) }
        builder.allSources = false
        let expected = try [builder.dossier(lexicon.countries.lookup("pk")!), builder.dossier(lexicon.countries.lookup("eg")!)].map { try pipeline.renderer.render($0).map(\.contents) }
        #expect(try both.briefs().map { try pipeline.renderer.render($0).map(\.contents) } == expected)
    }

    /// Past `limits.sources` articles a brief lists the sources it cites (and the first report of each of their
    /// stories), says how many it leaves out, and is otherwise the brief that lists them all.
    @Test func aLargeBriefListsTheSourcesItCites() throws {
        let (pipeline, analyses) = Self.corpus
        var builder = BriefBuilder(lexicon: lexicon, analyses: analyses)
        let brief = builder.dossier(lexicon.countries.lookup("eg")!)
        builder.allSources = true
        let all = builder.dossier(lexicon.countries.lookup("eg")!)
        let naming = analyses.filter { a in a.countries.contains { $0.code == "EG" } }
        #expect(all.sources.count == naming.count && all.sourceCount == naming.count && brief.sourceCount == naming.count)
        #expect(naming.count > BriefBuilder.limits.sources)
        #expect(brief.sources.count < brief.sourceCount)
        #expect(brief.omitted["sources"] == brief.sourceCount - brief.sources.count)
        #expect(brief.sources.allSatisfy { all.sources[$0.number - 1] == $0 })
        // The sources as kept in compact form: each article's description, and the stories of their signatures.
        let inOrder = naming.sorted { $0.article.id.precedesInBytes($1.article.id) }
        #expect(all.sources.map(\.article) == inOrder.map(\.article))
        let story = StoryClusters.group(inOrder.map(\.signature))
        #expect(all.sources.map(\.sameStoryAs) == story.indices.map { story[$0] != $0 ? story[$0] + 1 : nil })
        #expect(story.indices.contains { story[$0] != $0 })
        let listed = Set(brief.sources.map(\.number))
        #expect(brief.sources.allSatisfy { s in s.sameStoryAs.map(listed.contains) ?? true })
        #expect(brief.span == SourceSpan(naming.map(\.article.date.value)) && brief.span.undated > 0)
        #expect(brief.themes == all.themes && brief.figures == all.figures && brief.timeline == all.timeline && brief.meetings == all.meetings && brief.people == all.people)
        for report in try pipeline.renderer.render(brief) where report.name.hasSuffix(".md") {
            #expect(ReportChecker.checkMarkdown(report.contents, file: report.name).isEmpty)
        }
        let english = try #require(try pipeline.renderer.render(brief, languages: [.en], formats: [.md]).first?.contents)
        #expect(english.contains("Listed here: the \(brief.sources.count) sources this report cites, and the first report of each of their stories, of \(brief.sourceCount)"))
        #expect(english.contains("more in the corpus") && !english.contains("more in the sources"))
        #expect(english.contains("\(brief.sourceCount) articles naming Egypt, of any date."))
        // A theme's count is of all its articles, not of those quoted.
        let theme = try #require(brief.themes.first { $0.theme.id == "counterterrorism" })
        #expect(theme.omitted > 0 && theme.articles == theme.items.count + theme.omitted)
        #expect(english.contains("- Counterterrorism: \(theme.articles) articles\n"))
        #expect(english.contains("### Counterterrorism\n\n\(theme.articles) articles ("))
        // Every source cited is listed: without the list of cited sources the checker finds dangling citations.
        var unlisted = brief
        unlisted.sources.removeAll { $0.sameStoryAs == nil }
        let broken = try pipeline.renderer.render(unlisted, languages: [.en], formats: [.md]).first!
        #expect(ReportChecker.checkMarkdown(broken.contents, file: "x.md").contains { $0.kind == .citation })
    }

    /// A trade flow shows its first figures, each cited, and how many more the sources give.
    @Test func aTradeFlowShowsItsFirstFigures() throws {
        let trading = try #require(seedPipeline.analyses.first { $0.figures.contains(where: TradeLedger.counts) })
        let copies = (10..<30).map { i in
            var a = trading
            a.article.id = "copy-\(i)"
            return a
        }
        let brief = BriefBuilder(lexicon: lexicon, analyses: copies).weekly(ISOWeek(containing: trading.article.date.value!)!)
        let item = try #require(brief.trade.first { $0.balance.firstToSecond.count > BriefBuilder.limits.tradeFigures })
        #expect(item.firstToSecond.count == BriefBuilder.limits.tradeFigures)
        #expect(item.firstToSecond.map(\.source) == Array(1...BriefBuilder.limits.tradeFigures))
        let english = try #require(try seedPipeline.renderer.render(brief, languages: [.en], formats: [.md]).first?.contents)
        #expect(english.contains("/ and \(item.balance.firstToSecond.count - BriefBuilder.limits.tradeFigures) more [\\[S1 ¶"))
    }
}

@Suite struct CompactStoreTests {
    /// The bounded selection keeps what a stable sort would put first, and counts what it was offered.
    @Test func leastKeepsWhatAStableSortPutsFirst() {
        var random = CorpusGenerator.Random(state: 11)
        for limit in [0, 1, 5, 40] {
            let offered = (0..<500).map { (key: random.below(60), arrival: $0) }
            var least = Least<(key: Int, arrival: Int)>(limit) { $0.key < $1.key }
            for e in offered { least.offer(e) }
            let expected = offered.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.prefix(limit).map(\.element.arrival)
            #expect(least.elements.map(\.arrival) == expected)
            #expect(least.offered == offered.count)
        }
    }

    /// Descriptions and signatures read back as they were given, across the stores' blocks.
    @Test func theStoresGiveBackWhatTheyKeep() {
        let descriptions = DescriptionStore()
        let signatures = SignatureStore()
        var infos: [ArticleInfo] = []
        var kept: [[UInt64]] = []
        var random = CorpusGenerator.Random(state: 9)
        for i in 0..<6000 {
            var info = seedPipeline.analyses[i % seedPipeline.analyses.count].article
            info.id = "article-\(i)"
            info.title = i % 5 == 0 ? .unknown : .given(String(repeating: "عنوان ", count: random.below(40)), .frontMatter)
            infos.append(info)
            descriptions.append(info)
            let signature = i % 7 == 3 ? [] : (0..<StoryClusters.hashes).map { _ in UInt64(random.below(1 << 30)) << 30 | UInt64(random.below(1 << 30)) }
            kept.append(signature)
            signatures.append(signature)
        }
        #expect(infos.indices.allSatisfy { descriptions.info($0) == infos[$0] })
        #expect(kept.indices.allSatisfy { i in signatures.signature(i).map(Array.init) ?? [] == kept[i].map(StoryClusters.compact) })
    }
}

@Suite struct AnalysisScratchTests {
    /// A thread's working arrays carry nothing from one article to the next: one analyzer, going through the seed
    /// articles forwards, a freak article, and the seeds backwards, finds in each what a fresh analyzer finds.
    @Test func anArticleIsAnalysedAsIfFirst() {
        // A freak article: more sentences than a working array keeps room for, each naming a country and a sum.
        let freak = article([String(repeating: "التقى وزير خارجية مصر نظيره الباكستاني في إسلام آباد يوم 3 مارس 2024 بقيمة 5 ملايين دولار. ", count: AnalysisScratch.keptElements + 10)], id: "freak")
        let articles = seedCorpus.articles + [freak] + seedCorpus.articles.reversed()
        let reused = Analyzer(lexicon: lexicon)
        for a in articles {
            let analysis = reused.analyze(a)
            #expect(analysis == Analyzer(lexicon: lexicon).analyze(a), "\(a.id)")
            if a.id == freak.id { #expect(analysis.sentenceCount == AnalysisScratch.keptElements + 10) }
        }
    }

    /// An array given back is emptied with its room kept, and the one given is left empty; room grown past
    /// ``AnalysisScratch/keptElements`` elements is let go.
    @Test func workingArraysKeepTheRoomOfOrdinaryArticlesOnly() {
        var slot: [Int] = []
        var ordinary = AnalysisScratch.take(&slot)
        ordinary.append(contentsOf: 0..<1_000)
        let room = ordinary.capacity
        AnalysisScratch.give(&ordinary, to: &slot)
        #expect(ordinary.isEmpty && slot.isEmpty && slot.capacity == room)
        var next = AnalysisScratch.take(&slot)
        #expect(next.isEmpty && next.capacity == room && slot.capacity == 0)
        next.append(contentsOf: 0...AnalysisScratch.keptElements)
        AnalysisScratch.give(&next, to: &slot)
        #expect(slot.capacity == 0)
    }
}

extension AnalysisScratchTests {
    /// A thread's paragraph buffer holds each article's paragraphs as their UTF-8, one after another, whatever came
    /// before (longer, shorter, empty paragraphs, more of them); room grown for a freak article (a huge paragraph, or
    /// a great many) is let go at the next.
    @Test func paragraphBytesAreEachArticlesUTF8() {
        func paragraphs(_ texts: [String]) -> [Paragraph] { texts.enumerated().map { Paragraph(number: $0 + 1, line: $0 + 1, text: $1) } }
        let freak = String(repeating: "مصر وباكستان. ", count: ParagraphBuffer.keptBytes / 20)
        let many = Array(repeating: "م", count: ParagraphBuffer.keptParagraphs + 1)
        let articles = [
            ["التقى وزير خارجية مصر نظيره الباكستاني.", "", "x", "Pakistan & Egypt, 2024."],
            Array(repeating: "جملة قصيرة.", count: 100),
            [freak, "بعدها"],
            ["قصيرة"],
            many,
            [],
        ]
        var buffer = ParagraphBuffer()
        defer { buffer.free() }
        for texts in articles {
            let bytes = buffer.fill(paragraphs(texts))
            #expect(bytes.count == texts.count)
            for (p, text) in texts.enumerated() { #expect(Array(bytes[p]) == Array(text.utf8), "\(texts.count) paragraphs, \(p)") }
            #expect(Array(bytes.bytes) == Array(texts.joined().utf8))
            if texts.first == freak {
                #expect(buffer.room.bytes > ParagraphBuffer.keptBytes)
            } else {
                #expect(buffer.room.bytes <= ParagraphBuffer.keptBytes)
            }
            if texts == many {
                #expect(buffer.room.paragraphs > ParagraphBuffer.keptParagraphs)
            } else {
                #expect(buffer.room.paragraphs <= ParagraphBuffer.keptParagraphs)
            }
        }
    }

    /// Every order of first use of a country's kinds of mention (each a digit of a code) reads back as that order,
    /// from one list per thread, shared by every article that names a country so.
    @Test func kindsOfMentionComeInTheirOrderFromSharedLists() {
        let all: [MentionKind] = [.name, .adjective, .capital]
        var orders: [[MentionKind]] = [[]]
        for _ in all.indices {
            orders += orders.flatMap { o in all.filter { !o.contains($0) }.map { o + [$0] } }
        }
        orders = Array(Set(orders.map { $0.map(\.rawValue) })).sorted { $0.lexicographicallyPrecedes($1) }.map { $0.map { MentionKind(rawValue: $0)! } }
        #expect(orders.count == 16)
        var lists = AnalysisScratch.KindLists()
        for order in orders {
            let code = order.reduce(0) { $0 * 4 + Int(AnalysisScratch.KindLists.digit($1)) }
            let first = lists.list(code)
            #expect(first == order)
            let again = lists.list(code)
            #expect(again.withUnsafeBufferPointer { $0.baseAddress } == first.withUnsafeBufferPointer { $0.baseAddress }, "\(order)")
        }
    }
}

@Suite struct CacheFolderLocationTests {
    /// `$BRIEF_CACHE`, else an absolute `$XDG_CACHE_HOME`, else the home folder's `.cache`, the home from the password
    /// database when `$HOME` is unset or empty; never a shared folder such as `/tmp`, where another user could plant
    /// a memo.
    @Test func theCacheFolderIsTheUsersOwn() throws {
        #expect(FindingsCache.defaultDirectory(environment: ["BRIEF_CACHE": "/x", "HOME": "/h"]) == "/x")
        #expect(FindingsCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/brief")
        #expect(FindingsCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]) == "/h/.cache/brief")
        // Without HOME, the user's home from the password database; a user with no entry (a container's arbitrary
        // uid) has no cache folder at all, rather than one in /tmp.
        let home = getpwuid(getuid())?.pointee.pw_dir.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        #expect(FindingsCache.defaultDirectory(environment: ["HOME": ""]) == home.map { $0 + "/.cache/brief" })
        #expect(FindingsCache.defaultDirectory(environment: [:]) == home.map { $0 + "/.cache/brief" })
        #expect(FindingsCache.defaultDirectory(environment: [:])?.hasPrefix(NSTemporaryDirectory()) != true)
    }
}
