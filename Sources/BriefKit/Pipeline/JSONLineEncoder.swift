/// Encodes a value as one line of JSON, the bytes Foundation's `JSONEncoder` writes with `.sortedKeys` and
/// `.withoutEscapingSlashes` (tested on every kind of finding), in a fraction of its time: values go straight into
/// a tree of byte runs, with no dynamic casts for dates, URLs or data (findings have none) and keys compared as
/// ASCII rather than through a locale.
///
/// For the lines of `brief analyze` that ``FindingsJSON`` does not write field by field (a file that could not be
/// read), and for the escaping of every string of every line.
struct JSONLineEncoder {
    /// The JSON text of every scalar encoded, one after the other: scalars are ranges of it, not allocations.
    final class Arena {
        var bytes: [UInt8] = []

        func add(_ write: (inout [UInt8]) -> Void) -> Range<Int> {
            let start = bytes.count
            write(&bytes)
            return start..<bytes.count
        }
    }

    /// What an encoder has been given: one scalar, or an object's or an array's members.
    final class Node {
        enum Kind { case empty, scalar, object, array }
        enum Member {
            case scalar(Range<Int>)
            case node(Node)
        }
        var kind = Kind.empty
        var scalar = 0..<0
        var keys: [String] = []
        var members: [Member] = []

        func write(to out: inout [UInt8], _ arena: Arena) {
            func member(_ m: Member) {
                switch m {
                case .scalar(let r): out += arena.bytes[r]
                case .node(let n): n.write(to: &out, arena)
                }
            }
            switch kind {
            case .empty:
                out += [UInt8(ascii: "{"), UInt8(ascii: "}")]
            case .scalar:
                out += arena.bytes[scalar]
            case .array:
                out.append(UInt8(ascii: "["))
                for (i, m) in members.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    member(m)
                }
                out.append(UInt8(ascii: "]"))
            case .object:
                out.append(UInt8(ascii: "{"))
                // Stable: of a key encoded twice, the last value is kept, as a dictionary would keep it.
                let sorted = keys.indices.sorted { JSONLineEncoder.precedes(keys[$0], keys[$1]) || (keys[$0] == keys[$1] && $0 < $1) }
                var first = true
                for (n, i) in sorted.enumerated() where n + 1 == sorted.count || keys[sorted[n + 1]] != keys[i] {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    JSONLineEncoder.string(keys[i], to: &out)
                    out.append(UInt8(ascii: ":"))
                    member(members[i])
                }
                out.append(UInt8(ascii: "}"))
            }
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = Node()
        let arena = Arena()
        arena.bytes.reserveCapacity(8192)
        try value.encode(to: NodeEncoder(node: root, arena: arena, codingPath: []))
        var out: [UInt8] = []
        out.reserveCapacity(arena.bytes.count + 4096)
        root.write(to: &out, arena)
        return out
    }

    /// The JSON text of a scalar.
    enum Scalar {
        static func null(_ out: inout [UInt8]) { out += "null".utf8 }
        static func bool(_ v: Bool, _ out: inout [UInt8]) { out += (v ? "true" : "false").utf8 }
        static func integer<I: BinaryInteger & CustomStringConvertible>(_ v: I, _ out: inout [UInt8]) { out += v.description.utf8 }
    }

