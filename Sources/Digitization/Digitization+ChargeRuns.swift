import EventModel
import Detector
import Simulation

/// The charge one hit leaves in one row of one side of a tracker surface: a run of
/// consecutive channels, each holding `charge · f · rowFraction`, where f is the channel's
/// share of the interval [lo, hi] (``Digitization/Overlaps``; `first`…`last` are its
/// channel indices before the wrap around φ, `columnShift` the wrap). A run stands for
/// all of its channels' contributions: the event sorts runs (≈ 2–3 times fewer than
/// contributions at μ = 40) and a sweep makes the channels from them in order.
/// 64 bytes, one cache line: the sweep reads the runs in channel order, scattered. The
/// dense number of its first channel (`start`, its last is `start + last − first`) is kept
/// beside it (in the sort key), the pitch per (surface, side).
struct ChargeRun {
    var lo: Double
    var hi: Double
    var charge: Double
    /// The pixel row's share of the charge (1 on strips).
    var rowFraction: Double
    var time: Float
    var first: Int32
    var last: Int32
    /// column = channel index + columnShift (0, or ∓ channels around φ at the wrap).
    var columnShift: Int32
    var row: Int32
    var surface: Int32
    var particle: Int32
    var side: UInt8

    /// The dense number of the run's last channel, given its first's.
    @inline(__always)
    func end(start: UInt64) -> UInt64 { start &+ UInt64(last &- first) }

    /// The charge of channel index i of the run (nil where the channel's overlap with
    /// [lo, hi] is empty): the arithmetic of ``Digitization/Overlaps`` and of the
    /// per-contribution products it replaced, so the same bits.
    @inline(__always)
    func charge(index i: Int32, pitch: Double) -> Double? {
        charge(lowerEdge: Double(i) * pitch, upperEdge: Double(i + 1) * pitch)
    }

    /// ``charge(index:pitch:)`` of the channel whose edges are i·pitch and (i + 1)·pitch,
    /// given (a run's sweep computes each edge once: one channel's upper edge is the next
    /// one's lower edge).
    @inline(__always)
    func charge(lowerEdge: Double, upperEdge: Double) -> Double? {
        let width = hi - lo
        guard width > 0 else { return charge * 1 * rowFraction }
        let a = Swift.max(lo, lowerEdge), b = Swift.min(hi, upperEdge)
        guard b > a else { return nil }
        return charge * ((b - a) / width) * rowFraction
    }
}

/// The event's charge runs and their first channels' dense numbers, side by side, in two
/// ``ScratchList``s: an array append per run cost a uniqueness and a capacity check (the
/// two appends were 26 M of the 94 M instructions of the tracker's hit loop, callgrind,
/// μ = 0 bench, 100 digitizations). Kept with the scratch between events (a μ = 40 event
/// makes ≈ 10⁵ runs, 7 MB; fresh memory would be page-faulted in every event).
struct RunList {
    private var runs: ScratchList<ChargeRun>
    private var starts: ScratchList<UInt64>

    init(capacity: Int = 1_024) {
        runs = ScratchList(capacity: capacity)
        starts = ScratchList(capacity: capacity)
    }

    var count: Int { runs.count }
    var isEmpty: Bool { runs.isEmpty }
    /// The runs and their starts in place (valid until the next append).
    var runBuffer: UnsafeBufferPointer<ChargeRun> { UnsafeBufferPointer(runs.elements) }
    var startBuffer: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(starts.elements) }

    @inline(__always)
    mutating func append(_ run: ChargeRun, start: UInt64) {
        runs.append(run)
        starts.append(start)
    }

    mutating func removeAll() {
        runs.removeAll()
        starts.removeAll()
    }
}

