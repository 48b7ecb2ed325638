import Foundation
import EventModel

/// A primary hadron of string fragmentation.
public struct PrimaryHadron: Sendable, Equatable {
    public var pdgID: Int
    public var momentum: FourVector
    public var massGeV: Double
}

/// Fragmentation of one straight string piece by the Lund model (B. Andersson, G. Gustafson,
/// G. Ingelman, T. Sjöstrand, Phys. Rep. 97 (1983) 31; the iterative algorithm as in
/// T. Sjöstrand, Comput. Phys. Commun. 39 (1986) 347 and the Pythia 6.4 manual §12.1).
///
/// **The piece.** Total momentum P (mass W) between a triplet end (+) and an antitriplet
/// end (−). In its rest frame the ends are the light-like vectors p± = (W/2)(1, ±n̂), n̂ along
/// the + end, so massive ends (b, c) are reduced to massless ones carrying the same total.
/// A hadron is p = x⁺ p₊ + x⁻ p₋ + p⊥ with m⊥² = m² + p⊥² = x⁺ x⁻ W².
///
/// **One step.** From a randomly chosen end, a new q q̄ (or diquark pair) is made; its
/// transverse momentum is Gaussian, σ = 0.335 GeV split as σ/√2 per component
/// (`StringPT:sigma`, plus a 1 % tail with twice the width, `enhancedFraction`,
/// `enhancedWidth`), the hadron takes the old end's p⊥ minus the new one's, and the fraction z
/// of the remaining light-cone momentum from the left–right symmetric Lund function
///
///     f(z) ∝ z^{−1 − r_Q b m_Q²} z^{a_α} ((1 − z)/z)^{a_β} exp(−b m⊥²/z),
///
/// a = 0.68, b = 0.98 GeV⁻² (`StringZ:aLund`, `bLund`), a_α (a_β) = a + 0.97 when the old
/// (new) flavour is a diquark (`aExtraDiquark`), and the Bowler factor with r_c = 1.32,
/// r_b = 0.855 for a heavy old flavour of mass m_c = 1.5, m_b = 4.8 GeV (`rFactC`, `rFactB`;
/// M. G. Bowler, Z. Phys. C11 (1981) 169). Monash 2013 values (arXiv:1404.5630).
///
/// **The end.** When the remaining mass drops below m_q+ + m_q− + 0.8 GeV (`stopMass`,
/// Pythia ≥ 8.316; the 0.8 GeV smeared by ±20 %, `stopSmear`; +0.5 GeV per c or b end; see
/// ``Config/stopNewFlavour``), one last break makes two hadrons that
/// share the rest exactly (two-body solution in the light-cone plane), retried up to 5 times
/// with new flavour and p⊥ (ours: Pythia restarts at once). A step or an end that does not
/// fit restarts the piece (at most ``Config/maxAttempts`` times). Four-momentum
/// is conserved exactly.
public struct LundFragmentation: Sendable {
    public struct Config: Sendable, Equatable {
        public var aLund = 0.68
        public var bLundPerGeV2 = 0.98
        public var aExtraDiquark = 0.97
        public var rFactC = 1.32
        public var rFactB = 0.855
        public var sigmaPTGeV = 0.335
        public var enhancedFraction = 0.01
        public var enhancedWidth = 2.0
        public var stopMassGeV = 0.8
        public var stopSmear = 0.2
        /// Times the mass of the new light flavour (0.33 GeV) added to the stop mass
        /// (Pythia's `StringFragmentation:stopNewFlav` is 2). 0 here: with the cut-kink
        /// approximation of ``StringHadronizer`` it gives the reference's charged-multiplicity
        /// spread (with 2 the RMS of `nch_pt01_eta25` came out 14 % low, the mean 0.4 % high).
        public var stopNewFlavour = 0.0
        /// Tries of the final two hadrons (new flavour and p⊥) before the piece restarts.
        public var finalTwoTries = 5
        public var maxAttempts = 20
        public init() {}
    }

    public let config: Config
    public let flavour: StringFlavour
    public let masses: HadronMasses
    /// The z envelopes for this config's exponents (shared for the default ones).
    let zTables: LundZTables

