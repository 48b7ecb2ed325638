/// A PDG particle table: the species the generator and the detector meet, looked up by
/// Monte Carlo particle number in O(1).
///
/// ``pdg2024`` holds the values of the 2024 Review of Particle Physics,
/// S. Navas et al. (Particle Data Group), Phys. Rev. D 110, 030001 (2024)
/// (the edition after R. L. Workman et al., PTEP 2022, 083C01). Masses and widths are
/// the central values of its Monte Carlo table `mass_width_2024.mcd` (31 May 2024);
/// a decay length is cτ = ħc/Γ from that width, which matches the Summary Tables' cτ
/// to the table's three or four significant digits (e.g. K⁰S: Γ = 7.3508e−15 GeV → 26.844 mm;
/// Summary Table 2.6844 cm).
///
/// Conventions, not measurements:
/// * quark masses are the PDG's MS-bar values (u, d, s at μ = 2 GeV; c, b at μ = m);
///   t is the direct-measurement mass. A generator uses its own pole or constituent
///   masses for kinematics. Partons carry cτ = ∞: they hadronize, they do not decay.
/// * neutrino masses are 0.
/// * the long-lived scalar s (id 35) has no PDG entry; its mass and cτ are run-card
///   settings, defaulting to 40 GeV and 760 mm (``withLongLivedScalar(massGeV:ctauMM:)``).
/// * K⁰ (311) and D*s± (433, PDG: Γ < 1.9 MeV) have cτ = 0 and Γ = 0: they decay where
///   they are made (K⁰ becomes K⁰S or K⁰L) with no measured width to smear the mass.
///
/// A table is a value: copy `pdg2024` and change an entry for a run
/// (``inserting(_:)``); the shared default never changes, so it is safe to read from
/// any thread.
public struct ParticleTable: Sendable {
    /// Particle (positive-id) entries, in insertion order.
    public internal(set) var particles: [ParticleData] = []
    /// |id| < denseLimit → index into `particles`, or −1. Almost every id of interest is
    /// a small number, so lookup is one array read.
    @usableFromInline var denseIndex: [Int32]
    /// Other ids (e.g. 9000xxx resonances, SUSY states added at run time).
    @usableFromInline var sparseIndex: [Int: Int] = [:]
    @usableFromInline static var denseLimit: Int { 10_000 }

    /// An empty table.
    public init() {
        denseIndex = [Int32](repeating: -1, count: Self.denseLimit)
    }

    /// A table of the given particle (positive-id) entries; a later entry with the same
    /// id replaces an earlier one.
    public init<S: Sequence>(_ entries: S) where S.Element == ParticleData {
        self.init()
        for p in entries { insert(p) }
    }

    /// Adds `p` (a particle, positive id), replacing any entry with its id.
    public mutating func insert(_ p: ParticleData) {
        precondition(p.id > 0, "insert the particle (positive id); antiparticles follow from it")
        if let i = index(of: p.id) {
            particles[i] = p
            return
        }
        let i = particles.count
        particles.append(p)
        if p.id < Self.denseLimit { denseIndex[p.id] = Int32(i) } else { sparseIndex[p.id] = i }
    }

    /// A copy with `p` inserted (replacing any entry with its id).
    public func inserting(_ p: ParticleData) -> ParticleTable {
        var t = self
        t.insert(p)
        return t
    }

    // The lookups are inlinable so that a caller reading the shared `pdg2024` borrows
    // its storage instead of retaining three buffers per call (~3 ns instead of ~35 ns).
    @inlinable @inline(__always)
    func index(of absID: Int) -> Int? {
        if absID < Self.denseLimit {
            let i = denseIndex[absID]
            return i < 0 ? nil : Int(i)
        }
        return sparseIndex[absID]
    }

    /// The entry for `id`, or nil if unknown. A negative id gives the antiparticle
    /// (charge and colour flipped); nil for a negative self-conjugate id such as −22.
    @inlinable
    public subscript(id: Int) -> ParticleData? {
        guard id != 0, id != Int.min, let i = index(of: abs(id)) else { return nil }
        let p = particles[i]
        if id > 0 { return p }
        return p.hasAntiparticle ? p.antiparticle : nil
    }

    /// Whether `id` (either sign) names a species of this table.
    @inlinable
    public func contains(_ id: Int) -> Bool { massGeV(of: id) != nil }

