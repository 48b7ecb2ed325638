import Foundation

/// A piecewise-constant envelope of the Lund function for one pair of exponents, tabulated
/// over the transverse-mass term, so that z is sampled by rejection with few logarithms.
///
/// **The function.** f(z; B) = z^c (1 − z)^a exp(−B/z) on (0, 1), with c = a_α − a_β − 1 and
/// a = a_β fixed by the end flavours (light or diquark; no Bowler term) and B = b m⊥² > 0
/// varying hadron by hadron. For a > 0, B > 0 it is unimodal in z (d ln f/dz · z²(1 − z) is
/// a quadratic, positive at z = 0 and negative at z = 1, so it changes sign once), and at
/// fixed z it decreases as B grows.
///
/// **The table.** B is cut into bins [B₀, B₁) of 8 per octave (read off the bits of B:
/// its exponent and top three mantissa bits), from 2⁻⁶ to 2⁶ (b m⊥² is dimensionless: a π⁰
/// at rest has 0.018, a B meson ≈ 28; beyond, and with the Bowler term, the caller keeps
/// its uniform trials). Each B bin cuts (0, 1) into ``zBins`` z bins (edges near the
/// quantiles of f at the bin's middle B, so that the bins carry similar weight). In z bin j
/// with B in [B₀, B₁):
///
/// * h_j = max over the z bin of f(z; B₀) bounds f(z; B) from above (f falls with B; the
///   maximum of a unimodal function over an interval is at the stationary point when it lies
///   inside, else at an edge);
/// * s_j = min over the z edges of f(z; B₁) bounds it from below (the minimum of a unimodal
///   function over an interval is at an edge).
///
/// Both carry a relative margin of 10⁻⁹ against rounding and are stored in single
/// precision, h rounded up and s down (``Slot``).
///
/// **Sampling** (``LundZTables/sample(index:bMT2:bin:rng:)``): pick z bin j with
/// probability ∝ h_j · width_j (Walker's alias method), z uniform in it, u uniform; accept when u < s_j/h_j (no
/// logarithm: most trials), else when ln f(z; B) − ln h_j > ln u as in plain rejection (with
/// the bounds 1 − 1/u ≤ ln u ≤ u − 1 before ln u). This is rejection from the envelope
/// h(z) ≥ f(z; B), so the accepted z follow f(z; B) (to the 10⁻⁷ of the single-precision
/// alias thresholds, see ``Slot``); the squeeze only skips the
/// logarithm where the test's answer is already known. For B ≈ 0.02–1 (pions to nucleons)
/// the acceptance is ≈ 0.82–0.88 and the squeeze decides ≈ 0.6–0.76 of the trials; in the
/// μ = 40 overlay this takes 0.87 logarithms per z instead of 6.9 with a uniform z against
/// the maximum (2.25 trials per z, two or three logarithms each).
struct LundZTable: Sendable {
    let c: Double
    let a: Double

    /// z bins per B bin.
    static let zBins = 32
    /// B bins per octave (2³: the top three mantissa bits; 16 per octave gained ≈ 0.03 in
    /// acceptance for twice the table).
    static let mantissaBits = 3
    /// The tabulated B range, 2^lowestOctave … 2^(lowestOctave + octaves).
    static let lowestOctave = -6
    static let octaves = 12
    static var bBins: Int { octaves << mantissaBits }

    /// 24 bytes in single precision: the tables are read at random, and with doubles (48
    /// bytes and 16 B bins per octave, 1.2 MB of storage) perf put most of the sampler's
    /// samples on the first load of a slot and the sampler at 6.7 % of the overlay's samples
    /// (4.9 % now, 0.3 MB; callgrind's cache simulation: +6 % first-level data misses over
    /// the whole overlay against the uniform trials). Exactness does not suffer: the envelope is worked out for the rounded
    /// edges, h is rounded up and the squeeze down; the alias thresholds in single precision
    /// (like the 27-bit fraction of the index draw) set the bins' proposal weights to a
    /// relative 10⁻⁷, which moves the sampled density by as much, far below any statistical
    /// effect.
    struct Slot: Sendable {
        /// The z bin: [lo, hi).
        var lo: Float
        var hi: Float
        /// ln h_j − ln f_ref of the B bin (ln f_ref: f(z_max; B₀)), rounded up.
        var lnH: Float
        /// s_j / h_j, the acceptance below which no logarithm is needed, rounded down.
        var squeeze: Float
        /// Alias method: slot j is kept when the fraction of the index draw is below
        /// `keep`, else slot `alias` is taken.
        var keep: Float
        var alias: Int32

