import Foundation
import EventModel

/// Heavy-flavour excitation in the extra scatterings: Q g → Q g with a charm or bottom
/// (anti)quark from one beam, Q = c, c̄, b, b̄ (``MultipartonInteractions/Config/heavyFlavourExcitation``).
///
/// Why: Pythia 8's extra scatterings make most of their charm and bottom this way or in the
/// showers around it (dijets, p⊥-hat > 40 GeV, 1000 events, quark first copies per event with
/// MPI on − off: c +0.10 out of the scatterings, +0.07 of them entering one, +0.14 from their
/// initial-state g → c c̄; b +0.018, +0.005, +0.008), and the neutrinos of their semileptonic
/// decays are the underlying event's share of the missing p⊥.
///
/// **Cross-section.** At the (p⊥, y₃, y₄) of an accepted g g → g g the scattering becomes
/// Q g → Q g with probability w_Q/(w_gg + Σ w_Q), where w_gg = x₁g(x₁) x₂g(x₂) F_gg and, for
/// Q from beam A, w_Q = x₁Q(x₁) x₂g(x₂) [F_qg(t̂, û) + F_qg(û, t̂)] (the quark leaving as parton 3
/// or 4), F_qg(t̂, û) = (p⊥⁴/ŝ²)[(ŝ² + û²)/t̂² − (4/9)(ŝ² + û²)/(ŝû)] (Combridge et al.), PDFs of
/// CTEQ5L at the scatterings' rescaled x and Q² = p⊥² + p⊥0². The total rate stays that of
/// g g → g g (whose normalisation k is tuned anyway); the Q g distribution is right to first
/// order in w_Q/w_gg (≲ 10 % for charm, a few % for bottom).
///
/// **The heavy quark's origin.** Below its mass the heavy-quark density vanishes, so going
/// backwards the initiator Q must come from a gluon, g → Q Q̄, with the Q̄ emitted into the
/// final state: forced here, at a scale μ² drawn log-uniformly between m_Q² and Q² (the
/// leading-log origin of the heavy-quark density, ∫ dμ²/μ² P_qg ⊗ g), momentum fraction z
/// of the Q from P_qg(z) = z² + (1 − z)² times the gluon density x′g(x′) at x′ = x/z.
/// The emitted Q̄ has p⊥ = μ and its mass; above μ the Q leg does not radiate (Q → Q g is
/// left out), below it the gluon radiates as any other
/// (``InitialStateRadiation/scatteringHistory(massGeV:rapidity:x:startScaleGeV:xLeft:xLimit:gluons:forced:rng:)``).
/// Outgoing heavy quarks have the kinematic masses of ``PartonMasses`` (direction kept in the
/// 2 → 2 rest frame).
public struct HeavyFlavourExcitation: Sendable {
    /// The forced backward g → Q Q̄ of one leg.
    public struct Splitting: Sendable, Equatable {
        /// 0: beam A, 1: beam B.
        public var leg: Int
        /// PDG id of the quark that enters the scattering (±4, ±5).
        public var flavour: Int
        public var pTGeV: Double
        public var z: Double
        public var massGeV: Double { PartonMasses.kinematic(flavour) }
    }

    /// F_qg(t̂, û) for p⊥ = 1 at rapidity difference Δy = y₃ − y₄, the quark leaving as parton 3
    /// after entering from beam A (t̂ between them): t̂ = −(1 + e^(−Δy)), û = −(1 + e^(Δy)).
    static func quarkGluon(_ dy: Double) -> Double {
        let s = 2 * (1 + cosh(dy)), t = -(1 + exp(-dy)), u = -(1 + exp(dy))
        return ((s * s + u * u) / (t * t) - 4.0 / 9.0 * (s * s + u * u) / (s * u)) / (s * s)
    }

    /// The same as a function of r = e^(Δy) (cosh Δy = (r + 1/r)/2), for the sampler, which
    /// has e^(y₃)/e^(y₄) at hand: no cosh or exp. quarkGluon(expDy: 1/r) is F_qg at −Δy.
    @inline(__always)
    static func quarkGluon(expDy r: Double) -> Double {
        let rInv = 1 / r
        let s = 2 + r + rInv, t = -(1 + rInv), u = -(1 + r)
        return ((s * s + u * u) / (t * t) - 4.0 / 9.0 * (s * s + u * u) / (s * u)) / (s * s)
    }

