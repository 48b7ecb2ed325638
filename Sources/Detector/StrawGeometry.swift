import Foundation
import EventModel

/// A trajectory passing a straw: which straw, and the signed distance of closest approach
/// of the trajectory to its wire (the drift circle's radius, with a sign for the side).
public struct StrawCrossing: Hashable, Sendable {
    /// Straw layer (see ``StrawGeometry``).
    public var layer: Int32
    /// Straw within the layer, 0 ..< ``StrawGeometry/strawCount``.
    public var straw: Int32
    /// Signed distance of closest approach to the wire, mm: (W − Q)·(t × ŵ)/|t × ŵ| with W a
    /// point of the wire, ŵ its direction (+z in the barrel, radially outwards in the
    /// end-caps), Q the crossing point and t the direction of the trajectory.
    public var distance: Double
    /// Where the trajectory crosses the layer's surface (the cylinder or plane through the
    /// wires), and its unit direction there.
    public var position: Vector3
    public var direction: Vector3
    /// Path length from the start of the helix, mm.
    public var path: Double
}

/// The straw tracker of a card (``DetectorCard/StrawTracker``) expanded into layers, with the
/// closed-form crossings of a helix with them: no stepping, no material (the TRT material
/// stays on the card's passive surfaces).
///
/// Layers are numbered 0 ..< `barrelLayerCount` for the barrel cylinders by increasing
/// radius, then two per end-cap plane by increasing |z|: 2j + 0 at +z, 2j + 1 at −z.
/// In a barrel layer of radius R and n straws, wire k sits at φ = (k + f)·2π/n with f the
/// layer's stagger; in an end-cap plane the same formula gives the azimuth of the radial wire.
public struct StrawGeometry: Sendable {
    public let response: DetectorCard.StrawResponse
    public let barrelRadii: [Double]
    public let barrelHalfLengthMM: Double
    /// |z| of the end-cap planes, increasing, and their radial extent.
    public let planeZ: [Double]
    public let planeRMin: [Double]
    public let planeRMax: [Double]
    /// Per layer (barrel, then end-cap ±z): straws, angular pitch 2π/n, stagger f ∈ [0, 1).
    public let strawCount: [Int32]
    let angularPitch: [Double]
    let stagger: [Double]
    /// Per layer, the first straw's index in a numbering of all straws (noise hits draw in it).
    public let firstStraw: [Int]
    public let totalStraws: Int
    /// The smallest inner radius of the end-cap planes (∞ without end-caps): segments that
    /// stay inside it skip the plane search.
    let minimumPlaneRadius: Double
    /// Per end-cap wheel group (card `endcap` entry), its plane spacing in z: consecutive
    /// planes of a group are equally spaced, so the helix turns by the same angle from each
    /// to the next (one rotation per group and segment).
    let groupSpacing: [Double]
    /// Per layer, the wires' stagger as an angle, f·2π/n: the plane walk carries the nearest
    /// wire's unit vector from plane to plane by rotations.
    let staggerAngle: [Double]
    /// What the plane walk reads per plane, gathered in one value per plane (by index) and
    /// one per end-cap layer (by layer − `barrelLayerCount`): one bounds-checked load each
    /// instead of one per number (about 15 per plane with a wire, ≈ 12 % of the walk's
    /// instructions, callgrind μ = 0).
    let walkPlanes: [WalkPlane]
    let walkLayers: [WalkLayer]
    /// Per barrel layer, what its straw search reads (one bounds-checked load per layer
    /// instead of five from separate arrays).
    let barrelLayers: [BarrelLayer]
    /// `barrelRadii` and `planeZ` by 5 mm bins (the layers are 6.9 mm apart, the planes 8.9
    /// and 15.2 mm): a segment's first layer and plane without a bisection (``SortedIndex``).
    let barrelRadiusIndex: SortedIndex
    let planeZIndex: SortedIndex

    /// An end-cap plane as the walk reads it: ``planeZ``, ``planeRMin``, ``planeRMax`` and
    /// its wheel group.
    struct WalkPlane {
        var z: Double
        var rMin: Double
        var rMax: Double
        /// rMin² and rMax², the ring's bounds on the point's r² (no product per plane).
        var rMinSquared: Double
        var rMaxSquared: Double
        var group: Int
    }

    /// A barrel layer as its straw search reads it: ``barrelRadii``, ``strawCount``,
    /// ``angularPitch`` and ``stagger`` of the layer.
    struct BarrelLayer {
        var radius: Double
        var strawCount: Int
        var pitch: Double
        var stagger: Double
    }

