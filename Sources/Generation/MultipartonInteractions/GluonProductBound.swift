import Foundation

/// The overestimate of the multi-parton scattering density that the rejection of
/// ``MultipartonInteractions/scatterings(count:pTMaxGeV:xLeft:rng:into:)`` draws from, and
/// how to draw from it: an upper bound of x₁g(x₁, Q) · x₂g(x₂, Q) · α_s²(w) · F(Δy) that
/// depends on w = p⊥² + p⊥0² and on the rapidity difference Δy = y₃ − y₄, in a form that
/// factorises, B_k · G_β(Δy), so that w and (y₃, y₄) can be drawn one after the other.
///
/// **The PDF bound.** A 2 → 2 scattering with transverse momentum p⊥ and rapidities y₃, y₄
/// has x₁x₂ = (4p⊥²/s) (1 + cosh Δy)/2, i.e. ln x₁ + ln x₂ = L + δ(Δy) with L = ln(4p⊥²/s)
/// and δ = ln((1 + cosh Δy)/2) ≥ 0. Let H(ℓ) be the largest x g over x ≥ e^ℓ and over the
/// Q range of the table row (a decreasing function); the PDFs are evaluated at x/x_left ≥ x.
/// Then x₁g · x₂g ≤ H(ln x₁) H(ln x₂) ≤ P(L + δ) with
///
///     P(Λ) = max over ℓ in [Λ, 0] of H(ℓ) H(Λ − ℓ),
///
/// which falls as Λ grows: x₁ and x₂ cannot both be small, and the further apart the two
/// rapidities, the larger their product. P is tabulated per row on a grid of L (cells of
/// 0.1 from L_min = ln(4p⊥min²/s) to 0); its value at a grid point bounds the whole cell.
///
/// **Factorised.** w is drawn on segments k (the cells of the L grid) with the bound
/// B_k = P_k α_s²(w_k) — P_k the largest P over the rows the segment touches at its lower
/// edge, α_s at that edge (α_s falls with w) — and Δy from G_β(Δy) = R_β(m(Δy)) F̂(Δy) on
/// bins of 0.1 in Δy, one table per band β of 16 segments (a factor e in p⊥):
/// * R_β(m) = the largest ratio P(row, grid point ≥ k + m)/P_k over the segments k of the
///   band and their rows, m = ⌊δ(|Δy|_bin low)/0.1⌋: P at L + δ ≤ R_β(m) P_k, exactly;
/// * F̂ = the largest angular factor F over the bin (× 1.002, F is smooth and sampled every
///   0.003 in the bin).
/// So B_k G_β(Δy) ≥ x₁g x₂g α_s²(w) F(Δy) everywhere; `MultipartonInteractionsTests` checks
/// it on a grid and the accepted distribution against an importance-weighted integration.
/// The bound used before, P_k α_s²(w_min) max F with y₃ and y₄ flat, ignored that wide
/// rapidity gaps need large x (where the gluon is small): about 16 trials per accepted
/// scattering, against ≈ 3 with this one.
///
/// **The p⊥ proposal.** A bound that changes with p⊥ must be part of the proposal, or the
/// rejection would bias the p⊥ spectrum by 1/bound. So w is drawn from B_k A_β/w² (A_β the
/// area of G_β over the (y₃, y₄) box) and the rejection divides by that same B_k G_β
/// (``drawW(u:total:last:)``, ``drawRapidities(band:u:v:)``). (A flat-box sampler that
/// divided by the square of the row's largest x g, which changes with Q, had a p⊥ spectrum
/// that came out too soft, ⟨p⊥⟩ 4.2 instead of 4.8 GeV above 3 GeV at 13 TeV.)
public struct GluonProductBound: Sendable {
    let lMin: Double
    let dL: Double
    let points: Int
    let rows: Int
    /// P per row and grid point: values[row * points + k].
    let values: [Double]
    /// w = p⊥² + p⊥0² at the segment edges (points of them); B_k per segment (points − 1);
    /// B_k A_β, the proposal's density in 1/w per segment; its cumulative area at each edge.
    let segmentW: [Double]
    let segmentBound: [Double]
    let segmentDensity: [Double]
    let cumulativeArea: [Double]
    /// A guide to ``cumulativeArea``: entry g is the last segment whose cumulative area is at or
    /// below g/``guideBins`` of the whole, so a draw starts its search there (a step or two)
    /// instead of bisecting all the segments (eight steps) on every attempt of the sampler.
    let guide: [Int]
    static let guideBins = 512

