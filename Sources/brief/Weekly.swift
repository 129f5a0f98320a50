import ArgumentParser
import BriefKit

struct Weekly: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weekly",
        abstract: "Write the weekly brief: the articles dated in one ISO week.",
        discussion: "Articles without a full date are listed in the brief as left out, with why.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("ISO week, e.g. 2025-W48. Default: the latest week with a dated article.", valueName: "week"))
    var week: String?

    func validate() throws {
        if let week, ISOWeek(parsing: week) == nil {
            throw ValidationError("'\(week)' is not an ISO week; write YYYY-Www, e.g. 2025-W48.")
        }
    }

    func run() throws {
        defer { common.trimCache() }
        try running {
            // A run over inputs that have not changed since the last one writes that run's reports again.
            let memo = try common.memo(request: ["weekly", week ?? "latest"] + output.request)
            if let memo, let recalled = memo.recalled() {
                try replay(recalled, directory: output.directory(common), quiet: common.quiet)
                return
            }
            // Of the brief's week what it shows is kept, not the corpus's findings.
            let collector = WeeklyCollector(week: week.flatMap(ISOWeek.init(parsing:)))
            let pipeline = try common.pipeline(rendering: output.templates(.weekly), skimming: collector.skimming, memo: memo) { a, lexicon in
                collector.add(a, lexicon: lexicon)
            }
            common.report(pipeline.problems)
            let directory = try output.directory(common)
            let brief: Brief
            do {
                brief = try collector.brief(lexicon: pipeline.lexicon, skipped: pipeline.problems, allSources: output.allSources)
            } catch {
                throw Failure(BriefError.noDatedArticles(corpus: pipeline.source).description)
            }
            let reports = try pipeline.render([brief], languages: output.lang.languages, formats: output.format.formats, digits: output.digits)
            try finish(reports, directory: directory, pipeline: pipeline, memo: memo, quiet: common.quiet)
        }
    }
}
