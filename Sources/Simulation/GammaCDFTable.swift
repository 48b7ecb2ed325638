import Foundation

/// The regularised incomplete gamma function P(a, x) — a Gamma shower profile's contained
/// fraction — read from a table instead of computed by its series or continued fraction.
///
/// Why a table is good enough: the showers use P only for the fraction of a shower's energy
/// between two depths (one volume or one step), and the fractions telescope, so an error
/// ε in P moves at most ε of the shower's energy from one layer to the next (and changes its
/// leakage by at most ε); the total is untouched. Here ε < 5·10⁻⁵ (`GammaCDFTableTests`; the
/// worst of 30 000 random (a, x) in a prototype was 3.7·10⁻⁵, at x < 0.01), while a layer's
/// sampling fluctuation alone is a·√(f·E) with a ≥ 0.1 GeV^½: for a layer holding f = 10 %
/// of the shower it is 0.03·√E, above 5·10⁻⁵·E up to E ≈ 3·10⁵ GeV. No layer energy,
/// resolution or E_H/E_EM can see it.
///
/// Layout: a ∈ [1, 16] in steps of 1/16 (EM showers have a = b·t_max + 1 ≈ 2–12 with the
/// Grindhammer–Peters fluctuations, hadron showers 1.1–2.5), and u = √x ∈ [0, 7] in steps of
/// 1/16 (x ≤ 49, where P(16, x) > 1 − 10⁻⁹). √x as the variable: near x = 0, P grows like
/// x^a/Γ(a + 1), which a uniform grid in x interpolates badly for a near 1 (errors of 10⁻³
/// at x ≈ 0.1); in u it is u^(2a), smooth enough for a cubic. Catmull–Rom cubics along u,
/// then along a (16 values, no division, no logarithm or exponential); quadratics at the
/// low edges. Outside the table the exact function is used. Values are stored as Float
/// (rounding 6·10⁻⁸, far below ε): 241 × 113 values, 109 kB.
struct GammaCDFTable: Sendable {
    static let shared = GammaCDFTable()

    static let aMin = 1.0, aMax = 16.0, aStep = 1.0 / 16
    static let uMax = 7.0, uStep = 1.0 / 16
    let rows: Int
    let columns: Int
    let values: [Float]

    init() {
        rows = Int(((Self.aMax - Self.aMin) / Self.aStep).rounded()) + 1
        columns = Int((Self.uMax / Self.uStep).rounded()) + 1
        var v = [Float](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            let a = Self.aMin + Double(i) * Self.aStep
            let lg = logGamma(a)
            for j in 0..<columns {
                let u = Double(j) * Self.uStep
                v[i * columns + j] = Float(regularizedGammaP(a, u * u, logGammaA: lg))
            }
        }
        values = v
    }

    /// Whether P(a, ·) is read from the table for this a (then ln Γ(a) is not needed).
    static func covers(_ a: Double) -> Bool { a >= aMin && a < aMax - aStep }

    /// P(a, x): from the table inside a ∈ [1, 15.94), x < 47.6 (u < 6.875), otherwise
    /// exact (with ln Γ(a) if given). Not monotone to the last 10⁻⁵ (a cubic may
    /// overshoot): callers that take differences clamp them at 0.
    @inline(__always)
    func callAsFunction(_ a: Double, _ x: Double, logGammaA: Double? = nil) -> Double {
        guard x > 0 else { return 0 }
        let u = x.squareRoot()
        guard Self.covers(a), u < Self.uMax - 2 * Self.uStep else {
            return regularizedGammaP(a, x, logGammaA: logGammaA)
        }
        let va = (a - Self.aMin) * (1 / Self.aStep), vu = u * (1 / Self.uStep)
        let i = Int(va), j = Int(vu)
        let s = va - Double(i), t = vu - Double(j)
        return values.withUnsafeBufferPointer { p -> Double in
            // The value along u in row r at t (or the quadratic through the first three
            // columns below the second column, P(a, 0) = 0 being column 0).
            @inline(__always) func along(_ r: Int) -> Double {
                let row = r * columns
                if j == 0 {
                    let p0 = Double(p[row]), p1 = Double(p[row + 1]), p2 = Double(p[row + 2])
                    return p0 + t * (p1 - p0) + 0.5 * t * (t - 1) * (p2 - 2 * p1 + p0)
                }
                return catmullRom(Double(p[row + j - 1]), Double(p[row + j]), Double(p[row + j + 1]),
                                  Double(p[row + j + 2]), t)
            }
            let value: Double
            if i == 0 {
                let q0 = along(0), q1 = along(1), q2 = along(2)
                value = q0 + s * (q1 - q0) + 0.5 * s * (s - 1) * (q2 - 2 * q1 + q0)
            } else {
                value = catmullRom(along(i - 1), along(i), along(i + 1), along(i + 2), s)
            }
            return min(max(value, 0), 1)
        }
    }
}

/// The Catmull–Rom cubic through p₁ (t = 0) and p₂ (t = 1) with slopes (p₂ − p₀)/2 and
/// (p₃ − p₁)/2.
@inline(__always)
func catmullRom(_ p0: Double, _ p1: Double, _ p2: Double, _ p3: Double, _ t: Double) -> Double {
    p1 + 0.5 * t * ((p2 - p0) + t * ((2 * p0 - 5 * p1 + 4 * p2 - p3) + t * (3 * (p1 - p2) + p3 - p0)))
}
