/// Where a number falls among a fixed, increasing list of numbers (the barrel layers' radii,
/// the discs' z, the straw layers and planes), found from a table of equal bins instead of
/// a bisection: the bin of x gives how many values lie below the bin's lower edge, and a
/// walk of a step or two from there (the values inside that bin) gives the exact count.
///
/// The counts are the bisection's, whatever the rounding of the bin's computation: the walk
/// goes forward while the next value is still below x and back while the previous one is
/// not, so it stops at the one partition point of a sorted list. The navigation asks this
/// once or twice per tracker crossing; its two bisections (4–5 steps each, a mispredicted
/// branch in most) were ≈ 40 M of the 3 148 M instructions of the μ = 0 bench (session 10).
public struct SortedIndex: Sendable {
    public let values: [Double]
    /// The first bin's lower edge (the smallest value) and the bins per mm.
    let origin: Double
    let inverseBinWidth: Double
    /// Per bin, the number of values below its lower edge.
    let countBelowBin: [Int]

    /// `values` increasing; `binWidth` (mm) at most the usual gap between values keeps the
    /// walk to about one step. At most `maximumBins` bins (the table's size).
    public init(_ values: [Double], binWidth: Double, maximumBins: Int = 4_096) {
        precondition(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "SortedIndex: values not increasing")
        self.values = values
        let low = values.first ?? 0, high = values.last ?? 0
        let bins = max(1, min(maximumBins, Int(((high - low) / binWidth).rounded(.up)) + 1))
        origin = low
        inverseBinWidth = high > low ? Double(bins - 1) / (high - low) : 0
        let width = high > low ? (high - low) / Double(bins - 1) : 0
        var counts: [Int] = []
        counts.reserveCapacity(bins)
        var k = 0
        for b in 0..<bins {
            let edge = low + Double(b) * width
            while k < values.count && values[k] < edge { k += 1 }
            counts.append(k)
        }
        countBelowBin = counts
    }

    /// The table's first guess for x: the count below its bin's lower edge (the first bin
    /// for x below the values or NaN, the last for x beyond them).
    @inline(__always)
    func start(_ x: Double) -> Int {
        let t = (x - origin) * inverseBinWidth
        let last = countBelowBin.count - 1
        let bin = t > 0 ? (t < Double(last) ? Int(t) : last) : 0
        return countBelowBin[bin]
    }

    /// The number of values ≤ x: the index of the first value above x.
    @inline(__always)
    public func countNotAbove(_ x: Double) -> Int {
        var i = start(x)
        while i < values.count && values[i] <= x { i += 1 }
        while i > 0 && !(values[i - 1] <= x) { i -= 1 }
        return i
    }

    /// The number of values < x: the index of the first value at or above x.
    @inline(__always)
    public func countBelow(_ x: Double) -> Int {
        var i = start(x)
        while i < values.count && values[i] < x { i += 1 }
        while i > 0 && !(values[i - 1] < x) { i -= 1 }
        return i
    }

    /// ``countNotAbove(_:)`` when it is `guess` — checked, not trusted: in an increasing list
    /// `values[i] ≤ x` holds for a first run of i only (for none if x is NaN), so c is the
    /// count exactly when values[c − 1] ≤ x < values[c] (ends excepted) — else from the table.
    /// The navigation guesses the layer or disc it has just crossed (≈ 8 instructions against
    /// ≈ 45 for the table's look-up).
    @inline(__always)
    public func countNotAbove(_ x: Double, guess c: Int) -> Int {
        if c >= 0, c <= values.count, c == 0 || values[c - 1] <= x, c == values.count || !(values[c] <= x) { return c }
        return countNotAbove(x)
    }

    /// ``countBelow(_:)`` when it is `guess`, checked as in ``countNotAbove(_:guess:)``.
    @inline(__always)
    public func countBelow(_ x: Double, guess c: Int) -> Int {
        if c >= 0, c <= values.count, c == 0 || values[c - 1] < x, c == values.count || !(values[c] < x) { return c }
        return countBelow(x)
    }
}
