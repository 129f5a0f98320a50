/// Passing over bytes sixteen at a time, for scans that look for a few byte values among many that are none of them
/// (line breaks in a paragraph, sentence ends in a line).
enum ByteBlocks {
    typealias Block = SIMD16<UInt8>

    /// The offset from `start` on, in steps of sixteen bytes, of the first block of `b` in which `hits` finds a byte,
    /// or of the bytes left at the end (fewer than sixteen): where a byte-by-byte scan takes over.
    ///
    /// `hits` should compare a block with splatted vectors (`block .== Block(repeating: 0x0A)`) and join the results
    /// with `.|`; the mask is read here as two words. With a scalar operand, or `any(_:)`, Swift 6.3 emits a loop
    /// over the lanes instead of vector compares: three times the instructions of a byte loop, not a fraction.
    @inline(__always)
    static func skip(_ b: UnsafeBufferPointer<UInt8>, from start: Int, whileNone hits: (Block) -> SIMDMask<SIMD16<Int8>>) -> Int {
        var i = start
        while i + 16 <= b.count {
            let found = lanes(hits(block(b.baseAddress! + i)))
            if found.0 | found.1 != 0 { break }
            i += 16
        }
        return i
    }

    /// The sixteen bytes from `p` (a scan holds its buffer's base address once, not unwrapped at every block).
    ///
    /// - Precondition: sixteen bytes from `p` are the scan's to read.
    @inline(__always)
    static func block(_ p: UnsafePointer<UInt8>) -> Block {
        UnsafeRawPointer(p).loadUnaligned(as: Block.self)
    }

    /// A mask of sixteen lanes as two words, lanes 0-7 and 8-15, each lane a byte 0xFF where it holds and 0 where
    /// not: read as words, with no loop over the lanes.
    @inline(__always)
    static func lanes(_ mask: SIMDMask<SIMD16<Int8>>) -> (UInt64, UInt64) {
        unsafeBitCast(mask, to: (UInt64, UInt64).self)
    }
}
