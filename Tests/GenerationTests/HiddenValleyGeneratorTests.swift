import EventModel
import XCTest
@testable import Generation

/// The hss-ggf generator as a producer of events: reproducibility (DESIGN.md §3), the shape
/// of the record (like Pythia 8's HepMC3, reference/pythia8/README.md and the fixtures in
/// shared/fixtures/hepmc3), exact kinematics, and the card's parameters taking effect.
final class HiddenValleyGeneratorTests: XCTestCase {
    func makeGenerator(_ edit: (inout RunCard) -> Void = { _ in }) throws -> HiddenValleyGenerator {
        var card = SignalValidation.referenceCard()
        edit(&card)
        return try HiddenValleyGenerator(card: card)
    }

    func testTheCardsProcessMakesThisGenerator() throws {
        XCTAssertTrue(try EventGenerators.make(for: RunCard()) is HiddenValleyGenerator)
    }

    /// Event n depends only on (card, seed, n): the same whatever else was generated before,
    /// and different for another n or another seed.
    func testEventsDependOnlyOnCardSeedAndNumber() throws {
        let g = try makeGenerator()
        let forward = (0..<20).map { g.generate(eventNumber: $0) }
        let backward = (0..<20).reversed().map { g.generate(eventNumber: $0) }.reversed()
        XCTAssertEqual(forward, Array(backward))
        XCTAssertNotEqual(forward[3], forward[4])
        let other = try makeGenerator { $0.run.seed = 777 }
        XCTAssertNotEqual(other.generate(eventNumber: 3), forward[3])
        XCTAssertEqual(try makeGenerator().generate(eventNumber: 1_000_000_007), g.generate(eventNumber: 1_000_000_007))
    }

    /// The parton-level record (`hadronLevel: nil`): beams 2212 status 4 along ±z with
    /// E = √s/2, incoming gluons of status 21 at the hard vertex, one Φ (25) and two s (35)
    /// with status 2, and s → b b̄ with status 1, the end of that chain. Links are consistent
    /// from both ends. (The full record is specified in HadronLevelTests.)
    func testPartonLevelRecordLooksLikePythias() throws {
        var card = SignalValidation.referenceCard()
        card.run.seed = 12345
        let g = try HiddenValleyGenerator(card: card, hadronLevel: nil)
        for n in 0..<50 {
            let event = g.generate(eventNumber: n)
            XCTAssertNil(event.linkProblem)
            XCTAssertEqual(event.eventNumber, n)
            let beams = event.particles.filter { $0.pdgID == 2212 }
            XCTAssertEqual(beams.count, 2)
            for beam in beams {
                XCTAssertEqual(beam.status, 4)
                XCTAssertEqual(beam.momentum.e, 6500, accuracy: 1e-9)
                XCTAssertNil(beam.productionVertex)
            }
            let phi = event.particleIndices(withAbsPDGID: 25)
            XCTAssertEqual(phi.count, 1)
            XCTAssertEqual(event.particles[phi[0]].status, 2)
            let incoming = event.parents(of: phi[0])
            XCTAssertEqual(incoming.map { event.particles[$0].pdgID }, [21, 21])
            XCTAssertEqual(incoming.map { event.particles[$0].status }, [21, 21])
            let s = event.children(of: phi[0])
            XCTAssertEqual(s.map { event.particles[$0].pdgID }, [35, 35])
            for i in s {
                XCTAssertEqual(event.particles[i].status, 2)
                XCTAssertEqual(event.particles[i].generatedMass, 40)
                let daughters = event.children(of: i).map { event.particles[$0] }
                XCTAssertEqual(daughters.map(\.pdgID), [5, -5])
                XCTAssertEqual(daughters.map(\.status), [1, 1])
                XCTAssertEqual(daughters.map(\.generatedMass), [4.8, 4.8])
            }
        }
    }

    /// Four-momentum is conserved at every vertex but the beam ones (the beam remnants are
    /// not in the record yet), to rounding.
    func testEveryVertexConservesFourMomentum() throws {
        let g = try makeGenerator()
        for n in 0..<50 {
            let event = g.generate(eventNumber: n)
            for v in event.vertices where !v.incoming.contains(where: { event.particles[$0].pdgID == 2212 }) {
                let pin = v.incoming.reduce(FourVector.zero) { $0 + event.particles[$1].momentum }
                let pout = v.outgoing.reduce(FourVector.zero) { $0 + event.particles[$1].momentum }
                let scale = max(pin.e, 1)
                for (a, b) in [(pin.px, pout.px), (pin.py, pout.py), (pin.pz, pout.pz), (pin.e, pout.e)] {
                    XCTAssertEqual(a, b, accuracy: 1e-11 * scale, "event \(n)")
                }
            }
            // Φ has the generated mass, on shell.
            let phi = event.particles[event.particleIndices(withAbsPDGID: 25)[0]]
            XCTAssertEqual(phi.momentum.m, phi.generatedMass, accuracy: 1e-9 * phi.momentum.e)
        }
    }

