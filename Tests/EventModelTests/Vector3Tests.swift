import Foundation
import XCTest
@testable import EventModel

/// Vector3 and the azimuth helpers, against values worked out by hand.
/// The 3-4-5 and 5-12-13 Pythagorean triples keep lengths exact: (3, 4, 12) has
/// |v| = 13 and perp = 5, so tan φ = 4/3, tan θ = 5/12 and η = asinh(12/5) = ln 5
/// (since asinh x = ln(x + √(x² + 1)) = ln(2.4 + 2.6)).
final class Vector3Tests: XCTestCase {
    let v = Vector3(3, 4, 12)

    func testLengths() {
        XCTAssertEqual(v.mag2, 169)
        XCTAssertEqual(v.mag, 13)
        XCTAssertEqual(v.perp, 5)
    }

    func testAngles() {
        XCTAssertEqual(v.phi, atan(4.0 / 3), accuracy: 1e-15)          // 0.927295218…
        XCTAssertEqual(v.theta, atan(5.0 / 12), accuracy: 1e-15)       // 0.394791119…
        XCTAssertEqual(v.eta, log(5.0), accuracy: 1e-15)               // 1.609437912…
        // η = −ln tan(θ/2), the definition.
        XCTAssertEqual(v.eta, -log(tan(v.theta / 2)), accuracy: 1e-14)
        // Mirror images: η odd in z, φ odd in y.
        XCTAssertEqual(Vector3(3, 4, -12).eta, -log(5.0), accuracy: 1e-15)
        XCTAssertEqual(Vector3(3, -4, 12).phi, -atan(4.0 / 3), accuracy: 1e-15)
        XCTAssertEqual(Vector3(0, 1, 0).phi, Double.pi / 2)
        XCTAssertEqual(Vector3(0, -1, 0).phi, -Double.pi / 2)
        XCTAssertEqual(Vector3(1, 0, 0).theta, Double.pi / 2)
        XCTAssertEqual(Vector3(1, 0, 0).eta, 0)
    }

    /// φ is in (−π, π]: a vector along −x has φ = +π, also when its y component is −0
    /// or a rounding residue such as sin(−π) = −1.2e−16 (atan2 would give −π).
    func testPhiRangeAlongNegativeX() {
        XCTAssertEqual(Vector3(-1, 0, 0).phi, Double.pi)
        XCTAssertEqual(Vector3(-1, -0.0, 0).phi, Double.pi)
        XCTAssertEqual(Vector3(cos(-Double.pi), sin(-Double.pi), 0).phi, Double.pi)
    }

    func testProductsAndArithmetic() {
        let a = Vector3(1, 2, 3), b = Vector3(4, 5, 6)
        XCTAssertEqual(a.dot(b), 32)
        XCTAssertEqual(a.cross(b), Vector3(-3, 6, -3))
        XCTAssertEqual(a.cross(b).dot(a), 0)
        XCTAssertEqual(a + b, Vector3(5, 7, 9))
        XCTAssertEqual(b - a, Vector3(3, 3, 3))
        XCTAssertEqual(-a, Vector3(-1, -2, -3))
        XCTAssertEqual(2 * a, Vector3(2, 4, 6))
        XCTAssertEqual(a * 2, Vector3(2, 4, 6))
        XCTAssertEqual(b / 2, Vector3(2, 2.5, 3))
        var c = a
        c += b
        XCTAssertEqual(c, Vector3(5, 7, 9))
        c -= b
        XCTAssertEqual(c, a)
    }

    func testUnit() {
        let u = v.unit
        XCTAssertEqual(u.x, 3.0 / 13, accuracy: 1e-16)
        XCTAssertEqual(u.y, 4.0 / 13, accuracy: 1e-16)
        XCTAssertEqual(u.z, 12.0 / 13, accuracy: 1e-16)
        XCTAssertEqual(u.mag, 1, accuracy: 1e-15)
    }

    // MARK: Edge cases

    /// Along the beam (perp = 0): η = ±∞ with the sign of z, φ = 0, θ = 0 or π.
    func testAlongTheBeam() {
        let forward = Vector3(0, 0, 5), backward = Vector3(0, 0, -5)
        XCTAssertEqual(forward.eta, .infinity)
        XCTAssertEqual(backward.eta, -.infinity)
        XCTAssertEqual(forward.phi, 0)
        XCTAssertEqual(backward.phi, 0)
        XCTAssertEqual(forward.theta, 0)
        XCTAssertEqual(backward.theta, Double.pi)
        XCTAssertEqual(forward.perp, 0)
    }

