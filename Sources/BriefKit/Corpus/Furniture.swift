import Foundation

/// Separates page furniture (breadcrumbs, bylines, datelines, comment counters, subscription prompts, repeated
/// headlines) from article text, and infers a title and a date from what it finds.
///
/// A line is only ever taken out when it is short and matches a rule; every line taken out is kept, with its rule,
/// in ``Article/furniture``. A long line is article text whatever it contains.
struct FurnitureStripper {
    struct Line {
        var number: Int
        var text: String
        var words: Int
        /// Ends with sentence punctuation (possibly before closing quotes).
        var isSentence: Bool
    }

    struct Result {
        var title: Field<String> = .unknown
        var subtitle: String?
        var date: Field<PartialDate> = .unknown
        var author: Field<String> = .unknown
        var paragraphs: [Paragraph] = []
        var furniture: [StrippedLine] = []
    }

    /// Phrases of comment widgets, subscription prompts and share bars (as match keys), with the longest line, in
    /// words, that a rule may take out.
    private static let patterns: [(phrase: [UInt8], kind: StrippedLine.Kind, maxWords: Int)] = [
        ("لا توجد تعليقات", StrippedLine.Kind.comments, 6), ("اضف تعليق", .comments, 6), ("اترك تعليقا", .comments, 6),
        ("عدد الاحرف المتبقيه", .comments, 8), ("التعليقات", .comments, 3), ("تعليقات", .comments, 3),
        ("لم تشترك بعد", .subscription, 6), ("انشئ حسابا", .subscription, 25), ("اشترك الان", .subscription, 10),
        ("نشراتنا البريديه", .subscription, 25), ("سجل الدخول", .subscription, 10),
        ("شارك هذا", .share, 6), ("شارك على", .share, 6), ("share this", .share, 6), ("comments", .comments, 4),
    ].map { (Array($0.utf8), $1, $2) }

    /// Labels that open a byline or category line, as match keys; `author: true` where the rest names the author.
    private static let labels: [(label: String, kind: StrippedLine.Kind, author: Bool)] = [
        ("posted by", .byline, false), ("by", .byline, true), ("written by", .byline, true), ("بقلم", .byline, true),
        ("اعداد", .byline, true), ("كتب", .byline, true), ("كتبت", .byline, true), ("تحرير", .byline, true),
        ("category", .category, false), ("categories", .category, false), ("tags", .category, false),
        ("filed under", .category, false), ("التصنيف", .category, false), ("تصنيف", .category, false),
        ("الوسوم", .category, false), ("القسم", .category, false),
    ]

    /// The longest line, in words, that any rule takes out.
    static let maxFurnitureWords = 30

