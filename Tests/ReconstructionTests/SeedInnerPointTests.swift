import Detector
import Digitization
import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// The seed's fifth point inside its bottom (``SeedInnerPoint``,
/// ``TrackingConfig/requireSeedInnerPoint``): a real track's own inner point lies within
/// the tolerance, and the check loses no single-particle track. (The check is off by
/// default — see the option — so these tests switch it on.)
final class SeedInnerPointTests: XCTestCase {
    let detector = Detector.atlasRun2

    /// Muons (no showers: fast in a debug build; their scattering is a pion's within 0.5 % at
    /// these momenta) at pT = 1 GeV (near the 0.9 GeV seed cut, scattering-dominated) and
    /// 10 GeV (point-error-dominated), |η| < 2.5, gun seed 12345. For every seed of the muon's
    /// own three points (found without the check), each own space point on a surface inside
    /// the bottom that the prediction crosses is compared with it: the squared normalised
    /// residuals (transverse and along z) must exceed 4² — the seeding's cut — in at most
    /// 1 % of the points, and the transverse pulls' r.m.s. must stay below 1.15 (the issue's
    /// pull-width tolerance: the σ is not underestimated). At 1 GeV, where scattering
    /// dominates, the prediction allows two layers' scattering at 0.9 GeV for a point that sees
    /// about one layer's at 1 GeV, so the r.m.s. should be ≈ 0.9/√2 ≈ 0.64 — asserted within
    /// [0.5, 0.9], so a tolerance grown far beyond the physics (one that rejects nothing)
    /// fails too; at 10 GeV the point errors dominate and the r.m.s. is far below 1 by design
    /// (the scattering term is kept at the pT cut). Then the track finder with and without the
    /// check finds the same muons.
    func testRealTracksHaveTheirInnerPointWithinTolerance() throws {
        let surfaces = detector.trackerSurfaces
        var config = TrackingConfig()
        config.requireSeedInnerPoint = false
        let layers = SeedingLayers(detector: detector, zRangeMM: config.beamSpotSigmaZmm * config.collisionRegionSigmas + 10,
                                   bottomSkipsSurface: false)
        let finder = SeedFinder(config: config, layers: layers, fieldTesla: detector.fieldTesla)
        let kink = SeedFinder.kinkTheta0(surfaces, momentumGeV: config.minSeedPtGeV)
        for pt in [1.0, 10.0] {
            var compared = 0, outside = 0, sumT2 = 0.0, sumT2n = 0
            var foundWith = 0, foundWithout = 0
            for n in 0..<60 {
                let event = TrackingValidation.singleParticleEvent(pdgID: 13, ptGeV: pt, etaRange: -2.5...2.5, seed: 12345, eventNumber: n)
                let raw = TrackingValidation.digitize(event, detector: detector, seed: 12345)
                let ec = EventClusters(raw.trackerClusters, detector: detector)
                let sps = SpacePoint.build(ec, detector: detector)
                func own(_ p: SpacePoint) -> Bool {
                    raw.trackerClusters[Int(p.cluster0)].truthParticle == 0
                        && (p.cluster1 < 0 || raw.trackerClusters[Int(p.cluster1)].truthParticle == 0)
                }
                for seed in finder.seeds(sps, detector: detector) {
                    let b = sps[Int(seed.bottom)], m = sps[Int(seed.middle)], t = sps[Int(seed.top)]
                    guard own(b), own(m), own(t) else { continue }
                    let prediction = SeedInnerPoint(bottom: b, middle: m, top: t, theta0Bottom: kink[Int(b.surface)],
                                                    theta0Middle: kink[Int(m.surface)], bottomOnDisc: !surfaces[Int(b.surface)].isBarrel,
                                                    middleOnDisc: !surfaces[Int(m.surface)].isBarrel)
                    for s in layers.below[Int(b.surface)] where prediction.crossing(surfaces[s]) != nil {
                        for p in sps where Int(p.surface) == s && own(p) {
                            let q = prediction.normalisedResiduals(p)
                            compared += 1
                            if max(q.t, q.z) > 16 { outside += 1 }
                            sumT2 += q.t; sumT2n += 1
                        }
                    }
                }
                func found(_ c: TrackingConfig) -> Bool {
                    TrackFinder(config: c)(raw, in: detector).tracks.contains { $0.truthParticle == 0 && $0.truthMatchFraction >= 0.5 }
                }
                var withCheck = TrackingConfig()
                withCheck.requireSeedInnerPoint = true
                if found(withCheck) { foundWith += 1 }
                if found(config) { foundWithout += 1 }
            }
            XCTAssertGreaterThan(compared, 100, "pT \(pt): too few inner points compared")
            let fraction = Double(outside) / Double(max(compared, 1))
            let rms = (sumT2 / Double(max(sumT2n, 1))).squareRoot()
            print(String(format: "pT %.0f GeV: %d inner points, %.2f %% beyond 4σ, transverse pull r.m.s. %.2f; found %d with, %d without the check",
                         pt, compared, 100 * fraction, rms, foundWith, foundWithout))
            XCTAssertLessThanOrEqual(fraction, 0.01, "pT \(pt)")
            XCTAssertLessThan(rms, 1.15, "pT \(pt)")
            if pt == 1 { XCTAssertEqual(rms, 0.7, accuracy: 0.2, "pT \(pt)") }
            XCTAssertEqual(foundWith, foundWithout, "pT \(pt)")
        }
    }
}
