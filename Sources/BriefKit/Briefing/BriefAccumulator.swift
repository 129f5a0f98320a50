/// The `limit` least elements offered so far, least first, and how many were offered.
struct Least<Element> {
    let limit: Int
    let precedes: (Element, Element) -> Bool
    private(set) var elements: [Element] = []
    private(set) var offered = 0

    init(_ limit: Int, by precedes: @escaping (Element, Element) -> Bool) {
        self.limit = limit
        self.precedes = precedes
    }

    mutating func offer(_ e: Element) {
        offered += 1
        if elements.count == limit {
            // Usually rejected at once: in a corpus read in order, a later entry rarely precedes the kept ones.
            guard limit > 0, precedes(e, elements[limit - 1]) else { return }
            elements.removeLast()
        }
        var low = 0
        var high = elements.count
        while low < high {
            let mid = (low + high) / 2
            if precedes(e, elements[mid]) { high = mid } else { low = mid + 1 }
        }
        elements.insert(e, at: low)
    }
}

/// An entry of a brief from one article, before the article has its number among the sources: the citation's
/// `source` holds the article's place in arrival order until the brief is made.
struct Pending<Value> {
    /// The article's id (sources are numbered in id order) and its place in arrival order.
    var id: String
    var article: Int
    /// The entry's place among its article's entries of this kind, in text order.
    var seq: Int
    var value: Value

    /// In article-id order, then text order.
    static func inOrder(_ a: Pending, _ b: Pending) -> Bool {
        a.article == b.article ? a.seq < b.seq : a.id.precedesInBytes(b.id)
    }
}

/// A brief's findings gathered one article at a time, in any order, with the same result as all at once.
///
/// Of each long list it keeps the entries the brief can show (the first ones, by the list's own order) and counts
/// the rest; of every article, only what the source list and the story groups need (its description, themes and
/// MinHash signature, in compact form). So memory grows with the number of articles, not with their findings: a
/// dossier over a large archive keeps no article's sentences but those it quotes.
struct BriefAccumulator {
    let lexicon: Lexicon
    /// The dossier's country; `nil` for a weekly brief.
    let focus: String?

    /// Every article, in a table that other briefs of the same articles may share: the row of each, in arrival
    /// order.
    let table: ArticleTable
    private var rows: [Int32] = []
    private var span = SourceSpan([])

    /// Per theme: the articles of its items (for the counts of stories and outlets) and the best-scoring items.
    private var themeItems: [[Int32]]
    private var themeBest: [Least<Pending<ThemeSection.Item>>]
    /// Per country named: articles, mentions, and the (interned) theme sets of those articles.
    private var naming: [String: (articles: Int, mentions: Int, themeSets: Set<Int32>)] = [:]
    private var figures = Least<Pending<FigureItem>>(BriefBuilder.limits.figures, by: Pending.inOrder)
    private var timeline = Least<Pending<TimelineItem>>(BriefBuilder.limits.timeline, by: Self.chronological)
    /// Per partner: the dated events of sentences naming it (and the focus).
    private var pairs: [String: Least<Pending<TimelineItem>>] = [:]
    /// Figures in a trade balance (involving the focus), and the paragraphs of their sentences.
    private var tradeFigures: [Pending<MoneyFigure>] = []
    private var tradeParagraphs: [SentenceKey: Int] = [:]
    private var people: [String: PersonState] = [:]
    /// Meetings that involve the focus by their countries, and the others by the people they name (whether one
    /// of them is the focus's is known only when every article is in: it is the country of their first mention).
    private var meetings = Least<Pending<MeetingCandidate>>(BriefBuilder.limits.meetings, by: Self.byMeetingDate)
    private var meetingCount = 0
    private var meetingsByPerson: [Int32: Least<Pending<MeetingCandidate>>] = [:]
    private var meetingParties: [[Int32]] = []
    /// The keys of ``people`` that meetings name, numbered.
    private var personKeys = Interned<String>()

