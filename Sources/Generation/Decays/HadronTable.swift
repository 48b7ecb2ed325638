import EventModel

/// The particle table of the hadron level: PDG 2024 (``ParticleTable/pdg2024``) plus the
/// states the string and the decays make that it lacks (excited and heavy hadrons).
///
/// Supplementary values are the PDG 2024 Summary Tables (S. Navas et al., Phys. Rev. D 110,
/// 030001 (2024)): mass, and width or cτ where measured. Where the PDG gives only a limit or
/// nothing (D*⁰, B*, B*s, B*c, Σb⁰), the state decays where it is made (cτ = 0), as Pythia 8
/// treats it; masses of unobserved states (B*c) are Pythia 8's.
public enum HadronTable {
    public static let table: ParticleTable = {
        var t = ParticleTable.pdg2024
        typealias P = ParticleData
        let extra: [ParticleData] = [
            P(id: 413, name: "D*+", antiparticleName: "D*-", massGeV: 2.01026, widthGeV: 8.34e-5, chargeThirds: 3, spinStates: 3, kind: .meson),
            P(id: 423, name: "D*0", antiparticleName: "D*bar0", massGeV: 2.00685, ctauMM: 0, chargeThirds: 0, spinStates: 3, kind: .meson),
            P(id: 513, name: "B*0", antiparticleName: "B*bar0", massGeV: 5.32475, ctauMM: 0, chargeThirds: 0, spinStates: 3, kind: .meson),
            P(id: 523, name: "B*+", antiparticleName: "B*-", massGeV: 5.32475, ctauMM: 0, chargeThirds: 3, spinStates: 3, kind: .meson),
            P(id: 533, name: "B*_s0", antiparticleName: "B*_sbar0", massGeV: 5.4154, ctauMM: 0, chargeThirds: 0, spinStates: 3, kind: .meson),
            P(id: 543, name: "B*_c+", antiparticleName: "B*_c-", massGeV: 6.3300, ctauMM: 0, chargeThirds: 3, spinStates: 3, kind: .meson),
            P(id: 441, name: "eta_c", massGeV: 2.9839, widthGeV: 0.0320, chargeThirds: 0, spinStates: 1, kind: .meson),
            P(id: 551, name: "eta_b", massGeV: 9.3987, widthGeV: 0.010, chargeThirds: 0, spinStates: 1, kind: .meson),
            P(id: 2224, name: "Delta++", antiparticleName: "Deltabar--", massGeV: 1.232, widthGeV: 0.117, chargeThirds: 6, spinStates: 4, kind: .baryon),
            P(id: 2214, name: "Delta+", antiparticleName: "Deltabar-", massGeV: 1.232, widthGeV: 0.117, chargeThirds: 3, spinStates: 4, kind: .baryon),
            P(id: 2114, name: "Delta0", antiparticleName: "Deltabar0", massGeV: 1.232, widthGeV: 0.117, chargeThirds: 0, spinStates: 4, kind: .baryon),
            P(id: 1114, name: "Delta-", antiparticleName: "Deltabar+", massGeV: 1.232, widthGeV: 0.117, chargeThirds: -3, spinStates: 4, kind: .baryon),
            P(id: 3224, name: "Sigma*+", antiparticleName: "Sigma*bar-", massGeV: 1.38280, widthGeV: 0.0360, chargeThirds: 3, spinStates: 4, kind: .baryon),
            P(id: 3214, name: "Sigma*0", antiparticleName: "Sigma*bar0", massGeV: 1.3837, widthGeV: 0.036, chargeThirds: 0, spinStates: 4, kind: .baryon),
            P(id: 3114, name: "Sigma*-", antiparticleName: "Sigma*bar+", massGeV: 1.3872, widthGeV: 0.0394, chargeThirds: -3, spinStates: 4, kind: .baryon),
            P(id: 3324, name: "Xi*0", antiparticleName: "Xi*bar0", massGeV: 1.53180, widthGeV: 0.0091, chargeThirds: 0, spinStates: 4, kind: .baryon),
            P(id: 3314, name: "Xi*-", antiparticleName: "Xi*bar+", massGeV: 1.5350, widthGeV: 0.0099, chargeThirds: -3, spinStates: 4, kind: .baryon),
            P(id: 4222, name: "Sigma_c++", antiparticleName: "Sigma_cbar--", massGeV: 2.45397, widthGeV: 1.89e-3, chargeThirds: 6, spinStates: 2, kind: .baryon),
            P(id: 4212, name: "Sigma_c+", antiparticleName: "Sigma_cbar-", massGeV: 2.4529, widthGeV: 2.3e-3, chargeThirds: 3, spinStates: 2, kind: .baryon),
            P(id: 4112, name: "Sigma_c0", antiparticleName: "Sigma_cbar0", massGeV: 2.45375, widthGeV: 1.83e-3, chargeThirds: 0, spinStates: 2, kind: .baryon),
            P(id: 4232, name: "Xi_c+", antiparticleName: "Xi_cbar-", massGeV: 2.46771, ctauMM: 0.1364, chargeThirds: 3, spinStates: 2, kind: .baryon),
            P(id: 4132, name: "Xi_c0", antiparticleName: "Xi_cbar0", massGeV: 2.47044, ctauMM: 0.0456, chargeThirds: 0, spinStates: 2, kind: .baryon),
            P(id: 4332, name: "Omega_c0", antiparticleName: "Omega_cbar0", massGeV: 2.6952, ctauMM: 0.0803, chargeThirds: 0, spinStates: 2, kind: .baryon),
            P(id: 5222, name: "Sigma_b+", antiparticleName: "Sigma_bbar-", massGeV: 5.81056, widthGeV: 5.0e-3, chargeThirds: 3, spinStates: 2, kind: .baryon),
            P(id: 5212, name: "Sigma_b0", antiparticleName: "Sigma_bbar0", massGeV: 5.8100, ctauMM: 0, chargeThirds: 0, spinStates: 2, kind: .baryon),
            P(id: 5112, name: "Sigma_b-", antiparticleName: "Sigma_bbar+", massGeV: 5.81564, widthGeV: 5.3e-3, chargeThirds: -3, spinStates: 2, kind: .baryon),
            P(id: 5232, name: "Xi_b0", antiparticleName: "Xi_bbar0", massGeV: 5.7919, ctauMM: 0.4437, chargeThirds: 0, spinStates: 2, kind: .baryon),
            P(id: 5132, name: "Xi_b-", antiparticleName: "Xi_bbar+", massGeV: 5.7970, ctauMM: 0.4713, chargeThirds: -3, spinStates: 2, kind: .baryon),
            P(id: 5332, name: "Omega_b-", antiparticleName: "Omega_bbar+", massGeV: 6.0452, ctauMM: 0.4917, chargeThirds: -3, spinStates: 2, kind: .baryon),
        ]
        for p in extra { t.insert(p) }
        return t
    }()

    /// The mass (GeV) of a hadron or lepton id, 0 if unknown.
    @inlinable
    public static func mass(_ id: Int) -> Double { table.massGeV(of: id) ?? 0 }

    /// Charge in units of e/3, 0 if unknown.
    @inlinable
    public static func chargeThirds(_ id: Int) -> Int { table.chargeThirds(of: id) ?? 0 }

    /// Full width (GeV), 0 if unknown.
    @inlinable
    public static func width(_ id: Int) -> Double { table.widthGeV(of: id) ?? 0 }

    /// cτ (mm); ∞ if stable or unknown.
    @inlinable
    public static func ctau(_ id: Int) -> Double { table.ctauMM(of: id) ?? .infinity }

    /// The antiparticle's id (−id when it exists, else id).
    @inlinable
    public static func conjugate(_ id: Int) -> Int { table.contains(-id) ? -id : id }

    /// A b hadron in the reference's sense: |id|/100 mod 10 = 5 (mesons incl. bottomonia) or
    /// |id|/1000 = 5 (baryons).
    @inlinable
    public static func isBHadron(_ id: Int) -> Bool {
        let a = abs(id)
        return a > 100 && ((a / 100) % 10 == 5 || (a / 1000) % 10 == 5)
    }
}
