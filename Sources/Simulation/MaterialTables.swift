import Foundation

// The tables behind the tracker transport's slowly varying physics terms (session 12):
// `MantissaCubicTable`, and on it `TabulatedLog` (Highland's logarithm) and `BetheTable`
// (the Bethe rate in silicon). The formulas they follow are in MaterialEffects.swift.

/// A smooth function of x > 0 as a cubic in each of 32 bins per octave of x, the bins equal
/// in x's binary mantissa: a bin is found from x's bit pattern (its exponent and the top 5
/// bits of its mantissa) and the position t ∈ [0, 1) in it from the remaining bits — no
/// logarithm, no division. In each bin the cubic through f at t = 0, ⅓, ⅔, 1 (its error
/// there is at most 0.0005·max|∂⁴f/∂t⁴|: a bin spans 1/32 to 1/64 of x, so a function smooth
/// in ln x is followed to ≈ 10⁻⁸ of its own scale; see the two uses below). The coefficients are
/// allocated once for the process (a table lives as long as its `shared` instance).
struct MantissaCubicTable: @unchecked Sendable {
    static let mantissaBits = 5
    /// The mantissa bits below a bin's, and their scale to t ∈ [0, 1).
    static let fractionMask: UInt64 = (1 << (52 - UInt64(mantissaBits))) - 1
    static let fractionScale = 1 / Double(1 << (52 - mantissaBits))
    /// The bin of 2^(lowest exponent): its bit pattern shifted right by 52 − `mantissaBits`.
    let firstBin: Int
    let binCount: Int
    /// Per bin the cubic's coefficients c₀ … c₃ in t (f = c₀ + t(c₁ + t(c₂ + t c₃))).
    let coefficients: UnsafeMutablePointer<Double>

    /// `f` on x ∈ [2^`octaves.lowerBound`, 2^`octaves.upperBound`).
    init(octaves: Range<Int>, _ f: (Double) -> Double) {
        firstBin = (1023 + octaves.lowerBound) << Self.mantissaBits
        binCount = octaves.count << Self.mantissaBits
        coefficients = .allocate(capacity: 4 * binCount)
        for b in 0..<binCount {
            let low = binEdge(b), high = binEdge(b + 1)
            let y = (0..<4).map { f(low + (high - low) * Double($0) / 3) }
            // The cubic through (0, y₀), (⅓, y₁), (⅔, y₂), (1, y₃) in powers of t.
            coefficients[4 * b] = y[0]
            coefficients[4 * b + 1] = (-11 * y[0] + 18 * y[1] - 9 * y[2] + 2 * y[3]) / 2
            coefficients[4 * b + 2] = (18 * y[0] - 45 * y[1] + 36 * y[2] - 9 * y[3]) / 2
            coefficients[4 * b + 3] = (-9 * y[0] + 27 * y[1] - 27 * y[2] + 9 * y[3]) / 2
        }
    }

    /// The lower edge of bin `b` (the x whose bit pattern starts the bin).
    func binEdge(_ b: Int) -> Double {
        Double(bitPattern: UInt64(b + firstBin) << (52 - UInt64(Self.mantissaBits)))
    }

    /// The bin of x (negative or ≥ `binCount` outside the table; NaN and negative x are
    /// beyond it).
    @inline(__always)
    func bin(of x: Double) -> Int {
        Int(truncatingIfNeeded: x.bitPattern >> (52 - UInt64(Self.mantissaBits))) - firstBin
    }

    /// f(x) for x in bin `b` (0 ≤ b < `binCount`).
    @inline(__always)
    func value(_ x: Double, inBin b: Int) -> Double {
        let t = Double(x.bitPattern & Self.fractionMask) * Self.fractionScale
        let c = coefficients + 4 * b
        return c[0] + t * (c[1] + t * (c[2] + t * c[3]))
    }
}

