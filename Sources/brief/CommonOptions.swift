import ArgumentParser
import BriefKit
import Foundation

enum LanguageChoice: String, ExpressibleByArgument, CaseIterable {
    case ar, en, both
    var languages: [Language] { self == .both ? Language.allCases : [Language(rawValue: rawValue)!] }
}

extension DigitStyle: ExpressibleByArgument {}

enum FormatChoice: String, ExpressibleByArgument, CaseIterable {
    case md, html, all
    var formats: [ReportFormat] { self == .all ? ReportFormat.allCases : [ReportFormat(rawValue: rawValue)!] }
}

/// Options shared by every subcommand.
struct CommonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder of articles (.txt, .md; UTF-8, optional YAML front matter).", discussion: "Default: the project's seeds/.", valueName: "dir"))
    var corpus: String?

    @Option(help: ArgumentHelp("Folder of theme, country and entity data (themes.yaml, countries.yaml, entities.yaml).", discussion: "Default: the project's lexicons/.", valueName: "dir"))
    var lexicons: String?

    @Option(help: ArgumentHelp("Folder of Mustache templates and style.css.", discussion: "Default: the project's templates/.", valueName: "dir"))
    var templates: String?

    @Flag(name: .shortAndLong, help: "Print nothing on stderr but errors.")
    var quiet = false

    @Option(help: "Articles analysed at once (the output is the same for any number). Default: the number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("analysis"), parsing: .upToNextOption, help: ArgumentHelp(
        "Read findings that brief analyze wrote instead of a corpus: one or more files (- for stdin), up to the next option.",
        discussion: "The reduce step of a sharded run: the JSON Lines of any number of shards, in any order, give the reports of the whole corpus.",
        valueName: "file.jsonl"))
    var analysisFiles: [String] = []

    @Option(help: ArgumentHelp("Folder of cached findings, and of the reports and folder listings of the last runs.", discussion: "Default: $BRIEF_CACHE, else $XDG_CACHE_HOME/brief, else ~/.cache/brief.", valueName: "dir"))
    var cache: String?

    @Flag(help: "Read and write no cache: analyse every article (and make the reports) anew.")
    var noCache = false

    func validate() throws {
        if !analysisFiles.isEmpty && corpus != nil {
            throw ValidationError("give either --corpus or --analysis, not both")
        }
        if jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
    }

    /// Lets go of the cache files no run has used for a month, once a day (see ``CacheFolder``).
    func trimCache() {
        guard !noCache, analysisFiles.isEmpty else { return }
        if let folder = cache ?? FindingsCache.defaultDirectory() { CacheFolder.trim(folder) }
    }

    /// The project folders, or `nil` when the options name every folder a run needs.
    func workspace() throws -> Workspace? {
        if corpus != nil || !analysisFiles.isEmpty, lexicons != nil, templates != nil { return nil }
        guard let ws = Workspace.locate() else { throw CleanExit.message(BriefError.workspaceNotFound.description) }
        return ws
    }

    /// Loads and analyses the corpus, or reads the analysis files; with a sink, hands it the findings instead of
    /// keeping them (and with `skimming`, from a corpus and its cache, only the findings it needs).
    /// `rendering` names the templates the command renders (none for `brief analyze`): those are parsed before the
    /// run, the others not at all.
    /// `memo`, when given, is the memo the command looked in: the run reads the corpus as it surveyed it.
    func pipeline(
        rendering: [String], skimming: Skimming? = nil, lexicon: Lexicon? = nil, memo: ReportMemo? = nil, requireArticles: Bool = true,
        sink: ((ArticleAnalysis, Lexicon) -> Void)? = nil
    ) throws -> Pipeline {
        let pipeline = try makePipeline(rendering: rendering, skimming: skimming, lexicon: lexicon, survey: memo?.survey, sink: sink)
        // Reports of nothing are not written: a corpus with no article file (a mistyped folder, a folder of Word
        // files) is an error, where one whose files could not be read is not (its reports list them).
        if pipeline.articleCount == 0, pipeline.problems.allSatisfy(\.isMetadataProblem) {
            let error: BriefError = analysisFiles.isEmpty
                ? .noArticles(corpus: pipeline.source, found: CorpusLoader.nonArticles(in: pipeline.source)) : .noFindings(source: pipeline.source)
            if requireArticles { throw Failure(error.description) }
            if !quiet { printError(error.absence(severity: "warning")!) }
        }
        // The findings live until the process ends: freeing a corpus's worth of them one by one at exit is time
        // spent on nothing.
        lastPipeline = pipeline
        return pipeline
    }

    /// The lexicon alone, to check arguments against before a run (which then takes it as loaded).
    func lexicon() throws -> Lexicon { try readLexicons(Lexicon.load(directory:)) }

    /// The lexicon's countries alone (see ``Lexicon/countries(directory:)``).
    func countries() throws -> CountryRegistry { try readLexicons(Lexicon.countries(directory:)) }

    /// What `read` makes of the lexicon folder; its error as the command line says it.
    private func readLexicons<T>(_ read: (String) throws(Lexicon.Error) -> T) throws -> T {
        let ws = try workspace()
        do {
            return try read(lexicons ?? ws!.lexicons)
        } catch {
            throw Failure(BriefError.lexicon(error).description)
        }
    }

    /// The reports a run with the same `request` kept of the corpus, with the fingerprint of its inputs as they are
    /// now (see ``ReportMemo``); nil without the cache, from analysis files, or when the corpus cannot be surveyed
    /// (the run then says why).
    func memo(request: [String]) throws -> ReportMemo? {
        guard !noCache, analysisFiles.isEmpty, let folder = cache ?? FindingsCache.defaultDirectory() else { return nil }
        let ws = try workspace()
        return try? ReportMemo(
            cacheDirectory: folder, corpus: corpus ?? ws!.seeds, lexicons: lexicons ?? ws!.lexicons,
            templates: templates ?? ws!.templates, request: request, jobs: jobs)
    }

    private func makePipeline(
        rendering: [String], skimming: Skimming?, lexicon: Lexicon?, survey: CorpusSurvey?, sink: ((ArticleAnalysis, Lexicon) -> Void)?
    ) throws -> Pipeline {
        let ws = try workspace()
        let lexicons = lexicons ?? ws!.lexicons
        let templates = templates ?? ws!.templates
        do {
            if !analysisFiles.isEmpty {
                return try Pipeline(analysis: analysisFiles, lexicons: lexicons, templates: templates, rendering: rendering, jobs: jobs, sink: sink, lexicon: lexicon)
            }
            let display = quiet ? nil : ProgressDisplay.onTerminal()
            defer { display?.finish() }
            var progress: (@Sendable (RunProgress) -> Void)?
            if let display { progress = { @Sendable p in display.update(p) } }
            let quiet = self.quiet
            let cacheFolder = noCache ? nil : (cache ?? FindingsCache.defaultDirectory())
            if !noCache, cacheFolder == nil, !quiet {
                printError("warning: no home folder (HOME is unset and the user has no entry in the password database); running without the cache; pass --cache DIR to keep one")
            }
            return try Pipeline(
                corpus: corpus ?? ws!.seeds, lexicons: lexicons, templates: templates, rendering: rendering, jobs: jobs,
                cacheDirectory: cacheFolder,
                warn: { if !quiet { printError($0) } }, progress: progress, sink: sink, skimming: skimming, lexicon: lexicon, survey: survey)
        } catch {
            throw Failure(error.description, code: error.isUsage ? .validationFailure : .failure)
        }
    }

    /// Prints the corpus problems, one line each.
    func report(_ problems: [CorpusError]) {
        for p in problems { printError(p.description) }
    }
}

