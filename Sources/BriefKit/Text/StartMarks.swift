/// The ``Token/starts`` marks of tokens, a byte each, at the tokens' indices: the analysis keeps one array for an
/// article, whose tokens stand in one buffer.
///
/// A finder looks for its bit here, eight tokens at a time: reading the mark in each token, 64 bytes apart, cost a
/// load, a test and two bound checks per token, and most tokens have none of a finder's bits.
struct StartMarks {
    /// The marks, token after token: the mark of token `i` of the article's tokens is `bytes[i]`.
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The marks of `tokens` (at their indices), for callers that hold tokens alone.
    init(of tokens: some TokenSequence) {
        var bytes = [UInt8](repeating: 0, count: tokens.endIndex)
        for i in tokens.indices { bytes[i] = tokens[i].starts }
        self.init(bytes: bytes)
    }

    /// The first token index in `i..<end` whose mark has a bit of `bits`, or `end`; `i` for no bits (a finder that
    /// has no bit tries every token).
    @inline(__always)
    func first(_ bits: UInt8, from i: Int, to end: Int) -> Int {
        guard bits != 0, i < end else { return i }
        return bytes.withUnsafeBufferPointer { b in
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