    /// An end-cap layer as the walk reads it.
    struct WalkLayer {
        /// n straws, the angular pitch 2π/n and n/2π, cos and sin of the pitch.
        var strawCount: Int
        var pitch: Double
        var inversePitch: Double
        var pitchCos: Double
        var pitchSin: Double
        /// tan(π/n), the half-width of a wire's sector in tan δ, and tan(3π/n), the far edge
        /// of its neighbours' sectors.
        var halfPitchTangent: Double
        var neighbourEdgeTangent: Double
        /// cos and sin of the layer's stagger angle less that of the plane before it on the
        /// same side (the turn of a straw index between consecutive planes; 1, 0 for the
        /// first plane), and whether that plane has as many straws (the wire is carried).
        var staggerStepCos: Double
        var staggerStepSin: Double
        var sameCountAsPrevious: Bool
    }

    /// No straw lies closer to the beam than this (the first barrel layer or the planes'
    /// inner radius, whichever is smaller): a helix segment whose start radius plus its
    /// transverse path stays below it passes no straw.
    public var innermostRadiusMM: Double { min(barrelRadii.first ?? .infinity, minimumPlaneRadius) }

    public var barrelLayerCount: Int { barrelRadii.count }
    public var layerCount: Int { strawCount.count }
    public func isBarrel(layer: Int) -> Bool { layer < barrelRadii.count }
    /// The end-cap plane index and side (+1, −1) of an end-cap layer.
    public func plane(ofLayer layer: Int) -> (index: Int, side: Double) {
        let j = layer - barrelRadii.count
        return (j / 2, j % 2 == 0 ? 1 : -1)
    }
    public func layer(plane j: Int, side: Double) -> Int { barrelRadii.count + 2 * j + (side > 0 ? 0 : 1) }

    /// The geometry of `card.tracker.trt`, or nil if the card has no straw tracker.
    public init?(card: DetectorCard) {
        guard let trt = card.tracker.trt else { return nil }
        self.init(trt)
    }

    public init(_ trt: DetectorCard.StrawTracker) {
        response = trt.response
        let b = trt.barrel
        let step = (b.rMaxMM - b.rMinMM) / Double(b.layerCount)
        barrelRadii = (0..<b.layerCount).map { b.rMinMM + (Double($0) + 0.5) * step }
        barrelHalfLengthMM = b.halfLengthMM
        var counts: [Int32] = barrelRadii.map { Int32(max(1, (2 * Double.pi * $0 / b.strawPitchMM).rounded())) }
        var z: [Double] = [], rMin: [Double] = [], rMax: [Double] = []
        var group: [Int] = [], spacing: [Double] = []
        for (gi, g) in trt.endcap.enumerated() {
            let dz = (g.zMaxMM - g.zMinMM) / Double(g.planeCount)
            spacing.append(dz)
            for j in 0..<g.planeCount {
                z.append(g.zMinMM + (Double(j) + 0.5) * dz)
                rMin.append(g.rMinMM)
                rMax.append(g.rMaxMM)
                group.append(gi)
                counts.append(Int32(g.strawsPerPlane))
                counts.append(Int32(g.strawsPerPlane))
            }
        }
        groupSpacing = spacing
        planeZ = z
        planeRMin = rMin
        planeRMax = rMax
        minimumPlaneRadius = rMin.min() ?? .infinity
        strawCount = counts
        angularPitch = counts.map { 2 * Double.pi / Double($0) }
        // Golden-ratio stagger: successive layers' wires fall between those before them.
        let golden = 0.618_033_988_749_894_9
        let fractions = counts.indices.map { (Double($0) * golden).truncatingRemainder(dividingBy: 1) }
        stagger = fractions
        let pitches = counts.map { 2 * Double.pi / Double($0) }
        let angles = counts.indices.map { fractions[$0] * pitches[$0] }
        staggerAngle = angles
        let barrelCount = b.layerCount
        let radii = barrelRadii
        barrelLayers = (0..<barrelCount).map { l in
            BarrelLayer(radius: radii[l], strawCount: Int(counts[l]), pitch: pitches[l], stagger: fractions[l])
        }
        walkPlanes = z.indices.map {
            WalkPlane(z: z[$0], rMin: rMin[$0], rMax: rMax[$0], rMinSquared: rMin[$0] * rMin[$0],
                      rMaxSquared: rMax[$0] * rMax[$0], group: group[$0])
        }
        walkLayers = (barrelCount..<counts.count).map { l in
            let step = l >= barrelCount + 2 ? angles[l] - angles[l - 2] : 0
            return WalkLayer(strawCount: Int(counts[l]), pitch: pitches[l],
                             inversePitch: Double(counts[l]) / (2 * Double.pi),
                             pitchCos: cos(pitches[l]), pitchSin: sin(pitches[l]),
                             halfPitchTangent: tan(0.5 * pitches[l]), neighbourEdgeTangent: tan(1.5 * pitches[l]),
                             staggerStepCos: cos(step), staggerStepSin: sin(step),
                             sameCountAsPrevious: l >= barrelCount + 2 && counts[l - 2] == counts[l])
        }
        barrelRadiusIndex = SortedIndex(barrelRadii, binWidth: 5)
        planeZIndex = SortedIndex(z, binWidth: 5)
        var first: [Int] = []
        var total = 0
        for n in counts { first.append(total); total += Int(n) }
        firstStraw = first
        totalStraws = total
    }

