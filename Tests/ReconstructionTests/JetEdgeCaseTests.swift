import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// Inputs at the edges — compared with FastJet 3.5.2 (scripts/fastjet_cluster.py), whose
/// behaviour is the specification: empty and one-particle events, zero-pT inputs (FastJet
/// accepts them: anti-kt gives them the scale 10³⁰⁰ instead of 1/pT²; massless ones along the
/// beam sit at y = ±(10⁵ + |pz|)), and exact duplicates (ΔR = 0, merged first).
final class JetEdgeCaseTests: XCTestCase {

    static func particle(pt: Double, y: Double, phi: Double, mass: Double = 0) -> FourVector {
        ClusterSequenceTests.particle(pt: pt, y: y, phi: phi, mass: mass)
    }

    /// Small hand-made events (N2Plain in FastJet) plus large ones with the same features (tiled).
    static func edgeEvents() -> [[FourVector]] {
        let hard = [particle(pt: 120, y: 0.2, phi: 1), particle(pt: 80, y: -1.5, phi: -2), particle(pt: 15, y: 0.4, phi: 1.2)]
        let zeroPt: [FourVector] = [
            .zero,                                             // the zero vector: y = 10⁵
            .zero,                                             // twice: ΔR = 0 to the first
            FourVector(px: 0, py: 0, pz: 30, e: 30),           // massless along +z: y = 10⁵ + 30
            FourVector(px: 0, py: 0, pz: -30, e: 30),          // along −z
            FourVector(px: 0, py: 0, pz: 0, e: 0.135),         // at rest: y = 0, φ = 0
            FourVector(px: 0, py: 0, pz: 2, e: 2.5),           // massive along +z: finite y
        ]
        let big = JetTestEvents.random(count: 4, seed: 4242).filter { $0.count > 50 }
        var events: [[FourVector]] = [
            [],
            [hard[0]],
            [FourVector.zero],
            zeroPt,
            hard + zeroPt,
            zeroPt + hard,
            hard + [hard[0]],                                  // an exact duplicate
            hard + hard + hard,                                // every particle three times
            [hard[2], hard[2], hard[2], hard[2]],
        ]
        for event in big {
            events.append(event + zeroPt)                       // zero-pT inputs in tiled clustering
            events.append(event + Array(event.prefix(20)))      // duplicates in tiled clustering
        }
        return events
    }

    func testEdgeCasesClusterAsInFastJet() throws {
        let events = Self.edgeEvents()
        for definition in [JetDefinition(.antiKt, radius: 0.4), JetDefinition(.antiKt, radius: 1.0),
                           JetDefinition(.kt, radius: 0.4), JetDefinition(.cambridgeAachen, radius: 0.4)] {
            let tally = try FastJetReference.compare(events, definition, label: "edge cases", test: self)
            print("FastJet comparison, edge cases, \(definition): \(tally)")
        }
    }

    func testEmptyInputGivesNoJets() {
        XCTAssertEqual(cluster([], .antiKt4), [])
    }

    func testOneParticleIsOneJet() {
        let p = Self.particle(pt: 12, y: 3, phi: -1)
        XCTAssertEqual(cluster([p], .antiKt4), [Jet(momentum: p, constituents: [0])])
    }

    func testZeroVectorsMergeWithEachOtherAndNothingElse() {
        // Two zero vectors share y = 10⁵, φ = 0: ΔR = 0, so they merge (d = 0); far from any
        // physical particle, they end as one zero-momentum jet — FastJet does the same.
        let hard = Self.particle(pt: 50, y: 0, phi: 0)
        let jets = cluster([hard, .zero, .zero], .antiKt4)
        XCTAssertEqual(jets.map(\.constituents), [[0], [1, 2]])
        XCTAssertEqual(jets[1].momentum, .zero)
    }

    func testDuplicatedParticleDoublesTheMomentum() {
        let p = Self.particle(pt: 33, y: 1, phi: 2, mass: 4)
        let jets = cluster([p, p], .antiKt4)
        XCTAssertEqual(jets.map(\.constituents), [[0, 1]])
        XCTAssertEqual(jets[0].momentum, p + p)
    }
}
