import Foundation

/// The leading-order QCD 2 → 2 subprocesses for massless partons: spin- and colour-averaged
/// (summed over final states) squared matrix elements |M̄|² = g⁴ X(ŝ, t̂, û), with
/// dσ̂/dt̂ = π α_s² X / ŝ², as tabulated in R. K. Ellis, W. J. Stirling, B. R. Webber, "QCD and
/// Collider Physics" (CUP 1996), Table 7.1, and in the PDG Review "Cross-section formulae for
/// specific processes" (§ "Quantum chromodynamics", the table of parton–parton
/// subprocesses); q ≠ q′, t̂ = (p_a − p_c)² with c the outgoing parton of the same kind as the
/// incoming a (for q g → q g, c is the quark; for q q̄ → g g and g g → q q̄, c is the first
/// outgoing parton):
///
/// | subprocess | X |
/// |---|---|
/// | q q′ → q q′, q q̄′ → q q̄′ | (4/9)(ŝ² + û²)/t̂² |
/// | q q → q q | (4/9)[(ŝ² + û²)/t̂² + (ŝ² + t̂²)/û²] − (8/27) ŝ²/(û t̂) |
/// | q q̄ → q′ q̄′ | (4/9)(t̂² + û²)/ŝ² |
/// | q q̄ → q q̄ | (4/9)[(ŝ² + û²)/t̂² + (û² + t̂²)/ŝ²] − (8/27) û²/(ŝ t̂) |
/// | q q̄ → g g | (32/27)(t̂² + û²)/(t̂ û) − (8/3)(t̂² + û²)/ŝ² |
/// | g g → q q̄ | (1/6)(t̂² + û²)/(t̂ û) − (3/8)(t̂² + û²)/ŝ² |
/// | g q → g q | −(4/9)(ŝ² + û²)/(ŝ û) + (û² + ŝ²)/t̂² |
/// | g g → g g | (9/2)(3 − t̂û/ŝ² − ŝû/t̂² − ŝt̂/û²) |
///
/// Identical final-state partons (q q → q q, q q̄ → g g, g g → g g) get a symmetry factor ½
/// because the phase space (y₃, y₄) counts each configuration twice; q q̄ → q′ q̄′ and
/// g g → q q̄ are summed over the n_f = 5 light flavours (b taken massless here; it gets its
/// mass in the final state's kinematics).
///
/// **Colour flows** at leading colour (N_C → ∞), chosen per event with weights from the
/// colour-ordered pieces (ours, following the standard decomposition, e.g. ESW §7.3 and
/// Pythia 8's `SigmaQCD`): t- vs u- vs s-channel-like flows in proportion to their own terms
/// (interference ignored); q q̄ → g g and g g → q q̄ ∝ û/t̂ (gluon c next to parton a) and t̂/û;
/// q g → q g ∝ |û|/ŝ and ŝ/|û|; g g → g g by the three cyclic orders in proportion to
/// 1/(s_{ij}² s_{jk}²) of their adjacent pairs, orientation at random.
public enum QCDTwoToTwo {
    public enum Subprocess: String, Sendable, CaseIterable {
        case qqPrime = "qq'->qq'"
        case qqIdentical = "qq->qq"
        case qqbarToQPrime = "qqbar->q'qbar'"
        case qqbarToQqbar = "qqbar->qqbar"
        case qqbarToGG = "qqbar->gg"
        case gqToGQ = "gq->gq"
        case ggToQQbar = "gg->qqbar"
        case ggToGG = "gg->gg"
    }

    /// One channel: incoming (a, b), outgoing (c, d) PDG ids (21 = gluon), its subprocess and
    /// its weight (x₁f_a)(x₂f_b) · X · symmetry factor at the point.
    public struct Channel: Sendable, Equatable {
        public var a: Int, b: Int, c: Int, d: Int
        public var subprocess: Subprocess
        public var weight: Double
    }

