/// Arabic month and weekday names, as match keys (see ``MatchKey``).
enum Months {
    /// One-word month names of the Egyptian/Gulf, Levantine and Maghreb families, with common spellings.
    static let single: [String: Int] = {
        var m: [String: Int] = [:]
        let families: [[String]] = [
            // Egyptian / Gulf
            ["يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر"],
            // Levantine / Iraqi (January and October-December are two words: see `double`)
            ["", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول", "", "", ""],
            // Algeria, Tunisia
            ["جانفي", "فيفري", "", "افريل", "ماي", "جوان", "جويليه", "اوت", "", "", "", ""],
            // Morocco
            ["", "", "", "", "", "", "يوليوز", "غشت", "شتنبر", "", "نونبر", "دجنبر"],
            // Other spellings seen in the press
            ["", "فبرير", "", "", "", "يونيه", "يوليه", "", "سيبتمبر", "", "نوفمير", ""],
        ]
        for family in families {
            for (index, name) in family.enumerated() where !name.isEmpty { m[MatchKey.fold(name)] = index + 1 }
        }
        return m
    }()

    /// Two-word Levantine names: كانون الثاني، تشرين الأول، تشرين الثاني، كانون الأول.
    static let double: [String: [String: Int]] = [
        "كانون": ["الثاني": 1, "الاول": 12],
        "تشرين": ["الاول": 10, "الثاني": 11],
    ]

    /// Proclitics that may precede a month or weekday name: و، ف، ب، ل (and وب، ول).
    private static let proclitics = ["وب", "ول", "وف", "و", "ف", "ب", "ل"]

    /// The month named at token `i`, and how many tokens its name takes.
    static func match(_ tokens: [Token], at i: Int) -> (month: Int, width: Int)? {
        guard i < tokens.count else { return nil }
        for key in candidates(tokens[i].key) {
            if let m = single[key] { return (m, 1) }
            if let second = double[key], i + 1 < tokens.count, let m = second[tokens[i + 1].key] { return (m, 2) }
        }
        return nil
    }

    private static let weekdays: [String: Int] = [
        "الاثنين": 1, "الثلاثاء": 2, "الاربعاء": 3, "الخميس": 4, "الجمعه": 5, "السبت": 6, "الاحد": 7,
    ]

    /// The ISO weekday named by a (definite) weekday key, with an optional proclitic: `السبت`, `والجمعة`.
    static func weekday(_ key: String) -> Int? {
        for k in candidates(key) { if let d = weekdays[k] { return d } }
        return nil
    }

    /// The key itself, then the key without each proclitic that leaves a non-trivial rest.
    private static func candidates(_ key: String) -> [String] {
        var out = [key]
        for p in proclitics where key.hasPrefix(p) && key.count > p.count + 2 {
            out.append(String(key.dropFirst(p.count)))
        }
        return out
    }
}
