import Foundation
import Testing

@testable import BriefKit

/// Runs the built `brief` executable (built beside the test bundle).
///
/// Each run gets a cache folder of its own (a first run) unless `cache` names one.
/// `stdoutFile` sends its standard output to that file instead of a pipe.
func runBrief(
    _ arguments: [String], in directory: String? = nil, cache: String? = nil, stdin: Data? = nil, stdoutFile: String? = nil
) throws -> (status: Int32, stdout: String, stderr: String) {
    try runBrief(arguments, through: nil, in: directory, cache: cache, stdin: stdin, stdoutFile: stdoutFile)
}

/// The built `brief` executable.
func briefExecutable() throws -> String {
    URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        .deletingLastPathComponent().appendingPathComponent("brief").path
}

/// As ``runBrief(_:in:cache:stdin:stdoutFile:)``, started by the bash `script`, which ends with `exec "$@"`.
func runBrief(
    _ arguments: [String], through script: String?, in directory: String? = nil, cache: String? = nil, stdin: Data? = nil,
    stdoutFile: String? = nil
) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: script == nil ? try briefExecutable() : "/bin/bash")
    process.arguments = try script.map { ["-c", $0, "bash", try briefExecutable()] + arguments } ?? arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var environment = ProcessInfo.processInfo.environment
    environment["BRIEF_CACHE"] = cache ?? temporaryDirectory()
    process.environment = environment
    let input = Pipe()
    process.standardInput = input
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = try stdoutFile.map { try FileHandle(forWritingTo: URL(fileURLWithPath: $0)) } ?? out
    process.standardError = err
    try process.run()
    // The pipe the process was not given: its end of writing closed, so that reading it ends.
    if stdoutFile != nil { try out.fileHandleForWriting.close() }
    input.fileHandleForWriting.write(stdin ?? Data())
    try input.fileHandleForWriting.close()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

@Suite(.serialized) struct EndToEndTests {
    /// On Linux the command line allocates with jemalloc, which Package.swift links in place of glibc's malloc; the
    /// benchmark names the allocator and its huge page setting in its header, since its figures depend on them. On
    /// x86-64 it also gives the analysis's cycles a byte, with the clock its reference loop measured (a loop optimized
    /// away would read as a clock of thousands of GHz; this debug build's loop reads low, but not below 50 MHz).
    @Test func theBenchmarkNamesItsAllocatorAndClock() throws {
        let run = try runBrief(["bench", "--sizes", "1", "--runs", "1", "--analysis-only", "--scratch", temporaryDirectory()])
        #expect(run.status == 0, "\(run.stderr)")
        #if os(Linux)
        // jemalloc's own huge page setting, which the command line leaves as it is, unless the environment's
        // MALLOC_CONF says otherwise.
        let pages = ProcessInfo.processInfo.environment["MALLOC_CONF"] == nil ? "default); " : ""
        #expect(run.stdout.contains("; malloc from libjemalloc.so.2 (huge pages: \(pages)"), "\(run.stdout)")
        // The command is linked as this test is, in the same build.
        let runtime = dlopen("libswiftCore.so", RTLD_LAZY | RTLD_NOLOAD) == nil ? "static" : "shared"
        #expect(run.stdout.contains("; Swift runtime \(runtime)\n"), "\(run.stdout)")
        #endif
        #if arch(x86_64)
        let figures = try #require(run.stdout.firstMatch(of: /1 thread ([0-9.]+) \(([0-9.]+) GHz\), [0-9]+ threads ([0-9.]+) \(([0-9.]+) GHz\) a core/), "\(run.stdout)")
        for (cycles, clock) in [(figures.1, figures.2), (figures.3, figures.4)] {
            #expect(Double(cycles)! > 0)
            #expect(Double(clock)! > 0.05 && Double(clock)! < 10, "\(run.stdout)")
        }
        #endif
    }

