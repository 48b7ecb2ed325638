import Foundation
import EventModel
import Detector

/// Per-cell data that topo-clustering looks up for every cell it touches, built once per
/// calorimeter layout and shared: cell centres, region, which of the eight cluster layer
/// energies the cell feeds, and the 3D neighbour lists.
///
/// Neighbours (ATLAS "all3D", arXiv:1603.02934 §2.2): in the same layer, the cells sharing
/// an edge or a corner in η–φ (8 inside a region; more where a region meets a finer one,
/// and across η = 0); in the layers in front of and behind it along a line from the
/// interaction point, every cell that overlaps it in η–φ. Which layers are "in front" and
/// "behind" is read off the geometry, not the names: lines from the origin are followed
/// through the calorimeter boxes every 0.005 in η, and two read-out volumes crossed one
/// after the other (dead material in between allowed) are adjacent at that η — only there
/// (EM middle and Tile A touch where the EM back layer ends, not at η = 0.5). This joins EM barrel
/// back → Tile A, EM end-cap back → HEC 0, FCal 1 → 2 and the barrel/end-cap overlaps.
/// Stored as compressed rows: `neighbours[first[c] ..< first[c + 1]]`.
public final class CellTopology: Sendable {
    /// Cell centres.
    public let eta: [Float]
    public let phi: [Float]
    public let cosPhi: [Float]
    public let sinPhi: [Float]
    /// Index into `Detector.cells.regions`.
    public let region: [UInt16]
    /// Time of flight at c from the origin to the cell's centre (the middle of the line at the
    /// cell's η through its volume), ns: what a prompt particle's cell time holds.
    public let flightTime: [Float]
    /// 0–3: EM layer (presampler, strips, middle, back), 4–7: hadronic layer 0–3, −1: none.
    public let layerSlot: [Int8]
    public let first: [Int32]
    public let neighbours: [UInt32]
    /// Pairs of adjacent card volumes (both orders), for inspection and tests.
    public let adjacentVolumes: [[Int]]
    /// The same per-cell data packed one record per cell, for topo-clustering: a cell it
    /// touches costs one cache line instead of one per array (the arrays span 190 000 cells,
    /// far beyond the L2 cache, and are read in an order set by the event's showers).
    let records: [CellRecord]
    /// `records`, `first` and `neighbours` again, in memory backed by 2 MB pages where the
    /// kernel allows it (``HugePageArray``): the clusterer reads them in shower order, and
    /// with 4 kB pages their 16 MB span four times the pages the core's TLB maps (2 048).
    let clusteringRecords: HugePageArray<CellRecord>
    let clusteringFirst: HugePageArray<Int32>
    let clusteringNeighbours: HugePageArray<UInt32>

