import Foundation

/// An upper bound of the two-gluon factor x₁g(x₁, Q) · x₂g(x₂, Q) of a multi-parton
/// scattering, as a function of its Q row and of L = ln(4p⊥²/s): what makes the rejection
/// of ``MultipartonInteractions/scatterings(count:pTMaxGeV:xLeft:rng:into:)`` efficient.
///
/// **Why it bounds.** A 2 → 2 scattering with transverse momentum p⊥ has ŝ = x₁x₂s ≥ 4p⊥²,
/// so ln x₁ + ln x₂ ≥ L. Let H(ℓ) be the largest x g over x ≥ e^ℓ and over the Q range of
/// the row (a decreasing function); the PDFs are evaluated at x/x_left ≥ x. Then
/// x₁g · x₂g ≤ H(ln x₁) H(ln x₂) ≤ H(ℓ) H(L − ℓ) with ℓ = ln x₁, hence
///
///     x₁g · x₂g ≤ P(L) = max over ℓ in [L, 0] of H(ℓ) H(L − ℓ),
///
/// which falls as L grows. The bound used before, the square of the largest x g anywhere
/// (at x = 10⁻⁶), is one to two orders of magnitude looser, because x₁ and x₂ cannot both
/// be small. P is tabulated per row on a grid of L.
///
/// **The p⊥ proposal.** A bound that changes with p⊥ must be part of the proposal, or the
/// rejection would bias the p⊥ spectrum by 1/bound. So w = p⊥² + p⊥0² is drawn from
/// P_k/w² on segments k (the cells of the L grid), P_k the largest P over the cell and the
/// rows it touches, and the rejection divides by that same P_k (``segment(containing:)``,
/// ``drawW(u:wMax:)``). (The flat-box sampler divided by the square of the row's largest
/// x g, which changes with Q: its p⊥ spectrum came out too soft, ⟨p⊥⟩ 4.2 instead of
/// 4.8 GeV above 3 GeV at 13 TeV.)
public struct GluonProductBound: Sendable {
    let lMin: Double
    let dL: Double
    let points: Int
    let rows: Int
    /// P per row and grid point: values[row * points + k].
    let values: [Double]
    /// w = p⊥² + p⊥0² at the segment edges (points of them), the bound on each segment
    /// (points − 1), and the proposal's cumulative area at each edge.
    let segmentW: [Double]
    let segmentBound: [Double]
    let cumulativeArea: [Double]
    /// A guide to ``cumulativeArea``: entry g is the last segment whose cumulative area is at or
    /// below g/``guideBins`` of the whole, so a draw starts its search there (a step or two)
    /// instead of bisecting all the segments (eight steps) on every attempt of the sampler.
    let guide: [Int]
    static let guideBins = 512

