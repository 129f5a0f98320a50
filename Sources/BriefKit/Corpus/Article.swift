/// One article of a corpus: its text as written, split into paragraphs, and what is known about it.
///
/// The article's text is never changed: paragraphs are the file's lines as written (less page furniture, which is
/// kept aside in ``furniture``), so that every citation points at words the source really printed.
public struct Article: Hashable, Sendable {
    /// The file's name without its extension; unique within a corpus.
    public var id: String
    /// The file's path relative to the corpus folder.
    public var file: String
    public var title: Field<String>
    /// A second headline line (deck), where the page printed one.
    public var subtitle: String?
    public var date: Field<PartialDate>
    public var source: Field<String>
    public var url: Field<String>
    public var lang: Field<String>
    public var author: Field<String>
    public var paragraphs: [Paragraph]
    /// Lines that were taken out of the text as page furniture, with why.
    public var furniture: [StrippedLine]

    public init(
        id: String, file: String, title: Field<String> = .unknown, subtitle: String? = nil,
        date: Field<PartialDate> = .unknown, source: Field<String> = .unknown, url: Field<String> = .unknown,
        lang: Field<String> = .unknown, author: Field<String> = .unknown, paragraphs: [Paragraph],
        furniture: [StrippedLine] = []
    ) {
        self.id = id
        self.file = file
        self.title = title
        self.subtitle = subtitle
        self.date = date
        self.source = source
        self.url = url
        self.lang = lang
        self.author = author
        self.paragraphs = paragraphs
        self.furniture = furniture
    }
}

/// What is known about an article once its text has been analysed: everything but the text itself, which briefs
/// quote only through the sentences their findings cite (``ArticleAnalysis/sentences``).
public struct ArticleInfo: Hashable, Sendable, Codable {
    public var id: String
    public var file: String
    public var title: Field<String>
    public var subtitle: String?
    public var date: Field<PartialDate>
    public var source: Field<String>
    public var url: Field<String>
    public var lang: Field<String>
    public var author: Field<String>
    /// How many paragraphs the text has.
    public var paragraphs: Int
    /// Bytes of UTF-8 in the paragraphs.
    public var bytes: Int
    public var furniture: [StrippedLine]
}

extension ArticleInfo {
    /// - Parameter a: borrowed: its fields are read, and the article is not copied to be passed.
    public init(_ a: borrowing Article) {
        // Through the memberwise initializer (which an initializer in the type's body would take away): set field by
        // field, the value was made in a local, then copied out and the local destroyed, a retain and a release of
        // each of its strings.
        self.init(
            id: a.id, file: a.file, title: a.title, subtitle: a.subtitle, date: a.date, source: a.source, url: a.url, lang: a.lang,
            author: a.author, paragraphs: a.paragraphs.count, bytes: a.paragraphs.reduce(0) { $0 + $1.text.utf8.count },
            furniture: a.furniture)
    }
}

/// A paragraph of an article's text, as written.
public struct Paragraph: Hashable, Sendable {
    /// 1-based position among the article's paragraphs: what citations show (¶).
    public var number: Int
    /// 1-based line of the file it was read from.
    public var line: Int
    public var text: String

    public init(number: Int, line: Int, text: String) {
        self.number = number
        self.line = line
        self.text = text
    }
}

/// A line of the file that is not article text (breadcrumbs, bylines, comment counters, subscription prompts...).
public struct StrippedLine: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case headline, subtitle, sectionLabel, breadcrumb, byline, dateline, category, comments, subscription, share
    }

    public var line: Int
    public var text: String
    public var kind: Kind
}

/// A metadata field and where its value came from.
public struct Field<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    public enum Origin: String, Hashable, Sendable, Codable { case given, inferred, unknown }

    public var value: Value?
    public var origin: Origin
    public var basis: FieldBasis?

    public static var unknown: Field { Field(value: nil, origin: .unknown, basis: nil) }

    public static func given(_ value: Value, _ basis: FieldBasis) -> Field {
        Field(value: value, origin: .given, basis: basis)
    }

    public static func inferred(_ value: Value, _ basis: FieldBasis) -> Field {
        Field(value: value, origin: .inferred, basis: basis)
    }
}

/// Where a given or inferred field value was found.
public enum FieldBasis: Hashable, Sendable, Codable {
    case frontMatter
    case metadataFile(String)
    case headline(line: Int)
    case dateline(line: Int)
    case byline(line: Int)
    /// The article's script, counted over its text.
    case script
}
