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

        // Significance per read-out cell, and the cell-id → index map.
        let n = cells.count
        // The id → index map: a cell-count array of −1, borrowed from a pool and reset
        // after use (only the entries set), so an event does not pay for 190 000 entries.
        var indexOf = IndexMapPool.shared.take(count: cellCount)
        defer {
            for c in cells where Int(c.cell) < cellCount { indexOf[Int(c.cell)] = -1 }
            IndexMapPool.shared.give(indexOf)
        }
        var significance = [Double](repeating: 0, count: n)
        var seeds: [Int32] = []
        for i in 0..<n {
            let id = Int(cells[i].cell)
            guard id < cellCount else { continue }
            indexOf[id] = Int32(i)
            let s = sigma[Int(topology.region[id])]
            let e = abs(Double(cells[i].energy))
            significance[i] = s > 0 ? e / s : (e > 0 ? .infinity : 0)
            if significance[i] > config.seedSignificance { seeds.append(Int32(i)) }
        }
        guard !seeds.isEmpty else { return [] }
        seeds.sort { significance[Int($0)] != significance[Int($1)] ? significance[Int($0)] > significance[Int($1)] : $0 < $1 }

        // label[i]: index into `seeds` of the cluster the cell joined (−1: none).
        // parent: union–find over seeds; the root is the most significant seed.
        var label = [Int32](repeating: -1, count: n)
        var parent = [Int32](0..<Int32(seeds.count))
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        var queue: [Int32] = seeds
        queue.reserveCapacity(n)
        for (k, s) in seeds.enumerated() { label[Int(s)] = Int32(k) }
        let grow = config.growSignificance, perimeter = config.perimeterSignificance
        var head = 0
        topology.neighbours.withUnsafeBufferPointer { nb in
            topology.first.withUnsafeBufferPointer { first in
                while head < queue.count {
                    let c = Int(queue[head])
                    head += 1
                    let id = Int(cells[c].cell)
                    var mine = find(label[c])
                    for k in Int(first[id])..<Int(first[id + 1]) {
                        let j = Int(indexOf[Int(nb[k])])
                        guard j >= 0 else { continue }
                        let s = significance[j]
                        if s > grow {
                            if label[j] < 0 {
                                label[j] = mine
                                queue.append(Int32(j))
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
            }
        }

        // Sum the cells of each cluster.
        var slotOfRoot = [Int32](repeating: -1, count: seeds.count)
        var sums: [ClusterSums] = []
        for i in 0..<n where label[i] >= 0 {
            let root = Int(find(label[i]))
            if slotOfRoot[root] < 0 {
                slotOfRoot[root] = Int32(sums.count)
                sums.append(ClusterSums())
            }
            let id = Int(cells[i].cell)
            sums[Int(slotOfRoot[root])].add(index: Int32(i), energy: Double(cells[i].energy),
                                            time: Double(cells[i].time - topology.flightTime[id]),
                                            eta: Double(topology.eta[id]), cosPhi: Double(topology.cosPhi[id]),
                                            sinPhi: Double(topology.sinPhi[id]),
                                            slot: Int(topology.layerSlot[id]))
        }
        var clusters = sums.map { $0.cluster() }
        clusters.sort { a, b in
            if a.pt != b.pt { return a.pt > b.pt }
            if a.energy != b.energy { return a.energy > b.energy }
            return (a.cells.first ?? 0) < (b.cells.first ?? 0)
        }
        return clusters
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
    var layers = [Double](repeating: 0, count: 8)
    var cells: [Int32] = []

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
                           emLayerEnergies: Array(layers[0..<4]), hadronicLayerEnergies: Array(layers[4..<8]),
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
