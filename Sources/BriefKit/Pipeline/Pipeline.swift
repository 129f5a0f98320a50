import Foundation

/// Any error of a run, as the command line shows it: one line, `path:line:col: error: message` where it has a place.
public enum BriefError: Error, CustomStringConvertible, Sendable {
    case corpus(CorpusError)
    case lexicon(Lexicon.Error)
    case template(TemplateSet.Error)
    case write(ReportWriter.Error)
    case analysis(AnalysisLines.Error)
    case noDatedArticles(corpus: String)
    /// A corpus folder without a single article file (with what it holds instead), or analysis input without a
    /// single line: a wrong path more likely than an empty week.
    case noArticles(corpus: String, found: CorpusLoader.NonArticles)
    case noFindings(source: String)
    case workspaceNotFound

    public var description: String {
        switch self {
        case .corpus(let e): return e.description
        case .lexicon(let e): return e.description
        case .template(let e): return e.description
        case .write(let e): return e.description
        case .analysis(let e): return e.description
        case .noDatedArticles(let corpus):
            return "\(corpus): error: no article has a date to the day, so there is no latest week; pass --week YYYY-Www or give dates in front matter"
        case .noArticles, .noFindings:
            return absence(severity: "error")!
        case .workspaceNotFound:
            return "error: cannot find the project folders (seeds, lexicons, templates); run inside the checkout or set BRIEF_HOME"
        }
    }

    /// ``noArticles`` and ``noFindings`` as a line of the given severity (`brief analyze` warns of them, as an empty
    /// shard is a shard); nil for the other errors.
    public func absence(severity: String) -> String? {
        switch self {
        case .noArticles(let corpus, let found):
            var parts: [String] = []
            if found.files > 0 {
                let more = found.extensions.count == 5 ? ", ..." : ""
                parts.append("\(found.files) other \(found.files == 1 ? "file" : "files") (\(found.extensions.joined(separator: ", "))\(more))")
            }
            if found.reports > 0 { parts.append("\(found.reports) \(found.reports == 1 ? "report" : "reports") brief wrote") }
            let what = parts.isEmpty ? "it has no other files either" : "it holds " + parts.joined(separator: " and ")
            return "\(corpus): \(severity): no articles: brief reads .txt and .md files in the folder and its subfolders, and found none; \(what)"
        case .noFindings(let source):
            return "\(source): \(severity): no findings: the analysis input has no lines (is it the output of brief analyze?)"
        default:
            return nil
        }
    }
}

/// The stages of a run, one way: corpus -> analysis -> brief -> rendered reports -> files.
public struct Pipeline: Sendable {
    public let lexicon: Lexicon
    public let templates: TemplateSet
    /// Where the findings came from: the corpus folder, or the analysis files read.
    public let source: String
    /// The findings of every article read, in article-id order for merged analyses, file order for a corpus.
    public let analyses: [ArticleAnalysis]
    /// Files that could not be read as articles; every brief lists them.
    public let problems: [CorpusError]
    public let statistics: RunStatistics
    /// Articles read, whether kept in ``analyses`` or handed to a sink.
    public let articleCount: Int
    /// The findings pack of the corpus in the cache folder (see ``FindingsCache``): the one the run read and wrote,
    /// or, when it could not open it (another run held it), the one it would have; nil without a cache.
    public let cachePath: String?

