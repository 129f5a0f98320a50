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

    private let slots: UnsafeMutableBufferPointer<Entry>
    private let keys: UnsafeMutableBufferPointer<UInt8>
    private var keysUsed = 0
    private var count = 0
    private let mask: Int

    init(slots capacity: Int = 1 << 15, keyBytes: Int = 1 << 19) {
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Entry())
        keys = .allocate(capacity: keyBytes)
        mask = capacity - 1
    }

    deinit {
        slots.deallocate()
        keys.deallocate()
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
            if e.hash == h, Int(e.keyLength) == key.count,
                memcmp(keys.baseAddress! + Int(e.keyStart), key.baseAddress!, key.count) == 0
            {
                return e
            }
            slot = (slot + 1) & mask
        }
        return nil
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
