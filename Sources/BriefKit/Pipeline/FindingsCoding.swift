/// The compact binary form of ``ArticleAnalysis`` that the cache stores: fields in a fixed order, integers as
/// variable-length (zigzag) numbers, strings as length and UTF-8. About a tenth of the time of JSON to read and
/// half its size. A change to a finding's fields must change this file (``formatVersion``) and the round-trip
/// test catches one that does not.
enum FindingsCoding {
    /// Part of every pack's name: packs of another format are never read.
    static let formatVersion = "findings-binary-3"

    /// The encoding: the article's ``ArticleDigest`` (its length in 4 bytes, a checksum of its own in 8, its
    /// fields), then the findings. A reader that needs only the digest reads and checks a few bytes.
    static func encode(_ a: ArticleAnalysis) -> [UInt8] {
        var w = Writer(bytes: encode(digest: ArticleDigest(a)))
        a.write(to: &w)
        return w.bytes
    }

    /// The encoding of an article that was not analysed: its digest alone (``decode(_:)`` finds no findings in it).
    static func encode(digest d: ArticleDigest) -> [UInt8] {
        var digest = Writer()
        d.write(to: &digest)
        var w = Writer()
        w.bytes.reserveCapacity(4096)
        w.fixed(UInt64(digest.bytes.count), width: 4)
        w.fixed(Fingerprint(digest.bytes).low)
        w.bytes += digest.bytes
        return w.bytes
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) -> ArticleAnalysis? {
        guard bytes.count >= 12 else { return nil }
        var r = Reader(bytes: bytes, offset: 12 + Int(fixed(bytes, at: 0, width: 4)))
        guard r.offset <= bytes.count, let a = try? ArticleAnalysis(from: &r), r.offset == bytes.count else { return nil }
        return a
    }

    /// The digest at the head of an encoding, if its checksum holds.
    static func digest(_ bytes: UnsafeRawBufferPointer) -> ArticleDigest? {
        guard bytes.count >= 12 else { return nil }
        let end = 12 + Int(fixed(bytes, at: 0, width: 4))
        guard end <= bytes.count else { return nil }
        let digest = UnsafeRawBufferPointer(rebasing: bytes[12..<end])
        guard Fingerprint(digest).low == fixed(bytes, at: 4) else { return nil }
        var r = Reader(bytes: digest)
        guard let d = try? ArticleDigest(from: &r), r.offset == digest.count else { return nil }
        return d
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func int(_ v: Int) {
            var u = UInt64(bitPattern: Int64(v) << 1 ^ Int64(v) >> 63)
            while u >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: u) | 0x80)
                u >>= 7
            }
            bytes.append(UInt8(u))
        }

        /// `v` in `width` bytes, least significant first.
        mutating func fixed(_ v: UInt64, width: Int = 8) { for i in 0..<width { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

        mutating func string(_ s: String) {
            var s = s
            s.withUTF8 { b in
                int(b.count)
                bytes.append(contentsOf: b)
            }
        }

        mutating func optional<T>(_ v: T?, _ write: (inout Writer, T) -> Void) {
            bool(v != nil)
            if let v { write(&self, v) }
        }

        mutating func array<T>(_ xs: [T], _ write: (inout Writer, T) -> Void) {
            int(xs.count)
            for x in xs { write(&self, x) }
        }

        mutating func strings(_ xs: [String]) { array(xs) { $0.string($1) } }
        mutating func range(_ r: Range<Int>) {
            int(r.lowerBound)
            int(r.upperBound)
        }

        mutating func date(_ d: PartialDate) {
            int(d.year)
            int(d.month ?? 0)
            int(d.day ?? 0)
        }

        mutating func raw<T: RawRepresentable<String>>(_ v: T) { string(v.rawValue) }
    }

    struct Malformed: Error {}

    /// The number in `width` bytes of `bytes` at `offset`, least significant first (as ``Writer/fixed(_:width:)``
    /// writes it).
    static func fixed(_ bytes: UnsafeRawBufferPointer, at offset: Int, width: Int = 8) -> UInt64 {
        precondition(offset >= 0 && offset + width <= bytes.count, "a fixed-width number past the end of its buffer")
        if width == 8 { return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        var v: UInt64 = 0
        for k in (0..<width).reversed() { v = v << 8 | UInt64(bytes[offset + k]) }
        return v
    }

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func int() throws(Malformed) -> Int {
            var u: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard offset < bytes.count, shift < 64 else { throw Malformed() }
                let b = bytes[offset]
                offset += 1
                u |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return Int(Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1))
        }

        mutating func count() throws(Malformed) -> Int {
            let n = try int()
            guard n >= 0, n <= bytes.count - offset else { throw Malformed() }
            return n
        }

        mutating func fixed(width: Int = 8) throws(Malformed) -> UInt64 {
            guard offset + width <= bytes.count else { throw Malformed() }
            defer { offset += width }
            return FindingsCoding.fixed(bytes, at: offset, width: width)
        }

        mutating func bool() throws(Malformed) -> Bool {
            guard offset < bytes.count else { throw Malformed() }
            offset += 1
            return bytes[offset - 1] != 0
        }

        mutating func string() throws(Malformed) -> String {
            let n = try count()
            // Bytes that are not UTF-8 make the record malformed, and its article is analysed again.
            let b = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]).assumingMemoryBound(to: UInt8.self)
            guard let s = String(checkingUTF8: b) else { throw Malformed() }
            offset += n
            return s
        }

        mutating func optional<T>(_ read: (inout Reader) throws(Malformed) -> T) throws(Malformed) -> T? {
            try bool() ? try read(&self) : nil
        }

        mutating func array<T>(_ read: (inout Reader) throws(Malformed) -> T) throws(Malformed) -> [T] {
            let n = try count()
            var xs: [T] = []
            xs.reserveCapacity(n)
            for _ in 0..<n { xs.append(try read(&self)) }
            return xs
        }

        mutating func strings() throws(Malformed) -> [String] { try array { r throws(Malformed) in try r.string() } }

        mutating func range() throws(Malformed) -> Range<Int> {
            let a = try int()
            let b = try int()
            guard a <= b else { throw Malformed() }
            return a..<b
        }

        mutating func date() throws(Malformed) -> PartialDate {
            let y = try int()
            let m = try int()
            let d = try int()
            guard let date = PartialDate(year: y, month: m == 0 ? nil : m, day: d == 0 ? nil : d) else { throw Malformed() }
            return date
        }

        mutating func raw<T: RawRepresentable<String>>(_: T.Type = T.self) throws(Malformed) -> T {
            guard let v = T(rawValue: try string()) else { throw Malformed() }
            return v
        }
    }
}

