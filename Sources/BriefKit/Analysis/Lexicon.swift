import Foundation
import Yams

/// The data the analysis reads: theme definitions and the country registry, from a lexicon folder
/// (`themes.yaml`, `countries.yaml`).
///
/// Immutable, and a class: the analysis reads its tables at every token, through finders that each hold it, and a
/// struct of this many arrays is copied (a retain for each) wherever the optimizer cannot prove a copy needless.
public final class Lexicon: Sendable {
    public let themes: [ThemeDefinition]
    public let countries: CountryRegistry
    /// Every word the analysis knows: the fixed words first (their numbers as in ``Vocabulary/standard``), then
    /// the themes' terms and the countries' names.
    public let vocabulary: Vocabulary
    let words: FixedWords
    let themeScorer: ThemeScorer
    let countryMatcher: PhraseMatcher<(country: Int, kind: MentionKind)>
    public let entities: EntityRegistry
    /// Given names (محمد، أشرف): before a listed person's short name, they make it someone else's.
    let givenNames: IDSet
    let entityMatcher: PhraseMatcher<EntityHit>
    let roleMatcher: PhraseMatcher<Int>
    let verbMatcher: PhraseMatcher<Int>
    /// The registry's people by id (the first listed of an id): see ``person(id:)``.
    private let peopleByID: [String: Int]
    let nameStops: IDSet
    /// ``Token/starts`` bits by vocabulary number plus one (see ``KnownForms/bits(in:)``): which finders may start
    /// at the word.
    let startsByID: [UInt8]
    /// Nouns that make وقع/اتفق a signed agreement (وقع alone also means "happened").
    let agreementWords: IDSet
    /// Names this lexicon's content and the analysis rules (``Analyzer/rulesVersion``): two lexicons with the
    /// same fingerprint give the same findings, so findings are cached and merged under it.
    public let fingerprint: Fingerprint

    enum EntityHit: Sendable {
        /// `partial`: a name shorter than the person's full name (صبحي for صدقي صبحي), which other people share.
        case person(Int, partial: Bool)
        case named(Int)
    }

    public convenience init(themes: [ThemeDefinition], countries: CountryRegistry, entities: EntityRegistry = EntityRegistry()) {
        self.init(themes: themes, countries: countries, entities: entities, fingerprint: nil)
    }

