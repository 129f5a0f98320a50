import Foundation
import Testing

@testable import BriefKit

@Suite struct ThemeTests {
    @Test(arguments: [
        ("000", ["counterterrorism", "defense_industry", "gaza_diplomacy"]),
        ("001", ["defense_industry"]),
        ("002", ["counterterrorism", "defense_industry", "trade_balance", "gaza_diplomacy"]),
        ("003", ["counterterrorism"]),
        ("004", []),
    ])
    func seedThemes(id: String, expected: [String]) {
        #expect(seed(id).matchedThemes == expected)
    }

    /// Themes alone, as a weekly run computes them for its chart's weeks: the themes of the whole analysis.
    @Test func themesAloneAreTheThemesOfTheWholeAnalysis() {
        for article in seedCorpus.articles {
            let whole = analyzer.analyze(article)
            #expect(analyzer.matchedThemes(article).map { lexicon.themes[$0].id } == whole.matchedThemes, "\(article.id)")
        }
    }

    @Test func everyMatchedThemeCitesItsSentence() {
        for analysis in seedPipeline.analyses {
            for result in analysis.themes where result.matched {
                let best = try! #require(result.evidence.first)
                let sentence = analysis.sentence(best)
                #expect(result.hits.contains { $0.sentence == best })
                // The evidence is the article's own words, where its offsets say.
                let paragraph = seedArticle(analysis.article.id).paragraphs[sentence.paragraph - 1].text
                #expect(Array(paragraph.utf8)[sentence.range] == Array(sentence.text.utf8)[...])
            }
        }
    }

    /// A theme's evidence is its three best sentences, best first, and of equal scores the first in the text; a
    /// term counts once per sentence, and a sentence without a term is no evidence.
    @Test func evidenceIsTheThreeBestSentencesFirstOfEqualScoresFirst() {
        var vocabulary = Vocabulary.standard.vocabulary
        let theme = ThemeDefinition(
            id: "t", nameEnglish: "T", nameArabic: "ت", threshold: 1,
            terms: [.init(text: "صاروخ", weight: 1), .init(text: "دبابة", weight: 2), .init(text: "مباراة", weight: -5)])
        let scorer = ThemeScorer(themes: [theme], vocabulary: &vocabulary)
        let sentences = [
            "صاروخ واحد.",  // 1
            "دبابة واحدة.",  // 2
            "لا شيء هنا.",  // none
            "دبابة ثم دبابة أخرى.",  // 2: a term counts once
            "صاروخ ودبابة معا.",  // 3
            "دبابة في مباراة.",  // 2 - 5: no evidence
            "دبابة أخيرة.",  // 2
        ].map { Tokenizer.tokens(in: $0, vocabulary: vocabulary)[...] }
        let result = scorer.score(sentences: sentences)[0]
        #expect(result.evidence == [4, 1, 3])
        #expect(result.score == 1 + 2 + 2 + 3 + 0 + 2)
        #expect(result.hits.map(\.sentence) == [0, 1, 3, 3, 4, 4, 5, 5, 6])
    }

    @Test func passingMentionsAndOtherSensesDoNotTurnAThemeOn() {
        // A weak word alone.
        #expect(analyze("ناقش الوزيران الصادرات الزراعية في لقاء بروتوكولي.").matchedThemes == [])
        // A sports story set in Gaza; a film called "Terror".
        #expect(analyze("فاز المنتخب في مباراة ودية أقيمت في غزة وسط حضور جماهيري.").matchedThemes == [])
        #expect(analyze("عرض فيلم الإرهاب والكباب في مهرجان القاهرة السينمائي، وتناول الفيلم قصة موظف.").matchedThemes == [])
        #expect(analyze("فاز نادي الإنتاج الحربي على منافسه في الدوري الممتاز.").matchedThemes == [])
    }

    @Test func substantiveDiscussionTurnsAThemeOn() {
        #expect(analyze("أكد الجانبان أهمية التعاون في مكافحة الإرهاب وتجفيف منابع التطرف.").matchedThemes == ["counterterrorism"])
        #expect(analyze("بحث الطرفان صفقة أسلحة جديدة لتوطين الصناعات الدفاعية.").matchedThemes == ["defense_industry"])
    }

    @Test func cliticsAreStrippedOnlyBeforeALexiconHit() {
        // و + ب + ال, and لل for ل + ال.
        #expect(analyze("وبالتصنيع العسكري تعزز الشراكة.").themes.first { $0.theme == "defense_industry" }!.score >= 10)
        #expect(analyze("دعوة للتصنيع العسكري المشترك.").themes.first { $0.theme == "defense_industry" }!.score >= 10)
        // A name that starts with a proclitic letter keeps it after و is stripped.
        #expect(analyze("التقى وفد من مصر وباكستان.").countries.map(\.code) == ["EG", "PK"])
    }

    @Test func aThemeAddedAsDataAppearsInAnalysisAndBriefs() throws {
        let dir = temporaryDirectory()
        let themes = try #require(read(workspace.lexicons + "/themes.yaml"))
        write(themes + """

              - id: military_exercises
                name: { en: Military exercises, ar: التدريبات العسكرية }
                threshold: 10
                terms:
                  تدريبات مشتركة: 10
                  التدريبات المشتركة: 10
                  تمرين: 5

            """, to: dir + "/themes.yaml")
        try FileManager.default.copyItem(atPath: workspace.lexicons + "/countries.yaml", toPath: dir + "/countries.yaml")
        let pipeline = try Pipeline(corpus: workspace.seeds, lexicons: dir, templates: workspace.templates)
        let a002 = try #require(pipeline.analyses.first { $0.article.id.hasPrefix("002") })
        #expect(a002.matchedThemes.contains("military_exercises"))
        let brief = pipeline.builder.weekly(ISOWeek(year: 2025, week: 48)!)
        let reports = try pipeline.renderer.render(brief, languages: [.en], formats: [.md])
        #expect(reports[0].contents.contains("### Military exercises"))
    }

