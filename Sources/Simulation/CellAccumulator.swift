import Foundation
import Detector

/// Per-event sums per calorimeter cell, dense: one (active, deposited, energy × time)
/// vector per cell of the detector, indexed by cell id, and a bitset of the cells touched.
///
/// Dense beats a hash table here: the cells of one shower step are neighbours in id
/// (consecutive φ indices), so the sums they update share cache lines, where hashing
/// scatters them; and the deposits come out in id order by walking the bitset, with no
/// sort. The ≈ 3 MB of buffers are reused from event to event (``CellBufferPool``): only
/// the touched cells are cleared, so an event costs what it deposits, not the detector size.
struct CellAccumulator {
    /// (active, deposited, active × time, unused) in single precision: 16 bytes, four cells
    /// per cache line — the sums are memory-bound, and the deposits are Float anyway.
    typealias Sums = SIMD4<Float>

    var sums: [Sums]
    /// Bit `id % 64` of word `id / 64`: cell `id` was touched this event.
    var touched: [UInt64]
    /// Number of touched cells.
    var count = 0

    /// Buffers for a detector with `cellCount` cells, all zero (taken from the pool when one is free).
    init(cellCount: Int) {
        (sums, touched) = CellBufferPool.shared.take(cellCount: cellCount)
    }

    @inline(__always)
    mutating func add(_ cell: CellID, active a: Double, deposited d: Double, time t: Double) {
        let id = Int(cell)
        let word = id >> 6, bit = UInt64(1) << UInt64(id & 63)
        if touched[word] & bit == 0 {
            touched[word] |= bit
            count += 1
        }
        sums[id] += Sums(Float(a), Float(d), Float(a * t), 0)
    }

    /// The deposits in increasing cell id (cells with only zero energy left out); clears
    /// the buffers and returns them to the pool. The accumulator is empty afterwards.
    mutating func takeDeposits() -> [CalorimeterSimDeposit] {
        var out: [CalorimeterSimDeposit] = []
        out.reserveCapacity(count)
        for w in touched.indices where touched[w] != 0 {
            var bits = touched[w]
            touched[w] = 0
            while bits != 0 {
                let id = w << 6 | bits.trailingZeroBitCount
                bits &= bits - 1
                let s = sums[id]
                sums[id] = .zero
                let active = s[0], deposited = s[1]
                guard active > 0 || deposited > 0 else { continue }
                out.append(CalorimeterSimDeposit(cell: CellID(id), activeEnergy: active, depositedEnergy: deposited,
                                                 time: active > 0 ? s[2] / active : 0))
            }
        }
        count = 0
        CellBufferPool.shared.give(sums: sums, touched: touched)
        sums = []
        touched = []
        return out
    }
}

/// Zeroed per-cell buffers kept between events (one set per concurrent simulation, so
/// one per rank in a job): allocating and page-faulting 3 MB per event would cost more
/// than a signal event's showers. Returned buffers are all zero.
final class CellBufferPool: @unchecked Sendable {
    static let shared = CellBufferPool()
    private let lock = NSLock()
    private var free: [([CellAccumulator.Sums], [UInt64])] = []

    func take(cellCount: Int) -> ([CellAccumulator.Sums], [UInt64]) {
        lock.lock()
        if let i = free.firstIndex(where: { $0.0.count == cellCount }) {
            let b = free.remove(at: i)
            lock.unlock()
            return b
        }
        lock.unlock()
        return ([CellAccumulator.Sums](repeating: .zero, count: cellCount),
                [UInt64](repeating: 0, count: (cellCount + 63) / 64))
    }

    func give(sums: [CellAccumulator.Sums], touched: [UInt64]) {
        lock.lock()
        if free.count < 8 { free.append((sums, touched)) }
        lock.unlock()
    }
}

/// The card's calorimeter media as flat arrays, read in the shower loops.
struct CalorimeterMedia {
    var isPassive: [Bool] = []
    var radiationLength: [Double] = []
    var interactionLength: [Double] = []
    var moliereRadius: [Double] = []
    var criticalEnergy: [Double] = []
    var mipLoss: [Double] = []
    var samplingFraction: [Double] = []
    var eOverH: [Double] = []
    var emStochastic: [Double] = []
    var hadronicStochastic: [Double] = []

    init(_ card: DetectorCard) {
        for v in card.calorimeter.volumes {
            isPassive.append(v.kind == .passive)
            radiationLength.append(v.radiationLengthMM)
            interactionLength.append(v.interactionLengthMM)
            moliereRadius.append(v.moliereRadiusMM)
            criticalEnergy.append(v.criticalEnergyMeV * 1e-3)
            mipLoss.append(v.mipLossMeVPerMM * 1e-3)
            samplingFraction.append(v.samplingFraction)
            eOverH.append(v.eOverH)
            emStochastic.append(v.emStochasticTerm)
            hadronicStochastic.append(v.hadronicStochasticTerm)
        }
    }
}
