import EventModel
import Foundation
import XCTest
@testable import Generation

/// `hss-wh`: q q̄′ → W* → W H, W → ℓ ν, H → s s (``WHProduction``, ``WHGenerator``). References:
/// the V−A matrix element |M|² ∝ (p_q·p_ℓ̄)(p_q̄′·p_ℓ) and its W-frame form (1 − a·n)(1 + b·n)
/// (derivation in ``WHProduction``'s doc comment; Halzen & Martin §12–13), the relativistic
/// Breit–Wigner in m², and ⟨m_WH⟩ by direct numerical integration of the same LO
/// cross-section with the same CTEQ5L PDF. Statistical tolerances are 3 standard errors.
final class WHTests: XCTestCase {
    func whCard() -> RunCard {
        var card = RunCard()
        card.generation.process = .hssWH
        card.generation.beamspotSigmaZMM = 0
        card.generation.underlyingEvent = false
        return card
    }

    /// For q and q̄′ back to back in the W frame (a W at rest in the W H frame) the antilepton
    /// follows (3/8)(1 + cos θ)² about the antiquark direction (⟨cos θ⟩ = ½, ⟨cos²θ⟩ = 0.4):
    /// the V−A (1 ∓ cos θ*)² of a helicity −1 W along the quark. χ² over 10 bins against the
    /// integrated formula, below the 99.9 % point of χ²(10) = 29.6.
    func testBackToBackDecayFollowsOnePlusCosSquared() {
        var rng = RandomStream(seed: 4, event: 0, stage: .decays)
        let a = Vector3(0, 0.6, 0.8), b = -a
        let n = 20_000
        var bins = [Double](repeating: 0, count: 10)
        var sum = 0.0
        for _ in 0..<n {
            let c = WHProduction.decayDirection(quark: a, antiquark: b, rng: &rng).dot(b)
            sum += c
            bins[min(Int((c + 1) * 5), 9)] += 1
        }
        var chi2 = 0.0
        for k in 0..<10 {
            let lo = -1 + Double(k) * 0.2, hi = lo + 0.2
            let expected = Double(n) * (pow(1 + hi, 3) - pow(1 + lo, 3)) / 8
            chi2 += (bins[k] - expected) * (bins[k] - expected) / expected
        }
        XCTAssertLessThan(chi2, 29.6, "bins \(bins)")
        XCTAssertEqual(sum / Double(n), 0.5, accuracy: 3 * (0.15 / Double(n)).squareRoot())
    }

    /// In generated events: the antilepton's mean direction in the W frame along ê = (b − a)/|b − a|
    /// (a, b: quark and antiquark beam directions seen from the W) against the per-event
    /// analytic expectation ⟨n⟩·ê = |b − a|/(3 − a·b), averaged over the same events. Also: the
    /// charged lepton is the antilepton of a W⁺ and the lepton of a W⁻, and the W decays at
    /// its mass.
    func testGeneratedLeptonAnglesFollowTheVMinusAMatrixElement() throws {
        let generator = try WHGenerator(card: whCard())
        let n = 3000
        var measured = [Double](), expected = [Double]()
        var wPlus = 0
        for i in 0..<n {
            let level = generator.partonLevel(eventNumber: i)
            let w = level.w
            XCTAssertEqual(w.m, level.born.wMassGeV, accuracy: 1e-6 * w.e)
            XCTAssertEqual((level.leptons[0].momentum + level.leptons[1].momentum).m, level.born.wMassGeV, accuracy: 1e-6 * w.e)
            let toW = -w.beta
            let quarkLeg0 = level.born.initiators.0 > 0
            let plus = FourVector(px: 0, py: 0, pz: 1, e: 1), minus = FourVector(px: 0, py: 0, pz: -1, e: 1)
            let a = (quarkLeg0 ? plus : minus).boosted(by: toW).p3.unit
            let b = (quarkLeg0 ? minus : plus).boosted(by: toW).p3.unit
            let antilepton = level.leptons[1]
            XCTAssertTrue(antilepton.pdgID < 0)
            if level.born.wCharge > 0 {
                wPlus += 1
                XCTAssertTrue([-11, -13].contains(antilepton.pdgID), "W⁺ → ℓ⁺ ν")
            } else {
                XCTAssertTrue([11, 13].contains(level.leptons[0].pdgID), "W⁻ → ℓ⁻ ν̄")
            }
            let nHat = antilepton.momentum.boosted(by: toW).p3.unit
            let axis = (b - a).unit
            measured.append(nHat.dot(axis))
            expected.append((b - a).mag / (3 - a.dot(b)))
        }
        let mean = measured.reduce(0, +) / Double(n)
        let variance = measured.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let prediction = expected.reduce(0, +) / Double(n)
        print("WH: ⟨n·ê⟩ = \(mean) vs V−A \(prediction) ± \((variance / Double(n)).squareRoot()); W⁺ fraction \(Double(wPlus) / Double(n))")
        XCTAssertEqual(mean, prediction, accuracy: 3 * (variance / Double(n)).squareRoot())
        // A wrong-sign (V+A) decay would give −prediction ≈ −0.5: far outside.
        XCTAssertGreaterThan(prediction, 0.3)
        // More W⁺ than W⁻ at the LHC (u-valence over d-valence): σ(W⁺H)/σ(W⁻H) ≈ 1.6 at 13 TeV
        // (LHC Higgs WG, CERN-2017-002), so the W⁺ fraction is ≈ 0.6; 0.55–0.70 here.
        let plusFraction = Double(wPlus) / Double(n)
        XCTAssertGreaterThan(plusFraction, 0.55); XCTAssertLessThan(plusFraction, 0.70)
    }

