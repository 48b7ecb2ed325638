import Detector
import Digitization
import EventModel
import Foundation
@testable import Reconstruction
import Simulation
import XCTest

/// Where along its flight an s must decay for its jet to pass log10(E_H/E_EM) > 1.2, on the
/// ATLAS card, through the whole chain (simulation, digitization, topo-clusters, jets).
///
/// The physics: a decay in front of or deep inside the EM calorimeter puts its photons
/// (π⁰ → γγ, a quarter to a third of a jet's energy) through the remaining radiation lengths
/// of the accordion, where they shower; the EM barrel is 22 X₀ and 1.2 λ deep at η = 0
/// (card: EMB1–3, 1500–1968 mm, X₀ = 21 mm, λ = 380 mm; ATLAS S08003 §5.2.1). E_EM is then a
/// sizeable part of the jet and the ratio is near 0, as for a prompt jet. Behind the EM
/// calorimeter (the outer cryostat, 1968–2280 mm, and the Tile) there is no EM layer left
/// and the ratio is far above 1.2. The PDG Gamma profile (PDG RPP §34.5, b ≈ 0.5,
/// t_max = ln(E/E_c) + 0.5 for photons) puts ≈ 30 % of a 3 GeV photon's energy within the
/// first 5.6 X₀, and < 1 % within the first X₀: so the turn-on lies at the back of the
/// EM calorimeter, between ≈ 1.85 m (5.6 X₀ left) and 1.95 m (< 1 X₀ left). ATLAS sees the
/// same: its CalRatio searches are sensitive to decays "at the outer edge of the
/// electromagnetic calorimeter or inside the hadronic calorimeter" (arXiv:1501.04020,
/// abstract; arXiv:1902.03094 Fig. 2).
final class CalRatioDecayPositionTests: XCTestCase {
    let detector = Detector.atlasRun2

    /// Signal-jet pass fraction for `decays` s → 15 particles (⅓ photons, ⅔ charged pions,
    /// `DetectorValidation.displacedScalarEvent`: m = 40 GeV, E = 100 GeV, η = 0) at `lxy`.
    func passFraction(lxy: Double, decays: Int = 12) -> CalRatioValidation.Count {
        var rng = RandomStream(seed: 4242, event: UInt64(lxy), stage: .decays)
        let events = (0..<decays).map { k in
            DetectorValidation.displacedScalarEvent(lxy: lxy, mass: 40, energy: 100, phi: rng.uniform(-Double.pi, Double.pi),
                                                    count: 15, rng: &rng, eventNumber: 7_000_000 + Int(lxy) * 100 + k)
        }
        return CalRatioValidation().run("probe", events: events, detector: detector, seed: 99).signal
    }

    func testDecaysInFrontOfTheEMCalorimeterFailAndDecaysBehindItPass() {
        // In front of the presampler (solenoid and cryostat): the whole 22 X₀ still ahead.
        let front = passFraction(lxy: 1_300)
        // Inside EMB2 with 3.6 + 2 = 5.6 X₀ left: ≈ 30 % of the photons' energy stays in EM.
        let inside = passFraction(lxy: 1_850)
        // The outer cryostat: no EM layer left on the way out.
        let behind = passFraction(lxy: 2_100)
        for (name, c) in [("1300 mm", front), ("1850 mm", inside), ("2100 mm", behind)] {
            XCTAssertGreaterThanOrEqual(c.jets, 8, "\(name): signal jets found \(c.jets)")
        }
        XCTAssertEqual(front.fraction, 0, accuracy: 0.1, "in front of the EM calorimeter: \(front)")
        XCTAssertLessThanOrEqual(inside.fraction, 0.25, "5.6 X₀ before the back of the EM calorimeter: \(inside)")
        XCTAssertGreaterThanOrEqual(behind.fraction, 0.9, "behind the EM calorimeter: \(behind)")
    }

    /// The back of the EM calorimeter on a line from the origin, from the card: EMB3's outer
    /// radius 1968 mm at η = 0; at η = 2 the line leaves EME3 at |z| = 4250 mm.
    func testEMBackDistanceFollowsTheCard() {
        let barrel = CalRatioValidation.emBackDistance(direction: Vector3(1, 0, 0), detector: detector)
        XCTAssertEqual(barrel, 1_968, accuracy: 1e-6)
        let eta = 2.0
        let d = Vector3(1, 0, sinh(eta))
        let endcap = CalRatioValidation.emBackDistance(direction: d, detector: detector)
        XCTAssertEqual(endcap * d.unit.z, 4_250, accuracy: 1e-6)
    }