    /// Loads the lexicon (unless given) and the templates, and analyses every article of the corpus folder.
    ///
    /// - Parameters:
    ///   - jobs: how many articles are analysed at once; the result is the same for any number.
    ///   - cache: the cache of findings from earlier runs, if any; the result is the same with or without it.
    ///   - progress: called after each batch of articles.
    ///   - sink: if given, receives each article's findings (with the lexicon they were made with), in file order,
    ///     instead of ``analyses``: the caller keeps what it needs (a weekly brief, what it shows of one week), so that memory
    ///     does not grow with the corpus.
    ///   - skimming: with a sink, lets it take, instead of the findings, the digest of an article of which it needs
    ///     less (see ``Skimming``): such an article is analysed (or read from the cache) only as far as needed.
    ///   - lexicon: the lexicon of `lexicons`, when the caller has loaded it already (to check its arguments
    ///     against it before a long run).
    ///   - rendering: the templates the caller will render (see ``ReportRenderer/templates(_:languages:formats:)``),
    ///     parsed before the run, so that an error in one stops the run before it starts; nil parses them all. The
    ///     others are parsed if they are rendered.
    ///   - survey: the corpus folder's listing and `stat`s, when the caller has taken them already (see
    ///     ``ReportMemo``); they must be of `corpus`.
    public init(
        corpus: String, lexicons: String, templates: String, rendering: [String]? = nil, jobs: Int = 1, cacheDirectory: String? = nil,
        warn: (String) -> Void = { _ in }, progress: (@Sendable (RunProgress) -> Void)? = nil,
        sink: ((ArticleAnalysis, Lexicon) -> Void)? = nil, skimming: Skimming? = nil, lexicon loaded: Lexicon? = nil, survey: CorpusSurvey? = nil
    ) throws(BriefError) {
        // The corpus folder is listed (and the cache opened) while the lexicon and templates load.
        nonisolated(unsafe) var listing: Result<CorpusLoader.Listing, CorpusError>! = survey.map { .success($0.listing) }
        nonisolated(unsafe) var opened: Result<FindingsCache, FindingsCache.Error>?
        let (lexicon, templates) = try Self.load(lexicons: lexicons, loaded: loaded, templates: templates, rendering: rendering) { lexicon in
            if let cacheDirectory {
                opened = Result { () throws(FindingsCache.Error) in try FindingsCache(directory: cacheDirectory, corpus: corpus, lexicon: lexicon) }
            }
        } alongside: {
            if listing == nil { listing = Result { () throws(CorpusError) in try CorpusLoader.listing(corpus) } }
        }
        self.lexicon = lexicon
        self.templates = templates
        var cache: FindingsCache?
        switch opened {
        case .success(let c):
            cache = c
            if c.discardedBytes > 0 { warn("\(c.path): warning: cut off \(c.discardedBytes) bytes of a torn or corrupt record (an interrupted run?); those articles are analysed again") }
        case .failure(let error): warn(error.description)
        case nil: break
        }
        var kept: [ArticleAnalysis] = []
        var count = 0
        var skimming = sink == nil ? nil : skimming
        if let take = skimming?.take {
            skimming?.take = { d in
                count += 1
                take(d)
            }
        }
        do {
            (problems, statistics) = try CorpusAnalysis.run(directory: corpus, listing: listing.get(), examined: survey?.examined, lexicon: lexicon, jobs: jobs, cache: cache, progress: progress, skimming: skimming) { a in
                count += 1
                if let sink { sink(a, lexicon) } else { kept.append(a) }
            }
        } catch { throw .corpus(error) }
        if let cache, let failure = cache.writeFailure {
            warn("\(cache.path): warning: cannot add to the cache (\(String(cString: strerror(failure)))); the findings of this run's new articles are not kept")
        }
        analyses = kept
        articleCount = count
        source = corpus
        cachePath = cache?.path ?? cacheDirectory.map { FindingsCache.path(directory: $0, corpus: corpus, lexicon: lexicon) }
    }

