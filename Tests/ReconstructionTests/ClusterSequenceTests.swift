import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// Hand-built events whose jets follow from the definitions (Cacciari, Salam, Soyez, JHEP 04
/// (2008) 063, arXiv:0802.1189, §2): d_ij = min(pT_i^{2p}, pT_j^{2p}) ΔR²/R², d_iB = pT_i^{2p}.
final class ClusterSequenceTests: XCTestCase {

    /// A massless particle at (pT, y, φ).
    static func particle(pt: Double, y: Double, phi: Double, mass: Double = 0) -> FourVector {
        let mt = (pt * pt + mass * mass).squareRoot()
        return FourVector(px: pt * cos(phi), py: pt * sin(phi), pz: mt * sinh(y), e: mt * cosh(y))
    }

    func testTwoParticlesWithinRMergeIntoOneJet() {
        // ΔR = 0.3 < R = 0.4: d_12 = (1/100²)(0.3/0.4)² < d_iB = 1/100², so they merge.
        let a = Self.particle(pt: 100, y: 0.5, phi: 1.0), b = Self.particle(pt: 50, y: 0.5, phi: 1.3)
        for algorithm in JetDefinition.Algorithm.allCases {
            let jets = cluster([a, b], JetDefinition(algorithm, radius: 0.4))
            XCTAssertEqual(jets.count, 1, "\(algorithm)")
            XCTAssertEqual(jets.first?.constituents, [0, 1])
            XCTAssertEqual(jets.first?.momentum, a + b, "E-scheme: four-momenta add")
        }
    }

    func testTwoParticlesBeyondRStayApart() {
        // ΔR = 0.5 > R = 0.4: d_12 > min(d_1B, d_2B) for every p, so two jets, harder first.
        let a = Self.particle(pt: 30, y: 0, phi: 0), b = Self.particle(pt: 80, y: 0.3, phi: 0.4)
        for algorithm in JetDefinition.Algorithm.allCases {
            let jets = cluster([a, b], JetDefinition(algorithm, radius: 0.4))
            XCTAssertEqual(jets.map(\.constituents), [[1], [0]], "\(algorithm)")
            XCTAssertEqual(jets.map(\.momentum), [b, a])
        }
    }

    func testSoftParticleBetweenTwoHardOnesJoinsTheNearerInAntiKt() {
        // Two hard particles of equal pT at φ = 0 and 0.7 (ΔR = 0.7 > R: separate jets). A soft
        // one between them has d = ΔR²/(pT_hard² R²) to each: it joins the nearer one.
        let hard1 = Self.particle(pt: 100, y: 0, phi: 0), hard2 = Self.particle(pt: 100, y: 0, phi: 0.7)
        let definition = JetDefinition(.antiKt, radius: 0.4)
        let nearFirst = cluster([hard1, hard2, Self.particle(pt: 1, y: 0, phi: 0.3)], definition)
        XCTAssertEqual(nearFirst.map(\.constituents).sorted { $0[0] < $1[0] }, [[0, 2], [1]])
        let nearSecond = cluster([hard1, hard2, Self.particle(pt: 1, y: 0, phi: 0.38)], definition)
        XCTAssertEqual(nearSecond.map(\.constituents).sorted { $0[0] < $1[0] }, [[0], [1, 2]])
        // With unequal pT the harder one wins where both are within R: 0.38²/100² < 0.32²/60²,
        // so the soft particle goes to the farther, harder one — anti-kt jets are circles
        // around the hardest particles, cut where they overlap.
        let softer2 = Self.particle(pt: 60, y: 0, phi: 0.7)
        XCTAssertEqual(cluster([hard1, softer2, Self.particle(pt: 1, y: 0, phi: 0.38)], definition).map(\.constituents),
                       [[0, 2], [1]])
    }

    func testAntiKtJetIsACircleAroundTheHardParticle() {
        // Soft particles up to (but not at) ΔR = R join the hard one; beyond, they do not.
        let hard = Self.particle(pt: 200, y: 1.0, phi: 2.0)
        var inputs = [hard]
        for (k, r) in [0.1, 0.25, 0.39, 0.41, 0.6].enumerated() {
            let angle = Double(k) * 1.3
            inputs.append(Self.particle(pt: 0.5, y: 1.0 + r * cos(angle), phi: 2.0 + r * sin(angle)))
        }
        let jets = cluster(inputs, JetDefinition(.antiKt, radius: 0.4))
        XCTAssertEqual(jets.first?.constituents, [0, 1, 2, 3])
    }

    func testPhiWrapsAroundAtPi() {
        // φ = 3.1 and φ = −3.1 are 2π − 6.2 = 0.083 apart, not 6.2.
        let a = Self.particle(pt: 40, y: -1, phi: 3.1), b = Self.particle(pt: 20, y: -1, phi: -3.1)
        for algorithm in JetDefinition.Algorithm.allCases {
            XCTAssertEqual(cluster([a, b], JetDefinition(algorithm, radius: 0.4)).map(\.constituents), [[0, 1]])
        }
        // Also across φ = 0 in FastJet's [0, 2π) convention: 0.05 and 2π − 0.05.
        let c = Self.particle(pt: 40, y: 2, phi: 0.05), d = Self.particle(pt: 20, y: 2, phi: -0.05)
        XCTAssertEqual(cluster([c, d], .antiKt4).map(\.constituents), [[0, 1]])
    }

