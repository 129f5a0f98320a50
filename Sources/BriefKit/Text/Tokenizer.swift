/// A sentence's tokens, at their indices among the article's: a slice of an array of tokens, or of the buffer an
/// analysis tokenizes an article into (``TokenSlice``), which no reference counts. The finders read either.
protocol TokenSequence: RandomAccessCollection where Element == Token, Index == Int {}

extension ArraySlice: TokenSequence where Element == Token {}

extension Slice: TokenSequence where Base == UnsafeBufferPointer<Token> {}

extension TokenSequence {
    /// Whether there is a token at `k` and one of its forms is in `set`.
    func token(_ k: Int, isIn set: IDSet) -> Bool { k >= startIndex && k < endIndex && self[k].forms.contains(where: set.contains) }
}

/// A slice of the tokens an analysis keeps for the article it is at (see `Analyzer`): valid while the analysis is.
typealias TokenSlice = Slice<UnsafeBufferPointer<Token>>

/// A word or number of a text: where it stands, and what it is for the analysis.
///
/// A text has a token every six bytes or so, and the analysis passes over its tokens several times: a token is kept
/// to 64 bytes (offsets in 32 bits, small counts in a byte), a cache line, not the 96 its plain fields would take.
public struct Token: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case word, number }

    /// FNV-1a of the folded key: what near-duplicate detection compares (``StoryClusters``).
    public var keyHash: UInt64 = 0
    /// For numbers: the value, exact (`35.2`, `١٬٥٠٠` = 1500).
    public var number: Amount?
    private var start: UInt32
    private var end: UInt32
    /// The vocabulary number of the word exactly as folded, or ``Vocabulary/none``.
    public var exact: Vocabulary.ID
    public var kind: Kind
    /// When the word was found only without a leading clitic: the second UTF-8 byte of that clitic letter
    /// (0x88 و, 0x81 ف, 0xA8 ب, 0x83 ك, 0x84 ل); otherwise 0.
    public var clitic: UInt8 = 0
    private var digits: UInt8
    /// Which finders may start a finding at this token, a bit each (``Start``): all bits until
    /// ``Lexicon/markStarts(_:)`` marks the token, or the tokenizer does with a memo made for the lexicon
    /// (``FormsMemo/startsTable``), so that a finder skips a token only when the lexicon has said it cannot start
    /// there. (It fills the struct's padding: a token stays 64 bytes.) The finders read the marks from a byte array
    /// beside the tokens (``StartMarks``), eight at a time.
    var starts: UInt8 = .max
    /// The vocabulary numbers of the word's known forms (itself, or without its clitics), in the order tried.
    public var forms: KnownForms

    /// - Precondition: the text is shorter than 4 GiB (an article is at most ``CorpusLoader/maxArticleBytes``).
    public init(
        range: Range<Int>, kind: Kind, exact: Vocabulary.ID, forms: KnownForms, number: Amount?, integerDigits: Int,
        clitic: UInt8 = 0, keyHash: UInt64 = 0
    ) {
        start = UInt32(range.lowerBound)
        end = UInt32(range.upperBound)
        self.kind = kind
        self.exact = exact
        self.forms = forms
        self.number = number
        digits = UInt8(min(integerDigits, 255))
        self.clitic = clitic
        self.keyHash = keyHash
    }

    /// A word found in the memo (``Tokenizer``'s fast path): no range to build and check, no number.
    ///
    /// - Precondition: `start` ≤ `end` < 4 GiB (the tokenizer checks its text's length once).
    @inline(__always)
    init(start: Int, end: Int, exact: Vocabulary.ID, forms: KnownForms, clitic: UInt8, keyHash: UInt64, starts: UInt8) {
        self.start = UInt32(truncatingIfNeeded: start)
        self.end = UInt32(truncatingIfNeeded: end)
        kind = .word
        self.exact = exact
        self.forms = forms
        number = nil
        digits = 0
        self.clitic = clitic
        self.keyHash = keyHash
        self.starts = starts
    }

    /// Where the token stands in its text, in bytes of UTF-8.
    public var range: Range<Int> {
        // Unchecked: every initializer and the setter keep `start` ≤ `end` (finders read ranges at every token).
        get { Range(uncheckedBounds: (Int(start), Int(end))) }
        set {
            start = UInt32(newValue.lowerBound)
            end = UInt32(newValue.upperBound)
        }
    }

    /// The bits of ``starts``: a finder tests its bit first, and looks at the token's forms only where it is set.
    enum Start {
        /// A theme's term starts with one of the forms (``ThemeScorer``), and so on for each phrase matcher.
        static let theme: UInt8 = 1 << 0
        static let country: UInt8 = 1 << 1
        static let entity: UInt8 = 1 << 2
        static let role: UInt8 = 1 << 3
        static let verb: UInt8 = 1 << 4
        /// A date expression may start here: a month, weekday or year word (``FixedWords/dateStarts``).
        static let date: UInt8 = 1 << 5
        /// A sum of money may start here: a number in digits, or a number or scale word (``FixedWords/moneyStarts``).
        static let money: UInt8 = 1 << 6
        /// The finders of people and meetings: a sentence with none of them names nobody.
        static let people: UInt8 = entity | role | verb

        /// The marks of a token whose known forms are `forms` (a number has none, and is marked for money), from a
        /// lexicon's marks by vocabulary number plus one (see ``KnownForms/bits(in:)``): the one rule by which both
        /// ``Lexicon/markStarts(_:)`` and the tokenizer's memo mark tokens.
        @inline(__always)
        static func marks(of forms: KnownForms, number: Bool, in table: UnsafeBufferPointer<UInt8>) -> UInt8 {
            forms.bits(in: table) | (number ? money : 0)
        }
    }

    /// The first known form, or ``Vocabulary/none``.
    public var id: Vocabulary.ID { forms.first }
    /// For numbers: how many digits stand before the decimal point (a year has four; counted up to 255).
    public var integerDigits: Int {
        get { Int(digits) }
        set { digits = UInt8(min(newValue, 255)) }
    }

    /// The year a number of four digits from 1800 to 2199 reads as (`2024`), nil for any other token: the one test of
    /// "a year" for dates, counts and sums.
    public var yearValue: Int? {
        guard kind == .number, digits == 4, let v = number?.integerValue, (1800...2199).contains(v) else { return nil }
        return v
    }

    /// FNV-1a of `key`: ``hashSeed`` with each byte mixed in by ``hash(_:_:)``.
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        key.reduce(hashSeed, hash)
    }

    /// FNV-1a's offset basis: the hash of an empty key.
    static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One FNV-1a step: the hash `h` of a key, extended by `byte`.
    @inline(__always) static func hash(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* 0x100_0000_01b3
    }
}

