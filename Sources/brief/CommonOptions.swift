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

    @Option(help: ArgumentHelp("Folder of theme and country data (themes.yaml, countries.yaml).", discussion: "Default: the project's lexicons/.", valueName: "dir"))
    var lexicons: String?

    @Option(help: ArgumentHelp("Folder of Mustache templates and style.css.", discussion: "Default: the project's templates/.", valueName: "dir"))
    var templates: String?

    @Flag(name: .shortAndLong, help: "Print nothing on stderr but errors.")
    var quiet = false

    @Option(help: "Articles analysed at once (the output is the same for any number). Default: the number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    /// The project folders, looked up once.
    func workspace() throws -> Workspace? {
        if corpus != nil && lexicons != nil && templates != nil { return nil }
        guard let ws = Workspace.locate() else { throw CleanExit.message(BriefError.workspaceNotFound.description) }
        return ws
    }

    /// Loads and analyses the corpus.
    func pipeline() throws -> Pipeline {
        let ws = try workspace()
        do {
            return try Pipeline(corpus: corpus ?? ws!.seeds, lexicons: lexicons ?? ws!.lexicons, templates: templates ?? ws!.templates, jobs: max(1, jobs))
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

    func directory(_ common: CommonOptions) throws -> String {
        if let out { return out }
        if common.corpus == nil, let ws = try common.workspace() { return ws.reports }
        return "reports"
    }
}

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
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes the run's summary line and exits with the status the run deserves.
func finish(written: [String], directory: String, pipeline: Pipeline, quiet: Bool) throws {
    let skipped = pipeline.corpus.problems.count
    if !quiet {
        printError("brief: wrote \(written.count) file\(written.count == 1 ? "" : "s") to \(directory) from \(pipeline.corpus.articles.count) article\(pipeline.corpus.articles.count == 1 ? "" : "s"); \(skipped) skipped")
    }
    if skipped > 0 { throw ExitCode(3) }
}

/// Runs a command body, turning a ``Failure`` into its message and exit status.
func running(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as Failure {
        printError(failure.description)
        throw failure.code
    }
}
