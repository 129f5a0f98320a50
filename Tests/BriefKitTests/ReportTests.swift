import Foundation
import Testing

@testable import BriefKit

/// Renders the seed corpus's reports as `brief weekly` and `brief dossier eg pk` do.
func renderSeedReports() throws -> [RenderedReport] {
    let builder = seedPipeline.builder
    let briefs = [builder.weekly(try builder.latestWeek()), builder.dossier(lexicon.countries.lookup("eg")!), builder.dossier(lexicon.countries.lookup("pk")!)]
    return try briefs.flatMap { try seedPipeline.renderer.render($0) }
}

/// A readable line diff: the first differing lines.
func lineDiff(_ expected: String, _ actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : nil) != (i < a.count ? a[i] : nil) {
        out.append("line \(i + 1):\n  - \(i < e.count ? String(e[i]) : "<none>")\n  + \(i < a.count ? String(a[i]) : "<none>")")
        if out.count == 5 { break }
    }
    return out.joined(separator: "\n")
}

@Suite struct GoldenReportTests {
    /// reports/ holds exactly what the tool renders from seeds/. Re-record with `BRIEF_RECORD=1 swift test` (or
    /// run the README's first command).
    @Test func reportsMatchTheSeedsByteForByte() throws {
        let reports = try renderSeedReports()
        if ProcessInfo.processInfo.environment["BRIEF_RECORD"] == "1" {
            _ = try ReportWriter.write(reports, to: workspace.reports)
        }
        let committed = try FileManager.default.contentsOfDirectory(atPath: workspace.reports).filter { !$0.hasPrefix(".") }.sorted()
        #expect(committed == reports.map(\.name).sorted(), "reports/ must hold exactly the rendered files")
        for report in reports {
            let expected = try #require(read(workspace.reports + "/" + report.name), "missing reports/\(report.name)")
            #expect(expected == report.contents, "reports/\(report.name) differs:\n\(lineDiff(expected, report.contents))")
        }
    }

    @Test func renderingIsDeterministic() throws {
        #expect(try renderSeedReports() == renderSeedReports())
    }

    @Test func weeklyBriefStatesTheTradeBalanceWithItsCheck() throws {
        let reports = try renderSeedReports()
        let en = try #require(reports.first { $0.name == "weekly-2025-W48.en.md" }).contents
        // From "نحو 113 مليون دولار", an estimate: the sum and the balance say so.
        #expect(en.contains("USD 104 million + about USD 113 million = about USD 217 million: matches the stated total."))
        #expect(en.contains("Egypt has a trade deficit of about USD 9 million with Pakistan in 2024"))
        let ar = try #require(reports.first { $0.name == "weekly-2025-W48.ar.md" }).contents
        #expect(ar.contains("104 ملايين دولار + نحو 113 مليون دولار = نحو 217 مليون دولار: يطابق الحجم المعلن."))
        #expect(ar.contains("عجز تجاري لمصر قدره نحو 9 ملايين دولار مع باكستان في 2024"))
    }