/// Splits text into tokens on scalars that are neither letters, digits nor marks, folding each into its match key
/// (see ``MatchKey``) and looking it up in a vocabulary, in one pass over the UTF-8 bytes.
///
/// Numbers keep their decimal point (`35.2`, `٣٥٫٢`, and a comma before one or two digits: `35,2`) and thousands
/// separators (`1,500`, `١٬٥٠٠`) inside one token, parsed before any punctuation is folded. A one-letter proclitic
/// glued to a number (`و2023`) is a word of its own.
///
/// - Complexity: O(n) in the length of the text; no allocation per token.
public enum Tokenizer {
    public static func tokens(in text: String, vocabulary: Vocabulary = Vocabulary()) -> [Token] {
        var text = text
        return text.withUTF8 { tokens(in: $0, vocabulary: vocabulary) }
    }

    static func tokens(in text: String, vocabulary: Vocabulary, memo: FormsMemo) -> [Token] {
        var text = text
        return text.withUTF8 { tokens(in: $0, vocabulary: vocabulary, memo: memo) }
    }

    /// The folded keys of the text's tokens (numbers as ASCII digits with `.`), for tests and diagnostics.
    public static func keys(in text: String) -> [String] {
        var text = text
        var keys: [String] = []
        text.withUTF8 { scan($0) { key, _, _, _, _ in keys.append(String(decoding: key, as: UTF8.self)); return true } }
        return keys
    }

    /// How many tokens the text has, counting no further than `limit`.
    public static func wordCount(_ text: String, limit: Int = .max) -> Int {
        var text = text
        return text.withUTF8 { wordCount($0, limit: limit) }
    }

    static func wordCount(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> Int {
        // A long line has more words than a limit of a few dozen: spaces followed by a letter or digit prove it,
        // each the start of a token, far faster than reading every word.
        if limit < .max, certainStarts(bytes, upTo: limit) >= limit { return limit }
        var n = 0
        // The same tokens, without their keys.
        scan(bytes, folding: false) { _, _, _, _, _ in n += 1; return n < limit }
        return min(n, limit)
    }

    /// - Parameter memo: what the tokenizer learnt of words seen before with this vocabulary (faster, same tokens).
    static func tokens(in bytes: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary, memo: FormsMemo? = nil) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(bytes.count / 6)
        tokens(in: bytes, vocabulary: vocabulary, memo: memo, into: &out)
        return out
    }

    /// Appends the tokens of `bytes` to `out`.
    ///
    /// - Precondition: `bytes` is shorter than 4 GiB (see ``append(_:vocabulary:memo:to:)``).
    static func tokens(in bytes: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary, memo: FormsMemo?, into out: inout [Token]) {
        // The tokens are written to a run, then copied to `out` at once; the run and the key buffer are the memo's,
        // kept from paragraph to paragraph.
        var buffers = memo?.takeBuffers() ?? Buffers()
        append(bytes, vocabulary: vocabulary, memo: memo, to: &buffers)
        out.append(contentsOf: buffers.run.tokens)
        if let memo { memo.keepBuffers(buffers) } else { buffers.free() }
    }

