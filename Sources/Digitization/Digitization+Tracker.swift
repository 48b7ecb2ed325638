import Foundation
import EventModel
import Detector
import Simulation

/// Local read-out frame of one side of a tracker surface.
struct SensorFrame {
    /// Reference radius for u = r_ref·φ (barrel radius; mid radius of a disc).
    var referenceRadius: Double
    /// Lower edge of v (−half length on a barrel layer, r_min on a disc) and its extent.
    var vMin: Double
    var vLength: Double
    var pitchU: Double
    var pitchV: Double
    /// Channels around φ (u) and rows along v.
    var channelsU: Int
    var rowsV: Int
    var stereo: Double
    var cosStereo: Double
    var sinStereo: Double
    var isBarrel: Bool
    var z: Double

    init(surface: TrackerSurface, side: Int) {
        let r = surface.readout
        pitchU = r.pitchUUM * um
        pitchV = r.pitchVUM * um
        stereo = side == 1 ? r.stereoAngleMrad * 1e-3 : 0
        cosStereo = cos(stereo)
        sinStereo = sin(stereo)
        switch surface.shape {
        case let .cylinder(radius, halfLength):
            referenceRadius = radius; vMin = -halfLength; vLength = 2 * halfLength; isBarrel = true; z = 0
        case let .disc(zz, rMin, rMax):
            referenceRadius = 0.5 * (rMin + rMax); vMin = rMin; vLength = rMax - rMin; isBarrel = false; z = zz
        }
        // Passive surfaces have no pitch: one dummy channel.
        channelsU = pitchU > 0 ? max(1, Int((2 * Double.pi * referenceRadius / pitchU).rounded(.up))) : 1
        rowsV = pitchV > 0 ? max(1, Int((vLength / pitchV).rounded(.up))) : 1
    }

    /// (u, v) of a global point, u in [0, 2π r_ref).
    func local(_ p: Vector3) -> (u: Double, v: Double) {
        var phi = atan2(p.y, p.x)
        if phi < 0 { phi += 2 * Double.pi }
        return (referenceRadius * phi, isBarrel ? p.z : p.perp)
    }

    /// Derivatives (du/dw, dv/dw) along the track per unit depth w across the sensor.
    func slopes(at p: Vector3, direction d: Vector3) -> (Double, Double) {
        let phi = atan2(p.y, p.x)
        let uHat = Vector3(-sin(phi), cos(phi), 0)
        let rHat = Vector3(cos(phi), sin(phi), 0)
        if isBarrel {
            let dn = max(abs(d.dot(rHat)), 0.05)
            return (d.dot(uHat) / dn, d.z / dn)
        }
        let dn = max(abs(d.z), 0.05)
        let r = max(p.perp, 1)
        return (d.dot(uHat) / dn * referenceRadius / r, d.dot(rHat) / dn)
    }

    /// ``slopes(at:direction:)`` with the point's φ given by its sine and cosine.
    @inline(__always)
    func slopes(direction d: Vector3, position p: Vector3, sinPhi: Double, cosPhi: Double) -> (Double, Double) {
        let dU = -d.x * sinPhi + d.y * cosPhi      // d · φ̂
        let dR = d.x * cosPhi + d.y * sinPhi       // d · r̂
        if isBarrel {
            let dn = max(abs(dR), 0.05)
            return (dU / dn, d.z / dn)
        }
        let dn = max(abs(d.z), 0.05)
        let r = max(p.perp, 1)
        return (dU / dn * referenceRadius / r, dR / dn)
    }

    /// The measured coordinate across the channels: u for pixels and axial strips;
    /// u·cos α − (v − v_row)·sin α on the stereo side (strips tilted about the row centre).
    func measured(u: Double, v: Double, row: Int) -> Double {
        guard stereo != 0 else { return u }
        return u * cosStereo - (v - rowCentre(row)) * sinStereo
    }

    func rowCentre(_ row: Int) -> Double { vMin + (Double(row) + 0.5) * pitchV }

    func global(u: Double, v: Double) -> Vector3 {
        let (sinPhi, cosPhi) = exactSinCos(u / referenceRadius)
        if isBarrel {
            return Vector3(referenceRadius * cosPhi, referenceRadius * sinPhi, v)
        }
        return Vector3(v * cosPhi, v * sinPhi, z)
    }
}

/// A read-out channel: (surface, side, row, column) packed into one integer whose order is
/// that of the tuple (8 | 1 | 17 | 22 bits), so sorting channels is sorting integers.
struct ChannelKey: Hashable, Comparable {
    var packed: UInt64