    /// Azimuth of wire `straw` of `layer`.
    public func wirePhi(layer: Int, straw: Int) -> Double {
        (Double(straw) + stagger[layer]) * angularPitch[layer]
    }

    /// The wire nearest in azimuth to φ, and the azimuth from φ to it.
    @inline(__always)
    func nearestWire(layer: Int, phi: Double) -> (straw: Int, delta: Double) {
        Self.nearestWire(phi: phi, strawCount: Int(strawCount[layer]), pitch: angularPitch[layer], stagger: stagger[layer])
    }

    /// The wire nearest in azimuth to φ among n wires at (k + f)·pitch, and the azimuth from φ to it.
    @inline(__always)
    static func nearestWire(phi: Double, strawCount n: Int, pitch: Double, stagger: Double) -> (straw: Int, delta: Double) {
        let x = phi / pitch - stagger
        // x rounded half away from zero, as `rounded()` — by a truncating conversion rather
        // than a call to the library's round (|x| < 2¹⁵ here).
        var straw = Int(x + (x < 0 ? -0.5 : 0.5))
        let k = Double(straw)
        // φ ∈ (−π, π] puts k within one turn of 0: a wrap, no integer division.
        if straw < 0 { straw += n } else if straw >= n { straw -= n }
        if straw < 0 || straw >= n { straw = ((straw % n) + n) % n }
        return (straw, (k - x) * pitch)
    }

    /// Signed distance of closest approach (see ``StrawCrossing/distance``) from wire
    /// `straw` of `layer` to the line through `q` along `t`.
    public func signedDistance(layer: Int, straw: Int, position q: Vector3, direction t: Vector3) -> Double {
        let phi = wirePhi(layer: layer, straw: straw)
        if isBarrel(layer: layer) {
            let r = barrelRadii[layer]
            let wx = r * cos(phi) - q.x, wy = r * sin(phi) - q.y
            let tt = (t.x * t.x + t.y * t.y).squareRoot()
            return tt > 0 ? (wx * t.y - wy * t.x) / tt : (wx * wx + wy * wy).squareRoot()
        }
        return Self.radialDistance(wireCos: cos(phi), wireSin: sin(phi), position: q, direction: t)
    }

    /// Radial wire through the beam line at the plane's z, direction (c, s, 0):
    /// (W − Q)·(t × ŵ)/|t × ŵ| with W − Q = (−x, −y, 0) in the plane.
    @inlinable
    public static func radialDistance(wireCos c: Double, wireSin s: Double, position q: Vector3, direction t: Vector3) -> Double {
        let nx = -t.z * s, ny = t.z * c, nz = t.x * s - t.y * c
        let norm = (nx * nx + ny * ny + nz * nz).squareRoot()
        guard norm > 0 else { return 0 }
        return (-q.x * nx - q.y * ny) / norm
    }

