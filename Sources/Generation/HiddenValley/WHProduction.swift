import Foundation
import EventModel

/// q q̄′ → W* → W H at leading order, with W → ℓ ν (V−A) — the hard process of `hss-wh`.
///
/// **Cross-section.** For massless quarks the k^μk^ν parts of both W propagators vanish
/// against the quark and lepton currents and the W W H vertex is g M_W g^{μν}, so
///
///     σ̂(ŝ) ∝ |V_qq′|² λ^{1/2} (λ + 12 M_W²/ŝ) · ŝ / [(ŝ − M_W²)² + M_W² Γ_W²],
///     λ = (1 − m_W²/ŝ − m_H²/ŝ)² − 4 m_W² m_H²/ŝ²,
///
/// the standard Drell–Yan-like result for associated production (S. L. Glashow,
/// D. V. Nanopoulos, A. Yildiz, Phys. Rev. D18 (1978) 1724; E. Eichten, I. Hinchliffe, K. Lane,
/// C. Quigg, Rev. Mod. Phys. 56 (1984) 579; T. Han, S. Willenbrock, Phys. Lett. B273 (1991) 167),
/// with the W* propagator given its width. Constant factors (G_F² M_W⁴/72π …) do not enter
/// unweighted events. Hadronic: dσ/(d ln m dy) = 2 Σ x₁q(x₁) x₂q̄′(x₂) σ̂(m²), x₁,₂ = (m/√s) e^{±y},
/// CTEQ5L at μ_F = m = √ŝ. (m, y) is drawn from a table (``Config/massBins`` bins in ln m
/// from threshold to ``Config/maximumMassGeV`` × ``Config/rapidityBins`` bins in
/// y/ln(√s/m), uniform within a cell), then the flavours (u d̄, c s̄, …, both orientations)
/// in proportion to their terms. |V_qq′| from PDG 2024 (CKM review).
///
/// **W production angle** in the W H rest frame, from the spin-summed |M|²:
/// dσ/d cos θ ∝ λ sin²θ + 8 M_W²/ŝ, θ between W and the quark (integrating gives the
/// λ + 12 M_W²/ŝ above). The quark axis is the Collins–Soper-like direction q̂ − q̄̂ of the two
/// beams seen in the W H frame (it differs from the beam axis once ISR gives W H a p⊥).
///
/// **W decay (V−A).** The amplitude is the four-fermion contraction
/// [v̄(q̄′) γ^μ P_L u(q)] [ū(ℓ) γ_μ P_L v(ℓ̄)], so
///
///     |M|² ∝ (p_q · p_ℓ̄)(p_q̄′ · p_ℓ)
///
/// (the μ-decay / ν e-scattering structure: F. Halzen, A. D. Martin, "Quarks and Leptons",
/// §12–13; R. K. Ellis, W. J. Stirling, B. R. Webber, "QCD and Collider Physics", §9.1). In the W
/// rest frame with unit quark and antiquark directions a, b and antilepton direction n this
/// is ∝ (1 − a·n)(1 + b·n), which ``decayDirection(quark:antiquark:rng:)`` samples by
/// accept–reject (weight ≤ 1 after dividing by 4). When q and q̄′ are back to back (b = −a: a W
/// at rest in the W H frame, helicity −1 along the quark) it is the familiar (1 − cos θ*)² of
/// the antilepton about the quark direction: for u d̄ → W⁺ the ℓ⁺ follows the d̄; for
/// d ū → W⁻ the antilepton is the ν̄, so the ℓ⁻ follows the d quark, (1 + cos θ*)². Averaged
/// over a sample, the antilepton's mean direction is ⟨n⟩ = (b − a)/(3 − a·b) per event.
///
/// **Line shapes.** m_W from a relativistic Breit–Wigner, dP/dm² ∝ 1/[(m² − M_W²)² + M_W²Γ_W²]
/// in |m − M_W| < ``Config/wWidthsInWindow`` Γ_W (fixed width; PDG 2024: M_W = 80.3692 GeV,
/// Γ_W = 2.085 GeV); m_H as ``GluonFusion`` draws Φ's mass. The table uses the nominal masses
/// in λ; the drawn masses only have to fit below √ŝ.
public struct WHProduction: Sendable {
    public struct Config: Sendable, Equatable {
        public var higgsMassGeV: Double
        public var higgsWidthGeV: Double
        public var sqrtSGeV: Double
        /// The lowest Higgs mass allowed (the Φ → s s threshold).
        public var higgsMinimumMassGeV: Double = 0
        public var wMassGeV = 80.3692
        public var wWidthGeV = 2.085
        public var wWidthsInWindow = 15.0
        public var higgsWidthsInWindow = 20.0
        public var maximumMassGeV = 4000.0
        public var massBins = 160
        public var rapidityBins = 40

        public init(higgsMassGeV: Double, higgsWidthGeV: Double, sqrtSGeV: Double, higgsMinimumMassGeV: Double = 0) {
            self.higgsMassGeV = higgsMassGeV
            self.higgsWidthGeV = higgsWidthGeV
            self.sqrtSGeV = sqrtSGeV
            self.higgsMinimumMassGeV = higgsMinimumMassGeV
        }
    }

