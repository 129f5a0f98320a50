import Foundation
import Testing

@testable import BriefKit

@Suite struct SeedFurnitureTests {
    @Test func seedsLoadWithoutProblems() {
        #expect(seedPipeline.problems.isEmpty)
        #expect(seedPipeline.analyses.map(\.article.file) == [
            "000_ee8427a67be300df.txt", "001_f432889fd39d612c.txt", "002_db16e09cd59f1208.txt",
            "003_970751b9ad7a4582.txt", "004_bc80649835119055.txt",
        ])
    }

    @Test func headlinesAreInferredWithTheirLine() {
        #expect(seed("000").article.title.origin == .unknown)
        #expect(seed("001").article.title == .inferred("مصر وباكستان تبحثان تعزيز التعاون في مجال التصنيع العسكري", .headline(line: 1)))
        #expect(seed("002").article.title == .inferred("العلاقات “المصرية – الباكستانية”: تحليل دوافع التقارب وأبعاده", .headline(line: 3)))
        // Seed 003 prints its headline twice after the text, with a deck between.
        #expect(seed("003").article.title.value == "السيسي وماتيس يبحثان التعاون العسكري ومكافحة الإرهاب")
        #expect(seed("003").article.subtitle == "وزير الدفاع الأميركي قدم التعازي في حادث الروضة الإرهابي")
        #expect(seed("004").article.title.value?.hasPrefix("لتعزيز العلاقات العسكرية") == true)
    }

    @Test func datesAreInferredOnlyFromADateline() {
        #expect(seed("002").article.date == .inferred(PartialDate(year: 2025, month: 11, day: 24)!, .dateline(line: 4)))
        // The others name dates of events, not their own: never invent one.
        for id in ["000", "001", "003", "004"] { #expect(seed(id).article.date.origin == .unknown) }
    }

    @Test func furnitureIsSetAsideAndNoArticleSentenceIsLost() {
        let a = seed("002").article
        #expect(a.furniture.map(\.kind) == [.sectionLabel, .breadcrumb, .headline, .dateline, .byline, .category, .comments, .byline, .byline])
        #expect(a.author.value == "ريهام محمد")
        #expect(seedArticle("002").paragraphs.first?.text.hasPrefix("تشهدُ السَّاحةُ الإقليميةُ") == true)
        #expect(seedArticle("002").paragraphs.last?.text.hasPrefix("مكافحة الإرهاب: تعتبر") == true)
        #expect(seed("003").article.furniture.map(\.kind) == [.headline, .subtitle, .headline, .subscription, .subscription])
        #expect(seed("004").article.furniture.map(\.kind) == [.headline, .comments, .comments])
        #expect(seed("000").article.furniture.isEmpty)
        // Every non-blank line of every seed is either a paragraph or set-aside furniture.
        for analysis in seedPipeline.analyses {
            let text = read(projectRoot + "/seeds/" + analysis.article.file)!
            let lines = text.split(separator: "\n").filter { !$0.trimmingSpaces.isEmpty }.count
            #expect(analysis.article.paragraphs + analysis.article.furniture.count == lines)
        }
    }
}

