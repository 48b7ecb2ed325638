import Foundation
import EventModel

/// QCD 2 → 2 scattering in proton–proton collisions above a p⊥-hat cut, unweighted.
///
/// **Cross-section** (R. K. Ellis, W. J. Stirling, B. R. Webber, "QCD and Collider Physics", §7.3; PDG
/// Review "Cross-section formulae for specific processes"):
///
///     d³σ / (dp⊥² dy₃ dy₄) = Σ_{ab→cd} x₁f_a(x₁, μ) x₂f_b(x₂, μ) · π α_s²(μ²) X_{ab→cd}(ŝ, t̂, û) / ŝ²,
///
///     x₁,₂ = (p⊥/√s)(e^{±y₃} + e^{±y₄}),  ŝ = x₁x₂s,  t̂ = −p⊥²(1 + e^{−Δy}),  û = −p⊥²(1 + e^{Δy}),
///
/// Δy = y₃ − y₄, X from ``QCDTwoToTwo``, CTEQ5L at μ_F = μ_R = p⊥, one-loop α_s with
/// α_s(M_Z) = 0.127 (CTEQ5L's own LO value; ``RunningCoupling``, 5 flavours).
///
/// **Sampling** (``callAsFunction(rng:)``): trial points with p⊥² from p⊥,min²/p⊥⁴ (p⊥ ≥ the
/// card's `pthat_min_gev`) and y₃, y₄ flat in ±acosh(√s/2p⊥,min); weight = cross-section /
/// trial density; accepted with probability weight / w_max. w_max is the largest weight of
/// ``Config/trialsForMaximum`` trials drawn once at initialisation from a fixed stream (so it
/// depends only on the card), times ``Config/maximumSafety``; a weight above w_max (counted in
/// ``Born/trials`` only, never seen in the tests' samples) is accepted with weight 1. Events are
/// therefore **unweighted** (weight 1) above p⊥-hat min, with the physical p⊥-hat spectrum;
/// ATLAS's sliced, weighted samples can be made by running several cards with different
/// minima. The subprocess, then a leading-colour flow, are chosen in proportion to their
/// weights at the accepted point.
public struct DijetHardProcess: Sendable {
    public struct Config: Sendable, Equatable {
        public var sqrtSGeV: Double
        public var pTHatMinGeV: Double
        public var alphaSAtMZ = CTEQ5L.alphaSAtMZ
        public var trialsForMaximum = 20_000
        public var maximumSafety = 1.3
        public init(sqrtSGeV: Double, pTHatMinGeV: Double) {
            self.sqrtSGeV = sqrtSGeV
            self.pTHatMinGeV = pTHatMinGeV
        }
    }

    /// One accepted scattering.
    public struct Born: Sendable, Equatable {
        public var pTHatGeV: Double
        public var y3: Double
        public var y4: Double
        public var phi: Double
        public var x1: Double
        public var x2: Double
        public var shat: Double, that: Double, uhat: Double
        public var channel: QCDTwoToTwo.Channel
        public var flow: ColourFlow
        /// Trial points drawn for this event (the acceptance is 1/trials on average).
        public var trials: Int
    }

    public let config: Config
    public let pdf: CTEQ5L
    public let coupling: RunningCoupling
    /// Rapidity range of the trial points, acosh(√s/2p⊥,min).
    public let maxRapidity: Double
    /// The largest trial weight (GeV⁻²) times the safety factor.
    public private(set) var maximumWeight = 0.0
    /// The total cross-section above p⊥-hat min (mb), the mean trial weight of the
    /// initialisation sample: a by-product, ± 1/√N.
    public private(set) var crossSectionMB = 0.0

    /// ħ²c² in GeV² mb (PDG).
    public static let gev2mb = 0.389_379_4

    public init(config: Config, pdf: CTEQ5L = CTEQ5L(), seed: UInt64 = 0) {
        self.config = config
        self.pdf = pdf
        coupling = RunningCoupling(alphaSAtMZ: config.alphaSAtMZ)
        maxRapidity = acosh(max(config.sqrtSGeV / (2 * config.pTHatMinGeV), 1))
        var rng = RandomStream(seed: seed, event: UInt64.max, stage: .generation, substream: 77)
        var maxW = 0.0, sum = 0.0
        for _ in 0..<config.trialsForMaximum {
            let p = trialPoint(rng: &rng)
            let w = weight(pT: p.pT, y3: p.y3, y4: p.y4)
            sum += w
            maxW = max(maxW, w)
        }
        maximumWeight = maxW * config.maximumSafety
        crossSectionMB = sum / Double(max(config.trialsForMaximum, 1)) * Self.gev2mb
    }

    func trialPoint(rng: inout RandomStream) -> (pT: Double, y3: Double, y4: Double) {
        let pT = config.pTHatMinGeV / (1 - rng.uniform01()).squareRoot()
        let y3 = maxRapidity * (2 * rng.uniform01() - 1)
        let y4 = maxRapidity * (2 * rng.uniform01() - 1)
        return (pT, y3, y4)
    }

