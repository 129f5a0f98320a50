import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import BriefKit

/// The least CPU time this thread spent in `body` over three runs, in seconds. CPU time of the calling thread, not
/// wall time: other tests running in parallel, and other work on a shared machine, do not count.
func fastest(_ body: () -> Void) -> Double {
    func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
    var best = Double.infinity
    for _ in 0..<3 {
        let start = now()
        body()
        best = min(best, now() - start)
    }
    return best
}

/// Times of `small` and `large`, measured alternately so that a slow spell of the machine hits both alike.
func pairedTimes(_ small: () -> Void, _ large: () -> Void) -> (Double, Double) {
    var a = Double.infinity
    var b = Double.infinity
    for _ in 0..<2 {
        a = min(a, fastest(small))
        b = min(b, fastest(large))
    }
    return (a, b)
}

/// Whether the time taken grows linearly: `t4` is the time of an input four times the size of the one that took
/// `t1`. Linear growth gives a ratio of about 4 (a little more as the data outgrows a cache), quadratic growth 16;
/// the bound between, 8, leaves a factor of 2 either way, where doubling the input (2 against 4, bound 3) left 1.5,
/// and a shared machine's noise once crossed it.
func growsLinearly(_ t1: Double, _ t4: Double) -> Bool { t4 / t1 < 8.0 }

@Suite(.serialized) struct PathologicalInputTests {
    /// Four times the input must take about four times the time (a quadratic step would take sixteen). Times are
    /// compared within one run, best of three, so a busy machine slows both sides alike.
    static let cases: [(String, @Sendable (Int) -> String)] = [
        ("repeated clitics", { n in String(repeating: "و", count: n) + "بالتصنيع العسكري" }),
        ("one long word", { n in String(repeating: "مصر", count: n) }),
        ("figures in one sentence", { n in String(repeating: "بلغت صادرات مصرية إلى باكستان 104 ملايين دولار، ", count: n / 40) }),
        ("every theme term repeated", { n in
            let terms = lexicon.themes.flatMap { $0.terms.map(\.text) }.joined(separator: " ")
            return String(repeating: terms + " ", count: max(1, n / terms.count))
        }),
        ("marks and controls", { n in String(repeating: "\u{0640}\u{064E}\u{200F}", count: n / 3) + "مصر" }),
        ("dates and months", { n in String(repeating: "في 1 إلى 4 ديسمبر 2025 و يوليو (تموز) الماضي ", count: n / 40) }),
    ]

    @Test(arguments: 0..<cases.count)
    func fourTimesTheInputTakesAboutFourTimesTheTime(_ index: Int) {
        let (name, make) = Self.cases[index]
        let n = 20_000
        let small = article([make(n)])
        let large = article([make(4 * n)])
        let (t1, t4) = pairedTimes({ _ = analyzer.analyze(small) }, { _ = analyzer.analyze(large) })
        #expect(growsLinearly(t1, t4), "\(name): \(t1) s for n, \(t4) s for 4n")
    }

    @Test func manyShortLinesLoadInLinearTime() {
        func file(_ n: Int) -> [UInt8] { Array(String(repeating: "سطر قصير\nسطر آخر\n", count: n).utf8) }
        let small = file(10_000)
        let large = file(40_000)
        let (t1, t4) = pairedTimes({ _ = CorpusLoader.parse(bytes: small, id: "a", file: "a", path: "a") }, { _ = CorpusLoader.parse(bytes: large, id: "a", file: "a", path: "a") })
        #expect(growsLinearly(t1, t4), "\(t1) s for n, \(t4) s for 4n")
    }

    @Test func hostileTextRendersInLinearTime() throws {
        func brief(_ n: Int) -> Brief {
            let text = String(repeating: "مصر *x* [a](javascript:x) <b> EDEX 2025 [S1 ¶2] ", count: n)
            let a = analyzer.analyze(article([text + "مكافحة الإرهاب."], date: PartialDate(year: 2025, month: 11, day: 24)))
            return BriefBuilder(lexicon: lexicon, analyses: [a]).weekly(ISOWeek(year: 2025, week: 48)!)
        }
        let small = brief(1_000)
        let large = brief(4_000)
        let renderer = seedPipeline.renderer
        let (t1, t4) = pairedTimes({ _ = try? renderer.render(small) }, { _ = try? renderer.render(large) })
        #expect(growsLinearly(t1, t4), "\(t1) s for n, \(t4) s for 4n")
    }
}

