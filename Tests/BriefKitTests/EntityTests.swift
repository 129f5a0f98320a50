import Foundation
import Testing

@testable import BriefKit

@Suite struct PeopleTests {
    @Test func titlesGiveRoleAndCountryToListedPeople() {
        let a = seed("000")
        let munir = a.people.first { $0.id == "munir" }
        #expect(munir?.title == "رئيس أركان القوات البرية الباكستانية")
        #expect(munir?.country == "PK")
        #expect(seed("003").people.first { $0.id == "mattis" }?.country == "US")
        #expect(seed("004").people.map(\.id).contains("kadih"))
    }

    @Test func anUnlistedPersonIsFoundFromTheTitleAndRomanized() throws {
        let a = analyze("التقى وزير الخارجية التركي هاكان فيدان نظيره المصري في القاهرة أمس.")
        let p = try #require(a.people.first)
        #expect(p.id == nil)
        #expect(p.name == "هاكان فيدان")
        #expect(p.romanized)
        #expect(p.english == "Hakan Fidan")
        #expect(p.country == "TR")
        #expect(p.title == "وزير الخارجية التركي")
    }

    /// A listed person's short name after someone else's given name is that other person: أشرف صبحي is not Sedki
    /// Sobhi, محمد عبد العاطي not Badr Abdelatty; after a title it is the listed person.
    @Test func aShortNameAfterAnotherGivenNameIsSomeoneElse() {
        #expect(!analyze("وشارك وزير الرياضة أشرف صبحي في الاحتفال.").people.contains { $0.id == "sobhi" })
        #expect(!analyze("وقال محمد عبد العاطي إن اللقاء كان مثمرًا.").people.contains { $0.id == "abdelatty" })
        #expect(!analyze("واستقبل المشير خليفة حفتر الوفد في بنغازي.").people.contains { $0.id == "khalifa" })
        #expect(analyze("وبحث الدكتور عبد العاطي مع نظيره الملفات.").people.contains { $0.id == "abdelatty" })
        #expect(analyze("والتقى الفريق أول صدقي صبحي نظيره.").people.contains { $0.id == "sobhi" })
        // Words that fold like given names, or are verbs, do not drop the person after them.
        #expect(analyze("وأثنى ماتيس على السيسي خلال اللقاء.").people.contains { $0.id == "sisi" })
        #expect(analyze("وأشرف السيسي على افتتاح المشروع الجديد.").people.contains { $0.id == "sisi" })
    }

    /// A title found behind a clitic (بوزير، والفريق، وَسفير) is the title without it: "with the minister" is no title.
    @Test func aTitleIsGivenWithoutTheCliticBeforeIt() {
        #expect(analyze("والتقى الوفد بوزير الخارجية التركي هاكان فيدان في القاهرة.").people.first?.title == "وزير الخارجية التركي")
        #expect(analyze("وحضر اللقاء وَسفير تركيا هاكان فيدان في القاهرة.").people.first?.title == "سفير تركيا")
        #expect(analyze("وأرسل الوزير رسالة للفريق أول عاصم منير.").people.first { $0.id == "munir" }?.title == "الفريق أول")
        #expect(seed("000").people.contains { $0.title?.hasPrefix("بال") == true || $0.title?.hasPrefix("وال") == true } == false)
    }

    @Test func wordsAfterATitleAreNotTakenForNames() {
        #expect(analyze("عقد وزير الخارجية المصري اجتماعاتٍ متعددةً مع نظيره.").people.isEmpty)
        #expect(analyze("وأكد القائد العام للقوات المسلحة المصرية «اعتزازه بالعلاقات».").people.isEmpty)
        #expect(analyze("قال المتحدث الرئاسي المصري، أنه تم خلال اللقاء بحث الملفات.").people.isEmpty)
    }
}

@Suite struct MeetingTests {
    @Test func meetingsCarryTheirKindPartiesPlaceDateAndThemes() throws {
        let a = analyze("وفي يوليو 2025، التقى الرئيس عبد الفتاح السيسي في القاهرة رئيس هيئة الأركان المشتركة الباكستانية، ساهر شمشاد مرزا، وبحثا التعاون في مكافحة الإرهاب.")
        let m = try #require(a.meetings.first)
        #expect(m.verb.code == "044")
        #expect(m.people == ["sisi", "mirza"])
        #expect(m.countries.contains("PK"))
        #expect(m.place == "القاهرة")
        #expect(m.date == PartialDate(year: 2025, month: 7))
        #expect(m.themes == ["counterterrorism"])
    }

    @Test func signingNeedsAnAgreement() {
        #expect(analyze("وقع انفجار في سوق بمدينة كراتشي الباكستانية أمس، وفق مصادر مصرية.").meetings.isEmpty)
        #expect(analyze("وقعت مصر وباكستان اتفاقية للتعاون في مجال التصنيع العسكري.").meetings.first?.verb.code == "057")
    }

