/// The JSON of an article's findings in the lines of `brief analyze`, written and read field by field rather than
/// through `Codable`, which was half of the map step's time (encoding) and most of the reduce step's (decoding).
///
/// The writer produces the bytes Foundation's `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes`
/// for the same value; the reader takes the JSON of any such line, in any key order and spacing, and gives up
/// (nil) at anything else: a key it does not know, a missing field, a value out of range, an escape it does not read.
/// The caller then decodes the line with `JSONDecoder`, which reads or names the problem as before. So the two
/// paths agree on every line by construction where the reader gives up, and the tests compare them where it does not.
/// A change to a finding's fields must change this file, `FindingsCoding` and the tests that compare them.
enum FindingsJSON {
    // MARK: Writing

    /// A line's bytes, keys in `JSONEncoder`'s `.sortedKeys` order (ASCII letters compared without case, a key
    /// before the longer keys it starts).
    struct Writer {
        var bytes: [UInt8] = []

        init() {
            bytes.reserveCapacity(8192)
        }

        /// An object: `body` writes its members with ``key(_:)`` in sorted order.
        mutating func object(_ body: (inout Writer) -> Void) {
            bytes.append(UInt8(ascii: "{"))
            body(&self)
            bytes.append(UInt8(ascii: "}"))
        }

        /// The name of the next member (plain ASCII, no escapes needed), after a comma unless it is the first.
        mutating func key(_ name: StaticString) {
            if bytes.last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
        }

        mutating func array<T>(_ xs: [T], _ element: (inout Writer, T) -> Void) {
            bytes.append(UInt8(ascii: "["))
            for (i, x) in xs.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                element(&self, x)
            }
            bytes.append(UInt8(ascii: "]"))
        }

        mutating func string(_ s: String) { JSONLineEncoder.string(s, to: &bytes) }
        mutating func strings(_ xs: [String]) { array(xs) { $0.string($1) } }
        // A number's digits are a small string: no allocation.
        mutating func int(_ v: Int) { bytes.append(contentsOf: String(v).utf8) }
        mutating func unsigned(_ v: UInt64) { bytes.append(contentsOf: String(v).utf8) }

        mutating func bool(_ v: Bool) { bytes.append(contentsOf: (v ? "true" : "false").utf8) }

        mutating func range(_ r: Range<Int>) {
            bytes.append(UInt8(ascii: "["))
            int(r.lowerBound)
            bytes.append(UInt8(ascii: ","))
            int(r.upperBound)
            bytes.append(UInt8(ascii: "]"))
        }