    public init(config: Config = Config(), flavour: StringFlavour = StringFlavour(), masses: HadronMasses = HadronMasses()) {
        self.config = config
        self.flavour = flavour
        self.masses = masses
        zTables = LundZTables.forConfig(config)
    }

    /// Samples z from the Lund function: from the tabulated envelope of ``LundZTable`` for
    /// light and diquark ends without the Bowler term and b m⊥² inside its range (nearly all
    /// hadrons), else by ``sampleZByUniformTrials(aOld:aNew:bMT2:bowler:rng:)``. Both are
    /// exact rejection samplers of the same f(z); they use different draws.
    @inline(__always)
    func sampleZ(aOld: Double, aNew: Double, oldIsDiquark: Bool, newIsDiquark: Bool, bMT2: Double, bowler: Double,
                 rng: inout SplitStream) -> Double {
        if bowler == 0, let k = LundZTable.bin(bMT2),
           let z = zTables.sample(index: (oldIsDiquark ? 2 : 0) + (newIsDiquark ? 1 : 0), bMT2: bMT2, bin: k, rng: &rng) {
            return z
        }
        return sampleZByUniformTrials(aOld: aOld, aNew: aNew, bMT2: bMT2, bowler: bowler, rng: &rng)
    }

    /// Samples z from the Lund function by rejection against its maximum (found in closed
    /// form: the root in (0, 1) of (c + a_β) z² − (c − B) z − B = 0, c = a_α − a_β − 1 − r b m_Q²,
    /// B = b m⊥²). A trial's z and acceptance uniform are the two halves of one draw
    /// (``SplitStream``).
    func sampleZByUniformTrials(aOld: Double, aNew: Double, bMT2: Double, bowler: Double, rng: inout SplitStream) -> Double {
        let c = aOld - aNew - 1 - bowler, a = aNew, bb = bMT2
        @inline(__always) func logF(_ z: Double) -> Double { c * log(z) + a * log(1 - z) - bb / z }
        let qa = c + a, qb = -(c - bb), qc = -bb
        var zMax = 0.5
        if abs(qa) < 1e-10 {
            if qb != 0 { zMax = -qc / qb }
        } else {
            let disc = max(qb * qb - 4 * qa * qc, 0).squareRoot()
            let r1 = (-qb + disc) / (2 * qa), r2 = (-qb - disc) / (2 * qa)
            zMax = (r1 > 0 && r1 < 1) ? r1 : r2
        }
        if !(zMax > 0 && zMax < 1) {
            // No stationary point inside: search the (unimodal) maximum on a grid.
            var best = -Double.infinity
            for k in 1..<256 {
                let z = Double(k) / 256
                let f = logF(z)
                if f > best { best = f; zMax = z }
            }
        }
        let fMax = logF(zMax)
        for _ in 0..<10_000 {
            let (z, u) = rng.uniformPair()
            let l = logF(z) - fMax
            // The test is l > ln u. Most trials are settled without the logarithm by
            // 1 − 1/u ≤ ln u ≤ u − 1; the 1e-12 margins exceed the rounding of ln u
            // (≤ 2⁻⁵² |ln u| ≤ 10⁻¹⁴ for u ≥ 2⁻³³) and of the bounds, so every trial is
            // decided as the exact comparison decides it.
            if l > (u - 1) + 1e-12 { return z }
            if l < (1 - 1 / u) - 1e-12 { continue }
            if l > log(u) { return z }
        }
        return zMax
    }

    /// The p⊥ of a new q q̄ pair: a Gaussian pair, σ/√2 per component (σ × `enhancedWidth`
    /// with probability `enhancedFraction`).
    @inline(__always)
    func drawPT(rng: inout SplitStream) -> (Double, Double) {
        var s = config.sigmaPTGeV / 2.0.squareRoot()
        if rng.coarseUniform() < config.enhancedFraction { s *= config.enhancedWidth }
        return rng.gaussianPair(sigma: s)
    }

    func bowlerTerm(_ f: Int) -> Double {
        switch abs(f) {
        case 4: return config.rFactC * config.bLundPerGeV2 * 1.5 * 1.5
        case 5: return config.rFactB * config.bLundPerGeV2 * 4.8 * 4.8
        default: return 0
        }
    }

