import Foundation
import XCTest
@testable import Detector
import EventModel

/// The TRT section of the card and the closed-form straw crossings, against the analytic
/// helix: a circle of radius ρ = pT/(0.3 B) from the origin reaches radius R after turning
/// by α = 2 asin(R/2ρ), at azimuth φ₀ ∓ α/2 (the chord's direction) and z = ρ α cot θ.
final class StrawGeometryTests: XCTestCase {
    let card = DetectorCard.atlasRun2
    lazy var straws = StrawGeometry(card: card)!

    /// [S08003] §4.4: 52 544 barrel straws in 73 layers, 122 880 per end-cap (160 planes of 768).
    func testStrawCountsMatchTheDetectorPaper() {
        XCTAssertEqual(straws.barrelLayerCount, 73)
        let barrel = (0..<straws.barrelLayerCount).reduce(0) { $0 + Int(straws.strawCount[$1]) }
        // 6.8 mm pitch around the mean radius: within 6 % of ATLAS's count.
        XCTAssertEqual(Double(barrel), 52_544, accuracy: 0.06 * 52_544)
        XCTAssertEqual(straws.planeZ.count, 160)
        XCTAssertEqual(straws.totalStraws - barrel, 2 * 122_880)
    }

    /// Crossing points of a 5 GeV helix from the origin with every barrel layer, against the
    /// analytic circle (positions to 1 µm, path lengths to 1 µm).
    func testBarrelCrossingsFollowTheAnalyticHelix() {
        // 5 GeV: the outer layers' turning angles carried from layer to layer (the chord
        // beyond 0.1 ρ); 0.6 GeV (ρ = 1 m): all of them, up to 1.1 rad at the last layer.
        for (charge, eta, phi0, pt) in [(1.0, 0.3, 0.4, 5.0), (-1.0, -0.5, 2.9, 5.0), (1.0, 0.0, -1.7, 5.0),
                                        (-1.0, 0.2, 1.1, 0.6)] {
            let theta = 2 * atan(exp(-eta))
            let p = Vector3(pt * cos(phi0), pt * sin(phi0), pt / tan(theta))
            let helix = Helix(position: .zero, momentum: p, charge: charge, fieldTesla: 2)
            let rho = pt / (Helix.momentumPerTeslaMM * 2)
            var out: [StrawCrossing] = []
            // A road of 10 mm: the nearest wire and both neighbours of every layer.
            straws.appendCrossings(of: helix, maxPath: 10_000, within: 10, into: &out)
            var seen = Set<Int32>()
            for c in out where straws.isBarrel(layer: Int(c.layer)) {
                seen.insert(c.layer)
                let radius = straws.barrelRadii[Int(c.layer)]
                let alpha = 2 * asin(radius / (2 * rho))
                // A positive charge turns clockwise in +Bz: φ decreases.
                let phi = phi0 - charge * alpha / 2
                XCTAssertEqual(c.position.x, radius * cos(phi), accuracy: 1e-3)
                XCTAssertEqual(c.position.y, radius * sin(phi), accuracy: 1e-3)
                XCTAssertEqual(c.position.z, rho * alpha / tan(theta), accuracy: 1e-3)
                XCTAssertEqual(c.path, rho * alpha / sin(theta), accuracy: 1e-3)
                // The direction there has turned by α.
                XCTAssertEqual(atan2(c.direction.y, c.direction.x), remainder(phi0 - charge * alpha, 2 * .pi), accuracy: 1e-9)
            }
            XCTAssertEqual(seen.count, 73, "every barrel layer crossed at η = \(eta)")
        }
    }

    /// The signed distance of a reported straw is the distance of closest approach of the
    /// helix itself to the wire (found by sampling the helix every 1 µm around the
    /// crossing), to 1 µm; only straws closer than the straw radius are reported.
    func testDistanceIsTheClosestApproachToTheWire() {
        let helix = Helix(position: Vector3(0.01, -0.02, 3), momentum: Vector3(0.8, 1.1, 0.9), charge: -1, fieldTesla: 2)
        var out: [StrawCrossing] = []
        straws.appendCrossings(of: helix, maxPath: 10_000, into: &out)
        XCTAssertGreaterThan(out.count, 30)
        for c in out.prefix(40) {
            XCTAssertLessThan(abs(c.distance), straws.response.strawRadiusMM)
            let layer = Int(c.layer), phiW = straws.wirePhi(layer: layer, straw: Int(c.straw))
            var best = Double.infinity
            for k in -4_000...4_000 {
                let q = helix.point(at: c.path + Double(k) * 1e-3).position
                let d: Double
                if straws.isBarrel(layer: layer) {
                    let r = straws.barrelRadii[layer]
                    d = hypot(q.x - r * cos(phiW), q.y - r * sin(phiW))
                } else {
                    // Distance to the radial line through the beam at azimuth φ_w, in the plane.
                    d = hypot(q.x * sin(phiW) - q.y * cos(phiW), q.z - c.position.z)
                }
                best = min(best, d)
            }
            XCTAssertEqual(abs(c.distance), best, accuracy: 1e-3, "layer \(layer)")
        }
    }