    @Test func theDossierListsWhoIsWhoAndMeetings() {
        let pk = seedPipeline.builder.dossier(lexicon.countries.lookup("pk")!)
        #expect(pk.people.first?.person.country == "PK")
        #expect(Set(pk.people.compactMap(\.person.id)).isSuperset(of: ["munir", "shehbaz", "mirza", "ashraf"]))
        #expect(pk.meetings.contains { $0.meeting.date == PartialDate(year: 2023, month: 9) && $0.meeting.place == "إسلام آباد" })
        // Dated meetings come in date order, undated ones after them.
        let dates = pk.meetings.compactMap(\.meeting.date)
        #expect(dates == dates.sorted())
    }
}

@Suite struct StoryClusterTests {
    @Test func aReprintIsTheSameStoryAndTheSeedsAreNot() throws {
        let original = seedArticle("001")
        var reprint = original
        reprint.id = "reprint"
        reprint.paragraphs = original.paragraphs.map { p in
            var q = p
            q.text = p.text.replacingOccurrences(of: "أكد", with: "شدد").replacingOccurrences(of: "بحث", with: "ناقش")
            return q
        }
        reprint.source = .given("another outlet", .frontMatter)
        let signatures = seedPipeline.analyses.map(\.signature) + [analyzer.analyze(reprint).signature]
        let groups = StoryClusters.group(signatures)
        #expect(groups == [0, 1, 2, 3, 4, 1])
        #expect(StoryClusters.resemblance(signatures[1], signatures[5]) >= StoryClusters.threshold)
        #expect(StoryClusters.resemblance(signatures[0], signatures[2]) < 0.2)
    }

    /// Stories grouped on compacted signatures (32 bits a value, as the briefs keep them) are the stories of the
    /// whole values, over a generated corpus with near-duplicates.
    @Test func compactedSignaturesGroupAsTheWholeValues() throws {
        let dir = NSTemporaryDirectory() + "brief-compact-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CorpusGenerator(seeds: seedCorpus.articles).generate(bytes: 2_000_000, seed: 5, into: dir)
        let signatures = try CorpusLoader.load(directory: dir).articles.map { analyzer.analyze($0).signature }
        let n = StoryClusters.hashes
        let whole = signatures.filter { $0.count == n }.flatMap { $0 }
        let compact = whole.map(StoryClusters.compact)
        let byWhole = whole.withUnsafeBufferPointer { f in StoryClusters.group(count: f.count / n) { UnsafeBufferPointer(rebasing: f[$0 * n..<($0 + 1) * n]) } }
        let byCompact = compact.withUnsafeBufferPointer { f in StoryClusters.group(count: f.count / n) { UnsafeBufferPointer(rebasing: f[$0 * n..<($0 + 1) * n]) } }
        #expect(byCompact == byWhole)
        #expect(byWhole.indices.filter { byWhole[$0] != $0 }.count > 10)
        #expect(StoryClusters.group(signatures).count == signatures.count)
    }

    @Test func briefsCountStoriesAndSources() throws {
        var reprint = seedArticle("002")
        reprint.id = "zz-reprint"
        reprint.source = .given("another outlet", .frontMatter)
        var original = seedArticle("002")
        original.source = .given("shaf", .frontMatter)
        let analyses = [analyzer.analyze(original), analyzer.analyze(reprint)]
        let brief = BriefBuilder(lexicon: lexicon, analyses: analyses).weekly(ISOWeek(year: 2025, week: 48)!)
        let ct = try #require(brief.themes.first { $0.theme.id == "counterterrorism" })
        #expect(ct.items.count == 2)
        #expect(ct.stories == 1)
        #expect(ct.outlets == 2)
        #expect(brief.sources.map(\.sameStoryAs) == [nil, 1])
        let md = try seedPipeline.renderer.render(brief, languages: [.en], formats: [.md])[0].contents
        #expect(md.contains("2 articles (1 story, 2 sources)"))
        #expect(md.contains("- Same story as S1"))
    }
}

@Suite struct PairTimelineTests {
    @Test func theDossierHasATimelinePerPartner() throws {
        let pk = seedPipeline.builder.dossier(lexicon.countries.lookup("pk")!)
        let egypt = try #require(pk.pairTimelines.first { $0.partner.code == "EG" })
        #expect(egypt.items.contains { $0.date == PartialDate(year: 2024, month: 9) })
        let morocco = try #require(pk.pairTimelines.first { $0.partner.code == "MA" })
        #expect(morocco.items.map(\.date) == [PartialDate(year: 2023, month: 9)!])
        // Every item of a pair is an item of the country's timeline.
        for pair in pk.pairTimelines { #expect(pair.items.allSatisfy { item in pk.timeline.contains(item) }) }
    }
}