        /// `{}`: an enum case without values.
        mutating func empty() {
            bytes.append(UInt8(ascii: "{"))
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// The line `{"article":…,"lexicon":…}` of an article's findings.
    static func line(_ a: ArticleAnalysis, lexicon: String) -> [UInt8] {
        var w = Writer()
        w.object { w in
            w.key("article")
            a.json(to: &w)
            w.key("lexicon")
            w.string(lexicon)
        }
        return w.bytes
    }

    // MARK: Reading

    /// Where the reader gives up.
    struct GiveUp: Error {}

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        mutating func space() {
            while offset < bytes.count, bytes[offset] == 0x20 || bytes[offset] == 0x0A || bytes[offset] == 0x0D || bytes[offset] == 0x09 {
                offset += 1
            }
        }

        mutating func expect(_ c: UInt8) throws(GiveUp) {
            space()
            guard offset < bytes.count, bytes[offset] == c else { throw GiveUp() }
            offset += 1
        }

        /// Whether the next byte (after spaces) is `c`, taken if so.
        mutating func take(_ c: UInt8) -> Bool {
            space()
            guard offset < bytes.count, bytes[offset] == c else { return false }
            offset += 1
            return true
        }

        /// An object: `member` reads the value of each key it is given (with ``once(_:_:)``: a key given twice is
        /// not read), and throws at a key it does not know.
        mutating func object(_ member: (inout Reader, String) throws(GiveUp) -> Void) throws(GiveUp) {
            try expect(UInt8(ascii: "{"))
            if take(UInt8(ascii: "}")) { return }
            repeat {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                try member(&self, key)
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
        }

        mutating func array<T>(_ element: (inout Reader) throws(GiveUp) -> T) throws(GiveUp) -> [T] {
            try expect(UInt8(ascii: "["))
            var xs: [T] = []
            if take(UInt8(ascii: "]")) { return xs }
            repeat { xs.append(try element(&self)) } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
            return xs
        }

        /// A string; escapes of the control characters, `"`, `\` and `/`, and `\u` of a scalar or a surrogate pair.
        mutating func string() throws(GiveUp) -> String {
            try expect(UInt8(ascii: "\""))
            let start = offset
            // The common case: no escape, a slice of the line.
            while offset < bytes.count, bytes[offset] != UInt8(ascii: "\""), bytes[offset] != UInt8(ascii: "\\"), bytes[offset] >= 0x20 {
                offset += 1
            }
            guard offset < bytes.count else { throw GiveUp() }
            if bytes[offset] == UInt8(ascii: "\"") {
                offset += 1
                guard let s = String(checkingUTF8: UnsafeBufferPointer(rebasing: bytes[start..<offset - 1])) else { throw GiveUp() }
                return s
            }
            var out = Array(bytes[start..<offset])
            while true {
                guard offset < bytes.count else { throw GiveUp() }
                let c = bytes[offset]
                offset += 1
                switch c {
                case UInt8(ascii: "\""):
                    guard let s = out.withUnsafeBufferPointer({ String(checkingUTF8: $0) }) else { throw GiveUp() }
                    return s
                case UInt8(ascii: "\\"):
                    guard offset < bytes.count else { throw GiveUp() }
                    let e = bytes[offset]
                    offset += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var v = try hex4()
                        if (0xD800..<0xDC00).contains(v) {
                            // A high surrogate: its low half must follow.
                            try expectRaw(UInt8(ascii: "\\"))
                            try expectRaw(UInt8(ascii: "u"))
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw GiveUp() }
                            v = 0x10000 + (v - 0xD800) << 10 + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(v) else { throw GiveUp() }
                        out.append(contentsOf: String(Character(scalar)).utf8)
                    default:
                        throw GiveUp()
                    }
                default:
                    guard c >= 0x20 else { throw GiveUp() }  // a control character must be escaped
                    out.append(c)
                }
            }
        }

        private mutating func expectRaw(_ c: UInt8) throws(GiveUp) {
            guard offset < bytes.count, bytes[offset] == c else { throw GiveUp() }
            offset += 1
        }

        private mutating func hex4() throws(GiveUp) -> UInt32 {
            guard offset + 4 <= bytes.count else { throw GiveUp() }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[offset]
                offset += 1
                let d: UInt8
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
                default: throw GiveUp()
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }

        mutating func strings() throws(GiveUp) -> [String] { try array { r throws(GiveUp) in try r.string() } }

        /// A whole number written as digits (a minus sign, no leading zero, no fraction or exponent), within `Int`.
        mutating func int() throws(GiveUp) -> Int {
            space()
            let negative = offset < bytes.count && bytes[offset] == UInt8(ascii: "-")
            if negative { offset += 1 }
            let magnitude = try digits()
            guard magnitude <= UInt64(Int.max) else { throw GiveUp() }
            return negative ? -Int(magnitude) : Int(magnitude)
        }

        mutating func unsigned() throws(GiveUp) -> UInt64 {
            space()
            return try digits()
        }

        private mutating func digits() throws(GiveUp) -> UInt64 {
            let start = offset
            var v: UInt64 = 0
            while offset < bytes.count, bytes[offset] &- UInt8(ascii: "0") < 10 {
                let (times10, o1) = v.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[offset] - UInt8(ascii: "0")))
                guard !o1, !o2 else { throw GiveUp() }
                v = sum
                offset += 1
            }
            let n = offset - start
            guard n > 0, n == 1 || bytes[start] != UInt8(ascii: "0") else { throw GiveUp() }
            // A fraction or an exponent: not a whole number as the writer writes one.
            if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") || bytes[offset] | 0x20 == UInt8(ascii: "e") { throw GiveUp() }
            return v
        }

        mutating func bool() throws(GiveUp) -> Bool {
            space()
            if bytes[offset...].starts(with: "true".utf8) {
                offset += 4
                return true
            }
            if bytes[offset...].starts(with: "false".utf8) {
                offset += 5
                return false
            }
            throw GiveUp()
        }

        mutating func range() throws(GiveUp) -> Range<Int> {
            try expect(UInt8(ascii: "["))
            let a = try int()
            try expect(UInt8(ascii: ","))
            let b = try int()
            try expect(UInt8(ascii: "]"))
            guard a <= b else { throw GiveUp() }
            return a..<b
        }

        mutating func date() throws(GiveUp) -> PartialDate {
            guard let d = PartialDate(iso: try string()) else { throw GiveUp() }
            return d
        }

        mutating func amount() throws(GiveUp) -> Amount {
            guard let a = Amount(codingText: try string()) else { throw GiveUp() }
            return a
        }

        mutating func raw<T: RawRepresentable<String>>(_: T.Type = T.self) throws(GiveUp) -> T {
            guard let v = T(rawValue: try string()) else { throw GiveUp() }
            return v
        }

        /// `{}`.
        mutating func empty() throws(GiveUp) {
            try expect(UInt8(ascii: "{"))
            try expect(UInt8(ascii: "}"))
        }
    }

    /// The findings of a line `{"article":…,"lexicon":…}` whose lexicon is `lexicon`, or nil where the reader gives
    /// up (another lexicon, a skipped file, anything unexpected): `JSONDecoder` then reads the line.
    static func article(in line: UnsafeBufferPointer<UInt8>, lexicon: String) -> ArticleAnalysis? {
        var r = Reader(bytes: line)
        var analysis: ArticleAnalysis?
        var fingerprint: String?
        do throws(GiveUp) {
            try r.object { r, key throws(GiveUp) in
                switch key {
                case "article": try once(&analysis, try ArticleAnalysis(json: &r))
                case "lexicon": try once(&fingerprint, try r.string())
                default: throw GiveUp()
                }
            }
            r.space()
            guard r.offset == line.count, fingerprint == lexicon else { return nil }
            return analysis
        } catch {
            return nil
        }
    }
}