    /// The W line shape: with dP/dm² ∝ 1/[(m² − M²)² + M²Γ²] truncated to M ± 15Γ, the share of
    /// events with |m² − M²| < MΓ is (atan 1 − atan(−1)) / (atan(a_hi) − atan(a_lo)).
    func testWMassLineShapeIsTheRelativisticBreitWigner() throws {
        let production = WHProduction(config: .init(higgsMassGeV: 125, higgsWidthGeV: 0.0041, sqrtSGeV: 13000))
        let c = production.config
        let m2 = c.wMassGeV * c.wMassGeV, mg = c.wMassGeV * c.wWidthGeV
        var rng = RandomStream(seed: 9, event: 0, stage: .generation)
        let n = 40_000
        var inside = 0
        for _ in 0..<n {
            let m = production.wMass(rng: &rng)
            if abs(m * m - m2) < mg { inside += 1 }
        }
        let lo = c.wMassGeV - 15 * c.wWidthGeV, hi = c.wMassGeV + 15 * c.wWidthGeV
        let p = (2 * atan(1.0)) / (atan((hi * hi - m2) / mg) - atan((lo * lo - m2) / mg))
        let f = Double(inside) / Double(n)
        XCTAssertEqual(f, p, accuracy: 3 * (p * (1 - p) / Double(n)).squareRoot(), "fraction within MΓ: \(f) vs \(p)")
    }

