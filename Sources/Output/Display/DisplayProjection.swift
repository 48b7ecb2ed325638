import Foundation
import EventModel

/// The fish-eye of the full views: x ↦ x (1 + k) / (1 + k x / X). It keeps 0 and X fixed,
/// is monotonic, and magnifies small x by 1 + k — so the tracker (≈ 1 m) and the muon
/// stations (≈ 10 m) fit one picture, as in ATLAS's Atlantis display. k = 0 is linear.
public struct FishEye: Sendable, Hashable {
    public var strength: Double
    public var extent: Double

    public init(strength: Double, extent: Double) {
        self.strength = strength
        self.extent = extent
    }

    public func callAsFunction(_ x: Double) -> Double {
        let a = abs(x)
        let m = a * (1 + strength) / (1 + strength * a / extent)
        return x < 0 ? -m : m
    }
}

/// Maps detector points (mm) to picture pixels in one view.
///
/// * x–y: looking along the beam, x to the right, y up; the radius goes through the fish-eye.
/// * r–z: z to the right, r up for points with y ≥ 0 and down for y < 0 (so the two halves of
///   the detector do not lie on top of each other); z and r each through their fish-eye.
public struct DisplayProjection: Sendable {
    public enum Kind: String, Sendable { case xy, rz }

    public var kind: Kind
    /// The pixel frame: left, top, width, height.
    public var frameX: Double
    public var frameY: Double
    public var frameWidth: Double
    public var frameHeight: Double
    /// Half-extent drawn across (x or z) and up (y or r), mm.
    public var halfWidthMM: Double
    public var halfHeightMM: Double
    public var fishEyeAcross: FishEye
    public var fishEyeUp: FishEye

    public init(kind: Kind, frame: (x: Double, y: Double, width: Double, height: Double), halfWidthMM: Double,
                halfHeightMM: Double, fishEyeStrength: Double) {
        self.kind = kind
        frameX = frame.x
        frameY = frame.y
        frameWidth = frame.width
        frameHeight = frame.height
        self.halfWidthMM = halfWidthMM
        self.halfHeightMM = halfHeightMM
        fishEyeAcross = FishEye(strength: fishEyeStrength, extent: halfWidthMM)
        fishEyeUp = FishEye(strength: fishEyeStrength, extent: halfHeightMM)
    }

    var centreX: Double { frameX + frameWidth / 2 }
    var centreY: Double { frameY + frameHeight / 2 }

    /// Pixel position of a 3D point.
    public func map(_ p: Vector3) -> (Double, Double) {
        switch kind {
        case .xy:
            return mapXY(x: p.x, y: p.y)
        case .rz:
            return mapRZ(z: p.z, signedR: p.y >= 0 ? p.perp : -p.perp)
        }
    }

    /// x–y view: a point given by its x and y.
    public func mapXY(x: Double, y: Double) -> (Double, Double) {
        let r = (x * x + y * y).squareRoot()
        let scale = r > 0 ? fishEyeAcross(r) / r : 1
        return (centreX + x * scale * frameWidth / (2 * halfWidthMM), centreY - y * scale * frameHeight / (2 * halfHeightMM))
    }

    /// x–y view: a point given by radius and azimuth.
    public func mapPolar(r: Double, phi: Double) -> (Double, Double) { mapXY(x: r * cos(phi), y: r * sin(phi)) }

    /// r–z view: z and the signed radius (positive up).
    public func mapRZ(z: Double, signedR: Double) -> (Double, Double) {
        (centreX + fishEyeAcross(z) * frameWidth / (2 * halfWidthMM), centreY - fishEyeUp(signedR) * frameHeight / (2 * halfHeightMM))
    }

    /// Pixel radius of a circle of radius r about the beam in the x–y view.
    public func pixelRadius(_ r: Double) -> Double { fishEyeAcross(r) * frameWidth / (2 * halfWidthMM) }
}

/// Plane geometry for the r–z view.
enum RZGeometry {
    /// Polar angle of pseudorapidity η.
    static func theta(eta: Double) -> Double { 2 * atan(exp(-eta)) }

    /// The part of the box zMin…zMax × rMin…rMax (z across, r ≥ 0 up) between the polar angles
    /// θ(etaMax) ≤ θ ≤ θ(etaMin): the r–z footprint of a ring of cells. Sutherland–Hodgman
    /// clipping of the box against the two half-planes through the origin.
    static func clip(box: (zMin: Double, zMax: Double, rMin: Double, rMax: Double), etaMin: Double, etaMax: Double) -> [(Double, Double)] {
        var poly: [(Double, Double)] = [(box.zMin, box.rMin), (box.zMax, box.rMin), (box.zMax, box.rMax), (box.zMin, box.rMax)]
        let t1 = theta(eta: etaMax), t2 = theta(eta: etaMin)
        // Keep cross(u1, p) ≥ 0 (angle ≥ θ1) and cross(u2, p) ≤ 0 (angle ≤ θ2).
        poly = clipHalfPlane(poly, direction: (cos(t1), sin(t1)), keepLeft: true)
        poly = clipHalfPlane(poly, direction: (cos(t2), sin(t2)), keepLeft: false)
        return poly
    }

    static func clipHalfPlane(_ poly: [(Double, Double)], direction u: (Double, Double), keepLeft: Bool) -> [(Double, Double)] {
        guard !poly.isEmpty else { return [] }
        func side(_ p: (Double, Double)) -> Double {
            let c = u.0 * p.1 - u.1 * p.0
            return keepLeft ? c : -c
        }
        var out: [(Double, Double)] = []
        for i in 0..<poly.count {
            let a = poly[i], b = poly[(i + 1) % poly.count]
            let sa = side(a), sb = side(b)
            if sa >= 0 { out.append(a) }
            if (sa >= 0) != (sb >= 0) {
                let t = sa / (sa - sb)
                out.append((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
            }
        }
        return out
    }

    /// Distance from the origin along polar angle θ to the edge of the box |z| ≤ halfLength, r ≤ radius.
    static func reach(theta: Double, radius: Double, halfLength: Double) -> Double {
        let s = sin(theta), c = abs(cos(theta))
        let toR = s > 1e-9 ? radius / s : .infinity
        let toZ = c > 1e-9 ? halfLength / c : .infinity
        return min(toR, toZ)
    }
}
