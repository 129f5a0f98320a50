import Foundation
import Testing

@testable import BriefKit

/// The reports of a run kept for the next run over the same inputs (``ReportMemo``).
@Suite struct ReportMemoTests {
    /// Inputs as if every file had been written long ago (the default trusts a `stat` two seconds after a change).
    func memo(
        _ corpus: String, cache: String, lexicons: String = workspace.lexicons, templates: String = workspace.templates,
        request: [String] = ["weekly", "latest"]
    ) throws -> ReportMemo {
        try ReportMemo(cacheDirectory: cache, corpus: corpus, lexicons: lexicons, templates: templates, request: request, jobs: 2, settledBefore: time(nil) + 10)
    }

    /// The weekly reports of the corpus as the memo surveyed it, and the run's problems and article count.
    func weekly(_ memo: ReportMemo, cache: String?) throws -> (reports: [RenderedReport], pipeline: Pipeline) {
        let pipeline = try Pipeline(
            corpus: memo.survey.directory, lexicons: workspace.lexicons, templates: workspace.templates, jobs: 2, cacheDirectory: cache, survey: memo.survey)
        return (try pipeline.render([pipeline.weekly(nil)], languages: Language.allCases, formats: ReportFormat.allCases), pipeline)
    }

    @Test func anUnchangedCorpusGivesBackTheKeptReports() throws {
        let corpus = try generatedCorpus(150_000, seed: 21)
        // One file that is not UTF-8: its problem is kept with the reports.
        write(Data([0x41, 0xC3, 0x28]), to: corpus + "/bad.txt")
        let cache = temporaryDirectory()
        let first = try memo(corpus, cache: cache)
        #expect(first.recalled() == nil)
        let (reports, pipeline) = try weekly(first, cache: cache)
        #expect(pipeline.problems.map(\.description) == ["\(corpus)/bad.txt:1:2: error: not valid UTF-8 (first bad byte at offset 1); convert the file to UTF-8"])
        let kept = first.keep(reports, problems: pipeline.problems, articles: pipeline.articleCount)
        #expect(kept)
        let second = try memo(corpus, cache: cache)
        #expect(second.key == first.key)
        let recalled = try #require(second.recalled())
        let hashes = reports.map { ReportWriter.contentHash(Array($0.contents.utf8)) }
        let same = recalled == ReportMemo.Recalled(reports: reports, hashes: hashes, problems: pipeline.problems.map(\.description), articles: pipeline.articleCount)
        #expect(same)
        // What was kept is what a run without any cache makes, and what a run from a survey makes.
        let uncached = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
        let made = try uncached.render([uncached.weekly(nil)], languages: Language.allCases, formats: ReportFormat.allCases)
        #expect(made == recalled.reports, "\(made.map(\.name)) vs \(recalled.reports.map(\.name))")
        #expect(uncached.problems == pipeline.problems)
    }

