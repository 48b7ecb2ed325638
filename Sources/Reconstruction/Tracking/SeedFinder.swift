import Foundation
import EventModel
import Detector

/// Three space points on successive layers compatible with a helix from the collision region.
struct Seed: Sendable {
    var bottom: Int32
    var middle: Int32
    var top: Int32
    /// Helix estimate at the bottom point.
    var phi: Double
    var theta: Double
    var qOverP: Double
    /// Smaller is better: normalised θ mismatch plus |d0| in mm.
    var quality: Double
    var isPixelSeed: Bool
    /// Signed transverse curvature of the three-point circle, 1/mm.
    var curvature: Double = 0
    /// Another top point on a different surface gives the same circle: a fourth point on
    /// the helix (ATLAS's "seed confirmation"), which random triplets rarely have.
    var confirmed = false
}

/// A doublet of the seeding: the other point's index, cot θ of the segment and its variance.
struct SeedDoublet: Sendable {
    var sp: Int32
    var cot: Double
    var varCot: Double
}

/// The top doublets of one middle point in cot θ bins (a counting sort; collection order
/// within a bin): bin j holds `tops[start[j] ..< start[j + 1]]`.
struct CotBinnedTops {
    var cotLo: Double
    var scale: Double
    var bins: Int
    var start: UnsafeMutableBufferPointer<Int>
    var tops: UnsafeMutableBufferPointer<SeedDoublet>
    /// The largest variance of a top doublet's cot θ.
    var maxVariance: Double

    /// ⌊(c − cotLo) · scale⌋ clamped to the bins, the clamping done on the Double: the same
    /// bin as clamping the converted Int, but the conversion's own checks (NaN, overflow: 9
    /// of the ≈ 22 instructions of a bin at μ = 40) stay out of the two common ends.
    @inline(__always) func bin(_ c: Double) -> Int {
        let x = (c - cotLo) * scale
        guard x > 0 else { return 0 }
        return x >= Double(bins - 1) ? bins - 1 : Int(x)
    }
}

/// Which active surfaces can hold consecutive space points of a track from the collision
/// region: from straight lines out of it (|z0| ≤ 4σ_z + 10 mm) over |η| ≤ 2.8. The top may
/// be on the next surface or one further (a missing point, and the confirming fourth
/// point); the bottom on the adjacent surface, or also one further with
/// `bottomSkipsSurface` (``TrackingConfig/seedBottomMaySkipSurface``).
struct SeedingLayers: Sendable {
    /// inner[m]: surfaces that can hold the bottom point when the middle is on m; outer[m]:
    /// the top (adjacent or one further).
    var inner: [[Int]]
    var outer: [[Int]]
    /// below[b]: surfaces that can hold a point of the same track inside a seed's bottom on
    /// b (the adjacent surface and the one further in): where the inner-point check
    /// (``TrackingConfig/requireSeedInnerPoint``) looks.
    var below: [[Int]]

    init(detector: Detector, zRangeMM: Double, bottomSkipsSurface: Bool) {
        let surfaces = detector.trackerSurfaces
        let n = surfaces.count
        var links = Set<Int>(), adjacent = Set<Int>()
        var crossed: [(Double, Int)] = []
        for z0 in [-zRangeMM, -zRangeMM / 2, 0, zRangeMM / 2, zRangeMM] {
            var eta = -2.8
            while eta <= 2.8 {
                let cot = sinh(eta)
                crossed.removeAll(keepingCapacity: true)
                for s in surfaces where s.technology != .passive {
                    switch s.shape {
                    case let .cylinder(r, hl):
                        let z = z0 + r * cot
                        if abs(z) <= hl { crossed.append((r, s.index)) }
                    case let .disc(zd, rMin, rMax):
                        guard cot != 0 else { continue }
                        let r = (zd - z0) / cot
                        if r >= rMin && r <= rMax { crossed.append((r, s.index)) }
                    }
                }
                crossed.sort { $0.0 < $1.0 }
                for i in crossed.indices {
                    for j in (i + 1)..<min(i + 3, crossed.count) { links.insert(crossed[i].1 * n + crossed[j].1) }
                    if i + 1 < crossed.count { adjacent.insert(crossed[i].1 * n + crossed[i + 1].1) }
                }
                eta += 0.02
            }
        }
        inner = Array(repeating: [], count: n)
        outer = Array(repeating: [], count: n)
        below = Array(repeating: [], count: n)
        for l in links.sorted() {
            let b = l / n, m = l % n
            if bottomSkipsSurface || adjacent.contains(l) { inner[m].append(b) }
            outer[b].append(m)
            below[m].append(b)
        }
    }
}

/// Triplet seeding binned in φ (per surface) and in z or r (points sorted within a bin).
///
/// Cuts (``TrackingConfig``): pT of the circle through the three points ≥ `minSeedPtGeV`;
/// |d0| of that circle ≤ `maxSeedD0mm`; z0 of the bottom–middle line within
/// ± `collisionRegionSigmas` × σz of the beam spot; the θ of the two segments equal within
/// four standard deviations of point errors and multiple scattering at the seed pT cut.
/// The idea follows the standard triplet seeders (ATLAS SiSpacePointsSeedMaker; ACTS
/// "Seeding" documentation), written for this detector's surfaces.
struct SeedFinder {
    let config: TrackingConfig
    let layers: SeedingLayers
    let fieldTesla: Double
    /// φ bins per surface: 2π/128 ≈ 0.05 rad, about the half-width of the doublet window at
    /// the seed pT cut, so a window spans 2–4 bins instead of three 0.2-rad bins.
    static let phiBins = 128
    /// Largest number of cot θ bins of the top doublets of one middle point (about one top
    /// per bin: the counting sort costs three passes over the bins).
    static let cotBins = 64
    /// loc2 bins per surface (z over a barrel layer's length, r over a disc's radii): an
    /// index into each φ bucket, so a window in loc2 starts and ends at a looked-up
    /// position and a short forward scan instead of a bisection. 32, not 8: at μ = 40 a
    /// pixel bucket holds tens of points, and the two scans over the boundary bins were the
    /// look-up's hot loops (mispredicted exits); the ranges found are the same for any count.
    /// Look-up instructions 157.5 → 150.8 M, thread CPU ≈ −4 % at μ = 40 (session 10).
    static let loc2Bins = 32

