import Foundation

/// The strings findings quote as written (names, titles, dates, sums), kept by their UTF-8 bytes: the same few
/// officials, titles and dates recur from article to article, and a string found here is shared, one retain,
/// instead of being made again (its bytes checked, its storage allocated, and later freed).
///
/// One thread's, like the memo that holds it (see ``FormsMemo``). When the table is half full it is emptied and
/// fills again: what it holds never changes a string, only whether it is made or shared.
final class QuotedStrings {
    /// ``FormsMemo/writtenHash(_:_:)`` of each kept string's bytes, 0 where a slot is empty; the strings; how many
    /// are kept. Plain pointers, as in ``FormsMemo/Table``: a class's arrays cost an exclusivity check per access.
    private let hashes: UnsafeMutableBufferPointer<UInt64>
    private let strings: UnsafeMutableBufferPointer<String>
    private let kept: UnsafeMutablePointer<Int>
    private let mask: Int

    /// - Parameter capacity: slots, a power of two; at most half of them are filled.
    init(capacity: Int = 1 << 12) {
        precondition(capacity > 1 && capacity & (capacity - 1) == 0, "a power of two")
        hashes = .allocate(capacity: capacity)
        hashes.initialize(repeating: 0)
        strings = .allocate(capacity: capacity)
        strings.initialize(repeating: "")
        kept = .allocate(capacity: 1)
        kept.initialize(to: 0)
        mask = capacity - 1
    }

    deinit {
        hashes.deallocate()
        strings.deinitialize().deallocate()
        kept.deallocate()
    }

    /// How many strings are kept (for tests).
    var keptCount: Int { kept.pointee }

    /// The string of `bytes` (UTF-8, as `String(decoding:as:)` reads them).
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return "" }
        let hash = FormsMemo.writtenHash(base, bytes.count)
        var slot = Int(truncatingIfNeeded: hash ^ (hash &>> 29)) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == hash, Self.same(strings[slot], bytes) { return strings[slot] }
            slot = (slot &+ 1) & mask
        }
        let made = String(decoding: bytes, as: UTF8.self)
        if (kept.pointee + 1) * 2 > hashes.count {
            // Half full: start again (one slot in two empty keeps a probe short).
            hashes.update(repeating: 0)
            strings.update(repeating: "")
            kept.pointee = 0
            slot = Int(truncatingIfNeeded: hash ^ (hash &>> 29)) & mask
        }
        hashes[slot] = hash
        strings[slot] = made
        kept.pointee += 1
        return made
    }

    /// Whether the UTF-8 of `s` is `bytes`.
    private static func same(_ s: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        s.utf8.count == bytes.count
            && s.utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 } == true
    }
}