    public init(detector: Detector) {
        let cells = detector.cells
        let volumes = detector.card.calorimeter.volumes
        let n = cells.count
        var eta = [Float](repeating: 0, count: n)
        var phi = [Float](repeating: 0, count: n)
        var region = [UInt16](repeating: 0, count: n)
        var slotOfVolume = CellTopology.layerSlots(detector: detector)
        var layerSlot = [Int8](repeating: -1, count: n)
        var flightTime = [Float](repeating: 0, count: n)
        for (k, r) in cells.regions.enumerated() {
            let dphi = 2 * Double.pi / Double(r.phiCells)
            for side in 0..<2 {
                for i in 0..<r.etaCells {
                    let a = r.etaMin + (Double(i) + 0.5) * r.deltaEta
                    let tof = Float(CellTopology.flightDistance(detector: detector, volume: r.volume, eta: side == 0 ? a : -a)
                                    / speedOfLightMMPerNS)
                    for j in 0..<r.phiCells {
                        flightTime[r.firstID + side * r.perSide + i * r.phiCells + j] = tof
                        let id = r.firstID + side * r.perSide + i * r.phiCells + j
                        eta[id] = Float(side == 0 ? a : -a)
                        phi[id] = Float(-Double.pi + (Double(j) + 0.5) * dphi)
                        region[id] = UInt16(k)
                        layerSlot[id] = slotOfVolume[r.volume]
                    }
                }
            }
        }
        slotOfVolume.removeAll()

        let adjacent = CellTopology.adjacency(detector: detector)
        var first = [Int32](repeating: 0, count: n + 1)
        var list: [UInt32] = []
        list.reserveCapacity(n * 14)
        var scratch: [Int] = []
        // Rows in id order: volume, side, region, η, φ.
        var nextID = 0
        for v in volumes.indices {
            for side in 0..<2 { for k in cells.regionsOfVolume[v] {
                let r = cells.regions[k]
                let dphi = 2 * Double.pi / Double(r.phiCells)
                for i in 0..<r.etaCells {
                    let lo = r.etaMin + Double(i) * r.deltaEta, hi = lo + r.deltaEta
                    let (etaLo, etaHi) = side == 0 ? (lo, hi) : (-hi, -lo)
                    for j in 0..<r.phiCells {
                        let id = r.firstID + side * r.perSide + i * r.phiCells + j
                        let phiLo = -Double.pi + Double(j) * dphi
                        // Same layer: touching cells (window widened by a hair).
                        let eps = 1e-7
                        scratch.removeAll(keepingCapacity: true)
                        CellTopology.cellsOverlapping(cells, volume: r.volume, etaLo: etaLo - eps, etaHi: etaHi + eps,
                                                      phiLo: phiLo - eps, phiHi: phiLo + dphi + eps, into: &scratch)
                        // Adjacent layers: overlapping cells (window narrowed by a hair).
                        // Only where the two volumes are consecutive along a line through the
                        // overlap of the two cells (symmetric by construction).
                        for a in adjacent[r.volume] where a.covers(etaLo, etaHi) {
                            let start = scratch.count
                            CellTopology.cellsOverlapping(cells, volume: a.volume, etaLo: etaLo + eps, etaHi: etaHi - eps,
                                                          phiLo: phiLo + eps, phiHi: phiLo + dphi - eps, into: &scratch)
                            var kept = start
                            for m in start..<scratch.count {
                                let c = scratch[m]
                                let half = 0.5 * cells.regions[Int(region[c])].deltaEta
                                let lo = max(etaLo, Double(eta[c]) - half), hi = min(etaHi, Double(eta[c]) + half)
                                // Rounded to 1e-6 so that both directions decide alike.
                                if a.covers((lo * 1e6).rounded() / 1e6, (hi * 1e6).rounded() / 1e6) { scratch[kept] = c; kept += 1 }
                            }
                            scratch.removeLast(scratch.count - kept)
                        }
                        for c in scratch where c != id { list.append(UInt32(c)) }
                        precondition(id == nextID, "cell rows out of id order")
                        nextID += 1
                        first[id + 1] = Int32(list.count)
                    }
                }
            } }
        }
        precondition(nextID == n, "cells without a row")
        self.eta = eta
        self.phi = phi
        let cosPhi = phi.map { Float(cos(Double($0))) }, sinPhi = phi.map { Float(sin(Double($0))) }
        self.cosPhi = cosPhi
        self.sinPhi = sinPhi
        self.region = region
        self.layerSlot = layerSlot
        self.flightTime = flightTime
        self.first = first
        self.neighbours = list
        self.adjacentVolumes = adjacent.map { $0.map(\.volume) }
        var records: [CellRecord] = []
        records.reserveCapacity(n)
        for c in 0..<n {
            let count = Int(first[c + 1] - first[c])
            precondition(count <= Int(UInt8.max), "cell \(c) has \(count) neighbours, more than a record holds")
            records.append(CellRecord(eta: eta[c], cosPhi: cosPhi[c], sinPhi: sinPhi[c], flightTime: flightTime[c],
                                      firstNeighbour: first[c], region: region[c], layerSlot: layerSlot[c],
                                      neighbourCount: UInt8(count)))
        }
        self.records = records
        clusteringRecords = HugePageArray(records)
        clusteringFirst = HugePageArray(first)
        clusteringNeighbours = HugePageArray(list)
    }