    /// Half-width of the rapidity box, |y₃|, |y₄| < yMax.
    public let yMax: Double
    /// Segments per band of the Δy tables.
    static let segmentsPerBand = 16
    /// Signed Δy bins over [−2 yMax, 2 yMax] (even: none straddles 0) and their width.
    let dyBins: Int
    let dyWidth: Double
    /// G_β per band and bin: dyBound[band * dyBins + b].
    let dyBound: [Double]
    /// The cumulative mass of G_β × (area of the bin in the box) at each bin edge:
    /// dyCumulative[band * (dyBins + 1) + b].
    let dyCumulative: [Double]
    /// A guide to ``dyCumulative`` per band, as ``guide``.
    let dyGuide: [Int]
    static let dyGuideBins = 256

    /// `lnFourC2Min` = ln(4p⊥min²/s), `coupling` the scatterings' α_s (of w), `yMax` the
    /// rapidity box.
    init(table t: GluonTable, lnFourC2Min: Double, pT0Squared: Double, sqrtSGeV: Double,
         coupling: RunningCoupling, yMax: Double, points: Int = 160) {
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
        // The largest P at or beyond each grid point, per row: what any L + δ past it can reach.
        var suffix = v
        for j in 0..<rows {
            for k in stride(from: points - 2, through: 0, by: -1) {
                suffix[j * points + k] = max(suffix[j * points + k], suffix[j * points + k + 1])
            }
        }
        // Segments in w between consecutive L grid points: rows touched, P_k, B_k.
        let s = sqrtSGeV * sqrtSGeV
        let segments = points - 1
        var edges = [Double](), pdfBounds = [Double](), rowRanges = [ClosedRange<Int>]()
        for k in 0..<points { edges.append(pT0Squared + 0.25 * s * exp(lMin + Double(k) * dL)) }
        var bounds = [Double]()
        for k in 0..<segments {
            let r0 = t.row(qGeV: edges[k].squareRoot()), r1 = t.row(qGeV: edges[k + 1].squareRoot())
            let range = r0...max(r0, r1)
            var b = 0.0
            for r in range { b = max(b, v[r * points + k]) }
            rowRanges.append(range)
            pdfBounds.append(b)
            let alpha = coupling(edges[k])
            bounds.append(b * alpha * alpha)
        }
        // The Δy tables, one per band of segments.
        self.yMax = yMax
        let bins = 2 * max(Int((2 * yMax / 0.1).rounded(.up)), 1)
        dyBins = bins
        let width = 4 * yMax / Double(bins)
        dyWidth = width
        let bands = (segments + Self.segmentsPerBand - 1) / Self.segmentsPerBand
        var gTable = [Double](repeating: 0, count: bands * bins)
        var gCumulative = [Double](repeating: 0, count: bands * (bins + 1))
        var gGuide = [Int](repeating: 0, count: bands * Self.dyGuideBins)
        // F̂ and the shift m per bin (the same in every band).
        var fHat = [Double](repeating: 0, count: bins), shift = [Int](repeating: 0, count: bins)
        var boxArea = [Double](repeating: 0, count: bins)
        for b in 0..<bins {
            let (tLo, tHi) = Self.magnitudeRange(bin: b, bins: bins, width: width, yMax: yMax)
            var f = 0.0
            for i in 0...32 { f = max(f, MultipartonInteractions.angular(tLo + (tHi - tLo) * Double(i) / 32)) }
            fHat[b] = 1.002 * f
            let delta = log(0.5 * (1 + cosh(tLo)))
            shift[b] = max(Int(delta / dL), 0)
            // Area of the bin in the (y₃, y₄) box: ∫ (2 yMax − |Δy|) dΔy over it.
            let sLo = 2 * yMax - tHi, sHi = 2 * yMax - tLo
            boxArea[b] = 0.5 * (sHi * sHi - sLo * sLo)
        }
        var bandArea = [Double](repeating: 0, count: bands)
        for band in 0..<bands {
            let ks = (band * Self.segmentsPerBand)..<min((band + 1) * Self.segmentsPerBand, segments)
            var cumulative = 0.0
            for b in 0..<bins {
                var ratio = 0.0
                for k in ks {
                    let j = min(k + shift[b], points - 1)
                    for r in rowRanges[k] { ratio = max(ratio, suffix[r * points + j] / pdfBounds[k]) }
                }
                let g = ratio * fHat[b]
                gTable[band * bins + b] = g
                gCumulative[band * (bins + 1) + b] = cumulative
                cumulative += g * boxArea[b]
            }
            gCumulative[band * (bins + 1) + bins] = cumulative
            bandArea[band] = cumulative
            var b = 0
            for gb in 0..<Self.dyGuideBins {
                let edge = Double(gb) * (cumulative / Double(Self.dyGuideBins))
                while b + 1 < bins && gCumulative[band * (bins + 1) + b + 1] <= edge { b += 1 }
                gGuide[band * Self.dyGuideBins + gb] = b
            }
        }
        dyBound = gTable
        dyCumulative = gCumulative
        dyGuide = gGuide
        var densities = [Double](), cumulative = [0.0]
        for k in 0..<segments {
            let d = bounds[k] * bandArea[k / Self.segmentsPerBand]
            densities.append(d)
            cumulative.append(cumulative[k] + d * (1 / edges[k] - 1 / edges[k + 1]))
        }
        segmentW = edges
        segmentBound = bounds
        segmentDensity = densities
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

    /// |Δy| range of signed bin b.
    @inline(__always)
    static func magnitudeRange(bin b: Int, bins: Int, width: Double, yMax: Double) -> (Double, Double) {
        // Bins bins/2 … bins − 1 hold Δy ≥ 0, their mirror images the negative side.
        let i = b >= bins / 2 ? b - bins / 2 : bins / 2 - 1 - b
        return (Double(i) * width, min(Double(i + 1) * width, 2 * yMax))
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
        cumulativeArea[last] + segmentDensity[last] * (1 / segmentW[last] - 1 / wMax)
    }

    /// Draws w from B_k A_β/w² below `wMax` (u uniform in (0, 1); `total`, `last` from
    /// ``area(below:last:)``, ``segment(containing:)``): the w, B_k to divide by, and the
    /// band of its Δy table.
    @inline(__always)
    func drawW(u: Double, total: Double, last: Int) -> (w: Double, bound: Double, band: Int) {
        let target = u * total
        // The last segment up to `last` whose cumulative area is at or below the target (what
        // a bisection finds), from the guide's start: back while above it (rounding of the bin,
        // or a start past `last`), then forward while the next one is not.
        let whole = cumulativeArea[cumulativeArea.count - 1]
        let bin = min(max(Int(target * (Double(Self.guideBins) / whole)), 0), Self.guideBins - 1)
        var lo = min(guide[bin], last)
        while lo > 0 && cumulativeArea[lo] > target { lo -= 1 }
        while lo < last && cumulativeArea[lo + 1] <= target { lo += 1 }
        let inverse = 1 / segmentW[lo] - (target - cumulativeArea[lo]) / segmentDensity[lo]
        return (1 / inverse, segmentBound[lo], lo / Self.segmentsPerBand)
    }

    /// Draws (Δy = y₃ − y₄, ȳ = (y₃ + y₄)/2) in the box from G_β (u, v uniform in (0, 1)):
    /// the bin from u, |Δy| inside it from the box's weight 2 yMax − |Δy| (by inversion, with
    /// u's remainder in the bin), ȳ flat in |ȳ| < yMax − |Δy|/2 from v. Returns G_β of the bin,
    /// to divide by.
    @inline(__always)
    func drawRapidities(band: Int, u: Double, v: Double) -> (dy: Double, yBar: Double, bound: Double) {
        let base = band * (dyBins + 1)
        let whole = dyCumulative[base + dyBins]
        let target = u * whole
        let g = min(max(Int(target * (Double(Self.dyGuideBins) / whole)), 0), Self.dyGuideBins - 1)
        var b = dyGuide[band * Self.dyGuideBins + g]
        while b > 0 && dyCumulative[base + b] > target { b -= 1 }
        while b < dyBins - 1 && dyCumulative[base + b + 1] <= target { b += 1 }
        let low = dyCumulative[base + b]
        let r = min(max((target - low) / (dyCumulative[base + b + 1] - low), 0), 1)
        let (tLo, tHi) = Self.magnitudeRange(bin: b, bins: dyBins, width: dyWidth, yMax: yMax)
        let sLo = 2 * yMax - tHi, sHi = 2 * yMax - tLo
        let t = 2 * yMax - (sLo * sLo + r * (sHi * sHi - sLo * sLo)).squareRoot()
        let dy = 2 * b >= dyBins ? t : -t
        return (dy, (2 * v - 1) * (yMax - 0.5 * t), dyBound[band * dyBins + b])
    }

    /// The overestimate B_k G_β(Δy) at w and Δy, as the sampler reads it (for tests).
    func overestimate(w: Double, dy: Double) -> Double {
        let k = segment(containing: w)
        let b = min(max(Int((dy + 2 * yMax) / dyWidth), 0), dyBins - 1)
        return segmentBound[k] * dyBound[(k / Self.segmentsPerBand) * dyBins + b]
    }

    /// P(L) for Q row `row` (L = ln(4p⊥²/s)).
    @inline(__always)
    public func callAsFunction(row: Int, lnFourC2 l: Double) -> Double {
        let k = min(max(Int((l - lMin) / dL), 0), points - 1)
        return values[row * points + k]
    }
}