@Suite struct CorpusLoadingTests {
    /// The loader checks UTF-8 itself, without making a string of the file: it must refuse exactly what Swift
    /// refuses, and name the byte where Swift's own parser stops.
    @Test func utf8IsCheckedAsSwiftChecksIt() {
        func reference(_ bytes: [UInt8]) -> Int? {
            guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
            var parser = Unicode.UTF8.ForwardParser()
            var iterator = bytes.makeIterator()
            var offset = 0
            while case .valid(let encoded) = parser.parseScalar(from: &iterator) { offset += encoded.count }
            return offset
        }
        var samples: [[UInt8]] = [
            [], [0x41], [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xC2], [0xC2, 0x41], [0xE0, 0x9F, 0x80],
            [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xE1, 0x80], [0xF0, 0x8F, 0x80, 0x80],
            [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF],
            Array("مصر وباكستان 2025 — café 😀".utf8), Array("abcdefghijklmnop".utf8) + [0xD9], Array("abcdefgh".utf8) + [0xE9, 0x20],
        ]
        // Random text of ASCII, two-, three- and four-byte scalars, some with a byte changed or cut.
        var generator = CorpusGenerator.Random(state: 12060001)
        let scalars: [String] = ["a", " ", "7", "م", "ص", "é", "—", "€", "😀", "\u{10FFFF}", "\u{FFFD}"]
        let odd: [UInt8] = [0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xD8, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x41, 0x00]
        for _ in 0..<4000 {
            var bytes = Array((0..<Int.random(in: 0...64, using: &generator)).map { _ in scalars.randomElement(using: &generator)! }.joined().utf8)
            if !bytes.isEmpty, Bool.random(using: &generator) { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = odd.randomElement(using: &generator)! }
            if !bytes.isEmpty, Int.random(in: 0..<4, using: &generator) == 0 { bytes.removeLast(Int.random(in: 1...min(3, bytes.count), using: &generator)) }
            samples.append(bytes)
        }
        // Arabic text long enough to be checked in blocks of sixteen bytes, with one fault at every offset of its
        // first four blocks: the block check, and its hand-over to the scalar check and back, at every position.
        let arabic = Array("مصر وباكستان «تعاون» — ".utf8)
        let long = Array(repeatElement(arabic, count: 6).joined())
        for offset in 0..<64 {
            for fault in odd {
                var bytes = long
                bytes[offset] = fault
                samples.append(bytes)
            }
            samples.append(Array(long[..<(long.count - offset)]))
        }
        var invalid = 0
        for bytes in samples {
            let found = bytes.withUnsafeBufferPointer(CorpusLoader.firstInvalidUTF8)
            #expect(found == reference(bytes), "\(bytes)")
            if found != nil { invalid += 1 }
        }
        #expect(invalid > 1000 && invalid < samples.count - 1000)  // both kinds were compared
    }

