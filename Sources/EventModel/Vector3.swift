import Foundation

/// A Cartesian three-vector: a position (mm), a momentum (GeV) or a velocity (units of c).
public struct Vector3: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    public static let zero = Vector3(0, 0, 0)

    /// Length squared.
    @inlinable public var mag2: Double { x * x + y * y + z * z }
    /// Length.
    @inlinable public var mag: Double { mag2.squareRoot() }
    /// Transverse component, √(x² + y²): pT for a momentum, r (Lxy) for a position.
    @inlinable public var perp: Double { (x * x + y * y).squareRoot() }
    /// Azimuth in (−π, π]; 0 for a vector along the beam.
    /// atan2 gives −π for x < 0 with y = −0 or y ≈ −1e−16 (e.g. sin(−π)); that is +π here.
    @inlinable public var phi: Double {
        if x == 0 && y == 0 { return 0 }
        let a = atan2(y, x)
        return a == -Double.pi ? Double.pi : a
    }
    /// Polar angle from +z, in [0, π].
    @inlinable public var theta: Double { (x == 0 && y == 0 && z == 0) ? 0 : atan2(perp, z) }

    /// Pseudorapidity η = −ln tan(θ/2) = asinh(z / perp).
    /// Along the beam (perp = 0) it is ±∞ with the sign of z, and 0 for the null vector.
    @inlinable public var eta: Double {
        let t = perp
        if t == 0 { return z == 0 ? 0 : (z > 0 ? .infinity : -.infinity) }
        return asinh(z / t)
    }

    @inlinable public func dot(_ o: Vector3) -> Double { x * o.x + y * o.y + z * o.z }
    @inlinable public func cross(_ o: Vector3) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }
    /// Unit vector along self; the null vector stays null.
    @inlinable public var unit: Vector3 { let l = mag; return l == 0 ? self : self / l }

    @inlinable public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    @inlinable public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    @inlinable public static prefix func - (a: Vector3) -> Vector3 { Vector3(-a.x, -a.y, -a.z) }
    @inlinable public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    @inlinable public static func * (s: Double, a: Vector3) -> Vector3 { a * s }
    @inlinable public static func / (a: Vector3, s: Double) -> Vector3 { Vector3(a.x / s, a.y / s, a.z / s) }
    @inlinable public static func += (a: inout Vector3, b: Vector3) { a = a + b }
    @inlinable public static func -= (a: inout Vector3, b: Vector3) { a = a - b }
}

/// Wraps an angle into (−π, π].
@inlinable public func wrapPhi(_ phi: Double) -> Double {
    guard phi.isFinite else { return phi }
    var p = phi.truncatingRemainder(dividingBy: 2 * Double.pi)   // (−2π, 2π)
    if p > Double.pi { p -= 2 * Double.pi }
    else if p <= -Double.pi { p += 2 * Double.pi }
    return p
}

/// Azimuthal difference φ1 − φ2 wrapped into (−π, π].
@inlinable public func deltaPhi(_ phi1: Double, _ phi2: Double) -> Double { wrapPhi(phi1 - phi2) }

/// ΔR = √(Δη² + Δφ²) with Δφ wrapped; the distance jet algorithms and matching use.
@inlinable public func deltaR(eta1: Double, phi1: Double, eta2: Double, phi2: Double) -> Double {
    let de = eta1 - eta2
    let dp = deltaPhi(phi1, phi2)
    return (de * de + dp * dp).squareRoot()
}
