import Foundation
import Mustache
import Testing

@testable import BriefKit

/// HTML-escapes text the way cmark does for text nodes.
func htmlEscaped(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}

@Suite struct MarkdownEscapingTests {
    static let hostile = [
        "*x*", "_x_", "# x", "## عنوان", "[a](javascript:alert(1))", "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>", "`code`", "> quoted", "- item", "+ item", "1. item", "2024) item",
        "===", "---", "***", "![img](http://x/y.png)", "&amp; &#x41;", "a\\*b", "line\\", "<http://x.org>",
        "[ref]: http://x.org", "مصر *وباكستان* [رابط](javascript:alert(1)) <b>عريض</b>", "|a|b|", "~~s~~",
    ]

    @Test(arguments: hostile)
    func hostileTextRendersLiterally(_ text: String) {
        let html = CommonMark.html(MarkdownEscaper.escape(text), language: .en)
        // The whole text comes back as the text of one paragraph, wherever it stands on a line.
        let inner = html.replacingOccurrences(of: "<span lang=\"ar\" dir=\"rtl\">", with: "").replacingOccurrences(of: "</span>", with: "")
            .replacingOccurrences(of: "<div lang=\"ar\" dir=\"rtl\">\n", with: "").replacingOccurrences(of: "</div>\n", with: "")
        #expect(inner == "<p>\(htmlEscaped(text))</p>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("href"))
        #expect(!html.contains("<img"))
        // Inside a list item and a quote too.
        let item = CommonMark.html("- x " + MarkdownEscaper.escape(text) + "\n\n  > " + MarkdownEscaper.escape(text) + "\n", language: .en)
        #expect(!item.contains("<script") && !item.contains("href") && !item.contains("<img") && !item.contains("<em>") && !item.contains("<code>"))
    }

