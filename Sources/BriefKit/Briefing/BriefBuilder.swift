/// Selects the articles of a brief and gathers what they say, each statement with its citation.
public struct BriefBuilder: Sendable {
    public let lexicon: Lexicon
    /// All analysed articles of the corpus, in article-id order.
    public let analyses: [ArticleAnalysis]
    /// Files of the corpus that could not be read, listed in every brief.
    public let skipped: [CorpusError]

    public enum Error: Swift.Error, Hashable, Sendable {
        /// No article has a date precise to the day, so no week can be chosen by default.
        case noDatedArticles
    }

    /// The most entries a list of a brief shows; the rest are counted, and cited through the sources.
    public static let limits = (themeItems: 12, figures: 40, timeline: 80, meetings: 40, people: 60, excluded: 40, pairTimeline: 30)

    /// How many weeks, ending with the brief's, the activity history covers.
    public static let historyWeeks = 8

    public init(lexicon: Lexicon, analyses: [ArticleAnalysis], skipped: [CorpusError] = []) {
        self.lexicon = lexicon
        self.skipped = skipped
        func precedes(_ a: ArticleAnalysis, _ b: ArticleAnalysis) -> Bool { a.article.id.precedesInBytes(b.article.id) }
        // Usually in order already (a corpus is read in path order): then the findings are not copied.
        let ordered = zip(analyses, analyses.dropFirst()).allSatisfy { !precedes($1, $0) }
        self.analyses = ordered ? analyses : analyses.sorted(by: precedes)
    }

    /// The latest ISO week in which an article is dated.
    public func latestWeek() throws(Error) -> ISOWeek {
        guard let week = analyses.compactMap({ $0.article.date.value.flatMap(ISOWeek.init(containing:)) }).max() else {
            throw .noDatedArticles
        }
        return week
    }

    /// The brief of one week: the articles dated in it; the others are listed as left out, with why.
    public func weekly(_ week: ISOWeek) -> Brief {
        let collector = WeeklyCollector(week: week)
        for a in analyses { collector.add(a) }
        // The week is given, so there is always one.
        return try! collector.brief(lexicon: lexicon, skipped: skipped)
    }

    /// The dossier of one country: every article that names it, whatever its date.
    public func dossier(_ country: Country) -> Brief {
        let included = analyses.filter { a in a.countries.contains { $0.code == country.code } }
        return build(.dossier(country), included: included, focus: country.code)
    }

