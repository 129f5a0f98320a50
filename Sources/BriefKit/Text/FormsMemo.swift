import Foundation

/// What the tokenizer learnt of the words it saw lately: for each folded word, its vocabulary number as written,
/// its known forms and its clitic. The words of news text recur (a few thousand make most of any article), so a
/// word seen before costs one probe of this table instead of up to six vocabulary lookups.
///
/// A memo belongs to one vocabulary and is used by one thread at a time (see ``MemoPool``). When it is full, it is
/// emptied and fills again: its contents never change a result, only how fast it comes.
final class FormsMemo {
    struct Entry {
        var hash: UInt64 = 0
        var keyStart: Int32 = 0
        var keyLength: Int32 = 0
        var exact: Vocabulary.ID = Vocabulary.none
        var clitic: UInt8 = 0
        var forms = KnownForms()
    }

    /// What a word written with letters of the common kind only (see ``Tokenizer/isCommonLetters(_:_:_:)``) was
    /// found to be: looked up by its bytes as written, it needs neither folding nor the key's hash.
    struct Written {
        /// ``FormsMemo/writtenHash(_:_:)`` of the bytes, never 0 (an empty slot).
        var tag: UInt64 = 0
        var start: Int32 = 0
        var length: Int32 = 0
        /// ``Token/hash(_:)`` of the folded key.
        var keyHash: UInt64 = 0
        var exact: Vocabulary.ID = Vocabulary.none
        var clitic: UInt8 = 0
        var forms = KnownForms()
    }

    private let slots: UnsafeMutableBufferPointer<Entry>
    private let keys: UnsafeMutableBufferPointer<UInt8>
    private var keysUsed = 0
    private var count = 0
    private let mask: Int
    /// The same for words as written, in tables of their own (same sizes).
    private let written: UnsafeMutableBufferPointer<Written>
    private let writtenBytes: UnsafeMutableBufferPointer<UInt8>
    private var writtenBytesUsed = 0
    private var writtenCount = 0
    /// How many words ``findWritten`` found (for tests: that the fast path is taken).
    private(set) var writtenFound = 0

