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
        if isBarrel {
            let phi = u / referenceRadius
            return Vector3(referenceRadius * cos(phi), referenceRadius * sin(phi), v)
        }
        let phi = u / referenceRadius
        return Vector3(v * cos(phi), v * sin(phi), z)
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
}

extension Digitization {
    func digitizeTracker(_ hits: [TrackerSimHit], detector: Detector, rng: inout RandomStream,
                         stats: inout DigitizationStats) -> [TrackerCluster] {
        // Working arrays reused from event to event (a μ = 40 event fills ≈ 10 MB of them;
        // fresh ones would be page-faulted in every event).
        var scratch = TrackerScratchPool.shared.take()
        defer { TrackerScratchPool.shared.give(scratch) }
        // Every (hit, channel) contribution, then sorted and merged per channel.
        var contributions = TrackerScratch.takeOut(&scratch.contributions)
        contributions.removeAll(keepingCapacity: true)
        contributions.reserveCapacity(4 * hits.count)
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

        for h in hits {
            let k = Int(h.surface)
            let sides = sidesOf[k]
            guard sides > 0 else { continue }
            let charge = Double(h.energyDeposit) / pairEnergy
            // φ of the hit and its sine and cosine, shared by both sides.
            var phi = atan2(h.position.y, h.position.x)
            let sinPhi = sin(phi), cosPhi = cos(phi)
            if phi < 0 { phi += 2 * Double.pi }
            for side in 0..<sides {
                let frame = frames[2 * k + side]
                let u0 = frame.referenceRadius * phi
                let v0 = frame.isBarrel ? h.position.z : h.position.perp
                let (su, sv) = frame.slopes(direction: h.direction, position: h.position, sinPhi: sinPhi, cosPhi: cosPhi)
                let row = Int(((v0 - frame.vMin) / frame.pitchV).rounded(.down))
                guard row >= 0 && row < frame.rowsV else { continue }
                // The charge is spread evenly over the track's projection on the sensor,
                // widened by diffusion (a box of the same r.m.s., half-width σ√3), and shared
                // between channels by overlap.
                let du = su * thickness[k], dv = sv * thickness[k]
                if isPixel[k] {
                    let uLo = u0 - abs(du) / 2 - halfDiffusion, uHi = u0 + abs(du) / 2 + halfDiffusion
                    let vLo = v0 - frame.vMin - abs(dv) / 2 - halfDiffusion, vHi = v0 - frame.vMin + abs(dv) / 2 + halfDiffusion
                    Self.forEachOverlap(lo: vLo, hi: vHi, pitch: frame.pitchV) { iv, fv in
                        guard iv >= 0 && iv < frame.rowsV else { return }
                        Self.forEachOverlap(lo: uLo, hi: uHi, pitch: frame.pitchU) { iu, fu in
                            let column = ((iu % frame.channelsU) + frame.channelsU) % frame.channelsU
                            add(charge * fu * fv, to: ChannelKey(surface: h.surface, side: UInt8(side), row: Int32(iv),
                                                                 column: Int32(column)), hit: h, into: &contributions)
                        }
                    }
                } else {
                    let x0 = frame.measured(u: u0, v: v0, row: row)
                    let dx = du * frame.cosStereo - dv * frame.sinStereo
                    Self.forEachOverlap(lo: x0 - abs(dx) / 2 - halfDiffusion, hi: x0 + abs(dx) / 2 + halfDiffusion,
                                        pitch: frame.pitchU) { i, f in
                        let column = ((i % frame.channelsU) + frame.channelsU) % frame.channelsU
                        add(charge * f, to: ChannelKey(surface: h.surface, side: UInt8(side), row: Int32(row), column: Int32(column)),
                            hit: h, into: &contributions)
                    }
                }
            }
        }

        var channels = TrackerScratch.takeOut(&scratch.channels)
        Self.mergeByChannel(contributions, into: &channels, packed: &scratch.packed, radix: &scratch.radix,
                            order: &scratch.order)
        scratch.contributions = contributions

        // Noise on every hit channel, then threshold.
        var fired = TrackerScratch.takeOut(&scratch.fired)
        fired.removeAll(keepingCapacity: true)
        fired.reserveCapacity(channels.count + 256)
        for var c in channels {
            let readout = readouts[Int(c.key.surface)]
            if config.trackerNoise { c.charge += rng.gaussian(sigma: readout.noiseElectrons) }
            guard c.charge > readout.thresholdElectrons else { continue }
            if isDead(c.key, readout) {
                stats.deadChannelsWithCharge += 1
                continue
            }
            fired.append(c)
        }
        // Pure-noise channels from the noise occupancy (a channel already hit keeps its signal).
        if config.trackerNoise {
            var noise: [ChannelCharge] = []
            for surface in detector.trackerSurfaces where surface.technology != .passive && surface.readout.noiseOccupancy > 0 {
                let sides = surface.technology == .strip && surface.readout.stereoAngleMrad > 0 ? 2 : 1
                for side in 0..<sides {
                    let frame = SensorFrame(surface: surface, side: side)
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
            var merged = TrackerScratch.takeOut(&scratch.merged)
            merged.removeAll(keepingCapacity: true)
            merged.reserveCapacity(fired.count + noise.count)
            var i = 0, j = 0
            while i < fired.count || j < noise.count {
                if j == noise.count || (i < fired.count && fired[i].key <= noise[j].key) {
                    if j < noise.count && fired[i].key == noise[j].key { j += 1 }   // signal channel: keep it
                    merged.append(fired[i]); i += 1
                } else {
                    if let last = merged.last, last.key == noise[j].key { j += 1; continue }
                    if isDead(noise[j].key, readouts[Int(noise[j].key.surface)]) { j += 1; continue }
                    merged.append(noise[j]); j += 1
                    stats.noiseChannels += 1
                }
            }
            scratch.merged = fired
            fired = merged
        }
        scratch.channels = channels
        let clusters = cluster(fired, detector: detector)
        scratch.fired = fired
        return clusters
    }

    /// Whether a channel is dead (fixed per channel, ``Detector/isDead(channel:fraction:salt:)``).
    private func isDead(_ key: ChannelKey, _ readout: DetectorCard.Readout) -> Bool {
        config.deadChannels && Detector.isDead(channel: key.packed, fraction: readout.deadChannelFraction,
                                               salt: Detector.trackerDeadSalt)
    }

    /// Calls `body(channel, fraction)` for the channels of width `pitch` overlapping
    /// [lo, hi], with the fraction of the interval in each (no allocation).
    @inline(__always)
    static func forEachOverlap(lo: Double, hi: Double, pitch: Double, _ body: (Int, Double) -> Void) {
        let width = hi - lo
        guard width > 0 else { body(Int((lo / pitch).rounded(.down)), 1); return }
        let first = Int((lo / pitch).rounded(.down)), last = Int((hi / pitch).rounded(.down))
        for i in first...last {
            let a = max(lo, Double(i) * pitch), b = min(hi, Double(i + 1) * pitch)
            if b > a { body(i, (b - a) / width) }
        }
    }

    private func add(_ q: Double, to key: ChannelKey, hit: TrackerSimHit, into list: inout [ChannelCharge]) {
        list.append(ChannelCharge(key: key, charge: q, bestParticle: hit.particle, bestCharge: q, time: Double(hit.time)))
    }

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
                current.charge += c.charge
                if c.bestCharge > current.bestCharge { current.bestCharge = c.bestCharge; current.bestParticle = c.bestParticle }
                current.time = min(current.time, c.time)
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
    ///
    /// The passes run on raw buffers (array subscripts here cost a uniqueness check per
    /// element written), and a pass whose digit is the same in every value is skipped (it
    /// would leave the order as it is).
    static func radixSort(_ a: inout [UInt64], bits: Int, from lowest: Int = 0, buffer: inout [UInt64]) {
        guard a.count > 1_024 else { a.sort(); return }
        let n = a.count
        if buffer.count < n { buffer = [UInt64](repeating: 0, count: n) }
        else if buffer.count > n { buffer.removeLast(buffer.count - n) }
        var inBuffer = false   // whether the latest pass wrote into `buffer`
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2_049) { start in
            a.withUnsafeMutableBufferPointer { pa in
                buffer.withUnsafeMutableBufferPointer { pb in
                    var src = pa.baseAddress!, dst = pb.baseAddress!
                    var shift = UInt64(lowest)
                    while shift < UInt64(bits) {
                        defer { shift += 11 }
                        for i in 0..<2_049 { start[i] = 0 }
                        for i in 0..<n { start[Int((src[i] >> shift) & 0x7FF) + 1] += 1 }
                        if start[Int((src[0] >> shift) & 0x7FF) + 1] == n { continue }
                        for i in 1...2_048 { start[i] += start[i - 1] }
                        for i in 0..<n {
                            let x = src[i]
                            let d = Int((x >> shift) & 0x7FF)
                            dst[start[d]] = x
                            start[d] += 1
                        }
                        swap(&src, &dst)
                        inBuffer.toggle()
                    }
                }
            }
        }
        if inBuffer { swap(&a, &buffer) }
    }

    /// Connected components of fired channels per (surface, side): strips connect
    /// neighbours in the same row, pixels the eight neighbours. `fired` is sorted by channel,
    /// so a strip cluster is a run of consecutive columns. Pixels: union–find over the
    /// neighbour pairs, found in one pass (a pointer into the next row moves with the
    /// column), then the components in order of their first channel — linear in the
    /// number of fired pixels however busy the layer.
    private func cluster(_ fired: [ChannelCharge], detector: Detector) -> [TrackerCluster] {
        var out: [TrackerCluster] = []
        out.reserveCapacity(fired.count)
        var start = 0
        var parent: [Int] = []
        var count: [Int] = []
        var members: [Int] = []
        var gathered: [ChannelCharge] = []
        while start < fired.count {
            var end = start
            while end < fired.count && fired[end].key.sensor == fired[start].key.sensor { end += 1 }
            let surface = detector.trackerSurfaces[Int(fired[start].key.surface)]
            let frame = SensorFrame(surface: surface, side: Int(fired[start].key.side))
            if surface.technology != .pixel {
                var i = start
                while i < end {
                    var j = i + 1
                    while j < end && fired[j].key.row == fired[j - 1].key.row
                        && fired[j].key.column == fired[j - 1].key.column + 1 { j += 1 }
                    out.append(makeCluster(fired[i..<j], surface: surface, frame: frame))
                    i = j
                }
            } else {
                let n = end - start
                parent.removeAll(keepingCapacity: true)
                parent.append(contentsOf: 0..<n)
                func find(_ i: Int) -> Int {
                    var i = i
                    while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
                    return i
                }
                func union(_ a: Int, _ b: Int) {
                    let ra = find(a), rb = find(b)
                    if ra != rb { parent[max(ra, rb)] = min(ra, rb) }   // the root stays the smallest index
                }
                @inline(__always) func row(_ i: Int) -> Int32 { fired[start + i].key.row }
                @inline(__always) func column(_ i: Int) -> Int32 { fired[start + i].key.column }
                var i = 0
                while i < n {
                    let r = row(i)
                    var e = i
                    while e < n && row(e) == r { e += 1 }
                    var f = e
                    if e < n && row(e) == r + 1 { while f < n && row(f) == r + 1 { f += 1 } }
                    var p = e
                    for a in i..<e {
                        if a + 1 < e && column(a + 1) == column(a) + 1 { union(a, a + 1) }
                        while p < f && column(p) < column(a) - 1 { p += 1 }
                        var q = p
                        while q < f && column(q) <= column(a) + 1 { union(a, q); q += 1 }
                    }
                    i = e
                }
                // Group by root (a counting sort): roots ascending, members ascending.
                count.removeAll(keepingCapacity: true)
                count.append(contentsOf: repeatElement(0, count: n + 1))
                for a in 0..<n { parent[a] = find(a) }   // every channel points at its root
                for a in 0..<n { count[parent[a] + 1] += 1 }
                for a in 0..<n { count[a + 1] += count[a] }
                members.removeAll(keepingCapacity: true)
                members.append(contentsOf: repeatElement(0, count: n))
                var next = count
                for a in 0..<n { let r = parent[a]; members[next[r]] = a; next[r] += 1 }
                for root in 0..<n where parent[root] == root {
                    gathered.removeAll(keepingCapacity: true)
                    for m in count[root]..<count[root + 1] { gathered.append(fired[start + members[m]]) }
                    out.append(makeCluster(gathered[...], surface: surface, frame: frame))
                }
            }
            start = end
        }
        return out
    }

    private func makeCluster(_ channels: ArraySlice<ChannelCharge>, surface: TrackerSurface, frame: SensorFrame) -> TrackerCluster {
        let first = channels[channels.startIndex]
        let side = Int(first.key.side)
        var q = 0.0, su = 0.0, sv = 0.0, t = Double.infinity
        let u0 = Double(first.key.column)
        var minColumn = Int32.max, maxColumn = Int32.min, minRow = Int32.max, maxRow = Int32.min
        for c in channels {
            q += c.charge
            // Columns near the φ wrap are unwrapped relative to the first one.
            var col = Double(c.key.column)
            if col - u0 > Double(frame.channelsU) / 2 { col -= Double(frame.channelsU) }
            if u0 - col > Double(frame.channelsU) / 2 { col += Double(frame.channelsU) }
            su += c.charge * (col + 0.5) * frame.pitchU
            sv += c.charge * frame.rowCentre(Int(c.key.row))
            t = min(t, c.time)
            minColumn = min(minColumn, c.key.column); maxColumn = max(maxColumn, c.key.column)
            minRow = min(minRow, c.key.row); maxRow = max(maxRow, c.key.row)
        }
        let u = su / q, v = sv / q
        let columns = Int(maxColumn - minColumn) + 1, rows = Int(maxRow - minRow) + 1
        let isPixel = surface.technology == .pixel
        let sigmaU = frame.pitchU / 12.0.squareRoot() * (columns > 1 ? config.multiChannelErrorScale : 1)
        let sigmaV = frame.pitchV / 12.0.squareRoot() * (isPixel && rows > 1 ? config.multiChannelErrorScale : 1)
        let axialU = frame.stereo != 0 ? u / frame.cosStereo : u
        // Truth: the particle with the most charge (few channels per cluster: sum per
        // particle at its first channel, no allocation).
        var best: Int32 = -1, bestCharge = -1.0
        for a in channels.indices {
            let id = channels[a].bestParticle
            if channels[channels.startIndex..<a].contains(where: { $0.bestParticle == id }) { continue }
            var charge = 0.0
            for c in channels[a...] where c.bestParticle == id { charge += c.charge }
            if charge > bestCharge || (charge == bestCharge && id < best) { best = id; bestCharge = charge }
        }
        return TrackerCluster(surface: Int32(surface.index), side: UInt8(side), localU: u, localV: v,
                              sigmaU: sigmaU, sigmaV: sigmaV, position: frame.global(u: axialU, v: v),
                              size: UInt16(channels.count), sizeU: UInt16(clamping: columns), sizeV: UInt16(clamping: rows),
                              charge: Float(q), time: Float(t.isFinite ? t : 0), truthParticle: best)
    }
}

/// The tracker digitization's working arrays, kept between events (one set per concurrent
/// digitization, so one per rank in a job) with their capacity; the contents are not kept.
struct TrackerScratch {
    var contributions: [ChannelCharge] = []
    var channels: [ChannelCharge] = []
    var fired: [ChannelCharge] = []
    var merged: [ChannelCharge] = []
    var packed: [UInt64] = []
    var radix: [UInt64] = []
    var order: [Int] = []

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
