import Foundation

/// Unbinned summary of a sample: the statistics the reference files quote.
public struct SampleSummary: Sendable, Equatable {
    public var entries: Int
    public var mean: Double
    /// Standard deviation about the mean (ROOT `GetRMS`, ddof = 0), as the reference.
    public var rms: Double
    public var median: Double
    /// Quantiles 0.1, 0.25, 0.75, 0.9 (linear interpolation between order statistics).
    public var quantiles: [Double]

    public init(entries: Int, mean: Double, rms: Double, median: Double, quantiles: [Double]) {
        self.entries = entries
        self.mean = mean
        self.rms = rms
        self.median = median
        self.quantiles = quantiles
    }

    public init(_ values: [Double]) {
        entries = values.count
        guard !values.isEmpty else {
            mean = .nan; rms = .nan; median = .nan; quantiles = []
            return
        }
        let n = Double(values.count)
        mean = values.reduce(0, +) / n
        let m = mean
        rms = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n).squareRoot()
        let sorted = values.sorted()
        func quantile(_ q: Double) -> Double {
            let h = q * Double(sorted.count - 1)
            let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        median = quantile(0.5)
        quantiles = [0.1, 0.25, 0.75, 0.9].map(quantile)
    }
}

/// Our sample against one reference observable: unbinned statistics side by side, and two
/// shape tests on the reference's own binning (under- and overflow as two more bins):
///
/// * χ² of two histograms with unweighted entries (the "UU" test of N. D. Gagunashvili,
///   "Comparison of weighted and unweighted histograms", arXiv:physics/0605123, as in ROOT's
///   `TH1::Chi2Test`): χ² = Σᵢ (R nᵢ − N rᵢ)² / (N R (nᵢ + rᵢ)), over bins with nᵢ + rᵢ > 0,
///   ndf = (number of such bins) − 1, where n, N are ours and r, R the reference's;
/// * the Kolmogorov distance of the binned cumulative distributions, max |F_ours − F_ref| at
///   the bin edges.
public struct DistributionComparison: Sendable {
    public var name: String
    public var unit: String
    public var ours: SampleSummary
    public var reference: SampleSummary
    public var chi2: Double
    public var ndf: Int
    public var kolmogorovDistance: Double

    public init(name: String, values: [Double], reference r: PythiaReference.Observable) {
        self.name = name
        unit = r.unit ?? ""
        ours = SampleSummary(values)
        reference = SampleSummary(entries: Int(r.entries), mean: r.mean, rms: r.rms, median: r.median,
                                  quantiles: ["0.1", "0.25", "0.75", "0.9"].compactMap { r.quantiles?[$0] })
        // Our histogram: [underflow, bins…, overflow].
        let edges = r.binEdges
        var counts = [Double](repeating: 0, count: edges.count + 1)
        for v in values {
            if v < edges[0] { counts[0] += 1; continue }
            if v >= edges[edges.count - 1] { counts[edges.count] += 1; continue }
            var lo = 0, hi = edges.count - 1     // edges[lo] ≤ v < edges[hi]
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if edges[mid] <= v { lo = mid } else { hi = mid }
            }
            counts[lo + 1] += 1
        }
        let refCounts = [r.underflow] + r.counts + [r.overflow]
        let n = Double(values.count), bigR = refCounts.reduce(0, +)
        var chi2 = 0.0, used = 0, cumOurs = 0.0, cumRef = 0.0, ks = 0.0
        for (ni, ri) in zip(counts, refCounts) {
            if ni + ri > 0 {
                let d = bigR * ni - n * ri
                chi2 += d * d / (n * bigR * (ni + ri))
                used += 1
            }
            cumOurs += ni / n
            cumRef += ri / bigR
            ks = Swift.max(ks, abs(cumOurs - cumRef))
        }
        self.chi2 = chi2
        ndf = Swift.max(used - 1, 1)
        kolmogorovDistance = ks
    }

    /// Standard error of the difference of the two means, √(σ²/N + σ_ref²/N_ref).
    public var meanDifferenceSigma: Double {
        (ours.rms * ours.rms / Double(ours.entries)
            + reference.rms * reference.rms / Double(reference.entries)).squareRoot()
    }

    /// Is our mean within `relativeTolerance` of the reference's plus two standard errors of
    /// the difference? (The tolerance is what the model may miss by; the 2σ allow for the
    /// statistics of both samples.)
    public func meanAgrees(relativeTolerance: Double) -> Bool {
        abs(ours.mean - reference.mean) <= relativeTolerance * abs(reference.mean) + 2 * meanDifferenceSigma
    }
}