    init(surface: Int32, side: UInt8, row: Int32, column: Int32) {
        packed = UInt64(UInt8(truncatingIfNeeded: surface)) << 40 | UInt64(side & 1) << 39
            | UInt64(UInt32(row) & 0x1_FFFF) << 22 | UInt64(UInt32(column) & 0x3F_FFFF)
    }

    var surface: Int32 { Int32(packed >> 40) }
    var side: UInt8 { UInt8((packed >> 39) & 1) }
    var row: Int32 { Int32((packed >> 22) & 0x1_FFFF) }
    var column: Int32 { Int32(packed & 0x3F_FFFF) }
    /// (surface, side): channels that can form one cluster.
    var sensor: UInt64 { packed >> 39 }

    static func < (a: ChannelKey, b: ChannelKey) -> Bool { a.packed < b.packed }
}

/// Charge on one channel, with the particle that left most of it.
struct ChannelCharge {
    var key: ChannelKey
    var charge = 0.0
    var bestParticle: Int32 = -1
    var bestCharge = 0.0
    var time = Double.infinity

    /// Folds another contribution to the same channel into this one: charges add, the
    /// particle of the larger single contribution is the truth (ties keep this one's), the
    /// earliest time is the channel's.
    @inline(__always)
    mutating func absorb(_ c: ChannelCharge) {
        charge += c.charge
        if c.bestCharge > bestCharge { bestCharge = c.bestCharge; bestParticle = c.bestParticle }
        time = min(time, c.time)
    }
}