    /// The straws of barrel `layer` within `radius` of the trajectory crossing the layer's
    /// cylinder at `q` with direction `t`: the wire nearest in azimuth, and a neighbour when
    /// the track is inclined enough to pass it too (its distance, d₀ ± (∂d/∂δ)·pitch to first
    /// order, decides whether it is computed). The end-cap planes have their own walk
    /// (``appendPlaneCrossings``): this search is the barrel's only, and keeps none of the
    /// end-caps' terms (a radial wire's (t × Q)_z, Q·t_T, 1/r: ≈ 30 instructions per layer).
    @inline(__always)
    func appendBarrelStraws<Sink: StrawSink>(layer: Int, position q: Vector3, direction t: Vector3, path: Double,
                                             cut radius: Double, azimuth walk: inout AzimuthWalk, into sink: inout Sink) {
        let b = barrelLayers[layer]
        let phiQ = walk.azimuth(x: q.x, y: q.y)
        let (k0, delta0) = Self.nearestWire(phi: phiQ, strawCount: b.strawCount, pitch: b.pitch, stagger: b.stagger)
        let n = b.strawCount
        let pitch = b.pitch
        let tt = (t.x * t.x + t.y * t.y).squareRoot()   // |t_T|
        guard tt > 0 else { return }
        // The signed distance to the wire at azimuth φ_Q + δ (δ small: a series, no library call).
        @inline(__always) func distance(_ delta: Double) -> Double {
            let (sd, cd) = sinCos(delta)
            // W − Q = Q (cos δ − 1) + Q⊥ sin δ with Q⊥ = (−y, x).
            let wx = q.x * (cd - 1) - q.y * sd, wy = q.y * (cd - 1) + q.x * sd
            return (wx * t.y - wy * t.x) / tt
        }
        @inline(__always) func add(_ offset: Int, _ d: Double) {
            var straw = k0 + offset
            if straw < 0 { straw += n } else if straw >= n { straw -= n }
            // Q lies on the layer's cylinder: its radius is the layer's (no square root; the
            // sinks read the radius for end-cap hits only).
            sink.add(layer: layer, straw: straw, distance: d, position: q, direction: t, path: path, radius: b.radius)
        }
        let d0 = distance(delta0)
        // ∂d/∂δ = −(Q·t_T)/|t_T|.
        let slope = -(q.x * t.x + q.y * t.y) / tt
        let step = slope * pitch
        let margin = 0.05 + 0.1 * abs(step)
        if abs(d0 - step) < radius + margin {
            let d = distance(delta0 - pitch)
            if abs(d) < radius { add(-1, d) }
        }
        if abs(d0) < radius { add(0, d0) }
        if abs(d0 + step) < radius + margin {
            let d = distance(delta0 + pitch)
            if abs(d) < radius { add(1, d) }
        }
    }

    /// Appends the straws passed by `helix` between its start and path length `maxPath`, in
    /// order of the layers met (barrel by radius, then end-cap planes by |z|).
    ///
    /// Barrel: the crossing of the helix's circle (centre C, radius ρ) with the layer's
    /// circle R is the circle–circle intersection; of the two points, the first reached by a
    /// particle moving outwards lies on the same side of the line O–C as the start (the arc
    /// from the point of closest approach to the farthest point is on one side of that line),
    /// and the turning angle to it (a series, or the last layer's angle plus the small turn
    /// since) gives the path and z (a start moving inwards: the other side, after the closest
    /// approach). Only the outgoing half of each turn is searched: a looper's way back in
    /// leaves no straw hits.
    /// End-caps: the plane crossing z = z_j, then the helix position there.
    ///
    /// `within`: report the wires within this distance instead of the straw radius (a
    /// search road around a predicted track; at most the nearest wire and its neighbours).
    public func appendCrossings(of helix: Helix, maxPath: Double, within: Double? = nil, into out: inout [StrawCrossing]) {
        var sink = CrossingList()
        swap(&sink.list, &out)
        appendCrossings(of: helix, maxPath: maxPath, cut: within ?? response.strawRadiusMM, into: &sink)
        swap(&sink.list, &out)
    }

    /// The simulation's form of ``appendCrossings(of:maxPath:within:into:)``: each straw
    /// passed (within the straw radius) is written as a ``StrawSimHit`` where it is found,
    /// with no ``StrawCrossing`` in between — the hit keeps only the layer, straw, drift
    /// distance, position along the wire and time, so building and re-reading the crossing's
    /// point, direction and path was a third of the straws' cost.
    /// The hit's time is `startTime + path · inverseSpeed`; `particle` its generator particle.
    public func appendHits(of helix: Helix, maxPath: Double, startTime: Double, inverseSpeed: Double, particle: Int32,
                           into hits: inout ScratchList<StrawSimHit>) {
        var sink = StrawHitList(hits: hits, startTime: startTime, inverseSpeed: inverseSpeed, particle: particle,
                                barrelLayerCount: barrelRadii.count)
        appendCrossings(of: helix, maxPath: maxPath, cut: response.strawRadiusMM, into: &sink)
        hits = sink.hits
    }

