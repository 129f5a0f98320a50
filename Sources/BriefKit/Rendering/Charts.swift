/// Inline SVG charts drawn from a brief's data, each a `<figure>` with a title, a description and a caption, so that
/// a screen reader (and a reader of the printed page) has the same facts as the picture.
///
/// Every string that reaches the SVG goes through ``xml(_:)``; numbers come from the brief, labels from the
/// lexicon. Arabic charts are mirrored: labels on the right, weeks running right to left.
struct Charts {
    let brief: Brief
    let words: Localizer

    /// The charts of the brief, by the key a template names them with in a `brief-chart` block: `theme-activity`
    /// (weekly briefs) and `trade`.
    func figures() -> [String: String] {
        var out: [String: String] = [:]
        if !brief.history.isEmpty { out["theme-activity"] = themeActivity() }
        if !brief.trade.isEmpty { out["trade"] = trade() }
        return out
    }

    private var rtl: Bool { words.isArabic }
    private let width = 640.0

    /// x mirrored for right-to-left charts.
    private func x(_ v: Double) -> Double { rtl ? width - v : v }

    /// The `text-anchor` of a label that begins (or ends) at its x. SVG anchors follow the text's direction, which
    /// each chart states (`direction` on its root): in a right-to-left chart "start" is the right edge, so a label
    /// at a mirrored x grows leftwards, as it should. (Anchors taken as left and right edges pushed the Arabic
    /// charts' labels out of their box and their amounts over their bars.)
    private func anchor(_ start: Bool) -> String { start ? "start" : "end" }

    private func figure(id: String, height: Double, title: String, description: String, body: String) -> String {
        let fid = "chart-\(words.language.rawValue)-\(id)"
        return """
            <figure class="chart">
            <svg viewBox="0 0 \(fmt(width)) \(fmt(height))" direction="\(rtl ? "rtl" : "ltr")" role="img" aria-labelledby="\(fid)-t \(fid)-d">
            <title id="\(fid)-t">\(xml(title))</title>
            <desc id="\(fid)-d">\(xml(description))</desc>
            \(body)</svg>
            <figcaption>\(CommonMark.isolatedHTML(title + ". " + description, language: words.language))</figcaption>
            </figure>

            """
    }

    /// `text` cut to `letters` scalars (marks not counted), at a space where one is near, with an ellipsis.
    static func fitted(_ text: String, letters: Int) -> String {
        var kept = String.UnicodeScalarView()
        var count = 0
        for s in text.unicodeScalars {
            let mark = (0x064B...0x065F).contains(s.value) || s.value == 0x0670 || (0x0300...0x036F).contains(s.value)
            if !mark {
                if count == letters {
                    var cut = String(kept)
                    if let space = cut.unicodeScalars.lastIndex(of: " "), cut.unicodeScalars.distance(from: cut.unicodeScalars.startIndex, to: space) > letters / 2 {
                        cut = String(cut.unicodeScalars[..<space])
                    }
                    return cut + "…"
                }
                count += 1
            }
            kept.append(s)
        }
        return text
    }