    private struct SentenceKey: Hashable {
        var article: Int
        var sentence: Int
    }

    /// A dated event of an article's sentence, kept once per sentence, date and end.
    private struct DateKey: Equatable {
        var sentence: Int
        var date: PartialDate
        var end: PartialDate?
    }

    private struct PersonState {
        /// The first mention, by article id and text order, and where the title (the first one given) comes from.
        var first: Pending<PersonItem>
        var titled: Pending<String>?
        var mentions: Int
    }

    private struct MeetingCandidate {
        var meeting: Meeting
        var quote: Quote
        var reported: PartialDate?
        /// The people it names, as keys of ``people`` (the parties are those the articles name at all).
        var parties: [Int32]
    }

    /// An entry's place: its article's arrival and its place among the article's entries.
    private struct Place: Hashable {
        var article: Int
        var seq: Int
    }

    init(lexicon: Lexicon, focus: String?, table: ArticleTable = ArticleTable()) {
        self.lexicon = lexicon
        self.focus = focus
        self.table = table
        themeItems = Array(repeating: [], count: lexicon.themes.count)
        themeBest = Array(repeating: Least(BriefBuilder.limits.themeItems) { a, b in
            a.value.score != b.value.score ? a.value.score > b.value.score : a.id.precedesInBytes(b.id)
        }, count: lexicon.themes.count)
    }

    /// By date, then source, paragraph and text order.
    private static func chronological(_ a: Pending<TimelineItem>, _ b: Pending<TimelineItem>) -> Bool {
        if a.value.date != b.value.date { return a.value.date < b.value.date }
        if a.article != b.article { return a.id.precedesInBytes(b.id) }
        let (p, q) = (a.value.quote.citation.paragraph, b.value.quote.citation.paragraph)
        return p != q ? p < q : a.seq < b.seq
    }

    /// By date (undated last), then source and text order.
    private static func byMeetingDate(_ a: Pending<MeetingCandidate>, _ b: Pending<MeetingCandidate>) -> Bool {
        let (x, y) = (a.value.meeting.date, b.value.meeting.date)
        if x != y { return x == nil ? false : (y == nil ? true : x! < y!) }
        return Pending.inOrder(a, b)
    }

    /// The table row of the article added last.
    var lastRow: Int32? { rows.last }

