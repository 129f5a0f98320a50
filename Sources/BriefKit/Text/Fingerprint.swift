/// A 128-bit fingerprint of bytes, eight bytes at a step: names a cached analysis by its article's content.
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
            while i + 8 <= count {
                mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            mix(tail)
            mix(UInt64(count))
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

    /// The fingerprint of bytes that come in pieces: the same as ``init(_:)-(UnsafeRawBufferPointer)`` of the pieces
    /// joined, without joining them.
    public struct Stream {
        private var hasher = Hasher()
        /// Bytes of a word not complete yet (the first `pendingCount`, least significant first).
        private var pending: UInt64 = 0
        private var pendingCount = 0
        public private(set) var count = 0

        public init() {}

        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            var i = 0
            count += bytes.count
            while pendingCount > 0, pendingCount < 8, i < bytes.count {
                pending |= UInt64(bytes[i]) << (8 * UInt64(pendingCount))
                pendingCount += 1
                i += 1
            }
            if pendingCount == 8 {
                hasher.mix(pending)
                (pending, pendingCount) = (0, 0)
            }
            while i + 8 <= bytes.count {
                hasher.mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                i += 8
            }
            while i < bytes.count {
                pending |= UInt64(bytes[i]) << (8 * UInt64(pendingCount))
                pendingCount += 1
                i += 1
            }
        }

        public func finalize() -> Fingerprint {
            var h = hasher
            h.mix(pending)
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
