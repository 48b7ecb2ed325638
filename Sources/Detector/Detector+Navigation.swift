import Foundation
import EventModel

/// Where a trajectory meets a surface.
public struct SurfaceCrossing: Hashable, Sendable {
    /// Index into `Detector.trackerSurfaces` (or `muonSurfaces`).
    public var surface: Int
    /// 3D path length from the trajectory's start (mm).
    public var pathLength: Double
    public var position: Vector3
    public var direction: Vector3
}

/// A stretch of a straight line inside one calorimeter box.
public struct CalorimeterSegment: Hashable, Sendable, BitwiseCopyable {
    /// Index into `Detector.calorimeterBoxes`.
    public var box: Int
    /// Card volume index.
    public var volume: Int
    /// Path lengths (mm) of entry and exit along the line.
    public var entry: Double
    public var exit: Double
    public var length: Double { exit - entry }
}

extension Detector {
    // MARK: Tracker

    /// The next tracker surface the trajectory meets after path length `minimum`, or nil if
    /// it leaves the tracker envelope first. Candidates: the barrel layers just inside and
    /// outside the current radius (and the one it sits on), and the discs ahead in z.
    ///
    /// `after`: the surface the helix starts on, if any (the transport's last crossing). The
    /// search starts from the layer at r₀ and the first disc ahead of z₀; after crossing a
    /// layer or disc these are that surface's neighbours in the sorted lists, which
    /// ``SortedIndex/countNotAbove(_:guess:)`` checks exactly before the bin table is read:
    /// the result is the same with or without it.
    public func nextTrackerCrossing(_ helix: Helix, minimum: Double = 1e-6, after surface: Int? = nil) -> SurfaceCrossing? {
        // Where the helix starts in the sorted lists: a barrel layer k ≥ 0, a disc −1 − k.
        let slot = surface.map { sortedSlot[$0] } ?? Int.min
        // Barrel: largest radius ≤ r0 (+ tolerance), and its neighbours.
        let r0 = helix.position.perp
        // The last radius ≤ r0 (+ tolerance): the layer crossed last, else the radii's bin table.
        let k = barrelRadiusIndex.countNotAbove(r0 + 1e-6, guess: slot >= 0 ? slot + 1 : -1) - 1
        // The end plane of the envelope ahead in z (cheap).
        let dz = helix.direction.z
        var planeExit = Double.infinity
        if dz != 0, let s = helix.pathToPlane(z: dz > 0 ? trackerEnvelopeHalfLengthMM : -trackerEnvelopeHalfLengthMM,
                                              minimum: minimum) { planeExit = s }
        // Moving outward, the radius grows up to the circle's turning radius d + ρ: a next
        // layer below it is reached before any layer at or inside r0 and before the
        // envelope's cylinder, so when it is hit (within its length, before the end plane)
        // neither the inner candidates nor the envelope cylinder need an intersection.
        // A barrel layer's extent is a cut in z, and z is linear in s: no point on the helix
        // (no sine and cosine) is needed until the winner is known. A disc's is a cut in r:
        // its point is computed, and kept if it wins.
        @inline(__always) func withinLength(_ i: Int, _ s: Double) -> Bool {
            abs(helix.position.z + s * dz) <= barrelHalfLengths[i]
        }
        // A layer beyond whose end the track already is, moving away in z, cannot be hit:
        // no intersection needed (most barrel candidates of a track in the end-caps).
        let z0 = helix.position.z
        @inline(__always) func reachable(_ i: Int) -> Bool {
            !(abs(z0) > barrelHalfLengths[i] && z0 * dz >= 0)
        }
        // Reaching radius R from r0 takes a transverse path of at least |R − r0|, a 3D path
        // of at least |R − r0|/sinθ: a cylinder that cannot come before the best so far
        // needs no intersection (and no atan2). The margin keeps the pruning strict: only
        // candidates that would lose anyway are skipped, so the result is the same.
        let sinTheta = helix.sinTheta
        @inline(__always) func cannotBeat(_ radius: Double, _ bound: Double) -> Bool {
            abs(radius - r0) > bound * sinTheta * (1 + 1e-9) + 1e-9
        }
        var best = Double.infinity
        var bestSurface = -1
        var bestPoint: (position: Vector3, direction: Vector3)? = nil
        var first = 0
        let next = k + 1
        if next < barrelRadii.count, barrelRadii[next] < trackerEnvelopeRadiusMM, helix.isMovingOutward, reachable(next),
           !cannotBeat(barrelRadii[next], planeExit), barrelRadii[next] <= helix.maximumRadius,
           let s = helix.pathToCylinder(radius: barrelRadii[next], minimum: minimum), s < planeExit,
           withinLength(next, s) {
            best = s
            bestSurface = barrelOrder[next]
            first = barrelRadii.count   // done with the barrel
        } else {
            best = pathToTrackerExit(helix, minimum: minimum)
        }
        // Every layer the helix might still meet first, not only the neighbours of r0: a
        // track passing the next layer beyond its end (a forward track and the short pixel
        // layers) can meet a longer layer farther out (the pixel support tube) with no disc
        // in between. The first crossings of the layers outside r0 come in order of radius
        // (on the way out), those of the layers inside in reverse order (on the way in): each
        // side is searched in that order and stops at its first layer hit within its length
        // (the layer at r0 itself, met again only after the inner ones, excepted).
        // Most candidates need no intersection: beyond the best so far, outside the helix's
        // radial range, certain to arrive beyond the layer's end (z moves at least
        // |R − r0|·|cot θ| on the way to radius R), or, for a track moving outwards, inside
        // r0 and reached only after its turning radius (a path of at least (2 R_max − r0 − R)/sinθ).
        if first < barrelRadii.count {
            let maxR = helix.maximumRadius
            let cotTheta = abs(dz) / max(sinTheta, 1e-300)
            let outward = helix.isMovingOutward
            // Tries layer i; true when it is hit at its first crossing, which ends the
            // side's search (any crossing of a layer farther along comes after it).
            @inline(__always) func candidate(_ i: Int) -> Bool {
                let radius = barrelRadii[i]
                guard reachable(i), !cannotBeat(radius, best) else { return false }
                if dz != 0 {
                    let zAtLeast = abs(radius - r0) * cotTheta * (1 - 1e-9) - 1e-9
                    if dz > 0 ? z0 + zAtLeast > barrelHalfLengths[i] : z0 - zAtLeast < -barrelHalfLengths[i] { return false }
                }
                guard let s = helix.pathToCylinder(radius: radius, minimum: minimum), s < best else { return false }
                if withinLength(i, s) {
                    best = s
                    bestSurface = barrelOrder[i]
                    return true
                }
                // The first crossing lies beyond the layer's end. If that end is still ahead
                // in z (a displaced start beyond |z| = L, moving back towards the layer), a
                // later crossing — the circle's other point or a later turn — can lie within
                // the length: the first one after z enters the layer's range. (z grows
                // monotonically along the helix, so a first crossing past the far end has no
                // later one inside; prompt tracks never get here.)
                let halfLength = barrelHalfLengths[i]
                guard dz > 0 ? z0 + s * dz < -halfLength : z0 + s * dz > halfLength else { return false }
                let sEnter = ((dz > 0 ? -halfLength : halfLength) - z0) / dz
                guard sEnter < best, let later = helix.pathToCylinder(radius: radius, after: sEnter), later < best,
                      withinLength(i, later) else { return false }
                best = later
                bestSurface = barrelOrder[i]
                // Not the first crossing of this radius: a layer further along the side's
                // order can still be met before it, so the side's search goes on.
                return false
            }
            var i = k + 1
            while i < barrelRadii.count {
                let radius = barrelRadii[i]
                if radius > maxR * (1 + 1e-9) + 1e-9 || cannotBeat(radius, best) { break }
                if candidate(i) { break }
                i += 1
            }
            i = k
            while i >= 0 {
                let radius = barrelRadii[i]
                if cannotBeat(radius, best) { break }
                if outward && maxR.isFinite
                    && (2 * maxR - r0 - radius) > best * sinTheta * (1 + 1e-9) + 1e-9 { break }
                // The layer the helix sits on is next met after the inner ones (at the turning
                // point it comes back from): it does not end the search.
                if candidate(i) && radius < r0 - 1e-6 { break }
                i -= 1
            }
        }
        // Discs ahead in z, nearest first.
        if dz != 0 {
            // The first disc ahead (discs are sorted by z): moving to +z the first beyond z0, to
            // −z the last before it — the neighbour of the disc crossed last, else from the bin table.
            let d = slot < 0 && slot != Int.min ? -1 - slot : -1
            var i = dz > 0 ? discZIndex.countNotAbove(z0 + 1e-9, guess: d >= 0 ? d + 1 : -1)
                           : discZIndex.countBelow(z0 - 1e-9, guess: d) - 1
            while i >= 0 && i < discZ.count {
                defer { i += dz > 0 ? 1 : -1 }
                guard let s = helix.pathToPlane(z: discZ[i], minimum: minimum) else { continue }
                if s >= best { break }
                // Within a path s the radius stays within r0 ± s·sinθ: a disc whose ring lies
                // wholly outside that range cannot be hit there, and needs no point on the
                // helix (a forward track passing inside the discs' inner radii meets all of
                // them in z). The margin keeps the pruning strict: only misses are skipped.
                let reach = s * sinTheta * (1 + 1e-9) + 1e-9
                if r0 + reach < discRMin[i] || r0 - reach > discRMax[i] { continue }
                let index = discOrder[i]
                let point = helix.point(at: s)
                let r = point.position.perp
                if r >= discRMin[i] && r <= discRMax[i] {
                    best = s
                    bestSurface = index
                    bestPoint = point
                    break
                }
            }
        }
        guard bestSurface >= 0 else { return nil }
        let (p, d) = bestPoint ?? helix.point(at: best)
        return SurfaceCrossing(surface: bestSurface, pathLength: best, position: p, direction: d)
    }