    /// The mass a flavour end brings to the stopping rule: its constituent mass, plus 0.5 GeV
    /// for c and b so that two heavy hadrons (D, B: m_Q + ≈ 0.4–0.5 GeV) always fit the end.
    @inline(__always)
    static func stopMass(_ f: Int) -> Double {
        let a = abs(f)
        return StringFlavour.constituentMass(f) + ((a == 4 || a == 5) ? 0.5 : 0)
    }

    /// Whether the piece stops (makes its final two hadrons) at remaining squared mass
    /// `wRem2`: below w_min = `base` + `stopMassGeV` (1 + `stopSmear` (2u − 1)), u uniform.
    /// The uniform is drawn only when `wRem2` lies between the smallest and the largest w_min²:
    /// elsewhere every u gives the same answer, and the draw, independent of everything else,
    /// would only have been spent (most steps are far above the window).
    @inline(__always)
    func stops(wRem2: Double, base: Double, rng: inout SplitStream) -> Bool {
        let cfg = config
        let a = base + cfg.stopMassGeV * (1 - cfg.stopSmear), b = base + cfg.stopMassGeV * (1 + cfg.stopSmear)
        let lowest = min(a, b), highest = max(a, b)
        if lowest >= 0 {
            if wRem2 < lowest * lowest { return true }
            if wRem2 >= highest * highest { return false }
        }
        let wMin = base + cfg.stopMassGeV * (1 + cfg.stopSmear * (2 * rng.coarseUniform() - 1))
        return wRem2 < wMin * wMin
    }

    struct Step { var id: Int; var mass: Double; var xPos: Double; var xNeg: Double; var px: Double; var py: Double }

    /// Fragments the piece of momentum `total` whose + end points along `plusDirection` (any
    /// time-like or light-like vector pointing the + end's way, in the lab), with end flavours
    /// `plus` (triplet) and `minus` (antitriplet). Appends to `hadrons`; false if it failed.
    /// Draws through a ``SplitStream`` on `rng`.
    public func fragment(total: FourVector, plusDirection: FourVector, plus: Int, minus: Int,
                         into hadrons: inout [PrimaryHadron], scratch: inout [(Int, Double, Double, Double, Double, Double)],
                         rng: inout RandomStream) -> Bool {
        var split = SplitStream(rng)
        defer { rng = split.finish() }
        return fragment(total: total, plusDirection: plusDirection, plus: plus, minus: minus,
                        into: &hadrons, scratch: &scratch, split: &split)
    }

