import Foundation
import XCTest
@testable import Detector
import EventModel

/// Fast look-ups on the built detector: cells from (η, φ), surfaces crossed by lines
/// and helices, calorimeter depth along a ray.
final class DetectorGeometryTests: XCTestCase {
    let detector = Detector.atlasRun2

    func testCellCountIsATLASLike() {
        // ATLAS has ≈ 188 000 calorimeter cells (S08003 §5.1); one granularity per
        // |η| band here gives the same order of magnitude.
        XCTAssertGreaterThan(detector.cells.count, 100_000)
        XCTAssertLessThan(detector.cells.count, 300_000)
    }

    /// The per-cell region table agrees with the search through the volume layout, for
    /// every cell of the detector.
    func testRegionTableMatchesTheLayoutSearch() {
        for id in 0..<detector.cells.count {
            let k = detector.cells.regionIndex(of: CellID(id))
            guard k == detector.cells.searchRegionIndex(of: CellID(id)) else {
                return XCTFail("cell \(id): table says region \(k), search \(detector.cells.searchRegionIndex(of: CellID(id)))")
            }
        }
    }

    /// Moving outward, a helix's next layer below its turning radius is found without the
    /// inner candidates: the crossings of a p_T = 0.25 GeV track from the origin are the
    /// layers in order of radius, each once, up to where it turns back (r_max = 2R =
    /// 2 p_T/(0.3 B) = 834 mm, between TRT layers 1 and 2).
    func testOutwardHelixMeetsTheLayersInOrderUpToItsTurningRadius() {
        let helix = Helix(position: .zero, momentum: Vector3(0.25, 0, 0.05), charge: 1, fieldTesla: detector.fieldTesla)
        XCTAssertEqual(helix.maximumRadius, 2 * 0.25 / (Helix.momentumPerTeslaMM * 2), accuracy: 1e-6)
        let barrel = detector.trackerCrossings(of: helix, maxCrossings: 64).filter { detector.trackerSurfaces[$0.surface].isBarrel }
        let expected = detector.trackerSurfaces.filter {
            if case let .cylinder(r, _) = $0.shape { return r <= helix.maximumRadius } else { return false }
        }.count
        XCTAssertEqual(expected, 12)   // beam pipe … TRTB1 (820 mm)
        let outward = barrel.prefix(expected).map { $0.position.perp }
        XCTAssertEqual(outward, outward.sorted())
        XCTAssertEqual(Set(barrel.prefix(expected).map(\.surface)).count, expected)
        // Then it turns at 834 mm and comes back through TRTB1.
        XCTAssertEqual(barrel[expected].surface, barrel[expected - 1].surface)
    }

    func testCellLookupRoundTrips() {
        var rng = RandomStream(seed: 1, event: 0, stage: .simulation)
        for (v, volume) in detector.card.calorimeter.volumes.enumerated() where volume.kind != .passive {
            for _ in 0..<200 {
                let region = volume.regions[Int(rng.uniform01() * Double(volume.regions.count))]
                let absEta = rng.uniform(region.etaMin, region.etaMax)
                let eta = rng.uniform01() < 0.5 ? absEta : -absEta
                let phi = rng.uniform(-Double.pi, Double.pi)
                guard let id = detector.cells.cellID(volume: v, eta: eta, phi: phi) else {
                    return XCTFail("no cell in \(volume.name) at η = \(eta)")
                }
                XCTAssertLessThan(Int(id), detector.cells.count)
                let cell = detector.cells.cell(id)
                XCTAssertEqual(cell.volume, v)
                XCTAssertLessThanOrEqual(abs(cell.eta - eta), cell.deltaEta / 2 + 1e-9, volume.name)
                XCTAssertLessThanOrEqual(abs(deltaPhi(cell.phi, phi)), cell.deltaPhi / 2 + 1e-9, volume.name)
            }
        }
    }

    func testEMBMiddleCellNumbering() {
        let v = detector.volumeIndex(named: "EMB2")!
        let a = detector.cells.cellID(volume: v, eta: 0.01, phi: -Double.pi + 0.001)!
        let b = detector.cells.cellID(volume: v, eta: 0.03, phi: -Double.pi + 0.001)!
        let c = detector.cells.cellID(volume: v, eta: 0.01, phi: -Double.pi + 0.03)!
        XCTAssertEqual(b - a, 256)   // next η cell: nφ = 256 further
        XCTAssertEqual(c - a, 1)     // next φ cell
        XCTAssertNil(detector.cells.cellID(volume: v, eta: 1.48, phi: 0))   // crack beyond |η| = 1.475
        XCTAssertNotEqual(detector.cells.cellID(volume: v, eta: 0.5, phi: 0), detector.cells.cellID(volume: v, eta: -0.5, phi: 0))
    }

