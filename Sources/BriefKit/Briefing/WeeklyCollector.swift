/// A weekly brief gathered from articles one at a time, in any order: of the brief's week (the requested week, or
/// the latest seen so far) it keeps what the brief can show (see ``BriefAccumulator``), and of the other articles
/// what the brief says of them: the first left-out articles by id and how many there are, and articles per week and
/// theme for the activity chart. Memory holds no article's findings but the entries the brief quotes.
public final class WeeklyCollector {
    public let requested: ISOWeek?
    /// The latest week in which an article seen so far is dated to the day.
    public private(set) var latest: ISOWeek? {
        didSet { needs = Needs(requested: requested, latest: latest) }
    }
    /// What the brief needs of an article, as the weeks stand now.
    private var needs: Needs
    /// The brief's week so far (made with the first article's lexicon: a run's lexicon is loaded alongside the
    /// corpus listing, not before it).
    private var gathered: BriefAccumulator?
    /// The left-out articles with the smallest ids, in id order, and how many there are in all.
    private var excluded: [ExcludedArticle] = []
    private var excludedCount = 0
    private var activity: [ISOWeek: (articles: Int, themes: [Int])] = [:]

    public init(week: ISOWeek? = nil) {
        requested = week
        needs = Needs(requested: week, latest: nil)
    }

    /// Adds an article's findings, made with `lexicon` (the same for every article).
    public func add(_ a: ArticleAnalysis, lexicon: Lexicon) {
        guard let date = a.article.date.value else {
            exclude(ExcludedArticle(article: a.article, reason: .undated, themes: a.matchedThemes))
            return
        }
        guard let week = ISOWeek(containing: date) else {
            exclude(ExcludedArticle(article: a.article, reason: .coarseDate(date), themes: a.matchedThemes))
            return
        }
        count(week, matchedThemes: a.themes.matchedPositions)
        if latest == nil || week > latest! {
            latest = week
            if requested == nil { gathered = nil }
        }
        if week == (requested ?? latest) {
            if gathered == nil { gathered = BriefAccumulator(lexicon: lexicon, focus: nil) }
            gathered!.add(a)
        }
    }

    /// Counts an article of which only the digest was read: ``skimming`` asks for less than the findings only of
    /// articles dated to the day in a week that cannot be the brief's, which count in the activity history and
    /// nowhere else (and, when they cannot be in the history either, not even for their themes).
    public func add(_ d: ArticleDigest) {
        guard let date = d.date, let week = ISOWeek(containing: date), d.suffices(for: needs.need(date)) else {
            preconditionFailure("the findings of an article that the brief may need were skimmed")
        }
        count(week, matchedThemes: d.matchedThemes ?? [])
    }

    /// What the brief needs of each article: the findings of one that may be in its week (or any not dated to
    /// the day), the themes of one in the history's weeks before it, the date of the others. The brief's week is
    /// the requested one, or the latest seen so far or a later one.
    public var skimming: Skimming {
        Skimming(
            needs: { [unowned self] in
                // The weeks as they stand before the batch.
                let needs = self.needs
                return { d in d.date.map(needs.need) ?? .findings }
            },
            take: { [unowned self] d in add(d) })
    }

    /// The days that decide what the brief needs of an article, for a requested week or the latest seen so far.
    private struct Needs: Sendable {
        /// Day numbers (``PartialDate/dayNumber``): the Monday of the brief's week (or of the latest so far), the
        /// Monday of the history's first week, and the end of a requested week; none before any week is known.
        var monday: Int?
        var historyStart = 0
        var end = Int.max

        init(requested: ISOWeek?, latest: ISOWeek?) {
            guard let week = requested ?? latest, let m = week.monday.dayNumber else { return }
            monday = m
            historyStart = m - 7 * (BriefBuilder.historyWeeks - 1)
            if requested != nil { end = m + 7 }
        }

        func need(_ date: PartialDate) -> ArticleDigest.Need {
            guard let monday, date.precision == .day, let day = date.dayNumber else { return .findings }
            if day >= end { return .date }
            if day >= monday { return .findings }
            return day >= historyStart ? .themes : .date
        }
    }

    private func count(_ week: ISOWeek, matchedThemes: [Int]) {
        // In place (one lookup): a copy of the tally would copy its array of counts at every article.
        func add(_ tally: inout (articles: Int, themes: [Int])) {
            tally.articles += 1
            for t in matchedThemes {
                if t >= tally.themes.count { tally.themes += [Int](repeating: 0, count: t + 1 - tally.themes.count) }
                tally.themes[t] += 1
            }
        }
        add(&activity[week, default: (0, [])])
    }

    private func exclude(_ e: ExcludedArticle) {
        excludedCount += 1
        let limit = BriefBuilder.limits.excluded
        var low = 0
        var high = excluded.count
        while low < high {
            let mid = (low + high) / 2
            if excluded[mid].article.id.precedesInBytes(e.article.id) { low = mid + 1 } else { high = mid }
        }
        guard low < limit else { return }
        excluded.insert(e, at: low)
        if excluded.count > limit { excluded.removeLast() }
    }

    /// The brief of the requested week, or of the latest.
    ///
    /// - Throws: ``BriefBuilder/Error/noDatedArticles`` when no week was requested and no article is dated to the day.
    public func brief(lexicon: Lexicon, skipped: [CorpusError] = [], allSources: Bool = false) throws(BriefBuilder.Error) -> Brief {
        guard let week = requested ?? latest else { throw .noDatedArticles }
        var brief = (gathered ?? BriefAccumulator(lexicon: lexicon, focus: nil)).brief(.weekly(week), skipped: skipped, allSources: allSources)
        if excludedCount > excluded.count { brief.omitted["excluded"] = excludedCount - excluded.count }
        brief.excluded = excluded
        var weeks = [week]
        // Fewer weeks in the first weeks of the calendar (year 1), which have none before them.
        while weeks.count < BriefBuilder.historyWeeks, let previous = weeks[0].previous { weeks.insert(previous, at: 0) }
        brief.history = weeks.map { w in
            let tally = activity[w] ?? (0, [])
            return WeekActivity(week: w, articles: tally.articles, themes: lexicon.themes.indices.map { t in t < tally.themes.count ? tally.themes[t] : 0 })
        }
        let previous = brief.history.count >= 2 ? brief.history[brief.history.count - 2].themes : brief.themes.map { _ in 0 }
        for i in brief.themes.indices { brief.themes[i].previousCount = previous[i] }
        return brief
    }
}
