/// An exact decimal amount: `mantissa × 10^exponent`. Money is never rounded through floating point.
public struct Amount: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var mantissa: Int64
    public var exponent: Int

    public init(mantissa: Int64, exponent: Int = 0) {
        self.mantissa = mantissa
        self.exponent = exponent
        normalize()
    }

    /// Parses a number key from the tokenizer: ASCII digits with an optional `.` decimal point.
    public init?(numberKey: String) {
        var key = numberKey
        guard let value = key.withUTF8({ Amount(numberKey: $0) }) else { return nil }
        self = value
    }

    /// Parses a number key from its UTF-8 bytes.
    public init?(numberKey: UnsafeBufferPointer<UInt8>) {
        var mantissa: Int64 = 0
        var exponent = 0
        var afterPoint = false
        var digits = 0
        for u in numberKey {
            if u == UInt8(ascii: ".") {
                guard !afterPoint else { return nil }
                afterPoint = true
                continue
            }
            guard u >= 0x30, u <= 0x39 else { return nil }
            digits += 1
            guard digits <= 17 else { return nil }
            mantissa = mantissa * 10 + Int64(u - 0x30)
            if afterPoint { exponent -= 1 }
        }
        guard digits > 0 else { return nil }
        self.init(mantissa: mantissa, exponent: exponent)
    }

    private mutating func normalize() {
        if mantissa == 0 {
            exponent = 0
            return
        }
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
    }

    /// The amount times `10^power`.
    public func scaled(by power: Int) -> Amount { Amount(mantissa: mantissa, exponent: exponent + power) }

    private static func aligned(_ a: Amount, _ b: Amount) -> (Int64, Int64, Int)? {
        let e = min(a.exponent, b.exponent)
        func raise(_ x: Amount) -> Int64? {
            var m = x.mantissa
            for _ in 0..<(x.exponent - e) {
                let (r, o) = m.multipliedReportingOverflow(by: 10)
                if o { return nil }
                m = r
            }
            return m
        }
        guard let ma = raise(a), let mb = raise(b) else { return nil }
        return (ma, mb, e)
    }

    public static func + (a: Amount, b: Amount) -> Amount {
        let (x, y, e) = aligned(a, b)!
        return Amount(mantissa: x + y, exponent: e)
    }

    public static func - (a: Amount, b: Amount) -> Amount {
        let (x, y, e) = aligned(a, b)!
        return Amount(mantissa: x - y, exponent: e)
    }

    public static func < (a: Amount, b: Amount) -> Bool {
        let (x, y, _) = aligned(a, b)!
        return x < y
    }

    public var isNegative: Bool { mantissa < 0 }
    public var magnitude: Amount { Amount(mantissa: mantissa < 0 ? -mantissa : mantissa, exponent: exponent) }

    /// Plain decimal notation with ASCII digits and `.`: `35200000`, `2.5`, `-9000000`.
    public var description: String {
        let negative = mantissa < 0
        var digits = String(negative ? -mantissa : mantissa)
        if exponent >= 0 {
            digits += String(repeating: "0", count: exponent)
        } else {
            let point = -exponent
            if digits.count <= point { digits = String(repeating: "0", count: point - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -point))
        }
        return (negative ? "-" : "") + digits
    }

    /// The value as an integer, if it is a whole number that fits one (what `Int(description)` reads, without
    /// writing the digits out).
    public var integerValue: Int? {
        guard exponent >= 0 else { return nil }
        var value = Int(mantissa)
        for _ in 0..<exponent {
            let (r, o) = value.multipliedReportingOverflow(by: 10)
            if o { return nil }
            value = r
        }
        return value
    }

    /// The value as a floating-point number, for JSON consumers.
    public var doubleValue: Double { Double(description) ?? 0 }
}

extension Amount: TextCodable {
    /// Encoded as its exact decimal string (`"35200000"`, `"2.5"`), never through floating point.
    init?(codingText text: String) {
        let negative = text.hasPrefix("-")
        guard let value = Amount(numberKey: negative ? String(text.dropFirst()) : text) else { return nil }
        self = negative ? Amount(mantissa: -value.mantissa, exponent: value.exponent) : value
    }
}