    /// The whole benchmark over a small corpus: two tables whose rows have a cell for each column of their header,
    /// figures that are numbers above zero where they are rates, and the end-to-end line last.
    @Test func theBenchmarkPrintsItsTables() throws {
        let scratch = temporaryDirectory()
        let run = try runBrief(["bench", "--sizes", "1", "--runs", "1", "--scratch", scratch])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        func cells(_ line: String) -> [String] { line.split(separator: "|").map { $0.trimmingSpaces } }
        let headers = lines.indices.filter { lines[$0].hasPrefix("| size |") }
        #expect(headers.count == 2, "\(run.stdout)")
        for h in headers where h + 2 < lines.count {
            let columns = cells(lines[h])
            let row = cells(lines[h + 2])
            #expect(lines[h + 1].hasPrefix("|---") && cells(lines[h + 1]).count == columns.count, "\(lines[h + 1])")
            #expect(row.count == columns.count && row.first == "1 MB", "\(columns) vs \(row)")
            for (column, value) in zip(columns, row) where column.contains("MB/s") {
                #expect((Double(value) ?? 0) > 0, "\(column): \(value)")
            }
        }
        // The second run, into an empty folder and into its reports' folder, and its floor: the `stat` of every
        // article file (as many as the first table's articles; over 1 MB it may print as 0.0 ms) and a process
        // start; the processes' own output is not the bench's.
        let articles = headers.first.flatMap { h in lines.indices.contains(h + 2) ? cells(lines[h + 2])[1] : nil }
        let floor = lines.first { $0.hasPrefix("second run over 1 MB: ") }
        let figures = floor.map { $0.split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) } } ?? []
        #expect(figures.count == 7 && figures[1] > 0 && figures[2] > 0 && articles.map { Double($0) } == figures[3] && figures[4] >= 0 && figures[6] > 0, "\(floor ?? run.stdout)")
        #expect(!run.stdout.contains("USAGE:"))
        #expect(lines.last?.hasPrefix("end-to-end brief weekly over 1 MB: ") == true, "\(run.stdout)")
        // The articles the incremental rounds add are gone again: the next bench measures the same corpus.
        let corpus = try FileManager.default.contentsOfDirectory(atPath: scratch + "/corpus-1MB")
        #expect(!corpus.isEmpty && corpus.allSatisfy { !$0.hasPrefix("zz-") }, "\(corpus.filter { $0.hasPrefix("zz-") })")
    }

    @Test func weeklyAndDossierFromAnyDirectory() throws {
        let out = temporaryDirectory()
        let weekly = try runBrief(["weekly", "--out", out], in: "/")
        #expect(weekly.status == 0, "\(weekly.stderr)")
        #expect(weekly.stderr == "brief: wrote 5 files to \(out) from 5 articles; 0 skipped\n")
        let dossier = try runBrief(["dossier", "باكستان", "--out", out, "--lang", "en", "--format", "md"], in: "/")
        #expect(dossier.status == 0, "\(dossier.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }.sorted()
        #expect(files == ["dossier-pk.en.md", "weekly-2025-W48.ar-en.html", "weekly-2025-W48.ar.html", "weekly-2025-W48.ar.md", "weekly-2025-W48.en.html", "weekly-2025-W48.en.md"])
        #expect(read(out + "/weekly-2025-W48.en.md") == read(workspace.reports + "/weekly-2025-W48.en.md"))
        #expect(read(out + "/dossier-pk.en.md") == read(workspace.reports + "/dossier-pk.en.md"))
    }

    @Test func usageErrorsExit64WithAClearMessage() throws {
        let country = try runBrief(["dossier", "Pakstan", "--out", temporaryDirectory()])
        #expect(country.status == 64)
        #expect(country.stderr.contains("Unknown country 'Pakstan'. Did you mean 'Pakistan'?"))
        // Checked before the corpus is read (here it could not be): a misspelt name fails at once.
        let first = try runBrief(["dossier", "eg", "Pakstan", "--corpus", "/nonexistent/articles", "--out", temporaryDirectory()])
        #expect(first.status == 64)
        #expect(first.stderr.contains("Unknown country 'Pakstan'") && !first.stderr.contains("/nonexistent"))
        let week = try runBrief(["weekly", "--week", "2025-W60", "--out", temporaryDirectory()])
        #expect(week.status == 64)
        #expect(week.stderr.contains("'2025-W60' is not an ISO week"))
        let cache = temporaryDirectory()
        let corpus = try runBrief(["weekly", "--corpus", "/nonexistent/articles"], cache: cache)
        #expect(corpus.status == 64)
        #expect(corpus.stderr.contains("/nonexistent/articles: error: corpus folder does not exist"))
        // A mistyped folder leaves no empty pack in the cache.
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasPrefix("findings-") } == [])
        let empty = try runBrief(["generate", "--megabytes", "0", "--out", temporaryDirectory() + "/g"])
        #expect(empty.status == 64 && empty.stderr.contains("--megabytes must be 1 or more"))
        // The bench measures at least once, and says so rather than print "0 runs each".
        let runs = try runBrief(["bench", "--runs", "0", "--sizes", "1", "--scratch", temporaryDirectory()])
        #expect(runs.status == 64 && runs.stderr.contains("--runs must be 1 or more") && runs.stdout.isEmpty, "\(runs.stdout)")
    }

    /// A corpus folder with no article file (a mistyped path, a folder of Word files, a folder of reports) stops the
    /// report commands with what it holds instead, and writes nothing; the map step only warns, as an empty shard is
    /// a shard; and analysis input without a line stops the reduce step.
    @Test func aCorpusWithoutArticlesIsAnErrorNotAnEmptyBrief() throws {
        let empty = temporaryDirectory()
        let others = temporaryDirectory()
        for name in ["a.docx", "b.PDF", "sub/c.html", "sub/d.html", ".hidden.txt"] {
            try FileManager.default.createDirectory(atPath: others + "/sub", withIntermediateDirectories: true)
            write("نص", to: others + "/" + name)
        }
        // A link back up is not followed.
        try FileManager.default.createSymbolicLink(atPath: others + "/sub/up", withDestinationPath: "..")
        let reports = temporaryDirectory()
        #expect(try runBrief(["weekly", "--lang", "en", "--format", "md", "--out", reports, "--no-cache"]).status == 0)
        // A metadata file alone is no article either (its entries name no file, which is said too).
        let metadataOnly = temporaryDirectory()
        write("a.txt:\n  date: 2025-11-24\n", to: metadataOnly + "/" + CorpusLoader.metadataFileName)
        let cases: [(String, String)] = [
            (empty, "it has no other files either"),
            (metadataOnly, "it has no other files either"),
            (others, "it holds 4 other files (.docx, .html, .pdf)"),
            (reports, "it holds 1 report brief wrote"),
        ]
        for (corpus, what) in cases {
            for command in [["weekly"], ["dossier", "eg"]] {
                let out = temporaryDirectory() + "/out"
                let run = try runBrief(command + ["--corpus", corpus, "--out", out])
                #expect(run.status == 1)
                #expect(run.stderr.hasSuffix("\(corpus): error: no articles: brief reads .txt and .md files in the folder and its subfolders, and found none; \(what)\n"), "\(run.stderr)")
                #expect(!FileManager.default.fileExists(atPath: out))
            }
        }
        let map = try runBrief(["analyze", "--corpus", empty])
        #expect(map.status == 0 && map.stdout.isEmpty)
        #expect(map.stderr.hasPrefix("\(empty): warning: no articles"))
        let lines = empty + "/analysis.jsonl"
        write("", to: lines)
        let reduce = try runBrief(["weekly", "--analysis", lines, "--out", temporaryDirectory()])
        #expect(reduce.status == 1)
        #expect(reduce.stderr.contains("\(lines): error: no findings: the analysis input has no lines"))
    }

    /// Standard output that cannot take the findings (a full disk) fails the map step with a message and status 1,
    /// not a crash; so does a command that prints with the C library's buffer.
    @Test func aFullDiskFailsTheRunWithAMessage() throws {
        #if os(Linux)
        // Over 1 MB of lines: the map step writes as it goes, and after the first failed write goes on to the end.
        let corpus = try generatedCorpus(1_000_000, seed: 23)
        for command in [["analyze", "--no-cache"], ["analyze", "--no-cache", "--corpus", corpus], ["evaluate"]] {
            let run = try runBrief(command, stdoutFile: "/dev/full")
            #expect(run.status == 1, "\(command): \(run.stderr)")
            #expect(run.stderr.hasSuffix("error: cannot write to standard output: No space left on device\n"), "\(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"))
        }
        #endif
    }

    /// A cache folder that fills up mid-run: the run goes on and says so once, the pack keeps only whole records
    /// (the next run does not cut off a "torn" one and blame a crash), and the findings are the same. The full disk
    /// is a limit on the size of files the process may write (`ulimit -f`, in kilobytes), its signal ignored.
    @Test func aFullCacheFolderIsWarnedOfAndLeavesOnlyWholeRecords() throws {
        let corpus = try generatedCorpus(1_000_000, seed: 17)
        let cache = temporaryDirectory()
        // One thread: batches of 64 articles, about 360 KB of findings, so that two fit and the third does not.
        let limited = try runBrief(["analyze", "--jobs", "1", "--corpus", corpus], through: "trap '' XFSZ; ulimit -f 800; exec \"$@\"", cache: cache)
        #expect(limited.status == 0, "\(limited.stderr)")
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: cache).first { $0.hasPrefix("findings-") })
        #expect(limited.stderr == "\(cache)/\(pack): warning: cannot add to the cache (File too large); the findings of this run's new articles are not kept\n")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: cache + "/" + pack)[.size] as? Int)
        #expect(size > 300_000 && size <= 800 * 1024, "\(size)")
        let again = try runBrief(["analyze", "--corpus", corpus], cache: cache)
        #expect(again.status == 0)
        #expect(again.stderr.isEmpty, "\(again.stderr)")
        #expect(again.stdout == limited.stdout)
        #expect(again.stdout == (try runBrief(["analyze", "--corpus", corpus, "--no-cache"])).stdout)
    }

    /// A bad entry of the metadata file skips no article: the summary says so, from a run and from its memo, and the
    /// report lists the entry as not used.
    @Test func aBadMetadataEntryIsNotASkippedArticle() throws {
        let corpus = temporaryDirectory()
        for name in ["000_ee8427a67be300df.txt", "001_f432889fd39d612c.txt"] {
            try FileManager.default.copyItem(atPath: workspace.seeds + "/" + name, toPath: corpus + "/" + name)
        }
        write("000_ee8427a67be300df.txt:\n  date: 2025-02-30\n001_f432889fd39d612c.txt:\n  date: 2025-11-24\n", to: corpus + "/" + CorpusLoader.metadataFileName)
        // The memo keeps only the reports of files settled for two seconds (by whole seconds).
        Thread.sleep(forTimeInterval: 3.1)
        let cache = temporaryDirectory()
        let out = temporaryDirectory()
        let problem = "\(corpus)/\(CorpusLoader.metadataFileName):2:9: error: the entry of '000_ee8427a67be300df.txt' is not used (its article is read without it): '2025-02-30' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD\n"
        for (run, articles) in [(1, "1 file to \(out) from 2 articles"), (2, "0 files to \(out) (1 left as they were) from 2 articles (unchanged since the last run: its reports from the cache)")] {
            let weekly = try runBrief(["weekly", "--corpus", corpus, "--out", out, "--lang", "en", "--format", "md"], cache: cache)
            #expect(weekly.status == 3, "run \(run)")
            #expect(weekly.stderr == problem + "brief: wrote \(articles); 0 skipped; 1 problem in brief-metadata.yaml\n", "run \(run)")
        }
        let report = try #require(try FileManager.default.contentsOfDirectory(atPath: out).first { $0.hasSuffix(".en.md") }.flatMap { read(out + "/" + $0) })
        #expect(report.contains("Files of the corpus that could not be read, in whole or in part; nothing in this report rests on what was not read."))
        #expect(report.contains("brief-metadata.yaml 2: the entry of '000\\_ee8427a67be300df.txt' is not used (its article is read without it)"))
    }

    /// The first weeks of the calendar (year 1) have fewer weeks of history before them: a brief, not a crash.
    @Test func aBriefOfTheCalendarsFirstWeeks() throws {
        let corpus = temporaryDirectory()
        write("---\ndate: 0001-01-01\n---\nبحث الرئيس المصري عبد الفتاح السيسي في القاهرة مكافحة الإرهاب.\n", to: corpus + "/a.txt")
        for week in [[], ["--week", "0001-W03"]] {
            let out = temporaryDirectory()
            let run = try runBrief(["weekly", "--corpus", corpus, "--out", out, "--lang", "en", "--format", "md", "--no-cache"] + week)
            #expect(run.status == 0, "\(run.stderr)")
            let (name, heading) = week.isEmpty ? ("weekly-0001-W01.en.md", "Week 1 of 1 (1–7 January 1)") : ("weekly-0001-W03.en.md", "Week 3 of 1")
            #expect(read(out + "/" + name)?.contains(heading) == true)
        }
    }

    /// Reports of articles with Arabic file names pass brief's own check: the name's `.txt` is not set inside the
    /// Arabic span of an English report.
    @Test func arabicFileNamesPassTheCheck() throws {
        let corpus = temporaryDirectory()
        try FileManager.default.copyItem(atPath: workspace.seeds + "/002_db16e09cd59f1208.txt", toPath: corpus + "/تقرير-مصر.txt")
        let out = temporaryDirectory()
        #expect(try runBrief(["weekly", "--corpus", corpus, "--out", out, "--no-cache"]).status == 0)
        #expect(try runBrief(["dossier", "eg", "--corpus", corpus, "--out", out, "--no-cache"]).status == 0)
        let check = try runBrief(["check", out])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stderr == "brief check: 10 files, 0 problems\n")
    }

    /// A country named several ways is one dossier: its five files, written once.
    @Test func aCountryNamedTwiceIsOneDossier() throws {
        let out = temporaryDirectory()
        let run = try runBrief(["dossier", "eg", "eg", "Egypt", "مصر", "--out", out, "--no-cache"])
        #expect(run.status == 0)
        #expect(run.stderr == "brief: wrote 5 files to \(out) from 5 articles; 0 skipped\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }.count == 5)
    }

    @Test func oneBadArticleLosesNothingElse() throws {
        let corpus = temporaryDirectory()
        try FileManager.default.copyItem(atPath: workspace.seeds + "/002_db16e09cd59f1208.txt", toPath: corpus + "/good.txt")
        write(Data([0x41, 0xC3, 0x28]), to: corpus + "/bad.txt")
        let out = temporaryDirectory()
        let run = try runBrief(["weekly", "--corpus", corpus, "--out", out])
        #expect(run.status == 3)
        #expect(run.stderr.contains("\(corpus)/bad.txt:1:2: error: not valid UTF-8 (first bad byte at offset 1)"))
        #expect(run.stderr.contains("from 1 article; 1 skipped"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }.count == 5)
    }

    @Test func analyzePrintsOneJSONObjectPerArticle() throws {
        let run = try runBrief(["analyze"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        let records = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(Set(records.map { $0["lexicon"] as? String }) == [seedPipeline.lexicon.fingerprint.description])
        let objects = records.map { $0["article"] as! [String: Any] }
        #expect(objects.map { ($0["article"] as? [String: Any])?["file"] as? String } == seedPipeline.analyses.map(\.article.file))
        let matched = objects.map { ($0["themes"] as! [[String: Any]]).filter { ($0["score"] as! Int) >= ($0["threshold"] as! Int) }.map { $0["theme"] as! String } }
        #expect(matched == seedPipeline.analyses.map(\.matchedThemes))
        #expect((objects[4]["countries"] as! [[String: Any]]).map { $0["code"] as? String } == ["PK", "MA"])
        let figures = objects[2]["figures"] as! [[String: Any]]
        // Money stays an exact decimal string, never a float.
        #expect(figures.first?["value"] as? String == "217000000")
        #expect(figures.first?["currency"] as? String == "USD")
        #expect((figures.first?["trade"] as? [String: Any])?["kind"] as? String == "total")
        // Each figure's words and each cited sentence are there as written.
        #expect(figures.first?["text"] as? String == seed("002").figures.first?.text)
        #expect((figures.first?["text"] as? String)?.isEmpty == false)
    }

    @Test func helpShowsExamples() throws {
        let run = try runBrief(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("brief dossier pk"))
    }
}

@Suite struct DossierCommandTests {
    /// Countries as users type them: with the article or without it, in short English forms.
    @Test func countriesByTheNamesUsersType() {
        let registry = lexicon.countries
        for (query, code) in [("الباكستان", "PK"), ("المصر", "EG"), ("هند", "IN"), ("سعودية", "SA"), ("uk", "GB"), ("USA", "US"), ("Türkiye", "TR")] {
            #expect(registry.lookup(query)?.code == code, "\(query)")
        }
        #expect(registry.lookup("xx") == nil)
    }

    /// A dossier of a country no article names is written, and the user is told so on stderr.
    @Test func aDossierOfNothingIsWarnedOf() throws {
        let out = temporaryDirectory()
        let run = try runBrief(["dossier", "jp", "--corpus", workspace.seeds, "--out", out, "--no-cache"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: no article names Japan (JP)"), "\(run.stderr)")
        let en = try #require(read(out + "/dossier-jp.en.md"))
        #expect(en.contains("0 articles naming Japan, of any date. No source has a known date."))
        let ar = try #require(read(out + "/dossier-jp.ar.md"))
        #expect(ar.contains("0 مقالات"), "\(ar.prefix(300))")
    }
}

@Suite struct GeneratedDigitsTests {
    /// With --digits arabic, every number an Arabic report generates is in Arabic-Indic digits: counts, scores,
    /// line numbers, weeks; and English counts agree in number.
    @Test func everyGeneratedNumberTakesTheDigitsAskedFor() throws {
        let brief = seedPipeline.builder.weekly(ISOWeek(year: 2025, week: 48)!)
        let reports = try seedPipeline.renderer(digits: .arabicIndic).render(brief, languages: [.ar, .en], formats: [.md])
        let ar = reports[0].contents
        #expect(ar.contains("عدد الفقرات ٤٩"), "\(ar)")
        #expect(ar.contains("من سطر العنوان ٣"))
        #expect(!ar.contains("عدد الفقرات 4") && !ar.contains("سطر العنوان 3"))
        let score = try #require(ar.range(of: "الدرجة "))
        #expect(ar[score.upperBound...].unicodeScalars.first.map { (0x0660...0x0669).contains($0.value) } == true)
        let en = try renderSeedReports().first { $0.name == "dossier-eg.en.md" }?.contents ?? ""
        #expect(en.contains("(1 line of page furniture set aside)") && !en.contains("1 lines"))
    }
}
