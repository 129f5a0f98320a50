import ArgumentParser
import BriefKit

struct Weekly: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        try running {
            // Of the brief's week what it shows is kept, not the corpus's findings.
            let collector = WeeklyCollector(week: week.flatMap(ISOWeek.init(parsing:)))
            let pipeline = try common.pipeline(rendering: output.templates(.weekly), skimming: collector.skimming) { a, lexicon in collector.add(a, lexicon: lexicon) }
            common.report(pipeline.problems)
            let directory = try output.directory(common)
            do {
                let brief: Brief
                do {
                    brief = try collector.brief(lexicon: pipeline.lexicon, skipped: pipeline.problems, allSources: output.allSources)
                } catch {
                    throw BriefError.noDatedArticles(corpus: pipeline.source)
                }
                let written = try pipeline.write([brief], to: directory, languages: output.lang.languages, formats: output.format.formats, digits: output.digits)
                try finish(written: written, directory: directory, pipeline: pipeline, quiet: common.quiet)
            } catch let error as BriefError {
                throw Failure(error.description)
            }
        }
    }
}