typealias Writer = FindingsCoding.Writer
typealias Reader = FindingsCoding.Reader
typealias Malformed = FindingsCoding.Malformed

extension Amount {
    func write(to w: inout Writer) {
        w.int(Int(mantissa))
        w.int(exponent)
    }

    init(from r: inout Reader) throws(Malformed) {
        self.init(mantissa: Int64(try r.int()), exponent: try r.int())
    }
}

extension Field {
    func write(to w: inout Writer, _ writeValue: (inout Writer, Value) -> Void) {
        w.optional(value, writeValue)
        w.raw(origin)
        w.optional(basis) { w, b in b.write(to: &w) }
    }

    init(from r: inout Reader, _ readValue: (inout Reader) throws(Malformed) -> Value) throws(Malformed) {
        self.init(value: try r.optional(readValue), origin: try r.raw(), basis: try r.optional { r throws(Malformed) in try FieldBasis(from: &r) })
    }
}

extension FieldBasis {
    func write(to w: inout Writer) {
        switch self {
        case .frontMatter: w.int(0)
        case .metadataFile(let name): w.int(1); w.string(name)
        case .headline(let line): w.int(2); w.int(line)
        case .dateline(let line): w.int(3); w.int(line)
        case .byline(let line): w.int(4); w.int(line)
        case .script: w.int(5)
        }
    }

    init(from r: inout Reader) throws(Malformed) {
        switch try r.int() {
        case 0: self = .frontMatter
        case 1: self = .metadataFile(try r.string())
        case 2: self = .headline(line: try r.int())
        case 3: self = .dateline(line: try r.int())
        case 4: self = .byline(line: try r.int())
        case 5: self = .script
        default: throw Malformed()
        }
    }
}

extension ArticleInfo {
    func write(to w: inout Writer) {
        w.string(id)
        w.string(file)
        let string: (inout Writer, String) -> Void = { $0.string($1) }
        title.write(to: &w, string)
        w.optional(subtitle, string)
        date.write(to: &w) { $0.date($1) }
        source.write(to: &w, string)
        url.write(to: &w, string)
        lang.write(to: &w, string)
        author.write(to: &w, string)
        w.int(paragraphs)
        w.int(bytes)
        w.array(furniture) { w, f in
            w.int(f.line)
            w.string(f.text)
            w.raw(f.kind)
        }
    }

