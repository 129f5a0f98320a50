import Yams

/// A country of the registry.
public struct Country: Hashable, Sendable {
    /// ISO 3166-1 alpha-2, upper case.
    public var code: String
    public var nameEnglish: String
    public var nameArabic: String
    public var names: [String]
    public var adjectives: [String]
    public var capitals: [String]
}

/// How a country was named in a sentence.
public enum MentionKind: String, Hashable, Sendable, Codable {
    case name, adjective, capital
}

/// The countries of `lexicons/countries.yaml`, with a matcher for their names, adjectives and capitals.
public struct CountryRegistry: Sendable {
    public let countries: [Country]

    init(countries: [Country]) {
        self.countries = countries
    }

    /// A matcher for every country's names, adjective forms and capitals, its words added to `vocabulary`.
    func matcher(vocabulary: inout Vocabulary) -> PhraseMatcher<(country: Int, kind: MentionKind)> {
        var m = PhraseMatcher<(country: Int, kind: MentionKind)>()
        for (i, c) in countries.enumerated() {
            for n in c.names { m.add(n, payload: (i, .name), vocabulary: &vocabulary) }
            for a in c.adjectives {
                for form in Self.adjectiveForms(a) { m.add(form, payload: (i, .adjective), vocabulary: &vocabulary) }
            }
            for cap in c.capitals { m.add(cap, payload: (i, .capital), vocabulary: &vocabulary) }
        }
        return m
    }

    /// Feminine, plural and dual forms of a masculine singular nisba adjective: مصري -> مصرية، مصريون، مصريين،
    /// مصريان، مصريين، مصريتان، مصريتين.
    static func adjectiveForms(_ base: String) -> [String] {
        [base, base + "ة", base + "ون", base + "ين", base + "ان", base + "تان", base + "تين"]
    }

    public func country(code: String) -> Country? {
        // Upper-cased once, not for every country compared.
        let code = code.uppercased()
        return countries.first { $0.code == code }
    }

    /// Finds a country by ISO code, English name or Arabic name (any listed spelling), ignoring case and diacritics.
    public func lookup(_ query: String) -> Country? {
        let q = MatchKey.fold(query.trimmingSpaces)
        func exactly(_ q: String) -> Country? {
            countries.first { c in
                c.code.lowercased() == q || MatchKey.fold(c.nameEnglish) == q || MatchKey.fold(c.nameArabic) == q
                    || c.names.contains { MatchKey.fold($0) == q }
            }
        }
        if let c = exactly(q) { return c }
        // The names users type for a few, by their English short forms.
        if let code = Self.aliases[q], let c = countries.first(where: { $0.code == code }) { return c }
        // With the article or without, as matching in the text takes it: الباكستان, هند, سعودية.
        let al = "ال"
        guard q.unicodeScalars.first.map({ (0x0621...0x064A).contains($0.value) }) == true else { return nil }
        return q.hasPrefix(al) ? exactly(String(q.dropFirst(2))) : exactly(al + q)
    }

    /// Short forms that are not a country's name or code in the lexicon.
    static let aliases: [String: String] = ["uk": "GB", "britain": "GB", "usa": "US", "america": "US", "uae": "AE", "turkiye": "TR", "türkiye": "TR"]

    /// Countries whose code or name is closest to `query`, for "Did you mean ...?" messages.
    public func suggestions(for query: String, limit: Int = 3) -> [Country] {
        let q = Array(MatchKey.fold(query.trimmingSpaces).unicodeScalars)
        let scored = countries.map { c -> (Int, Country) in
            let candidates = [c.code.lowercased(), MatchKey.fold(c.nameEnglish), MatchKey.fold(c.nameArabic)]
            let d = candidates.map { editDistance(q, Array($0.unicodeScalars)) }.min()!
            return (d, c)
        }
        let bound = max(2, q.count / 3)
        return scored.filter { $0.0 <= bound }.sorted { ($0.0, $0.1.code) < ($1.0, $1.1.code) }.prefix(limit).map(\.1)
    }

    static func parse(_ root: Node, file: String) throws(Lexicon.Error) -> CountryRegistry {
        guard let list = root[key: "countries"]?.sequence else {
            throw Lexicon.Error(file, root, "expected a 'countries:' list")
        }
        try root.checkKeys(["countries"], of: "the file", file: file)
        var countries: [Country] = []
        var codes: Set<String> = []
        for node in list {
            guard let code = node[key: "iso"]?.string, code.count == 2, code == code.uppercased() else {
                throw Lexicon.Error(file, node, "a country needs 'iso:' with a two-letter upper-case ISO 3166-1 code")
            }
            guard codes.insert(code).inserted else { throw Lexicon.Error(file, node, "country '\(code)' is listed twice") }
            try node.checkKeys(["iso", "en", "ar", "names", "adjective", "capitals"], of: "country '\(code)'", file: file)
            for key in ["names", "adjective", "capitals"] {
                if let value = node[key: key], value.sequence == nil {
                    throw Lexicon.Error(file, value, "country '\(code)': '\(key)' is a list, e.g. [\(value.string ?? "...")]")
                }
            }
            guard let en = node[key: "en"]?.string, let ar = node[key: "ar"]?.string else {
                throw Lexicon.Error(file, node, "country '\(code)' needs 'en:' and 'ar:' names")
            }
            func list(_ key: String) -> [String] { node[key: key]?.sequence?.compactMap(\.string) ?? [] }
            let names = list("names")
            guard !names.isEmpty else { throw Lexicon.Error(file, node, "country '\(code)' needs at least one of 'names:'") }
            countries.append(Country(code: code, nameEnglish: en, nameArabic: ar, names: names, adjectives: list("adjective"), capitals: list("capitals")))
        }
        return CountryRegistry(countries: countries)
    }
}

func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