    /// ⟨m_WH⟩ of generated events (from the W and H four-momenta, after ISR) against the mean
    /// of dσ/dm by direct integration of ``WHProduction/density(logMass:v:config:pdf:)``
    /// (midpoint rule, 640 × 80 points over ln m and y/ln(√s/m), four and two times finer than the
    /// sampling table). Tolerance: 3 standard errors plus 0.3 % for the table's binning.
    func testMeanWHMassAgreesWithDirectIntegration() throws {
        let generator = try WHGenerator(card: whCard())
        let config = generator.production.config
        let (lo, hi) = generator.production.logMassRange
        var num = 0.0, den = 0.0
        let nm = 640, nv = 80
        for i in 0..<nm {
            let logM = lo + (Double(i) + 0.5) * (hi - lo) / Double(nm)
            for j in 0..<nv {
                let w = WHProduction.density(logMass: logM, v: -1 + (Double(j) + 0.5) * 2 / Double(nv), config: config, pdf: generator.production.pdf)
                num += w * exp(logM); den += w
            }
        }
        let integrated = num / den
        let n = 4000
        var masses = [Double]()
        for i in 0..<n {
            let level = generator.partonLevel(eventNumber: i)
            masses.append((level.w + level.higgs.momentum).m)
            XCTAssertEqual(masses.last!, level.born.system.massGeV, accuracy: 1e-6 * level.born.system.massGeV)
        }
        let mean = masses.reduce(0, +) / Double(n)
        let rms = (masses.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
        print("WH: ⟨m_WH⟩ generated \(mean) ± \(rms / Double(n).squareRoot()) GeV, integrated \(integrated) GeV")
        XCTAssertEqual(mean, integrated, accuracy: 3 * rms / Double(n).squareRoot() + 0.003 * integrated)
    }

    /// The full record: a W± and an H from the hard vertex, W → charged lepton + neutrino,
    /// H → s s with displaced decays, hadrons; charge, energy and momentum conserved over the
    /// stable particles (beams: two protons at √s = 13 TeV; the remnant proton is put on its
    /// mass shell, 10⁻⁴ GeV).
    /// The proper decay length of s in W H (issue 4 follow-up: two 500-event samples gave a mean
    /// of 805 and 828 mm for cτ = 760 mm). Not a bias: (1) the value the validation reads off
    /// the record, |Δx⃗| m/|p⃗| between the s production and decay vertices, is the drawn proper
    /// length to rounding, for every s; (2) over 40 000 s the mean is cτ within 3 standard
    /// errors (σ = cτ/√N = 3.8 mm for an exponential). The 500-event sample of the reference
    /// test (seed 12345) happens to give 805 mm (+1.9σ); seeds 1–4 give 722, 738, 795 and
    /// 787 mm, and 20 000 events 756 ± 4 mm.
    func testProperDecayLengthIsTheDrawnOneAndUnbiased() throws {
        let generator = try WHGenerator(card: whCard())
        var sum = 0.0, n = 0
        for k in 0..<20_000 {
            for s in generator.partonLevel(eventNumber: k).scalars {
                sum += s.properDecayLengthMM
                n += 1
            }
        }
        let mean = sum / Double(n)
        XCTAssertEqual(n, 40_000)
        XCTAssertEqual(mean, 760, accuracy: 3 * 760 / Double(n).squareRoot(), "mean proper decay length of \(n) s")

        var values = SignalObservables()
        values.withJets = false
        for k in 0..<3 {
            let level = generator.partonLevel(eventNumber: k)
            values.fill(generator.generate(eventNumber: k))
            let fromRecord = values.values["llp_ctau"]!.suffix(2)
            XCTAssertEqual(fromRecord.count, 2)
            for (recorded, s) in zip(fromRecord, level.scalars) {
                XCTAssertEqual(recorded, s.properDecayLengthMM, accuracy: 1e-9 * max(s.properDecayLengthMM, 1))
            }
        }
    }

    func testHadronLevelRecordConservesChargeAndMomentum() throws {
        var card = whCard()
        card.generation.underlyingEvent = true
        let generator = try XCTUnwrap(try EventGenerators.make(for: card) as? WHGenerator)
        let table = ParticleTable.pdg2024
        for i in 0..<4 {
            let event = generator.generate(eventNumber: i)
            XCTAssertEqual(event.attribute(EventGenerators.processAttribute), "hss-wh")
            let w = try XCTUnwrap(event.particles.firstIndex { abs($0.pdgID) == 24 })
            let leptons = event.children(of: w).map { abs(event.particles[$0].pdgID) }.sorted()
            XCTAssertTrue(leptons == [11, 12] || leptons == [13, 14], "\(leptons)")
            let h = try XCTUnwrap(event.particles.firstIndex { $0.pdgID == 25 })
            XCTAssertEqual(event.children(of: h).map { event.particles[$0].pdgID }, [35, 35])
            XCTAssertEqual(event.parents(of: w), event.parents(of: h))
            var charge = 0, sum = FourVector.zero
            for p in event.stableParticles {
                charge += try XCTUnwrap(table.chargeThirds(of: p.pdgID), "unknown \(p.pdgID)")
                sum = sum + p.momentum
            }
            XCTAssertEqual(charge, 6, "two protons")
            XCTAssertEqual(sum.e, 13000, accuracy: 0.5)
            XCTAssertEqual(sum.p3.mag, 0, accuracy: 0.5)
            XCTAssertGreaterThan(event.stableParticles.count, 50)
        }
    }
}
