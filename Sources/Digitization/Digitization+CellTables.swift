import Foundation
import Detector

/// Per-cell flags of the calorimeter as one bit per cell, in 64-bit words (cell `id` is bit
/// `id & 63` of word `id >> 6`).
///
/// The noise loop reads a cell's "has a deposit" and "dead" flags at every noise cell it
/// makes (≈ 8 500 an event at μ = 0, 4.5 % of the cells, so ≈ 3 in every 64 cells): as
/// `[Bool]` arrays (190 kB each for the ATLAS card's 190 000 cells) every cache line of both
/// was read in every event, the `hasSignal` load was the calorimeter's second-hottest
/// instruction (perf) and the two arrays pushed the simulation's data out of the cache. As
/// bits they are 24 kB each.
struct CellBits: Sendable, Equatable {
    var words: [UInt64]

    /// `count` cells, none flagged.
    init(count: Int) {
        words = [UInt64](repeating: 0, count: (count + 63) >> 6)
    }

    /// The cells whose flag is set.
    init(_ flags: [Bool]) {
        self.init(count: flags.count)
        for (id, flag) in flags.enumerated() where flag { words[id >> 6] |= 1 << UInt64(id & 63) }
    }

    /// Whether cell `id` is flagged (a cell beyond the words reads as not flagged).
    subscript(id: Int) -> Bool {
        id >= 0 && id >> 6 < words.count && words.withUnsafeBufferPointer { $0.bit(id) }
    }

    /// The dead cells of `detector` (its `deadCells`) as bits, made once per detector and
    /// kept. The cache knows a detector's table by its storage (``SameStorage``): a key
    /// test of a few instructions, where a key of the cell layout and dead fractions cost
    /// ≈ 22 000 instructions an event (callgrind).
    static func deadCells(of detector: Detector) -> CellBits {
        let key = SameStorage(detector.deadCells)
        if let cached = deadCellCache.get(key) { return cached }
        let made = CellBits(detector.deadCells)
        deadCellCache.put(key, made)
        return made
    }

    private static let deadCellCache = KeyedCache<SameStorage<Bool>, CellBits>()
}

/// An array known by its storage: two keys are equal when they hold the same buffer. The key
/// keeps the buffer alive, so no other array can be given its address while it is cached, and
/// an array's buffer is never written while shared (copy on write): the same storage is the
/// same contents.
struct SameStorage<Element>: Equatable {
    let array: [Element]

    init(_ array: [Element]) { self.array = array }

    static func == (a: Self, b: Self) -> Bool {
        a.array.count == b.array.count
            && a.array.withUnsafeBufferPointer { x in b.array.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }
}

/// The calorimeter regions' id ranges in id order (each region's cells on side 0, then on
/// side 1: `firstID + side · perSide ..< + cellCount`), to find a deposit's region by a
/// bisection of a few hundred bytes instead of the detector's per-cell region table
/// (`CalorimeterCells.regionIndex(of:)`, 380 kB for the ATLAS card): the deposit loop looks
/// the region up whenever the id-ordered deposits leave the last one's range, and each of
/// those reads of the big table missed the cache (perf: the load's wait was ≈ 5 % of the
/// calorimeter's time in a profile of the μ = 0 bench).
struct RegionRanges: Sendable {
    /// The ranges' first ids, increasing, and per range its end and region index.
    let starts: [Int]
    let ends: [Int]
    let regions: [Int]

    init(_ cells: CalorimeterCells) {
        let ranges = cells.regions.indices.flatMap { r in
            (0..<2).map { side in
                (start: cells.regions[r].firstID + side * cells.regions[r].perSide, count: cells.regions[r].cellCount, region: r)
            }
        }.filter { $0.count > 0 }.sorted { $0.start < $1.start }
        starts = ranges.map(\.start)
        ends = ranges.map { $0.start + $0.count }
        regions = ranges.map(\.region)
    }

    /// The region holding cell `id` and that side's id range (nil for an id in no range).
    func region(of id: Int) -> (region: Int, start: Int, end: Int)? {
        // The last range starting at or before id.
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= id { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, id < ends[lo - 1] else { return nil }
        return (regions[lo - 1], starts[lo - 1], ends[lo - 1])
    }

    /// The ranges of `cells`, made once per detector and kept (known by the storage of its
    /// region list, as ``CellBits/deadCells(of:)``).
    static func of(_ cells: CalorimeterCells) -> RegionRanges {
        let key = SameStorage(cells.regions)
        if let cached = cache.get(key) { return cached }
        let made = RegionRanges(cells)
        cache.put(key, made)
        return made
    }

    private static let cache = KeyedCache<SameStorage<CalorimeterCells.Region>, RegionRanges>()
}

extension UnsafeBufferPointer where Element == UInt64 {
    /// Bit `id` of ``CellBits`` words. Unchecked (an `UnsafeBufferPointer` subscript is not
    /// bounds-checked in release builds): the callers have checked that id is below the cell
    /// count, which the words cover.
    @inline(__always)
    func bit(_ id: Int) -> Bool {
        self[id &>> 6] &>> UInt64(truncatingIfNeeded: id & 63) & 1 != 0
    }
}

extension UnsafeMutableBufferPointer where Element == UInt64 {
    /// Sets bit `id` of ``CellBits`` words (unchecked, as ``Swift/UnsafeBufferPointer/bit(_:)``).
    @inline(__always)
    func setBit(_ id: Int) {
        self[id &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: id & 63)
    }
}

/// Tables made once per key (what they are a function of) and kept: the last few keys, a
/// job uses one or two.
final class KeyedCache<Key: Equatable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(key: Key, value: Value)] = []

    @inline(__always)   // (specialised in the caller: generic, the noise tables' key test cost twice as much)
    func get(_ key: Key) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return entries.first { $0.key == key }?.value
    }

    func put(_ key: Key, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= 4 { entries.removeFirst() }
        entries.append((key, value))
    }
}
