import Foundation
import Synchronization
import Testing

@testable import BriefKit

/// Broken and hostile input, end to end through the real binary: each case's exit status, a message naming the
/// file (and line), and the other articles' reports still written.
@Suite(.serialized) struct BadInputTests {
    static let good = "مصر وباكستان تبحثان التعاون\n\nبحث مسؤولون من مصر وباكستان تعزيز التعاون في مجال التصنيع العسكري.\n"

    /// A corpus with one good article and every kind of bad file.
    func badCorpus() throws -> String {
        let dir = temporaryDirectory()
        func put(_ name: String, _ bytes: [UInt8]) { write(Data(bytes), to: dir + "/" + name) }
        put("a-good.md", Array(("---\ndate: 2025-11-24\n---\n" + Self.good).utf8))
        put("b-invalid-utf8.txt", [0xD9, 0x85, 0xD8, 0x28, 0x0A])
        put("c-utf16.txt", [0xFF, 0xFE] + Array("مصر".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        put("d-empty.txt", [])
        put("e-whitespace.txt", Array(" \n\t\n  \r\n".utf8))
        put("f-binary.txt", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00])
        put("g-front-matter.txt", Array("---\ntitle: [oops\n---\nنص.\n".utf8))
        put("h-bad-date.txt", Array("---\ndate: 2025-02-30\n---\nنص.\n".utf8))
        put("a-good.txt", Array(Self.good.utf8))  // the same id as a-good.md
        try FileManager.default.createSymbolicLink(atPath: dir + "/i-loop.txt", withDestinationPath: dir + "/i-loop.txt")
        mkfifo(dir + "/j-fifo.txt", 0o644)
        return dir
    }

    @Test func everyBadFileIsNamedAndTheGoodOneIsRendered() throws {
        let corpus = try badCorpus()
        let out = temporaryDirectory()
        let run = try runBrief(["weekly", "--corpus", corpus, "--out", out])
        #expect(run.status == 3)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        let expected: [(String, String)] = [
            ("b-invalid-utf8.txt", "not valid UTF-8 (first bad byte at offset 2)"),
            ("c-utf16.txt", "the file is UTF-16; convert it to UTF-8"),
            ("d-empty.txt", "the file has no text"),
            ("e-whitespace.txt", "the file has no text"),
            ("f-binary.txt", "the file is binary"),
            ("g-front-matter.txt:3:1", "malformed front matter"),
            ("h-bad-date.txt:2:7", "'2025-02-30' is not a date"),
            ("a-good.txt", "another file has the same article id"),
            ("i-loop.txt", "Too many levels of symbolic links"),
            ("j-fifo.txt", "not a regular file"),
        ]
        for (file, message) in expected {
            #expect(lines.contains { $0.contains("/" + file) && $0.contains(message) }, "no line for \(file): \(message)\n\(run.stderr)")
        }
        #expect(lines.last == "brief: wrote 5 files to \(out) from 1 article; 10 skipped")
        let md = try #require(read(out + "/weekly-2025-W48.en.md"))
        #expect(md.contains("## Files not read"))
        #expect(md.contains("j-fifo.txt"))
        #expect(ReportChecker.check(paths: [out]).problems.isEmpty)
    }