    /// X(ŝ, t̂, û) of the table above (without symmetry factor).
    public static func matrixElement(_ p: Subprocess, s: Double, t: Double, u: Double) -> Double {
        let s2 = s * s, t2 = t * t, u2 = u * u
        switch p {
        case .qqPrime: return 4.0 / 9.0 * (s2 + u2) / t2
        case .qqIdentical: return 4.0 / 9.0 * ((s2 + u2) / t2 + (s2 + t2) / u2) - 8.0 / 27.0 * s2 / (u * t)
        case .qqbarToQPrime: return 4.0 / 9.0 * (t2 + u2) / s2
        case .qqbarToQqbar: return 4.0 / 9.0 * ((s2 + u2) / t2 + (u2 + t2) / s2) - 8.0 / 27.0 * u2 / (s * t)
        case .qqbarToGG: return 32.0 / 27.0 * (t2 + u2) / (t * u) - 8.0 / 3.0 * (t2 + u2) / s2
        case .ggToQQbar: return 1.0 / 6.0 * (t2 + u2) / (t * u) - 3.0 / 8.0 * (t2 + u2) / s2
        case .gqToGQ: return -4.0 / 9.0 * (s2 + u2) / (s * u) + (u2 + s2) / t2
        case .ggToGG: return 4.5 * (3 - t * u / s2 - s * u / t2 - s * t / u2)
        }
    }

    /// The summed channel weights of ``channels(f1:f2:s:t:u:into:)`` grouped by initial state
    /// (g g, q g or g q, q q with q or q̄ on both sides), without listing the channels: the
    /// fast path of the trial weights. The sums use Σ_{a≠b, a≠−b} f_a f_b = (Σf)(Σf) − Σf_a f_a − Σf_a f_{−a}.
    public static func initialStateWeights(f1: [Double], f2: [Double], s: Double, t: Double, u: Double) -> (gg: Double, qg: Double, qq: Double) {
        let g1 = f1[5], g2 = f2[5]
        var q1 = 0.0, q2 = 0.0, same = 0.0, opposite = 0.0
        for id in -5...5 where id != 0 {
            q1 += f1[id + 5]; q2 += f2[id + 5]
            same += f1[id + 5] * f2[id + 5]
            opposite += f1[id + 5] * f2[-id + 5]
        }
        let gg = g1 * g2 * (0.5 * matrixElement(.ggToGG, s: s, t: t, u: u) + 5 * matrixElement(.ggToQQbar, s: s, t: t, u: u))
        let qg = (g1 * q2 + q1 * g2) * matrixElement(.gqToGQ, s: s, t: t, u: u)
        let different = q1 * q2 - same - opposite
        let qq = same * 0.5 * matrixElement(.qqIdentical, s: s, t: t, u: u)
            + different * matrixElement(.qqPrime, s: s, t: t, u: u)
            + opposite * (matrixElement(.qqbarToQqbar, s: s, t: t, u: u) + 4 * matrixElement(.qqbarToQPrime, s: s, t: t, u: u)
                          + 0.5 * matrixElement(.qqbarToGG, s: s, t: t, u: u))
        return (gg, qg, qq)
    }

    /// All channels at (ŝ, t̂, û) for the momentum densities `f1`, `f2` (x f(x) indexed by
    /// PDG id + 5 for quarks −5…5, index 5 for the gluon), appended to `channels`; returns the sum
    /// of their weights.
    @discardableResult
    public static func channels(f1: [Double], f2: [Double], s: Double, t: Double, u: Double,
                                into channels: inout [Channel]) -> Double {
        channels.removeAll(keepingCapacity: true)
        var total = 0.0
        func add(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ p: Subprocess, _ lum: Double, symmetry: Double = 1) {
            guard lum > 0 else { return }
            let w = lum * symmetry * matrixElement(p, s: s, t: t, u: u)
            guard w > 0 else { return }
            channels.append(Channel(a: a, b: b, c: c, d: d, subprocess: p, weight: w))
            total += w
        }
        func f(_ table: [Double], _ id: Int) -> Double { id == 21 ? table[5] : table[id + 5] }
        let partons = [21, 1, 2, 3, 4, 5, -1, -2, -3, -4, -5]
        for a in partons {
            let fa = f(f1, a)
            guard fa > 0 else { continue }
            for b in partons {
                let lum = fa * f(f2, b)
                guard lum > 0 else { continue }
                switch (a == 21, b == 21) {
                case (true, true):
                    add(21, 21, 21, 21, .ggToGG, lum, symmetry: 0.5)
                    for q in 1...5 { add(21, 21, q, -q, .ggToQQbar, lum) }
                case (true, false):
                    add(21, b, 21, b, .gqToGQ, lum)
                case (false, true):
                    add(a, 21, a, 21, .gqToGQ, lum)
                case (false, false):
                    if a == b {
                        add(a, b, a, b, .qqIdentical, lum, symmetry: 0.5)
                    } else if a == -b {
                        add(a, b, a, b, .qqbarToQqbar, lum)
                        let sign = a > 0 ? 1 : -1
                        for q in 1...5 where q != abs(a) { add(a, b, sign * q, -sign * q, .qqbarToQPrime, lum) }
                        add(a, b, 21, 21, .qqbarToGG, lum, symmetry: 0.5)
                    } else {
                        add(a, b, a, b, .qqPrime, lum)
                    }
                }
            }
        }
        return total
    }