    /// The decay table's bins: the label's windows in 100 mm (Lxy) and 250 mm (|Lz|) steps,
    /// a jet counted in the bin of its s's decay, barrel or end-cap by the s's |η|.
    func testDecayTableBinsSignalJetsByDecayPosition() {
        var t = CalRatioDecayTable()
        XCTAssertEqual(t.barrel.count, 28)
        XCTAssertEqual(t.endcap.count, 10)
        let pass = JetVariables(emFraction: 0.01, logRatio: 2.0)
        let fail = JetVariables(emFraction: 0.5, logRatio: 0.0)
        t.add(lxy: 1_250, lz: 100, llpEta: 0.2, barrelMaxAbsEta: 1.4, variables: fail, passes: false, passesRatio: false)
        t.add(lxy: 2_150, lz: 100, llpEta: -1.0, barrelMaxAbsEta: 1.4, variables: pass, passes: true, passesRatio: true)
        t.add(lxy: 2_199, lz: 100, llpEta: 1.0, barrelMaxAbsEta: 1.4, variables: pass, passes: false, passesRatio: true)
        t.add(lxy: 1_500, lz: -4_400, llpEta: -1.9, barrelMaxAbsEta: 1.4, variables: pass, passes: true, passesRatio: true)
        XCTAssertEqual(t.barrel[0].jets, 1)
        XCTAssertEqual(t.barrel[0].passing, 0)
        XCTAssertEqual(t.barrel[9].low, 2_100)
        XCTAssertEqual(t.barrel[9].jets, 2)
        XCTAssertEqual(t.barrel[9].passing, 1)
        XCTAssertEqual(t.barrel[9].passingRatio, 2)
        XCTAssertEqual(t.barrel[9].meanLogRatio, 2.0, accuracy: 1e-12)
        XCTAssertEqual(t.endcap[3].low, 4_250)
        XCTAssertEqual(t.endcap[3].jets, 1)
        XCTAssertEqual(t.barrel.reduce(0) { $0 + $1.jets } + t.endcap.reduce(0) { $0 + $1.jets }, 4)
    }
    /// The `--origins` bookkeeping on a hand-made record: an s decaying at Lxy = 1300 mm to a
    /// photon, a π⁺, a neutron, an electron and a neutrino, next to a prompt π⁻ not from it.
    func testEnergyOriginSourcesAndImpactPoints() {
        var e = GenEvent(eventNumber: 1)
        let s = e.addParticle(GenParticle(pdgID: 35, status: 2, momentum: FourVector(Vector3(50, 0, 0), mass: 40),
                                          generatedMass: 40))
        let other = e.addParticle(GenParticle(pdgID: -211, status: 1, momentum: FourVector(Vector3(0, 5, 0), mass: 0.14),
                                              generatedMass: 0.14))
        _ = e.addVertex(position: .zero, incoming: [], outgoing: [s, other])
        let ids = [22, 211, 2112, 11, 12]
        let products = ids.map { id in
            e.addParticle(GenParticle(pdgID: id, status: 1, momentum: FourVector(Vector3(10, 2, 0), mass: 0),
                                      generatedMass: 0))
        }
        _ = e.addVertex(position: FourVector(Vector3(1_300, 0, 0), e: 0), incoming: [s], outgoing: products)
        let sources = CalRatioEnergyOrigin().sourceOfEachParticle(event: e, llp: s)
        XCTAssertNil(sources[s], "the s itself is not stable")
        XCTAssertEqual(sources[other], .notFromS)
        XCTAssertEqual(products.map { sources[$0] }, [.photons, .chargedHadrons, .neutralHadrons, .electrons, nil])
        // Seen from the origin where it reaches r = 1750 mm: a product at 11.3° to the s
        // from a decay at 1300 mm lands at φ = atan(y/x) with x² + y² = 1750², y = 0.2 (x − 1300).
        let at = CalRatioEnergyOrigin.impact(event: e, particle: products[0])!
        XCTAssertEqual(at.perp, 1_750, accuracy: 1e-6)
        XCTAssertEqual(at.y, 0.2 * (at.x - 1_300), accuracy: 1e-6)
        // Small angles: seen narrower by (1750 − 1300)/1750 ≈ 1/3.9 than it opens.
        XCTAssertEqual(at.phi, (1 - 1_300.0 / 1_750) * atan(0.2), accuracy: 0.05 * at.phi)
        // The prompt π⁻ reaches the cylinder at φ = π/2.
        XCTAssertEqual(CalRatioEnergyOrigin.impact(event: e, particle: other)!.phi, Double.pi / 2, accuracy: 1e-12)
    }
}