// MARK: - The findings, field by field

/// A field read by ``FindingsJSON/Reader/object(_:)``: nil until its key comes.
private func required<T>(_ value: T?) throws(FindingsJSON.GiveUp) -> T {
    guard let value else { throw FindingsJSON.GiveUp() }
    return value
}

/// Sets a field from its key's value; a key that comes twice is not read.
private func once<T>(_ slot: inout T?, _ value: T) throws(FindingsJSON.GiveUp) {
    guard slot == nil else { throw FindingsJSON.GiveUp() }
    slot = value
}

extension FieldBasis {
    func json(to w: inout FindingsJSON.Writer) {
        w.object { w in
            switch self {
            case .byline(let line): w.key("byline"); w.object { $0.key("line"); $0.int(line) }
            case .dateline(let line): w.key("dateline"); w.object { $0.key("line"); $0.int(line) }
            case .frontMatter: w.key("frontMatter"); w.empty()
            case .headline(let line): w.key("headline"); w.object { $0.key("line"); $0.int(line) }
            case .metadataFile(let name): w.key("metadataFile"); w.object { $0.key("_0"); $0.string(name) }
            case .script: w.key("script"); w.empty()
            }
        }
    }

    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        var basis: FieldBasis?
        try r.object { r, key throws(FindingsJSON.GiveUp) in
            guard basis == nil else { throw FindingsJSON.GiveUp() }
            func line(_ r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) -> Int {
                var line: Int?
                try r.object { r, key throws(FindingsJSON.GiveUp) in
                    guard key == "line" else { throw FindingsJSON.GiveUp() }
                    try once(&line, r.int())
                }
                return try required(line)
            }
            switch key {
            case "byline": basis = .byline(line: try line(&r))
            case "dateline": basis = .dateline(line: try line(&r))
            case "headline": basis = .headline(line: try line(&r))
            case "frontMatter": try r.empty(); basis = .frontMatter
            case "script": try r.empty(); basis = .script
            case "metadataFile":
                var name: String?
                try r.object { r, key throws(FindingsJSON.GiveUp) in
                    guard key == "_0" else { throw FindingsJSON.GiveUp() }
                    try once(&name, r.string())
                }
                basis = .metadataFile(try required(name))
            default: throw FindingsJSON.GiveUp()
            }
        }
        self = try required(basis)
    }
}

extension Field {
    func json(to w: inout FindingsJSON.Writer, _ writeValue: (inout FindingsJSON.Writer, Value) -> Void) {
        w.object { w in
            if let basis {
                w.key("basis")
                basis.json(to: &w)
            }
            w.key("origin")
            w.string(origin.rawValue)
            if let value {
                w.key("value")
                writeValue(&w, value)
            }
        }
    }

    init(json r: inout FindingsJSON.Reader, _ readValue: (inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) -> Value) throws(FindingsJSON.GiveUp) {
        var value: Value?
        var origin: Origin?
        var basis: FieldBasis?
        try r.object { r, key throws(FindingsJSON.GiveUp) in
            switch key {
            case "basis": try once(&basis, try FieldBasis(json: &r))
            case "origin": try once(&origin, try r.raw())
            case "value": try once(&value, try readValue(&r))
            default: throw FindingsJSON.GiveUp()
            }
        }
        self.init(value: value, origin: try required(origin), basis: basis)
    }
}

