import EventModel
import Foundation

/// A grid of tiles over (y, φ), each at least R wide, so that an object's neighbours within R
/// lie in its own tile or the 8 around it (Cacciari & Salam, hep-ph/0512210, §3; FastJet's
/// `_initialise_tiles`). φ wraps around; the first and last rapidity rows reach to ∓∞.
///
/// The layout is FastJet's, because the order in which tiles and their lists are visited
/// decides which of several exactly equal distances is taken first:
/// * tile size in y: max(0.1, R); in φ: 2π/n_φ with n_φ = max(3, ⌊2π/max(0.1, R)⌋);
/// * rapidity extent from FastJet's `TilingExtent`: a histogram of y in 40 unit bins over
///   [−20, 20) (objects with E = |pz| left out); the extent stops where the cumulated count
///   from either end first reaches max(4, ⌊max bin / 4⌋), capped by the largest bin, and is
///   never wider than the objects' own y range;
/// * neighbours listed as: itself, the row below (φ−1, φ, φ+1), (y, φ−1) — then the
///   "right-hand" ones — (y, φ+1), the row above (φ−1, φ, φ+1).
struct Tiling {
    var sizeY = 0.0
    var sizePhi = 0.0
    var countPhi = 0
    var yMin = 0.0
    var yMax = 0.0
    var rowCount = 0
    var tileCount = 0
    private var capacity = 0
    /// The geometry last laid out (size, first row, last row): one of the same shape keeps its
    /// neighbour lists and φ centres.
    private var laidOut = (size: -1.0, rowMin: 0, rowMax: -1)

