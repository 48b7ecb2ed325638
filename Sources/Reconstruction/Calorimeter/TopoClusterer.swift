import CPrefetch
import Foundation
import EventModel
import Detector
import Digitization

/// Thresholds of the 4-2-0 topological clustering (ATLAS, Eur. Phys. J. C 77 (2017) 490,
/// arXiv:1603.02934 §2), in units of the cell's total noise σ.
public struct TopoClusterConfig: Sendable, Hashable {
    /// |E|/σ above which a cell seeds a cluster.
    public var seedSignificance: Double = 4
    /// |E|/σ above which a neighbour joins and keeps growing the cluster.
    public var growSignificance: Double = 2
    /// |E|/σ above which a neighbour of a growing cell joins as perimeter (0: every read-out
    /// neighbour with non-zero energy).
    public var perimeterSignificance: Double = 0
    /// Mean number of pile-up interactions the noise σ is computed for: σ = electronic ⊕
    /// pile-up·√(μ/40), the σ digitization used (`CalorimeterCells.noiseMeV(region:mu:)`).
    /// Must match `Digitization.Config.pileupMu`.
    public var pileupMu: Double = 0

    public init() {}

    public init(pileupMu: Double) {
        self.pileupMu = pileupMu
    }
}

/// Builds topo-clusters from the calorimeter cells of a raw event.
///
/// Cells with |E|/σ > 4 seed clusters (in decreasing significance); clusters grow through
/// 3D neighbours (``CellTopology``) with |E|/σ > 2, breadth first, merging when a growing
/// cell touches two clusters; the neighbours of the grown cells with |E|/σ > 0 are added
/// as a perimeter (to the first cluster that reaches them). No splitting at local maxima.
///
/// Cluster energy = Σ E of the cells (EM scale); η and φ are |E|-weighted means of the cell
/// centres (φ as the direction of Σ |E| (cos φ, sin φ)); time is the E²-weighted mean of the
/// times of the cells with E > 0 (as ATLAS: the few large cells dominate, noise cells with
/// their random times do not), each cell's time taken relative to a prompt particle — its
/// time of flight at c from the origin subtracted (ATLAS calibrates cell times so; the
/// digitized cell time holds the flight), so a prompt cluster has t ≈ 0 and a late one
/// (a slow or displaced decay) t > 0. Layer energies: see ``CellTopology/layerSlots(detector:)``.
public struct TopoClusterer: Sendable {
    public var config: TopoClusterConfig

    public init(config: TopoClusterConfig = TopoClusterConfig()) { self.config = config }