        var z0: Double { Double(lo) }
        var width: Double { Double(hi) - Double(lo) }
    }

    /// ``zBins`` slots per B bin.
    let slots: [Slot]
    /// ln f(z_max(B₀); B₀) per B bin.
    let lnRef: [Double]

    /// The B bin of `bMT2`, or nil outside the table (then the caller samples otherwise).
    @inline(__always)
    static func bin(_ bMT2: Double) -> Int? {
        // Exponent (11 bits) and the top mantissa bits of a positive double.
        let key = Int(truncatingIfNeeded: bMT2.bitPattern >> UInt64(52 - mantissaBits))
        let k = key - ((1023 + lowestOctave) << mantissaBits)
        return k >= 0 && k < bBins ? k : nil
    }

    /// The lower edge of B bin k.
    static func lowerEdge(_ k: Int) -> Double {
        let octave = lowestOctave + (k >> mantissaBits)
        let sub = k & ((1 << mantissaBits) - 1)
        return Foundation.scalbn(1 + Double(sub) / Double(1 << mantissaBits), octave)
    }

    /// ln f(z; B); −∞ at the ends where f vanishes.
    static func lnF(_ z: Double, c: Double, a: Double, bMT2: Double) -> Double {
        if z <= 0 { return -.infinity }
        if z >= 1 { return a > 0 ? -.infinity : -bMT2 }
        return c * log(z) + a * log(1 - z) - bMT2 / z
    }

    /// The maximum of f(·; B) in (0, 1): the root of (c + a) z² − (c − B) z − B = 0 there.
    static func zMax(c: Double, a: Double, bMT2 bb: Double) -> Double? {
        let qa = c + a, qb = -(c - bb), qc = -bb
        var z = 0.5
        if abs(qa) < 1e-10 {
            guard qb != 0 else { return nil }
            z = -qc / qb
        } else {
            let disc = max(qb * qb - 4 * qa * qc, 0).squareRoot()
            let r1 = (-qb + disc) / (2 * qa), r2 = (-qb - disc) / (2 * qa)
            z = (r1 > 0 && r1 < 1) ? r1 : r2
        }
        return z > 0 && z < 1 ? z : nil
    }

    /// Builds the table for exponents (c, a); nil when a ≤ 0 or no maximum lies inside
    /// (1, …): the caller then keeps its uniform trials.
    init?(c: Double, a: Double) {
        guard a > 0 else { return nil }
        self.c = c
        self.a = a
        let nz = Self.zBins
        var slots = [Slot]()
        slots.reserveCapacity(Self.bBins * nz)
        var refs = [Double]()
        refs.reserveCapacity(Self.bBins)
        for k in 0..<Self.bBins {
            let b0 = Self.lowerEdge(k), b1 = Self.lowerEdge(k + 1)
            guard let zTop = Self.zMax(c: c, a: a, bMT2: b0) else { return nil }
            let ref = Self.lnF(zTop, c: c, a: a, bMT2: b0)
            refs.append(ref)
            let edges = Self.quantileEdges(c: c, a: a, bMT2: (b0 * b1).squareRoot(), count: nz)
            var masses = [Double](repeating: 0, count: nz)
            var bins = [Slot]()
            for j in 0..<nz {
                // The edges as stored (single precision): the envelope is for these.
                let lo = Float(edges[j]), hi = Float(edges[j + 1])
                let z0 = Double(lo), z1 = Double(hi)
                var high = max(Self.lnF(z0, c: c, a: a, bMT2: b0), Self.lnF(z1, c: c, a: a, bMT2: b0))
                if zTop >= z0 && zTop <= z1 { high = ref }
                let low = min(Self.lnF(z0, c: c, a: a, bMT2: b1), Self.lnF(z1, c: c, a: a, bMT2: b1))
                // Margins against rounding: h up, s down by 10⁻⁹ relative.
                let lnH = Self.roundedUp(high - ref + 1e-9)
                let squeeze = low.isFinite ? Self.roundedDown(min(exp(low - ref - 1e-9 - Double(lnH)), 1)) : 0
                bins.append(Slot(lo: lo, hi: hi, lnH: lnH, squeeze: squeeze, keep: 1, alias: Int32(j)))
                masses[j] = exp(Double(lnH)) * (z1 - z0)
            }
            Self.fillAlias(&bins, masses: masses)
            slots.append(contentsOf: bins)
        }
        self.slots = slots
        lnRef = refs
    }

