import Detector
import Digitization
import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// The seeding's φ windows (``SeedFinder/maxDeltaPhi(inner:outer:minRadius:d0Max:)`` plus
/// ``TrackingConfig/seedPhiWindowMarginRad``): every pair of points of a circle that passes
/// the triplet's cuts (radius ≥ R_min, |d0| ≤ d0_max) lies within them, so the margin can be
/// small without losing a seed.
final class SeedPhiWindowTests: XCTestCase {
    let detector = Detector.atlasRun2

    /// Exact circles, independent of the seeding's asin formula: a circle of radius R whose
    /// centre lies D = R + d0 from the beam line meets the cylinder of radius r at an angle α
    /// from the centre's direction with cos α = (r² + D² − R²) / (2 r D) (law of cosines), so
    /// between two radii the point moves by α(r₁) − α(r₂). Scanned over R from R_min to
    /// 10⁴ R_min and d0 over ± d0_max, for the barrel layer pairs of the built-in card (IBL
    /// to the last strip layer) and a disc-like pair at small radius: the largest |Δφ| must
    /// stay within the formula plus the margin, and exceed the formula by less than 10⁻⁴ rad
    /// (measured ≤ 5 × 10⁻⁵: the d0 × curvature cross term the formula leaves out) — so the
    /// default 1 mrad margin covers it twentyfold — while reaching the formula within 10⁻⁴
    /// (the bound is tight: it is the windows' physics, not a loose guess).
    func testWindowsHoldEveryCircleThatPassesTheTripletCuts() {
        let config = TrackingConfig()
        let k = Helix.momentumPerTeslaMM * abs(detector.fieldTesla)
        let minRadius = config.minSeedPtGeV / k
        let d0Max = config.maxSeedD0mm
        func alpha(_ r: Double, _ radius: Double, _ d0: Double) -> Double {
            let d = radius + d0
            return acos(min(max((r * r + d * d - radius * radius) / (2 * r * d), -1), 1))
        }
        let radii: [Double] = detector.trackerSurfaces.compactMap { s in
            guard s.technology != .passive, case let .cylinder(r, _) = s.shape else { return nil }
            return r
        }.sorted()
        XCTAssertGreaterThanOrEqual(radii.count, 8)
        var pairs = zip(radii, radii.dropFirst()).map { ($0, $1) }
        pairs += zip(radii, radii.dropFirst(2)).map { ($0, $1) }
        pairs.append((40, 60))
        for (r1, r2) in pairs {
            let bound = SeedFinder.maxDeltaPhi(inner: r1, outer: r2, minRadius: minRadius, d0Max: d0Max)
            var largest = 0.0
            for factor in [1.0, 1.0001, 1.001, 1.01, 1.1, 1.5, 2, 5, 10, 100, 1e4] {
                for j in -50...50 {
                    let d0 = d0Max * Double(j) / 50
                    largest = max(largest, abs(alpha(r1, minRadius * factor, d0) - alpha(r2, minRadius * factor, d0)))
                }
            }
            XCTAssertLessThanOrEqual(largest, bound + config.seedPhiWindowMarginRad, "r \(r1) → \(r2)")
            XCTAssertLessThan(largest - bound, 1e-4, "r \(r1) → \(r2)")
            XCTAssertGreaterThan(largest, bound - 1e-4, "r \(r1) → \(r2)")
        }
    }

    /// The seeds of a busy event are the same with the default margin and with the 10 mrad
    /// it replaced: 150 muons (no showers: quick in a debug build) of pT 0.7–5 GeV over
    /// |η| < 2.5 from the origin, which give thousands of doublet candidates of mixed
    /// particles. Equal lists (points, curvature, quality, confirmation) — the narrower windows
    /// only drop candidates that could never become a seed.
    func testNarrowMarginKeepsTheSeedsOfABusyEvent() throws {
        var rng = RandomStream(seed: 777, event: 0, stage: .particleGun)
        var event = GenEvent(eventNumber: 0, weights: [1])
        for n in 0..<150 {
            let pt = rng.uniform(0.7, 5), eta = rng.uniform(-2.5, 2.5), phi = rng.uniform(-Double.pi, Double.pi)
            let id = n % 2 == 0 ? 13 : -13
            let mass = ParticleTable.pdg2024.massGeV(of: id) ?? 0
            event.addParticle(GenParticle(pdgID: id, status: 1, momentum: FourVector(pt: pt, eta: eta, phi: phi, mass: mass),
                                          generatedMass: mass))
        }
        let raw = TrackingValidation.digitize(event, detector: detector, seed: 777)
        let ec = EventClusters(raw.trackerClusters, detector: detector)
        let sps = SpacePoint.build(ec, detector: detector)
        XCTAssertGreaterThan(sps.count, 1000)
        func seeds(margin: Double) -> [Seed] {
            var config = TrackingConfig()
            config.seedPhiWindowMarginRad = margin
            let layers = SeedingLayers(detector: detector, zRangeMM: config.beamSpotSigmaZmm * config.collisionRegionSigmas + 10,
                                       bottomSkipsSurface: config.seedBottomMaySkipSurface)
            // In a fixed order: within a middle point the triplets come in cot θ bins, whose
            // number follows the count of top candidates.
            return SeedFinder(config: config, layers: layers, fieldTesla: detector.fieldTesla).seeds(sps, detector: detector)
                .sorted { ($0.middle, $0.bottom, $0.top) < ($1.middle, $1.bottom, $1.top) }
        }
        let narrow = seeds(margin: TrackingConfig().seedPhiWindowMarginRad), wide = seeds(margin: 0.01)
        XCTAssertGreaterThan(wide.count, 100)
        XCTAssertEqual(narrow.count, wide.count)
        for (a, b) in zip(narrow, wide) {
            XCTAssertEqual([a.bottom, a.middle, a.top], [b.bottom, b.middle, b.top])
            XCTAssertEqual(a.quality, b.quality)
            XCTAssertEqual(a.curvature, b.curvature)
            XCTAssertEqual(a.confirmed, b.confirmed)
        }
    }
}
