import Foundation
import Synchronization

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
        let template = Document(brief.kind).rawValue
        func render(_ language: Language) throws(TemplateSet.Error) -> Page {
            let words = Localizer(language: language, lexicon: lexicon, digits: digits)
            let values = ViewModel(brief: brief, words: words).build()
            let markdown = try templates.render("\(template).\(language.rawValue).md", values)
            let title = values["title"] as? String ?? base
            let figures = Charts(brief: brief, words: words).figures()
            var reports: [RenderedReport] = []
            if formats.contains(.md) {
                reports.append(RenderedReport(name: "\(base).\(language.rawValue).md", contents: CommonMark.removingFigures(markdown)))
            }
            // The HTML is rendered part by part (the parts before each `##` heading), for the bilingual page to
            // pair; joined, the parts are the page of the language. Ids carry the language (`en-s1`), in both pages.
            var sections: [String] = []
            if formats.contains(.html) {
                let decorations = CommonMark.Decorations(language: language, idPrefix: "\(language.rawValue)-", figures: figures)
                sections = CommonMark.html(parts: Self.sections(markdown), decorations: decorations)
                reports.append(RenderedReport(name: "\(base).\(language.rawValue).html", contents: try page(title: title, language: language, body: sections.joined())))
            }
            return Page(title: title, sections: sections, reports: reports)
        }
        // The languages are rendered at once, each on its own thread; the reports keep the languages' order.
        let results = UnsafeMutableBufferPointer<Result<Page, TemplateSet.Error>?>.allocate(capacity: languages.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        nonisolated(unsafe) let slots = results
        nonisolated(unsafe) let work = render
        DispatchQueue.concurrentPerform(iterations: languages.count) { i in
            slots[i] = Result { () throws(TemplateSet.Error) in try work(languages[i]) }
        }
        var out: [RenderedReport] = []
        var pages: [Language: Page] = [:]
        for (i, language) in languages.enumerated() {
            let page = try results[i]!.get()
            pages[language] = page
            out += page.reports
        }
        if formats.contains(.html), let ar = pages[.ar], let en = pages[.en] {
            out.append(RenderedReport(name: "\(base).\(Self.bilingualSuffix).html", contents: try bilingual(ar: ar, en: en)))
        }
        return out
    }

    /// The kinds of document, named as their templates are (`weekly.en.md`, `dossier.ar.md`).
    public enum Document: String, CaseIterable, Sendable {
        case weekly, dossier

        public init(_ kind: Brief.Kind) {
            switch kind {
            case .weekly: self = .weekly
            case .dossier: self = .dossier
            }
        }
    }

    /// The templates that rendering `document` in `languages` and `formats` uses (HTML is rendered from the
    /// Markdown), to parse before a long run rather than after it.
    public static func templates(_ document: Document, languages: [Language], formats: [ReportFormat]) -> [String] {
        var names = languages.map { "\(document.rawValue).\($0.rawValue).md" }
        if formats.contains(.html), !languages.isEmpty {
            names.append("page.html")
            if languages.contains(.ar), languages.contains(.en) { names.append("bilingual.html") }
        }
        return names
    }

    /// One language of a brief, rendered.
    struct Page {
        var title: String
        /// The HTML of each `##` part of the document (none when HTML is not asked for).
        var sections: [String]
        var reports: [RenderedReport]
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
    /// narrow or printed. Sections are the documents' `##` parts, which the two templates keep parallel; ids carry
    /// the language, so the two never clash. Documents whose parts do not pair are shown whole, one beside the other.
    func bilingual(ar: Page, en: Page) throws(TemplateSet.Error) -> String {
        let pairs: [(String, String)] = ar.sections.count == en.sections.count
            ? Array(zip(ar.sections, en.sections))
            : [(ar.sections.joined(), en.sections.joined())]
        let rows: [[String: Any]] = pairs.map { a, e in ["ar": a, "en": e] }
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
        for line in markdown.lineSlices() {
            // Compared on bytes: a line of a report's Markdown that starts a fence or a heading comes from a
            // template (article text is escaped), and a report is megabytes of lines.
            if line.utf8.starts(with: "```".utf8) { inFence.toggle() }
            if !inFence, line.utf8.starts(with: "## ".utf8), !(parts.last?.isEmpty ?? true) { parts.append([]) }
            parts[parts.count - 1].append(line)
        }
        return parts.map { $0.joined(separator: "\n") + "\n" }
    }
}

