import Foundation
import Testing

@testable import BriefKit

@Suite struct ReportCheckerTests {
    @Test func committedReportsPass() {
        let result = ReportChecker.check(paths: [workspace.reports])
        #expect(result.files == 15)
        #expect(result.problems.isEmpty, "\(result.problems.map(\.description).joined(separator: "\n"))")
    }

    /// A copy of reports/ with one defect of each kind; every defect is found, with its kind and line.
    @Test func aBrokenCopyFailsOnEveryDefect() throws {
        let dir = temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: workspace.reports) {
            try FileManager.default.copyItem(atPath: workspace.reports + "/" + name, toPath: dir + "/" + name)
        }
        func edit(_ name: String, _ change: (inout [String]) -> Void) {
            var lines = read(dir + "/" + name)!.components(separatedBy: "\n")
            change(&lines)
            write(lines.joined(separator: "\n"), to: dir + "/" + name)
        }
        func lineOf(_ lines: [String], _ needle: String) -> Int { lines.firstIndex { $0.contains(needle) }! }

        var expected: [(String, CheckProblem.Kind, Int)] = []
        edit("weekly-2025-W48.en.html") { lines in
            let main = lineOf(lines, "<main>")
            lines.insert("<p onclick=\"x()\">Hello <script>alert(1)</script></p>", at: main + 1)
            expected.append(("weekly-2025-W48.en.html", .safety, main + 2))
            lines.insert("<p>Pakistan مصر</p>", at: main + 2)
            expected.append(("weekly-2025-W48.en.html", .direction, main + 3))
            lines.insert("<p>{{summary}}</p>", at: main + 3)
            expected.append(("weekly-2025-W48.en.html", .template, main + 4))
            lines.insert("<p><a href=\"#s99\">[S9 ¶1]</a> <a href=\"javascript:alert(1)\">x</a></p>", at: main + 4)
            expected.append(("weekly-2025-W48.en.html", .citation, main + 5))
            // The extra citation also breaks parity with the Arabic version.
            expected.append(("weekly-2025-W48.ar.html", .parity, 1))
            lines.insert("<div><p>unclosed</div>", at: main + 5)
            expected.append(("weekly-2025-W48.en.html", .malformed, main + 6))
            let h2 = lines.indices.first { $0 > main + 6 && lines[$0].hasPrefix("<h2") }!
            lines.insert("<h2>Empty</h2>", at: h2)
            expected.append(("weekly-2025-W48.en.html", .emptySection, h2 + 1))
        }
        edit("dossier-pk.ar.html") { lines in
            let main = lineOf(lines, "<main>")
            lines.insert("<section lang=\"en\"><p>No direction</p></section>", at: main + 1)
            expected.append(("dossier-pk.ar.html", .direction, main + 2))
        }
        edit("dossier-eg.en.md") { lines in
            let i = lineOf(lines, "USD 104 million")
            lines[i] = lines[i].replacingOccurrences(of: "USD 104 million", with: "USD 105 million")
            expected.append(("dossier-eg.ar.md", .parity, 1))
            lines.append("<script>alert(1)</script>")
            expected.append(("dossier-eg.en.md", .safety, lines.count))
        }
        let result = ReportChecker.check(paths: [dir])
        for (file, kind, line) in expected {
            #expect(result.problems.contains { $0.file.hasSuffix("/" + file) && $0.kind == kind && $0.line == line },
                    "not found: \(file):\(line) \(kind)\n\(result.problems.map(\.description).joined(separator: "\n"))")
        }
        // Nothing else in the untouched files.
        let touched = Set(expected.map(\.0))
        #expect(result.problems.count >= expected.count)
        #expect(result.problems.allSatisfy { p in touched.contains { p.file.hasSuffix("/" + $0) } })
    }

    @Test func theCommandExitsNonZeroOnProblems() throws {
        let ok = try runBrief(["check", workspace.reports])
        #expect(ok.status == 0)
        #expect(ok.stderr == "brief check: 15 files, 0 problems\n")
        let dir = temporaryDirectory()
        write("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\"><body><p>x <a href=\"javascript:alert(1)\">y</a></p></body></html>\n", to: dir + "/bad.html")
        let bad = try runBrief(["check", dir + "/bad.html"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("\(dir)/bad.html:2: link to 'javascript:alert(1)'"))
        #expect(bad.stdout.hasPrefix("\(dir)/bad.html:1: no <meta http-equiv=\"Content-Security-Policy\">"))
        // A folder with no report, or a file that is not one, is not a check passed.
        let empty = temporaryDirectory()
        write("x", to: empty + "/notes.txt")
        let nothing = try runBrief(["check", empty, empty + "/notes.txt"])
        #expect(nothing.status == 1)
        #expect(nothing.stdout.contains("\(empty):0: no reports (.html, .md) in the folder"), "\(nothing.stdout)")
        #expect(nothing.stdout.contains("\(empty)/notes.txt:0: not a report (.html or .md)"), "\(nothing.stdout)")
    }
}

@Suite struct PresentationTests {
    @Test func arabicIndicDigitsOnlyInGeneratedArabicText() throws {
        let brief = seedPipeline.builder.weekly(ISOWeek(year: 2025, week: 48)!)
        let reports = try seedPipeline.renderer(digits: .arabicIndic).render(brief, languages: [.ar, .en], formats: [.md])
        let ar = reports[0].contents
        let en = reports[1].contents
        #expect(ar.contains("عجز تجاري لمصر قدره نحو ٩ ملايين دولار مع باكستان في ٢٠٢٤"))
        // Quotations stay as printed, with their Western digits.
        #expect(ar.contains("في عام 2024 إلى حوالي 217 مليون دولار"))
        #expect(en.contains("USD 9 million"))
    }