extension Digitization {
    /// Appends the runs of one hit's row: the channel indices of [lo, hi] at `pitch`
    /// (as ``Overlaps`` finds them), split where they wrap around φ (`channelsU` per turn)
    /// so that each run's channels have consecutive dense numbers (`rowBase` + column).
    @inline(__always)
    static func appendRuns(lo: Double, hi: Double, pitch: Double, charge: Double, rowFraction: Double,
                           rowBase: UInt64, channelsU: Int, row: Int, side: Int, hit: TrackerSimHit,
                           to runs: inout RunList) {
        let first = floorInt(lo / pitch)
        let last = hi - lo > 0 ? floorInt(hi / pitch) : first
        // One test for the whole row instead of a check per conversion and sum below (≈ 20
        // instructions a run, callgrind): with indices within ±2³⁰, columns in
        // 0 ..< channelsU < 2²², rows below 2¹⁷ and the side 0 or 1, every value fits its
        // Int32 or UInt8 and no sum overflows.
        precondition(first > -(1 << 30) && last < 1 << 30 && channelsU < 1 << 22 && row >= 0 && row < 1 << 17
                     && (side == 0 || side == 1), "charge interval beyond the read-out's range")
        var i = first
        while i <= last {
            let column = wrapColumn(i, channelsU)
            // Indices up to the next wrap keep consecutive columns.
            let pieceEnd = Swift.min(last, i &+ (channelsU &- 1 &- column))
            runs.append(ChargeRun(lo: lo, hi: hi, charge: charge, rowFraction: rowFraction, time: hit.time,
                                  first: Int32(truncatingIfNeeded: i), last: Int32(truncatingIfNeeded: pieceEnd),
                                  columnShift: Int32(truncatingIfNeeded: column &- i), row: Int32(truncatingIfNeeded: row),
                                  surface: hit.surface, particle: hit.particle, side: UInt8(truncatingIfNeeded: side)),
                        start: rowBase &+ UInt64(truncatingIfNeeded: column))
            i = pieceEnd &+ 1
        }
    }

    /// The channels of the runs, handed to `out` in channel order, each the contributions of the runs
    /// that cover it folded in run order (the order the runs were made in: hit, side, row)
    /// — what sorting every contribution by (channel, index) and merging gave, bit for bit.
    ///
    /// `starts[i]` is run i's first channel and `pitches[2 · surface + side]` the pitch;
    /// `sortKeys` are the runs' `start << indexBits | index`, in index order; they are
    /// sorted here. A run that shares no channel with another (most) gives its channels
    /// directly; where runs overlap, a sweep over their channels keeps the runs covering
    /// the current one (a few, in index order).
    static func channels<Sink: ChannelSink>(of runs: UnsafeBufferPointer<ChargeRun>, starts: UnsafeBufferPointer<UInt64>,
                                            pitches: [Double],
                                            sortKeys: inout [UInt64], indexBits: Int,
                                            into out: inout Sink, radix: inout [UInt64]) {
        guard !runs.isEmpty else { return }
        let indexMask: UInt64 = indexBits >= 64 ? .max : (1 << UInt64(indexBits)) - 1
        let byIndex = !(runs.count < 1 << indexBits && indexBits < 64)
        if !byIndex {
            radixSort(&sortKeys, bits: 64, from: indexBits, buffer: &radix)
        } else {
            // (More runs than the index bits hold: the same order by a comparison sort.)
            let order = runs.indices.sorted { (starts[$0], $0) < (starts[$1], $1) }
            sortKeys = order.map { UInt64($0) }
        }
        sortKeys.withUnsafeBufferPointer { keys in
            @inline(__always) func run(at k: Int) -> Int { byIndex ? Int(keys[k]) : Int(keys[k] & indexMask) }
            // The first channel of the k-th run in channel order (from its key, read in order).
            @inline(__always) func start(at k: Int) -> UInt64 {
                byIndex ? starts[Int(keys[k])] : keys[k] >> UInt64(indexBits)
            }
            var active: [Int] = []        // runs covering the channel, in index order
            var k = 0
            while k < keys.count {
                let first = run(at: k)
                // Most runs share no channel with the next: their channels are theirs alone.
                var groupEnd = runs[first].end(start: start(at: k))
                var g = k + 1
                while g < keys.count && start(at: g) <= groupEnd {
                    groupEnd = Swift.max(groupEnd, runs[run(at: g)].end(start: start(at: g)))
                    g += 1
                }
                if g == k + 1 {
                    let r = runs[first]
                    let pitch = pitches[2 &* Int(r.surface) &+ Int(r.side)]
                    let time = Double(r.time)
                    // The key of column 0 of the run's row; a channel's adds its column.
                    let rowKey = ChannelKey(surface: r.surface, side: r.side, row: r.row, column: 0).packed
                    // Each channel edge computed once (the same products as
                    // ``ChargeRun/charge(index:pitch:)``, so the same bits) in a loop without
                    // the closed range's overflow checks (columns are below 2²²): ≈ 9
                    // instructions a channel less, of ≈ 150 (callgrind, μ = 40).
                    var i = r.first
                    var lower = Double(i) * pitch
                    while i <= r.last {
                        let upper = Double(i &+ 1) * pitch
                        if let q = r.charge(lowerEdge: lower, upperEdge: upper) {
                            let key = ChannelKey(packed: rowKey | UInt64(UInt32(bitPattern: i &+ r.columnShift) & 0x3F_FFFF))
                            out.take(ChannelCharge(key: key, charge: q, bestParticle: r.particle, bestCharge: q, time: time))
                        }
                        lower = upper
                        i &+= 1
                    }
                    k = g
                    continue
                }
                // Runs k..<g overlap in a chain: sweep their channels, keeping the runs that
                // cover the current one (a few, in index order).
                active.removeAll(keepingCapacity: true)
                var next = k
                var channel = start(at: k)
                while next < g || !active.isEmpty {
                    if active.isEmpty { channel = start(at: next) }
                    while next < g {
                        guard start(at: next) <= channel else { break }
                        let r = run(at: next)
                        // Insert by index (an earlier-made run may already be active).
                        var p = active.count
                        active.append(r)
                        while p > 0 && active[p - 1] > r { active[p] = active[p - 1]; p -= 1 }
                        active[p] = r
                        next += 1
                    }
                    var have = false
                    var current = ChannelCharge(key: ChannelKey(packed: 0))
                    var kept = 0
                    for a in active.indices {
                        let r = active[a]
                        let run = runs[r]
                        let runStart = starts[r]
                        let i = run.first &+ Int32(truncatingIfNeeded: channel &- runStart)
                        if let q = run.charge(index: i, pitch: pitches[2 &* Int(run.surface) &+ Int(run.side)]) {
                            let c = ChannelCharge(key: ChannelKey(surface: run.surface, side: run.side, row: run.row,
                                                                  column: i &+ run.columnShift),
                                                  charge: q, bestParticle: run.particle, bestCharge: q,
                                                  time: Double(run.time))
                            if have { current.absorb(c) } else { current = c; have = true }
                        }
                        // Runs ending here leave; the rest all cover the next channel.
                        if run.end(start: runStart) > channel { active[kept] = r; kept += 1 }
                    }
                    active.removeLast(active.count - kept)
                    if have { out.take(current) }
                    channel &+= 1
                }
                k = g
            }
        }
    }
}