    func appendCrossings<Sink: StrawSink>(of helix: Helix, maxPath: Double, cut: Double, into out: inout Sink) {
        let p = helix.position, d = helix.direction
        let st = (d.x * d.x + d.y * d.y).squareRoot()
        guard st > 0, maxPath > 0 else { return }
        let r0 = (p.x * p.x + p.y * p.y).squareRoot()
        // A segment that cannot reach the first barrel layer nor the planes' inner radius
        // (most segments: the pixel and strip layers) is done before the helix's farthest
        // point is worked out (the same test as below, with its larger first bound).
        let transverseReach = r0 + maxPath * st
        if transverseReach <= barrelRadii[0] && transverseReach < minimumPlaneRadius { return }
        // No point of the segment lies farther from the beam than r0 + (transverse path), nor
        // than the helix's farthest point d + ρ: a soft looper winding along z inside the
        // end-cap planes' inner radius has a long transverse path but never reaches them
        // (without the second bound each of its planes cost a point on the helix).
        let maxReach = min(transverseReach, helix.maximumRadius * (1 + 1e-9) + 1e-9)
        if maxReach > barrelRadii[0], abs(p.z) <= barrelHalfLengthMM || p.z * d.z < 0 {
            appendBarrelCrossings(helix, st: st, r0: r0, maxPath: maxPath, cut: cut, into: &out)
        }
        if maxReach >= minimumPlaneRadius, d.z != 0 {
            appendPlaneCrossings(helix, st: st, r0: r0, maxPath: maxPath, cut: cut, into: &out)
        }
    }