    /// The escaper as first written, scalar by scalar: the byte escaper must give the same text.
    static func referenceEscape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var leading = true
        var onlyDigits = true
        var digits = 0
        for s in text.unicodeScalars {
            var scalar = s
            if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{0B}" || scalar == "\u{0C}" { scalar = " " }
            if leading && scalar == " " { continue }
            let isDigit = ("0"..."9").contains(scalar)
            if "\\`*_[]<>&!|~".unicodeScalars.contains(scalar) || (leading && "#-+=".unicodeScalars.contains(scalar))
                || (onlyDigits && digits > 0 && (scalar == "." || scalar == ")"))
            {
                out.append("\\")
            }
            out.append(scalar)
            if isDigit && onlyDigits { digits += 1 } else { onlyDigits = false }
            leading = false
        }
        while let last = out.last, last == " " { out.removeLast() }
        return String(out)
    }

    @Test func bytesAreEscapedAsScalarsWere() {
        let pieces = ["", " ", "\n", "\r\n", "\t", "\u{0B}", "\u{0C}", "12", "3", ".", ")", "#", "-", "+", "=", "*", "\\", "`", "_", "[", "]",
                      "<", ">", "&", "!", "|", "~", "a", "مصر", "٣", "é", "\u{200F}", "😀", "\u{A0}", "x1."]
        var generator = CorpusGenerator.Random(state: 12060003)
        var texts = Self.hostile + pieces
        for _ in 0..<3000 {
            texts.append((0..<Int.random(in: 1...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in texts { #expect(MarkdownEscaper.escape(text) == Self.referenceEscape(text), "\(text.debugDescription)") }
    }

    @Test func lineBreaksCannotOpenBlocks() {
        let html = CommonMark.html("Title: " + MarkdownEscaper.escape("a\n# b\n\n<script>") + "\n", language: .en)
        #expect(html == "<p>Title: a # b  &lt;script&gt;</p>\n")
    }
}

@Suite struct CommonMarkTests {
    @Test func linkedLibraryIsDebians() {
        #expect(CommonMark.version == "0.30.2")
    }

    @Test func foreignRunsTakeInTheirIdentifiers() {
        let text = "معرض EDEX 2025 في القاهرة [S1 ¶29]: انظر weekly-2025-W48.ar.md."
        let runs = CommonMark.foreignRuns(text, native: .rightToLeft).map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
        #expect(runs == ["EDEX 2025", "[S1 ¶29]", "weekly-2025-W48.ar.md"])
        let english = "Talks in مصر-Cairo (القاهرة) on 5 May."
        let arabic = CommonMark.foreignRuns(english, native: .leftToRight).map { String(decoding: Array(english.utf8)[$0], as: UTF8.self) }
        #expect(arabic == ["مصر", "القاهرة"])
        // In a Latin document an Arabic run keeps a number that follows it, not the document's own letters.
        let file = "Source S1: تقرير.txt, تقرير 2025-W48, مصر 2025, Cairo-مصر."
        let spans = CommonMark.foreignRuns(file, native: .leftToRight).map { String(decoding: Array(file.utf8)[$0], as: UTF8.self) }
        #expect(spans == ["تقرير", "تقرير", "مصر 2025", "مصر"])
    }

    @Test func foreignRunsOnBytesAreThoseOnScalars() {
        let pieces = ["", " ", "  ", "مصر", "ب", "E", "x", "é", "2", "٢", "2025", ".", ":", "-", "_", "/", "[", "]", "¶", "©", "א",
                      "ﻻ", "😀", "\u{200F}", ",", "(", ")"]
        var generator = CorpusGenerator.Random(state: 12060004)
        var texts = pieces
        for _ in 0..<4000 {
            texts.append((0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            for native in [ScalarClass.Direction.rightToLeft, .leftToRight] {
                #expect(CommonMark.foreignRuns(text, native: native) == Self.referenceForeignRuns(text, native: native), "\(text.debugDescription) \(native)")
            }
        }
    }

    /// ``CommonMark/foreignRuns(_:native:)`` as it was written on scalars, before it read bytes: what the bytes must give.
    static func referenceForeignRuns(_ text: String, native: ScalarClass.Direction) -> [Range<Int>] {
        let scalars = Array(text.unicodeScalars)
        var offsets = [Int](repeating: 0, count: scalars.count + 1)
        for (i, s) in scalars.enumerated() { offsets[i + 1] = offsets[i] + UTF8.width(s) }
        // Runs in scalar indices: first to last strong character of the other direction.
        var runs: [Range<Int>] = []
        var start: Int?
        var end = 0
        for (i, s) in scalars.enumerated() {
            switch ScalarClass.direction(s.value) {
            case .neutral:
                break
            case native:
                if let st = start { runs.append(st..<end) }
                start = nil
            default:
                if start == nil { start = i }
                end = i + 1
            }
        }
        if let st = start { runs.append(st..<end) }
        // A run takes in the identifier it belongs to: 2025-W48, [S1 ¶29], EDEX 2025, file_name.txt.
        func isJoiner(_ s: Unicode.Scalar) -> Bool {
            (s.value < 0x80 && ((native == .rightToLeft && ScalarClass.isLatinLetter(s.value)) || ScalarClass.digitValue(s.value) != nil))
                || "-_./[]¶:".unicodeScalars.contains(s)
        }
        func continues(_ k: Int) -> Bool {
            // A space inside an identifier: before ¶, or before a number that ends the run ("EDEX 2025").
            scalars[k] == " " && k + 1 < scalars.count
                && (scalars[k + 1] == "¶" || (scalars[k + 1].value < 0x80 && ScalarClass.digitValue(scalars[k + 1].value) != nil))
        }
        var merged: [Range<Int>] = []
        var floor = 0  // never extend back into the previous run: each scalar is visited a bounded number of times
        for r in runs {
            var a = r.lowerBound
            var b = max(r.upperBound, floor)
            while a > floor, isJoiner(scalars[a - 1]), scalars[a - 1] != "]", scalars[a - 1] != ":" { a -= 1 }
            while b < scalars.count, isJoiner(scalars[b]) || continues(b) { b += 1 }
            // Trailing sentence punctuation stays outside.
            while b > r.upperBound, ".:".unicodeScalars.contains(scalars[b - 1]) { b -= 1 }
            // In a Latin document only a number stays with an Arabic run.
            if native == .leftToRight {
                func digit(_ k: Int) -> Bool { scalars[k].value < 0x80 && ScalarClass.digitValue(scalars[k].value) != nil }
                func continues(_ k: Int) -> Bool { digit(k) || ScalarClass.isLatinLetter(scalars[k].value) && scalars[k].value < 0x80 || "-_/".unicodeScalars.contains(scalars[k]) }
                while a < r.lowerBound, !digit(a) { a += 1 }
                while b > r.upperBound, !digit(b - 1) { b -= 1 }
                if b > r.upperBound, b < scalars.count, continues(b) { b = r.upperBound }
                if a < r.lowerBound, a > 0, continues(a - 1) { a = r.lowerBound }
            }
            floor = b
            if let last = merged.last, last.upperBound >= a {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, b)
            } else {
                merged.append(a..<b)
            }
        }
        return merged.map { offsets[$0.lowerBound]..<offsets[$0.upperBound] }
    }

    @Test func safeModeOmitsRawHTMLAndDangerousLinks() {
        let html = CommonMark.html("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>b</b>\n", language: .en)
        #expect(!html.contains("<script>"))
        #expect(html.contains("raw HTML omitted"))
        #expect(html.contains("href=\"\""))
    }

    @Test func blocksAndRunsInTheOtherScriptGetLangAndDir() {
        let en = CommonMark.html("Egypt and Pakistan\n\n> مصر وباكستان\n\n- Title: العنوان هنا\n", language: .en)
        #expect(en.contains("<blockquote>\n<div lang=\"ar\" dir=\"rtl\">\n<p>مصر وباكستان</p>\n</div>\n</blockquote>"))
        #expect(en.contains("Title: <span lang=\"ar\" dir=\"rtl\">العنوان هنا</span>"))
        let ar = CommonMark.html("المعرض الدولي EDEX 2025 في القاهرة\n", language: .ar)
        #expect(ar == "<p>المعرض الدولي <span lang=\"en\" dir=\"ltr\">EDEX 2025</span> في القاهرة</p>\n")
    }

    /// Pages are rendered part by part (for the bilingual page to pair): joined, the parts must be the HTML of the
    /// whole document, heading ids included.
    @Test func partsJoinedAreTheWholeDocument() throws {
        let builder = seedPipeline.builder
        let briefs = [builder.weekly(try builder.latestWeek()), builder.dossier(lexicon.countries.lookup("pk")!)]
        for brief in briefs {
            for language in Language.allCases {
                let words = Localizer(language: language, lexicon: lexicon)
                let name: String
                if case .weekly = brief.kind { name = "weekly.\(language.rawValue).md" } else { name = "dossier.\(language.rawValue).md" }
                let markdown = try seedPipeline.templates.render(name, ViewModel(brief: brief, words: words).build())
                let decorations = CommonMark.Decorations(language: language, idPrefix: language.rawValue + "-", figures: Charts(brief: brief, words: words).figures())
                let parts = ReportRenderer.sections(markdown)
                #expect(parts.count > 5)
                #expect(CommonMark.html(parts: parts, decorations: decorations).joined() == CommonMark.html(markdown, decorations: decorations), "\(name)")
            }
        }
        // A heading repeated in two parts keeps unique ids, as in the whole document.
        let parts = ["## A\n\n### Same\n", "## B\n\n### Same\n"]
        let joined = CommonMark.html(parts: parts, decorations: .init(language: .en)).joined()
        #expect(joined == CommonMark.html(parts.joined(), decorations: .init(language: .en)))
        #expect(joined.contains("id=\"same-2\""))
    }
}

@Suite struct TemplateTests {
    func templates(_ files: [String: String]) throws -> TemplateSet {
        let dir = temporaryDirectory()
        for (name, text) in files { write(text, to: dir + "/" + name) }
        return try TemplateSet.load(directory: dir)
    }

    @Test func aMissingKeyIsAnErrorWithItsPosition() throws {
        let set = try templates(["t.mustache": "{{% CONTENT_TYPE: MARKDOWN }}\n# {{title}}\n\n{{#items}}\n- {{nmae}}\n{{/items}}\n"])
        #expect(throws: TemplateSet.Error.self) { try set.render("t", ["title": "x", "items": [["name": "a"]]]) }
        do {
            _ = try set.render("t", ["title": "x", "items": [["name": "a"]]])
        } catch {
            #expect(error.kind == .missingKey("nmae"))
            #expect(error.line == 5)
            #expect(error.column == 3)
        }
        // With every key present it renders, escaping values for Markdown.
        #expect(try set.render("t", ["title": "*x*", "items": [["nmae": "a"]]]) == "# \\*x\\*\n\n- a\n")
    }

    @Test func onlyTheTemplatesNamedAreParsedWhenTheSetLoads() throws {
        let files = [
            "a.mustache": "# {{title}}\n\n{{> part}}\n",
            "part.mustache": "from the partial: {{title}}\n",
            "broken.mustache": "line\n{{#open}}\nno close\n",
        ]
        let dir = temporaryDirectory()
        for (name, text) in files { write(text, to: dir + "/" + name) }
        // Parsing every template reports the broken one.
        #expect {
            _ = try TemplateSet.load(directory: dir)
        } throws: { ($0 as? TemplateSet.Error)?.file.hasSuffix("broken.mustache") == true }
        // Parsing one parses it and its partial, and renders them.
        let set = try TemplateSet.load(directory: dir, parsing: ["a"])
        #expect(set.parsedNames == ["a", "part"])
        #expect(try set.render("a", ["title": "T"]) == "# T\n\nfrom the partial: T\n")
        // The broken one fails when it is rendered, with its place.
        #expect {
            _ = try set.render("broken", [:])
        } throws: { error in
            guard let e = error as? TemplateSet.Error, case .syntax = e.kind else { return false }
            return e.line != nil && e.file.hasSuffix("broken.mustache")
        }
        #expect {
            _ = try TemplateSet.load(directory: dir, parsing: ["nowhere"])
        } throws: { ($0 as? TemplateSet.Error)?.kind == .missingTemplate("nowhere") }
    }

    @Test func aBriefRendersOnlyTheTemplatesItsCommandParses() throws {
        let builder = seedPipeline.builder
        let briefs = [builder.weekly(try builder.latestWeek()), builder.dossier(seedPipeline.lexicon.countries.lookup("pk")!)]
        let choices: [([Language], [ReportFormat])] = [
            ([.en], [.md]), ([.ar], [.html]), ([.ar, .en], [.md]), ([.ar, .en], [.md, .html]), ([.en], [.md, .html]),
        ]
        for brief in briefs {
            for (languages, formats) in choices {
                let names = ReportRenderer.templates(ReportRenderer.Document(brief.kind), languages: languages, formats: formats)
                let set = try TemplateSet.load(directory: workspace.templates, parsing: names)
                let reports = try ReportRenderer(templates: set, lexicon: seedPipeline.lexicon).render(brief, languages: languages, formats: formats)
                #expect(!reports.isEmpty)
                // Had the list missed a template, rendering would have parsed it.
                #expect(set.parsedNames == names.sorted(), "\(languages) \(formats)")
            }
        }
    }

    @Test func theViewModelRendersAsPlainDictionariesWould() throws {
        // TemplateSet hands swift-mustache its view model as objects and text of its own (faster to look up); the
        // output must be what the plain dictionaries and strings give.
        let text = """
            {{% CONTENT_TYPE: MARKDOWN }}
            # {{title}} {{{title}}} {{count}} {{flag}}
            {{#title}}[{{.}}]{{/title}}{{^title}}none{{/title}} {{#empty}}<{{.}}>{{/empty}}{{^empty}}!{{/empty}}
            {{#items}}
            - {{name}} ({{title}}){{#tags}} #{{.}}{{/tags}}{{^tags}} untagged{{/tags}}{{#inner}} {{deep}}{{/inner}}{{#flag}} on{{/flag}}
            {{/items}}
            {{^nothing}}no items{{/nothing}}{{#nothing}}{{name}}{{/nothing}}
            {{#inner}}{{deep}} {{#list}}{{.}};{{/list}}{{/inner}}

            """
        let values: [String: Any] = [
            "title": "*T* & <b>", "count": 3, "flag": true, "empty": "", "nothing": [[String: Any]](),
            "items": [
                ["name": "a_b", "tags": ["x", "y*"], "inner": ["deep": "d1"], "flag": false],
                ["name": "c", "tags": [String](), "inner": ["deep": "d2"], "flag": true],
            ] as [[String: Any]],
            "inner": ["deep": "top", "list": ["1", "2"]] as [String: Any],
        ]
        let set = try templates(["t.mustache": text])
        let plain = try MustacheTemplate(string: text).render(values)
        #expect(try set.render("t", values) == plain)
        #expect(plain.contains("\\*T\\*"))
        #expect(plain.contains("- a\\_b (\\*T\\* \\& \\<b\\>) #x #y\\* d1\n- c (\\*T\\* \\& \\<b\\>) untagged d2 on\n"))
    }

    @Test func syntaxErrorsMissingTemplatesAndPartials() throws {
        #expect {
            _ = try templates(["bad.mustache": "line\n{{#open}}\nno close\n"])
        } throws: { ($0 as? TemplateSet.Error)?.line != nil && ($0 as? TemplateSet.Error)?.file.hasSuffix("bad.mustache") == true }
        #expect {
            _ = try templates(["p.mustache": "{{> nowhere}}\n"])
        } throws: { ($0 as? TemplateSet.Error)?.kind == .missingPartial("nowhere") }
        let set = try templates(["a.mustache": "x"])
        #expect {
            _ = try set.render("weekly.en.md", [:])
        } throws: { ($0 as? TemplateSet.Error)?.kind == .missingTemplate("weekly.en.md") }
    }
}