    init(table t: GluonTable, lnFourC2Min: Double, pT0Squared: Double, sqrtSGeV: Double, points: Int = 160) {
        rows = t.nQ - 1
        lMin = min(lnFourC2Min, -1e-3)
        self.points = points
        dL = -lMin / Double(points - 1)
        // H on the table's x nodes (below the smallest node the table is constant).
        var h = [Double](repeating: 0, count: rows * t.nX)
        for j in 0..<rows {
            for i in 0..<t.nX {
                h[j * t.nX + i] = exp(max(t.lnValues[j * t.nX + i], t.lnValues[(j + 1) * t.nX + i]))
            }
            for i in stride(from: t.nX - 2, through: 0, by: -1) { h[j * t.nX + i] = max(h[j * t.nX + i], h[j * t.nX + i + 1]) }
        }
        // H(ℓ) ≤ the hull at the node at or below ℓ (interpolation never exceeds its corners).
        func hull(_ j: Int, _ l: Double) -> Double {
            let f = (l - t.lnXMin) / t.dLnX
            let i = f <= 0 ? 0 : min(Int(f), t.nX - 1)
            return h[j * t.nX + i]
        }
        var v = [Double](repeating: 0, count: rows * points)
        for j in 0..<rows {
            for k in 0..<points {
                let l = lMin + Double(k) * dL
                // Cells [lo, hi) between L, the nodes inside (L, 0) and 0: there
                // H(ℓ) ≤ hull(lo) and H(L − ℓ) ≤ hull(L − hi), both decreasing.
                var cells = [l]
                for i in 0..<t.nX {
                    let node = t.lnXMin + Double(i) * t.dLnX
                    if node > l && node < 0 { cells.append(node) }
                }
                cells.append(0)
                var best = 0.0
                for c in 0..<(cells.count - 1) { best = max(best, hull(j, cells[c]) * hull(j, l - cells[c + 1])) }
                v[j * points + k] = 1.001 * best
            }
        }
        values = v
        // Segments in w between consecutive L grid points.
        let s = sqrtSGeV * sqrtSGeV
        var edges = [Double](), bounds = [Double](), cumulative = [0.0]
        for k in 0..<points { edges.append(pT0Squared + 0.25 * s * exp(lMin + Double(k) * dL)) }
        for k in 0..<(points - 1) {
            let r0 = t.row(qGeV: edges[k].squareRoot()), r1 = t.row(qGeV: edges[k + 1].squareRoot())
            var b = 0.0
            for r in r0...max(r0, r1) { b = max(b, v[r * points + k]) }
            bounds.append(b)
            cumulative.append(cumulative[k] + b * (1 / edges[k] - 1 / edges[k + 1]))
        }
        segmentW = edges
        segmentBound = bounds
        cumulativeArea = cumulative
        let whole = cumulative[cumulative.count - 1]
        var g = [Int](repeating: 0, count: Self.guideBins)
        var k = 0
        for b in 0..<Self.guideBins {
            let edge = Double(b) * (whole / Double(Self.guideBins))
            while k + 1 < cumulative.count && cumulative[k + 1] <= edge { k += 1 }
            g[b] = k
        }
        guide = g
    }

    /// The segment holding w (clamped to the table).
    @inline(__always)
    func segment(containing w: Double) -> Int {
        var lo = 0, hi = segmentBound.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if segmentW[mid] <= w { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The proposal's total area below `wMax` (its last segment `last`).
    @inline(__always)
    func area(below wMax: Double, last: Int) -> Double {
        cumulativeArea[last] + segmentBound[last] * (1 / segmentW[last] - 1 / wMax)
    }

    /// Draws w from P_k/w² below `wMax` (u uniform in (0, 1); `total`, `last` from
    /// ``area(below:last:)``, ``segment(containing:)``): the w and the P_k to divide by.
    @inline(__always)
    func drawW(u: Double, total: Double, last: Int) -> (w: Double, bound: Double) {
        let target = u * total
        // The last segment up to `last` whose cumulative area is at or below the target (what
        // a bisection finds), from the guide's start: back while above it (rounding of the bin,
        // or a start past `last`), then forward while the next one is not.
        let whole = cumulativeArea[cumulativeArea.count - 1]
        let bin = min(max(Int(target * (Double(Self.guideBins) / whole)), 0), Self.guideBins - 1)
        var lo = min(guide[bin], last)
        while lo > 0 && cumulativeArea[lo] > target { lo -= 1 }
        while lo < last && cumulativeArea[lo + 1] <= target { lo += 1 }
        let b = segmentBound[lo]
        let inverse = 1 / segmentW[lo] - (target - cumulativeArea[lo]) / b
        return (1 / inverse, b)
    }

    /// P(L) for Q row `row` (L = ln(4p⊥²/s)).
    @inline(__always)
    public func callAsFunction(row: Int, lnFourC2 l: Double) -> Double {
        let k = min(max(Int((l - lMin) / dL), 0), points - 1)
        return values[row * points + k]
    }
}