    /// - Parameter content: the fingerprint of the files this lexicon was read from, if it was; else the fingerprint
    ///   is that of its values' descriptions (through reflection, which costs milliseconds at every start).
    /// - Parameter standard: the fixed words and their vocabulary to start from (``Vocabulary/standard``, or a copy
    ///   made afresh: see ``ownCopy()``).
    init(
        themes: [ThemeDefinition], countries: CountryRegistry, entities: EntityRegistry, fingerprint content: Fingerprint?,
        standard: (vocabulary: Vocabulary, words: FixedWords) = Vocabulary.standard
    ) {
        self.themes = themes
        self.countries = countries
        self.entities = entities
        var peopleByID: [String: Int] = [:]
        for (i, p) in entities.people.enumerated() where peopleByID[p.id] == nil { peopleByID[p.id] = i }
        self.peopleByID = peopleByID
        var vocabulary = standard.vocabulary
        words = standard.words
        // Each matcher takes a bit of ``Token/starts``, marked at the first words of its phrases (by number
        // plus one: place 0 stands for no word).
        var starts: [UInt8] = [0]
        var ts = ThemeScorer(themes: themes, vocabulary: &vocabulary)
        ts.matcher.markStarts(bit: Token.Start.theme, in: &starts)
        themeScorer = ts
        var cm = countries.matcher(vocabulary: &vocabulary)
        cm.markStarts(bit: Token.Start.country, in: &starts)
        countryMatcher = cm
        var em = PhraseMatcher<EntityHit>()
        func wordCount(_ s: String) -> Int { s.split(whereSeparator: { $0 == " " }).count }
        for (i, p) in entities.people.enumerated() {
            for n in p.names { em.add(n, payload: .person(i, partial: wordCount(n) < wordCount(p.nameArabic)), vocabulary: &vocabulary) }
        }
        for (i, e) in entities.named.enumerated() { for n in e.names { em.add(n, payload: .named(i), vocabulary: &vocabulary) } }
        em.markStarts(bit: Token.Start.entity, in: &starts)
        entityMatcher = em
        var rm = PhraseMatcher<Int>()
        for (i, head) in entities.roleHeads.enumerated() { rm.add(head, payload: i, vocabulary: &vocabulary) }
        rm.markStarts(bit: Token.Start.role, in: &starts)
        roleMatcher = rm
        var vm = PhraseMatcher<Int>()
        for (i, verb) in entities.verbs.enumerated() { vm.add(verb.text, payload: i, vocabulary: &vocabulary) }
        vm.markStarts(bit: Token.Start.verb, in: &starts)
        verbMatcher = vm
        nameStops = IDSet(entities.nameStops.map { vocabulary.add($0) })
        // Given names: those the file lists, and the first word of each listed person's full name.
        givenNames = IDSet((entities.givenNames + entities.people.compactMap { $0.nameArabic.split(separator: " ").first.map(String.init) }).map { vocabulary.add($0) })
        // With their accusative and plural forms: وقعت مصر وقطر اتفاقاً، اتفاقيات، مذكرات تفاهم.
        agreementWords = IDSet(
            ["اتفاق", "اتفاقا", "اتفاقات", "اتفاقية", "اتفاقيات", "مذكرة", "مذكرات", "مذكرتي", "مذكرتا", "بروتوكول", "بروتوكولا", "بروتوكولات"]
                .map { vocabulary.add($0) })
        // Bits for every word of the vocabulary, most of them none, in a power of two of places (see
        // ``KnownForms/bits(in:)``).
        var places = 1
        while places < vocabulary.count + 1 { places *= 2 }
        starts += repeatElement(0, count: places - starts.count)
        for id in 0..<Vocabulary.ID(vocabulary.count) {
            if words.dateStarts.contains(id) { starts[Int(id) + 1] |= Token.Start.date }
            if words.moneyStarts.contains(id) { starts[Int(id) + 1] |= Token.Start.money }
        }
        startsByID = starts
        self.vocabulary = vocabulary
        if let content {
            fingerprint = content
        } else {
            var h = Fingerprint.Hasher()
            h.combine(Analyzer.rulesVersion)
            h.combine("\(themes)")
            h.combine("\(countries.countries)")
            h.combine("\(entities.people)\(entities.named)\(entities.roleHeads)\(entities.nameStops)\(entities.verbs)")
            fingerprint = h.finalize()
        }
    }

    /// A lexicon equal to this one, made again, with tables of its own: the same words under the same numbers, the
    /// same matchers and marks, the same fingerprint. The analysis gives each thread at work its own (see
    /// `Analyzer`): threads that retain and release the same arrays, and the same lexicon, contend for the cache
    /// lines of their reference counts.
    func ownCopy() -> Lexicon {
        var vocabulary = Vocabulary()
        let words = FixedWords(into: &vocabulary)
        return Lexicon(themes: themes, countries: countries, entities: entities, fingerprint: fingerprint, standard: (vocabulary, words))
    }

    /// Marks each token with the bits of the finders that may start at it (see ``Token/starts``), for tokens made
    /// without a memo of this lexicon's (the analysis's memos mark tokens as the tokenizer makes them).
    func markStarts(_ tokens: inout [Token]) {
        startsByID.withUnsafeBufferPointer { table in
            for i in tokens.indices { tokens[i].starts = Token.Start.marks(of: tokens[i].forms, number: tokens[i].kind == .number, in: table) }
        }
    }

