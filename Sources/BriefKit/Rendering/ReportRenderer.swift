import Foundation

/// An output format of a report.
public enum ReportFormat: String, CaseIterable, Hashable, Sendable {
    case md, html
}

/// A rendered report: its file name and its bytes (as text).
public struct RenderedReport: Hashable, Sendable {
    public var name: String
    public var contents: String
}

/// Renders briefs through the templates: Markdown from Mustache, HTML from that Markdown through libcmark, wrapped
/// in a complete, self-contained page.
public struct ReportRenderer: Sendable {
    public let templates: TemplateSet
    public let lexicon: Lexicon
    /// How Arabic reports write the numbers they generate.
    public var digits: DigitStyle

    public init(templates: TemplateSet, lexicon: Lexicon, digits: DigitStyle = .western) {
        self.templates = templates
        self.lexicon = lexicon
        self.digits = digits
    }

    /// The file name stem of a brief: `weekly-2025-W48`, `dossier-pk`.
    public static func baseName(of brief: Brief) -> String {
        switch brief.kind {
        case .weekly(let week): return "weekly-\(week)"
        case .dossier(let country): return "dossier-\(country.code.lowercased())"
        }
    }

    /// The name of a brief's bilingual page: `NAME.ar-en.html`.
    public static let bilingualSuffix = "ar-en"

    /// Renders `brief` in each language and format: `NAME.LANG.md`, `NAME.LANG.html`, and, when both languages are
    /// asked for in HTML, the bilingual page `NAME.ar-en.html`.
    public func render(_ brief: Brief, languages: [Language] = Language.allCases, formats: [ReportFormat] = ReportFormat.allCases) throws(TemplateSet.Error) -> [RenderedReport] {
        let base = Self.baseName(of: brief)
        let template: String
        switch brief.kind {
        case .weekly: template = "weekly"
        case .dossier: template = "dossier"
        }
        var out: [RenderedReport] = []
        var pages: [Language: (title: String, markdown: String, figures: [String: String])] = [:]
        for language in languages {
            let words = Localizer(language: language, lexicon: lexicon, digits: digits)
            let values = ViewModel(brief: brief, words: words).build()
            let markdown = try templates.render("\(template).\(language.rawValue).md", values)
            let title = values["title"] as? String ?? base
            let figures = Charts(brief: brief, words: words).figures()
            pages[language] = (title, markdown, figures)
            if formats.contains(.md) {
                out.append(RenderedReport(name: "\(base).\(language.rawValue).md", contents: CommonMark.removingFigures(markdown)))
            }
            if formats.contains(.html) {
                let body = CommonMark.html(markdown, decorations: .init(language: language, figures: figures))
                out.append(RenderedReport(name: "\(base).\(language.rawValue).html", contents: try page(title: title, language: language, body: body)))
            }
        }
        if formats.contains(.html), let ar = pages[.ar], let en = pages[.en] {
            out.append(RenderedReport(name: "\(base).\(Self.bilingualSuffix).html", contents: try bilingual(ar: ar, en: en)))
        }
        return out
    }

    /// A complete HTML page around a cmark fragment: inline stylesheet, no script, no network.
    func page(title: String, language: Language, body: String) throws(TemplateSet.Error) -> String {
        try templates.render("page.html", [
            "lang": language.rawValue,
            "dir": language.direction,
            "title": title,
            "css": try templates.file("style.css"),
            "body": body,
        ])
    }

    /// Both languages on one page, section by section: side by side on a wide screen, one after the other when
    /// narrow or printed. Sections are the documents' `##` parts, which the two templates keep parallel.
    func bilingual(ar: (title: String, markdown: String, figures: [String: String]), en: (title: String, markdown: String, figures: [String: String])) throws(TemplateSet.Error) -> String {
        let arParts = Self.sections(ar.markdown)
        let enParts = Self.sections(en.markdown)
        let pairs: [(String, String)] = arParts.count == enParts.count
            ? Array(zip(arParts, enParts))
            : [(ar.markdown, en.markdown)]
        let rows: [[String: Any]] = pairs.map { a, e in
            [
                "ar": CommonMark.html(a, decorations: .init(language: .ar, idPrefix: "ar-", figures: ar.figures)),
                "en": CommonMark.html(e, decorations: .init(language: .en, idPrefix: "en-", figures: en.figures)),
            ]
        }
        return try templates.render("bilingual.html", [
            "title": en.title + " / " + ar.title,
            "css": try templates.file("style.css"),
            "rows": rows,
        ])
    }

    /// Markdown split before each `## ` heading line.
    static func sections(_ markdown: String) -> [String] {
        var parts: [[Substring]] = [[]]
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle() }
            if !inFence, line.hasPrefix("## "), !(parts.last?.isEmpty ?? true) { parts.append([]) }
            parts[parts.count - 1].append(line)
        }
        return parts.map { $0.joined(separator: "\n") + "\n" }
    }
}

/// Writes reports atomically: each to a temporary file in the same folder, then renamed over the old one, so a
/// run killed at any moment leaves either the old file or the new one.
public enum ReportWriter {
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): error: cannot write: \(reason)" }
    }

    public static func write(_ reports: [RenderedReport], to directory: String) throws(Error) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Error(path: directory, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        var written: [String] = []
        for report in reports {
            let path = CorpusLoader.join(directory, report.name)
            let temporary = CorpusLoader.join(directory, ".\(report.name).\(getpid()).tmp")
            guard FileManager.default.createFile(atPath: temporary, contents: Data(report.contents.utf8)) else {
                throw Error(path: path, reason: "the folder is not writable")
            }
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw Error(path: path, reason: reason)
            }
            written.append(path)
        }
        return written
    }
}
