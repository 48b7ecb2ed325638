import Foundation

/// A one-dimensional histogram with explicit bin edges: bins are half-open [lo, hi), values
/// below the first edge go to `underflow`, at or above the last to `overflow`, NaN is
/// dropped and counted in `invalid`.
public struct Histogram1D: Sendable, Equatable {
    public var edges: [Double]
    public var counts: [Double]
    public var underflow = 0.0
    public var overflow = 0.0
    public var invalid = 0

    /// Empty bins on `edges` (at least two, increasing).
    public init(edges: [Double]) {
        precondition(edges.count >= 2, "a histogram needs at least two edges")
        self.edges = edges
        counts = [Double](repeating: 0, count: edges.count - 1)
    }

    /// `bins` equal bins from `lo` to `hi`.
    public init(bins: Int, from lo: Double, to hi: Double) {
        precondition(bins >= 1 && hi > lo)
        self.init(edges: (0...bins).map { lo + (hi - lo) * Double($0) / Double(bins) })
    }

    /// `bins` bins equal in log10 from `lo` to `hi` (both > 0).
    public init(logBins bins: Int, from lo: Double, to hi: Double) {
        precondition(bins >= 1 && lo > 0 && hi > lo)
        let a = log10(lo), b = log10(hi)
        self.init(edges: (0...bins).map { pow(10, a + (b - a) * Double($0) / Double(bins)) })
    }

    public mutating func fill(_ value: Double, weight: Double = 1) {
        guard !value.isNaN else { invalid += 1; return }
        if value < edges[0] { underflow += weight; return }
        if value >= edges[edges.count - 1] { overflow += weight; return }
        var lo = 0, hi = edges.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if edges[mid] <= value { lo = mid } else { hi = mid }
        }
        counts[lo] += weight
    }

    public mutating func fill<S: Sequence>(_ values: S) where S.Element == Double {
        for v in values { fill(v) }
    }

    /// Entries in the bins (not under- or overflow).
    public var inRange: Double { counts.reduce(0, +) }
    public var total: Double { inRange + underflow + overflow }

    /// The same shape scaled so that bin contents sum to `area` over all entries
    /// (under- and overflow included, so two samples compare as fractions of their events).
    public func normalized(to area: Double = 1) -> Histogram1D {
        let t = total
        guard t > 0 else { return self }
        var h = self
        h.counts = counts.map { $0 * area / t }
        h.underflow = underflow * area / t
        h.overflow = overflow * area / t
        return h
    }

    /// Bin contents divided by bin width: a density, for bins of unequal width.
    public func perUnitWidth() -> Histogram1D {
        var h = self
        for i in counts.indices { h.counts[i] = counts[i] / (edges[i + 1] - edges[i]) }
        return h
    }

    public var centres: [Double] { (0..<counts.count).map { (edges[$0] + edges[$0 + 1]) / 2 } }
}