/// Where the sweep's channels go: an array (tests), or straight into the noise and
/// threshold (the digitization: no array of every hit channel is written and read again).
protocol ChannelSink {
    mutating func take(_ channel: ChannelCharge)
}

extension Array: ChannelSink where Element == ChannelCharge {
    mutating func take(_ channel: ChannelCharge) { append(channel) }
}

/// A surface's noise, threshold and dead fraction, read per channel (24 bytes where the
/// card's read-out is 64).
struct ChannelLevels {
    var noiseElectrons: Double
    var thresholdElectrons: Double
    var deadChannelFraction: Double
}

/// Each hit channel's Gaussian noise (in channel order), then the threshold and the dead
/// channels; the channels that fire are written to `fired` (room for every channel the
/// sweep can make; `count` of them written). `levels[surface]` are the read-out's.
struct NoiseAndThreshold: ChannelSink {
    var rng: RandomStream
    let fired: UnsafeMutableBufferPointer<ChannelCharge>
    var count = 0
    let levels: UnsafeBufferPointer<ChannelLevels>
    let noise: Bool
    let deadChannels: Bool
    var deadWithCharge = 0
    let normal = NormalZiggurat.shared
    /// The noise deviates take 32 bits each, two per draw.
    var halves = HalfDraws()

    init(rng: RandomStream, fired: UnsafeMutableBufferPointer<ChannelCharge>, levels: UnsafeBufferPointer<ChannelLevels>,
         noise: Bool, deadChannels: Bool) {
        self.rng = rng
        self.fired = fired
        self.levels = levels
        self.noise = noise
        self.deadChannels = deadChannels
    }

    @inline(__always)
    mutating func take(_ channel: ChannelCharge) {
        var c = channel
        let level = levels[Int(c.key.surface)]
        if noise { c.charge += level.noiseElectrons * normal.next(&rng, halves: &halves) }
        guard c.charge > level.thresholdElectrons else { return }
        if deadChannels && Detector.isDead(channel: c.key.packed, fraction: level.deadChannelFraction,
                                           salt: Detector.trackerDeadSalt) {
            deadWithCharge += 1
            return
        }
        precondition(count < fired.count, "more channels than the runs cover")
        fired[count] = c
        count &+= 1
    }
}

extension ChannelKey {
    init(packed: UInt64) { self.packed = packed }
}