    static func strip(_ raw: [(number: Int, text: String)]) -> Result {
        let lines: [Line] = raw.compactMap { item in
            let text = item.text.trimmingSpaces
            guard !text.isEmpty else { return nil }
            // Only short lines can be furniture: past the longest any rule accepts, the count stops.
            return Line(number: item.number, text: text, words: Tokenizer.wordCount(text, limit: maxFurnitureWords + 1), isSentence: endsAsSentence(text))
        }
        var result = Result()
        var kinds = [StrippedLine.Kind?](repeating: nil, count: lines.count)
        var breadcrumbTail: String?

        // 1. Rules that hold anywhere in the file.
        for (i, line) in lines.enumerated() where line.words <= maxFurnitureWords {
            let key = MatchKey.fold(line.text)
            if line.words <= 30, breadcrumbSeparators(line.text) >= 2 {
                kinds[i] = .breadcrumb
                breadcrumbTail = lastBreadcrumbSegment(line.text)
                continue
            }
            let unbulleted = dropBullet(key)
            if line.words <= 12, let (label, kind, isAuthor) = labels.first(where: { startsWithLabel(unbulleted, $0.label) }) {
                kinds[i] = kind
                if isAuthor, result.author.value == nil {
                    let name = afterLabel(dropBullet(line.text), labelWords: label.split(separator: " ").count)
                    if !name.isEmpty { result.author = .inferred(name, .byline(line: line.number)) }
                }
                // A short line right after a byline is the author's role ("باحث في وحدة ...").
                if isAuthor, i + 1 < lines.count, lines[i + 1].words <= 8, !lines[i + 1].isSentence,
                    kinds[i + 1] == nil
                {
                    kinds[i + 1] = .byline
                }
                continue
            }
            var keyBytes = key
            if let p = keyBytes.withUTF8({ k in patterns.first { line.words <= $0.maxWords && k.containsSequence($0.phrase) } }) {
                kinds[i] = p.kind
                continue
            }
            if line.words <= 6, isCounter(line.text), numericDate(line.text) == nil {
                kinds[i] = .comments
            }
        }

        // 2. The header: datelines and section labels before the first line of text, then the headline.
        let firstText = lines.indices.first { kinds[$0] == nil && (lines[$0].words > 25 || lines[$0].isSentence) }
            ?? lines.count
        var titleIndex: Int?
        for i in 0..<firstText where kinds[i] == nil {
            let line = lines[i]
            if line.words <= 6, let date = datelineDate(line.text) {
                kinds[i] = .dateline
                if result.date.value == nil { result.date = .inferred(date, .dateline(line: line.number)) }
            } else if titleIndex == nil, line.words <= 2, i + 1 < lines.count, kinds[i + 1] != nil {
                kinds[i] = .sectionLabel
            } else if titleIndex == nil, line.words <= 25, !line.isSentence {
                titleIndex = i
            }
        }
        if let t = titleIndex {
            kinds[t] = .headline
            result.title = .inferred(lines[t].text, .headline(line: lines[t].number))
        }
        // A dateline that opens the first paragraph (إسلام آباد، 18 نوفمبر 2025 (أ ش أ) - ...), as agencies write it.
        if result.date.value == nil, firstText < lines.count, let date = openingDateline(lines[firstText].text) {
            result.date = .inferred(date, .dateline(line: lines[firstText].number))
        }

        // 3. The tail: a headline printed again after the text (with its deck), as some sites do.
        var tailStart = lines.count
        while tailStart > 0, kinds[tailStart - 1] != nil || (lines[tailStart - 1].words <= 15 && !lines[tailStart - 1].isSentence) {
            tailStart -= 1
        }
        if tailStart < lines.count {
            let tail = tailStart..<lines.count
            var counts: [String: Int] = [:]
            for i in tail { counts[lines[i].text, default: 0] += 1 }
            let repeated = tail.filter { kinds[$0] == nil && counts[lines[$0].text]! >= 2 }
            if let h = repeated.first {
                if result.title.value == nil { result.title = .inferred(lines[h].text, .headline(line: lines[h].number)) }
                for i in tail where kinds[i] == nil {
                    if lines[i].text == lines[h].text {
                        kinds[i] = .headline
                    } else {
                        kinds[i] = .subtitle
                        if result.subtitle == nil { result.subtitle = lines[i].text }
                    }
                }
            }
        }

        // 4. Any other copy of the headline or of the breadcrumb's last segment is the headline again.
        let title = result.title.value
        for i in lines.indices where kinds[i] == nil && (lines[i].text == title || lines[i].text == breadcrumbTail) {
            kinds[i] = .headline
            if result.title.value == nil { result.title = .inferred(lines[i].text, .headline(line: lines[i].number)) }
        }

        // 5. A file that is only its headline (a wire flash, "عاجل: ...") is an article of one paragraph, not an empty
        // file: the headline is its text as well as its title.
        if !kinds.contains(where: { $0 == nil }), let h = kinds.firstIndex(of: .headline) { kinds[h] = nil }

        var number = 0
        for (i, line) in lines.enumerated() {
            if let kind = kinds[i] {
                result.furniture.append(StrippedLine(line: line.number, text: line.text, kind: kind))
            } else {
                number += 1
                result.paragraphs.append(Paragraph(number: number, line: line.number, text: line.text))
            }
        }
        return result
    }

    // MARK: - Line tests

    private static func endsAsSentence(_ text: String) -> Bool {
        for s in text.unicodeScalars.reversed() {
            switch s.value {
            case 0xBB, 0x201D, 0x2019, 0x22, 0x29, 0x5D, 0x20: continue  // closers and spaces
            case 0x2E, 0x21, 0x3F, 0x061F, 0x2026, 0x3A: return true  // . ! ? ؟ … :
            default: return false
            }
        }
        return false
    }