    /// The end-cap planes ahead of the helix, in order of |z|. Nothing per plane calls the
    /// library or divides more than once:
    /// - The point at each plane is carried from the previous one: the transverse direction
    ///   (cos φ, sin φ) turns by h·s_T·Δs between planes; within a wheel group the planes are
    ///   equally spaced, so that turn is one rotation, worked out once per group and segment
    ///   (a series, never the library's sin and cos, however far the helix has turned).
    /// - The nearest wire is carried as a unit vector ŵ: from one plane to the next the same
    ///   straw index turns by the change of stagger, (f′ − f)·2π/n, and the wire nearest the
    ///   new point is at most a few pitches away, found from Q × ŵ and Q·ŵ and reached by
    ///   rotations by the pitch. Only a segment's first plane takes an atan2 and a sin and cos.
    /// - The signed distance to a radial wire is (W − Q)·(t × ŵ)/|t × ŵ| = t_z (Q × ŵ)_z /
    ///   √(t_z² + (t × ŵ)_z²) — no angle at all — and its slope in the wire's azimuth,
    ///   t_z r/|t × ŵ|, shares the square root.
    /// The wire vector collects a rounding of ≈ 10⁻¹⁶ rad per plane: over 160 planes ≈ 10⁻¹⁴ rad
    /// from `wirePhi`, 10⁻¹¹ mm at the TRT's radii; the carried point ≈ 10⁻¹⁴ of the radius
    /// of curvature (≤ 10⁻⁹ mm).
    func appendPlaneCrossings<Sink: StrawSink>(_ helix: Helix, st: Double, r0: Double, maxPath: Double, cut: Double,
                                               into out: inout Sink) {
        let p = helix.position, d = helix.direction
        let side: Double = d.z > 0 ? 1 : -1
        let z0 = p.z * side   // distance travelled towards the planes is |z| − z0 on this side
        let inverseDZ = 1 / abs(d.z)
        let h = helix.curvature
        let curved = h != 0
        let inverseST = 1 / st, inverseH = curved ? 1 / h : 0
        let ux = d.x * inverseST, uy = d.y * inverseST
        let tz = d.z
        // (cp, sp): the transverse direction at path `sAt`, the plane `previous`'s.
        var cp = ux, sp = uy, sAt = 0.0
        var previous = -2
        // The turn between consecutive planes of `rotationGroup`.
        var rotationGroup = -1, groupCos = 1.0, groupSin = 0.0
        // The nearest wire of plane `wirePlane` (−2: none yet): index and unit vector.
        var wirePlane = -2, straw = 0, wx = 1.0, wy = 0.0
        // This side's layers: 2j (+z) or 2j + 1 (−z) among the end-cap layers.
        let sideOffset = side > 0 ? 0 : 1
        // Plane j's layer is layerBase + 2j (wrapping arithmetic: j < planeZ.count, far from
        // overflow; the checked sum with the array's count was ≈ 14 instructions a plane).
        let layerBase = barrelRadii.count + sideOffset
        var previousGroup = -1
        var j = planeZIndex.countBelow(z0)
        while j < walkPlanes.count {
            let plane = walkPlanes[j]
            let s = (plane.z - z0) * inverseDZ
            if s > maxPath { break }
            if r0 + s * st >= plane.rMin {
                var q: Vector3
                if curved {
                    let g = plane.group
                    if previous == j - 1 && previousGroup == g {
                        if rotationGroup != g {
                            (groupSin, groupCos) = sinCos(h * st * groupSpacing[g] * inverseDZ)
                            rotationGroup = g
                        }
                        (cp, sp) = (cp * groupCos - sp * groupSin, sp * groupCos + cp * groupSin)
                    } else {
                        let (sa, ca) = sinCos(h * st * (s - sAt))
                        (cp, sp) = (cp * ca - sp * sa, sp * ca + cp * sa)
                    }
                    sAt = s
                    previous = j
                    previousGroup = g
                    q = Vector3(p.x + (sp - uy) * inverseH, p.y - (cp - ux) * inverseH, p.z + s * d.z)
                } else {
                    q = Vector3(p.x + d.x * s, p.y + d.y * s, p.z + d.z * s)
                }
                let r2 = q.x * q.x + q.y * q.y
                if r2 >= plane.rMinSquared && r2 <= plane.rMaxSquared {
                    let layer = layerBase &+ 2 &* j
                    let c = walkLayers[2 &* j &+ sideOffset]
                    let n = c.strawCount
                    let pitch = c.pitch
                    // The wire nearest to Q: carried from the last plane with a wire (same
                    // index, turned by the change of stagger), else from the azimuth.
                    if wirePlane == j - 1 && c.sameCountAsPrevious {
                        let ca = c.staggerStepCos, sa = c.staggerStepSin
                        (wx, wy) = (wx * ca - wy * sa, wy * ca + wx * sa)
                    } else if wirePlane >= 0 && strawCount[self.layer(plane: wirePlane, side: side)] == strawCount[layer] {
                        let turn = staggerAngle[layer] - staggerAngle[self.layer(plane: wirePlane, side: side)]
                        let (sa, ca) = sinCos(turn)
                        (wx, wy) = (wx * ca - wy * sa, wy * ca + wx * sa)
                    } else {
                        let (k, delta) = nearestWire(layer: layer, phi: atan2(q.y, q.x))
                        straw = k
                        let (sa, ca) = sinCos(delta)   // the wire at φ_Q + δ
                        let rq = r2.squareRoot()
                        (wx, wy) = ((q.x * ca - q.y * sa) / rq, (q.y * ca + q.x * sa) / rq)
                    }
                    wirePlane = j
                    // Q's azimuth from ŵ, tan δ_Q = (ŵ × Q)/(ŵ · Q); steps to the nearest wire.
                    // Half a pitch either side keeps it (no division for most planes).
                    var cross = wx * q.y - wy * q.x, dot = wx * q.x + wy * q.y
                    if !(dot > 0 && abs(cross) <= dot * c.halfPitchTangent) {
                        let m: Int
                        let ca: Double, sa: Double
                        if dot > 0 && abs(cross) <= dot * c.neighbourEdgeTangent {
                            // Q lies within 1.5 pitches of ŵ, on the side of ŵ × Q: the
                            // neighbour there is the nearest wire (no angle, no division; the
                            // case of 58 % of the planes with a wire at μ = 0, as the stagger
                            // moves the carried index across a sector edge).
                            m = cross > 0 ? 1 : -1
                            ca = c.pitchCos
                            sa = cross > 0 ? c.pitchSin : -c.pitchSin
                            straw += m
                            if straw < 0 { straw += n } else if straw >= n { straw -= n }
                        } else {
                            // The angle from ŵ to Q: atan's series to t⁵ while |t| < 0.1 (error
                            // < t⁷/7 ≈ 10⁻⁸ rad, 10⁻⁶ of a pitch: only a tie can round either
                            // way, and then either wire is the nearest), else atan2.
                            let angle: Double
                            if dot > 0 && abs(cross) < 0.1 * dot {
                                let tq = cross / dot, t2 = tq * tq
                                angle = tq * (1 - t2 * (1.0 / 3 - t2 * (1.0 / 5)))
                            } else {
                                angle = atan2(cross, dot)
                            }
                            // Rounded half away from zero by a truncating conversion (no library
                            // round; |angle/pitch| < 2¹⁵).
                            let x = angle * c.inversePitch
                            m = Int(x + (x < 0 ? -0.5 : 0.5))
                            if m == 1 || m == -1 {
                                ca = c.pitchCos
                                sa = Double(m) * c.pitchSin
                            } else {
                                (sa, ca) = sinCos(Double(m) * pitch)
                            }
                            straw = (straw + m) % n
                            if straw < 0 { straw += n }
                        }
                        (wx, wy) = (wx * ca - wy * sa, wy * ca + wx * sa)
                        cross = wx * q.y - wy * q.x
                        dot = wx * q.x + wy * q.y
                    }
                    let t = curved ? Vector3(cp * st, sp * st, tz) : d
                    let rq = r2.squareRoot()
                    // d = t_z (Q × e)_z / |t × e| for the wire along e, |t × e|² = t_z² + (t × e)_z²;
                    // for ŵ itself (Q × ŵ)_z = −cross, at hand (the same number: products
                    // commute and a − b = −(b − a) exactly in floating point).
                    @inline(__always) func distance(_ ex: Double, _ ey: Double, qCrossE: Double)
                        -> (d: Double, inverseNorm: Double) {
                        let nz = t.x * ey - t.y * ex
                        let norm2 = tz * tz + nz * nz
                        guard norm2 > 0 else { return (0, 0) }
                        let inverseNorm = 1 / norm2.squareRoot()
                        return (tz * qCrossE * inverseNorm, inverseNorm)
                    }
                    @inline(__always) func add(_ offset: Int, _ dd: Double) {
                        var k = straw + offset
                        if k < 0 { k += n } else if k >= n { k -= n }
                        out.add(layer: layer, straw: k, distance: dd, position: q, direction: t, path: s, radius: rq)
                    }
                    let (d0, inverseNorm) = distance(wx, wy, qCrossE: -cross)
                    // ∂d/∂δ = t_z r/|t × ŵ| (at the nearest wire: the neighbours' margin covers
                    // the difference to their own).
                    let step = tz * rq * inverseNorm * pitch
                    let margin = 0.05 + 0.1 * abs(step)
                    let pc = c.pitchCos, ps = c.pitchSin
                    if abs(d0 - step) < cut + margin {
                        let ex = wx * pc + wy * ps, ey = wy * pc - wx * ps   // the wire at −pitch
                        let dd = distance(ex, ey, qCrossE: q.x * ey - q.y * ex).d
                        if abs(dd) < cut { add(-1, dd) }
                    }
                    if abs(d0) < cut { add(0, d0) }
                    if abs(d0 + step) < cut + margin {
                        let ex = wx * pc - wy * ps, ey = wy * pc + wx * ps   // the wire at +pitch
                        let dd = distance(ex, ey, qCrossE: q.x * ey - q.y * ex).d
                        if abs(dd) < cut { add(1, dd) }
                    }
                }
            }
            j += 1
        }
    }

