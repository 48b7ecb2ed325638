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

    /// 10 GeV muons, |η| < 1, 120 events (r.m.s. known to ±6.5 %):
    /// * efficiency ≥ 97 % (a muon leaves ≥ 4 pixel and 8 strip clusters; 120/120 expected);
    /// * pull widths of d0, z0, q/p within 1 ± 0.15 (issue 6), i.e. ≥ 2σ statistical room;
    /// * σ(d0) ≤ 25 µm (issue 6);
    /// * σ(pT)/pT: this card's silicon tracker ends at r = 514 mm (the TRT is material only),
    ///   where multiple scattering alone gives ≈ 0.0136 √(Σx/X0) / (0.3 B L) ≈ 1.8 % for the
    ///   ≈ 0.2 X0 between the first and last layer (PDG Highland; Gluckstern for the point
    ///   term, ≈ 0.1 % at 10 GeV): we require 1.2–2.6 %, and record the 1.5 % (ATLAS
    ///   design with the TRT) as not reached by this geometry.
    func testTenGeVMuons() {
        let v = TrackingValidation.gun(pdgID: 13, ptGeV: 10, etaRange: -1...1, events: 120, seed: 21, detector: detector)
        XCTAssertGreaterThanOrEqual(v.efficiency, 0.97)
        for (i, name) in [(0, "d0"), (1, "z0"), (4, "q/p")] {
            XCTAssertEqual(TrackingValidation.coreSigma(v.pulls[i]), 1, accuracy: 0.15, "pull width of \(name)")
        }
        XCTAssertLessThanOrEqual(TrackingValidation.coreSigma(v.d0Residuals), 0.025)
        let ptResolution = TrackingValidation.coreSigma(v.ptResiduals)
        XCTAssertGreaterThan(ptResolution, 0.012)
        XCTAssertLessThan(ptResolution, 0.026)
        XCTAssertEqual(v.fakeRate, 0, accuracy: 0.02)
    }

    /// 100 GeV pions, |η| < 1, 80 events (±8 %): found, d0, z0 and q/p pulls within 1 ± 0.2
    /// (issue's ± 0.15 plus the statistical margin), σ(pT)/pT between 4 and 8 %: the point
    /// term of the Gluckstern formula, σ/(0.3 B L²)·√(720/(N+4)), is ≈ 5–6 % for ≈ 15–20 µm
    /// points over L = 0.48 m (ATLAS's design 5 % has the TRT's longer lever arm).
    func testHundredGeVPions() {
        let v = TrackingValidation.gun(pdgID: 211, ptGeV: 100, etaRange: -1...1, events: 80, seed: 22, detector: detector)
        XCTAssertGreaterThanOrEqual(v.efficiency, 0.95)
        XCTAssertEqual(TrackingValidation.coreSigma(v.pulls[0]), 1, accuracy: 0.2)
        XCTAssertEqual(TrackingValidation.coreSigma(v.pulls[1]), 1, accuracy: 0.2)
        XCTAssertEqual(TrackingValidation.coreSigma(v.pulls[4]), 1, accuracy: 0.2)
        let ptResolution = TrackingValidation.coreSigma(v.ptResiduals)
        XCTAssertGreaterThan(ptResolution, 0.04)
        XCTAssertLessThan(ptResolution, 0.08)
    }
}