    func fragment(total: FourVector, plusDirection: FourVector, plus: Int, minus: Int,
                  into hadrons: inout [PrimaryHadron], scratch: inout [(Int, Double, Double, Double, Double, Double)],
                  split rng: inout SplitStream) -> Bool {
        let w2 = total.m2
        guard w2 > 0 else { return false }
        let w = w2.squareRoot()
        let toRest = -(total.p3 / total.e)
        let n = plusDirection.boosted(by: toRest).p3.unit
        let (e1, e2) = FinalStateShower.orthonormalPair(n)
        let cfg = config

        // The hadrons of an attempt are scratch[0 ..< made]: entries are overwritten in place
        // and the array only grows, so a step stores its hadron without `append`'s
        // out-of-line uniqueness and capacity call (≈ 30 instructions a hadron).
        var made = 0
        @inline(__always) func keep(_ h: (Int, Double, Double, Double, Double, Double)) {
            if made < scratch.count { scratch[made] = h } else { scratch.append(h) }
            made += 1
        }
        attempt: for _ in 0..<cfg.maxAttempts {
            made = 0
            var xPos = 1.0, xNeg = 1.0
            var fPos = plus, fNeg = minus
            var tPos = (0.0, 0.0), tNeg = (0.0, 0.0)
            var firstPos = true, firstNeg = true
            while true {
                let tx = tPos.0 + tNeg.0, ty = tPos.1 + tNeg.1
                let wRem2 = xPos * xNeg * w2 - tx * tx - ty * ty
                let base = Self.stopMass(fPos) + Self.stopMass(fNeg) + cfg.stopNewFlavour * 0.33
                if stops(wRem2: wRem2, base: base, rng: &rng) { break }
                let fromPlus = rng.coarseUniform() < 0.5
                let old = fromPlus ? fPos : fNeg
                // New flavour: triplet at the + end, antitriplet (the negative) at the − end.
                var id = 0, newF = 0
                for _ in 0..<100 {
                    let oldIsDiquark = StringFlavour.isDiquark(old)
                    let t = flavour.pickTriplet(allowDiquark: !oldIsDiquark, rng: &rng)
                    newF = fromPlus ? t : -t
                    let h = fromPlus ? flavour.hadron(triplet: old, antitriplet: -t, rng: &rng)
                                     : flavour.hadron(triplet: t, antitriplet: old, rng: &rng)
                    if let h { id = h; break }
                }
                if id == 0 { continue attempt }
                let m = masses.sample(id, rng: &rng)
                let k = drawPT(rng: &rng)
                let tOld = fromPlus ? tPos : tNeg
                let px = tOld.0 - k.0, py = tOld.1 - k.1
                let mT2 = m * m + px * px + py * py
                let oldIsDiquark = StringFlavour.isDiquark(old), newIsDiquark = StringFlavour.isDiquark(newF)
                let aOld = cfg.aLund + (oldIsDiquark ? cfg.aExtraDiquark : 0)
                let aNew = cfg.aLund + (newIsDiquark ? cfg.aExtraDiquark : 0)
                let first = fromPlus ? firstPos : firstNeg
                let bowler = first ? bowlerTerm(old) : 0
                let z = sampleZ(aOld: aOld, aNew: aNew, oldIsDiquark: oldIsDiquark, newIsDiquark: newIsDiquark,
                                bMT2: cfg.bLundPerGeV2 * mT2, bowler: bowler, rng: &rng)
                if fromPlus {
                    let xp = z * xPos, xm = mT2 / (xp * w2)
                    if xm >= xNeg { continue attempt }
                    xPos -= xp; xNeg -= xm
                    keep((id, m, xp, xm, px, py))
                    fPos = newF; tPos = k; firstPos = false
                } else {
                    let xm = z * xNeg, xp = mT2 / (xm * w2)
                    if xp >= xPos { continue attempt }
                    xNeg -= xm; xPos -= xp
                    keep((id, m, xp, xm, px, py))
                    fNeg = newF; tNeg = k; firstNeg = false
                }
            }
            // Final two hadrons. Light-cone: a = x⁺W, b = x⁻W of the rest; s = ab.
            let aRem = xPos * w, bRem = xNeg * w, s = aRem * bRem
            var placed = false
            for _ in 0..<cfg.finalTwoTries {
                var id1 = 0, id2 = 0
                for _ in 0..<100 {
                    let t = flavour.pickTriplet(allowDiquark: !StringFlavour.isDiquark(fPos) && !StringFlavour.isDiquark(fNeg), rng: &rng)
                    guard let h1 = flavour.hadron(triplet: fPos, antitriplet: -t, rng: &rng),
                          let h2 = flavour.hadron(triplet: t, antitriplet: fNeg, rng: &rng) else { continue }
                    id1 = h1; id2 = h2
                    break
                }
                if id1 == 0 { continue }
                // A try fails when s ≤ (m⊥₁ + m⊥₂)². Since m⊥ ≥ m ≥ the smallest mass a draw can
                // give, the failure is often certain before the masses or the p⊥ are drawn: then
                // they are not drawn (they are independent of the outcome, so the law is the same;
                // more than half of the tries end here).
                let floor = masses.minimum(id1) + masses.minimum(id2)
                if s <= floor * floor { continue }
                let m1 = masses.sample(id1, rng: &rng), m2 = masses.sample(id2, rng: &rng)
                if s <= (m1 + m2) * (m1 + m2) { continue }
                let k = drawPT(rng: &rng)
                let p1 = (tPos.0 - k.0, tPos.1 - k.1), p2 = (k.0 + tNeg.0, k.1 + tNeg.1)
                let mT1s = m1 * m1 + p1.0 * p1.0 + p1.1 * p1.1
                let mT2s = m2 * m2 + p2.0 * p2.0 + p2.1 * p2.1
                let mT1 = mT1s.squareRoot(), mT2 = mT2s.squareRoot()
                if s <= (mT1 + mT2) * (mT1 + mT2) { continue }
                let lam = ((s - mT1s - mT2s) * (s - mT1s - mT2s) - 4 * mT1s * mT2s).squareRoot()
                let a1 = (s + mT1s - mT2s + lam) / (2 * bRem)
                let b1 = mT1s / a1
                keep((id1, m1, a1 / w, b1 / w, p1.0, p1.1))
                keep((id2, m2, (aRem - a1) / w, (bRem - b1) / w, p2.0, p2.1))
                placed = true
                break
            }
            if !placed { continue attempt }

            // To the lab: p = (W/2)[(x⁺ + x⁻), (x⁺ − x⁻) n̂] + p⊥.
            for (id, m, xp, xm, px, py) in scratch[..<made] {
                let e = 0.5 * w * (xp + xm), pz = 0.5 * w * (xp - xm)
                let v = n * pz + e1 * px + e2 * py
                let p = FourVector(v, e: e).boostedToLab(of: total, mass: w)
                hadrons.append(PrimaryHadron(pdgID: id, momentum: p, massGeV: m))
            }
            return true
        }
        return false
    }
}