    @Test func everyInputOfTheReportsIsInTheFingerprint() throws {
        let corpus = try generatedCorpus(60_000, seed: 22)
        let cache = temporaryDirectory()
        let lexicons = temporaryDirectory()
        let templates = temporaryDirectory()
        for (from, to) in [(workspace.lexicons, lexicons), (workspace.templates, templates)] {
            for name in try FileManager.default.contentsOfDirectory(atPath: from) { try FileManager.default.copyItem(atPath: from + "/" + name, toPath: to + "/" + name) }
        }
        func key(_ request: [String] = ["weekly", "latest"]) throws -> Fingerprint {
            try memo(corpus, cache: cache, lexicons: lexicons, templates: templates, request: request).key
        }
        var seen: Set<Fingerprint> = [try key()]
        /// After `change`, the key is one not seen before.
        func expectNew(_ what: Comment, _ change: () throws -> Void) throws {
            try change()
            let k = try key()
            #expect(!seen.contains(k), what)
            seen.insert(k)
        }
        #expect(try key() == key(), "same inputs, same key")
        #expect(try !seen.contains(key(["weekly", "2025-W48"])), "another request")
        #expect(try !seen.contains(key(["weekly", "latest", "lang=en"])), "another option")

        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).sorted()
        try expectNew("a file rewritten in place, same size, same modification time") {
            let path = corpus + "/" + files[2]
            var info = stat()
            stat(path, &info)
            let text = try #require(read(path))
            let edited = text.replacingOccurrences(of: "مصر", with: "قطر")
            #expect(edited != text && edited.utf8.count == text.utf8.count)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.write(contentsOf: Data(edited.utf8))
            try handle.close()
            var times = [info.st_atim, info.st_mtim]
            utimensat(AT_FDCWD, path, &times, 0)
            var after = stat()
            stat(path, &after)
            #expect(after.st_ino == info.st_ino && after.st_size == info.st_size && after.st_mtim.tv_sec == info.st_mtim.tv_sec && after.st_mtim.tv_nsec == info.st_mtim.tv_nsec)
        }
        try expectNew("a new article") { write(read(corpus + "/" + files[0])!, to: corpus + "/sub-new.md") }
        try expectNew("an article in a new subfolder") {
            try FileManager.default.createDirectory(atPath: corpus + "/more", withIntermediateDirectories: true)
            write(read(corpus + "/" + files[0])!, to: corpus + "/more/a.txt")
        }
        try expectNew("an article removed") { try FileManager.default.removeItem(atPath: corpus + "/" + files[1]) }
        try expectNew("a file that cannot be read") { symlink(corpus + "/nowhere.txt", corpus + "/dangling.txt") }
        try expectNew("a metadata file") { write("\(files[3]):\n  date: 2025-01-02\n", to: corpus + "/" + CorpusLoader.metadataFileName) }
        try expectNew("a lexicon file") { write(read(lexicons + "/themes.yaml")! + "\n", to: lexicons + "/themes.yaml") }
        try expectNew("a new lexicon file") { write("{}\n", to: lexicons + "/extra.yaml") }
        try expectNew("a template") { write(read(templates + "/weekly.en.md.mustache")! + " ", to: templates + "/weekly.en.md.mustache") }
        try expectNew("the stylesheet") { write(read(templates + "/style.css")! + "\n", to: templates + "/style.css") }
        // A file that is not an article is not read by a run: it does not change the reports.
        write("notes", to: corpus + "/README")
        #expect(try seen.contains(key()), "a file that is not an article")
    }

    /// A corpus large enough for its key to be taken in two halves at once: the same key and the same trust with
    /// one job or two, and a change in either half is seen.
    @Test func aLargeCorpusHasOneKeyWhateverTheJobs() throws {
        let corpus = temporaryDirectory()
        let names = (0..<4_200).map { String(format: "a%05d.txt", $0) }
        for name in names { write("x", to: corpus + "/" + name) }
        let cache = temporaryDirectory()
        func memo(jobs: Int) throws -> ReportMemo {
            try ReportMemo(
                cacheDirectory: cache, corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates, request: ["weekly"], jobs: jobs,
                settledBefore: time(nil) + 10)
        }
        let one = try memo(jobs: 1)
        let two = try memo(jobs: 2)
        #expect(one.key == two.key && one.settled && two.settled)
        var seen: Set<Fingerprint> = [one.key]
        for name in [names[10], names[4_100]] {
            write("xy", to: corpus + "/" + name)
            let (a, b) = (try memo(jobs: 1), try memo(jobs: 2))
            #expect(a.key == b.key, "\(name)")
            #expect(!seen.contains(a.key), "a change to \(name) is seen")
            seen.insert(a.key)
        }
        // A file changed after the cutoff, in the second half: neither run trusts the corpus's stats.
        var times = [timespec(tv_sec: time(nil) + 60, tv_nsec: 0), timespec(tv_sec: time(nil) + 60, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, corpus + "/" + names[4_150], &times, 0) == 0)
        #expect(try !memo(jobs: 1).settled && !memo(jobs: 2).settled)
    }

    @Test func reportsOfFilesChangedJustNowAreNotKept() throws {
        let corpus = try generatedCorpus(30_000, seed: 23)
        let cache = temporaryDirectory()
        let fresh = try ReportMemo(cacheDirectory: cache, corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates, request: ["weekly"])
        #expect(!fresh.settled)
        let (reports, pipeline) = try weekly(fresh, cache: nil)
        let keptFresh = fresh.keep(reports, problems: pipeline.problems, articles: pipeline.articleCount)
        #expect(!keptFresh)
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
        // The same files, trusted: kept.
        let settled = try memo(corpus, cache: cache, request: ["weekly"])
        #expect(settled.settled && settled.path == fresh.path && settled.key == fresh.key)
        let kept = settled.keep(reports, problems: pipeline.problems, articles: pipeline.articleCount)
        #expect(kept)
        #expect(settled.recalled()?.reports.map(\.name) == reports.map(\.name))
    }

    @Test func theMemoReadWhileTheCorpusIsListedIsUsedWhileItsFileIsUnchanged() throws {
        let corpus = try generatedCorpus(30_000, seed: 25)
        let cache = temporaryDirectory()
        let first = try memo(corpus, cache: cache)
        #expect(first.early == nil)
        let (reports, pipeline) = try weekly(first, cache: nil)
        #expect(first.keep(reports, problems: pipeline.problems, articles: pipeline.articleCount))
        let second = try memo(corpus, cache: cache)
        // Read while the corpus was listed, and what the file holds.
        let early = try #require(second.early)
        #expect(early.key == second.key && early.recalled?.reports == reports)
        #expect(second.recalled()?.reports == reports)
        // While the file is as it was, the copy read early is what is recalled: the file is not read again.
        let other = ReportMemo.Recalled(reports: Array(reports.prefix(1)), hashes: ["0"], problems: [], articles: 1)
        var doctored = second
        doctored.early?.recalled = other
        #expect(doctored.recalled() == other)
        // A memo written since (to a new file, renamed over the old) is read again.
        #expect(CheckedFile.write(magic: ReportMemo.magic, key: second.key, to: second.path) { ReportMemo.encode(other, into: &$0) })
        #expect(second.recalled() == other)
        // One made for other inputs is not used, read early or not, and what it holds is not kept.
        #expect(CheckedFile.write(magic: ReportMemo.magic, key: Fingerprint(Array("other".utf8)), to: second.path) { ReportMemo.encode(other, into: &$0) })
        let third = try memo(corpus, cache: cache)
        #expect(third.early?.key == Fingerprint(Array("other".utf8)) && third.early?.recalled == nil)
        #expect(third.recalled() == nil)
        unlink(second.path)
        #expect(second.recalled() == nil)
    }

    @Test func aTornOrCorruptMemoIsNotUsed() throws {
        let corpus = try generatedCorpus(30_000, seed: 24)
        let cache = temporaryDirectory()
        let m = try memo(corpus, cache: cache)
        let (reports, pipeline) = try weekly(m, cache: nil)
        let kept = m.keep(reports, problems: pipeline.problems, articles: pipeline.articleCount)
        #expect(kept)
        let whole = try #require(FileManager.default.contents(atPath: m.path))
        #expect(m.recalled()?.reports.map(\.name) == reports.map(\.name))
        for damage in [
            { (d: inout Data) in d[d.count / 2] ^= 0x20 },  // a byte of the reports
            { (d: inout Data) in d[10] ^= 0x01 },  // the fingerprint of the inputs
            { (d: inout Data) in d.removeLast(100) },  // torn
            { (d: inout Data) in d.append(0) },  // longer than it says
            { (d: inout Data) in d = d.prefix(20) },  // only part of the header
        ] {
            var d = whole
            damage(&d)
            write(d, to: m.path)
            let recalled = m.recalled()
            #expect(recalled == nil)
        }
        // A payload whose checksum holds but whose lengths do not: decoded with bounds checked.
        let other = ReportMemo.Recalled(reports: reports, hashes: reports.map { _ in "0" }, problems: ["p"], articles: 3)
        let written = CheckedFile.write(magic: ReportMemo.magic, key: m.key, to: m.path) { ReportMemo.encode(other, into: &$0) }
        #expect(written)
        #expect(m.recalled() == other)
        let read = try #require(CheckedFile.read(m.path, magic: ReportMemo.magic, for: m.key)?.payload)
        #expect(ReportMemo.decode(read)?.problems == ["p"])
        var payload = Array(read)
        payload[8] = 0xFF
        #expect(ReportMemo.decode(StoredBytes(copying: payload)) == nil)
        #expect(ReportMemo.decode(StoredBytes(copying: payload.prefix(30))) == nil)
    }

    @Test func theSurveyListsAndTakesTheStatsARunWould() throws {
        let corpus = temporaryDirectory()
        // Files for several chunks of the walk, in two folders, one a link to nothing, plus files that are not
        // articles and a hidden folder.
        try FileManager.default.createDirectory(atPath: corpus + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: corpus + "/.hidden", withIntermediateDirectories: true)
        for i in 0..<1100 { write("مقال رقم \(i)\n", to: corpus + (i % 3 == 0 ? "/sub" : "") + "/a\(i).\(i % 5 == 0 ? "md" : "txt")") }
        write("x", to: corpus + "/notes.doc")
        write("x", to: corpus + "/.hidden/a.txt")
        symlink(corpus + "/nowhere.txt", corpus + "/dangling.txt")
        // Files the survey's fast way through rejects, for the common way to say why: not a regular file, too large
        // (a sparse file: no disk taken).
        mkfifo(corpus + "/pipe.txt", 0o644)
        let big = open(corpus + "/big.txt", O_WRONLY | O_CREAT, 0o644)
        #expect(ftruncate(big, off_t(CorpusLoader.maxArticleBytes + 1)) == 0)
        close(big)
        let expected = CorpusLoader.articleFiles(in: corpus)
        #expect(expected.count == 1103)
        for jobs in [1, 2, 3] {
            // With work done alongside the listing, once, as it is without.
            final class Count: @unchecked Sendable { var value = 0 }
            let alongside = Count()
            let survey = try CorpusSurvey(directory: corpus, jobs: jobs, alongside: jobs == 1 ? nil : { alongside.value += 1 })
            #expect(alongside.value == (jobs == 1 ? 0 : 1))
            #expect(survey.listing.files == expected, "jobs \(jobs)")
            #expect(survey.examined.count == expected.count)
            #expect(survey.examined.filter { if case .failure = $0 { true } else { false } }.count == 3)
            for (file, examined) in zip(survey.listing.files, survey.examined) {
                let alone = CorpusLoader.examine(corpus + "/" + file)
                switch (examined, alone) {
                case (.success(let x), .success(let y)): #expect(x == y)
                case (.failure(let x), .failure(let y)): #expect(x == y && ["dangling.txt", "pipe.txt", "big.txt"].contains(file))
                default: Issue.record("\(file): \(examined) vs \(alone)")
                }
            }
        }
        #expect(throws: CorpusError.self) { try CorpusSurvey(directory: corpus + "/missing", jobs: 2) }
        // The fast way through takes the article files, and leaves the others to the way that says why.
        let folder = open(corpus, O_RDONLY | O_DIRECTORY)
        defer { close(folder) }
        #expect(CorpusLoader.acceptedStat(of: "a1.txt", in: folder) == (try? CorpusLoader.examine(corpus + "/a1.txt").get()))
        #expect(CorpusLoader.acceptedStat(of: "a1.txt", in: folder) != nil)
        for other in ["pipe.txt", "big.txt", "dangling.txt", "sub", "missing.txt"] { #expect(CorpusLoader.acceptedStat(of: other, in: folder) == nil, "\(other)") }
    }
}