    /// Approaching the beam, η grows like ln(2z/perp) and stays finite:
    /// asinh(10¹⁰) = ln(2·10¹⁰) + O(10⁻²⁰) = 23.718998110500402.
    func testEtaLimitNearTheBeam() {
        XCTAssertEqual(Vector3(1e-10, 0, 1).eta, 23.718998110500402, accuracy: 1e-13)
        XCTAssertEqual(Vector3(1e-10, 0, -1).eta, -23.718998110500402, accuracy: 1e-13)
        // perp = 10⁻¹⁵⁰: η = ln(2·10¹⁵⁰) = 346.0804. (perp squares its components, so
        // below ~10⁻¹⁵⁴ it underflows to 0 and η becomes ±∞: far from any physics scale.)
        XCTAssertEqual(Vector3(0, 1e-150, 1).eta, log(2.0) + 150 * log(10.0), accuracy: 1e-12)
        XCTAssertTrue(Vector3(0, 1e-150, 1).eta.isFinite)
    }

    /// The null vector: every angle 0 (not NaN), unit stays null.
    func testNullVector() {
        let zero = Vector3.zero
        XCTAssertEqual(zero, Vector3(0, 0, 0))
        XCTAssertEqual(zero.mag, 0)
        XCTAssertEqual(zero.perp, 0)
        XCTAssertEqual(zero.eta, 0)
        XCTAssertEqual(zero.phi, 0)
        XCTAssertEqual(zero.theta, 0)
        XCTAssertEqual(zero.unit, zero)
    }

    // MARK: Azimuth helpers

    /// wrapPhi maps into (−π, π]: ±π both go to +π; a full turn goes to 0;
    /// 7 − 2π = 0.71681469282041…; infinities and NaN pass through.
    func testWrapPhi() {
        XCTAssertEqual(wrapPhi(Double.pi), Double.pi)
        XCTAssertEqual(wrapPhi(-Double.pi), Double.pi)
        XCTAssertEqual(wrapPhi(0), 0)
        XCTAssertEqual(wrapPhi(2 * Double.pi), 0)
        XCTAssertEqual(wrapPhi(1.5 * Double.pi), -0.5 * Double.pi, accuracy: 1e-15)
        XCTAssertEqual(wrapPhi(-1.5 * Double.pi), 0.5 * Double.pi, accuracy: 1e-15)
        XCTAssertEqual(wrapPhi(7), 0.7168146928204138, accuracy: 1e-15)
        XCTAssertEqual(wrapPhi(-7), -0.7168146928204138, accuracy: 1e-15)
        XCTAssertEqual(wrapPhi(3 * Double.pi).magnitude, Double.pi, accuracy: 1e-15)
        XCTAssertEqual(wrapPhi(101 * Double.pi + 0.25), -Double.pi + 0.25, accuracy: 1e-12)
        XCTAssertEqual(wrapPhi(.infinity), .infinity)
        XCTAssertTrue(wrapPhi(.nan).isNaN)
        // Always inside (−π, π].
        for i in -1_000...1_000 {
            let w = wrapPhi(Double(i) * 0.0123456)
            XCTAssertTrue(w > -Double.pi && w <= Double.pi, "\(i)")
        }
    }

    /// Across the ±π seam the difference is small: 3.1 − (−3.1) = 6.2 → 6.2 − 2π
    /// = −0.08318530717958605.
    func testDeltaPhiWrapsAcrossTheSeam() {
        XCTAssertEqual(deltaPhi(3.1, -3.1), -0.08318530717958605, accuracy: 1e-15)
        XCTAssertEqual(deltaPhi(-3.1, 3.1), 0.08318530717958605, accuracy: 1e-15)
        XCTAssertEqual(deltaPhi(1, 0.25), 0.75)
        XCTAssertEqual(deltaPhi(0.25, 1), -0.75)
    }

    /// ΔR = √(Δη² + Δφ²) with Δφ wrapped: √(0.8² + 0.0831853…²) = 0.8043132445326027.
    func testDeltaR() {
        XCTAssertEqual(deltaR(eta1: 0.5, phi1: 3.1, eta2: -0.3, phi2: -3.1), 0.8043132445326027, accuracy: 1e-15)
        // 3-4-5 triangle across the seam: Δη = 0.3, Δφ = 3.0 − (3.4 − 2π) → −0.4.
        XCTAssertEqual(deltaR(eta1: 1, phi1: 3.0, eta2: 0.7, phi2: 3.4 - 2 * Double.pi), 0.5, accuracy: 1e-14)
        XCTAssertEqual(deltaR(eta1: 2, phi1: 1, eta2: 2, phi2: 1), 0)
    }
}