    /// The points are reordered by bucket = surface * phiBins + φ bin and, within a bucket,
    /// by z (barrel) or r (disc): a bucket is a contiguous range `start[k] ..< start[k + 1]`
    /// of `sps` and `loc2`; within it, the points of loc2 bin j (``loc2Bins`` equal bins over
    /// the surface) start at `zStart[loc2Row[k] + j]`. Seeds are returned with
    /// the caller's indices.
    func seeds(_ input: [SpacePoint], detector: Detector) -> [Seed] {
        let nb = Self.phiBins
        let surfaces = detector.trackerSurfaces
        let isBarrel = surfaces.map(\.isBarrel)
        @inline(__always) func bin(_ phi: Double) -> Int {
            // Truncation, not floor (a libm call): the two differ only below 0, clamped to 0.
            let b = Int((phi + Double.pi) / (2 * Double.pi) * Double(nb))
            return min(max(b, 0), nb - 1)
        }
        func loc2(_ p: SpacePoint) -> Double { isBarrel[Int(p.surface)] ? p.z : p.r }
        // Per-point arrays written in place: `map` appends with a uniqueness check per
        // element (six maps over ≈ 17 000 points a μ = 40 event, ≈ 830 000 checks a bench pass).
        func perPoint<T>(_ n: Int, _ value: (Int) -> T) -> [T] {
            [T](unsafeUninitializedCapacity: n) { buffer, count in
                for i in 0..<n { (buffer.baseAddress! + i).initialize(to: value(i)) }
                count = n
            }
        }
        let keys = perPoint(input.count) { Int(input[$0].surface) * nb + bin(input[$0].phi) }
        // Order: by bucket (a counting sort, stable in the input index), then within a bucket
        // by loc2 with ties by input index (a stable insertion sort: buckets hold a few points)
        // — a total order, so the layout is deterministic.
        var start = [Int](repeating: 0, count: surfaces.count * nb + 1)
        var perm = [Int](repeating: 0, count: input.count)
        var cursor = [Int](repeating: 0, count: start.count)
        let inputLoc2 = perPoint(input.count) { loc2(input[$0]) }
        // Through buffer pointers: a few writes per point, each checking the array's
        // uniqueness otherwise (≈ 1.5 % of the seeding's instructions at μ = 40).
        start.withUnsafeMutableBufferPointer { start in
        perm.withUnsafeMutableBufferPointer { perm in
        cursor.withUnsafeMutableBufferPointer { cursor in
        inputLoc2.withUnsafeBufferPointer { inputLoc2 in
            for k in keys { start[k + 1] += 1 }
            for k in 0..<(start.count - 1) { start[k + 1] += start[k] }
            for k in 0..<start.count { cursor[k] = start[k] }
            for (i, k) in keys.enumerated() { perm[cursor[k]] = i; cursor[k] += 1 }
            for k in 0..<(start.count - 1) where start[k + 1] - start[k] > 1 {
                for a in (start[k] + 1)..<start[k + 1] {
                    let moving = perm[a], x = inputLoc2[moving]
                    var b = a
                    while b > start[k] && inputLoc2[perm[b - 1]] > x { perm[b] = perm[b - 1]; b -= 1 }
                    perm[b] = moving
                }
            }
        }
        }
        }
        }
        let sps = perPoint(perm.count) { input[perm[$0]] }
        let loc2s = perPoint(perm.count) { inputLoc2[perm[$0]] }
        // Immutable from here: a captured `var` would be boxed and access-checked per read.
        let bucketStart = start
        // loc2 bins: bin(x) = ⌊(x − x₀) / w⌋ clamped to the surface's bins, monotone in x, so
        // the points of a bucket with loc2 in [lo, hi] lie within bins bin(lo) … bin(hi).
        let nz = Self.loc2Bins
        let loc2Origin = surfaces.map { s -> Double in
            switch s.shape { case let .cylinder(_, hl): return -hl; case let .disc(_, rMin, _): return rMin }
        }
        let loc2Scale = surfaces.map { s -> Double in
            switch s.shape {
            case let .cylinder(_, hl): return Double(nz) / max(2 * hl, 1e-3)
            case let .disc(_, rMin, rMax): return Double(nz) / max(rMax - rMin, 1e-3)
            }
        }
        // The look-up's tables read through pointers made once per event: four
        // `withUnsafeBufferPointer` closures and two checked reads per look-up otherwise
        // (428 000 look-ups per μ = 40 bench pass). Copies freed when `seeds` returns.
        func pinned<T>(_ a: [T]) -> UnsafeBufferPointer<T> {
            let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
            _ = p.initialize(from: a)
            return UnsafeBufferPointer(p)
        }
        let originAt = pinned(loc2Origin), scaleAt = pinned(loc2Scale)
        defer { originAt.deallocate(); scaleAt.deallocate() }
        @inline(__always) func loc2Bin(_ surface: Int, _ x: Double) -> Int {
            let b = (x - originAt[surface]) * scaleAt[surface]
            guard b >= 0 else { return 0 }   // also NaN; above 0 truncation is the floor
            return b >= Double(nz) ? nz - 1 : Int(b)
        }
        // Rows only for the buckets with points (most are empty at μ = 0): `loc2Row[k]` is
        // where bucket k's row starts; empty buckets are never read (collect skips them).
        // Built by walking the points (in bucket order), not the mostly empty buckets.
        var row = [Int32](repeating: -1, count: bucketStart.count - 1)
        var rows = 0
        var i = 0
        while i < perm.count {
            let k = keys[perm[i]]
            row[k] = Int32(rows * (nz + 1))
            rows += 1
            i = bucketStart[k + 1]
        }
        let loc2Row = row
        let rowAt = pinned(loc2Row), loc2At = pinned(loc2s)
        defer { rowAt.deallocate(); loc2At.deallocate() }
        // Written in place (every entry of every row is set below), not built as an array
        // and copied.
        let buffer = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(rows * (nz + 1), 1))
        do {
            var first = 0
            while first < perm.count {
                let k = keys[perm[first]], end = bucketStart[k + 1]
                let surface = k / nb, row = Int(loc2Row[k])
                // Entry j: the first point of bin ≥ j.
                var j = 0
                for i in first..<end {
                    let b = loc2Bin(surface, loc2s[i])
                    while j <= b { buffer[row + j] = Int32(i); j += 1 }
                }
                while j <= nz { buffer[row + j] = Int32(end); j += 1 }
                first = end
            }
        }
        let zStart = UnsafeBufferPointer(buffer)
        defer { zStart.deallocate() }
        /// Points of `surface` with φ within ± `halfWidth` of `phi` (whole bins: a superset)
        /// and loc2 (z on a barrel layer, r on a disc) in [lo, hi], as index ranges written to
        /// `out` (room for one per φ bin); returns their number. A plain buffer, not an array:
        /// three thousand look-ups per event at μ = 0, and an array's removeAll and append
        /// (uniqueness checks, a generic replaceSubrange) cost a third as much as the look-up.
        func collect(surface: Int, phi: Double, halfWidth: Double, lo: Double, hi: Double,
                     into out: UnsafeMutablePointer<Range<Int>>) -> Int {
            guard halfWidth >= 0, lo <= hi else { return 0 }
            var count = 0
            let first = bin(phi - halfWidth < -Double.pi ? phi - halfWidth + 2 * Double.pi : phi - halfWidth)
            // The bins from first to that of φ + halfWidth (bin() is monotone in φ, so no point
            // in the window lies beyond it): one or two fewer than a count from the width alone.
            // Nearly the whole circle: every bin.
            let binWidth = 2 * Double.pi / Double(nb)
            let span: Int
            if 2 * halfWidth >= 2 * Double.pi - 2 * binWidth {
                span = nb - 1
            } else {
                let last = bin(phi + halfWidth > Double.pi ? phi + halfWidth - 2 * Double.pi : phi + halfWidth)
                span = last >= first ? last - first : last - first + nb   // (last − first) mod nb, no division
            }
            let jLo = loc2Bin(surface, lo), jHi = loc2Bin(surface, hi)
            let l2 = loc2At, loc2Row = rowAt
            // Wrapping arithmetic (&+) on these indices: each is below the number of
            // points or of table entries (Int32), so none can overflow, and the checks
            // were 7 of the ≈ 50 instructions per bucket (1.6 million buckets visited per
            // μ = 40 bench pass).
            var b = first
            let surfaceBase = surface &* nb
            for _ in 0...span {
                let k = surfaceBase &+ b
                b = b &+ 1 == nb ? 0 : b &+ 1
                // Empty buckets have no row (−1): one load per bucket, not two bucket starts.
                let row = Int(loc2Row[k])
                guard row >= 0 else { continue }
                var lower = Int(zStart[row &+ jLo])
                let lowerEnd = Int(zStart[row &+ jLo &+ 1])
                while lower < lowerEnd && l2[lower] < lo { lower &+= 1 }
                var i = max(Int(zStart[row &+ jHi]), lower)
                let end = Int(zStart[row &+ jHi &+ 1])
                while i < end && l2[i] <= hi { i &+= 1 }
                if i > lower { out[count] = lower..<i; count &+= 1 }
            }
            return count
        }
        // The look-ups' ranges: one look-up is read before the next is made.
        let ranges = UnsafeMutablePointer<Range<Int>>.allocate(capacity: nb)
        defer { ranges.deallocate() }