    /// A leading-colour flow for `channel` at (ŝ, t̂, û); `choice` uniform in [0, 1).
    /// Members: a = incoming(0), b = incoming(1), c = outgoing(0), d = outgoing(1).
    public static func colourFlow(_ ch: Channel, s: Double, t: Double, u: Double, choice: Double) -> ColourFlow {
        let a = ColourMember.incoming(0), b = ColourMember.incoming(1)
        let c = ColourMember.outgoing(0), d = ColourMember.outgoing(1)
        let s2 = s * s, t2 = t * t, u2 = u * u
        func pick(_ w1: Double, _ w2: Double) -> Bool { choice * (abs(w1) + abs(w2)) < abs(w1) }
        let aIsQuark = ch.a > 0 && ch.a != 21
        switch ch.subprocess {
        case .qqPrime:
            if ch.a * ch.b > 0 {   // q q′ or q̄ q̄′: colour exchange, each outgoing quark joins the other beam.
                return aIsQuark ? ColourFlow(lines: [[d, a], [c, b]]) : ColourFlow(lines: [[a, d], [b, c]])
            }
            // q q̄′ (t-channel): the incoming pair is joined, so is the outgoing pair.
            return aIsQuark ? ColourFlow(lines: [[b, a], [c, d]]) : ColourFlow(lines: [[a, b], [d, c]])
        case .qqIdentical:
            let tFlow = pick((s2 + u2) / t2, (s2 + t2) / u2)
            if aIsQuark { return tFlow ? ColourFlow(lines: [[d, a], [c, b]]) : ColourFlow(lines: [[c, a], [d, b]]) }
            return tFlow ? ColourFlow(lines: [[a, d], [b, c]]) : ColourFlow(lines: [[a, c], [b, d]])
        case .qqbarToQqbar, .qqbarToQPrime:
            let tFlow = ch.subprocess == .qqbarToQqbar && pick((s2 + u2) / t2, (t2 + u2) / s2)
            if tFlow { return aIsQuark ? ColourFlow(lines: [[b, a], [c, d]]) : ColourFlow(lines: [[a, b], [d, c]]) }
            return aIsQuark ? ColourFlow(lines: [[c, a], [b, d]]) : ColourFlow(lines: [[a, c], [d, b]])
        case .qqbarToGG:
            let cNextToA = pick(u / t, t / u)
            if aIsQuark { return ColourFlow(lines: [cNextToA ? [b, d, c, a] : [b, c, d, a]]) }
            return ColourFlow(lines: [cNextToA ? [a, c, d, b] : [a, d, c, b]])
        case .ggToQQbar:
            return ColourFlow(lines: [pick(u / t, t / u) ? [c, a, b, d] : [c, b, a, d]])
        case .gqToGQ:
            let first = pick(u / s, s / u)
            if ch.a == 21 {
                return ch.b > 0 ? ColourFlow(lines: [first ? [d, c, a, b] : [d, a, c, b]])
                    : ColourFlow(lines: [first ? [b, a, c, d] : [b, c, a, d]])
            }
            return ch.a > 0 ? ColourFlow(lines: [first ? [c, d, b, a] : [c, b, d, a]])
                : ColourFlow(lines: [first ? [a, b, d, c] : [a, d, b, c]])
        case .ggToGG:
            let w = [1 / (s2 * u2), 1 / (t2 * u2), 1 / (s2 * t2)]
            let orders: [[ColourMember]] = [[a, b, c, d], [a, c, b, d], [a, b, d, c]]
            // The first half of `choice` picks the order, its rescaled value the orientation.
            var x = choice * (w[0] + w[1] + w[2])
            var k = 0
            while k < 2, x >= w[k] { x -= w[k]; k += 1 }
            let orientation = (x / w[k]) < 0.5
            return ColourFlow(rings: [orientation ? orders[k] : orders[k].reversed()])
        }
    }
}
