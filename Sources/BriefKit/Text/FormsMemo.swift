import Foundation

/// What the tokenizer learnt of the words it saw lately: for each word, its vocabulary number as written, its known
/// forms and its clitic. The words of news text recur (a few thousand make most of any article), so a word seen
/// before costs one probe of this table instead of up to six vocabulary lookups.
///
/// Plain Arabic words (letters and marks, then a space or punctuation) are kept under their bytes as written (see
/// ``Tokenizer/tokens(in:vocabulary:memo:)``): found that way, a word needs neither folding nor its key's hash, which
/// the entry holds. A word seen again with punctuation after it (`مصر،`) is kept with it too, so that it is found by
/// the bytes up to the next space. Other words are kept under their folded keys.
///
/// A memo belongs to one vocabulary and is used by one thread at a time (see `Analyzer`). When a table is full, it
/// is emptied and fills again: its contents never change a result, only how fast it comes.
final class FormsMemo {
    /// What a word was found to be.
    struct Entry {
        /// The hash the table files the word under, never 0 (an empty slot).
        var tag: UInt64 = 0
        var start: Int32 = 0
        var length: Int32 = 0
        /// ``Token/hash(_:)`` of the folded key.
        var keyHash: UInt64 = 0
        var exact: Vocabulary.ID = Vocabulary.none
        var clitic: UInt8 = 0
        /// The word's ``Token/starts`` marks, where the memo has its lexicon's (``startsTable``); else all bits.
        var starts: UInt8 = .max
        var forms = KnownForms()
        /// For a word kept as written with the punctuation after it (`مصر،`), the bytes of the word alone, its
        /// token's; 0 for a word kept alone (see ``keepWritten(_:count:tokenLength:entry:)``).
        var tokenLength: Int32 = 0
        /// Unused: it makes an entry 64 bytes, one cache line where the table starts on one (see ``Table``).
        var padding: Int32 = 0
    }

    /// An open-addressing table of entries, with the bytes of their words: plain pointers and counts, so that a
    /// probe in the tokenizer's loop costs no reference counting and no exclusivity check.
    struct Table {
        let slots: UnsafeMutableBufferPointer<Entry>
        let bytes: UnsafeMutableBufferPointer<UInt8>
        /// Entries kept, and bytes of words kept.
        let counts: UnsafeMutablePointer<(entries: Int, bytes: Int)>
        let mask: Int

        init(slots capacity: Int, bytes byteCount: Int) {
            // Each entry on a cache line of its own: a probe that finds a word reads one line, not the two that an
            // entry straddling lines costs.
            let lines = UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Entry>.stride, alignment: 64)
            slots = UnsafeMutableBufferPointer(start: lines.bindMemory(to: Entry.self, capacity: capacity), count: capacity)
            slots.initialize(repeating: Entry())
            bytes = .allocate(capacity: byteCount)
            counts = .allocate(capacity: 1)
            counts.initialize(to: (0, 0))
            mask = capacity - 1
        }

        func free() {
            UnsafeMutableRawPointer(slots.baseAddress!).deallocate()
            bytes.deallocate()
            counts.deallocate()
        }

        /// The entry of the `count` bytes at `p`, filed under `tag` (never 0), if it was kept.
        @inline(__always)
        func find(_ p: UnsafePointer<UInt8>, count: Int, tag: UInt64) -> Entry? {
            var slot = Int(truncatingIfNeeded: tag ^ (tag &>> 29)) & mask
            while slots[slot].tag != 0 {
                let e = slots[slot]
                if e.tag == tag, Int(e.length) == count, same(bytes.baseAddress! + Int(e.start), p, count) { return e }
                slot = (slot &+ 1) & mask
            }
            return nil
        }

        /// Keeps `entry` (its place and tag set here) for the `count` bytes at `p`, filed under `tag` (never 0), which
        /// ``find(_:count:tag:)`` did not have.
        func keep(_ p: UnsafePointer<UInt8>, count: Int, tag: UInt64, _ entry: Entry) {
            guard count <= bytes.count / 64 else { return }  // a freak "word" is not kept
            if (counts.pointee.entries + 1) * 2 > slots.count || counts.pointee.bytes + count > bytes.count {
                // Full: start again.
                for i in slots.indices { slots[i].tag = 0 }
                counts.pointee = (0, 0)
            }
            var slot = Int(truncatingIfNeeded: tag ^ (tag &>> 29)) & mask
            while slots[slot].tag != 0 { slot = (slot &+ 1) & mask }
            let start = counts.pointee.bytes
            (bytes.baseAddress! + start).update(from: p, count: count)
            var e = entry
            e.tag = tag
            e.start = Int32(start)
            e.length = Int32(count)
            slots[slot] = e
            counts.pointee = (counts.pointee.entries + 1, start + count)
        }

