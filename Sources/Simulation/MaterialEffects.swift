import Foundation
import EventModel

/// Interactions of a particle with a thin layer of tracker material, each a small pure
/// function of the layer thickness (in X₀), the particle and the random stream — the
/// shape of ACTS Fatras's physics processes, written anew here.
enum MaterialEffects {
    /// Electron mass, GeV (PDG 2024).
    static let electronMass = 0.000_510_998_95

    /// Highland's r.m.s. plane scattering angle (PDG §34.3, eq. 34.16):
    /// θ₀ = (13.6 MeV / βcp) |z| √(x/X₀) [1 + 0.038 ln(x z² / (X₀ β²))].
    /// The transport passes its ``TabulatedLog`` (the logarithm within 3·10⁻⁹).
    @inline(__always)
    static func highlandTheta0(thicknessX0 x: Double, momentum p: Double, beta: Double, charge z: Double,
                               logarithm: TabulatedLog = .shared) -> Double {
        guard x > 0, p > 0, beta > 0 else { return 0 }
        let az = abs(z)
        let log = logarithm(x * az * az / (beta * beta))
        return 13.6 * MeV / (beta * p) * az * x.squareRoot() * max(0, 1 + 0.038 * log)
    }

    /// Mean ionisation loss rate in silicon, MeV cm²/g, by the Bethe equation with the
    /// density-effect correction (PDG §34.2, eqs. 34.5, 34.7; Sternheimer parameters of
    /// silicon from the PDG table: I = 173 eV, C̄ = 4.4355, x₀ = 0.2015, x₁ = 2.8716,
    /// a = 0.1492, k = 3.2546). Tracker material is treated as silicon-equivalent in
    /// X₀ (X₀(Si) = 21.82 g/cm²): a minimum-ionising particle then loses ≈ 1.66 MeV cm²/g.
    /// The transport reads it from ``BetheTable`` (within 10⁻⁷ of this function).
    static func betheSilicon(betaGamma bg: Double, mass: Double, charge z: Double) -> Double {
        guard bg > 0 else { return 0 }
        let K = Bethe.K
        let zOverA = Bethe.zOverA
        let I = Bethe.I
        let me = Bethe.me
        let beta2 = bg * bg / (1 + bg * bg)
        let gamma = (1 + bg * bg).squareRoot()
        let massMeV = mass * 1e3
        let ratio = me / max(massMeV, me)
        let tmax = 2 * me * bg * bg / (1 + 2 * gamma * ratio + ratio * ratio)
        let delta = Bethe.densityEffect(betaGamma: bg)
        let arg = 2 * me * bg * bg * tmax / (I * I)
        let dedx = K * z * z * zOverA / beta2 * (0.5 * log(arg) - beta2 - delta / 2)
        return max(dedx, 0)
    }

    /// The constants of ``betheSilicon(betaGamma:mass:charge:)``, shared with ``BetheTable``.
    enum Bethe {
        static let K = 0.307_075          // MeV cm²/mol
        static let zOverA = 0.498_48
        static let I = 173e-9 * 1e3       // GeV → MeV: 173 eV
        static let me = 0.510_998_95      // MeV

        /// The density-effect correction δ of silicon (Sternheimer's parametrisation in
        /// x = log₁₀ βγ, without the conductor's δ₀·10^(2(x − x₀)) below x₀: δ jumps from 0 to
        /// ≈ 0.14 at x₀).
        static func densityEffect(betaGamma bg: Double) -> Double {
            let x = log10(bg)
            let cbar = 4.4355, x0 = 0.2015, x1 = 2.8716, a = 0.1492, k = 3.2546
            if x >= x1 { return 2 * log(10.0) * x - cbar }
            if x >= x0 { return 2 * log(10.0) * x - cbar + a * pow(x1 - x, k) }
            return 0
        }

        /// βγ where δ switches on (x₀ = 0.2015).
        static let densityOnset = pow(10.0, 0.2015)

