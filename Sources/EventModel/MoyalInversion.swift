import Foundation

/// Moyal deviates by inversion of the cumulative distribution through a table: one 64-bit
/// draw, no logarithm. The Moyal law (J. E. Moyal, Phil. Mag. 46 (1955) 263), the
/// simulation's approximation to the Landau spread of ionisation losses in thin layers,
/// is that of λ = −ln Z² for Z ~ N(0, 1):
///
///     density  f(λ) = exp(−(λ + e^(−λ))/2) / √(2π),   mode 0, mean γ_E + ln 2 ≈ 1.270,
///                                                     variance π²/2
///     CDF      F(λ) = P(|Z| ≥ e^(−λ/2)) = erfc(e^(−λ/2)/√2).
///
/// Inversion: u uniform, t = |Z| the root of P(|Z| ≥ t) = u, λ = −2 ln t. λ(u) has a
/// logarithmic singularity at u → 1 (|Z| → 0) and a slow one at u → 0 (|Z| → ∞), so the
/// table is not uniform in u: with v = min(u, 1 − u) ∈ (0, ½], each side (u below or above
/// ½) splits v into its binary octaves [2^(e−53), 2^(e−52)), e = 0 … 52 (53 octaves cover
/// every 53-bit u, as ``RandomStream/uniform01()`` makes them), and each octave into 32
/// equal pieces in which λ is a cubic Hermite polynomial (values and slopes exact at the
/// piece's ends). In an octave λ is −2 ln of a function that is nearly a power of v, so
/// every octave is as smooth as the first: the error of the interpolation is at most
/// (h⁴/384)·max|λ⁗| with h = 1/32 of an octave and |λ⁗| ≤ 12 there (the −2 ln(1 + x) that
/// dominates each octave), 3.1·10⁻⁸ in λ (`MoyalInversionTests`: largest error
/// 2.8·10⁻⁸ against the exact inversion at 20 000 points), far below what the deviate is
/// used for (a relative spread of 0.09·λ on an energy loss). Cost: a draw, a leading-zero
/// count, four table loads, three multiply-adds (≈ 55 instructions with the draw's
/// bookkeeping and the shared table's look-up, callgrind) where −ln Z² of a polar
/// Box–Muller normal cost ≈ 1.3 draws, a logarithm for the pair, a square root and a
/// division, and then a logarithm of its own.
///
/// The result is capped at 30, as the simulation's deviate always was (λ = 30 is
/// |Z| = e⁻¹⁵, probability 2.5·10⁻⁷).
///
/// A value type holding its table, like ``NormalZiggurat``: take ``shared`` once per loop
/// where many deviates are drawn. `@unchecked Sendable`: the table is written in `init`
/// only, so copies may be read from any thread.
public struct MoyalInversion: @unchecked Sendable {
    /// Pieces per octave: 32 keeps the interpolation error below 3.1·10⁻⁸ (the bound grows
    /// as the fourth power of the piece width: 16 would allow 5·10⁻⁷).
    static let piecesPerOctave = 32
    static let octaves = 53
    /// The cap on λ.
    public static let cap = 30.0

    /// Four coefficients (c₀, c₁, c₂, c₃) per piece, λ = c₀ + f(c₁ + f(c₂ + f c₃)) for f ∈
    /// [0, 1) the position in the piece; pieces ordered by side (u < ½ first), octave, piece.
    @usableFromInline let coefficients: UnsafePointer<Double>
    /// Owns the table.
    private let storage: Storage

    final class Storage: @unchecked Sendable {
        let base: UnsafeMutablePointer<Double>
        init(count: Int) { base = .allocate(capacity: count) }
        deinit { base.deallocate() }
    }

    public static let shared = MoyalInversion()

    public init() {
        let pieces = Self.piecesPerOctave
        let count = 2 * Self.octaves * pieces * 4
        storage = Storage(count: count)
        var slot = 0
        for upper in [false, true] {
            var guess: Double? = nil   // each root starts from the previous one: ≈ 3 Newton steps
            for e in 0..<Self.octaves {
                let width = pow(2, Double(e - 53))   // dv/dx in the octave
                // The nodes x = 0, 1/32, …, 1 of the octave, v = (1 + x)·2^(e−53). The last
                // octave holds only v = ½ (u = ½ exactly, j = 2⁵² on the upper side; the lower
                // side never reaches it): its pieces are that one value.
                let last = e == Self.octaves - 1
                let nodes = (0...pieces).map { i -> (lambda: Double, slope: Double) in
                    let node = Self.node(v: (last ? 1 : 1 + Double(i) / Double(pieces)) * width, upper: upper, guess: guess)
                    guess = exp(-0.5 * node.lambda)
                    return node
                }
                for i in 0..<pieces {
                    // Slopes per unit of f: dλ/dv · dv/dx · dx/df, dx/df = 1/32.
                    let scale = last ? 0 : width / Double(pieces)
                    let y0 = nodes[i].lambda, y1 = nodes[i + 1].lambda
                    let d0 = nodes[i].slope * scale, d1 = nodes[i + 1].slope * scale
                    storage.base[slot] = y0
                    storage.base[slot + 1] = d0
                    storage.base[slot + 2] = 3 * (y1 - y0) - 2 * d0 - d1
                    storage.base[slot + 3] = 2 * (y0 - y1) + d0 + d1
                    slot += 4
                }
            }
        }
        coefficients = UnsafePointer(storage.base)
    }

