import ArgumentParser
import BriefKit
import Foundation

#if canImport(Glibc)
import Glibc
#endif
#if canImport(JEMalloc)
import JEMalloc
#endif

/// The file name of the library this process's `malloc` comes from: `libjemalloc.so.2` where the command line is
/// linked with jemalloc (Package.swift, on Linux), `libc.so.6` with glibc's allocator; ``staticJemalloc`` in a static
/// executable (`.ci/release-build`). The benchmark names it in its header: figures measured with different allocators
/// do not compare.
func allocatorLibrary() -> String {
    #if os(Linux)
    // Not found only in a static executable, which has no dynamic symbols to look in (a dynamic one has at least
    // libc's): its `malloc` is the one linked into it, jemalloc's (as Package.swift links it; a second would not link).
    guard let inUse = dlsym(nil, "malloc") else { return staticJemalloc }
    for name in ["libjemalloc.so.2", "libc.so.6"] {
        // Only a library already loaded: its own `malloc`, compared with the one calls bind to.
        guard let handle = dlopen(name, RTLD_LAZY | RTLD_NOLOAD) else { continue }
        defer { dlclose(handle) }
        if dlsym(handle, "malloc") == inUse { return name }
    }
    return "unknown"
    #else
    return "the system's"
    #endif
}

/// What ``allocatorLibrary()`` says of a static executable's `malloc`.
let staticJemalloc = "jemalloc, linked in"

/// How the Swift runtime and Foundation came into this process: `static` when linked into the binary (as
/// `.ci/release-build` links them), `shared` when loaded from the toolchain's libraries. The benchmark names it in its
/// header: loading the shared ones takes several milliseconds at every start, a good part of a run the findings cache
/// answers.
func swiftRuntimeLinkage() -> String {
    #if os(Linux)
    guard let handle = dlopen("libswiftCore.so", RTLD_LAZY | RTLD_NOLOAD) else { return "static" }
    dlclose(handle)
    return "shared"
    #else
    return "shared"
    #endif
}

/// jemalloc's transparent huge page setting as the process runs with it (`opt.thp`: `always`, `never` or `default`),
/// or `nil` where `malloc` is not jemalloc's. The command line leaves it at jemalloc's `default` (the README's benchmark
/// section says why not `always`); the environment's `MALLOC_CONF` can change it, and the benchmark names
/// it in its header, beside the allocator: the analysis's page faults, and so its speed, depend on it.
func allocatorHugePages() -> String? {
    #if canImport(JEMalloc)
    guard [staticJemalloc, "libjemalloc.so.2"].contains(allocatorLibrary()) else { return nil }
    var value: UnsafePointer<CChar>?
    var length = MemoryLayout<UnsafePointer<CChar>?>.size
    guard mallctl("opt.thp", &value, &length, nil, 0) == 0, let value else { return nil }
    return String(cString: value)
    #else
    return nil
    #endif
}

