import ArgumentParser
import BriefKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check rendered reports; print one line per problem and exit non-zero if there is any.",
        discussion: """
            Checks every .html and .md file given (folders are searched): well-formed HTML; lang and dir on every \
            block whose language differs from the page; every citation and in-page link resolves; no unrendered \
            template tag; no empty section; no script, event handler or javascript: URL; and parity of each \
            Arabic/English pair (NAME.ar.* and NAME.en.*): the same citations, figures and dates.

            Example: brief check reports/
            """)

    @Argument(help: ArgumentHelp("Report files or folders.", valueName: "path"))
    var paths: [String]

    @Flag(name: .shortAndLong, help: "Print nothing but the problems.")
    var quiet = false

    func run() throws {
        let result = ReportChecker.check(paths: paths)
        for problem in result.problems { print(problem.description) }
        if !quiet {
            printError("brief check: \(result.files) file\(result.files == 1 ? "" : "s"), \(result.problems.count) problem\(result.problems.count == 1 ? "" : "s")")
        }
        if !result.problems.isEmpty { throw ExitCode.failure }
    }
}