@Suite struct LongAndManyLabelTests {
    /// A theme name longer than the chart's label column is cut with an ellipsis and kept whole in the label's title.
    @Test func aLongThemeNameIsCutInTheChart() {
        let long = "Energy security, LNG supply contracts and pipeline diplomacy"
        let cut = Charts.fitted(long, letters: 22)
        #expect(cut.hasSuffix("…") && cut.unicodeScalars.count <= 23 && long.hasPrefix(String(cut.dropLast())))
        #expect(Charts.fitted("Trade balance", letters: 22) == "Trade balance")
        #expect(Charts.fitted("الأمن الغذائي والطاقة المتجددة في الخليج", letters: 22).hasSuffix("…"))
    }

    /// Trade of one pair and period in two currencies is two balances, each titled with its currency.
    @Test func balancesInSeveralCurrenciesNameTheirCurrency() throws {
        let corpus = temporaryDirectory()
        write("---\ntitle: t\ndate: 2025-11-20\n---\nبلغت صادرات مصر إلى باكستان 100 مليون دولار عام 2024.\n\nوبلغت صادرات مصر إلى باكستان 50 مليون يورو عام 2024.\n", to: corpus + "/a.txt")
        let pipeline = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
        let en = try pipeline.render([pipeline.weekly(nil)], languages: [.en], formats: [.md])[0].contents
        #expect(en.contains("Egypt and Pakistan, 2024 (USD)") && en.contains("Egypt and Pakistan, 2024 (EUR)"), "\(en)")
    }