    init(from r: inout Reader) throws(Malformed) {
        id = try r.string()
        file = try r.string()
        let string = { (r: inout Reader) throws(Malformed) -> String in try r.string() }
        title = try Field(from: &r, string)
        subtitle = try r.optional(string)
        date = try Field(from: &r) { r throws(Malformed) in try r.date() }
        source = try Field(from: &r, string)
        url = try Field(from: &r, string)
        lang = try Field(from: &r, string)
        author = try Field(from: &r, string)
        paragraphs = try r.int()
        bytes = try r.int()
        furniture = try r.array { r throws(Malformed) in StrippedLine(line: try r.int(), text: try r.string(), kind: try r.raw()) }
    }
}

extension ArticleAnalysis {
    func write(to w: inout Writer) {
        article.write(to: &w)
        w.array(sentences) { w, s in
            w.int(s.index)
            w.int(s.paragraph)
            w.range(s.range)
            w.string(s.text)
            w.strings(s.countries)
        }
        w.int(sentenceCount)
        w.array(themes) { w, t in
            w.string(t.theme)
            w.int(t.score)
            w.int(t.threshold)
            w.array(t.hits) { w, h in
                w.string(h.term)
                w.int(h.weight)
                w.int(h.sentence)
                w.range(h.range)
                w.int(h.paragraph)
            }
            w.array(t.evidence) { $0.int($1) }
        }
        w.array(countries) { w, c in
            w.string(c.code)
            w.int(c.mentions)
            w.int(c.firstSentence)
            w.array(c.kinds) { $0.raw($1) }
        }
        w.array(figures) { w, f in
            f.value.write(to: &w)
            f.number.write(to: &w)
            w.int(f.scale)
            w.optional(f.currency) { $0.string($1) }
            w.string(f.currencyWord)
            w.raw(f.qualifier)
            w.int(f.sentence)
            w.range(f.range)
            w.optional(f.trade) { w, t in
                w.raw(t.kind)
                w.optional(t.from) { $0.string($1) }
                w.optional(t.to) { $0.string($1) }
                w.optional(t.period) { $0.date($1) }
                w.optional(t.periodBasis) { $0.raw($1) }
            }
            w.string(f.text)
        }
        w.array(dates) { w, d in
            switch d.expression {
            case .date(let x): w.int(0); w.date(x)
            case .span(let x, let y): w.int(1); w.date(x); w.date(y)
            case .monthDay(let m, let day): w.int(2); w.int(m); w.int(day)
            case .relativeMonth(let m, let o): w.int(3); w.int(m); w.int(o)
            case .weekday(let x): w.int(4); w.int(x)
            case .yesterday: w.int(5)
            case .nextWeekday(let x): w.int(6); w.int(x)
            case .relativeYear(let o): w.int(7); w.int(o)
            case .relativeMonthDay(let m, let day, let o): w.int(8); w.int(m); w.int(day); w.int(o)
            case .inRelativeYear(let m, let day, let o): w.int(9); w.int(m); w.optional(day) { $0.int($1) }; w.int(o)
            case .monthDaySpan(let m, let first, let last): w.int(10); w.int(m); w.int(first); w.int(last)
            }
            w.optional(d.date) { $0.date($1) }
            w.optional(d.end) { $0.date($1) }
            w.raw(d.basis)
            w.int(d.sentence)
            w.range(d.range)
            w.string(d.text)
        }
        w.strings(pair)
        w.array(people) { w, p in
            w.optional(p.id) { $0.string($1) }
            w.string(p.name)
            w.string(p.english)
            w.bool(p.romanized)
            w.optional(p.title) { $0.string($1) }
            w.optional(p.country) { $0.string($1) }
            w.int(p.sentence)
        }
        w.strings(named)
        w.array(meetings) { w, m in
            w.string(m.verb.text)
            w.string(m.verb.code)
            w.string(m.verb.english)
            w.string(m.verb.arabic)
            w.strings(m.people)
            w.strings(m.countries)
            w.optional(m.place) { $0.string($1) }
            w.optional(m.placeCountry) { $0.string($1) }
            w.optional(m.date) { $0.date($1) }
            w.optional(m.dateBasis) { $0.raw($1) }
            w.strings(m.themes)
            w.int(m.sentence)
        }
        w.array(counts) { w, c in
            w.raw(c.kind)
            c.value.write(to: &w)
            w.string(c.object)
            w.int(c.sentence)
            w.range(c.range)
            w.string(c.text)
        }
        w.array(signature) { $0.fixed($1) }
    }

