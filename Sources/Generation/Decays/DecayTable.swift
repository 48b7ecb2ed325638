import EventModel

/// Decay channels of the unstable hadrons and the τ: branching fraction and daughters,
/// keyed by the particle (positive id); the antiparticle decays into the conjugate channels.
/// Channels decay by phase space (``PhaseSpace``), except the semileptonic decays of b and c
/// hadrons and the leptonic τ decays, which carry the V − A weight of
/// ``WeakDecayMatrixElement`` (``Channel/vMinusA``); channels that cannot open at the
/// parent's (Breit–Wigner) mass are dropped and the others renormalised.
///
/// **Sources.** PDG 2024 (S. Navas et al., Phys. Rev. D 110, 030001 (2024)): the dominant
/// measured modes of each state, rounded; each list is renormalised to 1, so the listed
/// modes stand in for the unlisted rest in proportion — except the semileptonic e and μ
/// modes of B⁰, B⁺, B_s⁰, D⁰, D⁺, D_s⁺ and Λ_c⁺, which are set to the PDG's inclusive
/// fractions (``pdg2024Semileptonic``) while the hadronic modes fill the rest. For weak b-hadron decays, where no
/// short list of exclusive modes covers the width, the semileptonic fractions are the PDG's
/// (B → X ℓ ν ≈ 10.5 % per light lepton, ≈ 2.5 % for τ) and the hadronic b → c ū d and
/// b → c c̄ s parts are modelled by D(*) + 1–4 pions and D(*) D_s(*) channels with weights
/// chosen to give the measured mean charged multiplicity of B decays (≈ 5, ARGUS Z. Phys.
/// C54 (1992) 13, counting K⁰S and Λ products as Pythia's stable-particle convention does not).
/// Charmonium, bottomonium and the rarer heavy baryons get a few representative modes.
///
/// Not modelled: B⁰–B̄⁰ mixing (flavour only), hadronic matrix elements and form factors
/// (hadronic channels by phase space), Dalitz-plot structure, τ polarisation.
public struct DecayTable: Sendable {
    public struct Channel: Sendable, Equatable {
        public var branchingFraction: Double
        public var daughters: [Int]
        /// The V − A pairing of a semileptonic or leptonic weak decay (``WeakDecayMatrixElement``),
        /// nil for the channels that decay by phase space; the same for the conjugate channel.
        public var vMinusA: WeakDecayMatrixElement.Pairing? = nil
    }

    /// Channels per positive id, branching fractions normalised to 1.
    public let channels: [Int: [Channel]]
    /// The lightest channel's summed nominal daughter mass, per positive id.
    let thresholds: [Int: Double]
    /// The same, looked up by array index (id + ``denseLimit``) for |id| < denseLimit, with
    /// the antiparticles' conjugate channels made once here: the decays and the string ask
    /// for every hadron, and a dictionary lookup plus a conjugated copy per call cost more
    /// than the decay itself.
    let denseChannels: [[Channel]?]
    let denseThresholds: [Double]
    static let denseLimit = 10_000

    public static let standard = DecayTable(DecayTable.pdg2024Channels, inclusiveSemileptonic: DecayTable.pdg2024Semileptonic)

    /// Inclusive semileptonic branching fractions per light lepton, B(H → ℓ⁺ ν X) for ℓ = e
    /// (PDG 2024 listings: B⁺ 10.99 ± 0.28 %, B⁰ 10.33 ± 0.28 %, B_s⁰ 9.6 ± 0.8 %, D⁺ 16.07 ±
    /// 0.30 %, D⁰ 6.49 ± 0.11 %, D_s⁺ 6.33 ± 0.15 %, Λ_c⁺ 3.95 ± 0.35 %), used for μ as well
    /// (lepton universality; the muon fractions are measured less precisely and agree).
    /// Why: the exclusive lists are short, and renormalising a short list to 1 inflates its
    /// semileptonic part by 1/(listed sum), e.g. D⁰ → e X to 9.7 % and D⁺ → e X to 21.5 %,
    /// Λ_c⁺ → e X to 7.0 %; semileptonic decays make the neutrinos (truth missing p⊥).
    public static let pdg2024Semileptonic: [Int: Double] = [
        521: 0.1099, 511: 0.1033, 531: 0.096, 411: 0.1607, 421: 0.0649, 431: 0.0633, 4122: 0.0395,
    ]

