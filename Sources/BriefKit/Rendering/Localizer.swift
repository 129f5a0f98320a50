/// A language a report is written in.
public enum Language: String, CaseIterable, Hashable, Sendable {
    case ar, en

    /// Text direction for HTML `dir`.
    public var direction: String { self == .ar ? "rtl" : "ltr" }
}

/// How an Arabic report writes the numbers it generates (article text is always quoted as written).
public enum DigitStyle: String, CaseIterable, Hashable, Sendable {
    /// 0123456789, as most Egyptian and Gulf papers print them.
    case western
    /// ٠١٢٣٤٥٦٧٨٩ (U+0660-0669).
    case arabicIndic = "arabic"
}

/// Words and formats of one language for what the analysis found: names, dates, amounts, provenance.
///
/// Only structured values are put into words here; article text is quoted as written, never translated.
/// Digits are Western (0-9) in both languages.
struct Localizer: Sendable {
    let language: Language
    let lexicon: Lexicon
    var digits: DigitStyle = .western

    /// Digits of a generated number in the report's digit style (English reports always use Western digits).
    func num(_ s: String) -> String {
        guard isArabic, digits == .arabicIndic else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map { c in
            (0x30...0x39).contains(c.value) ? Unicode.Scalar(c.value - 0x30 + 0x0660)! : (c == "." ? "\u{066B}" : c == "," ? "\u{066C}" : c)
        }))
    }

    var isArabic: Bool { language == .ar }

    func themeName(_ id: String) -> String {
        guard let t = lexicon.themes.first(where: { $0.id == id }) else { return id }
        return isArabic ? t.nameArabic : t.nameEnglish
    }

    func countryName(_ code: String) -> String {
        guard let c = lexicon.countries.country(code: code) else { return code }
        return isArabic ? c.nameArabic : c.nameEnglish
    }

    private static let monthsEnglish = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    private static let monthsArabic = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]

    func monthName(_ m: Int) -> String { isArabic ? Self.monthsArabic[m - 1] : Self.monthsEnglish[m - 1] }

    /// `24 November 2025`, `November 2025`, `2025` (and the Arabic forms), at the date's own precision.
    func date(_ d: PartialDate) -> String {
        var parts: [String] = []
        if let day = d.day { parts.append(num(String(day))) }
        if let m = d.month { parts.append(monthName(m)) }
        parts.append(num(String(d.year)))
        return parts.joined(separator: " ")
    }

    /// `1–4 December 2025`, or both dates in full where month or year differ.
    func span(_ a: PartialDate, _ b: PartialDate) -> String {
        if a.year == b.year, a.month == b.month, let da = a.day, b.day != nil {
            return num("\(da)") + "–" + date(b)
        }
        return date(a) + " – " + date(b)
    }

    func week(_ w: ISOWeek) -> String {
        let range = span(w.monday, w.sunday)
        return isArabic ? "الأسبوع \(num(String(w.week))) من \(num(String(w.year))) (\(range))" : "Week \(w.week) of \(w.year) (\(range))"
    }

    // MARK: - Amounts

    /// The Arabic name of every code the money parser gives (``FixedWords/currencyWords``): a code without one
    /// would print its Latin letters in an Arabic sentence, and a qualifier the text gave (كندي، عماني) would be lost.
    static let currencyArabic: [String: String] = [
        "USD": "دولار", "CAD": "دولار كندي", "AUD": "دولار أسترالي", "EUR": "يورو", "EGP": "جنيه مصري", "GBP": "جنيه إسترليني",
        "SDG": "جنيه سوداني", "PKR": "روبية باكستانية", "INR": "روبية هندية", "SAR": "ريال سعودي", "QAR": "ريال قطري",
        "OMR": "ريال عماني", "YER": "ريال يمني", "IRR": "ريال إيراني", "AED": "درهم إماراتي", "MAD": "درهم مغربي",
        "CNY": "يوان", "KWD": "دينار كويتي", "JOD": "دينار أردني", "IQD": "دينار عراقي", "BHD": "دينار بحريني",
        "TND": "دينار تونسي", "DZD": "دينار جزائري", "LYD": "دينار ليبي",
    ]

    /// A currency word whose country the text does not give, by its match key: its Arabic and English names.
    static let currencyWithoutCountry: [String: (arabic: String, english: String)] = [
        "روبيه": ("روبية", "rupees"), "روبيات": ("روبية", "rupees"), "دينار": ("دينار", "dinars"), "دينارا": ("دينار", "dinars"),
        "دنانير": ("دينار", "dinars"), "ريال": ("ريال", "riyals"), "ريالا": ("ريال", "riyals"), "ريالات": ("ريال", "riyals"),
        "درهم": ("درهم", "dirhams"), "درهما": ("درهم", "dirhams"), "دراهم": ("درهم", "dirhams"),
    ]

    /// An amount as its source qualifies it: about USD 217 million, more than USD 500 million, at most USD 400 million
    /// (نحو، أكثر من، أقل من، على الأكثر).
    func amount(_ value: Amount, currency: String?, word: String? = nil, as qualifier: MoneyFigure.Qualifier) -> String {
        let amount = amount(value, currency: currency, word: word)
        return switch qualifier {
        case .exact: amount
        case .about: (isArabic ? "نحو " : "about ") + amount
        case .over: (isArabic ? "أكثر من " : "more than ") + amount
        case .under: (isArabic ? "أقل من " : "less than ") + amount
        case .atLeast: isArabic ? amount + " على الأقل" : "at least " + amount
        case .atMost: isArabic ? amount + " على الأكثر" : "at most " + amount
        }
    }

    /// A trade figure's amount in `currency`, as its source qualifies it (the chart, the flows and the parts' check).
    func amount(_ ref: TradeFigureRef, currency: String?) -> String { amount(ref.value, currency: currency, as: ref.qualifier) }

    /// `USD 104 million` / `104 ملايين دولار`; the amount in the largest whole scale word it fits.
    func amount(_ value: Amount, currency: String?, word: String? = nil) -> String {
        let negative = value.isNegative
        let v = value.magnitude
        var power = 0
        for p in [12, 9, 6] where !(v < Amount(mantissa: 1, exponent: p)) {
            power = p
            break
        }
        let number = v.scaled(by: -power)
        var digits = num(grouped(number.description))
        if negative { digits = "−" + digits }
        if isArabic {
            let scaleWord: String
            // Arabic counts: a number whose last two digits are 3-10 takes the plural (104 ملايين، 113 مليون).
            let plural = number.exponent >= 0 && Self.takesPlural(Int(number.description) ?? 0)
            switch power {
            case 12: scaleWord = plural ? "تريليونات" : "تريليون"
            case 9: scaleWord = plural ? "مليارات" : "مليار"
            case 6: scaleWord = plural ? "ملايين" : "مليون"
            default: scaleWord = ""
            }
            let unnamed = word.flatMap { Self.currencyWithoutCountry[$0]?.arabic } ?? word
            let cur = currency.flatMap { Self.currencyArabic[$0] } ?? unnamed ?? currency ?? ""
            return [digits, scaleWord, cur].filter { !$0.isEmpty }.joined(separator: " ")
        }
        let scaleWord = [12: "trillion", 9: "billion", 6: "million"][power] ?? ""
        // A currency whose country the text leaves open comes after the number, by its English name: 500 million
        // rupees.
        if currency == nil, let word {
            return [digits, scaleWord, Self.currencyWithoutCountry[word]?.english ?? "(\(word))"].filter { !$0.isEmpty }.joined(separator: " ")
        }
        let cur = currency ?? ""
        return [cur, digits, scaleWord].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Digits with thousands separators: `1,500,000`; a decimal part is left as it is.
    private func grouped(_ plain: String) -> String {
        let parts = plain.split(separator: ".", maxSplits: 1)
        var whole = Array(parts[0])
        var out: [Character] = []
        while whole.count > 3 {
            out = [","] + whole.suffix(3) + out
            whole.removeLast(3)
        }
        let result = String(whole + out)
        return parts.count > 1 ? result + "." + parts[1] : result
    }

    // MARK: - Phrases

    func count(_ n: Int, _ one: String, _ many: String, arabicOne: String, arabicTwo: String, arabicFew: String, arabicMany: String) -> String {
        if !isArabic { return "\(n) " + (n == 1 ? one : many) }
        switch n {
        // None takes the plural: ٠ مقالات, not ٠ مقالًا.
        case 0: return "\(num("0")) \(arabicFew)"
        case 1: return arabicOne
        case 2: return arabicTwo
        case _ where Self.takesPlural(n): return "\(num(String(n))) \(arabicFew)"
        default: return "\(num(String(n))) \(arabicMany)"
        }
    }

    /// Whether an Arabic counted noun after `n` is plural: the last two digits are 3 to 10.
    static func takesPlural(_ n: Int) -> Bool { (3...10).contains(n % 100) }

    func articles(_ n: Int) -> String {
        count(n, "article", "articles", arabicOne: "مقال واحد", arabicTwo: "مقالان", arabicFew: "مقالات", arabicMany: "مقالًا")
    }

    func stories(_ n: Int) -> String {
        count(n, "story", "stories", arabicOne: "قصة واحدة", arabicTwo: "قصتان", arabicFew: "قصص", arabicMany: "قصة")
    }

    func outlets(_ n: Int) -> String {
        count(n, "source", "sources", arabicOne: "مصدر واحد", arabicTwo: "مصدران", arabicFew: "مصادر", arabicMany: "مصدرًا")
    }

    func mentions(_ n: Int) -> String {
        count(n, "mention", "mentions", arabicOne: "ذكر واحد", arabicTwo: "ذكران", arabicFew: "مرات ذكر", arabicMany: "مرة ذكر")
    }

    /// The change against the week before, in counts: never a percentage on counts this small.
    func change(now: Int, before: Int) -> String {
        if isArabic {
            if now == before { return "دون تغيير عن الأسبوع السابق (\(num(String(before))))" }
            let d = now - before
            return "\(d > 0 ? "+" : "−")\(num(String(abs(d)))) عن الأسبوع السابق (\(num(String(before))))"
        }
        if now == before { return "unchanged from the week before (\(before))" }
        let d = now - before
        return "\(d > 0 ? "+" : "−")\(abs(d)) on the week before (\(before))"
    }

    func citation(_ c: Citation) -> String { "[S\(c.source) ¶\(c.paragraph)]" }

    func origin<V>(_ field: Field<V>) -> String {
        switch (field.origin, field.basis) {
        case (.unknown, _), (_, nil): return isArabic ? "غير معروف" : "unknown"
        case (let origin, let basis?):
            let how: String
            switch basis {
            case .frontMatter: how = isArabic ? "من بيانات رأس الملف" : "front matter"
            case .metadataFile(let f): how = isArabic ? "من \(f)" : f
            case .headline(let l): how = isArabic ? "من سطر العنوان \(num(String(l)))" : "headline, line \(l)"
            case .dateline(let l): how = isArabic ? "من سطر التاريخ \(num(String(l)))" : "dateline, line \(l)"
            case .byline(let l): how = isArabic ? "من سطر الكاتب \(num(String(l)))" : "byline, line \(l)"
            case .script: how = isArabic ? "من نص المقال" : "script of the text"
            }
            if origin == .given { return isArabic ? "معطى \(how)" : "given: \(how)" }
            return isArabic ? "مستنتج \(how)" : "inferred: \(how)"
        }
    }

    func dateBasis(_ b: DateMention.Basis) -> String {
        switch b {
        case .explicit: return isArabic ? "صريح في النص" : "stated in the text"
        case .relative: return isArabic ? "نسبي، حُسب من تاريخ المقال" : "relative, resolved from the article's date"
        // (The year before or after the article's, where that puts the day near it: inferred, not the article's.)
        case .articleYear: return isArabic ? "السنة مستنتجة من تاريخ المقال" : "year inferred from the article's date"
        case .unresolved: return isArabic ? "غير محسوم" : "unresolved"
        }
    }

    func tradeKind(_ k: TradeRole.Kind) -> String {
        switch k {
        case .exports: return isArabic ? "صادرات" : "exports"
        case .imports: return isArabic ? "واردات" : "imports"
        case .total: return isArabic ? "حجم التبادل التجاري" : "total trade"
        case .investment: return isArabic ? "استثمارات" : "investment"
        }
    }

    /// `from Egypt to Pakistan` / `من مصر إلى باكستان`.
    func direction(_ role: TradeRole) -> String {
        let from = role.from.map(countryName)
        let to = role.to.map(countryName)
        if role.kind == .total, let from, let to { return isArabic ? "بين \(from) و\(to)" : "between \(from) and \(to)" }
        switch (from, to) {
        case let (f?, t?): return isArabic ? "من \(f) إلى \(t)" : "from \(f) to \(t)"
        case let (f?, nil): return isArabic ? "من \(f)" : "from \(f)"
        case let (nil, t?): return isArabic ? "إلى \(t)" : "to \(t)"
        default: return ""
        }
    }

    /// The Arabic preposition ل joined to a name: مصر -> لمصر، السعودية -> للسعودية.
    func withLam(_ name: String) -> String {
        name.hasPrefix("ال") ? "لل" + name.dropFirst(2) : "ل" + name
    }
}
