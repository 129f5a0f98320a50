import Testing

@testable import BriefKit

@Suite struct MatchKeyTests {
    @Test func diacriticsAndTatweelAreDropped() {
        // "البلدَيْن" is 7 Characters but 9 scalars: the marks must go before comparing.
        #expect(MatchKey.fold("البلدَيْن") == MatchKey.fold("البلدين"))
        #expect(MatchKey.fold("مـــصـر") == "مصر")
        #expect(MatchKey.fold("الإرهاب") == "الارهاب")
    }

    @Test func letterVariantsFoldOnlyInKeys() {
        #expect(MatchKey.fold("أإآٱا") == "ااااا")
        #expect(MatchKey.fold("مصطفى") == "مصطفي")
        #expect(MatchKey.fold("القاهرة") == "القاهره")
        #expect(MatchKey.fold("کی") == "كي")
        // Hamza on waw and ya stays.
        #expect(MatchKey.fold("مسؤول شؤون رئيس") == "مسؤول شؤون رئيس")
    }

    @Test func digitsOfBothScriptsFoldToASCII() {
        #expect(MatchKey.fold("١٢٣") == "123")
        #expect(MatchKey.fold("۴۵۶") == "456")
    }

    @Test func invisibleControlsAndPresentationFormsFold() {
        #expect(MatchKey.fold("مص\u{200F}ر\u{200B}") == "مصر")
        #expect(MatchKey.fold("\u{202B}غزة\u{202C}") == "غزه")
        // Lam-alef ligature U+FEFB and presentation forms of ba (U+FE91, U+FE92).
        #expect(MatchKey.fold("\u{FEFB}") == "لا")
        #expect(MatchKey.fold("\u{FE91}") == "ب")
    }