/// The checked cache files and their streamed fingerprint.
@Suite struct CheckedFileTests {
    @Test func aStreamedFingerprintIsThatOfTheBytesJoined() {
        var generator = CorpusGenerator.Random(state: 20261206)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0..<400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var stream = Fingerprint.Stream()
            var i = 0
            // Pieces shorter than a 32-byte block and longer than two, at any offset.
            let longest = Bool.random(using: &generator) ? 20 : 90
            while i < bytes.count {
                let n = Int.random(in: 0...min(longest, bytes.count - i), using: &generator)
                bytes[i..<(i + n)].withUnsafeBytes { stream.update($0) }
                i += n
            }
            #expect(stream.finalize() == Fingerprint(bytes), "\(bytes.count) bytes")
            #expect(stream.count == bytes.count)
        }
    }

    /// Any byte changed, a byte more or fewer, or two 32-byte blocks swapped: another fingerprint (the four lanes
    /// that take a long run of bytes see each word in its place).
    @Test func aFingerprintTellsBytesThatDifferApart() {
        var generator = CorpusGenerator.Random(state: 20261207)
        for length in [0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 100, 128, 257, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let base = Fingerprint(bytes)
            var seen: Set<Fingerprint> = [base, Fingerprint(bytes + [0]), Fingerprint(Array(bytes.dropLast()))]
            #expect(seen.count == (length == 0 ? 2 : 3), "\(length) bytes")
            for i in bytes.indices {
                var changed = bytes
                changed[i] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
                #expect(seen.insert(Fingerprint(changed)).inserted, "byte \(i) of \(length)")
            }
            if length >= 64 {
                let swapped = Array(bytes[32..<64] + bytes[0..<32] + bytes[64...])
                #expect(!seen.contains(Fingerprint(swapped)) && swapped != bytes)
            }
        }
    }

    @Test func aPayloadWrittenInPiecesReadsBackWhole() throws {
        let path = temporaryDirectory() + "/sub/f.bin"
        let key = Fingerprint(Array("key".utf8))
        let big = String(repeating: "نص ", count: 40_000)  // more than a block of the sink
        let written = CheckedFile.write(magic: "TST1", key: key, to: path) { sink in
            sink.write(UInt64(7))
            sink.write("short")
            sink.write(big)
        }
        #expect(written)
        func word(_ w: UInt64) -> [UInt8] { withUnsafeBytes(of: w.littleEndian) { Array($0) } }
        func text(_ t: String) -> [UInt8] { word(UInt64(t.utf8.count)) + Array(t.utf8) }
        let expected = word(7) + text("short") + text(big)
        #expect(CheckedFile.read(path, magic: "TST1", for: key).map { Array($0.payload) } == expected)
        #expect(CheckedFile.read(path, magic: "TST2", for: key) == nil)
        #expect(CheckedFile.read(path, magic: "TST1", for: Fingerprint(Array("other".utf8))) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent) == ["f.bin"], "no temporary file left")
        // A folder that cannot be made: not written, no error.
        #expect(!CheckedFile.write(magic: "TST1", key: key, to: path + "/under-a-file/g.bin") { $0.write(UInt64(7)) })
    }

    /// A file is read by mapping it into memory: what was read stays as it was read while another run writes the
    /// file again (to a temporary file renamed over it), and a file cut short is not read at all.
    @Test func aFileReadStaysAsReadWhenAnotherIsWrittenOverIt() throws {
        let path = temporaryDirectory() + "/f.bin"
        let key = Fingerprint(Array("key".utf8))
        #expect(CheckedFile.write(magic: "TST1", key: key, to: path) { $0.write("first, " + String(repeating: "أ", count: 5000)) })
        let first = try #require(CheckedFile.read(path, magic: "TST1", for: key))
        #expect(first.payload.store.mapped)
        var r = ByteReader(first.payload)
        let text = r.text()
        #expect(text?.hasPrefix("first, ") == true && r.atEnd)
        let kept = Array(first.payload)
        #expect(CheckedFile.write(magic: "TST1", key: key, to: path) { $0.write("second") })
        #expect(Array(first.payload) == kept)
        #expect(CheckedFile.read(path, magic: "TST1", for: key).map { Array($0.payload) } == [6, 0, 0, 0, 0, 0, 0, 0] + Array("second".utf8))
        // Cut short by a byte: its length is not the header's, and it is not read.
        let whole = try #require(FileManager.default.contents(atPath: path))
        try whole.dropLast().write(to: URL(fileURLWithPath: path))
        #expect(CheckedFile.read(path, magic: "TST1", for: key) == nil)
        // Slices of the bytes read compare by their bytes, wherever they start.
        let a = StoredBytes(copying: Array("abcabc".utf8))
        #expect(a[0..<3] == a[3..<6] && a[0..<3] != a[1..<4] && a[0..<0] == a[6..<6])
        #expect(String(decoding: a[2..<5], as: UTF8.self) == "cab")
    }
}