/// The vocabulary of a generated corpus (`brief generate`, and the corpora `brief bench` generates).
struct GeneratedVocabulary: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Percent of Arabic words given a random ending of one or two letters: a vocabulary of rare forms, as an archive has.",
        valueName: "percent"))
    var rareWords: Int = 0

    func validate() throws {
        if !(0...100).contains(rareWords) { throw ValidationError("--rare-words takes a percent, 0 to 100") }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic benchmark corpus of a given size, recombined from the seed articles.",
        discussion: "Example: brief generate --megabytes 100 --out /tmp/corpus-100MB")

    @Option(help: "Size of the corpus in MB (10^6 bytes).")
    var megabytes: Int = 10

    @Option(help: "Seed of the generator: the same seed gives the same corpus.")
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp("Folder to write the articles to.", valueName: "dir"))
    var out: String

    @OptionGroup var vocabulary: GeneratedVocabulary

    func validate() throws {
        if megabytes < 1 { throw ValidationError("--megabytes must be 1 or more") }
    }

    func run() throws {
        guard let ws = Workspace.locate() else { throw Failure(BriefError.workspaceNotFound.description) }
        let seeds = try CorpusLoader.load(directory: ws.seeds)
        let n: Int
        do {
            n = try CorpusGenerator(seeds: seeds.articles, rareWords: vocabulary.rareWords).generate(bytes: megabytes * 1_000_000, seed: seed, into: out)
        } catch {
            throw Failure(error.description)
        }
        printError("brief generate: \(n) articles, \(megabytes) MB in \(out)")
    }
}

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure loading, analysis, rendering, end-to-end and incremental runs over generated corpora; print tables.",
        discussion: """
            Build with .ci/release-build first. Corpora are generated once (deterministically) under --scratch. Each figure \
            is the median of --runs runs. The analysis is of articles already loaded, a batch at a time as the \
            commands run it (`--analysis-only` also measures it with all analyses held at once). End-to-end runs \
            are separate processes (`brief weekly`, `brief dossier eg`) without the cache (`brief weekly` also with \
            the corpus's files dropped from the page cache first, as an archive read from disk), then with it: a \
            first run filling an empty cache, a second run over the unchanged corpus (which writes the reports the \
            first run kept), a run after one article is saved again unchanged (which makes the reports again from \
            the findings cache), a run after one new article is added in a new folder at the top, one after 1 % new \
            articles are added in another, and one after 1 % are added instead in a folder of a folder (the top \
            folder unchanged); these run in rounds, each round from a settled corpus, and the cost of an addition is \
            the median of its run's difference from the touched run of its round. A line for each size has the \
            second run again into the folder of its reports (the table's runs write into an empty one), the `stat` \
            of every article file, taken in this process as a run takes them, and a start of brief (`brief --help`). \
            The last line is the end-to-end MB/s of `brief weekly` over 100 MB (or over the largest size measured).

            Example: "$(bash .ci/release-build)" bench --sizes 10,100,1000
            """)

    @Option(help: "Corpus sizes in MB, comma-separated.")
    var sizes: String = "10,100"

    @Option(help: "Runs per measurement (the median is printed).")
    var runs: Int = 3

    @Option(help: "Threads for the parallel analysis and the end-to-end runs.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Folder for the generated corpora and caches.", valueName: "dir"))
    var scratch: String?

    @Flag(help: "Measure loading and analysis only: a quick figure while working on the analysis.")
    var analysisOnly = false

    @OptionGroup var vocabulary: GeneratedVocabulary
    var rareWords: Int { vocabulary.rareWords }

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be 1 or more") }
        if jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
    }

    func run() throws {
        guard let ws = Workspace.locate() else { throw Failure(BriefError.workspaceNotFound.description) }
        let megabytes = sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !megabytes.isEmpty else { throw ValidationError("--sizes takes sizes in MB, e.g. 10,100") }
        let root = scratch ?? CorpusLoader.join(ws.root, ".build-bench")
        let seeds = try CorpusLoader.load(directory: ws.seeds).articles
        let lexicon = try Lexicon.load(directory: ws.lexicons)
        let templates = try TemplateSet.load(directory: ws.templates)
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #if DEBUG
        print("note: this is a debug build; build with .ci/release-build for meaningful figures")
        #endif
        print("brief bench: \(runs) runs each, median; \(jobs) threads where parallel; \(ProcessInfo.processInfo.activeProcessorCount) cores; malloc from \(allocatorLibrary())\(allocatorHugePages().map { " (huge pages: \($0))" } ?? ""); Swift runtime \(swiftRuntimeLinkage())")
        var rows: [String] = []
        var incremental: [String] = []
        var weeklySeconds: [Int: Double] = [:]
        var floors: [String] = []
        // Corpora (and their caches) with rare words in folders of their own.
        let variant = rareWords > 0 ? "-rare\(rareWords)" : ""
        for mb in megabytes {
            let dir = CorpusLoader.join(root, "corpus-\(mb)MB" + variant)
            if !FileManager.default.fileExists(atPath: CorpusLoader.join(dir, ".complete")) {
                try? FileManager.default.removeItem(atPath: dir)
                try CorpusGenerator(seeds: seeds, rareWords: rareWords).generate(bytes: mb * 1_000_000, into: dir)
                _ = FileManager.default.createFile(atPath: CorpusLoader.join(dir, ".complete"), contents: Data())
            }
            var corpus: Corpus?
            let load = median(runs) { corpus = try? CorpusLoader.load(directory: dir) }
            let articles = corpus!.articles
            let bytes = Double(articles.reduce(0) { $0 + $1.paragraphs.reduce(0) { $0 + $1.text.utf8.count } })
            let analyzer = Analyzer(lexicon: lexicon)
            // The analysis as the commands run it: a batch at a time, each analysis looked at once and let go. (Held
            // all at once, the analyses of 100 MB take over 300 MB, which the kernel zeroes page by page as the heap
            // grows: a quarter of the time, and not the analysis's. `--analysis-only` prints that figure too.)
            var sentences = 0
            func streamed(_ threads: Int) { analyzer.analyze(articles, jobs: threads) { sentences &+= $0.sentenceCount } }
            let (one, oneCycles) = medianWithCycles(runs, threads: 1) { streamed(1) }
            let (many, manyCycles) = medianWithCycles(runs, threads: jobs) { streamed(jobs) }
            precondition(sentences > 0 || articles.isEmpty, "the streamed analysis found no sentences")
            corpus = nil
            let fileBytes = Double(mb * 1_000_000)
            func rate(_ seconds: Double, _ b: Double = bytes) -> String { String(format: "%.1f", b / 1e6 / seconds) }
            func s(_ seconds: Double) -> String { String(format: "%.2f", seconds) }
            func ms(_ seconds: Double) -> String { String(format: "%.1f", seconds * 1000) }
            /// Cycles of a core a byte, and the clock they were counted at.
            func perByte(_ c: (cycles: Double, gigahertz: Double)?) -> String {
                c.map { String(format: "%.1f (%.2f GHz)", $0.cycles / bytes, $0.gigahertz) } ?? "?"
            }
            if analysisOnly {
                // Its stages on one thread: tokenizing alone, and as far as the themes (what a weekly's chart needs).
                var tokens = 0
                let tokenizing = median(runs) { tokens = articles.reduce(0) { $0 + analyzer.tokenCount($1) } }
                let themes = median(runs) { for a in articles { _ = analyzer.matchedThemes(a) } }
                // All analyses held at once (``Analyzer/analyze(_:jobs:)``), one array of them replacing the last.
                var analyses: [ArticleAnalysis] = []
                let keptOne = median(runs) { analyses = analyzer.analyze(articles, jobs: 1) }
                let keptMany = median(runs) { analyses = analyzer.analyze(articles, jobs: jobs) }
                precondition(analyses.count == articles.count, "an analysis per article")
                print("\(mb) MB, \(articles.count) articles, \(tokens) tokens: load \(rate(load, fileBytes)) MB/s, analysis \(rate(one)) MB/s on 1 thread, \(rate(many)) MB/s on \(jobs); on 1 thread, tokenizing \(rate(tokenizing)) MB/s, themes only \(rate(themes)) MB/s; analysis cycles a byte (clock), 1 thread \(perByte(oneCycles)), \(jobs) threads \(perByte(manyCycles)) a core; all analyses held at once, \(rate(keptOne)) MB/s on 1 thread, \(rate(keptMany)) MB/s on \(jobs)")
                continue
            }
            // The rendering alone, of the briefs the commands make: the weekly brief of the latest week and the
            // Egypt dossier, gathered (untimed) as the commands gather them, each analysis handed to the collectors
            // and let go; then their reports in every language and format, timed.
            let weeklyCollector = WeeklyCollector()
            let dossierCollector = DossierCollector(country: lexicon.countries.lookup("eg")!, lexicon: lexicon)
            analyzer.analyze(articles, jobs: jobs) { a in
                weeklyCollector.add(a, lexicon: lexicon)
                dossierCollector.add(a)
            }
            let briefs = [try? weeklyCollector.brief(lexicon: lexicon), dossierCollector.brief()].compactMap { $0 }
            let renderer = ReportRenderer(templates: templates, lexicon: lexicon)
            var renderedBytes = 0
            let render = median(runs) {
                renderedBytes = 0
                for brief in briefs {
                    for report in (try? renderer.render(brief)) ?? [] { renderedBytes += report.contents.utf8.count }
                }
            }

            let out = NSTemporaryDirectory() + "brief-bench-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: out) }
            var rss = 0
            /// A run of brief into an empty `out` folder, or (`keep`) into the folder as the last run left it.
            func run(_ arguments: [String], keep: Bool = false) -> Double {
                if !keep { try? FileManager.default.removeItem(atPath: out) }
                let r = measure(exe, arguments + ["--out", out, "--quiet", "--jobs", "\(jobs)"])
                if r.status != 0 {
                    printError("brief bench: brief \(arguments.joined(separator: " ")) exited with status \(r.status >> 8 & 0xFF); its time is not meaningful")
                }
                rss = max(rss, r.peakKB)
                return r.seconds
            }
            let weekly = medianOf(runs) { run(["weekly", "--corpus", dir, "--no-cache"]) }
            let weeklyRSS = rss
            // The same with the corpus's files out of the page cache first: an archive read from disk.
            let fromDisk = medianOf(runs) {
                evictFromPageCache(dir)
                return run(["weekly", "--corpus", dir, "--no-cache"])
            }
            rss = 0
            let dossier = medianOf(runs) { run(["dossier", "eg", "--corpus", dir, "--no-cache"]) }
            let dossierRSS = rss
            weeklySeconds[mb] = weekly

            // Incremental runs: an empty cache, then the same corpus again, then rounds of changes (below).
            let cache = CorpusLoader.join(root, "cache-\(mb)MB" + variant)
            /// `brief weekly` over the corpus with its cache folder (into an empty `out`, or `keep` it as it is).
            func weeklyWithCache(keep: Bool = false) -> Double { run(["weekly", "--corpus", dir, "--cache", cache], keep: keep) }
            let filling = medianOf(runs) {
                try? FileManager.default.removeItem(atPath: cache)
                return weeklyWithCache()
            }
            rss = 0
            let second = medianOf(runs) { weeklyWithCache() }
            let warmRSS = rss
            // The second run as a user runs it again, into the folder that holds its reports (which it reads and
            // compares, and leaves as they are) rather than into an empty one (which it writes them to, each synced
            // to the disk); and what either cannot do without, measured apart: the `stat` of each file, as a run
            // takes them (in this process), and starting brief.
            let secondKept = medianOf(runs) { weeklyWithCache(keep: true) }
            if let survey = try? CorpusSurvey(directory: dir, jobs: jobs) {
                let statted = survey.examineAgain(jobs: jobs)
                let sweep = median(runs) { _ = survey.examineAgain(jobs: jobs) }
                // A few milliseconds each, so measured more often than the others: the median of at least 21.
                let start = medianOf(max(runs, 21)) { measure(exe, ["--help"]).seconds }
                floors.append(
                    "second run over \(mb) MB: \(ms(second)) ms into an empty folder, \(ms(secondKept)) ms into the folder of its reports; of it, what it cannot do without: the stat of its \(statted) files \(ms(sweep)) ms (\(jobs) threads, measured in this process) and starting brief \(ms(start)) ms (brief --help)")
            }
            // Then rounds of runs, each after a change to a settled corpus (the last round's additions removed, and
            // a run that takes the removal in, untimed): after an article is saved again unchanged (a new change time:
            // the reports kept from the last run no longer apply, and are made again from the findings cache); after
            // one new article is added in a new folder at the top (what any addition to the top folder costs, however
            // small: the corpus's 2k to 215k files are listed again); after 1 % new articles are added in another
            // new folder at the top; and, once those are removed again, after 1 % are added in a folder of a folder
            // that was there (as an archive kept in folders takes them: the top folder is not listed again). A
            // round's runs follow each other, so that the cost of an addition is its difference from the touched run
            // in the same minute of a shared machine: the median of those.
            // Folders and articles are changed a few seconds before the run that takes them in, as articles that
            // arrived a while before it would be: a run reads again every folder changed within two seconds of it,
            // and keeps nothing of them (see `FileStat.settled(before:)`), so a run right after a change pays for
            // it twice.
            let single = CorpusLoader.join(dir, "zz-one")
            let added = CorpusLoader.join(dir, "zz-added")
            let archive = CorpusLoader.join(dir, "zz-archive")
            try? FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
            let first = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.filter { $0.hasSuffix(".txt") }.min()
            var touchedTimes: [Double] = []
            var oneTimes: [Double] = []
            var nestedTimes: [Double] = []
            var plusOneTimes: [Double] = []
            func add(bytes: Int, seed: UInt64, into folder: String) {
                do {
                    try CorpusGenerator(seeds: seeds, rareWords: rareWords).generate(bytes: bytes, seed: seed, into: folder)
                } catch {
                    printError("brief bench: cannot write the added articles into \(folder): \(error)")
                }
                // The generator's writes reach the disk before the run is timed, as articles that arrived earlier
                // would have: the kernel's write-back of new articles is not brief's cost.
                sync()
            }
            for round in 1...max(1, runs) {
                try? FileManager.default.removeItem(atPath: single)
                try? FileManager.default.removeItem(atPath: added)
                try? FileManager.default.removeItem(atPath: CorpusLoader.join(archive, "added"))
                waitUntilSettled()
                _ = weeklyWithCache()
                if let first { utimensat(AT_FDCWD, CorpusLoader.join(dir, first), nil, 0) }
                waitUntilSettled()
                touchedTimes.append(weeklyWithCache())
                add(bytes: 1, seed: 2000 + UInt64(round), into: single)
                waitUntilSettled()
                oneTimes.append(weeklyWithCache())
                add(bytes: mb * 10_000, seed: 1000 + UInt64(round), into: added)
                waitUntilSettled()
                plusOneTimes.append(weeklyWithCache())
                // 1 % of new articles again, now in a folder of a folder that was there, from the corpus as the
                // one-article run left it.
                try? FileManager.default.removeItem(atPath: added)
                waitUntilSettled()
                _ = weeklyWithCache()
                add(bytes: mb * 10_000, seed: 3000 + UInt64(round), into: CorpusLoader.join(archive, "added"))
                waitUntilSettled()
                nestedTimes.append(weeklyWithCache())
            }
            try? FileManager.default.removeItem(atPath: single)
            try? FileManager.default.removeItem(atPath: added)
            try? FileManager.default.removeItem(atPath: archive)
            let touched = middle(touchedTimes)
            let plusOne = middle(plusOneTimes)
            /// The median over the rounds of a run less the touched run of its round.
            func costOverTouched(_ times: [Double]) -> Double { middle(zip(times, touchedTimes).map { $0 - $1 }) }
            let oneArticle = costOverTouched(oneTimes)
            let nested = costOverTouched(nestedTimes)
            let addition = costOverTouched(plusOneTimes)
            /// A cost as a signed share of the first run.
            func ofFirst(_ cost: Double) -> String { String(format: "%+.1f", 100 * cost / filling) + " %" }

            rows.append("| \(mb) MB | \(articles.count) | \(rate(load, fileBytes)) | \(rate(one)) | \(rate(many)) | \(perByte(oneCycles)) | \(perByte(manyCycles)) | \(String(format: "%.0f", render * 1000)) | \(rate(render, Double(renderedBytes))) | \(s(weekly)) | \(rate(weekly, fileBytes)) | \(s(fromDisk)) | \(weeklyRSS / 1024) | \(s(dossier)) | \(dossierRSS / 1024) |")
            incremental.append(
                "| \(mb) MB | \(s(filling)) | \(s(second)) | x\(String(format: "%.1f", filling / second)) | \(s(touched)) | x\(String(format: "%.1f", filling / touched)) | \(s(plusOne)) | \(String(format: "%.0f", 100 * plusOne / filling)) % | \(ofFirst(oneArticle)) | \(ofFirst(addition)) | \(ofFirst(nested)) | \(warmRSS / 1024) |")
        }
        guard !analysisOnly else { return }
        print("| size | articles | load MB/s | analysis MB/s (1 thread) | analysis MB/s (\(jobs) threads) | analysis cycles/byte (1 thread; clock) | analysis cycles/byte a core (\(jobs) threads; clock) | render ms | render MB/s (of reports) | weekly e2e s | weekly MB/s | weekly from disk s | weekly peak MB | dossier e2e s | dossier peak MB |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        rows.forEach { print($0) }
        print("")
        print("| size | weekly, empty cache s | weekly again s | speed-up | again, one article touched s | speed-up | weekly after +1 % articles s | of the first run | cost of one new article in a new top folder (its run less the touched run of its round, median), of the first | cost of the 1 % in a new top folder (the same), of the first | cost of the 1 % in a folder of a folder (the same), of the first | peak MB (cached) |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        incremental.forEach { print($0) }
        print("")
        floors.forEach { print($0) }
        let sorted = megabytes.sorted()
        if sorted.count > 1 {
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                print("growth of weekly e2e time \(a) -> \(b) MB: x\(String(format: "%.2f", weeklySeconds[b]! / weeklySeconds[a]!)) (linear: x\(String(format: "%.2f", Double(b) / Double(a))))")
            }
        }
        let reference = megabytes.contains(100) ? 100 : sorted.last!
        print("end-to-end brief weekly over \(reference) MB: \(String(format: "%.1f", Double(reference) / weeklySeconds[reference]!)) MB/s")
    }
}