    /// The nearest single-precision value at or above `x`.
    static func roundedUp(_ x: Double) -> Float {
        let f = Float(x)
        return Double(f) < x ? f.nextUp : f
    }

    /// The nearest single-precision value at or below `x`.
    static func roundedDown(_ x: Double) -> Float {
        let f = Float(x)
        return Double(f) > x ? f.nextDown : f
    }

    /// `count` + 1 increasing z edges from 0 to 1, near the quantiles of f(·; B) (a
    /// trapezoid integral on a grid logarithmic below z = ½, linear above). Any increasing
    /// edges give a valid envelope; quantiles make the bins carry similar weight.
    static func quantileEdges(c: Double, a: Double, bMT2: Double, count: Int) -> [Double] {
        let n = 200
        var grid = [Double]()
        let lowest = min(bMT2 / 60, 0.01)
        for i in 0...n { grid.append(lowest * pow(0.5 / lowest, Double(i) / Double(n))) }
        for i in 1...n { grid.append(0.5 + 0.5 * Double(i) / Double(n) * (1 - 1e-9)) }
        let lnTop = grid.map { lnF($0, c: c, a: a, bMT2: bMT2) }.max() ?? 0
        let f = grid.map { exp(lnF($0, c: c, a: a, bMT2: bMT2) - lnTop) }
        var cdf = [0.0]
        for i in 1..<grid.count { cdf.append(cdf[i - 1] + 0.5 * (f[i] + f[i - 1]) * (grid[i] - grid[i - 1])) }
        let total = cdf[cdf.count - 1]
        var edges = [0.0]
        var i = 1
        for q in 1..<count {
            let target = total * Double(q) / Double(count)
            while i < cdf.count - 1 && cdf[i] < target { i += 1 }
            let span = cdf[i] - cdf[i - 1]
            let t = span > 0 ? (target - cdf[i - 1]) / span : 1
            var z = grid[i - 1] + t * (grid[i] - grid[i - 1])
            // Strictly increasing, inside (0, 1).
            z = max(z, edges[edges.count - 1] + 1e-9)
            edges.append(min(z, 1 - 1e-9 * Double(count - q + 1)))
        }
        edges.append(1)
        return edges
    }

    /// Walker's alias table (Vose's construction) for slots with weights `masses`.
    static func fillAlias(_ bins: inout [Slot], masses: [Double]) {
        let n = masses.count
        let total = masses.reduce(0, +)
        var scaled = masses.map { $0 * Double(n) / total }
        var small = [Int](), large = [Int]()
        for j in 0..<n { if scaled[j] < 1 { small.append(j) } else { large.append(j) } }
        while let s = small.popLast() {
            guard let l = large.last else { bins[s].keep = 1; bins[s].alias = Int32(s); continue }
            bins[s].keep = Float(scaled[s])
            bins[s].alias = Int32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 { large.removeLast(); small.append(l) }
        }
        for l in large { bins[l].keep = 1; bins[l].alias = Int32(l) }
    }
}

