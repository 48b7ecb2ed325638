import EventModel

/// Flavour choices of the Lund string: which q q̄ (or diquark–antidiquark) pair a break
/// makes, and which hadron two adjacent flavours form.
///
/// Flavours are signed PDG codes: 1 … 5 a quark, −1 … −5 an antiquark, ±1103 … ±3303 a
/// diquark / antidiquark (last digit 2S + 1). A quark and an antidiquark are colour
/// triplets, an antiquark and a diquark antitriplets; a hadron joins a triplet and an
/// antitriplet.
///
/// Parameters: Monash 2013 (P. Skands, S. Carrazza, J. Rojo, Eur. Phys. J. C74 (2014) 3024,
/// arXiv:1404.5630), which the A14 tune keeps: s/u = 0.217 (`StringFlav:probStoUD`),
/// qq/q = 0.081 (`probQQtoQ`), extra strange-diquark factor 0.915 (`probSQtoQQ`), spin-1 to
/// spin-0 diquarks 0.0275 per spin state (`probQQ1toQQ0`), vector/pseudoscalar 0.5, 0.55,
/// 0.88, 2.2 for light, s, c, b mesons (`mesonUDvector` …), η and η′ kept with probability
/// 0.60 and 0.12 (`etaSup`, `etaPrimeSup`).
///
/// Simplifications (documented, not Pythia's): no popcorn baryons; light baryons from an
/// SU(6)-like rule (spin-0 diquark → octet; spin-1 diquark → decuplet with probability ⅔,
/// else octet; qqq of one flavour → decuplet); heavy baryons Q + diquark → Λ_Q, Σ_Q, Ξ_Q, Ω_Q
/// (no Σ*_Q, Ξ′_Q); only L = 0 mesons (Monash has the L = 1 multiplets off); fixed
/// pseudoscalar mixing weights for u ū / d d̄ (π⁰ ½, η ¼, η′ ¼) and s s̄ (η ½, η′ ½).
public struct StringFlavour: Sendable, Equatable {
    public struct Config: Sendable, Equatable {
        public var probStoUD = 0.217
        public var probQQtoQ = 0.081
        public var probSQtoQQ = 0.915
        public var probQQ1toQQ0 = 0.0275
        public var mesonUDvector = 0.5
        public var mesonSvector = 0.55
        public var mesonCvector = 0.88
        public var mesonBvector = 2.2
        public var etaSup = 0.60
        public var etaPrimeSup = 0.12
        /// Probability that a spin-1 diquark + quark makes a decuplet baryon (SU(6): ⅔).
        public var decupletFraction = 2.0 / 3.0
        public init() {}
    }

    public let config: Config
    /// Diquark codes and their cumulative probabilities.
    let diquarks: [Int]
    let diquarkCumulative: [Double]
    /// v/(1 + v) of ``vectorProbability(_:)`` for u/d, s, c, b: worked out once, not per
    /// meson (a division each).
    let vectorUD: Double, vectorS: Double, vectorC: Double, vectorB: Double

    public init(config: Config = Config()) {
        self.config = config
        func fraction(_ v: Double) -> Double { v / (1 + v) }
        vectorUD = fraction(config.mesonUDvector)
        vectorS = fraction(config.mesonSvector)
        vectorC = fraction(config.mesonCvector)
        vectorB = fraction(config.mesonBvector)
        let s = config.probStoUD * config.probSQtoQQ, r1 = 3 * config.probQQ1toQQ0
        let table: [(Int, Double)] = [
            (2101, 1), (2103, r1), (2203, r1), (1103, r1),
            (3201, s), (3203, s * r1), (3101, s), (3103, s * r1), (3303, s * s * r1),
        ]
        diquarks = table.map(\.0)
        let total = table.reduce(0) { $0 + $1.1 }
        var c = 0.0
        diquarkCumulative = table.map { c += $0.1 / total; return c }
    }

    /// A new triplet flavour (a quark, or an antidiquark if `allowDiquark`) for a break.
    /// The antitriplet partner is its negative.
    public func pickTriplet<R: CoarseUniformSource>(allowDiquark: Bool, rng: inout R) -> Int {
        let c = config
        if allowDiquark && rng.coarseUniform() * (1 + c.probQQtoQ) < c.probQQtoQ {
            let u = rng.coarseUniform()
            for (k, cum) in diquarkCumulative.enumerated() where u < cum { return -diquarks[k] }
            return -diquarks[diquarks.count - 1]
        }
        return pickQuark(rng: &rng)
    }

    /// u : d : s = 1 : 1 : s/u.
    public func pickQuark<R: CoarseUniformSource>(rng: inout R) -> Int {
        let u = rng.coarseUniform() * (2 + config.probStoUD)
        return u < 1 ? 2 : (u < 2 ? 1 : 3)
    }

    @inlinable static func isDiquark(_ f: Int) -> Bool { abs(f) > 1000 }