    /// A key is folded on the text's bytes, with a table for the scalars below U+0800: it must be the key folded scalar
    /// by scalar, for every such scalar and for text that mixes them with longer ones.
    @Test func foldingBytesIsFoldingScalars() {
        func scalarByScalar(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            for s in text.unicodeScalars { MatchKey.append(s, to: &out) }
            return String(out)
        }
        var samples = (0..<0x800).compactMap(Unicode.Scalar.init).map { "a\($0)ب" }
        let pieces = ["A", "z", "7", "٣", "۴", "أ", "ة", "ى", "َ", "ـ", "é", "\u{200F}", "\u{FEFB}", "€", "😀", "—", " "]
        var generator = CorpusGenerator.Random(state: 12060007)
        for _ in 0..<500 { samples.append((0..<Int.random(in: 0...20, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()) }
        for text in samples {
            #expect(MatchKey.fold(text) == scalarByScalar(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(MatchKey.fold(text.dropFirst(0)) == scalarByScalar(text))  // a substring's bytes
        }
    }
}

@Suite struct TokenizerTests {
    @Test func aTokenIsOneCacheLineAndKeepsItsFields() {
        // The analysis passes over a text's tokens several times; a token is packed into 64 bytes.
        #expect(MemoryLayout<Token>.stride == 64)
        let long = String(repeating: "7", count: 300)
        let text = "و2023 " + long + " ٣٥٫٢"
        let tokens = Tokenizer.tokens(in: text)
        #expect(tokens.map(\.kind) == [.word, .number, .number, .number])
        #expect(tokens.map(\.integerDigits) == [0, 4, 255, 2])  // counted up to 255
        #expect(tokens.map(\.range) == [0..<2, 2..<6, 7..<307, 308..<316])
        var t = tokens[1]
        t.range = 5..<9
        t.integerDigits = 1000
        #expect(t.range == 5..<9 && t.integerDigits == 255)
    }

    /// The article glued to a number, alone or behind a proclitic, with or without tatweel, is a word of its own: the
    /// number after it is read. Other letters glued to a number stay one word.
    @Test func theArticleGluedToANumberIsAWordOfItsOwn() {
        #expect(Tokenizer.keys(in: "الـ400 بالـ400 للـ2024 وال5 وبالـ400") == ["ال", "400", "بال", "400", "لل", "2024", "وال", "5", "وبال", "400"])
        #expect(Tokenizer.tokens(in: "الـ400").map(\.kind) == [.word, .number])
        #expect(Tokenizer.keys(in: "اب400 مصر400").count == 2)
    }

    @Test func numbersKeepDecimalsAndDropThousandsSeparators() {
        let keys = Tokenizer.keys(in: "بقيمة 35.2 و٣٥٫٢ و1,500 و١٬٥٠٠ عام 2024.")
        #expect(keys == ["بقيمه", "35.2", "و", "35.2", "و", "1500", "و", "1500", "عام", "2024"])
    }

    @Test func numberTokensAreMarked() {
        let tokens = Tokenizer.tokens(in: "15 شركة")
        #expect(tokens.map(\.kind) == [.number, .word])
    }

    @Test func rangesAreUTF8OffsetsIntoTheText() {
        let text = "قال «مصر» اليوم"
        for (token, key) in zip(Tokenizer.tokens(in: text), Tokenizer.keys(in: text)) {
            let bytes = Array(text.utf8)[token.range]
            #expect(MatchKey.fold(String(decoding: bytes, as: UTF8.self)) == key)
        }
        #expect(Tokenizer.tokens(in: "عام ٢٠٢٤").last?.number == Amount(mantissa: 2024))
        #expect(Tokenizer.tokens(in: "عام ٢٠٢٤").last?.integerDigits == 4)
    }

    @Test func marksInsideWordsDoNotSplitThem() {
        #expect(Tokenizer.tokens(in: "البلدَيْن").count == 1)
    }

    /// The memo of known forms changes how fast tokens come, never what they are: a memo so small that it fills and
    /// starts again every few words, and one that keeps them all, give the tokens of no memo. Made for a lexicon,
    /// they give them marked as the lexicon marks them.
    @Test func theFormsMemoGivesTheSameTokens() {
        let tiny = FormsMemo(slots: 8, keyBytes: 4096)
        let roomy = FormsMemo()
        let tinyMarking = FormsMemo(slots: 8, keyBytes: 4096, starts: lexicon.startsByID)
        let roomyMarking = FormsMemo(starts: lexicon.startsByID)
        var words = 0
        var markedStarts = 0
        for article in seedCorpus.articles {
            for p in article.paragraphs {
                let plain = Tokenizer.tokens(in: p.text, vocabulary: lexicon.vocabulary)
                words += plain.filter { $0.kind == .word && $0.forms.count > 0 }.count
                #expect(Tokenizer.tokens(in: p.text, vocabulary: lexicon.vocabulary, memo: tiny) == plain)
                #expect(Tokenizer.tokens(in: p.text, vocabulary: lexicon.vocabulary, memo: roomy) == plain)
                var marked = plain
                lexicon.markStarts(&marked)
                markedStarts += marked.filter { $0.starts != 0 }.count
                #expect(Tokenizer.tokens(in: p.text, vocabulary: lexicon.vocabulary, memo: tinyMarking) == marked)
                #expect(Tokenizer.tokens(in: p.text, vocabulary: lexicon.vocabulary, memo: roomyMarking) == marked)
            }
        }
        #expect(words > 500)
        #expect(markedStarts > 100)
    }

    /// A word the memo knows as written (plain letters and marks, then a space, punctuation or the end) is one token
    /// with the forms and key hash of the full tokenizer's: on random texts whose words recur, glued to marks, tatweel,
    /// digits, Latin and Persian letters, zero-width marks, Arabic and typographic punctuation, through a memo that
    /// keeps them all and one that fills and starts again every few words.
    @Test func wordsFoundAsWrittenAreTheTokensOfTheFullTokenizer() {
        let pieces = [" ", " ", " ", "مصر", "باكستان", "أحمد", "التعاون", "والدفاع", "ة", "ى", "ب", "لا", "ؤ", "ئ", "ء", "\u{064B}", "\u{0651}", "ـ",
                      "ی", "ک", "é", "a", "Z", "7", "٣", "1,500", "٫", "،", "؛", "؟", "«", "»", "\u{201C}", "\u{201D}", "–", ".", ",", "-",
                      "\u{00A0}", "\u{200F}", "\u{200B}", "ﻻ", "ٱ", "\u{0670}", "\n"]
        let tiny = FormsMemo(slots: 8, keyBytes: 4096)
        let roomy = FormsMemo()
        let marking = FormsMemo(starts: lexicon.startsByID)
        var generator = CorpusGenerator.Random(state: 12060008)
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let plain = Tokenizer.tokens(in: text, vocabulary: lexicon.vocabulary)
            #expect(Tokenizer.tokens(in: text, vocabulary: lexicon.vocabulary, memo: roomy) == plain, "\(text.debugDescription)")
            #expect(Tokenizer.tokens(in: text, vocabulary: lexicon.vocabulary, memo: tiny) == plain, "\(text.debugDescription)")
            var marked = plain
            lexicon.markStarts(&marked)
            #expect(Tokenizer.tokens(in: text, vocabulary: lexicon.vocabulary, memo: marking) == marked, "\(text.debugDescription)")
        }
        // The fast path was taken, most of the time for recurring words.
        #expect(roomy.writtenFound > 1_000)
        #expect(tiny.writtenFound > 20, "\(tiny.writtenFound)")
    }

    /// A word followed by punctuation up to a space (`مصر،`, `«باكستان»،`) is kept as written with it, and found so
    /// at the first probe the next time, the punctuation passed over with it: the tokens of no memo, and nothing
    /// kept again. Punctuation followed by a letter, or a word by a digit, is not kept with its word.
    @Test func aWordWithPunctuationAfterItIsKeptWithIt() {
        let memo = FormsMemo(starts: lexicon.startsByID)
        // Each word alone first: a word is kept with its punctuation when the memo already knows it.
        let text = "مصر باكستان زار مصر، ثم «باكستان»، ثم مصر، و«باكستان»؛ ثم مصر،باكستان ومصر،7 ثم مصر،"
        var plain = Tokenizer.tokens(in: text, vocabulary: lexicon.vocabulary)
        lexicon.markStarts(&plain)
        #expect(Tokenizer.tokens(in: text, vocabulary: lexicon.vocabulary, memo: memo) == plain)
        // مصر، then باكستان»، and باكستان»؛ (in مصر،باكستان and ومصر،7, the punctuation is followed by a letter or a digit).
        #expect(memo.keptWithPunctuation == 3)
        let found = memo.writtenFound
        #expect(Tokenizer.tokens(in: text, vocabulary: lexicon.vocabulary, memo: memo) == plain)
        #expect(memo.keptWithPunctuation == 3)
        #expect(memo.writtenFound - found == plain.filter { $0.kind == .word }.count)
    }

    /// The tokenizer writes a paragraph's tokens to room its memo keeps from call to call, grown as a paragraph
    /// needs, and appends them to the caller's array: a paragraph of thousands of tokens, between short ones, gives
    /// the tokens of no memo after those already there. Room grown past ``FormsMemo/keptTokens`` tokens, or past
    /// ``FormsMemo/keptKeyBytes`` for a key, is let go.
    @Test func theTokenizersRoomGrowsAndIsKeptWithinBounds() {
        let memo = FormsMemo(starts: lexicon.startsByID)
        let paragraphs = seedCorpus.articles.flatMap { $0.paragraphs.map(\.text) }
        let short = paragraphs[0]
        let long = paragraphs.joined(separator: " ")
        func marked(_ text: String) -> [Token] {
            var tokens = Tokenizer.tokens(in: text, vocabulary: lexicon.vocabulary)
            lexicon.markStarts(&tokens)
            return tokens
        }
        func appended(_ texts: [String]) -> [Token] {
            var out: [Token] = []
            for t in texts {
                var text = t
                text.withUTF8 { Tokenizer.tokens(in: $0, vocabulary: lexicon.vocabulary, memo: memo, into: &out) }
            }
            return out
        }
        #expect(marked(long).count > 1_000)
        // Compared as Booleans: a failure would print thousands of tokens.
        let afterShort = appended([short, long, short]) == marked(short) + marked(long) + marked(short)
        #expect(afterShort, "a long paragraph between short ones")
        let twice = appended([long, long]) == marked(long) + marked(long)
        #expect(twice, "a long paragraph in room grown for it")
        #expect(memo.keptTokenRoom >= marked(long).count && memo.keptTokenRoom <= FormsMemo.keptTokens)
        let freak = String(repeating: "مصر ", count: FormsMemo.keptTokens + 1)
        #expect(appended([freak]).count == FormsMemo.keptTokens + 1)
        #expect(memo.keptTokenRoom == 0)
        #expect(appended([short]) == marked(short))
        #expect(memo.keptTokenRoom > 0)
        // As is room grown for a freak word's key.
        #expect(appended([String(repeating: "ب", count: FormsMemo.keptKeyBytes)]).count == 1)
        #expect(memo.keptTokenRoom == 0)
    }

    /// The analysis tokenizes an article's paragraphs one after another into one run, and reads them there: each
    /// paragraph's tokens follow those before, as it has them alone (its own ranges), a paragraph of thousands between
    /// short ones and empty ones, with each token's marks beside it; taken again, the run starts empty.
    @Test func anArticlesParagraphsAreTokenizedIntoOneRun() {
        let memo = FormsMemo(starts: lexicon.startsByID)
        let paragraphs = seedCorpus.articles.flatMap { $0.paragraphs.map(\.text) }
        let texts = [paragraphs[0], "", paragraphs.joined(separator: " "), paragraphs[1], ""]
        func marked(_ text: String) -> [Token] {
            var tokens = Tokenizer.tokens(in: text, vocabulary: lexicon.vocabulary)
            lexicon.markStarts(&tokens)
            return tokens
        }
        for _ in 0..<2 {
            var buffers = memo.takeBuffers()
            var ends: [Int] = []
            for t in texts {
                var text = t
                text.withUTF8 { Tokenizer.append($0, vocabulary: lexicon.vocabulary, memo: memo, to: &buffers) }
                ends.append(buffers.run.count)
            }
            let run = Array(buffers.run.tokens)
            // Each token's marks beside it, for the finders (compared as a Boolean, as below).
            let marksBeside = Array(buffers.run.markBytes) == run.map(\.starts)
            #expect(marksBeside, "each token's marks beside it")
            memo.keepBuffers(buffers)
            #expect(ends == texts.reduce(into: []) { $0.append(($0.last ?? 0) + marked($1).count) })
            // Compared as a Boolean: a failure would print thousands of tokens.
            let same = run == texts.flatMap(marked)
            #expect(same, "each paragraph's tokens after those before")
        }
    }

    /// A memo table finds a word by its bytes, whatever its length (the hash and the comparison read a word's last
    /// bytes in loads that overlap those before): words of every length up to 40 are found, and none of them with
    /// any one byte changed, or one byte shorter, even under the word's own hash (so that the bytes are compared).
    @Test func aMemoTableFindsWordsOfEveryLengthByTheirBytes() {
        var random = CorpusGenerator.Random(state: 1206)
        let table = FormsMemo.Table(slots: 1 << 12, bytes: 1 << 16)
        defer { table.free() }
        var words: [[UInt8]] = []
        for length in 0...40 {
            for _ in 0..<3 { words.append((0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }) }
        }
        /// The word kept for the bytes of `w`, looked up under the hash of `hashOf` (of `w` itself if not given).
        func find(_ w: [UInt8], hashOf: [UInt8]? = nil) -> Vocabulary.ID? {
            let tag = (hashOf ?? w).withUnsafeBufferPointer { b in FormsMemo.writtenHash(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, b.count) }
            return w.withUnsafeBufferPointer { b in
                table.find(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: w.count, tag: tag).map(\.exact)
            }
        }
        for (id, w) in words.enumerated() where find(w) == nil {
            w.withUnsafeBufferPointer { b in
                let p = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
                table.keep(p, count: w.count, tag: FormsMemo.writtenHash(p, w.count), FormsMemo.Entry(exact: Vocabulary.ID(id)))
            }
        }
        var changed = 0
        for (id, w) in words.enumerated() {
            let kept = find(w).map { words[Int($0)] }
            #expect(kept == w, "length \(w.count)")
            if w.count > 0, find(Array(w.dropLast())) == Vocabulary.ID(id) { Issue.record("found one byte short, length \(w.count)") }
            for k in w.indices {
                var other = w
                other[k] ^= 1 << UInt8(random.below(8))
                if let found = find(other) { #expect(words[Int(found)] == other, "length \(w.count), byte \(k)") }
                #expect(find(other, hashOf: w) != Vocabulary.ID(id), "length \(w.count), byte \(k)")
                changed += 1
            }
        }
        #expect(words.count == 123)
        #expect(changed > 2_000)
    }

    /// The tokenizer's scan for a word's end makes the word's hash as written from the loads that find the end, the
    /// same as ``FormsMemo/writtenHash(_:_:)`` makes from the word alone (the memo keeps words under the one and
    /// finds them under the other): runs of every length up to 40, at every offset, ended by ASCII or by the text.
    @Test func theScanForAWordsEndMakesItsHash() {
        var random = CorpusGenerator.Random(state: 1208)
        var hashed = 0
        for length in 0...40 {
            for offset in 0..<9 {
                for after in [0, 1, 12] {
                    let run = (0..<length).map { _ in UInt8(0x80 | random.below(0x80)) }
                    let text = [UInt8](repeating: 0x20, count: offset) + run + [UInt8](repeating: 0x2E, count: after)
                    text.withUnsafeBufferPointer { b in
                        let (end, hash) = Tokenizer.hashedNonASCIIRun(b, from: offset)
                        #expect(end == offset + length, "length \(length), offset \(offset), \(after) after")
                        if offset + length + 1 <= b.count - 8 || (after >= 8 && end < b.count) {
                            #expect(hash != 0, "length \(length): the run ends in a load of eight")
                        }
                        if hash != 0 {
                            hashed += 1
                            #expect(hash == FormsMemo.writtenHash(b.baseAddress! + offset, length), "length \(length), offset \(offset)")
                        }
                    }
                }
            }
        }
        #expect(hashed > 400)
    }

    /// Quoted strings are the strings `String(decoding:as:)` makes of their bytes, invalid UTF-8 included, whether
    /// made or shared; a string asked for again is shared, not kept twice; the table starts again when half full.
    @Test func quotedStringsAreTheStringsOfTheirBytes() {
        var random = CorpusGenerator.Random(state: 1207)
        let quoted = QuotedStrings(capacity: 64)
        let title = Array("وزير الخارجية الباكستاني".utf8)
        var words: [[UInt8]] = [title, Array(title.dropLast()), Array(title.dropFirst(2)), [0xD8], [0xFF, 0x41], [0x41], []]
        for _ in 0..<60 {
            let from = random.below(title.count)
            words.append(Array(title[from..<(from + random.below(title.count - from + 1))]))
            words.append((0..<random.below(20)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
        func string(_ w: [UInt8]) -> String { w.withUnsafeBufferPointer { quoted.string($0) } }
        for round in 0..<3 {
            for w in words {
                #expect(Array(string(w).utf8) == Array(String(decoding: w, as: UTF8.self).utf8), "round \(round): \(w)")
                #expect(quoted.keptCount <= 32, "half the slots at most")
            }
        }
        for w in words where !w.isEmpty && String(validating: w, as: UTF8.self) != nil {
            _ = string(w)
            let kept = quoted.keptCount
            _ = string(w)
            #expect(kept > 0 && quoted.keptCount == kept, "asked for again: \(w)")
        }
    }

    /// A thread keeps an article's buffers for the next, emptied with their room, unless a freak article grew them
    /// past ``FormsMemo/keptTokens`` elements: those are let go.
    @Test func aMemoKeepsBuffersOfOrdinaryArticlesOnly() {
        var buffer: [UInt64] = []
        var ordinary = FormsMemo.emptied(&buffer)
        ordinary.append(contentsOf: repeatElement(7, count: 1_000))
        let room = ordinary.capacity
        buffer = FormsMemo.kept(ordinary)
        let next = FormsMemo.emptied(&buffer)
        #expect(next.isEmpty && next.capacity == room && buffer.isEmpty)
        var freak = next
        freak.append(contentsOf: repeatElement(7, count: FormsMemo.keptTokens + 1))
        buffer = FormsMemo.kept(freak)
        #expect(buffer.capacity == 0)
    }

    /// A memo entry is one cache line, and a table's entries start on one: a probe that finds a word reads one line.
    @Test func aMemoEntryIsOneCacheLine() {
        #expect(MemoryLayout<FormsMemo.Entry>.stride == 64)
        let table = FormsMemo.Table(slots: 8, bytes: 64)
        defer { table.free() }
        #expect(Int(bitPattern: table.slots.baseAddress!) % 64 == 0)
    }

    /// The key hash is kept while the key is folded; it must be the hash of the key as a whole.
    @Test func keyHashesAreHashesOfTheKeys() {
        let texts = seedCorpus.articles.flatMap { $0.paragraphs.map(\.text) } + ["و2023 ب15 1,500 ٣٥٫٢ Ünïcode ﻻ مـــصـر الـ400 بالـ400"]
        for text in texts {
            let keys = Tokenizer.keys(in: text)
            let tokens = Tokenizer.tokens(in: text)
            #expect(tokens.count == keys.count)
            for (token, key) in zip(tokens, keys) {
                #expect(token.keyHash == Array(key.utf8).withUnsafeBufferPointer(Token.hash), "\(key)")
            }
        }
    }

    /// A word longer than the key buffer's first size (64 bytes) is folded whole: the run of letters read in a
    /// loop of its own hands over to the growing buffer at its end.
    @Test func aWordLongerThanTheKeyBufferFoldsWhole() {
        for length in [31, 32, 33, 63, 64, 65, 200] {
            let word = String(repeating: "أب", count: length)
            #expect(Tokenizer.keys(in: "\(word) مصر") == [MatchKey.fold(word), "مصر"], "\(length)")
            #expect(Tokenizer.tokens(in: "\(word)،و2023").map(\.range) == [0..<word.utf8.count, word.utf8.count + 2..<word.utf8.count + 4, word.utf8.count + 4..<word.utf8.count + 8])
        }
    }

    /// The common case's fast paths (a word that starts with, or goes on with, a two-byte letter folding to two
    /// bytes) find what the general path finds, scalar by scalar: the same keys, hashes, ranges and numbers, on
    /// random texts of letters that take either path, marks, tatweel, digits, separators and punctuation.
    @Test func theLetterRunsFindWhatTheGeneralPathFinds() {
        let none = UnsafeMutablePointer<UInt16>.allocate(capacity: 0x800)
        none.initialize(repeating: 0, count: 0x800)
        defer { none.deallocate() }
        func scanned(_ text: String, pairs: UnsafePointer<UInt16>) -> [String] {
            var text = text
            var found: [String] = []
            text.withUTF8 { b in
                Tokenizer.scan(b, pairs: pairs) { key, hash, range, isNumber, digits in
                    found.append("\(Array(key)) \(hash) \(range) \(isNumber) \(digits)")
                    return true
                }
            }
            return found
        }
        // Letters that fold to themselves or to another two-byte letter (أ ة ى), to one byte (é, Ä), marks and
        // tatweel inside words, digits of both scripts after one-letter proclitics, separators and punctuation.
        let pieces = [" ", "مصر", "أحمد", "ة", "ى", "ب", "و", "ل", "é", "Äb", "a", "Z", "\u{064B}", "\u{0651}", "ـ", "7", "٣", "1,500", "35.2",
                      "٫", "٬", "،", ".", ",", "-", "\u{00A0}", "\u{200F}", "😀", "ﻻ", "ٱ", "ی", "\u{0670}"]
        var generator = CorpusGenerator.Random(state: 12060009)
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(scanned(text, pairs: ScalarClass.foldedPairs) == scanned(text, pairs: none), "\(text.debugDescription)")
        }
        for text in seedCorpus.articles.flatMap({ $0.paragraphs.map(\.text) }) {
            #expect(scanned(text, pairs: ScalarClass.foldedPairs) == scanned(text, pairs: none))
        }
    }

    /// Counting skips the folding, not a token: the count is the number of tokens, marks, numbers and all.
    @Test func wordCountCountsTheTokens() {
        let texts = seedCorpus.articles.flatMap { $0.paragraphs.map(\.text) }
            + ["و2023 ب15", "1,500 و١٬٥٠٠ 35.2.", "\u{064B}\u{0651} ـــ", "a\u{200B}b \u{200F}", "٣٥٫٢ عام"]
        for text in texts {
            #expect(Tokenizer.wordCount(text) == Tokenizer.tokens(in: text).count, "\(text)")
            #expect(Tokenizer.wordCount(text, limit: 3) == min(3, Tokenizer.tokens(in: text).count))
        }
        // A count with a limit stops early on spaces followed by letters or digits, which each start a token: with
        // spaces doubled, marks, tatweel, punctuation and numbers around them, it must still be the tokens' count.
        let pieces = [" ", "  ", "مصر", "ب", "a", "Z", "7", "٣", "1,500", "35.2", "\u{064B}", "ـ", "،", ".", "-", "\u{00A0}", "و2023", "😀", "ﻻ", "\u{200F}"]
        /// The certain starts counted scalar by scalar: a space, then a word scalar below U+0800 that is not ignorable.
        func certainStarts(_ text: String) -> Int {
            let scalars = Array(text.unicodeScalars)
            return scalars.indices.dropLast().filter { k in
                let v = scalars[k + 1].value
                return scalars[k] == " " && v < 0x800 && ScalarClass.table[Int(v)] & 1 != 0 && ScalarClass.table[Int(v)] & 2 == 0
            }.count
        }
        var generator = CorpusGenerator.Random(state: 12060010)
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let count = Tokenizer.tokens(in: text).count
            for limit in [1, 5, 31] {
                #expect(Tokenizer.wordCount(text, limit: limit) == min(limit, count), "\(text.debugDescription) \(limit)")
                var bytes = text
                let starts = bytes.withUTF8 { Tokenizer.certainStarts($0, upTo: .max) }
                #expect(starts <= count, "\(text.debugDescription)")
                // Read sixteen bytes at a time, or byte by byte at the end, the count is the same.
                #expect(starts == certainStarts(text), "\(text.debugDescription)")
                #expect(bytes.withUTF8 { Tokenizer.certainStarts($0, upTo: limit) } == min(limit, starts))
            }
        }
    }
}

@Suite struct SentenceTests {
    @Test func splitsAtTerminatorsButNotInsideNumbers() {
        let text = "بلغت 35.2 مليون دولار. هل تستمر؟ نعم! «انتهى». آخر"
        let sentences = SentenceSplitter.split(text).map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
        #expect(sentences == ["بلغت 35.2 مليون دولار.", "هل تستمر؟", "نعم!", "«انتهى».", "آخر"])
    }

    /// Text without a sentence's end (a page pasted as one line) is cut into sentences of at most
    /// `maxSentenceBytes`, at spaces, and nothing of it is lost; a word longer than the limit is cut at a scalar.
    /// A quotation keeps who said it: initials (أ.د.) and a list item's number (1.) end no sentence.
    @Test func initialsAndListNumbersEndNoSentence() {
        func sentences(_ text: String) -> [String] {
            SentenceSplitter.split(text).map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
        }
        #expect(sentences("وقال أ.د. محمد علي، أستاذ العلوم السياسية، إن حجم التبادل زاد. ثم انتهى.")
            == ["وقال أ.د. محمد علي، أستاذ العلوم السياسية، إن حجم التبادل زاد.", "ثم انتهى."])
        #expect(sentences("1. قائمة: الأول. الثاني.") == ["1. قائمة: الأول.", "الثاني."])
        // A number that ends a sentence still ends it.
        #expect(sentences("بلغ العدد 12. ثم انتهى.") == ["بلغ العدد 12.", "ثم انتهى."])
    }

    @Test func aRunOnLineIsCutIntoBoundedSentences() {
        let words = seedCorpus.articles.flatMap { $0.paragraphs.flatMap { $0.text.split(separator: " ") } }
        let text = (0..<6000).map { String(words[$0 % words.count]).filter { !".!?؟…".contains($0) } }.joined(separator: " ")
        let bytes = Array(text.utf8)
        let sentences = SentenceSplitter.split(text)
        #expect(sentences.count > 5)
        #expect(sentences.allSatisfy { $0.count <= SentenceSplitter.maxSentenceBytes && $0.count > SentenceSplitter.maxSentenceBytes / 2 || $0 == sentences.last })
        #expect(sentences.dropLast().allSatisfy { bytes[$0.upperBound] == 0x20 })
        #expect(sentences.map { String(decoding: bytes[$0], as: UTF8.self) }.joined(separator: " ") == text)
        let word = String(repeating: "م", count: 5000)
        let cut = SentenceSplitter.split(word)
        #expect(cut.map(\.count) == [4096, 4096, 1808])
        #expect(cut.map { String(decoding: Array(word.utf8)[$0], as: UTF8.self) }.joined() == word)
    }

    /// The splitter skips bytes that cannot end a sentence without decoding them; it must find the sentences that
    /// reading scalar by scalar finds, also next to scalars that share a byte with ؟ (D8 9F) or … (E2 80 A6).
    @Test func skippingBytesFindsWhatReadingScalarsFinds() {
        let texts = seedCorpus.articles.flatMap { $0.paragraphs.map(\.text) } + [
            "هل تستمر؟ نعم", "؟؟ ماذا؟", "انتهى… ثم", "قال: ”نعم.“ ثم", "قال “نعم.” ثم», لا", "(انتهى). ثم", "قال 'نعم.' ثم",
            "سطر\r\nسطر\rسطر\n", "د. أحمد قال. نعم", "ٟ. ڟ? ۟! ؟", "ذٟ؟ ٟ", "\u{2028}نعم.\u{2003}لا", "a.b. c! d?", "1.5. 2", ".", "؟", "…", "",
            "  نعم .  ", "\u{00A0}نعم؟\u{00A0}", "وقال أ.د. محمد علي إن. نعم", "1. قائمة: أولًا. ثانيًا", "نص.\n12. بند", "1234. لا",
        ]
        // Bytes are skipped sixteen at a time: each stop, and each scalar sharing a byte with one, at every place of
        // a block and across blocks.
        let stops = [".", "!", "?", "؟", "…", "\n", "\r", "ٟ", "–", "x.y"]
        let placed = stops.flatMap { stop in
            (0..<40).map { pad in String(repeating: "x", count: pad) + stop + " نعم" + String(repeating: "م", count: pad % 7) + stop }
        }
        for text in texts + placed {
            #expect(SentenceSplitter.split(text) == referenceSplit(text), "\(text)")
        }
    }

    /// The splitter's rules, read scalar by scalar with Swift's own decoding.
    private func referenceSplit(_ text: String) -> [Range<Int>] {
        var scalars: [(value: UInt32, offset: Int)] = []
        var offset = 0
        for s in text.unicodeScalars {
            scalars.append((s.value, offset))
            offset += UTF8.width(s)
        }
        let end = offset
        func at(_ k: Int) -> UInt32? { k >= 0 && k < scalars.count ? scalars[k].value : nil }
        func byte(_ k: Int) -> Int { k < scalars.count ? scalars[k].offset : end }
        let terminators: Set<UInt32> = [0x2E, 0x21, 0x3F, 0x061F, 0x2026]
        let closers: Set<UInt32> = [0xBB, 0x201D, 0x2019, 0x22, 0x27, 0x29, 0x5D, 0x203A]
        func isSpace(_ v: UInt32?) -> Bool { v.map(SentenceSplitter.isSpace) ?? false }
        func isLetter(_ v: UInt32?) -> Bool { v.map { ScalarClass.isArabicLetter($0) || ScalarClass.isLatinLetter($0) } ?? false }
        func isDigit(_ v: UInt32?) -> Bool { v.flatMap(ScalarClass.digitValue) != nil }
        var result: [Range<Int>] = []
        func emit(_ a0: Int, _ b0: Int) {
            var a = a0
            var b = b0
            while a < b, isSpace(at(a)) { a += 1 }
            while b > a, isSpace(at(b - 1)) { b -= 1 }
            if a < b { result.append(byte(a)..<byte(b)) }
        }
        var start = 0
        var k = 0
        while k < scalars.count {
            let v = scalars[k].value
            if v == 0x0A || v == 0x0D {
                emit(start, k)
                start = k + 1
                k += 1
                continue
            }
            if terminators.contains(v) {
                let betweenDigits = isDigit(at(k - 1)) && isDigit(at(k + 1))
                let afterLoneLetter = isLetter(at(k - 1)) && (k < 2 || isSpace(at(k - 2)) || at(k - 2) == 0x2E)
                var d = k
                while d > 0, isDigit(at(d - 1)), k - d < 3 { d -= 1 }
                let listNumber = d < k && !isDigit(at(d - 1)) && (d == 0 || at(d - 1) == 0x0A || at(d - 1) == 0x0D)
                if v == 0x2E, betweenDigits || afterLoneLetter || listNumber {
                    k += 1
                    continue
                }
                var j = k + 1
                while j < scalars.count, terminators.contains(scalars[j].value) || closers.contains(scalars[j].value) { j += 1 }
                if j == scalars.count || isSpace(at(j)) {
                    emit(start, j)
                    start = j
                }
                k = j
                continue
            }
            k += 1
        }
        emit(start, scalars.count)
        return result
    }
}

@Suite struct DateExpressionTests {
    func dates(_ text: String) -> [DateExpression.Value] {
        DateExpressions.find(in: text).map(\.value)
    }

    @Test func monthFamilies() {
        #expect(dates("في 24 نوفمبر 2025") == [.date(PartialDate(year: 2025, month: 11, day: 24)!)])
        #expect(dates("في 3 تشرين الثاني 2025") == [.date(PartialDate(year: 2025, month: 11, day: 3)!)])
        #expect(dates("في كانون الثاني 2024") == [.date(PartialDate(year: 2024, month: 1)!)])
        #expect(dates("في شتنبر 2023") == [.date(PartialDate(year: 2023, month: 9)!)])
        #expect(dates("في جويلية 2022") == [.date(PartialDate(year: 2022, month: 7)!)])
        #expect(dates("في آب 2020") == [.date(PartialDate(year: 2020, month: 8)!)])
    }

    @Test func orderAndDigitsVary() {
        #expect(dates("نوفمبر 24, 2025") == [.date(PartialDate(year: 2025, month: 11, day: 24)!)])
        #expect(dates("٢٤ نوفمبر ٢٠٢٥") == [.date(PartialDate(year: 2025, month: 11, day: 24)!)])
    }

    @Test func doubledAndRelativeMonths() {
        #expect(dates("وفي يوليو (تموز) الماضي، أجرى") == [.relativeMonth(month: 7, offset: -1)])
        #expect(dates("في مارس المقبل") == [.relativeMonth(month: 3, offset: 1)])
    }

    @Test func spansYearsAndWeekdays() {
        #expect(dates("خلال الفترة من 1 إلى 4 ديسمبر 2025") == [.span(PartialDate(year: 2025, month: 12, day: 1)!, PartialDate(year: 2025, month: 12, day: 4)!)])
        #expect(dates("خلال عاميْ 2022 و2023") == [.date(PartialDate(year: 2022)!), .date(PartialDate(year: 2023)!)])
        #expect(dates("التقى السيسي، السبت، و والجمعة") == [.weekday(6), .weekday(5)])
    }

    @Test func aMonthNameAloneIsNotADate() {
        // مارس is also a verb ("practised"); آب folds to اب ("father").
        #expect(dates("مارس الضغط على الأب") == [])
    }

    @Test func impossibleDatesAreNotDates() {
        // No 30 February: the text is taken for what it surely says, a month of a year.
        #expect(dates("30 فبراير 2025") == [.date(PartialDate(year: 2025, month: 2)!)])
        #expect(PartialDate(year: 2025, month: 2, day: 29) == nil)
        #expect(PartialDate(year: 2024, month: 2, day: 29) != nil)
        #expect(PartialDate(iso: "2025-13") == nil)
    }

    @Test func isoDatesAreReadAsTheirCharactersSay() {
        // `PartialDate(iso:)` reads bytes; what it accepts is what splitting the text on "-" into ASCII digit
        // Characters gives (4, then 2 and 2), and no more.
        func reference(_ iso: String) -> PartialDate? {
            let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
                parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
            else { return nil }
            let nums = parts.map { Int($0)! }
            return PartialDate(year: nums[0], month: nums.count > 1 ? nums[1] : nil, day: nums.count > 2 ? nums[2] : nil)
        }
        var texts = ["2025", "2025-11", "2025-11-24", "2024-02-29", "2025-02-29", "0000", "9999-12-31", "2025-1-05", "2025-11-",
                     "-2025", "2025--11", "202a", "٢٠٢٥-١١-٢٤", "2025-11-24\u{301}", "2025\u{301}-11", " 2025", "2025-11-24 ", "2025/11/24",
                     "20251124", "2025-11-24-01", "", "2025-00", "2025-13-01", "1999-04-31", "+202", "2025-1١"]
        let pieces = ["2", "0", "9", "1", "-", "٢", "a", " ", "\u{301}", "/"]
        var generator = CorpusGenerator.Random(state: 12060011)
        for _ in 0..<3000 {
            texts.append((0..<Int.random(in: 0...11, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
            // Dates of every shape, some with one character replaced.
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            let full = String(String(Int.random(in: 10000...19999, using: &generator)).dropFirst()) + "-"
                + two(Int.random(in: 0...13, using: &generator)) + "-" + two(Int.random(in: 0...32, using: &generator))
            var date = Array(String(full.prefix([4, 7, 10].randomElement(using: &generator)!)))
            if Bool.random(using: &generator) { date[Int.random(in: 0..<date.count, using: &generator)] = Character(pieces.randomElement(using: &generator)!) }
            texts.append(String(date))
        }
        var valid = 0
        for text in texts {
            #expect(PartialDate(iso: text) == reference(text), "\(text.debugDescription)")
            if reference(text) != nil { valid += 1 }
        }
        #expect(valid > 1000)  // the comparison covered many dates, not only refusals
    }

    @Test func relativeExpressionsResolveAgainstTheArticleDate() {
        let articleDate = PartialDate(year: 2025, month: 11, day: 24)!  // a Monday
        let text = "السبت، وفي يوليو الماضي، وأمس، ويوم 11 فبراير"
        let resolved = DateExpressions.find(in: text).map { DateMention.resolve($0, sentence: 0, articleDate: articleDate).date }
        #expect(resolved == [PartialDate(year: 2025, month: 11, day: 22), PartialDate(year: 2025, month: 7), PartialDate(year: 2025, month: 11, day: 23), PartialDate(year: 2025, month: 2, day: 11)])
        let unresolved = DateExpressions.find(in: "يوليو الماضي").map { DateMention.resolve($0, sentence: 0, articleDate: nil) }
        #expect(unresolved.map(\.basis) == [.unresolved])
        #expect(unresolved.map(\.date) == [nil])
    }

    /// Days of a month without a year keep their first day, and take their year as a day alone does; `بين` and `و`
    /// join two days only after `بين`.
    @Test func spansOfDaysWithoutAYear() {
        func found(_ text: String) -> [DateExpression.Value] { DateExpressions.find(in: text).map(\.value) }
        #expect(found("عقد المؤتمر في الفترة من 28 إلى 30 ديسمبر بالقاهرة") == [.monthDaySpan(month: 12, first: 28, last: 30)])
        #expect(found("يعقد المعرض بين 1 و4 ديسمبر") == [.monthDaySpan(month: 12, first: 1, last: 4)])
        #expect(found("من 1 حتى 4 ديسمبر") == [.monthDaySpan(month: 12, first: 1, last: 4)])
        #expect(found("بين 1 و4 ديسمبر 2025") == [.span(PartialDate(year: 2025, month: 12, day: 1)!, PartialDate(year: 2025, month: 12, day: 4)!)])
        // Not a span: days the wrong way round, or a count between (و without بين is a list).
        #expect(found("من 30 إلى 28 ديسمبر") == [.monthDay(month: 12, day: 28)])
        #expect(found("قتل بين 5 و 6 أشخاص في 4 ديسمبر") == [.monthDay(month: 12, day: 4)])
        #expect(found("في 3 و4 ديسمبر") == [.monthDay(month: 12, day: 4)])
        // Across the new year, as 28 December alone is: an article of 5 January 2026 means December 2025.
        let mention = DateExpressions.find(in: "من 28 إلى 30 ديسمبر").map {
            DateMention.resolve($0, sentence: 0, articleDate: PartialDate(year: 2026, month: 1, day: 5))
        }
        #expect(mention.map(\.date) == [PartialDate(year: 2025, month: 12, day: 28)])
        #expect(mention.map(\.end) == [PartialDate(year: 2025, month: 12, day: 30)])
        #expect(mention.map(\.basis) == [.articleYear])
        // One year for both days, by whichever is the nearer: 31 December is 51 days before 20 February, its first day
        // 67.
        let late = DateExpressions.find(in: "انعقدت الدورة من 15 إلى 31 ديسمبر").map {
            DateMention.resolve($0, sentence: 0, articleDate: PartialDate(year: 2026, month: 2, day: 20))
        }
        #expect(late.map(\.date) == [PartialDate(year: 2025, month: 12, day: 15)] && late.map(\.end) == [PartialDate(year: 2025, month: 12, day: 31)])
        // The connector with و before it.
        #expect(found("من 28 وحتى 30 ديسمبر") == [.monthDaySpan(month: 12, first: 28, last: 30)])
        #expect(found("من 28 ولغاية 30 ديسمبر") == [.monthDaySpan(month: 12, first: 28, last: 30)])
        // Without the article's year, unresolved.
        #expect(DateExpressions.find(in: "من 28 إلى 30 ديسمبر").map { DateMention.resolve($0, sentence: 0, articleDate: nil).date } == [nil])
    }

    /// A year named by where it stands from the article's: last, this, next, in both genders and after a clitic; not
    /// العام as an adjective.
    @Test func yearsPlacedFromTheArticle() {
        func found(_ text: String) -> [DateExpression.Value] { DateExpressions.find(in: text).map(\.value) }
        #expect(found("ارتفعت الصادرات العام الماضي") == [.relativeYear(offset: -1)])
        #expect(found("في السنة الماضية") == [.relativeYear(offset: -1)])
        #expect(found("خلال العام الجاري") == [.relativeYear(offset: 0)])
        #expect(found("بحلول السنة المقبلة") == [.relativeYear(offset: 1)])
        #expect(found("مقارنة بالعام الماضي") == [.relativeYear(offset: -1)])
        #expect(found("صرح الأمين العام للأمم المتحدة") == [])
        // العام as a noun's adjective: the former secretary-general, the next general conference.
        #expect(found("قال الأمين العام الماضي للجامعة") == [])
        #expect(found("على المؤتمر العام المقبل للغرفة") == [])
        #expect(found("قال القائد العام الحالي للقوات") == [])
        #expect(found("قال إن هذا عام صعب") == [])
        #expect(found("بلغت هذا العام") == [.relativeYear(offset: 0)])
        #expect(found("في هذه السنة") == [.relativeYear(offset: 0)])
        // The year written out after it is the year.
        #expect(found("في العام الماضي 2023") == [.date(PartialDate(year: 2023)!)])
        // A month of the article's year, and a day of the month before or after it.
        #expect(found("في نوفمبر الجاري") == [.relativeMonth(month: 11, offset: 0)])
        #expect(found("يوم 28 ديسمبر الماضي") == [.relativeMonthDay(month: 12, day: 28, offset: -1)])
        func date(_ text: String, _ article: PartialDate?) -> PartialDate? {
            DateExpressions.find(in: text).first.flatMap { DateMention.resolve($0, sentence: 0, articleDate: article).date }
        }
        #expect(date("يوم 28 ديسمبر الماضي", PartialDate(year: 2025, month: 1, day: 5)) == PartialDate(year: 2024, month: 12, day: 28))
        #expect(date("يوم 20 نوفمبر الماضي", PartialDate(year: 2025, month: 11, day: 20)) == PartialDate(year: 2024, month: 11, day: 20))
        #expect(date("يوم 5 يناير المقبل", PartialDate(year: 2025, month: 12, day: 28)) == PartialDate(year: 2026, month: 1, day: 5))
        // As the month alone: نوفمبر المقبل in November is the next year's, نوفمبر الماضي the last year's.
        #expect(date("يوم 25 نوفمبر المقبل", PartialDate(year: 2025, month: 11, day: 20)) == PartialDate(year: 2026, month: 11, day: 25))
        #expect(date("يوم 5 نوفمبر الماضي", PartialDate(year: 2025, month: 11, day: 20)) == date("نوفمبر الماضي", PartialDate(year: 2025, month: 11, day: 20)).map {
            PartialDate(year: $0.year, month: 11, day: 5)! })
        // A span of days with الماضي is the month's.
        #expect(found("من 1 إلى 4 ديسمبر الماضي") == [.relativeMonth(month: 12, offset: -1)])
        #expect(date("يوم 28 ديسمبر الماضي", nil) == nil)
        // A day or a month of a year placed from the article's.
        #expect(found("في 28 ديسمبر من العام الماضي") == [.inRelativeYear(month: 12, day: 28, offset: -1)])
        #expect(found("في مارس من هذا العام") == [.inRelativeYear(month: 3, day: nil, offset: 0)])
        #expect(date("في 28 ديسمبر من العام الماضي", PartialDate(year: 2025, month: 11, day: 20)) == PartialDate(year: 2024, month: 12, day: 28))
        #expect(date("في مارس من هذا العام", PartialDate(year: 2025, month: 11, day: 20)) == PartialDate(year: 2025, month: 3))
        // The year named first, then its day or month (في): one date, as the other order is.
        #expect(found("ارتفعت الصادرات العام الماضي في 3 مارس") == [.inRelativeYear(month: 3, day: 3, offset: -1)])
        #expect(found("وقع الجانبان هذا العام في مارس اتفاقا") == [.inRelativeYear(month: 3, day: nil, offset: 0)])
        #expect(date("العام الماضي في 3 مارس", PartialDate(year: 2025, month: 11, day: 20)) == PartialDate(year: 2024, month: 3, day: 3))
        // Not a day of it: a count after في, or a day whose year is written.
        #expect(found("زاد حجم التجارة العام الماضي في 3 قطاعات") == [.relativeYear(offset: -1)])
        // A comma between: another clause, and a day of its own.
        #expect(found("نما الاقتصاد العام الماضي، في 3 مارس أعلن الوزير خطة") == [.relativeYear(offset: -1), .monthDay(month: 3, day: 3)])
        #expect(found("العام الماضي في 3 مارس 2023") == [.relativeYear(offset: -1), .date(PartialDate(year: 2023, month: 3, day: 3)!)])
        let article = PartialDate(year: 2025, month: 11, day: 20)
        let last = DateExpressions.find(in: "العام الماضي").map { DateMention.resolve($0, sentence: 0, articleDate: article) }
        #expect(last.map(\.date) == [PartialDate(year: 2024)] && last.map(\.basis) == [.relative])
    }

    /// A day and month without a year falls in the article's year, unless the year before or after puts it within
    /// two months of the article: the days around a new year go to the year across it.
    @Test func aDayAndMonthTakeTheNearerYearAcrossANewYear() {
        func resolved(_ text: String, _ article: PartialDate?) -> PartialDate? {
            DateExpressions.find(in: text).first.flatMap { DateMention.resolve($0, sentence: 0, articleDate: article).date }
        }
        let january = PartialDate(year: 2025, month: 1, day: 5)!
        let december = PartialDate(year: 2025, month: 12, day: 28)!
        let november = PartialDate(year: 2025, month: 11, day: 20)!
        #expect(resolved("يوم 28 ديسمبر", january) == PartialDate(year: 2024, month: 12, day: 28))
        #expect(resolved("يوم 5 يناير", december) == PartialDate(year: 2026, month: 1, day: 5))
        // Within the window: the article's year, before it or after.
        #expect(resolved("يوم 11 فبراير", november) == PartialDate(year: 2025, month: 2, day: 11))
        #expect(resolved("يوم 15 ديسمبر", november) == PartialDate(year: 2025, month: 12, day: 15))
        #expect(resolved("يوم 10 مارس", january) == PartialDate(year: 2025, month: 3, day: 10))
        // The edges: 19 January 2026 is 60 days after 20 November 2025, 20 January 61.
        #expect(resolved("يوم 19 يناير", november) == PartialDate(year: 2026, month: 1, day: 19))
        #expect(resolved("يوم 20 يناير", november) == PartialDate(year: 2025, month: 1, day: 20))
        #expect(resolved("يوم 2 نوفمبر", january) == PartialDate(year: 2025, month: 11, day: 2))
        #expect(resolved("يوم 6 نوفمبر", january) == PartialDate(year: 2024, month: 11, day: 6))
        // 29 February: a year that has none is not taken.
        #expect(resolved("يوم 29 فبراير", PartialDate(year: 2023, month: 12, day: 31)!) == PartialDate(year: 2024, month: 2, day: 29))
        #expect(resolved("يوم 29 فبراير", PartialDate(year: 2025, month: 1, day: 10)!) == nil)
        // An article dated to its month or year: its year.
        #expect(resolved("يوم 28 ديسمبر", PartialDate(year: 2025, month: 1)) == PartialDate(year: 2025, month: 12, day: 28))
    }

    @Test func isoWeeks() {
        let week = ISOWeek(containing: PartialDate(year: 2025, month: 11, day: 24)!)!
        #expect(week.description == "2025-W48")
        #expect(week.monday == PartialDate(year: 2025, month: 11, day: 24)!)
        #expect(week.sunday == PartialDate(year: 2025, month: 11, day: 30)!)
        #expect(ISOWeek(containing: PartialDate(year: 2021, month: 1, day: 3)!)?.description == "2020-W53")
        #expect(ISOWeek(parsing: "2025-W48") == week)
        #expect(ISOWeek(parsing: "2025-W54") == nil)
        #expect(ISOWeek(parsing: "W48") == nil)
        #expect(week.previous?.description == "2025-W47")
        // The calendar starts on Monday 1 January 1: its first week has none before it.
        #expect(ISOWeek(year: 1, week: 2)?.previous?.description == "0001-W01")
        #expect(ISOWeek(year: 1, week: 1)?.previous == nil)
    }
}

@Suite struct VocabularyTests {
    func forms(_ word: String, _ known: [String]) -> [String] {
        var v = Vocabulary()
        for k in known { v.add(k) }
        let token = Tokenizer.tokens(in: word, vocabulary: v)[0]
        return token.forms.map { v.word($0) }
    }

    @Test func cliticsAreStrippedOnlyToReachAKnownWord() {
        #expect(forms("باكستان", ["باكستان", "اكستان"]) == ["باكستان"])
        #expect(forms("وباكستان", ["باكستان"]) == ["باكستان"])
        #expect(forms("والقاهرة", ["القاهرة"]) == ["القاهره"])
        #expect(forms("للتصنيع", ["التصنيع"]) == ["التصنيع"])
        #expect(forms("بالصادرات", ["الصادرات", "صادرات"]) == ["الصادرات", "صادرات"])
        #expect(forms("فلسطين", ["فلسطين", "لسطين"]) == ["فلسطين"])
        #expect(forms("الصادرات", ["الصادرات", "صادرات"]) == ["الصادرات", "صادرات"])
        #expect(forms("مصر", []) == [])
    }

    /// The forms of a word, in their documented order, against the same rules read on scalars: the word; else the
    /// word without و/ف, without ب/ك/ل (لل read as ل + ال), then each of those without ال; at most four, each once.
    @Test func formsComeInTheirOrder() {
        func reference(_ word: [Unicode.Scalar], _ v: Vocabulary) -> [Vocabulary.ID] {
            func id(_ s: ArraySlice<Unicode.Scalar>) -> Vocabulary.ID? {
                let id = v.id(String(String.UnicodeScalarView(s)))
                return id == Vocabulary.none ? nil : id
            }
            func starts(_ s: ArraySlice<Unicode.Scalar>, _ prefix: String) -> Bool { s.starts(with: prefix.unicodeScalars) }
            func indefinite(_ s: ArraySlice<Unicode.Scalar>) -> Vocabulary.ID? { starts(s, "ال") && s.count > 4 ? id(s.dropFirst(2)) : nil }
            var found: [Vocabulary.ID] = []
            let all = word[...]
            if let w = id(all) { return [w] + (indefinite(all).map { [$0] } ?? []) }
            var forms: [ArraySlice<Unicode.Scalar>] = []
            let conjunction = all.count > 3 && (starts(all, "و") || starts(all, "ف"))
            for stem in 0..<(conjunction ? 2 : 1) {
                let s = stem == 0 ? all : all.dropFirst()
                if stem == 1 { forms.append(s) }
                guard s.count > 3, starts(s, "ب") || starts(s, "ك") || starts(s, "ل") else { continue }
                forms.append(s.dropFirst())
                if starts(s, "لل") { forms.append(Array("ا".unicodeScalars + s.dropFirst())[...]) }
            }
            for f in forms where f.count >= 2 { if let i = id(f) { found.append(i) } }
            if let i = indefinite(all) { found.append(i) }
            for f in forms { if let i = indefinite(f) { found.append(i) } }
            var unique: [Vocabulary.ID] = []
            for i in found where !unique.contains(i) && unique.count < 4 { unique.append(i) }
            return unique
        }
        let prefixes = ["", "و", "ف", "ب", "ك", "ل", "ال", "لل", "وب", "فل", "وال", "بال", "ولل", "كال"]
        let stems = ["صادرات", "تصنيع", "قاهره", "باكستان", "لقاء", "مصر", "ال", "بلد", "كتاب"]
        var generator = CorpusGenerator.Random(state: 12060012)
        for _ in 0..<400 {
            var v = Vocabulary()
            // Some of the words' forms known, some not.
            for p in prefixes.prefix(8) { for stem in stems where Bool.random(using: &generator) { v.add(p + stem) } }
            for _ in 0..<20 {
                let word = prefixes.randomElement(using: &generator)! + stems.randomElement(using: &generator)!
                var key = word
                var scratch: [UInt8] = []
                var exact = Vocabulary.ID(0)
                let forms = key.withUTF8 { v.forms($0, 0, $0.count, scratch: &scratch, exact: &exact) }
                #expect(Array(forms) == reference(Array(word.unicodeScalars), v), "\(word)")
                // The word's own number comes with its forms.
                #expect(exact == v.id(word))
            }
        }
    }

    @Test func lookupsAreByBytesAfterFolding() {
        var v = Vocabulary()
        let id = v.add("الإرهاب")
        #expect(v.id("الارهاب") == id)
        #expect(v.id("الإرْهاب") == id)
        #expect(v.add("الارهاب") == id)
        #expect(v.id("ارهاب") == Vocabulary.none)
        for i in 0..<5000 { v.add("كلمة\(i)") }
        #expect(v.id("كلمة4999") != Vocabulary.none)
        #expect(v.id("الإرهاب") == id)
    }

    /// A word's letters are counted eight bytes at a time: as many as its bytes that do not continue a scalar
    /// (10xxxxxx), over every range of random texts of one- to four-byte scalars.
    @Test func lettersAreTheBytesThatStartAScalar() {
        let pieces = ["a", "7", " ", "é", "م", "ص", "ر", "ـ", "\u{064E}", "€", "«", "😀", "ی", "\u{200F}"]
        var generator = CorpusGenerator.Random(state: 12060013)
        var ranges = 0
        var wrong = 0
        for _ in 0..<100 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { b in
                for start in 0...b.count {
                    for end in start...b.count {
                        ranges += 1
                        if Vocabulary.letters(b, start, end) != b[start..<end].filter({ $0 & 0xC0 != 0x80 }).count { wrong += 1 }
                    }
                }
            }
        }
        #expect(wrong == 0, "\(wrong) of \(ranges) ranges")
        #expect(ranges > 10_000)
    }
}

@Suite struct ByteOrderTests {
    @Test func precedesInBytesIsTheOrderOfUTF8Bytes() {
        let names = ["", "a", "ab", "b", "B", "gen-0000010", "gen-0000009", "مصر", "مصر-2", "é", "e\u{301}", "z", "~"]
        for a in names {
            for b in names {
                #expect(a.precedesInBytes(b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) \(b)")
            }
        }
    }

    @Test func listingsAreSortedInTheOrderOfUTF8Bytes() {
        // Names of 16 bytes and longer ones that share those, or differ only past them; bytes above 0x7F.
        let names = ["", "a", "ab", "b", "B", "gen-0000010", "gen-0000009", "مصر", "مصر-2", "é", "e\u{301}", "z", "~", "a/b.txt", "a.txt",
                     "2025-11-20-ahram", "2025-11-20-ahram.txt", "2025-11-20-ahram-2.txt", "2025-11-20-ahraM.txt", "2025-11-20-ahram\u{FF}.txt",
                     "مصر وباكستان", "مصر وباكستان 2", "مصر وباكستانً"]
        var generator = CorpusGenerator.Random(state: 12060014)
        for _ in 0..<20 {
            let shuffled = (names + names.prefix(4)).shuffled(using: &generator)
            let sorted = CorpusLoader.sortedByBytes(shuffled)
            #expect(sorted == shuffled.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
        #expect(CorpusLoader.sortedByBytes([]) == [])
        // Names in order already (as a kept listing comes) are given back as they are; two the same are sorted.
        let ordered = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(CorpusLoader.sortedByBytes(ordered) == ordered)
        #expect(CorpusLoader.sortedByBytes(["b", "b", "a"]) == ["a", "b", "b"])
    }

    @Test func articleExtensionsAreMatchedInAnyCase() {
        func matches(_ name: String) -> Bool {
            Array(name.utf8).withUnsafeBufferPointer { CorpusLoader.hasArticleExtension($0) }
        }
        for name in ["a.txt", "a.TXT", "b.Md", "c.d.md", "خبر.txt", ".txt"] { #expect(matches(name), "\(name)") }
        for name in ["a.txt~", "a", "a.text", "md", "a.mdx", "a.tx", "a.txt.bak", "a.ⓣxt", "a."] { #expect(!matches(name), "\(name)") }
    }
}
