import EventModel

/// A tracker surface met by a straight line: which surface, and the path length from the
/// line's origin (mm).
public struct LineCrossing: Hashable, Sendable, BitwiseCopyable {
    public var surface: Int
    public var pathLength: Double

    public init(surface: Int, pathLength: Double) {
        self.surface = surface
        self.pathLength = pathLength
    }
}

extension Detector {
    /// Every tracker surface the straight line from `origin` along the unit vector
    /// `direction` crosses before it leaves the tracker envelope, in order of path length
    /// (written to `out`, which is emptied first), and the path length to the envelope exit
    /// (∞ for a line along the beam that never leaves).
    ///
    /// Neutral particles (photons, neutrons, K⁰_L) go straight in the field: their crossings
    /// need no step-by-step search. Each cylinder is one quadratic in the transverse path
    /// (both roots: a line from outside a layer going inwards meets it twice), each disc one
    /// division, all from the origin with the formulas of ``Helix/pathToCylinder(radius:minimum:)``
    /// and ``Helix/pathToPlane(z:minimum:)`` for a line; the crossings are then sorted.
    /// `LineCrossingTests` checks them against every root of every surface and, for lines
    /// from the beam spot, against ``nextTrackerCrossing(_:minimum:)`` applied step by step.
    /// (The step-by-step search takes only the nearer root of a cylinder: a line starting
    /// beyond a layer's end, or outside it, and coming back in can miss its second crossing;
    /// and a forward line starting on a layer can re-cross it by rounding. Neither happens here.)
    public func lineCrossings(origin p: Vector3, direction d: Vector3, minimum: Double = 1e-6,
                              into out: inout ScratchList<LineCrossing>) -> Double {
        // (A `ScratchList`, not an `Array`: emptying an array keeping its capacity goes through
        // a generic `replaceSubrange`, and each append checks uniqueness — ≈ 3 M of this
        // function's 19 M instructions per 100 no-UE μ = 0 events, 15 000 lines.)
        out.removeAll()
        let line = Helix(position: p, direction: d, curvature: 0)
        let exit = pathToTrackerExit(line, minimum: minimum)
        let st = line.sinTheta
        // Cylinders: |p_T + s_T u|² = R², u the unit transverse direction.
        if st > 0 {
            let ux = d.x / st, uy = d.y / st
            let b = p.x * ux + p.y * uy
            let c0 = p.x * p.x + p.y * p.y
            let minT = minimum * st
            let r0 = c0.squareRoot()
            for i in barrelRadii.indices {
                let radius = barrelRadii[i]
                let disc = b * b - (c0 - radius * radius)
                guard disc >= 0 else { continue }
                let sq = disc.squareRoot()
                @inline(__always) func add(_ root: Double) -> Bool {
                    guard root > minT else { return true }
                    let s = root / st
                    guard s < exit else { return false }
                    if abs(p.z + s * d.z) <= barrelHalfLengths[i] {
                        out.append(LineCrossing(surface: barrelOrder[i], pathLength: s))
                    }
                    return true
                }
                // A line starting on this layer (a photon radiated where an electron crossed
                // it; within 1 nm, as `nextTrackerCrossing` takes it) meets it again only if it
                // starts inwards, on the far side, and then at least 1 µm away (a line grazing
                // the layer at its start does not cross it twice); otherwise the rounding of
                // its start point could make a root at a few nm look like a crossing (forward
                // lines, small sin θ, turn it into micrometres of path).
                if abs(r0 - radius) <= 1e-6 {
                    if b < 0 && -b + sq > 1e-3 * st { _ = add(-b + sq) }
                    continue
                }
                // Both roots, in increasing order: a line from outside the layer's radius or
                // beyond its end may meet it twice.
                if add(-b - sq) {
                    // A layer outside the origin's radius is met once, at the root −b + sq,
                    // which grows with the radius: once it lies beyond the exit, so do those of
                    // every larger layer (most forward lines leave through the end plane first).
                    if !add(-b + sq) && radius > r0 { break }
                }
            }
        }
        // Discs ahead in z, nearest first: from the first beyond the origin (the bin table;
        // those behind give s ≤ 0) until the envelope exit (s grows with |z − z₀|). Each
        // disc's s is the same division as for all discs, so the same crossings are found.
        if d.z != 0 {
            let step = d.z > 0 ? 1 : -1
            var i = d.z > 0 ? discZIndex.countNotAbove(p.z) : discZIndex.countBelow(p.z) - 1
            while i >= 0 && i < discZ.count {
                defer { i += step }
                let s = (discZ[i] - p.z) / d.z
                guard s < exit else { break }
                guard s > minimum else { continue }
                let x = p.x + d.x * s, y = p.y + d.y * s
                let r = (x * x + y * y).squareRoot()
                if r >= discRMin[i] && r <= discRMax[i] {
                    out.append(LineCrossing(surface: discOrder[i], pathLength: s))
                }
            }
        }
        // Insertion sort: a line meets at most a few tens of surfaces, usually fewer than ten.
        if out.count > 1 {
            for k in 1..<out.count {
                let item = out[k]
                var j = k - 1
                while j >= 0 && out[j].pathLength > item.pathLength {
                    out[j + 1] = out[j]
                    j -= 1
                }
                out[j + 1] = item
            }
        }
        return exit
    }
}
