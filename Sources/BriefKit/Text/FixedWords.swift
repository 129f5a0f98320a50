/// The words the analysis reads by rule rather than from the lexicon: month and weekday names, date words, scale
/// and currency words, trade cues. Each gets its number in ``Vocabulary/standard``; an analysis vocabulary starts
/// as a copy of it, so these numbers hold in every vocabulary.
///
/// Immutable, and a class for the reason ``Lexicon`` is: a struct of two dozen tables, captured by a closure or
/// copied out of its holder, costs a retain for each.
public final class FixedWords: Sendable {
    public typealias ID = Vocabulary.ID

    /// One-word month names of the Egyptian/Gulf, Levantine and Maghreb families, with common spellings.
    static let monthFamilies: [[String]] = [
        // Egyptian / Gulf
        ["يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر"],
        // Levantine / Iraqi (January and October-December are two words: see `levantine`)
        ["", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول", "", "", ""],
        // Algeria, Tunisia
        ["جانفي", "فيفري", "", "افريل", "ماي", "جوان", "جويليه", "اوت", "", "", "", ""],
        // Morocco
        ["", "", "", "", "", "", "يوليوز", "غشت", "شتنبر", "", "نونبر", "دجنبر"],
        // Other spellings seen in the press
        ["", "فبرير", "", "", "", "يونيه", "يوليه", "", "سيبتمبر", "", "نوفمير", ""],
    ]

    /// Two-word Levantine names: كانون الثاني، تشرين الأول، تشرين الثاني، كانون الأول.
    static let levantinePairs: [(String, String, Int)] = [("كانون", "الثاني", 1), ("كانون", "الاول", 12), ("تشرين", "الاول", 10), ("تشرين", "الثاني", 11)]

    static let weekdayNames: [(String, Int)] = [("الاثنين", 1), ("الثلاثاء", 2), ("الاربعاء", 3), ("الخميس", 4), ("الجمعة", 5), ("السبت", 6), ("الاحد", 7)]

    /// Scale words and their power of ten; `dual` forms mean two of them when no number precedes.
    static let scaleWords: [(String, Int, Bool)] = [
        ("الف", 3, false), ("الاف", 3, false), ("الفا", 3, true), ("الفي", 3, true), ("الفان", 3, true),
        ("مليون", 6, false), ("ملايين", 6, false), ("مليونا", 6, true), ("مليوني", 6, true), ("مليونان", 6, true),
        ("مليار", 9, false), ("مليارات", 9, false), ("مليارا", 9, true), ("ملياري", 9, true), ("ملياران", 9, true),
        ("بليون", 9, false), ("تريليون", 12, false), ("ترليون", 12, false),
    ]

    /// Currency words with the ISO 4217 code they mean alone (`nil` when that depends on the country: a riyal is
    /// Saudi, Qatari, Omani, Yemeni or Iranian, a dirham Emirati or Moroccan) and the adjectives that decide it.
    static let currencyWords: [([String], String?, [(String, String)])] = [
        (["دولار", "دولارا", "دولارات"], "USD", [("امريكي", "USD"), ("اميركي", "USD"), ("كندي", "CAD"), ("استرالي", "AUD")]),
        (["جنيه", "جنيها", "جنيهات"], "EGP", [("مصري", "EGP"), ("استرليني", "GBP"), ("سوداني", "SDG")]),
        (["روبيه", "روبيات"], nil, [("باكستانيه", "PKR"), ("هنديه", "INR")]),
        (["ريال", "ريالا", "ريالات"], nil, [("سعودي", "SAR"), ("قطري", "QAR"), ("عماني", "OMR"), ("يمني", "YER"), ("ايراني", "IRR")]),
        (["درهم", "درهما", "دراهم"], nil, [("اماراتي", "AED"), ("مغربي", "MAD")]),
        (["دينار", "دينارا", "دنانير"], nil, [("كويتي", "KWD"), ("اردني", "JOD"), ("عراقي", "IQD"), ("بحريني", "BHD"), ("تونسي", "TND"), ("جزائري", "DZD"), ("ليبي", "LYD")]),
        (["يورو"], "EUR", []),
        (["يوان"], "CNY", []),
    ]

    /// Words that open a trade figure, and its role.
    static let tradeCues: [([String], TradeCue)] = [
        (["التبادل", "التجاري"], .total), (["حجم", "التجارة"], .total), (["التجارة", "الثنائية"], .total),
        (["الميزان", "التجاري"], .total),
        (["صادرات"], .exports), (["تصدير"], .exports), (["واردات"], .imports), (["استيراد"], .imports),
        (["استثمارات"], .investment), (["استثمار"], .investment),
    ]

    public enum TradeCue: Sendable { case exports, imports, total, investment }

    let month: IDTable<Int>
    /// The words a date expression can start with: months (and the first words of Levantine pairs), year words,
    /// weekdays, yesterday. A token none of whose forms is one starts none, and is passed over at one test.
    let dateStarts: IDSet
    let levantine: IDTable<IDTable<Int>>
    let weekday: IDTable<Int>
    let yearWords: IDSet
    let relative: IDTable<Int>
    let spanConnectors: IDSet
    let yesterday: ID
    let and: ID
    let scale: IDTable<(power: Int, dual: Bool)>
    /// The words a sum of money can start with besides a number: scale words and number words.
    let moneyStarts: IDSet
    /// Plural scale words (ملايين، مليارات، آلاف), which never stand for one.
    let pluralScales: IDSet
    let currency: IDTable<(code: String?, qualified: IDTable<String>, word: String)>
    let approximators: IDSet
    /// Number words: ثلاثة ملايين = 3 × 10^6.
    let numberWord: IDTable<Int>
    /// Percent words after a number: في المائة، بالمئة (the second word of في المائة is matched exactly).
    let percentWords: IDSet
    let cues: [(words: [ID], kind: TradeCue)]
    let to: IDSet
    let from: IDSet
    let into: IDSet
    /// Fractions of a scale word: ثلاثة مليارات ونصف (المليار) = 3.5 × 10^9, مليار وربع = 1.25 × 10^9.
    let fractions: IDTable<Amount>
    /// Words a year stands after (عام 2024، خلال 2024، بحلول 2030): a year before a scale word is not its number
    /// (خلال 2024 مليار دولار is a billion dollars in 2024).
    let yearIntroducers: IDSet
    /// Words before a figure that make it an estimate: يناهز، يقارب (it nears).
    let nearing: IDSet
    /// Words before a figure that make it a lower bound: يتجاوز، يفوق (it exceeds).
    let exceeding: IDSet
    /// Words that make the figure after من, على or عن a lower bound (أكثر من، ما يزيد على) or an upper bound
    /// (أقل من، يقل عن).
    let overBeforePreposition: IDSet
    let underBeforePreposition: IDSet
    /// The nouns of a year (العام، السنة) and the words after a year or a month that place it from the article's:
    /// الماضي (-1), الجاري or الحالي (0), المقبل (+1), in both genders. هذا العام, هذه السنة: this year.
    let yearNouns: IDSet
    let relativeOffsets: IDTable<Int>
    let this: IDSet
    /// Nouns that العام follows as their adjective (الأمين العام الماضي: the former secretary-general, not last year).
    let generalNouns: IDSet
    /// More words of a figure's qualifier: ما يقرب من (about), في حدود (about), ما دون (under), تقريبا after the sum;
    /// the negations and the كان that turn a bound (لم تكن تتجاوز).
    let nearingBeforePreposition: IDSet
    let withinLimits: IDSet
    let inPreposition: IDSet
    let below: IDSet
    let approximatelyAfter: IDSet
    let boundNegators: IDSet
    let copulas: IDSet
    /// Words after لا that make it no negation: ولا سيما (especially), لا تزال (still).
    let negationIdioms: IDSet
    let whatWord: IDSet
    /// The article written apart from a number (الـ400).
    let article: IDSet
    /// بما, a word of its own: a qualifier behind it (بما يزيد على) gives the size of a change.
    let byWhat: IDSet
    /// على and عن, after which a bound's figure stands (ما يزيد على، يقل عن).
    let onAbout: IDSet
    /// Verbs that deny what follows them (نفى، نفت، ينفي): a figure after one is not a figure the text states.
    let denials: IDSet
    /// Words of a goal or a forecast (يستهدف، تهدف، بحلول): a figure after one is a target, not a level reached.
    let targets: IDSet
    /// Verbs of change (ارتفع، تراجعت، زاد، انخفضت) and the words before a change's size (بمقدار، بقيمة، بنحو,
    /// with ب): تراجعت الصادرات بمقدار 50 مليون دولار gives a change, not a level.
    let changeVerbs: IDSet
    let changeSizes: IDSet
    /// حيث before a verb goes on with the event before it (زيارة ... حيث عقد مباحثات).
    let whereby: ID
    /// مع and a pronoun, or بحضور, right after a meeting verb: it goes on with the event before (واجتمع معه).
    let sameEvent: IDSet
    /// يكون and قد before a verb: the complement of a denial (نفى ... أن يكون ... قد التقى).
    let denialComplement: IDSet
    /// لم and لن before a verb: لن يلتقي is no meeting.
    let negations: IDSet
    /// مع, after which a total's other side is named (مقابل 300 مليون دولار مع باكستان).
    let with: ID
    /// بين, which opens a range (بين 3 و5 مليارات دولار): neither end is a sum stated.
    let between: ID
    /// Verbs of a range (يتراوح ... من 3 إلى 5 مليارات).
    let rangeVerbs: IDSet

    /// Adds the fixed words to `vocabulary` and records their numbers. The words are added in this order, which
    /// gives them their numbers in ``Vocabulary/standard``.
    init(into vocabulary: inout Vocabulary) {
        /// The numbers of `words`, added to the vocabulary.
        func set(_ words: [String]) -> IDSet { IDSet(words.map { vocabulary.add($0) }) }
        /// The words of `pairs`, added to the vocabulary, with their values.
        func table<V>(_ pairs: [(String, V)]) -> IDTable<V> {
            var table = IDTable<V>()
            for (word, value) in pairs { table[vocabulary.add(word)] = value }
            return table
        }
        month = table(Self.monthFamilies.flatMap { family in family.enumerated().filter { !$0.element.isEmpty }.map { ($0.element, $0.offset + 1) } })
        levantine = {
            var levantine = IDTable<IDTable<Int>>()
            for (first, second, m) in Self.levantinePairs {
                let id = vocabulary.add(first)
                var seconds = levantine[id] ?? IDTable()
                seconds[vocabulary.add(second)] = m
                levantine[id] = seconds
            }
            return levantine
        }()
        weekday = table(Self.weekdayNames)
        yearWords = set(["عام", "العام", "عامي", "العامين", "سنة", "في", "منذ", "خلال"])
        relative = table([("الماضي", -1), ("المنصرم", -1), ("الفائت", -1), ("المقبل", 1), ("القادم", 1)])
        spanConnectors = set(["الى", "حتى", "لغاية"])
        yesterday = vocabulary.add("امس")
        and = vocabulary.add("و")
        scale = table(Self.scaleWords.map { ($0.0, (power: $0.1, dual: $0.2)) })
        pluralScales = set(["الاف", "ملايين", "مليارات"])
        currency = {
            var currency = IDTable<(code: String?, qualified: IDTable<String>, word: String)>()
            for (words, code, adjectives) in Self.currencyWords {
                let qualified = table(adjectives)
                for w in words { currency[vocabulary.add(w)] = (code, qualified, MatchKey.fold(w)) }
            }
            return currency
        }()
        approximators = set(["نحو", "حوالي", "حوالى", "قرابة", "زهاء"])
        numberWord = table([
            ("واحد", 1), ("واحدة", 1), ("اثنان", 2), ("اثنين", 2), ("ثلاثة", 3), ("ثلاث", 3), ("أربعة", 4), ("أربع", 4),
            ("خمسة", 5), ("خمس", 5), ("ستة", 6), ("ست", 6), ("سبعة", 7), ("سبع", 7), ("ثمانية", 8), ("ثماني", 8),
            ("تسعة", 9), ("تسع", 9), ("عشرة", 10), ("عشر", 10), ("عشرين", 20), ("عشرون", 20), ("ثلاثين", 30), ("ثلاثون", 30),
            ("أربعين", 40), ("أربعون", 40), ("خمسين", 50), ("خمسون", 50), ("مئة", 100), ("مائة", 100),
            // Hundreds, as one word: خمسمائة مليون، مئتي مليون.
            ("مئتان", 200), ("مائتان", 200), ("مئتي", 200), ("مائتي", 200), ("ثلاثمائة", 300), ("ثلاثمئة", 300), ("أربعمائة", 400),
            ("أربعمئة", 400), ("خمسمائة", 500), ("خمسمئة", 500), ("ستمائة", 600), ("ستمئة", 600), ("سبعمائة", 700), ("سبعمئة", 700),
            ("ثمانمائة", 800), ("ثمانمئة", 800), ("تسعمائة", 900), ("تسعمئة", 900),
        ])
        percentWords = set(["بالمئة", "بالمائة", "المئة", "المائة"])
        cues = Self.tradeCues.map { (words: $0.0.map { vocabulary.add($0) }, kind: $0.1) }
        let toWord = vocabulary.add("الى")
        from = set(["من"])
        let inWord = vocabulary.add("في")
        // One-letter prepositions written apart from their noun are words too.
        to = IDSet([toWord, vocabulary.add("ل")])
        into = IDSet([inWord, vocabulary.add("ب")])
        moneyStarts = scale.numbers.union(numberWord.numbers)
        // Added last: the words before keep their numbers in ``Vocabulary/standard``. Written as the press writes them
        // (نفى، يستهدف): ``Vocabulary/add(_:)`` folds each as a token is.
        fractions = table([("نصف", Amount(mantissa: 5, exponent: -1)), ("ربع", Amount(mantissa: 25, exponent: -2))])
        yearIntroducers = yearWords.union(set(["بحلول", "حتى", "لعام"]))
        nearing = set(["يناهز", "تناهز", "يقارب", "تقارب"])
        exceeding = set(["يتجاوز", "تتجاوز", "تجاوز", "تجاوزت", "يفوق", "تفوق", "فاق", "فاقت"])
        overBeforePreposition = set(["اكثر", "يزيد", "تزيد", "ازيد", "يربو", "تربو"])
        underBeforePreposition = set(["اقل", "يقل", "تقل"])
        between = vocabulary.add("بين")
        rangeVerbs = set(["يتراوح", "تتراوح", "تراوح", "تراوحت", "يتراوحان"])
        onAbout = set(["على", "عن"])
        denials = set(["نفى", "نفت", "ينفي", "تنفي", "نفيا", "ينفيان", "تنفيان", "نفي", "تنفى"])
        targets = set([
            // Verbs and words of a goal; not the nouns الهدف (the aim of a visit) or استهداف (the targeting of militants).
            "يستهدف", "تستهدف", "يستهدفان", "تستهدفان", "نستهدف", "يستهدفون", "مستهدف", "المستهدف", "يهدف", "تهدف",
            "يهدفان", "تهدفان", "يطمح", "تطمح", "يطمحان", "بحلول", "يتوقع", "تتوقع", "المتوقع", "متوقع",
        ])
        changeVerbs = set([
            "ارتفع", "ارتفعت", "يرتفع", "ترتفع", "تراجع", "تراجعت", "يتراجع", "تتراجع", "زاد", "زادت", "يزيد", "تزيد", "انخفض",
            "انخفضت", "ينخفض", "تنخفض", "نما", "نمت", "ينمو", "تنمو", "قفز", "قفزت", "هبط", "هبطت", "تقلص", "تقلصت", "تضاعف",
            "تضاعفت", "زياده", "ارتفاع", "تراجع", "انخفاض", "نمو",
        ])
        changeSizes = set(["مقدار", "قيمه", "نحو", "حوالي", "حوالى", "زهاء"])
        with = vocabulary.add("مع")
        negations = set(["لم", "لن"])
        nearingBeforePreposition = set(["يقرب", "تقرب"])
        withinLimits = set(["حدود"])
        inPreposition = IDSet([inWord])
        below = set(["دون"])
        approximatelyAfter = set(["تقريبا", "تقريباً"])
        // (With و before them, ولا and the others are words of their own.)
        boundNegators = set(["لا", "لم", "لن", "ليس", "ليست", "ولا", "ولم", "ولن", "وليس", "وليست"])
        copulas = set(["يكن", "تكن", "يكون", "تكون", "كان", "كانت"])
        negationIdioms = set(["سيما", "يزال", "تزال", "زال", "زالت", "يزالون"])
        whatWord = set(["ما"])
        article = set(["ال"])
        byWhat = set(["بما"])
        // Definite only: هذا عام صعب is a hard year, not this one.
        yearNouns = set(["العام", "السنة"])
        relativeOffsets = table([
            ("الماضي", -1), ("الماضية", -1), ("المنصرم", -1), ("المنصرمة", -1), ("الفائت", -1), ("الفائتة", -1),
            ("الجاري", 0), ("الجارية", 0), ("الحالي", 0), ("الحالية", 0),
            ("المقبل", 1), ("المقبلة", 1), ("القادم", 1), ("القادمة", 1),
        ])
        this = set(["هذا", "هذه"])
        generalNouns = set([
            "الامين", "النائب", "المدعي", "القطاع", "الراي", "المؤتمر", "المدير", "المراقب", "المفوض", "الدين", "المال",
            "النقل", "الشان", "الانفاق", "الصالح", "العفو", "الاضراب", "السكرتير", "الحق", "الامن", "النظام", "الاطار",
            "القائد", "المفتش", "المحامي", "المنسق", "المقرر", "الحاكم", "الممثل", "المستشار", "المحاسب", "الوكيل",
        ])
        dateStarts = month.numbers.union(levantine.numbers).union(weekday.numbers).union(yearWords).union(yearNouns).union(this).union(IDSet([yesterday]))
        denialComplement = set(["يكون", "تكون", "يكونا", "قد"])
        whereby = vocabulary.add("حيث")
        sameEvent = set(["معه", "معها", "معهما", "معهم", "بحضور"])
    }
}

extension Vocabulary {
    /// A vocabulary of the fixed words only, and their numbers.
    public static let standard: (vocabulary: Vocabulary, words: FixedWords) = {
        var v = Vocabulary()
        let words = FixedWords(into: &v)
        return (v, words)
    }()
}