    /// Path length at which the trajectory leaves the tracker envelope (∞ if it never does,
    /// e.g. a looper).
    public func pathToTrackerExit(_ helix: Helix, minimum: Double = 1e-6) -> Double {
        var best = Double.infinity
        // Only the end plane ahead in z can be reached.
        let dz = helix.direction.z
        if dz != 0, let s = helix.pathToPlane(z: dz > 0 ? trackerEnvelopeHalfLengthMM : -trackerEnvelopeHalfLengthMM, minimum: minimum) {
            best = s
        }
        // The envelope's cylinder only if it can come first (a transverse path of at least
        // R − r to get there; most forward tracks leave through the end plane well before).
        let reach = trackerEnvelopeRadiusMM - helix.position.perp
        if !(reach > best * helix.sinTheta * (1 + 1e-9) + 1e-9),
           let s = helix.pathToCylinder(radius: trackerEnvelopeRadiusMM, minimum: minimum), s < best {
            best = s
        }
        return best
    }

    /// Every tracker surface a trajectory crosses, in order, without material effects:
    /// the geometric look-up (which layers does this helix or line cross?). Loopers are
    /// followed for at most `maxCrossings` surfaces.
    public func trackerCrossings(of helix: Helix, maxCrossings: Int = 64) -> [SurfaceCrossing] {
        var out: [SurfaceCrossing] = []
        var h = helix
        var travelled = 0.0
        while out.count < maxCrossings, var c = nextTrackerCrossing(h, after: out.last?.surface) {
            travelled += c.pathLength
            h = Helix(position: c.position, direction: c.direction, curvature: h.curvature)
            c.pathLength = travelled
            out.append(c)
        }
        return out
    }

