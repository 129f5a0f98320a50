import Foundation
import Testing

@testable import BriefKit

/// The checkout this test file belongs to.
let projectRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

let workspace = Workspace(root: projectRoot)

/// The project's lexicon, loaded once.
let lexicon: Lexicon = {
    do {
        return try Lexicon.load(directory: workspace.lexicons)
    } catch {
        fatalError("\(error)")
    }
}()

let analyzer = Analyzer(lexicon: lexicon)

/// The seed corpus, analysed once.
let seedPipeline: Pipeline = {
    do {
        return try Pipeline(corpus: workspace.seeds, lexicons: workspace.lexicons, templates: workspace.templates)
    } catch {
        fatalError("\(error)")
    }
}()

/// The seed corpus as loaded (texts and all), for tests that need the articles themselves.
let seedCorpus: Corpus = {
    do {
        return try CorpusLoader.load(directory: workspace.seeds)
    } catch {
        fatalError("\(error)")
    }
}()

func seedArticle(_ prefix: String) -> Article {
    seedCorpus.articles.first { $0.id.hasPrefix(prefix) }!
}

func seed(_ prefix: String) -> ArticleAnalysis {
    seedPipeline.analyses.first { $0.article.id.hasPrefix(prefix) }!
}

/// An article made of the given paragraphs, as if read from a file.
func article(_ paragraphs: [String], id: String = "test", date: PartialDate? = nil) -> Article {
    var a = Article(id: id, file: id + ".txt", paragraphs: paragraphs.enumerated().map { Paragraph(number: $0.offset + 1, line: $0.offset + 1, text: $0.element) })
    if let date { a.date = .given(date, .frontMatter) }
    return a
}

func analyze(_ paragraphs: String..., date: PartialDate? = nil) -> ArticleAnalysis {
    analyzer.analyze(article(paragraphs, date: date))
}

/// A new empty folder under the system's temporary folder.
func temporaryDirectory(_ name: String = #function) -> String {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("brief-tests-\(getpid())")
    let dir = base.appendingPathComponent(name.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString.prefix(8))
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
}

/// Writes a test's input file; a file that cannot be written stops the tests there, not at a later, puzzling check.
func write(_ text: String, to path: String) {
    write(Data(text.utf8), to: path)
}

func write<D: DataProtocol>(_ bytes: D, to path: String) {
    precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "the tests could not write \(path)")
}

func read(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
}