    /// A figure the source gives as a bound is shown as one, in each language, and no balance is made of it; an
    /// estimate's balance is an estimate.
    @Test func boundsAreShownAsBoundsAndMakeNoBalance() throws {
        let corpus = temporaryDirectory()
        write(
            "---\ntitle: t\ndate: 2025-11-20\n---\nبلغت صادرات مصر إلى باكستان أكثر من 500 مليون دولار عام 2024.\n\nوبلغت واردات مصر من باكستان نحو 100 مليون دولار عام 2024.\n",
            to: corpus + "/a.txt")
        let pipeline = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
        let reports = try pipeline.render([pipeline.weekly(nil)], languages: [.en, .ar], formats: [.md, .html])
        let en = try #require(reports.first { $0.name.hasSuffix(".en.md") }).contents
        let ar = try #require(reports.first { $0.name.hasSuffix(".ar.md") }).contents
        let html = try #require(reports.first { $0.name.hasSuffix(".en.html") }).contents
        #expect(en.contains("More than USD 500 million: exports") && en.contains("about USD 100 million"), "\(en)")
        #expect(ar.contains("أكثر من 500 مليون دولار") && ar.contains("نحو 100 مليون دولار"), "\(ar)")
        #expect(en.contains("No balance: a direction of trade is given only as a bound") && !en.contains("trade deficit"), "\(en)")
        #expect(!en.contains("approx") && !ar.contains("تقريب"))
        // The chart's bars say it too.
        #expect(html.contains("more than USD 500 million"))
        // Two estimates: an estimated balance.
        write(
            "---\ntitle: t\ndate: 2025-11-20\n---\nبلغت صادرات مصر إلى باكستان حوالي 500 مليون دولار عام 2024.\n\nوبلغت واردات مصر من باكستان نحو 100 مليون دولار عام 2024.\n",
            to: corpus + "/a.txt")
        let estimated = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
        let en2 = try estimated.render([estimated.weekly(nil)], languages: [.en], formats: [.md])[0].contents
        #expect(en2.contains("Pakistan has a trade deficit of about USD 400 million with Egypt in 2024"), "\(en2)")
        // The sum of an estimate is one.
        #expect(en2.contains("about USD 500 million + about USD 100 million = about USD 600 million"), "\(en2)")
    }

