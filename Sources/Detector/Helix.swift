import Foundation
import EventModel

/// A charged (or neutral) particle's trajectory in a uniform field B = (0, 0, Bz): a helix
/// around z, parametrised by the 3D path length s from `position`.
///
/// With transverse path s_T = s·sinθ and signed curvature h = −q·Bz·k / pT,
/// k = 0.299 792 458 GeV/(T·m) = 2.997 924 58 × 10⁻⁴ GeV/(T·mm) (pT = 0.3 B R),
///
///     φ(s) = φ₀ + h s_T,  x = x₀ + (sin φ − sin φ₀)/h,  y = y₀ − (cos φ − cos φ₀)/h,  z = z₀ + s cos θ,
///
/// a positive charge turning clockwise (φ decreasing) in a field along +z. h = 0 is a line.
public struct Helix: Hashable, Sendable {
    /// Start point (mm).
    public var position: Vector3
    /// Unit direction at the start.
    public var direction: Vector3
    /// Signed transverse curvature h (1/mm); 0 for a straight line.
    public var curvature: Double

    /// GeV per (T·mm): pT = k·B·R for a unit charge.
    public static let momentumPerTeslaMM = 0.299_792_458e-3

    public init(position: Vector3, direction: Vector3, curvature: Double) {
        self.position = position
        self.direction = direction
        self.curvature = curvature
    }

    /// The helix of a particle with momentum `momentum` (GeV) and charge `charge` (units
    /// of e) in a field `fieldTesla` along z.
    public init(position: Vector3, momentum: Vector3, charge: Double, fieldTesla: Double) {
        let pt = momentum.perp
        let h = (pt > 0 && charge != 0 && fieldTesla != 0) ? -charge * fieldTesla * Helix.momentumPerTeslaMM / pt : 0
        self.init(position: position, direction: momentum.unit, curvature: h)
    }

    @inlinable var sinTheta: Double { (direction.x * direction.x + direction.y * direction.y).squareRoot() }

    /// Position and unit direction after a 3D path length `s`.
    @inlinable
    public func point(at s: Double) -> (position: Vector3, direction: Vector3) {
        let st = sinTheta
        let sT = s * st
        if curvature == 0 || st == 0 {
            return (position + direction * s, direction)
        }
        // φ = φ₀ + h s_T by the angle-addition formulas (cos φ₀, sin φ₀ = the unit
        // transverse direction): no atan2.
        let inverseST = 1 / st, inverseH = 1 / curvature
        let ux = direction.x * inverseST, uy = direction.y * inverseST
        let turn = curvature * sT
        let (sa, ca) = sinCos(turn)
        let sp = uy * ca + ux * sa, cp = ux * ca - uy * sa
        let x = position.x + (sp - uy) * inverseH
        let y = position.y - (cp - ux) * inverseH
        let z = position.z + s * direction.z
        return (Vector3(x, y, z), Vector3(cp * st, sp * st, direction.z))
    }

    /// Whether the transverse distance from the beam grows at the start (p·u > 0).
    @inlinable
    public var isMovingOutward: Bool { position.x * direction.x + position.y * direction.y > 0 }

    /// The largest distance from the beam the trajectory reaches: d + ρ for a helix whose
    /// circle has centre at distance d and radius ρ, ∞ for a line.
    @inlinable
    public var maximumRadius: Double {
        let st = sinTheta
        guard curvature != 0, st > 0 else { return .infinity }
        let ux = direction.x / st, uy = direction.y / st
        let cx = position.x - uy / curvature, cy = position.y + ux / curvature
        return (cx * cx + cy * cy).squareRoot() + 1 / abs(curvature)
    }