    func testKtMergesSoftPairsFirstAndCambridgeTheClosestPairs() {
        // Three particles in a row at φ = 0, 0.3, 0.5 (y = 0), R = 1: a (pT 100), b (pT 1), c (pT 50).
        // kt, R = 0.35: d_ab = 1²·0.3²/R², d_bc = 1²·0.2²/R² < d_bB = 1: b joins c; a and bc are
        // then ≈ 0.49 apart, beyond R. Cambridge/Aachen merges the closest pair (b, c) as well.
        let a = Self.particle(pt: 100, y: 0, phi: 0), b = Self.particle(pt: 1, y: 0, phi: 0.3)
        let c = Self.particle(pt: 50, y: 0, phi: 0.5)
        XCTAssertEqual(cluster([a, b, c], JetDefinition(.kt, radius: 0.35)).map(\.constituents), [[0], [1, 2]])
        XCTAssertEqual(cluster([a, b, c], JetDefinition(.cambridgeAachen, radius: 0.35)).map(\.constituents), [[0], [1, 2]])
        // Anti-kt: d_ab = 0.09/100² = 9·10⁻⁶ < d_bc = 0.04/50² = 1.6·10⁻⁵ (times 1/R²): b joins
        // the harder a although c is nearer.
        XCTAssertEqual(cluster([a, b, c], JetDefinition(.antiKt, radius: 0.35)).map(\.constituents), [[0, 1], [2]])
    }

    func testPtCutKeepsOrderAndDropsSoftJets() {
        let inputs = [Self.particle(pt: 5, y: 0, phi: 0), Self.particle(pt: 50, y: 2, phi: 2), Self.particle(pt: 20, y: -2, phi: -2)]
        let sequence = ClusterSequence(inputs, definition: .antiKt4)
        XCTAssertEqual(sequence.inclusiveJets(ptMin: 10).map(\.constituents), [[1], [2]])
        XCTAssertEqual(sequence.jets.withPt(atLeast: 10).map(\.constituents), [[1], [2]])
        XCTAssertEqual(ClusterSequence(inputs, definition: JetDefinition(.kt, radius: 0.4)).inclusiveJets(ptMin: 10).count, 2)
    }

    /// `cluster(_:_:ptMin:)` builds only the jets above the cut: they must be those of
    /// `inclusiveJets(ptMin:)` — same jets, same order, same constituents — for every algorithm
    /// (kt compares d_iB), with cuts that keep none, some and all of the jets.
    func testClusteringWithAPtCutGivesTheInclusiveJetsAboveIt() {
        for event in JetTestEvents.random(count: 8, seed: 7) {
            for algorithm in JetDefinition.Algorithm.allCases {
                let definition = JetDefinition(algorithm, radius: 0.4)
                let sequence = ClusterSequence(event, definition: definition)
                let pts = sequence.jets.map(\.pt)
                let median = pts.sorted()[pts.count / 2]
                for ptMin in [0, median, (pts.max() ?? 0) + 1] {
                    let expected = sequence.inclusiveJets(ptMin: ptMin)
                    XCTAssertEqual(cluster(event, definition, ptMin: ptMin), expected, "\(algorithm) pT > \(ptMin)")
                }
                XCTAssertFalse(sequence.inclusiveJets(ptMin: median).isEmpty)
            }
        }
    }

    /// Every strategy gives the same jets, bit for bit, on random events (FastJet's strategies
    /// are equally interchangeable; see FastJetComparisonTests for FastJet itself).
    func testAllStrategiesGiveIdenticalJets() {
        for event in JetTestEvents.random(count: 25, seed: 99) {
            for algorithm in JetDefinition.Algorithm.allCases {
                for radius in [0.4, 1.0] {
                    let results = JetDefinition.Strategy.allCases.map {
                        cluster(event, JetDefinition(algorithm, radius: radius, strategy: $0))
                    }
                    for r in results.dropFirst() { XCTAssertEqual(r, results[0], "N = \(event.count), \(algorithm) R = \(radius)") }
                }
            }
        }
    }

    func testStrategyChoiceFollowsFastJetBest() {
        // FastJet 3.5.2 ClusterSequence::_best_strategy (numbers from its fitted boundaries;
        // FastJetComparisonTests checks them against FastJet's strategy_string()).
        let r04 = JetDefinition(.antiKt, radius: 0.4), r10 = JetDefinition(.antiKt, radius: 1.0)
        XCTAssertEqual(r04.strategy(forCount: 39), .plain)   // N ≤ 39/(0.4 + 0.6)
        XCTAssertEqual(r04.strategy(forCount: 40), .tiled)
        XCTAssertEqual(r04.strategy(forCount: 690), .tiled)  // N < 690.04
        XCTAssertEqual(r04.strategy(forCount: 691), .minHeapTiled)
        XCTAssertEqual(r10.strategy(forCount: 30), .plain)
        XCTAssertEqual(r10.strategy(forCount: 31), .tiled)
        XCTAssertEqual(r10.strategy(forCount: 395), .tiled)  // ln N < 5.98317
        XCTAssertEqual(r10.strategy(forCount: 397), .minHeapTiled)
        XCTAssertEqual(JetDefinition(.antiKt, radius: 2.0).strategy(forCount: 74), .plain)
        XCTAssertEqual(JetDefinition(.antiKt, radius: 0.4, strategy: .plain).strategy(forCount: 5000), .plain)
    }

    func testJetClustererCanBeReusedAcrossEventsOfAnySize() {
        let clusterer = JetClusterer()
        for event in JetTestEvents.random(count: 15, seed: 5) + JetTestEvents.random(count: 5, seed: 6).reversed() {
            XCTAssertEqual(clusterer.cluster(event, .antiKt4).jets, cluster(event, .antiKt4))
        }
    }
}