    /// Articles per theme in each of the recent weeks: one row per theme, one bar per week.
    func themeActivity() -> String {
        let history = brief.history
        let themes = words.lexicon.themes
        let rowHeight = 40.0
        let top = 28.0
        let labelWidth = 170.0
        let plotWidth = width - labelWidth - 20
        let step = plotWidth / Double(max(history.count, 1))
        let maxCount = max(1, history.flatMap(\.themes).max() ?? 1)
        var body = ""
        // Week labels.
        for (i, w) in history.enumerated() {
            let cx = labelWidth + 10 + step * (Double(i) + 0.5)
            body += "<text x=\"\(fmt(x(cx)))\" y=\"16\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b5b60\">\(xml(words.num("W\(format2(w.week.week))")))</text>\n"
        }
        for (t, theme) in themes.enumerated() {
            let y = top + Double(t) * rowHeight
            // A long theme name is cut to what the label column holds (the figure's description names it whole),
            // with the whole name as the label's title: else it runs over the first weeks' bars.
            let name = words.themeName(theme.id)
            let label = Self.fitted(name, letters: 22)
            let title = label == name ? "" : "<title>\(xml(name))</title>"
            body += "<text x=\"\(fmt(x(0)))\" y=\"\(fmt(y + 29))\" font-size=\"13\" text-anchor=\"\(anchor(true))\" fill=\"#1d1d1f\">\(title)\(xml(label))</text>\n"
            for (i, w) in history.enumerated() {
                let count = w.themes[t]
                // The tallest bar leaves room above it for its count, within its row.
                let h = (rowHeight - 22) * Double(count) / Double(maxCount)
                let bx = labelWidth + 10 + step * Double(i) + step * 0.2
                let bw = step * 0.6
                let left = rtl ? width - bx - bw : bx
                body += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y + rowHeight - 6 - max(h, 1)))\" width=\"\(fmt(bw))\" height=\"\(fmt(max(h, 1)))\" fill=\"\(count > 0 ? "#0b5394" : "#d9d9de")\"/>\n"
                if count > 0 {
                    body += "<text x=\"\(fmt(x(bx + bw / 2)))\" y=\"\(fmt(y + rowHeight - 12 - h))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1d1d1f\">\(xml(words.num(String(count))))</text>\n"
                }
            }
        }
        let height = top + Double(themes.count) * rowHeight + 6
        let first = history.first!.week
        let last = history.last!.week
        let title = rtl ? "نشاط الموضوعات في آخر \(words.num(String(history.count))) أسابيع" : "Theme activity over the last \(history.count) weeks"
        let counts = themes.enumerated().map { t, theme in
            "\(words.themeName(theme.id)): " + history.map { words.num(String($0.themes[t])) }.joined(separator: rtl ? "، " : ", ")
        }.joined(separator: rtl ? "؛ " : "; ")
        let description = rtl
            ? "عدد المقالات لكل موضوع في كل أسبوع من \(words.num(first.description)) إلى \(words.num(last.description))، من الأقدم: \(counts)."
            : "Articles per theme in each week from \(first) to \(last), oldest first: \(counts)."
        return figure(id: "activity", height: height, title: title, description: description, body: body)
    }

    /// Each pair's two trade flows as bars, with the balance.
    func trade() -> String {
        let rows = brief.trade.map(\.balance)
        let rowHeight = 78.0
        let labelWidth = 190.0
        // Room after the longest bar for the longest amount (about 7 units a character at this size): the bars
        // share what is left.
        // An amount as its source qualifies it (about, more than), as the tables give it.
        let amounts = rows.flatMap { b in [b.outbound, b.inbound].compactMap { $0 }.map { words.amount($0, currency: b.currency) } }
        let amountWidth = min(220, 12 + 7.2 * Double(amounts.map(\.count).max() ?? 0))
        let plotWidth = width - labelWidth - amountWidth
        let maxValue = rows.flatMap { [$0.outbound?.value, $0.inbound?.value] }.compactMap { $0 }.max() ?? Amount(mantissa: 1)
        func length(_ a: Amount) -> Double { plotWidth * a.doubleValue / max(maxValue.doubleValue, 1) }
        var body = ""
        var facts: [String] = []
        for (r, b) in rows.enumerated() {
            let y = 10 + Double(r) * rowHeight
            let a = words.countryName(b.first)
            let c = words.countryName(b.second)
            // " 2024" after a pair or a flow, nothing when the figures give no period.
            let period = b.period.map { " " + words.date($0) } ?? ""
            body += "<text x=\"\(fmt(x(0)))\" y=\"\(fmt(y + 14))\" font-size=\"13\" font-weight=\"600\" text-anchor=\"\(anchor(true))\" fill=\"#1d1d1f\">\(xml("\(a) – \(c)\(period)"))</text>\n"
            let flows: [(String, TradeFigureRef?, String)] = [
                (rtl ? "من \(a) إلى \(c)" : "\(a) to \(c)", b.outbound, "#0b5394"),
                (rtl ? "من \(c) إلى \(a)" : "\(c) to \(a)", b.inbound, "#b45f06"),
            ]
            for (k, flow) in flows.enumerated() {
                let fy = y + 22 + Double(k) * 22
                body += "<text x=\"\(fmt(x(0)))\" y=\"\(fmt(fy + 13))\" font-size=\"12\" text-anchor=\"\(anchor(true))\" fill=\"#5b5b60\">\(xml(flow.0))</text>\n"
                guard let ref = flow.1 else { continue }
                let len = max(length(ref.value), 1)
                let bx = labelWidth
                let left = rtl ? width - bx - len : bx
                body += "<rect x=\"\(fmt(left))\" y=\"\(fmt(fy + 2))\" width=\"\(fmt(len))\" height=\"14\" fill=\"\(flow.2)\"/>\n"
                let amount = words.amount(ref, currency: b.currency)
                body += "<text x=\"\(fmt(x(bx + len + 6)))\" y=\"\(fmt(fy + 13))\" font-size=\"12\" text-anchor=\"\(anchor(true))\" fill=\"#1d1d1f\">\(xml(amount))</text>\n"
                facts.append("\(flow.0)\(period): \(amount)")
            }
            if let balance = b.balance {
                let who = balance.isNegative ? a : c
                let size = words.amount(balance.magnitude, currency: b.currency, as: b.balanceQualifier)
                let line = balance.mantissa == 0
                    ? (rtl ? "متوازن" : "balanced")
                    : (rtl ? "عجز \(words.withLam(who)): \(size)" : "\(who)'s deficit: \(size)")
                body += "<text x=\"\(fmt(x(labelWidth)))\" y=\"\(fmt(y + 72))\" font-size=\"12\" text-anchor=\"\(anchor(true))\" fill=\"#1d1d1f\">\(xml(line))</text>\n"
                facts.append(line)
            }
        }
        let height = 10 + Double(rows.count) * rowHeight + 6
        let title = rtl ? "التدفقات التجارية والميزان" : "Trade flows and balance"
        let description = facts.joined(separator: rtl ? "؛ " : "; ") + (rtl ? "." : ".")
        return figure(id: "trade", height: height, title: title, description: description, body: body)
    }
}

/// Escapes text for XML character data and attribute values.
func xml(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}

/// A coordinate with at most one decimal, without a trailing `.0`: the same bytes on every machine.
func fmt(_ v: Double) -> String {
    let tenths = Int((v * 10).rounded())
    let sign = tenths < 0 ? "-" : ""
    let a = abs(tenths)
    return a % 10 == 0 ? "\(sign)\(a / 10)" : "\(sign)\(a / 10).\(a % 10)"
}
