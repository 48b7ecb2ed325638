import Detector
import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// Single muons and pions through simulation, digitization and tracking: efficiency,
/// resolutions and pulls. Small samples keep the debug run short; each tolerance states
/// its statistical margin (the r.m.s. of n Gaussian values has a relative error 1/√(2(n−1))).
final class TrackingResolutionTests: XCTestCase {
    let detector = Detector.atlasRun2

    /// 10 GeV muons, |η| < 1, 400 events (r.m.s. known to ±3.5 %):
    /// * efficiency ≥ 97 % (a muon leaves ≥ 4 pixel and 8 strip clusters; 400/400 expected);
    /// * pull widths of d0, z0, q/p within 1 ± 0.15 (issue 6), i.e. ≥ 4σ statistical room;
    /// * σ(d0) ≤ 25 µm (issue 6);
    /// * σ(pT)/pT ≤ 1.5 % (issue 6: ATLAS's design at 10 GeV, with the TRT). The TRT
    ///   extension continues the silicon track through ≈ 40 straws out to r = 1.07 m; a
    ///   least-squares circle through the silicon points and 41 straws of 130 µm gives
    ///   ≈ 1.2 % at η = 0 with the multiple scattering of ≈ 0.2 X0, more in the barrel–end-cap
    ///   transition (0.62 < |η| < 1, fewer straws): `validate tracking` measures 1.33 %
    ///   (500 muons, seed 12345). The silicon alone gave 1.95 %. We require 1.0–1.5 % (below 1.0 % the fit
    ///   would claim more than the points can give).
    /// * TRT hits on the track: ≈ 43 straws crossed × 96 % efficiency in the barrel.
    func testTenGeVMuons() {
        let v = TrackingValidation.gun(pdgID: 13, ptGeV: 10, etaRange: -1...1, events: 400, seed: 21, detector: detector)
        XCTAssertGreaterThanOrEqual(v.efficiency, 0.97)
        for (i, name) in [(0, "d0"), (1, "z0"), (4, "q/p")] {
            XCTAssertEqual(TrackingValidation.coreSigma(v.pulls[i]), 1, accuracy: 0.15, "pull width of \(name)")
        }
        XCTAssertLessThanOrEqual(TrackingValidation.coreSigma(v.d0Residuals), 0.025)
        let ptResolution = TrackingValidation.coreSigma(v.ptResiduals)
        XCTAssertGreaterThan(ptResolution, 0.010)
        XCTAssertLessThanOrEqual(ptResolution, 0.015)
        XCTAssertEqual(v.fakeRate, 0, accuracy: 0.02)
    }

    /// 100 GeV pions, |η| < 1, 200 events (±5 %): found, d0, z0 and q/p pulls within 1 ± 0.15
    /// (issue 6), σ(pT)/pT ≤ 5 % (issue 6, ATLAS design with the TRT). The point term of a
    /// circle through the silicon points and 41 straws of 130 µm out to r = 1.07 m is
    /// ≈ 2.3 % at η = 0 (the silicon alone: ≈ 6.9 %, measured 6.5 %); with the transition
    /// region's fewer straws `validate tracking` measures 2.7 % (500 pions, seed 12345). We require
    /// 2.3–5 %.
    func testHundredGeVPions() {
        let v = TrackingValidation.gun(pdgID: 211, ptGeV: 100, etaRange: -1...1, events: 200, seed: 22, detector: detector)
        XCTAssertGreaterThanOrEqual(v.efficiency, 0.95)
        XCTAssertEqual(TrackingValidation.coreSigma(v.pulls[0]), 1, accuracy: 0.15)
        XCTAssertEqual(TrackingValidation.coreSigma(v.pulls[1]), 1, accuracy: 0.15)
        XCTAssertEqual(TrackingValidation.coreSigma(v.pulls[4]), 1, accuracy: 0.15)
        let ptResolution = TrackingValidation.coreSigma(v.ptResiduals)
        XCTAssertGreaterThan(ptResolution, 0.023)
        XCTAssertLessThanOrEqual(ptResolution, 0.05)
    }
}