/// The natural logarithm from ``MantissaCubicTable``: ln x = e ln 2 + ln m for x = 2^e m,
/// m ∈ [1, 2), with ln m from the table (within 2.8·10⁻⁹, `MaterialEffectsTests`) — about
/// 35 instructions (callgrind) instead of libm's 51. For the tracker transport's logarithms
/// inside slowly varying physics terms: Highland's 1 + 0.038 ln(x z²/β²) (one per crossing
/// with material, 182 000 per 100 μ = 0 events; θ₀ moves by < 10⁻¹⁰ of itself) and the Bethe
/// rate's mass term. Not for deviates: −ln u of a uniform needs its relative accuracy near
/// u = 1. Zero, negative, subnormal, infinite and NaN arguments go to libm.
struct TabulatedLog: @unchecked Sendable {
    static let shared = TabulatedLog()
    let mantissa = MantissaCubicTable(octaves: 0..<1) { Foundation.log($0) }

    @inline(__always)
    func callAsFunction(_ x: Double) -> Double {
        let bits = x.bitPattern
        let exponent = Int(truncatingIfNeeded: bits >> 52)   // biased; the sign bit makes it ≥ 2048
        guard exponent > 0, exponent < 2047 else { return Foundation.log(x) }
        let m = Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000)
        return Double(exponent - 1023) * 0.693_147_180_559_945_3 + mantissa.value(m, inBin: mantissa.bin(of: m))
    }
}

/// The Bethe rate of ``MaterialEffects/betheSilicon(betaGamma:mass:charge:)`` with its
/// mass-independent part A(βγ) (``MaterialEffects/Bethe/massIndependentPart(betaGamma:)``)
/// read from a table instead of computed: the transport evaluates the rate ≈ 1 500 times per
/// μ = 0 event (whenever βγ has moved by 0.1 %), and log₁₀, pow and log made ≈ 270
/// instructions of each (40 M of the 1 810 M of the μ = 0 simulation bench, callgrind); the
/// table's cubic is ≈ 20, and the mass term ½ (1 + 1/βγ²) ln D takes a ``TabulatedLog``.
///
/// Layout: a ``MantissaCubicTable`` for βγ ∈ [2⁻⁵, 2²⁴) (0.03 to 1.7·10⁷: a 1 MeV pion has
/// βγ ≈ 0.12, a 10 TeV electron 2·10⁷). Outside the range, and in the one bin holding x₀
/// (where the parametrisation's δ jumps by ≈ 0.14), the exact function.
/// The rate is within 4·10⁻⁸ of the exact function (`MaterialEffectsTests`: 40 000 βγ per
/// species, e, μ, π, K, p; the worst near βγ = 0.1): the transport already keeps a rate while
/// βγ stays within 0.1 %, which moves it by up to 10⁻⁴, and a deposit's Moyal spread is ≈ 10 %.
/// 928 bins × 4 coefficients, 30 kB.
struct BetheTable: @unchecked Sendable {
    static let shared = BetheTable()
    static let lowestExponent = -5, highestExponent = 24

    let part = MantissaCubicTable(octaves: Self.lowestExponent..<Self.highestExponent) {
        MaterialEffects.Bethe.massIndependentPart(betaGamma: $0)
    }
    let logarithm = TabulatedLog.shared
    /// The bin holding the density effect's onset x₀, computed exactly.
    let onsetBin: Int

    init() {
        onsetBin = part.bin(of: MaterialEffects.Bethe.densityOnset)
    }

    /// dE/dx in silicon, MeV cm²/g, for a particle of βγ, mass (GeV) and charge (units of e).
    @inline(__always)
    func rate(betaGamma bg: Double, mass: Double, charge z: Double) -> Double {
        let b = part.bin(of: bg)
        guard b >= 0, b < part.binCount, b != onsetBin else {
            return MaterialEffects.betheSilicon(betaGamma: bg, mass: mass, charge: z)
        }
        let a = part.value(bg, inBin: b)
        let me = MaterialEffects.Bethe.me
        let ratio = me / max(mass * 1e3, me)
        let gamma = (1 + bg * bg).squareRoot()
        let massTerm = 0.5 * (1 + 1 / (bg * bg)) * logarithm(1 + 2 * gamma * ratio + ratio * ratio)
        return max(MaterialEffects.Bethe.K * z * z * MaterialEffects.Bethe.zOverA * (a - massTerm), 0)
    }
}