    func build(_ kind: Brief.Kind, included: [ArticleAnalysis], focus: String?) -> Brief {
        let story = StoryClusters.group(included.map(\.signature))
        // The loops below read the analyses in place (`included[k].field`): a copy of a whole analysis would
        // retain each of its arrays, for every article and every pass.
        let sources = included.indices.map { k in
            SourceEntry(number: k + 1, article: included[k].article, themes: included[k].matchedThemes, sameStoryAs: story[k] != k ? story[k] + 1 : nil)
        }
        func cite(_ source: Int, _ a: ArticleAnalysis, _ sentence: Int) -> Quote {
            let s = a.sentence(sentence)
            return Quote(text: s.text, citation: Citation(source: source, paragraph: s.paragraph))
        }
        func mentionsFocus(_ a: ArticleAnalysis, _ sentence: Int) -> Bool {
            guard let focus else { return true }
            return a.sentence(sentence).countries.contains(focus)
        }

        // Themes, in the lexicon's order.
        var themes: [ThemeSection] = []
        for (t, theme) in lexicon.themes.enumerated() {
            var items: [ThemeSection.Item] = []
            for k in included.indices where included[k].themes[t].matched {
                let result = included[k].themes[t]
                guard let best = result.evidence.first else { continue }
                var terms: [String] = []
                for hit in result.hits where hit.weight > 0 && !terms.contains(hit.term) { terms.append(hit.term) }
                items.append(.init(source: k + 1, score: result.score, quote: cite(k + 1, included[k], best), terms: terms))
            }
            var section = ThemeSection(theme: theme, items: items, previousCount: nil)
            section.stories = Set(items.map { story[$0.source - 1] }).count
            section.outlets = Set(items.map { included[$0.source - 1].article.source.value ?? "#\($0.source)" }).count
            themes.append(section)
        }

        // Countries: for a dossier, its partners and the themes of the articles naming both.
        // One pass over the articles (not one per country of the registry): articles, mentions and themes per country.
        var naming: [String: (articles: Int, mentions: Int, themes: Set<String>)] = [:]
        for k in included.indices {
            let matched = included[k].matchedThemes
            for presence in included[k].countries where presence.code != focus {
                naming[presence.code, default: (0, 0, [])].articles += 1
                naming[presence.code]!.mentions += presence.mentions
                naming[presence.code]!.themes.formUnion(matched)
            }
        }
        var countryItems: [CountryItem] = []
        for country in lexicon.countries.countries where country.code != focus {
            guard let n = naming[country.code] else { continue }
            countryItems.append(CountryItem(country: country, articles: n.articles, mentions: n.mentions, themes: lexicon.themes.map(\.id).filter(n.themes.contains)))
        }
        countryItems.sort { ($0.articles, $0.mentions, $1.country.code) > ($1.articles, $1.mentions, $0.country.code) }

        // Figures and dates, in article order then text order.
        var figures: [FigureItem] = []
        // Each date with the countries its sentence names, for the timelines by partner.
        var dated: [(item: TimelineItem, countries: [String])] = []
        for k in included.indices {
            for f in included[k].figures {
                let involvesFocus = focus.map { f.trade?.from == $0 || f.trade?.to == $0 } ?? true
                guard involvesFocus || mentionsFocus(included[k], f.sentence) else { continue }
                figures.append(FigureItem(figure: f, text: f.text, quote: cite(k + 1, included[k], f.sentence)))
            }
            var seen: Set<String> = []
            for d in included[k].dates {
                guard let date = d.date, mentionsFocus(included[k], d.sentence) else { continue }
                guard seen.insert("\(d.sentence)|\(date)|\(d.end.map { "\($0)" } ?? "")").inserted else { continue }
                let item = TimelineItem(date: date, end: d.end, basis: d.basis, text: d.text, quote: cite(k + 1, included[k], d.sentence))
                dated.append((item, included[k].sentence(d.sentence).countries))
            }
        }
        // A stable sort: items of one date, source and paragraph keep their text order.
        dated = dated.enumerated().sorted { x, y in
            let a = x.element.item
            let b = y.element.item
            return (a.date, a.quote.citation.source, a.quote.citation.paragraph, x.offset) < (b.date, b.quote.citation.source, b.quote.citation.paragraph, y.offset)
        }.map(\.element)
        let timeline = dated.map(\.item)

        // Per pair: the country's timeline items whose sentence also names a partner (the first ones, and how many more).
        var pairTimelines: [(partner: Country, items: [TimelineItem], omitted: Int)] = []
        if focus != nil {
            for partner in countryItems.map(\.country) {
                var items: [TimelineItem] = []
                var count = 0
                for entry in dated where entry.countries.contains(partner.code) {
                    count += 1
                    if items.count < Self.limits.pairTimeline { items.append(entry.item) }
                }
                if count > 0 { pairTimelines.append((partner, items, count - items.count)) }
            }
        }

        // Trade balances, each flow cited.
        let numberOf = Dictionary(uniqueKeysWithValues: included.indices.map { (included[$0].article.id, $0 + 1) })
        func citations(_ refs: [TradeFigureRef]) -> [Citation] {
            refs.map { r in
                let number = numberOf[r.article]!
                return Citation(source: number, paragraph: included[number - 1].sentence(r.sentence).paragraph)
            }
        }
        let trade = TradeLedger.balances(included)
            .filter { b in focus.map { b.first == $0 || b.second == $0 } ?? true }
            .map { TradeItem(balance: $0, firstToSecond: citations($0.firstToSecond), secondToFirst: citations($0.secondToFirst), totals: citations($0.totals)) }

        var brief = Brief(kind: kind, sources: sources, excluded: [], themes: themes, countries: countryItems, figures: figures, trade: trade, timeline: timeline, skipped: skipped)
        brief.pairTimelines = pairTimelines

        // People, each once (a listed person by id, another by name), with the first title the text gives.
        var people: [String: PersonItem] = [:]
        var order: [String] = []
        for k in included.indices {
            for p in included[k].people {
                let key = p.id ?? MatchKey.fold(p.name)
                if var known = people[key] {
                    known.mentions += 1
                    if known.person.title == nil, p.title != nil { known.person.title = p.title }
                    people[key] = known
                    continue
                }
                let arabic = p.id.flatMap { id in lexicon.entities.people.first { $0.id == id }?.nameArabic } ?? p.name
                people[key] = PersonItem(person: p, arabicName: arabic, citation: cite(k + 1, included[k], p.sentence).citation, mentions: 1)
                order.append(key)
            }
        }
        var personList = order.map { people[$0]! }
        if let focus {
            personList = personList.filter { $0.person.country == focus } + personList.filter { $0.person.country != focus }
        }
        brief.people = personList

        // Meetings, by date (undated last), then source and paragraph.
        var meetings: [MeetingItem] = []
        for k in included.indices {
            for m in included[k].meetings {
                let parties = m.people.compactMap { key in people[lexicon.entities.people.contains { $0.id == key } ? key : MatchKey.fold(key)] }
                if let focus, !m.countries.contains(focus), !parties.contains(where: { $0.person.country == focus }) { continue }
                meetings.append(MeetingItem(meeting: m, people: parties, quote: cite(k + 1, included[k], m.sentence), reported: included[k].article.date.value))
            }
        }
        brief.meetings = meetings.enumerated().sorted { x, y in
            let a = x.element.meeting.date
            let b = y.element.meeting.date
            if a != b { return a == nil ? false : (b == nil ? true : a! < b!) }
            return x.offset < y.offset
        }.map(\.element)

        // Long lists keep their first entries (themes: the best-scoring articles, in source order).
        let limits = Self.limits
        for i in brief.themes.indices where brief.themes[i].items.count > limits.themeItems {
            let kept = Set(brief.themes[i].items.sorted { ($0.score, -$0.source) > ($1.score, -$1.source) }.prefix(limits.themeItems).map(\.source))
            brief.themes[i].omitted = brief.themes[i].items.count - kept.count
            brief.themes[i].items = brief.themes[i].items.filter { kept.contains($0.source) }
        }
        /// Drops the entries past `limit`; returns how many it dropped.
        func cap<T>(_ list: inout [T], _ limit: Int) -> Int {
            guard list.count > limit else { return 0 }
            let dropped = list.count - limit
            list.removeLast(dropped)
            return dropped
        }
        let dropped = [
            "figures": cap(&brief.figures, limits.figures), "timeline": cap(&brief.timeline, limits.timeline),
            "meetings": cap(&brief.meetings, limits.meetings), "people": cap(&brief.people, limits.people),
        ]
        brief.omitted = dropped.filter { $0.value > 0 }
        return brief
    }
}