    /// λ and dλ/dv where v = P(|Z| ≥ t) (lower side, u = v) or v = P(|Z| < t) (upper side,
    /// u = 1 − v), t = e^(−λ/2).
    static func node(v: Double, upper: Bool, guess: Double? = nil) -> (lambda: Double, slope: Double) {
        let t = upper ? innerRadius(probability: v, guess: guess) : outerRadius(probability: v, guess: guess)
        // dv/dt = ∓ 2 φ(t) (lower side: v falls as t grows); dλ/dt = −2/t.
        let twoPhi = (2 / Double.pi).squareRoot() * exp(-0.5 * t * t)
        let dvdt = upper ? twoPhi : -twoPhi
        return (-2 * log(t), -2 / t / dvdt)
    }

    /// The t with P(|Z| ≥ t) = erfc(t/√2) = p (0 < p ≤ ½): Newton's method on
    /// ln erfc(t/√2) − ln p (nearly linear in t² for large t), kept inside a shrinking bracket.
    static func outerRadius(probability p: Double, guess: Double? = nil) -> Double {
        // erfc(x) ≤ e^(−x²) for x ≥ 0: √(−2 ln p) is at or above the root, and close to it for small p.
        solve(bracket: (0.5, 40), guess: guess ?? (-2 * log(p)).squareRoot(), increasing: false, target: log(p)) { t in
            let q = erfc(t / 2.0.squareRoot())
            return (log(q), -(2 / Double.pi).squareRoot() * exp(-0.5 * t * t) / q)
        }
    }

    /// The t with P(|Z| < t) = erf(t/√2) = p (0 < p ≤ ½): Newton's method on
    /// ln erf(t/√2) − ln p (nearly linear in ln t for small t), kept inside a bracket.
    static func innerRadius(probability p: Double, guess: Double? = nil) -> Double {
        // erf(t/√2) = t·√(2/π)·(1 − t²/6 + …): below t ≈ 10⁻⁸ the first term is exact to rounding.
        let small = p * (Double.pi / 2).squareRoot()
        if small < 1e-8 { return small }
        return solve(bracket: (0, 0.7), guess: guess ?? small, increasing: true, target: log(p)) { t in
            let q = erf(t / 2.0.squareRoot())
            return (log(q), (2 / Double.pi).squareRoot() * exp(-0.5 * t * t) / q)
        }
    }

    /// The root of g(t) = target for a monotonic g given with its derivative, by Newton
    /// steps from `guess` that fall back to bisection when they leave the bracket; to full
    /// precision.
    static func solve(bracket: (Double, Double), guess: Double?, increasing: Bool, target: Double,
                      _ g: (Double) -> (value: Double, slope: Double)) -> Double {
        var (lo, hi) = bracket
        var t = guess.map { min(max($0, lo), hi) } ?? 0.5 * (lo + hi)
        for _ in 0..<200 {
            let (value, slope) = g(t)
            let residual = value - target
            if residual == 0 { return t }
            if (residual > 0) == increasing { hi = t } else { lo = t }
            var next = t - residual / slope
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - t) <= 4e-16 * t { return next }
            t = next
        }
        return t
    }

    /// One Moyal deviate (capped at ``cap``) from one 64-bit draw: u = k·2⁻⁵³ from its top
    /// 53 bits (k = 0 redrawn, as in ``RandomStream/uniform01()``); side and v = j·2⁻⁵³ with
    /// j = k below ½, 2⁵³ − k above; the octave from j's leading bit, the piece from the
    /// next five bits, the position in the piece from the 47 below.
    @inlinable @inline(__always)
    public func next(_ rng: inout RandomStream) -> Double {
        var k = rng.next() >> 11
        while k == 0 { k = rng.next() >> 11 }
        return value(bits: k)
    }

    /// λ for u = k·2⁻⁵³, 0 < k < 2⁵³ (see ``next(_:)``).
    @inlinable @inline(__always)
    func value(bits k: UInt64) -> Double {
        let upper = k >> 52                                  // 1 for u ≥ ½
        let j = upper == 0 ? k : (1 << 53) &- k             // 1 … 2⁵²
        let e = 63 &- j.leadingZeroBitCount                  // 0 … 52: the leading bit
        let m = j &<< UInt64(52 &- e)                        // leading bit at 52
        let piece = Int(truncatingIfNeeded: (m >> 47) & 31)
        let f = Double(m & (1 << 47 &- 1)) * 0x1p-47
        // Literals for ``octaves`` (53) and ``piecesPerOctave`` (32): no global read per deviate.
        let c = coefficients + ((Int(truncatingIfNeeded: upper) &* 53 &+ e) &* 32 &+ piece) &* 4
        let lambda = c[0] + f * (c[1] + f * (c[2] + f * c[3]))
        return min(lambda, Self.cap)
    }
}
