import EventModel
import Foundation
import XCTest
@testable import Generation

/// Shortcuts of the decays and the strings that must not change a single number: each is
/// compared with the plain computation it replaces, on many random inputs, for exact
/// equality (same draws, same arithmetic). A shortcut that drew in another order, rounded
/// differently or skipped a case would make the records differ.
final class DecayAndStringShortcutTests: XCTestCase {
    /// ``HadronDecays`` writes two-body phase-space decays out in its loop; through
    /// ``PhaseSpace/decay(_:masses:into:scratch:rng:)`` (the general n-body path) every record
    /// must come out identical, bit for bit, recursive decays included.
    func testTwoBodyDecaysMatchThePhaseSpacePath() {
        // π⁰, η, ρ, ω, K*, φ, D, D*, B, Δ⁺⁺, Σ*, Λ_c, τ: two-body channels (γγ, ππ, Kπ,
        // K K, D π, p π, …) beside three-body and weak (V − A) ones.
        let ids = [111, 221, 113, 213, -213, 223, 313, -323, 333, 411, -421, 413, 511, -521, 2224, 3224, 4122, 15, -15, 331]
        var fast = HadronDecays()
        var plain = HadronDecays()
        fast.twoBodyShortcut = true
        plain.twoBodyShortcut = false
        var input = RandomStream(seed: 77, event: 1, stage: .decays)
        var twoBodyVertices = 0, vertices = 0
        for n in 0..<400 {
            var event = GenEvent(eventNumber: n, weights: [1.0])
            for _ in 0..<12 {
                let id = ids[Int(input.uniform01() * Double(ids.count))]
                let m = HadronTable.mass(id)
                // Momenta from rest to ≈ 200 GeV, any direction.
                let p = 200 * input.uniform01() * input.uniform01()
                let dir = PhaseSpace.direction(rng: &input)
                event.addParticle(GenParticle(pdgID: id, status: 1, momentum: FourVector(dir * p, mass: m), generatedMass: m))
            }
            var a = event, b = event
            var rngA = RandomStream(seed: 5, event: UInt64(n), stage: .decays)
            var rngB = rngA
            fast(&a, from: 0, rng: &rngA)
            plain(&b, from: 0, rng: &rngB)
            XCTAssertTrue(a == b, "event \(n): the records differ")
            XCTAssertEqual(rngA.uniform01(), rngB.uniform01(), "the streams moved differently in event \(n)")
            if a != b { return }
            vertices += a.vertices.count
            twoBodyVertices += a.vertices.filter { $0.outgoing.count == 2 }.count
        }
        // The comparison covers both paths: most decays here are two-body, many are not.
        XCTAssertGreaterThan(twoBodyVertices, 3000)
        XCTAssertGreaterThan(vertices - twoBodyVertices, 1000)
    }

    /// ``StringHadronizer/mergeSoftGluons(_:)`` resumes its scan after an absorbed gluon
    /// instead of starting over; the chains must come out as with the full rescan (the
    /// reference below, the loop as it was before the shortcut).
    func testSoftGluonMergeMatchesAFullRescan() {
        let hadronizer = StringHadronizer()
        func reference(_ chain: inout [StringHadronizer.Link]) {
            while chain.count > 2 {
                var bad = -1
                for k in 0..<(chain.count - 1) {
                    let left = k == 0 ? chain[0].momentum : chain[k].momentum * 0.5
                    let last = k + 1 == chain.count - 1
                    let right = last ? chain[k + 1].momentum : chain[k + 1].momentum * 0.5
                    let mL = k == 0 ? StringFlavour.constituentMass(chain[0].flavour) : 0.33
                    let mR = last ? StringFlavour.constituentMass(chain[k + 1].flavour) : 0.33
                    let need = mL + mR + hadronizer.config.minRegionExtraMassGeV
                    if (left + right).m2 < need * need { bad = k; break }
                }
                if bad < 0 { return }
                let lIsGluon = bad > 0, rIsGluon = bad + 1 < chain.count - 1
                let g: Int
                if lIsGluon && rIsGluon { g = chain[bad].momentum.e < chain[bad + 1].momentum.e ? bad : bad + 1 }
                else { g = lIsGluon ? bad : bad + 1 }
                hadronizer.absorb(g, in: &chain)
            }
        }
        var rng = RandomStream(seed: 11, event: 0, stage: .generation)
        var merges = 0
        let firstEnds = [1, 2, 3, 4, -2101], lastEnds = [-1, -2, -3, -5, 2101]
        for n in 0..<3000 {
            // q g … g q̄ with 0–14 gluons, energies spread over three decades (many soft ones).
            let gluons = Int(rng.uniform01() * 15)
            var chain = [StringHadronizer.Link]()
            for k in 0..<(gluons + 2) {
                let e = 0.05 * pow(1000, rng.uniform01())
                let dir = PhaseSpace.direction(rng: &rng)
                let flavour = k == 0 ? firstEnds[n % 5] : (k == gluons + 1 ? lastEnds[n % 5] : 21)
                chain.append(StringHadronizer.Link(flavour: flavour, momentum: FourVector(dir * e, e: e)))
            }
            var expected = chain
            reference(&expected)
            var got = chain
            hadronizer.mergeSoftGluons(&got)
            XCTAssertEqual(got.count, expected.count, "chain \(n)")
            guard got.count == expected.count else { return }
            for k in got.indices {
                XCTAssertEqual(got[k].flavour, expected[k].flavour, "chain \(n), link \(k)")
                XCTAssertEqual(got[k].momentum, expected[k].momentum, "chain \(n), link \(k)")
            }
            merges += chain.count - got.count
        }
        // Many chains lose several gluons, so resumed scans are exercised.
        XCTAssertGreaterThan(merges, 5000)
    }
}