/// A file of reports to write: its name and its bytes, as rendered (a ``RenderedReport``) or as kept (by
/// ``ReportMemo``, which writes them again without decoding them).
protocol ReportFile: Sendable {
    var name: String { get }
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension RenderedReport: ReportFile {
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var text = contents
        return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}

/// Writes reports atomically: each to a temporary file in the same folder, then renamed over the old one, so a
/// run killed at any moment leaves either the old file or the new one.
///
/// brief never overwrites a file it did not write: the folder's manifest (``ReportManifest``) records the name and
/// content hash of every file brief wrote there, and a file that is not in it, or was edited since, stops the run
/// before anything is written.
public enum ReportWriter {
    @available(*, deprecated, renamed: "ReportManifest.fileName")
    public static let manifestName = ReportManifest.fileName

    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): error: \(reason)" }
    }

    /// Writes `reports` to `directory`, each atomically, and records their hashes in the folder's manifest. A report
    /// whose file has its bytes already is left as it is.
    ///
    /// - Throws: when a file in the way was not written by brief, or was edited since.
    public static func write(_ reports: [RenderedReport], to directory: String) throws(Error) -> [String] {
        try write(reports, to: directory, hashes: nil)
    }

    /// As ``write(_:to:)``, given each report's hash (``contentHashes(_:)``), when the caller needs them too.
    public static func write(_ reports: [RenderedReport], to directory: String, hashes: [String]) throws(Error) -> [String] {
        try write(reports, to: directory, hashes: Optional(hashes))
    }

    /// The hash the manifest records of each report, made on two threads (a byte at a time, FNV-1a takes some
    /// milliseconds a megabyte, and the reports of a large week are megabytes).
    public static func contentHashes(_ reports: [RenderedReport]) -> [String] {
        reports.parallelMap(jobs: 2) { _, report in report.withBytes { contentHash($0) } }
    }

    /// As ``write(_:to:)``, given each report's `contentHash` when it is known (kept with the reports by
    /// ``ReportMemo``): the reports' bytes are then compared, never hashed.
    static func write(_ reports: [some ReportFile], to directory: String, hashes: [String]?) throws(Error) -> [String] {
        try writeCounting(reports, to: directory, hashes: hashes).paths
    }

    /// What a write did: the path of every report, and how many of them already had their bytes and were left as they
    /// were.
    public struct Written: Sendable {
        public var paths: [String]
        public var unchanged: Int
    }

    /// As ``write(_:to:hashes:)``, saying how many reports were left as they were.
    public static func writeCounting(_ reports: [RenderedReport], to directory: String, hashes: [String]) throws(Error) -> Written {
        try writeCounting(reports, to: directory, hashes: Optional(hashes))
    }

    static func writeCounting(_ reports: [some ReportFile], to directory: String, hashes: [String]?) throws(Error) -> Written {
        precondition(hashes.map { $0.count == reports.count } ?? true, "a hash for each report")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Error(path: directory, reason: "cannot create the output folder (\(error.localizedDescription))")
        }
        // Runs writing to one folder at once (a weekly and a dossier started together) take turns, each reading the
        // manifest the other left: else the last to write its manifest would drop the other's files from it, and
        // every later run would stop at them as not written by brief. (A lock on the folder itself, let go when the
        // descriptor closes; where the file system has no such locks, runs go on as before.)
        let lock = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if lock >= 0 { close(lock) } }
        var locked = false
        while lock >= 0, !locked {
            locked = flock(lock, LOCK_EX) == 0
            if !locked, errno != EINTR { break }
        }
        var manifest = ReportManifest.read(directory)
        if locked { removeLeftovers(in: directory, of: manifest.keys) }
        // Every existing file is checked before any is written. A file that already has the bytes brief would
        // write is left as it is (its time too): regenerating unchanged reports touches nothing.
        var unchanged: Set<String> = []
        // A name given twice is written once, with the last report of that name (as writing them in turn left it).
        let lastOfName = Dictionary(reports.indices.map { (reports[$0].name, $0) }, uniquingKeysWith: { $1 })
        let written = reports.indices.filter { lastOfName[reports[$0].name] == $0 }
        for i in written {
            let report = reports[i]
            let path = CorpusLoader.join(directory, report.name)
            guard let existing = FileManager.default.contents(atPath: path) else { continue }
            guard let recorded = manifest[report.name] else {
                throw Error(path: path, reason: "exists and was not written by brief; move it away or choose another --out")
            }
            // Compared in place: a copy of every report's bytes at once would double a large dossier in memory.
            let same = report.withBytes { bytes in
                existing.count == bytes.count && (bytes.isEmpty || existing.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
            }
            // The same bytes as the report have the report's hash.
            let known = same ? hashes?[i] : nil
            let hash = known ?? existing.withUnsafeBytes { contentHash($0) }
            guard recorded.contains(hash) else {
                throw Error(path: path, reason: "was edited since brief wrote it; move it away or choose another --out")
            }
            if same {
                unchanged.insert(report.name)
                manifest[report.name] = [hash]
            }
        }
        // Before a report is replaced, the manifest records its new hash beside the old one; once all are in place,
        // only the new. Stopped at any point (a crash, a folder in the way, a full disk), the folder holds only
        // files the manifest vouches for, and the next run goes on.
        let pending = written.filter { !unchanged.contains(reports[$0].name) }
        let pendingHashes = pending.map { i in hashes?[i] ?? reports[i].withBytes { contentHash($0) } }
        let manifestPath = CorpusLoader.join(directory, ReportManifest.fileName)
        // The folder is synced between the steps, so that a machine's crash cannot keep a later rename and lose an
        // earlier one (a journal keeps them in order; not every file system has one).
        func syncFolder() { if lock >= 0 { fsync(lock) } }
        if !pending.isEmpty {
            var during = manifest
            for (i, hash) in zip(pending, pendingHashes) { during[reports[i].name, default: []].append(hash) }
            let text = ReportManifest.text(during)
            if FileManager.default.contents(atPath: manifestPath) != text { try atomicWrite(text, to: manifestPath) }
            syncFolder()
        }
        // Then each report's bytes go to a temporary file and are synced, all at once, each on a thread of its own (a
        // sync waits on the disk, and syncs waited on together cost about one); only when all are on the disk is any
        // renamed into place, so that a report that cannot be written replaces none. After the manifest, which names
        // them: a run killed now leaves temporary files of names the manifest has, which the next run removes.
        let paths = pending.map { CorpusLoader.join(directory, reports[$0].name) }
        let temporaries = paths.map(temporaryPath(beside:))
        let failures = Mutex<[Int: Error]>([:])
        // Written from the reports' own bytes, each taken on its thread: a copy of each would double a large dossier
        // in memory.
        waitingTogether(pending.count) { k in
            if let error = reports[pending[k]].withBytes({ write($0, syncedTo: temporaries[k], for: paths[k]) }) {
                failures.withLock { $0[k] = error }
            }
        }
        if let error = failures.withLock({ $0.min(by: { $0.key < $1.key })?.value }) {
            for temporary in temporaries { unlink(temporary) }
            throw error
        }
        for (k, i) in pending.enumerated() {
            guard rename(temporaries[k], paths[k]) == 0 else {
                let error = cannotWrite(paths[k], errno)
                for temporary in temporaries[k...] { unlink(temporary) }
                throw error
            }
            manifest[reports[i].name] = [pendingHashes[k]]
        }
        if !pending.isEmpty { syncFolder() }
        let text = ReportManifest.text(manifest)
        if FileManager.default.contents(atPath: manifestPath) != text { try atomicWrite(text, to: manifestPath) }
        return Written(paths: reports.map { CorpusLoader.join(directory, $0.name) }, unchanged: unchanged.count)
    }

    /// Writes `data` to a temporary file beside `path`, syncs it to the disk, then renames it over `path`.
    ///
    /// Synced before the rename: after a crash, even of the machine, `path` holds its old bytes or all the new ones,
    /// never a file that the manifest's hash does not match (which would stop every later run as "edited").
    public static func atomicWrite(_ data: Data, to path: String) throws(Error) {
        if let error = data.withUnsafeBytes({ write($0, atomicallyTo: path) }) { throw error }
    }

    /// As ``atomicWrite(_:to:)``; returns why it failed, if it did.
    static func write(_ bytes: UnsafeRawBufferPointer, atomicallyTo path: String) -> Error? {
        let temporary = temporaryPath(beside: path)
        if let error = write(bytes, syncedTo: temporary, for: path) { return error }
        guard rename(temporary, path) == 0 else {
            let error = cannotWrite(path, errno)
            unlink(temporary)
            return error
        }
        return nil
    }

    /// Writes `bytes` to the file `temporary` and syncs it to the disk, for a rename over `path`; returns why it
    /// failed, if it did (and then leaves no file at `temporary`).
    static func write(_ bytes: UnsafeRawBufferPointer, syncedTo temporary: String, for path: String) -> Error? {
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { return cannotWrite(path, errno) }
        errno = 0
        var error: Int32 = 0
        if !writeFully(fd, bytes, at: 0) {
            error = errno == 0 ? EIO : errno
        } else if fsync(fd) != 0 {
            error = errno
        }
        if close(fd) != 0, error == 0, errno != EINTR { error = errno }
        guard error != 0 else { return nil }
        unlink(temporary)
        return cannotWrite(path, error)
    }

    private static func cannotWrite(_ path: String, _ error: Int32) -> Error {
        Error(path: path, reason: "cannot write: " + (error == EACCES || error == EROFS ? "the folder is not writable" : String(cString: strerror(error))))
    }

    /// The temporary file a write to `path` goes to before it is renamed: hidden, in the same folder (so that the
    /// rename is atomic), and of this process.
    static func temporaryPath(beside path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return CorpusLoader.join(dir.isEmpty ? "." : dir, ".\((path as NSString).lastPathComponent).\(getpid()).tmp")
    }

    /// Removes the temporary files of writes that never finished (a run killed between writing one and renaming
    /// it), as ``temporaryPath(beside:)`` names them: `.NAME.PID.tmp` of one of `names` (those the manifest
    /// records) or of the manifest. Called with the folder's lock held, so no run is writing there. Names are looked
    /// at as bytes: the folder may be a corpus's, of many thousand files.
    static func removeLeftovers(in directory: String, of names: some Sequence<String>) {
        let written = Set(names).union([ReportManifest.fileName])
        var leftovers: [String] = []
        _ = CorpusLoader.forEachEntry(in: directory) { name, _ in
            guard let stem = temporaryStem(name), let text = String(validating: stem, as: UTF8.self), written.contains(text) else { return }
            leftovers.append(String(decoding: name, as: UTF8.self))
        }
        for name in leftovers { unlink(CorpusLoader.join(directory, name)) }
    }

    /// The name a temporary file of ``temporaryPath(beside:)`` is for (`NAME` of `.NAME.PID.tmp`), or nil if
    /// `name` is not one.
    static func temporaryStem<C: BidirectionalCollection<UInt8>>(_ name: C) -> C.SubSequence? {
        let tmp = ".tmp".utf8
        guard name.first == UInt8(ascii: "."), name.count > tmp.count + 3, name.suffix(tmp.count).elementsEqual(tmp) else { return nil }
        let stem = name.dropFirst().dropLast(tmp.count)
        guard let dot = stem.lastIndex(of: UInt8(ascii: ".")), dot > stem.startIndex else { return nil }
        let pid = stem[stem.index(after: dot)...]
        guard !pid.isEmpty, pid.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return stem[..<dot]
    }

    /// FNV-1a 64 of the bytes, as 16 hex digits: enough to tell an edited file from the one brief wrote.
    static func contentHash(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { contentHash($0) }
    }

    static func contentHash(_ text: String) -> String {
        var text = text
        return text.withUTF8 { contentHash(UnsafeRawBufferPointer($0)) }
    }

    static func contentHash(_ bytes: UnsafeRawBufferPointer) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