extension Digitization {
    func digitizeTracker(_ hits: [TrackerSimHit], detector: Detector, rng: inout RandomStream,
                         stats: inout DigitizationStats) -> [TrackerCluster] {
        // Working arrays reused from event to event (a μ = 40 event fills ≈ 10 MB of them;
        // fresh ones would be page-faulted in every event).
        var scratch = TrackerScratchPool.shared.take()
        defer { TrackerScratchPool.shared.give(scratch) }
        // Every hit's charge as runs of channels (one per hit, side and row), sorted and
        // swept into channels.
        var runs = scratch.runs
        runs.removeAll()
        let pairEnergy = config.siliconPairEnergyEV * 1e-9   // GeV
        let diffusion = config.diffusionUM * um

        // Per surface and side, read once: the read-out frame (φ-independent constants).
        let surfaces = detector.trackerSurfaces
        var frames: [SensorFrame] = []
        var sidesOf: [Int] = []
        var isPixel: [Bool] = []
        var thickness: [Double] = []
        let readouts = surfaces.map(\.readout)
        frames.reserveCapacity(2 * surfaces.count)
        for surface in surfaces {
            let sides = surface.technology == .passive ? 0
                : (surface.technology == .strip && surface.readout.stereoAngleMrad > 0 ? 2 : 1)
            sidesOf.append(sides)
            isPixel.append(surface.technology == .pixel)
            thickness.append(surface.readout.sensorThicknessUM * um)
            frames.append(SensorFrame(surface: surface, side: 0))
            frames.append(SensorFrame(surface: surface, side: 1))
        }
        let halfDiffusion = diffusion * 3.0.squareRoot()
        // Every read-out channel numbered densely in (surface, side, row, column) order:
        // channelBase[2 k + side] + row · channelsU + column (≈ 2²⁷ channels for ATLAS).
        // A run's sort key is its first channel's number above its index in `runs`, so
        // the radix sort needs passes for the channel bits only (3 for ATLAS).
        var channelBase = [UInt64](repeating: 0, count: frames.count)
        var totalChannels: UInt64 = 0
        for k in surfaces.indices {
            for side in 0..<sidesOf[k] {
                channelBase[2 * k + side] = totalChannels
                totalChannels += UInt64(frames[2 * k + side].channelsU) * UInt64(frames[2 * k + side].rowsV)
            }
        }
        let channelBits = Self.bitWidth(totalChannels)
        let indexBits = 64 - channelBits
        var sortKeys = TrackerScratch.takeOut(&scratch.packed)
        sortKeys.removeAll(keepingCapacity: true)
        sortKeys.reserveCapacity(2 * hits.count)
        for h in hits {
            let k = Int(h.surface)
            let sides = sidesOf[k]
            guard sides > 0 else { continue }
            let charge = Double(h.energyDeposit) / pairEnergy
            // φ of the hit and its sine and cosine, shared by both sides: the sine and cosine
            // are y/ρ and x/ρ (a square root and two divisions where sincos(φ) cost ≈ 120
            // instructions; they differ from it in the last bit).
            var phi = atan2(h.position.y, h.position.x)
            let rho = h.position.perp
            let (sinPhi, cosPhi) = rho > 0 ? (h.position.y / rho, h.position.x / rho) : (0, 1)
            if phi < 0 { phi += 2 * Double.pi }
            for side in 0..<sides {
                let frame = frames[2 * k + side]
                let u0 = frame.referenceRadius * phi
                let v0 = frame.isBarrel ? h.position.z : rho
                let (su, sv) = frame.slopes(direction: h.direction, position: h.position, sinPhi: sinPhi, cosPhi: cosPhi)
                let row = Digitization.floorInt((v0 - frame.vMin) / frame.pitchV)
                guard row >= 0 && row < frame.rowsV else { continue }
                // The charge is spread evenly over the track's projection on the sensor,
                // widened by diffusion (a box of the same r.m.s., half-width σ√3), and shared
                // between channels by overlap.
                let du = su * thickness[k], dv = sv * thickness[k]
                if isPixel[k] {
                    let uLo = u0 - abs(du) / 2 - halfDiffusion, uHi = u0 + abs(du) / 2 + halfDiffusion
                    let vLo = v0 - frame.vMin - abs(dv) / 2 - halfDiffusion, vHi = v0 - frame.vMin + abs(dv) / 2 + halfDiffusion
                    for (iv, fv) in Overlaps(lo: vLo, hi: vHi, pitch: frame.pitchV) where iv >= 0 && iv < frame.rowsV {
                        let rowBase = channelBase[2 * k + side] &+ UInt64(iv) &* UInt64(frame.channelsU)
                        Self.appendRuns(lo: uLo, hi: uHi, pitch: frame.pitchU, charge: charge, rowFraction: fv, rowBase: rowBase,
                                        channelsU: frame.channelsU, row: iv, side: side, hit: h, to: &runs)
                    }
                } else {
                    let x0 = frame.measured(u: u0, v: v0, row: row)
                    let dx = du * frame.cosStereo - dv * frame.sinStereo
                    let lo: Double = x0 - abs(dx) / 2 - halfDiffusion, hi: Double = x0 + abs(dx) / 2 + halfDiffusion
                    let rowBase = channelBase[2 * k + side] &+ UInt64(row) &* UInt64(frame.channelsU)
                    Self.appendRuns(lo: lo, hi: hi, pitch: frame.pitchU, charge: charge, rowFraction: 1, rowBase: rowBase,
                                    channelsU: frame.channelsU, row: row, side: side, hit: h, to: &runs)
                }
            }
        }
        // (The scratch keeps the list's storage, which may have grown.)
        scratch.runs = runs
        let starts = runs.startBuffer
        sortKeys.append(contentsOf: repeatElement(0, count: starts.count))
        sortKeys.withUnsafeMutableBufferPointer { keys in
            for i in 0..<starts.count { keys[i] = starts[i] << UInt64(indexBits) | UInt64(i) }
        }
        let pitches = frames.map(\.pitchU)

        // Noise on every hit channel, then threshold, as the sweep makes the channels. They
        // are written through a pointer into the scratch's channel buffer, with room for as
        // many channels as the runs cover (the sweep makes at most one per run channel).
        var bound = 0
        for r in runs.runBuffer { bound &+= Int(r.last &- r.first) &+ 1 }
        let buffer = scratch.channelBuffer
        buffer.reserve(bound)
        let levels = readouts.map { ChannelLevels(noiseElectrons: $0.noiseElectrons, thresholdElectrons: $0.thresholdElectrons,
                                                  deadChannelFraction: $0.deadChannelFraction) }
        let sink = levels.withUnsafeBufferPointer { levels in
            var sink = NoiseAndThreshold(rng: rng, fired: UnsafeMutableBufferPointer(start: buffer.base, count: bound),
                                         levels: levels, noise: config.trackerNoise, deadChannels: config.deadChannels)
            Self.channels(of: runs.runBuffer, starts: starts, pitches: pitches, sortKeys: &sortKeys, indexBits: indexBits, into: &sink,
                          radix: &scratch.radix)
            return sink
        }
        rng = sink.rng
        // The fired channels, in channel order (valid until the buffer is reserved again).
        let fired = UnsafeBufferPointer(start: buffer.base, count: sink.count)
        stats.deadChannelsWithCharge += sink.deadWithCharge
        scratch.packed = sortKeys

        // Pure-noise channels from the noise occupancy (a channel already hit keeps its signal).
        if config.trackerNoise {
            var noise: [ChannelCharge] = []
            for surface in detector.trackerSurfaces where surface.technology != .passive && surface.readout.noiseOccupancy > 0 {
                let sides = surface.technology == .strip && surface.readout.stereoAngleMrad > 0 ? 2 : 1
                for side in 0..<sides {
                    let frame = frames[2 * surface.index + side]
                    let n = rng.poisson(mean: Double(frame.channelsU) * Double(frame.rowsV) * surface.readout.noiseOccupancy)
                    for _ in 0..<n {
                        let key = ChannelKey(surface: Int32(surface.index), side: UInt8(side),
                                             row: Int32(rng.uniform01() * Double(frame.rowsV)),
                                             column: Int32(rng.uniform01() * Double(frame.channelsU)))
                        let q = surface.readout.thresholdElectrons + abs(rng.gaussian(sigma: surface.readout.noiseElectrons))
                        noise.append(ChannelCharge(key: key, charge: q, bestParticle: -1, bestCharge: q,
                                                   time: rng.uniform(-12.5, 12.5)))
                    }
                }
            }
            noise.sort { $0.key < $1.key }
            // A few hundred noise channels among up to ~10⁵ fired ones: the runs of fired
            // channels between them are copied whole (the first at or after each noise
            // channel found by bisection) into a buffer kept with the scratch, a block copy
            // each (an array's append of a slice or a buffer copied channel by channel: 11.5 M
            // instructions of the μ = 0 bench's 100 digitizations, ≈ 23 a channel).
            let merged = scratch.mergedBuffer
            merged.reserve(fired.count + noise.count)
            var made = 0
            @inline(__always) func copyFired(_ range: Range<Int>) {
                (merged.base + made).initialize(from: fired.baseAddress! + range.lowerBound, count: range.count)
                made &+= range.count
            }
            var i = 0
            for n in noise {
                var lo = i, hi = fired.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if fired[mid].key < n.key { lo = mid + 1 } else { hi = mid }
                }
                copyFired(i..<lo)
                i = lo
                if i < fired.count && fired[i].key == n.key { continue }             // signal channel: keep it
                if made > 0 && merged.base[made - 1].key == n.key { continue }      // the same noise channel twice
                if isDead(n.key, readouts[Int(n.key.surface)]) { continue }
                (merged.base + made).initialize(to: n)
                made &+= 1
                stats.noiseChannels += 1
            }
            copyFired(i..<fired.count)
            let clusters = cluster(UnsafeBufferPointer(start: merged.base, count: made), detector: detector, frames: frames)
            return clusters
        }
        return cluster(fired, detector: detector, frames: frames)
    }

    /// Whether a channel is dead (fixed per channel, ``Detector/isDead(channel:fraction:salt:)``).
    private func isDead(_ key: ChannelKey, _ readout: DetectorCard.Readout) -> Bool {
        config.deadChannels && Detector.isDead(channel: key.packed, fraction: readout.deadChannelFraction,
                                               salt: Detector.trackerDeadSalt)
    }

    /// i modulo n in 0 ..< n (n > 0): a channel index around φ, off by at most one turn in
    /// practice (a hit's charge spills over the φ = 0 edge), so a wrap instead of two integer
    /// divisions per contribution; the modulo for anything farther.
    @inline(__always)
    static func wrapColumn(_ i: Int, _ n: Int) -> Int {
        if i >= 0 { return i < n ? i : (i < 2 * n ? i - n : i % n) }
        return i >= -n ? i + n : ((i % n) + n) % n
    }

    /// `Int(x.rounded(.down))` without the library's floor: truncation, one down for a
    /// negative non-integer (the same value wherever that conversion does not trap).
    @inline(__always)
    static func floorInt(_ x: Double) -> Int {
        let t = Int(x)
        return Double(t) > x ? t - 1 : t
    }

    /// The channels of width `pitch` overlapping [lo, hi], with the fraction of the
    /// interval in each (a sequence, so the loop body may change the caller's arrays
    /// without a closure capturing them).
    struct Overlaps: Sequence, IteratorProtocol {
        let lo: Double, hi: Double, pitch: Double, width: Double
        var i: Int
        let last: Int

        @inline(__always)
        init(lo: Double, hi: Double, pitch: Double) {
            self.lo = lo; self.hi = hi; self.pitch = pitch
            width = hi - lo
            i = Digitization.floorInt(lo / pitch)
            // A zero-width interval is one channel holding everything.
            last = width > 0 ? Digitization.floorInt(hi / pitch) : i
        }

        @inline(__always)
        mutating func next() -> (Int, Double)? {
            guard width > 0 else {
                guard i <= last else { return nil }
                defer { i += 1 }
                return (i, 1)
            }
            while i <= last {
                let a = Swift.max(lo, Double(i) * pitch), b = Swift.min(hi, Double(i + 1) * pitch)
                defer { i += 1 }
                if b > a { return (i, (b - a) / width) }
            }
            return nil
        }
    }

    /// The number of bits `x` needs.
    static func bitWidth(_ x: UInt64) -> Int { 64 - x.leadingZeroBitCount }

    /// Sorts contributions by channel and sums those of the same channel (the particle with
    /// the largest single contribution is kept as truth; ties keep the earlier contribution).
    static func mergeByChannel(_ list: [ChannelCharge]) -> [ChannelCharge] {
        var out: [ChannelCharge] = [], packed: [UInt64] = [], radix: [UInt64] = [], order: [Int] = []
        mergeByChannel(list, into: &out, packed: &packed, radix: &radix, order: &order)
        return out
    }

    /// ``mergeByChannel(_:)`` into `out` (emptied first), with working buffers passed in
    /// (their capacity is kept for the next event).
    static func mergeByChannel(_ list: [ChannelCharge], into out: inout [ChannelCharge], packed: inout [UInt64],
                               radix: inout [UInt64], order: inout [Int]) {
        out.removeAll(keepingCapacity: true)
        guard !list.isEmpty else { return }
        // Sort integers, not structs: (compact channel key << indexBits | index), where the
        // compact key keeps (surface, side, row, column) order in as few bits as the
        // event's largest row and column need.
        var maxRow: UInt64 = 0, maxColumn: UInt64 = 0, maxSensor: UInt64 = 0
        for c in list {
            maxRow = max(maxRow, UInt64(c.key.row)); maxColumn = max(maxColumn, UInt64(c.key.column))
            maxSensor = max(maxSensor, c.key.sensor)
        }
        func bits(_ x: UInt64) -> UInt64 { UInt64(64 - x.leadingZeroBitCount) }
        let rowBits = bits(maxRow), columnBits = bits(maxColumn), indexBits = bits(UInt64(list.count))
        // The contributions in (channel, index) order, as indices into `list` (read in
        // that order by the merge, without a sorted copy of the contributions).
        order.removeAll(keepingCapacity: true)
        order.reserveCapacity(list.count)
        if bits(maxSensor) + rowBits + columnBits + indexBits <= 64 {
            let indexMask: UInt64 = (1 << indexBits) - 1
            packed.removeAll(keepingCapacity: true)
            packed.reserveCapacity(list.count)
            for (i, c) in list.enumerated() {
                let compact = (c.key.sensor << rowBits | UInt64(c.key.row)) << columnBits | UInt64(c.key.column)
                packed.append(compact << indexBits | UInt64(i))
            }
            // The index bits are in increasing order already and the radix sort is stable:
            // its digits start above them.
            Self.radixSort(&packed, bits: Int(bits(maxSensor) + rowBits + columnBits + indexBits), from: Int(indexBits),
                           buffer: &radix)
            for o in packed { order.append(Int(o & indexMask)) }
        } else {
            order = list.indices.sorted { (list[$0].key, $0) < (list[$1].key, $1) }
        }
        out.reserveCapacity(order.count)
        var current = list[order[0]]
        for i in order.dropFirst() {
            let c = list[i]
            if c.key == current.key {
                current.absorb(c)
            } else {
                out.append(current)
                current = c
            }
        }
        out.append(current)
    }

    /// Sorts integers whose values use the low `bits` bits: LSD radix sort in 11-bit digits
    /// for arrays above 1 024 (linear: a busy μ = 40 event has ≈ 10⁵ channel contributions,
    /// a signal event ≈ 4 000), the library sort for small ones.
    /// Bits below `from` are taken as already in order (LSD radix sort is stable).
    static func radixSort(_ a: inout [UInt64], bits: Int, from lowest: Int = 0) {
        var buffer: [UInt64] = []
        radixSort(&a, bits: bits, from: lowest, buffer: &buffer)
    }

    /// ``radixSort(_:bits:from:)`` with the working buffer passed in.
    /// The digit counts of every pass are taken before the first pass, and the passes
    /// work on raw buffers (no per-element uniqueness or bounds checks; every index is a
    /// bucket start plus fewer than `a.count` increments, so it stays in range).
    static func radixSort(_ a: inout [UInt64], bits: Int, from lowest: Int = 0, buffer: inout [UInt64]) {
        guard a.count > 1_024 else { a.sort(); return }
        let n = a.count
        if buffer.count < n { buffer.append(contentsOf: repeatElement(0, count: n - buffer.count)) }
        else if buffer.count > n { buffer.removeLast(buffer.count - n) }
        let passes = lowest < bits ? (bits - lowest + 10) / 11 : 0
        guard passes > 0 else { return }
        // counts[p * 2 048 + d]: elements whose digit in pass p is d.
        var counts = [Int](repeating: 0, count: passes * 2_048)
        // One read of the array per pass: a loop of load, shift, mask and count per element
        // (≈ 6 instructions; the passes' digits taken in one read cost ≈ 18 per element and
        // pass, the inner loop over the passes and Swift's checked shift included). Every
        // shift is below 64 (the passes cover bits below `bits` ≤ 64): the unchecked shift.
        counts.withUnsafeMutableBufferPointer { counts in
            a.withUnsafeBufferPointer { a in
                for p in 0..<passes {
                    let digits = counts.baseAddress! + p &* 2_048
                    let shift = UInt64(lowest &+ 11 &* p)
                    for x in a { digits[Int((x &>> shift) & 0x7FF)] &+= 1 }
                }
            }
        }
        var shift = UInt64(lowest)
        for p in 0..<passes {
            let base = p * 2_048
            // A digit that every element shares leaves the order as it is: skip the pass.
            let shared = counts[base..<base + 2_048].contains(n)
            if !shared {
                counts.withUnsafeMutableBufferPointer { counts in
                    var total = 0
                    for d in base..<base + 2_048 {
                        let c = counts[d]
                        counts[d] = total
                        total &+= c
                    }
                    a.withUnsafeBufferPointer { source in
                        buffer.withUnsafeMutableBufferPointer { target in
                            for x in source {
                                let d = base &+ Int((x &>> shift) & 0x7FF)
                                target[counts[d]] = x
                                counts[d] &+= 1
                            }
                        }
                    }
                }
                swap(&a, &buffer)
            }
            shift += 11
        }
    }

    /// Connected components of fired channels per (surface, side): strips connect
    /// neighbours in the same row, pixels the eight neighbours. `fired` is sorted by channel,
    /// so a strip cluster is a run of consecutive columns. Pixels: union–find over the
    /// neighbour pairs, found in one pass (a pointer into the next row moves with the
    /// column), then the components in order of their first channel — linear in the
    /// number of fired pixels however busy the layer.
    /// `frames[2 k + side]` is the read-out frame of side `side` of surface k.
    ///
    /// The channels and the union–find's index arrays are read through buffer pointers
    /// (every index is below the sensor's channel count by construction); a pixel alone in
    /// its component is its own cluster, without being gathered.
    private func cluster(_ fired: UnsafeBufferPointer<ChannelCharge>, detector: Detector,
                         frames: [SensorFrame]) -> [TrackerCluster] {
        var out: [TrackerCluster] = []
        out.reserveCapacity(fired.count)
        let total = fired.count
        guard total > 0 else { return out }
        // parent, count (n + 1), next (n + 1), members, for the largest pixel layer.
        let index = UnsafeMutablePointer<Int>.allocate(capacity: 4 * total + 2)
        defer { index.deallocate() }
        let gathered = UnsafeMutablePointer<ChannelCharge>.allocate(capacity: total)
        defer { gathered.deallocate() }
        do {
            var start = 0
            while start < total {
                let sensor = fired[start].key.sensor
                var end = start &+ 1
                while end < total && fired[end].key.sensor == sensor { end &+= 1 }
                let surface = detector.trackerSurfaces[Int(fired[start].key.surface)]
                let frame = frames[2 * Int(fired[start].key.surface) + Int(fired[start].key.side)]
                if surface.technology != .pixel {
                    var i = start
                    while i < end {
                        // The next channel is the next column of the same row: its packed key
                        // is one more and its column not 0 (which would be a carry into the row).
                        var j = i &+ 1
                        while j < end && fired[j].key.packed == fired[j &- 1].key.packed &+ 1
                            && fired[j].key.packed & 0x3F_FFFF != 0 { j &+= 1 }
                        out.append(makeCluster(UnsafeBufferPointer(rebasing: fired[i..<j]), surface: surface, frame: frame,
                                               consecutiveColumns: true))
                        i = j
                    }
                } else {
                    clusterPixels(UnsafeBufferPointer(rebasing: fired[start..<end]), surface: surface, frame: frame,
                                  index: index, gathered: gathered, into: &out)
                }
                start = end
            }
        }
        return out
    }

    /// The pixel clusters of one sensor's fired channels (sorted by row, then column):
    /// union–find over the eight-neighbour pairs, then the components by root (roots
    /// ascending, members ascending). `index` holds 4 n + 2 integers, `gathered` n channels.
    @inline(__always)
    private func clusterPixels(_ fired: UnsafeBufferPointer<ChannelCharge>, surface: TrackerSurface, frame: SensorFrame,
                               index: UnsafeMutablePointer<Int>, gathered: UnsafeMutablePointer<ChannelCharge>,
                               into out: inout [TrackerCluster]) {
        let n = fired.count
        let parent = index, count = index + n, next = index + 2 * n + 1, members = index + 3 * n + 2
        for a in 0..<n { parent[a] = a }
        @inline(__always) func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        @inline(__always) func union(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra != rb { parent[Swift.max(ra, rb)] = Swift.min(ra, rb) }   // the root stays the smallest index
        }
        @inline(__always) func row(_ i: Int) -> Int32 { fired[i].key.row }
        @inline(__always) func column(_ i: Int) -> Int32 { fired[i].key.column }
        var i = 0
        while i < n {
            let r = row(i)
            var e = i
            while e < n && row(e) == r { e &+= 1 }
            var f = e
            if e < n && row(e) == r + 1 { while f < n && row(f) == r + 1 { f &+= 1 } }
            var p = e
            for a in i..<e {
                if a + 1 < e && column(a + 1) == column(a) + 1 { union(a, a + 1) }
                while p < f && column(p) < column(a) - 1 { p &+= 1 }
                var q = p
                while q < f && column(q) <= column(a) + 1 { union(a, q); q &+= 1 }
            }
            i = e
        }
        // Group by root (a counting sort): roots ascending, members ascending.
        for a in 0...n { count[a] = 0 }
        for a in 0..<n { parent[a] = find(a) }   // every channel points at its root
        for a in 0..<n { count[parent[a] &+ 1] &+= 1 }
        for a in 0..<n { count[a &+ 1] &+= count[a] }
        for a in 0...n { next[a] = count[a] }
        for a in 0..<n { let r = parent[a]; members[next[r]] = a; next[r] &+= 1 }
        for root in 0..<n where parent[root] == root {
            let lo = count[root], hi = count[root &+ 1]
            if hi &- lo == 1 {
                out.append(makeCluster(UnsafeBufferPointer(rebasing: fired[root..<root &+ 1]), surface: surface, frame: frame))
                continue
            }
            for m in lo..<hi { gathered[m &- lo] = fired[members[m]] }
            out.append(makeCluster(UnsafeBufferPointer(start: gathered, count: hi &- lo), surface: surface, frame: frame))
        }
    }

    /// The cluster of `channels` (one side of one sensor): charge-weighted centroid, errors,
    /// size, earliest time, truth. `consecutiveColumns`: the channels are consecutive columns
    /// of one row, in order (a strip cluster from ``cluster(_:detector:frames:)``).
    private func makeCluster(_ channels: UnsafeBufferPointer<ChannelCharge>, surface: TrackerSurface,
                             frame: SensorFrame, consecutiveColumns: Bool = false) -> TrackerCluster {
        let first = channels[0]
        let side = Int(first.key.side)
        var q = 0.0, su = 0.0, sv = 0.0, t = Double.infinity
        let u0 = Double(first.key.column)
        let halfTurn = Double(frame.channelsU) / 2
        // Whether one particle is the truth of every channel (most clusters).
        var oneParticle = true
        let columns: Int, rows: Int
        if consecutiveColumns && Double(channels.count) <= halfTurn {
            // Columns u0, u0 + 1, … of one row: the sums of the loop below, term for term, with
            // the row centre read once, no extrema and nothing to unwrap (≈ 20 instructions a
            // channel where the loop below takes ≈ 55, callgrind).
            assert(zip(channels, channels.dropFirst()).allSatisfy { $1.key.packed == $0.key.packed + 1 }, "not one row's run")
            let rowCentre = frame.rowCentre(Int(first.key.row))
            var col = u0
            for c in channels {
                oneParticle = oneParticle && c.bestParticle == first.bestParticle
                q += c.charge
                su += c.charge * (col + 0.5) * frame.pitchU
                sv += c.charge * rowCentre
                t = Swift.min(t, c.time)
                col += 1
            }
            columns = channels.count
            rows = 1
        } else {
            var minColumn = Int32.max, maxColumn = Int32.min, minRow = Int32.max, maxRow = Int32.min
            @inline(__always) func accumulate(unwrapping: Bool) {
                q = 0; su = 0; sv = 0; t = .infinity; oneParticle = true
                for c in channels {
                    oneParticle = oneParticle && c.bestParticle == first.bestParticle
                    q += c.charge
                    // Columns near the φ wrap are unwrapped relative to the first one.
                    var col = Double(c.key.column)
                    if unwrapping {
                        if col - u0 > halfTurn { col -= Double(frame.channelsU) }
                        if u0 - col > halfTurn { col += Double(frame.channelsU) }
                    }
                    su += c.charge * (col + 0.5) * frame.pitchU
                    sv += c.charge * frame.rowCentre(Int(c.key.row))
                    t = Swift.min(t, c.time)
                    minColumn = Swift.min(minColumn, c.key.column); maxColumn = Swift.max(maxColumn, c.key.column)
                    minRow = Swift.min(minRow, c.key.row); maxRow = Swift.max(maxRow, c.key.row)
                }
            }
            // A column is unwrapped only when it lies more than half a turn from the first
            // one's, so only in a cluster spanning more than half a turn (the clustering joins
            // no channels across φ = 0): the sums without the unwrapping, redone with it there.
            accumulate(unwrapping: false)
            if Double(maxColumn - minColumn) > halfTurn { accumulate(unwrapping: true) }
            columns = Int(maxColumn - minColumn) + 1
            rows = Int(maxRow - minRow) + 1
        }
        let u = su / q, v = sv / q
        let isPixel = surface.technology == .pixel
        let sigmaU = frame.pitchU / 12.0.squareRoot() * (columns > 1 ? config.multiChannelErrorScale : 1)
        let sigmaV = frame.pitchV / 12.0.squareRoot() * (isPixel && rows > 1 ? config.multiChannelErrorScale : 1)
        let axialU = frame.stereo != 0 ? u / frame.cosStereo : u
        // Truth: the particle with the most charge (few channels per cluster: sum per
        // particle at its first channel, no allocation).
        var best: Int32 = -1, bestCharge = -1.0
        // One particle throughout: it has all the charge (the search below would find it).
        if oneParticle {
            best = first.bestParticle
        } else {
            for a in 0..<channels.count {
                let id = channels[a].bestParticle
                if channels[0..<a].contains(where: { $0.bestParticle == id }) { continue }
                var charge = 0.0
                for c in channels[a...] where c.bestParticle == id { charge += c.charge }
                if charge > bestCharge || (charge == bestCharge && id < best) { best = id; bestCharge = charge }
            }
        }
        return TrackerCluster(surface: Int32(surface.index), side: UInt8(side), localU: u, localV: v,
                              sigmaU: sigmaU, sigmaV: sigmaV, position: frame.global(u: axialU, v: v),
                              size: UInt16(channels.count), sizeU: UInt16(clamping: columns), sizeV: UInt16(clamping: rows),
                              charge: Float(q), time: Float(t.isFinite ? t : 0), truthParticle: best)
    }
}

