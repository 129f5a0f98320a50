import Foundation

/// A problem found in a rendered report: `file:line: problem`.
public struct CheckProblem: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// Not well-formed HTML (unclosed or mismatched tags, a stray `<`).
        case malformed
        /// A script, an event handler, a dangerous URL or raw HTML.
        case safety
        /// Text in one script inside a block marked as the other, or `lang` without `dir`.
        case direction
        /// A citation or in-page link without its target.
        case citation
        /// A Mustache tag left in the output.
        case template
        /// A section with a heading and nothing under it.
        case emptySection
        /// The Arabic and English versions of a report differ in figures, dates or citations.
        case parity
        case unreadable
    }

    public var file: String
    public var line: Int
    public var kind: Kind
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }

    public static func < (a: CheckProblem, b: CheckProblem) -> Bool {
        (a.file, a.line, a.message) < (b.file, b.line, b.message)
    }
}

/// Checks rendered reports: the checks `brief check` runs, for use in tests too.
public enum ReportChecker {
    /// Checks every `.html` and `.md` file among `paths` (folders are searched, hidden files skipped), then the
    /// parity of each Arabic/English pair (`NAME.ar.EXT` with `NAME.en.EXT`).
    public static func check(paths: [String]) -> (files: Int, problems: [CheckProblem]) {
        var files: [String] = []
        var problems: [CheckProblem] = []
        func isReport(_ name: String) -> Bool { name.hasSuffix(".html") || name.hasSuffix(".md") }
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                return (0, [CheckProblem(file: path, line: 0, kind: .unreadable, message: "no such file or folder")])
            }
            if isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let reports = names.filter { !$0.hasPrefix(".") && isReport($0) }.sorted().map { CorpusLoader.join(path, $0) }
                // A check that passes over an empty folder would hide a run that wrote nothing.
                if reports.isEmpty { problems.append(CheckProblem(file: path, line: 0, kind: .unreadable, message: "no reports (.html, .md) in the folder")) }
                files += reports
            } else if isReport(path) {
                files.append(path)
            } else {
                problems.append(CheckProblem(file: path, line: 0, kind: .unreadable, message: "not a report (.html or .md)"))
            }
        }
        var texts: [String: String] = [:]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file), let text = String(validating: data, as: UTF8.self) else {
                problems.append(CheckProblem(file: file, line: 0, kind: .unreadable, message: "cannot read as UTF-8 text"))
                continue
            }
            texts[file] = text
            problems += file.hasSuffix(".html") ? checkHTML(text, file: file) : checkMarkdown(text, file: file)
        }
        for file in files where file.contains(".ar.") {
            let other = file.replacingOccurrences(of: ".ar.", with: ".en.")
            guard let ar = texts[file], let en = texts[other] else { continue }
            problems += parity(ar: ar, en: en, arFile: file, enFile: other, html: file.hasSuffix(".html"))
        }
        return (files.count, problems.sorted())
    }

    // MARK: - HTML

    private static let forbiddenElements: Set<String> = ["script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "link"]
    /// Attributes whose URL the browser loads by itself, unasked.
    private static let loadingAttributes: Set<String> = ["src", "srcset", "poster", "background"]

    /// What is wrong with a page's Content-Security-Policy, if anything: it must start from `default-src 'none'` and
    /// let no directive load from anywhere but the page itself (`'none'`, `'self'`, `'unsafe-inline'`, `data:`).
    static func policyProblem(_ policy: String) -> String? {
        let directives = policy.split(separator: ";").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() } }.filter { !$0.isEmpty }
        guard directives.contains(where: { $0 == ["default-src", "'none'"] }) else { return "does not start from default-src 'none'" }
        let allowed: Set<String> = ["'none'", "'self'", "'unsafe-inline'", "data:"]
        for d in directives {
            for source in d.dropFirst() where !allowed.contains(source) {
                return "lets \(d[0]) load from '\(source)'"
            }
        }
        return nil
    }
    private static let urlAttributes: Set<String> = ["srcset", "href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite"]
    static var citationPattern: Regex<(Substring, Substring, Substring)> { /\[S(\d+) ¶(\d+)\]/ }

    public static func checkHTML(_ html: String, file: String) -> [CheckProblem] {
        var problems: [CheckProblem] = []
        func problem(_ line: Int, _ kind: CheckProblem.Kind, _ message: String) {
            problems.append(CheckProblem(file: file, line: line, kind: kind, message: message))
        }
        struct Open {
            var name: String
            var line: Int
            var lang: String?
        }
        var stack: [Open] = []
        var ids: [String: Int] = [:]
        var links: [(target: String, line: Int)] = []
        var pageLang: String?
        var sawDoctype = false
        var pendingHeading: (line: Int, title: String)?
        var headingText: String?
        // The page's Content-Security-Policy, which keeps it from loading or running anything: a report that lost it
        // (edited, or made by another tool) could.
        var sawPolicy = false

        for token in HTMLScanner.tokens(html) {
            switch token {
            case .doctype:
                sawDoctype = true
            case .comment(let line):
                problem(line, .safety, "comment in output (raw HTML was omitted from the source, or the page was edited)")
            case .malformed(let what, let line):
                problem(line, .malformed, what)
            case .start(let name, let attributes, let selfClosing, let line):
                if forbiddenElements.contains(name) { problem(line, .safety, "<\(name)> is not allowed in a report") }
                if name == "meta", let equiv = attributes.first(where: { $0.0 == "http-equiv" })?.1.lowercased() {
                    let content = HTMLScanner.decode(attributes.first { $0.0 == "content" }?.1 ?? "")
                    if equiv == "refresh" { problem(line, .safety, "<meta http-equiv=\"refresh\"> sends the reader to another page") }
                    if equiv == "content-security-policy" {
                        if let why = policyProblem(content) { problem(line, .safety, "Content-Security-Policy \(why)") } else { sawPolicy = true }
                    }
                }
                if name != "h2", pendingHeading != nil, name != "span" { pendingHeading = nil }
                var lang: String?
                var dir: String?
                for (attr, value) in attributes {
                    if attr.hasPrefix("on") { problem(line, .safety, "event handler attribute '\(attr)'") }
                    if attr == "lang" { lang = value }
                    if attr == "dir" { dir = value }
                    if attr == "id" {
                        if let first = ids[value] { problem(line, .malformed, "duplicate id '\(value)' (first on line \(first))") } else { ids[value] = line }
                    }
                    if attr == "style", value.lowercased().contains("url(") || value.lowercased().contains("expression(") {
                        problem(line, .safety, "style attribute loads or runs something")
                    }
                    if value.contains("{{") || value.contains("}}") { problem(line, .template, "unrendered template tag in attribute '\(attr)'") }
                    guard urlAttributes.contains(attr) else { continue }
                    let url = HTMLScanner.decode(value).trimmingSpaces
                    // What a page loads by itself (an image, a background): a report loads nothing but what it holds.
                    if loadingAttributes.contains(attr), !url.lowercased().hasPrefix("data:") || attr == "srcset" && url.lowercased().contains("http") {
                        problem(line, .safety, "\(attr)='\(url.prefix(40))' loads from outside the report")
                        continue
                    }
                    if url.isEmpty {
                        problem(line, .safety, "empty link target (an unsafe URL was removed)")
                    } else if url.hasPrefix("#") {
                        links.append((String(url.dropFirst()), line))
                    } else {
                        let scheme = url.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
                        if !url.contains(":") || !["http", "https", "mailto"].contains(scheme) {
                            problem(line, .safety, "link to '\(url.prefix(40))': only http, https and mailto links are allowed")
                        }
                    }
                }
                if name == "html" {
                    pageLang = lang
                    if lang == nil || dir == nil { problem(line, .direction, "<html> needs lang and dir") }
                } else if lang != nil && dir == nil {
                    problem(line, .direction, "<\(name)> has lang=\"\(lang!)\" but no dir")
                }
                if name == "h2" {
                    if let p = pendingHeading { problem(p.line, .emptySection, "empty section '\(p.title)'") }
                    pendingHeading = nil
                    headingText = ""
                }
                if !selfClosing && !HTMLScanner.voidElements.contains(name) {
                    stack.append(Open(name: name, line: line, lang: lang))
                }
            case .end(let name, let line):
                if name == "h2", let title = headingText {
                    pendingHeading = (line, title.trimmingSpaces)
                    headingText = nil
                } else if ["section", "main", "body"].contains(name), let p = pendingHeading {
                    problem(p.line, .emptySection, "empty section '\(p.title)'")
                    pendingHeading = nil
                }
                if stack.last?.name == name {
                    stack.removeLast()
                } else if let k = stack.lastIndex(where: { $0.name == name }) {
                    problem(line, .malformed, "</\(name)> closes <\(stack[stack.count - 1].name)> opened on line \(stack[stack.count - 1].line)")
                    stack.removeSubrange(k...)
                } else {
                    problem(line, .malformed, "</\(name)> without <\(name)>")
                }
            case .text(let raw, let line):
                let text = HTMLScanner.decode(raw)
                if headingText != nil { headingText! += text }
                let names = Set(stack.map(\.name))
                if text.contains("{{") || text.contains("}}") { problem(line, .template, "unrendered template tag") }
                if names.contains("style") || names.contains("script") || names.contains("head") { continue }
                if !text.trimmingSpaces.isEmpty, pendingHeading != nil { pendingHeading = nil }
                if names.contains("svg") { continue }
                let lang = stack.last(where: { $0.lang != nil })?.lang ?? pageLang
                var arabic = 0
                var latin = 0
                for s in text.unicodeScalars {
                    if ScalarClass.isArabicLetter(s.value) { arabic += 1 } else if ScalarClass.isLatinLetter(s.value) { latin += 1 }
                }
                if arabic > 0 && lang != "ar" {
                    problem(line, .direction, "Arabic text outside an element with lang=\"ar\" dir=\"rtl\": '\(text.trimmingSpaces.prefix(30))'")
                }
                if latin > 0 && lang == "ar" {
                    problem(line, .direction, "Latin text inside Arabic without its own lang and dir: '\(text.trimmingSpaces.prefix(30))'")
                }
                if !names.contains("a"), text.contains(citationPattern) {
                    problem(line, .citation, "citation that does not link to its source")
                }
            }
        }
        if !sawDoctype { problem(1, .malformed, "no <!DOCTYPE html>") }
        if !sawPolicy { problem(1, .safety, "no <meta http-equiv=\"Content-Security-Policy\">: the page may load and run what it links to") }
        if pageLang == nil { problem(1, .direction, "no <html lang dir>") }
        for open in stack { problem(open.line, .malformed, "<\(open.name)> is never closed") }
        for link in links where ids[link.target] == nil {
            problem(link.line, .citation, "link to #\(link.target), which is not on the page")
        }
        return problems
    }

    // MARK: - Markdown

    public static func checkMarkdown(_ markdown: String, file: String) -> [CheckProblem] {
        var problems: [CheckProblem] = []
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var sources: Set<Int> = []
        for line in lines {
            if let m = line.firstMatch(of: /^### S(\d+):/) { sources.insert(Int(m.1)!) }
        }
        var heading: (line: Int, title: String)?
        for (index, line) in lines.enumerated() {
            let n = index + 1
            if line.contains("{{") || line.contains("}}") {
                problems.append(CheckProblem(file: file, line: n, kind: .template, message: "unrendered template tag"))
            }
            if line.contains(/(^|[^\\])<[A-Za-z\/!?]/) {
                problems.append(CheckProblem(file: file, line: n, kind: .safety, message: "raw HTML in Markdown"))
            }
            if line.contains(/(^|[^\\])\]\(\s*<?\s*(?i:javascript|vbscript|data|file):/) {
                problems.append(CheckProblem(file: file, line: n, kind: .safety, message: "link with a dangerous URL"))
            }
            for m in line.matches(of: /\\\[S(\d+) ¶\d+\\\]/) where !sources.contains(Int(m.1)!) {
                problems.append(CheckProblem(file: file, line: n, kind: .citation, message: "citation of S\(m.1), which the sources do not list"))
            }
            if line.hasPrefix("## ") || line.hasPrefix("# ") {
                if let h = heading { problems.append(CheckProblem(file: file, line: h.line, kind: .emptySection, message: "empty section '\(h.title)'")) }
                heading = line.hasPrefix("## ") ? (n, String(line.dropFirst(3))) : nil
            } else if !line.trimmingSpaces.isEmpty {
                heading = nil
            }
        }
        if let h = heading { problems.append(CheckProblem(file: file, line: h.line, kind: .emptySection, message: "empty section '\(h.title)'")) }
        return problems
    }

    // MARK: - Parity

    /// Citations, and numbers outside quotations (figures, dates, counts above two: Arabic writes one and two as
    /// words), must be the same in both languages.
    static func parity(ar: String, en: String, arFile: String, enFile: String, html: Bool) -> [CheckProblem] {
        func facts(_ text: String) -> (citations: [String: Int], numbers: [String: Int]) {
            var citations: [String: Int] = [:]
            var numbers: [String: Int] = [:]
            var plain = ""
            if html {
                var depth = 0
                for token in HTMLScanner.tokens(text) {
                    switch token {
                    case .start(let name, _, let selfClosing, _) where ["blockquote", "head", "svg"].contains(name) && !selfClosing: depth += 1
                    case .end(let name, _) where ["blockquote", "head", "svg"].contains(name): depth -= 1
                    case .text(let t, _) where depth == 0: plain += HTMLScanner.decode(t) + "\n"
                    default: break
                    }
                }
            } else {
                plain = text.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.trimmingSpaces.hasPrefix(">") && !$0.hasPrefix("```") }
                    .joined(separator: "\n").replacingOccurrences(of: "\\", with: "")
            }
            for m in plain.matches(of: citationPattern) { citations["[S\(m.1) ¶\(m.2)]", default: 0] += 1 }
            for token in Tokenizer.tokens(in: plain) where token.kind == .number {
                if let v = token.number, Amount(mantissa: 2) < v { numbers[v.description, default: 0] += 1 }
            }
            return (citations, numbers)
        }
        let a = facts(ar)
        let e = facts(en)
        var problems: [CheckProblem] = []
        func compare(_ x: [String: Int], _ y: [String: Int], _ what: String) {
            let keys = Set(x.keys).union(y.keys).sorted()
            let differing = keys.filter { x[$0, default: 0] != y[$0, default: 0] }
            guard !differing.isEmpty else { return }
            let detail = differing.prefix(5).map { "\($0) (ar \(x[$0, default: 0]), en \(y[$0, default: 0]))" }.joined(separator: ", ")
            problems.append(CheckProblem(file: arFile, line: 1, kind: .parity, message: "Arabic and English versions (\((enFile as NSString).lastPathComponent)) differ in \(what): \(detail)"))
        }
        compare(a.citations, e.citations, "citations")
        compare(a.numbers, e.numbers, "figures and dates")
        return problems
    }
}