    @Test func aBrokenLexiconNamesFileAndLine() throws {
        let dir = temporaryDirectory()
        write("themes:\n  - id: x\n    name: { en: X, ar: س }\n    threshold: 10\n    terms:\n      كلمة: -3\n", to: dir + "/themes.yaml")
        try FileManager.default.copyItem(atPath: workspace.lexicons + "/countries.yaml", toPath: dir + "/countries.yaml")
        #expect {
            try Lexicon.load(directory: dir)
        } throws: { error in
            guard let e = error as? Lexicon.Error else { return false }
            return e.file.hasSuffix("themes.yaml") && e.line == 6
        }
    }

    /// The countries read alone (as `brief dossier` checks its arguments before it knows whether it will analyse)
    /// are the lexicon's, and a countries file in error gives the error the whole lexicon's load gives.
    @Test func theCountriesReadAloneAreTheLexicons() throws {
        #expect(try Lexicon.countries(directory: workspace.lexicons).countries == lexicon.countries.countries)
        let dir = temporaryDirectory()
        for file in ["themes.yaml", "countries.yaml", "entities.yaml"] {
            try FileManager.default.copyItem(atPath: workspace.lexicons + "/" + file, toPath: dir + "/" + file)
        }
        write("countries:\n  - iso: pk\n    en: Pakistan\n", to: dir + "/countries.yaml")
        var alone: Lexicon.Error?
        var whole: Lexicon.Error?
        do { _ = try Lexicon.countries(directory: dir) } catch { alone = error }
        do { _ = try Lexicon.load(directory: dir) } catch { whole = error }
        #expect(alone != nil && alone?.description == whole?.description, "\(String(describing: alone)) vs \(String(describing: whole))")
        #expect(alone?.description.contains("countries.yaml:2:") == true, "\(String(describing: alone))")
    }

    /// A lexicon read from files is named by their bytes: the same files, the same fingerprint; any file changed,
    /// added or taken away, another.
    @Test func aLexiconsFingerprintFollowsEachOfItsFiles() throws {
        let base = try Lexicon.load(directory: workspace.lexicons).fingerprint
        #expect(try Lexicon.load(directory: workspace.lexicons).fingerprint == base)
        var seen: Set<Fingerprint> = [base]
        for name in ["themes.yaml", "countries.yaml", "entities.yaml"] {
            let dir = temporaryDirectory("fingerprint-" + name)
            for file in ["themes.yaml", "countries.yaml", "entities.yaml"] {
                try FileManager.default.copyItem(atPath: workspace.lexicons + "/" + file, toPath: dir + "/" + file)
            }
            #expect(try Lexicon.load(directory: dir).fingerprint == base)
            write(try #require(read(dir + "/" + name)) + "\n# an edit\n", to: dir + "/" + name)
            #expect(seen.insert(try Lexicon.load(directory: dir).fingerprint).inserted, "an edit of \(name)")
            if name == "entities.yaml" {
                try FileManager.default.removeItem(atPath: dir + "/" + name)
                #expect(seen.insert(try Lexicon.load(directory: dir).fingerprint).inserted, "no entities.yaml")
            }
        }
    }
}

/// The phrase matcher's shortcuts against what they stand for, over every sentence of the seeds and every
/// matcher of the lexicon.
/// ``StartMarks/first(_:from:to:)`` reads marks eight at a time: it must find what a byte-by-byte search finds.
@Suite struct StartMarksTests {
    @Test func firstMarkedIsTheFirstByteWithTheBits() {
        var random = CorpusGenerator.Random(state: 20261206)
        var checked = 0
        for _ in 0..<400 {
            // Marks of a few sentences' tokens: mostly none, some one bit, a few all bits (an unmarked token).
            let bytes = (0..<random.below(70)).map { _ -> UInt8 in
                switch random.below(10) {
                case 0..<6: 0
                case 9: .max
                default: 1 << UInt8(random.below(8))
                }
            }
            // Read in place, as the analysis reads its tokens' marks.
            bytes.withUnsafeBufferPointer { buffer in
                let marks = StartMarks(unowned: buffer)
                for _ in 0..<20 {
                    let end = random.below(bytes.count + 1)
                    let from = random.below(end + 1)
                    let bits: UInt8 = random.below(4) == 0 ? UInt8(random.below(256)) : 1 << UInt8(random.below(8))
                    let expected = bits == 0 ? from : (from..<end).first { bytes[$0] & bits != 0 } ?? end
                    #expect(marks.first(bits, from: from, to: end) == expected, "\(bytes) bits \(bits) in \(from)..<\(end)")
                    checked += 1
                }
            }
        }
        #expect(checked == 8_000)
    }
}

@Suite struct PhraseMatcherTests {
    /// The tokens of every sentence of the seed articles.
    static let sentences = tokenizedSentences(marked: false).map(\.tokens)
    /// The same, marked with the lexicon's matchers as the analysis marks them (``Lexicon/markStarts(_:)``), with
    /// the text of each sentence's paragraph.
    static let markedSentences = tokenizedSentences(marked: true)

    static func tokenizedSentences(marked: Bool) -> [(paragraph: String, tokens: ArraySlice<Token>)] {
        seedCorpus.articles.flatMap { article in
            article.paragraphs.flatMap { p in
                var tokens = Tokenizer.tokens(in: p.text, vocabulary: lexicon.vocabulary)
                if marked { lexicon.markStarts(&tokens) }
                // Slices of the paragraph's tokens, as the analysis takes them (their indices are the paragraph's).
                return SentenceSplitter.split(p.text).map { range in
                    let inside = tokens.indices.filter { range.contains(tokens[$0].range.lowerBound) }
                    return (p.text, inside.isEmpty ? tokens[0..<0] : tokens[inside.first!...inside.last!])
                }
            }
        }
    }

