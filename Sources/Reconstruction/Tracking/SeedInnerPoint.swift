import Foundation
import Detector

/// Where a seed's track crosses a surface inside its bottom point, and how far a point there
/// may lie from it: the "fifth point" of ``TrackingConfig/requireSeedInnerPoint``.
///
/// The prediction follows the circle through the seed's three points in the transverse
/// plane and the bottom–middle line in r–z. Its errors, linear in the displacements: the
/// bottom point moved by δ moves it by δ (1 + d₁/d), the middle by δ d₁/d (d₁ the distance
/// inwards from the bottom, d the bottom–middle distance); scattering at the seed pT cut
/// moves it by θ d₁. A kink of θ₀ (of the momentum's direction) turns φ by θ₀ √(1 + cot²θ)
/// and cot θ by θ₀ (1 + cot²θ); at fixed pT, p grows as √(1 + cot²θ) and the path through a
/// layer as √(1 + cot²θ) in a barrel layer, √(1 + cot²θ)/|cot θ| in a disc, so with θ₀ⁿ the
/// Highland angle at pT for normal incidence, transverse θ₀ⁿ (1 + cot²θ)^¼ and in cot θ
/// θ₀ⁿ (1 + cot²θ)^¾, each divided by √|cot θ| on a disc (as in the seeding's θ
/// agreement for the barrel). Transverse: the bottom's kink, and the middle's, which
/// changes the circle's curvature (a top x beyond the middle moved by θ x changes it by
/// 2θ/(x + d), moving the prediction by θ d₁ (d₁ + d)/(x + d) ≤ θ d₁ for d₁ ≤ x); along z only
/// the bottom's (the r–z line is the bottom–middle one). The candidate point's own errors
/// add. Conservative (scattering at the pT cut for any seed pT), so a real track's
/// point lies within 4σ essentially always (`SeedInnerPointTests`).
struct SeedInnerPoint {
    let bottom: SpacePoint
    let cot: Double
    let centreX: Double, centreY: Double, rho: Double
    /// Unit normal of the bottom–middle chord (the straight-line case).
    let normalX: Double, normalY: Double
    let chord: Double
    let bottomVarT: Double, middleVarT: Double, bottomVarZ: Double, middleVarZ: Double
    let msT: Double, msL: Double

    /// `theta0Bottom`, `theta0Middle`: Highland angles at the seed pT cut of the bottom's and
    /// middle's layers at normal incidence (``SeedFinder/kinkTheta0(_:momentumGeV:)``);
    /// `bottomOnDisc`, `middleOnDisc`: whether those layers are discs.
    init(bottom b: SpacePoint, middle m: SpacePoint, top t: SpacePoint, theta0Bottom: Double, theta0Middle: Double,
         bottomOnDisc: Bool, middleOnDisc: Bool) {
        bottom = b
        let ax = b.x - m.x, ay = b.y - m.y, cx = t.x - m.x, cy = t.y - m.y
        let det = 2 * (ax * cy - ay * cx)
        if abs(det) > 1e-9 {
            let a2 = ax * ax + ay * ay, c2 = cx * cx + cy * cy
            let ux = (cy * a2 - ay * c2) / det, uy = (ax * c2 - cx * a2) / det
            rho = (ux * ux + uy * uy).squareRoot()
            centreX = m.x + ux; centreY = m.y + uy
        } else {
            rho = .infinity; centreX = 0; centreY = 0
        }
        chord = max((ax * ax + ay * ay).squareRoot(), 1e-3)
        normalX = -ay / chord; normalY = ax / chord
        cot = (m.z - b.z) / max(m.r - b.r, 1e-3)
        let c2 = 1 + cot * cot
        // A disc crossed at |cot θ| < 0.1 is not met by a track from the collision region
        // within |η| < 2.8 and the seeding's z range; the clamp only guards the division.
        let discFactor = 1 / max(abs(cot), 0.1).squareRoot()
        let thetaB = theta0Bottom * (bottomOnDisc ? discFactor : 1), thetaM = theta0Middle * (middleOnDisc ? discFactor : 1)
        msT = (thetaB * thetaB + thetaM * thetaM).squareRoot() * c2.squareRoot().squareRoot()
        msL = thetaB * (c2 * c2.squareRoot()).squareRoot()
        bottomVarT = Double(b.varianceRPhi); middleVarT = Double(m.varianceRPhi)
        bottomVarZ = b.varianceZ + cot * cot * b.varianceR
        middleVarZ = m.varianceZ + cot * cot * m.varianceR
    }

    /// The crossing of `surface` (radius and z), nil when the r–z line misses it, runs
    /// outwards, or meets it within 3 mm of an edge (a missing point there proves nothing).
    func crossing(_ surface: TrackerSurface) -> (r: Double, z: Double)? {
        let b = bottom
        let r: Double, z: Double
        switch surface.shape {
        case let .cylinder(radius, hl):
            r = radius; z = b.z + cot * (radius - b.r)
            guard abs(z) <= hl - 3 else { return nil }
        case let .disc(zd, rMin, rMax):
            guard abs(cot) > 1e-6 else { return nil }
            r = b.r + (zd - b.z) / cot; z = zd
            guard r >= rMin + 3, r <= rMax - 3 else { return nil }
        }
        guard b.r - r > 2 else { return nil }
        return (r, z)
    }

    /// Prediction variances (transverse, z) at radius `r`, without the point's own errors.
    func variances(atRadius r: Double) -> (t: Double, z: Double) {
        let d1 = max(bottom.r - r, 0), lever = d1 / chord
        let t = (1 + lever) * (1 + lever) * bottomVarT + lever * lever * middleVarT + msT * msT * d1 * d1
        let z = (1 + lever) * (1 + lever) * bottomVarZ + lever * lever * middleVarZ + msL * msL * d1 * d1
        return (t, z)
    }

    /// Squared residuals of `p` over their variances (point errors included): transverse
    /// (distance from the circle) and along z (from the r–z line at p's radius).
    func normalisedResiduals(_ p: SpacePoint) -> (t: Double, z: Double) {
        let v = variances(atRadius: p.r)
        let dz = p.z - (bottom.z + cot * (p.r - bottom.r))
        let dist: Double
        if rho.isFinite {
            dist = ((p.x - centreX) * (p.x - centreX) + (p.y - centreY) * (p.y - centreY)).squareRoot() - rho
        } else {
            dist = (p.x - bottom.x) * normalX + (p.y - bottom.y) * normalY
        }
        return (dist * dist / (v.t + Double(p.varianceRPhi)), dz * dz / (v.z + p.varianceZ + cot * cot * p.varianceR))
    }
}