/// Folder listings kept from the last run (``ListingCache``).
@Suite struct ListingCacheTests {
    /// Walks `corpus` through the listing cache in `cache`, as a run does (settled files trusted unless told
    /// otherwise); the files found, and how many folders were read and reused.
    func walk(_ corpus: String, cache: String, settledBefore: Int = time(nil) + 10) -> (files: [String], read: Int, reused: Int) {
        let listings = ListingCache(cacheDirectory: cache, corpus: corpus, settledBefore: settledBefore)
        var files: [String] = []
        listings.walk(corpus) { files.append($0) }
        listings.save()
        return (CorpusLoader.sortedByBytes(files), listings.read, listings.reused)
    }

    @Test func onlyTheFoldersThatChangedAreReadAgain() throws {
        let corpus = temporaryDirectory()
        let cache = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: corpus + "/sub/deeper", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: corpus + "/.hidden", withIntermediateDirectories: true)
        for name in ["a.txt", "b.md", "notes.doc", "sub/c.txt", "sub/deeper/d.TXT", ".hidden/e.txt", ".f.txt"] { write("نص\n", to: corpus + "/" + name) }
        /// After `change`, a walk reads `expectedReads` folders and lists what a walk without the cache lists.
        func expectAfter(_ what: Comment, reads expectedReads: Int, _ change: () throws -> Void = {}) throws {
            // A folder's times move by the clock's tick: a change in the tick of the last walk would not show, which
            // the two seconds a run waits before trusting them are for (waived here).
            usleep(20_000)
            try change()
            let w = walk(corpus, cache: cache)
            #expect(w.files == CorpusLoader.articleFiles(in: corpus), what)
            #expect(w.read == expectedReads, what)
        }
        try expectAfter("the first walk", reads: 3)
        #expect(walk(corpus, cache: cache).files == ["a.txt", "b.md", "sub/c.txt", "sub/deeper/d.TXT"])
        try expectAfter("nothing changed", reads: 0)
        try expectAfter("an article edited in place", reads: 0) {
            let handle = try #require(FileHandle(forWritingAtPath: corpus + "/sub/c.txt"))
            try handle.write(contentsOf: Data("نص آخر\n".utf8))
            try handle.close()
        }
        try expectAfter("a file added in a subfolder", reads: 1) { write("x", to: corpus + "/sub/deeper/g.md") }
        try expectAfter("a file removed", reads: 1) { try FileManager.default.removeItem(atPath: corpus + "/a.txt") }
        try expectAfter("a file renamed", reads: 1) { try FileManager.default.moveItem(atPath: corpus + "/sub/c.txt", toPath: corpus + "/sub/c2.txt") }
        try expectAfter("a new folder", reads: 2) {
            try FileManager.default.createDirectory(atPath: corpus + "/new", withIntermediateDirectories: true)
            write("x", to: corpus + "/new/h.txt")
        }
        try expectAfter("a folder removed", reads: 1) { try FileManager.default.removeItem(atPath: corpus + "/sub/deeper") }
        // A link among the articles: its folder is read every time, since what it points to can change alone.
        try expectAfter("a link added", reads: 1) { symlink(corpus + "/b.md", corpus + "/sub/link.txt") }
        try expectAfter("a folder with a link", reads: 1)
        // The folder, its linked subfolder, and the new folder the link now points to (walked as a folder).
        try expectAfter("the link's target now a folder", reads: 3) {
            try FileManager.default.removeItem(atPath: corpus + "/b.md")
            try FileManager.default.createDirectory(atPath: corpus + "/b.md", withIntermediateDirectories: true)
        }
        #expect(!walk(corpus, cache: cache).files.contains("sub/link.txt"))
    }

    /// Folders that did not change are written back as the bytes they were read from: the file is the one a walk
    /// that read every folder would write.
    @Test func aListingKeptInPartIsWrittenAsIfMadeAfresh() throws {
        let corpus = temporaryDirectory()
        for folder in ["sub/deeper", "other"] { try FileManager.default.createDirectory(atPath: corpus + "/" + folder, withIntermediateDirectories: true) }
        for name in ["a.txt", "b.md", "sub/c.txt", "sub/deeper/d.txt", "other/e.txt", "other/f.txt"] { write("نص\n", to: corpus + "/" + name) }
        let kept = temporaryDirectory()
        #expect(walk(corpus, cache: kept).read == 4)
        usleep(20_000)
        write("x", to: corpus + "/sub/g.txt")
        let again = walk(corpus, cache: kept)
        #expect(again.read == 1 && again.reused == 3)
        let afresh = temporaryDirectory()
        #expect(walk(corpus, cache: afresh).read == 4)
        let path = ListingCache(cacheDirectory: kept, corpus: corpus).path
        let keptBytes = try #require(FileManager.default.contents(atPath: path))
        let afreshBytes = try #require(FileManager.default.contents(atPath: ListingCache(cacheDirectory: afresh, corpus: corpus).path))
        #expect(keptBytes == afreshBytes)
        // And the next walk reads it back whole.
        #expect(walk(corpus, cache: kept).read == 0)
    }

    @Test func foldersChangedJustNowAndDamagedListingsAreNotTrusted() throws {
        let corpus = temporaryDirectory()
        let cache = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: corpus + "/sub", withIntermediateDirectories: true)
        write("x", to: corpus + "/a.txt")
        write("x", to: corpus + "/sub/b.txt")
        // Changed within two seconds: not kept.
        #expect(walk(corpus, cache: cache, settledBefore: time(nil) - 2).read == 2)
        #expect(walk(corpus, cache: cache, settledBefore: time(nil) - 2).read == 2)
        #expect(walk(corpus, cache: cache).read == 2)
        #expect(walk(corpus, cache: cache).read == 0)
        let listings = ListingCache(cacheDirectory: cache, corpus: corpus)
        let whole = try #require(FileManager.default.contents(atPath: listings.path))
        var damaged = whole
        damaged[damaged.count - 3] ^= 0x01
        write(damaged, to: listings.path)
        let w = walk(corpus, cache: cache)
        #expect(w.read == 2 && w.files == ["a.txt", "sub/b.txt"])
        var torn = whole
        torn.removeLast(5)
        write(torn, to: listings.path)
        #expect(walk(corpus, cache: cache).read == 2)
        #expect(ListingCache.decode(StoredBytes(copying: whole.dropFirst(CheckedFile.headerSize).dropLast(2))) == nil)
    }
}

