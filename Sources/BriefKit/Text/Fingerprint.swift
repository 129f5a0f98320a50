/// A 128-bit fingerprint of bytes: names a cached analysis by its article's content, and checks the cache's records.
///
/// Bytes are read eight at a time. A run of 32 bytes or more goes through four lanes at once, each word of a 32-byte
/// block into its own lane, so that four chains of multiplications run side by side (one chain, as before, took
/// 2.2 GB/s, and hashing every article and checking every record read back was some milliseconds in every 100);
/// the lanes are then mixed into the state, and the rest of the bytes word by word.
///
/// Not cryptographic: it tells apart files that differ by accident (edits, new articles), not files made to
/// collide. Same bytes, same fingerprint, on every machine (little-endian words, fixed seeds).
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    /// Hashing in pieces: `combine` each part (a part's length is mixed in, so `ab`+`c` differs from `a`+`bc`).
    public struct Hasher {
        var a: UInt64 = 0x243F_6A88_85A3_08D3
        var b: UInt64 = 0x1319_8A2E_0370_7344

        public init() {}

        public mutating func combine(_ bytes: UnsafeRawBufferPointer) {
            let count = bytes.count
            var i = 0
            if count >= Lanes.blockSize {
                var lanes = Lanes()
                while i + Lanes.blockSize <= count {
                    lanes.step(bytes, at: i)
                    i += Lanes.blockSize
                }
                lanes.fold(into: &self)
            }
            mixWords(UnsafeRawBufferPointer(rebasing: bytes[i...]))
            mix(UInt64(count))
        }

        /// Mixes `bytes` in word by word, then the bytes after the last whole word as one word (zero if none).
        @inline(__always) mutating func mixWords(_ bytes: UnsafeRawBufferPointer) {
            var i = 0
            while i + 8 <= bytes.count {
                mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            mix(tail)
        }

        public mutating func combine(_ bytes: [UInt8]) { bytes.withUnsafeBytes { combine($0) } }

        public mutating func combine(_ text: String) {
            var text = text
            text.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
        }

        @inline(__always) mutating func mix(_ w: UInt64) {
            a = ((a ^ w) &* 0x9E37_79B9_7F4A_7C15).rotated(29)
            b = ((b &+ w) &* 0xC2B2_AE3D_27D4_EB4F).rotated(31) ^ a
        }

        public func finalize() -> Fingerprint {
            Fingerprint(high: Self.avalanche(a ^ b.rotated(17)), low: Self.avalanche(b &+ a))
        }

        static func avalanche(_ x: UInt64) -> UInt64 {
            var x = x
            x ^= x >> 33
            x &*= 0xFF51_AFD7_ED55_8CCD
            x ^= x >> 33
            x &*= 0xC4CE_B9FE_1A85_EC53
            x ^= x >> 33
            return x
        }
    }

    /// The four lanes of a run of 32-byte blocks: word `k` of each block goes into lane `k`.
    struct Lanes {
        static let blockSize = 32
        var l0: UInt64 = 0x4528_21E6_38D0_1377
        var l1: UInt64 = 0xBE54_66CF_34E9_0C6C
        var l2: UInt64 = 0xC0AC_29B7_C97C_50DD
        var l3: UInt64 = 0x3F84_D5B5_B547_0917

        @inline(__always) mutating func step(_ bytes: UnsafeRawBufferPointer, at i: Int) {
            @inline(__always) func word(_ k: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i + 8 * k, as: UInt64.self)) }
            step(word(0), word(1), word(2), word(3))
        }

        /// Each lane takes its word by a full 128-bit product folded in half (as wyhash mixes): a 64-bit product
        /// alone carries a change only upwards, so that a flip in a word's top bit, rotated down, could be undone
        /// by a flip in the next block's word (a test found such pairs).
        @inline(__always) mutating func step(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
            l0 = Self.fold(l0 ^ w0, 0x9E37_79B9_7F4A_7C15)
            l1 = Self.fold(l1 ^ w1, 0xC2B2_AE3D_27D4_EB4F)
            l2 = Self.fold(l2 ^ w2, 0x1656_67B1_9E37_79F9)
            l3 = Self.fold(l3 ^ w3, 0x85EB_CA77_C2B2_AE63)
        }

        @inline(__always) static func fold(_ x: UInt64, _ k: UInt64) -> UInt64 {
            let (high, low) = x.multipliedFullWidth(by: k)
            return high ^ low
        }

        func fold(into h: inout Hasher) {
            h.mix(l0)
            h.mix(l1)
            h.mix(l2)
            h.mix(l3)
        }
    }

    /// The fingerprint of bytes that come in pieces: the same as ``init(_:)-(UnsafeRawBufferPointer)`` of the pieces
    /// joined, without joining them.
    public struct Stream {
        private var lanes = Lanes()
        /// The bytes of a block not complete yet (the first `pendingCount`).
        private var block: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        private var pendingCount = 0
        public private(set) var count = 0

        public init() {}

        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            var i = 0
            count += bytes.count
            // Bytes into the pending block one at a time until it is full or they run out; whole blocks straight
            // from `bytes`.
            while i < bytes.count {
                if pendingCount == 0, i + Lanes.blockSize <= bytes.count {
                    lanes.step(bytes, at: i)
                    i += Lanes.blockSize
                    continue
                }
                withUnsafeMutableBytes(of: &block) { $0[pendingCount] = bytes[i] }
                pendingCount += 1
                i += 1
                if pendingCount == Lanes.blockSize {
                    withUnsafeBytes(of: &block) { lanes.step($0, at: 0) }
                    pendingCount = 0
                }
            }
        }

        public func finalize() -> Fingerprint {
            var h = Hasher()
            if count >= Lanes.blockSize { lanes.fold(into: &h) }
            // The bytes after the last whole block, as ``Hasher/combine(_:)-(UnsafeRawBufferPointer)`` takes them.
            var rest = block
            let pending = pendingCount
            withUnsafeBytes(of: &rest) { h.mixWords(UnsafeRawBufferPointer(rebasing: $0[..<pending])) }
            h.mix(UInt64(count))
            return h.finalize()
        }
    }

    /// One word is enough for a hash table: the fingerprint is a hash already.
    public func hash(into hasher: inout Swift.Hasher) { hasher.combine(low) }

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public init(_ bytes: UnsafeRawBufferPointer) {
        var h = Hasher()
        h.combine(bytes)
        self = h.finalize()
    }

    public init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { Fingerprint($0) }
    }

    /// 32 lowercase hex digits.
    public var description: String { hex(high) + hex(low) }

    private func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

extension UInt64 {
    @inline(__always) func rotated(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
