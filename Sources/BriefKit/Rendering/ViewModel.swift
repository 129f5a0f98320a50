/// Flattens a ``Brief`` into the strings, lists and flags a template sees, in one language.
///
/// Templates stay logic-free: every phrase that depends on a value (plural forms, dates, amounts, provenance) is
/// composed here. Article text passes through unchanged; the Markdown content type escapes it on the way out.
struct ViewModel {
    let brief: Brief
    let words: Localizer

    typealias Object = [String: Any]

    func build() -> Object {
        let l = words
        var root: Object = [
            "lang": l.language.rawValue,
            "dir": l.language.direction,
            "sources": brief.sources.map(source),
            "excluded": brief.excluded.map(excluded),
            "themes": brief.themes.map(theme),
            "countries": brief.countries.map(country),
            "figures": brief.figures.map(figure),
            "trade": brief.trade.map(trade),
            "timeline": brief.timeline.map(timelineItem),
            "has_trade_chart": !brief.trade.isEmpty,
            "has_skipped": !brief.skipped.isEmpty,
            "people": brief.people.map(person),
            "more": ["figures", "timeline", "meetings", "people", "excluded"].reduce(into: Object()) { more, key in
                let n = brief.omitted[key] ?? 0
                more["has_" + key] = n > 0
                more[key] = l.isArabic ? "و\(l.count(n, "", "", arabicOne: "مدخل آخر", arabicTwo: "مدخلان آخران", arabicFew: "مداخل أخرى", arabicMany: "مدخلًا آخر")) في \(sourcesPlace)" : "and \(n) more in \(sourcesPlace)"
            },
            "pair_timelines": brief.pairTimelines.map { pair -> Object in
                [
                    "name": l.countryName(pair.partner.code),
                    "items": pair.items.map { t -> Object in ["date": t.end.map { l.span(t.date, $0) } ?? l.date(t.date), "citation": l.citation(t.quote.citation), "anchor": anchor(t.quote.citation)] },
                    "has_more_items": pair.omitted > 0,
                    "more_items": l.isArabic ? "و\(l.count(pair.omitted, "", "", arabicOne: "تاريخ آخر", arabicTwo: "تاريخان آخران", arabicFew: "تواريخ أخرى", arabicMany: "تاريخًا آخر")) في التسلسل الزمني و\(sourcesPlace)" : "and \(pair.omitted) more in the timeline and \(sourcesPlace)",
                ]
            },
            "meetings": brief.meetings.map(meeting),
            "skipped": brief.skipped.map { ["file": shown($0.relative ?? $0.file), "line": $0.line.map(String.init) ?? "", "problem": $0.message] as Object },
            "has_activity_chart": !brief.history.isEmpty,
            "no_sources": brief.sourceCount == 0,
            "has_more_sources": brief.sources.count < brief.sourceCount,
            "more_sources": l.isArabic
                ? "المدرجة هنا هي المصادر التي يستشهد بها هذا التقرير وأول تقرير لكل قصة منها: \(l.outlets(brief.sources.count)) من أصل \(l.num(String(brief.sourceCount)))؛ الباقي محسوب أعلاه. لإدراجها كلها: ‎--all-sources‎."
                : "Listed here: the \(l.outlets(brief.sources.count)) this report cites, and the first report of each of their stories, of \(brief.sourceCount); the others are counted above. To list them all: --all-sources.",
        ]
        let onThemes = brief.themes.filter { !$0.items.isEmpty }
        var summary: [Object] = []
        switch brief.kind {
        case .weekly(let week):
            root["title"] = l.isArabic ? "الموجز الأسبوعي: \(week)" : "Weekly brief: \(week)"
            root["period"] = l.week(week)
            root["overview"] = l.isArabic
                ? "المقالات المؤرخة في هذا الأسبوع: \(l.articles(brief.sourceCount))؛ وفي المدوّنة بلا تاريخ يضعها في أسبوع: \(l.articles(brief.excludedCount))."
                : "\(l.articles(brief.sourceCount)) dated in this week; \(l.articles(brief.excludedCount)) in the corpus without a date that places them in a week."
        case .dossier(let country):
            let name = l.countryName(country.code)
            root["title"] = l.isArabic ? "ملف \(name)" : "Country dossier: \(name)"
            root["country"] = name
            root["period"] = periodCovered()
            root["overview"] = l.isArabic
                ? "المقالات التي تذكر \(name)، من كل التواريخ: \(l.articles(brief.sourceCount))."
                : "\(l.articles(brief.sourceCount)) naming \(name), of any date."
        }
        for section in onThemes {
            let name = l.themeName(section.theme.id)
            summary.append(["text": "\(name): \(l.articles(section.articles))"])
        }
        // A balance whose parts do not add up to a stated total is not a headline: its section says why.
        for t in brief.trade where t.balance.partsMatchTotal != false {
            if let line = balanceLine(t.balance) { summary.append(["text": line]) }
        }
        root["summary"] = summary
        return root
    }