    func testStraightLineAtEtaZeroCrossesEveryBarrelLayerInOrder() {
        let line = Helix(position: .zero, direction: Vector3(1, 0, 0), curvature: 0)
        let crossings = detector.trackerCrossings(of: line)
        let names = crossings.map { detector.trackerSurfaces[$0.surface].name }
        XCTAssertEqual(names, detector.card.tracker.barrel.map(\.name))
        for c in crossings { XCTAssertEqual(c.position.perp, c.pathLength, accuracy: 1e-9) }
    }

    func testForwardLineCrossesDiscs() {
        // η = 2.2: misses the barrel beyond the pixels and crosses SCT discs.
        let d = FourVector(pt: 1, eta: 2.2, phi: 0.3, mass: 0).p3.unit
        let crossings = detector.trackerCrossings(of: Helix(position: .zero, direction: d, curvature: 0))
        let discs = crossings.filter { !detector.trackerSurfaces[$0.surface].isBarrel }
        XCTAssertGreaterThanOrEqual(discs.count, 3)
        XCTAssertTrue(crossings.map(\.pathLength) == crossings.map(\.pathLength).sorted())
    }

    /// pT = 0.299792458 · B · R: a 1 GeV track in 2 T has R = 1667.8 mm, and reaches
    /// radius r after a transverse arc 2R·asin(r/2R).
    func testHelixCrossingsFollowTheCircle() {
        let p = Vector3(1, 0, 0.5)
        let helix = Helix(position: .zero, momentum: p, charge: 1, fieldTesla: 2)
        XCTAssertEqual(1 / abs(helix.curvature), 1 / (0.299_792_458e-3 * 2), accuracy: 1e-6)
        let R = 1 / abs(helix.curvature)
        let crossings = detector.trackerCrossings(of: helix)
        XCTAssertFalse(crossings.isEmpty)
        for c in crossings where detector.trackerSurfaces[c.surface].isBarrel {
            let r = c.position.perp
            XCTAssertEqual(r, detector.trackerSurfaces[c.surface].radiusOrZ, accuracy: 1e-6)
            let sT = 2 * R * asin(r / (2 * R))
            XCTAssertEqual(c.pathLength * p.perp / p.mag, sT, accuracy: 1e-6)
            XCTAssertLessThan(c.position.y, 0)   // positive charge bends clockwise in +Bz
        }
    }

    func testLowMomentumTrackLoopsInsideTheTracker() {
        // pT = 0.2 GeV: 2R = 667 mm < 1150 mm, it never leaves through the barrel.
        let helix = Helix(position: .zero, momentum: Vector3(0.2, 0, 0.01), charge: -1, fieldTesla: 2)
        XCTAssertGreaterThan(detector.pathToTrackerExit(helix), 2 * Double.pi / abs(helix.curvature))
        let crossings = detector.trackerCrossings(of: helix, maxCrossings: 20)
        XCTAssertEqual(crossings.count, 20)
        XCTAssertTrue(crossings.allSatisfy { $0.position.perp < 667.2 })
    }

    /// Depth at η = 0: EM barrel > 22 X0, Tile 7.4 λ (S08003 §5.1, §5.3).
    func testCalorimeterDepthAtEtaZero() {
        let segments = detector.calorimeterSegments(origin: .zero, direction: Vector3(0, 1, 0))
        let names = segments.map { detector.card.calorimeter.volumes[$0.volume].name }
        XCTAssertEqual(names, ["SolenoidCryostatBarrelInner", "PreSamplerB", "CryostatGapBarrel", "EMB1", "EMB2", "EMB3",
                               "CryostatBarrelOuter", "TileBar0", "TileBar1", "TileBar2", "TileGirderBarrel"])
        var emX0 = 0.0, tileLambda = 0.0
        for s in segments {
            let v = detector.card.calorimeter.volumes[s.volume]
            if v.name.hasPrefix("EMB") { emX0 += s.length / v.radiationLengthMM }
            if v.name.hasPrefix("TileBar") { tileLambda += s.length / v.interactionLengthMM }
        }
        XCTAssertEqual(emX0, 22.3, accuracy: 0.5)
        XCTAssertEqual(tileLambda, 7.4, accuracy: 0.05)
    }