    /// Adds an article; `row` is its row in ``table`` when another brief sharing the table has added it already.
    mutating func add(_ a: ArticleAnalysis, row: Int32? = nil) {
        let arrival = rows.count
        let id = a.article.id
        rows.append(row ?? table.add(a))
        let themeSet = table.themesOf[Int(rows[arrival])]
        span.add(a.article.date.value)
        func quote(_ sentence: Int) -> Quote {
            let s = a.sentence(sentence)
            return Quote(text: s.text, citation: Citation(source: arrival, paragraph: s.paragraph))
        }
        func mentionsFocus(_ sentence: Int) -> Bool {
            guard let focus else { return true }
            return a.sentence(sentence).countries.contains(focus)
        }

        for t in lexicon.themes.indices where a.themes[t].matched {
            let result = a.themes[t]
            guard let best = result.evidence.first else { continue }
            var terms: [String] = []
            for hit in result.hits where hit.weight > 0 && !terms.contains(hit.term) { terms.append(hit.term) }
            themeItems[t].append(Int32(arrival))
            themeBest[t].offer(Pending(id: id, article: arrival, seq: 0, value: .init(source: arrival, score: result.score, quote: quote(best), terms: terms)))
        }

        for presence in a.countries where presence.code != focus {
            // In place: one lookup, no copy of the set of themes.
            func count(_ n: inout (articles: Int, mentions: Int, themeSets: Set<Int32>)) {
                n.articles += 1
                n.mentions += presence.mentions
                n.themeSets.insert(themeSet)
            }
            count(&naming[presence.code, default: (0, 0, [])])
        }

        for (seq, f) in a.figures.enumerated() {
            let involvesFocus = focus.map { f.trade?.from == $0 || f.trade?.to == $0 } ?? true
            if involvesFocus || mentionsFocus(f.sentence) {
                figures.offer(Pending(id: id, article: arrival, seq: seq, value: FigureItem(figure: f, text: f.text, quote: quote(f.sentence))))
            }
            if involvesFocus, TradeLedger.counts(f) {
                tradeFigures.append(Pending(id: id, article: arrival, seq: seq, value: f))
                tradeParagraphs[SentenceKey(article: arrival, sentence: f.sentence)] = a.sentence(f.sentence).paragraph
            }
        }

        // An article has a few dates: they are told apart in a list, not a set of strings.
        var seen: [DateKey] = []
        var seq = 0
        for d in a.dates {
            guard let date = d.date, mentionsFocus(d.sentence) else { continue }
            let key = DateKey(sentence: d.sentence, date: date, end: d.end)
            guard !seen.contains(key) else { continue }
            seen.append(key)
            let entry = Pending(id: id, article: arrival, seq: seq, value: TimelineItem(date: date, end: d.end, basis: d.basis, text: d.text, quote: quote(d.sentence)))
            seq += 1
            timeline.offer(entry)
            guard focus != nil else { continue }
            var partners: [String] = []
            for code in a.sentence(d.sentence).countries where code != focus && !partners.contains(code) {
                partners.append(code)
                pairs[code, default: Least(BriefBuilder.limits.pairTimeline, by: Self.chronological)].offer(entry)
            }
        }

        for (seq, p) in a.people.enumerated() {
            let key = p.id ?? MatchKey.fold(p.name)
            let here = Pending(id: id, article: arrival, seq: seq, value: ())
            if var known = people[key] {
                known.mentions += 1
                if Pending.inOrder(here, known.first.with(())) {
                    known.first = Pending(id: id, article: arrival, seq: seq, value: item(p, quote(p.sentence).citation))
                }
                if let title = p.title, known.titled.map({ Pending.inOrder(here, $0.with(())) }) ?? true {
                    known.titled = here.with(title)
                }
                people[key] = known
            } else {
                people[key] = PersonState(first: here.with(item(p, quote(p.sentence).citation)), titled: p.title.map(here.with), mentions: 1)
            }
        }

        for (seq, m) in a.meetings.enumerated() {
            let parties = m.people.map { key in personKeys.number(lexicon.person(id: key) != nil ? key : MatchKey.fold(key)) }
            let entry = Pending(id: id, article: arrival, seq: seq, value: MeetingCandidate(meeting: m, quote: quote(m.sentence), reported: a.article.date.value, parties: parties))
            if let focus, !m.countries.contains(focus) {
                var distinct: [Int32] = []
                for k in parties where !distinct.contains(k) { distinct.append(k) }
                guard !distinct.isEmpty else { continue }
                meetingParties.append(distinct)
                for k in distinct { meetingsByPerson[k, default: Least(BriefBuilder.limits.meetings, by: Self.byMeetingDate)].offer(entry) }
            } else {
                meetingCount += 1
                meetings.offer(entry)
            }
        }
    }

    private func item(_ p: PersonMention, _ citation: Citation) -> PersonItem {
        let arabic = p.id.flatMap { lexicon.person(id: $0)?.nameArabic } ?? p.name
        return PersonItem(person: p, arabicName: arabic, citation: citation, mentions: 1)
    }

