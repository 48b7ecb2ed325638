import Foundation
import Detector
import EventModel

/// Per-event sums per calorimeter cell, made by sorting: each deposit is appended to a
/// list (id, active, deposited, active × time), and at the end of the event the list is
/// sorted by cell id with a stable radix sort and summed run by run.
///
/// Why a list and not a dense per-cell array: the dense sums (16 bytes × ≈ 190 000 cells,
/// 3 MB) were touched at random, and the first touch of a cell per event was a cache miss
/// (a quarter to a third of the lateral spreading, more at μ = 40). Appending is
/// sequential, and the radix sort's passes run over a few hundred kB that stay in cache.
/// The sort is stable, so each cell's deposits are added in the order they were made, in
/// single precision as before: the sums are bit-identical to the dense accumulation's.
/// The buffers are reused from event to event (``CellBufferPool``).
struct CellAccumulator {
    /// One deposit: (cell, active, deposited, active × time) in single precision (16 bytes,
    /// four per cache line; the deposits are Float anyway).
    /// (The radix sort moves an entry as a SIMD4<UInt32>: keep `cell` first and the size 16.)
    struct Entry {
        var cell: UInt32
        var active: Float
        var deposited: Float
        var activeTime: Float
    }

    /// The deposit list (a ``ScratchList`` rather than an `Array`, whose uniqueness and
    /// capacity checks and count update per append cost ≈ 20 M of the 2 040 M instructions
    /// of 100 simulated events at μ = 0, ≈ 1.3 million deposits). A copy of the
    /// accumulator shares the list: there is one per event's transport, used in place.
    private var entries: ScratchList<Entry>
    /// Number of deposits so far (not of distinct cells).
    var count: Int { entries.count }
    /// Second buffer of the radix sort.
    var scratch: [Entry]
    /// Bucket counts of one radix pass.
    var counts: [Int]
    /// Bits per pass and number of passes covering ids 0 ..< cellCount.
    let digitBits: Int
    let passes: Int

    /// Buffers for a detector with `cellCount` cells, empty (taken from the pool when one is free).
    init(cellCount: Int) {
        let bits = max(1, Int.bitWidth - max(cellCount - 1, 1).leadingZeroBitCount)
        passes = (bits + 10) / 11
        digitBits = (bits + passes - 1) / passes
        precondition(passes <= 3, "the sort counts at most three digits")
        precondition(MemoryLayout<Entry>.stride == MemoryLayout<SIMD4<UInt32>>.size
                     && MemoryLayout<Entry>.offset(of: \.cell) == 0, "the sort moves an entry as a SIMD4<UInt32>")
        (entries, scratch, counts) = CellBufferPool.shared.take()
    }

    @inline(__always)
    mutating func add(_ cell: CellID, active a: Double, deposited d: Double, time t: Double) {
        entries.append(Entry(cell: cell, active: Float(a), deposited: Float(d), activeTime: Float(a * t)))
    }

    /// The deposits in increasing cell id (cells with only zero energy left out); returns
    /// the buffers to the pool. The accumulator is empty afterwards.
    mutating func takeDeposits() -> [CalorimeterSimDeposit] {
        defer { giveBuffersBack() }
        let n = count
        // Written in place (at most n cells; no capacity check per cell as `append` makes).
        return [CalorimeterSimDeposit](unsafeUninitializedCapacity: n) { buffer, count in
            sumSortedRuns { cell, active, deposited, activeTime in
                buffer.initializeElement(at: count, to: CalorimeterSimDeposit(
                    cell: cell, activeEnergy: active, depositedEnergy: deposited,
                    time: active > 0 ? activeTime / active : 0))
                count += 1
            }
        }
    }

    /// The per-cell sums as entries (cell, Σ active, Σ deposited, Σ active × time), in
    /// increasing cell id, cells with only zero energy left out: what ``add(sums:)`` takes
    /// back. The accumulator is empty afterwards and keeps its buffers (a shared pile-up
    /// collision's transport, `PileUpHitCache`).
    mutating func takeSums() -> [Entry] {
        let n = count
        return [Entry](unsafeUninitializedCapacity: n) { buffer, count in
            sumSortedRuns { cell, active, deposited, activeTime in
                buffer.initializeElement(at: count, to: Entry(cell: cell, active: active, deposited: deposited,
                                                              activeTime: activeTime))
                count += 1
            }
        }
    }