    /// ``PhraseMatcher/longestMatches(in:)`` is, of all matches sorted longest first at each position, those that
    /// start where the one taken before ends, or later; ``PhraseMatcher/matchesAlone(_:)`` is whether a token
    /// alone has a match. Tokens marked by the lexicon (which the matcher skips where its bit is unset) give the
    /// same matches as unmarked ones.
    func check<P>(_ matcher: PhraseMatcher<P>) -> Int {
        var found = 0
        func triples(_ ms: [PhraseMatcher<P>.Match]) -> [[Int]] { ms.map { [$0.phrase, $0.start, $0.end] } }
        for (tokens, marked) in zip(Self.sentences, Self.markedSentences.map(\.tokens)) {
            #expect(triples(matcher.allMatches(in: marked)) == triples(matcher.allMatches(in: tokens)))
            #expect(triples(matcher.longestMatches(in: marked)) == triples(matcher.longestMatches(in: tokens)))
            for i in tokens.indices { #expect(matcher.matchesAlone(marked[i]) == matcher.matchesAlone(tokens[i])) }
            var greedy: [PhraseMatcher<P>.Match] = []
            var covered = 0
            for m in matcher.allMatches(in: tokens) where m.start >= covered {
                greedy.append(m)
                covered = m.end
            }
            let longest = matcher.longestMatches(in: tokens)
            #expect(longest.map(\.phrase) == greedy.map(\.phrase))
            #expect(longest.map(\.start) == greedy.map(\.start))
            #expect(longest.map(\.end) == greedy.map(\.end))
            found += longest.count
            for i in tokens.indices {
                #expect(matcher.matchesAlone(tokens[i]) == !matcher.allMatches(in: tokens[i...i]).isEmpty)
            }
        }
        return found
    }

    /// Phrases that share a first word are all tried at a token, in the order they were added, though another word's
    /// phrase was added between them: every match there, the longest chosen, the one-word phrase found alone.
    @Test func phrasesSharingAFirstWordAreAllTried() {
        var vocabulary = Vocabulary()
        var matcher = PhraseMatcher<Int>()
        for (i, text) in ["وزير الدفاع", "وزير", "رئيس الوزراء", "وزير الدفاع الباكستاني", "وزير الخارجية"].enumerated() {
            matcher.add(text, payload: i, vocabulary: &vocabulary)
        }
        let tokens = Tokenizer.tokens(in: "قال وزير الدفاع الباكستاني إن رئيس الوزراء", vocabulary: vocabulary)[...]
        let all = matcher.allMatches(in: tokens).map { [$0.phrase, $0.start, $0.end] }
        #expect(all == [[3, 1, 4], [0, 1, 3], [1, 1, 2], [2, 5, 7]])
        #expect(matcher.longestMatches(in: tokens).map(\.phrase) == [3, 2])
        #expect(matcher.phrases.map(\.payload) == [0, 1, 2, 3, 4])
        #expect(matcher.matchesAlone(tokens[1]))
        #expect(!matcher.matchesAlone(tokens[2]) && !matcher.matchesAlone(tokens[5]))
    }

    @Test func longestMatchesAreTheGreedyChoiceOfAllMatches() {
        // The marks are there to skip tokens: most have none of the matchers' bits, and the matchers' bits differ.
        let marks = Self.markedSentences.flatMap { $0.tokens.map(\.starts) }
        #expect(marks.filter { $0 == 0 }.count * 2 > marks.count)
        let bits = [lexicon.countryMatcher.startBit, lexicon.entityMatcher.startBit, lexicon.roleMatcher.startBit, lexicon.verbMatcher.startBit, lexicon.themeScorer.matcher.startBit]
        #expect(bits.reduce(0, |) .nonzeroBitCount == bits.count)
        #expect(check(lexicon.countryMatcher) > 50)
        #expect(check(lexicon.entityMatcher) > 5)
        #expect(check(lexicon.roleMatcher) > 5)
        #expect(check(lexicon.verbMatcher) > 5)
        #expect(check(lexicon.themeScorer.matcher) > 50)
    }

    /// A finder passes over a sentence whose marks (the union of its tokens' ``Token/starts``) lack its bit: so it
    /// must find nothing there. Over every sentence of the seeds, each finder run in full on a sentence without its
    /// bit finds nothing, and themes scored with the marks are those scored without.
    @Test func sentencesWithoutAFindersBitHoldNothingForIt() {
        var skipped = [UInt8: Int]()
        var marks: [UInt8] = []
        for (paragraph, sentence) in Self.markedSentences {
            let mark = sentence.reduce(0) { $0 | $1.starts }
            marks.append(mark)
            func lacks(_ bit: UInt8) -> Bool {
                if mark & bit == 0 { skipped[bit, default: 0] += 1 }
                return mark & bit == 0
            }
            if lacks(Token.Start.country) { #expect(lexicon.countryMatcher.longestMatches(in: sentence).isEmpty) }
            if lacks(Token.Start.date) { #expect(DateExpressions.find(in: sentence, words: lexicon.words).isEmpty) }
            if lacks(Token.Start.money) { #expect(MoneyParser.figures(in: sentence, sentence: 0, words: lexicon.words).isEmpty) }
            if lacks(Token.Start.people), !sentence.isEmpty {
                // With the sentence's countries, two of which make a meeting if it has a meeting verb.
                let mentions = lexicon.countryMatcher.longestMatches(in: sentence).map { m in
                    let payload = lexicon.countryMatcher.phrases[m.phrase].payload
                    return TradeRoles.Mention(country: lexicon.countries.countries[payload.country].code, kind: payload.kind, start: m.start, end: m.end)
                }
                var text = paragraph
                var found = EntityFinder.Found()
                text.withUTF8 {
                    EntityFinder(lexicon: lexicon).find(tokens: sentence, sentence: 0, text: $0, mentions: mentions[...], dates: [], into: &found)
                }
                #expect(found.people.isEmpty && found.named.isEmpty && found.meetings.isEmpty)
            }
        }
        let all = Self.markedSentences.map(\.tokens)
        #expect(lexicon.themeScorer.score(sentences: all, marks: marks) == lexicon.themeScorer.score(sentences: all))
        // The seeds have sentences of each kind to skip, so the checks above ran.
        for bit in [Token.Start.country, Token.Start.date, Token.Start.money, Token.Start.people] { #expect(skipped[bit, default: 0] > 0) }
    }

    /// An amount's integer value is what its decimal text reads as an integer.
    @Test func integerValueReadsAsTheDecimalText() {
        let amounts = [Amount(mantissa: 0), Amount(mantissa: 2025), Amount(mantissa: 35, exponent: 6), Amount(mantissa: 352, exponent: -1),
            Amount(mantissa: 99_999, exponent: 13), Amount(mantissa: 9, exponent: 18), Amount(mantissa: 99_999, exponent: 15), Amount(mantissa: -7, exponent: 2)]
        for a in amounts { #expect(a.integerValue == Int(a.description), "\(a)") }
    }
}

@Suite struct CountryTests {
    @Test func namesAdjectivesCapitalsAndVariants() {
        let a = analyze("زار وفد باكستاني إسلام أباد ثم القاهرة، والتقى بالمسؤولين المصريين، وناقش العلاقات مع السعودية والولايات المتحدة الأميركية.")
        #expect(Set(a.countries.map(\.code)) == ["PK", "EG", "SA", "US"])
        #expect(a.countries.first { $0.code == "PK" }?.kinds == [.adjective, .capital])
        #expect(a.countries.first { $0.code == "EG" }?.kinds == [.capital, .adjective])
    }

    @Test func seedPartners() {
        #expect(seed("004").countries.map(\.code) == ["PK", "MA"])
        #expect(seed("003").countries.map(\.code) == ["EG", "US"])
        #expect(Set(seed("002").countries.map(\.code)).isSuperset(of: ["EG", "PK", "IN", "SA"]))
    }

    /// A sentence's list of countries is one made before, for any sentence of any article on the same thread, only
    /// when its countries are the same in the same order: over random mentions of five countries, the lists kept (a
    /// key of their registry positions) agree with lists made afresh, and those of the same countries are shared.
    /// Mentions of more than four countries, or without their positions, get a list of their own.
    @Test func aSentencesCountriesAreAListMadeBeforeOnlyWhenTheSame() {
        var random = CorpusGenerator.Random(state: 1209)
        let codes = ["EG", "PK", "SA", "TR", "IR"]
        var lists = TradeRoles.CountryLists()
        var shared = 0
        var made: [[String]: UnsafeRawPointer] = [:]
        for _ in 0..<3_000 {
            let mentions = (0..<random.below(7)).map { i in
                let c = random.below(codes.count)
                return TradeRoles.Mention(country: codes[c], kind: .name, start: i, end: i + 1, index: random.below(50) == 0 ? -1 : c)
            }
            let fresh = TradeRoles.countries(of: mentions[...])
            let list = lists.list(of: mentions[...])
            #expect(list == fresh, "\(mentions.map(\.country))")
            let keyed = TradeRoles.CountryLists.key(mentions[...])
            #expect((keyed == nil) == (fresh.count > 4 || mentions.contains { $0.index < 0 }))
            guard keyed != nil, !list.isEmpty, let base = list.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) else { continue }
            if made[list] == base { shared += 1 }
            made[list] = base
        }
        #expect(shared > 300)
    }

    @Test func lookupAndSuggestions() {
        let registry = lexicon.countries
        for query in ["pk", "PK", "Pakistan", "pakistan", "باكستان"] { #expect(registry.lookup(query)?.code == "PK") }
        #expect(registry.lookup("Pakstan") == nil)
        #expect(registry.suggestions(for: "Pakstan").first?.code == "PK")
        #expect(registry.suggestions(for: "مصرr").first?.code == "EG")
    }
}

@Suite struct FigureTests {
    func figures(_ text: String) -> [MoneyFigure] { analyze(text).figures }

    @Test func amountsScalesAndCurrencies() {
        #expect(figures("بلغت 104 ملايين دولار").map(\.value) == [Amount(mantissa: 104_000_000)])
        #expect(figures("بقيمة 35.2 مليون دولار").map(\.value) == [Amount(mantissa: 35_200_000)])
        #expect(figures("بقيمة ٣٥٫٢ مليون دولار").map(\.value) == [Amount(mantissa: 35_200_000)])
        #expect(figures("نحو ملياري جنيه").map(\.value) == [Amount(mantissa: 2_000_000_000)])
        #expect(figures("نحو ملياري جنيه").map(\.currency) == ["EGP"])
        #expect(figures("نحو ملياري جنيه").map(\.qualifier) == [.about])
        #expect(figures("بلغت 104 ملايين دولار").map(\.qualifier) == [.exact])
        #expect(figures("مبلغ 1,500 دولار أمريكي").map(\.value) == [Amount(mantissa: 1500)])
        #expect(figures("قرض بـ500 مليون روبية باكستانية").map(\.currency) == ["PKR"])
        #expect(figures("منحة قدرها 3 ملايين درهم مغربي").map(\.currency) == ["MAD"])
    }

    @Test func countsAreNotMoney() {
        #expect(figures("تضم 15 شركة صناعية ونحو 3 مليارات مستهلك").isEmpty)
    }

    @Test func amountsAreExact() {
        #expect((Amount(numberKey: "35.2")!.scaled(by: 6)).description == "35200000")
        #expect((Amount(mantissa: 104_000_000) - Amount(mantissa: 113_000_000)).description == "-9000000")
        #expect(Amount(numberKey: "0.25")!.description == "0.25")
    }
}

@Suite struct TradeTests {
    @Test func seedTradeRoles() {
        let roles = seed("002").figures.compactMap(\.trade)
        #expect(roles.map(\.kind) == [.total, .exports, .imports, .investment, .investment])
        #expect(roles[1].from == "EG" && roles[1].to == "PK")
        #expect(roles[2].from == "PK" && roles[2].to == "EG")
        #expect(roles[2].periodBasis == .carried)
        #expect(roles.prefix(3).allSatisfy { $0.period == PartialDate(year: 2024) })
        #expect(roles[3].period == nil)
    }

    @Test func theSeedBalanceIsComputedAndChecked() throws {
        let balances = TradeLedger.balances(seedPipeline.analyses)
        let b = try #require(balances.first { $0.first == "EG" && $0.second == "PK" })
        #expect(b.period == PartialDate(year: 2024))
        #expect(b.currency == "USD")
        #expect(b.balance == Amount(mantissa: -9_000_000))
        #expect(b.computedTotal == Amount(mantissa: 217_000_000))
        #expect(b.partsMatchTotal == true)
        #expect(!b.hasConflicts)
    }

    @Test func partsThatDoNotAddUpAreFlagged() throws {
        let a = analyze("بلغ حجم التبادل التجاري بين مصر وتركيا عام 2023 نحو 9 مليارات دولار، منها صادرات مصرية إلى تركيا بقيمة 3 مليارات دولار.", "وبلغت الواردات التركية نحو 5 مليارات دولار.")
        let b = try #require(TradeLedger.balances([a]).first)
        #expect(b.first == "EG" && b.second == "TR")
        #expect(b.balance == Amount(mantissa: -2_000_000_000))
        #expect(b.partsMatchTotal == false)
    }
}

@Suite struct CountTests {
    @Test func countsWithTheirObjectAndPercentages() {
        let a = analyze("تضم الوزارة 15 شركة صناعية، ووصلت إلى نحو 3 مليارات مستهلك، وارتفعت الصادرات 12% و٧ في المائة عام 2024.")
        #expect(a.counts.filter { $0.kind == .count }.map { "\($0.value) \($0.object)" } == ["15 شركة", "3000000000 مستهلك"])
        #expect(a.counts.filter { $0.kind == .percent }.map(\.value) == [Amount(mantissa: 12), Amount(mantissa: 7)])
        // A year is not a count, and money is not counted twice.
        #expect(analyze("بلغت 104 ملايين دولار عام 2024.").counts.isEmpty)
    }

    @Test func numberWordsAndBarePluralScales() {
        #expect(analyze("بلغت الصادرات ثلاثة ملايين دولار.").figures.map(\.value) == [Amount(mantissa: 3_000_000)])
        // ملايين alone says "millions", not one million: no amount rather than a wrong one.
        #expect(analyze("أنفقت الحكومة ملايين الدولارات.").figures.isEmpty)
        #expect(analyze("منحة بمليون دولار.").figures.map(\.value) == [Amount(mantissa: 1_000_000)])
    }
}

@Suite struct RegressionTests {
    /// Inputs the fuzzer turned up: article text that looks like a template tag or an escaped link is text, and the
    /// checker does not take it for an unrendered tag or a live link.
    @Test func fuzzFindingsStayFixed() {
        for text in ["مصر {{x}} وباكستان {{{y}}}", "نص [a](javascript:alert(1)) وباكستان", "\\](javascript:x) مصر"] {
            let problems = SafetyProbe.problems(articleBytes: Array(text.utf8), lexicon: seedPipeline.lexicon, templates: seedPipeline.templates)
            #expect(problems.isEmpty, "\(problems)")
        }
        #expect(ReportChecker.checkMarkdown("نص \\[a\\](javascript:alert(1))\n", file: "x.md").isEmpty)
        #expect(ReportChecker.checkMarkdown("[a](javascript:alert(1))\n", file: "x.md").map(\.kind) == [.safety])
    }
}

/// Figures an analyst must be able to trust: read whole, or not at all; a goal, a change, a denial or a range is not
/// a level reached; each flow goes to the countries its words name.
@Suite struct TrustedFigureTests {
    func values(_ text: String) -> [String] { analyze(text).figures.map { "\($0.value) \($0.currency ?? "?")\($0.qualifier == .exact ? "" : " " + $0.qualifier.rawValue)" } }

    @Test func compoundAmountsAreAddedUp() {
        #expect(values("بلغت الصادرات ثلاثة مليارات ونصف المليار دولار.") == ["3500000000 USD"])
        #expect(values("بلغت الواردات مليار و200 مليون دولار.") == ["1200000000 USD"])
        #expect(values("بلغت الواردات 3 مليارات و500 مليون دولار.") == ["3500000000 USD"])
        #expect(values("وصل المبلغ إلى مليار ونصف دولار.") == ["1500000000 USD"])
        #expect(values("بلغت مليار وربع دولار.") == ["1250000000 USD"])
        // Number words glued to و, the accusative singular before و, units after thousands.
        #expect(values("بلغت الصادرات ثلاثة مليارات وخمسمائة مليون دولار.") == ["3500000000 USD"])
        #expect(values("بلغت الصادرات مليار وثلاثمائة مليون دولار.") == ["1300000000 USD"])
        #expect(values("بلغت المنحة مليونا و500 ألف دولار.") == ["1500000 USD"])
        #expect(values("بلغت المنحة ألفا و500 دولار.") == ["1500 USD"])
        // A part that does not read leaves no sum, not its tail taken for one.
        #expect(values("بلغت مليار وبضعة ملايين دولار.") == [])
        // Two sums each with its currency stay two.
        #expect(values("بلغت مليار دولار و200 مليون دولار.") == ["1000000000 USD", "200000000 USD"])
    }

    @Test func aDecimalCommaIsADecimalPoint() {
        #expect(values("بلغت قيمة الصفقة 35,2 مليون دولار.") == ["35200000 USD"])
        // Between numbers that are not a sum, a comma is a list: يومي 20,21 نوفمبر keeps its days.
        #expect(analyze("عقد الاجتماع يومي 20,21 نوفمبر 2025.").dates.compactMap(\.date).contains(PartialDate(year: 2025, month: 11, day: 21)!))
        #expect(analyze("وافق على البندين 2,3 من الاتفاق.").counts.allSatisfy { $0.value != Amount(mantissa: 23, exponent: -1) })
        #expect(values("بلغت قيمة العقد ٣٬٥ مليار دولار.") == ["3500000000 USD"])
        // Thousands still group in threes.
        #expect(values("مبلغ 1,500 دولار") == ["1500 USD"])
    }

    @Test func aYearBeforeAScaleWordIsNotTheNumber() {
        #expect(values("بلغت صادرات مصر إلى باكستان خلال 2024 مليار دولار.") == ["1000000000 USD"])
        #expect(values("وسجلت الاستثمارات عام 2023 مليوني دولار.") == ["2000000 USD"])
        #expect(analyze("بلغت صادرات مصر إلى باكستان خلال 2024 مليار دولار.").figures.first?.trade?.period == PartialDate(year: 2024))
    }

    /// A bound is kept as one, on its side: more than is not about.
    @Test func estimatesAndBoundsKeepTheirSideAndRangesAreNoSum() {
        #expect(values("وبلغ حجم التبادل أكثر من 200 مليون دولار.") == ["200000000 USD over"])
        #expect(values("بما يزيد على 5 ملايين دولار.") == ["5000000 USD over"])
        #expect(values("صفقة تتجاوز 40 مليون دولار.") == ["40000000 USD over"])
        #expect(values("صفقة تناهز 40 مليون دولار.") == ["40000000 USD about"])
        #expect(values("بلغت الصادرات حوالي 40 مليون دولار.") == ["40000000 USD about"])
        #expect(values("بلغت الصادرات أقل من 40 مليون دولار.") == ["40000000 USD under"])
        #expect(values("بقيمة تقل عن 40 مليون دولار.") == ["40000000 USD under"])
        // A negation turns a bound and lets the figure in: no less than is at least, does not exceed at most.
        #expect(values("باستثمارات لا تقل عن 40 مليون دولار.") == ["40000000 USD atLeast"])
        #expect(values("بقيمة لا تزيد على 40 مليون دولار.") == ["40000000 USD atMost"])
        #expect(values("صادرات لا تتجاوز 40 مليون دولار.") == ["40000000 USD atMost"])
        #expect(values("صادرات لم تكن تتجاوز 40 مليون دولار.") == ["40000000 USD atMost"])
        #expect(values("صادرات ليست أكثر من 40 مليون دولار.") == ["40000000 USD atMost"])
        #expect(values("ما لا يقل عن 40 مليون دولار ولا تزيد على 50 مليون دولار.") == ["40000000 USD atLeast", "50000000 USD atMost"])
        // More words of estimates and bounds, before the sum and after it.
        #expect(values("بلغت ما يقرب من 40 مليون دولار.") == ["40000000 USD about"])
        #expect(values("بلغت في حدود 40 مليون دولار.") == ["40000000 USD about"])
        #expect(values("بلغت 40 مليون دولار تقريبا.") == ["40000000 USD about"])
        #expect(values("فاقت ما يربو على 40 مليون دولار.") == ["40000000 USD over"])
        #expect(values("بلغت ما دون 40 مليون دولار.") == ["40000000 USD under"])
        // The article before the number (قرابة الـ400) is read past; a fraction before a scale word alone is its number.
        #expect(values("بلغت قرابة الـ400 مليون دولار.") == ["400000000 USD about"])
        #expect(values("بلغت أقل من نصف مليار دولار.") == ["500000000 USD under"])
        #expect(values("بلغت ربع مليار دولار.") == ["250000000 USD"])
        #expect(values("بلغت مليار ونصف دولار.") == ["1500000000 USD"])
        // A fraction and a scale word that are no sum (ربع مليون لاجئ): none, and the scan goes on past them.
        #expect(values("يعيش ربع مليون لاجئ في المخيم، وبلغت الصادرات نصف مليون دولار.") == ["500000 USD"])
        // A negation before the verb the bound follows turns it too.
        #expect(values("لم تبلغ الصادرات أكثر من 40 مليون دولار.") == ["40000000 USD atMost"])
        // Not لا of ولا سيما (especially) or لا تزال (still).
        #expect(values("في قطاعات عدة ولا سيما أكثر من 40 مليون دولار.") == ["40000000 USD over"])
        #expect(values("لا تزال الصادرات أكثر من 40 مليون دولار.") == ["40000000 USD over"])
        // A number behind the article is an ordinal, not a count.
        #expect(analyze("احتفلت مصر بالذكرى الـ80 لتأسيس العلاقات.").counts.isEmpty)
        // من alone, as a source, is no bound.
        #expect(values("حصلت مصر من البنك على 40 مليون دولار.") == ["40000000 USD"])
        let range = analyze("يستهدفان رفع حجم التجارة إلى ما بين 3 و5 مليارات دولار بحلول عام 2030.")
        #expect(range.figures.isEmpty)
        #expect(range.counts.isEmpty, "\(range.counts)")
        #expect(values("ويتراوح حجم الاستثمارات من 3 إلى 5 مليارات دولار.") == [])
        #expect(values("ويقدر حجمها ما بين 3 إلى 5 مليارات دولار.") == [])
        // From one level to another is a change to a level reached: the level is a sum.
        #expect(values("وارتفعت الصادرات من 3 إلى 5 مليارات دولار.") == ["5000000000 USD"])
    }

    func roles(_ paragraphs: String...) -> [String] {
        analyzer.analyze(article(paragraphs, date: nil)).figures.map { f in
            guard let t = f.trade else { return "\(f.value): none" }
            return "\(f.value): \(t.kind.rawValue) \(t.from ?? "?")>\(t.to ?? "?")\(t.period.map { " \($0)" } ?? "")"
        }
    }

    @Test func eachFlowGoesToTheCountriesItsWordsName() {
        #expect(roles("بلغت صادرات مصر إلى باكستان 100 مليون دولار وإلى الهند 500 مليون دولار خلال عام 2024.")
            == ["100000000: exports EG>PK 2024", "500000000: exports EG>IN 2024"])
        #expect(roles("وبلغ حجم التبادل التجاري بين مصر وتركيا 8 مليارات دولار، مقابل 300 مليون دولار مع باكستان.")
            == ["8000000000: total EG>TR", "300000000: total EG>PK"])
        #expect(roles("تبحث مصر وباكستان التجارة.", "وبلغت الواردات من باكستان 120 مليون دولار.") == ["120000000: imports PK>EG"])
    }

    @Test func aDenialAGoalOrAChangeIsNoLevelReached() {
        #expect(roles("تبحث مصر وباكستان التجارة.", "ونفت الخارجية الباكستانية ما تردد عن أن حجم التبادل التجاري مع مصر بلغ مليار دولار.")
            == ["1000000000: none"])
        #expect(roles("تبحث مصر وباكستان التجارة.", "تراجعت الصادرات المصرية إلى باكستان بمقدار 50 مليون دولار خلال عام 2024.")
            == ["50000000: none"])
        #expect(roles("تبحث مصر وباكستان التجارة.", "وارتفعت الواردات المصرية من باكستان بقيمة 30 مليون دولار مقارنة بالعام السابق.")
            == ["30000000: none"])
        #expect(roles("تبحث مصر وباكستان التجارة.", "ويستهدف البلدان رفع حجم التجارة إلى 5 مليارات دولار بحلول عام 2030.") == ["5000000000: none"])
        // A change before a cue of two words.
        #expect(roles("تبحث مصر وباكستان التجارة.", "تراجع حجم التبادل التجاري بين مصر وباكستان بمقدار 50 مليون دولار عام 2024.") == ["50000000: none"])
        // A denial or a goal of another clause, or a noun of aim or of targeting, leaves the level a level.
        #expect(roles("وأكد الوزير أن الهدف من الزيارة هو تعزيز التعاون، مشيرا إلى أن حجم التبادل التجاري بين مصر وباكستان بلغ 2 مليار دولار عام 2024.")
            == ["2000000000: total EG>PK 2024"])
        #expect(roles("نفى المتحدث وجود خلافات، مؤكدا أن حجم التبادل التجاري بين مصر وباكستان بلغ 2 مليار دولار عام 2024.")
            == ["2000000000: total EG>PK 2024"])
        #expect(roles("وبعد استهداف الجماعات المتطرفة بلغت الصادرات المصرية إلى باكستان 300 مليون دولار عام 2024.") == ["300000000: exports EG>PK 2024"])
        // A deal "worth" a sum, with no verb of change, is a level.
        #expect(roles("تبحث مصر وباكستان التجارة.", "وبلغت صادرات مصر إلى باكستان بقيمة 30 مليون دولار.") == ["30000000: exports EG>PK"])
    }

    /// A sentence of two years dates each figure by its own.
    @Test func eachFigureTakesTheYearStatedForIt() {
        #expect(roles("بلغ حجم التبادل التجاري بين مصر وباكستان 2 مليار دولار عام 2024 مقابل 1.5 مليار دولار عام 2023.")
            == ["2000000000: total EG>PK 2024", "1500000000: total EG>PK 2023"])
        #expect(roles("في عام 2024 بلغ حجم التبادل التجاري بين مصر وباكستان 2 مليار دولار.") == ["2000000000: total EG>PK 2024"])
    }

    @Test func aPeriodIsCarriedOnlyBetweenFiguresOfTheSamePair() {
        #expect(roles(
            "بلغ حجم التبادل التجاري بين مصر وباكستان 200 مليون دولار عام 2024.",
            "وبلغت صادرات مصر إلى باكستان 100 مليون دولار.",
            "بينما بلغ حجم التبادل التجاري بين الهند وباكستان 2.1 مليار دولار.")
            == ["200000000: total EG>PK 2024", "100000000: exports EG>PK 2024", "2100000000: total IN>PK"])
    }

    @Test func aBalanceNeedsFlowsThatAgreeAndSaysWhenItIsAnEstimate() throws {
        let conflicting = analyze(
            "بلغت صادرات مصر إلى باكستان 100 مليون دولار خلال عام 2024.", "وبلغت صادرات مصر إلى باكستان 120 مليون دولار عام 2024.",
            "وبلغت واردات مصر من باكستان 80 مليون دولار عام 2024.")
        let b = try #require(TradeLedger.balances([conflicting]).first)
        #expect(b.flowsConflict && b.balance == nil)
        let estimated = analyze("بلغت صادرات مصر إلى باكستان 100 مليون دولار خلال عام 2024.", "وبلغت واردات مصر من باكستان نحو 80 مليون دولار عام 2024.")
        let e = try #require(TradeLedger.balances([estimated]).first)
        #expect(e.balance == Amount(mantissa: 20_000_000) && e.balanceIsApproximate)
    }
}

