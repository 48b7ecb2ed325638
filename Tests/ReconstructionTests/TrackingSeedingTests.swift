import Detector
import Digitization
import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// The seeding's surface links and the option that lets a seed's bottom point skip a
/// surface (``TrackingConfig/seedBottomMaySkipSurface``); where following a seed stops
/// (``TrackingConfig/maxConsecutiveHoles``).
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

    /// Following stops at two holes in a row past the last cluster
    /// (``TrackingConfig/maxConsecutiveHoles``): a 10 GeV muon (gun seed 12345, |η| < 1)
    /// whose clusters on both sides of the third strip layer (surface 8) are removed ends on
    /// the second strip layer by default, and, allowed three holes in a row, goes on to pick
    /// up the fourth (surface 9) with two holes on the track (within `maxHoles`).
    func testFollowingStopsAtTwoHolesInARow() throws {
        var chosen: RawEvent?
        for n in 0..<20 {
            let event = TrackingValidation.singleParticleEvent(pdgID: 13, ptGeV: 10, etaRange: -0.5...0.5, seed: 12345, eventNumber: n)
            let raw = TrackingValidation.digitize(event, detector: detector, seed: 12345)
            let own = raw.trackerClusters.filter { $0.truthParticle == 0 }
            // Both sides of every strip layer: 2 clusters each on surfaces 6–9.
            if (6...9).allSatisfy({ s in own.filter { $0.surface == s }.count == 2 }) { chosen = raw; break }
        }
        var raw = try XCTUnwrap(chosen, "no gun event with both sides of every strip layer")
        raw.trackerClusters = raw.trackerClusters.map { c in
            var c = c
            // Move the muon's clusters on surface 8 out of reach (a dead module) rather than
            // delete them, so that cluster indices and the truth of the others stay.
            if c.truthParticle == 0 && c.surface == 8 { c.surface = 0 }
            return c
        }
        func muonTrack(_ config: TrackingConfig) -> Track? {
            TrackFinder(config: config)(raw, in: detector).tracks.first { $0.truthParticle == 0 && $0.truthMatchFraction >= 0.5 }
        }
        let surfaceOf: (Int32) -> Int32 = { raw.trackerClusters[Int($0)].surface }
        let stopped = try XCTUnwrap(muonTrack(TrackingConfig()))
        XCTAssertFalse(stopped.clusters.contains { surfaceOf($0) == 9 })
        XCTAssertEqual(stopped.holes, 0)
        var config = TrackingConfig()
        config.maxConsecutiveHoles = 3
        let continued = try XCTUnwrap(muonTrack(config))
        XCTAssertEqual(continued.clusters.filter { surfaceOf($0) == 9 }.count, 2)
        XCTAssertEqual(continued.holes, 2)
    }
}
