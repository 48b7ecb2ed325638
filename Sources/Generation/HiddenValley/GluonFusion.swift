import Foundation
import EventModel

/// The Born kinematics of a 2 → 1 process: the resonance mass and rapidity and the momentum
/// fractions of the two incoming partons, x₁,₂ = (m/√s) e^{±y}.
public struct BornKinematics: Sendable, Equatable {
    public var massGeV: Double
    public var rapidity: Double
    public var x1: Double
    public var x2: Double
    /// The factorisation scale μ_F (GeV) the PDFs were read at: the resonance mass.
    public var factorizationScaleGeV: Double
}

/// gg → Φ at leading order, for a scalar Φ of mass m and width Γ.
///
/// In the narrow-width limit the partonic cross-section is σ̂(ŝ) = σ₀ m² δ(ŝ − m²), so
///
///     dσ/dy ∝ x₁ g(x₁, μ_F) · x₂ g(x₂, μ_F),   x₁,₂ = (m/√s) e^{±y},   μ_F = m,
///
/// the gluon–gluon luminosity at fixed τ = m²/s (PHYSICS-NOTES "Generation"; e.g. Ellis,
/// Stirling, Webber, "QCD and Collider Physics", §10.2). The mass is drawn first from a
/// non-relativistic (Cauchy) Breit–Wigner truncated to m ± ``Config/widthsInWindow`` Γ (and above
/// the Φ → s s threshold); the luminosity's slope across such a narrow window is neglected.
/// The rapidity is drawn by inversion of a table of the luminosity at the nominal mass
/// (``Config/rapidityBins`` bins, uniform within a bin), built once per generator; for the
/// drawn mass, |y| is limited to ln(√s/m) so that x₁,₂ < 1.
public struct GluonFusion: Sendable {
    public struct Config: Sendable, Equatable {
        public var massGeV: Double
        public var widthGeV: Double
        public var sqrtSGeV: Double
        /// The lowest mass allowed (GeV), e.g. the Φ → s s threshold.
        public var minimumMassGeV: Double = 0
        /// Half-width of the mass window in units of Γ.
        public var widthsInWindow: Double = 20
        public var rapidityBins: Int = 800

        public init(massGeV: Double, widthGeV: Double, sqrtSGeV: Double, minimumMassGeV: Double = 0) {
            self.massGeV = massGeV
            self.widthGeV = widthGeV
            self.sqrtSGeV = sqrtSGeV
            self.minimumMassGeV = minimumMassGeV
        }
    }

    public let config: Config
    /// Upper edge of the rapidity table, ln(√s/m).
    public let maxRapidity: Double
    /// Cumulative luminosity at the bin edges, normalised to 1 (rapidityBins + 1 values).
    let cumulative: [Double]

    public init(config: Config, pdf: some PartonDistributionFunction) {
        self.config = config
        let m = config.massGeV
        maxRapidity = log(config.sqrtSGeV / m)
        let n = config.rapidityBins
        var cdf = [Double](repeating: 0, count: n + 1)
        let tau = m / config.sqrtSGeV
        for i in 0..<n {
            // Luminosity at the bin centre times the bin width (all bins equal).
            let y = -maxRapidity + (Double(i) + 0.5) * 2 * maxRapidity / Double(n)
            let lum = pdf.xGluon(x: tau * exp(y), qGeV: m) * pdf.xGluon(x: tau * exp(-y), qGeV: m)
            cdf[i + 1] = cdf[i] + max(lum, 0)
        }
        let total = cdf[n]
        cumulative = cdf.map { $0 / total }
    }

    /// Draws (m, y): two draws for the mass window (one if Γ = 0: none) and two for y.
    public func callAsFunction(rng: inout RandomStream) -> BornKinematics {
        let c = config
        let low = max(c.minimumMassGeV, c.massGeV - c.widthsInWindow * c.widthGeV)
        let mass = rng.breitWigner(mass: c.massGeV, width: c.widthGeV,
                                   in: low...(c.massGeV + c.widthsInWindow * c.widthGeV))
        var y = sampleRapidity(rng: &rng)
        let yLimit = log(c.sqrtSGeV / mass)
        y = min(max(y, -yLimit * 0.999_999), yLimit * 0.999_999)
        let tau = mass / c.sqrtSGeV
        return BornKinematics(massGeV: mass, rapidity: y, x1: tau * exp(y), x2: tau * exp(-y),
                              factorizationScaleGeV: mass)
    }

    /// Inversion of the tabulated cumulative luminosity: binary search, uniform in the bin.
    func sampleRapidity(rng: inout RandomStream) -> Double {
        let u = rng.uniform01()
        var lo = 0, hi = cumulative.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if cumulative[mid] < u { lo = mid } else { hi = mid }
        }
        let width = 2 * maxRapidity / Double(cumulative.count - 1)
        return -maxRapidity + (Double(lo) + rng.uniform01()) * width
    }
}