@Suite struct TrustedEventTests {
    @Test func aDeniedOrNegatedMeetingIsNoMeeting() {
        #expect(analyze("ونفى مكتب رئيس الوزراء الباكستاني أن يكون شهباز شريف قد التقى الرئيس السيسي.").meetings.isEmpty)
        // A denial whose complement is the meeting denies it, across a comma.
        #expect(analyze("ونفت الخارجية الباكستانية، في بيان رسمي، أن يكون شهباز شريف قد التقى الرئيس السيسي.").meetings.isEmpty)
        // A denial of something else, in another clause, leaves the meeting.
        #expect(analyze("نفى الرئيس السيسي وجود أي توتر مع باكستان، خلال لقاء عاصم منير في القاهرة.").meetings.count == 1)
        #expect(analyze("وقال المتحدث إن شهباز شريف لن يلتقي الرئيس السيسي.").meetings.isEmpty)
        #expect(analyze("والتقى شهباز شريف الرئيس السيسي في القاهرة.").meetings.count == 1)
    }

    /// Two events of one sentence are two meetings, each with its own parties and date; a verb that names no one
    /// of its own, or goes on with the event (حيث), adds to the event before it.
    @Test func eachMeetingOfASentenceHasItsOwnPartiesAndDate() {
        let a = analyze("ففي يوليو 2025، التقى الرئيس عبد الفتاح السيسي بالفريق أول ساهر شمشاد مرزا، وتبع ذلك زيارة عاصم منير إلى مصر في أكتوبر 2025 حيث عقد مباحثات مع عبد المجيد صقر.")
        #expect(a.meetings.map { "\($0.verb.code) \($0.date.map { "\($0)" } ?? "-") \($0.people.joined(separator: ","))" }
            == ["044 2025-07 sisi,mirza", "042 2025-10 munir,saqr"])
        let b = analyze("وأجرى الرئيس المصري محادثات في القاهرة مع ساهر شمشاد مرزا، وتناولت المحادثات التعاون بين مصر وباكستان.")
        #expect(b.meetings.count == 1)
        // A verb with معه goes on with the event; a later event with no date of its own takes the one before.
        let c = analyze("استقبل الرئيس عبد الفتاح السيسي رئيس الوزراء الباكستاني شهباز شريف يوم 20 نوفمبر 2025، واجتمع معه بحضور وزيري الخارجية بدر عبد العاطي وإسحاق دار.")
        #expect(c.meetings.count == 1)
        let d = analyze("في 20 نوفمبر 2025، التقى السيسي شهباز شريف، ثم استقبل عاصم منير وعبد المجيد صقر.")
        #expect(d.meetings.map { $0.date.map { "\($0)" } ?? "-" } == ["2025-11-20", "2025-11-20"])
    }

    @Test func anAgreementSignedIsFoundInEveryCaseOfItsNoun() {
        #expect(analyze("وقّعت مصر وقطر، الأربعاء، اتفاقاً للتعاون في مجال الطاقة.").meetings.map(\.verb.code) == ["057"])
        #expect(analyze("ووقعت مصر وباكستان اتفاقيات في مجالات عدة.").meetings.map(\.verb.code) == ["057"])
        // وقع alone is "happened": no agreement without its noun.
        #expect(analyze("ووقع الحادث في مصر وباكستان أمس.").meetings.isEmpty)
    }

    /// A year placed from the article's (العام الماضي) dates a trade figure, and says so; a meeting told with a year
    /// and a day is dated by the day.
    @Test func aYearPlacedFromTheArticlesDatesItsFiguresAndMeetingsTakeTheirDay() {
        let november = PartialDate(year: 2025, month: 11, day: 20)
        let a = analyze("وبلغت صادرات مصر إلى باكستان العام الماضي 104 ملايين دولار.", date: november)
        #expect(a.figures.first?.trade?.period == PartialDate(year: 2024))
        #expect(a.figures.first?.trade?.periodBasis == .relative)
        #expect(a.dates.map(\.basis) == [.relative])
        // So does the year of a day placed in it, in either order (العام الماضي في 3 مارس، 3 مارس من العام الماضي).
        for text in ["وبلغت صادرات مصر إلى باكستان العام الماضي في 3 مارس 104 ملايين دولار.", "وبلغت صادرات مصر إلى باكستان في 3 مارس من العام الماضي 104 ملايين دولار."] {
            let day = analyze(text, date: november)
            #expect(day.figures.first?.trade?.period == PartialDate(year: 2024) && day.figures.first?.trade?.periodBasis == .relative, "\(text)")
        }
        // A year written out is the sentence's, as before.
        let b = analyze("وبلغت صادرات مصر إلى باكستان عام 2023 مبلغ 104 ملايين دولار.", date: november)
        #expect(b.figures.first?.trade?.periodBasis == .sentence)
        // Undated article: the year cannot be placed, and the figure has no period.
        let c = analyze("وبلغت صادرات مصر إلى باكستان العام الماضي 104 ملايين دولار.")
        #expect(c.figures.first?.trade?.period == nil && c.dates.map(\.basis) == [.unresolved])
        let d = analyze("التقى الرئيس عبد الفتاح السيسي شهباز شريف خلال العام الجاري، وتحديدًا يوم 11 فبراير.", date: november)
        #expect(d.meetings.map { $0.date.map { "\($0)" } ?? "-" } == ["2025-02-11"])
        // A later date outside the first is another event's, not a narrower one.
        let later = analyze("التقى الرئيس عبد الفتاح السيسي شهباز شريف العام الماضي، وأعلنا أن القمة المقبلة ستعقد في 15 يناير 2026.", date: november)
        #expect(later.meetings.map { $0.date.map { "\($0)" } ?? "-" } == ["2024"])
        let before = analyze("التقى الرئيس عبد الفتاح السيسي شهباز شريف في مارس الماضي، بعد لقاء سابق في 3 يناير 2024.", date: november)
        #expect(before.meetings.first?.date == PartialDate(year: 2025, month: 3))
        let e = analyze("التقى الرئيس عبد الفتاح السيسي شهباز شريف خلال العام الجاري.", date: november)
        #expect(e.meetings.map { $0.date.map { "\($0)" } ?? "-" } == ["2025"])
    }

    /// A verb of exceeding at the head of the figure's clause bounds it, its subject between; not across a comma, nor
    /// past a word behind ب.
    @Test func aVerbOfExceedingAtTheHeadOfItsClauseBoundsTheFigure() {
        func q(_ text: String) -> [MoneyFigure.Qualifier] { analyze(text).figures.map(\.qualifier) }
        #expect(q("تجاوزت صادرات مصر إلى باكستان 400 مليون دولار، فيما بلغت واردات مصر من باكستان 100 مليون دولار.") == [.over, .exact])
        #expect(q("لم تتجاوز صادرات مصر إلى باكستان 400 مليون دولار.") == [.atMost])
        #expect(q("تجاوزت قيمة صادرات مصر إلى باكستان 400 مليون دولار.") == [.over])
        #expect(q("تجاوزت الصادرات التوقعات، إذ بلغت صادرات مصر إلى باكستان 400 مليون دولار.") == [.exact])
        #expect(q("تجاوزت مصر الأزمة باستثمارات 400 مليون دولار.") == [.exact])
        // No balance is made of the bound.
        let a = analyze("تجاوزت صادرات مصر إلى باكستان 400 مليون دولار، فيما بلغت واردات مصر من باكستان 100 مليون دولار.", date: PartialDate(year: 2025, month: 11, day: 20))
        #expect(TradeLedger.balances([a]).allSatisfy { $0.balance == nil })
    }

    /// The words of sums, bounds, changes, ranges and dates in random order (a scan that stepped back once looped for
    /// ever on ربع مليون with no currency): every text is analysed, each figure where its words are, the same twice.
    @Test func aSaladOfFigureAndDateWordsIsReadAndEnds() {
        let words = [
            "نصف", "ربع", "مليون", "مليار", "ملايين", "ألف", "دولار", "جنيه", "الـ400", "بالـ400", "الـ", "400", "٣٥٫٢", "35,2", "2024",
            "عام", "العام", "السنة", "الماضي", "الجاري", "المقبل", "هذا", "لا", "لم", "ليست", "ولا", "تكن", "تتجاوز", "تجاوزت",
            "أكثر", "أقل", "من", "على", "عن", "ما", "بما", "يزيد", "يقل", "دون", "في", "حدود", "نحو", "قرابة", "تقريبا", "يقرب", "و",
            "بين", "إلى", "يتراوح", "ارتفعت", "بمقدار", "بأكثر", "صادرات", "مصر", "باكستان", "التقى", "يوم", "28", "ديسمبر",
            "يناير", "الأمين", "،", ".",
        ]
        var random = CorpusGenerator.Random(state: 20261207)
        for round in 0..<300 {
            let text = (0..<(3 + random.below(30))).map { _ in words[random.below(words.count)] }.joined(separator: " ")
            let date = [nil, PartialDate(year: 2025, month: 1, day: 5), PartialDate(year: 2025, month: 12, day: 28)][round % 3]
            let a = analyze(text, date: date)
            let bytes = text.utf8.count
            #expect(a.figures.allSatisfy { $0.range.lowerBound >= 0 && $0.range.upperBound <= bytes && !$0.range.isEmpty }, "\(text)")
            #expect(a.dates.allSatisfy { $0.range.upperBound <= bytes }, "\(text)")
            #expect(a == analyze(text, date: date), "\(text)")
        }
    }

    /// A change is a change whatever words qualify its size (ارتفعت ... بأكثر من، بما لا يقل عن، بقرابة): no level of
    /// trade, and no balance made of it.
    @Test func aQualifiedChangeIsNoLevel() {
        for phrase in ["بأكثر من", "بما يزيد على", "بقرابة", "بما يقارب", "بما لا يقل عن", "بنحو", "بمقدار نحو"] {
            let a = analyze("ارتفعت صادرات مصر إلى باكستان \(phrase) 300 مليون دولار، فيما بلغت واردات مصر من باكستان 100 مليون دولار.")
            #expect(a.figures.map { $0.trade == nil } == [true, false], "\(phrase)")
        }
    }

    @Test func nextMondayIsAfterTheArticlesDate() {
        // 20 November 2025 is a Thursday.
        let a = analyze("يصل الوزير القاهرة الاثنين المقبل.", date: PartialDate(year: 2025, month: 11, day: 20))
        #expect(a.dates.compactMap(\.date) == [PartialDate(year: 2025, month: 11, day: 24)!])
        let b = analyze("وصل الوزير القاهرة الاثنين.", date: PartialDate(year: 2025, month: 11, day: 20))
        #expect(b.dates.compactMap(\.date) == [PartialDate(year: 2025, month: 11, day: 17)!])
    }
}