    func load(_ files: [String: [UInt8]]) throws -> Corpus {
        let dir = temporaryDirectory()
        for (name, bytes) in files {
            try FileManager.default.createDirectory(atPath: ((dir + "/" + name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            write(Data(bytes), to: dir + "/" + name)
        }
        return try CorpusLoader.load(directory: dir)
    }

    @Test func frontMatterGivesFields() throws {
        let text = "---\ntitle: عنوان\ndate: 2025-11-20\nsource: الأهرام\nurl: https://example.org/a\nlang: ar\n---\nنص المقال هنا.\n"
        let corpus = try load(["a.txt": Array(text.utf8)])
        let a = try #require(corpus.articles.first)
        #expect(a.title == .given("عنوان", .frontMatter))
        #expect(a.date == .given(PartialDate(year: 2025, month: 11, day: 20)!, .frontMatter))
        #expect(a.source.value == "الأهرام")
        #expect(a.paragraphs.map(\.text) == ["نص المقال هنا."])
        #expect(a.paragraphs.first?.line == 8)
    }

    /// Datelines as agencies and sites write them give the article its date: a place before the date, a weekday, digits
    /// alone (day first), or the dateline opening the first paragraph before its dash.
    @Test func datelinesOfThePressGiveTheDate() throws {
        let body = "بحث وزير الخارجية المصري مع نظيره الباكستاني سبل التعاون بين البلدين في مجالات عدة."
        let cases: [(String, PartialDate)] = [
            ("الخميس 20 نوفمبر 2025\n" + body, PartialDate(year: 2025, month: 11, day: 20)!),
            ("20/11/2025\n" + body, PartialDate(year: 2025, month: 11, day: 20)!),
            ("٢٠٢٥-١١-٢٠\n" + body, PartialDate(year: 2025, month: 11, day: 20)!),
            ("إسلام آباد، 18 نوفمبر 2025\n" + body, PartialDate(year: 2025, month: 11, day: 18)!),
            ("إسلام آباد، 18 نوفمبر 2025 (أ ش أ) - " + body, PartialDate(year: 2025, month: 11, day: 18)!),
        ]
        for (text, date) in cases {
            let a = try #require(try load(["a.txt": Array(("مصر وباكستان تبحثان التعاون\n" + text).utf8)]).articles.first)
            #expect(a.date == .inferred(date, .dateline(line: 2)), "\(text)")
            #expect(a.paragraphs.last?.text.hasSuffix("في مجالات عدة.") == true)
        }
        // A headline that names an event's date is no dateline, and stays the headline.
        for headline in ["انتخابات الرئاسة في 20 نوفمبر 2026", "قمة القاهرة 20 نوفمبر 2025", "القاهرة في 20 نوفمبر 2025"] {
            let a = try #require(try load(["a.txt": Array((headline + "\n" + body).utf8)]).articles.first)
            #expect(a.date.origin == .unknown, "\(headline)")
            #expect(a.title.value == headline)
        }
        // A date inside the text is an event's, not the article's.
        for text in [
            "وقال الوزير إن اللقاء عقد في 3 مارس 2024 - كما أعلن - في القاهرة وسط ترتيبات أمنية مشددة ومشاركة واسعة.",
            "اجتمع الوزيران في 3 مارس 2024 - بحسب البيان - في القاهرة وسط ترتيبات أمنية مشددة ومشاركة واسعة.",
        ] {
            let a = try #require(try load(["a.txt": Array(("مصر وباكستان تبحثان التعاون\n" + text).utf8)]).articles.first)
            #expect(a.date.origin == .unknown, "\(text)")
        }
    }

    /// Markup left in a line of text (`<br><br>`, a script tag) is no breadcrumb: the line stays text.
    @Test func markupLeftInTheTextIsNoBreadcrumb() throws {
        let text = "مصر وباكستان\nبلغت صادرات مصر إلى باكستان 300 مليون دولار في عام 2024.<br><br>\nوقال <b>الوزير</b> إن <i>الاتفاق</i> مهم."
        let a = try #require(try load(["a.txt": Array(text.utf8)]).articles.first)
        #expect(!a.furniture.contains { $0.kind == .breadcrumb })
        #expect(a.paragraphs.count == 2)
    }

    /// The rules read a line's bytes and its match key: `›` separates a breadcrumb as `>` does, a share bar is
    /// found inside its line, and a line longer than a rule allows is article text whatever it contains.
    @Test func furnitureRulesReadTheLine() throws {
        let long = "وقال المتحدث إن التعليقات على الاتفاق جاءت إيجابية من الجانبين، وإن اللقاء بحث التعاون في مجالات الدفاع والتجارة ومكافحة الإرهاب."
        let text = [
            "الرئيسية › أخبار › مصر وباكستان", "عنوان الخبر عن مصر وباكستان", "نص المقال الأول عن العلاقات بين البلدين.", long,
            "- Share this: Facebook", "نص آخر في آخر المقال عن التعاون.",
        ].joined(separator: "\n")
        let a = try #require(try load(["a.txt": Array(text.utf8)]).articles.first)
        #expect(a.furniture.map(\.kind) == [.breadcrumb, .headline, .share])
        #expect(a.paragraphs.map(\.text) == ["نص المقال الأول عن العلاقات بين البلدين.", long, "نص آخر في آخر المقال عن التعاون."])
    }

    /// A file that is only a headline (a wire flash) is an article of one paragraph, titled by that line, not an
    /// empty file; a file of page furniture alone is reported as such, at its first line, not as having no text.
    @Test func aHeadlineAloneIsAnArticleAndFurnitureAloneIsNamed() throws {
        let flash = "عاجل: مصر وباكستان توقعان اتفاقية للتعاون الدفاعي"
        let corpus = try load([
            "a-flash.txt": Array("---\ndate: 2025-11-24\n---\n\(flash)\n".utf8),
            "b-furniture.txt": Array("\nبقلم: أحمد علي\nلا توجد تعليقات\n".utf8),
            "c-headline-and-comments.txt": Array("\(flash)\nلا توجد تعليقات\n".utf8),
        ])
        #expect(corpus.articles.map(\.file) == ["a-flash.txt", "c-headline-and-comments.txt"])
        for a in corpus.articles {
            #expect(a.paragraphs.map(\.text) == [flash])
            #expect(a.title.value == flash)
        }
        #expect(corpus.articles.first?.paragraphs.first?.line == 4)
        #expect(corpus.articles.last?.furniture.map(\.kind) == [.comments])
        let problem = try #require(corpus.problems.first)
        #expect(corpus.problems.count == 1)
        #expect(problem.kind == .onlyFurniture(lines: 2, kinds: ["byline", "comments"]))
        #expect(problem.description.hasSuffix("b-furniture.txt:2: error: the file has no article text: its 2 lines are page furniture (byline, comments)"))
    }

    /// The language is the script of more letters, Arabic on a tie, however the paragraphs fall: the count may stop
    /// early only where the rest cannot change the answer.
    @Test func theLanguageIsTheScriptOfMoreLetters() throws {
        let arabic = "نص عربي طويل يتحدث عن التعاون بين مصر وباكستان في مجالات عدة"
        let english = "A long English paragraph about cooperation between Egypt and Pakistan in many fields"
        func language(_ paragraphs: [String]) throws -> String? {
            // Each paragraph a sentence, so that none is taken for a headline.
            let bytes = Array(paragraphs.map { $0 + "." }.joined(separator: "\n\n").utf8)
            return try CorpusLoader.parse(bytes: bytes, id: "a", file: "a.txt", path: "a.txt").get().lang.value
        }
        let arabicLetters = arabic.unicodeScalars.filter { $0.properties.isAlphabetic }.count
        #expect(try language([arabic]) == "ar")
        #expect(try language([english]) == "en")
        #expect(try language([arabic, arabic, english]) == "ar")
        #expect(try language([english, english, arabic]) == "en")
        // Arabic leads through the first paragraphs; Latin letters in the last outnumber them all.
        let latinRun = String(repeating: "b", count: 3 * arabicLetters + 1)
        #expect(try language([arabic, arabic, arabic, latinRun]) == "en")
        #expect(try language([arabic, arabic, arabic, String(repeating: "b", count: 3 * arabicLetters)]) == "ar")
        // The same with letters of two bytes (U+00E9, U+020D): the count may not stop before them either.
        #expect(try language([arabic, arabic, arabic, String(repeating: "é", count: 3 * arabicLetters + 1)]) == "en")
        #expect(try language([arabic, arabic, arabic, String(repeating: "\u{20D}", count: 3 * arabicLetters + 1)]) == "en")
        #expect(try language([arabic, arabic, arabic, String(repeating: "é", count: 3 * arabicLetters)]) == "ar")
        // Latin leads; the Arabic letters of the last paragraph outnumber them (accented Latin letters count).
        #expect(try language(["é" + String(repeating: "a", count: 9), String(repeating: "ب", count: 11)]) == "ar")
        #expect(try language(["é" + String(repeating: "a", count: 9), String(repeating: "ب", count: 9)]) == "en")
    }

    @Test func metadataFileGivesFieldsForVerbatimFiles() throws {
        let meta = "a.txt:\n  date: 2025-10\n  source: Dawn\n"
        let corpus = try load(["a.txt": Array("نص المقال هنا.".utf8), CorpusLoader.metadataFileName: Array(meta.utf8)])
        let a = try #require(corpus.articles.first)
        #expect(a.date == .given(PartialDate(year: 2025, month: 10)!, .metadataFile(CorpusLoader.metadataFileName)))
        #expect(a.source.value == "Dawn")
        #expect(corpus.articles.count == 1)
    }

    /// A file or folder whose name is not UTF-8 (Latin-1 here) is reported as such, by the name as shown; the
    /// others load.
    @Test func aNameThatIsNotUTF8IsNamedAsTheProblem() throws {
        let dir = temporaryDirectory()
        write("مقال سليم عن مصر.", to: dir + "/good.txt")
        func path(_ parts: [UInt8]...) -> [CChar] { (Array(dir.utf8) + parts.joined() + [0]).map { CChar(bitPattern: $0) } }
        let fd = open(path(Array("/caf".utf8), [0xE9], Array(".txt".utf8)), O_WRONLY | O_CREAT, 0o644)
        try #require(fd >= 0)
        _ = "نص.".withCString { write(fd, $0, strlen($0)) }
        close(fd)
        try #require(mkdir(path(Array("/d".utf8), [0xE9]), 0o755) == 0)
        write("مقال آخر.", to: dir + "/d\u{E9}-ok.txt")
        let corpus = try CorpusLoader.load(directory: dir)
        #expect(corpus.articles.map(\.file) == ["d\u{E9}-ok.txt", "good.txt"].sorted { $0.precedesInBytes($1) })
        #expect(corpus.problems.map(\.description).sorted() == [
            "\(dir)/caf\u{FFFD}.txt: error: cannot read the file: its name is not UTF-8; rename it",
            "\(dir)/d\u{FFFD}: error: cannot read the file: its name is not UTF-8; rename it",
        ])
    }

    /// A mistake in one file's entry of the metadata file is reported at its line, and the other entries still
    /// apply; the file of the bad entry is read as if it had none.
    @Test func aBadMetadataEntryLeavesTheOthers() throws {
        let meta = "a.txt:\n  date: 2025-02-30\nb.txt:\n  date: 2025-10\n  source: Dawn\n"
        let text = Array("نص المقال هنا.".utf8)
        let corpus = try load(["a.txt": text, "b.txt": text, CorpusLoader.metadataFileName: Array(meta.utf8)])
        #expect(corpus.articles.map(\.file) == ["a.txt", "b.txt"])
        let b = try #require(corpus.articles.last)
        #expect(b.date == .given(PartialDate(year: 2025, month: 10)!, .metadataFile(CorpusLoader.metadataFileName)))
        #expect(b.source.value == "Dawn")
        #expect(corpus.articles.first?.date.value == nil)
        #expect(corpus.problems.map { $0.description.contains("/\(CorpusLoader.metadataFileName):2:9: error: the entry of 'a.txt' is not used (its article is read without it): '2025-02-30' is not a date") } == [true], "\(corpus.problems)")
        #expect(corpus.problems.map(\.isMetadataProblem) == [true])
    }

    /// A date written as a timestamp (site generators, scrapers) or in Arabic-Indic digits gives its date, as written;
    /// anything else is still not a date.
    @Test func timestampsAndArabicDigitsGiveTheirDate() throws {
        let day = PartialDate(year: 2025, month: 11, day: 24)!
        for text in ["2025-11-24T10:00:00Z", "2025-11-24 10:00", "2025-11-24T10:00:00.5+02:00", "2025-11-24T23:30:00-0500",
                     "2025-11-24 10:00:00 +03", "٢٠٢٥-١١-٢٤", "۲۰۲۵-۱۱-۲۴T08:00Z"] {
            #expect(GivenFields.dateOfTimestamp(text) == day, "\(text)")
        }
        #expect(GivenFields.dateOfTimestamp("٢٠٢٥-١١") == PartialDate(year: 2025, month: 11))
        for text in ["2025-11-24T", "2025-11-24Tnoon", "2025-11-24 10", "2025-11-24T10:00Zulu", "2025-02-30T10:00Z", "24/11/2025", "2025-11-24x10:00"] {
            #expect(GivenFields.dateOfTimestamp(text) == nil, "\(text)")
        }
        let corpus = try load(["a.txt": Array("---\ndate: 2025-11-24T10:00:00Z\n---\nنص المقال هنا.\n".utf8)])
        #expect(corpus.articles.first?.date == .given(day, .frontMatter))
    }

    /// An entry that names no article file (a typo, a path without its folder) is reported at its line, not
    /// ignored: the article it meant would be read without its date.
    @Test func aMetadataEntryForNoFileIsNamed() throws {
        let meta = "a.txt:\n  date: 2025-10-01\nb.text:\n  date: 2025-10-02\nc.txt:\n  date: 2025-13-01\n"
        let corpus = try load(["a.txt": Array("نص المقال هنا.".utf8), "sub/b.txt": Array("نص آخر هنا.".utf8), CorpusLoader.metadataFileName: Array(meta.utf8)])
        #expect(corpus.articles.map(\.file) == ["a.txt", "sub/b.txt"])
        #expect(corpus.problems.map(\.line) == [3, 6])
        #expect(corpus.problems.first?.kind == .metadataOrphan(file: "b.text"))
        #expect(corpus.problems.first?.description.hasSuffix("/\(CorpusLoader.metadataFileName):3:1: error: the entry of 'b.text' names no article file of the corpus (paths are relative to the corpus folder, as 'sub/name.txt'); it is not used") == true)
        #expect(corpus.problems.allSatisfy { $0.isMetadataProblem })
        #expect(corpus.problems.map { CorpusError.isMetadataProblem(description: $0.description) } == [true, true])
        // Entries on one line (a mapping written as JSON) are reported in the order they stand.
        let flow = try load(["a.txt": Array("نص.".utf8), CorpusLoader.metadataFileName: Array("{\"z.txt\": {\"date\": \"2025-10-01\"}, \"y.txt\": {\"date\": \"2025-10-02\"}}\n".utf8)])
        #expect(flow.problems.map(\.kind) == [.metadataOrphan(file: "z.txt"), .metadataOrphan(file: "y.txt")])
    }

    @Test func badFilesAreReportedAndTheOthersKept() throws {
        let good = Array("مقال سليم عن مصر.".utf8)
        let corpus = try load([
            "a-good.txt": good,
            "b-latin1.txt": [0x63, 0x61, 0x66, 0xE9, 0x20, 0x21],
            "c-empty.txt": [],
            "d-utf16.txt": [0xFF, 0xFE, 0x41, 0x00],
            "e-binary.txt": [0x41, 0x00, 0x42],
            "f-front.txt": Array("---\ntitle: [unclosed\n---\nنص.".utf8),
            "g-date.txt": Array("---\ndate: 2025-02-30\n---\nنص.".utf8),
            "h-key.txt": Array("---\nauthr: x\n---\nنص.".utf8),
        ])
        #expect(corpus.articles.map(\.file) == ["a-good.txt"])
        let byFile = Dictionary(uniqueKeysWithValues: corpus.problems.map { (($0.file as NSString).lastPathComponent, $0) })
        #expect(byFile["b-latin1.txt"]?.kind == .notUTF8(byteOffset: 3))
        #expect(byFile["c-empty.txt"]?.kind == .empty)
        #expect(byFile["d-utf16.txt"]?.kind == .utf16)
        #expect(byFile["e-binary.txt"]?.kind == .binary)
        if case .frontMatter = byFile["f-front.txt"]?.kind {} else { Issue.record("expected a front matter error, got \(String(describing: byFile["f-front.txt"]))") }
        #expect(byFile["f-front.txt"]?.line != nil)
        #expect(byFile["g-date.txt"]?.kind == .invalidDate("2025-02-30"))
        #expect(byFile["g-date.txt"]?.line == 2)
        #expect(byFile["h-key.txt"]?.kind == .unknownField("authr"))
        #expect(byFile["h-key.txt"]?.description.contains("h-key.txt:2:1: error:") == true)
    }

    /// A file that is not UTF-8 is reported at the line and column of its first bad byte (lines ending at LF, CR LF
    /// or CR; the column in characters), and one that reads as Arabic in Windows-1256 is named as such.
    @Test func aFileThatIsNotUTF8IsNamedAtItsFirstBadByte() throws {
        // "مصر وباكستان تبحثان التعاون" in Windows-1256, as `iconv -t WINDOWS-1256` writes it.
        let windows1256: [UInt8] = [
            0xE3, 0xD5, 0xD1, 0x20, 0xE6, 0xC8, 0xC7, 0xDF, 0xD3, 0xCA, 0xC7, 0xE4, 0x20, 0xCA, 0xC8, 0xCD, 0xCB, 0xC7,
            0xE4, 0x20, 0xC7, 0xE1, 0xCA, 0xDA, 0xC7, 0xE6, 0xE4,
        ]
        let corpus = try load([
            "a-arabic.txt": Array("عنوان\r\nسطر\rثالث ".utf8) + [0xE9] + Array(" باقي\n".utf8),
            "b-latin1.txt": Array("\u{FEFF}caf".utf8) + [0xE9, 0x20, 0x63, 0x72, 0xE8, 0x6D, 0x65, 0x20, 0x62, 0x72, 0xFB, 0x6C, 0xE9, 0x65],
            "c-windows1256.txt": Array("---\ndate: 2025-11-24\n---\n".utf8) + windows1256,
            "d-broken-utf8.txt": Array("مصر وباكستان\n".utf8) + [0xD9] + Array("\nتبحثان التعاون في مجال التصنيع\n".utf8),
            // "Москва и Каир обсудили сотрудничество" in Windows-1251: letters at C0-FF too, but no alef or lam.
            "e-windows1251.txt": [
                0xCC, 0xEE, 0xF1, 0xEA, 0xE2, 0xE0, 0x20, 0xE8, 0x20, 0xCA, 0xE0, 0xE8, 0xF0, 0x20, 0xEE, 0xE1, 0xF1, 0xF3,
                0xE4, 0xE8, 0xEB, 0xE8, 0x20, 0xF1, 0xEE, 0xF2, 0xF0, 0xF3, 0xE4, 0xED, 0xE8, 0xF7, 0xE5, 0xF1, 0xF2, 0xE2,
                0xEE,
            ],
        ])
        #expect(corpus.articles.isEmpty)
        let byFile = Dictionary(uniqueKeysWithValues: corpus.problems.map { (($0.file as NSString).lastPathComponent, $0) })
        #expect(byFile["a-arabic.txt"].map { [$0.line, $0.column] } == [3, 6])
        #expect(byFile["a-arabic.txt"]?.kind == .notUTF8(byteOffset: 28))
        #expect(byFile["b-latin1.txt"].map { [$0.line, $0.column] } == [1, 4])
        #expect(byFile["b-latin1.txt"]?.kind == .notUTF8(byteOffset: 6))
        #expect(byFile["c-windows1256.txt"].map { [$0.line, $0.column] } == [4, 1])
        #expect(byFile["c-windows1256.txt"]?.kind == .windows1256(byteOffset: 25))
        #expect(byFile["c-windows1256.txt"]?.description.hasSuffix("c-windows1256.txt:4:1: error: not UTF-8: the file looks like Arabic in the Windows-1256 code page; convert it to UTF-8 (iconv -f WINDOWS-1256 -t UTF-8)") == true)
        #expect(byFile["d-broken-utf8.txt"].map { [$0.line, $0.column] } == [2, 1])
        #expect(byFile["d-broken-utf8.txt"]?.kind == .notUTF8(byteOffset: 24))
        #expect(byFile["e-windows1251.txt"]?.kind == .notUTF8(byteOffset: 0))
    }

    @Test func byteOrderMarkAndLineEndingsAreHandled() throws {
        let text = "\u{FEFF}العنوان\r\n\r\nالفقرة الأولى.\rالفقرة الثانية.\r\n"
        let a = try #require(try load(["a.txt": Array(text.utf8)]).articles.first)
        #expect(a.title.value == "العنوان")
        #expect(a.paragraphs.map(\.text) == ["الفقرة الأولى.", "الفقرة الثانية."])
        #expect(a.paragraphs.map(\.line) == [3, 4])
    }

    /// The head splits only the front matter; the lines it gives on demand are the file's lines after it, with
    /// their numbers in the file.
    @Test func linesBreakAtLFCRLFAndCRWhereverTheyFall() {
        // Line ends are looked for sixteen bytes at a time; a break at any place of a block, or across two, counts.
        func reference(_ text: String) -> [String] {
            var lines: [String] = []
            var line: [UInt8] = []
            let bytes = Array(text.utf8)
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x0A || bytes[i] == 0x0D {
                    lines.append(String(decoding: line, as: UTF8.self))
                    line = []
                    i += bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
                } else {
                    line.append(bytes[i])
                    i += 1
                }
            }
            if !line.isEmpty { lines.append(String(decoding: line, as: UTF8.self)) }
            return lines
        }
        let pieces = ["a", "bcdefgh", "مصر", " ", "\n", "\r", "\r\n", "\n\n", "😀", String(repeating: "x", count: 17)]
        var generator = CorpusGenerator.Random(state: 12060002)
        var texts = ["", "\n", "\r\n", "a", String(repeating: "y", count: 40) + "\n" + String(repeating: "z", count: 15) + "\r"]
        for _ in 0..<2000 {
            texts.append((0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            let lines = CorpusLoader.splitLines(text)
            #expect(lines.map(\.text) == reference(text), "\(text.debugDescription)")
            #expect(lines.map(\.number) == Array(1...max(1, lines.count)).prefix(lines.count).map { $0 })
        }
    }

    @Test func headLinesAreTheLinesAfterTheFrontMatter() throws {
        let texts = [
            "---\ntitle: a\ndate: 2025-06-01\n---\nfirst line\n\nsecond\n", "---\r\ntitle: a\r\n...\r\nbody\rmore\r\n",
            "no front matter\nat all", "\n---\ntitle: x\n---\n", "---\n---\n", "---\ntitle: t\n  ---  \nlast", "", "\n\n",
            "\u{FEFF}---\ntitle: b\n---\nبعد\n",
        ]
        for text in texts {
            let head = try CorpusLoader.head(bytes: Array(text.utf8), path: "a.txt", given: nil).get()
            var expected = CorpusLoader.splitLines(try CorpusLoader.decode(Array(text.utf8)).get())
            if expected.first?.text.trimmingSpaces == "---", let close = expected.dropFirst().firstIndex(where: { ["---", "..."].contains($0.text.trimmingSpaces) }) {
                expected.removeSubrange(0...close)
            }
            #expect(head.lines.map(\.number) == expected.map(\.number), "\(text.debugDescription)")
            #expect(head.lines.map(\.text) == expected.map(\.text), "\(text.debugDescription)")
        }
        // No closing line: an error on line 1.
        #expect(throws: CorpusError.self) { try CorpusLoader.head(bytes: Array("---\ntitle: a\nbody".utf8), path: "a.txt", given: nil).get() }
    }

    @Test func aMissingFolderIsAnError() {
        #expect(throws: CorpusError.self) { try CorpusLoader.load(directory: "/nonexistent/brief-corpus") }
    }
}

@Suite struct FrontMatterTests {
    @Test func trimmingTakesOffSpacesOfEveryKindAtBothEnds() {
        let cases: [(String, String)] = [
            ("", ""), (" ", ""), ("\t\n", ""), ("a", "a"), (" a", "a"), ("a ", "a"), ("  a b  ", "a b"), ("مصر", "مصر"),
            ("\u{00A0}مصر", "مصر"), ("مصر\u{2009}", "مصر"), ("\u{3000}a\u{202F}", "a"), ("\u{2003}", ""), ("é", "é"),
            ("a\u{00A0}b", "a\u{00A0}b"), ("\r\nx\r\n", "x"), ("😀 ", "😀"), (" \u{301}", "\u{301}"),
        ]
        for (text, trimmed) in cases {
            #expect(text.trimmingSpaces == trimmed, "\(text.debugDescription)")
            #expect(text[...].trimmingSpaces == trimmed, "\(text.debugDescription)")
        }
    }

    /// What the YAML parser makes of front matter lines, or nil where it refuses them.
    func parsed(_ lines: [String]) -> GivenFields? {
        guard let node = try? GivenFields.compose(lines.joined(separator: "\n")) else { return nil }
        return try? GivenFields(mapping: node)
    }

    /// The plain lines are read without the YAML parser, and read as it reads them; anything it might read
    /// otherwise (or refuse) is left to it.
    @Test func plainLinesGiveWhatTheYAMLParserGives() throws {
        var fronts: [[String]] = []
        let corpus = try generatedCorpus(60_000, seed: 21)
        for file in try FileManager.default.contentsOfDirectory(atPath: corpus).sorted() {
            let lines = CorpusLoader.splitLines(read(corpus + "/" + file)!).map(\.text)
            guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else { continue }
            fronts.append(Array(lines[1..<close]))
        }
        #expect(fronts.count > 5)
        let plain: [[String]] = fronts + [
            ["title: \"a: b # c\"", "date: 2025-06-01"], ["title: a#b", "date: 2025-06"], ["date: 2025"],
            ["url: https://example.com/a?b=c&d#frag", "lang: ar"], ["title:  spaced  "], ["title: \"x\"   "],
            ["source: الأهرام", "author: أحمد علي"], ["title: null"], ["title: ~"], ["title: a\u{00A0}"],
            ["title: 50% of 3-4 (a, b) [c] {d}"],
        ]
        let refused: [[String]] = [
            ["title: a: b"], ["title: a #b"], ["title: 'single'"], ["title: \"esc \\\" x\""], ["title: \"tab\there\""],
            ["author: - x"], ["title: \"unterminated"], ["title: \"a\" b"], ["title: x", "title: y"], ["unknown: x"],
            [" title: x"], ["title:x"], ["title: *alias"], ["title: !tag x"], ["title: |"], ["title: >"], ["title: a:"],
            ["title: a\u{2028}b"], ["title: a\u{0085}b"], ["title: \u{FEFF}a"], ["date: 2025-13-01"], ["title:"],
            ["# a comment", "title: x"], ["title: x # comment"], ["title: [a, b]"], ["title: {a: b}"], [],
        ]
        for lines in plain {
            let fast = GivenFields(simpleLines: lines)
            #expect(fast != nil, "\(lines)")
            #expect(fast == parsed(lines), "\(lines)")
        }
        for lines in refused {
            #expect(GivenFields(simpleLines: lines) == nil, "\(lines)")
        }
    }
}