extension ArticleInfo {
    func json(to w: inout FindingsJSON.Writer) {
        let string: (inout FindingsJSON.Writer, String) -> Void = { $0.string($1) }
        w.object { w in
            w.key("author"); author.json(to: &w, string)
            w.key("bytes"); w.int(bytes)
            w.key("date"); date.json(to: &w) { $0.string($1.description) }
            w.key("file"); w.string(file)
            w.key("furniture")
            w.array(furniture) { w, f in
                w.object { w in
                    w.key("kind"); w.string(f.kind.rawValue)
                    w.key("line"); w.int(f.line)
                    w.key("text"); w.string(f.text)
                }
            }
            w.key("id"); w.string(id)
            w.key("lang"); lang.json(to: &w, string)
            w.key("paragraphs"); w.int(paragraphs)
            w.key("source"); source.json(to: &w, string)
            if let subtitle { w.key("subtitle"); w.string(subtitle) }
            w.key("title"); title.json(to: &w, string)
            w.key("url"); url.json(to: &w, string)
        }
    }

    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        typealias R = FindingsJSON.Reader
        typealias GiveUp = FindingsJSON.GiveUp
        var id, file: String?
        var subtitle: String?
        var title, source, url, lang, author: Field<String>?
        var date: Field<PartialDate>?
        var paragraphs, bytes: Int?
        var furniture: [StrippedLine]?
        let string = { (r: inout R) throws(GiveUp) -> String in try r.string() }
        try r.object { r, key throws(GiveUp) in
            switch key {
            case "author": try once(&author, try Field(json: &r, string))
            case "bytes": try once(&bytes, try r.int())
            case "date": try once(&date, try Field(json: &r) { r throws(GiveUp) in try r.date() })
            case "file": try once(&file, try r.string())
            case "furniture":
                guard furniture == nil else { throw GiveUp() }
                furniture = try r.array { r throws(GiveUp) in
                    var kind: StrippedLine.Kind?
                    var line: Int?
                    var text: String?
                    try r.object { r, key throws(GiveUp) in
                        switch key {
                        case "kind": try once(&kind, try r.raw())
                        case "line": try once(&line, try r.int())
                        case "text": try once(&text, try r.string())
                        default: throw GiveUp()
                        }
                    }
                    return StrippedLine(line: try required(line), text: try required(text), kind: try required(kind))
                }
            case "id": try once(&id, try r.string())
            case "lang": try once(&lang, try Field(json: &r, string))
            case "paragraphs": try once(&paragraphs, try r.int())
            case "source": try once(&source, try Field(json: &r, string))
            case "subtitle": try once(&subtitle, try r.string())
            case "title": try once(&title, try Field(json: &r, string))
            case "url": try once(&url, try Field(json: &r, string))
            default: throw GiveUp()
            }
        }
        self.id = try required(id)
        self.file = try required(file)
        self.title = try required(title)
        self.subtitle = subtitle
        self.date = try required(date)
        self.source = try required(source)
        self.url = try required(url)
        self.lang = try required(lang)
        self.author = try required(author)
        self.paragraphs = try required(paragraphs)
        self.bytes = try required(bytes)
        self.furniture = try required(furniture)
    }
}

