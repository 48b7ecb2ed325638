import EventModel
import Foundation
import XCTest
@testable import Generation

/// The hadron level of the hss-ggf signal as a specification: the final-state shower, the
/// Lund strings and the decays each conserve what they must, and the full record is what a
/// detector simulation can take (DESIGN.md §6).
final class HadronLevelTests: XCTestCase {
    func bbSystem(massGeV: Double = 40) -> [ShowerParton] {
        let m = 4.8, p = (massGeV * massGeV / 4 - m * m).squareRoot()
        return [ShowerParton(pdgID: 5, colour: 1, anticolour: 0, momentum: FourVector(Vector3(0, 0, p), mass: m), massGeV: m),
                ShowerParton(pdgID: -5, colour: 0, anticolour: 1, momentum: FourVector(Vector3(0, 0, -p), mass: m), massGeV: m)]
    }

    /// Dipole recoil conserves the system's four-momentum exactly; the colour flow stays a
    /// set of open chains (every tag once as colour, once as anticolour); partons stay on
    /// their mass shells.
    func testShowerConservesMomentumAndColour() {
        let shower = FinalStateShower()
        var total = 0
        for n in 0..<300 {
            var rng = RandomStream(seed: 1, event: UInt64(n), stage: .generation)
            var partons = bbSystem()
            total += shower(&partons, rng: &rng)
            let sum = partons.reduce(FourVector.zero) { $0 + $1.momentum }
            XCTAssertEqual(sum.e, 40, accuracy: 1e-9)
            XCTAssertEqual(sum.p3.mag, 0, accuracy: 1e-9)
            var colours = [Int32: Int](), anticolours = [Int32: Int]()
            for p in partons {
                if p.colour != 0 { colours[p.colour, default: 0] += 1 }
                if p.anticolour != 0 { anticolours[p.anticolour, default: 0] += 1 }
                XCTAssertEqual(p.momentum.m, p.massGeV, accuracy: 1e-6)
            }
            XCTAssertEqual(colours, anticolours)
            XCTAssertTrue(colours.values.allSatisfy { $0 == 1 })
        }
        // A 40 GeV b b̄ dipole radiates a few gluons above 0.5 GeV (Pythia 8: ≈ 5–7 partons).
        let mean = Double(total) / 300
        XCTAssertGreaterThan(mean, 2)
        XCTAssertLessThan(mean, 10)
    }

    /// The dead cone: a heavy quark radiates less than a light one in the same dipole, so a
    /// b keeps more of its energy than a massless quark would.
    func testHeavyQuarksRadiateLess() {
        let shower = FinalStateShower()
        func leadingQuarkEnergy(_ mass: Double, _ id: Int) -> Double {
            var sum = 0.0
            for n in 0..<400 {
                var rng = RandomStream(seed: 2, event: UInt64(n), stage: .generation)
                let p = (400 - mass * mass).squareRoot()
                var partons = [ShowerParton(pdgID: id, colour: 1, anticolour: 0, momentum: FourVector(Vector3(0, 0, p), mass: mass), massGeV: mass),
                               ShowerParton(pdgID: -id, colour: 0, anticolour: 1, momentum: FourVector(Vector3(0, 0, -p), mass: mass), massGeV: mass)]
                shower(&partons, rng: &rng)
                sum += partons.filter { $0.pdgID == id }.map(\.momentum.e).max() ?? 0
            }
            return sum / 400
        }
        XCTAssertGreaterThan(leadingQuarkEnergy(4.8, 5), leadingQuarkEnergy(0, 1) + 0.5)
    }

    /// A straight string conserves four-momentum, charge and baryon number, and with the Monash
    /// parameters a b b̄ string at 40 GeV gives B hadrons with ⟨x_B⟩ ≈ 0.85–0.9 before
    /// radiation (LEP measures ⟨x_B⟩ ≈ 0.71 at 91 GeV after the shower, ALEPH PLB 512 (2001) 30).
    func testLundStringConservesAndMakesHardBHadrons() {
        let lund = LundFragmentation()
        var xSum = 0.0, nB = 0
        var scratch = [(Int, Double, Double, Double, Double, Double)]()
        for n in 0..<300 {
            var rng = RandomStream(seed: 3, event: UInt64(n), stage: .generation)
            let sys = bbSystem()
            var hadrons = [PrimaryHadron]()
            XCTAssertTrue(lund.fragment(total: sys[0].momentum + sys[1].momentum, plusDirection: sys[0].momentum,
                                        plus: 5, minus: -5, into: &hadrons, scratch: &scratch, rng: &rng))
            let sum = hadrons.reduce(FourVector.zero) { $0 + $1.momentum }
            XCTAssertEqual(sum.e, 40, accuracy: 1e-9)
            XCTAssertEqual(sum.p3.mag, 0, accuracy: 1e-9)
            XCTAssertEqual(hadrons.reduce(0) { $0 + HadronTable.chargeThirds($1.pdgID) }, 0)
            let baryons = hadrons.reduce(0) { $0 + (abs($1.pdgID) > 1000 ? ($1.pdgID > 0 ? 1 : -1) : 0) }
            XCTAssertEqual(baryons, 0)
            for h in hadrons {
                XCTAssertTrue(HadronTable.table.contains(h.pdgID), "unknown hadron \(h.pdgID)")
                XCTAssertEqual(h.momentum.m, h.massGeV, accuracy: 1e-6)
                if HadronTable.isBHadron(h.pdgID) { xSum += 2 * h.momentum.e / 40; nB += 1 }
            }
        }
        XCTAssertEqual(nB, 600)
        XCTAssertEqual(xSum / Double(nB), 0.87, accuracy: 0.05)
    }