    func testEndcapRayCrossesEMECThenHEC() {
        let d = FourVector(pt: 1, eta: 2.0, phi: 1, mass: 0).p3.unit
        let names = detector.calorimeterSegments(origin: .zero, direction: d)
            .map { detector.card.calorimeter.volumes[$0.volume].name }
        XCTAssertEqual(Array(names.prefix(4)), ["CryostatEndcapFront", "EME1", "EME2", "EME3"])
        XCTAssertTrue(names.contains("HEC0"))
    }

    func testRayFromInsideTheTileGoingInwardCrossesTheEMFromOutside() {
        let start = Vector3(0, 2_500, 0)
        let segments = detector.calorimeterSegments(origin: start, direction: Vector3(0, -1, 0))
        let names = segments.prefix(4).map { detector.card.calorimeter.volumes[$0.volume].name }
        XCTAssertEqual(names, ["TileBar0", "CryostatBarrelOuter", "EMB3", "EMB2"])
        XCTAssertEqual(segments[0].entry, 0)
        XCTAssertEqual(detector.cellID(at: start).map { detector.cells.cell($0).volume }, detector.volumeIndex(named: "TileBar0"))
    }

    func testMuonStationsAtEtaZero() {
        let crossings = detector.muonCrossings(origin: .zero, direction: Vector3(1, 0, 0))
        XCTAssertEqual(crossings.map { detector.muonSurfaces[$0.surface].name },
                       ["BI", "BI", "BI", "BM", "BM", "BM", "BO", "BO", "BO"])
    }
}

/// The series used for a helix's small turning angles agrees with the library's sin and
/// cos to a few ulp on both sides of the switch at |x| = 0.1.
final class SinCosTests: XCTestCase {
    func testSinCosMatchesLibrary() {
        for x in [0.0, 1e-9, -2e-6, 3e-4, -0.004, 0.031, -0.0625, 0.0999, -0.0999, 0.1, 0.5, -2.0] {
            let (s, c) = sinCos(x)
            XCTAssertEqual(s, sin(x), accuracy: 4 * abs(sin(x)).ulp + 1e-300, "sin, x = \(x)")
            XCTAssertEqual(c, cos(x), accuracy: 4 * abs(cos(x)).ulp, "cos, x = \(x)")
        }
    }
}

/// ``smallAngleAtan2`` (the navigation's and the barrel straws' turning angles) against
/// atan2: within 4 ulp on either side of the switch to the series (|y| = 0.1 x), at tiny
/// angles, and equal to it where the library is used (x ≤ 0 or |y| ≥ 0.1 x).
final class SmallAngleAtan2Tests: XCTestCase {
    func testMatchesTheLibrary() {
        for x in [1.0, 3.7e-3, 812.5, 2.5e6] {
            for ratio in [0.0, 1e-12, -3e-7, 2e-4, -0.0123, 0.05, -0.0999, 0.099_999_999, 0.1, -0.1, 0.7, -5.0] {
                let y = ratio * x
                let angle = smallAngleAtan2(y, x), reference = atan2(y, x)
                XCTAssertEqual(angle, reference, accuracy: 4 * abs(reference).ulp + 1e-300, "y/x = \(ratio), x = \(x)")
                XCTAssertEqual(smallAngleAtan2(y, -x), atan2(y, -x), "x < 0: the library")
            }
        }
    }
}

/// ``AzimuthWalk`` (the straw crossings' azimuths without an atan2 each) against atan2.
final class AzimuthWalkTests: XCTestCase {
    /// 2 000 points along a circle not centred on the beam, steps of 0.2–20 mm (the
    /// series), with jumps of a radian (the library fallback) and passes through ±π:
    /// every azimuth within 10⁻¹³ rad of atan2 and in (−π, π].
    func testWalkFollowsAtan2() {
        var walk = AzimuthWalk()
        var rng = SystemRandomNumberGenerator()
        var angle = 0.0
        let centre = (x: 140.0, y: -90.0), radius = 800.0
        for k in 0..<2_000 {
            angle += k % 250 == 249 ? 1.0 : Double.random(in: 0.000_25...0.025, using: &rng)
            let x = centre.x + radius * cos(angle), y = centre.y + radius * sin(angle)
            let phi = walk.azimuth(x: x, y: y)
            XCTAssertEqual(phi, atan2(y, x), accuracy: 1e-13, "point \(k)")
            XCTAssertTrue(phi > -Double.pi && phi <= Double.pi)
        }
    }
}