    /// `inclusiveSemileptonic[id] = f`: the e and the μ channels of `id` are scaled to sum to f
    /// each, the other channels with a lepton (τ, purely leptonic) keep their listed fraction,
    /// and only the hadronic channels are renormalised to fill the rest (they are the ones the
    /// short lists leave out). Other ids: the whole list is renormalised to 1.
    public init(_ raw: [Int: [(Double, [Int])]], inclusiveSemileptonic: [Int: Double] = [:]) {
        var c = [Int: [Channel]]()
        var t = [Int: Double]()
        for (id, list) in raw {
            let total = list.reduce(0) { $0 + $1.0 }
            if let f = inclusiveSemileptonic[id] {
                func has(_ l: Int, _ d: [Int]) -> Bool { d.contains { abs($0) == l } }
                let eSum = list.filter { has(11, $0.1) }.reduce(0) { $0 + $1.0 }
                let muSum = list.filter { has(13, $0.1) }.reduce(0) { $0 + $1.0 }
                let otherLeptonic = list.filter { !has(11, $0.1) && !has(13, $0.1) && $0.1.contains { (11...16).contains(abs($0)) } }
                    .reduce(0) { $0 + $1.0 }
                let hadronic = total - eSum - muSum - otherLeptonic
                precondition(eSum > 0 && muSum > 0 && hadronic > 0 && 2 * f + otherLeptonic < 1, "semileptonic fraction of \(id)")
                let hadronScale = (1 - 2 * f - otherLeptonic) / hadronic
                c[id] = list.map { ch in
                    let d = ch.1
                    let scale = has(11, d) ? f / eSum : has(13, d) ? f / muSum
                        : d.contains { (11...16).contains(abs($0)) } ? 1 : hadronScale
                    return Channel(branchingFraction: ch.0 * scale, daughters: d,
                                   vMinusA: WeakDecayMatrixElement.pairing(parent: id, daughters: d))
                }
            } else {
                c[id] = list.map { Channel(branchingFraction: $0.0 / total, daughters: $0.1,
                                           vMinusA: WeakDecayMatrixElement.pairing(parent: id, daughters: $0.1)) }
            }
            t[id] = list.map { $0.1.reduce(0) { $0 + HadronTable.mass($1) } }.min() ?? 0
        }
        channels = c
        thresholds = t
        let limit = Self.denseLimit
        var dense = [[Channel]?](repeating: nil, count: 2 * limit)
        var denseT = [Double](repeating: 0, count: 2 * limit)
        for (id, list) in c where id < limit {
            dense[limit + id] = list
            dense[limit - id] = list.map { Channel(branchingFraction: $0.branchingFraction, daughters: $0.daughters.map(HadronTable.conjugate), vMinusA: $0.vMinusA) }
            denseT[limit + id] = t[id] ?? 0
            denseT[limit - id] = t[id] ?? 0
        }
        denseChannels = dense
        denseThresholds = denseT
    }

    /// The channels of `id` (the conjugates for an antiparticle), or nil when it has none.
    public func channels(of id: Int) -> [Channel]? {
        if abs(id) < Self.denseLimit { return denseChannels[Self.denseLimit + id] }
        if let c = channels[id] { return c }
        if id < 0, let c = channels[-id] {
            return c.map { Channel(branchingFraction: $0.branchingFraction, daughters: $0.daughters.map(HadronTable.conjugate), vMinusA: $0.vMinusA) }
        }
        return nil
    }

    public func hasChannels(_ id: Int) -> Bool {
        if abs(id) < Self.denseLimit { return denseChannels[Self.denseLimit + id] != nil }
        return channels[abs(id)] != nil
    }