/// Options of the commands that write reports.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder to write reports to.", discussion: "Default: the project's reports/ for the seed corpus, ./reports for any other corpus.", valueName: "dir"))
    var out: String?

    @Option(help: "Languages to write: ar, en or both.")
    var lang: LanguageChoice = .both

    @Option(help: "Formats to write: md, html or all.")
    var format: FormatChoice = .all

    @Option(help: "Digits of the numbers Arabic reports generate: western (0-9) or arabic (٠-٩). Quotations keep theirs.")
    var digits: DigitStyle = .western

    @Flag(help: ArgumentHelp("List every article among the sources, however many.", discussion: "By default a report of more than 200 articles lists the sources it cites (and the first report of each of their stories) and counts the others."))
    var allSources = false

    /// These options as a request to a ``ReportMemo``: every one that changes the reports.
    var request: [String] {
        ["lang=\(lang.rawValue)", "format=\(format.rawValue)", "digits=\(digits.rawValue)", "all-sources=\(allSources)"]
    }

    /// The templates that writing `document` with these options renders.
    func templates(_ document: ReportRenderer.Document) -> [String] {
        ReportRenderer.templates(document, languages: lang.languages, formats: format.formats)
    }

    func directory(_ common: CommonOptions) throws -> String {
        if let out { return out }
        if common.corpus == nil, common.analysisFiles.isEmpty, let ws = try common.workspace() { return ws.reports }
        return "reports"
    }
}

nonisolated(unsafe) private var lastPipeline: Pipeline?

/// A failure already explained in one line.
struct Failure: Error, CustomStringConvertible {
    var description: String
    var code: ExitCode
    init(_ description: String, code: ExitCode = .failure) {
        self.description = description
        self.code = code
    }
}

extension BriefError {
    /// Errors of the user's own arguments (a missing corpus folder) as opposed to failures of a run.
    var isUsage: Bool {
        if case .corpus(let e) = self, e.kind == .missingDirectory { return true }
        return false
    }
}

func printError(_ line: String) {
    // A standard error that cannot be written to (a full disk) has no one left to tell.
    _ = writeAll(STDERR_FILENO, Array((line + "\n").utf8))
}

