/// The ``Token/starts`` marks of tokens, a byte each, at the tokens' indices: the analysis keeps one array for an
/// article, whose tokens stand in one buffer.
///
/// A finder looks for its bit here, eight tokens at a time: reading the mark in each token, 64 bytes apart, cost a
/// load, a test and two bound checks per token, and most tokens have none of a finder's bits.
struct StartMarks {
    /// The marks, token after token: the mark of token `i` of the article's tokens is `bytes[i]`.
    let bytes: UnsafeBufferPointer<UInt8>
    /// What holds `bytes` when they were made here; `nil` for the analysis's, which stand beside its tokens (the
    /// tokenizer's run): a finder is passed the marks at every sentence, and an array's were retained each time.
    private let owner: Owner?

    private final class Owner {
        let bytes: UnsafeMutableBufferPointer<UInt8>
        init(_ count: Int) { bytes = .allocate(capacity: max(count, 1)) }
        deinit { bytes.deallocate() }
    }

    /// Marks in memory the caller keeps, unchanged, as long as these are used.
    init(unowned bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        owner = nil
    }

    /// The marks of `tokens` (at their indices), for callers that hold tokens alone.
    init(of tokens: some TokenSequence) {
        let owner = Owner(tokens.endIndex)
        owner.bytes.initialize(repeating: 0)
        for i in tokens.indices { owner.bytes[i] = tokens[i].starts }
        bytes = UnsafeBufferPointer(rebasing: owner.bytes[0..<tokens.endIndex])
        self.owner = owner
    }

    /// The first token index in `i..<end` whose mark has a bit of `bits`, or `end`; `i` for no bits (a finder that
    /// has no bit tries every token).
    @inline(__always)
    func first(_ bits: UInt8, from i: Int, to end: Int) -> Int {
        guard bits != 0, i < end else { return i }
        // Read while the owner, if any, is alive: `bytes` point into it, which the compiler does not see.
        return withExtendedLifetime(owner) { () -> Int in
            let b = bytes
            precondition(end <= b.count, "marks for every token")
            let raw = UnsafeRawPointer(b.baseAddress!)
            var k = i
            // Each byte ANDed with the bits: the first byte not zero is the first marked token.
            let pattern = UInt64(bits) &* 0x0101_0101_0101_0101
            while k &+ 8 <= end {
                let hit = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) & pattern
                if hit != 0 { return k &+ (hit.trailingZeroBitCount &>> 3) }
                k &+= 8
            }
            while k < end {
                if b[k] & bits != 0 { return k }
                k &+= 1
            }
            return end
        }
    }
}