/// The z tables of the three light end combinations (old / new end light or diquark; a
/// diquark end never makes a diquark), shared by every ``LundFragmentation`` with the
/// default exponents.
///
/// Sampling reads them through raw pointers into storage that lives as long as this value
/// (``Storage``): reading `[Slot]` arrays out of a struct retained and released both arrays
/// per z (≈ 80 instructions of the ≈ 360 per z in callgrind).
struct LundZTables: @unchecked Sendable {
    /// Index 2 · (old is diquark) + (new is diquark); index 3 is nil.
    let tables: [LundZTable?]
    /// Owns the copies `slots` and `refs` point into (immutable after init).
    final class Storage {
        let slots: UnsafeMutableBufferPointer<LundZTable.Slot>
        let refs: UnsafeMutableBufferPointer<Double>
        init(_ tables: [LundZTable?]) {
            let perTable = LundZTable.bBins * LundZTable.zBins
            slots = .allocate(capacity: 4 * perTable)
            refs = .allocate(capacity: 4 * LundZTable.bBins)
            for (n, t) in tables.enumerated() {
                for k in 0..<perTable { slots[n * perTable + k] = t?.slots[k] ?? LundZTable.Slot(lo: 0, hi: 0, lnH: 0, squeeze: 0, keep: 1, alias: 0) }
                for k in 0..<LundZTable.bBins { refs[n * LundZTable.bBins + k] = t?.lnRef[k] ?? 0 }
            }
        }
        deinit { slots.deallocate(); refs.deallocate() }
    }
    let storage: Storage
    let slots: UnsafePointer<LundZTable.Slot>
    let refs: UnsafePointer<Double>
    /// (c, a) per index, and whether it has a table.
    let exponents: (Double, Double, Double, Double, Double, Double)
    let present: (Bool, Bool, Bool)

    init(aLund: Double, aExtraDiquark: Double) {
        var t = [LundZTable?]()
        for (oldDiquark, newDiquark) in [(false, false), (false, true), (true, false), (true, true)] {
            let aOld = aLund + (oldDiquark ? aExtraDiquark : 0), aNew = aLund + (newDiquark ? aExtraDiquark : 0)
            t.append(oldDiquark && newDiquark ? nil : LundZTable(c: aOld - aNew - 1, a: aNew))
        }
        tables = t
        storage = Storage(t)
        slots = UnsafePointer(storage.slots.baseAddress!)
        refs = UnsafePointer(storage.refs.baseAddress!)
        exponents = (t[0]?.c ?? 0, t[0]?.a ?? 0, t[1]?.c ?? 0, t[1]?.a ?? 0, t[2]?.c ?? 0, t[2]?.a ?? 0)
        present = (t[0] != nil, t[1] != nil, t[2] != nil)
    }

    /// z from the table of end combination `index` (2 · old diquark + new diquark) for
    /// b m⊥² = `bb` in B bin `k`; nil if that combination has no table or 10 000 trials fail.
    /// Rejection from the envelope (see ``LundZTable``); the test l > ln u is decided by
    /// 1 − 1/u ≤ ln u ≤ u − 1 where they suffice (as in
    /// `LundFragmentation.sampleZByUniformTrials`).
    @inline(__always)
    func sample(index: Int, bMT2 bb: Double, bin k: Int, rng: inout SplitStream) -> Double? {
        let c: Double, a: Double
        switch index {
        case 0: guard present.0 else { return nil }; c = exponents.0; a = exponents.1
        case 1: guard present.1 else { return nil }; c = exponents.2; a = exponents.3
        case 2: guard present.2 else { return nil }; c = exponents.4; a = exponents.5
        default: return nil
        }
        let nz = LundZTable.zBins
        let s = slots + (index * LundZTable.bBins + k) * nz
        let ref = refs[index * LundZTable.bBins + k]
        for _ in 0..<10_000 {
            let (v, vz) = rng.uniformPair()
            let x = v * Double(nz)
            let j = Int(x)
            // The slot's index by a select, then one load (a branch here is taken at random).
            let pick = s[j]
            let slot = s[x - Double(j) < Double(pick.keep) ? j : Int(pick.alias)]
            let zLo = Double(slot.lo)
            let z = zLo + (Double(slot.hi) - zLo) * vz
            let u = rng.coarseUniform()
            if u < Double(slot.squeeze) { return z }
            guard z > 0 && z < 1 else { continue }
            let l = c * log(z) + a * log(1 - z) - bb / z - ref - Double(slot.lnH)
            if l > (u - 1) + 1e-12 { return z }
            if l < (1 - 1 / u) - 1e-12 { continue }
            if l > log(u) { return z }
        }
        return nil
    }

    static let monash = LundZTables(aLund: LundFragmentation.Config().aLund,
                                    aExtraDiquark: LundFragmentation.Config().aExtraDiquark)

    static func forConfig(_ config: LundFragmentation.Config) -> LundZTables {
        let d = LundFragmentation.Config()
        if config.aLund == d.aLund && config.aExtraDiquark == d.aExtraDiquark { return monash }
        return LundZTables(aLund: config.aLund, aExtraDiquark: config.aExtraDiquark)
    }
}