/// Uninitialised room for channels, kept between events with the scratch (a μ = 40 event
/// fires ≈ 10⁵ channels, 4 MB: a fresh array would be page-faulted in every event, a kept
/// one filled before the sweep writes it). `ChannelCharge` is a trivial type, so the
/// memory needs no initialising before it is written nor clearing after.
final class ChannelBuffer {
    private(set) var base: UnsafeMutablePointer<ChannelCharge>
    private(set) var capacity: Int

    init() {
        capacity = 1_024
        base = .allocate(capacity: capacity)
    }

    /// Room for at least `count` channels (the contents are not kept when it grows).
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        capacity = Swift.max(count, 2 * capacity)
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}

/// The digitization's working arrays (tracker, straws, calorimeter flags), kept between
/// events (one set per concurrent digitization, so one per rank in a job) with their
/// capacity; the contents are not kept.
struct TrackerScratch {
    /// The tracker's charge runs (Digitization+ChargeRuns.swift).
    var runs = RunList()
    /// Room for the fired channels with the pure-noise ones merged in (Digitization+Tracker.swift).
    var mergedBuffer = ChannelBuffer()
    var packed: [UInt64] = []
    var radix: [UInt64] = []
    var order: [Int] = []
    /// The TRT straws' sort keys (Digitization+Straws.swift; `radix` is shared).
    var strawKeys: [UInt64] = []
    /// The straw hits' distance, time and particle in hit order (Digitization+Straws.swift).
    var strawReads: [StrawRead] = []
    /// The calorimeter's per-cell "dead or has a deposit" bits (Digitization.swift).
    var cellSkip = CellBits(count: 0)
    /// The calibration factors of the deposits' cells, in deposit order (Digitization.swift).
    var cellFactors: [Float] = []
    /// The calorimeter's pure-noise cells, in id order (Digitization.swift).
    var noiseCells = ScratchList<CalorimeterCellDigit>(capacity: 16_384)
    /// Room for the tracker's fired channels (Digitization+ChargeRuns.swift's sweep).
    var channelBuffer = ChannelBuffer()

    /// The array, leaving an empty one in its place (so that the caller holds the only
    /// reference and appending does not copy).
    static func takeOut<T>(_ a: inout [T]) -> [T] {
        var out: [T] = []
        swap(&out, &a)
        return out
    }
}

final class TrackerScratchPool: @unchecked Sendable {
    static let shared = TrackerScratchPool()
    private let lock = NSLock()
    private var free: [TrackerScratch] = []

    func take() -> TrackerScratch {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast() ?? TrackerScratch()
    }

    func give(_ scratch: TrackerScratch) {
        lock.lock()
        defer { lock.unlock() }
        if free.count < 8 { free.append(scratch) }
    }
}
