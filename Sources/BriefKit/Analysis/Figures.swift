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
    /// Scale words (match keys) and their power of ten; `dual` forms mean two of them when no number precedes.
    static let scales: [String: (power: Int, dual: Bool)] = [
        "الف": (3, false), "الاف": (3, false), "الفا": (3, true), "الفي": (3, true), "الفان": (3, true),
        "مليون": (6, false), "ملايين": (6, false), "مليونا": (6, true), "مليوني": (6, true), "مليونان": (6, true),
        "مليار": (9, false), "مليارات": (9, false), "مليارا": (9, true), "ملياري": (9, true), "ملياران": (9, true),
        "بليون": (9, false), "تريليون": (12, false), "ترليون": (12, false),
    ]

    /// Currency words (match keys), with the ISO code they mean alone and the adjectives that change it.
    static let currencies: [String: (code: String?, qualified: [String: String])] = {
        let dollar: (String?, [String: String]) = ("USD", ["امريكي": "USD", "كندي": "CAD", "استرالي": "AUD"])
        let pound: (String?, [String: String]) = ("EGP", ["مصري": "EGP", "استرليني": "GBP", "سوداني": "SDG"])
        let rupee: (String?, [String: String]) = (nil, ["باكستانيه": "PKR", "هنديه": "INR"])
        let riyal: (String?, [String: String]) = ("SAR", ["سعودي": "SAR", "قطري": "QAR", "عماني": "OMR", "يمني": "YER", "ايراني": "IRR"])
        let dirham: (String?, [String: String]) = ("AED", ["اماراتي": "AED", "مغربي": "MAD"])
        let dinar: (String?, [String: String]) = (nil, ["كويتي": "KWD", "اردني": "JOD", "عراقي": "IQD", "بحريني": "BHD", "تونسي": "TND", "جزائري": "DZD", "ليبي": "LYD"])
        let euro: (String?, [String: String]) = ("EUR", [:])
        let yuan: (String?, [String: String]) = ("CNY", [:])
        return [
            "دولار": dollar, "دولارا": dollar, "دولارات": dollar,
            "جنيه": pound, "جنيها": pound, "جنيهات": pound,
            "روبيه": rupee, "روبيات": rupee,
            "ريال": riyal, "ريالا": riyal, "ريالات": riyal,
            "درهم": dirham, "درهما": dirham, "دراهم": dirham,
            "دينار": dinar, "دينارا": dinar, "دنانير": dinar,
            "يورو": euro, "يوان": yuan,
        ]
    }()

    static let approximators: Set<String> = ["نحو", "حوالي", "قرابه", "زهاء", "حوالى", "قرابة"]

    /// Money figures in one sentence's tokens.
    static func figures(in tokens: [Token], sentence: Int) -> [MoneyFigure] {
        var out: [MoneyFigure] = []
        var i = 0
        while i < tokens.count {
            var number: Amount?
            var k = i
            if tokens[i].kind == .number, let n = Amount(numberKey: tokens[i].key) {
                number = n
                k += 1
            }
            var power = 0
            if k < tokens.count, let scale = scale(of: tokens[k].key) {
                power = scale.power
                if number == nil { number = Amount(mantissa: scale.dual ? 2 : 1) }
                k += 1
            } else if number == nil {
                i += 1
                continue
            }
            guard let n = number, k < tokens.count, let (currencyKey, entry) = currency(of: tokens[k].key) else {
                i += 1
                continue
            }
            var code = entry.code
            var end = k + 1
            if end < tokens.count, let q = entry.qualified[adjectiveKey(tokens[end].key)] {
                code = q
                end += 1
            }
            let approximate = i > 0 && approximators.contains(tokens[i - 1].key)
            out.append(MoneyFigure(
                value: n.scaled(by: power), number: n, scale: power, currency: code, currencyWord: currencyKey,
                approximate: approximate, sentence: sentence,
                range: tokens[i].range.lowerBound..<tokens[end - 1].range.upperBound, trade: nil, token: i))
            i = end
        }
        return out
    }

    private static func scale(of key: String) -> (power: Int, dual: Bool)? {
        for form in PhraseMatcher<Int>.forms(of: key) { if let s = scales[form] { return s } }
        return nil
    }

    private static func currency(of key: String) -> (String, (code: String?, qualified: [String: String]))? {
        for form in PhraseMatcher<Int>.forms(of: key) { if let c = currencies[form] { return (form, c) } }
        return nil
    }

    /// An adjective's key without the article: `الأمريكي` -> `امريكي`, `الاميركي` -> `امريكي`.
    private static func adjectiveKey(_ key: String) -> String {
        var k = key.hasPrefix("ال") ? String(key.dropFirst(2)) : key
        if k == "اميركي" { k = "امريكي" }
        return k
    }
}