    /// Distance from the origin to the middle of the stretch of the line at `eta` inside the
    /// volume (mm); for a line missing it (a cell at the box's η edge), the nearest point of
    /// the volume's r–z box centre line.
    static func flightDistance(detector: Detector, volume: Int, eta: Double) -> Double {
        let theta = 2 * atan(exp(-eta))
        let direction = Vector3(sin(theta), 0, cos(theta))
        if let s = detector.calorimeterSegments(origin: Vector3(0, 0, 0), direction: direction).first(where: { $0.volume == volume }) {
            return 0.5 * (s.entry + s.exit)
        }
        let v = detector.card.calorimeter.volumes[volume]
        let r = 0.5 * (v.rMinMM + v.rMaxMM), z = 0.5 * (v.zMinMM + v.zMaxMM)
        return (r * r + z * z).squareRoot()
    }

    /// Appends the ids of volume `volume`'s cells whose η–φ extent overlaps the window
    /// (φ window may extend beyond ±π; it wraps).
    static func cellsOverlapping(_ cells: CalorimeterCells, volume: Int, etaLo: Double, etaHi: Double,
                                 phiLo: Double, phiHi: Double, into out: inout [Int]) {
        for k in cells.regionsOfVolume[volume] {
            let r = cells.regions[k]
            let dphi = 2 * Double.pi / Double(r.phiCells)
            var jLo = Int(((phiLo + Double.pi) / dphi).rounded(.down))
            var jHi = Int(((phiHi + Double.pi) / dphi).rounded(.up)) - 1
            if jHi - jLo + 1 >= r.phiCells { jLo = 0; jHi = r.phiCells - 1 }
            for side in 0..<2 {
                // The window in |η| on this side.
                let (aLo, aHi) = side == 0 ? (etaLo, etaHi) : (-etaHi, -etaLo)
                let lo = max(aLo, r.etaMin), hi = min(aHi, r.etaMax)
                guard hi > lo else { continue }
                let iLo = max(0, Int(((lo - r.etaMin) / r.deltaEta).rounded(.down)))
                let iHi = min(r.etaCells - 1, Int(((hi - r.etaMin) / r.deltaEta).rounded(.up)) - 1)
                guard iHi >= iLo else { continue }
                let base = r.firstID + side * r.perSide
                for i in iLo...iHi {
                    for jj in jLo...jHi {
                        var j = jj % r.phiCells
                        if j < 0 { j += r.phiCells }
                        out.append(base + i * r.phiCells + j)
                    }
                }
            }
        }
    }

    /// Where two read-out volumes are crossed one after the other by a line from the origin.
    struct Adjacency {
        var volume: Int
        /// The η values (sampled every `step`) of the lines on which they are consecutive.
        var etas: [Double]
        static let step = 0.005

        /// Whether they are consecutive somewhere in [lo, hi] (to within one sampling step).
        func covers(_ lo: Double, _ hi: Double) -> Bool {
            var a = 0, b = etas.count
            while a < b {
                let m = (a + b) / 2
                if etas[m] < lo - Adjacency.step { a = m + 1 } else { b = m }
            }
            return a < etas.count && etas[a] <= hi + Adjacency.step
        }
    }

    /// Read-out volumes crossed one after the other by lines from the origin, with where.
    static func adjacency(detector: Detector) -> [[Adjacency]] {
        let volumes = detector.card.calorimeter.volumes
        var pairs: [[Int]: [Double]] = [:]
        let cells = detector.cells
        let samples = Int((2 * 4.95 / Adjacency.step).rounded())
        for k in 0...samples {
            let eta = -4.95 + Double(k) * Adjacency.step
            let theta = 2 * atan(exp(-eta))
            let direction = Vector3(sin(theta), 0, cos(theta))
            var previous: Int?
            for s in detector.calorimeterSegments(origin: Vector3(0, 0, 0), direction: direction) {
                let v = s.volume
                guard volumes[v].kind != .passive, cells.regionIndex(volume: v, eta: eta) != nil else { continue }
                if let p = previous, p != v {
                    pairs[[p, v], default: []].append(eta)
                    pairs[[v, p], default: []].append(eta)
                }
                previous = v
            }
        }
        var out = [[Adjacency]](repeating: [], count: volumes.count)
        for key in pairs.keys.sorted(by: { ($0[0], $0[1]) < ($1[0], $1[1]) }) {
            out[key[0]].append(Adjacency(volume: key[1], etas: pairs[key]!.sorted()))
        }
        return out
    }