    /// |V_ud|², |V_us|², |V_ub|², |V_cd|², |V_cs|², |V_cb|² (PDG 2024 CKM review magnitudes:
    /// 0.97367, 0.22431, 0.00382, 0.221, 0.975, 0.0411), indexed [up-type][down-type].
    public static let ckmSquared: [[Double]] = [[0.97367, 0.22431, 0.00382], [0.221, 0.975, 0.0411]].map { $0.map { $0 * $0 } }
    static let upTypes = [2, 4], downTypes = [1, 3, 5]

    /// One Born configuration.
    public struct Born: Sendable, Equatable {
        /// m = √ŝ of the W H system, its rapidity, x₁, x₂ and μ_F = m.
        public var system: BornKinematics
        /// PDG ids of the initiators on leg 0 (+z) and leg 1.
        public var initiators: (Int, Int)
        /// +1 for W⁺, −1 for W⁻.
        public var wCharge: Int
        public var wMassGeV: Double
        public var higgsMassGeV: Double

        public static func == (a: Born, b: Born) -> Bool {
            a.system == b.system && a.initiators == b.initiators && a.wCharge == b.wCharge
                && a.wMassGeV == b.wMassGeV && a.higgsMassGeV == b.higgsMassGeV
        }
    }

    public let config: Config
    public let pdf: CTEQ5L
    /// ln of the lowest and highest W H mass of the table.
    public let logMassRange: (Double, Double)
    /// Cumulative weights of the (mass, rapidity) cells, normalised to 1.
    let cumulative: [Double]

    public init(config: Config, pdf: CTEQ5L = CTEQ5L()) {
        self.config = config
        self.pdf = pdf
        let low = log((config.wMassGeV + config.higgsMassGeV) * (1 + 1e-6))
        let high = log(min(config.maximumMassGeV, 0.999 * config.sqrtSGeV))
        logMassRange = (low, high)
        let nm = config.massBins, ny = config.rapidityBins
        var cdf = [Double](repeating: 0, count: nm * ny + 1)
        for i in 0..<nm {
            let m = exp(low + (Double(i) + 0.5) * (high - low) / Double(nm))
            for j in 0..<ny {
                let v = -1 + (Double(j) + 0.5) * 2 / Double(ny)
                cdf[i * ny + j + 1] = cdf[i * ny + j] + max(Self.density(logMass: log(m), v: v, config: config, pdf: pdf), 0)
            }
        }
        let total = cdf[nm * ny]
        cumulative = cdf.map { $0 / total }
    }

    /// σ̂(ŝ) up to a constant, for W and H masses `mW`, `mH` and the W* propagator of
    /// mass `config.wMassGeV` and width `config.wWidthGeV`; 0 below threshold.
    public static func partonicShape(shat: Double, mW: Double, mH: Double, config: Config) -> Double {
        let a = mW * mW / shat, b = mH * mH / shat
        let lambda = (1 - a - b) * (1 - a - b) - 4 * a * b
        guard lambda > 0, 1 - a - b > 0 else { return 0 }
        let m2 = config.wMassGeV * config.wMassGeV
        let propagator = shat / ((shat - m2) * (shat - m2) + m2 * config.wWidthGeV * config.wWidthGeV)
        return lambda.squareRoot() * (lambda + 12 * a) * propagator
    }

    /// Σ over flavours of |V|² x₁q(x₁) x₂q̄′(x₂) (both orientations, W⁺ and W⁻) at μ_F.
    public static func luminosity(x1: Double, x2: Double, muGeV: Double, pdf: CTEQ5L) -> Double {
        var total = 0.0
        forEachChannel(x1: x1, x2: x2, muGeV: muGeV, pdf: pdf) { _, _, _, w in total += w }
        return total
    }

    /// Calls `body(leg-0 id, leg-1 id, W charge, weight)` for every q q̄′ channel.
    static func forEachChannel(x1: Double, x2: Double, muGeV: Double, pdf: CTEQ5L, _ body: (Int, Int, Int, Double) -> Void) {
        var f1 = [Double](repeating: 0, count: 11), f2 = [Double](repeating: 0, count: 11)
        for id in -5...5 where id != 0 {
            f1[id + 5] = pdf.xf(id, x: x1, qGeV: muGeV)
            f2[id + 5] = pdf.xf(id, x: x2, qGeV: muGeV)
        }
        for (iu, u) in upTypes.enumerated() {
            for (id, d) in downTypes.enumerated() {
                let v2 = ckmSquared[iu][id]
                // W⁺: u d̄ (either orientation); W⁻: d ū.
                body(u, -d, 1, v2 * f1[u + 5] * f2[-d + 5])
                body(-d, u, 1, v2 * f1[-d + 5] * f2[u + 5])
                body(d, -u, -1, v2 * f1[d + 5] * f2[-u + 5])
                body(-u, d, -1, v2 * f1[-u + 5] * f2[d + 5])
            }
        }
    }

