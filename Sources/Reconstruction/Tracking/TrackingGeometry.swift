import Foundation
import EventModel
import Detector

/// A tracker surface reduced to what the fit reads in its inner loops (plain numbers: no
/// names or reference-counted storage to copy per step).
struct TrackingSurface: Sendable {
    var index: Int
    var isBarrel: Bool
    /// Radius of a barrel cylinder, signed z of a disc, mm.
    var radiusOrZ: Double
    var halfLengthMM: Double
    var rMinMM: Double
    var rMaxMM: Double
    var thicknessX0: Double
    var isActive: Bool
    var isPixel: Bool
    /// Read-out sides: 1 (pixel, single-sided strip), 2 (axial + stereo strips), 0 (passive).
    var sides: Int

    init(_ s: TrackerSurface) {
        index = s.index
        isBarrel = s.isBarrel
        switch s.shape {
        case let .cylinder(r, hl): radiusOrZ = r; halfLengthMM = hl; rMinMM = 0; rMaxMM = r
        case let .disc(z, rMin, rMax): radiusOrZ = z; halfLengthMM = 0; rMinMM = rMin; rMaxMM = rMax
        }
        thicknessX0 = s.thicknessX0
        isActive = s.technology != .passive
        isPixel = s.technology == .pixel
        sides = !isActive ? 0 : (s.technology == .strip && s.readout.stereoAngleMrad != 0 ? 2 : 1)
    }
}

/// The tracker as the track fit navigates it: surfaces, barrel layers by radius and discs
/// by z, and the next surface a helix meets outwards (or inwards, for the reversed helix).
/// Tracks above the seed pT cut do not curl back inside the tracker (2R > envelope radius
/// at 0.8 GeV), so r grows monotonically outwards and the search is ordered.
struct TrackingGeometry: Sendable {
    let surfaces: [TrackingSurface]
    /// Barrel indices by increasing radius, disc indices by increasing z.
    let barrel: [Int]
    let discs: [Int]
    /// Their radii and z, in the same order (``next(_:inward:)`` bisects them).
    let barrelRadii: [Double]
    let discZ: [Double]
    let maxActiveRadius: Double

    init(_ detector: Detector) {
        let all = detector.trackerSurfaces.map(TrackingSurface.init)
        surfaces = all
        let barrelSorted = all.filter(\.isBarrel).sorted { $0.radiusOrZ < $1.radiusOrZ }
        let discsSorted = all.filter { !$0.isBarrel }.sorted { $0.radiusOrZ < $1.radiusOrZ }
        barrel = barrelSorted.map(\.index)
        discs = discsSorted.map(\.index)
        barrelRadii = barrelSorted.map(\.radiusOrZ)
        discZ = discsSorted.map(\.radiusOrZ)
        maxActiveRadius = all.filter(\.isActive).map { $0.isBarrel ? $0.radiusOrZ : $0.rMaxMM }.max() ?? 0
    }

    /// The number of leading elements of the ascending `values` that are ≤ `limit` (the
    /// first index whose value exceeds it).
    @inline(__always) static func countAtMost(_ limit: Double, in values: [Double]) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] <= limit { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The number of leading elements of the ascending `values` that are < `limit`.
    @inline(__always) static func countBelow(_ limit: Double, in values: [Double]) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] < limit { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// An upper bound on the clusters the inward pass of the fit can add to a candidate whose
    /// innermost cluster is at (r, z) on surface `own`: it runs from there to the beam line with
    /// r falling, taking at most one cluster per sensor side, only on surfaces crossed at a
    /// smaller radius — barrel layers inside r, and discs reaching inside r that lie between z
    /// and the collision region (|z| ≤ `zRangeMM`). 10 mm margins cover the fitted point's
    /// distance from the measured one on a disc.
    func maxClustersInside(r: Double, z: Double, own: Int, zRangeMM: Double) -> Int {
        var n = 0
        for s in surfaces where s.isActive && s.index != own {
            if s.isBarrel {
                if s.radiusOrZ < r + 1 { n += s.sides }
            } else if s.rMinMM < r + 10 {
                let zd = s.radiusOrZ
                let between = (zd * z > 0 && abs(zd) < abs(z) + 10) || abs(zd) <= zRangeMM + 10
                if between { n += s.sides }
            }
        }
        return n
    }

    /// The next surface along `helix` (whose start is at radius r0, z0), with the path to it.
    /// `inward`: the helix is the reversed one and r decreases.
    func next(_ helix: Helix, inward: Bool) -> (surface: Int, path: Double)? {
        let r0 = helix.position.perp, z0 = helix.position.z
        var best = Double.infinity, bestIndex = -1
        let count = barrel.count
        // The layers on the wrong side of r0 are skipped by bisection: outwards those with
        // r ≤ r0 + 1e-6 (a prefix of the ascending radii), inwards those with r ≥ r0 − 1e-6 (a suffix).
        let skipped = inward ? count - Self.countBelow(r0 - 1e-6, in: barrelRadii) : Self.countAtMost(r0 + 1e-6, in: barrelRadii)
        // |cot θ|: the helix moves |z − z0| = s_T |cot θ| over a transverse arc s_T, and the
        // arc is at least the chord, at least |r − r0|. So a layer where even that puts z beyond
        // its half-length (+ 1 mm for rounding) is missed, and is skipped without the crossing
        // (the forward tracks' steps tried every barrel layer outside them: ≈ 1 300
        // instructions per call at μ = 40).
        let transverse = (helix.direction.x * helix.direction.x + helix.direction.y * helix.direction.y).squareRoot()
        let absCot = abs(helix.direction.z) / transverse
        for k in skipped..<count {
            let s = surfaces[barrel[inward ? count - 1 - k : k]]
            let zNearest = helix.direction.z > 0 ? z0 + abs(s.radiusOrZ - r0) * absCot : z0 - abs(s.radiusOrZ - r0) * absCot
            if helix.direction.z != 0 && transverse > 0 && abs(zNearest) > s.halfLengthMM + 1
                && (zNearest > 0) == (helix.direction.z > 0) { continue }
            guard let path = helix.pathToCylinder(radius: s.radiusOrZ) else {
                if inward { break } else { continue }
            }
            if path >= best { break }
            let z = helix.position.z + path * helix.direction.z
            if abs(z) <= s.halfLengthMM { best = path; bestIndex = s.index; break }
        }
        let dz = helix.direction.z
        if dz != 0 {
            let n = discs.count
            // Likewise the discs behind z0: z ≤ z0 + 1e-9 going to +z, z ≥ z0 − 1e-9 going to −z.
            let skipped = dz > 0 ? Self.countAtMost(z0 + 1e-9, in: discZ) : n - Self.countBelow(z0 - 1e-9, in: discZ)
            for k in skipped..<n {
                let s = surfaces[discs[dz > 0 ? k : n - 1 - k]]
                let path = (s.radiusOrZ - z0) / dz
                if path >= best { break }
                // As for the layers: r moves by at most the transverse arc, path · sin θ; a disc
                // out of that reach (+ 1 mm) is missed, without the helix's point there.
                let reach = path * transverse
                if r0 + reach < s.rMinMM - 1 || r0 - reach > s.rMaxMM + 1 { continue }
                let r = helix.point(at: path).position.perp
                if r >= s.rMinMM && r <= s.rMaxMM { best = path; bestIndex = s.index; break }
            }
        }
        return bestIndex >= 0 ? (bestIndex, best) : nil
    }
}