    /// Where the entries a list leaves out can be read: the sources, when the brief lists them all.
    private var sourcesPlace: String {
        let all = brief.sources.count == brief.sourceCount
        if words.isArabic { return all ? "المصادر" : "المدوّنة" }
        return all ? "the sources" : "the corpus"
    }

    /// The span of the dated sources (listed or not), for a dossier's subtitle.
    private func periodCovered() -> String {
        guard let first = brief.span.first, let last = brief.span.last else {
            return words.isArabic ? "لا تاريخ معروفًا لأي مصدر" : "No source has a known date"
        }
        let undated = brief.span.undated
        let range = first == last ? words.date(first) : words.date(first) + " – " + words.date(last)
        if words.isArabic { return "المصادر المؤرخة: \(range)؛ بلا تاريخ: \(undated)" }
        return "Dated sources: \(range); undated: \(undated)"
    }

    private func source(_ s: SourceEntry) -> Object {
        let l = words
        let a = s.article
        return [
            "label": "S\(s.number)",
            "anchor": "s\(s.number)",
            "file": shown(a.file),
            "title": a.title.value.map(shown) ?? (l.isArabic ? "(بلا عنوان)" : "(no title found)"),
            "title_origin": l.origin(a.title),
            "date": a.date.value.map(l.date) ?? (l.isArabic ? "بلا تاريخ" : "undated"),
            "date_origin": l.origin(a.date),
            "author": a.author.value.map(shown) ?? (l.isArabic ? "غير معروف" : "unknown"),
            // The outlet (`source:` of the front matter or the metadata file): who published it, when it is known.
            "has_outlet": a.source.value != nil,
            "outlet": a.source.value.map(shown) ?? "",
            "has_url": webTarget(a.url.value) != nil,
            "url": a.url.value.map(shown) ?? "",
            "url_target": webTarget(a.url.value) ?? "",
            "themes": themeList(s.themes),
            // Numbers the report generates, in the digits asked for (--digits arabic).
            "paragraphs": l.num(String(a.paragraphs)),
            "paragraphs_noun": a.paragraphs == 1 ? "paragraph" : "paragraphs",
            "has_same_story": s.sameStoryAs != nil,
            "same_story": s.sameStoryAs.map { "S\($0)" } ?? "",
            "furniture": l.num(String(a.furniture.count)),
            "furniture_noun": a.furniture.count == 1 ? "line" : "lines",
        ]
    }

