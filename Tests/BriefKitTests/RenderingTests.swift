import Foundation
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

    @Test func lineBreaksCannotOpenBlocks() {
        let html = CommonMark.html("Title: " + MarkdownEscaper.escape("a\n# b\n\n<script>") + "\n", language: .en)
        #expect(html == "<p>Title: a # b  &lt;script&gt;</p>\n")
    }
}

@Suite struct CommonMarkTests {
    @Test func linkedLibraryIsDebians() {
        #expect(CommonMark.version == "0.30.2")
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