    /// A stated total that is a bound is met by a sum within it; a bound beside an amount that meets it is no
    /// disagreement; at most and at least are said so.
    @Test func boundsAreComparedAsBounds() throws {
        func weekly(_ text: String) throws -> String {
            let corpus = temporaryDirectory()
            write("---\ntitle: t\ndate: 2025-11-20\n---\n" + text, to: corpus + "/a.txt")
            let pipeline = try Pipeline(corpus: corpus, lexicons: workspace.lexicons, templates: workspace.templates)
            return try pipeline.render([pipeline.weekly(nil)], languages: [.en], formats: [.md])[0].contents
        }
        let flows = "منها صادرات مصرية إلى باكستان بقيمة 500 مليون دولار وواردات مصرية من باكستان بقيمة 200 مليون دولار عام 2024.\n"
        for (total, matches) in [("أكثر من 600", true), ("أقل من 800", true), ("أكثر من 700", false), ("أقل من 700", false), ("لا يقل عن 700", true)] {
            let en = try weekly("بلغ حجم التبادل التجاري بين مصر وباكستان \(total) مليون دولار عام 2024، \(flows)")
            #expect(en.contains(matches ? "matches the stated total" : "does not match the stated total"), "\(total): \(en)")
        }
        let agree = try weekly("بلغت صادرات مصر إلى باكستان أكثر من 400 مليون دولار عام 2024.\n\nوبلغت صادرات مصر إلى باكستان 450 مليون دولار عام 2024، وبلغت واردات مصر من باكستان 100 مليون دولار عام 2024.\n")
        #expect(!agree.contains("disagree") && agree.contains("Pakistan has a trade deficit of USD 350 million"), "\(agree)")
        // Bounds that exclude each other disagree, whichever comes first.
        let three = ["صادرات مصر إلى باكستان لا تقل عن 400 مليون دولار عام 2024.", "بلغت صادرات مصر إلى باكستان أكثر من 400 مليون دولار عام 2024.",
            "صادرات مصر إلى باكستان لا تتجاوز 400 مليون دولار عام 2024."]
        for order in [[0, 1, 2], [1, 0, 2], [2, 1, 0]] {
            #expect(try weekly(order.map { three[$0] }.joined(separator: "\n\n") + "\n").contains("disagree"), "\(order)")
        }
        let atMost = try weekly("صادرات مصر إلى باكستان لا تتجاوز 400 مليون دولار عام 2024.\n")
        #expect(atMost.contains("At most USD 400 million"), "\(atMost)")
    }
}