    /// How many `›` (U+203A, E2 80 BA) and `>` with a space on each side (`الرئيسية > أخبار`) the line has, counted on its
    /// bytes: a `>` of markup left in the text (`<br><br>`, `</script>`) separates nothing, and its line is text.
    private static func breadcrumbSeparators(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { b in
            // Most lines have neither byte: two memchr over the line tell, before any is looked at one by one.
            guard let base = b.baseAddress, memchr(base, 0x3E, b.count) != nil || memchr(base, 0xBA, b.count) != nil else { return 0 }
            var count = 0
            for (i, c) in b.enumerated() {
                if c == 0x3E, i > 0, i + 1 < b.count, b[i - 1] == 0x20, b[i + 1] == 0x20 { count += 1 }
                if c == 0xBA, i >= 2, b[i - 1] == 0x80, b[i - 2] == 0xE2 { count += 1 }
            }
            return count
        }
    }

    private static func lastBreadcrumbSegment(_ text: String) -> String? {
        guard let last = text.split(whereSeparator: { $0 == ">" || $0 == "›" }).last else { return nil }
        return last.trimmingSpaces
    }

    private static func dropBullet(_ text: String) -> String {
        var s = Substring(text)
        while let c = s.unicodeScalars.first, c == "-" || c == "•" || c == "*" || c == "·" || c == " " {
            s = Substring(s.unicodeScalars.dropFirst())
        }
        return String(s)
    }

    private static func startsWithLabel(_ key: String, _ label: String) -> Bool {
        guard key.utf8.starts(with: label.utf8) else { return false }
        let rest = Substring(key.utf8.dropFirst(label.utf8.count))
        if rest.drop(while: { $0 == " " }).first == ":" { return true }
        // Without a colon, only the labels that cannot open a sentence.
        return ["posted by", "written by", "بقلم"].contains(label) && rest.first == " "
    }

    private static func afterLabel(_ text: String, labelWords: Int) -> String {
        var rest = Substring(text)
        if let colon = rest.firstIndex(of: ":") {
            rest = rest[rest.index(after: colon)...]
        } else {
            rest = rest.split(separator: " ", maxSplits: labelWords, omittingEmptySubsequences: true).last ?? ""
        }
        return rest.trimmingSpaces
    }

    /// `تعليقات( 0 )`, `1000 / 1000`: digits, slashes and brackets with at most one word.
    private static func isCounter(_ text: String) -> Bool {
        var digits = 0
        var letters = 0
        for s in text.unicodeScalars {
            if ScalarClass.digitValue(s.value) != nil { digits += 1 }
            else if ScalarClass.isArabicLetter(s.value) || ScalarClass.isLatinLetter(s.value) { letters += 1 }
        }
        return digits > 0 && letters == 0
    }

    /// The date of a line that is a dateline: a date (`- نوفمبر 24, 2025`, `20 نوفمبر 2025`, `20/11/2025`,
    /// `2025-11-20`), with a weekday or not (`الخميس 20 نوفمبر 2025`), after a place set off by a comma or not
    /// (`إسلام آباد، 18 نوفمبر 2025`). Other words make it a headline that names an event's date (`انتخابات الرئاسة
    /// في 20 نوفمبر 2026`, `القاهرة في 20 نوفمبر 2025`), which is not the article's.
    static func datelineDate(_ text: String) -> PartialDate? {
        if let date = numericDate(text) { return date }
        let tokens = Tokenizer.tokens(in: text, vocabulary: Vocabulary.standard.vocabulary)
        let found = DateExpressions.find(in: tokens)
        var date: PartialDate?
        for e in found {
            switch e.value {
            case .date(let d):
                guard date == nil else { return nil }
                date = d
            case .weekday: continue
            default: return nil
            }
        }
        guard let date, let first = found.first?.range.lowerBound else { return nil }
        let rest = tokens.filter { t in !found.contains { $0.range.contains(t.range.lowerBound) } }
        if rest.isEmpty { return date }
        // A place of one or two words before it, then a comma (، or ,).
        guard rest.count <= 2, let last = rest.last, last.range.upperBound <= first else { return nil }
        let between = text.utf8.dropFirst(last.range.upperBound).prefix(first - last.range.upperBound)
        return between.contains(0x2C) || between.elementsEqual([0xD8, 0x8C]) || between.starts(with: [0xD8, 0x8C]) ? date : nil
    }