    /// The brief of the articles added. Sources are numbered in article-id order; past ``BriefBuilder/limits``
    /// `sources` articles, and unless `allSources`, only those cited (and the first report of each of their
    /// stories) are listed.
    func brief(_ kind: Brief.Kind, skipped: [CorpusError], allSources: Bool) -> Brief {
        let limits = BriefBuilder.limits
        let order = rows.indices.sorted { table.ids[Int(rows[$0])].precedesInBytes(table.ids[Int(rows[$1])]) }
        var number = [Int](repeating: 0, count: rows.count)
        for (rank, arrival) in order.enumerated() { number[arrival] = rank + 1 }
        func numbered(_ c: Citation) -> Citation { Citation(source: number[c.source], paragraph: c.paragraph) }
        func numbered(_ q: Quote) -> Quote { Quote(text: q.text, citation: numbered(q.citation)) }
        func numbered(_ t: TimelineItem) -> TimelineItem {
            var t = t
            t.quote = numbered(t.quote)
            return t
        }

        let story = StoryClusters.group(count: order.count) { table.signatures.signature(Int(rows[order[$0]])) }
        func source(_ number: Int) -> SourceEntry {
            let (rank, arrival) = (number - 1, order[number - 1])
            let row = Int(rows[arrival])
            return SourceEntry(number: number, article: table.descriptions.info(row), themes: table.themeSets[table.themesOf[row]], sameStoryAs: story[rank] != rank ? story[rank] + 1 : nil)
        }

        // Themes, in the lexicon's order: the best-scoring items in source order, and how many more.
        var themes: [ThemeSection] = []
        for (t, theme) in lexicon.themes.enumerated() {
            var items = themeBest[t].elements.map { p in
                var item = p.value
                item.source = number[p.article]
                item.quote = numbered(item.quote)
                return item
            }
            items.sort { $0.source < $1.source }
            var section = ThemeSection(theme: theme, items: items, previousCount: nil)
            section.stories = Set(themeItems[t].map { story[number[Int($0)] - 1] }).count
            section.outlets = Set(themeItems[t].map { a in
                let outlet = table.outletOf[Int(rows[Int(a)])]
                return outlet < 0 ? "#\(number[Int(a)])" : table.outlets[outlet]
            }).count
            section.omitted = themeItems[t].count - items.count
            themes.append(section)
        }

        // Countries: for a dossier, its partners and the themes of the articles naming both.
        var countryItems: [CountryItem] = []
        for country in lexicon.countries.countries where country.code != focus {
            guard let n = naming[country.code] else { continue }
            let themes = Set(n.themeSets.flatMap { table.themeSets[$0] })
            countryItems.append(CountryItem(country: country, articles: n.articles, mentions: n.mentions, themes: lexicon.themes.map(\.id).filter(themes.contains)))
        }
        countryItems.sort { ($0.articles, $0.mentions, $1.country.code) > ($1.articles, $1.mentions, $0.country.code) }

        var figureItems = figures.elements.map(\.value)
        for i in figureItems.indices { figureItems[i].quote = numbered(figureItems[i].quote) }
        let timelineItems = timeline.elements.map { numbered($0.value) }

        // Trade balances, each flow cited (its first figures).
        var arrivalOf: [String: Int] = [:]
        for f in tradeFigures where arrivalOf[f.id] == nil { arrivalOf[f.id] = f.article }
        let trade = TradeLedger.balances(tradeFigures.sorted(by: Pending.inOrder).lazy.map { ($0.id, $0.value) }).map { balance in
            func citations(_ refs: [TradeFigureRef]) -> [Citation] {
                refs.prefix(limits.tradeFigures).map { r in
                    let arrival = arrivalOf[r.article]!
                    return Citation(source: number[arrival], paragraph: tradeParagraphs[SentenceKey(article: arrival, sentence: r.sentence)]!)
                }
            }
            return TradeItem(balance: balance, firstToSecond: citations(balance.firstToSecond), secondToFirst: citations(balance.secondToFirst), totals: citations(balance.totals))
        }

        var brief = Brief(kind: kind, sources: [], excluded: [], themes: themes, countries: countryItems, figures: figureItems, trade: trade, timeline: timelineItems, skipped: skipped)
        if focus != nil {
            brief.pairTimelines = countryItems.compactMap { partner in
                guard let found = pairs[partner.country.code] else { return nil }
                let items = found.elements.map { numbered($0.value) }
                return (partner.country, items, found.offered - items.count)
            }
        }

        // People, each once, in order of first mention, with the first title given (a dossier's country's first).
        var resolved: [String: PersonItem] = [:]
        for (key, state) in people {
            var item = state.first.value
            item.citation = numbered(item.citation)
            item.person.title = state.titled?.value
            item.mentions = state.mentions
            resolved[key] = item
        }
        var personList = people.sorted { Pending.inOrder($0.value.first.with(()), $1.value.first.with(())) }.map { resolved[$0.key]! }
        if let focus {
            personList = personList.filter { $0.person.country == focus } + personList.filter { $0.person.country != focus }
        }
        let peopleCount = personList.count
        brief.people = Array(personList.prefix(limits.people))

        // Meetings, by date (undated last), then source and paragraph: those of the focus's countries, and those
        // of its people.
        let focusParties = Set((0..<Int32(personKeys.count)).filter { resolved[personKeys[$0]].map { $0.person.country == focus } ?? false })
        var candidates = meetings.elements
        var count = meetingCount
        if !focusParties.isEmpty {
            count += meetingParties.filter { $0.contains(where: focusParties.contains) }.count
            var taken = Set(candidates.map { Place(article: $0.article, seq: $0.seq) })
            for k in focusParties.sorted() {
                for m in meetingsByPerson[k]?.elements ?? [] where taken.insert(Place(article: m.article, seq: m.seq)).inserted {
                    candidates.append(m)
                }
            }
            candidates.sort(by: Self.byMeetingDate)
        }
        brief.meetings = candidates.prefix(limits.meetings).map { c in
            let parties = c.value.parties.compactMap { resolved[personKeys[$0]] }
            return MeetingItem(meeting: c.value.meeting, people: parties, quote: numbered(c.value.quote), reported: c.value.reported)
        }

        let dropped = [
            "figures": figures.offered - brief.figures.count, "timeline": timeline.offered - brief.timeline.count,
            "meetings": count - brief.meetings.count, "people": peopleCount - brief.people.count,
        ]
        brief.omitted = dropped.filter { $0.value > 0 }
        brief.sourceCount = rows.count
        brief.span = span
        if allSources || rows.count <= limits.sources {
            brief.sources = rows.indices.map { source($0 + 1) }
        } else {
            // The sources cited, and the first report of each of their stories.
            var listed = BriefBuilder.cited(by: brief)
            for n in listed where story[n - 1] != n - 1 { listed.insert(story[n - 1] + 1) }
            brief.sources = listed.sorted().map(source)
            brief.omitted["sources"] = rows.count - brief.sources.count
        }
        return brief
    }
}

