import Detector

/// Per-event sums per calorimeter cell: an open-addressing hash table keyed by cell id
/// (linear probing, capacity a power of two, grown at half load). An event touches a few
/// thousand of the ≈ 190 000 cells, so this beats zeroing dense per-cell arrays.
struct CellAccumulator {
    /// Cell id + 1 per slot; 0 marks an empty slot.
    var keys: [UInt32]
    var active: [Double]
    var deposited: [Double]
    var energyTime: [Double]
    var count = 0
    var shift: UInt64

    init(capacity: Int = 4_096) {
        var c = 1, bits: UInt64 = 0
        while c < capacity { c <<= 1; bits += 1 }
        shift = 64 - bits
        keys = [UInt32](repeating: 0, count: c)
        active = [Double](repeating: 0, count: c)
        deposited = active
        energyTime = active
    }

    @inline(__always)
    mutating func add(_ cell: CellID, active a: Double, deposited d: Double, time t: Double) {
        let mask = keys.count - 1
        let key = cell &+ 1
        // Fibonacci hashing: the top bits of key · 2⁶⁴/φ.
        var i = Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> shift) & mask
        while true {
            let k = keys[i]
            if k == key { break }
            if k == 0 {
                keys[i] = key
                count += 1
                break
            }
            i = (i + 1) & mask
        }
        active[i] += a
        deposited[i] += d
        energyTime[i] += a * t
        if 2 * count > keys.count { grow() }
    }

    private mutating func grow() {
        let old = self
        self = CellAccumulator(capacity: 2 * keys.count)
        for i in old.keys.indices where old.keys[i] != 0 {
            let a = old.active[i]
            add(old.keys[i] - 1, active: a, deposited: old.deposited[i], time: a > 0 ? old.energyTime[i] / a : 0)
        }
    }

    /// Sorts (cell << 32 | slot) integers by cell: an LSD radix sort, two passes of 11 bits,
    /// when every cell id is below 2²²; the library sort otherwise.
    static func sortByCell(_ a: inout [UInt64]) {
        guard a.count > 64, let top = a.max(), top >> 32 < 1 << 22 else { a.sort(); return }
        var buffer = [UInt64](repeating: 0, count: a.count)
        for pass in 0..<2 {
            let shift = UInt64(32 + 11 * pass)
            var start = [Int](repeating: 0, count: 2_049)
            for x in a { start[Int((x >> shift) & 0x7FF) + 1] += 1 }
            for i in 1...2_048 { start[i] += start[i - 1] }
            for x in a {
                let bucket = Int((x >> shift) & 0x7FF)
                buffer[start[bucket]] = x
                start[bucket] += 1
            }
            swap(&a, &buffer)
        }
    }

    /// The deposits, sorted by cell id.
    func deposits() -> [CalorimeterSimDeposit] {
        // Sort (cell << 32 | slot) integers rather than structs: much faster.
        var order: [UInt64] = []
        order.reserveCapacity(count)
        for i in keys.indices where keys[i] != 0 && (active[i] > 0 || deposited[i] > 0) {
            order.append(UInt64(keys[i] - 1) << 32 | UInt64(i))
        }
        Self.sortByCell(&order)
        return order.map { packed in
            let i = Int(packed & 0xFFFF_FFFF)
            let t = active[i] > 0 ? energyTime[i] / active[i] : 0
            return CalorimeterSimDeposit(cell: CellID(packed >> 32), activeEnergy: Float(active[i]),
                                         depositedEnergy: Float(deposited[i]), time: Float(t))
        }
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