    /// The registry's person of `id` (the first listed, should two share it), if any: briefs look up the people
    /// an article names, one at a time.
    func person(id: String) -> EntityRegistry.Person? {
        peopleByID[id].map { entities.people[$0] }
    }

    /// A problem in a lexicon file: `path:line:column: error: ...`.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int?
        public var column: Int?
        public var message: String

        public var description: String { diagnostic(file: file, line: line, column: column, message: message) }
    }

    /// Loads `themes.yaml`, `countries.yaml` and, if present, `entities.yaml` from `directory`.
    public static func load(directory: String) throws(Error) -> Lexicon {
        let themesPath = CorpusLoader.join(directory, "themes.yaml")
        let countriesPath = CorpusLoader.join(directory, "countries.yaml")
        let entitiesPath = CorpusLoader.join(directory, "entities.yaml")
        // The fingerprint of a lexicon read from files is that of the files' bytes (and the rules' version): all
        // its values come from them.
        var content = Fingerprint.Hasher()
        content.combine(Analyzer.rulesVersion)
        let themes = try ThemeDefinition.parse(try node(at: themesPath, content: &content), file: themesPath)
        let countries = try CountryRegistry.parse(try node(at: countriesPath, content: &content), file: countriesPath)
        var entities = EntityRegistry()
        if FileManager.default.fileExists(atPath: entitiesPath) {
            entities = try EntityRegistry.parse(try node(at: entitiesPath, content: &content), file: entitiesPath)
        } else {
            content.combine("no entities.yaml")
        }
        return Lexicon(themes: themes, countries: countries, entities: entities, fingerprint: content.finalize())
    }

    /// The countries of the lexicon in `directory` alone (its `countries.yaml`, read and checked as ``load(directory:)``
    /// reads it): enough to check the countries a command names, without making the lexicon's tables.
    public static func countries(directory: String) throws(Error) -> CountryRegistry {
        let path = CorpusLoader.join(directory, "countries.yaml")
        var content = Fingerprint.Hasher()
        return try CountryRegistry.parse(try node(at: path, content: &content), file: path)
    }

    /// The YAML of a lexicon file, whose bytes go into `content` (each file's with its length: no two contents of
    /// the files run together alike).
    static func node(at path: String, content: inout Fingerprint.Hasher) throws(Error) -> Node {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error(file: path, message: "lexicon file is missing or unreadable")
        }
        data.withUnsafeBytes { content.combine($0) }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Error(file: path, message: "lexicon file is not UTF-8")
        }
        do {
            guard let node = try GivenFields.compose(text) else { throw Error(file: path, message: "lexicon file is empty") }
            return node
        } catch let problem as GivenFields.Problem {
            let message: String
            if case .frontMatter(let why) = problem.kind { message = "not valid YAML: \(why)" } else { message = CorpusError(file: path, kind: problem.kind).message }
            throw Error(file: path, line: problem.line, column: problem.column, message: message)
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

extension Node {
    /// Checks that a mapping holds only `allowed` keys (`what` names it in the message): a misspelt key (`exlude:`)
    /// would drop what it holds without a word, and so would a value with a comma written bare inside `{ ... }`
    /// (`role: { en: Chief of Staff, Pakistan }`), which YAML reads as a key of its own.
    func checkKeys(_ allowed: [String], of what: String, file: String) throws(Lexicon.Error) {
        guard let mapping else { return }
        for (key, value) in mapping {
            guard let name = key.string, !allowed.contains(name) else { continue }
            let bare = value.scalar.map { $0.string.isEmpty } ?? false
            throw Lexicon.Error(
                file, key,
                "unknown key '\(name)' in \(what) (expected \(allowed.map { "'\($0)'" }.joined(separator: ", ")))"
                    + (bare ? "; a value with a comma inside { ... } needs quotes" : ""))
        }
    }
}

extension Lexicon.Error {
    init(_ file: String, _ node: Node?, _ message: String) {
        self.init(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message)
    }
}