/// The navigation's pruning (layers and discs dismissed without an intersection) against a
/// search that intersects every surface: the next crossing must be the same surface at the
/// same path length, for prompt and displaced helices of either charge from 50 MeV loopers to
/// 50 GeV, |η| up to 4 (forward tracks pass inside the discs and the short pixel layers).
/// The reference takes every crossing of every cylinder — both points where the helix's
/// circle meets it, on every turn before the envelope exit — from its own formula (the
/// azimuth about the circle's centre by acos, not `Helix.pathToCylinder`), so a track from a
/// displaced vertex that first meets a layer beyond its end and then within it is checked too.
final class NavigationReferenceTests: XCTestCase {
    /// Every path length s in (minimum, limit) at which `helix` is at radius R, in order:
    /// the circle's points at azimuth ψ_C ± acos((R² − d² − ρ²)/(2ρd)) about its centre,
    /// reached after turning angles (ψ − ψ₀)/h + 2πk/|h|.
    static func allPathsToCylinder(_ helix: Helix, radius R: Double, limit: Double, minimum: Double = 1e-6) -> [Double] {
        let d = helix.direction, p = helix.position, h = helix.curvature
        let st = (d.x * d.x + d.y * d.y).squareRoot()
        guard st > 0, h != 0 else { return [] }
        let rho = 1 / abs(h)
        let cx = p.x - (d.y / st) / h, cy = p.y + (d.x / st) / h
        let dc = (cx * cx + cy * cy).squareRoot()
        let c = (R * R - dc * dc - rho * rho) / (2 * rho * dc)
        guard abs(c) <= 1 else { return [] }
        let psiC = atan2(cy, cx), psi0 = atan2(p.y - cy, p.x - cx)
        var out: [Double] = []
        for psi in [psiC + acos(c), psiC - acos(c)] {
            var turn = ((psi - psi0) * (h > 0 ? 1 : -1)).truncatingRemainder(dividingBy: 2 * Double.pi)
            if turn < 0 { turn += 2 * Double.pi }
            // A start on the cylinder itself (the previous crossing): acos is good to only
            // ≈ 10⁻⁸ rad there, so a point within 10⁻⁷ rad of the start is the start, met
            // again after a full turn (as `Helix.pathToCylinder` counts it).
            if turn < 1e-7 || turn > 2 * Double.pi - 1e-7 { turn = 2 * Double.pi }
            var s = turn * rho / st
            while s < limit {
                if s > minimum { out.append(s) }
                s += 2 * Double.pi * rho / st
            }
        }
        return out.sorted()
    }

    /// The nearest crossing of any tracker surface before the envelope exit, by brute force
    /// over every root of every surface.
    func referenceCrossing(_ detector: Detector, _ helix: Helix) -> (surface: Int, path: Double)? {
        var best = detector.pathToTrackerExit(helix)
        var surface = -1
        for (i, s) in detector.trackerSurfaces.enumerated() {
            switch s.shape {
            case let .cylinder(radius, halfLength):
                let limit = best
                for path in Self.allPathsToCylinder(helix, radius: radius, limit: limit)
                where abs(helix.position.z + path * helix.direction.z) <= halfLength {
                    if path < best { best = path; surface = i }
                    break
                }
            case let .disc(z, _, _):
                guard let path = helix.pathToPlane(z: z), path < best,
                      s.shape.contains(helix.point(at: path).position) else { continue }
                best = path
                surface = i
            }
        }
        return surface >= 0 ? (surface, best) : nil
    }

    func testNextCrossingMatchesTheSearchOverAllSurfaces() {
        let detector = Detector.atlasRun2
        var rng = RandomStream(seed: 2024, event: 0, stage: .simulation)
        var steps = 0, forwardSteps = 0
        for _ in 0..<1_000 {
            let pT = exp(rng.uniform(log(0.05), log(50.0)))
            let eta = rng.uniform(-4, 4), phi = rng.uniform(-Double.pi, Double.pi)
            let momentum = Vector3(pT * cos(phi), pT * sin(phi), pT * sinh(eta))
            let start = rng.uniform01() < 0.7
                ? Vector3(rng.gaussian(sigma: 0.02), rng.gaussian(sigma: 0.02), rng.gaussian(sigma: 40))
                : Vector3(rng.uniform(-400, 400), rng.uniform(-400, 400), rng.uniform(-1500, 1500))
            var helix = Helix(position: start, momentum: momentum, charge: rng.uniform01() < 0.5 ? 1 : -1,
                              fieldTesla: detector.fieldTesla)
            var last: Int? = nil
            for _ in 0..<20 {
                let found = detector.nextTrackerCrossing(helix)
                // Told the surface it starts on (as the transport does), the same crossing, bit for bit.
                XCTAssertEqual(detector.nextTrackerCrossing(helix, after: last), found)
                let reference = referenceCrossing(detector, helix)
                XCTAssertEqual(found?.surface, reference?.surface, "pT \(pT) η \(eta) from \(helix.position)")
                guard let found, let reference, found.surface == reference.surface else { break }
                // acos near a tangent point is good to ≈ 10⁻⁸ of the radius of curvature only.
                XCTAssertEqual(found.pathLength, reference.path, accuracy: 1e-6 * max(1, reference.path))
                steps += 1
                if abs(eta) > 2.5 { forwardSteps += 1 }
                helix = Helix(position: found.position, direction: found.direction, curvature: helix.curvature)
                last = found.surface
            }
        }
        XCTAssertGreaterThan(steps, 3_000)
        XCTAssertGreaterThan(forwardSteps, 100)
    }

