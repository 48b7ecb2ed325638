import EventModel
import Foundation

/// The sines and cosines of a parameter vector's three angles (loc1 = φ_pos, φ, θ), once per
/// state for everything that reads them.
struct AngleTrig: Sendable {
    var sinPhiPosition: Double, cosPhiPosition: Double
    var sinPhi: Double, cosPhi: Double
    var sinTheta: Double, cosTheta: Double

    @inline(__always) init(_ p: Vector5) {
        (sinPhiPosition, cosPhiPosition) = exactSinCos(p[0])
        (sinPhi, cosPhi) = exactSinCos(p[2])
        (sinTheta, cosTheta) = exactSinCos(p[3])
    }

    /// The same for the angles of a point and a direction — `SurfaceParameters(surface:on:position:direction:qOverP:)`'s
    /// atan2(y, x), atan2(t_y, t_x) and atan2(|t_T|, t_z) — as the ratios they are (y/ρ,
    /// x/ρ, …), equal to the sines and cosines of those angles up to rounding, without the
    /// library's sincos (≈ 120 instructions each). A point on the beam line or a direction
    /// along it gives the angle 0, as atan2(0, 0) does.
    @inline(__always) init(position x: Vector3, direction d: Vector3) {
        let rho = (x.x * x.x + x.y * x.y).squareRoot()
        (sinPhiPosition, cosPhiPosition) = rho > 0 ? (x.y / rho, x.x / rho) : (0, 1)
        let dt = (d.x * d.x + d.y * d.y).squareRoot()
        (sinPhi, cosPhi) = dt > 0 ? (d.y / dt, d.x / dt) : (0, 1)
        let dm = (dt * dt + d.z * d.z).squareRoot()
        (sinTheta, cosTheta) = (dt / dm, d.z / dm)
    }

    /// The angles (0, 0, 0), without the library calls: a placeholder for an `inout` result
    /// that is written before it is read.
    init() {
        sinPhiPosition = 0; cosPhiPosition = 1; sinPhi = 0; cosPhi = 1; sinTheta = 0; cosTheta = 1
    }
}

/// Five-parameter vectors and 5 × 5 matrices for the track fit, stored inline (no heap
/// traffic per Kalman step). Index order is that of the parameters: (loc1, loc2, φ, θ, q/p)
/// on a surface, (d0, z0, φ, θ, q/p) at the perigee.
struct Vector5: Sendable {
    var e: InlineArray<5, Double>

    init(_ a: Double, _ b: Double, _ c: Double, _ d: Double, _ f: Double) {
        e = [a, b, c, d, f]
    }

    @inline(__always) subscript(i: Int) -> Double {
        get { e[i] }
        set { e[i] = newValue }
    }

    var isFinite: Bool {
        let x = e.span
        for i in 0..<5 where !x[i].isFinite { return false }
        return true
    }
}

/// A 5 × 5 matrix, row major.
struct Matrix5: Sendable {
    var e: InlineArray<25, Double>

    init() { e = InlineArray(repeating: 0) }

    static var identity: Matrix5 {
        var m = Matrix5()
        for i in 0..<5 { m[i, i] = 1 }
        return m
    }

    static func diagonal(_ d: Vector5) -> Matrix5 {
        var m = Matrix5()
        for i in 0..<5 { m[i, i] = d[i] }
        return m
    }

    @inline(__always) subscript(i: Int, j: Int) -> Double {
        get { e[i * 5 + j] }
        set { e[i * 5 + j] = newValue }
    }

    // The products read through spans: element access on a copied InlineArray parameter
    // otherwise compiles to a 200-byte copy per read (seen as memcpy in the profile).
    static func * (a: Matrix5, b: Matrix5) -> Matrix5 {
        var c = Matrix5()
        let x = a.e.span, y = b.e.span
        for i in 0..<5 {
            for k in 0..<5 {
                let aik = x[i * 5 + k]
                if aik == 0 { continue }
                for j in 0..<5 { c.e[i * 5 + j] += aik * y[k * 5 + j] }
            }
        }
        return c
    }

    var transposed: Matrix5 {
        var t = Matrix5()
        let x = e.span
        for i in 0..<5 { for j in 0..<5 { t.e[j * 5 + i] = x[i * 5 + j] } }
        return t
    }

    /// J · self · Jᵀ, symmetric by construction (the upper triangle is computed and mirrored).
    func transported(by j: Matrix5) -> Matrix5 {
        var r = self
        r.transport(by: j)
        return r
    }

    /// `self = J · self · Jᵀ` in place: the result is written into the matrix itself once
    /// J · C is formed (a new matrix was zeroed and then copied back: 75.1 → 70.0 M
    /// instructions at μ = 40, callgrind of `bench tracking`).
    mutating func transport(by j: Matrix5) {
        var t = InlineArray<25, Double>(repeating: 0)
        let jm = j.e.span
        // t = J · C, skipping the Jacobian's zeros.
        do {
            let c = e.span
            for i in 0..<5 {
                for k in 0..<5 {
                    let jik = jm[i * 5 + k]
                    if jik == 0 { continue }
                    for l in 0..<5 { t[i * 5 + l] += jik * c[k * 5 + l] }
                }
            }
        }
        // A helix step leaves q/p as it is: J's last row is (0, 0, 0, 0, 1), and the last
        // column's sums Σ_l t[i][l] J[4][l] are 0 + t[i][4] (the other terms exact zeros).
        // Taken so, without the five five-term sums (≈ 125 of ≈ 1 000 instructions a call).
        let unitLastRow = jm[20] == 0 && jm[21] == 0 && jm[22] == 0 && jm[23] == 0 && jm[24] == 1
        let ts = t.span
        for i in 0..<5 {
            for k in i..<5 {
                var sum = 0.0
                if k == 4 && unitLastRow {
                    sum += ts[i * 5 + 4]
                } else {
                    for l in 0..<5 { sum += ts[i * 5 + l] * jm[k * 5 + l] }
                }
                e[i * 5 + k] = sum
                e[k * 5 + i] = sum
            }
        }
    }

    mutating func symmetrise() {
        for i in 0..<5 {
            for j in (i + 1)..<5 {
                let m = 0.5 * (self[i, j] + self[j, i])
                self[i, j] = m
                self[j, i] = m
            }
        }
    }

    /// Whether every diagonal element is positive and every element finite.
    var isUsableCovariance: Bool {
        // Through a span: `e[i]` on the stored InlineArray compiled to a copy of the matrix
        // and ≈ 1 000 instructions per call (callgrind), 165 000 calls in 40 μ = 0 events.
        let x = e.span
        for i in 0..<25 where !x[i].isFinite { return false }
        for i in 0..<5 where !(x[i * 5 + i] > 0) { return false }
        return true
    }

    var rowMajor: [Double] {
        // Through a span, as above (a map over `e[$0]` copied the matrix per element: ≈ 1 600
        // instructions per call).
        let x = e.span
        var out: [Double] = []
        out.reserveCapacity(25)
        for i in 0..<25 { out.append(x[i]) }
        return out
    }
}