@Suite struct PropertyTests {
    /// Seeded random articles made of hostile fragments: whatever the mix, the output is safe and well-formed.
    @Test func randomHostileArticlesRenderSafely() throws {
        let fragments = [
            "مصر", "وباكستان", "<script>alert(1)</script>", "*x*", "_y_", "# ", "[a](javascript:alert(1))", "<img src=x onerror=y>",
            "`", "\\", "&amp;", "&#x3C;", "\u{202E}", "\u{2066}", "\u{200B}", "\u{FEFF}", "ـــ", "\u{064E}", "104 ملايين دولار", "٣٥٫٢ مليون",
            "1,500", "صادرات مصرية إلى باكستان", "الواردات", "حجم التبادل التجاري", "عام 2024", "يوليو (تموز) الماضي", "24 نوفمبر 2025",
            "\n", "\n\n", "\r\n", "\r", ".", "؟", "«", "»", ">", "- ", "1. ", "---", "===", "<!--", "-->", "]]>", "{{x}}", "{{{y}}}",
            "[S1 ¶2]", "EDEX 2025", "مكافحة الإرهاب", "قطاع غزة", "التصنيع العسكري", "https://example.org/a?b=(c)", "mailto:x@y",
            "data:text/html,<b>", "vbscript:x", " ", "\t", "Pakistan", "لل", "و", "ال",
        ]
        var random = CorpusGenerator.Random(state: 20251124)
        var checked = 0
        for _ in 0..<150 {
            var text = random.below(3) == 0 ? "---\ntitle: \"\(fragments[random.below(fragments.count)].replacingOccurrences(of: "\"", with: ""))\"\ndate: 2025-11-2\(random.below(7))\n---\n" : ""
            for _ in 0..<(5 + random.below(60)) { text += fragments[random.below(fragments.count)] + (random.below(2) == 0 ? " " : "") }
            let problems = SafetyProbe.problems(articleBytes: Array(text.utf8), lexicon: seedPipeline.lexicon, templates: seedPipeline.templates)
            #expect(problems.isEmpty, "\(problems.prefix(3)) for input: \(text.debugDescription)")
            checked += 1
        }
        #expect(checked == 150)
    }
}