/// Waits until what was changed so far is settled for a run: until its `stat` vouches for it, more than
/// `FileStat.settlingSeconds` whole seconds after the change (see `FileStat.settled(before:)`).
func waitUntilSettled() {
    let changed = time(nil)
    while time(nil) <= changed + FileStat.settlingSeconds { usleep(20_000) }
}

/// Drops the files of a corpus folder from the page cache (`POSIX_FADV_DONTNEED`, which needs no privilege), so that
/// the next run reads them from disk.
func evictFromPageCache(_ directory: String) {
    guard let walker = FileManager.default.enumerator(atPath: directory) else { return }
    while let relative = walker.nextObject() as? String {
        let fd = open(CorpusLoader.join(directory, relative), O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { continue }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
        close(fd)
    }
}

/// The wall time, in seconds, of one run of `body`.
func wallSeconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The median of `values`, not empty (of an even count, the higher of the two in the middle).
func middle(_ values: [Double]) -> Double {
    values.sorted()[values.count / 2]
}

/// The median wall time, in seconds, of `runs` runs of `body`.
func median(_ runs: Int, _ body: () -> Void) -> Double {
    medianOf(runs) { wallSeconds(body) }
}

/// The median wall time, in seconds, of `runs` runs of `body` on `threads` threads, and the median of the cycles of a
/// core they took, with the median clock: each run's time by the clock ``ReferenceClock`` measured on as many threads
/// just before and just after it, times the threads. No cycles where the clock cannot be measured.
func medianWithCycles(_ runs: Int, threads: Int, _ body: () -> Void) -> (seconds: Double, cycles: (cycles: Double, gigahertz: Double)?) {
    var times: [Double] = []
    var cycles: [Double] = []
    var clocks: [Double] = []
    for _ in 0..<max(1, runs) {
        let before = ReferenceClock.gigahertz(threads: threads)
        let seconds = wallSeconds(body)
        times.append(seconds)
        if let before, let after = ReferenceClock.gigahertz(threads: threads) {
            let clock = (before + after) / 2
            clocks.append(clock)
            cycles.append(seconds * clock * 1e9 * Double(threads))
        }
    }
    return (middle(times), cycles.isEmpty ? nil : (middle(cycles), middle(clocks)))
}

/// The median of what `runs` runs of `body` measured.
func medianOf(_ runs: Int, _ body: () -> Double) -> Double {
    var times: [Double] = []
    for _ in 0..<max(1, runs) { times.append(body()) }
    return middle(times)
}

/// Runs a brief process to completion: its wall time and its peak resident memory (VmHWM, which it reports itself:
/// the kernel's rusage of a child spawned by a large parent counts the parent's pages).
func measure(_ exe: String, _ arguments: [String]) -> (status: Int32, seconds: Double, peakKB: Int) {
    var pid: pid_t = 0
    let peakFile = NSTemporaryDirectory() + "brief-bench-peak-\(getpid())"
    unlink(peakFile)
    let argv = ([exe] + arguments).map { strdup($0) } + [nil]
    let variables = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" } + ["BRIEF_PEAK_RSS_FILE=\(peakFile)"]
    let env: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
    defer {
        argv.forEach { free($0) }
        env.forEach { free($0) }
    }
    // Its standard output (`--help`'s text; nothing for a run with `--quiet`) is not the bench's.
    var actions = posix_spawn_file_actions_t()
    guard posix_spawn_file_actions_init(&actions) == 0 else { return (-1, 0, 0) }
    defer { posix_spawn_file_actions_destroy(&actions) }
    guard posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) == 0 else { return (-1, 0, 0) }
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, exe, &actions, nil, argv, env) == 0 else { return (-1, 0, 0) }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let peak = (try? String(contentsOfFile: peakFile, encoding: .utf8)).flatMap { Int($0.split(separator: " ").first ?? "") } ?? 0
    unlink(peakFile)
    return (status, seconds, peak)
}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Print precision and recall per theme and per extractor on a labelled set.",
        discussion: "Default set: Tests/BriefKitTests/Evaluation/cases.yaml. Example: brief evaluate --errors")

    @Option(help: ArgumentHelp("Labelled set (YAML).", valueName: "file"))
    var set: String?

    @Option(help: ArgumentHelp("Lexicon folder.", valueName: "dir"))
    var lexicons: String?

    @Flag(help: "Also list, case by case, what was missed or found wrongly.")
    var errors = false

    func run() throws {
        guard let ws = Workspace.locate() else { throw Failure(BriefError.workspaceNotFound.description) }
        let lexicon = try Lexicon.load(directory: lexicons ?? ws.lexicons)
        let path = set ?? CorpusLoader.join(ws.root, "Tests/BriefKitTests/Evaluation/cases.yaml")
        let cases = try Evaluation.load(path, root: ws.root)
        let result = Evaluation(cases: cases, analyzer: Analyzer(lexicon: lexicon))
        print("brief evaluate: \(cases.count) cases from \(path)")
        print(result.table)
        if errors { for e in result.errors { print(e) } }
    }
}