    /// Which cluster layer energy each volume feeds. Known ATLAS names map as ATLAS reads
    /// them (PreSampler → EM 0; EMB/EME 1, 2, 3 → EM 1, 2, 3; FCal1 → EM 2, the bulk of a
    /// forward EM shower; Tile A, BC, D (…0, 1, 2) → had 0, 1, 2; HEC 0–3 → had 0–3;
    /// FCal2, FCal3 → had 0, 1, in depth order). Any other read-out volume: its depth rank
    /// among the volumes of its kind on the line through its middle, capped at 3.
    static func layerSlots(detector: Detector) -> [Int8] {
        let volumes = detector.card.calorimeter.volumes
        func known(_ name: String) -> Int? {
            let table: [(String, Int)] = [
                ("PreSampler", 0), ("EMB1", 1), ("EMB2", 2), ("EMB3", 3), ("EME1", 1), ("EME2", 2), ("EME3", 3),
                ("FCal1", 2), ("TileBar0", 4), ("TileBar1", 5), ("TileBar2", 6), ("TileExt0", 4), ("TileExt1", 5),
                ("TileExt2", 6), ("HEC0", 4), ("HEC1", 5), ("HEC2", 6), ("HEC3", 7), ("FCal2", 4), ("FCal3", 5),
            ]
            return table.first { name.hasPrefix($0.0) }?.1
        }
        return volumes.enumerated().map { v, vol in
            if vol.kind == .passive { return -1 }
            if let s = known(vol.name) { return Int8(s) }
            // Depth rank along the line through the middle of the volume.
            let r = 0.5 * (vol.rMinMM + vol.rMaxMM), z = 0.5 * (vol.zMinMM + vol.zMaxMM)
            let direction = Vector3(r, 0, z).unit
            var rank = 0
            for s in detector.calorimeterSegments(origin: Vector3(0, 0, 0), direction: direction) {
                if s.volume == v { break }
                if volumes[s.volume].kind == vol.kind { rank += 1 }
            }
            return Int8((vol.kind == .em ? 0 : 4) + min(rank, 3))
        }
    }

    // MARK: Shared instances

    private static let cache = TopologyCache()

    /// The topology of a detector's calorimeter, built on first use and kept for the
    /// process (a few tens of MB for the ATLAS card; built in well under a second in release).
    public static func shared(for detector: Detector) -> CellTopology {
        cache.topology(for: detector)
    }
}

/// What topo-clustering reads of one cell (24 bytes), see ``CellTopology``'s arrays of the
/// same names; the neighbours are `neighbours[firstNeighbour ..< firstNeighbour + neighbourCount]`.
struct CellRecord: Sendable {
    var eta: Float
    var cosPhi: Float
    var sinPhi: Float
    var flightTime: Float
    var firstNeighbour: Int32
    var region: UInt16
    var layerSlot: Int8
    var neighbourCount: UInt8
}

/// A small lock-protected cache keyed by the calorimeter description.
private final class TopologyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(DetectorCard.Calorimeter, CellTopology)] = []

    func topology(for detector: Detector) -> CellTopology {
        lock.lock()
        if let hit = entries.first(where: { $0.0 == detector.card.calorimeter }) {
            lock.unlock()
            return hit.1
        }
        lock.unlock()
        let built = CellTopology(detector: detector)
        lock.lock()
        defer { lock.unlock() }
        if let hit = entries.first(where: { $0.0 == detector.card.calorimeter }) { return hit.1 }
        if entries.count >= 4 { entries.removeFirst() }
        entries.append((detector.card.calorimeter, built))
        return built
    }
}
