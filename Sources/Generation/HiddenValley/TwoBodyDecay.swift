import Foundation
import EventModel

/// Two-body decay kinematics: a parent of four-momentum P (mass M) into masses m₁, m₂,
/// isotropic in the parent's rest frame. The rest-frame momentum is
///
///     p* = √[(M² − (m₁ + m₂)²)(M² − (m₁ − m₂)²)] / (2M)
///
/// (PDG RPP, "Kinematics", eq. 49.17); the daughters are then boosted by the parent's
/// velocity P⃗/E. Spin-0 parents (Φ, s) decay isotropically, which is why no angular
/// distribution is taken.
public enum TwoBodyDecay {
    /// The rest-frame momentum p*, or nil below threshold.
    @inlinable
    public static func restFrameMomentum(parentMass: Double, _ m1: Double, _ m2: Double) -> Double? {
        let m2sum = (m1 + m2) * (m1 + m2), m2diff = (m1 - m2) * (m1 - m2), mm = parentMass * parentMass
        guard mm >= m2sum else { return nil }
        return ((mm - m2sum) * (mm - m2diff)).squareRoot() / (2 * parentMass)
    }

    /// The two daughters' lab four-momenta for an isotropic decay (two draws: cos θ, φ).
    /// The parent mass is taken from `parent` itself (√(E² − p²)), so the daughters add up
    /// to `parent` to rounding. Precondition: above threshold.
    @inlinable
    public static func isotropic(_ parent: FourVector, _ m1: Double, _ m2: Double,
                                 rng: inout RandomStream) -> (FourVector, FourVector) {
        let mass = parent.m
        guard let p = restFrameMomentum(parentMass: mass, m1, m2) else {
            preconditionFailure("two-body decay below threshold: M = \(mass), m1 = \(m1), m2 = \(m2)")
        }
        let n = rng.isotropicUnitVector()
        let d1 = FourVector(n * p, mass: m1)
        let d2 = FourVector(-(n * p), mass: m2)
        let beta = parent.p3 / parent.e
        return (d1.boosted(by: beta), d2.boosted(by: beta))
    }
}