        let zRange = config.beamSpotSigmaZmm * config.collisionRegionSigmas
        let k = Helix.momentumPerTeslaMM * abs(fieldTesla)
        let minRadius = config.minSeedPtGeV / max(k, 1e-12)
        let maxCot = sinh(config.maxAbsEta) * 1.05
        let d0Max = config.maxSeedD0mm
        // Highland at the seed pT cut for one layer (≈ 3 % X0), and the point errors, set the θ tolerance.
        let theta0AtCut = TrackMaterial.highland(thicknessX0: 0.03, momentumGeV: config.minSeedPtGeV)
        let kinkTheta0AtCut = Self.kinkTheta0(surfaces, momentumGeV: config.minSeedPtGeV)

        // Per point: the bending angle asin(r / 2R_min) and the d0 offset asin(d0_max / r).
        func bendAt(_ r: Double) -> Double { Self.bendAngle(r, minRadius: minRadius) }
        func offsetAt(_ r: Double) -> Double { Self.offsetAngle(r, d0Max: d0Max) }
        let margin = config.seedPhiWindowMarginRad
        func rMinOf(_ s: TrackerSurface) -> Double { if case let .disc(_, rMin, _) = s.shape { return rMin }; return 0 }
        func rMaxOf(_ s: TrackerSurface) -> Double { if case let .disc(_, _, rMax) = s.shape { return rMax }; return .infinity }
        let bend = perPoint(sps.count) { bendAt(sps[$0].r) }
        // A barrel surface's window terms at its inner and outer edges (r ∓ 5 mm) are the same
        // for every middle point: once per surface, not two asin per point and surface.
        let barrelInnerTerm = surfaces.map { s -> Double in
            guard case let .cylinder(r, _) = s.shape else { return 0 }
            let rLow = max(r - 5, 1)
            return offsetAt(rLow) - bendAt(rLow)
        }
        let barrelOuterTerm = surfaces.map { s -> Double in
            guard case let .cylinder(r, _) = s.shape else { return 0 }
            return bendAt(r + 5) - offsetAt(r + 5)
        }
        // A disc's terms at its own edges, where most windows are clamped (the bottom window's
        // inner end at r_min, the top window's outer end at r_max): the same functions of the
        // same radius, so a window that ends there takes them from here instead of two asin
        // (≈ 900 000 asin calls a μ = 40 bench pass before).
        let discInnerEdge = surfaces.map { max(rMinOf($0), 1) }
        let discInnerEdgeTerm = discInnerEdge.map { offsetAt($0) - bendAt($0) }
        let discOuterEdgeTerm = surfaces.map { s -> Double in
            guard case let .disc(_, _, rMax) = s.shape else { return 0 }
            return bendAt(rMax) - offsetAt(rMax)
        }
        let offset = perPoint(sps.count) { offsetAt(sps[$0].r) }
        /// The window of top points on outer surface `ts` for middle point `m` (index `mi`)
        /// whose doublets have cot θ in [cotLo, cotHi] (tolerance included): loc2 range and φ
        /// half-width, or nil when the surface is out of reach. A wider cot range gives a
        /// wider window.
        @inline(__always) func topWindow(_ ts: Int, _ mi: Int, _ m: SpacePoint, _ cotLo: Double, _ cotHi: Double)
            -> (lo: Double, hi: Double, window: Double)? {
            let s = surfaces[ts]
            var lo: Double, hi: Double
            switch s.shape {
            case let .cylinder(rt, hl):
                lo = max(m.z + cotLo * (rt - m.r), -hl) - 3; hi = min(m.z + cotHi * (rt - m.r), hl) + 3
            case let .disc(zt, rMin, rMax):
                // r_t = r_m + dz / cot for the cots of the doublets' range that have the
                // sign of dz: the largest |cot| gives the smallest radius.
                let dz = zt - m.z
                let cNear = dz > 0 ? cotHi : cotLo, cFar = dz > 0 ? cotLo : cotHi
                guard cNear * dz > 0 else { return nil }
                lo = m.r + dz / cNear - 3
                hi = cFar * dz > 0 ? m.r + dz / cFar + 3 : .infinity
                lo = max(lo, rMin - 5); hi = min(hi, rMax + 5)
            }
            guard lo <= hi else { return nil }
            // φ window: on a circle of radius ≥ R_min passing within d0_max of the beam,
            // φ_pos(r) ≈ φ0 + r/(2R) + d0/r, so from the middle point out to r_t it moves by
            // at most bend(r_t) − bend(r_m) + asin(d0_max/r_m) − asin(d0_max/r_t) (largest at
            // the surface's largest radius), plus `seedPhiWindowMarginRad` for the
            // second-order terms: a superset of the triplet's circle cuts below, which have no
            // φ tolerance.
            let outerTerm: Double
            if isBarrel[ts] { outerTerm = barrelOuterTerm[ts] } else {
                let rHigh = min(hi, rMaxOf(s))
                outerTerm = rHigh == rMaxOf(s) ? discOuterEdgeTerm[ts] : bendAt(rHigh) - offsetAt(rHigh)
            }
            let window = min(outerTerm - bend[mi] + offset[mi] + margin, Double.pi)
            guard window >= 0 else { return nil }
            return (lo, hi, window)
        }
        /// Whether a seed has a fifth point inside its bottom (``TrackingConfig/requireSeedInnerPoint``):
        /// on one of the (up to two) surfaces inside the bottom's that its helix crosses away
        /// from their edges, a point within `seedInnerPointSigmas` of the prediction
        /// (``SeedInnerPoint``). A seed whose helix crosses no such surface (bottom on the
        /// innermost layer, or the inner surfaces missed) passes.
        func hasInnerPoint(_ seed: Seed, sps: UnsafeBufferPointer<SpacePoint>) -> Bool {
            let b = sps[Int(seed.bottom)], m = sps[Int(seed.middle)]
            let innerSurfaces = layers.below[Int(b.surface)]
            guard !innerSurfaces.isEmpty else { return true }
            let prediction = SeedInnerPoint(bottom: b, middle: m, top: sps[Int(seed.top)],
                                            theta0Bottom: kinkTheta0AtCut[Int(b.surface)], theta0Middle: kinkTheta0AtCut[Int(m.surface)],
                                            bottomOnDisc: !isBarrel[Int(b.surface)], middleOnDisc: !isBarrel[Int(m.surface)])
            let n2 = config.seedInnerPointSigmas * config.seedInnerPointSigmas
            var crossed = false
            for s in innerSurfaces {
                guard let (r, z) = prediction.crossing(surfaces[s]) else { continue }
                crossed = true
                // The window: a superset of the per-point cut for points whose own error along
                // z (barrel) or r (disc) is below 1 mm (strip pairs ≈ 0.8 mm, pixels less); in
                // φ the bottom window's bound from the pT and d0 cuts.
                let n = config.seedInnerPointSigmas
                let tolZ = n * (prediction.variances(atRadius: r).z + 1).squareRoot()
                let lo: Double, hi: Double
                if isBarrel[s] { lo = z - tolZ; hi = z + tolZ } else {
                    lo = r - tolZ / abs(prediction.cot) - n; hi = r + tolZ / abs(prediction.cot) + n
                }
                let window = bendAt(b.r) - bendAt(r) + offsetAt(r) - offsetAt(b.r) + 0.01
                let found = collect(surface: s, phi: b.phi, halfWidth: window, lo: lo, hi: hi, into: ranges)
                for k in 0..<found { for pi in ranges[k] {
                    let q = prediction.normalisedResiduals(sps[pi])
                    if q.t <= n2 && q.z <= n2 { return true }
                } }
            }
            return !crossed
        }
        var out: [Seed] = []
        // The per-middle-point lists, emptied and refilled for every middle point (see
        // `ScratchList`: no uniqueness check per append, no generic removeAll).
        var doublets = ScratchList<SeedDoublet>(), topDoublets = ScratchList<SeedDoublet>()
        var binnedTops = ScratchList<SeedDoublet>()
        var doubletMS2 = ScratchList<Double>()
        var binStart = ScratchList<Int>(), binCursor = ScratchList<Int>(), topBin = ScratchList<Int32>()
        var perMiddle = ScratchList<Seed>()
        binStart.resize(to: Self.cotBins + 1, filling: 0)
        binCursor.resize(to: Self.cotBins, filling: 0)
        // The inner loops read through buffer pointers (no bounds checks); every index comes
        // from the bucket ranges or the doublet lists built here. Point indices go into the
        // doublets' Int32 unchecked (`truncatingIfNeeded`): the check below holds for all.
        precondition(sps.count <= Int(Int32.max), "more space points than Int32 indices")
        // The surface links as flat lists read through pointers made once per event: indexing
        // `layers.outer[s]` retained and released the inner array for each middle point and
        // loop (≈ 290 000 retains a μ = 40 bench pass). Surfaces of s: list[start[s] ..< start[s + 1]].
        func flattened(_ lists: [[Int]]) -> (start: UnsafeBufferPointer<Int>, list: UnsafeBufferPointer<Int>) {
            var start = [0]
            for l in lists { start.append(start[start.count - 1] + l.count) }
            return (pinned(start), pinned(lists.flatMap { $0 }))
        }
        let (outerStart, outerList) = flattened(layers.outer), (innerStart, innerList) = flattened(layers.inner)
        defer { outerStart.deallocate(); outerList.deallocate(); innerStart.deallocate(); innerList.deallocate() }
        let spsArray = sps, bendArray = bend, offsetArray = offset
        spsArray.withUnsafeBufferPointer { sps in
        bendArray.withUnsafeBufferPointer { bend in
        offsetArray.withUnsafeBufferPointer { offset in
        for (mi, m) in sps.enumerated() {
            let outerLinks = outerStart[Int(m.surface)]..<outerStart[Int(m.surface) + 1]
            let innerLinks = innerStart[Int(m.surface)]..<innerStart[Int(m.surface) + 1]
            guard !outerLinks.isEmpty, !innerLinks.isEmpty else { continue }
            // With confirmation, tops must be reachable on two outer surfaces. Any doublet's
            // cot θ is (z_m − z0)/r_m with |z0| ≤ the collision region (the bottom–middle line
            // through its z0), so the top windows of that cot range and its largest tolerance
            // hold every top window below: a middle point reaching fewer than two surfaces
            // with them has no confirmed seed, and is skipped before its bottom search.
            if config.requireSeedConfirmation {
                let c1 = (m.z - zRange) / m.r, c2 = (m.z + zRange) / m.r
                let reach = 0.02 * (1 + max(c1 * c1, c2 * c2)) + 0.02 + 1e-9
                var reachable = 0
                for j in outerLinks where topWindow(outerList[j], mi, m, c1 - reach, c2 + reach) != nil {
                    reachable += 1
                    if reachable == 2 { break }
                }
                guard reachable >= 2 else { continue }
            }
            doublets.removeAll()
            for j in innerLinks {
                let bs = innerList[j]
                let s = surfaces[bs]
                var lo: Double, hi: Double
                switch s.shape {
                case let .cylinder(rb, hl):
                    let f = rb / m.r
                    let a = -zRange + (m.z + zRange) * f, b = zRange + (m.z - zRange) * f
                    lo = max(min(a, b), -hl) - 5; hi = min(max(a, b), hl) + 5
                case let .disc(zb, rMin, rMax):
                    let da = m.z + zRange, db = m.z - zRange
                    if da * db <= 0 { lo = 0; hi = .infinity } else {
                        let ra = m.r * (zb + zRange) / da, rb = m.r * (zb - zRange) / db
                        lo = min(ra, rb) - 5; hi = max(ra, rb) + 5
                    }
                    lo = max(lo, rMin - 5); hi = min(hi, rMax + 5)
                }
                // Most linked surfaces are out of reach of this middle point's lines.
                guard lo <= hi else { continue }
                // φ window: the largest |Δφ| the doublet cut below allows on this surface (bend
                // falls and the d0 offset grows towards its smallest radius).
                let innerTerm: Double
                if isBarrel[bs] { innerTerm = barrelInnerTerm[bs] } else {
                    let rLow = max(max(lo, rMinOf(s)), 1)
                    innerTerm = rLow == discInnerEdge[bs] ? discInnerEdgeTerm[bs] : offsetAt(rLow) - bendAt(rLow)
                }
                let window = min(bend[mi] + innerTerm - offset[mi] + margin, Double.pi)
                guard window >= 0 else { continue }
                let found = collect(surface: bs, phi: m.phi, halfWidth: window, lo: lo, hi: hi, into: ranges)
                for k in 0..<found { for bi in ranges[k] {
                    let b = sps[bi]
                    let dr = m.r - b.r
                    guard dr > 2 else { continue }
                    // φ_pos(r) ≈ φ0 + r/(2R) + d0/r on a circle of radius R and impact d0, so
                    // between the two points |Δφ| ≤ (r_m − r_b)/(2 R_min) + d0_max (1/r_b − 1/r_m),
                    // in asin form (which bounds the linear terms from above), plus
                    // `seedPhiWindowMarginRad` for the second-order terms (the triplet's circle
                    // cuts have no tolerance: see the option). First: it rejects about half of
                    // the points of the whole φ bins, before a division.
                    let dphi = abs(wrapAngle(m.phi - b.phi))
                    let maxDphi = bend[mi] - bend[bi] + offset[bi] - offset[mi] + margin
                    guard dphi <= maxDphi else { continue }
                    let cot = (m.z - b.z) / dr
                    guard abs(cot) <= maxCot else { continue }
                    let z0 = b.z - b.r * cot
                    guard abs(z0) <= zRange else { continue }
                    let varCot = (b.varianceZ + m.varianceZ + cot * cot * (b.varianceR + m.varianceR)) / (dr * dr)
                    doublets.append(SeedDoublet(sp: Int32(truncatingIfNeeded: bi), cot: cot, varCot: varCot))
                } }
            }
            guard !doublets.isEmpty else { continue }
            var cotLo = Double.infinity, cotHi = -Double.infinity
            for d in doublets.elements { cotLo = min(cotLo, d.cot); cotHi = max(cotHi, d.cot) }
            // Top doublets (middle → top) of every outer surface, within the doublets' cot θ
            // range and a tolerance for scattering and point errors.
            let cotTolerance = 0.02 * (1 + max(cotLo * cotLo, cotHi * cotHi)) + 0.02
            cotLo -= cotTolerance; cotHi += cotTolerance
            topDoublets.removeAll()
            var maxVarTop = 0.0
            // With confirmation, tops are needed on two surfaces: once the surfaces left cannot
            // bring the count to two, this middle point is lost and the search stops.
            var surfacesWithTops = 0
            for j in outerLinks {
                let ts = outerList[j]
                // outerLinks.upperBound − j: the surfaces left, this one included.
                if config.requireSeedConfirmation && surfacesWithTops + (outerLinks.upperBound - j) < 2 { break }
                let topsBefore = topDoublets.count
                defer { if topDoublets.count > topsBefore { surfacesWithTops += 1 } }
                guard let (lo, hi, window) = topWindow(ts, mi, m, cotLo, cotHi) else { continue }
                let found = collect(surface: ts, phi: m.phi, halfWidth: window, lo: lo, hi: hi, into: ranges)
                for k in 0..<found { for ti in ranges[k] {
                    let t = sps[ti]
                    let drt = t.r - m.r
                    // The bound at the top's own radius, as for the bottoms: on a disc the
                    // window is that of its largest radius in reach, up to twice as wide at
                    // its inner edge.
                    let maxDphi = bend[ti] - bend[mi] + offset[mi] - offset[ti] + margin
                    guard drt > 2, abs(wrapAngle(t.phi - m.phi)) <= maxDphi else { continue }
                    let cotT = (t.z - m.z) / drt
                    let varCotT = (t.varianceZ + m.varianceZ + cotT * cotT * (t.varianceR + m.varianceR)) / (drt * drt)
                    topDoublets.append(SeedDoublet(sp: Int32(truncatingIfNeeded: ti), cot: cotT, varCot: varCotT))
                    maxVarTop = varCotT >= maxVarTop ? varCotT : maxVarTop   // max(_:_:), which was a call here
                } }
            }
            guard !topDoublets.isEmpty else { continue }
            // A confirmed seed needs tops on two surfaces: with all tops on one, no triplet of
            // this middle point would be kept.
            if config.requireSeedConfirmation {
                let firstSurface = sps[Int(topDoublets[0].sp)].surface
                guard topDoublets.elements.contains(where: { sps[Int($0.sp)].surface != firstSurface }) else { continue }
            }
            // Multiple-scattering variance of cot θ per doublet: θ₀ ∝ √(x/sinθ)/p at fixed pT goes
            // as (1 + cot²)^(−1/4) and dcot = dθ (1 + cot²); ×1.5 for more than one layer's
            // material between the two segments. Only for middle points with tops (two
            // square roots per doublet).
            doubletMS2.removeAll()
            for d in doublets.elements {
                let c2 = 1 + d.cot * d.cot
                let ms = 1.5 * theta0AtCut * (c2 * c2.squareRoot()).squareRoot()
                doubletMS2.append(ms * ms)
            }
            perMiddle.removeAll()
            // Tops into cot θ bins over that range (a counting sort: linear,
            // and the tops keep their collection order within a bin); about one top per bin.
            let nCot = min(max(topDoublets.count, 8), Self.cotBins)
            let scale = Double(nCot) / max(cotHi - cotLo, 1e-9)
            if binnedTops.count < topDoublets.count { binnedTops.resize(to: 2 * topDoublets.count, filling: SeedDoublet(sp: 0, cot: 0, varCot: 0)) }
            let binned = CotBinnedTops(cotLo: cotLo, scale: scale, bins: nCot, start: binStart.elements,
                                       tops: binnedTops.elements, maxVariance: maxVarTop)
            for i in 0...nCot { binStart[i] = 0 }
            // Each top's bin once, kept for the second pass (it was computed in both).
            topBin.removeAll()
            for t in topDoublets.elements {
                let k = binned.bin(t.cot)
                topBin.append(Int32(truncatingIfNeeded: k))
                binStart[k + 1] += 1
            }
            for i in 0..<nCot { binStart[i + 1] += binStart[i] }
            for i in 0..<nCot { binCursor[i] = binStart[i] }
            for i in 0..<topDoublets.count {   // by index: a `zip` iterator was a call per top
                let k = Int(topBin[i])
                binnedTops[binCursor[k]] = topDoublets[i]
                binCursor[k] += 1
            }
            appendTriplets(middle: mi, sps: sps, doublets: doublets.elements, doubletMS2: doubletMS2.elements,
                           tops: binned,
                           minRadius: minRadius, d0Max: d0Max, into: &perMiddle)
            markConfirmed(perMiddle.elements, middle: m, sps: sps, kinkTheta0AtCut: kinkTheta0AtCut, k: k)
            if config.requireSeedConfirmation { perMiddle.removeAll { !$0.confirmed } }
            if config.requireSeedInnerPoint && !perMiddle.isEmpty {
                perMiddle.removeAll { !hasInnerPoint($0, sps: sps) }
            }
            if perMiddle.count > config.maxSeedsPerMiddlePoint {
                perMiddle.sort { $0.confirmed != $1.confirmed ? $0.confirmed : $0.quality < $1.quality }
                perMiddle.removeLast(perMiddle.count - config.maxSeedsPerMiddlePoint)
            }
            for seed in perMiddle.elements { out.append(finish(seed, sps: sps, k: k)) }
        }
        }
        }
        }
        for k in out.indices {
            out[k].bottom = Int32(perm[Int(out[k].bottom)])
            out[k].middle = Int32(perm[Int(out[k].middle)])
            out[k].top = Int32(perm[Int(out[k].top)])
        }
        return out
    }

    /// The bending term of the φ windows: a circle of radius R through the beam line turns by
    /// asin(r / 2R) out to transverse radius r, at most asin(r / 2R_min).
    static func bendAngle(_ r: Double, minRadius: Double) -> Double { asin(min(max(r, 0) / (2 * minRadius), 1)) }
    /// The impact-parameter term: a line passing d0 from the beam line is seen at radius r
    /// asin(d0 / r) off the radial direction, at most asin(d0_max / r).
    static func offsetAngle(_ r: Double, d0Max: Double) -> Double { asin(min(d0Max / max(r, 1e-3), 1)) }
    /// The seeding's bound on |φ(r₂) − φ(r₁)| between two points of one circle with radius
    /// ≥ `minRadius` and |d0| ≤ `d0Max` (r₁ < r₂), before the margin: what the doublet cut
    /// and the window look-ups use (`SeedPhiWindowTests` compares it with exact circles).
    static func maxDeltaPhi(inner r1: Double, outer r2: Double, minRadius: Double, d0Max: Double) -> Double {
        bendAngle(r2, minRadius: minRadius) - bendAngle(r1, minRadius: minRadius)
            + offsetAngle(r1, d0Max: d0Max) - offsetAngle(r2, d0Max: d0Max)
    }

    /// The triplets of middle point `mi`: each bottom doublet with the top doublets whose
    /// cot θ agrees within 4σ (point errors and the scattering at the seed pT cut), whose
    /// circle has a radius ≥ `minRadius` and |d0| ≤ `d0Max`; appended doublet by doublet, the
    /// tops in cot θ bin order. A function of its own, not inline in `seeds`, as
    /// ``markConfirmed(_:middle:sps:kinkTheta0AtCut:k:)``.
    func appendTriplets(middle mi: Int, sps: UnsafeBufferPointer<SpacePoint>, doublets: UnsafeMutableBufferPointer<SeedDoublet>,
                        doubletMS2: UnsafeMutableBufferPointer<Double>, tops: CotBinnedTops, minRadius: Double, d0Max: Double,
                        into perMiddle: inout ScratchList<Seed>) {
        let m = sps[mi]
        // A circle clearly below the radius cut (see below).
        let clearlyBelowRadius2 = minRadius * minRadius * (1 - 1e-9)
        for (di, d) in doublets.enumerated() {
            let b = sps[Int(d.sp)]
            // Top doublets whose cot θ can agree (the bins covering a superset of the cut below).
            let reach = 4 * (d.varCot + doubletMS2[di] + tops.maxVariance).squareRoot()
            let firstBin = tops.bin(d.cot - reach), lastBin = tops.bin(d.cot + reach)
            for next in tops.start[firstBin]..<tops.start[lastBin + 1] {
                let top = tops.tops[next]
                let ti = Int(top.sp), cotT = top.cot, varCotT = top.varCot
                let t = sps[ti]
                // θ agreement: point errors and multiple scattering.
                let sigma2 = d.varCot + varCotT + doubletMS2[di]
                let dcot = cotT - d.cot
                guard dcot * dcot <= 16 * sigma2 else { continue }
                // Circle through the three points (coordinates relative to the middle).
                let ax = b.x - m.x, ay = b.y - m.y, cx = t.x - m.x, cy = t.y - m.y
                let det = 2 * (ax * cy - ay * cx)
                let a2 = ax * ax + ay * ay, c2 = cx * cx + cy * cy
                var rho = Double.infinity, d0 = 0.0
                var centreX = 0.0, centreY = 0.0
                if abs(det) > 1e-9 {
                    let nx = cy * a2 - ay * c2, ny = ax * c2 - cx * a2
                    // ρ = |n| / |det|: a circle clearly below the radius cut (by 10⁻⁹ of
                    // ρ², far beyond the rounding of either form) is dropped before the two
                    // divisions and the square root; the rest take the exact test below,
                    // so the triplets kept are the same. (Most random pairs at μ = 40 are
                    // below the pT cut.)
                    guard nx * nx + ny * ny >= clearlyBelowRadius2 * (det * det) else { continue }
                    let ux = nx / det, uy = ny / det
                    rho = (ux * ux + uy * uy).squareRoot()
                    // The radius cut before the impact parameter's square root.
                    guard rho >= minRadius else { continue }
                    centreX = m.x + ux; centreY = m.y + uy
                    d0 = (centreX * centreX + centreY * centreY).squareRoot() - rho
                } else {
                    // Straight: distance of the line b–t from the beam line.
                    let lx = t.x - b.x, ly = t.y - b.y
                    d0 = (b.x * ly - b.y * lx) / max((lx * lx + ly * ly).squareRoot(), 1e-9)
                }
                guard rho >= minRadius, abs(d0) <= d0Max else { continue }
                // Turning sense: (m − b) × (t − m) > 0 is anticlockwise, h > 0 (0: straight).
                let h = abs(det) > 1e-9 ? ((-det / 2) > 0 ? 1 / rho : -1 / rho) : 0
                // The helix parameters (two atan2 and an asin) wait for the few triplets
                // that survive confirmation and the per-middle cap (`finish`).
                let quality = dcot * dcot / sigma2 + abs(d0)
                perMiddle.append(Seed(bottom: d.sp, middle: Int32(mi), top: Int32(ti), phi: 0, theta: 0,
                                      qOverP: 0, quality: quality, isPixelSeed: b.isPixel && m.isPixel && t.isPixel,
                                      curvature: h))
            }
        }
    }

    /// Confirmation: a triplet is confirmed when another of the same bottom, with its top on
    /// another surface, has the same curvature within what the two tops' errors and the
    /// scattering between them allow (``confirmationTolerance(bottom:middle:top1:top2:curvature:kinkTheta0AtCut:k:)``).
    /// The triplets of one bottom are contiguous (appended doublet by doublet, and a bottom
    /// point is in one doublet), so only pairs within that run are compared. A function of its
    /// own, not inline in `seeds`: there the compiler left `abs` and `max` as calls (six per
    /// pair, 160 000 pairs a μ = 40 bench pass).
    func markConfirmed(_ triplets: UnsafeMutableBufferPointer<Seed>, middle m: SpacePoint, sps: UnsafeBufferPointer<SpacePoint>,
                       kinkTheta0AtCut: [Double], k: Double) {
        var runStart = 0
        while runStart < triplets.count {
            var runEnd = runStart + 1
            while runEnd < triplets.count && triplets[runEnd].bottom == triplets[runStart].bottom { runEnd += 1 }
            defer { runStart = runEnd }
            for i in runStart..<runEnd {
                let a = triplets[i]
                for j in runStart..<runEnd where j != i {
                    let b = triplets[j]
                    guard sps[Int(b.top)].surface != sps[Int(a.top)].surface else { continue }
                    let tolerance = confirmationTolerance(bottom: sps[Int(a.bottom)], middle: m, top1: sps[Int(a.top)],
                                                          top2: sps[Int(b.top)], curvature: max(abs(a.curvature), abs(b.curvature)),
                                                          kinkTheta0AtCut: kinkTheta0AtCut, k: k)
                    if abs(a.curvature - b.curvature) <= tolerance {
                        triplets[i].confirmed = true
                        break
                    }
                }
            }
        }
    }

    /// Scattering angle at a kink on each surface for the confirmation
    /// (``confirmationTolerance(bottom:middle:top1:top2:curvature:kinkTheta0AtCut:k:)``):
    /// Highland at `momentumGeV` for the surface's own material at normal incidence, and on a
    /// barrel layer also the passive layers out to the next active one (the pixel support
    /// tube between pixels and strips).
    static func kinkTheta0(_ surfaces: [TrackerSurface], momentumGeV: Double) -> [Double] {
        surfaces.map { s -> Double in
            var x = s.thicknessX0
            if case let .cylinder(r, _) = s.shape, s.technology != .passive {
                var next = Double.infinity
                for o in surfaces where o.technology != .passive {
                    if case let .cylinder(ro, _) = o.shape, ro > r { next = min(next, ro) }
                }
                for o in surfaces where o.technology == .passive {
                    if case let .cylinder(ro, _) = o.shape, ro > r, ro < next { x += o.thicknessX0 }
                }
            }
            return TrackMaterial.highland(thicknessX0: x, momentumGeV: momentumGeV)
        }
    }

    /// The largest curvature difference (1/mm) between the circles through (bottom, middle,
    /// top1) and (bottom, middle, top2) of one particle: `config.seedConfirmationSigmas`
    /// standard deviations of the difference. With x the distance from the middle point and
    /// d = |m − b|, a circle through b and m has κ = 2 y(x) / (x (x + d)) for a top displaced
    /// by y from the b–m line (small curvature), so a top moved by δ across its radius
    /// changes κ by δ · 2 / (x (x + d)); the middle point moved by δ changes both κ by
    /// −2δ / (d x), the bottom by 2δ / (d (x + d)) — only the difference between the two
    /// tops counts. The displacements: each point's r φ error, and the multiple scattering at
    /// the seeds' pT (from the larger curvature: the lower pT) — a kink at the middle point
    /// moves a top by θ x, one at the inner top moves the outer by θ |t₂ − t₁|; a kink at the
    /// bottom moves nothing (all four points lie on the circle after it). θ at a kink is
    /// Highland's for the surface's material (with the passive layers out to the next active
    /// one), at the seed pT cut given in `kinkTheta0AtCut` per surface, scaled to the seeds'
    /// pT and, in the transverse plane, by (1 + cot²θ)^¼. For a pixel doublet (r = 88,
    /// 122 mm) and strip tops at 299 and 371 mm: σ ≈ 8 × 10⁻⁶/mm at 1 GeV (the fourth point
    /// within ≈ 1.1 mm at 4σ), ≈ 1.5 × 10⁻⁶/mm at 10 GeV; for four pixel layers
    /// σ ≈ 4 × 10⁻⁵/mm at 1 GeV.
    func confirmationTolerance(bottom b: SpacePoint, middle m: SpacePoint, top1 t1: SpacePoint, top2 t2: SpacePoint,
                               curvature: Double, kinkTheta0AtCut: [Double], k: Double) -> Double {
        @inline(__always) func dist(_ p: SpacePoint, _ q: SpacePoint) -> Double {
            ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot()
        }
        // `max(_:_:)`'s own expression, written out: the compiler left the six calls of the
        // generic one as calls (≈ 1 million a μ = 40 bench pass, 10 M instructions).
        @inline(__always) func max(_ x: Double, _ y: Double) -> Double { y >= x ? y : x }
        let x1 = dist(t1, m), x2 = dist(t2, m)
        let s1 = 2 / max(x1 * dist(t1, b), 1e-6), s2 = 2 / max(x2 * dist(t2, b), 1e-6)
        let cot = (t1.z - b.z) / max(dist(t1, b), 1e-6)
        let c2 = 1 + cot * cot
        // θ₀ ∝ 1/p and √(path) → in the transverse plane ∝ (1 + cot²)^¼ / pT, pT = k / κ.
        let scale = config.minSeedPtGeV * curvature / max(k, 1e-12) * c2.squareRoot().squareRoot()
        let innerTop = x2 > x1 ? t1 : t2
        let outerKink = scale * kinkTheta0AtCut[Int(innerTop.surface)] * (x2 > x1 ? s2 : s1) * dist(t2, t1)
        let middleKink = scale * kinkTheta0AtCut[Int(m.surface)] * abs(s1 * x1 - s2 * x2)
        let d = max(dist(m, b), 1e-6)
        let middleError = 2 / d * abs(1 / max(x1, 1e-6) - 1 / max(x2, 1e-6))
        let bottomError = 2 / d * abs(1 / (x1 + d) - 1 / (x2 + d))
        let variance = s1 * s1 * Double(t1.varianceRPhi) + s2 * s2 * Double(t2.varianceRPhi) + outerKink * outerKink
            + middleKink * middleKink + middleError * middleError * Double(m.varianceRPhi) + bottomError * bottomError * Double(b.varianceRPhi)
        return config.seedConfirmationSigmas * variance.squareRoot()
    }

    /// The helix estimate at the bottom point of a kept triplet (the same arithmetic as the
    /// circle cut in `appendTriplets`, so the circle is recomputed exactly): direction of the
    /// tangent oriented towards the middle, θ from the arc length, q/p from the circle radius.
    func finish(_ seed: Seed, sps: UnsafeBufferPointer<SpacePoint>, k: Double) -> Seed {
        let b = sps[Int(seed.bottom)], m = sps[Int(seed.middle)], t = sps[Int(seed.top)]
        let ax = b.x - m.x, ay = b.y - m.y, cx = t.x - m.x, cy = t.y - m.y
        let det = 2 * (ax * cy - ay * cx)
        let a2 = ax * ax + ay * ay, c2 = cx * cx + cy * cy
        var rho = Double.infinity, h = 0.0
        var centreX = 0.0, centreY = 0.0
        if abs(det) > 1e-9 {
            let ux = (cy * a2 - ay * c2) / det, uy = (ax * c2 - cx * a2) / det
            rho = (ux * ux + uy * uy).squareRoot()
            centreX = m.x + ux; centreY = m.y + uy
            h = (-det / 2) > 0 ? 1 / rho : -1 / rho
        }
        var dirX: Double, dirY: Double
        if h != 0 {
            let rx = b.x - centreX, ry = b.y - centreY
            dirX = -h * ry; dirY = h * rx
        } else {
            dirX = -ax; dirY = -ay
        }
        let nrm = (dirX * dirX + dirY * dirY).squareRoot()
        dirX /= nrm; dirY /= nrm
        let chord = ((t.x - b.x) * (t.x - b.x) + (t.y - b.y) * (t.y - b.y)).squareRoot()
        let arc = rho.isFinite ? 2 * rho * asin(min(chord / (2 * rho), 1)) : chord
        let cot = (t.z - b.z) / max(arc, 1e-6)
        let theta = atan2(1, cot)
        let pt = rho.isFinite ? k * rho : 1e4
        let charge: Double = h == 0 ? 1 : (h * fieldTesla > 0 ? -1 : 1)
        var out = seed
        out.phi = atan2(dirY, dirX)
        out.theta = theta
        out.qOverP = charge * sin(theta) / pt
        return out
    }
}

