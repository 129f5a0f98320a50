import Testing

@testable import BriefKit

@Suite struct EvaluationTests {
    /// Floors on the labelled set: a change that loses precision or recall fails here, with the cases it broke.
    @Test func precisionAndRecallHoldTheirFloors() throws {
        let cases = try Evaluation.load(projectRoot + "/Tests/BriefKitTests/Evaluation/cases.yaml", root: projectRoot)
        #expect(cases.count >= 20)
        let result = Evaluation(cases: cases, analyzer: analyzer)
        let floors: [(String, Double, Double)] = [
            ("theme:counterterrorism", 0.9, 0.9), ("theme:defense_industry", 0.9, 0.9), ("theme:trade_balance", 0.9, 0.9),
            ("theme:gaza_diplomacy", 0.9, 0.9), ("countries", 0.95, 0.95), ("money", 0.95, 0.95), ("dates", 0.9, 0.9),
            // Weaker extractors, with floors at what they reach today: a meeting told twice counts twice.
            ("people", 0.85, 0.85), ("meetings", 0.6, 0.9),
        ]
        for (name, precision, recall) in floors {
            let score = try #require(result[name], "no score for \(name)")
            #expect(score.precision >= precision, "\(name) precision \(score.precision)\n\(result.errors.joined(separator: "\n"))")
            #expect(score.recall >= recall, "\(name) recall \(score.recall)\n\(result.errors.joined(separator: "\n"))")
        }
    }

    @Test func scoresCountWhatTheyShould() {
        var s = Evaluation.Score()
        s.add(expected: ["EG", "PK"], found: ["EG", "SA"])
        #expect(s.truePositives == 1 && s.falsePositives == 1 && s.falseNegatives == 1)
        #expect(s.precision == 0.5 && s.recall == 0.5)
    }

    @Test func moneyInATradeSentenceWeighsIn() {
        let a = analyze("ارتفعت الصادرات المصرية إلى المغرب لتصل إلى ٧٥٠ مليون دولار خلال عام ٢٠٢٣.")
        let trade = a.themes.first { $0.theme == "trade_balance" }!
        #expect(trade.matched)
        #expect(trade.hits.contains { $0.term == "٧٥٠ مليون دولار" && $0.weight == 6 })
        // Without a trade term, money alone is not trade.
        #expect(!analyze("قدمت الإمارات منحة قدرها 50 مليون دولار.").matchedThemes.contains("trade_balance"))
    }
}