/// Hadron masses for the string: the PDG 2024 mass, or for a resonance wider than 1 MeV a
/// non-relativistic Breit–Wigner truncated to [max(m₀ − 2Γ, lightest open channel + 10 MeV),
/// m₀ + 2Γ] (Pythia 8 similarly cuts its Breit–Wigners, `mMin`, `mMax`).
///
/// Everything but the one uniform draw depends only on the id, so it is worked out once per
/// id (``Shape``): the string and the decays ask for a mass per hadron, and the two table
/// lookups, the threshold lookup and the two arc tangents of the truncated Breit–Wigner cost
/// more than the draw. The arithmetic is that of `RandomStream.breitWigner(mass:width:in:)`,
/// so the masses are bit for bit the same.
public struct HadronMasses: Sendable {
    /// ``dense``, held here so that a draw does not go through the lazy global's
    /// once-check each time.
    let shapes: [Shape]

    public init() { shapes = Self.dense }

    /// The id-dependent part of a mass draw.
    struct Shape: Sendable {
        var nominal: Double
        /// Γ/2, 0 for a fixed mass.
        var halfWidth = 0.0
        var low = 0.0, high = 0.0
        /// atan((low − m₀)/(Γ/2)) and the arc-tangent span up to high.
        var angleLow = 0.0, angleSpan = 0.0
        /// The smallest mass a draw can give: `low` for a Breit–Wigner, else the nominal mass.
        var minimum: Double

        init(_ id: Int) {
            let m0 = HadronTable.mass(id)
            let w = HadronTable.width(id)
            nominal = m0
            minimum = m0
            guard w > 1e-3 else { return }
            let low = max(m0 - 2 * w, DecayTable.standard.threshold(id) + 0.01)
            let high = m0 + 2 * w
            guard high > low else { return }
            let halfWidth = 0.5 * w
            let aLow = atan((low - m0) / halfWidth)
            let aHigh = atan((high - m0) / halfWidth)
            self.halfWidth = halfWidth
            self.low = low
            self.high = high
            angleLow = aLow
            angleSpan = aHigh - aLow
            minimum = low
        }

        @inline(__always)
        func sample<R: CoarseUniformSource>(rng: inout R) -> Double {
            guard halfWidth > 0 else { return nominal }
            let x = nominal + halfWidth * tan(angleLow + angleSpan * rng.coarseUniform())
            // tan of a rounded angle may step a last bit outside the window.
            return min(max(x, low), high)
        }
    }

    /// Shapes of the ids −9999 … 9999 (index id + 9999), made on first use.
    static let dense: [Shape] = (-denseLimit + 1 ..< denseLimit).map { Shape($0) }
    static let denseLimit = 10_000

    @inline(__always)
    public func sample<R: CoarseUniformSource>(_ id: Int, rng: inout R) -> Double {
        shape(id).sample(rng: &rng)
    }

    /// The smallest mass ``sample(_:rng:)`` can return for `id`.
    public func minimum(_ id: Int) -> Double { shape(id).minimum }

    @inline(__always)
    func shape(_ id: Int) -> Shape {
        if id > -Self.denseLimit && id < Self.denseLimit {
            return shapes.withUnsafeBufferPointer { $0[id + Self.denseLimit - 1] }
        }
        return Shape(id)
    }
}