/// The seeding-layer table depends on the tracker geometry and the collision-region length
/// only, so it is built once per geometry and shared (a memo of a pure function: it carries
/// nothing from one event to the next).
final class SeedingLayersCache: @unchecked Sendable {
    static let shared = SeedingLayersCache()
    private let lock = NSLock()
    private var entries: [Key: SeedingLayers] = [:]
    /// The entry used last: every event of a run asks for the same one, and comparing keys
    /// (the card's arrays are the same storage, so equal at once) is far cheaper than hashing
    /// the tracker card (≈ 270 000 instructions, 1 % of a μ = 0 event's tracking).
    private var last: (key: Key, layers: SeedingLayers)?

    struct Key: Hashable {
        var tracker: DetectorCard.Tracker
        var zRangeMM: Double
        var bottomSkipsSurface: Bool
    }

    func layers(for detector: Detector, zRangeMM: Double, bottomSkipsSurface: Bool) -> SeedingLayers {
        let key = Key(tracker: detector.card.tracker, zRangeMM: zRangeMM, bottomSkipsSurface: bottomSkipsSurface)
        lock.lock()
        if let last, last.key == key { lock.unlock(); return last.layers }
        if let l = entries[key] { last = (key, l); lock.unlock(); return l }
        lock.unlock()
        let l = SeedingLayers(detector: detector, zRangeMM: zRangeMM, bottomSkipsSurface: bottomSkipsSurface)
        lock.lock()
        if entries.count > 16 { entries.removeAll() }
        entries[key] = l
        last = (key, l)
        lock.unlock()
        return l
    }
}