    /// Clusters sorted by pT, descending (ties: higher energy, then lower first cell index).
    /// An empty calorimeter gives no clusters; cells with an id outside the detector are ignored.
    public func callAsFunction(_ raw: RawEvent, in detector: Detector) -> [TopoCluster] {
        let cells = raw.calorimeterCells
        guard !cells.isEmpty else { return [] }
        let topology = CellTopology.shared(for: detector)
        // Its tables are read through their buffers below.
        defer { withExtendedLifetime(topology) {} }
        let cellCount = detector.cells.count
        let sigma: [Double] = detector.cells.regions.indices.map {
            detector.cells.noiseMeV(region: $0, mu: config.pileupMu) * MeV
        }
        let n = cells.count
        // Cell id → index in `cells`. Digitization stores the cells sorted by id (`RawEvent`):
        // then a cell's index is its rank among the read-out ids, the number of bits set
        // before it in the bitmap `present` (below) — 36 kB that stay in the core's caches,
        // where a cell-count map (760 kB, read in shower order) does not. Cells out of id
        // order (a hand-made event) fall back on such a map, borrowed from a pool and reset
        // after use (only the entries set).
        var increasing = true
        var previousID = -1
        for c in cells {
            let id = Int(c.cell)
            if id <= previousID { increasing = false; break }
            previousID = id
        }
        var indexOf: [Int32] = increasing ? [] : IndexMapPool.shared.take(count: cellCount)
        defer {
            if !increasing {
                for c in cells where Int(c.cell) < cellCount { indexOf[Int(c.cell)] = -1 }
                IndexMapPool.shared.give(indexOf)
            }
        }
        // Per-event work arrays, all of the read-out cell count: significance |E|/σ; label,
        // the index into `seeds` of the cluster the cell joined (−1: none); the growth queue
        // (each cell enters it at most once); the cluster slot of each cell for the sums.
        var significance = [Double](repeating: 0, count: n)
        var label = [Int32](repeating: -1, count: n)
        var queue = [Int32](repeating: 0, count: n)
        // Which cell ids were read out, one bit each (24 kB for 190 000 cells: it stays in the
        // core's caches): most neighbours of a growing cell were not read out, and the bit
        // answers for them; `rankBase[w]`, the read-out cells before word w, gives the index
        // of one that was.
        let words = (cellCount + 63) / 64
        var present = [UInt64](repeating: 0, count: words)
        var rankBase = [Int32](repeating: 0, count: increasing ? words : 0)
        var seeds: [Int32] = []
        var clusters: [TopoCluster] = []
        let grow = config.growSignificance, perimeter = config.perimeterSignificance, seedCut = config.seedSignificance
        cells.withUnsafeBufferPointer { cells in
        topology.region.withUnsafeBufferPointer { regionOf in
        do { let rec = topology.clusteringRecords.buffer
        do { let firstOf = topology.clusteringFirst.buffer
        indexOf.withUnsafeMutableBufferPointer { indexOf in
        rankBase.withUnsafeMutableBufferPointer { rankBase in
        significance.withUnsafeMutableBufferPointer { significance in
        present.withUnsafeMutableBufferPointer { present in
            for i in 0..<n {
                let id = Int(cells[i].cell)
                guard id < cellCount else { continue }
                if !increasing { indexOf[id] = Int32(i) }
                present[id &>> 6] |= 1 &<< UInt64(id & 63)
                // The 2-byte region array, not the records: the cells come sorted by id, so
                // this walks it forward with the hardware prefetcher's help.
                let s = sigma[Int(regionOf[id])]
                let e = abs(Double(cells[i].energy))
                significance[i] = s > 0 ? e / s : (e > 0 ? .infinity : 0)
                if significance[i] > seedCut { seeds.append(Int32(i)) }
            }
            guard !seeds.isEmpty else { return }
            if increasing {
                var before: Int32 = 0
                for w in 0..<words {
                    rankBase[w] = before
                    before &+= Int32(truncatingIfNeeded: present[w].nonzeroBitCount)
                }
            }
            // The index of a read-out cell id (`present` says it is one).
            @inline(__always) func index(of id: Int) -> Int {
                if increasing {
                    let w = id &>> 6
                    let below = present[w] & ((1 &<< UInt64(id & 63)) &- 1)
                    return Int(rankBase[w]) &+ below.nonzeroBitCount
                }
                return Int(indexOf[id])
            }
            // Decreasing significance, then increasing index (a total order).
            SeedOrder.sort(&seeds, significance: significance)

            // parent: union–find over seeds; the root is the most significant seed.
            var parent = [Int32](0..<Int32(seeds.count))
            parent.withUnsafeMutableBufferPointer { parent in
            label.withUnsafeMutableBufferPointer { label in
            queue.withUnsafeMutableBufferPointer { queue in
            do { let nb = topology.clusteringNeighbours.buffer
                @inline(__always) func find(_ x: Int32) -> Int32 {
                    var x = x
                    while parent[Int(x)] != x {
                        parent[Int(x)] = parent[Int(parent[Int(x)])]
                        x = parent[Int(x)]
                    }
                    return x
                }
                for (k, s) in seeds.enumerated() {
                    label[Int(s)] = Int32(k)
                    queue[k] = s
                }
                var head = 0, tail = seeds.count
                // The loop waits on memory (the neighbour rows span megabytes, visited in
                // shower order): prefetching the row start and the neighbour row of a cell a
                // few places ahead in the queue starts those cache misses early. The row starts
                // come from the 4-byte `first` array (760 kB, 16 cells a cache line) rather
                // than the 24-byte records, which only the sums below need. (Until session 10
                // these were plain reads, summed so the optimizer kept them: a read that misses
                // holds up the instructions behind it, a prefetch does not — perf put 40 % of
                // the clusterer's samples on those two reads.)
                let firstBase = firstOf.baseAddress!, nbBase = nb.baseAddress!
                while head < tail {
                    // Two chained misses (row start → neighbour row), spread over two cells of
                    // the queue so that the row start is in the cache when its row is asked for.
                    if head + 2 * lookahead < tail {
                        genreco_prefetch(firstBase + Int(cells[Int(queue[head + 2 * lookahead])].cell))
                    }
                    if head + lookahead < tail {
                        let id = Int(cells[Int(queue[head + lookahead])].cell)
                        // A row (≈ 14 neighbours, 56 bytes) may straddle two cache lines.
                        genreco_prefetch(nbBase + Int(firstOf[id]))
                        genreco_prefetch(nbBase + Int(firstOf[id + 1]) - 1)
                    }
                    let c = Int(queue[head])
                    head += 1
                    let id0 = Int(cells[c].cell)
                    var mine = find(label[c])
                    let lo = Int(firstOf[id0]), hi = Int(firstOf[id0 + 1])
                    for k in lo..<hi {
                        let id = Int(nb[k])
                        guard present[id &>> 6] & (1 &<< UInt64(id & 63)) != 0 else { continue }
                        let j = index(of: id)
                        guard j >= 0 else { continue }
                        let s = significance[j]
                        if s > grow {
                            if label[j] < 0 {
                                label[j] = mine
                                queue[tail] = Int32(j)
                                tail += 1
                            } else {
                                let other = find(label[j])
                                if other != mine {
                                    let (root, child) = other < mine ? (other, mine) : (mine, other)
                                    parent[Int(child)] = root
                                    mine = root
                                }
                            }
                        } else if s > perimeter, label[j] < 0 {
                            label[j] = mine
                        }
                    }
                }

                // Sum the cells of each cluster, in cell order: first each cell's cluster slot
                // (in order of first appearance) and the cluster sizes, then the sums — in flat
                // per-slot arrays, each cluster's cells gathered into one array of all the
                // clustered cells (offsets from the sizes), so a cell costs no array append.
                var slotOfRoot = [Int32](repeating: -1, count: seeds.count)
                var sizes: [Int32] = []
                // The sums read each clustered cell's record, 4.6 MB of them in id order but far
                // apart: this pass over the same cells asks for them all first (a few thousand
                // cache lines, which the L2 cache holds), so that those reads overlap.
                let recBase = rec.baseAddress!
                for i in 0..<n where label[i] >= 0 {
                    genreco_prefetch(recBase + Int(cells[i].cell))
                    let root = Int(find(label[i]))
                    if slotOfRoot[root] < 0 {
                        slotOfRoot[root] = Int32(sizes.count)
                        sizes.append(0)
                    }
                    let slot = slotOfRoot[root]
                    label[i] = slot   // from here on: the cell's cluster slot
                    sizes[Int(slot)] += 1
                }
                let m = sizes.count
                var fill = [Int](repeating: 0, count: m + 1)
                for k in 0..<m { fill[k + 1] = fill[k] + Int(sizes[k]) }
                let offsets = fill
                var members = [Int32](repeating: 0, count: fill[m])
                // Per slot: E, |E|, Σ|E|η, Σ|E|cos φ, Σ|E|sin φ, ΣE²t, ΣE², then the 8 layers.
                let width = 15
                var sums = [Double](repeating: 0, count: m * width)
                members.withUnsafeMutableBufferPointer { members in
                sums.withUnsafeMutableBufferPointer { sums in
                    for i in 0..<n where label[i] >= 0 {
                        let cell = cells[i]
                        let r = rec[Int(cell.cell)]
                        let slot = Int(label[i])
                        members[fill[slot]] = Int32(i)
                        fill[slot] += 1
                        let e = Double(cell.energy)
                        let x = sums.baseAddress! + slot * width
                        x[0] += e
                        let w = abs(e)
                        x[1] += w
                        x[2] += w * Double(r.eta)
                        x[3] += w * Double(r.cosPhi)
                        x[4] += w * Double(r.sinPhi)
                        if e > 0 {
                            let time = Double(cell.time - r.flightTime)
                            x[5] += e * e * time
                            x[6] += e * e
                        }
                        if r.layerSlot >= 0 { x[7 + Int(r.layerSlot)] += e }
                    }
                }
                }
                clusters.reserveCapacity(m)
                for k in 0..<m {
                    let x = sums[(k * width)..<(k * width + width)]
                    let b = x.startIndex
                    let absEnergy = x[b + 1]
                    let eta = absEnergy > 0 ? x[b + 2] / absEnergy : 0
                    let phi = atan2(x[b + 4], x[b + 3])
                    clusters.append(TopoCluster(
                        energy: x[b], eta: eta, phi: phi, time: x[b + 6] > 0 ? x[b + 5] / x[b + 6] : 0,
                        emLayerEnergies: [x[b + 7], x[b + 8], x[b + 9], x[b + 10]],
                        hadronicLayerEnergies: [x[b + 11], x[b + 12], x[b + 13], x[b + 14]],
                        cells: Array(members[offsets[k]..<offsets[k + 1]])))
                }
            }
            }
            }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        guard clusters.count > 1 else { return clusters }
        // pT once per cluster, not once per comparison; the order is total (the clusters'
        // cells are disjoint), so it does not depend on the sort algorithm.
        let pt = clusters.map(\.pt)
        var order = Array(clusters.indices)
        order.sort { a, b in
            if pt[a] != pt[b] { return pt[a] > pt[b] }
            if clusters[a].energy != clusters[b].energy { return clusters[a].energy > clusters[b].energy }
            return (clusters[a].cells.first ?? 0) < (clusters[b].cells.first ?? 0)
        }
        return order.map { clusters[$0] }
    }
}

/// The seeds' order: decreasing significance, equal ones by increasing index.
enum SeedOrder {
    /// Sorts `seeds` (cell indices, ascending on entry) by decreasing `significance`, equal
    /// significances keeping their ascending order. A significance is positive (> the seed
    /// cut) or +∞, never NaN, so its IEEE bit pattern orders as the value does; a stable
    /// least-significant-digit radix sort on the complemented bits (eight 8-bit passes, a
    /// pass skipped where all keys share that byte) gives the order without comparisons —
    /// a comparison sort of ≈ 1 800 seeds (a μ = 0 signal event) mispredicts a branch at
    /// nearly every other comparison.
    static func sort(_ seeds: inout [Int32], significance: UnsafeMutableBufferPointer<Double>) {
        let n = seeds.count
        guard n > 1 else { return }
        var keys = [UInt64](unsafeUninitializedCapacity: n) { out, count in
            for k in 0..<n { out[k] = ~significance[Int(seeds[k])].bitPattern }
            count = n
        }
        var spareKeys = [UInt64](repeating: 0, count: n)
        var spareSeeds = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 256)
        for pass in 0..<8 {
            let shift = UInt64(8 * pass)
            let done: Bool = keys.withUnsafeBufferPointer { keys in
                counts.withUnsafeMutableBufferPointer { counts in
                    for b in 0..<256 { counts[b] = 0 }
                    for k in 0..<n { counts[Int((keys[k] &>> shift) & 0xff)] += 1 }
                    if counts[Int((keys[0] &>> shift) & 0xff)] == n { return true }
                    var total = 0
                    for b in 0..<256 { let c = counts[b]; counts[b] = total; total += c }
                    return false
                }
            }
            if done { continue }
            keys.withUnsafeBufferPointer { keys in
            seeds.withUnsafeBufferPointer { seeds in
            spareKeys.withUnsafeMutableBufferPointer { outKeys in
            spareSeeds.withUnsafeMutableBufferPointer { outSeeds in
            counts.withUnsafeMutableBufferPointer { counts in
                for k in 0..<n {
                    let b = Int((keys[k] &>> shift) & 0xff)
                    let at = counts[b]
                    counts[b] = at + 1
                    outKeys[at] = keys[k]
                    outSeeds[at] = seeds[k]
                }
            }
            }
            }
            }
            }
            swap(&keys, &spareKeys)
            swap(&seeds, &spareSeeds)
        }
    }
}

/// How many queue places ahead the growth loop prefetches a cell's neighbour row (and twice
/// that, its row start; see there).
private let lookahead = 4

/// Reusable cell-id → index maps (all −1 when in the pool). Callers on several threads each
/// take their own; the pool keeps a few.
final class IndexMapPool: @unchecked Sendable {
    static let shared = IndexMapPool()
    private let lock = NSLock()
    private var free: [[Int32]] = []

    func take(count: Int) -> [Int32] {
        lock.lock()
        defer { lock.unlock() }
        while let map = free.popLast() {
            if map.count == count { return map }
        }
        return [Int32](repeating: -1, count: count)
    }

    func give(_ map: [Int32]) {
        lock.lock()
        defer { lock.unlock() }
        if free.count < 8 { free.append(map) }
    }
}
