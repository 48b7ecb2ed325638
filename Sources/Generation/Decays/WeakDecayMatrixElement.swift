import EventModel

/// The V − A matrix element of semileptonic decays of heavy-flavour hadrons and of the
/// leptonic τ decays, applied by accept–reject over uniform phase space (``PhaseSpace``).
///
/// **Formula.** In the free-quark (spectator) picture a decay Q → q ℓ ν proceeds through a
/// virtual W, and the spin-summed |M|² of the V − A current is that of muon decay,
/// |M|² ∝ (p_Q · p_f̄)(p_q · p_f), where f̄ and f are the antifermion and the fermion of the
/// W's lepton pair (μ⁻ → ν_μ e⁻ ν̄_e: (p_μ · p_ν̄e)(p_e · p_νμ); e.g. D. Griffiths,
/// "Introduction to Elementary Particles", 2nd ed., §10.3; F. Halzen, A. D. Martin,
/// "Quarks and Leptons", §12.9). Writing the hadrons in place of the quarks, with all
/// daughters that are neither the charged lepton nor its neutrino taken together as one
/// system X, the weight is w = (P · p_a)(p_b · p_X). This is the model Pythia 8 uses for its
/// semileptonic channels (ParticleDecays, `meMode = 22`: "for leptonic/semileptonic decays
/// the V-A matrix element is used", with the daughter listed first paired with the parent).
///
/// **Which lepton pairs with the parent.** b → c ℓ⁻ ν̄ (W⁻ → ℓ⁻ ν̄): the antifermion is ν̄, so
/// the neutrino; for the conjugate b̄ → c̄ ℓ⁺ ν the fermion partner of the antiquark is again
/// the neutrino. The same for τ⁻ → ν_τ ℓ⁻ ν̄_ℓ (X = ν_τ). c → s ℓ⁺ ν (W⁺ → ℓ⁺ ν): the
/// antifermion is ℓ⁺, so the charged lepton. Hence a = ν for b hadrons and τ, a = ℓ for
/// charm hadrons; the assignment is the same for a particle and its antiparticle, so the
/// conjugate channels share it. The partner of the parent comes out softer: in muon decay
/// ⟨E⟩ = 0.6 · M/2 for it and 0.7 · M/2 for the other two (Michel spectrum with ρ = 3/4), against
/// 2/3 · M/2 for flat phase space.
///
/// **Bound.** In the parent's rest frame P · p_a = M E_a and p_b · p_X = ((P − p_a)² − m_b² −
/// m_X²)/2, so w = u (K − 2u)/2 with u = M E_a and K = M² + m_a² − m_b² − m_X²; its maximum over
/// u is K²/16, and K is largest for the smallest m_X (the sum of the X masses). Exact, so the
/// accept–reject reproduces |M|² × phase space without bias.
///
/// Not modelled: hadronic form factors (B → D* ℓ ν and the like are treated as the free-quark
/// decay, as Pythia's meMode 22 does), τ polarisation, radiative corrections.
public enum WeakDecayMatrixElement {
    /// Daughter indices of the V − A weight (P · p_a)(p_b · p_X): `a` is paired with the
    /// parent, `b` with the rest X (every other daughter).
    public struct Pairing: Sendable, Equatable {
        public var a: Int
        public var b: Int
    }

    /// The pairing for the channel `daughters` of `parent` (either sign), or nil when the
    /// channel is not a semileptonic or leptonic weak decay of ≥ 3 bodies with a charged lepton
    /// and its own neutrino (then it decays by phase space): b hadrons and τ pair the neutrino
    /// with the parent, charm hadrons the charged lepton.
    public static func pairing(parent: Int, daughters: [Int]) -> Pairing? {
        guard daughters.count >= 3 else { return nil }
        let p = abs(parent)
        let downType = p == 15 || HadronTable.isBHadron(p)
        let upType = p > 100 && ((p / 100) % 10 == 4 || (p / 1000) % 10 == 4) && !HadronTable.isBHadron(p)
        guard downType || upType else { return nil }
        guard let l = daughters.firstIndex(where: { [11, 13, 15].contains(abs($0)) }),
              let n = daughters.firstIndex(where: { abs($0) == abs(daughters[l]) + 1 }) else { return nil }
        return downType ? Pairing(a: n, b: l) : Pairing(a: l, b: n)
    }

    /// Daughters of `parent` (lab frame) with masses `masses`, distributed as |M|² × phase
    /// space, written to `momenta` (replaced). The phase-space points are made in the parent's
    /// rest frame (where P · p_a = M E_a) and boosted to the lab at the end.
    public static func decay(_ parent: FourVector, masses: [Double], pairing: Pairing,
                             into momenta: inout [FourVector], scratch: inout [Double], rng: inout RandomStream) {
        let mParent = max(parent.m, 0)
        let n = masses.count
        guard n >= 3, mParent > 0, pairing.a < n, pairing.b < n, pairing.a != pairing.b else {
            PhaseSpace.decay(parent, masses: masses, into: &momenta, scratch: &scratch, rng: &rng)
            return
        }
        let mA = masses[pairing.a], mB = masses[pairing.b]
        var mXMin = 0.0
        for i in 0..<n where i != pairing.a && i != pairing.b { mXMin += masses[i] }
        let k = mParent * mParent + mA * mA - mB * mB - mXMin * mXMin
        let wMax = k * k / 16
        let rest = FourVector(px: 0, py: 0, pz: 0, e: mParent)
        // Acceptance is ~ 1/2 for the decays of the table; the cap only guards a degenerate
        // configuration (then the last phase-space point is kept).
        for _ in 0..<1000 {
            PhaseSpace.decay(rest, masses: masses, into: &momenta, scratch: &scratch, rng: &rng)
            var x = FourVector(px: 0, py: 0, pz: 0, e: 0)
            for i in 0..<n where i != pairing.a && i != pairing.b { x += momenta[i] }
            let w = mParent * momenta[pairing.a].e * momenta[pairing.b].dot(x)
            if wMax <= 0 || w >= rng.uniform01() * wMax { break }
        }
        for i in 0..<n { momenta[i] = momenta[i].boostedToLab(of: parent, mass: mParent) }
    }
}