    /// Charge in units of e/3 for `id`, or nil if unknown. For hot loops: it copies no
    /// entry (a few ns, against ~25 ns for the subscript, which copies the names).
    @inlinable
    public func chargeThirds(of id: Int) -> Int? {
        guard id != 0, id != Int.min, let i = index(of: abs(id)) else { return nil }
        let p = particles[i]
        if id > 0 { return p.chargeThirds }
        return p.hasAntiparticle ? -p.chargeThirds : nil
    }

    /// Mass in GeV for `id`, or nil if unknown.
    @inlinable
    public func massGeV(of id: Int) -> Double? {
        guard id != 0, id != Int.min, let i = index(of: abs(id)) else { return nil }
        let p = particles[i]
        return (id > 0 || p.hasAntiparticle) ? p.massGeV : nil
    }

    /// Full width Γ in GeV for `id`, or nil if unknown. For hot loops, like ``massGeV(of:)``.
    @inlinable
    public func widthGeV(of id: Int) -> Double? {
        guard id != 0, id != Int.min, let i = index(of: abs(id)) else { return nil }
        let p = particles[i]
        return (id > 0 || p.hasAntiparticle) ? p.widthGeV : nil
    }

    /// Mean proper decay length cτ in mm for `id` (∞ when stable), or nil if unknown.
    @inlinable
    public func ctauMM(of id: Int) -> Double? {
        guard id != 0, id != Int.min, let i = index(of: abs(id)) else { return nil }
        let p = particles[i]
        return (id > 0 || p.hasAntiparticle) ? p.ctauMM : nil
    }

    /// A copy whose long-lived scalar s (id 35) has the run card's mass and cτ.
    public func withLongLivedScalar(massGeV: Double, ctauMM: Double) -> ParticleTable {
        precondition(massGeV > 0 && ctauMM >= 0, "the scalar needs m > 0 and cτ ≥ 0")
        return inserting(ParticleTable.longLivedScalar(massGeV: massGeV, ctauMM: ctauMM))
    }

    /// The long-lived neutral scalar s of the hidden-sector models (id 35, spin 0,
    /// self-conjugate): Φ → s s, s → b b̄. Not a PDG particle; its mass and cτ are
    /// model parameters. Defaults: the run card's benchmark point.
    public static func longLivedScalar(massGeV: Double = 40, ctauMM: Double = 760) -> ParticleData {
        ParticleData(id: 35, name: "s0_LL", massGeV: massGeV, ctauMM: ctauMM,
                     chargeThirds: 0, spinStates: 1, kind: .scalarBoson)
    }

    /// The PDG 2024 table (see the type's documentation for sources and conventions).
    public static let pdg2024 = ParticleTable(pdg2024Entries)

    /// Which edition the numbers of ``pdg2024`` come from.
    public static let pdg2024Reference =
        "S. Navas et al. (Particle Data Group), Phys. Rev. D 110, 030001 (2024); mass_width_2024.mcd"
}

// MARK: - The entries

