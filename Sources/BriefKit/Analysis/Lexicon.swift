import Foundation
import Yams

/// The data the analysis reads: theme definitions and the country registry, from a lexicon folder
/// (`themes.yaml`, `countries.yaml`).
public struct Lexicon: Sendable {
    public let themes: [ThemeDefinition]
    public let countries: CountryRegistry
    /// Every word the analysis knows: the fixed words first (their numbers as in ``Vocabulary/standard``), then
    /// the themes' terms and the countries' names.
    public let vocabulary: Vocabulary
    let words: FixedWords
    let themeScorer: ThemeScorer
    let countryMatcher: PhraseMatcher<(country: Int, kind: MentionKind)>

    public init(themes: [ThemeDefinition], countries: CountryRegistry) {
        self.themes = themes
        self.countries = countries
        var vocabulary = Vocabulary.standard.vocabulary
        words = Vocabulary.standard.words
        themeScorer = ThemeScorer(themes: themes, vocabulary: &vocabulary)
        countryMatcher = countries.matcher(vocabulary: &vocabulary)
        self.vocabulary = vocabulary
    }

    /// A problem in a lexicon file: `path:line:column: error: ...`.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int?
        public var column: Int?
        public var message: String

        public var description: String {
            var s = file
            if let line { s += ":\(line)" }
            if line != nil, let column { s += ":\(column)" }
            return s + ": error: " + message
        }
    }

    /// Loads `themes.yaml` and `countries.yaml` from `directory`.
    public static func load(directory: String) throws(Error) -> Lexicon {
        let themesPath = CorpusLoader.join(directory, "themes.yaml")
        let countriesPath = CorpusLoader.join(directory, "countries.yaml")
        let themes = try ThemeDefinition.parse(try node(at: themesPath), file: themesPath)
        let countries = try CountryRegistry.parse(try node(at: countriesPath), file: countriesPath)
        return Lexicon(themes: themes, countries: countries)
    }

    static func node(at path: String) throws(Error) -> Node {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error(file: path, message: "lexicon file is missing or unreadable")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Error(file: path, message: "lexicon file is not UTF-8")
        }
        do {
            guard let node = try GivenFields.compose(text) else { throw Error(file: path, message: "lexicon file is empty") }
            return node
        } catch let problem as GivenFields.Problem {
            throw Error(file: path, line: problem.line, column: problem.column, message: "\(problem.kind)")
        } catch let error as Error {
            throw error
        } catch {
            throw Error(file: path, message: "\(error)")
        }
    }
}

extension Node {
    /// The value of `key` in a mapping node.
    subscript(key key: String) -> Node? {
        mapping?.first { $0.key.string == key }?.value
    }
}

extension Lexicon.Error {
    init(_ file: String, _ node: Node?, _ message: String) {
        self.init(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message)
    }
}
