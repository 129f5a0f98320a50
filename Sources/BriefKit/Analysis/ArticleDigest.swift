/// The little of an article's findings that decides whether a consumer needs the rest: its date, the themes it
/// matched and the countries it names. A run reads the digest first, and analyses an article or reads its findings
/// only when they are needed.
public struct ArticleDigest: Sendable, Equatable {
    /// The article's date (``ArticleInfo/date``).
    public var date: PartialDate?
    /// Positions, in the lexicon's order, of the themes the article matched; `nil` when it was not analysed.
    public var matchedThemes: [Int]?
    /// Codes of the countries the article names (``CountryPresence/code``, in the findings' order); `nil` when it
    /// was not analysed in full.
    public var countries: [String]?

    public init(date: PartialDate?, matchedThemes: [Int]?, countries: [String]? = nil) {
        self.date = date
        self.matchedThemes = matchedThemes
        self.countries = countries
    }

    public init(_ a: ArticleAnalysis) {
        self.init(date: a.article.date.value, matchedThemes: a.themes.matchedPositions, countries: a.countries.map(\.code))
    }

    /// How much of an article a consumer needs, judged by its digest.
    public enum Need: Comparable, Sendable {
        /// Its date: the article need not be analysed (or the consumer needs nothing of it, as a dossier of an
        /// article that names none of its countries).
        case date
        /// Its date and the themes it matched.
        case themes
        /// All its findings.
        case findings
    }

    /// Whether this digest is all a consumer that needs `need` needs.
    public func suffices(for need: Need) -> Bool {
        need == .date || (need == .themes && matchedThemes != nil)
    }
}

/// How a consumer that needs the whole findings of some articles only takes the others as digests.
public struct Skimming {
    /// Asked before each batch of articles: how much the consumer needs of an article with a given digest. The
    /// test runs on worker threads; what it captures is fixed for the batch.
    public var needs: () -> @Sendable (ArticleDigest) -> ArticleDigest.Need
    /// Receives, in file order with the whole findings of the others, the digest of each article of which the
    /// test asked for less than its findings.
    public var take: (ArticleDigest) -> Void

    public init(needs: @escaping () -> @Sendable (ArticleDigest) -> ArticleDigest.Need, take: @escaping (ArticleDigest) -> Void) {
        self.needs = needs
        self.take = take
    }
}