@Suite struct DeterminismTests {
    @Test func anyNumberOfThreadsGivesTheSameBytes() throws {
        let corpus = temporaryDirectory()
        try CorpusGenerator(seeds: seedCorpus.articles).generate(bytes: 400_000, seed: 7, into: corpus)
        var outputs: [[String]] = []
        for jobs in [1, 2, 4] {
            let pipeline = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates, jobs: jobs)
            let builder = pipeline.builder
            let reports = try pipeline.renderer.render(builder.weekly(try builder.latestWeek())) + pipeline.renderer.render(builder.dossier(lexicon.countries.lookup("pk")!))
            outputs.append(reports.map(\.contents) + pipeline.analyses.map { AnalysisLines.line($0, lexicon: pipeline.lexicon) })
        }
        #expect(outputs[0].count > 10)
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
    }

    @Test func theGeneratorIsDeterministic() throws {
        let a = temporaryDirectory()
        let b = temporaryDirectory()
        let generator = CorpusGenerator(seeds: seedCorpus.articles)
        #expect(try generator.generate(bytes: 100_000, seed: 3, into: a) == generator.generate(bytes: 100_000, seed: 3, into: b))
        for name in try FileManager.default.contentsOfDirectory(atPath: a) {
            #expect(read(a + "/" + name) == read(b + "/" + name))
        }
        // Every generated article loads.
        #expect(try CorpusLoader.load(directory: a).problems.isEmpty)
    }

    /// The generator never overwrites a file it did not write, and a smaller corpus generated over a larger one
    /// leaves none of the larger one's articles behind.
    @Test func theGeneratorWritesOnlyOverItsOwnCorpus() throws {
        let generator = CorpusGenerator(seeds: seedCorpus.articles)
        let mine = temporaryDirectory()
        write("مقالي", to: mine + "/gen-0000001.txt.bak")
        write("مقالي", to: mine + "/notes.txt")
        #expect(throws: CorpusGenerator.Error.self) { try generator.generate(bytes: 10_000, into: mine) }
        do {
            try generator.generate(bytes: 10_000, into: mine)
        } catch {
            #expect(error.description == "\(mine): error: holds 2 files brief generate did not write ('gen-0000001.txt.bak', 'notes.txt'); name a new or empty folder")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: mine).sorted() == ["gen-0000001.txt.bak", "notes.txt"])
        let file = mine + "/notes.txt"
        #expect(throws: CorpusGenerator.Error.self) { try generator.generate(bytes: 10_000, into: file) }
        #expect(read(file) == "مقالي")

        let again = temporaryDirectory() + "/corpus"
        let fresh = temporaryDirectory()
        try generator.generate(bytes: 60_000, seed: 5, into: again)
        let small = try generator.generate(bytes: 20_000, seed: 6, into: again)
        #expect(try generator.generate(bytes: 20_000, seed: 6, into: fresh) == small)
        let names = try FileManager.default.contentsOfDirectory(atPath: fresh).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: again).sorted() == names)
        for name in names { #expect(read(again + "/" + name) == read(fresh + "/" + name)) }
    }

    /// With rare words, the corpus is as deterministic, has many more distinct words (about the share asked for are
    /// new forms), and still loads; without them it is the same corpus as before the option.
    @Test func rareWordsWidenTheVocabularyDeterministically() throws {
        func words(_ dir: String) throws -> (tokens: Int, distinct: Set<String>) {
            var tokens = 0
            var distinct = Set<String>()
            for a in try CorpusLoader.load(directory: dir).articles {
                for p in a.paragraphs {
                    let keys = Tokenizer.keys(in: p.text)
                    tokens += keys.count
                    distinct.formUnion(keys)
                }
            }
            return (tokens, distinct)
        }
        let plain = temporaryDirectory()
        let zero = temporaryDirectory()
        let rare = temporaryDirectory()
        let again = temporaryDirectory()
        try CorpusGenerator(seeds: seedCorpus.articles).generate(bytes: 200_000, seed: 4, into: plain)
        try CorpusGenerator(seeds: seedCorpus.articles, rareWords: 0).generate(bytes: 200_000, seed: 4, into: zero)
        try CorpusGenerator(seeds: seedCorpus.articles, rareWords: 30).generate(bytes: 200_000, seed: 4, into: rare)
        try CorpusGenerator(seeds: seedCorpus.articles, rareWords: 30).generate(bytes: 200_000, seed: 4, into: again)
        for name in try FileManager.default.contentsOfDirectory(atPath: plain) { #expect(read(plain + "/" + name) == read(zero + "/" + name)) }
        for name in try FileManager.default.contentsOfDirectory(atPath: rare) { #expect(read(rare + "/" + name) == read(again + "/" + name)) }
        #expect(try CorpusLoader.load(directory: rare).problems.isEmpty)
        let (plainTokens, plainWords) = try words(plain)
        let (rareTokens, rareWords) = try words(rare)
        let newForms = rareWords.subtracting(plainWords).count
        // Most rare forms are seen once: their number is near the share asked for of the tokens.
        #expect(Double(newForms) > 0.15 * Double(rareTokens), "\(newForms) new forms of \(rareTokens) tokens")
        #expect(Double(newForms) < 0.35 * Double(rareTokens))
        #expect(rareWords.count > 2 * plainWords.count)
        #expect(abs(rareTokens - plainTokens) < plainTokens / 5)
    }
}

@Suite(.serialized) struct LargeInputTests {
    @Test func aFiftyMegabyteArticleAndATenMegabyteLine() throws {
        let corpus = temporaryDirectory()
        let paragraph = try #require(seedCorpus.articles.first { $0.id.hasPrefix("002") }).paragraphs.map(\.text).joined(separator: "\n")
        var big = "---\ndate: 2025-11-24\n---\n"
        while big.utf8.count < 50_000_000 { big += paragraph + "\n" }
        write(big, to: corpus + "/big.txt")
        let line = String(repeating: "أكدت مصر وباكستان أهمية التعاون في مكافحة الإرهاب، ", count: 10_000_000 / 90)
        write("---\ndate: 2025-11-25\n---\n" + line + "\n", to: corpus + "/line.txt")
        let out = temporaryDirectory()
        let run = try runBrief(["weekly", "--corpus", corpus, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("from 2 articles; 0 skipped"))
        let md = try #require(read(out + "/weekly-2025-W48.en.md"))
        #expect(md.contains("### Counterterrorism"))
    }
}