    /// Loads the lexicon and the templates, and reads findings that `brief analyze` wrote (the reduce step: the
    /// lines of any number of shards, concatenated in any order, give the reports of the whole corpus).
    public init(
        analysis files: [String], lexicons: String, templates: String, rendering: [String]? = nil, jobs: Int = 1,
        sink: ((ArticleAnalysis, Lexicon) -> Void)? = nil, lexicon loaded: Lexicon? = nil
    ) throws(BriefError) {
        let (lexicon, templates) = try Self.load(lexicons: lexicons, loaded: loaded, templates: templates, rendering: rendering)
        self.lexicon = lexicon
        self.templates = templates
        var kept: [ArticleAnalysis] = []
        var count = 0
        do {
            problems = try AnalysisLines.read(files, lexicon: lexicon, jobs: jobs) { a in
                count += 1
                if let sink { sink(a, lexicon) } else { kept.append(a) }
            }
        } catch { throw .analysis(error) }
        kept.sort { $0.article.id.precedesInBytes($1.article.id) }
        analyses = kept
        articleCount = count
        statistics = RunStatistics()
        source = files.joined(separator: ", ")
        cachePath = nil
    }

    /// The lexicon and the templates, loaded at once on two threads (each takes some milliseconds: a run from the
    /// cache is not much longer than that); a lexicon error is reported before a template error, as when loaded in
    /// turn. `then` runs after the lexicon loads, on its thread; `alongside` after the templates, on theirs.
    private static func load(
        lexicons: String, loaded: Lexicon? = nil, templates: String, rendering: [String]?, then: (Lexicon) -> Void = { _ in },
        alongside: () -> Void = {}
    ) throws(BriefError) -> (Lexicon, TemplateSet) {
        var lexicon: Result<Lexicon, Lexicon.Error>!
        var set: Result<TemplateSet, TemplateSet.Error>!
        concurrently(
            {
                lexicon = Result { () throws(Lexicon.Error) in
                    if let loaded { return loaded }
                    return try Lexicon.load(directory: lexicons)
                }
                if case .success(let l) = lexicon { then(l) }
            },
            {
                set = Result { () throws(TemplateSet.Error) in try TemplateSet.load(directory: templates, parsing: rendering) }
                alongside()
            })
        switch (lexicon!, set!) {
        case (.failure(let e), _): throw .lexicon(e)
        case (_, .failure(let e)): throw .template(e)
        case (.success(let l), .success(let t)): return (l, t)
        }
    }

    public var builder: BriefBuilder { BriefBuilder(lexicon: lexicon, analyses: analyses, skipped: problems) }

    public var renderer: ReportRenderer { ReportRenderer(templates: templates, lexicon: lexicon) }

    public func renderer(digits: DigitStyle) -> ReportRenderer { ReportRenderer(templates: templates, lexicon: lexicon, digits: digits) }

    /// The weekly brief of `week`, or of the latest week with a dated article.
    public func weekly(_ week: ISOWeek?) throws(BriefError) -> Brief {
        let builder = self.builder
        if let week { return builder.weekly(week) }
        do {
            return builder.weekly(try builder.latestWeek())
        } catch {
            throw .noDatedArticles(corpus: source)
        }
    }

    /// Renders briefs in each of `languages` and `formats`.
    public func render(_ briefs: [Brief], languages: [Language], formats: [ReportFormat], digits: DigitStyle = .western) throws(BriefError) -> [RenderedReport] {
        var reports: [RenderedReport] = []
        for brief in briefs {
            do {
                reports += try renderer(digits: digits).render(brief, languages: languages, formats: formats)
            } catch { throw .template(error) }
        }
        return reports
    }

    /// Writes rendered reports to `directory` (see ``ReportWriter/write(_:to:)``), given their hashes if the caller has
    /// them (``ReportWriter/contentHashes(_:)``); returns the paths written.
    public static func write(_ reports: [RenderedReport], to directory: String, hashes: [String]? = nil) throws(BriefError) -> [String] {
        do {
            return try ReportWriter.write(reports, to: directory, hashes: hashes ?? ReportWriter.contentHashes(reports))
        } catch { throw .write(error) }
    }

    /// Renders briefs and writes them to `directory`; returns the paths written.
    public func write(_ briefs: [Brief], to directory: String, languages: [Language], formats: [ReportFormat], digits: DigitStyle = .western) throws(BriefError) -> [String] {
        try Self.write(render(briefs, languages: languages, formats: formats, digits: digits), to: directory)
    }
}
