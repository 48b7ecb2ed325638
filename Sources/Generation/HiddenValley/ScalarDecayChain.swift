import Foundation
import EventModel

/// Φ → s s and s → f f̄ (f = b, c, τ), with the long-lived s flying before it decays.
///
/// * Φ → s s: isotropic in the Φ rest frame (spin 0), s at the card's fixed mass (the card
///   gives s no width; Pythia's reference lets m_s vary in 39–41 GeV around its tiny
///   Breit–Wigner width, which changes no observable here). Φ itself flies c τ_Φ βγ with
///   c τ_Φ = ħc/Γ_Φ (4.8 × 10⁻¹¹ mm for Γ = 4.1 MeV): drawn for completeness.
/// * The flight of s: proper decay length l drawn from exp(−l/cτ)/cτ; the decay vertex is
///   the production vertex plus (p⃗/m) l in space and (E/m) l in c·t, i.e. βγ cτ along the s
///   direction (L = βγ c τ, PDG RPP "Kinematics").
/// * s → f f̄: channel drawn from the card's branching fractions; isotropic in the s frame;
///   masses m_b = 4.8 GeV and m_c = 1.5 GeV as Pythia 8 uses (`5:m0`, `4:m0`), m_τ from the
///   PDG 2024 table.
public struct ScalarDecayChain: Sendable {
    public struct Config: Sendable, Equatable {
        public var scalarMassGeV: Double
        public var scalarCtauMM: Double
        /// Branching fractions (b b̄, c c̄, τ⁺τ⁻), normalised to 1 by the initialiser.
        public var branchingFractions: (bb: Double, cc: Double, tautau: Double)
        public var mediatorWidthGeV: Double
        public var bottomMassGeV = 4.8
        public var charmMassGeV = 1.5
        public var tauMassGeV = ParticleTable.pdg2024[15]?.massGeV ?? 1.77693

        public init(scalarMassGeV: Double, scalarCtauMM: Double,
                    branchingFractions: (bb: Double, cc: Double, tautau: Double), mediatorWidthGeV: Double) {
            self.scalarMassGeV = scalarMassGeV
            self.scalarCtauMM = scalarCtauMM
            let total = branchingFractions.bb + branchingFractions.cc + branchingFractions.tautau
            self.branchingFractions = (branchingFractions.bb / total, branchingFractions.cc / total,
                                       branchingFractions.tautau / total)
            self.mediatorWidthGeV = mediatorWidthGeV
        }

        public static func == (a: Config, b: Config) -> Bool {
            a.scalarMassGeV == b.scalarMassGeV && a.scalarCtauMM == b.scalarCtauMM
                && a.branchingFractions == b.branchingFractions && a.mediatorWidthGeV == b.mediatorWidthGeV
                && a.bottomMassGeV == b.bottomMassGeV && a.charmMassGeV == b.charmMassGeV
                && a.tauMassGeV == b.tauMassGeV
        }
    }

    public let config: Config

    public init(config: Config) { self.config = config }

    /// Decays Φ (momentum `mediator`, produced at `primaryVertex`).
    public func callAsFunction(mediator: FourVector, massGeV: Double, primaryVertex: FourVector,
                               rng: inout RandomStream) -> (SignalPartonLevel.Mediator, [SignalPartonLevel.LongLivedScalar]) {
        let c = config
        // Φ flight: c τ = ħc/Γ.
        var phiDecay = primaryVertex
        if c.mediatorWidthGeV > 0 {
            let ctau = ParticleData.hbarCGeVMM / c.mediatorWidthGeV
            phiDecay = ScalarDecayChain.displaced(primaryVertex, by: mediator, properLength: rng.exponential(mean: ctau))
        }
        let (s1, s2) = TwoBodyDecay.isotropic(mediator, c.scalarMassGeV, c.scalarMassGeV, rng: &rng)
        let scalars = [s1, s2].map { s -> SignalPartonLevel.LongLivedScalar in
            let l = rng.exponential(mean: c.scalarCtauMM)
            let (id, mass) = chooseChannel(rng.uniform01())
            let (f, fbar) = TwoBodyDecay.isotropic(s, mass, mass, rng: &rng)
            return SignalPartonLevel.LongLivedScalar(
                momentum: s, massGeV: c.scalarMassGeV, productionVertex: phiDecay,
                decayVertex: ScalarDecayChain.displaced(phiDecay, by: s, properLength: l),
                properDecayLengthMM: l,
                daughters: [SignalPartonLevel.Parton(pdgID: id, momentum: f, massGeV: mass),
                            SignalPartonLevel.Parton(pdgID: -id, momentum: fbar, massGeV: mass)])
        }
        return (SignalPartonLevel.Mediator(momentum: mediator, massGeV: massGeV, decayVertex: phiDecay), scalars)
    }

    /// (PDG id of f, mass) for a uniform draw u.
    func chooseChannel(_ u: Double) -> (Int, Double) {
        let br = config.branchingFractions
        if u < br.bb { return (5, config.bottomMassGeV) }
        if u < br.bb + br.cc { return (4, config.charmMassGeV) }
        return (15, config.tauMassGeV)
    }

    /// The point reached from `start` by a particle of momentum `p` after proper length l:
    /// Δx⃗ = (p⃗/m) l, Δ(ct) = (E/m) l.
    @inlinable
    static func displaced(_ start: FourVector, by p: FourVector, properLength l: Double) -> FourVector {
        let k = l / p.m
        return FourVector(px: start.px + p.px * k, py: start.py + p.py * k,
                          pz: start.pz + p.pz * k, e: start.e + p.e * k)
    }
}
