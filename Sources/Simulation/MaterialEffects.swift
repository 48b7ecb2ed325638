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
