import Foundation
import XCTest
@testable import EventModel

/// The PDG particle table against the 2024 Review of Particle Physics,
/// S. Navas et al. (Particle Data Group), Phys. Rev. D 110, 030001 (2024).
///
/// Masses and widths are quoted from the PDG's Monte Carlo table
/// `mass_width_2024.mcd` (https://pdg.lbl.gov/2024/mcdata/mass_width_2024.mcd) and mean
/// lives from the 2024 Summary Tables (https://pdg.lbl.gov/2024/tables/contents_tables.html).
///
/// Three numbers differ from older editions one may remember:
/// m(Z) = 91.1880 GeV (91.1876 up to RPP 2022), τ(B⁰) = 1.517 ps so cτ = 0.4548 mm
/// (1.520 ps, 0.4557 mm in RPP 2018), τ(Λ) = 2.617·10⁻¹⁰ s so cτ = 78.46 mm
/// (2.632·10⁻¹⁰ s, 78.9 mm up to RPP 2020). The test uses the 2024 values.
final class ParticleDataTests: XCTestCase {
    let table = ParticleTable.pdg2024
    /// c in mm/s, to turn a Summary-Table mean life τ into cτ.
    let cMMPerS = 299_792_458_000.0

    func particle(_ id: Int, file: StaticString = #filePath, line: UInt = #line) -> ParticleData {
        guard let p = table[id] else {
            XCTFail("PDG id \(id) missing", file: file, line: line)
            return ParticleTable.longLivedScalar()
        }
        return p
    }

    func testEdition() {
        XCTAssertTrue(ParticleTable.pdg2024Reference.contains("Phys. Rev. D 110, 030001 (2024)"))
    }

    // MARK: Coverage and identity

    /// Every species the generator and detector meet (task list), particles by positive id.
    static let requiredIDs: [Int] = [
        1, 2, 3, 4, 5, 6, 21,                              // quarks, gluon
        11, 12, 13, 14, 15, 16,                            // leptons
        22, 23, 24, 25, 35,                                // γ Z W H, long-lived scalar s
        111, 211, 221, 331, 113, 213, 223, 333,            // π⁰ π± η η′ ρ⁰ ρ± ω φ
        321, 311, 310, 130, 313, 323,                      // K± K⁰ K⁰S K⁰L K*⁰ K*±
        2212, 2112, 3122, 3222, 3212, 3112, 3322, 3312, 3334,   // p n Λ Σ⁺ Σ⁰ Σ⁻ Ξ⁰ Ξ⁻ Ω⁻
        421, 411, 431, 433, 4122,                          // D⁰ D± Ds± D*s± Λc⁺
        511, 521, 531, 541, 5122,                          // B⁰ B± Bs⁰ Bc± Λb⁰
        443, 553,                                          // J/ψ Υ(1S)
    ]

    /// Self-conjugate species: no antiparticle id (task list).
    static let selfConjugateIDs: Set<Int> = [22, 23, 25, 111, 130, 310, 221, 331, 113, 223, 333, 443, 553, 35, 21]

    func testTableCoversEveryRequiredID() {
        for id in Self.requiredIDs {
            XCTAssertNotNil(table[id], "PDG id \(id)")
            XCTAssertEqual(table[id]?.id, id)
        }
        XCTAssertEqual(Set(table.particles.map(\.id)), Set(Self.requiredIDs), "no unlisted entries")
    }

