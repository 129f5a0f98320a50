/// The little of an article's findings that decides whether a consumer needs the rest: its date and the themes it
/// matched. A cached run reads the digest first and the findings only when they are needed.
public struct ArticleDigest: Sendable, Equatable {
    /// The article's date (``ArticleInfo/date``).
    public var date: PartialDate?
    /// Positions, in the lexicon's order, of the themes the article matched.
    public var matchedThemes: [Int]

    public init(date: PartialDate?, matchedThemes: [Int]) {
        self.date = date
        self.matchedThemes = matchedThemes
    }

    public init(_ a: ArticleAnalysis) {
        self.init(date: a.article.date.value, matchedThemes: a.themes.indices.filter { a.themes[$0].matched })
    }
}

/// How a consumer that needs the whole findings of some articles only takes the others as digests.
public struct Skimming {
    /// Asked before each batch of articles: a test of an article's digest, true when its findings are needed in
    /// full. The test runs on worker threads; what it captures is fixed for the batch.
    public var needs: () -> @Sendable (ArticleDigest) -> Bool
    /// Receives, in file order with the whole findings of the others, the digest of each article the test passed
    /// over.
    public var take: (ArticleDigest) -> Void

    public init(needs: @escaping () -> @Sendable (ArticleDigest) -> Bool, take: @escaping (ArticleDigest) -> Void) {
        self.needs = needs
        self.take = take
    }
}