        /// Whether the `count` bytes at `a` and at `b` are the same, inline (a word is a dozen bytes or so, too short
        /// for a call to `memcmp` to pay): eight at a time, the last eight read in one load that overlaps the eight
        /// before, so that a word's length costs no branch per size of its tail (see ``FormsMemo/writtenHash(_:_:)``).
        @inline(__always)
        private func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
            let x = UnsafeRawPointer(a)
            let y = UnsafeRawPointer(b)
            if count >= 8 {
                var i = 0
                while i &+ 8 < count {
                    if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                    i &+= 8
                }
                return x.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            }
            if count >= 4 {
                return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                    && x.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            }
            // One to three bytes: the first, the middle and the last are all of them.
            return count == 0 || (a[0] == b[0] && a[count &>> 1] == b[count &>> 1] && a[count &- 1] == b[count &- 1])
        }
    }

    /// Words by their folded keys (those not plain), and plain words by their bytes as written.
    private let folded: Table
    private let written: Table
    /// How many words ``findWritten(_:count:hash:)`` found (for tests: that the fast path is taken).
    private(set) var writtenFound = 0
    /// How many words were kept with the punctuation after them (for tests; see ``keepWritten(_:count:tokenLength:entry:)``).
    private(set) var keptWithPunctuation = 0

    /// An array an analysis fills for one article and empties for the next, with a memo because a memo is one
    /// thread's: its tokens' key hashes (the tokens and their marks stand in the tokenizer's buffers,
    /// ``takeBuffers()``). Its room is allocated once per thread, not once per paragraph; room grown for a freak
    /// article is let go (see ``kept(_:limit:)``).
    var hashes: [UInt64] = []
    /// The most tokens whose room a thread keeps for the next article: 4 MB of them, an article of some 400 KB.
    static let keptTokens = 1 << 16
    /// The longest key whose room the tokenizer's buffers keep (a word of 64 KB is no word: garbage or a freak file).
    static let keptKeyBytes = 1 << 16
    /// The strings an analysis quotes as written, shared from article to article.
    let quoted = QuotedStrings()

    /// The array in `buffer`, emptied with its room kept, leaving `buffer` empty (the caller puts it back when done,
    /// through ``kept(_:limit:)``).
    @inline(__always)
    static func emptied<T>(_ buffer: inout [T]) -> [T] {
        var taken: [T] = []
        swap(&taken, &buffer)
        // An array given back empty is not emptied again: even for an empty one, that is a generic call, and some
        // working arrays of an analysis are taken for every sentence (see `AnalysisScratch`).
        if !taken.isEmpty { taken.removeAll(keepingCapacity: true) }
        return taken
    }

    /// `array`, to keep for the next article, unless it has room for more than `limit` elements: then an
    /// empty one (a 50 MB article's tokens would otherwise stay allocated, 64 bytes each, as long as the analysis).
    @inline(__always)
    static func kept<T>(_ array: [T], limit: Int = keptTokens) -> [T] {
        array.capacity <= limit ? array : []
    }

    /// The ``Token/starts`` bits of a lexicon by vocabulary number plus one (see ``KnownForms/bits(in:)``), for a
    /// memo made for the lexicon's analysis: the tokenizer then marks each token as it makes it, a word found in the
    /// memo with the marks its entry keeps, and the analysis needs no pass of its own to mark them.
    let startsTable: [UInt8]?

    /// - Parameter starts: the lexicon's marks by vocabulary number plus one (a power of two of them), or `nil` for
    ///   tokens left unmarked (all bits).
    init(slots capacity: Int = 1 << 15, keyBytes: Int = 1 << 19, starts: [UInt8]? = nil) {
        precondition(starts.map { $0.count > 0 && $0.count & ($0.count - 1) == 0 } ?? true, "a power of two of marks")
        folded = Table(slots: capacity, bytes: keyBytes)
        written = Table(slots: capacity, bytes: keyBytes)
        startsTable = starts
    }

    /// The ``Token/starts`` marks of a token (a number's, or a word's of `forms`; see ``Token/Start/marks(of:number:in:)``),
    /// where the memo has its lexicon's marks; else all bits.
    func starts(of forms: KnownForms, number: Bool) -> UInt8 {
        guard let startsTable else { return .max }
        return startsTable.withUnsafeBufferPointer { Token.Start.marks(of: forms, number: number, in: $0) }
    }

    /// The tokenizer's buffers (``Tokenizer/Buffers``), kept from call to call: taken emptied by
    /// ``takeBuffers()``, put back by ``keepBuffers(_:)``, unless a freak article grew them past ``keptTokens``
    /// tokens or a key past ``keptKeyBytes``. The analysis tokenizes a whole article into them and reads its tokens
    /// there.
    private var buffers: Tokenizer.Buffers? = Tokenizer.Buffers()

    /// How many tokens the kept buffers have room for (0 when none are kept), for tests.
    var keptTokenRoom: Int { buffers?.run.capacity ?? 0 }

    func takeBuffers() -> Tokenizer.Buffers {
        guard var taken = buffers else { return Tokenizer.Buffers() }
        buffers = nil
        taken.removeAll()
        return taken
    }

    func keepBuffers(_ taken: Tokenizer.Buffers) {
        buffers?.free()
        if taken.run.capacity <= Self.keptTokens, taken.key.capacity <= Self.keptKeyBytes { buffers = taken } else { taken.free() }
    }

    deinit {
        folded.free()
        written.free()
        buffers?.free()
    }

    /// The entry of `key` (whose ``Token/hash(_:)`` is `hash`), if it was kept.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Entry? {
        folded.find(key.baseAddress!, count: key.count, tag: hash | 1)
    }

    /// Keeps what was found of `key` (whose ``Token/hash(_:)`` is `hash`), which ``find(_:hash:)`` did not have.
    func keep(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, exact: Vocabulary.ID, forms: KnownForms, clitic: UInt8, starts: UInt8) {
        folded.keep(key.baseAddress!, count: key.count, tag: hash | 1, Entry(keyHash: hash, exact: exact, clitic: clitic, starts: starts, forms: forms))
    }

    /// What the word written as the `count` bytes at `p` was found to be, if it was kept (``keepWritten``);
    /// `hash` is its ``writtenHash(_:_:)``, which the tokenizer makes as it finds the word's end.
    @inline(__always)
    func findWritten(_ p: UnsafePointer<UInt8>, count: Int, hash: UInt64) -> Entry? {
        let e = written.find(p, count: count, tag: hash)
        if e != nil { writtenFound &+= 1 }
        return e
    }

    /// Keeps what the word written as the `count` bytes at `p` was found to be (``findWritten`` did not have it).
    func keepWritten(_ p: UnsafePointer<UInt8>, count: Int, keyHash: UInt64, exact: Vocabulary.ID, forms: KnownForms, clitic: UInt8, starts: UInt8) {
        written.keep(p, count: count, tag: Self.writtenHash(p, count), Entry(keyHash: keyHash, exact: exact, clitic: clitic, starts: starts, forms: forms))
    }

    /// Keeps a word written with punctuation after it, the `count` bytes at `p`, as the word of `tokenLength` bytes
    /// whose `entry` ``findWritten(_:count:hash:)`` found: the next time, the word is found at the first probe, the
    /// punctuation passed over with it. (A word is followed by a comma or a quotation mark about once in eight;
    /// found otherwise, it costs two probes and its letters read twice.)
    ///
    /// - Precondition: the bytes after the word's are punctuation (no scalar of a word), which make no token.
    func keepWritten(_ p: UnsafePointer<UInt8>, count: Int, tokenLength: Int, entry: Entry) {
        var e = entry
        e.tokenLength = Int32(tokenLength)
        written.keep(p, count: count, tag: Self.writtenHash(p, count), e)
        keptWithPunctuation += 1
    }

    /// A hash of a word's bytes as written, never 0: eight bytes at a time, a multiplication each, where the key's
    /// FNV-1a takes two per letter. The bytes are read as little-endian chunks of eight; the last, shorter chunk
    /// holds the bytes left in its low bytes and zeros above. The tokenizer reads a word eight bytes at a time to
    /// find where it ends, and makes the same hash from the same loads (``mix(_:_:)``, ``finish(_:count:)``); this
    /// function, for words found otherwise, reads the last chunk without reading past the word: in one load that
    /// overlaps the bytes before, or in two for a word shorter than eight.
    static func writtenHash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        var h: UInt64 = 0
        var i = 0
        while i &+ 8 <= count {
            h = mix(h, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i &+= 8
        }
        let rest = count &- i
        if rest > 0 {
            let last: UInt64
            if count >= 8 {
                last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)) >> UInt64(64 &- 8 &* rest)
            } else if rest >= 4 {
                // The first four, and the rest as the high bytes of the last four (none when there are four).
                let high = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: rest &- 4, as: UInt32.self))) >> UInt64(64 &- 8 &* rest)
                last = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self))) | high << 32
            } else if rest >= 2 {
                let high = UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: rest &- 2, as: UInt16.self))) >> UInt64(32 &- 8 &* rest)
                last = UInt64(UInt16(littleEndian: raw.loadUnaligned(as: UInt16.self))) | high << 16
            } else {
                last = UInt64(p[0])
            }
            h = mix(h, last)
        }
        return finish(h, count: count)
    }

    /// A chunk of eight bytes of a word (little-endian) mixed into its hash so far (0 before the first).
    @inline(__always)
    static func mix(_ h: UInt64, _ chunk: UInt64) -> UInt64 {
        let m = (h ^ chunk) &* 0xFF51_AFD7_ED55_8CCD
        return m ^ (m &>> 29)
    }

    /// The ``writtenHash(_:_:)`` of a word of `count` bytes whose chunks made `h`: the length mixed in last, so
    /// that a word and the same bytes with zeros after are not one.
    @inline(__always)
    static func finish(_ h: UInt64, count: Int) -> UInt64 {
        let m = (h ^ UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15) &* 0xC4CE_B9FE_1A85_EC53
        return (m ^ (m &>> 32)) | 1
    }
}