    /// A stiff track from the beam line crosses ≈ 73 × 4/6.8 ≈ 43 barrel straws (the
    /// fraction of each layer's circumference covered by straws); averaged over 200
    /// azimuths, within ± 3.
    func testBarrelStrawsPerTrack() {
        var total = 0
        for k in 0..<200 {
            let phi = Double(k) * 0.031_4
            let helix = Helix(position: .zero, momentum: Vector3(50 * cos(phi), 50 * sin(phi), 5), charge: 1, fieldTesla: 2)
            var out: [StrawCrossing] = []
            straws.appendCrossings(of: helix, maxPath: 10_000, into: &out)
            total += out.count
        }
        XCTAssertEqual(Double(total) / 200, 73 * 4 / 6.8, accuracy: 3)
    }

    /// End-cap planes: the crossing is where the helix reaches the plane's z
    /// (Helix.pathToPlane and point(at:)), within the planes' radii, on the side it travels to.
    func testEndcapCrossingsAreOnThePlanes() {
        for sign in [1.0, -1.0] {
            let helix = Helix(position: .zero, momentum: Vector3(3, 1, sign * 9), charge: 1, fieldTesla: 2)
            var out: [StrawCrossing] = []
            straws.appendCrossings(of: helix, maxPath: 10_000, within: 10, into: &out)
            let endcap = out.filter { !straws.isBarrel(layer: Int($0.layer)) }
            XCTAssertGreaterThan(endcap.count, 40)
            for c in endcap {
                let (j, side) = straws.plane(ofLayer: Int(c.layer))
                XCTAssertEqual(side, sign)
                XCTAssertEqual(c.position.z, side * straws.planeZ[j], accuracy: 1e-9)
                let s = helix.pathToPlane(z: c.position.z)!
                XCTAssertEqual(c.path, s, accuracy: 1e-9)
                let q = helix.point(at: s).position
                XCTAssertEqual(hypot(q.x - c.position.x, q.y - c.position.y), 0, accuracy: 1e-9)
                XCTAssertGreaterThanOrEqual(q.perp, straws.planeRMin[j])
                XCTAssertLessThanOrEqual(q.perp, straws.planeRMax[j])
            }
        }
    }

    /// A soft track (pT = 0.9 GeV, ρ = 1.5 m) turns by up to ≈ 0.7 rad before the last plane:
    /// the point at each plane, carried from plane to plane, is the helix's own (to 1 nm),
    /// and every reported distance is the closed-form distance to that wire (``signedDistance``),
    /// from both ends of the detector.
    func testEndcapCrossingsOfASoftTrack() {
        for (charge, sign) in [(1.0, 1.0), (-1.0, -1.0)] {
            let helix = Helix(position: Vector3(0.3, -0.2, 10), momentum: Vector3(0.5, 0.75, sign * 1.5), charge: charge,
                              fieldTesla: 2)
            var out: [StrawCrossing] = []
            straws.appendCrossings(of: helix, maxPath: 10_000, within: 10, into: &out)
            let endcap = out.filter { !straws.isBarrel(layer: Int($0.layer)) }
            XCTAssertGreaterThan(endcap.count, 50)
            for c in endcap {
                let q = helix.point(at: c.path)
                XCTAssertEqual((q.position - c.position).mag, 0, accuracy: 1e-6)
                XCTAssertEqual((q.direction - c.direction).mag, 0, accuracy: 1e-9)
                let d = straws.signedDistance(layer: Int(c.layer), straw: Int(c.straw), position: q.position,
                                              direction: q.direction)
                XCTAssertEqual(c.distance, d, accuracy: 1e-6)
                XCTAssertLessThan(abs(c.distance), 10)
            }
        }
    }

