/// Any error of a run, as the command line shows it: one line, `path:line:col: error: message` where it has a place.
public enum BriefError: Error, CustomStringConvertible, Sendable {
    case corpus(CorpusError)
    case lexicon(Lexicon.Error)
    case template(TemplateSet.Error)
    case write(ReportWriter.Error)
    case noDatedArticles(corpus: String)
    case workspaceNotFound

    public var description: String {
        switch self {
        case .corpus(let e): return e.description
        case .lexicon(let e): return e.description
        case .template(let e): return e.description
        case .write(let e): return e.description
        case .noDatedArticles(let corpus):
            return "\(corpus): error: no article has a date to the day, so there is no latest week; pass --week YYYY-Www or give dates in front matter"
        case .workspaceNotFound:
            return "error: cannot find the project folders (seeds, lexicons, templates); run inside the checkout or set BRIEF_HOME"
        }
    }
}

/// The stages of a run, one way: corpus -> analysis -> brief -> rendered reports -> files.
public struct Pipeline: Sendable {
    public let lexicon: Lexicon
    public let templates: TemplateSet
    public let corpus: Corpus
    public let analyses: [ArticleAnalysis]

    /// Loads the lexicon, the templates and the corpus, and analyses every article.
    ///
    /// - Parameter jobs: how many articles are analysed at once; the result is the same for any number.
    public init(corpus: String, lexicons: String, templates: String, jobs: Int = 1) throws(BriefError) {
        do {
            lexicon = try Lexicon.load(directory: lexicons)
        } catch { throw .lexicon(error) }
        do {
            self.templates = try TemplateSet.load(directory: templates)
        } catch { throw .template(error) }
        do {
            self.corpus = try CorpusLoader.load(directory: corpus)
        } catch { throw .corpus(error) }
        analyses = Analyzer(lexicon: lexicon).analyze(self.corpus.articles, jobs: jobs)
    }

    public var builder: BriefBuilder { BriefBuilder(lexicon: lexicon, analyses: analyses, skipped: corpus.problems) }

    public var renderer: ReportRenderer { ReportRenderer(templates: templates, lexicon: lexicon) }

    public func renderer(digits: DigitStyle) -> ReportRenderer { ReportRenderer(templates: templates, lexicon: lexicon, digits: digits) }

    /// The weekly brief of `week`, or of the latest week with a dated article.
    public func weekly(_ week: ISOWeek?) throws(BriefError) -> Brief {
        let builder = self.builder
        if let week { return builder.weekly(week) }
        do {
            return builder.weekly(try builder.latestWeek())
        } catch {
            throw .noDatedArticles(corpus: corpus.directory)
        }
    }

    /// Renders briefs and writes them to `directory`; returns the paths written.
    public func write(_ briefs: [Brief], to directory: String, languages: [Language], formats: [ReportFormat], digits: DigitStyle = .western) throws(BriefError) -> [String] {
        var reports: [RenderedReport] = []
        for brief in briefs {
            do {
                reports += try renderer(digits: digits).render(brief, languages: languages, formats: formats)
            } catch { throw .template(error) }
        }
        do {
            return try ReportWriter.write(reports, to: directory)
        } catch { throw .write(error) }
    }
}