    /// Per tile: first object of its list (−1 if empty), visit mark, largest nnDist of its
    /// objects so far (an upper bound, used to skip tiles that cannot matter).
    var head: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    var tagged: UnsafeMutablePointer<Bool> = .allocate(capacity: 1)
    var maxNNDist: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    /// Per tile: rapidity edges (∓∞ for the outer rows) and φ centre.
    var yLow: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    var yHigh: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    var phiCentre: UnsafeMutablePointer<Double> = .allocate(capacity: 1)
    /// Per tile: up to 9 neighbour tiles (itself first), their count, where the right-hand ones start.
    var neighbours: UnsafeMutablePointer<Int32> = .allocate(capacity: 9)
    var neighbourCount: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    var rightHandStart: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
    /// Per tile (and one past the last): where its objects start in the tile-ordered storage
    /// of the clustering's start, and a fill cursor (`ClusteringWorkspace.clusterTiled`).
    var rangeStart: UnsafeMutablePointer<Int32> = .allocate(capacity: 2)
    var rangeFill: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)

    func deallocate() {
        head.deallocate(); tagged.deallocate(); maxNNDist.deallocate(); yLow.deallocate()
        yHigh.deallocate(); phiCentre.deallocate(); neighbours.deallocate()
        neighbourCount.deallocate(); rightHandStart.deallocate()
        rangeStart.deallocate(); rangeFill.deallocate()
    }

    private mutating func reserve(_ n: Int) {
        guard n > capacity else { return }
        deallocate()
        capacity = n
        laidOut = (-1.0, 0, -1)
        head = .allocate(capacity: n); tagged = .allocate(capacity: n); maxNNDist = .allocate(capacity: n)
        yLow = .allocate(capacity: n); yHigh = .allocate(capacity: n); phiCentre = .allocate(capacity: n)
        neighbours = .allocate(capacity: 9 * n); neighbourCount = .allocate(capacity: n)
        rightHandStart = .allocate(capacity: n)
        rangeStart = .allocate(capacity: n + 1); rangeFill = .allocate(capacity: n)
    }

    /// FastJet's `TilingExtent`: the rapidity range worth tiling.
    /// (`jets[i]` holds input i's rapidity.)
    static func rapidityExtent(_ inputs: UnsafeBufferPointer<FourVector>, _ jets: UnsafeMutablePointer<BriefJet>) -> (Double, Double) {
        // 40 unit bins over [−20, 20), on the stack.
        var countStorage = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                            0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                            0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                            0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        return withUnsafeMutableBytes(of: &countStorage) { raw in
            rapidityExtent(inputs, jets, counts: raw.bindMemory(to: Double.self).baseAddress!)
        }
    }

    private static func rapidityExtent(_ inputs: UnsafeBufferPointer<FourVector>, _ jets: UnsafeMutablePointer<BriefJet>,
                                       counts: UnsafeMutablePointer<Double>) -> (Double, Double) {
        let halfBins = 20
        var minY = Double.greatestFiniteMagnitude, maxY = -Double.greatestFiniteMagnitude
        for i in 0..<inputs.count {
            if inputs[i].e == abs(inputs[i].pz) { continue }
            let y = jets[i].y
            if y < minY { minY = y }
            if y > maxY { maxY = y }
            var bin = Int(y + Double(halfBins))   // truncation, as C++ int()
            if bin < 0 { bin = 0 }
            if bin >= 2 * halfBins { bin = 2 * halfBins - 1 }
            counts[bin] += 1
        }
        // Nothing to histogram (every object along the beam): FastJet's extent is then
        // undefined; one row around y = 0 is as good as any.
        if minY > maxY { return (0, 0) }
        var maxInBin = 0.0
        for bin in 0..<(2 * halfBins) where counts[bin] > maxInBin { maxInBin = counts[bin] }
        var allowed = (max(maxInBin * 0.25, 4.0)).rounded(.down)
        if allowed > maxInBin { allowed = maxInBin }
        var cumulative = 0.0
        for bin in 0..<(2 * halfBins) {
            cumulative += counts[bin]
            if cumulative >= allowed {
                let y = Double(bin - halfBins)
                if y > minY { minY = y }
                break
            }
        }
        cumulative = 0
        for bin in stride(from: 2 * halfBins - 1, through: 0, by: -1) {
            cumulative += counts[bin]
            if cumulative >= allowed {
                let y = Double(bin - halfBins + 1)
                if y < maxY { maxY = y }
                break
            }
        }
        return (minY, maxY)
    }

    /// Lays out the tiles for radius R over the given rapidity extent, all empty.
    mutating func layOut(radius: Double, extent: (Double, Double)) {
        let size = max(0.1, radius)
        sizeY = size
        countPhi = max(3, Int((2 * Double.pi / size).rounded(.down)))
        sizePhi = 2 * Double.pi / Double(countPhi)
        let rowMin = Int((extent.0 / size).rounded(.down))
        let rowMax = Int((extent.1 / size).rounded(.down))
        yMin = Double(rowMin) * size
        yMax = Double(rowMax) * size
        rowCount = rowMax - rowMin + 1
        tileCount = rowCount * countPhi
        reserve(tileCount)
        // The neighbour lists and φ centres depend on the numbers of rows and columns only.
        let sameShape = laidOut.size == size && laidOut.rowMax - laidOut.rowMin == rowMax - rowMin
        laidOut = (size, rowMin, rowMax)
        for row in 0..<rowCount {
            let low = row == 0 ? -Double.infinity : yMin + Double(row) * size
            let high = row == rowCount - 1 ? Double.infinity : yMin + Double(row + 1) * size
            for iphi in 0..<countPhi {
                let t = row * countPhi + iphi
                head[t] = -1
                tagged[t] = false
                maxNNDist[t] = 0
                yLow[t] = low
                yHigh[t] = high
            }
        }
        if sameShape { return }
        for row in 0..<rowCount {
            let base = row * countPhi
            for iphi in 0..<countPhi {
                let t = base + iphi
                phiCentre[t] = (Double(iphi) + 0.5) * sizePhi
                let left = iphi == 0 ? countPhi - 1 : iphi - 1
                let right = iphi == countPhi - 1 ? 0 : iphi + 1
                let list = neighbours + 9 * t
                var k = 0
                list[k] = Int32(t); k += 1
                if row > 0 {
                    let below = base - countPhi
                    list[k] = Int32(below + left); list[k + 1] = Int32(below + iphi); list[k + 2] = Int32(below + right)
                    k += 3
                }
                list[k] = Int32(base + left); k += 1
                rightHandStart[t] = Int32(k)
                list[k] = Int32(base + right); k += 1
                if row < rowCount - 1 {
                    let above = base + countPhi
                    list[k] = Int32(above + left); list[k + 1] = Int32(above + iphi); list[k + 2] = Int32(above + right)
                    k += 3
                }
                neighbourCount[t] = Int32(k)
            }
        }
    }

    /// The tile of (y, φ), as FastJet's `_tile_index(eta, phi)`.
    @inline(__always)
    func tileIndex(y: Double, phi: Double) -> Int {
        var row: Int
        if y <= yMin {
            row = 0
        } else if y >= yMax {
            row = rowCount - 1
        } else {
            row = Int((y - yMin) / sizeY)
            if row > rowCount - 1 { row = rowCount - 1 }
        }
        let iphi = Int((phi + 2 * Double.pi) / sizePhi) % countPhi
        return iphi + row * countPhi
    }

    /// A lower bound on ΔR² from (y, φ) to any object of tile t — less a margin of 10⁻⁹ in
    /// each direction for the rounding of the tile assignment — to skip tiles that cannot
    /// hold a nearer neighbour. The sum of `rapidityBound` and `phiBound`.
    @inline(__always)
    func distanceBound(y: Double, phi: Double, tile t: Int) -> Double {
        phiBound(phi: phi, tile: t) + rapidityBound(y: y, tile: t)
    }

    /// The Δy² part of `distanceBound`.
    @inline(__always)
    func rapidityBound(y: Double, tile t: Int) -> Double {
        let margin = 1e-9
        var dy = max(yLow[t] - y, y - yHigh[t]) - margin
        if !(dy > 0) { dy = 0 }
        return dy * dy
    }

    /// The Δφ² part of `distanceBound`.
    @inline(__always)
    func phiBound(phi: Double, tile t: Int) -> Double {
        let margin = 1e-9
        var dphi = abs(phi - phiCentre[t])
        if dphi > Double.pi { dphi = 2 * Double.pi - dphi }
        dphi -= 0.5 * sizePhi + margin
        if dphi < 0 { dphi = 0 }
        return dphi * dphi
    }
}
