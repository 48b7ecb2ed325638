import Foundation
import EventModel

/// Single and double diffraction, the part of the inelastic cross-section that
/// ``MinimumBiasInteraction`` adds beside its non-diffractive collisions: one proton (single,
/// A B → X B or A X) or both (double, X Y) turn into a system of mass M with the quantum numbers
/// of a proton, separated from the other side by a gap in rapidity.
///
/// **Rates** (fractions of σ_inel at 13 TeV): single 16.5 % (both sides together), double
/// 11.5 %, non-diffractive the rest — Pythia 8's default (Schuler–Sjöstrand) cross-sections,
/// σ_SD ≈ 2 × 6.4 mb, σ_DD ≈ 8.9 mb, σ_ND ≈ 55.7 mb (G. A. Schuler, T. Sjöstrand, Phys.
/// Rev. D49 (1994) 2257), whose sum of 77.4 mb matches ATLAS's σ_inel = 78.1 ± 2.9 mb (Phys.
/// Rev. Lett. 117 (2016) 182002).
///
/// **Masses**: dM²/M² (the Pomeron flux with intercept 1), M from m_p + 0.5 GeV up to
/// M² = 0.05 s for single diffraction (ξ = M²/s ≤ 0.05, the usual coherence limit); for
/// double diffraction each mass the same way with M₁² M₂² ≤ 0.05 s · 1 GeV² so that a rapidity
/// gap remains. The momentum transfer: p⊥ of the systems Gaussian with ⟨p⊥²⟩ = 1/B,
/// B = 7 GeV⁻² (the diffractive slope at LHC energies, roughly).
///
/// **Hadrons**: the system is a proton excited by a Pomeron. Below 10 GeV (Pythia's
/// `Diffraction:mMinPert`) the Pomeron hits a valence quark: one string from that quark to the
/// diquark, along the beam axis in the system's rest frame. Above, it hits a gluon, which
/// takes the Pomeron's side of the system: a hairpin string quark – gluon – diquark (Pythia
/// then adds multi-parton interactions and showers inside the system; we do not, a
/// simplification that only matters for the rare high-mass systems that reach the central
/// region).
public struct Diffraction: Sendable {
    public struct Config: Sendable, Equatable {
        /// Fraction of inelastic collisions that are single diffractive (either side).
        public var singleFraction = 0.165
        /// Fraction that are double diffractive.
        public var doubleFraction = 0.115
        /// Largest ξ = M²/s of a diffractive system.
        public var maximumXi = 0.05
        /// Excess of the smallest diffractive mass over the proton's (GeV).
        public var minimumExcessGeV = 0.5
        /// Diffractive slope B (GeV⁻²).
        public var slopePerGeV2 = 7.0
        /// Mass above which the Pomeron hits a gluon (GeV).
        public var gluonMassGeV = 10.0
        public init() {}
    }

    public enum Kind: Sendable, Hashable { case nonDiffractive, singleA, singleB, double }

    public var config: Config
    public init(config: Config = Config()) { self.config = config }

    /// The kind of an inelastic collision.
    public func kind(rng: inout RandomStream) -> Kind {
        let u = rng.uniform01()
        if u < config.singleFraction / 2 { return .singleA }
        if u < config.singleFraction { return .singleB }
        if u < config.singleFraction + config.doubleFraction { return .double }
        return .nonDiffractive
    }

    /// A diffractive mass (GeV) flat in ln M² between the limits, at most `maximumGeV`.
    func mass(maximumGeV: Double, rng: inout RandomStream) -> Double {
        let low = 2 * log(BeamRemnantStrings.protonMassGeV + config.minimumExcessGeV)
        let high = max(2 * log(maximumGeV), low)
        return exp(0.5 * (low + (high - low) * rng.uniform01()))
    }

