import Foundation

/// The JSON Lines record of one article, as `brief analyze` prints it: stable snake_case field names, ISO codes for
/// countries and currencies, money in base units, offsets in bytes of UTF-8 within the paragraph.
public struct AnalysisRecord: Encodable, Sendable {
    public struct FieldValue: Encodable, Sendable {
        var value: String?
        var origin: String
        var basis: String?
    }

    public struct ThemeScore: Encodable, Sendable {
        var theme: String
        var score: Int
        var threshold: Int
        var matched: Bool
        var evidence: [SentenceRef]
        var hits: [Hit]
    }

    public struct Hit: Encodable, Sendable {
        var term: String
        var weight: Int
        var paragraph: Int
        var start: Int
        var end: Int
    }

    public struct SentenceRef: Encodable, Sendable {
        var paragraph: Int
        var text: String
    }

    public struct CountryCount: Encodable, Sendable {
        var code: String
        var mentions: Int
        var kinds: [String]
    }

    public struct Figure: Encodable, Sendable {
        var value: Double
        var value_exact: String
        var currency: String?
        var text: String
        var approximate: Bool
        var paragraph: Int
        var start: Int
        var end: Int
        var trade: Trade?
    }

    public struct Trade: Encodable, Sendable {
        var kind: String
        var from: String?
        var to: String?
        var period: String?
        var period_basis: String?
    }

    public struct DateRecord: Encodable, Sendable {
        var date: String?
        var end: String?
        var precision: String?
        var basis: String
        var text: String
        var paragraph: Int
        var start: Int
        var end_offset: Int
    }

    public struct Person: Encodable, Sendable {
        var id: String?
        var name: String
        var english: String
        var romanized: Bool
        var title: String?
        var country: String?
        var paragraph: Int
    }

    public struct MeetingRecord: Encodable, Sendable {
        var cameo: String
        var kind: String
        var people: [String]
        var countries: [String]
        var place: String?
        var place_country: String?
        var date: String?
        var date_basis: String?
        var themes: [String]
        var paragraph: Int
        var sentence: String
    }

    public struct Furniture: Encodable, Sendable {
        var line: Int
        var kind: String
        var text: String
    }

    var file: String
    var id: String
    var title: FieldValue
    var date: FieldValue
    var author: FieldValue
    var lang: FieldValue
    var paragraphs: Int
    var themes: [String]
    var theme_scores: [ThemeScore]
    var countries: [String]
    var country_mentions: [CountryCount]
    var pair: [String]
    var figures: [Figure]
    var dates: [DateRecord]
    var furniture: [Furniture]
    var people: [Person]
    var entities: [String]
    var meetings: [MeetingRecord]
    var counts: [CountRecord]

    public struct CountRecord: Encodable, Sendable {
        var kind: String
        var value: Double
        var object: String
        var text: String
        var paragraph: Int
    }

    public init(_ a: ArticleAnalysis) {
        let article = a.article
        func field<V>(_ f: Field<V>, _ show: (V) -> String) -> FieldValue {
            let basis: String? = f.basis.map {
                switch $0 {
                case .frontMatter: return "front_matter"
                case .metadataFile(let name): return "metadata_file:\(name)"
                case .headline(let l): return "headline:line \(l)"
                case .dateline(let l): return "dateline:line \(l)"
                case .byline(let l): return "byline:line \(l)"
                case .script: return "script"
                }
            }
            return FieldValue(value: f.value.map(show), origin: f.origin.rawValue, basis: basis)
        }
        func paragraphText(_ sentence: Int) -> String { article.paragraphs[a.sentences[sentence].paragraph - 1].text }

        file = article.file
        id = article.id
        title = field(article.title) { $0 }
        date = field(article.date) { $0.description }
        author = field(article.author) { $0 }
        lang = field(article.lang) { $0 }
        paragraphs = article.paragraphs.count
        themes = a.matchedThemes
        theme_scores = a.themes.map { t in
            ThemeScore(
                theme: t.theme, score: t.score, threshold: t.threshold, matched: t.matched,
                evidence: t.evidence.map { SentenceRef(paragraph: a.sentences[$0].paragraph, text: a.sentences[$0].text) },
                hits: t.hits.map { Hit(term: $0.term, weight: $0.weight, paragraph: a.sentences[$0.sentence].paragraph, start: $0.range.lowerBound, end: $0.range.upperBound) })
        }
        countries = a.countries.map(\.code)
        country_mentions = a.countries.map { CountryCount(code: $0.code, mentions: $0.mentions, kinds: $0.kinds.map(\.rawValue).sorted()) }
        pair = a.pair
        figures = a.figures.map { f in
            Figure(
                value: f.value.doubleValue, value_exact: f.value.description, currency: f.currency,
                text: slice(paragraphText(f.sentence), f.range), approximate: f.approximate,
                paragraph: a.sentences[f.sentence].paragraph, start: f.range.lowerBound, end: f.range.upperBound,
                trade: f.trade.map { Trade(kind: $0.kind.rawValue, from: $0.from, to: $0.to, period: $0.period?.description, period_basis: $0.periodBasis?.rawValue) })
        }
        dates = a.dates.map { d in
            DateRecord(
                date: d.date?.description, end: d.end?.description, precision: d.date?.precision.rawValue, basis: d.basis.rawValue,
                text: slice(paragraphText(d.sentence), d.range), paragraph: a.sentences[d.sentence].paragraph,
                start: d.range.lowerBound, end_offset: d.range.upperBound)
        }
        furniture = article.furniture.map { Furniture(line: $0.line, kind: $0.kind.rawValue, text: $0.text) }
        people = a.people.map { Person(id: $0.id, name: $0.name, english: $0.english, romanized: $0.romanized, title: $0.title, country: $0.country, paragraph: a.sentences[$0.sentence].paragraph) }
        entities = a.named
        counts = a.counts.map { c in
            CountRecord(kind: c.kind.rawValue, value: c.value.doubleValue, object: c.object, text: slice(paragraphText(c.sentence), c.range), paragraph: a.sentences[c.sentence].paragraph)
        }
        meetings = a.meetings.map { m in
            MeetingRecord(
                cameo: m.verb.code, kind: m.verb.english, people: m.people, countries: m.countries, place: m.place, place_country: m.placeCountry,
                date: m.date?.description, date_basis: m.dateBasis?.rawValue, themes: m.themes, paragraph: a.sentences[m.sentence].paragraph,
                sentence: a.sentences[m.sentence].text)
        }
    }

    /// One line of JSON, keys sorted, no trailing newline.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
