/// Finds people with their titles, named organisations and events, and meetings, in one sentence.
struct EntityFinder {
    let lexicon: Lexicon

    /// What sentences say about people and meetings: an article's, sentence after sentence, so that a sentence
    /// adds to three arrays instead of making three.
    struct Found {
        var people: [PersonMention] = []
        /// Registry ids, each once, in order of first mention.
        var named: [String] = []
        /// Without their ``Meeting/themes``, which the caller knows.
        var meetings: [Meeting] = []
        /// Working arrays of one sentence, kept for the next (see ``Scratch``).
        var scratch = Scratch()
    }

    /// The working arrays of ``find(tokens:tokenMarks:marks:sentence:text:mentions:dates:into:strings:)`` for one
    /// sentence, emptied for the next, and kept by a thread from article to article (see ``AnalysisScratch``).
    struct Scratch {
        fileprivate var listed: [(start: Int, index: Int, end: Int, partial: Bool)] = []
        fileprivate var claimed: [Int] = []
        /// The token each of the sentence's people starts at, in the order they were found.
        fileprivate var personStarts: [Int] = []
        /// The lists of countries of meetings, and of the analysis's cited sentences.
        var countryLists = TradeRoles.CountryLists()
    }

    /// - Parameters:
    ///   - tokens: the sentence's tokens (indices are those of its article's token array, or of its paragraph's).
    ///   - tokenMarks: their ``Token/starts``, at their indices (made from the tokens if not given).
    ///   - marks: the union of their ``Token/starts``: the matchers whose bits it lacks find nothing, and are not run.
    ///   - text: the paragraph's UTF-8 bytes, to see the punctuation between tokens and to quote names as written.
    ///   - mentions: the sentence's country mentions.
    ///   - dates: the sentence's dates.
    ///   - found: what earlier sentences said, to which this one's people, names and meeting are added.
    ///   - strings: names and titles made before, to share rather than make again.
    func find(
        tokens: some TokenSequence, tokenMarks: StartMarks? = nil, marks: UInt8 = .max, sentence: Int, text: UnsafeBufferPointer<UInt8>,
        mentions: ArraySlice<TradeRoles.Mention>, dates: ArraySlice<DateMention>, into found: inout Found, strings: QuotedStrings? = nil
    ) {
        let tokenMarks = tokenMarks ?? StartMarks(of: tokens)
        let firstPerson = found.people.count
        let registry = lexicon.entities
        // Listed people by the token they start at, in text order (a sentence names few: a linear search finds one).
        var listed = AnalysisScratch.take(&found.scratch.listed)
        var claimed = AnalysisScratch.take(&found.scratch.claimed)  // registry mentions already given a title
        var personStarts = AnalysisScratch.take(&found.scratch.personStarts)
        defer {
            AnalysisScratch.give(&listed, to: &found.scratch.listed)
            AnalysisScratch.give(&claimed, to: &found.scratch.claimed)
            AnalysisScratch.give(&personStarts, to: &found.scratch.personStarts)
        }
        // The matches one after the other, each from where the one before ends (no array of them is made).
        var nextName = tokens.startIndex
        while marks & Token.Start.entity != 0, let m = lexicon.entityMatcher.longestMatch(in: tokens, marks: tokenMarks, from: nextName) {
            nextName = m.end
            switch lexicon.entityMatcher.phrases[m.phrase].payload {
            case .person(let i, let partial): listed.append((m.start, i, m.end, partial))
            case .named(let i): if !found.named.contains(registry.named[i].id) { found.named.append(registry.named[i].id) }
            }
        }
        func registryAt(_ k: Int) -> (index: Int, end: Int)? {
            listed.first { $0.start == k }.map { ($0.index, $0.end) }
        }
        /// The first country mention starting at token k.
        func mentionAt(_ k: Int) -> TradeRoles.Mention? {
            mentions.first { $0.start == k }
        }
        func written(_ a: Int, _ b: Int) -> String {
            let bytes = UnsafeBufferPointer(rebasing: text[tokens[a].range.lowerBound..<tokens[b - 1].range.upperBound])
            return strings?.string(bytes) ?? String(decoding: bytes, as: UTF8.self)
        }
        // The tests below read the bytes between two tokens, or of one, in place: a sentence has dozens of tokens and
        // these run at many of them.
        /// Whether a comma (، or ,) or other break stands between token k - 1 and token k: `,` `:` `(` `.`, `،`, `«`,
        /// or a typographic quotation mark or dash (a lead byte E2).
        func breakBefore(_ k: Int) -> Bool {
            guard k > tokens.startIndex else { return false }
            let end = tokens[k].range.lowerBound
            var i = tokens[k - 1].range.upperBound
            while i < end {
                switch text[i] {
                case 0x2C, 0x3A, 0x28, 0x2E, 0xE2: return true
                case 0xD8 where i + 1 < end && text[i + 1] == 0x8C: return true
                case 0xC2 where i + 1 < end && text[i + 1] == 0xAB: return true
                default: i += 1
                }
            }
            return false
        }
        /// Whether an opening quotation mark (« “ ") stands right before token k: a quotation, not a name.
        func quoteBefore(_ k: Int) -> Bool {
            guard k > tokens.startIndex else { return false }
            let end = tokens[k].range.lowerBound
            var i = tokens[k - 1].range.upperBound
            while i < end {
                if text[i] == 0x22 { return true }
                if i + 1 < end, text[i] == 0xC2, text[i + 1] == 0xAB { return true }
                if i + 2 < end, text[i] == 0xE2, text[i + 1] == 0x80, text[i + 2] == 0x9C { return true }
                i += 1
            }
            return false
        }
        /// Whether token k carries tanween (U+064B-064D), which names do not.
        func hasTanween(_ k: Int) -> Bool {
            let r = tokens[k].range
            var i = r.lowerBound
            while i + 1 < r.upperBound {
                if text[i] == 0xD9, (0x8B...0x8D).contains(text[i + 1]) { return true }
                i += 1
            }
            return false
        }
        /// A word that cannot start a name: a clitic و/ف/ب/ل before the article or a verb or noun prefix
        /// (وتناولت، بالعلاقات، بمقر), or a word carrying tanween (اجتماعاتٍ), which names do not.
        func cannotStartName(_ k: Int) -> Bool {
            let r = tokens[k].range
            if hasTanween(k) { return true }
            guard r.count >= 4, text[r.lowerBound] == 0xD9 || text[r.lowerBound] == 0xD8 else { return false }
            let first = text[r.lowerBound + 1]
            let second = (text[r.lowerBound + 2], text[r.lowerBound + 3])
            let clitic = (text[r.lowerBound] == 0xD9 && (first == 0x88 || first == 0x81 || first == 0x84)) || (text[r.lowerBound] == 0xD8 && first == 0xA8)
            let prefix = second == (0xD8, 0xA7) || second == (0xD8, 0xAA) || second == (0xD9, 0x8A) || second == (0xD9, 0x86) || second == (0xD9, 0x85)
            return clitic && prefix
        }

        // A listed person's short name (صبحي، عبد العاطي) right after a given name (أشرف صبحي، محمد عبد العاطي) names
        // someone else. (What follows a short name tells nothing: السيسي أكد is a verb after it, as a surname would be.)
        listed.removeAll { l in
            l.partial && l.start > tokens.startIndex && !breakBefore(l.start) && tokens[l.start - 1].forms.contains(where: lexicon.givenNames.contains)
        }

        // Titles: a role head over its genitive chain up to a country, then the name.
        var covered = tokens.startIndex
        var nextRole = tokens.startIndex
        while marks & Token.Start.role != 0, let m = lexicon.roleMatcher.longestMatch(in: tokens, marks: tokenMarks, from: nextRole) {
            nextRole = m.end
            guard m.start >= covered else { continue }
            var j = m.end
            var country: String?
            while j < tokens.endIndex, j - m.start < 9, registryAt(j) == nil, !breakBefore(j) {
                if let c = mentionAt(j) {
                    country = c.country
                    j = c.end
                    // "سفير باكستان في القاهرة": the post belongs to the title.
                    if j + 1 < tokens.endIndex, lexicon.words.into.contains(tokens[j].exact),
                        let place = mentionAt(j + 1), place.kind == .capital, !breakBefore(j)
                    {
                        j = place.end
                    }
                    break
                }
                if lexicon.nameStops.contains(tokens[j].exact) { break }
                if j > m.end, lexicon.roleMatcher.matchesAlone(tokens[j]) { break }
                j += 1
            }
            // Written out only for a person found: most role words head no name. Without the clitic the role word
            // was found behind (بالفريق أول، والفريق، بوزير الخارجية): the title is الفريق أول, not "with General".
            let title = {
                guard tokens[m.start].clitic != 0 else { return written(m.start, j) }
                // The letter and its marks (وَالفريق), on the bytes: the letter's two, then each mark's two (D9 8B to
                // D9 9F, D9 B0).
                var from = tokens[m.start].range.lowerBound + 2
                while from + 1 < tokens[m.start].range.upperBound, text[from] == 0xD9, (0x8B...0x9F).contains(text[from + 1]) || text[from + 1] == 0xB0 {
                    from += 2
                }
                let bytes = UnsafeBufferPointer(rebasing: text[from..<tokens[j - 1].range.upperBound])
                // ل before the article writes لل (للفريق): the title is ال + the rest (الفريق), not لفريق.
                if tokens[m.start].clitic == 0x84, bytes.count >= 2, bytes[0] == 0xD9, bytes[1] == 0x84 {
                    return "ا" + String(decoding: bytes, as: UTF8.self)
                }
                return strings?.string(bytes) ?? String(decoding: bytes, as: UTF8.self)
            }
            covered = j
            if let r = registryAt(j) {
                // The registry's fields read in place: a copy of the person retains each of its strings.
                found.people.append(
                    PersonMention(
                        id: registry.people[r.index].id, name: written(j, r.end), english: registry.people[r.index].nameEnglish, romanized: false,
                        title: title(), country: country ?? registry.people[r.index].country, sentence: sentence))
                personStarts.append(j)
                claimed.append(j)
                covered = r.end
                continue
            }
            // An unlisted name: two or three words that are not known words, stop words, or an article-led noun.
            var k = j
            var words = 0
            while k < tokens.endIndex, words < 3, tokens[k].kind == .word, tokens[k].forms.count == 0, !lexicon.nameStops.contains(tokens[k].exact) {
                if words > 0 && breakBefore(k) { break }
                if cannotStartName(k) && words == 0 { break }
                if words > 0, hasTanween(k) { break }
                if words == 0 && text[tokens[k].range.lowerBound] == 0xD8 && tokens[k].range.count > 4
                    && text[tokens[k].range.lowerBound + 1] == 0xA7 && text[tokens[k].range.lowerBound + 2] == 0xD9 && text[tokens[k].range.lowerBound + 3] == 0x84
                {
                    break  // الـ: a noun, not a first name
                }
                words += 1
                k += 1
            }
            // A title names its country, and a name has two words at least; a name set off by a comma is an
            // apposition, closed by a comma or the end of the sentence. Otherwise this is not a person.
            guard country != nil, words >= 2, !quoteBefore(j) else { continue }
            if breakBefore(j), k < tokens.endIndex, !breakBefore(k) { continue }
            let name = written(j, k)
            found.people.append(PersonMention(id: nil, name: name, english: Romanizer.romanize(name), romanized: true, title: title(), country: country, sentence: sentence))
            personStarts.append(j)
            covered = k
        }
        // Listed people named without a title.
        for r in listed where !claimed.contains(r.start) {
            found.people.append(
                PersonMention(
                    id: registry.people[r.index].id, name: written(r.start, r.end), english: registry.people[r.index].nameEnglish, romanized: false,
                    title: nil, country: registry.people[r.index].country, sentence: sentence))
            personStarts.append(r.start)
        }

        // Meetings: one for each meeting verb of the sentence that names a person of its own, with the parties named
        // from it to the next such verb (and, for the first, before it): "التقى السيسي مرزا في يوليو، وتبع ذلك زيارة
        // منير إلى مصر في أكتوبر" is two meetings, not one of four men in July. A later verb that names no one of its
        // own (وتناولت المحادثات ...), or that goes on with the event before it (حيث عقد مباحثات مع صقر), adds its
        // parties to that event.
        guard marks & Token.Start.verb != 0 else { return }
        var verbs: [PhraseMatcher<Int>.Match] = []
        var from = tokens.startIndex
        while let v = lexicon.verbMatcher.longestMatch(in: tokens, marks: tokenMarks, from: from) {
            verbs.append(v)
            from = v.end
        }
        guard !verbs.isEmpty else { return }
        /// The parties of tokens `range`: people (each once, in the order found) and countries.
        func parties(_ range: Range<Int>) -> (people: [String], countries: ArraySlice<TradeRoles.Mention>) {
            var people: [String] = []
            // By index: iterating copies each person found, a retain of every string in it.
            for (k, start) in zip(firstPerson..<found.people.count, personStarts) where range.contains(start) {
                let key = found.people[k].id ?? found.people[k].name
                if !people.contains(key) { people.append(key) }
            }
            let lo = mentions.firstIndex { $0.start >= range.lowerBound } ?? mentions.endIndex
            let hi = mentions[lo...].firstIndex { $0.start >= range.upperBound } ?? mentions.endIndex
            return (people, mentions[lo..<hi])
        }
        // Each verb's tokens: from the sentence's start (the first) or the verb, to the next verb kept.
        // Each with its parties, as found for its own range; nil once a later verb's are added (found again then).
        var segments: [(verb: PhraseMatcher<Int>.Match, range: Range<Int>, parties: (people: [String], countries: ArraySlice<TradeRoles.Mention>)?)] = []
        for (n, v) in verbs.enumerated() {
            let end = n + 1 < verbs.count ? verbs[n + 1].start : tokens.endIndex
            let range = (n == 0 ? tokens.startIndex : v.start)..<end
            let own = parties(range)
            // حيث before the verb, or مع and a pronoun or بحضور right after it (واجتمع معه بحضور ...): the same event.
            let continues = (max(tokens.startIndex, v.start - 2)..<v.start).contains { tokens[$0].forms.contains(lexicon.words.whereby) }
                || (v.end..<min(v.end + 2, tokens.endIndex)).contains { tokens[$0].forms.contains(where: lexicon.words.sameEvent.contains) }
            if let last = segments.last, own.people.isEmpty || own.people.count + own.countries.count < 2 || continues {
                segments[segments.count - 1].range = last.range.lowerBound..<end
                segments[segments.count - 1].parties = nil
            } else {
                segments.append((v, range, own))
            }
        }
        // An agreement needs its noun: وقع alone also means "happened". (The sentence is searched for it only then.)
        var hasAgreementNoun: Bool?
        // A later event that states no date of its own took place on the date of the one before it, if that stated one
        // (في 20 نوفمبر، التقى ... ثم استقبل ...).
        var lastDate: DateMention?
        for (v, range, own) in segments {
            let verb = lexicon.verbMatcher.phrases[v.phrase].payload
            let (people, segmentMentions) = own ?? parties(range)
            let countries = found.scratch.countryLists.list(of: segmentMentions)
            guard people.count + countries.count >= 2 else { continue }
            if registry.verbs[verb].code == "057" {
                if hasAgreementNoun == nil { hasAgreementNoun = tokens.contains { t in t.forms.contains(where: lexicon.agreementWords.contains) } }
                guard hasAgreementNoun == true else { continue }
            }
            // A meeting the sentence denies (نفى ... أن يكون ... قد التقى) or negates (لن يلتقي) did not take place: a
            // denial in the verb's clause, after the last comma before it (نفى وجود توتر، خلال لقاء ... denies the
            // tension, not the meeting).
            // Past a comma too when the verb is the denial's own complement (نفت الوزارة، في بيان، أن يكون الوزير قد
            // التقى): يكون or قد right before the verb.
            var clause = v.start
            while clause > range.lowerBound, !breakBefore(clause) { clause -= 1 }
            let complement = (max(range.lowerBound, v.start - 3)..<v.start).contains { tokens[$0].forms.contains(where: lexicon.words.denialComplement.contains) }
            let denied = tokens[(complement ? range.lowerBound : clause)..<v.start].contains { t in t.forms.contains(where: lexicon.words.denials.contains) }
                || (v.start > tokens.startIndex && tokens[v.start - 1].forms.contains(where: lexicon.words.negations.contains))
            guard !denied else { continue }
            var place: String?
            var placeCountry: String?
            for c in segmentMentions where c.kind == .capital && c.start > tokens.startIndex {
                if lexicon.words.into.contains(tokens[c.start - 1].exact) || tokens[c.start].clitic == 0xA8 {
                    // The capital's name as the registry spells it first (إسلام آباد for بإسلام أباد).
                    place = lexicon.countries.country(code: c.country)?.capitals.first ?? written(c.start, c.end)
                    placeCountry = c.country
                    break
                }
            }
            // Its date: the first the segment states (in bytes of the paragraph, as dates are placed), or a later one
            // that narrows it down (خلال العام الجاري، وتحديدًا يوم 11 فبراير); not a later date outside it, which is
            // another event's (ستعقد القمة في 15 يناير 2026، الموقعة في 12 مارس 2024).
            let bytes = tokens[range.lowerBound].range.lowerBound..<tokens[range.upperBound - 1].range.upperBound
            // (By index: a date iterated is copied, its strings retained.)
            var stated: Int?
            for k in dates.indices where bytes.contains(dates[k].range.lowerBound) {
                guard let d = dates[k].date else { continue }
                if let s = stated, let first = dates[s].date, !(d.precision > first.precision && first.contains(d)) { continue }
                stated = k
            }
            let date = stated.map { dates[$0] } ?? lastDate
            lastDate = date
            found.meetings.append(
                Meeting(
                    verb: registry.verbs[verb], people: people, countries: countries, place: place, placeCountry: placeCountry, date: date?.date,
                    dateBasis: date?.basis, themes: [], sentence: sentence))
        }
    }
}
