import Foundation
import EventModel

/// Uniform n-body phase space in the parent's rest frame, by the GENBOD method (F. James,
/// "Monte Carlo phase space", CERN 68-15 (1968)): the n − 2 intermediate invariant masses
/// M_k = Σ_{i≤k} m_i + r_k (M − Σ m_i) from sorted uniforms r_k, the weight
/// Π_k p*(M_{k+1} → M_k m_{k+1}) accepted against its upper bound
/// Π_k p*(M − Σ_{i>k+1} m_i → Σ_{i≤k} m_i, m_{k+1}) (each p* grows with the parent mass and
/// falls with the daughter masses, so the bound holds), then a chain of isotropic two-body
/// decays boosted back. Exact four-momentum conservation to rounding.
///
/// That bound is loose by orders of magnitude for many daughters (the factors cannot peak
/// together): it is divided by Pythia 8's empirical correction for n daughters
/// (`ParticleDecays.cc`, WTCORRECTION: 1, 1, 1, 2, 5, 15, 60, 250, 1250, 7000, 50000 for
/// n = 0 … 10), as Pythia does. We checked that the corrected bound still holds for the
/// decays of the table (B → D + 3–6 π, J/ψ → 7 π, Υ → 8 π, η_c → 6 π, τ → 4 π ν, η → 3π⁰:
/// largest weight over 2·10⁵ trials 0.06–0.94 of it); without it an eight-body decay needed
/// ~10⁵ trials (and could hit the trial limit, keeping an unaccepted configuration).
public enum PhaseSpace {
    /// Pythia 8's correction of the GENBOD weight bound per number of daughters.
    static let weightCorrection: [Double] = [1, 1, 1, 2, 5, 15, 60, 250, 1250, 7000, 50000]

    /// Daughters of `parent` (lab frame) with masses `masses` (Σ m < M), written to
    /// `momenta` (replaced). Uses `scratch` to avoid allocations.
    public static func decay(_ parent: FourVector, masses: [Double], into momenta: inout [FourVector],
                             scratch: inout [Double], rng: inout RandomStream) {
        let n = masses.count
        // Written by index into an array of n: `removeAll(keepingCapacity:)` and appends cost
        // more per decay than the two-body kinematics.
        resize(&momenta, to: n, with: .zero)
        let mParent = max(parent.m, 0)
        if n == 1 {
            momenta[0] = parent
            return
        }
        if n == 2 {
            let p = TwoBodyDecay.restFrameMomentum(parentMass: mParent, masses[0], masses[1]) ?? 0
            let dir = direction(rng: &rng)
            momenta[0] = FourVector(dir * p, mass: masses[0]).boostedToLab(of: parent, mass: mParent)
            momenta[1] = FourVector(-(dir * p), mass: masses[1]).boostedToLab(of: parent, mass: mParent)
            return
        }
        let sumM = masses.reduce(0, +)
        let kinetic = max(mParent - sumM, 0)
        // Upper bound of the weight.
        var wMax = 1.0
        var below = masses[0]
        var above = sumM - masses[0]
        for k in 1..<n {
            above -= masses[k]
            let parentMax = mParent - above
            wMax *= TwoBodyDecay.restFrameMomentum(parentMass: parentMax, below, masses[k]) ?? 0
            below += masses[k]
        }
        wMax /= weightCorrection[min(n, weightCorrection.count - 1)]
        // scratch: [r (n), M_k (n), p*_k (n)]; every entry read below is written first.
        resize(&scratch, to: 3 * n, with: 0)
        for _ in 0..<100_000 {
            scratch[0] = 0
            for k in 1..<(n - 1) { scratch[k] = rng.uniform01() }
            scratch[n - 1] = 1
            // Insertion sort of r_1 … r_{n−2}.
            if n > 3 {
                for i in 2..<(n - 1) {
                    let v = scratch[i]
                    var j = i - 1
                    while j >= 1 && scratch[j] > v { scratch[j + 1] = scratch[j]; j -= 1 }
                    scratch[j + 1] = v
                }
            }
            var cum = 0.0
            var w = 1.0
            for k in 0..<n {
                cum += masses[k]
                scratch[n + k] = cum + scratch[k] * kinetic
            }
            for k in 1..<n {
                let p = TwoBodyDecay.restFrameMomentum(parentMass: scratch[n + k], scratch[n + k - 1], masses[k]) ?? 0
                scratch[2 * n + k] = p
                w *= p
            }
            if w >= rng.uniform01() * wMax { break }
        }
        // Build: first pair in the rest frame of M_1, then add daughters one by one.
        let dir = direction(rng: &rng)
        let p1 = scratch[2 * n + 1]
        momenta[0] = FourVector(dir * p1, mass: masses[0])
        momenta[1] = FourVector(-(dir * p1), mass: masses[1])
        for k in 2..<n {
            // In the rest frame of M_k: the subsystem (mass M_{k−1}) recoils against daughter k.
            let p = scratch[2 * n + k]
            let d = direction(rng: &rng)
            let mSub = scratch[n + k - 1]
            let sub = FourVector(-(d * p), mass: mSub)
            let b = sub.p3 / sub.e
            for i in 0..<k { momenta[i] = momenta[i].boosted(by: b) }
            momenta[k] = FourVector(d * p, mass: masses[k])
        }
        for i in 0..<n { momenta[i] = momenta[i].boostedToLab(of: parent, mass: mParent) }
    }
}