/// Writes `bytes` to standard output, all of them, or throws what stopped it: the findings of the map step on a full
/// disk must fail the step with a message, not end in a crash (FileHandle's `write`) or a short file.
func writeStandardOutput(_ bytes: [UInt8]) throws(Failure) {
    if let error = writeAll(STDOUT_FILENO, bytes) {
        throw Failure("error: cannot write to standard output: \(String(cString: strerror(error)))")
    }
}

/// The output of the commands that print with `print` (check, bench, evaluate, help) goes through the C library's
/// buffer: flushed here, before the process exits with success, so that a write that failed is an error.
func flushStandardOutput() throws(Failure) {
    // All streams: Swift 6 does not let a program read `stdout` (shared mutable state to it), nor so its error
    // flag. A disk that stays full fails this flush too; a write that failed once and was then dropped by the C
    // library, with the writes after it going through, is not seen here.
    if fflush(nil) != 0 {
        throw Failure("error: cannot write to standard output: \(String(cString: strerror(errno)))")
    }
}

/// `write(2)` until all of `bytes` is written; the `errno` that stopped it, or nil.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
    bytes.withUnsafeBytes { buffer in
        var done = 0
        while done < buffer.count {
            let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return nil
    }
}

/// Writes the run's reports, keeps them in the memo for the next run, writes the summary line and exits with the
/// status the run deserves.
func finish(_ reports: [RenderedReport], directory: String, pipeline: Pipeline, memo: ReportMemo?, quiet: Bool) throws {
    // Hashed once, for the folder's manifest and for the memo.
    let hashes = ReportWriter.contentHashes(reports)
    let written: ReportWriter.Written
    do {
        written = try ReportWriter.writeCounting(reports, to: directory, hashes: hashes)
    } catch { throw BriefError.write(error) }
    memo?.keep(reports, hashes: hashes, problems: pipeline.problems, articles: pipeline.articleCount, pack: pipeline.cachePath)
    let metadata = pipeline.problems.count(where: \.isMetadataProblem)
    summarize(written: written, directory: directory, articles: summary(pipeline), skipped: pipeline.problems.count - metadata, metadata: metadata, quiet: quiet)
    if !pipeline.problems.isEmpty { throw ExitCode(3) }
}

/// Writes again the reports of an earlier run with the same inputs, and says again what it said of the corpus.
func replay(_ recalled: ReportMemo.Recalled, directory: String, quiet: Bool) throws {
    for problem in recalled.problems { printError(problem) }
    let written = try ReportMemo.writeCounting(recalled, to: directory)
    let n = recalled.articles
    let articles = "\(n) article\(n == 1 ? "" : "s") (unchanged since the last run: its reports from the cache)"
    let metadata = recalled.problems.count(where: CorpusError.isMetadataProblem(description:))
    summarize(written: written, directory: directory, articles: articles, skipped: recalled.problems.count - metadata, metadata: metadata, quiet: quiet)
    if !recalled.problems.isEmpty { throw ExitCode(3) }
}

/// The run's summary line.
/// `skipped` counts the articles not read, `metadata` the problems of the metadata file (for which no article is
/// skipped: an entry not used leaves its article read without it).
/// Reports left as they were (their bytes unchanged) are counted apart from those written.
func summarize(written: ReportWriter.Written, directory: String, articles: String, skipped: Int, metadata: Int = 0, quiet: Bool) {
    guard !quiet else { return }
    let problems = metadata == 0 ? "" : "; \(metadata) problem\(metadata == 1 ? "" : "s") in \(CorpusLoader.metadataFileName)"
    let n = written.paths.count - written.unchanged
    let unchanged = written.unchanged == 0 ? "" : " (\(written.unchanged) left as they were)"
    printError("brief: wrote \(n) file\(n == 1 ? "" : "s") to \(directory)\(unchanged) from \(articles); \(skipped) skipped\(problems)")
}

/// Runs a command body, turning a ``Failure`` or a ``BriefError`` into its message and exit status.
func running(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as Failure {
        printError(failure.description)
        throw failure.code
    } catch let error as BriefError {
        printError(error.description)
        throw ExitCode.failure
    }
}

/// `N articles` and, when the cache served some or some were read in part, how many.
func summary(_ pipeline: Pipeline) -> String {
    let n = pipeline.articleCount
    let s = pipeline.statistics
    let articles = "\(n) article\(n == 1 ? "" : "s")"
    guard s.analysed + s.cached + s.dateOnly + s.themesOnly == n else { return articles }
    var parts: [String] = []
    if s.cached > 0 { parts.append("\(s.cached == n ? "all" : "\(s.cached)") from the cache") }
    if s.dateOnly > 0 { parts.append("\(s.dateOnly) read for their date only") }
    if s.themesOnly > 0 { parts.append("\(s.themesOnly) analysed for their themes only") }
    return parts.isEmpty ? articles : "\(articles) (\(parts.joined(separator: ", ")))"
}
