/// The working arrays of an article's analysis, which its findings do not keep: the sentences' ranges, tokens and
/// marks, the country mentions, where each sentence's findings start, the themes' matches. A thread keeps one from
/// article to article (see `Analyzer`), so that an analysis allocates its findings and not its working arrays.
/// Each of these, made empty for every article, grew by doubling: an allocation, a copy and a free at each size,
/// a tenth of an analysis's instructions in all.
///
/// An array is taken out emptied (``take(_:)``), used as a local, and given back (``give(_:to:)``), emptied again
/// with its room kept, unless a freak article grew it past ``keptElements``.
struct AnalysisScratch {
    var ranges: [Range<Int>] = []
    var paragraphEnds: [Int] = []
    var sentences: [Sentence] = []
    var sentenceTokens: [TokenSlice] = []
    var sentenceMarks: [UInt8] = []
    var mentions: [TradeRoles.Mention] = []
    var mentionBounds: [Int] = []
    var presence: [CountryPresence] = []
    var registered: [Int] = []
    var namedBy: [UInt16] = []
    var firstYears: [StatedYear?] = []
    var dateExpressions: [DateExpression] = []
    var dates: [DateMention] = []
    var people: [PersonMention] = []
    var dateBounds: [Int] = []
    var figureBounds: [Int] = []
    var nextHit: [Int] = []
    var cited: [Bool] = []
    var kindLists = KindLists()
    var themes = ThemeScorer.Scratch()
    var entities = EntityFinder.Scratch()

    /// The kinds of mention a country can have in an article (``CountryPresence/kinds``), in order of first use:
    /// a few lists, made once per thread and shared by every article that names a country in that order, where each
    /// country of each article made one.
    struct KindLists {
        /// By their code: each kind a digit in base 4 (``digit(_:)``), the first most significant.
        private var lists = [[MentionKind]](repeating: [], count: 64)

        /// A kind's digit, from 1.
        @inline(__always)
        static func digit(_ kind: MentionKind) -> UInt16 {
            switch kind {
            case .name: 1
            case .adjective: 2
            case .capital: 3
            }
        }

        /// The list of code `code` (0: none).
        mutating func list(_ code: Int) -> [MentionKind] {
            if code != 0, lists[code].isEmpty {
                var kinds: [MentionKind] = []
                var rest = code
                while rest != 0 {
                    kinds.append(rest % 4 == 1 ? .name : rest % 4 == 2 ? .adjective : .capital)
                    rest /= 4
                }
                lists[code] = kinds.reversed()
            }
            return lists[code]
        }
    }

    /// The most elements whose room an array keeps for the next article (a sentence's worth of findings is a few
    /// dozen; an article of 16,000 sentences is a freak one).
    static let keptElements = 1 << 14

    /// The array in `slot`, emptied with its room kept, leaving `slot` empty until ``give(_:to:)``.
    @inline(__always)
    static func take<T>(_ slot: inout [T]) -> [T] {
        FormsMemo.emptied(&slot)
    }

    /// Puts `array` back in `slot`, emptied, with its room unless it has room for more than ``keptElements``;
    /// `array` is left empty. (Swapped, not assigned: `array` would still share its buffer, and emptying the kept
    /// one would allocate a new one.)
    @inline(__always)
    static func give<T>(_ array: inout [T], to slot: inout [T]) {
        swap(&array, &slot)
        if !slot.isEmpty { slot.removeAll(keepingCapacity: true) }
        slot = FormsMemo.kept(slot, limit: keptElements)
    }
}