    /// Key order: ASCII letters compared without case, then byte by byte (the order of Foundation's sorted keys for
    /// the ASCII keys of Swift properties).
    static func precedes(_ a: String, _ b: String) -> Bool {
        func folded(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 0x20 : c }
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                for i in 0..<min(x.count, y.count) where folded(x[i]) != folded(y[i]) { return folded(x[i]) < folded(y[i]) }
                if x.count != y.count { return x.count < y.count }
                return x.lexicographicallyPrecedes(y)
            }
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`... or `\u00XX`, the rest as it is.
    static func string(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { b in
            var start = 0
            for (i, c) in b.enumerated() where c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
                start = i + 1
                switch c {
                case UInt8(ascii: "\""): out += [0x5C, 0x22]
                case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
                case 0x08: out += [0x5C, UInt8(ascii: "b")]
                case 0x0C: out += [0x5C, UInt8(ascii: "f")]
                case 0x0A: out += [0x5C, UInt8(ascii: "n")]
                case 0x0D: out += [0x5C, UInt8(ascii: "r")]
                case 0x09: out += [0x5C, UInt8(ascii: "t")]
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out += Array("\\u00".utf8) + [hex[Int(c >> 4)], hex[Int(c & 0xF)]]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Coding paths are not followed down (an array per value would cost more than the rest): the only error, a
    /// floating-point number, names its key alone.
    struct NodeEncoder: Encoder {
        let node: Node
        let arena: Arena
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            node.kind = .object
            return KeyedEncodingContainer(Keyed<Key>(node: node, arena: arena, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            node.kind = .array
            return Unkeyed(node: node, arena: arena, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, arena: arena, codingPath: codingPath) }
    }

    /// Findings hold no floating-point numbers (money is exact decimals); one that appears is an error rather than
    /// a number written differently from Foundation.
    static func refuse(_ value: Any, _ codingPath: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSONLineEncoder writes no floating-point numbers"))
    }

    /// The scalar values of a single-value or an unkeyed container, each written by ``put(_:)``: the two protocols
    /// ask for the same methods, which this one set of them serves.
    protocol ScalarPutting {
        var codingPath: [any CodingKey] { get }
        /// Records one scalar value, written to bytes by `write`.
        func put(_ write: (inout [UInt8]) -> Void)
    }

    /// Sets a node to one scalar value.
    struct Single: SingleValueEncodingContainer, ScalarPutting {
        let node: Node
        let arena: Arena
        var codingPath: [any CodingKey]

        func put(_ write: (inout [UInt8]) -> Void) {
            node.kind = .scalar
            node.scalar = arena.add(write)
        }

        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: NodeEncoder(node: node, arena: arena, codingPath: codingPath)) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let arena: Arena
        var codingPath: [any CodingKey]

        private func add(_ key: Key, _ write: (inout [UInt8]) -> Void) {
            node.keys.append(key.stringValue)
            node.members.append(.scalar(arena.add(write)))
        }

        private func child(_ key: Key) -> NodeEncoder {
            let child = Node()
            node.keys.append(key.stringValue)
            node.members.append(.node(child))
            return NodeEncoder(node: child, arena: arena, codingPath: codingPath)
        }

        mutating func encodeNil(forKey key: Key) { add(key) { Scalar.null(&$0) } }
        mutating func encode(_ value: Bool, forKey key: Key) { add(key) { Scalar.bool(value, &$0) } }
        mutating func encode(_ value: String, forKey key: Key) { add(key) { JSONLineEncoder.string(value, to: &$0) } }
        mutating func encode(_ value: Double, forKey key: Key) throws { throw refuse(value, codingPath + [key]) }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw refuse(value, codingPath + [key]) }
        mutating func encode(_ value: Int, forKey key: Key) { add(key) { Scalar.integer(value, &$0) } }
        mutating func encode(_ value: Int8, forKey key: Key) { add(key) { Scalar.integer(value, &$0) } }
        mutating func encode(_ value: Int16, forKey key: Key) { add(key) { Scalar.integer(value, &$0) } }
        mutating func encode(_ value: Int32, forKey key: Key) { add(key) { Scalar.integer(value, &$0) } }
        mutating func encode(_ value: Int64, forKey key: Key) { add(key) { Scalar.integer(value, &$0) } }
        mutating func encode(_ value: UInt, forKey key: Key) { add(key) { Scalar.integer(value, &$0) } }
        mutating func encode(_ value: UInt8, forKey key: Key) { add(key) { Scalar.integer(value, &$0) } }
        mutating func encode(_ value: UInt16, forKey key: Key) { add(key) { Scalar.integer(value, &$0) } }
        mutating func encode(_ value: UInt32, forKey key: Key) { add(key) { Scalar.integer(value, &$0) } }
        mutating func encode(_ value: UInt64, forKey key: Key) { add(key) { Scalar.integer(value, &$0) } }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try value.encode(to: child(key)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            child(key).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { child(key).unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { child(Key(stringValue: "super")!) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { child(key) }
    }

    struct Unkeyed: UnkeyedEncodingContainer, ScalarPutting {
        let node: Node
        let arena: Arena
        var codingPath: [any CodingKey]
        var count: Int { node.members.count }

        func put(_ write: (inout [UInt8]) -> Void) { node.members.append(.scalar(arena.add(write))) }

        private func child() -> NodeEncoder {
            let child = Node()
            node.members.append(.node(child))
            return NodeEncoder(node: child, arena: arena, codingPath: codingPath)
        }

        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: child()) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            child().container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { child().unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { child() }
    }
}

extension JSONLineEncoder.ScalarPutting {
    typealias Scalar = JSONLineEncoder.Scalar

    mutating func encodeNil() { put { Scalar.null(&$0) } }
    mutating func encode(_ value: Bool) { put { Scalar.bool(value, &$0) } }
    mutating func encode(_ value: String) { put { JSONLineEncoder.string(value, to: &$0) } }
    mutating func encode(_ value: Double) throws { throw JSONLineEncoder.refuse(value, codingPath) }
    mutating func encode(_ value: Float) throws { throw JSONLineEncoder.refuse(value, codingPath) }
    mutating func encode(_ value: Int) { put { Scalar.integer(value, &$0) } }
    mutating func encode(_ value: Int8) { put { Scalar.integer(value, &$0) } }
    mutating func encode(_ value: Int16) { put { Scalar.integer(value, &$0) } }
    mutating func encode(_ value: Int32) { put { Scalar.integer(value, &$0) } }
    mutating func encode(_ value: Int64) { put { Scalar.integer(value, &$0) } }
    mutating func encode(_ value: UInt) { put { Scalar.integer(value, &$0) } }
    mutating func encode(_ value: UInt8) { put { Scalar.integer(value, &$0) } }
    mutating func encode(_ value: UInt16) { put { Scalar.integer(value, &$0) } }
    mutating func encode(_ value: UInt32) { put { Scalar.integer(value, &$0) } }
    mutating func encode(_ value: UInt64) { put { Scalar.integer(value, &$0) } }
}