extension Pending {
    /// The same place with another value.
    func with<T>(_ value: T) -> Pending<T> { Pending<T>(id: id, article: article, seq: seq, value: value) }
}

/// The dossiers of some countries gathered from articles one at a time, in any order: of each article that names
/// one of them it keeps what the dossiers can show (see ``BriefAccumulator``), not the article's findings, and an
/// article naming several of the countries once.
public final class DossierCollector {
    public let countries: [Country]
    private var gathered: [BriefAccumulator]

    public init(countries: [Country], lexicon: Lexicon) {
        self.countries = countries
        let table = ArticleTable()
        gathered = countries.map { BriefAccumulator(lexicon: lexicon, focus: $0.code, table: table) }
    }

    public convenience init(country: Country, lexicon: Lexicon) {
        self.init(countries: [country], lexicon: lexicon)
    }

    /// What the dossiers need of each article: the findings of one that names one of their countries, or whose
    /// countries its digest does not give (it was not analysed in full); nothing of the others, which a run from
    /// the cache then reads as digests only.
    public var skimming: Skimming {
        let codes = Set(countries.map(\.code))
        return Skimming(
            needs: { { d in d.countries.map { $0.contains(where: codes.contains) ? .findings : .date } ?? .findings } },
            take: { _ in })
    }