/// A lexicon file is checked whole: what a user writes wrong is named at its line, never dropped or crashed on.
@Suite struct LexiconCheckTests {
    /// The error of loading the shipped lexicon with `file` replaced by the shipped one edited by `edit`.
    func error(in file: String, _ edit: (String) -> String) throws -> Lexicon.Error? {
        let dir = temporaryDirectory()
        for name in ["themes.yaml", "countries.yaml", "entities.yaml"] {
            let text = try #require(read(workspace.lexicons + "/" + name))
            write(name == file ? edit(text) : text, to: dir + "/" + name)
        }
        do {
            _ = try Lexicon.load(directory: dir)
            return nil
        } catch {
            return error
        }
    }

    @Test func theShippedLexiconPasses() throws {
        #expect(try error(in: "themes.yaml") { $0 } == nil)
    }

    @Test func unknownKeysAreNamed() throws {
        let misspelt = try #require(try error(in: "themes.yaml") { $0.replacingOccurrences(of: "    exclude:", with: "    exlude:") })
        #expect(misspelt.description.contains("unknown key 'exlude'"), "\(misspelt)")
        #expect(misspelt.line != nil)
        let comma = try #require(
            try error(in: "entities.yaml") { $0.replacingOccurrences(of: "role: { en: \"Chief of Army Staff, Pakistan\"", with: "role: { en: Chief of Army Staff, Pakistan") })
        #expect(comma.description.contains("unknown key 'Pakistan'") && comma.description.contains("needs quotes"), "\(comma)")
    }

    @Test func weightsThatWouldOverflowAndTermsThatMatchNoWordAreRefused() throws {
        let huge = try #require(try error(in: "themes.yaml") { $0.replacingOccurrences(of: "threshold: ", with: "with_money: 9223372036854775807\n    threshold: ") })
        #expect(huge.description.contains("with_money"), "\(huge)")
        let clitic = try #require(try error(in: "themes.yaml") { $0.replacingOccurrences(of: "    terms:\n", with: "    terms:\n      و: 5\n") })
        #expect(clitic.description.contains("no letters of a word"), "\(clitic)")
        let empty = try #require(try error(in: "themes.yaml") { _ in "themes: []\n" })
        #expect(empty.description.contains("no theme"), "\(empty)")
    }

    @Test func aTermGivenTwiceIsRefused() throws {
        let themes = try #require(read(workspace.lexicons + "/themes.yaml"))
        let terms = try #require(themes.range(of: "    terms:\n"))
        let firstTerm = themes[terms.upperBound...].prefix { $0 != ":" }.trimmingCharacters(in: .whitespaces)
        let twice = try #require(try error(in: "themes.yaml") { $0.replacingOccurrences(of: "    terms:\n", with: "    terms:\n      \(firstTerm)ـ: 3\n") })
        #expect(twice.description.contains("is given twice"), "\(twice)")
    }

    @Test func anIdUsedTwiceIsRefused() throws {
        let twice = try #require(try error(in: "entities.yaml") { $0.replacingOccurrences(of: "id: munir,", with: "id: shehbaz,") })
        #expect(twice.description.contains("'shehbaz' is used twice"), "\(twice)")
    }
}

