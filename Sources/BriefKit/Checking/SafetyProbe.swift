/// Runs one article, given as raw bytes, through the whole pipeline (loading, analysis, a weekly brief and a dossier
/// in both languages and both formats) and returns what the checker finds unsafe or broken in the output.
///
/// Shared by the seeded property test and the libFuzzer target (`brief-fuzz`): whatever the input, the answer must
/// be empty.
public enum SafetyProbe {
    /// The kinds of problem no input may cause. Direction and parity depend on the text itself; the template and
    /// citation checks read text patterns (`{{x}}`, `[S1 ¶2]`) that an article may print in its own words, and
    /// Mustache never renders a value as a template, so those are checks of brief's templates, not of its input.
    public static let forbidden: Set<CheckProblem.Kind> = [.safety, .malformed]

    public static func problems(articleBytes bytes: [UInt8], lexicon: Lexicon, templates: TemplateSet) -> [CheckProblem] {
        guard case .success(let article) = CorpusLoader.parse(bytes: bytes, id: "fuzz", file: "fuzz.txt", path: "fuzz.txt") else {
            return []  // rejected with an error: nothing is rendered
        }
        let analysis = Analyzer(lexicon: lexicon).analyze(article)
        let builder = BriefBuilder(lexicon: lexicon, analyses: [analysis])
        let week = article.date.value.flatMap(ISOWeek.init(containing:)) ?? ISOWeek(year: 2025, week: 48)!
        var briefs = [builder.weekly(week)]
        let country = analysis.countries.first.flatMap { lexicon.countries.country(code: $0.code) } ?? lexicon.countries.countries[0]
        briefs.append(builder.dossier(country))
        let renderer = ReportRenderer(templates: templates, lexicon: lexicon)
        var problems: [CheckProblem] = []
        for brief in briefs {
            let reports: [RenderedReport]
            do {
                reports = try renderer.render(brief)
            } catch {
                return [CheckProblem(file: "fuzz", line: 0, kind: .template, message: "rendering failed: \(error)")]
            }
            for report in reports {
                let found = report.name.hasSuffix(".html")
                    ? ReportChecker.checkHTML(report.contents, file: report.name)
                    : ReportChecker.checkMarkdown(report.contents, file: report.name)
                problems += found.filter { forbidden.contains($0.kind) }
            }
        }
        return problems
    }
}
