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
        let cellCount = detector.cells.count
        let sigma: [Double] = detector.cells.regions.indices.map {
            detector.cells.noiseMeV(region: $0, mu: config.pileupMu) * MeV
        }
        let n = cells.count
        // The id → index map: a cell-count array of −1, borrowed from a pool and reset
        // after use (only the entries set), so an event does not pay for 190 000 entries.
        var indexOf = IndexMapPool.shared.take(count: cellCount)
        defer {
            for c in cells where Int(c.cell) < cellCount { indexOf[Int(c.cell)] = -1 }
            IndexMapPool.shared.give(indexOf)
        }
        // Per-event work arrays, all of the read-out cell count: significance |E|/σ; label,
        // the index into `seeds` of the cluster the cell joined (−1: none); the growth queue
        // (each cell enters it at most once); the cluster slot of each cell for the sums.
        var significance = [Double](repeating: 0, count: n)
        var label = [Int32](repeating: -1, count: n)
        var queue = [Int32](repeating: 0, count: n)
        // Which cell ids were read out, one bit each (24 kB for 190 000 cells: it stays in the
        // core's caches, where the id → index map does not): most neighbours of a growing cell were
        // not read out, and the bit answers for them without the map's cache miss.
        var present = [UInt64](repeating: 0, count: (cellCount + 63) / 64)
        var seeds: [Int32] = []
        var clusters: [TopoCluster] = []
        let grow = config.growSignificance, perimeter = config.perimeterSignificance, seedCut = config.seedSignificance
        cells.withUnsafeBufferPointer { cells in
        topology.region.withUnsafeBufferPointer { regionOf in
        topology.records.withUnsafeBufferPointer { rec in
        indexOf.withUnsafeMutableBufferPointer { indexOf in
        significance.withUnsafeMutableBufferPointer { significance in
        present.withUnsafeMutableBufferPointer { present in
            for i in 0..<n {
                let id = Int(cells[i].cell)
                guard id < cellCount else { continue }
                indexOf[id] = Int32(i)
                present[id &>> 6] |= 1 &<< UInt64(id & 63)
                // The 2-byte region array, not the records: the cells come sorted by id, so
                // this walks it forward with the hardware prefetcher's help.
                let s = sigma[Int(regionOf[id])]
                let e = abs(Double(cells[i].energy))
                significance[i] = s > 0 ? e / s : (e > 0 ? .infinity : 0)
                if significance[i] > seedCut { seeds.append(Int32(i)) }
            }
            guard !seeds.isEmpty else { return }
            seeds.sort { significance[Int($0)] != significance[Int($1)] ? significance[Int($0)] > significance[Int($1)] : $0 < $1 }

            // parent: union–find over seeds; the root is the most significant seed.
            var parent = [Int32](0..<Int32(seeds.count))
            parent.withUnsafeMutableBufferPointer { parent in
            label.withUnsafeMutableBufferPointer { label in
            queue.withUnsafeMutableBufferPointer { queue in
            topology.neighbours.withUnsafeBufferPointer { nb in
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
                // The loop waits on memory (records, neighbour rows and the id → index map span
                // megabytes, visited in shower order): reading the record and first neighbour
                // of a cell a few places ahead in the queue starts those cache misses early.
                var touched: UInt32 = 0
                while head < tail {
                    // Three chained misses (record → neighbour row → map entry), spread over
                    // three cells of the queue so that no read waits on another's miss.
                    if head + 3 * lookahead < tail {
                        touched &+= UInt32(bitPattern: rec[Int(cells[Int(queue[head + 3 * lookahead])].cell)].firstNeighbour)
                    }
                    if head + 2 * lookahead < tail {
                        touched &+= nb[Int(rec[Int(cells[Int(queue[head + 2 * lookahead])].cell)].firstNeighbour)]
                    }
                    if head + lookahead < tail {
                        let ahead = rec[Int(cells[Int(queue[head + lookahead])].cell)]
                        touched &+= UInt32(truncatingIfNeeded: indexOf[Int(nb[Int(ahead.firstNeighbour)])])
                    }
                    let c = Int(queue[head])
                    head += 1
                    let r = rec[Int(cells[c].cell)]
                    var mine = find(label[c])
                    let lo = Int(r.firstNeighbour)
                    for k in lo..<(lo + Int(r.neighbourCount)) {
                        let id = Int(nb[k])
                        guard present[id &>> 6] & (1 &<< UInt64(id & 63)) != 0 else { continue }
                        let j = Int(indexOf[id])
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

                // Keeps the look-ahead reads (the branch is practically never taken).
                if touched == 0x5eed_f00d { LookAheadSink.shared.add() }

                // Sum the cells of each cluster, in cell order: first each cell's cluster slot
                // (in order of first appearance) and the cluster sizes, then the sums.
                var slotOfRoot = [Int32](repeating: -1, count: seeds.count)
                var sizes: [Int] = []
                for i in 0..<n where label[i] >= 0 {
                    let root = Int(find(label[i]))
                    if slotOfRoot[root] < 0 {
                        slotOfRoot[root] = Int32(sizes.count)
                        sizes.append(0)
                    }
                    let slot = slotOfRoot[root]
                    label[i] = slot   // from here on: the cell's cluster slot
                    sizes[Int(slot)] += 1
                }
                var sums = sizes.map { ClusterSums(capacity: $0) }
                for i in 0..<n where label[i] >= 0 {
                    let cell = cells[i]
                    let r = rec[Int(cell.cell)]
                    sums[Int(label[i])].add(index: Int32(i), energy: Double(cell.energy), time: Double(cell.time - r.flightTime),
                                            eta: Double(r.eta), cosPhi: Double(r.cosPhi), sinPhi: Double(r.sinPhi),
                                            slot: Int(r.layerSlot))
                }
                clusters = sums.map { $0.cluster() }
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

/// How many queue places ahead the growth loop reads a cell's record (see there).
private let lookahead = 4
/// Written (almost never) from the look-ahead reads, so the optimizer keeps them; behind a
/// lock, as events may be clustered on several threads.
private final class LookAheadSink: @unchecked Sendable {
    static let shared = LookAheadSink()
    private let lock = NSLock()
    private var count = 0

    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }
}

/// Running sums of one cluster's cells.
struct ClusterSums {
    var energy = 0.0
    var absEnergy = 0.0
    var etaSum = 0.0
    var cosSum = 0.0
    var sinSum = 0.0
    var timeSum = 0.0
    var timeWeight = 0.0
    var layers = SIMD8<Double>()
    var cells: [Int32] = []

    init(capacity: Int = 0) { cells.reserveCapacity(capacity) }

    mutating func add(index: Int32, energy e: Double, time: Double, eta: Double, cosPhi: Double, sinPhi: Double, slot: Int) {
        energy += e
        let w = abs(e)
        absEnergy += w
        etaSum += w * eta
        cosSum += w * cosPhi
        sinSum += w * sinPhi
        if e > 0 {
            timeSum += e * e * time
            timeWeight += e * e
        }
        if slot >= 0 { layers[slot] += e }
        cells.append(index)
    }

    func cluster() -> TopoCluster {
        let eta = absEnergy > 0 ? etaSum / absEnergy : 0
        let phi = atan2(sinSum, cosSum)
        return TopoCluster(energy: energy, eta: eta, phi: phi, time: timeWeight > 0 ? timeSum / timeWeight : 0,
                           emLayerEnergies: [layers[0], layers[1], layers[2], layers[3]],
                           hadronicLayerEnergies: [layers[4], layers[5], layers[6], layers[7]],
                           cells: cells)
    }
}

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