// Masses and widths: mass_width_2024.mcd, copied digit for digit (GeV). Charges in e/3,
// spin as 2J + 1. Grouped as the RPP groups them.
private let pdg2024Entries: [ParticleData] = {
    typealias P = ParticleData
    return [
        // Quarks: MS-bar masses (d, u, s at 2 GeV; c, b at their own scale), t direct.
        P(id: 1, name: "d", antiparticleName: "dbar", massGeV: 4.70e-3,
          chargeThirds: -1, spinStates: 2, kind: .quark, color: .triplet),
        P(id: 2, name: "u", antiparticleName: "ubar", massGeV: 2.16e-3,
          chargeThirds: 2, spinStates: 2, kind: .quark, color: .triplet),
        P(id: 3, name: "s", antiparticleName: "sbar", massGeV: 9.35e-2,
          chargeThirds: -1, spinStates: 2, kind: .quark, color: .triplet),
        P(id: 4, name: "c", antiparticleName: "cbar", massGeV: 1.273,
          chargeThirds: 2, spinStates: 2, kind: .quark, color: .triplet),
        P(id: 5, name: "b", antiparticleName: "bbar", massGeV: 4.183,
          chargeThirds: -1, spinStates: 2, kind: .quark, color: .triplet),
        P(id: 6, name: "t", antiparticleName: "tbar", massGeV: 172.57, widthGeV: 1.42,
          chargeThirds: 2, spinStates: 2, kind: .quark, color: .triplet),

        // Leptons.
        P(id: 11, name: "e-", antiparticleName: "e+", massGeV: 5.1099895000e-4,
          chargeThirds: -3, spinStates: 2, kind: .lepton),
        P(id: 12, name: "nu_e", antiparticleName: "nu_ebar", massGeV: 0,
          chargeThirds: 0, spinStates: 2, kind: .lepton),
        P(id: 13, name: "mu-", antiparticleName: "mu+", massGeV: 0.1056583755, widthGeV: 2.9959836e-19,
          chargeThirds: -3, spinStates: 2, kind: .lepton),
        P(id: 14, name: "nu_mu", antiparticleName: "nu_mubar", massGeV: 0,
          chargeThirds: 0, spinStates: 2, kind: .lepton),
        P(id: 15, name: "tau-", antiparticleName: "tau+", massGeV: 1.77693, widthGeV: 2.267e-12,
          chargeThirds: -3, spinStates: 2, kind: .lepton),
        P(id: 16, name: "nu_tau", antiparticleName: "nu_taubar", massGeV: 0,
          chargeThirds: 0, spinStates: 2, kind: .lepton),

        // Gauge and Higgs bosons.
        P(id: 21, name: "g", massGeV: 0,
          chargeThirds: 0, spinStates: 3, kind: .gaugeBoson, color: .octet),
        P(id: 22, name: "gamma", massGeV: 0,
          chargeThirds: 0, spinStates: 3, kind: .gaugeBoson),
        P(id: 23, name: "Z0", massGeV: 91.1880, widthGeV: 2.4955,
          chargeThirds: 0, spinStates: 3, kind: .gaugeBoson),
        P(id: 24, name: "W+", antiparticleName: "W-", massGeV: 80.369, widthGeV: 2.08,
          chargeThirds: 3, spinStates: 3, kind: .gaugeBoson),
        P(id: 25, name: "h0", massGeV: 125.20, widthGeV: 3.7e-3,
          chargeThirds: 0, spinStates: 1, kind: .scalarBoson),
        ParticleTable.longLivedScalar(),

        // Light unflavoured mesons.
        P(id: 111, name: "pi0", massGeV: 0.1349768, widthGeV: 7.81e-9,
          chargeThirds: 0, spinStates: 1, kind: .meson),
        P(id: 211, name: "pi+", antiparticleName: "pi-", massGeV: 0.13957039, widthGeV: 2.5284e-17,
          chargeThirds: 3, spinStates: 1, kind: .meson),
        P(id: 221, name: "eta", massGeV: 0.547862, widthGeV: 1.31e-6,
          chargeThirds: 0, spinStates: 1, kind: .meson),
        P(id: 331, name: "eta'", massGeV: 0.95778, widthGeV: 1.88e-4,
          chargeThirds: 0, spinStates: 1, kind: .meson),
        P(id: 113, name: "rho0", massGeV: 0.77526, widthGeV: 0.1474,
          chargeThirds: 0, spinStates: 3, kind: .meson),
        P(id: 213, name: "rho+", antiparticleName: "rho-", massGeV: 0.77511, widthGeV: 0.1491,
          chargeThirds: 3, spinStates: 3, kind: .meson),
        P(id: 223, name: "omega", massGeV: 0.78266, widthGeV: 8.68e-3,
          chargeThirds: 0, spinStates: 3, kind: .meson),
        P(id: 333, name: "phi", massGeV: 1.019461, widthGeV: 4.249e-3,
          chargeThirds: 0, spinStates: 3, kind: .meson),

        // Strange mesons.
        P(id: 321, name: "K+", antiparticleName: "K-", massGeV: 0.493677, widthGeV: 5.317e-17,
          chargeThirds: 3, spinStates: 1, kind: .meson),
        P(id: 311, name: "K0", antiparticleName: "Kbar0", massGeV: 0.497611, ctauMM: 0,
          chargeThirds: 0, spinStates: 1, kind: .meson),
        P(id: 310, name: "K_S0", massGeV: 0.497611, widthGeV: 7.3508e-15,
          chargeThirds: 0, spinStates: 1, kind: .meson),
        P(id: 130, name: "K_L0", massGeV: 0.497611, widthGeV: 1.287e-17,
          chargeThirds: 0, spinStates: 1, kind: .meson),
        P(id: 313, name: "K*0", antiparticleName: "K*bar0", massGeV: 0.89555, widthGeV: 4.73e-2,
          chargeThirds: 0, spinStates: 3, kind: .meson),
        P(id: 323, name: "K*+", antiparticleName: "K*-", massGeV: 0.89167, widthGeV: 5.14e-2,
          chargeThirds: 3, spinStates: 3, kind: .meson),

        // Charmed and charmed-strange mesons.
        P(id: 411, name: "D+", antiparticleName: "D-", massGeV: 1.86966, widthGeV: 6.370e-13,
          chargeThirds: 3, spinStates: 1, kind: .meson),
        P(id: 421, name: "D0", antiparticleName: "Dbar0", massGeV: 1.86484, widthGeV: 1.604e-12,
          chargeThirds: 0, spinStates: 1, kind: .meson),
        P(id: 431, name: "D_s+", antiparticleName: "D_s-", massGeV: 1.96835, widthGeV: 1.313e-12,
          chargeThirds: 3, spinStates: 1, kind: .meson),
        P(id: 433, name: "D*_s+", antiparticleName: "D*_s-", massGeV: 2.1122, ctauMM: 0,
          chargeThirds: 3, spinStates: 3, kind: .meson),

        // Bottom mesons (B0 = d b̄, B+ = u b̄: the b̄ antiquark has positive id).
        P(id: 511, name: "B0", antiparticleName: "Bbar0", massGeV: 5.27972, widthGeV: 4.339e-13,
          chargeThirds: 0, spinStates: 1, kind: .meson),
        P(id: 521, name: "B+", antiparticleName: "B-", massGeV: 5.27941, widthGeV: 4.018e-13,
          chargeThirds: 3, spinStates: 1, kind: .meson),
        P(id: 531, name: "B_s0", antiparticleName: "B_sbar0", massGeV: 5.36693, widthGeV: 4.330e-13,
          chargeThirds: 0, spinStates: 1, kind: .meson),
        P(id: 541, name: "B_c+", antiparticleName: "B_c-", massGeV: 6.27447, widthGeV: 1.291e-12,
          chargeThirds: 3, spinStates: 1, kind: .meson),

        // Quarkonia.
        P(id: 443, name: "J/psi", massGeV: 3.096900, widthGeV: 9.26e-5,
          chargeThirds: 0, spinStates: 3, kind: .meson),
        P(id: 553, name: "Upsilon", massGeV: 9.46040, widthGeV: 5.40e-5,
          chargeThirds: 0, spinStates: 3, kind: .meson),

        // Baryons.
        P(id: 2212, name: "p+", antiparticleName: "pbar-", massGeV: 0.93827208816,
          chargeThirds: 3, spinStates: 2, kind: .baryon),
        P(id: 2112, name: "n0", antiparticleName: "nbar0", massGeV: 0.9395654205, widthGeV: 7.493e-28,
          chargeThirds: 0, spinStates: 2, kind: .baryon),
        P(id: 3122, name: "Lambda0", antiparticleName: "Lambdabar0", massGeV: 1.115683, widthGeV: 2.515e-15,
          chargeThirds: 0, spinStates: 2, kind: .baryon),
        P(id: 3222, name: "Sigma+", antiparticleName: "Sigmabar-", massGeV: 1.18937, widthGeV: 8.209e-15,
          chargeThirds: 3, spinStates: 2, kind: .baryon),
        P(id: 3212, name: "Sigma0", antiparticleName: "Sigmabar0", massGeV: 1.192642, widthGeV: 8.9e-6,
          chargeThirds: 0, spinStates: 2, kind: .baryon),
        P(id: 3112, name: "Sigma-", antiparticleName: "Sigmabar+", massGeV: 1.197449, widthGeV: 4.450e-15,
          chargeThirds: -3, spinStates: 2, kind: .baryon),
        P(id: 3322, name: "Xi0", antiparticleName: "Xibar0", massGeV: 1.31486, widthGeV: 2.27e-15,
          chargeThirds: 0, spinStates: 2, kind: .baryon),
        P(id: 3312, name: "Xi-", antiparticleName: "Xibar+", massGeV: 1.32171, widthGeV: 4.02e-15,
          chargeThirds: -3, spinStates: 2, kind: .baryon),
        P(id: 3334, name: "Omega-", antiparticleName: "Omegabar+", massGeV: 1.67245, widthGeV: 8.02e-15,
          chargeThirds: -3, spinStates: 4, kind: .baryon),
        P(id: 4122, name: "Lambda_c+", antiparticleName: "Lambda_cbar-", massGeV: 2.28646, widthGeV: 3.248e-12,
          chargeThirds: 3, spinStates: 2, kind: .baryon),
        P(id: 5122, name: "Lambda_b0", antiparticleName: "Lambda_bbar0", massGeV: 5.61960, widthGeV: 4.475e-13,
          chargeThirds: 0, spinStates: 2, kind: .baryon),
    ]
}()