    /// A line that is a date in digits alone: `2025-11-20`, `20/11/2025`, `20-11-2025`, `2025/11/20` (either Arabic
    /// script's digits too). Day first, as the Arabic press writes it.
    static func numericDate(_ text: String) -> PartialDate? {
        // Read scalar by scalar, as three runs of digits between two separators: most lines it is asked of start
        // with a letter, and end there.
        var values: [Int] = []
        var lengths: [Int] = []
        var value = 0
        var length = 0
        for s in text.unicodeScalars {
            if let d = ScalarClass.digitValue(s.value) {
                guard length < 4 else { return nil }
                value = value * 10 + Int(d)
                length += 1
            } else if s == "/" || s == "-" || s == "." {
                guard length > 0, values.count < 2 else { return nil }
                values.append(value)
                lengths.append(length)
                (value, length) = (0, 0)
            } else if SentenceSplitter.isSpace(s.value), length == 0, values.isEmpty {
                continue
            } else if SentenceSplitter.isSpace(s.value), values.count == 2 {
                continue  // trailing spaces
            } else {
                return nil
            }
        }
        guard values.count == 2, length > 0 else { return nil }
        values.append(value)
        lengths.append(length)
        if lengths[0] == 4 { return PartialDate(year: values[0], month: values[1], day: values[2]) }
        if lengths[2] == 4 { return PartialDate(year: values[2], month: values[1], day: values[0]) }
        return nil
    }

    /// The date of a dateline that opens a paragraph: the words before its first dash (` - `, ` – `, ` — `), if they
    /// are a place of at most three words and a comma, one full date, and nothing after it but an agency in brackets
    /// (`إسلام آباد، 18 نوفمبر 2025 (أ ش أ) - ...`). A sentence that names a date before a dash (`اجتمع الوزيران في 3
    /// مارس 2024 - بحسب البيان - ...`) dates an event, not the article.
    static func openingDateline(_ text: String) -> PartialDate? {
        // The first dash, looked for on the bytes of the line's start (eight words and an agency fit in 240 bytes):
        // every article's first paragraph passes here, and Foundation's search folds clusters a character at a time.
        var line = text
        let dashAt: Int? = line.withUTF8 { b in
            guard let base = b.baseAddress else { return nil }
            let n = min(b.count, 240)
            // " - " (by memchr of its hyphen), or " – " / " — " (E2 80 93 / E2 80 94, by memchr of E2), whichever is first.
            func first(_ byte: UInt8, _ isDash: (Int) -> Bool) -> Int? {
                var i = 0
                while i < n, let hit = memchr(base + i, Int32(byte), n - i) {
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if at > 1, isDash(at) { return at - 1 }
                    i = at + 1
                }
                return nil
            }
            let hyphen = first(0x2D) { at in b[at - 1] == 0x20 && at + 1 < b.count && b[at + 1] == 0x20 }
            let dash = first(0xE2) { at in
                b[at - 1] == 0x20 && at + 3 < b.count && b[at + 1] == 0x80 && (b[at + 2] == 0x93 || b[at + 2] == 0x94) && b[at + 3] == 0x20
            }
            return [hyphen, dash].compactMap { $0 }.min()
        }
        guard let dash = dashAt else { return nil }
        var head = String(decoding: text.utf8.prefix(dash), as: UTF8.self).trimmingSpaces
        // The agency in brackets at its end: (أ ش أ), (رويترز).
        if head.utf8.last == 0x29, let open = head.utf8.lastIndex(of: 0x28) { head = String(decoding: head.utf8[..<open], as: UTF8.self).trimmingSpaces }
        let tokens = Tokenizer.tokens(in: head, vocabulary: Vocabulary.standard.vocabulary)
        let found = DateExpressions.find(in: tokens)
        guard found.count == 1, case .date(let date) = found[0].value, date.day != nil,
            found[0].range.upperBound == tokens.last?.range.upperBound,
            tokens.filter({ $0.range.upperBound <= found[0].range.lowerBound }).count <= 3
        else { return nil }
        let before = String(decoding: head.utf8.prefix(found[0].range.lowerBound), as: UTF8.self).trimmingSpaces.utf8
        // Empty, or a place set off by a comma (، D8 8C, or ,).
        guard before.isEmpty || before.last == 0x2C || before.suffix(2).elementsEqual([0xD8, 0x8C]) else { return nil }
        return date
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether `needle` occurs in the bytes (plain search: both are short here).
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard count >= needle.count, let base = baseAddress else { return false }
        return needle.withUnsafeBufferPointer { n in
            for i in 0...(count - n.count) where base[i] == first {
                var j = 1
                while j < n.count, base[i + j] == n[j] { j += 1 }
                if j == n.count { return true }
            }
            return false
        }
    }
}
