/// The properties of one particle species, by its Monte Carlo particle number (PDG id).
///
/// Numbers come from the 2024 edition of the Review of Particle Physics,
/// S. Navas et al. (Particle Data Group), Phys. Rev. D 110, 030001 (2024), through
/// its Monte Carlo table `mass_width_2024.mcd` (generated 31 May 2024), which lists
/// the central mass and full width of each state; see ``ParticleTable`` for the list
/// and the few entries that are conventions rather than measurements.
///
/// Units are GeV and mm (`Units.swift`). For a decaying particle the width Γ and the
/// mean proper decay length cτ are two readings of one number, cτ = ħc/Γ with
/// ħc = ``hbarCGeVMM``: a resonance (ρ, Z) is best read by its width, a particle that
/// flies (K⁰S, B, τ) by its cτ.
///
/// The antiparticle of a species with id n has id −n (PDG numbering scheme, RPP §45):
/// charge and colour flip, mass and lifetime stay. Self-conjugate species (γ, Z, H,
/// π⁰, η, ρ⁰, J/ψ, …) have no negative id.
public struct ParticleData: Hashable, Sendable, Codable {

    /// What kind of particle this is; decides, e.g., whether it hadronizes or showers.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case quark
        /// Charged leptons and neutrinos.
        case lepton
        /// γ, g, Z, W.
        case gaugeBoson
        /// The Higgs boson and the long-lived scalar s.
        case scalarBoson
        case meson
        case baryon
    }

    /// The SU(3) colour representation: singlet for colourless states, a triplet for a
    /// quark, an antitriplet for an antiquark, an octet for the gluon. The raw value
    /// is the dimension, signed for the antitriplet.
    public enum Color: Int8, Hashable, Sendable, Codable {
        case singlet = 1
        case triplet = 3
        case antitriplet = -3
        case octet = 8

        /// The conjugate representation (3 ↔ 3̄; singlet and octet are real).
        public var conjugate: Color {
            switch self {
            case .triplet: return .antitriplet
            case .antitriplet: return .triplet
            default: return self
            }
        }
    }

    /// ħc in GeV·mm: 197.326 980 4 MeV·fm, exact since the 2019 SI (CODATA 2018).
    /// Converts a width to a mean proper decay length, cτ = ħc/Γ.
    public static let hbarCGeVMM: Double = 1.973_269_804e-13

    /// Monte Carlo particle number; negative for an antiparticle.
    public let id: Int
    /// A short name in the style of Pythia 8 and HepMC listings (`pi+`, `K_S0`, `Lambdabar0`).
    public let name: String
    /// Mass in GeV (the PDG central value; for quarks see ``ParticleTable``).
    public let massGeV: Double
    /// Full width Γ in GeV; 0 for a stable particle and for a state whose width is not
    /// measured (it then decays where it is made, see ``ctauMM``).
    public let widthGeV: Double
    /// Mean proper decay length cτ in mm: `.infinity` for a stable particle (or a parton,
    /// which hadronizes instead), 0 for a state that decays where it is made but whose
    /// width is not measured (D*s±; K⁰/K̄⁰, which become K⁰S or K⁰L at once).
    public let ctauMM: Double
    /// Electric charge in units of e/3 (exact for quarks): −1 for d, +3 for π⁺.
    public let chargeThirds: Int
    /// Number of spin states, 2J + 1 (the last digit of a hadron's id).
    public let spinStates: Int
    /// Quark, lepton, gauge or scalar boson, meson, or baryon.
    public let kind: Kind
    /// Colour representation.
    public let color: Color
    /// Whether the antiparticle is a different species (id −n exists).
    public let hasAntiparticle: Bool
    /// The antiparticle's name (equal to ``name`` for a self-conjugate species).
    public let antiparticleName: String

    /// A particle entry. Give at most one of `widthGeV` and `ctauMM`; the other follows
    /// from cτ = ħc/Γ. Give neither for a stable particle, and pass `ctauMM: 0` for a
    /// state that decays promptly with an unmeasured width.
    public init(
        id: Int, name: String, antiparticleName: String? = nil,
        massGeV: Double, widthGeV: Double? = nil, ctauMM: Double? = nil,
        chargeThirds: Int, spinStates: Int, kind: Kind, color: Color = .singlet
    ) {
        precondition(id != 0, "PDG id 0 is not a particle")
        precondition(widthGeV == nil || ctauMM == nil, "give the width or cτ, not both")
        self.id = id
        self.name = name
        self.antiparticleName = antiparticleName ?? name
        self.hasAntiparticle = antiparticleName != nil
        self.massGeV = massGeV
        switch (widthGeV, ctauMM) {
        case let (.some(w), _) where w > 0:
            self.widthGeV = w
            self.ctauMM = Self.hbarCGeVMM / w
        case let (_, .some(c)) where c > 0 && c.isFinite:
            self.widthGeV = Self.hbarCGeVMM / c
            self.ctauMM = c
        case (_, .some(0)):
            self.widthGeV = 0
            self.ctauMM = 0
        default:
            self.widthGeV = 0
            self.ctauMM = .infinity
        }
        self.chargeThirds = chargeThirds
        self.spinStates = spinStates
        self.kind = kind
        self.color = color
    }

    /// The same entry with another identity, name, charge and colour (for the antiparticle).
    @inlinable
    init(conjugateOf p: ParticleData) {
        id = -p.id
        name = p.antiparticleName
        antiparticleName = p.name
        hasAntiparticle = true
        massGeV = p.massGeV
        widthGeV = p.widthGeV
        ctauMM = p.ctauMM
        chargeThirds = -p.chargeThirds
        spinStates = p.spinStates
        kind = p.kind
        color = p.color.conjugate
    }

    /// The antiparticle (id −n, charge and colour flipped); `self` when self-conjugate.
    @inlinable
    public var antiparticle: ParticleData {
        hasAntiparticle ? ParticleData(conjugateOf: self) : self
    }

    /// Electric charge in units of e.
    @inlinable public var charge: Double { Double(chargeThirds) / 3 }
    /// Spin J (in units of ħ).
    @inlinable public var spin: Double { Double(spinStates - 1) / 2 }
    /// Mean proper lifetime τ in ns (`.infinity` when stable).
    @inlinable public var lifetimeNS: Double { ctauMM / speedOfLightMMPerNS }
    /// Neither decays nor hadronizes within the detector's reach: cτ = ∞ and colourless.
    @inlinable public var isStable: Bool { ctauMM == .infinity && color == .singlet }
    @inlinable public var isCharged: Bool { chargeThirds != 0 }
    @inlinable public var isQuark: Bool { kind == .quark }
    @inlinable public var isLepton: Bool { kind == .lepton }
    @inlinable public var isHadron: Bool { kind == .meson || kind == .baryon }
    /// νe, νμ, ντ and their antineutrinos.
    @inlinable public var isNeutrino: Bool { kind == .lepton && chargeThirds == 0 }
    /// Carries colour: quarks and gluons, which hadronize rather than decay or fly.
    @inlinable public var isColored: Bool { color != .singlet }

    /// The entry for `id` (negative for antiparticles) in the PDG 2024 table, or nil.
    /// Same as `ParticleTable.pdg2024[id]`.
    @inlinable
    public static func find(_ id: Int) -> ParticleData? { ParticleTable.pdg2024[id] }
}

extension ParticleData: CustomStringConvertible {
    public var description: String {
        "\(name) (\(id)): m = \(massGeV) GeV, Γ = \(widthGeV) GeV, cτ = \(ctauMM) mm, q = \(chargeThirds)/3 e"
    }
}
