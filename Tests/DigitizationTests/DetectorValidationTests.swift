import Foundation
import XCTest
@testable import Digitization
import Simulation
import Detector
import EventModel

/// The detector model against its reference numbers, with reduced statistics so that the
/// debug build stays fast (`genreco validate detector` runs ``DetectorValidation/run(detector:)``
/// with 400 particles per point and six energies; release figures are in the README).
final class DetectorValidationTests: XCTestCase {
    let detector = Detector.atlasRun2

    func validation(particles: Int) -> DetectorValidation {
        var config = DetectorValidation.Config()
        config.particlesPerPoint = particles
        config.muonsPerPoint = 20
        config.llpDecays = 60
        return DetectorValidation(config: config)
    }

    /// JINST 3 (2008) S08003 Table 1.1: EM calorimetry σ/E = 10 %/√E ⊕ 0.7 %.
    /// Tolerances: a within ±1.5 %, b within ±0.5 % (absolute).
    func testElectronEnergyResolution() {
        let v = validation(particles: 150)
        let fit = v.resolution(pdgID: 11, energies: [10, 40, 160, 500], etaMax: 1.2, detector: detector, studyIndex: 1)
        XCTAssertEqual(fit.stochastic, 0.10, accuracy: 0.015, "\(fit)")
        XCTAssertEqual(fit.constant, 0.007, accuracy: 0.005, "\(fit)")
    }

    /// JINST 3 (2008) S08003 Table 1.1: hadronic calorimetry σ/E = 50 %/√E ⊕ 3 %.
    /// Tolerances: a within ±10 %, b within ±2 % (absolute).
    func testPionEnergyResolution() {
        let v = validation(particles: 150)
        let fit = v.resolution(pdgID: 211, energies: [10, 40, 160, 500], etaMax: 0.5, detector: detector, studyIndex: 3)
        XCTAssertEqual(fit.stochastic, 0.50, accuracy: 0.10, "\(fit)")
        XCTAssertEqual(fit.constant, 0.03, accuracy: 0.02, "\(fit)")
    }

    /// Non-compensation: π/e = f_em + (1 − f_em)/(e/h) ≈ 0.75–0.8 at 10 GeV for e/h ≈ 1.36
    /// (Wigmans, Calorimetry ch. 3; ATLAS Tile). Accepted: 0.70–0.85.
    func testPionToElectronResponseAt10GeV() {
        let ratio = validation(particles: 150).pionOverElectron(at: 10, detector: detector)
        XCTAssertGreaterThanOrEqual(ratio, 0.70)
        XCTAssertLessThanOrEqual(ratio, 0.85)
    }

    /// Muons 10–100 GeV in the barrel: ≥ 3 pixel and ≥ 8 strip hits, a MIP trail in the
    /// calorimeters (≈ 2–3 GeV in all at η ≈ 0), hits in the muon stations.
    func testMuonHits() {
        let m = validation(particles: 10).muons(detector: detector)
        XCTAssertEqual(m.fractionWithThreePixelHits, 1)
        XCTAssertEqual(m.fractionWithEightStripHits, 1)
        XCTAssertGreaterThanOrEqual(m.fractionWithMIPDeposit, 0.95)
        XCTAssertGreaterThanOrEqual(m.fractionWithStationHits, 0.95)
        XCTAssertEqual(m.meanCalorimeterEnergyGeV, 2.5, accuracy: 1.0)
    }

    /// The CalRatio signature (ATLAS, arXiv:1902.03094): an s (m = 40 GeV) decaying in the
    /// Tile at Lxy = 2.5 m gives log10(E_H/E_EM) > 1.2 in > 80 % of decays; decaying in the
    /// tracker at 0.1 m, an ordinary jet pair with log10(E_H/E_EM) < 0.5 in > 80 %.
    func testLLPLogRatioDependsOnWhereItDecays() {
        let v = validation(particles: 10)
        let far = v.llp(lxy: 2_500, detector: detector)
        let near = v.llp(lxy: 100, detector: detector)
        XCTAssertGreaterThan(far.fractionAbove1p2, 0.80, "\(far)")
        XCTAssertGreaterThan(near.fractionBelow0p5, 0.80, "\(near)")
    }

    /// The same decays with electronic ⊕ pile-up noise (μ = 40) and dead cells, E_H and E_EM
    /// summed over the stored cells within ΔR < 0.4 of the s, as a jet there would: the
    /// Tile decays keep log10(E_H/E_EM) > 1.2 in > 80 % (the noise in the cone is ≈ 0.5 GeV
    /// against tens of GeV); the tracker decays stay prompt-like, median below 0.5 (the full
    /// release sample of 200 decays gives 81 % below 0.5, README).
    func testLLPLogRatioWithNoiseInAJetCone() {
        let v = validation(particles: 10)
        let far = v.llp(lxy: 2_500, detector: detector, withNoise: true)
        let near = v.llp(lxy: 100, detector: detector, withNoise: true)
        XCTAssertGreaterThan(far.fractionAbove1p2, 0.80, "\(far)")
        XCTAssertLessThan(near.medianLogRatio, 0.5, "\(near)")
        XCTAssertGreaterThan(near.fractionBelow0p5, 0.6, "\(near)")
    }

    func testResolutionFitRecoversKnownTerms() {
        let points = [10.0, 50, 200].map { e in
            DetectorValidation.ResolutionPoint(energyGeV: e, response: 1,
                                               sigmaOverE: ((0.1 * 0.1) / e + 0.007 * 0.007).squareRoot(),
                                               sigmaOverEError: 0.001, count: 100)
        }
        let fit = DetectorValidation.fit(points)
        XCTAssertEqual(fit.stochastic, 0.1, accuracy: 1e-6)
        XCTAssertEqual(fit.constant, 0.007, accuracy: 1e-6)
    }
}
