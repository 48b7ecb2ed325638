import Foundation
import XCTest
@testable import Detector
import EventModel

/// The crossings of a straight line found in one pass (`Detector.lineCrossings`, used for
/// neutral particles): against every root of every surface, solved here in the 3D path
/// length (r²(s) = A s² + 2B s + C, not the transverse path the code uses), for prompt,
/// displaced and on-surface starts; and, for lines from the beam spot, against the
/// step-by-step navigation (`nextTrackerCrossing`, checked itself in
/// `NavigationReferenceTests`): the same surfaces in the same order, the same exit.
final class LineCrossingTests: XCTestCase {
    let detector = Detector.atlasRun2

    /// Every crossing of every surface at a path > 10⁻³ mm (a start on a surface is not a
    /// crossing of it, nor is a graze of it within 1 µm), before the envelope's exit, sorted;
    /// and the exit.
    func allRoots(_ o: Vector3, _ d: Vector3) -> (crossings: [(Int, Double)], exit: Double) {
        let a = d.x * d.x + d.y * d.y, b = o.x * d.x + o.y * d.y, c = o.x * o.x + o.y * o.y
        func roots(_ radius: Double) -> [Double] {
            guard a > 0 else { return [] }
            let disc = b * b - a * (c - radius * radius)
            guard disc >= 0 else { return [] }
            return [(-b - disc.squareRoot()) / a, (-b + disc.squareRoot()) / a]
        }
        var exit = Double.infinity
        for s in roots(detector.trackerEnvelopeRadiusMM) where s > 0 { exit = min(exit, s) }
        if d.z != 0 { exit = min(exit, ((d.z > 0 ? 1 : -1) * detector.trackerEnvelopeHalfLengthMM - o.z) / d.z) }
        var out: [(Int, Double)] = []
        for (i, surface) in detector.trackerSurfaces.enumerated() {
            switch surface.shape {
            case let .cylinder(radius, halfLength):
                for s in roots(radius) where s > 1e-3 && s < exit && abs(o.z + s * d.z) <= halfLength {
                    out.append((i, s))
                }
            case let .disc(z, rMin, rMax):
                guard d.z != 0 else { continue }
                let s = (z - o.z) / d.z
                let r = Vector3(o.x + s * d.x, o.y + s * d.y, 0).perp
                if s > 1e-3 && s < exit && r >= rMin && r <= rMax { out.append((i, s)) }
            }
        }
        return (out.sorted { $0.1 < $1.1 }, exit)
    }

    /// Step by step: each crossing found from the previous one, path lengths summed.
    func stepByStep(_ origin: Vector3, _ direction: Vector3) -> [(Int, Double)] {
        var helix = Helix(position: origin, direction: direction, curvature: 0)
        var travelled = 0.0
        var out: [(Int, Double)] = []
        while out.count < 100, let c = detector.nextTrackerCrossing(helix) {
            travelled += c.pathLength
            out.append((c.surface, travelled))
            helix = Helix(position: c.position, direction: c.direction, curvature: 0)
        }
        return out
    }

    func testLineCrossingsMatchEveryRootAndTheStepByStepNavigation() {
        var rng = RandomStream(seed: 77, event: 0, stage: .simulation)
        var list = ScratchList<LineCrossing>(capacity: 1)
        var total = 0, twice = 0, forward = 0, onSurface = 0, prompt = 0
        for k in 0..<3_000 {
            let eta = rng.uniform(-4, 4), phi = rng.uniform(-Double.pi, Double.pi)
            let direction = Vector3(cos(phi) / cosh(eta), sin(phi) / cosh(eta), tanh(eta))
            var origin: Vector3
            switch k % 3 {
            case 0: origin = Vector3(rng.gaussian(sigma: 0.02), rng.gaussian(sigma: 0.02), rng.gaussian(sigma: 40))
            case 1: origin = Vector3(rng.uniform(-900, 900), rng.uniform(-900, 900), rng.uniform(-2_500, 2_500))
            default:
                // A line starting on a surface (a photon radiated where an electron crossed it),
                // in any direction there.
                let phiFrom = rng.uniform(-Double.pi, Double.pi)
                let from = Helix(position: .zero, direction: Vector3(cos(phiFrom) / cosh(eta), sin(phiFrom) / cosh(eta),
                                                                     tanh(eta)), curvature: 0)
                guard let c = detector.nextTrackerCrossing(from) else { continue }
                origin = c.position
                onSurface += 1
            }
            guard detector.isInsideTracker(origin) else { continue }
            let exit = detector.lineCrossings(origin: origin, direction: direction, into: &list)
            let buffer = Array(list.elements)
            let reference = allRoots(origin, direction)
            XCTAssertEqual(buffer.map(\.surface), reference.crossings.map(\.0), "η \(eta) from \(origin) along \(direction)")
            XCTAssertEqual(exit, reference.exit, accuracy: 1e-9 * max(1, reference.exit))
            guard buffer.count == reference.crossings.count else { continue }
            for (found, expected) in zip(buffer, reference.crossings) {
                XCTAssertEqual(found.pathLength, expected.1, accuracy: 1e-9 * max(1, expected.1))
            }
            if k % 3 == 0 {
                let steps = stepByStep(origin, direction)
                XCTAssertEqual(buffer.map(\.surface), steps.map(\.0), "η \(eta) from \(origin)")
                for (found, expected) in zip(buffer, steps) {
                    XCTAssertEqual(found.pathLength, expected.1, accuracy: 1e-9 * max(1, expected.1))
                }
                prompt += 1
            }
            total += buffer.count
            if Set(buffer.map(\.surface)).count < buffer.count { twice += 1 }
            if abs(eta) > 2.5 && !buffer.isEmpty { forward += 1 }
        }
        // The sample reaches the cases that matter: many crossings, lines meeting a layer
        // twice (from outside it going in), forward lines, starts on a surface.
        XCTAssertGreaterThan(total, 10_000)
        XCTAssertGreaterThan(twice, 50)
        XCTAssertGreaterThan(forward, 100)
        XCTAssertGreaterThan(onSurface, 900)
        XCTAssertGreaterThan(prompt, 900)
    }
}