    init(from r: inout Reader) throws(Malformed) {
        article = try ArticleInfo(from: &r)
        sentences = try r.array { r throws(Malformed) in
            Sentence(index: try r.int(), paragraph: try r.int(), range: try r.range(), text: try r.string(), countries: try r.strings())
        }
        sentenceCount = try r.int()
        themes = try r.array { r throws(Malformed) in
            ThemeResult(
                theme: try r.string(), score: try r.int(), threshold: try r.int(),
                hits: try r.array { r throws(Malformed) in
                    ThemeResult.Hit(term: try r.string(), weight: try r.int(), sentence: try r.int(), range: try r.range(), paragraph: try r.int())
                },
                evidence: try r.array { r throws(Malformed) in try r.int() })
        }
        countries = try r.array { r throws(Malformed) in
            CountryPresence(code: try r.string(), mentions: try r.int(), firstSentence: try r.int(), kinds: try r.array { r throws(Malformed) in try r.raw() })
        }
        figures = try r.array { r throws(Malformed) in
            MoneyFigure(
                value: try Amount(from: &r), number: try Amount(from: &r), scale: try r.int(),
                currency: try r.optional { r throws(Malformed) in try r.string() }, currencyWord: try r.string(),
                qualifier: try r.raw(), sentence: try r.int(), range: try r.range(),
                trade: try r.optional { r throws(Malformed) in
                    TradeRole(
                        kind: try r.raw(), from: try r.optional { r throws(Malformed) in try r.string() },
                        to: try r.optional { r throws(Malformed) in try r.string() },
                        period: try r.optional { r throws(Malformed) in try r.date() },
                        periodBasis: try r.optional { r throws(Malformed) in try r.raw() })
                },
                text: try r.string())
        }
        dates = try r.array { r throws(Malformed) in
            let expression: DateExpression.Value
            switch try r.int() {
            case 0: expression = .date(try r.date())
            case 1: expression = .span(try r.date(), try r.date())
            case 2: expression = .monthDay(month: try r.int(), day: try r.int())
            case 3: expression = .relativeMonth(month: try r.int(), offset: try r.int())
            case 4: expression = .weekday(try r.int())
            case 5: expression = .yesterday
            case 6: expression = .nextWeekday(try r.int())
            case 7: expression = .relativeYear(offset: try r.int())
            case 8: expression = .relativeMonthDay(month: try r.int(), day: try r.int(), offset: try r.int())
            case 9: expression = .inRelativeYear(month: try r.int(), day: try r.optional { r throws(Malformed) in try r.int() }, offset: try r.int())
            case 10: expression = .monthDaySpan(month: try r.int(), first: try r.int(), last: try r.int())
            default: throw Malformed()
            }
            return DateMention(
                expression: expression, date: try r.optional { r throws(Malformed) in try r.date() },
                end: try r.optional { r throws(Malformed) in try r.date() }, basis: try r.raw(), sentence: try r.int(),
                range: try r.range(), text: try r.string())
        }
        pair = try r.strings()
        people = try r.array { r throws(Malformed) in
            PersonMention(
                id: try r.optional { r throws(Malformed) in try r.string() }, name: try r.string(), english: try r.string(),
                romanized: try r.bool(), title: try r.optional { r throws(Malformed) in try r.string() },
                country: try r.optional { r throws(Malformed) in try r.string() }, sentence: try r.int())
        }
        named = try r.strings()
        meetings = try r.array { r throws(Malformed) in
            Meeting(
                verb: EntityRegistry.Verb(text: try r.string(), code: try r.string(), english: try r.string(), arabic: try r.string()),
                people: try r.strings(), countries: try r.strings(),
                place: try r.optional { r throws(Malformed) in try r.string() },
                placeCountry: try r.optional { r throws(Malformed) in try r.string() },
                date: try r.optional { r throws(Malformed) in try r.date() },
                dateBasis: try r.optional { r throws(Malformed) in try r.raw() }, themes: try r.strings(), sentence: try r.int())
        }
        counts = try r.array { r throws(Malformed) in
            CountFigure(kind: try r.raw(), value: try Amount(from: &r), object: try r.string(), sentence: try r.int(), range: try r.range(), text: try r.string())
        }
        signature = try r.array { r throws(Malformed) in try r.fixed() }
    }
}

extension ArticleDigest {
    func write(to w: inout Writer) {
        w.optional(date) { $0.date($1) }
        w.optional(matchedThemes) { w, themes in w.array(themes) { $0.int($1) } }
        w.optional(countries) { $0.strings($1) }
    }

    init(from r: inout Reader) throws(Malformed) {
        self.init(
            date: try r.optional { r throws(Malformed) in try r.date() },
            matchedThemes: try r.optional { r throws(Malformed) in try r.array { r throws(Malformed) in try r.int() } },
            countries: try r.optional { r throws(Malformed) in try r.strings() })
    }
}
