/// Selects the articles of a brief and gathers what they say, each statement with its citation.
public struct BriefBuilder: Sendable {
    public let lexicon: Lexicon
    /// All analysed articles of the corpus, in any order: a brief numbers its sources by article id.
    public let analyses: [ArticleAnalysis]
    /// Files of the corpus that could not be read, listed in every brief.
    public let skipped: [CorpusError]

    public enum Error: Swift.Error, Hashable, Sendable {
        /// No article has a date precise to the day, so no week can be chosen by default.
        case noDatedArticles
    }

    /// The most entries a list of a brief shows; the rest are counted. `sources`: past this many articles, a brief
    /// lists the sources it cites (and the first report of each of their stories), not every one, unless
    /// ``allSources``. `tradeFigures`: the figures of each trade flow shown, with their citations.
    public static let limits = (themeItems: 12, figures: 40, timeline: 80, meetings: 40, people: 60, excluded: 40, pairTimeline: 30, sources: 200, tradeFigures: 12)

    /// Whether a brief lists every article among its sources, however many there are.
    public var allSources = false

    /// How many weeks, ending with the brief's, the activity history covers.
    public static let historyWeeks = 8

    public init(lexicon: Lexicon, analyses: [ArticleAnalysis], skipped: [CorpusError] = [], allSources: Bool = false) {
        self.lexicon = lexicon
        self.skipped = skipped
        self.allSources = allSources
        self.analyses = analyses
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
        for k in analyses.indices { collector.add(analyses[k], lexicon: lexicon) }
        // The week is given, so there is always one.
        return try! collector.brief(lexicon: lexicon, skipped: skipped, allSources: allSources)
    }

    /// The dossier of one country: every article that names it, whatever its date.
    public func dossier(_ country: Country) -> Brief {
        let collector = DossierCollector(country: country, lexicon: lexicon)
        for k in analyses.indices { collector.add(analyses[k]) }
        return collector.brief(skipped: skipped, allSources: allSources)
    }

    /// The numbers of the sources that a brief's entries cite.
    static func cited(by brief: Brief) -> Set<Int> {
        var cited: Set<Int> = []
        for t in brief.themes { for item in t.items { cited.insert(item.quote.citation.source) } }
        for f in brief.figures { cited.insert(f.quote.citation.source) }
        for t in brief.timeline { cited.insert(t.quote.citation.source) }
        for pair in brief.pairTimelines { for t in pair.items { cited.insert(t.quote.citation.source) } }
        for t in brief.trade { for c in t.firstToSecond + t.secondToFirst + t.totals { cited.insert(c.source) } }
        for p in brief.people { cited.insert(p.citation.source) }
        for m in brief.meetings { cited.insert(m.quote.citation.source) }
        return cited
    }
}