    /// Appends a diffractive collision of kind `kind` (not `.nonDiffractive`) at `position`:
    /// one vertex with both beams in and the intact proton(s) and the systems' partons out,
    /// then a string vertex per system.
    func append(_ kind: Kind, sqrtSGeV: Double, hadronizer: StringHadronizer, to event: inout GenEvent,
                at position: FourVector, rng: inout RandomStream) {
        let mp = BeamRemnantStrings.protonMassGeV
        let s = sqrtSGeV * sqrtSGeV
        // The two outgoing masses: a proton or a system.
        var m1 = mp, m2 = mp
        switch kind {
        case .singleA: m1 = mass(maximumGeV: (config.maximumXi * s).squareRoot(), rng: &rng)
        case .singleB: m2 = mass(maximumGeV: (config.maximumXi * s).squareRoot(), rng: &rng)
        case .double:
            repeat {
                m1 = mass(maximumGeV: (config.maximumXi * s).squareRoot(), rng: &rng)
                m2 = mass(maximumGeV: (config.maximumXi * s).squareRoot(), rng: &rng)
            } while m1 * m1 * m2 * m2 > config.maximumXi * s
        case .nonDiffractive: return
        }
        // Two-body kinematics in the collision frame, p⊥ from the diffractive slope.
        let beamE = sqrtSGeV / 2
        let pBeam = (beamE * beamE - mp * mp).squareRoot()
        let p = TwoBodyDecay.restFrameMomentum(parentMass: sqrtSGeV, m1, m2) ?? 0
        let pT = min((-log(rng.uniform01()) / config.slopePerGeV2).squareRoot(), 0.5 * p)
        let phi = 2 * Double.pi * rng.uniform01()
        let pz = (p * p - pT * pT).squareRoot()
        let px = pT * cos(phi), py = pT * sin(phi)
        let side = [FourVector(px: px, py: py, pz: pz, e: (p * p + m1 * m1).squareRoot()),
                    FourVector(px: -px, py: -py, pz: -pz, e: (p * p + m2 * m2).squareRoot())]
        let masses = [m1, m2]
        let dissociates = [kind != .singleB, kind != .singleA]

        let beamA = event.addParticle(GenParticle(pdgID: 2212, status: 4, momentum: FourVector(px: 0, py: 0, pz: pBeam, e: beamE), generatedMass: mp))
        let beamB = event.addParticle(GenParticle(pdgID: 2212, status: 4, momentum: FourVector(px: 0, py: 0, pz: -pBeam, e: beamE), generatedMass: mp))
        var outgoing = [Int]()
        var systems = [[(parton: ShowerParton, record: Int)]]()
        for leg in 0..<2 {
            guard dissociates[leg] else {
                outgoing.append(event.addParticle(GenParticle(pdgID: 2212, status: 1, momentum: side[leg], generatedMass: mp)))
                continue
            }
            // In the system's rest frame: the proton's side along the beam (+z for A), the
            // Pomeron's opposite.
            let m = masses[leg], sign = leg == 0 ? 1.0 : -1.0
            let (q, dq) = BeamRemnantStrings.remnantFlavours(rng: &rng)
            var pieces = [(Int, FourVector)]()
            if m < config.gluonMassGeV {
                // Quark kicked: q back along the Pomeron, diquark forward, massless ends.
                pieces = [(q, FourVector(px: 0, py: 0, pz: -sign * m / 2, e: m / 2)),
                          (dq, FourVector(px: 0, py: 0, pz: sign * m / 2, e: m / 2))]
            } else {
                // Gluon kicked: it takes half the mass on the Pomeron's side; the quark and
                // diquark share the other half (quark fraction χ, the valence shape).
                let chi = SignalHadronLevel.valenceFraction(rng: &rng)
                pieces = [(q, FourVector(px: 0, py: 0, pz: sign * chi * m / 2, e: chi * m / 2)),
                          (21, FourVector(px: 0, py: 0, pz: -sign * m / 2, e: m / 2)),
                          (dq, FourVector(px: 0, py: 0, pz: sign * (1 - chi) * m / 2, e: (1 - chi) * m / 2))]
            }
            var chain = [(parton: ShowerParton, record: Int)]()
            for (id, restMomentum) in pieces {
                let lab = restMomentum.boostedToLab(of: side[leg], mass: m)
                let i = event.addParticle(GenParticle(pdgID: id, status: 63, momentum: lab, generatedMass: 0))
                outgoing.append(i)
                chain.append((ShowerParton(pdgID: id, colour: 0, anticolour: 0, momentum: lab, massGeV: 0, pTMaxGeV: 0, radiates: false), i))
            }
            systems.append(chain)
        }
        event.addVertex(position: position, incoming: [beamA, beamB], outgoing: outgoing)
        var hadrons = [PrimaryHadron]()
        for chain in systems {
            let (partons, records) = BeamRemnantStrings.tagged([chain])
            hadrons.removeAll(keepingCapacity: true)
            guard hadronizer(partons, into: &hadrons, rng: &rng), !hadrons.isEmpty else {
                // Too light to fragment: the partons stay final (never happens above threshold).
                for r in records { event.particles[r].status = 1 }
                continue
            }
            var out = [Int]()
            out.reserveCapacity(hadrons.count)
            for h in hadrons {
                out.append(event.addParticle(GenParticle(pdgID: h.pdgID, status: 1, momentum: h.momentum, generatedMass: h.massGeV)))
            }
            event.addVertex(position: position, incoming: records, outgoing: out)
        }
    }
}