extension ArticleAnalysis {
    func json(to w: inout FindingsJSON.Writer) {
        w.object { w in
            w.key("article"); article.json(to: &w)
            w.key("countries")
            w.array(countries) { w, c in
                w.object { w in
                    w.key("code"); w.string(c.code)
                    w.key("firstSentence"); w.int(c.firstSentence)
                    w.key("kinds"); w.array(c.kinds) { $0.string($1.rawValue) }
                    w.key("mentions"); w.int(c.mentions)
                }
            }
            w.key("counts")
            w.array(counts) { w, c in
                w.object { w in
                    w.key("kind"); w.string(c.kind.rawValue)
                    w.key("object"); w.string(c.object)
                    w.key("range"); w.range(c.range)
                    w.key("sentence"); w.int(c.sentence)
                    w.key("text"); w.string(c.text)
                    w.key("value"); w.string(c.value.description)
                }
            }
            w.key("dates")
            w.array(dates) { w, d in
                w.object { w in
                    w.key("basis"); w.string(d.basis.rawValue)
                    if let date = d.date { w.key("date"); w.string(date.description) }
                    if let end = d.end { w.key("end"); w.string(end.description) }
                    w.key("expression")
                    w.object { w in
                        switch d.expression {
                        case .date(let x):
                            w.key("date"); w.object { $0.key("_0"); $0.string(x.description) }
                        case .monthDay(let month, let day):
                            w.key("monthDay"); w.object { $0.key("day"); $0.int(day); $0.key("month"); $0.int(month) }
                        case .monthDaySpan(let month, let first, let last):
                            w.key("monthDaySpan")
                            w.object { $0.key("first"); $0.int(first); $0.key("last"); $0.int(last); $0.key("month"); $0.int(month) }
                        case .relativeMonth(let month, let offset):
                            w.key("relativeMonth"); w.object { $0.key("month"); $0.int(month); $0.key("offset"); $0.int(offset) }
                        case .inRelativeYear(let month, let day, let offset):
                            w.key("inRelativeYear")
                            w.object { w in
                                if let day { w.key("day"); w.int(day) }
                                w.key("month"); w.int(month)
                                w.key("offset"); w.int(offset)
                            }
                        case .relativeMonthDay(let month, let day, let offset):
                            w.key("relativeMonthDay")
                            w.object { $0.key("day"); $0.int(day); $0.key("month"); $0.int(month); $0.key("offset"); $0.int(offset) }
                        case .relativeYear(let offset):
                            w.key("relativeYear"); w.object { $0.key("offset"); $0.int(offset) }
                        case .span(let x, let y):
                            w.key("span"); w.object { $0.key("_0"); $0.string(x.description); $0.key("_1"); $0.string(y.description) }
                        case .weekday(let x):
                            w.key("weekday"); w.object { $0.key("_0"); $0.int(x) }
                        case .nextWeekday(let x):
                            w.key("nextWeekday"); w.object { $0.key("_0"); $0.int(x) }
                        case .yesterday:
                            w.key("yesterday"); w.empty()
                        }
                    }
                    w.key("range"); w.range(d.range)
                    w.key("sentence"); w.int(d.sentence)
                    w.key("text"); w.string(d.text)
                }
            }
            w.key("figures")
            w.array(figures) { w, f in
                w.object { w in
                    if let currency = f.currency { w.key("currency"); w.string(currency) }
                    w.key("currencyWord"); w.string(f.currencyWord)
                    w.key("number"); w.string(f.number.description)
                    w.key("qualifier"); w.string(f.qualifier.rawValue)
                    w.key("range"); w.range(f.range)
                    w.key("scale"); w.int(f.scale)
                    w.key("sentence"); w.int(f.sentence)
                    w.key("text"); w.string(f.text)
                    if let t = f.trade {
                        w.key("trade")
                        w.object { w in
                            if let from = t.from { w.key("from"); w.string(from) }
                            w.key("kind"); w.string(t.kind.rawValue)
                            if let period = t.period { w.key("period"); w.string(period.description) }
                            if let basis = t.periodBasis { w.key("periodBasis"); w.string(basis.rawValue) }
                            if let to = t.to { w.key("to"); w.string(to) }
                        }
                    }
                    w.key("value"); w.string(f.value.description)
                }
            }
            w.key("meetings")
            w.array(meetings) { w, m in
                w.object { w in
                    w.key("countries"); w.strings(m.countries)
                    if let date = m.date { w.key("date"); w.string(date.description) }
                    if let basis = m.dateBasis { w.key("dateBasis"); w.string(basis.rawValue) }
                    w.key("people"); w.strings(m.people)
                    if let place = m.place { w.key("place"); w.string(place) }
                    if let country = m.placeCountry { w.key("placeCountry"); w.string(country) }
                    w.key("sentence"); w.int(m.sentence)
                    w.key("themes"); w.strings(m.themes)
                    w.key("verb")
                    w.object { w in
                        w.key("arabic"); w.string(m.verb.arabic)
                        w.key("code"); w.string(m.verb.code)
                        w.key("english"); w.string(m.verb.english)
                        w.key("text"); w.string(m.verb.text)
                    }
                }
            }
            w.key("named"); w.strings(named)
            w.key("pair"); w.strings(pair)
            w.key("people")
            w.array(people) { w, p in
                w.object { w in
                    if let country = p.country { w.key("country"); w.string(country) }
                    w.key("english"); w.string(p.english)
                    if let id = p.id { w.key("id"); w.string(id) }
                    w.key("name"); w.string(p.name)
                    w.key("romanized"); w.bool(p.romanized)
                    w.key("sentence"); w.int(p.sentence)
                    if let title = p.title { w.key("title"); w.string(title) }
                }
            }
            w.key("sentenceCount"); w.int(sentenceCount)
            w.key("sentences")
            w.array(sentences) { w, s in
                w.object { w in
                    w.key("countries"); w.strings(s.countries)
                    w.key("index"); w.int(s.index)
                    w.key("paragraph"); w.int(s.paragraph)
                    w.key("range"); w.range(s.range)
                    w.key("text"); w.string(s.text)
                }
            }
            w.key("signature"); w.array(signature) { $0.unsigned($1) }
            w.key("themes")
            w.array(themes) { w, t in
                w.object { w in
                    w.key("evidence"); w.array(t.evidence) { $0.int($1) }
                    w.key("hits")
                    w.array(t.hits) { w, h in
                        w.object { w in
                            w.key("paragraph"); w.int(h.paragraph)
                            w.key("range"); w.range(h.range)
                            w.key("sentence"); w.int(h.sentence)
                            w.key("term"); w.string(h.term)
                            w.key("weight"); w.int(h.weight)
                        }
                    }
                    w.key("score"); w.int(t.score)
                    w.key("theme"); w.string(t.theme)
                    w.key("threshold"); w.int(t.threshold)
                }
            }
        }
    }

    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        typealias GiveUp = FindingsJSON.GiveUp
        var article: ArticleInfo?
        var sentences: [Sentence]?
        var sentenceCount: Int?
        var themes: [ThemeResult]?
        var countries: [CountryPresence]?
        var figures: [MoneyFigure]?
        var dates: [DateMention]?
        var pair, named: [String]?
        var people: [PersonMention]?
        var meetings: [Meeting]?
        var counts: [CountFigure]?
        var signature: [UInt64]?
        try r.object { r, key throws(GiveUp) in
            switch key {
            case "article": try once(&article, try ArticleInfo(json: &r))
            case "countries": try once(&countries, try r.array { r throws(GiveUp) in try CountryPresence(json: &r) })
            case "counts": try once(&counts, try r.array { r throws(GiveUp) in try CountFigure(json: &r) })
            case "dates": try once(&dates, try r.array { r throws(GiveUp) in try DateMention(json: &r) })
            case "figures": try once(&figures, try r.array { r throws(GiveUp) in try MoneyFigure(json: &r) })
            case "meetings": try once(&meetings, try r.array { r throws(GiveUp) in try Meeting(json: &r) })
            case "named": try once(&named, try r.strings())
            case "pair": try once(&pair, try r.strings())
            case "people": try once(&people, try r.array { r throws(GiveUp) in try PersonMention(json: &r) })
            case "sentenceCount": try once(&sentenceCount, try r.int())
            case "sentences": try once(&sentences, try r.array { r throws(GiveUp) in try Sentence(json: &r) })
            case "signature": try once(&signature, try r.array { r throws(GiveUp) in try r.unsigned() })
            case "themes": try once(&themes, try r.array { r throws(GiveUp) in try ThemeResult(json: &r) })
            default: throw GiveUp()
            }
        }
        self.article = try required(article)
        self.sentences = try required(sentences)
        self.sentenceCount = try required(sentenceCount)
        self.themes = try required(themes)
        self.countries = try required(countries)
        self.figures = try required(figures)
        self.dates = try required(dates)
        self.pair = try required(pair)
        self.people = try required(people)
        self.named = try required(named)
        self.meetings = try required(meetings)
        self.counts = try required(counts)
        self.signature = try required(signature)
    }
}

