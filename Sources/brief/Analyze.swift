import ArgumentParser
import BriefKit
import Foundation

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Print the findings of every article as JSON Lines on stdout (the map step of a sharded run).",
        discussion: """
            One line per article, in file order: {"lexicon": fingerprint, "article": findings}, keys sorted. The \
            findings hold the article's metadata (each field with its origin), themes (score, threshold, term hits, \
            evidence sentences), countries, people, meetings, money figures (exact decimal strings, ISO currency \
            codes, trade roles), dates, counts, a MinHash signature, and the sentences they cite (text as written, \
            paragraph, byte offsets of UTF-8 within the paragraph). A file that cannot be read gets a line \
            {"lexicon": ..., "skipped": problem}. Lines of any number of shards, concatenated, are what \
            brief weekly --analysis and brief dossier --analysis read.
            """)

    @OptionGroup var common: CommonOptions

    func run() throws {
        defer { common.trimCache() }
        try running {
            // Each line goes out as its article is done: the map step holds no more than a batch of findings. An
            // empty shard is a shard: a corpus without articles is warned of, not an error.
            var out: [UInt8] = []
            var writeError: Failure?
            let pipeline = try common.pipeline(rendering: [], requireArticles: false) { analysis, lexicon in
                AnalysisLines.append(analysis, lexicon: lexicon, to: &out)
                if out.count > 1 << 20 {
                    // After a failed write the lines are dropped as they come: the run fails at its end, and holds
                    // no more than a batch meanwhile.
                    if writeError == nil {
                        do throws(Failure) { try writeStandardOutput(out) } catch { writeError = error }
                    }
                    out.removeAll(keepingCapacity: true)
                }
            }
            common.report(pipeline.problems)
            for problem in pipeline.problems { out += (AnalysisLines.line(problem, lexicon: pipeline.lexicon) + "\n").utf8 }
            if let writeError { throw writeError }
            try writeStandardOutput(out)
            if !pipeline.problems.isEmpty { throw ExitCode(3) }
        }
    }
}