    public func add(_ a: ArticleAnalysis) {
        var row: Int32?
        for i in countries.indices where a.countries.contains(where: { $0.code == countries[i].code }) {
            gathered[i].add(a, row: row)
            row = row ?? gathered[i].lastRow
        }
    }

    /// The dossiers, in the order of ``countries``.
    public func briefs(skipped: [CorpusError] = [], allSources: Bool = false) -> [Brief] {
        countries.indices.map { gathered[$0].brief(.dossier(countries[$0]), skipped: skipped, allSources: allSources) }
    }

    /// The dossier of the first country.
    public func brief(skipped: [CorpusError] = [], allSources: Bool = false) -> Brief {
        gathered[0].brief(.dossier(countries[0]), skipped: skipped, allSources: allSources)
    }
}

/// What briefs keep of every article they cover, in compact form, shared by the briefs of one run (the dossiers
/// of several countries keep an article naming both once): its id; its description, encoded as the cache encodes
/// it (read back only for the sources listed); its outlet and themes, as numbers; its MinHash signature.
final class ArticleTable {
    private(set) var ids: [String] = []
    let descriptions = DescriptionStore()
    private(set) var outletOf: [Int32] = []
    private(set) var outlets = Interned<String>()
    private(set) var themesOf: [Int32] = []
    private(set) var themeSets = Interned<[String]>()
    let signatures = SignatureStore()

    /// Adds an article; returns its row.
    func add(_ a: ArticleAnalysis) -> Int32 {
        ids.append(a.article.id)
        descriptions.append(a.article)
        outletOf.append(a.article.source.value.map { outlets.number($0) } ?? -1)
        themesOf.append(themeSets.number(a.matchedThemes))
        signatures.append(a.signature)
        return Int32(ids.count - 1)
    }
}

/// Values numbered in the order first seen, each kept once.
struct Interned<Value: Hashable> {
    private var values: [Value] = []
    private var numbers: [Value: Int32] = [:]

    mutating func number(_ v: Value) -> Int32 {
        if let n = numbers[v] { return n }
        let n = Int32(values.count)
        values.append(v)
        numbers[v] = n
        return n
    }

    subscript(_ n: Int32) -> Value { values[Int(n)] }

    /// How many values are numbered (`0..<count`).
    var count: Int { values.count }
}

/// Descriptions of articles (``ArticleInfo``) encoded as the cache encodes them, in blocks that never move: some
/// hundred bytes an article, where the structure takes an allocation per string.
final class DescriptionStore {
    private static let blockSize = 1 << 20
    private var blocks: [UnsafeMutableRawBufferPointer] = []
    private var used = 0
    private var place: [(block: Int32, offset: Int32, count: Int32)] = []
    private var scratch = FindingsCoding.Writer()

    func append(_ info: ArticleInfo) {
        scratch.bytes.removeAll(keepingCapacity: true)
        info.write(to: &scratch)
        let n = scratch.bytes.count
        if blocks.isEmpty || used + n > blocks[blocks.count - 1].count {
            blocks.append(.allocate(byteCount: max(Self.blockSize, n), alignment: 8))
            used = 0
        }
        scratch.bytes.withUnsafeBytes { blocks[blocks.count - 1].baseAddress!.advanced(by: used).copyMemory(from: $0.baseAddress!, byteCount: n) }
        place.append((Int32(blocks.count - 1), Int32(used), Int32(n)))
        used += n
    }

    func info(_ i: Int) -> ArticleInfo {
        let p = place[i]
        var r = FindingsCoding.Reader(bytes: UnsafeRawBufferPointer(rebasing: blocks[Int(p.block)][Int(p.offset)..<Int(p.offset + p.count)]))
        // Written above from a description: it reads back.
        return try! ArticleInfo(from: &r)
    }

    deinit {
        for b in blocks { b.deallocate() }
    }
}
