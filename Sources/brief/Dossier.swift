import ArgumentParser
import BriefKit

struct Dossier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Write a country dossier: every article that names the country, of any date.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("Countries: ISO code, English or Arabic name (pk, Pakistan, باكستان).", valueName: "country"))
    var countries: [String]

    func run() throws {
        defer { common.trimCache() }
        try running {
            // The countries are checked before the corpus is read: a misspelt name fails at once, not after a
            // long run. The lexicon's countries are enough for that, and for a run whose reports are kept: its
            // tables are made only for a run that analyses.
            func chosen(in registry: CountryRegistry) throws -> [Country] {
                let all = try countries.map { name in
                    guard let country = registry.lookup(name) else {
                        let hint = registry.suggestions(for: name).map { "'\($0.nameEnglish)'" }
                        let suffix = hint.isEmpty ? "" : " Did you mean \(hint.joined(separator: " or "))?"
                        throw Failure("error: Unknown country '\(name)'.\(suffix)", code: .validationFailure)
                    }
                    return country
                }
                // One dossier a country, however many ways it was named (`eg Egypt مصر`).
                var seen = Set<String>()
                return all.filter { seen.insert($0.code).inserted }
            }
            // A run over inputs that have not changed since the last one writes that run's reports again.
            let memo = try common.memo(request: ["dossier"] + chosen(in: common.countries()).map(\.code) + output.request)
            if let memo, let recalled = memo.recalled() {
                try replay(recalled, directory: output.directory(common), quiet: common.quiet)
                return
            }
            let lexicon = try common.lexicon()
            let chosen = try chosen(in: lexicon.countries)
            // Each article is handed to the dossiers as it is read: they keep what they show, not the findings. Of
            // an article the cache knows names none of the countries, only the digest is read.
            let collector = DossierCollector(countries: chosen, lexicon: lexicon)
            let pipeline = try common.pipeline(rendering: output.templates(.dossier), skimming: collector.skimming, lexicon: lexicon, memo: memo) { a, _ in
                collector.add(a)
            }
            common.report(pipeline.problems)
            let directory = try output.directory(common)
            let briefs = collector.briefs(skipped: pipeline.problems, allSources: output.allSources)
            // A country no article names still gets its dossier (a run over a growing corpus keeps its files), but the
            // user is told: a dossier of nothing is easy to take for a quiet week.
            for (country, brief) in zip(chosen, briefs) where brief.sourceCount == 0 && !common.quiet {
                printError("warning: no article names \(country.nameEnglish) (\(country.code)); its dossier lists no source")
            }
            let reports = try pipeline.render(briefs, languages: output.lang.languages, formats: output.format.formats, digits: output.digits)
            try finish(reports, directory: directory, pipeline: pipeline, memo: memo, quiet: common.quiet)
        }
    }
}