    /// (x₁, x₂, ŝ, t̂, û) at (p⊥, y₃, y₄), or nil outside the phase space.
    public func kinematics(pT: Double, y3: Double, y4: Double) -> (x1: Double, x2: Double, s: Double, t: Double, u: Double)? {
        let rs = config.sqrtSGeV
        let x1 = pT / rs * (exp(y3) + exp(y4)), x2 = pT / rs * (exp(-y3) + exp(-y4))
        guard x1 < 1, x2 < 1 else { return nil }
        let dy = y3 - y4
        return (x1, x2, x1 * x2 * rs * rs, -pT * pT * (1 + exp(-dy)), -pT * pT * (1 + exp(dy)))
    }

    /// The momentum densities x f(x) at μ, indexed as ``QCDTwoToTwo/channels(f1:f2:s:t:u:into:)`` wants.
    public func densities(x: Double, muGeV: Double) -> [Double] {
        var f = [Double](repeating: 0, count: 11)
        for id in -5...5 { f[id + 5] = pdf.xf(id == 0 ? 21 : id, x: x, qGeV: muGeV) }
        return f
    }

    /// d³σ/(dp⊥² dy₃ dy₄) in GeV⁻⁴ (0 outside the phase space), with its channels in `channels`.
    public func differentialCrossSection(pT: Double, y3: Double, y4: Double, channels: inout [QCDTwoToTwo.Channel]) -> Double {
        guard let k = kinematics(pT: pT, y3: y3, y4: y4) else { channels.removeAll(); return 0 }
        let total = QCDTwoToTwo.channels(f1: densities(x: k.x1, muGeV: pT), f2: densities(x: k.x2, muGeV: pT),
                                         s: k.s, t: k.t, u: k.u, into: &channels)
        let alpha = coupling(pT * pT)
        return Double.pi * alpha * alpha * total / (k.s * k.s)
    }

    /// d³σ/(dp⊥² dy₃ dy₄) in GeV⁻⁴ split by initial state (g g, q g, q q), without the channel list.
    public func differentialCrossSection(pT: Double, y3: Double, y4: Double) -> (gg: Double, qg: Double, qq: Double) {
        guard let k = kinematics(pT: pT, y3: y3, y4: y4) else { return (0, 0, 0) }
        let w = QCDTwoToTwo.initialStateWeights(f1: densities(x: k.x1, muGeV: pT), f2: densities(x: k.x2, muGeV: pT),
                                                s: k.s, t: k.t, u: k.u)
        let alpha = coupling(pT * pT)
        let norm = Double.pi * alpha * alpha / (k.s * k.s)
        return (w.gg * norm, w.qg * norm, w.qq * norm)
    }

    /// Cross-section over the trial density p⊥,min²/p⊥⁴ · 1/(2Y)² (GeV⁻²).
    func weight(pT: Double, y3: Double, y4: Double) -> Double {
        let parts = differentialCrossSection(pT: pT, y3: y3, y4: y4)
        let sigma = parts.gg + parts.qg + parts.qq
        guard sigma > 0 else { return 0 }
        let pT2 = pT * pT, width = 2 * maxRapidity
        return sigma * pT2 * pT2 / (config.pTHatMinGeV * config.pTHatMinGeV) * width * width
    }

    /// Draws one unweighted scattering.
    public func callAsFunction(rng: inout RandomStream) -> Born {
        var channels = [QCDTwoToTwo.Channel]()
        channels.reserveCapacity(128)
        var trials = 0
        while true {
            trials += 1
            let p = trialPoint(rng: &rng)
            let w = weight(pT: p.pT, y3: p.y3, y4: p.y4)
            guard w > 0, rng.uniform01() * maximumWeight < w || trials >= 1_000_000 else { continue }
            guard let k = kinematics(pT: p.pT, y3: p.y3, y4: p.y4) else { continue }
            QCDTwoToTwo.channels(f1: densities(x: k.x1, muGeV: p.pT), f2: densities(x: k.x2, muGeV: p.pT),
                                 s: k.s, t: k.t, u: k.u, into: &channels)
            guard !channels.isEmpty else { continue }
            let total = channels.reduce(0) { $0 + $1.weight }
            var pick = rng.uniform01() * total
            var chosen = channels[channels.count - 1]
            for ch in channels {
                pick -= ch.weight
                if pick < 0 { chosen = ch; break }
            }
            let flow = QCDTwoToTwo.colourFlow(chosen, s: k.s, t: k.t, u: k.u, choice: rng.uniform01())
            let phi = 2 * Double.pi * rng.uniform01()
            return Born(pTHatGeV: p.pT, y3: p.y3, y4: p.y4, phi: phi, x1: k.x1, x2: k.x2, shat: k.s, that: k.t, uhat: k.u,
                        channel: chosen, flow: flow, trials: trials)
        }
    }
}