    /// dσ/(d ln m dv) up to a constant, y = v ln(√s/m), nominal masses.
    public static func density(logMass: Double, v: Double, config: Config, pdf: CTEQ5L) -> Double {
        let m = exp(logMass)
        let yMax = log(config.sqrtSGeV / m)
        let y = v * yMax
        let tau = m / config.sqrtSGeV
        let x1 = tau * exp(y), x2 = tau * exp(-y)
        guard x1 < 1, x2 < 1 else { return 0 }
        let shape = partonicShape(shat: m * m, mW: config.wMassGeV, mH: config.higgsMassGeV, config: config)
        return 2 * yMax * luminosity(x1: x1, x2: x2, muGeV: m, pdf: pdf) * shape
    }

    /// A W mass from the relativistic Breit–Wigner in its window.
    public func wMass(rng: inout RandomStream) -> Double {
        let c = config
        let m2 = c.wMassGeV * c.wMassGeV, mg = c.wMassGeV * c.wWidthGeV
        let lo = max(c.wMassGeV - c.wWidthsInWindow * c.wWidthGeV, 1), hi = c.wMassGeV + c.wWidthsInWindow * c.wWidthGeV
        let a = atan((lo * lo - m2) / mg), b = atan((hi * hi - m2) / mg)
        return (m2 + mg * tan(a + (b - a) * rng.uniform01())).squareRoot()
    }

    /// Draws a Born configuration.
    public func callAsFunction(rng: inout RandomStream) -> Born {
        let c = config
        let u = rng.uniform01()
        var lo = 0, hi = cumulative.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if cumulative[mid] < u { lo = mid } else { hi = mid }
        }
        let ny = c.rapidityBins
        let (i, j) = (lo / ny, lo % ny)
        let logM = logMassRange.0 + (Double(i) + rng.uniform01()) * (logMassRange.1 - logMassRange.0) / Double(c.massBins)
        let v = -1 + (Double(j) + rng.uniform01()) * 2 / Double(ny)
        let m = exp(logM)
        let y = v * log(c.sqrtSGeV / m) * 0.999_999
        let tau = m / c.sqrtSGeV
        let x1 = tau * exp(y), x2 = tau * exp(-y)

        // Flavours in proportion to their terms.
        var channels = [(Int, Int, Int, Double)]()
        channels.reserveCapacity(24)
        var total = 0.0
        Self.forEachChannel(x1: x1, x2: x2, muGeV: m, pdf: pdf) { a, b, q, w in
            channels.append((a, b, q, w)); total += w
        }
        var pick = rng.uniform01() * total
        var chosen = channels[0]
        for ch in channels {
            chosen = ch
            pick -= ch.3
            if pick < 0 { break }
        }
        // Masses: redrawn until they fit below √ŝ (rare: only within a few Γ of threshold).
        var mW = wMass(rng: &rng)
        let hLow = max(c.higgsMinimumMassGeV, c.higgsMassGeV - c.higgsWidthsInWindow * c.higgsWidthGeV)
        let hRange = hLow...(c.higgsMassGeV + c.higgsWidthsInWindow * c.higgsWidthGeV)
        var mH = rng.breitWigner(mass: c.higgsMassGeV, width: c.higgsWidthGeV, in: hRange)
        var tries = 0
        while mW + mH >= m * (1 - 1e-9), tries < 100 {
            mW = wMass(rng: &rng)
            mH = rng.breitWigner(mass: c.higgsMassGeV, width: c.higgsWidthGeV, in: hRange)
            tries += 1
        }
        if mW + mH >= m { mW = m - mH - 1e-6 * m }
        return Born(system: BornKinematics(massGeV: m, rapidity: y, x1: x1, x2: x2, factorizationScaleGeV: m),
                    initiators: (chosen.0, chosen.1), wCharge: chosen.2, wMassGeV: mW, higgsMassGeV: mH)
    }

    /// cos θ of the W about the quark axis in the W H frame: λ sin²θ + 8 m_W²/ŝ.
    public static func productionCosTheta(shat: Double, mW: Double, mH: Double, rng: inout RandomStream) -> Double {
        let a = mW * mW / shat, b = mH * mH / shat
        let lambda = max((1 - a - b) * (1 - a - b) - 4 * a * b, 0)
        let floor = 8 * a
        while true {
            let c = 2 * rng.uniform01() - 1
            if rng.uniform01() * (lambda + floor) <= lambda * (1 - c * c) + floor { return c }
        }
    }

    /// The antilepton direction n in the W rest frame, from (1 − a·n)(1 + b·n)/4 with a, b the
    /// unit directions of the quark and the antiquark there.
    public static func decayDirection(quark a: Vector3, antiquark b: Vector3, rng: inout RandomStream) -> Vector3 {
        while true {
            let n = rng.isotropicUnitVector()
            let w = (1 - a.dot(n)) * (1 + b.dot(n)) / 4
            if rng.uniform01() <= w { return n }
        }
    }
}
