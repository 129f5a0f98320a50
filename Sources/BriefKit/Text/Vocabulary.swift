/// The words the analysis knows (lexicon terms, names, month names, scale and currency words...), as match keys,
/// each with a number. Lookups take bytes of UTF-8 straight from a token's folded key: no `String` is made, no
/// Unicode normalization is run, nothing is allocated.
///
/// A text word resolves to the first of its forms that is a known word: the word itself, then the word without
/// the clitics و ف (and) and ب ك ل (prepositions, with لل read as ل + ال), then without the article ال. A name is
/// therefore never cut: `باكستان` is found whole before `ب` is ever considered.
public struct Vocabulary: Sendable {
    /// The number of a known word; `none` for a word the vocabulary does not hold.
    public typealias ID = Int32
    public static let none: ID = -1

    private var pool: [UInt8] = []
    private var starts: [Int32] = []
    private var ends: [Int32] = []
    private var table: [Int32]  // open addressing: word index + 1, 0 = empty
    private var mask: Int
    /// A bit for each value of 16 high bits of a hash that a known word has (``filterBit(_:)``): most forms of a word
    /// that a lookup tries are not known, and most of them are turned away by this one bit (8 KiB, read from the
    /// first-level cache) before the table is probed.
    private var filter = [UInt64](repeating: 0, count: 1 << 10)

    public init() {
        table = [Int32](repeating: 0, count: 1024)
        mask = 1023
    }

    /// Where the hash of a word sits in ``filter``: 16 of its high bits (40 to 55), which the table's slot (its low
    /// bits) does not use: a word in the bit's word, and the bit.
    @inline(__always)
    private static func filterBit(_ hash: Int) -> (word: Int, bit: UInt64) {
        let top = Int(truncatingIfNeeded: UInt(bitPattern: hash) &>> 40) & 0xFFFF
        return (top &>> 6, 1 &<< UInt64(top & 63))
    }

    public var count: Int { starts.count }

    /// The match key of a known word.
    public func word(_ id: ID) -> String {
        String(decoding: pool[Int(starts[Int(id)])..<Int(ends[Int(id)])], as: UTF8.self)
    }

    /// Adds a word (folded here) and returns its number; a word already known keeps its number.
    @discardableResult
    public mutating func add(_ text: String) -> ID {
        let key = Array(MatchKey.fold(text).utf8)
        if let id = key.withUnsafeBufferPointer({ lookup($0, 0, $0.count) }) { return id }
        if (starts.count + 1) * 2 > table.count { grow() }
        let id = Int32(starts.count)
        starts.append(Int32(pool.count))
        pool += key
        ends.append(Int32(pool.count))
        insert(id, hash: Self.hash(key, 0, key.count))
        return id
    }

    /// The number of a known word, by its text (folded here).
    public func id(_ text: String) -> ID {
        let key = Array(MatchKey.fold(text).utf8)
        return key.withUnsafeBufferPointer { lookup($0, 0, $0.count) } ?? Self.none
    }

    private mutating func grow() {
        table = [Int32](repeating: 0, count: table.count * 2)
        mask = table.count - 1
        for id in 0..<Int32(starts.count) {
            insert(id, hash: pool.withUnsafeBufferPointer { Self.hash($0, Int(starts[Int(id)]), Int(ends[Int(id)])) })
        }
    }

    private mutating func insert(_ id: Int32, hash: Int) {
        let (word, bit) = Self.filterBit(hash)
        filter[word] |= bit
        var slot = hash & mask
        while table[slot] != 0 { slot = (slot + 1) & mask }
        table[slot] = id + 1
    }