    /// Decides whether an accepted g g → g g at (p⊥² + p⊥0² = `w`, y₃, y₄ with e^(y₃ − y₄) =
    /// `expDy`, fractions `x` of what is left `xLeft`, gluon densities `gluonDensities`
    /// there) is instead a Q g → Q g, and draws its splitting. Returns the leg, flavour and
    /// which outgoing parton (3 or 4) is the quark, or nil. One uniform draw when nothing
    /// happens.
    static func draw(w: Double, expDy r: Double, x: (Double, Double), xLeft: (Double, Double), xLimit: (Double, Double),
                     gluonDensities l: (Double, Double), pdf: CTEQ5L, gluons: GluonTable,
                     rng: inout RandomStream) -> (splitting: Splitting, quarkIsP3: Bool)? {
        let u = rng.uniform01()
        let q = w.squareRoot()
        let fgg = MultipartonInteractions.angular(expDy: r)
        // Q from beam A: t̂ or û channel (quark as parton 3 or 4); from beam B the same with Δy → −Δy.
        let fA3 = quarkGluon(expDy: r), fA4 = quarkGluon(expDy: 1 / r)
        let fB4 = fA3, fB3 = fA4
        let ra = (x.0 / xLeft.0, x.1 / xLeft.1)
        // A bound first: x c + x b ≤ ρ · x g at both x (ρ: ``GluonTable/heavyRatioBound``, the
        // same table gluon as l), so the heavy weights below sum to at most
        // 4ρ l₁l₂ (F_A3 + F_A4) against w_gg = l₁l₂ F_gg. When u is above the heavy share that
        // allows, the exact comparison cannot pass either: the same decision (the 15 % margin
        // of ρ keeps it clear of rounding) without the four densities.
        if ra.0 <= GluonTable.heavyBoundXMax && ra.1 <= GluonTable.heavyBoundXMax {
            let most = 4 * gluons.heavyRatioBound(qGeV: q) * (fA3 + fA4)
            if u * (fgg + most) >= most { return nil }
        }
        // x Q(x) per flavour (Q and Q̄ equal in CTEQ5L): c, b on each leg.
        let cA = pdf.xf(4, x: ra.0, qGeV: q), bA = pdf.xf(5, x: ra.0, qGeV: q)
        let cB = pdf.xf(4, x: ra.1, qGeV: q), bB = pdf.xf(5, x: ra.1, qGeV: q)
        let wgg = l.0 * l.1 * fgg
        let legA = l.1 * (fA3 + fA4), legB = l.0 * (fB3 + fB4)
        // A tuple, not an array: no allocation per scattering.
        let weights = (2 * cA * legA, 2 * bA * legA, 2 * cB * legB, 2 * bB * legB)
        let heavy = ((weights.0 + weights.1) + weights.2) + weights.3
        guard heavy > 0, u * (wgg + heavy) < heavy else { return nil }
        var r = u * (wgg + heavy)
        var k = 0
        while k < 3 {
            let wk = k == 0 ? weights.0 : (k == 1 ? weights.1 : weights.2)
            guard r >= wk else { break }
            r -= wk; k += 1
        }
        let leg = k < 2 ? 0 : 1
        let quark = k % 2 == 0 ? 4 : 5
        let flavour = rng.uniform01() < 0.5 ? quark : -quark
        let quarkIsP3 = leg == 0 ? rng.uniform01() * (fA3 + fA4) < fA3 : rng.uniform01() * (fB3 + fB4) < fB3
        // The forced g → Q Q̄: μ² log-uniform in (m_Q², Q²), z from P_qg(z) x′g(x′).
        let m = PartonMasses.kinematic(quark)
        guard w > m * m else { return nil }
        let mu = m * pow(w / (m * m), 0.5 * rng.uniform01())
        let xv = leg == 0 ? x.0 : x.1, left = leg == 0 ? xLeft.0 : xLeft.1
        let zMin = xv / (leg == 0 ? xLimit.0 : xLimit.1)
        guard zMin < 1 else { return nil }
        let lnMu = log(mu)
        let atOne = gluons(x: xv / left, lnQ: lnMu)
        for _ in 0..<100 {
            let z = zMin + (1 - zMin) * rng.uniform01()
            let weight = (z * z + (1 - z) * (1 - z)) * gluons(x: xv / z / left, lnQ: lnMu) / atOne
            if rng.uniform01() < weight {
                return (Splitting(leg: leg, flavour: flavour, pTGeV: mu, z: z), quarkIsP3)
            }
        }
        return nil
    }
}