    /// Returns the buffers to the pool; the accumulator is spent afterwards.
    mutating func giveBuffersBack() {
        entries.removeAll()
        CellBufferPool.shared.give(entries: entries, scratch: scratch, counts: counts)
        entries = ScratchList(capacity: 1)
        scratch = []
        counts = []
    }

    /// Appends sums made by ``takeSums()`` as they are (their time weight Σ active × time
    /// included), to be summed with this event's own deposits.
    mutating func add(sums: [Entry]) {
        sums.withUnsafeBufferPointer { entries.append(contentsOf: $0) }
    }

    /// Sorts the list by cell id and hands each cell's sums to `body` in increasing id
    /// (cells with only zero energy left out); empties the list.
    @inline(__always)
    private mutating func sumSortedRuns(_ body: (UInt32, Float, Float, Float) -> Void) {
        let n = count
        defer { entries.removeAll() }
        guard n > 0 else { return }
        if scratch.count < n {
            scratch = [Entry](repeating: Entry(cell: 0, active: 0, deposited: 0, activeTime: 0), count: entries.capacity)
        }
        let radix = 1 << digitBits, stride = radix + 1
        if counts.count < passes * stride { counts = [Int](repeating: 0, count: passes * stride) }
        let mask = UInt32(radix - 1)
        let passes = passes, digitBits = digitBits
        let entrySize = MemoryLayout<Entry>.stride
        // Least-significant digit first; each pass is stable, so the final order is by id
        // and, within a cell, the order of the deposits. The digits' histograms are made in one
        // read of the list, not one per pass, and the shifts and counts use wrapping operators
        // (a digit shift is below 32, a count below n): per deposit, counting 24 → ≈ 10
        // instructions for two digits and the scatter 22 → ≈ 17 (callgrind, μ = 0).
        var sortedInEntries = true
        let listed = entries.elements.baseAddress!
        scratch.withUnsafeMutableBufferPointer { b in
            counts.withUnsafeMutableBufferPointer { c in
                let histograms = c.baseAddress!
                for k in 0..<(passes * stride) { histograms[k] = 0 }
                // (Up to three digits: 33 bits of cell ids; `passes` is 2 for the ATLAS card.)
                let h0 = histograms, h1 = histograms + stride, h2 = histograms + 2 * stride
                let shift1 = UInt32(digitBits), shift2 = UInt32(2 * digitBits)
                for i in 0..<n {
                    let id = listed[i].cell
                    h0[Int(id & mask) &+ 1] &+= 1
                    if passes > 1 { h1[Int((id &>> shift1) & mask) &+ 1] &+= 1 }
                    if passes > 2 { h2[Int((id &>> shift2) & mask) &+ 1] &+= 1 }
                }
                var src = listed, dst = b.baseAddress!
                for pass in 0..<passes {
                    let shift = UInt32(pass * digitBits)
                    let h = histograms + pass * stride
                    // All in one bucket: this digit is already in order.
                    if h[Int((listed[0].cell &>> shift) & mask) &+ 1] == n { continue }
                    for k in 0..<radix { h[k + 1] &+= h[k] }
                    // Each entry moved as one 16-byte vector (one load, one store) rather than
                    // field by field, which the optimizer wrote as three stores: the scatter's
                    // stores land in ≈ 2⁹ places and wait on their cache lines, and were most
                    // of this function's time (perf). The bytes are the same.
                    let from = UnsafeRawPointer(src), to = UnsafeMutableRawPointer(dst)
                    for i in 0..<n {
                        let bytes = from.loadUnaligned(fromByteOffset: i &* entrySize, as: SIMD4<UInt32>.self)
                        let d = Int((bytes[0] &>> shift) & mask)   // lane 0: the cell id
                        let slot = h[d]
                        to.storeBytes(of: bytes, toByteOffset: slot &* entrySize, as: SIMD4<UInt32>.self)
                        h[d] = slot &+ 1
                    }
                    swap(&src, &dst)
                    sortedInEntries.toggle()
                }
            }
        }
        // Sum each run of one cell in order (Float, as the dense sums did).
        func sum(_ list: UnsafeBufferPointer<Entry>) {
            var i = 0
            while i < n {
                let id = list[i].cell
                var active: Float = 0, deposited: Float = 0, activeTime: Float = 0
                repeat {
                    active += list[i].active
                    deposited += list[i].deposited
                    activeTime += list[i].activeTime
                    i += 1
                } while i < n && list[i].cell == id
                guard active > 0 || deposited > 0 else { continue }
                body(id, active, deposited, activeTime)
            }
        }
        if sortedInEntries {
            sum(UnsafeBufferPointer(start: listed, count: n))
        } else {
            scratch.withUnsafeBufferPointer { sum(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}

/// Deposit lists and sort buffers kept between events (one set per concurrent
/// simulation, so one per rank in a job): growing them anew in every event would cost
/// allocations and page faults.
final class CellBufferPool: @unchecked Sendable {
    static let shared = CellBufferPool()
    private let lock = NSLock()
    private var free: [(ScratchList<CellAccumulator.Entry>, [CellAccumulator.Entry], [Int])] = []

    func take() -> (ScratchList<CellAccumulator.Entry>, [CellAccumulator.Entry], [Int]) {
        lock.lock()
        defer { lock.unlock() }
        if let b = free.popLast() { return b }
        return (ScratchList(capacity: 16_384), [], [])
    }

    /// Takes back an emptied deposit list and the sort buffers.
    func give(entries: ScratchList<CellAccumulator.Entry>, scratch: [CellAccumulator.Entry], counts: [Int]) {
        lock.lock()
        if free.count < 8 { free.append((entries, scratch, counts)) }
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
    /// Per volume: the smallest cell cut-off of its regions at the active scale (GeV; 0
    /// for a passive volume), see ``cutoff(electronicNoiseMeV:samplingFraction:config:)``.
    var minimumCutoff: [Double] = []
    /// Per volume: its smallest cell size in η or φ (what `typicalCellSize` returns in any
    /// of its regions, and outside them), for the cheap test of whether a shower's axis
    /// can move across a cell within a segment.
    var minimumCellSize: [Double] = []

    init(_ card: DetectorCard, cells: CalorimeterCells, config: Simulation.Config) {
        // (Made for each event's transport: one `map` per array, each allocated once, and
        // the per-volume minima by a loop over the regions, not a `map` and `min` of
        // temporary arrays — the arrays grown append by append and the temporaries were
        // 62 000 instructions and ≈ 90 allocations per event, ≈ 0.9 % of the simulation of
        // a no-UE μ = 0 event, callgrind.)
        let volumes = card.calorimeter.volumes
        isPassive = volumes.map { $0.kind == .passive }
        radiationLength = volumes.map(\.radiationLengthMM)
        interactionLength = volumes.map(\.interactionLengthMM)
        moliereRadius = volumes.map(\.moliereRadiusMM)
        criticalEnergy = volumes.map { $0.criticalEnergyMeV * 1e-3 }
        mipLoss = volumes.map { $0.mipLossMeVPerMM * 1e-3 }
        samplingFraction = volumes.map(\.samplingFraction)
        eOverH = volumes.map(\.eOverH)
        emStochastic = volumes.map(\.emStochasticTerm)
        hadronicStochastic = volumes.map(\.hadronicStochasticTerm)
        /// The smallest of `value` over the volume's regions (nil without regions): the first
        /// region's, then any smaller, as `min()` of the list takes it.
        func smallest(in volume: Int, _ value: (CalorimeterCells.Region) -> Double) -> Double? {
            var result: Double? = nil
            for k in cells.regionsOfVolume[volume] {
                let x = value(cells.regions[k])
                if result == nil || x < result! { result = x }
            }
            return result
        }
        minimumCellSize = volumes.indices.map { index in
            smallest(in: index) { min($0.deltaEta, 2 * Double.pi / Double($0.phiCells)) } ?? 0.1
        }
        minimumCutoff = volumes.indices.map { index in
            smallest(in: index, \.electronicNoiseMeV).map {
                Self.cutoff(electronicNoiseMeV: $0, samplingFraction: volumes[index].samplingFraction, config: config)
            } ?? 0
        }
    }

    /// A cell's roulette cut-off at the active scale: the configured floor or a fraction
    /// of its electronic noise, whichever is larger, times the sampling fraction.
    @inline(__always)
    static func cutoff(electronicNoiseMeV: Double, samplingFraction: Double, config: Simulation.Config) -> Double {
        max(config.cellEnergyCutoffGeV, config.cellEnergyCutoffNoiseFraction * electronicNoiseMeV * MeV)
            * samplingFraction
    }
}