    /// The smallest path length s > `minimum` at which the trajectory reaches radius r = R,
    /// or nil. For a helix: intersection of its circle (centre C, radius ρ = 1/|h|) with
    /// the circle of radius R about the beam, then the turning angle to each point.
    @inlinable
    public func pathToCylinder(radius R: Double, minimum: Double = 1e-6) -> Double? {
        let st = sinTheta
        guard st > 0 else { return nil }
        let p = position
        if curvature == 0 {
            // Line: |p_T + s_T u|² = R² with u the unit transverse direction.
            let ux = direction.x / st, uy = direction.y / st
            let b = p.x * ux + p.y * uy
            let c = p.x * p.x + p.y * p.y - R * R
            let disc = b * b - c
            guard disc >= 0 else { return nil }
            let sq = disc.squareRoot()
            let minT = minimum * st
            if -b - sq > minT { return (-b - sq) / st }
            if -b + sq > minT { return (-b + sq) / st }
            return nil
        }
        let h = curvature
        // Reciprocals once (this runs at every tracker crossing): multiplications below.
        let inverseST = 1 / st, inverseH = 1 / h
        let ux = direction.x * inverseST, uy = direction.y * inverseST
        let cx = p.x - uy * inverseH, cy = p.y + ux * inverseH
        let rho = abs(inverseH)
        let d2 = cx * cx + cy * cy
        let d = d2.squareRoot()
        guard d > 0, d <= R + rho, d >= abs(R - rho) else { return nil }
        let inverseD = 1 / d
        let a = (R * R - rho * rho + d2) * 0.5 * inverseD
        let hh = max(R * R - a * a, 0).squareRoot()
        let bx = a * cx * inverseD, by = a * cy * inverseD
        let hx = hh * cx * inverseD, hy = hh * cy * inverseD
        // Turning angle from the start to each intersection, in the turning sense, in
        // (0, 2π] (a start on the cylinder itself counts as a full turn). The nearer point
        // is chosen by a pseudo-angle (monotone in the angle, no trigonometry); only its
        // angle is computed, from the cross and dot products of the radius vectors.
        let r0x = p.x - cx, r0y = p.y - cy
        let sense = h > 0 ? 1.0 : -1.0
        let tinyTurn = minimum * st * abs(h)   // sT ≤ minimum·sinθ: the start point, one turn on
        var bestKey = Double.infinity, bestCross = 0.0, bestDot = 0.0
        for k in 0..<2 {
            let sign = k == 0 ? -1.0 : 1.0
            let qx = bx - sign * hy, qy = by + sign * hx
            let r1x = qx - cx, r1y = qy - cy
            let cross = r0x * r1y - r0y * r1x, dot = r0x * r1x + r0y * r1y
            let y = sense * cross, x = dot
            let n = abs(x) + abs(y)
            var key = n > 0 ? (y >= 0 ? 1 - x / n : 3 + x / n) : 4
            if y >= 0 && x > 0 && y <= x * 1e-3 && atanSeries(y / x) <= tinyTurn { key += 4 }
            if key < bestKey { bestKey = key; bestCross = cross; bestDot = dot }
        }
        guard bestKey.isFinite else { return nil }
        // The angle by atan's series when it is below 0.1 rad (most layer-to-layer turns).
        var dAlpha = smallAngleAtan2(bestCross, bestDot)
        // Bring Δα into (0, 2π] or [−2π, 0) by the sign of h.
        if h > 0 {
            while dAlpha <= 0 { dAlpha += 2 * Double.pi }
            while dAlpha > 2 * Double.pi { dAlpha -= 2 * Double.pi }
        } else {
            while dAlpha >= 0 { dAlpha -= 2 * Double.pi }
            while dAlpha < -2 * Double.pi { dAlpha += 2 * Double.pi }
        }
        var sT = dAlpha * inverseH
        if sT <= minimum * st { sT += 2 * Double.pi * rho }
        let best = sT * inverseST
        return best.isFinite ? best : nil
    }

    /// The smallest path length s > `after` at which the trajectory is at radius r = R, over
    /// both points where its circle meets the cylinder's and every turn, or nil.
    ///
    /// ``pathToCylinder(radius:minimum:)`` gives the first crossing only (the nearer of the
    /// two points; with a larger `minimum` it adds a whole turn rather than take the other
    /// point). The navigation needs this form when the first crossing lies beyond a layer's
    /// end and the track is still moving towards the layer in z: a displaced track meets the
    /// layer later, at the other point or on a later turn. Two atan2 calls; used only then.
    public func pathToCylinder(radius R: Double, after: Double) -> Double? {
        let st = sinTheta
        guard st > 0 else { return nil }
        let p = position
        let ux = direction.x / st, uy = direction.y / st
        let afterT = after * st
        if curvature == 0 {
            // Line: |p_T + s_T u|² = R², the smaller root beyond `after`.
            let b = p.x * ux + p.y * uy
            let c = p.x * p.x + p.y * p.y - R * R
            let disc = b * b - c
            guard disc >= 0 else { return nil }
            let sq = disc.squareRoot()
            if -b - sq > afterT { return (-b - sq) / st }
            if -b + sq > afterT { return (-b + sq) / st }
            return nil
        }
        let h = curvature
        let rho = abs(1 / h)
        let cx = p.x - uy / h, cy = p.y + ux / h
        let d2 = cx * cx + cy * cy
        let d = d2.squareRoot()
        guard d > 0, d <= R + rho, d >= abs(R - rho) else { return nil }
        let a = (R * R - rho * rho + d2) * 0.5 / d
        let hh = max(R * R - a * a, 0).squareRoot()
        let bx = a * cx / d, by = a * cy / d
        let hx = hh * cx / d, hy = hh * cy / d
        let r0x = p.x - cx, r0y = p.y - cy
        let sense = h > 0 ? 1.0 : -1.0
        let turnT = 2 * Double.pi * rho   // transverse path of one turn
        var best = Double.infinity
        for k in 0..<2 {
            let sign = k == 0 ? -1.0 : 1.0
            let r1x = bx - sign * hy - cx, r1y = by + sign * hx - cy
            // Turning angle from the start to this point in [0, 2π), then the first turn beyond `after`.
            var alpha = atan2(sense * (r0x * r1y - r0y * r1x), r0x * r1x + r0y * r1y)
            if alpha < 0 { alpha += 2 * Double.pi }
            var sT = alpha * rho
            if sT <= afterT { sT += ((afterT - sT) / turnT).rounded(.up) * turnT }
            if sT <= afterT { sT += turnT }   // rounding
            best = min(best, sT)
        }
        let s = best / st
        return s.isFinite ? s : nil
    }

    /// The path length s > `minimum` at which the trajectory reaches the plane z = `z`, or nil.
    @inlinable
    public func pathToPlane(z: Double, minimum: Double = 1e-6) -> Double? {
        guard direction.z != 0 else { return nil }
        let s = (z - position.z) / direction.z
        return s > minimum ? s : nil
    }
}