    /// Appends the tokens of `bytes` to `taken.run`, after those already there (an article's paragraphs, one after
    /// another, each token's range in its own paragraph): the analysis reads them there, where they were written.
    ///
    /// - Precondition: `bytes` is shorter than 4 GiB: a token keeps its range in 32-bit offsets, which the fast path
    ///   converts unchecked (checked here, once).
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary, memo: FormsMemo?, to taken: inout Buffers) {
        precondition(bytes.count < Int(UInt32.max), "a text of 4 GiB or more")
        // A local copy (pointers and counts), written back at the end: kept in registers, where each append through
        // the `inout` argument would go to memory and back.
        var buffers = taken
        defer { taken = buffers }
        // Allocated at its first use, by a word read as ل + ال (most paragraphs have none).
        var scratch: [UInt8] = []
        let table = ScalarClass.table
        let folds = ScalarClass.foldedPairs
        let n = bytes.count
        // The memo, for the fast path, without the retain and release per word that a reference bound in the loop
        // costs there (the caller holds it for the whole call).
        let fastMemo = memo.map(Unmanaged.passUnretained)
        var i = 0
        while i < n {
            if let fastMemo {
                // A word of plain Arabic letters (and marks) seen before as written, followed by a space or
                // punctuation (most of a text), is one probe of the memo by its bytes: no letter is folded, no key
                // hashed.
                while i < n, isASCIIBreak(bytes[i], table) { i += 1 }
                if i >= n { break }
                var found: FormsMemo.Entry?
                // The word's end, and where the next token is looked for (after punctuation kept with the word).
                var end = i
                var next = i
                if startsPlainLetter(bytes, at: i) {
                    // The word ends where the non-ASCII bytes do, at a space or ASCII punctuation; or else, at a
                    // scalar that ends a word (Arabic comma, quotation mark), where its plain letters do.
                    let start = bytes.baseAddress! + i
                    var hash: UInt64
                    (end, hash) = hashedNonASCIIRun(bytes, from: i)
                    let looked = end == n || isASCIIBreak(bytes[end], table)
                    next = end
                    if looked {
                        let h = hash != 0 ? hash : FormsMemo.writtenHash(start, end &- i)
                        found = fastMemo._withUnsafeGuaranteedRef { $0.findWritten(start, count: end &- i, hash: h) }
                        if let w = found, w.tokenLength != 0 { end = i &+ Int(w.tokenLength) }
                    }
                    if found == nil {
                        let plain = plainLetterRun(bytes, from: i)
                        if plain != end || !looked, endsWord(bytes, at: plain, table) {
                            let runEnd = end
                            end = plain
                            next = plain
                            let h = FormsMemo.writtenHash(start, end &- i)
                            found = fastMemo._withUnsafeGuaranteedRef { $0.findWritten(start, count: end &- i, hash: h) }
                            // Followed by punctuation only, up to a space: kept with it, to be found at the first
                            // probe next time, and passed over with it now.
                            if looked, let w = found, onlyPunctuation(bytes, from: plain, to: runEnd, table) {
                                fastMemo._withUnsafeGuaranteedRef { $0.keepWritten(start, count: runEnd &- i, tokenLength: plain &- i, entry: w) }
                                next = runEnd
                            }
                        }
                    }
                } else if bytes[i] >= 0x80 {
                    // Punctuation of other scripts between words (« » ، ؛ “ ” –) is passed over here, as the full
                    // step passes over it, without a call to it: a text has one for every eight words or so. (Not
                    // looked for in the memo, which keeps words that start with a plain letter only.)
                    let (v, width) = scalar(bytes, i)
                    if !isWord(v, entry(v, table)) {
                        i &+= width
                        continue
                    }
                }
                if let w = found {
                    buffers.run.append(Token(start: i, end: end, exact: w.exact, forms: w.forms, clitic: w.clitic, keyHash: w.keyHash, starts: w.starts))
                    i = next
                    continue
                }
            }
            guard let token = step(bytes, at: &i, key: &buffers.key, folding: true, pairs: folds) else { continue }
            let range = token.range
            let keyBytes = buffers.key.buffer
            if token.isNumber {
                var number = Token(range: range, kind: .number, exact: Vocabulary.none, forms: KnownForms(), number: Amount(numberKey: keyBytes), integerDigits: token.integerDigits, keyHash: buffers.key.hash)
                if let memo { number.starts = memo.starts(of: KnownForms(), number: true) }
                buffers.run.append(number)
                continue
            }
            // A plain word, which the memo keeps as written: one the fast path above would find, plain letters and
            // marks only, then a space, punctuation or the end. Read from where a scan stands, the same bytes before
            // any scalar that ends a word are always this token, whatever comes before or after.
            let plain = memo != nil && plainLetterRun(bytes, from: range.lowerBound) == range.upperBound && endsWord(bytes, at: range.upperBound, table)
            // A word seen lately costs one probe of the memo; another is looked up in the vocabulary (up to six
            // lookups, for its forms without clitics) and kept in the memo.
            let exact: Vocabulary.ID
            let forms: KnownForms
            let clitic: UInt8
            var starts = UInt8.max
            if let e = memo?.find(keyBytes, hash: buffers.key.hash) {
                (exact, forms, clitic, starts) = (e.exact, e.forms, e.clitic, e.starts)
            } else {
                var whole = Vocabulary.none
                forms = vocabulary.forms(keyBytes, 0, keyBytes.count, scratch: &scratch, exact: &whole)
                exact = whole
                let stripped = exact == Vocabulary.none && forms.count > 0 && keyBytes.count >= 2
                clitic = stripped && (keyBytes[0] == 0xD8 || keyBytes[0] == 0xD9) ? keyBytes[1] : 0
                // A plain word is kept as written only: found by its bytes from then on, it needs no entry by its key
                // (and one-off words, most of an archive's new words, fill the memo half as fast).
                if let memo { starts = memo.starts(of: forms, number: false) }
                if !plain { memo?.keep(keyBytes, hash: buffers.key.hash, exact: exact, forms: forms, clitic: clitic, starts: starts) }
            }
            if plain, let memo {
                memo.keepWritten(bytes.baseAddress! + range.lowerBound, count: range.count, keyHash: buffers.key.hash, exact: exact, forms: forms, clitic: clitic, starts: starts)
            }
            var word = Token(range: range, kind: .word, exact: exact, forms: forms, number: nil, integerDigits: 0, clitic: clitic, keyHash: buffers.key.hash)
            word.starts = starts
            buffers.run.append(word)
        }
    }

    /// Where the run of bytes of 0x80 or more (non-ASCII scalars) that starts at `i` ends, and the
    /// ``FormsMemo/writtenHash(_:_:)`` of the run, made from the same eight-byte loads that find its end (0 for a run
    /// that reaches the last eight bytes of `b`, which are read one by one).
    @inline(__always)
    static func hashedNonASCIIRun(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> (end: Int, hash: UInt64) {
        let raw = UnsafeRawPointer(b.baseAddress!)
        var h: UInt64 = 0
        var k = i
        while k &+ 8 <= b.count {
            let chunk = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            // The high bit of each byte that is ASCII; the lowest one set is the run's end.
            let ascii = ~chunk & 0x8080_8080_8080_8080
            if ascii != 0 {
                let inRun = UInt64(ascii.trailingZeroBitCount &>> 3)
                // The run's last chunk: its bytes before the end, zeros above.
                if inRun != 0 { h = FormsMemo.mix(h, chunk & (1 &<< (inRun &<< 3) &- 1)) }
                let end = k &+ Int(inRun)
                return (end, FormsMemo.finish(h, count: end &- i))
            }
            h = FormsMemo.mix(h, chunk)
            k &+= 8
        }
        // Fewer than eight bytes are left: read one by one, and the hash left for the caller to make.
        while k < b.count, b[k] >= 0x80 { k &+= 1 }
        return (k, 0)
    }

    /// Whether the bytes from `start` to `end` are scalars that are not a word's (punctuation of any script), which
    /// the tokenizer passes over without making a token.
    static func onlyPunctuation(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ table: UnsafePointer<UInt32>) -> Bool {
        var k = start
        while k < end {
            let (v, width) = scalar(b, k)
            if isWord(v, entry(v, table)) { return false }
            k &+= width
        }
        return k == end
    }

    /// Whether a plain Arabic letter, tatweel or mark (U+0621 to U+063A, U+0640 to U+0652) starts at `i`: a word the
    /// memo may keep as written (see ``plainLetterRun(_:from:)``).
    @inline(__always)
    static func startsPlainLetter(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i &+ 1 < b.count else { return false }
        let pair = UInt16(bigEndian: UnsafeRawPointer(b.baseAddress!).loadUnaligned(fromByteOffset: i, as: UInt16.self))
        return pair &- 0xD8A1 <= 0xD8BA - 0xD8A1 || pair &- 0xD980 <= 0xD992 - 0xD980
    }

    /// Where the run of plain Arabic letters, tatweel and marks (U+0621 to U+063A, U+0640 to U+0652: no digits, no
    /// other script) that starts at `i` ends.
    @inline(__always)
    static func plainLetterRun(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        let raw = UnsafeRawPointer(b.baseAddress!)
        var k = i
        while k &+ 1 < b.count {
            // The two bytes as one big-endian number: D8 A1 to D8 BA, D9 80 to D9 92.
            let pair = UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt16.self))
            guard pair &- 0xD8A1 <= 0xD8BA - 0xD8A1 || pair &- 0xD980 <= 0xD992 - 0xD980 else { break }
            k &+= 2
        }
        return k
    }

    /// Whether `c` is a space or ASCII punctuation: a byte that ends a word, or that stands between words.
    @inline(__always)
    static func isASCIIBreak(_ c: UInt8, _ table: UnsafePointer<UInt32>) -> Bool {
        c < 0x80 && table[Int(c)] & 1 == 0
    }

    /// Whether a word that reaches byte `i` ends there: at the end, or at a scalar that is neither a letter, a digit
    /// nor a mark (a space, punctuation of any script, a quotation mark).
    @inline(__always)
    static func endsWord(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ table: UnsafePointer<UInt32>) -> Bool {
        guard i < b.count else { return true }
        if b[i] < 0x80 { return isASCIIBreak(b[i], table) }
        let (v, _) = scalar(b, i)
        return !isWord(v, entry(v, table))
    }

    /// How many tokens of `b`, counting no further than `limit`, certainly start where they do: at a letter or digit
    /// (one byte, or two, and neither an ignorable mark) right after a space. Each is the start of a token of its
    /// own, so the count is at most the number of tokens.
    static func certainStarts(_ b: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> Int {
        let table = ScalarClass.table
        let n = b.count
        var found = 0
        /// Whether the space at `at` (before the last byte) is followed by a letter or digit of one or two bytes that
        /// is not an ignorable mark: a certain start.
        @inline(__always) func startsAfter(_ at: Int) -> Bool {
            let c = b[at + 1]
            let e: UInt32
            if c < 0x80 {
                e = table[Int(c)]
            } else if c & 0xE0 == 0xC0, at + 2 < n {
                e = table[Int(twoByteScalar(c, b[at + 2]))]
            } else {
                e = 0
            }
            return e & 1 != 0 && e & 2 == 0
        }
        /// Counts the certain starts after the spaces of eight bytes from `start`, whose lanes are 0xFF where a space
        /// is; true at the limit. (Inline: out of line, its capture of `found` costs an exclusivity check per call.)
        @inline(__always) func count(_ spaces: UInt64, from start: Int) -> Bool {
            var lanes = spaces
            while lanes != 0 {
                let bit = lanes.trailingZeroBitCount
                lanes &= ~(0xFF << UInt64(bit))
                if startsAfter(start + bit >> 3) {
                    found += 1
                    if found >= limit { return true }
                }
            }
            return false
        }
        // Sixteen bytes at a time, each space among them tested (a word is a few bytes: most blocks have some).
        // A block's last byte needs the byte after it, so blocks stop one byte short of the end.
        typealias V = ByteBlocks.Block
        var i = 0
        while i + V.scalarCount < n {
            let spaces = ByteBlocks.lanes(ByteBlocks.block(b.baseAddress! + i) .== V(repeating: 0x20))
            if count(spaces.0, from: i) || count(spaces.1, from: i + 8) { return found }
            i += V.scalarCount
        }
        // The rest byte by byte.
        while i + 1 < n {
            if b[i] == 0x20, startsAfter(i) {
                found += 1
                if found >= limit { return found }
            }
            i += 1
        }
        return found
    }

    /// The scalar of a two-byte UTF-8 sequence: its lead byte (110xxxxx) and its continuation byte (10xxxxxx).
    @inline(__always)
    static func twoByteScalar(_ lead: UInt8, _ next: UInt8) -> UInt32 {
        (UInt32(lead & 0x1F) << 6) | UInt32(next & 0x3F)
    }

    /// Decodes the scalar starting at byte `i`: its value and its length in bytes (invalid bytes read as U+FFFD).
    @inline(__always)
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c = b[i]
        if c < 0x80 { return (UInt32(c), 1) }
        if c & 0xE0 == 0xC0, i + 1 < b.count { return (twoByteScalar(c, b[i + 1]), 2) }
        if c & 0xF0 == 0xE0, i + 2 < b.count {
            return ((UInt32(c & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F), 3)
        }
        if c & 0xF8 == 0xF0, i + 3 < b.count {
            return ((UInt32(c & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12) | (UInt32(b[i + 2] & 0x3F) << 6) | UInt32(b[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// What a call writes to, emptied for the next: its tokens and the key being read. A memo keeps one for its
    /// thread (``FormsMemo/takeBuffers()``), so that a paragraph allocates nothing.
    struct Buffers {
        var run = TokenRun()
        var key = KeyBuffer()

        /// Emptied of the last call's tokens and key, their room kept.
        mutating func removeAll() {
            run.removeAll()
            key.clear()
        }

        func free() {
            run.free()
            key.free()
        }
    }

    /// The first `count` elements of `p` moved to new room for `capacity`, and `p` freed: how the tokenizer's buffers
    /// grow.
    static func moved<T>(_ p: UnsafeMutablePointer<T>, count: Int, to capacity: Int) -> UnsafeMutablePointer<T> {
        let bigger = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        bigger.moveInitialize(from: p, count: count)
        p.deallocate()
        return bigger
    }

    /// The tokens of one call, or of an article's paragraphs one after another, written where an array append would
    /// test the array's uniqueness (a call into the runtime) and its capacity for each: room that grows as needed,
    /// read where they were written (the analysis) or copied out at once.
    ///
    /// Beside each token, its ``Token/starts`` marks, a byte each (``StartMarks``), written with it.
    struct TokenRun {
        private(set) var base: UnsafeMutablePointer<Token>
        private(set) var marks: UnsafeMutablePointer<UInt8>
        private(set) var count = 0
        private(set) var capacity: Int

        init(capacity: Int = 256) {
            // Stored and dropped bit by bit: a token holds no reference.
            precondition(_isPOD(Token.self))
            self.capacity = max(capacity, 1)
            base = .allocate(capacity: self.capacity)
            marks = .allocate(capacity: self.capacity)
        }

        var tokens: UnsafeBufferPointer<Token> { UnsafeBufferPointer(start: base, count: count) }
        /// The tokens' marks, at the tokens' indices.
        var markBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: marks, count: count) }

        @inline(__always) mutating func append(_ token: Token) {
            if _slowPath(count == capacity) { grow() }
            (base + count).initialize(to: token)
            (marks + count).initialize(to: token.starts)
            count &+= 1
        }

        mutating func removeAll() { count = 0 }

        private mutating func grow() {
            base = Tokenizer.moved(base, count: count, to: capacity * 2)
            marks = Tokenizer.moved(marks, count: count, to: capacity * 2)
            capacity *= 2
        }

        func free() {
            base.deallocate()
            marks.deallocate()
        }
    }

    /// The folded key of the token being read: a buffer that grows as needed, reused from token to token.
    struct KeyBuffer {
        var bytes: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int
        /// ``Token/hash(_:)`` of the bytes so far, kept as they are appended (the same value, without a second pass).
        var hash = Token.hashSeed

        @inline(__always) mutating func clear() {
            count = 0
            hash = Token.hashSeed
        }

        @inline(__always) mutating func mix(_ b: UInt8) {
            hash = Token.hash(hash, b)
        }

        init() {
            capacity = 64
            bytes = .allocate(capacity: capacity)
        }

        func free() { bytes.deallocate() }

        @inline(__always) mutating func reserve(_ extra: Int) {
            guard count + extra > capacity else { return }
            capacity = max(capacity * 2, count + extra)
            bytes = Tokenizer.moved(bytes, count: count, to: capacity)
        }

        @inline(__always) mutating func append(_ b: UInt8) {
            reserve(1)
            bytes[count] = b
            count += 1
            mix(b)
        }

        /// Appends the folded form of scalar `v` (see ``MatchKey``), whose table entry (for `v` < U+0800) is `entry`.
        @inline(__always) mutating func appendFolded(_ v: UInt32, entry: UInt32?) {
            guard let entry else {
                var folded: [UInt8] = []
                MatchKey.appendUTF8(v, to: &folded)
                reserve(folded.count)
                for b in folded { append(b) }
                return
            }
            if entry & 2 != 0 { return }
            if entry & 4 != 0 {
                append(UInt8(0x30 + (entry >> 8) & 0xF))
                return
            }
            appendFolded(entry)
        }

        /// Appends the folded scalar of a table entry that is neither ignorable nor a digit.
        @inline(__always) mutating func appendFolded(_ entry: UInt32) {
            reserve(2)
            Self.write(folded: entry >> 16, to: bytes, count: &count, hash: &hash)
        }

        /// Writes `f`, a folded scalar below U+0800 (a table entry's), as UTF-8 at `out + count`, with room for two
        /// bytes there, and advances `count` and `hash` past it: what ``appendFolded(_:)`` does, for a loop that
        /// keeps the count and the hash in locals.
        @inline(__always) static func write(folded f: UInt32, to out: UnsafeMutablePointer<UInt8>, count: inout Int, hash: inout UInt64) {
            if f < 0x80 {
                out[count] = UInt8(truncatingIfNeeded: f)
                hash = Token.hash(hash, UInt8(truncatingIfNeeded: f))
                count += 1
            } else {
                let first = UInt8(truncatingIfNeeded: 0xC0 | (f >> 6))
                let second = UInt8(truncatingIfNeeded: 0x80 | (f & 0x3F))
                out[count] = first
                out[count + 1] = second
                hash = Token.hash(Token.hash(hash, first), second)
                count += 2
            }
        }

        var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: bytes, count: count) }
    }

    /// The ``ScalarClass/table`` entry of `v`, or `nil` above U+07FF.
    @inline(__always)
    static func entry(_ v: UInt32, _ table: UnsafePointer<UInt32>) -> UInt32? {
        v < 0x800 ? table[Int(v)] : nil
    }

    @inline(__always) static func isWord(_ v: UInt32, _ e: UInt32?) -> Bool { e.map { $0 & 1 != 0 } ?? ScalarClass.isWordScalar(v) }
    @inline(__always) static func isIgnorable(_ v: UInt32, _ e: UInt32?) -> Bool { e.map { $0 & 2 != 0 } ?? ScalarClass.isIgnorable(v) }
    /// Whether the bytes `start..<end` are the article, alone or behind one or two one-letter proclitics, with or
    /// without tatweel: ال، الـ، بالـ، وال، للـ، وبالـ. (Read only where a digit follows letters, which is rare.)
    static func isArticle(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var e = end
        while e - 2 >= start, b[e - 2] == 0xD9, b[e - 1] == 0x80 { e -= 2 }  // tatweel
        let alifLam: [UInt8] = [0xD8, 0xA7, 0xD9, 0x84]
        func at(_ k: Int, _ bytes: [UInt8]) -> Bool { k >= start && k + bytes.count <= e && bytes.indices.allSatisfy { b[k + $0] == bytes[$0] } }
        switch e - start {
        case 4: return at(start, alifLam) || at(start, [0xD9, 0x84, 0xD9, 0x84])  // ال، لل
        case 6, 8:
            // و، ب، ف، ك before ال, or two of them (وبالـ400)
            let clitic = [[0xD9, 0x88], [0xD8, 0xA8], [0xD9, 0x81], [0xD9, 0x83]] as [[UInt8]]
            let clitics = (e - start - 4) / 2
            return (0..<clitics).allSatisfy { c in clitic.contains { at(start + 2 * c, $0) } } && at(e - 4, alifLam)
        default: return false
        }
    }

    @inline(__always) static func isDigit(_ v: UInt32, _ e: UInt32?) -> Bool { e.map { $0 & 4 != 0 } ?? (ScalarClass.digitValue(v) != nil) }

    /// Walks the tokens of `b`, handing each one's folded key (valid only during the call; empty when not
    /// `folding`), the key's ``Token/hash(_:)``, byte range, whether it is a number, and its integer digit count to
    /// `body`, until `body` returns false.
    ///
    /// - Parameter pairs: the letters read in the common case's loop of their own (``ScalarClass/foldedPairs``);
    ///   every other scalar takes the general path. A table of zeros sends all of them there, with the same tokens:
    ///   tests compare the two.
    @inline(__always)
    static func scan(
        _ b: UnsafeBufferPointer<UInt8>, folding: Bool = true, pairs folds: UnsafePointer<UInt16> = ScalarClass.foldedPairs,
        _ body: (UnsafeBufferPointer<UInt8>, UInt64, Range<Int>, Bool, Int) -> Bool
    ) {
        var key = KeyBuffer()
        defer { key.free() }
        var i = 0
        while i < b.count {
            guard let token = step(b, at: &i, key: &key, folding: folding, pairs: folds) else { continue }
            if !body(key.buffer, key.hash, token.range, token.isNumber, token.integerDigits) { return }
        }
    }

    /// Reads on from byte `i`, where a scan stands (at the start of a token, or between tokens), past the next token
    /// or past bytes that start none: the token, its folded key in `key` (left empty when not `folding`), or `nil`.
    /// The tokens of a text are the same whether one scan reads it all or steps are taken from such a place on.
    @inline(__always)
    static func step(
        _ b: UnsafeBufferPointer<UInt8>, at i: inout Int, key: inout KeyBuffer, folding: Bool, pairs folds: UnsafePointer<UInt16>
    ) -> (range: Range<Int>, isNumber: Bool, integerDigits: Int)? {
        let table = ScalarClass.table
        @inline(__always) func entry(_ v: UInt32) -> UInt32? { Tokenizer.entry(v, table) }
        /// The ``ScalarClass/foldedPairs`` entry of the two-byte scalar at `i` (its lead byte checked, and its
        /// second byte in range, by the caller): `twoByteScalar`, written out, and one load.
        @inline(__always) func foldedPair(_ i: Int) -> UInt16 {
            folds[Int((UInt32(b[i] & 0x1F) << 6) | UInt32(b[i &+ 1] & 0x3F))]
        }
        let n = b.count
        // Spaces and ASCII punctuation between words, passed over without decoding.
        while i < n, isASCIIBreak(b[i], table) { i += 1 }
        if i >= n { return nil }
        // Most words start with a letter of the common kind (two bytes, folding to two bytes; neither a mark
        // nor a digit): a word starts here, with no more to decide.
        let commonLetter = b[i] & 0xE0 == 0xC0 && i &+ 1 < n && foldedPair(i) != 0
        if !commonLetter {
            let (v, w) = scalar(b, i)
            let e = entry(v)
            guard isWord(v, e) else {
                i += w
                return nil
            }
            if isIgnorable(v, e) {
                // A run of marks or controls starts a token only when a letter or digit follows it; either way the
                // run is looked at once.
                var k = i
                var next: UInt32 = 0
                while k < n {
                    let (u, uw) = scalar(b, k)
                    next = u
                    if !isIgnorable(u, entry(u)) { break }
                    k += uw
                }
                if k >= n || !isWord(next, entry(next)) {
                    i = k
                    return nil
                }
            }
        }
        let start = i
        key.clear()
        // Whether the token has a scalar that is not ignorable (and so a key that is not empty).
        var content = false
        var allDigits = true
        var letters = 0
        var firstLetter: UInt32 = 0
        var integerDigits = 0
        var afterPoint = false
        while i < n {
            // The common case first: a run of two-byte letters (Arabic, or Latin above ASCII) that fold to two
            // bytes (``ScalarClass/foldedPairs``); neither digits nor marks, they only count as letters and fold.
            // The run is read in a loop of its own, with the key's count and hash in locals: most of a text is
            // such runs. A letter that finds the key's buffer full takes the general path below, which grows it.
            do {
                var h = key.hash
                var count = key.count
                let out = UnsafeMutableRawPointer(key.bytes)
                let room = key.capacity &- 1
                let runStart = i
                // The position in a local too: `i` is `inout`, and the key's store might write where it lives, for
                // all the compiler knows, so each step of it went to memory and back.
                var j = i
                if folding {
                    while j &+ 1 < n, count < room {
                        let c = b[j]
                        guard c & 0xE0 == 0xC0 else { break }
                        let pair = foldedPair(j)
                        guard pair != 0 else { break }
                        out.storeBytes(of: pair, toByteOffset: count, as: UInt16.self)
                        let bytes = UInt16(littleEndian: pair)
                        h = Token.hash(Token.hash(h, UInt8(truncatingIfNeeded: bytes)), UInt8(truncatingIfNeeded: bytes &>> 8))
                        count &+= 2
                        j &+= 2
                    }
                } else {
                    // Counting tokens only: nothing to write, and the same letters pass.
                    while j &+ 1 < n {
                        let c = b[j]
                        guard c & 0xE0 == 0xC0, foldedPair(j) != 0 else { break }
                        j &+= 2
                    }
                }
                i = j
                key.hash = h
                key.count = count
                if i > runStart {
                    if letters == 0 { firstLetter = twoByteScalar(b[runStart], b[runStart &+ 1]) }
                    letters &+= (i &- runStart) &>> 1
                    allDigits = false
                    content = true
                    // A space or ASCII punctuation after the run ends the word: the general path's first test,
                    // without its set-up.
                    if i < n, isASCIIBreak(b[i], table) { break }
                    continue
                }
            }
            let c = b[i]
            // A space or ASCII punctuation ends a word (a number may go on past a point or a comma).
            if isASCIIBreak(c, table), !(allDigits && content) { break }
            let (u, uw) = scalar(b, i)
            let ue = entry(u)
            if isWord(u, ue) {
                let digit = isDigit(u, ue)
                // A one-letter proclitic glued to a number (و2023، ب15) is a word of its own, and so is the article
                // (الـ400، بالـ400، للـ400): the number is read.
                if digit, !allDigits, letters == 1, firstLetter == 0x0648 || firstLetter == 0x0628 || firstLetter == 0x0644 || firstLetter == 0x0641 || firstLetter == 0x0643 { break }
                if digit, !allDigits, letters <= 6, Self.isArticle(b, start, i) { break }
                if !digit && !isIgnorable(u, ue) {
                    allDigits = false
                    if letters == 0 { firstLetter = u }
                    letters += 1
                }
                if digit && allDigits && !afterPoint { integerDigits += 1 }
                if folding { key.appendFolded(u, entry: ue) }
                content = content || !isIgnorable(u, ue)
                i += uw
                continue
            }
            // A separator inside a number: decimal point or thousands separator between digits.
            if allDigits, content, i + uw < n, ScalarClass.digitValue(scalar(b, i + uw).0) != nil {
                if u == 0x2E || u == 0x066B, !afterPoint {  // . and ARABIC DECIMAL SEPARATOR
                    if folding { key.append(UInt8(ascii: ".")) }
                    afterPoint = true
                    i += uw
                    continue
                }
                if (u == 0x2C || u == 0x066C) && !afterPoint && isThousandsGroup(b, i + uw) {  // , and ARABIC THOUSANDS SEP.
                    i += uw
                    continue
                }
                // A comma before one or two digits is a decimal comma (35,2 مليون، ٣٬٥ مليار, written for ٫):
                // thousands come in threes, and a figure cut at it would lose its whole part (35,2 read as 2).
                if (u == 0x2C || u == 0x066C) && !afterPoint && isDecimalTail(b, i + uw) {
                    if folding { key.append(UInt8(ascii: ".")) }
                    afterPoint = true
                    i += uw
                    continue
                }
            }
            break
        }
        return content ? (start..<i, allDigits && integerDigits > 0, integerDigits) : nil
    }

    /// Whether one or two digits follow at byte `i`, and then neither a digit nor a separator with a digit after it
    /// (1,25,000 is a grouping of the Indian kind, not a decimal), and then, after a space or none, a scale word
    /// (مليون، مليار، ألف، آلاف، بليون، تريليون) or a percent sign: a comma elsewhere between digits is a list
    /// (يومي 20,21 نوفمبر، البندين 2,3).
    private static func isDecimalTail(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard hasDigitTail(b, i) else { return false }
        var k = i
        while k < b.count, ScalarClass.digitValue(scalar(b, k).0) != nil { k += scalar(b, k).1 }
        if k < b.count, b[k] == 0x20 { k += 1 }
        guard k < b.count else { return false }
        if b[k] == 0x25 { return true }  // %
        let rest = UnsafeBufferPointer(rebasing: b[k...])
        let starts: [[UInt8]] = [
            [0xD9, 0xAA],  // ٪
            [0xD9, 0x85, 0xD9, 0x84],  // مل (مليون، مليار، ملايين)
            [0xD8, 0xA3, 0xD9, 0x84, 0xD9, 0x81], [0xD8, 0xA7, 0xD9, 0x84, 0xD9, 0x81],  // ألف، الف
            [0xD8, 0xA2, 0xD9, 0x84, 0xD8, 0xA7, 0xD9, 0x81],  // آلاف
            [0xD8, 0xA8, 0xD9, 0x84, 0xD9, 0x8A, 0xD9, 0x88, 0xD9, 0x86],  // بليون
            [0xD8, 0xAA, 0xD8, 0xB1],  // تر (تريليون، ترليون)
        ]
        return starts.contains { rest.starts(with: $0) }
    }

    /// Whether one or two digits follow at byte `i`, and then neither a digit nor a separator with a digit after it.
    private static func hasDigitTail(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        var k = i
        var digits = 0
        while k < b.count, digits < 3 {
            let (u, w) = scalar(b, k)
            guard ScalarClass.digitValue(u) != nil else { break }
            digits += 1
            k += w
        }
        guard digits == 1 || digits == 2 else { return false }
        guard k < b.count else { return true }
        let (u, w) = scalar(b, k)
        if u == 0x2C || u == 0x066C || u == 0x2E || u == 0x066B {
            return !(k + w < b.count && ScalarClass.digitValue(scalar(b, k + w).0) != nil)
        }
        return true
    }

    /// Whether exactly three digits follow at byte `i` (and then no further digit).
    private static func isThousandsGroup(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        var k = i
        for _ in 0..<3 {
            guard k < b.count else { return false }
            let (u, w) = scalar(b, k)
            guard ScalarClass.digitValue(u) != nil else { return false }
            k += w
        }
        return k >= b.count || ScalarClass.digitValue(scalar(b, k).0) == nil
    }
}