    @Test func everyCitationPointsAtASourceOfItsReport() throws {
        for report in try renderSeedReports() where report.name.hasSuffix(".md") {
            let sources = Set(report.contents.matches(of: /^### S(\d+):/.anchorsMatchLineEndings()).map { Int($0.1)! })
            let cited = Set(report.contents.matches(of: /\\\[S(\d+) ¶\d+\\\]/).map { Int($0.1)! })
            #expect(!cited.isEmpty, "\(report.name) cites nothing")
            #expect(cited.isSubset(of: sources), "\(report.name) cites sources it does not list")
        }
    }

    @Test func htmlPagesAreSelfContainedAndSafe() throws {
        for report in try renderSeedReports() where report.name.hasSuffix(".html") {
            let html = report.contents
            let lang = report.name.contains(".ar.") ? "ar" : "en"
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(lang)\" dir=\"\(lang == "ar" ? "rtl" : "ltr")\">"))
            if report.name.contains(".ar-en.") {
                #expect(html.contains("<section lang=\"ar\" dir=\"rtl\">") && html.contains("<section lang=\"en\" dir=\"ltr\">"))
            }
            #expect(html.contains("Content-Security-Policy"))
            #expect(!html.contains("<script"))
            #expect(!html.contains("http://") && !html.contains("https://"), "\(report.name) refers to the network")
            // Every in-page link has its target.
            for link in html.matches(of: /href="#([^"]+)"/) {
                #expect(html.contains("id=\"\(link.1)\""), "\(report.name): no target for #\(link.1)")
            }
            #expect(!html.contains("{{"), "\(report.name) has an unrendered tag")
            if lang == "en" { #expect(html.contains("<div lang=\"ar\" dir=\"rtl\">")) }
        }
    }

    @Test func dossiersListPartnersAndSources() throws {
        let pk = seedPipeline.builder.dossier(lexicon.countries.lookup("pk")!)
        #expect(pk.sources.map { String($0.article.id.prefix(3)) } == ["000", "001", "002", "004"])
        #expect(Set(pk.countries.map(\.country.code)).isSuperset(of: ["EG", "SA", "MA", "IN"]))
        #expect(pk.trade.first?.balance.balance == Amount(mantissa: -9_000_000))
        let eg = seedPipeline.builder.dossier(lexicon.countries.lookup("مصر")!)
        #expect(eg.sources.map { String($0.article.id.prefix(3)) } == ["000", "001", "002", "003"])
    }

    @Test func weeklyBriefListsWhatItLeavesOut() throws {
        let brief = seedPipeline.builder.weekly(ISOWeek(year: 2025, week: 48)!)
        #expect(brief.sources.map { String($0.article.id.prefix(3)) } == ["002"])
        #expect(brief.excluded.map { String($0.article.id.prefix(3)) } == ["000", "001", "003", "004"])
        #expect(brief.excluded.allSatisfy { $0.reason == .undated })
    }
}

@Suite struct LongListTests {
    @Test func longListsShowTheirFirstEntriesAndCountTheRest() throws {
        let corpus = temporaryDirectory()
        try CorpusGenerator(seeds: seedCorpus.articles).generate(bytes: 600_000, seed: 11, into: corpus)
        let pipeline = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
        let brief = pipeline.builder.dossier(lexicon.countries.lookup("eg")!)
        #expect(brief.figures.count == BriefBuilder.limits.figures)
        #expect((brief.omitted["figures"] ?? 0) > 0)
        #expect(brief.themes.allSatisfy { $0.items.count <= BriefBuilder.limits.themeItems })
        let reports = try pipeline.renderer.render(brief, languages: [.en, .ar], formats: [.md, .html])
        let en = try #require(reports.first { $0.name.hasSuffix(".en.md") }).contents
        #expect(en.contains("- and \(brief.omitted["figures"]!) more in the sources"))
        // The timeline by partner too: the first entries of each partner, then how many more.
        let pakistan = try #require(brief.pairTimelines.first { $0.partner.code == "PK" })
        #expect(pakistan.items.count == BriefBuilder.limits.pairTimeline)
        #expect(pakistan.omitted > 0)
        #expect(en.contains("- and \(pakistan.omitted) more in the timeline and the sources"))
        let dir = temporaryDirectory()
        _ = try ReportWriter.write(reports, to: dir)
        #expect(ReportChecker.check(paths: [dir]).problems.isEmpty)
    }
}

@Suite struct OutletTests {
    /// The outlet a source names (`source:`) is shown with it, escaped as article text is.
    @Test func theOutletOfASourceIsShown() throws {
        let corpus = temporaryDirectory()
        write("---\ntitle: مصر وباكستان تبحثان التعاون\ndate: 2025-11-20\nsource: \"Dawn *News*\"\n---\nبحث وزير الخارجية المصري مع نظيره الباكستاني سبل التعاون بين البلدين.\n", to: corpus + "/a.txt")
        write("---\ntitle: مصر وباكستان\ndate: 2025-11-20\n---\nبحث وزير الخارجية المصري مع نظيره الباكستاني سبل التعاون بين البلدين.\n", to: corpus + "/b.txt")
        let pipeline = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
        let reports = try pipeline.render([pipeline.weekly(nil)], languages: Language.allCases, formats: [.md])
        let en = try #require(reports.first { $0.name.hasSuffix(".en.md") }).contents
        let ar = try #require(reports.first { $0.name.hasSuffix(".ar.md") }).contents
        #expect(en.components(separatedBy: "- Outlet: Dawn \\*News\\*").count == 2, "once, for the source that names it")
        #expect(ar.components(separatedBy: "- الناشر: Dawn \\*News\\*").count == 2)
    }
}
