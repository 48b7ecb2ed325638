import Foundation
import XCTest
@testable import Simulation
import EventModel

/// `ShowerLine` gives the η and φ of a line's points, in the order a shower visits them,
/// each from the previous one's by a small-angle series; they must be the library's
/// asinh(z/r) and atan2(y, x) to rounding. Tolerances (from the derivation in the type's
/// comment, for walks of six points): φ within 10⁻¹⁴ rad (a few roundings of 10⁻¹⁶ per
/// step); η within 2·10⁻¹⁴ (1 + sinh η cosh η), the cancellation in X adding ≈ 4·10⁻¹⁶
/// sinh η cosh η per step. A cell is at least 0.003 wide: seven orders of magnitude more.
final class ShowerLineTests: XCTestCase {
    /// Lines as the calorimeter sees them: neutral particles from near the beam spot, tracks
    /// leaving the solenoid (r ≈ 1.1 m, bent by up to 0.6 rad from the radial direction),
    /// decays inside the calorimeter (r up to 4 m), |η| up to 5 and every azimuth, including
    /// lines crossing φ = ±π.
    func testPointsTakeTheLibrarysEtaAndPhi() {
        var rng = RandomStream(seed: 3, event: 0, stage: .simulation)
        var seriesTaken = 0, points = 0
        for kind in 0..<3 {
            for _ in 0..<4_000 {
                let eta = rng.uniform(-5, 5), phi = rng.uniform(-Double.pi, Double.pi)
                let direction = Vector3(cos(phi) / cosh(eta), sin(phi) / cosh(eta), tanh(eta))
                let origin: Vector3
                switch kind {
                case 0: origin = Vector3(rng.gaussian(sigma: 0.02), rng.gaussian(sigma: 0.02), rng.gaussian(sigma: 50))
                case 1:
                    let bend = rng.uniform(-0.6, 0.6), r = 1_100.0
                    origin = Vector3(r * cos(phi - bend), r * sin(phi - bend), r * sinh(eta))
                default:
                    let r = rng.uniform(0, 4_000), a = rng.uniform(-Double.pi, Double.pi)
                    origin = Vector3(r * cos(a), r * sin(a), rng.uniform(-5_000, 5_000))
                }
                var line = ShowerLine(origin: origin, direction: direction)
                for s in [0.0, 10, 150, 600, 2_500, 6_000] {
                    let p = line.point(at: s)
                    guard p.perp > 1 else { continue }
                    let phi = line.phi(of: p), eta = line.eta(of: p)
                    XCTAssertLessThan(abs(deltaPhi(phi, p.phi)), 1e-14, "φ of \(p) on \(direction) from \(origin)")
                    XCTAssert(phi > -Double.pi && phi <= Double.pi)
                    let shE = abs(sinh(p.eta) * cosh(p.eta))
                    XCTAssertEqual(eta, p.eta, accuracy: 2e-14 * (1 + shE), "η of \(p)")
                    // (A result that differs from the library's in the last bits came from a series.)
                    if phi != p.phi || eta != p.eta { seriesTaken += 1 }
                    points += 1
                }
            }
        }
        // The series must be the path taken for most points (else nothing was tested).
        XCTAssertGreaterThan(Double(seriesTaken) / Double(points), 0.3, "\(seriesTaken) of \(points)")
    }

    /// A line along the beam: its points' r and z do not change together as the series
    /// assumes only when r = 0 — there the library is taken (η = ±∞).
    func testPointOnTheBeamLineTakesTheLibrary() {
        var line = ShowerLine(origin: Vector3(0, 0, 100), direction: Vector3(0, 0, 1))
        let p = line.point(at: 500)
        XCTAssertEqual(line.eta(of: p), .infinity)
        XCTAssertEqual(line.phi(of: p), 0)
    }
}