    /// The s decay vertex lies at production + βγ cτ along the s direction, in space and in
    /// time: |Δx⃗| = (|p|/m) l and Δ(ct) = (E/m) l, where l is this s's proper decay length
    /// (Pythia's reference checks the same: its "checks" entry, |decay vertex| − cτ βγ ≈ 2e−11).
    func testDecayVertexIsBetaGammaCTauAlongTheScalar() throws {
        let g = try makeGenerator()
        for n in 0..<50 {
            let level = g.partonLevel(eventNumber: n)
            for s in level.scalars {
                let d = s.decayVertex - s.productionVertex
                let bg = s.momentum.betaGamma
                XCTAssertEqual(d.p3.mag, bg * s.properDecayLengthMM, accuracy: 1e-9 * max(1, d.p3.mag))
                XCTAssertEqual(d.e, s.momentum.gamma * s.properDecayLengthMM, accuracy: 1e-9 * max(1, d.e))
                XCTAssertEqual(d.p3.unit.dot(s.momentum.p3.unit), 1, accuracy: 1e-12)
            }
        }
    }

    /// The beam spot: primary vertex z ~ N(0, σ_z) from the card (DESIGN.md §5: 45 mm by
    /// default); with σ_z = 0, as for the reference, everything starts at the origin.
    func testBeamSpotSpreadsThePrimaryVertexAlongZ() throws {
        let g = try makeGenerator { $0.generation.beamspotSigmaZMM = 45 }
        let z = (0..<2000).map { g.partonLevel(eventNumber: $0).primaryVertex.pz }
        let mean = z.reduce(0, +) / 2000
        let rms = (z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 2000).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 3 * 45 / 2000.0.squareRoot())
        XCTAssertEqual(rms, 45, accuracy: 45 * 0.05)   // σ(rms)/rms ≈ 1/√(2N) = 1.6 %
        let flat = try makeGenerator()
        XCTAssertEqual(flat.partonLevel(eventNumber: 5).primaryVertex, .zero)
    }

    /// The card's branching fractions: 50 % c c̄ and 50 % τ⁺τ⁻ come out within 4σ of binomial.
    func testBranchingFractionsFromTheCard() throws {
        let g = try makeGenerator {
            $0.generation.scalarDecays.bb = 0; $0.generation.scalarDecays.cc = 0.5; $0.generation.scalarDecays.tautau = 0.5
        }
        var counts = [Int: Int]()
        for n in 0..<1000 {
            for s in g.partonLevel(eventNumber: n).scalars {
                counts[s.daughters[0].pdgID, default: 0] += 1
                XCTAssertEqual(s.daughters[0].pdgID, -s.daughters[1].pdgID)
            }
        }
        XCTAssertEqual(counts[5], nil)
        XCTAssertEqual(Double(counts[4] ?? 0), 1000, accuracy: 4 * (2000 * 0.25).squareRoot())
        XCTAssertEqual(Double(counts[15] ?? 0), 1000, accuracy: 4 * (2000 * 0.25).squareRoot())
    }

    /// Points it cannot make are refused with the key named.
    func testImpossiblePointsAreRejected() {
        XCTAssertThrowsError(try makeGenerator { $0.generation.scalarMassGeV = 70 }) { error in
            XCTAssertTrue("\(error)".contains("scalar_mass_gev"))
        }
        XCTAssertThrowsError(try makeGenerator { $0.generation.scalarMassGeV = 4 })   // below 2 m_b
        XCTAssertThrowsError(try makeGenerator { $0.generation.scalarDecays.cc = 0.5 })   // sums to 1.5
        XCTAssertThrowsError(try makeGenerator { $0.generation.scalarCtauMM = 0 })
    }

    /// Heavier points come out sensible: βγ of s scales as expected. With Φ at rest, s has
    /// βγ = p*/m_s = √(m_Φ²/4 − m_s²)/m_s; for m_Φ = 600, m_s = 150 GeV that is √3 ≈ 1.73, and
    /// the median βγ (Φ mostly slow) lies near it. For m_s = 5 GeV at m_Φ = 125 GeV, s is
    /// boosted, βγ* = 12.5 (it decays to c c̄, b b̄ being closed), and L_xy follows βγ cτ.
    func testHeavyMediatorAndLightScalarPoints() throws {
        let heavy = try makeGenerator {
            $0.generation.mediatorMassGeV = 600; $0.generation.mediatorWidthGeV = 0
            $0.generation.scalarMassGeV = 150
        }
        // s → b b̄ is closed at 5 GeV (2 m_b = 9.6 GeV): this point decays to c c̄.
        let light = try makeGenerator {
            $0.generation.scalarMassGeV = 5; $0.generation.scalarDecays.bb = 0; $0.generation.scalarDecays.cc = 1
        }
        func medianBetaGamma(_ g: HiddenValleyGenerator) -> Double {
            let bg = (0..<500).flatMap { g.partonLevel(eventNumber: $0).scalars.map { $0.momentum.betaGamma } }.sorted()
            return bg[bg.count / 2]
        }
        let heavyBG = medianBetaGamma(heavy), lightBG = medianBetaGamma(light)
        XCTAssertEqual(heavyBG, 3.0.squareRoot(), accuracy: 0.5)
        XCTAssertGreaterThan(lightBG, 12.5)
        // Mean transverse flight of central s: ⟨L_xy⟩ = ⟨βγ sinθ cτ⟩ = ⟨p_T/m⟩ cτ.
        var lxy = 0.0, expected = 0.0
        for n in 0..<2000 {
            for s in light.partonLevel(eventNumber: n).scalars {
                lxy += (s.decayVertex - s.productionVertex).p3.perp
                expected += s.momentum.pt / s.massGeV * 760
            }
        }
        XCTAssertEqual(lxy / expected, 1, accuracy: 0.05)
    }
}