    /// Article text as a report shows it: as written, less the bidi embedding, override and isolate controls
    /// (U+202A-202E, U+2066-2069), which would spill their direction over the report's own text and could make a
    /// quotation read differently from its source. Zero-width joiners and the LRM/RLM marks stay.
    func shown(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Self.isHidden) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !Self.isHidden($0) }))
    }

    /// The scalars a report drops from article text: the bidi controls above, and the control characters that HTML
    /// does not allow and a terminal would obey (ESC, BEL, backspace: C0 but tab, line feed and carriage return; DEL;
    /// C1) and the noncharacters U+FFFE and U+FFFF.
    static func isHidden(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0xFFFE, 0xFFFF: return true
        case 0x09, 0x0A, 0x0D: return false
        default: return ScalarClass.isControl(s.value)
        }
    }

    /// An article's URL as a link target: only `http` and `https`, percent-encoded so that no character of it can
    /// end the Markdown link or open markup; `nil` for anything else (which is then shown as text only).
    func webTarget(_ url: String?) -> String? {
        guard let url = url?.trimmingSpaces, !url.isEmpty else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&'*+,;=%".unicodeScalars)
        var out = ""
        for byte in url.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, allowed.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// A person's name in the report's language: the registry's name, or in English a romanization, marked.
    private func name(_ p: PersonItem) -> String {
        if words.isArabic { return shown(p.arabicName) }
        return p.person.romanized ? "\(p.person.english) (romanized)" : p.person.english
    }

    private func person(_ p: PersonItem) -> Object {
        let l = words
        let registry = p.person.id.flatMap { l.lexicon.person(id: $0) }
        let role = l.isArabic ? registry?.roleArabic : registry?.roleEnglish
        return [
            "name": name(p),
            "country": p.person.country.map(l.countryName) ?? (l.isArabic ? "بلد غير معروف" : "country unknown"),
            "title": p.person.title.map(shown) ?? (l.isArabic ? "بلا لقب في النص" : "no title in the text"),
            "role": role ?? (l.isArabic ? "غير مدرج في السجل" : "not in the registry"),
            "mentions": l.mentions(p.mentions),
            "citation": l.citation(p.citation),
            "anchor": anchor(p.citation),
        ]
    }

    private func meeting(_ m: MeetingItem) -> Object {
        let l = words
        let date: String
        if let d = m.meeting.date {
            date = l.date(d)
        } else if let r = m.reported {
            date = l.isArabic ? "تاريخ غير مذكور (نُشر \(l.date(r)))" : "date not stated (reported \(l.date(r)))"
        } else {
            date = l.isArabic ? "تاريخ غير مذكور" : "date not stated"
        }
        var parties = m.people.map(name)
        parties += m.meeting.countries.map(l.countryName)
        let kind = l.isArabic ? m.meeting.verb.arabic : m.meeting.verb.english
        return [
            "date": date,
            "kind": "\(kind) (CAMEO \(m.meeting.verb.code))",
            "parties": parties.joined(separator: l.isArabic ? "، " : ", "),
            "has_place": m.meeting.place != nil,
            "place": m.meeting.place.map(shown) ?? "",
            "themes": themeList(m.meeting.themes),
            "citation": l.citation(m.quote.citation),
            "anchor": anchor(m.quote.citation),
            "quote": shown(m.quote.text),
        ]
    }

    /// The in-page target of a citation: the heading of its source.
    private func anchor(_ c: Citation) -> String { "s\(c.source)" }

    private func links(_ cs: [Citation]) -> [Object] {
        cs.map { ["citation": words.citation($0), "anchor": anchor($0)] }
    }

    private func excluded(_ e: ExcludedArticle) -> Object {
        let l = words
        let reason: String
        switch e.reason {
        case .undated: reason = l.isArabic ? "لا تاريخ له" : "no date given or found"
        case .coarseDate(let d): reason = l.isArabic ? "تاريخه معروف إلى \(l.date(d)) فقط" : "dated only to \(l.date(d))"
        }
        return [
            "file": shown(e.article.file),
            "title": e.article.title.value.map(shown) ?? (l.isArabic ? "(بلا عنوان)" : "(no title found)"),
            "reason": reason,
            "themes": themeList(e.themes),
        ]
    }

    private func themeList(_ ids: [String]) -> String {
        if ids.isEmpty { return words.isArabic ? "لا موضوع" : "none" }
        return ids.map(words.themeName).joined(separator: words.isArabic ? "، " : ", ")
    }

    private func theme(_ t: ThemeSection) -> Object {
        let l = words
        var o: Object = [
            "id": t.theme.id,
            "name": l.themeName(t.theme.id),
            "count": l.articles(t.articles) + (t.stories < t.articles || t.outlets != t.articles
                ? (l.isArabic ? " (\(l.stories(t.stories))، \(l.outlets(t.outlets)))" : " (\(l.stories(t.stories)), \(l.outlets(t.outlets)))") : ""),
            "items": t.items.map { item -> Object in
                [
                    "citation": l.citation(item.quote.citation),
                    "anchor": anchor(item.quote.citation),
                    "quote": shown(item.quote.text),
                    "terms": item.terms.joined(separator: "، "),
                    "score": l.num("\(item.score)/\(t.theme.threshold)"),
                ]
            },
        ]
        o["has_more"] = t.omitted > 0
        o["more"] = l.isArabic ? "و\(l.articles(t.omitted)) أخرى في \(sourcesPlace)" : "and \(l.articles(t.omitted)) more in \(sourcesPlace)"
        o["has_change"] = t.previousCount != nil
        o["change"] = t.previousCount.map { l.change(now: t.articles, before: $0) } ?? ""
        return o
    }

    private func country(_ c: CountryItem) -> Object {
        [
            "name": words.countryName(c.country.code),
            "code": c.country.code,
            "articles": words.articles(c.articles),
            "mentions": words.mentions(c.mentions),
            "themes": themeList(c.themes),
        ]
    }

    private func figure(_ f: FigureItem) -> Object {
        let l = words
        var role = ""
        if let r = f.figure.trade {
            role = [l.tradeKind(r.kind), l.direction(r), r.period.map(l.date) ?? ""].filter { !$0.isEmpty }.joined(separator: l.isArabic ? "، " : ", ")
            if r.periodBasis == .carried { role += l.isArabic ? " (السنة من الجملة السابقة)" : " (year carried from the previous figure)" }
            if r.periodBasis == .relative { role += " (\(l.dateBasis(.relative)))" }
        }
        let amount = l.amount(f.figure.value, currency: f.figure.currency, word: f.figure.currencyWord, as: f.figure.qualifier)
        return [
            // A line of the list starts with it: "About USD 217 million: total trade".
            "amount": l.isArabic ? amount : amount.prefix(1).uppercased() + amount.dropFirst(),
            "written": shown(f.text),
            "role": role.isEmpty ? (l.isArabic ? "دون دور تجاري محدد" : "no trade role stated") : role,
            "citation": l.citation(f.quote.citation),
            "anchor": anchor(f.quote.citation),
            "quote": shown(f.quote.text),
        ]
    }

    private func timelineItem(_ t: TimelineItem) -> Object {
        let l = words
        return [
            "date": t.end.map { l.span(t.date, $0) } ?? l.date(t.date),
            "written": shown(t.text),
            "basis": l.dateBasis(t.basis),
            "citation": l.citation(t.quote.citation),
            "anchor": anchor(t.quote.citation),
            "quote": shown(t.quote.text),
        ]
    }

    private func trade(_ item: TradeItem) -> Object {
        let l = words
        let b = item.balance
        let a = l.countryName(b.first)
        let c = l.countryName(b.second)
        var flows: [Object] = []
        // The first figures of a flow (those cited), and how many more its sources give.
        let shown = BriefBuilder.limits.tradeFigures
        func amountOf(_ refs: [TradeFigureRef]) -> String {
            let amounts = refs.prefix(shown).map { l.amount($0, currency: b.currency) }.joined(separator: " / ")
            let more = refs.count - min(refs.count, shown)
            guard more > 0 else { return amounts }
            return amounts + (l.isArabic ? " / و\(l.count(more, "", "", arabicOne: "رقم آخر", arabicTwo: "رقمان آخران", arabicFew: "أرقام أخرى", arabicMany: "رقمًا آخر"))" : " / and \(more) more")
        }
        if !b.firstToSecond.isEmpty {
            flows.append(["label": l.isArabic ? "من \(a) إلى \(c)" : "\(a) to \(c)", "amount": amountOf(b.firstToSecond), "citations": links(item.firstToSecond)])
        }
        if !b.secondToFirst.isEmpty {
            flows.append(["label": l.isArabic ? "من \(c) إلى \(a)" : "\(c) to \(a)", "amount": amountOf(b.secondToFirst), "citations": links(item.secondToFirst)])
        }
        if !b.totals.isEmpty {
            flows.append(["label": l.isArabic ? "الحجم المعلن" : "Stated total", "amount": amountOf(b.totals), "citations": links(item.totals)])
        }
        var check = ""
        if let sum = b.computedTotal, let out = b.outbound, let back = b.inbound {
            // Each part as its source gives it; a sum of an estimate is one (about 500 + 200 = about 700).
            let whole = l.amount(sum, currency: b.currency, as: b.balanceQualifier)
            let parts = "\(l.amount(out, currency: b.currency)) + \(l.amount(back, currency: b.currency)) = \(whole)"
            switch b.partsMatchTotal {
            case true?: check = l.isArabic ? "\(parts): يطابق الحجم المعلن." : "\(parts): matches the stated total."
            case false?: check = l.isArabic ? "\(parts): لا يطابق الحجم المعلن \(amountOf(b.totals))." : "\(parts): does not match the stated total of \(amountOf(b.totals))."
            case nil: check = l.isArabic ? "\(parts) (لا حجم معلنًا للمقارنة)." : "\(parts) (no stated total to compare)."
            }
        }
        if b.hasConflicts {
            let all = [b.firstToSecond, b.secondToFirst, b.totals].allSatisfy { $0.count <= shown }
            check += l.isArabic
                ? (all ? " المصادر تختلف في بعض الأرقام: تُعرض كلها أعلاه." : " المصادر تختلف في بعض الأرقام: يُعرض أعلاه أول \(l.num(String(shown))) من كل منها.")
                : (all ? " Sources disagree on some figures: all are shown above." : " Sources disagree on some figures: the first \(shown) of each are shown above.")
        }
        let period = b.period.map(l.date) ?? (l.isArabic ? "فترة غير محددة" : "period not stated")
        // Figures of one pair and period in several currencies are several balances: each title names its currency.
        let currencies = brief.trade.filter { $0.balance.first == b.first && $0.balance.second == b.second && $0.balance.period == b.period }.count
        let currency = currencies < 2 ? "" : (l.isArabic ? " (\(Localizer.currencyArabic[b.currency] ?? b.currency))" : " (\(b.currency))")
        return [
            "title": l.isArabic ? "\(a) و\(c)، \(period)\(currency)" : "\(a) and \(c), \(period)\(currency)",
            "flows": flows,
            "check": check,
            "balance": balanceLine(b)
                ?? (b.flowsConflict
                    ? (l.isArabic ? "لا يُحسب الميزان: المصادر تختلف في أحد الاتجاهين." : "No balance: sources disagree on a direction of trade.")
                    : b.flowIsBound
                        ? (l.isArabic ? "لا يُحسب الميزان: أحد الاتجاهين معلن حدًّا فقط (أكثر من أو أقل من)." : "No balance: a direction of trade is given only as a bound (more or less than).")
                        : (l.isArabic ? "لا يمكن حساب الميزان: أحد الاتجاهين غير معروف." : "No balance: one direction of trade is not known.")),
        ]
    }

    /// `Egypt: a deficit of USD 9 million with Pakistan in 2024.`
    private func balanceLine(_ b: TradeBalance) -> String? {
        guard let balance = b.balance else { return nil }
        let l = words
        let a = l.countryName(b.first)
        let c = l.countryName(b.second)
        let period = b.period.map { l.isArabic ? " في \(l.date($0))" : " in \(l.date($0))" } ?? ""
        if balance.mantissa == 0 {
            return l.isArabic ? "الميزان التجاري بين \(a) و\(c) متوازن\(period)." : "Trade between \(a) and \(c) is balanced\(period)."
        }
        let (loser, winner) = balance.isNegative ? (a, c) : (c, a)
        // From an estimate (نحو 113 مليون دولار), an estimate.
        let size = l.amount(balance.magnitude, currency: b.currency, as: b.balanceQualifier)
        if l.isArabic {
            return "عجز تجاري \(l.withLam(loser)) قدره \(size) مع \(winner)\(period) (فائض \(l.withLam(winner)) بالقيمة نفسها)."
        }
        return "\(loser) has a trade deficit of \(size) with \(winner)\(period) (\(winner)'s surplus)."
    }
}