    /// A π⁺ of pT = 2 GeV from a displaced vertex at r = 300 mm, z = 900 mm (beyond SCTB0's
    /// half-length, 749 mm) heading inwards and back towards z = 0: it touches SCTB0's radius
    /// at once (s ≈ 2 mm, z ≈ 899 mm, outside the layer), dips to r ≈ 245 mm and meets SCTB0
    /// again within its length. Reference: the helix sampled and bisected for r = 299 mm
    /// in an independent script (s = 407.5547 mm, z = 666.28 mm); no surface comes between
    /// (SCTD0 at |z| = 853.8 mm is passed at r ≈ 266 mm, inside its 275 mm inner radius).
    /// The nearer-root search took SCTB1 at s ≈ 534 mm instead.
    func testDisplacedTrackBeyondALayerEndMeetsItsLaterCrossing() throws {
        let detector = Detector.atlasRun2
        let phi = 126.87 * Double.pi / 180
        let helix = Helix(position: Vector3(300, 0, 900), momentum: Vector3(2 * cos(phi), 2 * sin(phi), -1.4),
                          charge: 1, fieldTesla: detector.fieldTesla)
        XCTAssertEqual(detector.fieldTesla, 2, "the reference assumes the 2 T solenoid")
        let crossing = try XCTUnwrap(detector.nextTrackerCrossing(helix))
        XCTAssertEqual(detector.trackerSurfaces[crossing.surface].name, "SCTB0")
        XCTAssertEqual(crossing.pathLength, 407.5547, accuracy: 1e-3)
        XCTAssertEqual(crossing.position.z, 666.283, accuracy: 1e-2)
        XCTAssertEqual(crossing.position.perp, 299, accuracy: 1e-6)
        // The same from the far side in z, with the opposite charge (the mirror image).
        let mirrored = Helix(position: Vector3(300, 0, -900), momentum: Vector3(2 * cos(-phi), 2 * sin(-phi), 1.4),
                             charge: -1, fieldTesla: detector.fieldTesla)
        let back = try XCTUnwrap(detector.nextTrackerCrossing(mirrored))
        XCTAssertEqual(detector.trackerSurfaces[back.surface].name, "SCTB0")
        XCTAssertEqual(back.pathLength, 407.5547, accuracy: 1e-3)
        XCTAssertEqual(back.position.z, -666.283, accuracy: 1e-2)
    }

    /// `Helix.pathToCylinder(radius:after:)` against the exhaustive list: the first of all
    /// crossings beyond a given path, for loopers and stiff tracks.
    func testPathToCylinderAfterIsTheFirstCrossingBeyond() {
        var rng = RandomStream(seed: 77, event: 1, stage: .simulation)
        var checked = 0
        for _ in 0..<2_000 {
            let pT = exp(rng.uniform(log(0.05), log(5.0)))
            let phi = rng.uniform(-Double.pi, Double.pi)
            let helix = Helix(position: Vector3(rng.uniform(-300, 300), rng.uniform(-300, 300), 0),
                              momentum: Vector3(pT * cos(phi), pT * sin(phi), rng.uniform(-2, 2)),
                              charge: rng.uniform01() < 0.5 ? 1 : -1, fieldTesla: 2)
            let radius = rng.uniform(20, 600), after = rng.uniform(0, 3_000)
            // Two turns beyond `after` hold the first crossing after it, if there is one.
            let d = helix.direction
            let turn = 2 * Double.pi / abs(helix.curvature) / (d.x * d.x + d.y * d.y).squareRoot()
            let all = Self.allPathsToCylinder(helix, radius: radius, limit: after + 2 * turn + 1, minimum: after)
            let found = helix.pathToCylinder(radius: radius, after: after)
            XCTAssertEqual(found == nil, all.isEmpty, "pT \(pT) R \(radius) after \(after)")
            if let found, let first = all.first {
                XCTAssertEqual(found, first, accuracy: 1e-6 * max(1, first))
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 500)
    }
}