    @Test func chartsEscapeTheirLabelsAndDescribeTheirData() throws {
        let dir = temporaryDirectory()
        let themes = try #require(read(workspace.lexicons + "/themes.yaml"))
        write(themes.replacingOccurrences(of: "name: { en: Trade balance, ar: الميزان التجاري }", with: "name: { en: \"Trade <b>&</b> balance\", ar: الميزان التجاري }"), to: dir + "/themes.yaml")
        try FileManager.default.copyItem(atPath: workspace.lexicons + "/countries.yaml", toPath: dir + "/countries.yaml")
        let pipeline = try Pipeline(corpus: workspace.seeds, lexicons: dir, templates: workspace.templates)
        let brief = pipeline.builder.weekly(ISOWeek(year: 2025, week: 48)!)
        let html = try #require(try pipeline.renderer.render(brief, languages: [.en], formats: [.html]).first).contents
        #expect(html.contains("Trade &lt;b&gt;&amp;&lt;/b&gt; balance"))
        #expect(!html.contains("<b>&</b>"))
        #expect(html.contains("<desc id=\"chart-en-trade-d\">Egypt to Pakistan 2024: USD 104 million; Pakistan to Egypt 2024: about USD 113 million; Egypt&#39;s deficit: about USD 9 million.</desc>"))
        #expect(ReportChecker.checkHTML(html, file: "x.html").isEmpty)
    }

    /// SVG anchors a label by its text's direction: each chart states its direction, and labels begin at their x
    /// (`start`), so that an Arabic label at the mirrored x grows leftwards, inside the chart. (`.ci/chart-check.py`
    /// measures the labels in a browser.)
    @Test func chartLabelsFollowTheirLanguagesDirection() throws {
        let reports = try renderSeedReports()
        for (name, direction) in [("dossier-pk.ar.html", "rtl"), ("dossier-pk.en.html", "ltr"), ("weekly-2025-W48.ar.html", "rtl"), ("weekly-2025-W48.en.html", "ltr")] {
            let page = try #require(reports.first { $0.name == name }).contents
            let charts = page.components(separatedBy: "<svg ").dropFirst()
            #expect(!charts.isEmpty)
            for chart in charts {
                #expect(chart.hasPrefix("viewBox=\"0 0 640 ") && chart.contains("direction=\"\(direction)\""), "\(name)")
                #expect(!chart.contains("text-anchor=\"end\"") && chart.contains("text-anchor=\"start\""), "\(name)")
            }
        }
    }

    @Test func bilingualPagePairsSections() throws {
        let reports = try renderSeedReports()
        let page = try #require(reports.first { $0.name == "weekly-2025-W48.ar-en.html" }).contents
        let pairs = page.components(separatedBy: "<div class=\"pair\">").count - 1
        let arSections = ReportRenderer.sections(try #require(reports.first { $0.name == "weekly-2025-W48.ar.md" }).contents).count
        #expect(pairs == arSections)
        #expect(pairs == 11)
        #expect(page.contains("href=\"#ar-s1\"") && page.contains("id=\"ar-s1\"") && page.contains("id=\"en-s1\""))
    }

    @Test func markdownReportsCarryNoChartBlocks() throws {
        for report in try renderSeedReports() where report.name.hasSuffix(".md") {
            #expect(!report.contents.contains("```"))
        }
    }
}

/// What `brief check` catches in a page edited after brief wrote it, and what brief's own pages never trip.
@Suite struct PageSafetyCheckTests {
    func problems(_ edit: (String) -> String) throws -> [String] {
        let page = try #require(try renderSeedReports().first { $0.name == "weekly-2025-W48.en.html" }).contents
        return ReportChecker.checkHTML(edit(page), file: "x.html").map(\.message)
    }

    @Test func aPageThatCouldLoadOrGoElsewhereIsAProblem() throws {
        #expect(try problems { $0 }.isEmpty)
        let policy = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        #expect(try problems { $0.replacingOccurrences(of: policy, with: "") }.contains { $0.contains("no <meta http-equiv=\"Content-Security-Policy\">") })
        #expect(try problems { $0.replacingOccurrences(of: "default-src 'none'", with: "default-src *") }.contains { $0.contains("default-src 'none'") })
        #expect(try problems { $0.replacingOccurrences(of: "img-src data:", with: "img-src *") }.contains { $0.contains("lets img-src load from '*'") })
        #expect(try problems { $0.replacingOccurrences(of: "<main", with: "<img srcset=\"https://tracker.example/p.gif 1x\" alt=\"\"><main") }
            .contains { $0.contains("srcset") })
        #expect(try problems { $0.replacingOccurrences(of: "<main", with: "<meta http-equiv=\"refresh\" content=\"0;url=https://example.org\"><main") }
            .contains { $0.contains("refresh") })
        #expect(try problems { $0.replacingOccurrences(of: "<main", with: "<img src=\"https://tracker.example/p.gif\" alt=\"\"><main") }
            .contains { $0.contains("loads from outside the report") })
    }

    /// A heading that reads like a source label (a theme named S1) does not take the source's id: the citations
    /// still reach the source.
    @Test func onlyASourcesHeadingTakesItsID() {
        #expect(CommonMark.slug("S1: 000_a.txt") == "s1")
        #expect(CommonMark.slug("S1") == "s1-h")
        #expect(CommonMark.slug("s12") == "s12-h")
        #expect(CommonMark.slug("Trade balance") == "trade-balance")
    }
}
