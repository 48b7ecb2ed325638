/// The cells of a lateral window that a deposit keeps, for a profile that is a sum of two
/// separable parts: f(a, c) = w_core·η_core(a)·φ_core(c) + w_tail·η_tail(a)·φ_tail(c),
/// normalised to 1 over the window (rows a in η, columns c in φ).
///
/// A cell with f·E at or above the cut-off gets f·E. The others are sampled systematically
/// in row-major order: a running sum of f·E/cut starting at one uniform offset, a cell kept
/// at the cut-off where the sum passes the next integer — each cell kept with probability
/// f·E/cut (unbiased), one draw for the whole window.
///
/// Walking every cell for that (as `spread` did) visited mostly cells far below the cut-off
/// only to add to the sum: about 40 % of the spreading's time, and more at μ = 40. Here a
/// row costs a few operations plus one bisection per kept cell: in a row, η_core(a) and
/// η_tail(a) are constants and both φ marginals are unimodal about the axis's column (cell
/// integrals of a symmetric unimodal density), so the row's cells above the cut-off are one
/// run of columns around it, found by walking out from it, and the running sum over the
/// row's other cells is a combination of the φ marginals' prefix sums less that run. The
/// kept cells are the same as the walk's (`LateralRouletteTests` compares the two on random
/// windows; they can differ only where a sum lands within rounding, 10⁻¹⁵, of an integer)
/// and are reported in the same order.
struct LateralRoulette {
    let rows: Int
    let columns: Int
    /// The column of the shower axis (the mode of both φ marginals).
    let centreColumn: Int
    let etaCore: UnsafeMutablePointer<Double>
    let etaTail: UnsafeMutablePointer<Double>
    let phiCore: UnsafeMutablePointer<Double>
    let phiTail: UnsafeMutablePointer<Double>
    /// cumulativeCore[c] = Σ_{c' < c} phiCore[c'], c = 0 ... columns (likewise for the tail).
    let cumulativeCore: UnsafeMutablePointer<Double>
    let cumulativeTail: UnsafeMutablePointer<Double>
    let coreWeight: Double
    let tailWeight: Double
    let norm: Double

    /// Calls `body(a, c, f)` for each cell kept, in row-major order: f > 0 for a cell at or
    /// above the cut-off (it holds f·active), f = 0 for one kept at the cut-off.
    /// `offset` ∈ [0, 1) is the systematic-sampling offset; `cutoff` > 0.
    @inline(__always)
    func sample(active: Double, cutoff: Double, offset: Double, _ body: (Int, Int, Double) -> Void) {
        var roulette = offset
        let perCutoff = active / cutoff  // E/cut = f · perCutoff
        for a in 0..<rows {
            let ec = etaCore[a] * coreWeight / norm, et = etaTail[a] * tailWeight / norm
            @inline(__always) func f(_ c: Int) -> Double { ec * phiCore[c] + et * phiTail[c] }
            @inline(__always) func isBelow(_ c: Int) -> Bool { f(c) * active < cutoff }
            // Σ f over columns 0 ... c.
            @inline(__always) func prefix(_ c: Int) -> Double { ec * cumulativeCore[c + 1] + et * cumulativeTail[c + 1] }
            // The run [first, last] at or above the cut-off (empty: first = columns).
            var first = columns, last = columns - 1, runSum = 0.0
            if !isBelow(centreColumn) {
                first = centreColumn; last = centreColumn; runSum = f(centreColumn)
                while first > 0, !isBelow(first - 1) { first -= 1; runSum += f(first) }
                while last < columns - 1, !isBelow(last + 1) { last += 1; runSum += f(last) }
            }
            let beforeRun = first > 0 ? prefix(first - 1) : 0
            // Σ f·E/cut over the row's cells below the cut-off, columns 0 ... c (non-decreasing).
            @inline(__always) func sum(_ c: Int) -> Double {
                if c < first { return perCutoff * prefix(c) }
                if c <= last { return perCutoff * beforeRun }
                return perCutoff * (prefix(c) - runSum)
            }
            let rowTotal = sum(columns - 1)
            let kept = Int((roulette + rowTotal).rounded(.down))
            var runDone = first > last
            var lo = 0
            var k = 1
            while k <= kept && lo < columns {
                // The first column where the running sum reaches k (never inside the run:
                // the sum is flat there).
                let target = Double(k) - roulette
                var hi = columns - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if sum(mid) >= target { hi = mid } else { lo = mid + 1 }
                }
                if !runDone && lo > last {
                    for c in first...last { body(a, c, f(c)) }
                    runDone = true
                }
                body(a, lo, 0)
                lo += 1
                k += 1
            }
            if !runDone {
                for c in first...last { body(a, c, f(c)) }
            }
            roulette += rowTotal - Double(kept)
        }
    }
}
