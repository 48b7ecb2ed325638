import Foundation
import EventModel

/// A calorimeter cell: a dense number 0 ..< ``CalorimeterCells/count`` (fixed for a card),
/// so that per-event arrays can be indexed by it.
public typealias CellID = UInt32

/// The numbering and look-up of calorimeter cells.
///
/// Cells of volume v, side s (0: η ≥ 0, 1: η < 0), region g, η index i, φ index j have
///
///     id = first(v) + s · perSide(v) + offset(v, g) + i · nφ(g) + j
///
/// with i = ⌊(|η| − η_min)/Δη⌋ and j = ⌊(φ + π) nφ / 2π⌋ mod nφ. A mirrored end-cap
/// uses side 0 for its z > 0 copy and side 1 for z < 0, which is the same thing.
public struct CalorimeterCells: Sendable {
    /// One |η| band of one volume.
    public struct Region: Sendable, Hashable {
        public var volume: Int
        public var index: Int
        public var etaMin: Double
        public var etaMax: Double
        public var deltaEta: Double
        public var etaCells: Int
        public var phiCells: Int
        /// First id of this region on side 0; side 1 adds the volume's `perSide`.
        public var firstID: Int
        public var perSide: Int
        public var electronicNoiseMeV: Double
        public var pileupNoiseMeVAtMu40: Double
        public var cellCount: Int { etaCells * phiCells }
    }

    /// Where a cell is, decoded from its id.
    public struct Cell: Sendable, Hashable {
        public var id: CellID
        public var volume: Int
        public var region: Int
        public var side: Int
        public var etaIndex: Int
        public var phiIndex: Int
        /// η and φ of the cell centre.
        public var eta: Double
        public var phi: Double
        public var deltaEta: Double
        public var deltaPhi: Double
    }

    /// All regions, ordered by `firstID` (volumes in card order).
    public let regions: [Region]
    /// Per card volume: its regions' indices into `regions` (empty for passive volumes).
    public let regionsOfVolume: [[Int]]
    /// Per card volume: first id and cells per side (0 for passive volumes).
    public let firstIDOfVolume: [Int]
    public let perSideOfVolume: [Int]
    /// Total number of cells.
    public let count: Int
    /// Per cell: its index in `regions` (a 2-byte table: the look-up digitization and
    /// clustering make per cell).
    let regionOfCell: [UInt16]

    init(card: DetectorCard) {
        var regions: [Region] = []
        var regionsOfVolume: [[Int]] = []
        var firstOfVolume: [Int] = []
        var perSideOfVolume: [Int] = []
        var next = 0
        for (v, vol) in card.calorimeter.volumes.enumerated() {
            let perSide = vol.regions.reduce(0) { $0 + $1.etaCells * $1.phiCells }
            firstOfVolume.append(next)
            perSideOfVolume.append(perSide)
            var offset = 0
            var mine: [Int] = []
            for (g, r) in vol.regions.enumerated() {
                mine.append(regions.count)
                regions.append(Region(volume: v, index: g, etaMin: r.etaMin, etaMax: r.etaMax, deltaEta: r.deltaEta,
                                      etaCells: r.etaCells, phiCells: r.phiCells, firstID: next + offset,
                                      perSide: perSide, electronicNoiseMeV: r.electronicNoiseMeV,
                                      pileupNoiseMeVAtMu40: r.pileupNoiseMeVAtMu40))
                offset += r.etaCells * r.phiCells
            }
            regionsOfVolume.append(mine)
            next += 2 * perSide
        }
        self.regions = regions
        self.regionsOfVolume = regionsOfVolume
        self.firstIDOfVolume = firstOfVolume
        self.perSideOfVolume = perSideOfVolume
        self.count = next
        precondition(next < Int(UInt32.max), "too many calorimeter cells")
        precondition(regions.count <= Int(UInt16.max), "too many calorimeter cell regions")
        var regionOfCell = [UInt16](repeating: 0, count: next)
        for (k, r) in regions.enumerated() {
            for side in 0..<2 {
                let first = r.firstID + side * r.perSide
                for id in first..<(first + r.cellCount) { regionOfCell[id] = UInt16(k) }
            }
        }
        self.regionOfCell = regionOfCell
    }

