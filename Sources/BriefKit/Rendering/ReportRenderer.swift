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

    public init(templates: TemplateSet, lexicon: Lexicon) {
        self.templates = templates
        self.lexicon = lexicon
    }

    /// The file name stem of a brief: `weekly-2025-W48`, `dossier-pk`.
    public static func baseName(of brief: Brief) -> String {
        switch brief.kind {
        case .weekly(let week): return "weekly-\(week)"
        case .dossier(let country): return "dossier-\(country.code.lowercased())"
        }
    }

    /// Renders `brief` in each language and format: `NAME.LANG.md`, `NAME.LANG.html`.
    public func render(_ brief: Brief, languages: [Language] = Language.allCases, formats: [ReportFormat] = ReportFormat.allCases) throws(TemplateSet.Error) -> [RenderedReport] {
        let base = Self.baseName(of: brief)
        let template: String
        switch brief.kind {
        case .weekly: template = "weekly"
        case .dossier: template = "dossier"
        }
        var out: [RenderedReport] = []
        for language in languages {
            let values = ViewModel(brief: brief, words: Localizer(language: language, lexicon: lexicon)).build()
            let markdown = try templates.render("\(template).\(language.rawValue).md", values)
            if formats.contains(.md) {
                out.append(RenderedReport(name: "\(base).\(language.rawValue).md", contents: markdown))
            }
            if formats.contains(.html) {
                let page = try self.page(title: values["title"] as? String ?? base, language: language, body: CommonMark.html(markdown, language: language))
                out.append(RenderedReport(name: "\(base).\(language.rawValue).html", contents: page))
            }
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
