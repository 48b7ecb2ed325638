import Foundation

/// A Lorentz four-vector (px, py, pz, E) in GeV, or (x, y, z, t) in mm with t as c·t in mm,
/// metric (+, −, −, −). Kinematic getters follow FastJet's conventions where they overlap:
/// rapidity of a massless particle along the beam is ±∞, φ is in (−π, π].
public struct FourVector: Hashable, Sendable, Codable {
    public var px: Double
    public var py: Double
    public var pz: Double
    public var e: Double

    public init(px: Double, py: Double, pz: Double, e: Double) {
        self.px = px
        self.py = py
        self.pz = pz
        self.e = e
    }

    /// A vector from three-momentum and energy.
    public init(_ p: Vector3, e: Double) { self.init(px: p.x, py: p.y, pz: p.z, e: e) }

    /// A vector from three-momentum and mass: E = √(p² + m²).
    public init(_ p: Vector3, mass: Double) {
        self.init(px: p.x, py: p.y, pz: p.z, e: (p.mag2 + mass * mass).squareRoot())
    }

    /// A vector from (pT, η, φ, m), the collider coordinates.
    public init(pt: Double, eta: Double, phi: Double, mass: Double) {
        let px = pt * cos(phi), py = pt * sin(phi), pz = pt * sinh(eta)
        self.init(px: px, py: py, pz: pz, e: (pt * pt + pz * pz + mass * mass).squareRoot())
    }

    public static let zero = FourVector(px: 0, py: 0, pz: 0, e: 0)

    /// Spatial part.
    @inlinable public var p3: Vector3 { Vector3(px, py, pz) }
    @inlinable public var p2: Double { px * px + py * py + pz * pz }
    /// |p|.
    @inlinable public var p: Double { p2.squareRoot() }
    @inlinable public var pt2: Double { px * px + py * py }
    @inlinable public var pt: Double { pt2.squareRoot() }
    /// Invariant mass squared E² − p²; may be slightly negative from rounding.
    @inlinable public var m2: Double { (e - p) * (e + p) }
    /// Invariant mass; −√(−m²) for a space-like vector, as ROOT's TLorentzVector does.
    @inlinable public var m: Double { let s = m2; return s >= 0 ? s.squareRoot() : -(-s).squareRoot() }
    /// Transverse mass squared E² − pz².
    @inlinable public var mt2: Double { (e - pz) * (e + pz) }
    @inlinable public var phi: Double { p3.phi }
    @inlinable public var theta: Double { p3.theta }
    @inlinable public var eta: Double { p3.eta }

    /// Rapidity y = ½ ln((E + pz)/(E − pz)). ±∞ when E = |pz| (massless along the beam).
    @inlinable public var rapidity: Double {
        if e == abs(pz) && pt2 == 0 { return pz == 0 ? 0 : (pz > 0 ? .infinity : -.infinity) }
        let num = e + pz, den = e - pz
        if den <= 0 { return .infinity }
        if num <= 0 { return -.infinity }
        return 0.5 * log(num / den)
    }

    /// Velocity β = p/E (units of c).
    @inlinable public var beta: Vector3 { p3 / e }
    /// γ = E/m; infinite for a massless vector.
    @inlinable public var gamma: Double { e / m }
    /// βγ = |p|/m, what sets a lifetime's lab decay length: L = βγ·cτ.
    @inlinable public var betaGamma: Double { p / m }

    /// The vector seen from a frame moving with velocity −b, i.e. boosted by +b
    /// (as ROOT's `Boost(b)` and Pythia's `bst`). |b| < 1.
    public func boosted(by b: Vector3) -> FourVector {
        let b2 = b.mag2
        if b2 == 0 { return self }
        let g = 1.0 / (1.0 - b2).squareRoot()
        let bp = b.x * px + b.y * py + b.z * pz
        let g2 = (g - 1.0) / b2
        let k = g2 * bp + g * e
        return FourVector(px: px + k * b.x, py: py + k * b.y, pz: pz + k * b.z, e: g * (e + bp))
    }

    /// Minkowski product a·b = EaEb − pa·pb.
    @inlinable public func dot(_ o: FourVector) -> Double { e * o.e - px * o.px - py * o.py - pz * o.pz }

    /// ΔR in (η, φ) to another vector.
    @inlinable public func deltaR(to o: FourVector) -> Double {
        EventModel.deltaR(eta1: eta, phi1: phi, eta2: o.eta, phi2: o.phi)
    }
    /// ΔR in (y, φ), the distance anti-kt uses.
    @inlinable public func deltaRapidityPhi(to o: FourVector) -> Double {
        let dy = rapidity - o.rapidity
        let dp = deltaPhi(phi, o.phi)
        return (dy * dy + dp * dp).squareRoot()
    }

    @inlinable public static func + (a: FourVector, b: FourVector) -> FourVector {
        FourVector(px: a.px + b.px, py: a.py + b.py, pz: a.pz + b.pz, e: a.e + b.e)
    }
    @inlinable public static func - (a: FourVector, b: FourVector) -> FourVector {
        FourVector(px: a.px - b.px, py: a.py - b.py, pz: a.pz - b.pz, e: a.e - b.e)
    }
    @inlinable public static func * (a: FourVector, s: Double) -> FourVector {
        FourVector(px: a.px * s, py: a.py * s, pz: a.pz * s, e: a.e * s)
    }
    @inlinable public static func * (s: Double, a: FourVector) -> FourVector { a * s }
    @inlinable public static func += (a: inout FourVector, b: FourVector) { a = a + b }
}

extension FourVector {
    /// (x, y, z, t) reading of a space-time point: position in mm, c·t in mm.
    @inlinable public var position: Vector3 { p3 }
    /// Time in ns of a space-time point stored as c·t in mm.
    @inlinable public var timeNS: Double { e / speedOfLightMMPerNS }
}