        /// The mass-independent part of the bracket, over β²: dE/dx = K z² (Z/A) [A(βγ) −
        /// ½ (1 + 1/βγ²) ln D] with A = (1 + 1/βγ²)(ln(2 mₑ βγ²/I) − β² − δ/2) and
        /// D = 1 + 2γ mₑ/M + (mₑ/M)², the T_max denominator (½ ln of 2mₑβ²γ²T_max/I² split
        /// into ln(2mₑβγ²/I) − ½ ln D).
        static func massIndependentPart(betaGamma bg: Double) -> Double {
            let beta2 = bg * bg / (1 + bg * bg)
            return (1 + 1 / (bg * bg)) * (log(2 * me * bg * bg / I) - beta2 - densityEffect(betaGamma: bg) / 2)
        }
    }

    /// Mass thickness of silicon-equivalent material, g/cm², for `x` radiation lengths.
    static func massThickness(thicknessX0 x: Double) -> Double { x * 21.82 }

    /// Energy kept by an electron after `x` radiation lengths of bremsstrahlung:
    /// z = E′/E with −ln z ~ Gamma(x/ln 2, 1), the Bethe–Heitler distribution
    /// f(z) = (−ln z)^(c−1) / Γ(c), c = x/ln 2 (H. Bethe, W. Heitler, Proc. R. Soc. A 146
    /// (1934) 83; as used for electron energy loss in track fits).
    static func betheHeitlerKeptFraction(thicknessX0 x: Double, rng: inout RandomStream) -> Double {
        guard x > 0 else { return 1 }
        return exp(-rng.gammaDeviate(shape: x / log(2.0), scale: 1))
    }

    /// Photon conversions: the probability to convert in `x` radiation lengths is
    /// 1 − exp(−7x/9) (PDG §34.4.5, high-energy limit of the pair-production cross-section),
    /// so the depth in X₀ at which a photon converts is exponential with mean 9/7: one
    /// draw per photon (`EventTransport.neutralTrackerTransport`).
    static func conversionDepthX0(rng: inout RandomStream) -> Double { -9.0 / 7.0 * log(rng.uniform01()) }

    /// Fraction of the photon energy given to the electron of a conversion pair, from the
    /// complete-screening Bethe–Heitler spectrum dσ/dx ∝ 1 − (4/3) x(1 − x) (PDG §34.4.5,
    /// eq. 34.31), by rejection (acceptance ≥ 2/3).
    static func conversionEnergySharing(rng: inout RandomStream) -> Double {
        while true {
            let x = rng.uniform01()
            if rng.uniform01() * 1.0 <= 1 - 4.0 / 3.0 * x * (1 - x) { return x }
        }
    }

    /// The direction `d` (unit) deflected by two independent Gaussian plane angles of
    /// r.m.s. θ₀ in two planes orthogonal to it.
    static func scatter(_ d: Vector3, theta0: Double, rng: inout RandomStream) -> Vector3 {
        guard theta0 > 0 else { return d }
        // Orthonormal basis (u, v) perpendicular to d.
        let helper = abs(d.z) < 0.9 ? Vector3(0, 0, 1) : Vector3(1, 0, 0)
        let u = d.cross(helper).unit
        let v = d.cross(u)
        let a = rng.gaussian(sigma: theta0), b = rng.gaussian(sigma: theta0)
        return (d + u * smallTan(a) + v * smallTan(b)).unit
    }

    /// tan x: its Taylor series x + x³/3 + 2x⁵/15 + 17x⁷/315 for |x| < 0.01 (the next term,
    /// 62x⁹/2835, is below 10⁻¹⁵ of the sum: tracker scattering angles are milliradians),
    /// the library's tan otherwise.
    @inline(__always)
    static func smallTan(_ x: Double) -> Double {
        guard abs(x) < 0.01 else { return tan(x) }
        let x2 = x * x
        return x * (1 + x2 * (1.0 / 3 + x2 * (2.0 / 15 + x2 * (17.0 / 315))))
    }
}

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