    /// The cell of volume `volume` at (η, φ), or nil when the volume has no cell there
    /// (passive volume, or |η| outside its regions: a crack).
    @inlinable
    public func cellID(volume: Int, eta: Double, phi: Double) -> CellID? {
        guard eta.isFinite, phi.isFinite else { return nil }
        let a = abs(eta)
        for k in regionsOfVolume[volume] {
            let r = regions[k]
            guard a >= r.etaMin && a < r.etaMax else { continue }
            let i = min(Int((a - r.etaMin) / r.deltaEta), r.etaCells - 1)
            var j = Int(((phi + Double.pi) / (2 * Double.pi)) * Double(r.phiCells)) % r.phiCells
            if j < 0 { j += r.phiCells }
            let side = eta < 0 ? r.perSide : 0
            return CellID(r.firstID + side + i * r.phiCells + j)
        }
        return nil
    }

    /// Index into `regions` of the region of volume `volume` that covers |η|, or nil.
    @inlinable
    public func regionIndex(volume: Int, eta: Double) -> Int? {
        let a = abs(eta)
        for k in regionsOfVolume[volume] where a >= regions[k].etaMin && a < regions[k].etaMax { return k }
        return nil
    }

    /// The smaller of Δη and Δφ of the cells at |η| in a volume (of its finest region if
    /// |η| is outside all): the step at which a shower axis changes cell.
    public func typicalCellSize(volume: Int, eta: Double) -> Double {
        func size(_ r: Region) -> Double { min(r.deltaEta, 2 * Double.pi / Double(r.phiCells)) }
        if let k = regionIndex(volume: volume, eta: eta) { return size(regions[k]) }
        return regionsOfVolume[volume].map { size(regions[$0]) }.min() ?? 0.1
    }

    /// Index into `regions` of the region holding `id`.
    public func regionIndex(of id: CellID) -> Int {
        Int(regionOfCell[Int(id)])
    }

    /// ``regionIndex(of:)`` by search (how the table is checked in the tests).
    func searchRegionIndex(of id: CellID) -> Int {
        let n = Int(id)
        // Find the volume: last firstIDOfVolume ≤ n.
        var lo = 0, hi = firstIDOfVolume.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if firstIDOfVolume[mid] <= n { lo = mid } else { hi = mid - 1 }
        }
        // Volumes without cells share their firstID with the next one: take the last
        // volume at that id that has cells.
        var v = lo
        while perSideOfVolume[v] == 0 && v > 0 { v -= 1 }
        let inSide = (n - firstIDOfVolume[v]) % perSideOfVolume[v]
        for k in regionsOfVolume[v] {
            let r = regions[k]
            let start = r.firstID - firstIDOfVolume[v]
            if inSide >= start && inSide < start + r.cellCount { return k }
        }
        preconditionFailure("cell id \(id) not found")
    }

    /// Decodes a cell id.
    public func cell(_ id: CellID) -> Cell {
        let k = regionIndex(of: id)
        let r = regions[k]
        let n = Int(id)
        let v = r.volume
        let side = (n - firstIDOfVolume[v]) >= r.perSide ? 1 : 0
        let local = n - r.firstID - side * r.perSide
        let i = local / r.phiCells, j = local % r.phiCells
        let dphi = 2 * Double.pi / Double(r.phiCells)
        let absEta = r.etaMin + (Double(i) + 0.5) * r.deltaEta
        return Cell(id: id, volume: v, region: r.index, side: side, etaIndex: i, phiIndex: j,
                    eta: side == 0 ? absEta : -absEta, phi: -Double.pi + (Double(j) + 0.5) * dphi,
                    deltaEta: r.deltaEta, deltaPhi: dphi)
    }

    /// Total noise σ of a region's cells in MeV: electronic ⊕ pile-up, the latter scaled
    /// by √(μ/40) (pile-up noise grows as the square root of the number of interactions).
    public func noiseMeV(region k: Int, mu: Double) -> Double {
        let r = regions[k]
        let pu = r.pileupNoiseMeVAtMu40 * (max(mu, 0) / 40).squareRoot()
        return (r.electronicNoiseMeV * r.electronicNoiseMeV + pu * pu).squareRoot()
    }
}