    /// The smallest total nominal mass of a channel of `id` (0 if none).
    public func threshold(_ id: Int) -> Double {
        if abs(id) < Self.denseLimit { return denseThresholds[Self.denseLimit + id] }
        return thresholds[abs(id)] ?? 0
    }

    // MARK: - The table

    // Short names for readability.
    static let (g, e, ve, mu, vm, ta, vt) = (22, 11, 12, 13, 14, 15, 16)
    static let (pi0, pip, pim, eta, etap, rho0, rhop, omega, phi) = (111, 211, -211, 221, 331, 113, 213, 223, 333)
    static let (kp, km, k0, k0b, ks, kl, kst0, kstp) = (321, -321, 311, -311, 310, 130, 313, 323)
    static let (p, n, lam, sigp, sig0, sigm, xi0, xim, omm) = (2212, 2112, 3122, 3222, 3212, 3112, 3322, 3312, 3334)
    static let (dp, d0, ds, dstp, dst0, dsst) = (411, 421, 431, 413, 423, 433)
    static let (lamc, xicp, xic0, omc0) = (4122, 4232, 4132, 4332)
    static let (jpsi, etac, ups, etab) = (443, 441, 553, 551)

    static let pdg2024Channels: [Int: [(Double, [Int])]] = {
        var t = [Int: [(Double, [Int])]]()
        // Light unflavoured mesons.
        t[pi0] = [(0.98823, [g, g]), (0.01174, [g, e, -e])]
        t[eta] = [(0.3936, [g, g]), (0.3257, [pi0, pi0, pi0]), (0.2302, [pip, pim, pi0]), (0.0422, [pip, pim, g]), (0.0069, [g, e, -e])]
        t[etap] = [(0.425, [pip, pim, eta]), (0.289, [rho0, g]), (0.224, [pi0, pi0, eta]), (0.0252, [omega, g]), (0.0231, [g, g])]
        t[rho0] = [(1, [pip, pim])]
        t[rhop] = [(1, [pip, pi0])]
        t[omega] = [(0.892, [pip, pim, pi0]), (0.084, [pi0, g]), (0.0153, [pip, pim])]
        t[phi] = [(0.491, [kp, km]), (0.339, [kl, ks]), (0.154, [pip, pim, pi0]), (0.013, [eta, g])]
        // Strange mesons: K⁰ and K̄⁰ become K⁰S or K⁰L where they are made.
        t[k0] = [(0.5, [ks]), (0.5, [kl])]
        t[kst0] = [(0.665, [kp, pim]), (0.333, [k0, pi0])]
        t[kstp] = [(0.666, [k0, pip]), (0.333, [kp, pi0])]
        // Baryon resonances and Σ⁰.
        t[sig0] = [(1, [lam, g])]
        t[2224] = [(1, [p, pip])]
        t[2214] = [(0.663, [p, pi0]), (0.331, [n, pip]), (0.006, [p, g])]
        t[2114] = [(0.663, [n, pi0]), (0.331, [p, pim]), (0.006, [n, g])]
        t[1114] = [(1, [n, pim])]
        t[3224] = [(0.87, [lam, pip]), (0.0585, [sigp, pi0]), (0.0585, [sig0, pip])]
        t[3214] = [(0.87, [lam, pi0]), (0.0585, [sigp, pim]), (0.0585, [sigm, pip])]
        t[3114] = [(0.87, [lam, pim]), (0.0585, [sig0, pim]), (0.0585, [sigm, pi0])]
        t[3324] = [(0.667, [xim, pip]), (0.333, [xi0, pi0])]
        t[3314] = [(0.667, [xi0, pim]), (0.333, [xim, pi0])]
        // τ⁻ (PDG 2024 τ branching fractions; ν_τ last).
        t[ta] = [(0.1782, [e, -ve, vt]), (0.1739, [mu, -vm, vt]), (0.1082, [pim, vt]), (0.2549, [pim, pi0, vt]),
                 (0.0926, [pim, pi0, pi0, vt]), (0.0899, [pim, pip, pim, vt]), (0.0274, [pim, pip, pim, pi0, vt]),
                 (0.0105, [pim, pi0, pi0, pi0, vt]), (0.0070, [km, vt]), (0.0043, [km, pi0, vt]), (0.0084, [pim, k0b, vt]),
                 (0.0015, [km, kp, pim, vt])]
        // Charm mesons.
        t[dstp] = [(0.677, [d0, pip]), (0.307, [dp, pi0]), (0.016, [dp, g])]
        t[dst0] = [(0.647, [d0, pi0]), (0.353, [d0, g])]
        t[dsst] = [(0.936, [ds, g]), (0.058, [ds, pi0])]
        t[d0] = [(0.0354, [km, -e, ve]), (0.0215, [-kstp, -e, ve]), (0.0160, [km, pi0, -e, ve]), (0.0341, [km, -mu, vm]),
                 (0.0190, [-kstp, -mu, vm]), (0.0150, [km, pi0, -mu, vm]),
                 (0.0395, [km, pip]), (0.144, [km, pip, pi0]), (0.0823, [km, pip, pip, pim]), (0.0280, [k0b, pip, pim]),
                 (0.0124, [k0b, pi0]), (0.050, [k0b, pip, pim, pi0]), (0.086, [km, pip, pi0, pi0]), (0.009, [k0b, pi0, pi0]),
                 (0.0050, [k0b, eta]), (0.0111, [k0b, omega]), (0.0041, [kp, km]), (0.0014, [pip, pim]), (0.043, [km, pip, pip, pim, pi0]),
                 (0.0120, [pip, pim, pi0]), (0.0075, [pip, pim, pip, pim]), (0.0046, [k0b, kp, km]), (0.040, [km, pip, pi0, pi0, pi0]),
                 (0.030, [k0b, pip, pim, pi0, pi0])]
        t[dp] = [(0.0872, [k0b, -e, ve]), (0.0540, [-kst0, -e, ve]), (0.0876, [k0b, -mu, vm]), (0.0527, [-kst0, -mu, vm]),
                 (0.0938, [km, pip, pip]), (0.0146, [k0b, pip]), (0.0612, [k0b, pip, pi0]), (0.0625, [km, pip, pip, pi0]),
                 (0.0297, [k0b, pip, pip, pim]), (0.0033, [pip, pip, pim]), (0.0097, [kp, km, pip]), (0.0057, [km, pip, pip, pip, pim]),
                 (0.040, [k0b, pip, pi0, pi0]), (0.020, [km, pip, pip, pi0, pi0]), (0.010, [k0b, pip, pip, pim, pi0]),
                 (0.0046, [-k0b, kp]), (0.0100, [pip, pi0, pi0, pi0]), (0.0090, [pip, pip, pim, pi0])]
        t[ds] = [(0.0536, [-ta, vt]), (0.0054, [-mu, vm]), (0.0239, [phi, -e, ve]), (0.0229, [eta, -e, ve]), (0.0080, [etap, -e, ve]),
                 (0.0190, [phi, -mu, vm]), (0.0240, [eta, -mu, vm]), (0.0080, [etap, -mu, vm]),
                 (0.045, [phi, pip]), (0.0295, [kp, k0b]), (0.0168, [eta, pip]), (0.0394, [etap, pip]), (0.089, [eta, rhop]),
                 (0.058, [etap, rhop]), (0.056, [phi, rhop]), (0.055, [kp, km, pip, pi0]), (0.0108, [pip, pip, pim]),
                 (0.0164, [kp, k0b, pip, pim]), (0.028, [omega, pip, pi0]), (0.016, [omega, pip, pip, pim]), (0.054, [kst0 * -1, kp]),
                 (0.030, [kp, k0b, pip, pim, pi0]), (0.050, [eta, pip, pi0, pi0]), (0.050, [pip, pip, pim, pi0, pi0])]
        t[lamc] = [(0.0626, [p, km, pip]), (0.0159, [p, k0b]), (0.0129, [lam, pip]), (0.0707, [lam, pip, pi0]), (0.037, [lam, pip, pip, pim]),
                   (0.046, [p, km, pip, pi0]), (0.0129, [sig0, pip]), (0.0125, [sigp, pi0]), (0.045, [sigp, pip, pim]), (0.0356, [lam, -e, ve]),
                   (0.0348, [lam, -mu, vm]), (0.016, [p, k0b, pip, pim]), (0.0046, [p, pip, pim]), (0.017, [sigp, omega]),
                   (0.018, [n, k0b, pip]), (0.030, [sigp, pip, pim, pi0]), (0.020, [lam, pip, pi0, pi0]), (0.020, [p, k0b, pi0])]
        t[4222] = [(1, [lamc, pip])]
        t[4212] = [(1, [lamc, pi0])]
        t[4112] = [(1, [lamc, pim])]
        t[xicp] = [(0.30, [xim, pip, pip]), (0.10, [xi0, pip]), (0.20, [xi0, pip, pi0]), (0.10, [lam, km, pip, pip]),
                   (0.07, [xi0, -e, ve]), (0.07, [xi0, -mu, vm]), (0.10, [sigp, km, pip]), (0.06, [p, km, pip, pi0])]
        t[xic0] = [(0.20, [xim, pip]), (0.20, [xim, pip, pi0]), (0.15, [xim, pip, pip, pim]), (0.10, [lam, km, pip]),
                   (0.06, [xim, -e, ve]), (0.06, [xim, -mu, vm]), (0.05, [lam, k0b]), (0.10, [p, km, km, pip]), (0.08, [xi0, pip, pim])]
        t[omc0] = [(0.30, [omm, pip]), (0.30, [omm, pip, pi0]), (0.15, [omm, -e, ve]), (0.10, [omm, pip, pip, pim]), (0.15, [xi0, km, pip])]
        // Charmonium.
        t[etac] = [(0.20, [pip, pim, pip, pim, pip, pim]), (0.10, [pip, pim, pip, pim]), (0.07, [kp, km, pip, pim]),
                   (0.08, [kp, k0b, pim]), (0.08, [km, k0, pip]), (0.17, [eta, pip, pim]), (0.10, [pip, pim, pi0, pi0]),
                   (0.10, [pip, pim, pip, pim, pi0, pi0]), (0.10, [kp, km, pi0])]
        t[jpsi] = [(0.0597, [e, -e]), (0.0596, [mu, -mu]), (0.021, [pip, pim, pi0]), (0.043, [pip, pim, pip, pim, pi0]),
                   (0.029, [pip, pim, pip, pim, pip, pim, pi0]), (0.10, [pip, pim, pi0, pi0]), (0.15, [pip, pim, pip, pim, pi0, pi0]),
                   (0.15, [pip, pim, pi0, pi0, pi0]), (0.10, [kp, km, pip, pim, pi0]), (0.08, [pip, pim, pip, pim]),
                   (0.05, [p, -p, pip, pim]), (0.10, [kp, km, pi0, pi0])]
        // Bottomonium.
        t[ups] = [(0.0238, [e, -e]), (0.0248, [mu, -mu]), (0.026, [ta, -ta]),
                  (0.30, [pip, pim, pip, pim, pi0, pi0, pi0, pi0]), (0.30, [pip, pim, pip, pim, pip, pim, pi0, pi0]),
                  (0.20, [kp, km, pip, pim, pip, pim, pi0, pi0]), (0.10, [p, -p, pip, pim, pi0, pi0])]
        t[etab] = [(0.40, [pip, pim, pip, pim, pi0, pi0, pi0, pi0]), (0.40, [pip, pim, pip, pim, pip, pim, pi0, pi0]),
                   (0.20, [kp, km, pip, pim, pip, pim, pi0, pi0])]
        // Bottom mesons: B* → B γ.
        t[513] = [(1, [511, g])]
        t[523] = [(1, [521, g])]
        t[533] = [(1, [531, g])]
        t[543] = [(1, [541, g])]
        // B⁰ = d b̄ (b̄ → c̄ W⁺): D⁻ / D̄⁰ + X⁺.
        let dm = -dp, dstm = -dstp, d0b = -d0, dst0b = -dst0
        // B⁰ → D⁻ X⁺ (c̄ d), D̄⁰ X⁰ needs the d d̄ → extra π⁻ π⁺; written explicitly.
        t[511] = [(0.0224, [dm, -e, ve]), (0.0497, [dstm, -e, ve]), (0.0224, [dm, -mu, vm]), (0.0497, [dstm, -mu, vm]),
                  (0.012, [d0b, pim, -e, ve]), (0.012, [d0b, pim, -mu, vm]), (0.0108, [dm, -ta, vt]), (0.0158, [dstm, -ta, vt]),
                  (0.003, [dm, pip]), (0.003, [dstm, pip]), (0.075, [dm, pip, pi0]), (0.07, [dstm, pip, pi0]),
                  (0.07, [dm, pip, pip, pim]), (0.07, [dstm, pip, pip, pim]), (0.06, [dm, pip, pip, pim, pi0]),
                  (0.06, [dstm, pip, pip, pim, pi0]), (0.04, [dm, pip, pi0, pi0]), (0.04, [dstm, pip, pi0, pi0]),
                  (0.03, [d0b, pip, pim]), (0.03, [dst0b, pip, pim]), (0.03, [d0b, pip, pim, pi0]), (0.03, [dst0b, pip, pim, pi0]),
                  (0.015, [dm, pip, pip, pip, pim, pim]),
                  (0.0072, [dm, ds]), (0.008, [dstm, ds]), (0.0074, [dm, dsst]), (0.0177, [dstm, dsst]),
                  (0.01, [dm, d0, kp]), (0.01, [dstm, d0, kp]), (0.01, [d0b, d0, k0]), (0.0009, [jpsi, k0]), (0.0013, [jpsi, kst0]),
                  (0.005, [jpsi, k0, pip, pim])]
        // B⁺ = u b̄ → D̄⁰ X⁺, D⁻ X⁺⁺.
        t[521] = [(0.0235, [d0b, -e, ve]), (0.0558, [dst0b, -e, ve]), (0.0235, [d0b, -mu, vm]), (0.0558, [dst0b, -mu, vm]),
                  (0.012, [dm, pip, -e, ve]), (0.012, [dm, pip, -mu, vm]), (0.0108, [d0b, -ta, vt]), (0.0188, [dst0b, -ta, vt]),
                  (0.0047, [d0b, pip]), (0.0049, [dst0b, pip]), (0.075, [d0b, pip, pi0]), (0.07, [dst0b, pip, pi0]),
                  (0.07, [d0b, pip, pip, pim]), (0.07, [dst0b, pip, pip, pim]), (0.06, [d0b, pip, pip, pim, pi0]),
                  (0.06, [dst0b, pip, pip, pim, pi0]), (0.04, [d0b, pip, pi0, pi0]), (0.04, [dst0b, pip, pi0, pi0]),
                  (0.03, [dm, pip, pip]), (0.03, [dstm, pip, pip]), (0.03, [dm, pip, pip, pi0]), (0.03, [dstm, pip, pip, pi0]),
                  (0.015, [d0b, pip, pip, pip, pim, pim]),
                  (0.009, [d0b, ds]), (0.008, [dst0b, ds]), (0.008, [d0b, dsst]), (0.017, [dst0b, dsst]),
                  (0.01, [d0b, d0, kp]), (0.01, [dst0b, d0, kp]), (0.01, [d0b, dp, k0]), (0.001, [jpsi, kp]), (0.0014, [jpsi, kstp]),
                  (0.005, [jpsi, kp, pip, pim])]
        // B_s⁰ = s b̄ → D_s⁻ X⁺.
        let dsm = -ds, dsstm = -dsst
        t[531] = [(0.024, [dsm, -e, ve]), (0.052, [dsstm, -e, ve]), (0.024, [dsm, -mu, vm]), (0.052, [dsstm, -mu, vm]),
                  (0.02, [d0b, km, -e, ve]), (0.02, [d0b, km, -mu, vm]), (0.027, [dsstm, -ta, vt]),
                  (0.003, [dsm, pip]), (0.003, [dsstm, pip]), (0.075, [dsm, pip, pi0]), (0.07, [dsstm, pip, pi0]),
                  (0.07, [dsm, pip, pip, pim]), (0.07, [dsstm, pip, pip, pim]), (0.06, [dsm, pip, pip, pim, pi0]),
                  (0.06, [dsstm, pip, pip, pim, pi0]), (0.04, [dsm, pip, pi0, pi0]), (0.04, [dsstm, pip, pi0, pi0]),
                  (0.03, [d0b, km, pip]), (0.03, [dm, k0b, pip]), (0.03, [d0b, km, pip, pi0]), (0.03, [dst0b, km, pip]),
                  (0.0044, [dsm, ds]), (0.0139, [dsstm, ds]), (0.0144, [dsstm, dsst]), (0.02, [dsm, d0, kp]),
                  (0.001, [jpsi, phi]), (0.005, [jpsi, kp, km, pi0])]
        // B_c⁺ = c b̄.
        t[541] = [(0.03, [jpsi, -e, ve]), (0.03, [jpsi, -mu, vm]), (0.20, [531, pip]), (0.20, [533, pip]), (0.15, [531, pip, pi0]),
                  (0.10, [511, pip]), (0.10, [513, pip]), (0.07, [jpsi, pip]), (0.12, [jpsi, pip, pi0])]
        // b baryons (Q = b quark): Λ_b⁰ = u d b → Λ_c⁺ X⁻, and Ξ_b, Ω_b alike.
        func bBaryon(_ c: Int, _ cExcited: Int?, neutral: Bool) -> [(Double, [Int])] {
            let nucleon = neutral ? p : n
            var l: [(Double, [Int])] = [
                (0.062, [c, e, -ve]), (0.062, [c, mu, -vm]), (0.020, [c, ta, -vt]),
                (0.005, [c, pim]), (0.10, [c, pim, pi0]), (0.09, [c, pim, pip, pim]), (0.07, [c, pim, pip, pim, pi0]),
                (0.05, [c, pim, pi0, pi0]), (0.02, [c, pim, pip, pim, pip, pim]), (0.011, [c, dsm]), (0.02, [c, -dsst]),
                (0.02, [c, d0b, pim]), (0.01, [c, dm]), (0.04, [nucleon, d0, pim]), (0.03, [nucleon, d0, pim, pi0])]
            if let x = cExcited { l.append((0.04, [x, pim])) }
            return l
        }
        t[5122] = bBaryon(lamc, 4212, neutral: true)
        t[5232] = bBaryon(xicp, nil, neutral: true)
        t[5132] = bBaryon(xic0, nil, neutral: false)
        t[5332] = bBaryon(omc0, nil, neutral: false)
        // Neutral pions of the hadronic b decays: the D(*) + n π channels above carry too few
        // π⁰ compared with inclusive B → π⁰ X; one more π⁰ in each multi-pion channel brings the
        // stable descendants per LLP to Pythia's (reference `llp_n_stable_desc`; a tuning).
        for id in [511, 521, 531, 5122, 5232, 5132, 5332] {
            t[id] = t[id]!.map { c in
                let pions = c.1.filter { abs($0) == 211 || $0 == 111 }.count
                let leptonic = c.1.contains { (11...16).contains(abs($0)) }
                return (!leptonic && pions >= 2) ? (c.0, c.1 + [pi0]) : c
            }
        }
        t[5222] = [(1, [5122, pip])]
        t[5212] = [(1, [5122, pi0])]
        t[5112] = [(1, [5122, pim])]
        return t
    }()
}