/// The commands' use of the memo.
@Suite struct ReportMemoCommandTests {
    @Test func aRunOverUnchangedInputsWritesTheLastRunsReportsAgain() throws {
        let corpus = temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: workspace.seeds) {
            try FileManager.default.copyItem(atPath: workspace.seeds + "/" + name, toPath: corpus + "/" + name)
        }
        write(Data([0x41, 0xC3, 0x28]), to: corpus + "/bad.txt")
        // A file's stat vouches for it two seconds after it changed.
        Thread.sleep(forTimeInterval: 3.1)
        let cache = temporaryDirectory()
        let out = temporaryDirectory()
        func reports(_ dir: String) throws -> [String: String] {
            var all: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: dir) where !name.hasPrefix(".") { all[name] = read(dir + "/" + name) }
            return all
        }
        let problem = "\(corpus)/bad.txt:1:2: error: not valid UTF-8 (first bad byte at offset 1); convert the file to UTF-8\n"
        let first = try runBrief(["weekly", "--corpus", corpus, "--out", out], cache: cache)
        #expect(first.status == 3)
        #expect(first.stderr.hasPrefix(problem) && !first.stderr.contains("unchanged"))
        let written = try reports(out)
        #expect(written.count == 5)
        // A report removed since is written again.
        try FileManager.default.removeItem(atPath: out + "/weekly-2025-W48.en.md")
        let second = try runBrief(["weekly", "--corpus", corpus, "--out", out, "--jobs", "1"], cache: cache)
        #expect(second.status == 3)
        #expect(second.stderr == problem + "brief: wrote 1 file to \(out) (4 left as they were) from 5 articles (unchanged since the last run: its reports from the cache); 1 skipped\n")
        #expect(try reports(out) == written)
        // A report edited since is not overwritten, kept reports or not.
        write(written["weekly-2025-W48.ar.md"]! + "ملاحظة\n", to: out + "/weekly-2025-W48.ar.md")
        let over = try runBrief(["weekly", "--corpus", corpus, "--out", out], cache: cache)
        #expect(over.status == 1)
        #expect(over.stderr.hasSuffix("\(out)/weekly-2025-W48.ar.md: error: was edited since brief wrote it; move it away or choose another --out\n"))
        write(written["weekly-2025-W48.ar.md"]!, to: out + "/weekly-2025-W48.ar.md")
        // Another option is another request; without the cache nothing is kept or used.
        let english = try runBrief(["weekly", "--corpus", corpus, "--out", temporaryDirectory(), "--lang", "en"], cache: cache)
        #expect(english.status == 3 && !english.stderr.contains("unchanged"))
        let uncached = try runBrief(["weekly", "--corpus", corpus, "--out", out, "--no-cache"], cache: cache)
        #expect(uncached.status == 3 && !uncached.stderr.contains("unchanged"))
        // An edited article: made again.
        write(read(corpus + "/002_db16e09cd59f1208.txt")! + "\nوقال المتحدث إن الزيارة ناجحة.\n", to: corpus + "/002_db16e09cd59f1208.txt")
        let edited = try runBrief(["weekly", "--corpus", corpus, "--out", out], cache: cache)
        #expect(edited.status == 3 && !edited.stderr.contains("unchanged"))
        // The dossier too.
        let dossierOut = temporaryDirectory()
        let dossier = try runBrief(["dossier", "pk", "--corpus", workspace.seeds, "--out", dossierOut], cache: cache)
        #expect(dossier.status == 0 && !dossier.stderr.contains("unchanged"))
        let again = try runBrief(["dossier", "Pakistan", "--corpus", workspace.seeds, "--out", dossierOut], cache: cache)
        #expect(again.status == 0)
        #expect(again.stderr == "brief: wrote 0 files to \(dossierOut) (5 left as they were) from 5 articles (unchanged since the last run: its reports from the cache); 0 skipped\n")
        #expect(try reports(dossierOut) == reports(workspace.reports).filter { $0.key.hasPrefix("dossier-pk.") })
    }
}