    /// Where a word is filed: eight bytes at a time, a multiplication each, where a byte-by-byte hash took two per
    /// letter. The last eight are read in one load, which overlaps the eight before when the length is not a
    /// multiple of eight (the length is mixed in first, so the same bytes read twice are the same word), and a word
    /// of fewer than eight in two overlapping loads: a word's length costs no branch per size of its tail, and
    /// lengths vary from word to word. Only this table reads it: nothing that is kept or compared depends on its
    /// values.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        guard end > start, let base = bytes.baseAddress else { return 0 }
        let p = base + start
        let count = end &- start
        let raw = UnsafeRawPointer(p)
        var h = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        let last: UInt64
        if count >= 8 {
            var i = 0
            while i &+ 8 < count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h &>> 29
                i &+= 8
            }
            last = raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 {
            last = UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)) &<< 32
        } else {
            // One to three bytes: the first, the middle and the last are all of them.
            last = UInt64(p[0]) | UInt64(p[count &>> 1]) &<< 8 | UInt64(p[count &- 1]) &<< 16
        }
        h = (h ^ last) &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: (h ^ (h &>> 32)) >> 1)
    }

    static func hash(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        bytes.withUnsafeBufferPointer { hash($0, start, end) }
    }

    /// The number of the word spelled by `bytes[start..<end]`, if it is known.
    ///
    /// The pool is read by index, with no closure that might capture (and copy) the vocabulary's arrays: a word the
    /// tokenizer's memo does not know takes up to six lookups.
    @inline(__always)
    public func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> ID? {
        guard end > start else { return nil }
        let hash = Self.hash(bytes, start, end)
        let (word, bit) = Self.filterBit(hash)
        guard filter[word] & bit != 0 else { return nil }
        var slot = hash & mask
        let length = end - start
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            let id = Int(entry - 1)
            let a = Int(starts[id])
            if Int(ends[id]) - a == length {
                var k = 0
                while k < length, pool[a + k] == bytes[start + k] { k += 1 }
                if k == length { return ID(id) }
            }
            slot = (slot + 1) & mask
        }
    }

    // MARK: - Clitics

    // UTF-8 of the letters involved (each two bytes).
    private static let waw: (UInt8, UInt8) = (0xD9, 0x88)
    private static let fa: (UInt8, UInt8) = (0xD9, 0x81)
    private static let ba: (UInt8, UInt8) = (0xD8, 0xA8)
    private static let kaf: (UInt8, UInt8) = (0xD9, 0x83)
    private static let lam: (UInt8, UInt8) = (0xD9, 0x84)
    private static let alef: (UInt8, UInt8) = (0xD8, 0xA7)

    @inline(__always)
    private static func starts(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, _ letter: (UInt8, UInt8)) -> Bool {
        i + 1 < end && b[i] == letter.0 && b[i + 1] == letter.1
    }

    /// Letters (scalars) in a UTF-8 range: its bytes less its continuation bytes (10xxxxxx), counted eight at a time.
    @inline(__always)
    static func letters(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        guard end > start, let base = b.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base + start)
        let count = end - start
        var continuations = 0
        var i = 0
        while i &+ 8 <= count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A byte's top bit set and the next bit clear.
            continuations &+= (w & ~(w &<< 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            i &+= 8
        }
        while i < count {
            if raw.load(fromByteOffset: i, as: UInt8.self) & 0xC0 == 0x80 { continuations &+= 1 }
            i &+= 1
        }
        return count - continuations
    }

    /// Every known form of a folded word (`bytes[start..<end]`), in the order they are tried: the word itself, then
    /// the word without و/ف, then without ب/ك/ل (لل read as ل + ال), then each of those without ال. Each consumer
    /// of the analysis takes the first form it knows, so a word that is a term of one theme can still be, without
    /// its article, the adjective of a country.
    ///
    /// - Parameter scratch: a reusable buffer for the one form that must be built (ا + the rest, for لل).
    public func forms(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, scratch: inout [UInt8]) -> KnownForms {
        var exact = Self.none
        return forms(b, start, end, scratch: &scratch, exact: &exact)
    }

    /// ``forms(_:_:_:scratch:)``, with `exact` set to the number of the word itself (``none`` if it is not known):
    /// the first lookup of the forms, which the tokenizer would otherwise make again.
    public func forms(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, scratch: inout [UInt8], exact: inout ID) -> KnownForms {
        var found = KnownForms()
        exact = Self.none
        // Letters are counted once: a clitic taken off is one letter of two bytes.
        let letters = Self.letters(b, start, end)
        if let id = lookup(b, start, end) {
            exact = id
            // A known word is never cut into clitic + rest (باكستان is not ب + اكستان); only its article may go.
            found.append(id)
            if let bare = indefinite(b, start, end, letters: letters) { found.append(bare) }
            return found
        }
        let hasConjunction = letters > 3 && (Self.starts(b, start, end, Self.waw) || Self.starts(b, start, end, Self.fa))
        // The forms after the word itself, in order: ranges of `b`, or (for لل read as ل + ال) of `scratch`, which
        // holds ا + the rest. Listed first, then looked up in plain loops: local functions over them, passed as
        // closures, copied the vocabulary's four arrays (a retain and a release each) several times per word.
        var forms = FormList()
        // (Emptied only when it holds something: emptying an empty array is a generic call of some 70 instructions.)
        if !scratch.isEmpty { scratch.removeAll(keepingCapacity: true) }
        for stem in 0..<(hasConjunction ? 2 : 1) {
            let s = stem == 0 ? start : start + 2
            let stemLetters = letters - stem
            if stem == 1 { forms.append(.init(inScratch: false, start: s, end: end, letters: stemLetters)) }
            guard stemLetters > 3,
                Self.starts(b, s, end, Self.ba) || Self.starts(b, s, end, Self.kaf) || Self.starts(b, s, end, Self.lam)
            else { continue }
            forms.append(.init(inScratch: false, start: s + 2, end: end, letters: stemLetters - 1))
            if Self.starts(b, s, end, Self.lam), Self.starts(b, s + 2, end, Self.lam) {
                let at = scratch.count
                scratch.append(Self.alef.0)
                scratch.append(Self.alef.1)
                for i in (s + 2)..<end { scratch.append(b[i]) }
                // ا in place of the first ل: as many letters as the stem.
                forms.append(.init(inScratch: true, start: at, end: scratch.count, letters: stemLetters))
            }
        }
        return scratch.withUnsafeBufferPointer { sb in
            for k in 0..<forms.count {
                let f = forms[k]
                if f.letters >= 2, let id = lookup(f.inScratch ? sb : b, f.start, f.end) { found.append(id) }
            }
            // Definite forms also match indefinite words: الصادرات ~ صادرات.
            if let id = indefinite(b, start, end, letters: letters) { found.append(id) }
            for k in 0..<forms.count {
                let f = forms[k]
                if let id = indefinite(f.inScratch ? sb : b, f.start, f.end, letters: f.letters) { found.append(id) }
            }
            return found
        }
    }

    /// The number of a definite form (ال + more than two letters) without its article, if that is known.
    @inline(__always)
    private func indefinite(_ bb: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, letters: Int) -> ID? {
        guard letters > 4, Self.starts(bb, s, e, Self.alef), Self.starts(bb, s + 2, e, Self.lam) else { return nil }
        return lookup(bb, s + 4, e)
    }

    /// Up to six forms of a word as byte ranges, in a fixed place (no allocation).
    private struct FormList {
        struct Form {
            var inScratch: Bool
            var start: Int
            var end: Int
            var letters: Int
        }

        private var items = (Form?.none, Form?.none, Form?.none, Form?.none, Form?.none, Form?.none)
        private(set) var count = 0

        mutating func append(_ form: Form) {
            switch count {
            case 0: items.0 = form
            case 1: items.1 = form
            case 2: items.2 = form
            case 3: items.3 = form
            case 4: items.4 = form
            case 5: items.5 = form
            default: preconditionFailure("a word has at most six forms after itself")
            }
            count += 1
        }

        subscript(k: Int) -> Form {
            switch k {
            case 0: items.0!
            case 1: items.1!
            case 2: items.2!
            case 3: items.3!
            case 4: items.4!
            default: items.5!
            }
        }
    }
}

