import Foundation
import XCTest
@testable import EventModel

/// FourVector kinematics against values worked out by hand, metric (+, −, −, −).
///
/// The reference vector p = (3, 4, 12; E = 14) GeV: |p| = 13, pT = 5,
/// m² = 14² − 13² = 27, mT² = E² − pz² = 52, y = ½ ln((14 + 12)/(14 − 12)) = ½ ln 13,
/// η = asinh(12/5) = ln 5, γ = E/m = 14/√27, βγ = |p|/m = 13/√27.
final class FourVectorTests: XCTestCase {
    let p = FourVector(px: 3, py: 4, pz: 12, e: 14)

    func testKinematicGetters() {
        XCTAssertEqual(p.p3, Vector3(3, 4, 12))
        XCTAssertEqual(p.p2, 169)
        XCTAssertEqual(p.p, 13)
        XCTAssertEqual(p.pt2, 25)
        XCTAssertEqual(p.pt, 5)
        XCTAssertEqual(p.m2, 27)
        XCTAssertEqual(p.m, 27.0.squareRoot(), accuracy: 1e-15)           // 5.196152422706632
        XCTAssertEqual(p.mt2, 52)
        XCTAssertEqual(p.rapidity, 0.5 * log(13.0), accuracy: 1e-15)      // 1.2824746787307684
        XCTAssertEqual(p.eta, log(5.0), accuracy: 1e-15)
        XCTAssertEqual(p.phi, atan(4.0 / 3), accuracy: 1e-15)
        XCTAssertEqual(p.theta, atan(5.0 / 12), accuracy: 1e-15)
        XCTAssertEqual(p.gamma, 14 / 27.0.squareRoot(), accuracy: 1e-15)  // 2.6943012562182536
        XCTAssertEqual(p.betaGamma, 13 / 27.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(p.beta.x, 3.0 / 14, accuracy: 1e-16)
        XCTAssertEqual(p.beta.z, 12.0 / 14, accuracy: 1e-16)
        XCTAssertEqual(p.dot(p), 27)                                     // p·p = m²
        XCTAssertEqual(p.dot(FourVector(px: 1, py: 1, pz: 1, e: 1)), 14 - 19)
    }

    func testInitializers() {
        // E = √(p² + m²): (3, 4, 12) with m = √27 has E = 14.
        let fromMass = FourVector(Vector3(3, 4, 12), mass: 27.0.squareRoot())
        XCTAssertEqual(fromMass.e, 14, accuracy: 1e-14)
        XCTAssertEqual(FourVector(Vector3(3, 4, 12), e: 14), p)
        // (pT, η, φ, m) round trip.
        let q = FourVector(pt: 50, eta: 1.2, phi: -2.5, mass: 10)
        XCTAssertEqual(q.pt, 50, accuracy: 1e-12)
        XCTAssertEqual(q.eta, 1.2, accuracy: 1e-14)
        XCTAssertEqual(q.phi, -2.5, accuracy: 1e-15)
        XCTAssertEqual(q.m, 10, accuracy: 1e-11)
        // pz = pT sinh η: pT = 5, η = ln 5 → pz = 5·(5 − 1/5)/2 = 12.
        XCTAssertEqual(FourVector(pt: 5, eta: log(5.0), phi: 0, mass: 0).pz, 12, accuracy: 1e-13)
    }

    func testArithmetic() {
        let q = FourVector(px: 1, py: -1, pz: 2, e: 3)
        XCTAssertEqual(p + q, FourVector(px: 4, py: 3, pz: 14, e: 17))
        XCTAssertEqual(p - q, FourVector(px: 2, py: 5, pz: 10, e: 11))
        XCTAssertEqual(2 * q, FourVector(px: 2, py: -2, pz: 4, e: 6))
        XCTAssertEqual(q * 2, 2 * q)
        var r = p
        r += q
        XCTAssertEqual(r, p + q)
        // Invariant mass of a pair: two back-to-back 45 GeV photons make 90 GeV.
        let g1 = FourVector(px: 45, py: 0, pz: 0, e: 45), g2 = FourVector(px: -45, py: 0, pz: 0, e: 45)
        XCTAssertEqual((g1 + g2).m, 90)
    }

    // MARK: Boosts

    /// A particle of mass 1 at rest, boosted by β = 0.6 along z: γ = 1.25, so
    /// pz = γβm = 0.75 and E = γm = 1.25.
    func testBoostFromRest() {
        let rest = FourVector(px: 0, py: 0, pz: 0, e: 1)
        let moving = rest.boosted(by: Vector3(0, 0, 0.6))
        XCTAssertEqual(moving.pz, 0.75, accuracy: 1e-15)
        XCTAssertEqual(moving.e, 1.25, accuracy: 1e-15)
        XCTAssertEqual(moving.px, 0)
        XCTAssertEqual(moving.m, 1, accuracy: 1e-15)
    }

    /// Known values: (1, 0, 0; 2) boosted by 0.6 x̂: E' = γ(E + βpx) = 1.25·2.6 = 3.25,
    /// px' = γ(px + βE) = 1.25·2.2 = 2.75. And p ⟂ β: (0, 0, 1; 2) boosted by
    /// β = (0.3, 0.4, 0), |β| = ½, γ = 2/√3: E' = 2γ = 4/√3, p'∥ = γβE → (0.3, 0.4)·4/√3,
    /// pz' = 1 unchanged.
    func testBoostKnownValues() {
        let a = FourVector(px: 1, py: 0, pz: 0, e: 2).boosted(by: Vector3(0.6, 0, 0))
        XCTAssertEqual(a.e, 3.25, accuracy: 1e-15)
        XCTAssertEqual(a.px, 2.75, accuracy: 1e-15)
        XCTAssertEqual(a.py, 0)
        XCTAssertEqual(a.pz, 0)
        let b = FourVector(px: 0, py: 0, pz: 1, e: 2).boosted(by: Vector3(0.3, 0.4, 0))
        let gamma = 2 / 3.0.squareRoot()
        XCTAssertEqual(b.e, 2 * gamma, accuracy: 1e-15)                  // 2.3094010767585034
        XCTAssertEqual(b.px, 0.3 * 2 * gamma, accuracy: 1e-15)          // 0.692820323027551
        XCTAssertEqual(b.py, 0.4 * 2 * gamma, accuracy: 1e-15)          // 0.9237604307034014
        XCTAssertEqual(b.pz, 1, accuracy: 1e-15)
        XCTAssertEqual(b.m2, 3, accuracy: 1e-14)
    }

    /// Boosting by −β (β = p/E) brings a particle to rest: (0, 0, 0, m).
    func testBoostToRestFrame() {
        for v in [p, FourVector(pt: 80, eta: -2.1, phi: 2.9, mass: 5.27972),
                  FourVector(pt: 30, eta: 0.4, phi: -1, mass: 125.2)] {
            let rest = v.boosted(by: -v.beta)
            let scale = v.e
            XCTAssertEqual(rest.px, 0, accuracy: 1e-12 * scale)
            XCTAssertEqual(rest.py, 0, accuracy: 1e-12 * scale)
            XCTAssertEqual(rest.pz, 0, accuracy: 1e-12 * scale)
            XCTAssertEqual(rest.e, v.m, accuracy: 1e-12 * scale)
        }
    }

    /// Boost there and back is the identity (to 1e−12 relative), and the mass is invariant.
    func testBoostThereAndBackIsIdentity() {
        let betas = [Vector3(0.1, -0.2, 0.3), Vector3(0, 0, 0.99), Vector3(-0.5, 0.5, -0.5), Vector3(0.7, 0, 0)]
        for b in betas {
            let there = p.boosted(by: b)
            XCTAssertEqual(there.m2, p.m2, accuracy: 1e-12 * p.e * p.e / (1 - b.mag2))
            let back = there.boosted(by: -b)
            XCTAssertEqual(back.px, p.px, accuracy: 1e-12 * there.e)
            XCTAssertEqual(back.py, p.py, accuracy: 1e-12 * there.e)
            XCTAssertEqual(back.pz, p.pz, accuracy: 1e-12 * there.e)
            XCTAssertEqual(back.e, p.e, accuracy: 1e-12 * there.e)
        }
        XCTAssertEqual(p.boosted(by: .zero), p)
    }

    // MARK: Distances

    /// ΔR in (η, φ) and in (y, φ); for massless vectors η = y, so the two agree.
    func testDeltaR() {
        let a = FourVector(pt: 20, eta: 0.5, phi: 3.1, mass: 0)
        let b = FourVector(pt: 40, eta: -0.3, phi: -3.1, mass: 0)
        XCTAssertEqual(a.deltaR(to: b), 0.8043132445326027, accuracy: 1e-13)   // see Vector3Tests
        XCTAssertEqual(a.deltaRapidityPhi(to: b), 0.8043132445326027, accuracy: 1e-13)
        // With mass, |y| < |η|: for p, y = ½ ln 13 = 1.2825 against η = ln 5 = 1.6094.
        let c = FourVector(pt: 5, eta: 0, phi: atan(4.0 / 3), mass: 0)
        XCTAssertEqual(p.deltaR(to: c), log(5.0), accuracy: 1e-13)
        XCTAssertEqual(p.deltaRapidityPhi(to: c), 0.5 * log(13.0), accuracy: 1e-13)
    }

    // MARK: Edge cases

    /// Massless along the beam: y = η = ±∞ with the sign of pz, m = 0, φ = 0, pT = 0.
    func testMasslessAlongTheBeam() {
        let forward = FourVector(px: 0, py: 0, pz: 7, e: 7)
        let backward = FourVector(px: 0, py: 0, pz: -7, e: 7)
        XCTAssertEqual(forward.rapidity, .infinity)
        XCTAssertEqual(backward.rapidity, -.infinity)
        XCTAssertEqual(forward.eta, .infinity)
        XCTAssertEqual(backward.eta, -.infinity)
        XCTAssertEqual(forward.m, 0)
        XCTAssertEqual(forward.phi, 0)
        XCTAssertEqual(forward.pt, 0)
        XCTAssertEqual(forward.gamma, .infinity)
    }

    /// Massive along the beam: y is finite, ½ ln((E + pz)/(E − pz)) = ½ ln(9/1) = ln 3
    /// for (0, 0, 4; 5) (m = 3), while η = +∞.
    func testMassiveAlongTheBeam() {
        let v = FourVector(px: 0, py: 0, pz: 4, e: 5)
        XCTAssertEqual(v.rapidity, log(3.0), accuracy: 1e-15)
        XCTAssertEqual(v.eta, .infinity)
        XCTAssertEqual(v.m, 3)
    }

    /// At rest: y = 0, η = 0, β = 0, γ = 1.
    func testAtRest() {
        let v = FourVector(px: 0, py: 0, pz: 0, e: 0.1349768)
        XCTAssertEqual(v.rapidity, 0)
        XCTAssertEqual(v.eta, 0)
        XCTAssertEqual(v.beta, .zero)
        XCTAssertEqual(v.gamma, 1)
        XCTAssertEqual(v.betaGamma, 0)
    }

    /// Large |η|: the (pT, η, φ, m) constructor and the η getter agree far forward
    /// (η = 10 is 9·10⁻⁵ rad from the beam). Rapidity, computed from E − |pz|, loses
    /// digits to cancellation there (E − |pz| ≈ pT²/2E): still 10⁻⁶ at |η| = 10, but only
    /// ~10⁻³ at |η| = 15 — use η, not y, for massless particles that far forward.
    func testLargeEtaRoundTrip() {
        for eta in [-15.0, -10, 10, 15] {
            let v = FourVector(pt: 1, eta: eta, phi: 0.3, mass: 0)
            XCTAssertEqual(v.eta, eta, accuracy: 1e-12)
            XCTAssertEqual(v.rapidity, eta, accuracy: abs(eta) > 10 ? 1e-2 : 1e-6)
        }
    }

    /// The null vector: all zero, no NaN.
    func testNullVector() {
        let z = FourVector.zero
        XCTAssertEqual(z.m, 0)
        XCTAssertEqual(z.pt, 0)
        XCTAssertEqual(z.eta, 0)
        XCTAssertEqual(z.phi, 0)
        XCTAssertEqual(z.rapidity, 0)
    }

    /// Space-like vectors have m² < 0 and, as in ROOT's TLorentzVector, m = −√(−m²):
    /// (0, 0, 2; 1) has m² = 1 − 4 = −3.
    func testSpaceLikeMass() {
        let v = FourVector(px: 0, py: 0, pz: 2, e: 1)
        XCTAssertEqual(v.m2, -3)
        XCTAssertEqual(v.m, -3.0.squareRoot(), accuracy: 1e-15)
    }

    /// φ stays in (−π, π] for a vector built at φ = −π (see Vector3Tests).
    func testPhiAtMinusPi() {
        XCTAssertEqual(FourVector(pt: 1, eta: 0, phi: -Double.pi, mass: 0).phi, Double.pi)
    }

    /// A space-time point: c·t = 299.792458 mm is 1 ns.
    func testPositionAndTime() {
        let x = FourVector(px: 1, py: 2, pz: 3, e: speedOfLightMMPerNS)
        XCTAssertEqual(x.position, Vector3(1, 2, 3))
        XCTAssertEqual(x.timeNS, 1, accuracy: 1e-15)
    }
}