    // MARK: Calorimeter

    /// The calorimeter boxes a straight line from `origin` along the unit vector
    /// `direction` passes through, ordered by entry, for path lengths ≥ 0.
    public func calorimeterSegments(origin: Vector3, direction: Vector3) -> [CalorimeterSegment] {
        var out: [CalorimeterSegment] = []
        out.reserveCapacity(16)
        appendCalorimeterSegments(origin: origin, direction: direction, into: &out)
        return out
    }

    /// ``calorimeterSegments(origin:direction:)`` written into a list the caller keeps
    /// (emptied first). The simulation asks once per particle reaching the calorimeter
    /// (26 600 lines per 100 no-UE μ = 0 events), and a new array per line cost its
    /// allocation and release, ≈ 450 instructions of the line's ≈ 2 000 (callgrind).
    public func calorimeterSegments(origin: Vector3, direction: Vector3,
                                    into out: inout ScratchList<CalorimeterSegment>) {
        out.removeAll()
        appendCalorimeterSegments(origin: origin, direction: direction, into: &out)
    }

    @inline(__always)
    func appendCalorimeterSegments<List: CalorimeterSegmentList>(origin: Vector3, direction: Vector3,
                                                                 into out: inout List) {
        let line = PreparedLine(origin: origin, direction: direction)
        // Only the boxes inside the rings the line meets: the same segments as testing every
        // box (μ = 0: 10 of the 41 boxes per line; this function 145 → 103 M instructions).
        let entries = calorimeterBoxTree.entries
        var i = 0
        while i < entries.count {
            let ring = entries[i].ring, box = entries[i].box
            i += 1
            guard box >= 0 else {
                var met = false
                ring.forEachInterval(line) { _, _ in met = true }
                if !met { i += entries[i - 1].skip }
                continue
            }
            let volume = ring.volume
            ring.forEachInterval(line) { s0, s1 in
                if s1 > s0 { out.append(CalorimeterSegment(box: box, volume: volume, entry: s0, exit: s1)) }
            }
        }
        // Boxes do not overlap (`DetectorCard.validate`), so no two segments share an entry:
        // the order is the one the exhaustive search in box order gave.
        out.sortByEntry()
    }

