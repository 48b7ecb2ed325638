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
/// low edges. The weights along a are made once per shower (its a is fixed), so a depth
/// costs a square root, 16 multiply-adds and one cubic. Outside the table's a the exact
/// function is used. Values are stored as Float (rounding 6·10⁻⁸, far below ε):
/// 241 × 113 values, 109 kB.
struct GammaCDFTable: @unchecked Sendable {
    static let shared = GammaCDFTable()

    static let aMin = 1.0, aMax = 16.0, aStep = 1.0 / 16
    static let uMax = 7.0, uStep = 1.0 / 16
    let rows: Int
    let columns: Int
    /// rows × columns values, row-major; allocated once for the process (the shared table
    /// lives as long as the process), so a shower can keep a pointer to its rows.
    let values: UnsafeMutablePointer<Float>

    init() {
        rows = Int(((Self.aMax - Self.aMin) / Self.aStep).rounded()) + 1
        columns = Int((Self.uMax / Self.uStep).rounded()) + 1
        values = .allocate(capacity: rows * columns)
        for i in 0..<rows {
            let a = Self.aMin + Double(i) * Self.aStep
            let lg = logGamma(a)
            for j in 0..<columns {
                let u = Double(j) * Self.uStep
                values[i * columns + j] = Float(regularizedGammaP(a, u * u, logGammaA: lg))
            }
        }
    }

    /// Whether P(a, ·) is read from the table for this a (then ln Γ(a) is not needed).
    static func covers(_ a: Double) -> Bool { a >= aMin && a < aMax - aStep }

    /// The interpolation along a for one a, made once per shower (a is fixed along it):
    /// four rows from `base` and their weights (Catmull–Rom, or the quadratic through the
    /// first three rows at the low edge).
    struct Row {
        /// The four rows, each a pointer (no index arithmetic, and its overflow checks, per
        /// column: they were a fifth of a depth's ≈ 200 instructions).
        let row0: UnsafePointer<Float>, row1: UnsafePointer<Float>
        let row2: UnsafePointer<Float>, row3: UnsafePointer<Float>
        let w0: Double, w1: Double, w2: Double, w3: Double

        init(base: UnsafePointer<Float>, columns: Int, w0: Double, w1: Double, w2: Double, w3: Double) {
            row0 = base
            row1 = base + columns
            row2 = base + 2 * columns
            row3 = base + 3 * columns
            self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
        }

        /// P(a, x) for this row's a; beyond x = 47.27 (u = 6.875) it is 1: there
        /// 1 − P(a, x) ≤ 1 − P(15.94, 47.27) = 4.0·10⁻⁸ for every a the table covers.
        @inline(__always)
        func callAsFunction(_ x: Double) -> Double {
            guard x > 0 else { return 0 }
            let vu = x.squareRoot() * (1 / GammaCDFTable.uStep)
            guard vu < (GammaCDFTable.uMax / GammaCDFTable.uStep) - 2 else { return 1 }
            let j = Int(vu)
            let t = vu - Double(j)
            @inline(__always) func column(_ c: Int) -> Double {
                w0 * Double(row0[c]) + w1 * Double(row1[c]) + w2 * Double(row2[c]) + w3 * Double(row3[c])
            }
            let value: Double
            if j == 0 {
                // The quadratic through the first three columns (P(a, 0) = 0 is column 0).
                let p0 = column(0), p1 = column(1), p2 = column(2)
                value = p0 + t * (p1 - p0) + 0.5 * t * (t - 1) * (p2 - 2 * p1 + p0)
            } else {
                // (j ≤ 108 here: the column indices cannot overflow.)
                value = catmullRom(column(j &- 1), column(j), column(j &+ 1), column(j &+ 2), t)
            }
            return min(max(value, 0), 1)
        }
    }

    /// The rows for a, or nil where the table does not cover a.
    func row(_ a: Double) -> Row? {
        guard Self.covers(a) else { return nil }
        let va = (a - Self.aMin) * (1 / Self.aStep)
        let i = Int(va)
        let s = va - Double(i)
        if i == 0 {
            // Quadratic through rows 0, 1, 2.
            let h = 0.5 * s * (s - 1)
            return Row(base: UnsafePointer(values), columns: columns, w0: 1 - s + h, w1: s - 2 * h, w2: h, w3: 0)
        }
        // Catmull–Rom weights of rows i − 1 ... i + 2 (`catmullRom` written as a weighted sum).
        let s2 = s * s, s3 = s2 * s
        return Row(base: UnsafePointer(values + (i - 1) * columns), columns: columns,
                   w0: 0.5 * (-s + 2 * s2 - s3), w1: 0.5 * (2 - 5 * s2 + 3 * s3),
                   w2: 0.5 * (s + 4 * s2 - 3 * s3), w3: 0.5 * (s3 - s2))
    }

    /// P(a, x): from the table inside a ∈ [1, 15.94), exact (with ln Γ(a) if given) outside.
    /// Not monotone to the last 10⁻⁵ (a cubic may overshoot): callers that take
    /// differences clamp them at 0. (Showers use ``row(_:)`` once and the row per depth.)
    func callAsFunction(_ a: Double, _ x: Double, logGammaA: Double? = nil) -> Double {
        if let r = row(a) { return r(x) }
        return regularizedGammaP(a, x, logGammaA: logGammaA)
    }
}

/// The Catmull–Rom cubic through p₁ (t = 0) and p₂ (t = 1) with slopes (p₂ − p₀)/2 and
/// (p₃ − p₁)/2.
@inline(__always)
func catmullRom(_ p0: Double, _ p1: Double, _ p2: Double, _ p3: Double, _ t: Double) -> Double {
    p1 + 0.5 * t * ((p2 - p0) + t * ((2 * p0 - 5 * p1 + 4 * p2 - p3) + t * (3 * (p1 - p2) + p3 - p0)))
}
