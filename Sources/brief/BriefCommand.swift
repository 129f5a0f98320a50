import ArgumentParser
import BriefKit
import Foundation

@main
struct BriefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract: "Turn a folder of Arabic news articles into analyst briefs, in Arabic and English, Markdown and HTML.",
        discussion: """
            Every statement of a brief cites its article and paragraph ([S1 ¶14]); figures are quoted with the \
            sentence that states them. With no --corpus, the project's seed articles are used and reports go to \
            the project's reports/ folder.

            Examples:
              brief weekly                       latest week with a dated article, all languages and formats
              brief weekly --week 2025-W48 --lang en --format html
              brief dossier pk                   the Pakistan dossier (also: Pakistan, باكستان)
              brief dossier eg pk --out /tmp/briefs
              brief analyze --corpus ~/articles > analysis.jsonl
              brief weekly --analysis analysis.jsonl    reports from findings (merged shards)
              brief check reports/               validate rendered reports

            Exit status: 0 when all went well; 3 when some articles could not be read, or an entry of \
            brief-metadata.yaml could not be used (the reports are still written, and each problem is named on \
            stderr); 64 for a usage error; 1 for any other error (a corpus folder without articles among them).
            """,
        // Each names itself (`commandName`): else the parser makes each name from its type's name at every start,
        // through the runtime's type-name lookups, 0.5 to 2 ms of a run with a statically linked Foundation.
        subcommands: [Weekly.self, Dossier.self, Analyze.self, Check.self, Generate.self, Bench.self, Evaluate.self]
    )

    static func main() {
        // For `brief bench`: the process's own peak memory, which a parent cannot measure once it is large itself
        // (a spawned child's rusage counts the parent's pages it started with).
        // (`getenv`, not `ProcessInfo.environment`, which copies the whole environment into a dictionary at every
        // start.)
        if let path = getenv("BRIEF_PEAK_RSS_FILE").map({ String(cString: $0) }) {
            peakFile = path
            atexit {
                guard let path = peakFile, let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
                else { return }
                try? line.dropFirst(6).trimmingCharacters(in: .whitespaces).write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
        do {
            var command = try parseAsRoot()
            try command.run()
            try flushStandardOutput()
        } catch let failure as Failure {
            printError(failure.description)
            exit(withError: failure.code)
        } catch {
            exit(withError: error)
        }
    }
}

nonisolated(unsafe) private var peakFile: String?
