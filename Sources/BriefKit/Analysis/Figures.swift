/// A sum of money quoted in an article: `104 ملايين دولار`, `35.2 مليون دولار`, `ملياري جنيه`.
public struct MoneyFigure: Hashable, Sendable {
    /// The value in base units of the currency (dollars, not millions of dollars).
    public var value: Amount
    /// The number as written (`35.2`), or 1 or 2 where only a scale word stands (`مليار`, `ملياري`).
    public var number: Amount
    /// The power of ten of the scale word: 0, 3 (ألف), 6 (مليون), 9 (مليار), 12 (تريليون).
    public var scale: Int
    /// ISO 4217 code, or `nil` where the currency word does not say which country's (a دينار alone).
    public var currency: String?
    /// The currency word as written, folded (`دولار`).
    public var currencyWord: String
    /// Preceded by نحو، حوالي، قرابة...
    public var approximate: Bool
    /// Index into ``ArticleAnalysis/sentences``.
    public var sentence: Int
    /// Where the figure stands in its paragraph, in bytes of UTF-8.
    public var range: Range<Int>
    /// Its role in trade, where the sentence gives one.
    public var trade: TradeRole?
    /// Index of its first token in the sentence.
    var token: Int = 0
}

enum MoneyParser {
    /// Money figures in one sentence's tokens: [number] [scale word] currency [qualifying adjective].
    static func figures(in tokens: ArraySlice<Token>, sentence: Int, words: FixedWords) -> [MoneyFigure] {
        var out: [MoneyFigure] = []
        var i = tokens.startIndex
        let end = tokens.endIndex
        while i < end {
            var number: Amount?
            var k = i
            if tokens[i].kind == .number, let n = tokens[i].number {
                number = n
                k += 1
            }
            var power = 0
            if k < end, let scale = tokens[k].forms.first(in: words.scale) {
                power = scale.power
                if number == nil { number = Amount(mantissa: scale.dual ? 2 : 1) }
                k += 1
            } else if number == nil {
                i += 1
                continue
            }
            guard let n = number, k < end, let entry = tokens[k].forms.first(in: words.currency) else {
                i += 1
                continue
            }
            var code = entry.code
            var last = k + 1
            if last < end, let q = tokens[last].forms.first(in: entry.qualified) {
                code = q
                last += 1
            }
            let approximate = i > tokens.startIndex && tokens[i - 1].forms.contains(where: words.approximators.contains)
            out.append(MoneyFigure(
                value: n.scaled(by: power), number: n, scale: power, currency: code, currencyWord: entry.word,
                approximate: approximate, sentence: sentence,
                range: tokens[i].range.lowerBound..<tokens[last - 1].range.upperBound, trade: nil, token: i))
            i = last
        }
        return out
    }
}
