import Foundation

/// The gaps between pure-noise cells of a calorimeter region, ⌊ln u / ln(1 − p)⌋ for a
/// uniform u, without the logarithm and the division for almost every u — the same integer
/// as `log(u) / log1p(−p)` truncated, bit for bit, so the noise cells are unchanged.
///
/// u is `RandomStream.uniform01()`'s k·2⁻⁵³ (k the top 53 bits of a 64-bit draw, k ≠ 0).
/// The gap G(k) does not increase with k, so it is the number of bounds above k:
/// G(k) ≥ g exactly when k < `bound[g]`, `bound[g]` the smallest k whose gap is below g,
/// found once per table by bisection on the library formula itself. A guide per 1/1 024 of
/// the unit interval gives the smallest gap in that part; a short scan up the bounds (less
/// than one step on average for p of a few per cent) finds k's gap. Three kinds of k still
/// take the formula: u < 2⁻¹⁰ (the long gaps, 0.1 % of draws), gaps beyond the table, and k
/// within `guardBand` of a bound — there the library's logarithm, correct to within an ulp
/// but not promised monotone, could disagree with the bisection; farther away u changes by
/// more than 2⁻⁴¹ of itself, thousands of ulps of the logarithm.
struct GeometricGapTable: Sendable {
    let logSkip: Double
    /// bound[g] for g ≥ 1 (bound[0] is 2⁵³, above every k); decreasing.
    let bound: [UInt64]
    /// guide[b]: a gap at or below that of every k with k >> 43 == b (b ≥ 1).
    let guide: [Int32]
    /// Whether the table is used at all (not when p is so small that the gaps of u ≥ 2⁻¹⁰
    /// would need more than `maximumBounds` bounds).
    let enabled: Bool

    static let bucketShift: UInt64 = 43
    static let guardBand: UInt64 = 1 << 12
    static let maximumBounds = 4_096

    /// The gap as the library formula gives it (a Double, possibly beyond any Int).
    @inline(__always)
    func formula(_ k: UInt64) -> Double { log(Double(k) * 0x1p-53) / logSkip }

    /// ⌊formula(k)⌋ for k within the range of the table.
    private static func floorGap(_ k: UInt64, _ logSkip: Double) -> Int {
        let g = log(Double(k) * 0x1p-53) / logSkip
        return g < Double(Int.max / 2) ? Int(g) : Int.max / 2
    }

    init(logSkip: Double) {
        self.logSkip = logSkip
        let lowest: UInt64 = 1 << Self.bucketShift          // u = 2⁻¹⁰
        let top = Self.floorGap(lowest, logSkip)
        guard logSkip < 0, top + 2 <= Self.maximumBounds else {
            bound = []; guide = []; enabled = false
            return
        }
        // bound[g]: the smallest k in [lowest / 2, 2⁵³) with ⌊formula⌋ < g, by bisection
        // (the predicate switches once at this scale: see the type's note).
        var bounds: [UInt64] = [1 << 53]
        for g in 1...(top + 1) {
            var lo: UInt64 = lowest / 2, hi: UInt64 = 1 << 53   // predicate false at lo, true at hi (as a limit)
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if Self.floorGap(mid, logSkip) < g { hi = mid } else { lo = mid }
            }
            bounds.append(hi)
        }
        bound = bounds
        var guides = [Int32](repeating: 0, count: 1 << (53 - Int(Self.bucketShift)))
        for b in 1..<guides.count {
            // The largest k of the bucket has the smallest gap; one below it covers a
            // disagreement of the formula at a bound.
            let last = (UInt64(b + 1) << Self.bucketShift) - 1
            guides[b] = Int32(max(0, Self.floorGap(last, logSkip) - 1))
        }
        guide = guides
        enabled = true
    }

    /// The gap for k (1 ≤ k < 2⁵³): an integer-valued Double from the table, or the
    /// formula's own value.
    @inline(__always)
    func gap(_ k: UInt64) -> Double {
        if let g = tableGap(k) { return Double(g) }
        return formula(k)
    }

    /// The gap of k from the table, or nil where the formula must decide.
    @inline(__always)
    func tableGap(_ k: UInt64) -> Int? {
        let b = Int(k >> Self.bucketShift)
        guard enabled, b > 0, b < guide.count else { return nil }
        var g = Int(guide[b])
        let n = bound.count
        while g + 1 < n && k < bound[g + 1] { g += 1 }
        // Beyond the table, or near a bound (or below one: never, but not trusted).
        guard g + 1 < n, k - bound[g + 1] >= Self.guardBand else { return nil }
        guard g == 0 || (k < bound[g] && bound[g] - k > Self.guardBand) else { return nil }
        return g
    }
}