/// Up to four vocabulary numbers of a word's known forms, in the order they were tried (no allocation).
public struct KnownForms: Hashable, Sendable, Sequence {
    private var a: Vocabulary.ID = Vocabulary.none
    private var b: Vocabulary.ID = Vocabulary.none
    private var c: Vocabulary.ID = Vocabulary.none
    private var d: Vocabulary.ID = Vocabulary.none
    private var n: UInt8 = 0
    /// How many forms there are (up to four).
    public var count: Int { Int(n) }

    public init() {}

    mutating func append(_ id: Vocabulary.ID) {
        if contains(id) { return }
        switch count {
        case 0: a = id
        case 1: b = id
        case 2: c = id
        case 3: d = id
        default: return
        }
        n += 1
    }

    public subscript(_ i: Int) -> Vocabulary.ID {
        switch i {
        case 0: return a
        case 1: return b
        case 2: return c
        default: return d
        }
    }

    public var first: Vocabulary.ID { count > 0 ? a : Vocabulary.none }

    @inline(__always)
    public func contains(_ id: Vocabulary.ID) -> Bool {
        count > 0 && (a == id || (count > 1 && (b == id || (count > 2 && (c == id || (count > 3 && d == id))))))
    }

    /// The union of `table`'s bits at every form: `table[id + 1]` for form `id`, so that the unused places, which
    /// hold ``Vocabulary/none``, read `table[0]`, which is 0. Four loads, whatever the count, and no branch: the
    /// index is masked to the table's size, a power of two, rather than tested against it.
    ///
    /// - Precondition: `table.count` is a power of two. Its bits are right for numbers below `table.count - 1`.
    @inline(__always)
    func bits(in table: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let mask = table.count &- 1
        return table[(Int(a) &+ 1) & mask] | table[(Int(b) &+ 1) & mask] | table[(Int(c) &+ 1) & mask] | table[(Int(d) &+ 1) & mask]
    }