    /// The calorimeter box containing a point, if any.
    public func calorimeterBox(containing p: Vector3) -> Int? {
        calorimeterBoxes.firstIndex { $0.contains(p) }
    }

    /// Whether a point lies in the calorimeter region: outside the tracker envelope and
    /// inside the outer bounds of the calorimeter boxes.
    public func isInsideCalorimeterEnvelope(_ p: Vector3) -> Bool {
        !isInsideTracker(p) && p.perp <= calorimeterOuterRadiusMM && abs(p.z) <= calorimeterOuterHalfLengthMM
    }

    public var calorimeterOuterRadiusMM: Double { calorimeterBoxes.map(\.rMax).max() ?? 0 }
    public var calorimeterOuterHalfLengthMM: Double { calorimeterBoxes.map { max(abs($0.zMin), abs($0.zMax)) }.max() ?? 0 }

    /// The calorimeter cell at a point (η, φ of the point seen from the origin), or nil.
    public func cellID(at p: Vector3) -> CellID? {
        guard let b = calorimeterBox(containing: p) else { return nil }
        return cells.cellID(volume: calorimeterBoxes[b].volume, eta: p.eta, phi: p.phi)
    }

    // MARK: Muon stations

    /// Muon surfaces a straight line crosses (path length > 0), in order.
    public func muonCrossings(origin: Vector3, direction: Vector3) -> [SurfaceCrossing] {
        let line = Helix(position: origin, direction: direction, curvature: 0)
        var out: [SurfaceCrossing] = []
        for m in muonSurfaces {
            let s: Double?
            switch m.shape {
            case let .cylinder(r, _): s = line.pathToCylinder(radius: r)
            case let .disc(z, _, _): s = line.pathToPlane(z: z)
            }
            guard let s else { continue }
            let p = origin + direction * s
            if m.shape.contains(p) { out.append(SurfaceCrossing(surface: m.index, pathLength: s, position: p, direction: direction)) }
        }
        return out.sorted { $0.pathLength < $1.pathLength }
    }
}

/// Where ``Detector/calorimeterSegments(origin:direction:)`` writes its segments: a new
/// array, or a ``ScratchList`` reused from line to line.
protocol CalorimeterSegmentList {
    mutating func append(_ segment: CalorimeterSegment)
    /// Orders the segments by entry (the standard library's sort either way).
    mutating func sortByEntry()
}

extension Array: CalorimeterSegmentList where Element == CalorimeterSegment {
    mutating func sortByEntry() { sort { $0.entry < $1.entry } }
}

extension ScratchList: CalorimeterSegmentList where Element == CalorimeterSegment {
    mutating func sortByEntry() { sort { $0.entry < $1.entry } }
}