    /// The end-cap planes a helix passes within their radii are exactly those found plane by
    /// plane with the helix's own point (every plane in range reports a wire within 10 mm):
    /// soft tracks that leave the planes' outer radius and come back in after their farthest
    /// point, stiff ones that leave for good, from the beam spot and displaced, both charges
    /// and both ends. (The reference for any pruning of the plane walk: a version that skipped
    /// the planes between leaving and the farthest point passed it, one that resumed 300 mm
    /// late failed it.)
    func testEndcapPlanesMatchAPlaneByPlaneSearch() {
        var rng = RandomStream(seed: 31, event: 0, stage: .simulation)
        var leftAndBack = 0
        for k in 0..<400 {
            // Half of them loopers that leave r = 1004 mm and come back within the planes'
            // |z| (ρ ≈ 0.5–0.75 m at η ≈ 0.6–1), half anything forward.
            let looper = k % 2 == 0
            let pT = looper ? rng.uniform(0.3, 0.45) : exp(rng.uniform(log(0.2), log(5.0)))
            let eta = (looper ? rng.uniform(0.6, 1.0) : rng.uniform(1.0, 2.6)) * (rng.uniform01() < 0.5 ? 1 : -1)
            let phi = rng.uniform(-Double.pi, Double.pi)
            let start = rng.uniform01() < 0.6 ? Vector3(0, 0, rng.gaussian(sigma: 40))
                : Vector3(rng.uniform(-300, 300), rng.uniform(-300, 300), rng.uniform(-600, 600))
            let helix = Helix(position: start, momentum: Vector3(pT * cos(phi), pT * sin(phi), pT * sinh(eta)),
                              charge: rng.uniform01() < 0.5 ? 1 : -1, fieldTesla: 2)
            let maxPath = 8_000.0
            var out: [StrawCrossing] = []
            straws.appendCrossings(of: helix, maxPath: maxPath, within: 10, into: &out)
            let found = Set(out.filter { !straws.isBarrel(layer: Int($0.layer)) }.map(\.layer))
            var expected = Set<Int32>()
            var outside = false, back = false
            let side: Double = eta > 0 ? 1 : -1
            for j in straws.planeZ.indices {
                guard let s = helix.pathToPlane(z: side * straws.planeZ[j]), s <= maxPath else { continue }
                let r = helix.point(at: s).position.perp
                if r >= straws.planeRMin[j] && r <= straws.planeRMax[j] {
                    expected.insert(Int32(straws.layer(plane: j, side: side)))
                    if outside { back = true }
                } else if r > straws.planeRMax[j] {
                    outside = true
                }
            }
            if back { leftAndBack += 1 }
            XCTAssertEqual(found, expected, "pT \(pT) η \(eta) from \(start)")
        }
        XCTAssertGreaterThan(leftAndBack, 10)
    }