/// The cache folder's upkeep (``CacheFolder``).
@Suite struct CacheFolderTests {
    /// Sets the modification time of the file at `path` (not of what a link points to) to `seconds` since 1970.
    func age(_ path: String, to seconds: Int) {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW) == 0, "\(path)")
    }

    /// The modification time of the file at `path`, in seconds since 1970; -1 if there is none.
    func modified(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mtim.tv_sec) : -1
    }

    @Test func trimmingLetsGoOfBriefsOwnFilesNoRunUsedForAMonth() throws {
        let dir = temporaryDirectory()
        let now = time(nil)
        let day = 24 * 3600
        let hex = "0123456789abcdef0123456789abcdef"
        let other = "fedcba9876543210fedcba9876543210"
        // Name, age in seconds, whether trimming removes it.
        let files: [(String, Int, Bool)] = [
            ("findings-\(hex).pack", 31 * day, true),
            ("reports-\(hex).memo", 31 * day, true),
            ("listing-\(hex).list", 31 * day, true),
            ("findings-\(other).pack", 29 * day, false),  // used within the month
            ("reports-\(other).memo", 0, false),
            (".reports-\(hex).memo.4242.tmp", 2 * day, true),  // a write that was interrupted
            ("findings-\(hex).pack.tmp", 2 * day, true),
            (".listing-\(hex).list.17.tmp", 3600, false),  // a write that may still be going on
            // Not brief's: left alone, whatever their age.
            ("notes.txt", 400 * day, false),
            ("findings-0123.pack", 400 * day, false),
            ("reports-\(hex.uppercased()).memo", 400 * day, false),
            ("findings-\(hex).pack.bak", 400 * day, false),
            (".reports-\(hex).memo.tmp", 400 * day, false),
            ("trimmed.txt", 400 * day, false),
            ("trim.txt", 400 * day, false),
        ]
        for (name, age, _) in files {
            write("x", to: dir + "/" + name)
            self.age(dir + "/" + name, to: now - age)
        }
        // A link with a cache file's name: not removed (nor what it points to).
        let target = temporaryDirectory() + "/kept.txt"
        write("x", to: target)
        symlink(target, dir + "/listing-\(other).list")
        age(dir + "/listing-\(other).list", to: now - 400 * day)

        // A stale pack that a run holds (it opened the pack before the trim): not removed while held.
        let held = "findings-00112233445566778899aabbccddeeff.pack"
        write("x", to: dir + "/" + held)
        age(dir + "/" + held, to: now - 40 * day)
        let holder = open(dir + "/" + held, O_RDWR)
        #expect(holder >= 0 && flock(holder, LOCK_EX | LOCK_NB) == 0)

        let removed = CacheFolder.trim(dir, now: now)
        #expect(removed == files.filter(\.2).map(\.0).sorted())
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == (files.filter { !$0.2 }.map(\.0) + ["listing-\(other).list", held, CacheFolder.trimMarkName]).sorted())
        #expect(FileManager.default.fileExists(atPath: target))
        #expect(read(dir + "/trim.txt") == "x")
        close(holder)

        // Once a day: a file gone stale since waits for the first trim a day later, which also takes the files that
        // went past their age in that day.
        write("x", to: dir + "/reports-\(hex).memo")
        age(dir + "/reports-\(hex).memo", to: now - 31 * day)
        #expect(CacheFolder.trim(dir, now: now + 3600) == [])
        #expect(CacheFolder.trim(dir, now: now + day + 1) == [".listing-\(hex).list.17.tmp", held, "findings-\(other).pack", "reports-\(hex).memo"])
        // A folder that is not there: nothing to do, and no folder made.
        let missing = dir + "/missing"
        #expect(CacheFolder.trim(missing, now: now) == [])
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    /// The mark of the last trim is not written through a link (the folder may be one that others can write to),
    /// and a cache file marked while the clock was ahead is marked again.
    @Test func trimmingWritesNoLinkAndMarksFilesFromTheFutureAgain() throws {
        let dir = temporaryDirectory()
        let now = time(nil)
        let day = 24 * 3600
        let target = temporaryDirectory() + "/someone-elses.txt"
        write("theirs", to: target)
        symlink(target, dir + "/" + CacheFolder.trimMarkName)
        // Both a day old and more: a mark followed through the link would say the folder is due.
        age(target, to: now - 2 * day)
        age(dir + "/" + CacheFolder.trimMarkName, to: now - 2 * day)
        let stale = "reports-0123456789abcdef0123456789abcdef.memo"
        write("x", to: dir + "/" + stale)
        age(dir + "/" + stale, to: now - 40 * day)
        #expect(CacheFolder.trim(dir, now: now) == [])
        #expect(read(target) == "theirs")
        #expect(FileManager.default.fileExists(atPath: dir + "/" + stale))

        let ahead = now + 10 * day
        age(dir + "/" + stale, to: ahead)
        CacheFolder.markUsed(dir + "/" + stale, modified: Int64(ahead), now: now)
        #expect(modified(dir + "/" + stale) == now)
        // Used within the hour: not marked again.
        age(dir + "/" + stale, to: now - 60)
        CacheFolder.markUsed(dir + "/" + stale, modified: Int64(now - 60), now: now)
        #expect(modified(dir + "/" + stale) == now - 60)
    }

    @Test func aRunMarksTheCacheFilesItUsesAndTheReportsItRecallsMarkTheirPack() throws {
        let corpus = try generatedCorpus(30_000, seed: 26)
        let cache = temporaryDirectory()
        func memo() throws -> ReportMemo {
            try ReportMemo(
                cacheDirectory: cache, corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates, request: ["weekly", "latest"],
                jobs: 2, settledBefore: time(nil) + 10)
        }
        func pipeline(_ m: ReportMemo) throws -> Pipeline {
            try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates, jobs: 2, cacheDirectory: cache, survey: m.survey)
        }
        let first = try memo()
        let run = try pipeline(first)
        let reports = try run.render([run.weekly(nil)], languages: Language.allCases, formats: ReportFormat.allCases)
        let pack = try #require(run.cachePath)
        #expect(first.keep(reports, problems: run.problems, articles: run.articleCount, pack: pack))
        let names = try FileManager.default.contentsOfDirectory(atPath: cache).sorted()
        #expect(names.count == 3 && names.allSatisfy(CacheFolder.isCacheFile), "\(names)")

        // Every file as if no run had used it for 40 days: recalling the reports marks the memo, its pack and the
        // folder listing the survey read, and trimming keeps them.
        let long = time(nil) - 40 * 24 * 3600
        func ageAll() { for name in names { age(cache + "/" + name, to: long) } }
        ageAll()
        let second = try memo()
        #expect(second.recalled()?.reports == reports)
        for name in names { #expect(modified(cache + "/" + name) > long + 3600, "\(name)") }
        #expect(CacheFolder.trim(cache).isEmpty)

        // A run through the pipeline marks its pack; one whose memo is gone leaves its pack to be trimmed
        // a month on, like any file no run used.
        ageAll()
        _ = try pipeline(try memo())
        #expect(modified(pack) > long + 3600)
        ageAll()
        unlink(second.path)
        let third = try memo()
        #expect(third.recalled() == nil)
        #expect(modified(pack) == long)
        // (The survey marked the listing again.)
        #expect(CacheFolder.trim(cache, now: time(nil) + 2 * 24 * 3600) == [(pack as NSString).lastPathComponent])
    }
}