    /// Constituent mass (GeV) of a flavour, for the string's stopping rule: d, u 0.33,
    /// s 0.5, c 1.5, b 4.8; a diquark the sum of its quarks (Pythia 8's `m0` values).
    @inline(__always)
    public static func constituentMass(_ f: Int) -> Double {
        let a = abs(f)
        if a > 1000 { return quarkMass(a / 1000) + quarkMass((a / 100) % 10) }
        return quarkMass(a)
    }

    /// d, u 0.33, s 0.5, c 1.5, b 4.8 GeV; 0 otherwise. A switch, not an array literal: the
    /// stopping rule asks twice per string break.
    @inline(__always)
    static func quarkMass(_ q: Int) -> Double {
        switch q {
        case 1, 2: return 0.33
        case 3: return 0.5
        case 4: return 1.5
        case 5: return 4.8
        default: return 0
        }
    }

    /// The hadron of a triplet flavour `t` and an antitriplet flavour `a`, or nil if they do
    /// not form one (diquark + antidiquark) or if the η / η′ suppression rejects it (the
    /// caller then picks a new flavour).
    public func hadron<R: CoarseUniformSource>(triplet t: Int, antitriplet a: Int, rng: inout R) -> Int? {
        let tq = t > 0 && t < 10, aq = a < 0 && a > -10
        if tq && aq { return meson(quark: t, antiquark: -a, rng: &rng) }
        if tq && a > 1000 { return baryon(quark: t, diquark: a, rng: &rng) }
        if t < -1000 && aq {
            guard let b = baryon(quark: -a, diquark: -t, rng: &rng) else { return nil }
            return -b
        }
        return nil
    }

    @inline(__always)
    func vectorProbability(_ heaviest: Int) -> Double {
        switch heaviest {
        case 5: return vectorB
        case 4: return vectorC
        case 3: return vectorS
        default: return vectorUD
        }
    }

    /// Meson of quark flavour q and antiquark flavour qb (both positive, 1 … 5). PDG code
    /// 100 n_h + 10 n_l + (2J + 1); its sign is + when the heavier of the two is an up-type
    /// quark or a down-type antiquark (π⁺ = u d̄ = 211, K⁺ = u s̄ = 321, B⁺ = u b̄ = 521).
    @inline(__always)
    func meson<R: CoarseUniformSource>(quark q: Int, antiquark qb: Int, rng: inout R) -> Int? {
        let h = max(q, qb), l = min(q, qb)
        let vector = rng.coarseUniform() < vectorProbability(h)
        let spin = vector ? 3 : 1
        if q == qb {
            switch q {
            case 1, 2:
                if vector { return rng.coarseUniform() < 0.5 ? 113 : 223 }
                let u = rng.coarseUniform()
                if u < 0.5 { return 111 }
                if u < 0.75 { return rng.coarseUniform() < config.etaSup ? 221 : nil }
                return rng.coarseUniform() < config.etaPrimeSup ? 331 : nil
            case 3:
                if vector { return 333 }
                if rng.coarseUniform() < 0.5 { return rng.coarseUniform() < config.etaSup ? 221 : nil }
                return rng.coarseUniform() < config.etaPrimeSup ? 331 : nil
            default:
                return 110 * q + spin
            }
        }
        let code = 100 * h + 10 * l + spin
        let heavierIsQuark = h == q
        let upType = h % 2 == 0
        return (heavierIsQuark == upType) ? code : -code
    }

    /// Baryon of quark q (1 … 5) and diquark dq (positive code).
    func baryon<R: CoarseUniformSource>(quark q: Int, diquark dq: Int, rng: inout R) -> Int? {
        let d1 = dq / 1000, d2 = (dq / 100) % 10, spinOne = dq % 10 == 3
        if q >= 4 {
            // Heavy baryon Q + light diquark.
            let hi = max(d1, d2), lo = min(d1, d2)
            if hi == 3 && lo == 3 { return 1000 * q + 332 }                 // Ω_Q
            if hi == 3 { return 1000 * q + 100 * lo + 32 }                   // Ξ_Q: Q s u → Q232, Q s d → Q132
            if hi == 2 && lo == 1 && !spinOne { return 1000 * q + 122 }      // Λ_Q
            return 1000 * q + 100 * hi + 10 * lo + 2                         // Σ_Q: Q222, Q212, Q112
        }
        // The three flavours in decreasing order (by hand: an array and a sort per baryon cost
        // more than the rest of this function).
        var (x, y, z) = (d1, d2, q)
        if x < y { swap(&x, &y) }
        if y < z { swap(&y, &z) }
        if x < y { swap(&x, &y) }
        if x == z { return 1000 * x + 100 * y + 10 * z + 4 }                 // Δ⁺⁺, Δ⁻, Ω⁻
        if spinOne && rng.coarseUniform() < config.decupletFraction {
            return 1000 * x + 100 * y + 10 * z + 4
        }
        if x != y && y != z {
            // u d s: Λ or Σ⁰.
            if dq == 2101 { return 3122 }
            if spinOne { return 3212 }
            return rng.coarseUniform() < 0.5 ? 3122 : 3212
        }
        return 1000 * x + 100 * y + 10 * z + 2
    }
}
