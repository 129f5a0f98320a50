import Yams

/// People, organisations and named events of `lexicons/entities.yaml`, with the words that open a title and the
/// verbs of meetings.
public struct EntityRegistry: Sendable {
    public struct Person: Hashable, Sendable {
        public var id: String
        public var nameEnglish: String
        public var nameArabic: String
        public var names: [String]
        public var country: String?
        public var roleEnglish: String?
        public var roleArabic: String?
    }

    public struct Named: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable { case organization, event }
        public var kind: Kind
        public var id: String
        public var nameEnglish: String
        public var nameArabic: String
        public var names: [String]
    }

    public struct Verb: Hashable, Sendable, Codable {
        public var text: String
        /// CAMEO code: 036 invite, 040 consult (call), 042 visit, 043 host, 044 meet, 046 negotiate, 057 sign.
        public var code: String
        public var english: String
        public var arabic: String
    }

    public var people: [Person] = []
    public var named: [Named] = []
    public var roleHeads: [String] = []
    public var nameStops: [String] = []
    public var givenNames: [String] = []
    public var verbs: [Verb] = []

    public init() {}

    static func parse(_ root: Node, file: String) throws(Lexicon.Error) -> EntityRegistry {
        var r = EntityRegistry()
        func strings(_ node: Node?) -> [String] { node?.sequence?.compactMap(\.string) ?? [] }
        try root.checkKeys(["people", "organizations", "events", "role_heads", "name_stops", "given_names", "meeting_verbs"], of: "the file", file: file)
        // An id names one entry: a second with the same id would have the first's findings pinned on it.
        var ids: Set<String> = []
        for node in root[key: "people"]?.sequence ?? [] {
            guard let id = node[key: "id"]?.string, let en = node[key: "en"]?.string, let ar = node[key: "ar"]?.string else {
                throw Lexicon.Error(file, node, "a person needs 'id', 'en' and 'ar'")
            }
            guard ids.insert(id).inserted else { throw Lexicon.Error(file, node, "the id '\(id)' is used twice") }
            try node.checkKeys(["id", "en", "ar", "names", "country", "role"], of: "person '\(id)'", file: file)
            try node[key: "role"]?.checkKeys(["en", "ar"], of: "the role of person '\(id)'", file: file)
            r.people.append(Person(
                id: id, nameEnglish: en, nameArabic: ar, names: strings(node[key: "names"]).isEmpty ? [ar] : strings(node[key: "names"]),
                country: node[key: "country"]?.string, roleEnglish: node[key: "role"]?[key: "en"]?.string, roleArabic: node[key: "role"]?[key: "ar"]?.string))
        }
        for (key, kind) in [("organizations", Named.Kind.organization), ("events", .event)] {
            for node in root[key: key]?.sequence ?? [] {
                guard let id = node[key: "id"]?.string, let en = node[key: "en"]?.string, let ar = node[key: "ar"]?.string else {
                    throw Lexicon.Error(file, node, "an entry of '\(key)' needs 'id', 'en' and 'ar'")
                }
                guard ids.insert(id).inserted else { throw Lexicon.Error(file, node, "the id '\(id)' is used twice") }
                try node.checkKeys(["id", "en", "ar", "names"], of: "'\(id)' of '\(key)'", file: file)
                r.named.append(Named(kind: kind, id: id, nameEnglish: en, nameArabic: ar, names: strings(node[key: "names"]).isEmpty ? [ar] : strings(node[key: "names"])))
            }
        }
        r.roleHeads = strings(root[key: "role_heads"])
        r.nameStops = strings(root[key: "name_stops"])
        r.givenNames = strings(root[key: "given_names"])
        for node in root[key: "meeting_verbs"]?.sequence ?? [] {
            guard let verb = node[key: "verb"]?.string, let code = node[key: "code"]?.string else {
                throw Lexicon.Error(file, node, "a meeting verb needs 'verb' and 'code'")
            }
            try node.checkKeys(["verb", "code", "en", "ar"], of: "meeting verb '\(verb)'", file: file)
            r.verbs.append(Verb(text: verb, code: code, english: node[key: "en"]?.string ?? code, arabic: node[key: "ar"]?.string ?? verb))
        }
        return r
    }
}

/// A person named in a sentence, with the title the text gives them.
public struct PersonMention: Hashable, Sendable, Codable {
    /// The registry's id, or `nil` for a person found only from a title pattern.
    public var id: String?
    /// The name as written.
    public var name: String
    /// The English name from the registry, or a romanization of the Arabic (see ``romanized``).
    public var english: String
    public var romanized: Bool
    /// The title as written before the name (`رئيس أركان القوات البرية الباكستانية`), if any.
    public var title: String?
    /// ISO code of the country the title (or the registry) gives.
    public var country: String?
    /// Index into ``ArticleAnalysis/sentences``.
    public var sentence: Int
}

/// A meeting, visit, call, talks, agreement or invitation reported in a sentence.
public struct Meeting: Hashable, Sendable, Codable {
    public var verb: EntityRegistry.Verb
    /// People (registry id or name as written) in the sentence.
    public var people: [String]
    /// Countries named in the sentence.
    public var countries: [String]
    /// A capital named after في / ب, as written, and its country.
    public var place: String?
    public var placeCountry: String?
    /// The date the sentence gives (resolved as far as possible), if any.
    public var date: PartialDate?
    public var dateBasis: DateMention.Basis?
    /// Themes matched in the same sentence.
    public var themes: [String]
    public var sentence: Int
}

/// Words of a name, romanized letter by letter (no vowels are invented; the result is marked as romanized).
enum Romanizer {
    static let letters: [UInt32: String] = [
        0x0621: "'", 0x0622: "a", 0x0623: "a", 0x0624: "'", 0x0625: "i", 0x0626: "'", 0x0627: "a", 0x0628: "b", 0x0629: "a",
        0x062A: "t", 0x062B: "th", 0x062C: "j", 0x062D: "h", 0x062E: "kh", 0x062F: "d", 0x0630: "dh", 0x0631: "r", 0x0632: "z",
        0x0633: "s", 0x0634: "sh", 0x0635: "s", 0x0636: "d", 0x0637: "t", 0x0638: "z", 0x0639: "'", 0x063A: "gh", 0x0641: "f",
        0x0642: "q", 0x0643: "k", 0x0644: "l", 0x0645: "m", 0x0646: "n", 0x0647: "h", 0x0648: "w", 0x0649: "a", 0x064A: "y",
        0x067E: "p", 0x0686: "ch", 0x06AF: "g", 0x06A9: "k", 0x06CC: "y",
    ]

    static func romanize(_ name: String) -> String {
        name.split(separator: " ").map { word -> String in
            var out = ""
            let scalars = Array(word.unicodeScalars)
            for (i, s) in scalars.enumerated() {
                guard var r = letters[s.value] else { continue }
                // و and ي between consonants are mostly long vowels.
                if i > 0, s.value == 0x0648 { r = "u" }
                if i > 0, s.value == 0x064A, i < scalars.count - 1 { r = "i" }
                out += r
            }
            return out.prefix(1).uppercased() + out.dropFirst()
        }.joined(separator: " ")
    }
}