extension PhaseSpace {
    /// A direction uniform on the unit sphere by G. Marsaglia's method (Ann. Math. Stat. 43
    /// (1972) 645): (x₁, x₂) uniform in the unit disc, s = x₁² + x₂², then
    /// (2x₁√(1 − s), 2x₂√(1 − s), 1 − 2s). Each trial takes one 64-bit draw, its two 32-bit
    /// halves giving x₁ and x₂ on a grid of 2⁻³¹ (acceptance π/4, so 1.27 draws per
    /// direction). Why not `RandomStream.isotropicUnitVector()`: it takes two draws, a sine and
    /// a cosine, which cost more than the rest of a two-body decay (π⁰ → γγ, ρ → ππ, …,
    /// most of the decays); a grid of 2⁻³¹ in the disc is ~10⁻⁹ rad, far below anything the
    /// detector resolves. |v| = 1 to rounding.
    @inlinable
    public static func direction(rng: inout RandomStream) -> Vector3 {
        let (x1, x2, s) = rng.unitDiscPoint()
        let r = 2 * (1 - s).squareRoot()
        return Vector3(x1 * r, x2 * r, 1 - 2 * s)
    }

    /// Makes `array` hold exactly `count` elements: drops the extra ones or appends `filler`.
    /// The kept elements are stale; callers overwrite every one they read. Always inlined:
    /// as a call it cost ≈ 46 instructions per decay (callgrind), mostly to find that the
    /// size is already right.
    @inlinable @inline(__always)
    static func resize<T>(_ array: inout [T], to count: Int, with filler: T) {
        let have = array.count
        if have > count {
            array.removeLast(have - count)
        } else if have < count {
            array.append(contentsOf: repeatElement(filler, count: count - have))
        }
    }
}

extension FourVector {
    /// This rest-frame vector seen in the lab where the frame's origin has four-momentum `p`
    /// and mass `mass`: the boost written with P/M (γ = E/M, γβ⃗ = p⃗/M) rather than with the
    /// velocity, so that (M, 0⃗) maps to p exactly even for γ ~ 10⁴, where 1 − β² loses most
    /// of its digits (PDG RPP "Kinematics", eq. 49.3 in terms of P and M).
    @inlinable
    func boostedToLab(of p: FourVector, mass: Double) -> FourVector {
        guard mass > 0 else { return self }
        let bp = p.px * px + p.py * py + p.pz * pz
        let e2 = (p.e * e + bp) / mass
        let k = (e + bp / (p.e + mass)) / mass
        return FourVector(px: px + k * p.px, py: py + k * p.py, pz: pz + k * p.pz, e: e2)
    }
}
