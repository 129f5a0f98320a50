import Foundation
import Yams

/// Precision and recall of the analysis against a labelled set (`brief evaluate`).
public struct Evaluation: Sendable {
    /// One labelled case: a text and what a careful reader finds in it. A field left out is not evaluated.
    public struct Case: Sendable {
        public var id: String
        public var article: Article
        public var themes: Set<String>?
        public var countries: Set<String>?
        public var money: Set<String>?
        public var dates: Set<String>?
        /// English names (a person outside the registry: as a careful transliteration would write it).
        public var people: Set<String>?
        /// `CAMEO@paragraph` of each distinct meeting.
        public var meetings: Set<String>?
    }

    /// True and false positives and false negatives of one measure.
    public struct Score: Sendable, Equatable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0

        public var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
        public var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }

        mutating func add(expected: Set<String>, found: Set<String>) {
            truePositives += expected.intersection(found).count
            falsePositives += found.subtracting(expected).count
            falseNegatives += expected.subtracting(found).count
        }
    }

    /// Scores by name: `theme:counterterrorism`, `countries`, `money`, `dates`, `people`, `meetings`, in a stable order.
    public var scores: [(name: String, score: Score)]
    /// Case by case, what was missed or found wrongly.
    public var errors: [String]

    public subscript(name: String) -> Score? { scores.first { $0.name == name }?.score }

    /// Reads a labelled set (see `Tests/BriefKitTests/Evaluation/cases.yaml`); `file` paths are relative to `root`.
    public static func load(_ path: String, root: String) throws -> [Case] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Lexicon.Error(file: path, message: "cannot read the evaluation set")
        }
        guard let list = try Yams.compose(yaml: text)?[key: "cases"]?.sequence else {
            throw Lexicon.Error(file: path, message: "expected a 'cases:' list")
        }
        return try list.map { node in
            guard let id = node[key: "id"]?.string else { throw Lexicon.Error(path, node, "a case needs an 'id'") }
            var article: Article
            if let file = node[key: "file"]?.string {
                let full = CorpusLoader.join(root, file)
                guard let bytes = FileManager.default.contents(atPath: full),
                    case .success(let a) = CorpusLoader.parse(bytes: [UInt8](bytes), id: id, file: file, path: full)
                else { throw Lexicon.Error(path, node, "case '\(id)': cannot read \(file)") }
                article = a
            } else if let text = node[key: "text"]?.string {
                let paragraphs = text.split(separator: "\n").enumerated().map { Paragraph(number: $0.offset + 1, line: $0.offset + 1, text: String($0.element)) }
                article = Article(id: id, file: id, paragraphs: paragraphs)
            } else {
                throw Lexicon.Error(path, node, "case '\(id)' needs 'file' or 'text'")
            }
            if let date = node[key: "date"]?.string.flatMap(PartialDate.init(iso:)) { article.date = .given(date, .frontMatter) }
            func set(_ key: String) -> Set<String>? { node[key: key]?.sequence.map { Set($0.compactMap(\.string)) } }
            return Case(id: id, article: article, themes: set("themes"), countries: set("countries"), money: set("money"), dates: set("dates"), people: set("people"), meetings: set("meetings"))
        }
    }

    /// Analyses every case and scores it.
    public init(cases: [Case], analyzer: Analyzer) {
        var byName: [String: Score] = [:]
        var errors: [String] = []
        let themeIDs = analyzer.lexicon.themes.map(\.id)
        for c in cases {
            let a = analyzer.analyze(c.article)
            func compare(_ name: String, _ expected: Set<String>?, _ found: Set<String>) {
                guard let expected else { return }
                byName[name, default: Score()].add(expected: expected, found: found)
                let missed = expected.subtracting(found).sorted()
                let wrong = found.subtracting(expected).sorted()
                if !missed.isEmpty { errors.append("\(c.id): \(name) missed \(missed.joined(separator: ", "))") }
                if !wrong.isEmpty { errors.append("\(c.id): \(name) found wrongly \(wrong.joined(separator: ", "))") }
            }
            if let expected = c.themes {
                for id in themeIDs {
                    compare("theme:\(id)", expected.contains(id) ? [id] : [], a.matchedThemes.contains(id) ? [id] : [])
                }
            }
            compare("countries", c.countries, Set(a.countries.map(\.code)))
            compare("money", c.money, Set(a.figures.map { "\($0.value) \($0.currency ?? "?")" }))
            compare("dates", c.dates, Set(a.dates.compactMap { $0.date?.description }))
            compare("people", c.people, Set(a.people.map(\.english)))
            compare("meetings", c.meetings, Set(a.meetings.map { "\($0.verb.code)@\(a.sentence($0.sentence).paragraph)" }))
        }
        let order = themeIDs.map { "theme:\($0)" } + ["countries", "money", "dates", "people", "meetings"]
        scores = order.compactMap { name in byName[name].map { (name, $0) } }
        self.errors = errors
    }

    /// The table `brief evaluate` prints.
    public var table: String {
        var lines = ["| measure | precision | recall | TP | FP | FN |", "|---|---|---|---|---|---|"]
        for (name, s) in scores {
            lines.append("| \(name) | \(String(format: "%.2f", s.precision)) | \(String(format: "%.2f", s.recall)) | \(s.truePositives) | \(s.falsePositives) | \(s.falseNegatives) |")
        }
        return lines.joined(separator: "\n")
    }
}