/// A currency is the one the text names: none is invented for a word several countries use, and a qualifier the
/// text gives is kept in both languages.
@Suite struct CurrencyTests {
    func shown(_ text: String) -> (ar: String, en: String)? {
        guard let f = analyze(text).figures.first else { return nil }
        let ar = Localizer(language: .ar, lexicon: lexicon).amount(f.value, currency: f.currency, word: f.currencyWord)
        let en = Localizer(language: .en, lexicon: lexicon).amount(f.value, currency: f.currency, word: f.currencyWord)
        return (ar, en)
    }

    @Test func aRiyalOrADirhamAloneHasNoCountry() {
        #expect(analyze("منحة قدرها 5 ملايين ريال").figures.map(\.currency) == [nil])
        #expect(analyze("منحة قدرها 5 ملايين درهم").figures.map(\.currency) == [nil])
        #expect(analyze("منحة قدرها 5 ملايين ريال سعودي").figures.map(\.currency) == ["SAR"])
        #expect(shown("منحة قدرها 5 ملايين ريال").map { [$0.ar, $0.en] } == ["5 ملايين ريال", "5 million riyals"])
        #expect(shown("قرض قيمته 500 مليون روبية").map { [$0.ar, $0.en] } == ["500 مليون روبية", "500 million rupees"])
    }

    @Test func aQualifiedCurrencyKeepsItsCountryInArabic() {
        #expect(shown("بقيمة 30 مليون دولار كندي").map { [$0.ar, $0.en] } == ["30 مليون دولار كندي", "CAD 30 million"])
        #expect(shown("بقيمة 30 مليون ريال عماني").map { [$0.ar, $0.en] } == ["30 مليون ريال عماني", "OMR 30 million"])
        #expect(shown("بقيمة 30 مليون دينار عراقي").map { [$0.ar, $0.en] } == ["30 مليون دينار عراقي", "IQD 30 million"])
        // Every code the parser can give has its Arabic name.
        let codes = FixedWords.currencyWords.flatMap { [$0.1].compactMap { $0 } + $0.2.map(\.1) }
        #expect(codes.allSatisfy { Localizer.currencyArabic[$0] != nil }, "\(codes.filter { Localizer.currencyArabic[$0] == nil })")
    }
}
