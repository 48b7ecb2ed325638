import Foundation
import EventModel

/// ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, nine coefficients; C. Lanczos,
/// SIAM J. Numer. Anal. B1 (1964) 86; coefficients as tabulated by P. Godfrey), relative
/// error < 1e-13. Thread-safe, unlike the C library's `lgamma` (which writes `signgam`).
func logGamma(_ x: Double) -> Double {
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        return log(Double.pi / abs(sin(Double.pi * x))) - logGamma(1 - x)
    }
    let c: [Double] = [0.999_999_999_999_809_93, 676.520_368_121_885_1, -1_259.139_216_722_402_8,
                       771.323_428_777_653_13, -176.615_029_162_140_59, 12.507_343_278_686_905,
                       -0.138_571_095_265_720_12, 9.984_369_578_019_571_6e-6, 1.505_632_735_149_311_6e-7]
    let xm = x - 1
    var a = c[0]
    let t = xm + 7.5
    for i in 1..<9 { a += c[i] / (xm + Double(i)) }
    return 0.5 * log(2 * Double.pi) + (xm + 0.5) * log(t) - t + log(a)
}

/// The regularised lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), the cumulative
/// distribution of a Gamma(a, 1) variable: the fraction of a Gamma-profile shower
/// contained before depth x (in units of 1/b). Series for x < a + 1, Lentz's continued
/// fraction otherwise (Numerical Recipes, 3rd ed., §6.2), to a relative 1e-10 (the showers
/// use differences of P down to 1e-7 GeV; a tighter tolerance only costs iterations).
func regularizedGammaP(_ a: Double, _ x: Double, logGammaA: Double? = nil) -> Double {
    if x <= 0 { return 0 }
    if x.isInfinite { return 1 }
    let lnPrefactor = a * log(x) - x - (logGammaA ?? logGamma(a))
    if x < a + 1 {
        var term = 1 / a, sum = term, n = a
        for _ in 0..<500 {
            n += 1
            term *= x / n
            sum += term
            if abs(term) < abs(sum) * 1e-10 { break }
        }
        return min(1, sum * exp(lnPrefactor))
    }
    // Continued fraction for Q(a, x).
    let tiny = 1e-300
    var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
    for i in 1..<500 {
        let an = -Double(i) * (Double(i) - a)
        b += 2
        d = an * d + b
        if abs(d) < tiny { d = tiny }
        c = b + an / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-10 { break }
    }
    return max(0, 1 - exp(lnPrefactor) * h)
}

extension RandomStream {
    /// A Gamma(shape k, scale θ) deviate, mean kθ, variance kθ², by G. Marsaglia and
    /// W. W. Tsang, ACM TOMS 26 (2000) 363 (squeeze + rejection on a cubed normal); for
    /// k < 1, Gamma(k) = Gamma(k + 1)·U^(1/k) (their §6). k ≤ 0 returns 0 without drawing.
    /// The normals come from the ziggurat (``NormalZiggurat``), as in Marsaglia and Tsang's
    /// own code: one draw each instead of the polar method's ≈ 1.3, a logarithm and a root.
    /// U^(1/k) is drawn as e^(−E/k), E = −ln U ~ Exp(1) from ``ExponentialZiggurat``: the
    /// same law, an exp (≈ 20 instructions) where pow cost ≈ 125 (callgrind; nine in ten
    /// of the simulation's Gamma deviates have k < 1, the sampling fluctuations of small
    /// deposits).
    mutating func gammaDeviate(shape k: Double, scale theta: Double) -> Double {
        guard k > 0, theta > 0 else { return 0 }
        if k < 1 {
            let g = gammaDeviate(shape: k + 1, scale: 1)
            return theta * g * exp(-ExponentialZiggurat.shared.next(&self) / k)
        }
        let d = k - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        let normal = NormalZiggurat.shared
        while true {
            var x: Double, v: Double
            repeat {
                x = normal.next(&self)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform01()
            if u < 1 - 0.0331 * x * x * x * x { return theta * d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return theta * d * v }
        }
    }

    /// A deviate with mean `mean` > 0 and variance `variance` ≥ 0 that is never negative:
    /// Gamma with k = mean²/variance, θ = variance/mean. The model of sampling fluctuations
    /// (a sum of many small positive signals).
    mutating func positiveFluctuation(mean: Double, variance: Double) -> Double {
        guard mean > 0 else { return 0 }
        guard variance > 0 else { return mean }
        return gammaDeviate(shape: mean * mean / variance, scale: variance / mean)
    }

    /// The size-biased version of ``positiveFluctuation(mean:variance:)``: density
    /// x·p(x)/mean, which for Gamma(k, θ) is Gamma(k + 1, θ) (shape ≥ 1: no power of a
    /// uniform). With variance 0 the deviate is the mean itself, as is its size-biased one.
    mutating func sizeBiasedFluctuation(mean: Double, variance: Double) -> Double {
        guard mean > 0 else { return 0 }
        guard variance > 0 else { return mean }
        return gammaDeviate(shape: mean * mean / variance + 1, scale: variance / mean)
    }

    /// A Moyal deviate, the law of λ = −ln Z², Z ~ N(0, 1): the Moyal approximation to the
    /// Landau distribution of ionisation losses in thin layers (J. E. Moyal, Phil. Mag. 46
    /// (1955) 263), mode 0, mean γ_E + ln 2 ≈ 1.27. Capped at 30 to keep the tail finite.
    /// Drawn by inversion of its distribution function through a table (``MoyalInversion``:
    /// one draw, no logarithm; within 3·10⁻⁸ of the exact inversion).
    mutating func moyal() -> Double {
        MoyalInversion.shared.next(&self)
    }
}