extension CountryPresence {
    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        var code: String?
        var firstSentence, mentions: Int?
        var kinds: [MentionKind]?
        try r.object { r, key throws(FindingsJSON.GiveUp) in
            switch key {
            case "code": try once(&code, try r.string())
            case "firstSentence": try once(&firstSentence, try r.int())
            case "kinds": try once(&kinds, try r.array { r throws(FindingsJSON.GiveUp) in try r.raw() })
            case "mentions": try once(&mentions, try r.int())
            default: throw FindingsJSON.GiveUp()
            }
        }
        self.init(code: try required(code), mentions: try required(mentions), firstSentence: try required(firstSentence), kinds: try required(kinds))
    }
}

extension CountFigure {
    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        var kind: Kind?
        var value: Amount?
        var object, text: String?
        var sentence: Int?
        var range: Range<Int>?
        try r.object { r, key throws(FindingsJSON.GiveUp) in
            switch key {
            case "kind": try once(&kind, try r.raw())
            case "object": try once(&object, try r.string())
            case "range": try once(&range, try r.range())
            case "sentence": try once(&sentence, try r.int())
            case "text": try once(&text, try r.string())
            case "value": try once(&value, try r.amount())
            default: throw FindingsJSON.GiveUp()
            }
        }
        self.init(
            kind: try required(kind), value: try required(value), object: try required(object), sentence: try required(sentence),
            range: try required(range), text: try required(text))
    }
}

extension DateMention {
    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        typealias GiveUp = FindingsJSON.GiveUp
        var expression: DateExpression.Value?
        var date, end: PartialDate?
        var basis: Basis?
        var sentence: Int?
        var range: Range<Int>?
        var text: String?
        try r.object { r, key throws(GiveUp) in
            switch key {
            case "basis": try once(&basis, try r.raw())
            case "date": try once(&date, try r.date())
            case "end": try once(&end, try r.date())
            case "expression": try once(&expression, try DateExpression.Value(json: &r))
            case "range": try once(&range, try r.range())
            case "sentence": try once(&sentence, try r.int())
            case "text": try once(&text, try r.string())
            default: throw GiveUp()
            }
        }
        self.init(
            expression: try required(expression), date: date, end: end, basis: try required(basis), sentence: try required(sentence),
            range: try required(range), text: try required(text))
    }
}