    /// The end-cap walk (wire carried as a unit vector, one rotation per wheel group) against
    /// a plane-by-plane reference with the helix's own point and direction at each plane, the
    /// nearest wire by atan2 and `wirePhi`, and each of it and its two neighbours kept when
    /// `signedDistance` is within the cut: the same straws, the same distances (to 10⁻⁷ mm;
    /// the carried point is good to ≈ 10⁻⁹ mm), for prompt and displaced, soft and stiff
    /// helices of both charges at both ends, with the straw radius and a 10 mm road.
    func testEndcapWalkMatchesAPlaneByPlaneReference() {
        var rng = RandomStream(seed: 913, event: 0, stage: .simulation)
        var compared = 0
        for k in 0..<300 {
            let pT = exp(rng.uniform(log(0.15), log(20.0)))
            let eta = rng.uniform(0.7, 2.6) * (rng.uniform01() < 0.5 ? 1 : -1)
            let phi = rng.uniform(-Double.pi, Double.pi)
            let start = rng.uniform01() < 0.6 ? Vector3(0, 0, rng.gaussian(sigma: 40))
                : Vector3(rng.uniform(-300, 300), rng.uniform(-300, 300), rng.uniform(-600, 600))
            let helix = Helix(position: start, momentum: Vector3(pT * cos(phi), pT * sin(phi), pT * sinh(eta)),
                              charge: rng.uniform01() < 0.5 ? 1 : -1, fieldTesla: 2)
            let cut = k % 2 == 0 ? straws.response.strawRadiusMM : 10
            var out: [StrawCrossing] = []
            straws.appendCrossings(of: helix, maxPath: 8_000, within: cut, into: &out)
            var found: [Int64: Double] = [:]
            for c in out where !straws.isBarrel(layer: Int(c.layer)) {
                found[Int64(c.layer) << 32 | Int64(c.straw)] = c.distance
            }
            var expected: [Int64: Double] = [:]
            let side: Double = eta > 0 ? 1 : -1
            for j in straws.planeZ.indices {
                guard let s = helix.pathToPlane(z: side * straws.planeZ[j]), s <= 8_000 else { continue }
                let (q, t) = helix.point(at: s)
                guard q.perp >= straws.planeRMin[j] && q.perp <= straws.planeRMax[j] else { continue }
                let layer = straws.layer(plane: j, side: side)
                let n = Int(straws.strawCount[layer])
                let pitch = 2 * Double.pi / Double(n)
                let x = atan2(q.y, q.x) / pitch - straws.wirePhi(layer: layer, straw: 0) / pitch
                let nearest = Int(x.rounded())
                for offset in -1...1 {
                    let straw = ((nearest + offset) % n + n) % n
                    let d = straws.signedDistance(layer: layer, straw: straw, position: q, direction: t)
                    if abs(d) < cut { expected[Int64(layer) << 32 | Int64(straw)] = d }
                }
            }
            XCTAssertEqual(Set(found.keys), Set(expected.keys), "pT \(pT) η \(eta) from \(start)")
            for (key, d) in expected {
                guard let f = found[key] else { continue }
                XCTAssertEqual(f, d, accuracy: 1e-7, "pT \(pT) η \(eta) from \(start)")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 5_000)
    }

    /// A helix starting at its own point of closest approach to the beam (a fitted track's
    /// perigee, d0 of either sign, where p·u and C × P vanish up to rounding) crosses every
    /// barrel layer once, outwards.
    func testPerigeeStartOfEitherSign() {
        for d0 in [0.0067, -0.0067, 0.02, -0.3, 0.3] {
            for phi in stride(from: -3.0, to: 3.1, by: 0.5) {
                let start = Vector3(d0 * sin(phi), -d0 * cos(phi), 1)
                let helix = Helix(position: start, momentum: Vector3(10 * cos(phi), 10 * sin(phi), 1), charge: 1, fieldTesla: 2)
                var out: [StrawCrossing] = []
                straws.appendCrossings(of: helix, maxPath: 6_000, within: 10, into: &out)
                XCTAssertEqual(Set(out.map(\.layer)).count, 73, "d0 \(d0) φ \(phi)")
                XCTAssertTrue(out.allSatisfy { $0.path < 1_200 }, "d0 \(d0) φ \(phi)")
            }
        }
    }

    /// A segment only reports the straws up to its end; a track moving inwards reports
    /// only the straws on its way out, past its closest approach to the beam (the other side).
    func testSegmentsStopAtTheirEnd() {
        let helix = Helix(position: .zero, momentum: Vector3(20, 0, 1), charge: 1, fieldTesla: 2)
        var all: [StrawCrossing] = [], part: [StrawCrossing] = []
        straws.appendCrossings(of: helix, maxPath: 10_000, within: 10, into: &all)
        let cut = all[all.count / 2].path
        straws.appendCrossings(of: helix, maxPath: cut, within: 10, into: &part)
        XCTAssertEqual(part.count, all.filter { $0.path <= cut }.count)
        var inward: [StrawCrossing] = []
        let (q, t) = helix.point(at: all.last!.path)
        straws.appendCrossings(of: Helix(position: q, direction: -t, curvature: -helix.curvature), maxPath: 10_000, into: &inward)
        let back = inward.filter { straws.isBarrel(layer: Int($0.layer)) }
        XCTAssertEqual(Double(back.count), 43, accuracy: 10)
        for c in back {
            XCTAssertGreaterThan(c.path, q.perp)
            XCTAssertLessThan(c.position.x * q.x + c.position.y * q.y, 0)
        }
    }

    /// Card checks name the TRT key.
    func testBadStrawTrackerIsRejectedWithItsPath() {
        var c = card
        c.tracker.trt!.barrel.strawPitchMM = 3
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual(($0 as? DetectorCardError)?.keyPath, "tracker.trt.barrel.straw_pitch_mm") }
        c = card
        c.tracker.trt!.response.efficiency = 1.2
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual(($0 as? DetectorCardError)?.keyPath, "tracker.trt.response.efficiency") }
        c = card
        c.tracker.trt!.endcap[0].zMinMM = 600
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual(($0 as? DetectorCardError)?.keyPath, "tracker.trt.endcap[0].z_min_mm") }
        c = card
        c.tracker.trt!.barrel.rMinMM = 400
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual(($0 as? DetectorCardError)?.keyPath, "tracker.trt.barrel.r_min_mm") }
        // A card without the TRT is still a valid (silicon-only) card.
        c = card
        c.tracker.trt = nil
        XCTAssertNoThrow(try c.validate())
        XCTAssertNil(StrawGeometry(card: c))
    }
}
