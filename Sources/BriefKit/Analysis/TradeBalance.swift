/// A money figure in a trade role, with the article and sentence that state it.
public struct TradeFigureRef: Hashable, Sendable {
    public var article: String
    public var sentence: Int
    public var value: Amount
    public var kind: TradeRole.Kind
    public var periodBasis: TradeRole.PeriodBasis?
    /// How the text qualifies the figure (نحو، أكثر من).
    public var qualifier = MoneyFigure.Qualifier.exact
}

/// The trade between two countries in one period and currency: both flows, the stated totals, the computed balance
/// and whether the parts add up to what the sources say.
public struct TradeBalance: Hashable, Sendable {
    /// ISO codes, `first < second`.
    public var first: String
    public var second: String
    public var period: PartialDate?
    public var currency: String
    /// Goods from `first` to `second` (its exports, or the other side's imports from it).
    public var firstToSecond: [TradeFigureRef]
    public var secondToFirst: [TradeFigureRef]
    /// Stated volumes of trade both ways.
    public var totals: [TradeFigureRef]

    /// `first`'s exports to `second` minus its imports from `second`; `nil` unless both flows are known, each by
    /// figures that agree (of two sources that disagree on a flow, neither is taken for it), and neither only as a
    /// bound (more than X less about Y says nothing of the difference's size).
    public var balance: Amount? {
        guard !flowsConflict, !flowIsBound, let out = outbound?.value, let back = inbound?.value else { return nil }
        return out - back
    }

    /// The figure each flow stands at: the first that states an amount (exactly or as an estimate), else the first
    /// bound. A bound that agrees with an amount (more than 400 beside 450) adds nothing to it.
    public var outbound: TradeFigureRef? { Self.representative(firstToSecond) }
    public var inbound: TradeFigureRef? { Self.representative(secondToFirst) }

    static func representative(_ refs: [TradeFigureRef]) -> TradeFigureRef? {
        refs.first { !$0.qualifier.isBound } ?? refs.first
    }

    /// Whether the balance rests on an estimate (نحو 113 مليون دولار): it is then an estimate too.
    public var balanceIsApproximate: Bool {
        [outbound, inbound].contains { $0?.qualifier == .about }
    }

    /// How the balance and the parts' sum are said: about, where they rest on an estimate.
    public var balanceQualifier: MoneyFigure.Qualifier { balanceIsApproximate ? .about : .exact }

    /// Whether a flow is known only as a bound (أكثر من 500 مليون دولار): no balance, nor sum, is made of it.
    public var flowIsBound: Bool {
        [outbound, inbound].contains { $0?.qualifier.isBound ?? false }
    }

    /// Sources disagree on a flow: the balance is not computed.
    public var flowsConflict: Bool {
        [firstToSecond, secondToFirst].contains(where: Self.disagree)
    }

    /// Whether figures of one flow or total cannot all be true: two amounts that differ, an amount a bound rules out,
    /// or bounds that leave no amount between them (at least 400 and at most 500 agree).
    static func disagree(_ refs: [TradeFigureRef]) -> Bool {
        let amounts = refs.filter { !$0.qualifier.isBound }
        let bounds = refs.filter { $0.qualifier.isBound }
        if let amount = amounts.first {
            return amounts.contains { $0.value != amount.value } || bounds.contains { !$0.qualifier.admits(amount.value, $0.value) }
        }
        // Bounds alone: the highest lower bound must stay below the lowest upper one (or meet it, where both let it in).
        // (Of two bounds at one value, the strict one binds: more than 400 beside at least 400.)
        let lower = bounds.filter { $0.qualifier == .over || $0.qualifier == .atLeast }
            .max { ($0.value, $0.qualifier == .over ? 1 : 0) < ($1.value, $1.qualifier == .over ? 1 : 0) }
        let upper = bounds.filter { $0.qualifier == .under || $0.qualifier == .atMost }
            .min { ($0.value, $0.qualifier == .under ? 0 : 1) < ($1.value, $1.qualifier == .under ? 0 : 1) }
        guard let lower, let upper else { return false }
        if lower.value == upper.value { return !(lower.qualifier == .atLeast && upper.qualifier == .atMost) }
        return upper.value < lower.value
    }

    /// The two flows added up, where both are known, and neither only as a bound.
    public var computedTotal: Amount? {
        guard !flowIsBound, let out = outbound?.value, let back = inbound?.value else { return nil }
        return out + back
    }

    /// Whether the flows add up to every stated total (to what it states: a total of more than 600 million is met by
    /// a sum of 700); `nil` when there is nothing to compare.
    public var partsMatchTotal: Bool? {
        guard let sum = computedTotal, !totals.isEmpty else { return nil }
        return totals.allSatisfy { $0.qualifier.admits(sum, $0.value) }
    }

    /// Sources disagree on a flow or on the total: the figures are shown side by side, never averaged.
    public var hasConflicts: Bool {
        [firstToSecond, secondToFirst, totals].contains(where: Self.disagree)
    }
}

/// Builds trade balances from the trade figures of many articles.
public enum TradeLedger {
    /// - Complexity: O(n log n) in the number of trade figures.
    public static func balances(_ analyses: [ArticleAnalysis]) -> [TradeBalance] {
        balances(analyses.indices.lazy.flatMap { k in analyses[k].figures.lazy.map { (analyses[k].article.id, $0) } })
    }

    private struct Key: Hashable, Comparable {
        var first: String, second: String, period: String, currency: String
        static func < (a: Key, b: Key) -> Bool {
            (a.first, a.second, a.period, a.currency) < (b.first, b.second, b.period, b.currency)
        }
    }

    /// Whether a figure counts in a balance: a trade flow or total between two named countries, in a currency.
    static func counts(_ figure: MoneyFigure) -> Bool {
        guard let role = figure.trade, role.kind != .investment, let from = role.from, let to = role.to else { return false }
        return from != to && figure.currency != nil
    }

    /// The balances of figures given with their articles' ids, in article order then text order.
    static func balances<S: Sequence>(_ figures: S) -> [TradeBalance] where S.Element == (String, MoneyFigure) {
        var groups: [Key: TradeBalance] = [:]
        for (article, figure) in figures where counts(figure) {
            let role = figure.trade!
            let (from, to, currency) = (role.from!, role.to!, figure.currency!)
            let (first, second) = from < to ? (from, to) : (to, from)
            let key = Key(first: first, second: second, period: role.period?.description ?? "", currency: currency)
            let ref = TradeFigureRef(
                article: article, sentence: figure.sentence, value: figure.value, kind: role.kind, periodBasis: role.periodBasis, qualifier: figure.qualifier)
            // In place: a copy of the balance would copy its lists at every figure.
            let new = TradeBalance(first: first, second: second, period: role.period, currency: currency, firstToSecond: [], secondToFirst: [], totals: [])
            switch role.kind {
            case .total: groups[key, default: new].totals.append(ref)
            case .exports, .imports:
                if from == first { groups[key, default: new].firstToSecond.append(ref) } else { groups[key, default: new].secondToFirst.append(ref) }
            case .investment: break
            }
        }
        return groups.keys.sorted().map { groups[$0]! }
    }
}