extension DateExpression.Value {
    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        typealias GiveUp = FindingsJSON.GiveUp
        var value: Self?
        try r.object { r, key throws(GiveUp) in
            guard value == nil else { throw GiveUp() }
            // The case's values, by their keys (`_0`, `_1` where unlabelled).
            var dates: [String: PartialDate] = [:]
            var ints: [String: Int] = [:]
            try r.object { r, label throws(GiveUp) in
                switch (key, label) {
                case ("date", "_0"), ("span", "_0"), ("span", "_1"):
                    guard dates[label] == nil else { throw GiveUp() }
                    dates[label] = try r.date()
                case ("monthDay", "month"), ("monthDay", "day"), ("relativeMonth", "month"), ("relativeMonth", "offset"), ("relativeYear", "offset"),
                    ("relativeMonthDay", "month"), ("relativeMonthDay", "day"), ("relativeMonthDay", "offset"),
                    ("monthDaySpan", "month"), ("monthDaySpan", "first"), ("monthDaySpan", "last"),
                    ("inRelativeYear", "month"), ("inRelativeYear", "day"), ("inRelativeYear", "offset"),
                    ("weekday", "_0"), ("nextWeekday", "_0"):
                    guard ints[label] == nil else { throw GiveUp() }
                    ints[label] = try r.int()
                default: throw GiveUp()
                }
            }
            switch key {
            case "date": value = .date(try required(dates["_0"]))
            case "span": value = .span(try required(dates["_0"]), try required(dates["_1"]))
            case "monthDay": value = .monthDay(month: try required(ints["month"]), day: try required(ints["day"]))
            case "monthDaySpan":
                value = .monthDaySpan(month: try required(ints["month"]), first: try required(ints["first"]), last: try required(ints["last"]))
            case "relativeMonth": value = .relativeMonth(month: try required(ints["month"]), offset: try required(ints["offset"]))
            case "relativeYear": value = .relativeYear(offset: try required(ints["offset"]))
            case "inRelativeYear":
                value = .inRelativeYear(month: try required(ints["month"]), day: ints["day"], offset: try required(ints["offset"]))
            case "relativeMonthDay":
                value = .relativeMonthDay(month: try required(ints["month"]), day: try required(ints["day"]), offset: try required(ints["offset"]))
            case "weekday": value = .weekday(try required(ints["_0"]))
            case "nextWeekday": value = .nextWeekday(try required(ints["_0"]))
            case "yesterday": value = .yesterday
            default: throw GiveUp()
            }
        }
        self = try required(value)
    }
}

extension MoneyFigure {
    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        typealias GiveUp = FindingsJSON.GiveUp
        var value, number: Amount?
        var scale, sentence: Int?
        var currency: String?
        var currencyWord, text: String?
        var qualifier: Qualifier?
        var range: Range<Int>?
        var trade: TradeRole?
        try r.object { r, key throws(GiveUp) in
            switch key {
            case "currency": try once(&currency, try r.string())
            case "currencyWord": try once(&currencyWord, try r.string())
            case "number": try once(&number, try r.amount())
            case "qualifier": try once(&qualifier, try r.raw())
            case "range": try once(&range, try r.range())
            case "scale": try once(&scale, try r.int())
            case "sentence": try once(&sentence, try r.int())
            case "text": try once(&text, try r.string())
            case "trade": try once(&trade, try TradeRole(json: &r))
            case "value": try once(&value, try r.amount())
            default: throw GiveUp()
            }
        }
        self.init(
            value: try required(value), number: try required(number), scale: try required(scale), currency: currency,
            currencyWord: try required(currencyWord), qualifier: try required(qualifier), sentence: try required(sentence),
            range: try required(range), trade: trade, text: try required(text))
    }
}

extension TradeRole {
    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        var kind: Kind?
        var from, to: String?
        var period: PartialDate?
        var periodBasis: PeriodBasis?
        try r.object { r, key throws(FindingsJSON.GiveUp) in
            switch key {
            case "from": try once(&from, try r.string())
            case "kind": try once(&kind, try r.raw())
            case "period": try once(&period, try r.date())
            case "periodBasis": try once(&periodBasis, try r.raw())
            case "to": try once(&to, try r.string())
            default: throw FindingsJSON.GiveUp()
            }
        }
        self.init(kind: try required(kind), from: from, to: to, period: period, periodBasis: periodBasis)
    }
}