    /// The value of the first form that `table` holds.
    @inline(__always)
    public func first<V>(in table: IDTable<V>) -> V? {
        // The test comes before the value: a value that holds an array costs a retain to load.
        for i in 0..<count where table.holds(self[i]) { return table[self[i]] }
        return nil
    }

    public func makeIterator() -> Iterator { Iterator(forms: self) }

    /// The forms in order, without an array: words are iterated per token in the hot path.
    public struct Iterator: IteratorProtocol {
        let forms: KnownForms
        var position = 0

        public mutating func next() -> Vocabulary.ID? {
            guard position < forms.count else { return nil }
            defer { position += 1 }
            return forms[position]
        }
    }

    @inline(__always)
    public func contains(where predicate: (Vocabulary.ID) throws -> Bool) rethrows -> Bool {
        for i in 0..<count where try predicate(self[i]) { return true }
        return false
    }
}

/// Values by vocabulary number, in an array indexed by the number: the lookups of the hot path cost a load, not a
/// hash (vocabulary numbers are small and dense).
public struct IDTable<Value: Sendable>: Sendable {
    private var values: [Value?] = []
    /// The numbers that have a value.
    private var held = IDSet([])

    public init() {}

    @inline(__always)
    public subscript(id: Vocabulary.ID) -> Value? {
        get { id >= 0 && Int(id) < values.count ? values[Int(id)] : nil }
        set {
            guard id >= 0 else { return }
            if Int(id) >= values.count { values += repeatElement(nil, count: Int(id) + 1 - values.count) }
            values[Int(id)] = newValue
            if newValue == nil { held.remove(id) } else { held.insert(id) }
        }
    }

    /// Whether number `id` has a value.
    @inline(__always)
    public func holds(_ id: Vocabulary.ID) -> Bool { held.contains(id) }

    /// The numbers that have a value.
    public var numbers: IDSet { held }
}

/// A set of vocabulary numbers, a bit each: a test is a load and a mask, with no hashing (a `Set` hashes the number
/// on every test, and the hot path tests every word).
public struct IDSet: Sendable {
    private var bits: [UInt64] = []

    public init<S: Sequence>(_ ids: S) where S.Element == Vocabulary.ID {
        for id in ids { insert(id) }
    }

    public mutating func insert(_ id: Vocabulary.ID) {
        guard id >= 0 else { return }
        let word = Int(id) >> 6
        if word >= bits.count { bits += repeatElement(0, count: word + 1 - bits.count) }
        bits[word] |= 1 << (UInt64(id) & 63)
    }

    public mutating func remove(_ id: Vocabulary.ID) {
        let word = Int(id) >> 6
        guard id >= 0, word < bits.count else { return }
        bits[word] &= ~(1 << (UInt64(id) & 63))
    }

    /// The numbers in either set.
    public func union(_ other: IDSet) -> IDSet {
        var u = IDSet([])
        u.bits = (0..<Swift.max(bits.count, other.bits.count)).map { w in (w < bits.count ? bits[w] : 0) | (w < other.bits.count ? other.bits[w] : 0) }
        return u
    }

    @inline(__always)
    public func contains(_ id: Vocabulary.ID) -> Bool {
        let word = Int(id) >> 6
        return id >= 0 && word < bits.count && bits[word] & (1 << (UInt64(id) & 63)) != 0
    }
}