    @Test func hostileTextAndFrontMatterCannotReachTheMarkup() throws {
        let corpus = temporaryDirectory()
        let hostile = """
            ---
            title: "<script>alert(1)</script> *x* [a](javascript:alert(1))"
            date: 2025-11-24
            source: "<img src=x onerror=alert(1)>"
            url: "javascript:alert(1)"
            author: "**bold** <b onclick=x()>"
            ---
            # عنوان *مائل* [رابط](javascript:alert(1)) <script>alert(1)</script>
            أكدت مصر وباكستان أهمية التعاون في مكافحة الإرهاب <img src=x onerror=alert(1)> و\u{202E}مصر\u{202C} وبحثا صفقة أسلحة \u{200B}بقيمة 104 ملايين دولار.
            <a href="javascript:alert(1)" onclick="x()">رابط</a> ![صورة](javascript:alert(1)) <https://evil.example/x> &lt;b&gt; \\<i>
            """
        write(hostile, to: corpus + "/hostile.txt")
        let out = temporaryDirectory()
        let weekly = try runBrief(["weekly", "--corpus", corpus, "--out", out])
        #expect(weekly.status == 0, "\(weekly.stderr)")
        let dossier = try runBrief(["dossier", "eg", "--corpus", corpus, "--out", out])
        #expect(dossier.status == 0, "\(dossier.stderr)")
        let result = ReportChecker.check(paths: [out])
        #expect(result.problems.filter { SafetyProbe.forbidden.contains($0.kind) }.isEmpty, "\(result.problems)")
        for name in try FileManager.default.contentsOfDirectory(atPath: out) where name.hasSuffix(".html") {
            let html = try #require(read(out + "/" + name))
            #expect(!html.contains("<script"))
            #expect(!html.contains("<img"))
            #expect(!html.contains("javascript:alert(1)\""))
            #expect(!html.contains("\u{202E}"))
            if name.contains(".en.") { #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(name) lost the literal text") }
        }
    }

    @Test func brokenTemplatesNameFileLineAndColumn() throws {
        let templates = temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: workspace.templates) {
            try FileManager.default.copyItem(atPath: workspace.templates + "/" + name, toPath: templates + "/" + name)
        }
        var text = try #require(read(templates + "/weekly.en.md.mustache"))
        write(text.replacingOccurrences(of: "{{/themes}}", with: "{{/themse}}"), to: templates + "/weekly.en.md.mustache")
        let syntax = try runBrief(["weekly", "--templates", templates, "--out", temporaryDirectory()])
        #expect(syntax.status == 1)
        #expect(syntax.stderr.contains(templates + "/weekly.en.md.mustache:"), "\(syntax.stderr)")
        #expect(syntax.stderr.contains(": error: template syntax error: a closing tag {{/...}} does not name the section it closes"))
        // A section never closed is named where it opens, not at the end of the file where the parser stops.
        let opening = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("{{#themes}}") })
        write(text.replacingOccurrences(of: "{{/themes}}", with: ""), to: templates + "/weekly.en.md.mustache")
        let unclosed = try runBrief(["weekly", "--templates", templates, "--out", temporaryDirectory()])
        #expect(unclosed.stderr.hasPrefix("\(templates)/weekly.en.md.mustache:\(opening + 1):1: error: template syntax error: section '{{#themes}}' is never closed with {{/themes}}"), "\(unclosed.stderr)")
        // A command parses the templates it renders, and only those: the Arabic weekly and the dossiers do not
        // stop at the English weekly's error.
        for arguments in [["weekly", "--lang", "ar", "--out", temporaryDirectory()], ["dossier", "eg", "--out", temporaryDirectory()], ["analyze"]] {
            let other = try runBrief(arguments + ["--templates", templates])
            #expect(other.status == 0, "\(arguments): \(other.stderr)")
        }

        text = try #require(read(workspace.templates + "/weekly.en.md.mustache"))
        write(text.replacingOccurrences(of: "{{overview}}", with: "{{overveiw}}"), to: templates + "/weekly.en.md.mustache")
        let key = try runBrief(["weekly", "--templates", templates, "--out", temporaryDirectory()])
        #expect(key.status == 1)
        #expect(key.stderr.contains(templates + "/weekly.en.md.mustache:4:13: error:"), "\(key.stderr)")
        #expect(key.stderr.contains("template uses 'overveiw', which the view model does not have"))
    }

    /// Control characters of article text (ESC, BEL, C1) reach neither a report nor the terminal, and a file name with
    /// a line break is still one line of stderr.
    @Test func controlCharactersReachNeitherReportsNorTheTerminal() throws {
        let corpus = temporaryDirectory()
        let seed = try #require(read(workspace.seeds + "/001_f432889fd39d612c.txt"))
        write("---\ndate: 2025-11-25\ntitle: \"T\\e[31mX\\a\"\n---\n" + seed.replacingOccurrences(of: "،", with: "\u{1B}[2J\u{7}\u{1}\u{85}،"), to: corpus + "/a.txt")
        write(Data([0xFF, 0xFE, 0x41, 0x00]), to: corpus + "/bad\nname\u{1B}[31m.txt")
        let out = temporaryDirectory()
        let run = try runBrief(["weekly", "--corpus", corpus, "--out", out, "--no-cache"])
        #expect(run.status == 3)
        #expect(run.stderr.split(separator: "\n").first == "\(corpus)/bad\\nname\\u{1B}[31m.txt: error: the file is UTF-16; convert it to UTF-8", "\(run.stderr)")
        #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B })
        for name in try FileManager.default.contentsOfDirectory(atPath: out) where !name.hasPrefix(".") {
            let text = try #require(read(out + "/" + name))
            #expect(!text.unicodeScalars.contains { [0x1B, 0x07, 0x01, 0x85].contains($0.value) }, "\(name)")
        }
        #expect(ReportChecker.check(paths: [out]).problems.isEmpty)
    }

    /// An unclosed section is found at its line, however the template's lines end.
    @Test func anUnclosedSectionIsFoundAtItsLine() {
        let open = TemplateSet.unclosedSection(in: "# Title\r\n{{#a}}x{{/a}}\r\n\r\nعنوان {{^b}}\r\n{{#c}}{{/c}}\r\n")
        #expect(open.map { [$0.tag, "\($0.line)", "\($0.column)"] } == ["{{^b}}", "4", "7"])
    }

    /// A lexicon file that is not valid YAML is named at its line and column, in words.
    @Test func aBrokenLexiconIsNamedAtItsLine() throws {
        let lexicons = temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: workspace.lexicons) {
            try FileManager.default.copyItem(atPath: workspace.lexicons + "/" + name, toPath: lexicons + "/" + name)
        }
        let themes = try #require(read(lexicons + "/themes.yaml"))
        write(themes + "  - broken: [\n", to: lexicons + "/themes.yaml")
        let run = try runBrief(["weekly", "--lexicons", lexicons, "--out", temporaryDirectory(), "--no-cache"])
        #expect(run.status == 1)
        let lines = themes.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(run.stderr.hasPrefix("\(lexicons)/themes.yaml:\(lines + 1):1: error: not valid YAML: "), "\(run.stderr)")
        #expect(!run.stderr.contains("frontMatter("))
    }

    @Test func outputThatCannotOrMustNotBeWritten() throws {
        let file = temporaryDirectory() + "/plain-file"
        write("x", to: file)
        let unwritable = try runBrief(["weekly", "--out", file + "/sub"])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("\(file)/sub: error: cannot create the output folder"))

        // A file brief did not write is never overwritten.
        let out = temporaryDirectory()
        write("my notes", to: out + "/weekly-2025-W48.en.md")
        let foreign = try runBrief(["weekly", "--out", out])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("\(out)/weekly-2025-W48.en.md: error: exists and was not written by brief"))
        #expect(read(out + "/weekly-2025-W48.en.md") == "my notes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["weekly-2025-W48.en.md"])  // nothing else written

        // Its own files it rewrites; an edited one it leaves alone.
        let own = temporaryDirectory()
        #expect(try runBrief(["weekly", "--out", own]).status == 0)
        #expect(try runBrief(["weekly", "--out", own]).status == 0)
        write("edited", to: own + "/weekly-2025-W48.ar.md")
        let edited = try runBrief(["weekly", "--out", own])
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("was edited since brief wrote it"))
    }

    /// Reports written inside the corpus, in a folder of it or in the corpus folder itself, are not read back as
    /// articles by the next run, with the cache (its folder listings) or without: the reports stay those of the
    /// seeds.
    @Test func reportsWrittenInsideTheCorpusAreNotArticles() throws {
        let corpus = temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: workspace.seeds) where !name.hasPrefix(".") {
            try FileManager.default.copyItem(atPath: workspace.seeds + "/" + name, toPath: corpus + "/" + name)
        }
        let cache = temporaryDirectory()
        for out in [corpus + "/briefs", corpus] {
            for arguments in [["--no-cache"], ["--no-cache"], [], []] {
                let run = try runBrief(["weekly", "--corpus", corpus, "--out", out] + arguments, cache: cache)
                #expect(run.status == 0, "\(run.stderr)")
                #expect(run.stderr.contains(" from 5 articles"), "\(out) \(arguments): \(run.stderr)")
            }
            for name in ["weekly-2025-W48.en.md", "weekly-2025-W48.ar.md"] {
                #expect(read(out + "/" + name) == read(workspace.reports + "/" + name), "\(out)/\(name)")
            }
        }
    }

    /// The temporary files of a run killed mid-write are removed by the next write to the folder; hidden files
    /// brief did not make are left alone.
    @Test func leftoversOfAKilledRunAreRemoved() throws {
        let dir = temporaryDirectory()
        let reports = [RenderedReport(name: "a.md", contents: "# A\n")]
        _ = try ReportWriter.write(reports, to: dir)
        let leftovers = [".a.md.99999.tmp", "..brief-manifest.42.tmp"]
        let others = [".notes.7.tmp", ".a.md.tmp", ".a.md.x1.tmp"]
        for name in leftovers + others { write("partial", to: dir + "/" + name) }
        _ = try ReportWriter.write(reports, to: dir)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ([ReportManifest.fileName, "a.md"] + others).sorted())
    }

    /// Two writers to one folder at once (a weekly and a dossier started together) both end up in its manifest.
    @Test func writersToOneFolderAtOnceKeepEachOthersFiles() throws {
        for round in 0..<40 {
            let dir = temporaryDirectory() + "/\(round)"
            let sets = (0..<2).map { w in (0..<3).map { RenderedReport(name: "w\(w)-\($0).md", contents: "# \(w) \($0) \(round)\n") } }
            let errors = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { w in
                do { _ = try ReportWriter.write(sets[w], to: dir) } catch { errors.withLock { $0.append("\(error)") } }
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.sorted()
            let failed = errors.withLock { $0 }
            #expect(failed.isEmpty && files.count == 6 && ReportManifest.read(dir).keys.sorted() == files, "round \(round): \(failed) \(ReportManifest.read(dir).keys.sorted())")
        }
    }

    @Test func unchangedReportsAreLeftAsTheyAre() throws {
        func inode(_ path: String) -> UInt64 {
            var info = stat()
            return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
        }
        let dir = temporaryDirectory()
        let first = [RenderedReport(name: "a.md", contents: "# A\n"), RenderedReport(name: "b.md", contents: "# B\n")]
        _ = try ReportWriter.write(first, to: dir)
        let (a, b, manifest) = (inode(dir + "/a.md"), inode(dir + "/b.md"), read(dir + "/" + ReportManifest.fileName))
        // Written again with one report changed: only that one is replaced (a rename gives it a new inode).
        let second = [RenderedReport(name: "a.md", contents: "# A\n"), RenderedReport(name: "b.md", contents: "# B, again\n")]
        #expect(try ReportWriter.write(second, to: dir) == [dir + "/a.md", dir + "/b.md"])
        #expect(inode(dir + "/a.md") == a)
        #expect(inode(dir + "/b.md") != b)
        #expect(read(dir + "/b.md") == "# B, again\n")
        #expect(read(dir + "/" + ReportManifest.fileName) != manifest)
        #expect(ReportManifest.read(dir)["b.md"] == [ReportWriter.contentHash(Array("# B, again\n".utf8))])
        // An edited file still stops the run, even when brief would write what it wrote before.
        write("# A, edited\n", to: dir + "/a.md")
        #expect(throws: ReportWriter.Error.self) { try ReportWriter.write(second, to: dir) }
    }

    /// A report that cannot be written stops the run with an error naming it; the file that was there keeps its
    /// bytes, and no temporary file is left behind. (The tests run as root, whom a folder's permissions do not stop:
    /// folders stand in the way instead.)
    @Test func aReportThatCannotBeWrittenLeavesTheFolderAsItWas() throws {
        let dir = temporaryDirectory()
        _ = try ReportWriter.write([RenderedReport(name: "a.md", contents: "# A\n")], to: dir)
        let again = [RenderedReport(name: "a.md", contents: "# A, again\n")]
        // The temporary file's name taken by a folder: nothing can be written.
        let blocked = ReportWriter.temporaryPath(beside: dir + "/a.md")
        try FileManager.default.createDirectory(atPath: blocked, withIntermediateDirectories: false)
        let opening = #expect(throws: ReportWriter.Error.self) { try ReportWriter.write(again, to: dir) }
        #expect(opening?.description == "\(dir)/a.md: error: cannot write: Is a directory")
        #expect(read(dir + "/a.md") == "# A\n")
        try FileManager.default.removeItem(atPath: blocked)
        // A folder where a new report goes: its bytes are written and synced, and the rename fails.
        try FileManager.default.createDirectory(atPath: dir + "/b.md/inside", withIntermediateDirectories: true)
        let renaming = #expect(throws: ReportWriter.Error.self) {
            try ReportWriter.write(again + [RenderedReport(name: "b.md", contents: "# B\n")], to: dir)
        }
        #expect(renaming?.description.hasPrefix("\(dir)/b.md: error: cannot write: ") == true, "\(String(describing: renaming))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == [ReportManifest.fileName, "a.md", "b.md"])
        #expect(read(dir + "/a.md") == "# A, again\n")
        // The manifest as it stood while the reports were replaced, as a crash would leave it: the old hash and the
        // new of each report being written.
        let hash = { (text: String) in ReportWriter.contentHash(Array(text.utf8)) }
        let during = ReportManifest.read(dir)
        #expect(during["a.md"].map(Set.init) == [hash("# A\n"), hash("# A, again\n")] && during["b.md"] == [hash("# B\n")], "\(during)")
        // So the report written before the failure is brief's still: once the way is clear, the next run goes on,
        // and leaves one hash a report.
        try FileManager.default.removeItem(atPath: dir + "/b.md")
        #expect(throws: Never.self) { try ReportWriter.write(again + [RenderedReport(name: "b.md", contents: "# B\n")], to: dir) }
        #expect(read(dir + "/b.md") == "# B\n")
        #expect(ReportManifest.read(dir) == ["a.md": [hash("# A, again\n")], "b.md": [hash("# B\n")]])
    }

    /// Every report is written and synced before any is renamed into place: one that cannot be written (here the
    /// last) leaves the others as they were, and no temporary file behind.
    @Test func aReportThatCannotBeWrittenReplacesNone() throws {
        let dir = temporaryDirectory()
        let names = ["a.md", "b.md", "c.md"]
        _ = try ReportWriter.write(names.map { RenderedReport(name: $0, contents: "# \($0)\n") }, to: dir)
        let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        try FileManager.default.createDirectory(atPath: ReportWriter.temporaryPath(beside: dir + "/c.md"), withIntermediateDirectories: false)
        let failed = #expect(throws: ReportWriter.Error.self) {
            try ReportWriter.write(names.map { RenderedReport(name: $0, contents: "# \($0), again\n") }, to: dir)
        }
        #expect(failed?.description == "\(dir)/c.md: error: cannot write: Is a directory")
        for name in names { #expect(read(dir + "/" + name) == "# \(name)\n", "\(name)") }
        try FileManager.default.removeItem(atPath: ReportWriter.temporaryPath(beside: dir + "/c.md"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == before)
        // Once the way is clear, all three are written.
        _ = try ReportWriter.write(names.map { RenderedReport(name: $0, contents: "# \($0), again\n") }, to: dir)
        for name in names { #expect(read(dir + "/" + name) == "# \(name), again\n", "\(name)") }
    }

    /// A run killed while its reports' temporary files were on the disk had first recorded their names in the
    /// manifest: a later run removes them, whatever it writes itself.
    @Test func leftoversOfNamesTheManifestRecordsAreRemovedByAnyLaterRun() throws {
        let dir = temporaryDirectory()
        _ = try ReportWriter.write([RenderedReport(name: "a.md", contents: "# A\n")], to: dir)
        // As a run killed between its manifest and its renames leaves the folder: new.md recorded, not yet there.
        let hash = ReportWriter.contentHash(Array("# New\n".utf8))
        var manifest = ReportManifest.read(dir)
        manifest["new.md"] = [hash]
        try ReportManifest.text(manifest).write(to: URL(fileURLWithPath: dir + "/" + ReportManifest.fileName))
        write("# New, half writ", to: dir + "/.new.md.99999.tmp")
        _ = try ReportWriter.write([RenderedReport(name: "b.md", contents: "# B\n")], to: dir)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == [ReportManifest.fileName, "a.md", "b.md"])
    }

    /// More reports than threads, and a name given twice (the last of that name is written).
    @Test func manyReportsAreAllWrittenAndANameTwiceOnce() throws {
        let dir = temporaryDirectory()
        let reports = (0..<50).map { RenderedReport(name: "r\($0).md", contents: String(repeating: "# \($0)\n", count: $0 * 100 + 1)) }
        let twice = [RenderedReport(name: "r7.md", contents: "# first\n"), RenderedReport(name: "r7.md", contents: "# last\n")]
        _ = try ReportWriter.write(reports + twice, to: dir)
        for (i, report) in reports.enumerated() where i != 7 { #expect(read(dir + "/" + report.name) == report.contents, "\(report.name)") }
        #expect(read(dir + "/r7.md") == "# last\n")
        #expect(ReportManifest.read(dir)["r7.md"] == [ReportWriter.contentHash(Array("# last\n".utf8))])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") } == [ReportManifest.fileName])
    }

    @Test func committedManifestMatchesReports() throws {
        let manifest = ReportManifest.read(workspace.reports)
        let files = try FileManager.default.contentsOfDirectory(atPath: workspace.reports).filter { !$0.hasPrefix(".") }.sorted()
        #expect(manifest.keys.sorted() == files)
        for file in files {
            let bytes = try #require(FileManager.default.contents(atPath: workspace.reports + "/" + file))
            #expect(manifest[file] == [ReportWriter.contentHash([UInt8](bytes))], "reports/.brief-manifest is stale for \(file)")
        }
    }
}