extension Meeting {
    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        typealias GiveUp = FindingsJSON.GiveUp
        var verb: EntityRegistry.Verb?
        var people, countries, themes: [String]?
        var place, placeCountry: String?
        var date: PartialDate?
        var dateBasis: DateMention.Basis?
        var sentence: Int?
        try r.object { r, key throws(GiveUp) in
            switch key {
            case "countries": try once(&countries, try r.strings())
            case "date": try once(&date, try r.date())
            case "dateBasis": try once(&dateBasis, try r.raw())
            case "people": try once(&people, try r.strings())
            case "place": try once(&place, try r.string())
            case "placeCountry": try once(&placeCountry, try r.string())
            case "sentence": try once(&sentence, try r.int())
            case "themes": try once(&themes, try r.strings())
            case "verb":
                guard verb == nil else { throw GiveUp() }
                var text, code, english, arabic: String?
                try r.object { r, key throws(GiveUp) in
                    switch key {
                    case "arabic": try once(&arabic, try r.string())
                    case "code": try once(&code, try r.string())
                    case "english": try once(&english, try r.string())
                    case "text": try once(&text, try r.string())
                    default: throw GiveUp()
                    }
                }
                verb = EntityRegistry.Verb(text: try required(text), code: try required(code), english: try required(english), arabic: try required(arabic))
            default: throw GiveUp()
            }
        }
        self.init(
            verb: try required(verb), people: try required(people), countries: try required(countries), place: place,
            placeCountry: placeCountry, date: date, dateBasis: dateBasis, themes: try required(themes), sentence: try required(sentence))
    }
}

extension PersonMention {
    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        var id, title, country: String?
        var name, english: String?
        var romanized: Bool?
        var sentence: Int?
        try r.object { r, key throws(FindingsJSON.GiveUp) in
            switch key {
            case "country": try once(&country, try r.string())
            case "english": try once(&english, try r.string())
            case "id": try once(&id, try r.string())
            case "name": try once(&name, try r.string())
            case "romanized": try once(&romanized, try r.bool())
            case "sentence": try once(&sentence, try r.int())
            case "title": try once(&title, try r.string())
            default: throw FindingsJSON.GiveUp()
            }
        }
        self.init(
            id: id, name: try required(name), english: try required(english), romanized: try required(romanized), title: title,
            country: country, sentence: try required(sentence))
    }
}

extension Sentence {
    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        var index, paragraph: Int?
        var range: Range<Int>?
        var text: String?
        var countries: [String]?
        try r.object { r, key throws(FindingsJSON.GiveUp) in
            switch key {
            case "countries": try once(&countries, try r.strings())
            case "index": try once(&index, try r.int())
            case "paragraph": try once(&paragraph, try r.int())
            case "range": try once(&range, try r.range())
            case "text": try once(&text, try r.string())
            default: throw FindingsJSON.GiveUp()
            }
        }
        self.init(index: try required(index), paragraph: try required(paragraph), range: try required(range), text: try required(text), countries: try required(countries))
    }
}

extension ThemeResult {
    init(json r: inout FindingsJSON.Reader) throws(FindingsJSON.GiveUp) {
        typealias GiveUp = FindingsJSON.GiveUp
        var theme: String?
        var score, threshold: Int?
        var hits: [Hit]?
        var evidence: [Int]?
        try r.object { r, key throws(GiveUp) in
            switch key {
            case "evidence": try once(&evidence, try r.array { r throws(GiveUp) in try r.int() })
            case "hits":
                guard hits == nil else { throw GiveUp() }
                hits = try r.array { r throws(GiveUp) in
                    var term: String?
                    var weight, sentence, paragraph: Int?
                    var range: Range<Int>?
                    try r.object { r, key throws(GiveUp) in
                        switch key {
                        case "paragraph": try once(&paragraph, try r.int())
                        case "range": try once(&range, try r.range())
                        case "sentence": try once(&sentence, try r.int())
                        case "term": try once(&term, try r.string())
                        case "weight": try once(&weight, try r.int())
                        default: throw GiveUp()
                        }
                    }
                    return Hit(term: try required(term), weight: try required(weight), sentence: try required(sentence), range: try required(range), paragraph: try required(paragraph))
                }
            case "score": try once(&score, try r.int())
            case "theme": try once(&theme, try r.string())
            case "threshold": try once(&threshold, try r.int())
            default: throw GiveUp()
            }
        }
        self.init(theme: try required(theme), score: try required(score), threshold: try required(threshold), hits: try required(hits), evidence: try required(evidence))
    }
}
