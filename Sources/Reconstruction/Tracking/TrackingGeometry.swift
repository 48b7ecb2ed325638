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
    let maxActiveRadius: Double

    init(_ detector: Detector) {
        surfaces = detector.trackerSurfaces.map(TrackingSurface.init)
        barrel = surfaces.filter(\.isBarrel).sorted { $0.radiusOrZ < $1.radiusOrZ }.map(\.index)
        discs = surfaces.filter { !$0.isBarrel }.sorted { $0.radiusOrZ < $1.radiusOrZ }.map(\.index)
        maxActiveRadius = surfaces.filter(\.isActive).map { $0.isBarrel ? $0.radiusOrZ : $0.rMaxMM }.max() ?? 0
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
        for k in 0..<count {
            let s = surfaces[barrel[inward ? count - 1 - k : k]]
            if inward ? s.radiusOrZ >= r0 - 1e-6 : s.radiusOrZ <= r0 + 1e-6 { continue }
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
            for k in 0..<n {
                let s = surfaces[discs[dz > 0 ? k : n - 1 - k]]
                if dz > 0 ? s.radiusOrZ <= z0 + 1e-9 : s.radiusOrZ >= z0 - 1e-9 { continue }
                let path = (s.radiusOrZ - z0) / dz
                if path >= best { break }
                let r = helix.point(at: path).position.perp
                if r >= s.rMinMM && r <= s.rMaxMM { best = path; bestIndex = s.index; break }
            }
        }
        return bestIndex >= 0 ? (bestIndex, best) : nil
    }
}
