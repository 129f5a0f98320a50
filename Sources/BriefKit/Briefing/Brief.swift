/// Where a statement of a brief comes from: a numbered source of the brief and a paragraph of it.
public struct Citation: Hashable, Sendable {
    /// 1-based number of the source in the brief's source list (`S1`).
    public var source: Int
    /// ``Paragraph/number`` in the article.
    public var paragraph: Int
}

/// A sentence quoted as written, with its citation.
public struct Quote: Hashable, Sendable {
    public var text: String
    public var citation: Citation
}

/// An article as a brief lists it among its sources.
public struct SourceEntry: Hashable, Sendable {
    public var number: Int
    public var article: ArticleInfo
    public var themes: [String]
    /// The number of the first source that reports the same story, when this one is a near-duplicate of it.
    public var sameStoryAs: Int?
}

/// An article of the corpus that a brief leaves out, and why.
public struct ExcludedArticle: Hashable, Sendable {
    public enum Reason: Hashable, Sendable {
        /// No date was given or found.
        case undated
        /// The date is known to a month or a year only, too coarse to place in a week.
        case coarseDate(PartialDate)
    }

    public var article: ArticleInfo
    public var reason: Reason
    public var themes: [String]
}

/// One theme across the brief's articles.
public struct ThemeSection: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        public var source: Int
        public var score: Int
        /// The sentence that carries the theme best.
        public var quote: Quote
        /// The terms that matched, in order of first appearance, each once.
        public var terms: [String]
    }

    public var theme: ThemeDefinition
    public var items: [Item]
    /// Distinct stories among the items (near-duplicates count once) and distinct sources (outlets, or articles
    /// whose outlet is unknown).
    public var stories: Int = 0
    public var outlets: Int = 0
    /// Articles on the theme beyond those quoted (the best-scoring are quoted first).
    public var omitted: Int = 0
    /// Articles on this theme in the week before (weekly briefs only).
    public var previousCount: Int?

    /// Articles on the theme: those quoted and the others.
    public var articles: Int { items.count + omitted }
}

public struct FigureItem: Hashable, Sendable {
    public var figure: MoneyFigure
    /// The figure's words as written.
    public var text: String
    public var quote: Quote
}

public struct TimelineItem: Hashable, Sendable {
    public var date: PartialDate
    public var end: PartialDate?
    public var basis: DateMention.Basis
    /// The date's words as written.
    public var text: String
    public var quote: Quote
}

public struct CountryItem: Hashable, Sendable {
    public var country: Country
    /// Articles of the brief that name it.
    public var articles: Int
    public var mentions: Int
    /// Themes of the articles that name it (for dossiers: those naming both countries).
    public var themes: [String]
}

public struct TradeItem: Hashable, Sendable {
    public var balance: TradeBalance
    public var firstToSecond: [Citation]
    public var secondToFirst: [Citation]
    public var totals: [Citation]
}

/// Articles per theme in one week (for charts of activity over recent weeks).
public struct WeekActivity: Hashable, Sendable {
    public var week: ISOWeek
    /// Articles dated in the week.
    public var articles: Int
    /// Articles per theme, in the lexicon's order.
    public var themes: [Int]
}

/// A person of the brief, with the title the text gives them and where it says so.
public struct PersonItem: Hashable, Sendable {
    public var person: PersonMention
    /// The registry's Arabic name, or the name as written.
    public var arabicName: String
    public var citation: Citation
    /// How many times the brief's articles name them.
    public var mentions: Int
}

public struct MeetingItem: Hashable, Sendable {
    public var meeting: Meeting
    /// Participants by display key: registry ids and names as written (people), then ISO codes (countries).
    public var people: [PersonItem]
    public var quote: Quote
    /// The article's own date, for meetings whose sentence gives none.
    public var reported: PartialDate?
}

/// The dates of a brief's articles, listed among its sources or not.
public struct SourceSpan: Hashable, Sendable {
    public var first: PartialDate?
    public var last: PartialDate?
    public var undated = 0

    public init<S: Sequence>(_ dates: S) where S.Element == PartialDate? {
        for d in dates { add(d) }
    }

    public mutating func add(_ date: PartialDate?) {
        guard let date else {
            undated += 1
            return
        }
        if first == nil || date < first! { first = date }
        if last == nil || last! < date { last = date }
    }
}

/// What a brief says, with provenance: the language-neutral model that templates render.
public struct Brief: Sendable {
    public enum Kind: Hashable, Sendable {
        case weekly(ISOWeek)
        case dossier(Country)
    }

    public var kind: Kind
    /// The sources the brief lists: all of its articles, or, past ``BriefBuilder/limits`` `sources`, those it
    /// cites and the first report of each of their stories (see ``sourceCount``).
    public var sources: [SourceEntry]
    /// How many articles the brief covers, listed among ``sources`` or not.
    public var sourceCount = 0
    /// The dates of all the brief's articles.
    public var span = SourceSpan([])
    public var excluded: [ExcludedArticle]
    public var themes: [ThemeSection]
    public var countries: [CountryItem]
    public var figures: [FigureItem]
    public var trade: [TradeItem]
    public var timeline: [TimelineItem]
    /// The brief's week and the weeks before it, oldest first (weekly briefs only).
    public var history: [WeekActivity] = []
    /// People named in the brief's articles (for a dossier: of the country first), each once.
    public var people: [PersonItem] = []
    /// For a dossier: the dated events of sentences that name the country together with each partner.
    public var pairTimelines: [(partner: Country, items: [TimelineItem], omitted: Int)] = []
    /// Meetings, visits, calls and agreements (for a dossier: those involving the country), by date.
    public var meetings: [MeetingItem] = []
    /// How many entries each long list left out (`figures`, `timeline`, `meetings`, `people`, `excluded`,
    /// `sources`): a brief shows the first ones and says how many more its articles hold.
    public var omitted: [String: Int] = [:]
    /// Files of the corpus that could not be read: every brief says what it could not see.
    public var skipped: [CorpusError] = []

    /// Articles left out of a weekly brief: those listed in ``excluded`` and the others.
    public var excludedCount: Int { excluded.count + (omitted["excluded"] ?? 0) }
}