    /// Every channel of the decay table conserves electric charge and is open at the nominal
    /// masses; every daughter is a known particle.
    func testDecayTableConservesCharge() {
        for (id, channels) in DecayTable.standard.channels {
            XCTAssertTrue(HadronTable.table.contains(id), "\(id)")
            for c in channels {
                let q = c.daughters.reduce(0) { $0 + HadronTable.chargeThirds($1) }
                XCTAssertEqual(q, HadronTable.chargeThirds(id), "\(id) → \(c.daughters)")
                for d in c.daughters { XCTAssertTrue(HadronTable.table.contains(d), "\(id) → unknown \(d)") }
                let m = c.daughters.reduce(0) { $0 + HadronTable.mass($1) }
                // K⁰ → K⁰S / K⁰L is a one-body "decay" at equal mass.
                XCTAssertLessThanOrEqual(m, HadronTable.mass(id) + 2 * HadronTable.width(id), "\(id) → \(c.daughters)")
            }
            XCTAssertEqual(channels.reduce(0) { $0 + $1.branchingFraction }, 1, accuracy: 1e-12)
        }
    }

    /// M-body phase space conserves four-momentum and puts daughters on shell.
    func testPhaseSpaceConserves() {
        var rng = RandomStream(seed: 4, event: 0, stage: .decays)
        var out = [FourVector](), scratch = [Double]()
        let parent = FourVector(Vector3(3, -1, 20), mass: 5.279)
        let masses = [1.869, 0.1396, 0.1396, 0.1350, 0.1396]
        for _ in 0..<200 {
            PhaseSpace.decay(parent, masses: masses, into: &out, scratch: &scratch, rng: &rng)
            let sum = out.reduce(FourVector.zero, +)
            for (a, b) in [(sum.px, parent.px), (sum.py, parent.py), (sum.pz, parent.pz), (sum.e, parent.e)] {
                XCTAssertEqual(a, b, accuracy: 1e-10)
            }
            for (p, m) in zip(out, masses) { XCTAssertEqual(p.m, m, accuracy: 1e-6) }
        }
    }

    func makeGenerator() throws -> HiddenValleyGenerator {
        try HiddenValleyGenerator(card: SignalValidation.referenceCard())
    }

    /// The full record: links consistent; four-momentum conserved at every vertex, beams
    /// included (the remnants carry beam − initiator); nothing coloured in the final state;
    /// status 1 exactly for the particles without end vertex; everything with cτ ≤ 10 mm and a
    /// decay table decayed, everything else stable; charge conserved overall (+2 from the beams).
    func testFullRecordIsConsistent() throws {
        let g = try makeGenerator()
        for n in 0..<40 {
            let event = g.generate(eventNumber: n)
            XCTAssertNil(event.linkProblem)
            for (j, v) in event.vertices.enumerated() {
                let pin = v.incoming.reduce(FourVector.zero) { $0 + event.particles[$1].momentum }
                let pout = v.outgoing.reduce(FourVector.zero) { $0 + event.particles[$1].momentum }
                let scale = max(pin.e, 1)
                for (a, b) in [(pin.px, pout.px), (pin.py, pout.py), (pin.pz, pout.pz), (pin.e, pout.e)] {
                    XCTAssertEqual(a, b, accuracy: 1e-10 * scale, "event \(n) vertex \(j)")
                }
            }
            var charge = 0
            for p in event.particles {
                XCTAssertEqual(p.status == 1, p.endVertex == nil, "\(p.pdgID) status \(p.status)")
                guard p.status == 1 else { continue }
                charge += HadronTable.chargeThirds(p.pdgID)
                let a = p.absPDGID
                XCTAssertFalse(a <= 6 || a == 21 || (a > 1000 && a % 100 < 10 && a < 6000 && (a / 10) % 10 == 0), "coloured \(p.pdgID) in the final state")
                XCTAssertFalse(HadronLevelTests.decaysAtGeneratorLevel(p.pdgID), "\(p.pdgID) should have decayed")
            }
            XCTAssertEqual(charge, 6, "event \(n)")
        }
    }

    /// Made once: `HadronDecays()` fills per-id tables (20 000 entries), which in a debug build
    /// made one per stable particle took this test ~5 minutes.
    static let decayRules = HadronDecays()
    static func decaysAtGeneratorLevel(_ id: Int) -> Bool { decayRules.decays(id) }

    /// Decays happen where they should: for B⁺ the mean of (flight distance)/(βγ) is cτ =
    /// 0.491 mm (PDG 2024), within 4 standard errors; K⁰S (26.8 mm) stays stable.
    func testDecayLengthsFollowTheLifetime() throws {
        let g = try makeGenerator()
        var proper = [Double]()
        var sawKS = false
        for n in 0..<300 {
            let event = g.generate(eventNumber: n)
            for p in event.particles {
                if p.pdgID == 310 { sawKS = true; XCTAssertEqual(p.status, 1) }
                guard p.absPDGID == 521, let s = p.productionVertex, let e = p.endVertex else { continue }
                let d = event.resolvedPosition(ofVertex: e) - event.resolvedPosition(ofVertex: s)
                proper.append(d.p3.mag / p.momentum.betaGamma)
                XCTAssertEqual(d.e, d.p3.mag / p.momentum.beta.mag, accuracy: 1e-6 * max(d.e, 1))
            }
        }
        XCTAssertTrue(sawKS)
        XCTAssertGreaterThan(proper.count, 100)
        let mean = proper.reduce(0, +) / Double(proper.count)
        XCTAssertEqual(mean, 0.491, accuracy: 4 * 0.491 / Double(proper.count).squareRoot())
    }
}