    func appendBarrelCrossings<Sink: StrawSink>(_ helix: Helix, st: Double, r0: Double, maxPath: Double, cut: Double,
                                                into out: inout Sink) {
        let p = helix.position, d = helix.direction
        let ux = d.x / st, uy = d.y / st
        let cotTheta = d.z / st
        let outward = p.x * d.x + p.y * d.y >= 0
        let h = helix.curvature
        var walk = AzimuthWalk()
        if h == 0 {
            var i = barrelRadiusIndex.countBelow(outward ? r0 : abs(p.x * uy - p.y * ux))
            // A line: |p_T + s_T u|² = R², the outgoing root.
            let b = p.x * ux + p.y * uy, c0 = p.x * p.x + p.y * p.y
            while i < barrelRadii.count {
                let radius = barrelRadii[i]
                let sT = -b + (b * b - c0 + radius * radius).squareRoot()
                let s = sT / st
                if s > maxPath { break }
                let q = Vector3(p.x + sT * ux, p.y + sT * uy, p.z + sT * cotTheta)
                if abs(q.z) <= barrelHalfLengthMM {
                    appendBarrelStraws(layer: i, position: q, direction: d, path: s, cut: cut, azimuth: &walk, into: &out)
                } else if q.z * d.z > 0 { break }
                i += 1
            }
            return
        }
        let inverseH = 1 / h
        let cx = p.x - uy * inverseH, cy = p.y + ux * inverseH
        let rho = abs(inverseH)
        let d2 = cx * cx + cy * cy
        let dc = d2.squareRoot()
        guard dc > 0 else { return }
        let inverseD = 1 / dc
        // Side of the start relative to the line O–C (sign of C × P); at the point of
        // closest approach itself (a track from the beam line), the side the direction
        // points to (C × u).
        // A start moving inwards (before its point of closest approach) reaches the layers on
        // the way out, on the other side of O–C, from the closest approach's radius on. At the
        // closest approach itself (a track's perigee: C × P and p·u vanish up to rounding),
        // the side the direction points to.
        let side = cx * p.y - cy * p.x
        let sign: Double
        if abs(side) < 1e-9 * (d2 + r0 * r0) {
            sign = cx * uy - cy * ux > 0 ? 1 : -1
        } else {
            sign = (side > 0) == outward ? 1 : -1
        }
        var i = barrelRadiusIndex.countBelow(outward ? r0 : abs(dc - rho))
        let sense: Double = h > 0 ? 1 : -1
        let r0x = p.x - cx, r0y = p.y - cy
        // The radius vector Q − C and turning angle of the last layer crossed: the next
        // layer's angle is that one plus the small turn between them (atan's series).
        var carried = false, lastX = 0.0, lastY = 0.0, lastAlpha = 0.0
        while i < barrelRadii.count {
            let radius = barrelRadii[i]
            let a = (radius * radius - rho * rho + d2) * 0.5 * inverseD
            let hh2 = radius * radius - a * a
            if hh2 < 0 { break }   // beyond the farthest point of the circle
            let hh = hh2.squareRoot()
            // Q = C·a/|C| ± C⊥·hh/|C|, C⊥ = (−cy, cx): the + point has C × Q = hh·|C| > 0.
            let qx = (a * cx - sign * hh * cy) * inverseD, qy = (a * cy + sign * hh * cx) * inverseD
            let r1x = qx - cx, r1y = qy - cy
            // Turning angle from the start: on the outgoing arc it is below π, and for a stiff
            // track small enough for the series of 2 asin(chord/2ρ) (to c⁹: error < 10⁻¹² there).
            // Otherwise the last layer's angle plus the turn from its point to this one, which
            // grows layer by layer on the outgoing arc (atan's series while below 0.1 rad: the
            // soft tracks' 7 mm from layer to layer; ≈ 10⁻¹⁶ rad of rounding per layer, 10⁻¹¹ mm
            // over the 73 layers), else one atan2 from the start.
            var alpha: Double
            let chord2 = (qx - p.x) * (qx - p.x) + (qy - p.y) * (qy - p.y)
            let c = 0.5 * chord2.squareRoot() / rho
            let turnCross = sense * (lastX * r1y - lastY * r1x), turnDot = lastX * r1x + lastY * r1y
            if outward && c < 0.05 {
                let c2 = c * c
                alpha = 2 * c * (1 + c2 * (1.0 / 6 + c2 * (3.0 / 40 + c2 * (5.0 / 112 + c2 * 35.0 / 1_152))))
            } else if carried && turnDot > 0 && abs(turnCross) < 0.1 * turnDot {
                alpha = lastAlpha + atanSeries(turnCross / turnDot)
            } else {
                alpha = atan2(sense * (r0x * r1y - r0y * r1x), r0x * r1x + r0y * r1y)
                if alpha < 0 { alpha += 2 * Double.pi }
            }
            (carried, lastX, lastY, lastAlpha) = (true, r1x, r1y, alpha)
            let sT = alpha * rho
            let s = sT / st
            if s > maxPath { break }
            let z = p.z + sT * cotTheta
            if abs(z) <= barrelHalfLengthMM {
                // Direction: perpendicular to Q − C in the turning sense, |Q − C| = ρ.
                let t = Vector3(-h * r1y * st, h * r1x * st, d.z)
                appendBarrelStraws(layer: i, position: Vector3(qx, qy, z), direction: t, path: s, cut: cut,
                                   azimuth: &walk, into: &out)
            } else if z * d.z > 0 { break }
            i += 1
        }
    }
}