    func testIDsAndNamesAreUnique() {
        let ids = table.particles.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "duplicate PDG id")
        XCTAssertTrue(ids.allSatisfy { $0 > 0 }, "entries are stored by their particle (positive) id")
        var names: [String] = []
        for p in table.particles {
            names.append(p.name)
            if p.hasAntiparticle { names.append(p.antiparticleName) }
        }
        XCTAssertEqual(Set(names).count, names.count, "duplicate name")
    }

    func testSelfConjugateSpeciesHaveNoAntiparticle() {
        for p in table.particles {
            let selfConjugate = Self.selfConjugateIDs.contains(p.id)
            XCTAssertEqual(p.hasAntiparticle, !selfConjugate, "\(p.name)")
            XCTAssertEqual(table[-p.id] == nil, selfConjugate, "\(p.name)")
            XCTAssertEqual(table.contains(-p.id), !selfConjugate)
            if selfConjugate {
                XCTAssertEqual(p.chargeThirds, 0, "\(p.name) is its own antiparticle, so neutral")
                XCTAssertEqual(p.antiparticle, p)
            }
        }
    }

    func testUnknownIDs() {
        XCTAssertNil(table[0])
        XCTAssertNil(table[7])          // b′: not in the table
        XCTAssertNil(table[99_999])
        XCTAssertNil(table[1_000_022])
        XCTAssertNil(table[Int.min])
        XCTAssertNil(table[Int.max])
        XCTAssertNil(table.chargeThirds(of: Int.min))
        XCTAssertNil(table.massGeV(of: -22))
    }

    // MARK: Antiparticles

    /// Charge flips; mass, width, cτ and spin stay; colour 3 ↔ 3̄; names swap.
    func testAntiparticles() {
        let cases: [(id: Int, name: String, charge: Double)] = [
            (-11, "e+", 1), (-13, "mu+", 1), (-15, "tau+", 1), (-12, "nu_ebar", 0),
            (-211, "pi-", -1), (-321, "K-", -1), (-213, "rho-", -1), (-323, "K*-", -1),
            (-2212, "pbar-", -1), (-2112, "nbar0", 0), (-3122, "Lambdabar0", 0),
            (-3222, "Sigmabar-", -1), (-3112, "Sigmabar+", 1), (-3312, "Xibar+", 1), (-3334, "Omegabar+", 1),
            (-24, "W-", -1), (-411, "D-", -1), (-431, "D_s-", -1), (-4122, "Lambda_cbar-", -1),
            (-521, "B-", -1), (-511, "Bbar0", 0), (-541, "B_c-", -1),
            (-2, "ubar", -2.0 / 3), (-1, "dbar", 1.0 / 3), (-5, "bbar", 1.0 / 3), (-6, "tbar", -2.0 / 3),
        ]
        for c in cases {
            let anti = particle(c.id), part = particle(-c.id)
            XCTAssertEqual(anti.id, c.id)
            XCTAssertEqual(anti.name, c.name)
            XCTAssertEqual(anti.antiparticleName, part.name)
            XCTAssertEqual(anti.charge, c.charge, accuracy: 1e-15, "\(c.name)")
            XCTAssertEqual(anti.chargeThirds, -part.chargeThirds)
            XCTAssertEqual(anti.massGeV, part.massGeV)
            XCTAssertEqual(anti.widthGeV, part.widthGeV)
            XCTAssertEqual(anti.ctauMM, part.ctauMM)
            XCTAssertEqual(anti.spinStates, part.spinStates)
            XCTAssertEqual(anti.kind, part.kind)
            XCTAssertEqual(anti.antiparticle, part, "conjugating twice gives the particle back")
            XCTAssertEqual(table.chargeThirds(of: c.id), anti.chargeThirds)
            XCTAssertEqual(table.massGeV(of: c.id), anti.massGeV)
        }
        XCTAssertEqual(particle(5).color, .triplet)
        XCTAssertEqual(particle(-5).color, .antitriplet)
        XCTAssertEqual(particle(21).color, .octet)
    }

    // MARK: Charges, spins, kinds

    /// Charges in e (RPP particle listings); particles, not antiparticles.
    func testCharges() {
        let expected: [Int: Double] = [
            1: -1.0 / 3, 2: 2.0 / 3, 3: -1.0 / 3, 4: 2.0 / 3, 5: -1.0 / 3, 6: 2.0 / 3, 21: 0,
            11: -1, 12: 0, 13: -1, 14: 0, 15: -1, 16: 0, 22: 0, 23: 0, 24: 1, 25: 0, 35: 0,
            111: 0, 211: 1, 221: 0, 331: 0, 113: 0, 213: 1, 223: 0, 333: 0,
            321: 1, 311: 0, 310: 0, 130: 0, 313: 0, 323: 1,
            2212: 1, 2112: 0, 3122: 0, 3222: 1, 3212: 0, 3112: -1, 3322: 0, 3312: -1, 3334: -1,
            421: 0, 411: 1, 431: 1, 433: 1, 4122: 1, 511: 0, 521: 1, 531: 0, 541: 1, 5122: 0,
            443: 0, 553: 0,
        ]
        XCTAssertEqual(expected.count, Self.requiredIDs.count)
        for (id, q) in expected { XCTAssertEqual(particle(id).charge, q, accuracy: 1e-15, "id \(id)") }
    }

    /// Hadrons: 2J + 1 is the last digit of the id (PDG numbering scheme, RPP §45),
    /// except K⁰L (130) and K⁰S (310), whose ids are historical; both are J = 0.
    func testSpins() {
        for p in table.particles where p.isHadron {
            let expected = (p.id == 130 || p.id == 310) ? 1 : p.id % 10
            XCTAssertEqual(p.spinStates, expected, "\(p.name)")
        }
        XCTAssertEqual(particle(3334).spin, 1.5)   // Ω⁻
        XCTAssertEqual(particle(443).spin, 1)      // J/ψ
        XCTAssertEqual(particle(211).spin, 0)
        XCTAssertEqual(particle(25).spin, 0)
        XCTAssertEqual(particle(35).spin, 0)
        XCTAssertEqual(particle(23).spin, 1)
        XCTAssertEqual(particle(21).spin, 1)
        for id in [1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16] { XCTAssertEqual(particle(id).spin, 0.5) }
    }

    func testKindsAndColours() {
        for id in 1...6 {
            XCTAssertTrue(particle(id).isQuark)
            XCTAssertTrue(particle(id).isColored)
            XCTAssertFalse(particle(id).isStable, "partons hadronize")
        }
        for id in 11...16 {
            XCTAssertTrue(particle(id).isLepton)
            XCTAssertFalse(particle(id).isHadron)
            XCTAssertEqual(particle(id).isNeutrino, id % 2 == 0)
        }
        for id in [22, 23, 24, 21] { XCTAssertEqual(particle(id).kind, .gaugeBoson) }
        for id in [25, 35] { XCTAssertEqual(particle(id).kind, .scalarBoson) }
        for p in table.particles {
            // Mesons have three-digit ids here, baryons four.
            if p.id >= 100 && p.id < 1000 { XCTAssertEqual(p.kind, .meson, p.name) }
            if p.id >= 1000 { XCTAssertEqual(p.kind, .baryon, p.name) }
            XCTAssertEqual(p.isHadron, p.kind == .meson || p.kind == .baryon)
            XCTAssertEqual(p.isColored, p.kind == .quark || p.id == 21, p.name)
        }
    }

    // MARK: Masses (mass_width_2024.mcd)

    func testMassesAgainstPDG2024() {
        let expected: [(Int, Double)] = [
            (23, 91.1880),          // Z: 91.1880 ± 0.0020
            (24, 80.369),           // W: 80.369 ± 0.013 (Summary Table 80.3692 ± 0.0133)
            (25, 125.20),           // H: 125.20 ± 0.11
            (6, 172.57),            // t: 172.57 ± 0.29 (direct measurements)
            (5, 4.183),             // b: m̄b(m̄b) = 4.183 ± 0.007
            (4, 1.273),             // c: m̄c(m̄c) = 1.273 ± 0.005
            (11, 0.51099895000e-3), // e
            (13, 0.1056583755),     // μ
            (15, 1.77693),          // τ: 1776.93 ± 0.09 MeV
            (211, 0.13957039),      // π±
            (111, 0.1349768),       // π⁰
            (321, 0.493677),        // K±
            (310, 0.497611),        // K⁰S = K⁰L = K⁰
            (2212, 0.93827208816),  // p
            (2112, 0.9395654205),   // n
            (3122, 1.115683),       // Λ
            (3334, 1.67245),        // Ω⁻
            (421, 1.86484),         // D⁰
            (511, 5.27972),         // B⁰
            (521, 5.27941),         // B±
            (531, 5.36693),         // Bs
            (5122, 5.61960),        // Λb
            (443, 3.096900),        // J/ψ
            (553, 9.46040),         // Υ(1S)
        ]
        for (id, mass) in expected {
            XCTAssertEqual(particle(id).massGeV, mass, accuracy: 1e-12 * mass, "\(particle(id).name)")
        }
        XCTAssertEqual(particle(130).massGeV, particle(310).massGeV)
        XCTAssertEqual(particle(311).massGeV, particle(310).massGeV)
        for id in [12, 14, 16, 21, 22] { XCTAssertEqual(particle(id).massGeV, 0) }
    }

    /// Resonance widths (GeV) from mass_width_2024.mcd.
    func testResonanceWidths() {
        XCTAssertEqual(particle(23).widthGeV, 2.4955, accuracy: 1e-12)     // Z: 2.4955 ± 0.0023
        XCTAssertEqual(particle(24).widthGeV, 2.08, accuracy: 1e-12)       // W: 2.08 ± 0.04 (Summary Table 2.085 ± 0.042)
        XCTAssertEqual(particle(25).widthGeV, 3.7e-3, accuracy: 1e-15)     // H: 3.7 +1.9 −1.4 MeV
        XCTAssertEqual(particle(6).widthGeV, 1.42, accuracy: 1e-12)        // t: 1.42 +0.19 −0.15
        XCTAssertEqual(particle(113).widthGeV, 0.1474, accuracy: 1e-12)    // ρ⁰(770): 147.4 MeV
        XCTAssertEqual(particle(333).widthGeV, 4.249e-3, accuracy: 1e-15)  // φ(1020): 4.249 MeV
        XCTAssertEqual(particle(443).widthGeV, 9.26e-5, accuracy: 1e-17)   // J/ψ: 92.6 keV
        XCTAssertEqual(particle(313).widthGeV, 4.73e-2, accuracy: 1e-12)   // K*(892)⁰: 47.3 MeV
    }

    // MARK: Decay lengths (2024 Summary Tables)

    /// cτ = c·τ with τ from the 2024 Summary Tables. The table derives cτ = ħc/Γ from
    /// the widths of mass_width_2024.mcd, which carry three or four significant digits
    /// (Ξ⁻: 4.02·10⁻¹⁵ GeV, rounding ±0.12 %), so the tolerance is 2·10⁻³ relative.
    func testDecayLengthsAgainstPDG2024() {
        let meanLifeS: [(id: Int, tau: Double)] = [
            (310, 0.8954e-10),      // K⁰S: cτ = 2.6844 cm
            (130, 5.116e-8),        // K⁰L: cτ = 15.34 m
            (321, 1.2380e-8),       // K±: cτ = 3.711 m
            (211, 2.6033e-8),       // π±: cτ = 7.8045 m
            (111, 8.43e-17),        // π⁰: cτ = 25.3 nm
            (13, 2.1969811e-6),     // μ: cτ = 658.638 m
            (15, 290.3e-15),        // τ: cτ = 87.03 µm
            (3122, 2.617e-10),      // Λ: cτ = 7.846 cm
            (3222, 0.8018e-10),     // Σ⁺: cτ = 2.404 cm
            (3112, 1.479e-10),      // Σ⁻: cτ = 4.434 cm
            (3322, 2.90e-10),       // Ξ⁰: cτ = 8.71 cm
            (3312, 1.639e-10),      // Ξ⁻: cτ = 4.91 cm
            (3334, 0.821e-10),      // Ω⁻: cτ = 2.46 cm
            (421, 410.3e-15),       // D⁰: cτ = 123.0 µm
            (411, 1033e-15),        // D±: cτ = 309.7 µm
            (431, 501.2e-15),       // Ds±: cτ = 150.3 µm
            (4122, 202.6e-15),      // Λc⁺: cτ = 60.7 µm
            (511, 1.517e-12),       // B⁰: cτ = 454.8 µm
            (521, 1.638e-12),       // B±: cτ = 491.1 µm
            (531, 1.520e-12),       // Bs⁰: cτ = 455.7 µm
            (541, 0.510e-12),       // Bc±: cτ = 152.9 µm
            (5122, 1.471e-12),      // Λb⁰: cτ = 441.0 µm
            (2112, 878.4),          // n: 878.4 s
        ]
        for (id, tau) in meanLifeS {
            let p = particle(id)
            XCTAssertEqual(p.ctauMM, tau * cMMPerS, accuracy: 2e-3 * tau * cMMPerS, "\(p.name)")
            XCTAssertEqual(p.lifetimeNS, tau * 1e9, accuracy: 2e-3 * tau * 1e9, "\(p.name)")
        }
        // The headline numbers, in mm.
        XCTAssertEqual(particle(310).ctauMM, 26.844, accuracy: 0.001)
        XCTAssertEqual(particle(511).ctauMM, 0.4548, accuracy: 0.0001)
        XCTAssertEqual(particle(3122).ctauMM, 78.46, accuracy: 0.01)
        XCTAssertEqual(particle(-511).ctauMM, particle(511).ctauMM)
    }

    /// Width and cτ are one number: Γ·cτ = ħc = 197.3269804 MeV fm for every decaying
    /// species with a width.
    func testWidthAndDecayLengthAreConsistent() {
        XCTAssertEqual(ParticleData.hbarCGeVMM, 197.3269804e-3 * 1e-12, accuracy: 1e-24)
        for p in table.particles where p.widthGeV > 0 {
            XCTAssertEqual(p.widthGeV * p.ctauMM, ParticleData.hbarCGeVMM, accuracy: 1e-12 * ParticleData.hbarCGeVMM, p.name)
        }
    }

    /// Stable: cτ = ∞, no width, colourless. Prompt without a measured width: cτ = 0.
    func testStableAndPrompt() {
        for id in [11, 12, 14, 16, 22, 2212] {
            XCTAssertTrue(particle(id).isStable, "\(particle(id).name)")
            XCTAssertEqual(particle(id).widthGeV, 0)
            XCTAssertEqual(particle(id).ctauMM, .infinity)
        }
        for id in [13, 211, 310, 2112, 5122, 23] { XCTAssertFalse(particle(id).isStable) }
        for id in [311, 433] {
            XCTAssertEqual(particle(id).ctauMM, 0)
            XCTAssertEqual(particle(id).widthGeV, 0)
        }
    }

    // MARK: The long-lived scalar

    /// id 35: not a PDG particle; default 40 GeV and cτ = 760 mm (run card defaults),
    /// replaced per run without touching the shared table.
    func testLongLivedScalar() {
        let s = particle(35)
        XCTAssertEqual(s.massGeV, 40)
        XCTAssertEqual(s.ctauMM, 760)
        XCTAssertEqual(s.widthGeV, ParticleData.hbarCGeVMM / 760, accuracy: 1e-30)
        XCTAssertFalse(s.hasAntiparticle)
        XCTAssertEqual(s.spinStates, 1)

        let run = table.withLongLivedScalar(massGeV: 55, ctauMM: 1_000)
        XCTAssertEqual(run[35]?.massGeV, 55)
        XCTAssertEqual(run[35]?.ctauMM, 1_000)
        XCTAssertEqual(run.particles.count, table.particles.count)
        XCTAssertEqual(ParticleTable.pdg2024[35]?.massGeV, 40, "the shared default is unchanged")
        XCTAssertEqual(run[25], table[25])
    }

    // MARK: Extending the table

    /// Ids beyond the dense range (e.g. a neutralino, 1000022) go to the sparse index.
    func testInsertingSparseAndReplacingEntries() {
        let chargino = ParticleData(id: 1_000_024, name: "~chi_1+", antiparticleName: "~chi_1-",
                                    massGeV: 300, ctauMM: 10, chargeThirds: 3, spinStates: 2, kind: .lepton)
        let t = table.inserting(chargino)
        XCTAssertEqual(t[1_000_024]?.name, "~chi_1+")
        XCTAssertEqual(t[-1_000_024]?.chargeThirds, -3)
        XCTAssertEqual(t.chargeThirds(of: -1_000_024), -3)
        XCTAssertNil(table[1_000_024])
        let heavierZ = ParticleData(id: 23, name: "Z0", massGeV: 91.2, widthGeV: 2.5,
                                    chargeThirds: 0, spinStates: 3, kind: .gaugeBoson)
        XCTAssertEqual(t.inserting(heavierZ)[23]?.massGeV, 91.2)
        XCTAssertEqual(t.inserting(heavierZ).particles.count, t.particles.count)
    }

    /// `find` is the default table's lookup; the fast paths agree with the subscript.
    func testLookupPathsAgree() {
        for p in table.particles {
            for id in [p.id, -p.id] {
                XCTAssertEqual(ParticleData.find(id), table[id])
                XCTAssertEqual(table.chargeThirds(of: id), table[id]?.chargeThirds)
                XCTAssertEqual(table.massGeV(of: id), table[id]?.massGeV)
                XCTAssertEqual(table.ctauMM(of: id), table[id]?.ctauMM)
                XCTAssertTrue(table.contains(id) == (table[id] != nil))
            }
        }
    }

    /// The shared table is read from many tasks at once (ranks run events on all
    /// cores); it is an immutable Sendable value, so the compiler lets tasks share it.
    func testConcurrentReads() async {
        let ids = Self.requiredIDs
        let totals = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var total = 0
                    for _ in 0..<200 { for id in ids { total += ParticleTable.pdg2024.chargeThirds(of: id) ?? 0 } }
                    return total
                }
            }
            var all: [Int] = []
            for await t in group { all.append(t) }
            return all
        }
        XCTAssertEqual(totals.count, 8)
        XCTAssertEqual(Set(totals).count, 1)
    }
}
