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
    var isBarrel: Bool
    var z: Double

    init(surface: TrackerSurface, side: Int) {
        let r = surface.readout
        pitchU = r.pitchUUM * um
        pitchV = r.pitchVUM * um
        stereo = side == 1 ? r.stereoAngleMrad * 1e-3 : 0
        switch surface.shape {
        case let .cylinder(radius, halfLength):
            referenceRadius = radius; vMin = -halfLength; vLength = 2 * halfLength; isBarrel = true; z = 0
        case let .disc(zz, rMin, rMax):
            referenceRadius = 0.5 * (rMin + rMax); vMin = rMin; vLength = rMax - rMin; isBarrel = false; z = zz
        }
        channelsU = max(1, Int((2 * Double.pi * referenceRadius / pitchU).rounded(.up)))
        rowsV = max(1, Int((vLength / pitchV).rounded(.up)))
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

    /// The measured coordinate across the channels: u for pixels and axial strips;
    /// u·cos α − (v − v_row)·sin α on the stereo side (strips tilted about the row centre).
    func measured(u: Double, v: Double, row: Int) -> Double {
        guard stereo != 0 else { return u }
        return u * cos(stereo) - (v - rowCentre(row)) * sin(stereo)
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
        // Every (hit, channel) contribution, then sorted and merged per channel.
        var contributions: [ChannelCharge] = []
        contributions.reserveCapacity(8 * hits.count)
        let pairEnergy = config.siliconPairEnergyEV * 1e-9   // GeV
        let diffusion = config.diffusionUM * um

        for h in hits {
            let surface = detector.trackerSurfaces[Int(h.surface)]
            guard surface.technology != .passive else { continue }
            let sides = surface.technology == .strip && surface.readout.stereoAngleMrad > 0 ? 2 : 1
            let charge = Double(h.energyDeposit) / pairEnergy
            let thickness = surface.readout.sensorThicknessUM * um
            for side in 0..<sides {
                let frame = SensorFrame(surface: surface, side: side)
                let (u0, v0) = frame.local(h.position)
                let (su, sv) = frame.slopes(at: h.position, direction: h.direction)
                let row = Int(((v0 - frame.vMin) / frame.pitchV).rounded(.down))
                guard row >= 0 && row < frame.rowsV else { continue }
                // The charge is spread evenly over the track's projection on the sensor,
                // widened by diffusion (a box of the same r.m.s., half-width σ√3), and shared
                // between channels by overlap.
                let halfDiffusion = diffusion * 3.0.squareRoot()
                let du = su * thickness, dv = sv * thickness
                if surface.technology == .pixel {
                    let uLo = u0 - abs(du) / 2 - halfDiffusion, uHi = u0 + abs(du) / 2 + halfDiffusion
                    let vLo = v0 - frame.vMin - abs(dv) / 2 - halfDiffusion, vHi = v0 - frame.vMin + abs(dv) / 2 + halfDiffusion
                    for (iv, fv) in overlaps(lo: vLo, hi: vHi, pitch: frame.pitchV) where iv >= 0 && iv < frame.rowsV {
                        for (iu, fu) in overlaps(lo: uLo, hi: uHi, pitch: frame.pitchU) {
                            let column = ((iu % frame.channelsU) + frame.channelsU) % frame.channelsU
                            add(charge * fu * fv, to: ChannelKey(surface: h.surface, side: UInt8(side), row: Int32(iv),
                                                                 column: Int32(column)), hit: h, into: &contributions)
                        }
                    }
                } else {
                    let x0 = frame.measured(u: u0, v: v0, row: row)
                    let dx = du * cos(frame.stereo) - dv * sin(frame.stereo)
                    for (i, f) in overlaps(lo: x0 - abs(dx) / 2 - halfDiffusion, hi: x0 + abs(dx) / 2 + halfDiffusion,
                                           pitch: frame.pitchU) {
                        let column = ((i % frame.channelsU) + frame.channelsU) % frame.channelsU
                        add(charge * f, to: ChannelKey(surface: h.surface, side: UInt8(side), row: Int32(row), column: Int32(column)),
                            hit: h, into: &contributions)
                    }
                }
            }
        }

        let channels = Self.mergeByChannel(contributions)

        // Noise on every hit channel, then threshold.
        var fired: [ChannelCharge] = []
        fired.reserveCapacity(channels.count + 256)
        for var c in channels {
            let readout = detector.trackerSurfaces[Int(c.key.surface)].readout
            if config.trackerNoise { c.charge += rng.gaussian(sigma: readout.noiseElectrons) }
            if c.charge > readout.thresholdElectrons { fired.append(c) }
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
            var merged: [ChannelCharge] = []
            merged.reserveCapacity(fired.count + noise.count)
            var i = 0, j = 0
            while i < fired.count || j < noise.count {
                if j == noise.count || (i < fired.count && fired[i].key <= noise[j].key) {
                    if j < noise.count && fired[i].key == noise[j].key { j += 1 }   // signal channel: keep it
                    merged.append(fired[i]); i += 1
                } else {
                    if let last = merged.last, last.key == noise[j].key { j += 1; continue }
                    merged.append(noise[j]); j += 1
                    stats.noiseChannels += 1
                }
            }
            fired = merged
        }
        return cluster(fired, detector: detector)
    }

    /// Channels of width `pitch` overlapping [lo, hi], with the fraction of the interval in each.
    private func overlaps(lo: Double, hi: Double, pitch: Double) -> [(Int, Double)] {
        let width = hi - lo
        guard width > 0 else { return [(Int((lo / pitch).rounded(.down)), 1)] }
        let first = Int((lo / pitch).rounded(.down)), last = Int((hi / pitch).rounded(.down))
        var out: [(Int, Double)] = []
        out.reserveCapacity(last - first + 1)
        for i in first...last {
            let a = max(lo, Double(i) * pitch), b = min(hi, Double(i + 1) * pitch)
            if b > a { out.append((i, (b - a) / width)) }
        }
        return out
    }

    private func add(_ q: Double, to key: ChannelKey, hit: TrackerSimHit, into list: inout [ChannelCharge]) {
        list.append(ChannelCharge(key: key, charge: q, bestParticle: hit.particle, bestCharge: q, time: Double(hit.time)))
    }

    /// Sorts contributions by channel and sums those of the same channel (the particle with
    /// the largest single contribution is kept as truth).
    static func mergeByChannel(_ list: [ChannelCharge]) -> [ChannelCharge] {
        guard !list.isEmpty else { return [] }
        let sorted: [ChannelCharge]
        if list.count <= 1 << 16 {
            // Sort (key << 16 | index) integers: keys use 48 bits.
            var order = list.indices.map { list[$0].key.packed << 16 | UInt64($0) }
            order.sort()
            sorted = order.map { list[Int($0 & 0xFFFF)] }
        } else {
            sorted = list.sorted { $0.key < $1.key }
        }
        var out: [ChannelCharge] = []
        out.reserveCapacity(sorted.count)
        for c in sorted {
            if let last = out.last, last.key == c.key {
                var m = last
                m.charge += c.charge
                if c.bestCharge > m.bestCharge { m.bestCharge = c.bestCharge; m.bestParticle = c.bestParticle }
                m.time = min(m.time, c.time)
                out[out.count - 1] = m
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Connected components of fired channels per (surface, side): strips connect
    /// neighbours in the same row, pixels the eight neighbours. `fired` is sorted by channel,
    /// so a strip cluster is a run of consecutive columns; pixels use union–find.
    private func cluster(_ fired: [ChannelCharge], detector: Detector) -> [TrackerCluster] {
        var out: [TrackerCluster] = []
        out.reserveCapacity(fired.count)
        var start = 0
        var parent: [Int] = []
        var members: [ChannelCharge] = []
        while start < fired.count {
            var end = start
            while end < fired.count && fired[end].key.sensor == fired[start].key.sensor { end += 1 }
            let surface = detector.trackerSurfaces[Int(fired[start].key.surface)]
            if surface.technology != .pixel {
                var i = start
                while i < end {
                    var j = i + 1
                    while j < end && fired[j].key.row == fired[j - 1].key.row
                        && fired[j].key.column == fired[j - 1].key.column + 1 { j += 1 }
                    out.append(makeCluster(fired[i..<j], surface: surface))
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
                for i in 0..<n {
                    let a = fired[start + i].key
                    for j in (i + 1)..<n {
                        let b = fired[start + j].key
                        let dr = Int(b.row) - Int(a.row)
                        if dr > 1 { break }
                        if abs(Int(b.column) - Int(a.column)) <= 1 {
                            let ri = find(i), rj = find(j)
                            if ri != rj { parent[max(ri, rj)] = min(ri, rj) }
                        }
                    }
                }
                // Roots are the smallest index of their component: emit in that order.
                for root in 0..<n where find(root) == root {
                    members.removeAll(keepingCapacity: true)
                    for i in root..<n where find(i) == root { members.append(fired[start + i]) }
                    out.append(makeCluster(members[...], surface: surface))
                }
            }
            start = end
        }
        return out
    }

    private func makeCluster(_ channels: ArraySlice<ChannelCharge>, surface: TrackerSurface) -> TrackerCluster {
        let first = channels[channels.startIndex]
        let side = Int(first.key.side)
        let frame = SensorFrame(surface: surface, side: side)
        var q = 0.0, su = 0.0, sv = 0.0, t = Double.infinity
        let u0 = Double(first.key.column)
        var minColumn = Int32.max, maxColumn = Int32.min, minRow = Int32.max, maxRow = Int32.min
        // Truth: the particle with the most charge (few particles per cluster: a small list).
        var truthIDs: [Int32] = [], truthCharge: [Double] = []
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
            if let k = truthIDs.firstIndex(of: c.bestParticle) { truthCharge[k] += c.charge } else {
                truthIDs.append(c.bestParticle); truthCharge.append(c.charge)
            }
        }
        let u = su / q, v = sv / q
        let columns = Int(maxColumn - minColumn) + 1, rows = Int(maxRow - minRow) + 1
        let isPixel = surface.technology == .pixel
        let sigmaU = frame.pitchU / 12.0.squareRoot() * (columns > 1 ? config.multiChannelErrorScale : 1)
        let sigmaV = frame.pitchV / 12.0.squareRoot() * (isPixel && rows > 1 ? config.multiChannelErrorScale : 1)
        let axialU = frame.stereo != 0 ? u / cos(frame.stereo) : u
        var best: Int32 = -1, bestCharge = -1.0
        for (id, charge) in zip(truthIDs, truthCharge) where charge > bestCharge || (charge == bestCharge && id < best) {
            best = id; bestCharge = charge
        }
        return TrackerCluster(surface: Int32(surface.index), side: UInt8(side), localU: u, localV: v,
                              sigmaU: sigmaU, sigmaV: sigmaV, position: frame.global(u: axialU, v: v),
                              size: UInt16(channels.count), sizeU: UInt16(clamping: columns), sizeV: UInt16(clamping: rows),
                              charge: Float(q), time: Float(t.isFinite ? t : 0), truthParticle: best)
    }
}
