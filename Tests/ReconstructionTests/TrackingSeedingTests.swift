import Detector
import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// The seeding's surface links and the option that lets a seed's bottom point skip a
/// surface (``TrackingConfig/seedBottomMaySkipSurface``).
final class TrackingSeedingTests: XCTestCase {
    let detector = Detector.atlasRun2

    /// Barrel indices of the built-in card (DetectorCard+ATLASRun2.swift): 1 IBL, 2–4 pixel
    /// layers, 6–9 strip layers. Without skipping, a bottom is on the surface adjacent to the
    /// middle along some line from the collision region; with it, also on the one before.
    /// Tops may always skip one (the confirming fourth point needs two top surfaces).
    func testBottomLinksAreAdjacentUnlessSkippingIsAllowed() {
        let zRange = 190.0
        let adjacent = SeedingLayers(detector: detector, zRangeMM: zRange, bottomSkipsSurface: false)
        let skipping = SeedingLayers(detector: detector, zRangeMM: zRange, bottomSkipsSurface: true)
        XCTAssertEqual(adjacent.inner[2], [1])
        XCTAssertEqual(adjacent.inner[4], [3])
        XCTAssertEqual(skipping.inner[4], [2, 3])
        XCTAssertEqual(adjacent.inner[7], [6])
        XCTAssertEqual(skipping.inner[7], [4, 6])
        XCTAssertTrue(adjacent.outer[2].contains(3) && adjacent.outer[2].contains(4))
        XCTAssertEqual(adjacent.outer.map { $0 }, skipping.outer.map { $0 })
        for m in adjacent.inner.indices {
            XCTAssertTrue(Set(adjacent.inner[m]).isSubset(of: Set(skipping.inner[m])), "surface \(m)")
        }
    }

    /// A 100 GeV muon (gun seed 12345, event 46: η = −0.49) that leaves no cluster on the
    /// third pixel layer nor on the axial side of the first strip layer (found by
    /// `validate tracking`, whose guns it belongs to). Every confirmed seed of it needs a
    /// bottom one surface in from its middle, so it is found only with skipping allowed —
    /// the price of the default, stated in TrackingConfig.
    func testATrackMissingTwoPointsNeedsSkippingBottoms() {
        let event = TrackingValidation.singleParticleEvent(pdgID: 13, ptGeV: 100, etaRange: -1...1, seed: 12345, eventNumber: 46)
        let raw = TrackingValidation.digitize(event, detector: detector, seed: 12345)
        let ownSurfaces = Set(raw.trackerClusters.filter { $0.truthParticle == 0 }.map(\.surface))
        XCTAssertFalse(ownSurfaces.contains(3), "the muon should miss the third pixel layer")
        var config = TrackingConfig()
        config.seedBottomMaySkipSurface = true
        let found = TrackFinder(config: config)(raw, in: detector).tracks
        XCTAssertEqual(found.filter { $0.truthParticle == 0 && $0.truthMatchFraction >= 0.5 }.count, 1)
        XCTAssertEqual(found[0].pt, 100, accuracy: 10)
        let lost = TrackFinder()(raw, in: detector).tracks
        XCTAssertTrue(lost.isEmpty)
    }
}