    init(slots capacity: Int = 1 << 15, keyBytes: Int = 1 << 19) {
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Entry())
        keys = .allocate(capacity: keyBytes)
        written = .allocate(capacity: capacity)
        written.initialize(repeating: Written())
        writtenBytes = .allocate(capacity: keyBytes)
        mask = capacity - 1
    }

    deinit {
        slots.deallocate()
        keys.deallocate()
        written.deallocate()
        writtenBytes.deallocate()
    }

    /// A hash of a word's bytes as written, never 0: eight bytes at a time, a multiplication each, where the key's
    /// FNV-1a takes two per letter.
    @inline(__always)
    static func writtenHash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        var h = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i &+ 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h &>> 29
            i &+= 8
        }
        // The last bytes (fewer than eight): four, two and one at a time.
        var tail: UInt64 = 0
        if i &+ 4 <= count {
            tail = UInt64(raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            i &+= 4
        }
        if i &+ 2 <= count {
            tail = tail &<< 16 | UInt64(raw.loadUnaligned(fromByteOffset: i, as: UInt16.self))
            i &+= 2
        }
        if i < count { tail = tail &<< 8 | UInt64(p[i]) }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return (h ^ (h &>> 32)) | 1
    }

    /// What the word written as the `count` bytes at `p` was found to be, if it was kept (``keepWritten``).
    @inline(__always)
    func findWritten(_ p: UnsafePointer<UInt8>, count: Int) -> Written? {
        let tag = Self.writtenHash(p, count)
        var slot = Int(truncatingIfNeeded: tag ^ (tag &>> 29)) & mask
        while written[slot].tag != 0 {
            let e = written[slot]
            if e.tag == tag, Int(e.length) == count, Self.same(writtenBytes.baseAddress! + Int(e.start), p, count) {
                writtenFound &+= 1
                return e
            }
            slot = (slot &+ 1) & mask
        }
        return nil
    }

    /// Keeps what the word written as the `count` bytes at `p` was found to be (``findWritten`` did not have it).
    func keepWritten(_ p: UnsafePointer<UInt8>, count: Int, keyHash: UInt64, exact: Vocabulary.ID, forms: KnownForms, clitic: UInt8) {
        guard count <= writtenBytes.count / 64 else { return }  // a freak "word" is not kept
        if (writtenCount + 1) * 2 > written.count || writtenBytesUsed + count > writtenBytes.count {
            // Full: start again.
            for i in written.indices { written[i].tag = 0 }
            writtenCount = 0
            writtenBytesUsed = 0
        }
        let tag = Self.writtenHash(p, count)
        var slot = Int(truncatingIfNeeded: tag ^ (tag &>> 29)) & mask
        while written[slot].tag != 0 {
            if written[slot].tag == tag, Int(written[slot].length) == count,
                Self.same(writtenBytes.baseAddress! + Int(written[slot].start), p, count)
            {
                return  // kept already
            }
            slot = (slot &+ 1) & mask
        }
        (writtenBytes.baseAddress! + writtenBytesUsed).update(from: p, count: count)
        written[slot] = Written(
            tag: tag, start: Int32(writtenBytesUsed), length: Int32(count), keyHash: keyHash, exact: exact, clitic: clitic, forms: forms)
        writtenBytesUsed += count
        writtenCount += 1
    }

    /// The hash a key's entry stores (never 0, which marks an empty slot), and the slot its probe starts at.
    @inline(__always)
    private func home(_ hash: UInt64) -> (hash: UInt64, slot: Int) {
        let h = hash | 1
        return (h, Int(truncatingIfNeeded: h ^ (h >> 29)) & mask)
    }

    /// The entry of `key` (whose ``Token/hash(_:)`` is `hash`), if it was kept.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Entry? {
        let (h, start) = home(hash)
        var slot = start
        while slots[slot].hash != 0 {
            let e = slots[slot]
            if e.hash == h, Int(e.keyLength) == key.count, Self.same(keys.baseAddress! + Int(e.keyStart), key.baseAddress!, key.count) {
                return e
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Whether the `count` bytes at `a` and at `b` are the same: eight at a time, inline (a word is a dozen bytes or
    /// so, too short for a call to `memcmp` to pay).
    @inline(__always)
    private static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let x = UnsafeRawPointer(a)
        let y = UnsafeRawPointer(b)
        var i = 0
        while i &+ 8 <= count {
            if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i &+= 8
        }
        if i &+ 4 <= count {
            if x.loadUnaligned(fromByteOffset: i, as: UInt32.self) != y.loadUnaligned(fromByteOffset: i, as: UInt32.self) { return false }
            i &+= 4
        }
        if i &+ 2 <= count {
            if x.loadUnaligned(fromByteOffset: i, as: UInt16.self) != y.loadUnaligned(fromByteOffset: i, as: UInt16.self) { return false }
            i &+= 2
        }
        return i == count || a[i] == b[i]
    }

    /// Keeps what was found of `key` (whose ``Token/hash(_:)`` is `hash`), which ``find(_:hash:)`` did not have.
    func keep(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, exact: Vocabulary.ID, forms: KnownForms, clitic: UInt8) {
        guard key.count <= keys.count / 64 else { return }  // a freak "word" is not kept
        if (count + 1) * 2 > slots.count || keysUsed + key.count > keys.count {
            // Full: start again.
            for i in slots.indices { slots[i].hash = 0 }
            count = 0
            keysUsed = 0
        }
        let (h, start) = home(hash)
        var slot = start
        while slots[slot].hash != 0 { slot = (slot + 1) & mask }
        UnsafeMutableRawPointer(keys.baseAddress! + keysUsed).copyMemory(from: key.baseAddress!, byteCount: key.count)
        slots[slot] = Entry(hash: h, keyStart: Int32(keysUsed), keyLength: Int32(key.count), exact: exact, clitic: clitic, forms: forms)
        keysUsed += key.count
        count += 1
    }
}

/// Memos for the threads of an analysis: a thread takes one for an article and gives it back after.
final class MemoPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [FormsMemo] = []

    func with<R>(_ body: (FormsMemo) -> R) -> R {
        lock.lock()
        let memo = free.popLast() ?? FormsMemo()
        lock.unlock()
        defer {
            lock.lock()
            free.append(memo)
            lock.unlock()
        }
        return body(memo)
    }
}
