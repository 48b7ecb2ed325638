import Foundation
import EventModel
import Detector
import Simulation

/// A TRT straw that fired: its drift circle (the measured distance of closest approach to
/// the wire). The side of the wire is not measured; the track fit resolves it.
public struct StrawDigit: Hashable, Sendable {
    /// Straw layer and straw (see ``StrawGeometry``).
    public var layer: Int32
    public var straw: Int32
    /// Drift-circle radius, mm, in [0, straw radius].
    public var driftRadius: Float
    /// Time in ns of the particle nearest the wire (a random time in ±12.5 ns for noise).
    public var time: Float
    /// Generator particle nearest the wire among those the straw detected; −1 for noise.
    public var truthParticle: Int32
}

extension Digitization {
    /// The TRT read-out of one event (the card's ``DetectorCard/StrawResponse``):
    ///
    /// * each particle passing a straw is detected with probability `efficiency`; a straw
    ///   reads the leading edge of its signal, i.e. the detected particle nearest the wire;
    /// * its drift radius is that distance smeared by a Gaussian of `drift_resolution_um`
    ///   and kept within the straw, [0, straw radius] (a drift time cannot be negative nor
    ///   longer than the full drift);
    /// * noise: Poisson(occupancy × straws) straws without signal fire with a radius uniform
    ///   in the straw.
    ///
    /// Draws, in order: in (layer, straw, distance) order, 32 bits per efficiency test and
    /// per digit's normal deviate (two per draw); then the noise.
    /// Returns the digits sorted by (layer, straw).
    func digitizeStraws(_ hits: [StrawSimHit], detector: Detector, rng: inout RandomStream) -> [StrawDigit] {
        guard let geometry = detector.strawGeometry else { return [] }
        let response = geometry.response
        let radius = response.strawRadiusMM
        let sigma = response.driftResolutionUM * 1e-3
        // Sort keys: layer | straw (as few bits as the card's layer and straw counts need:
        // 8 + 10 for ATLAS) | hit index (24 bits). One integer sort instead of a sort by
        // closure, in two radix passes of 11 bits for ATLAS; the few straws with several
        // hits then order theirs by |d| quantised to 2⁻¹⁴ of the radius, then index (what a
        // third pass over 14 bits of |d| in every key gave).
        func bits(_ n: Int) -> Int { Int.bitWidth - max(n - 1, 1).leadingZeroBitCount }
        let strawBits = bits(Int(geometry.strawCount.max() ?? 1))
        let keyBits = 24 + bits(geometry.layerCount) + strawBits
        // The key and radix arrays are kept between events (a μ = 40 event has ≈ 6·10⁴
        // hits: fresh arrays would be allocated and the radix buffer zero-filled each time).
        var scratch = TrackerScratchPool.shared.take()
        defer { TrackerScratchPool.shared.give(scratch) }
        var keys = TrackerScratch.takeOut(&scratch.strawKeys)
        defer { scratch.strawKeys = keys }
        keys.removeAll(keepingCapacity: true)
        keys.reserveCapacity(hits.count)
        // What a digit takes from its hit, in hit order: the loop below reads it in straw
        // order, scattered, and 12 bytes a hit stay in the core's cache where the 24-byte
        // hits (1.5 MB at μ = 40) did not.
        var reads = TrackerScratch.takeOut(&scratch.strawReads)
        defer { scratch.strawReads = reads }
        let scale = Double(1 << 14) / radius
        // Both arrays grown to the hit count and written through pointers, the keys then cut
        // to the hits that are kept. The reads keep the length of the longest event so far
        // (entries beyond this event's hits are stale and never read): filling them afresh
        // cost ≈ 11 instructions per hit.
        let used = min(hits.count, 1 << 24)
        if reads.count < used {
            reads.append(contentsOf: repeatElement(StrawRead(distance: 0, time: 0, particle: 0), count: used - reads.count))
        }
        keys.append(contentsOf: repeatElement(0, count: used))
        var kept = 0
        hits.withUnsafeBufferPointer { hits in
        reads.withUnsafeMutableBufferPointer { reads in
        keys.withUnsafeMutableBufferPointer { keys in
        geometry.strawCount.withUnsafeBufferPointer { strawCount in
        for i in 0..<used {
            let h = hits[i]
            reads[i] = StrawRead(distance: h.distance, time: h.time, particle: h.particle)
            guard h.layer >= 0, Int(h.layer) < geometry.layerCount, Int(h.layer) < strawCount.count, h.straw >= 0,
                  h.straw < strawCount[Int(h.layer)], h.distance.isFinite else { continue }
            keys[kept] = (UInt64(h.layer) << strawBits | UInt64(h.straw)) << 24 | UInt64(i)
            kept &+= 1
        }
        }
        }
        }
        }
        keys.removeLast(used - kept)
        // The keys were made in hit order, so their lowest 24 bits are already increasing:
        // a stable radix sort of the bits above gives the full sort's order.
        let packedStraw = keyBits <= 64
        if packedStraw {
            Digitization.radixSort(&keys, bits: keyBits, from: 24, buffer: &scratch.radix)
        } else {
            // (A card with more layers or straws than 26 bits hold: the same order by tuple.)
            keys = keys.map { Int($0 & 0xFF_FFFF) }.sorted {
                let a = hits[$0], b = hits[$1]
                return (a.layer, a.straw, abs(a.distance), $0) < (b.layer, b.straw, abs(b.distance), $1)
            }.map { UInt64($0) }
        }
        // The straw of a key: the key's bits above the index where it holds them (then the
        // scan below does not wait for the hits' loads, scattered in straw order, so the
        // loads of successive keys overlap), else the hit's (layer, straw).
        @inline(__always) func strawOf(_ key: UInt64) -> UInt64 {
            if packedStraw { return key >> 24 }
            let h = hits[Int(key & 0xFF_FFFF)]
            return UInt64(UInt32(h.layer)) << 32 | UInt64(UInt32(h.straw))
        }
        let normal = NormalZiggurat.shared
        // An efficiency test and a normal deviate take 32 bits each, two per 64-bit draw
        // (``HalfDraws``): detected when n < efficiency·2³² for n uniform in 0 ..< 2³² (the
        // efficiency to 2⁻³²; a μ = 40 event tests ≈ 6·10⁴ hits, half the draws saved).
        let efficiencyCut = response.efficiency * 0x1p32
        var halves = HalfDraws()
        // One pass over the straws (each a run of keys after the sort): a straw's hits in
        // order of distance, each tested for detection until one is; that one's distance is
        // read. The digits are written straight into the new array's storage (at most one
        // per key). (The ordering within straws in a pass of its own cost a second scan of
        // every key, ≈ 10 instructions each.)
        let out = [StrawDigit](unsafeUninitializedCapacity: keys.count) { out, made in
        made = 0
        keys.withUnsafeMutableBufferPointer { keys in
        reads.withUnsafeBufferPointer { reads in
        var g = 0
        while g < keys.count {
            let strawKey = strawOf(keys[g])
            var e = g &+ 1
            while e < keys.count && strawOf(keys[e]) == strawKey { e &+= 1 }
            if packedStraw && e &- g > 1 {
                // (quantised |d|, index) order: insertion sort of the few hits, in place (a
                // slot then holds quantised |d| << 24 | index). Every index is a hit's below
                // `used`, so `reads` holds it.
                for a in g..<e {
                    let index = keys[a] & 0xFF_FFFF
                    let quantised = UInt64(min(Double(abs(reads[Int(index)].distance)) * scale, Double((1 << 14) - 1)))
                    let item = quantised << 24 | index
                    var p = a
                    while p > g && keys[p &- 1] > item { keys[p] = keys[p &- 1]; p &-= 1 }
                    keys[p] = item
                }
            }
            for a in g..<e {
                guard Double(halves.next(&rng)) < efficiencyCut else { continue }
                let index = Int(keys[a] & 0xFF_FFFF)
                let h = reads[index]
                let layer: Int32, straw: Int32
                if packedStraw {
                    layer = Int32(truncatingIfNeeded: strawKey >> UInt64(strawBits))
                    straw = Int32(truncatingIfNeeded: strawKey & ((1 << UInt64(strawBits)) - 1))
                } else {
                    (layer, straw) = (hits[index].layer, hits[index].straw)
                }
                let r = min(max(Double(abs(h.distance)) + sigma * normal.next(&rng, halves: &halves), 0), radius)
                (out.baseAddress! + made).initialize(to: StrawDigit(layer: layer, straw: straw, driftRadius: Float(r),
                                                                    time: h.time, truthParticle: h.particle))
                made &+= 1
                break
            }
            g = e
        }
        }
        }
        }
        guard response.noiseOccupancy > 0, config.trackerNoise else { return out }

        let count = rng.poisson(mean: response.noiseOccupancy * Double(geometry.totalStraws))
        var fired = Set(out.map { UInt64($0.layer) << 32 | UInt64($0.straw) })
        var noise: [StrawDigit] = []
        for _ in 0..<count {
            let global = Int(rng.uniform01() * Double(geometry.totalStraws))
            // The layer holding straw number `global` (firstStraw is increasing).
            var lo = 0, hi = geometry.layerCount - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if geometry.firstStraw[mid] <= global { lo = mid } else { hi = mid - 1 }
            }
            let straw = min(global - geometry.firstStraw[lo], Int(geometry.strawCount[lo]) - 1)
            let r = rng.uniform01() * radius
            let t = (rng.uniform01() - 0.5) * 2 * config.noiseCellTimeHalfWidthNS
            guard fired.insert(UInt64(lo) << 32 | UInt64(straw)).inserted else { continue }
            noise.append(StrawDigit(layer: Int32(lo), straw: Int32(straw), driftRadius: Float(r), time: Float(t), truthParticle: -1))
        }
        // Both lists sorted by (layer, straw), no straw in both: a merge.
        noise.sort { ($0.layer, $0.straw) < ($1.layer, $1.straw) }
        var merged: [StrawDigit] = []
        merged.reserveCapacity(out.count + noise.count)
        var i = 0, j = 0
        while i < out.count || j < noise.count {
            if j == noise.count || (i < out.count && (out[i].layer, out[i].straw) < (noise[j].layer, noise[j].straw)) {
                merged.append(out[i]); i += 1
            } else {
                merged.append(noise[j]); j += 1
            }
        }
        return merged
    }
}

/// The part of a straw hit its digit reads (Digitization+Straws.swift).
struct StrawRead {
    var distance: Float
    var time: Float
    var particle: Int32
}
