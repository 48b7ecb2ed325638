import Foundation
import Detector

/// Where a seed's track crosses a surface inside its bottom point, and how far a point there
/// may lie from it: the "fifth point" of ``TrackingConfig/requireSeedInnerPoint``.
///
/// The prediction follows the circle through the seed's three points in the transverse
/// plane and the bottom–middle line in r–z. Its errors, linear in the displacements: the
/// bottom point moved by δ moves it by δ (1 + d₁/d), the middle by δ d₁/d (d₁ the distance
/// inwards from the bottom, d the bottom–middle distance); scattering in the bottom's and
/// middle's layers (Highland at the seed pT cut, the latter standing in for the circle's
/// curvature error) bends it by θ₀ d₁ — transverse θ₀ (1 + cot²θ)^¼ and in cot θ
/// θ₀ (1 + cot²θ)^¾ at fixed pT, as in the seeding's θ agreement; the candidate point's own
/// errors add. Conservative (scattering at the pT cut for any seed pT), so a real track's
/// point lies within 4σ essentially always (`TrackingSeedingTests`).
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
    /// middle's layers (``SeedFinder/kinkTheta0(_:momentumGeV:)``).
    init(bottom b: SpacePoint, middle m: SpacePoint, top t: SpacePoint, theta0Bottom: Double, theta0Middle: Double) {
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
        let theta0 = (theta0Bottom * theta0Bottom + theta0Middle * theta0Middle).squareRoot()
        msT = theta0 * c2.squareRoot().squareRoot()
        msL = theta0 * (c2 * c2.squareRoot()).squareRoot()
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
