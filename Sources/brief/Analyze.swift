import ArgumentParser
import BriefKit

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the analysis of every article as JSON Lines on stdout.",
        discussion: """
            One object per article, in file order, keys sorted: file, id, title, date, themes (matched theme ids), \
            theme_scores (score, threshold, evidence sentences, term hits), countries (ISO codes, most named first), \
            country_mentions, pair, figures (value in base units, currency ISO code, trade role), dates (resolved, \
            with precision and basis), furniture (lines set aside). Offsets are bytes of UTF-8 within the paragraph.
            """)

    @OptionGroup var common: CommonOptions

    func run() throws {
        try running {
            let pipeline = try common.pipeline()
            common.report(pipeline.corpus.problems)
            for analysis in pipeline.analyses {
                print(AnalysisRecord(analysis).jsonLine())
            }
            if !pipeline.corpus.problems.isEmpty { throw ExitCode(3) }
        }
    }
}
