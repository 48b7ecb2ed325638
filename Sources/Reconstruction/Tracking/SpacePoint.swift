import Foundation
import EventModel
import Detector
import Digitization

/// A 3D point for seeding: a pixel cluster, or an axial + stereo strip pair on one surface
/// and strip row.
struct SpacePoint: Sendable {
    var x: Double
    var y: Double
    var z: Double
    var r: Double
    var phi: Double
    /// Variance along z (barrel surfaces) and along r (discs), mm².
    var varianceZ: Double
    var varianceR: Double
    /// Variance across the radius (r φ), mm²: the axial (or pixel) cluster's σ_u at the
    /// point's radius. Single precision: only the seed confirmation's tolerance uses it, and
    /// the point stays 72 bytes (the seeding's inner loops read every point in a window).
    var varianceRPhi: Float
    var surface: Int32
    var cluster0: Int32
    /// The stereo cluster of a strip pair; −1 for a pixel point.
    var cluster1: Int32
    var isPixel: Bool { cluster1 < 0 }
}

extension SpacePoint {
    /// Space points of an event.
    ///
    /// Strip pairs: on the stereo side the measured coordinate is x = u cos α − (v − v_row) sin α,
    /// on the axial side u, so v − v_row = (u cos α − x) / sin α, which must lie within the
    /// row (|v − v_row| ≤ pitch_v / 2, plus three standard deviations). The variance along
    /// v is (σ_u² cos²α + σ_x²) / sin²α (≈ 0.8 mm for 80 µm strips at 40 mrad).
    static func build(_ ec: EventClusters, detector: Detector) -> [SpacePoint] {
        var out: [SpacePoint] = []
        out.reserveCapacity(ec.clusters.count)
        for s in detector.trackerSurfaces {
            switch s.technology {
            case .passive: continue
            case .pixel:
                for i in ec.sortedMeasurements[s.index * 2].lazy.map(\.index) {
                    let c = ec.clusters[Int(i)]
                    let p = c.position
                    // The direction from the beam line stands in for the track's θ, which only
                    // the barrel's σ_v depends on (an atan2 saved per disc point).
                    let sv = s.isBarrel ? ec.sigmaVOnTrack(i, theta: atan2(p.perp, p.z)) : ec.sigmaV[Int(i)]
                    let vv = sv * sv
                    let su = ec.sigmaU[Int(i)] * p.perp / ec.frames[s.index][0].referenceRadius
                    out.append(SpacePoint(x: p.x, y: p.y, z: p.z, r: p.perp, phi: atan2(p.y, p.x),
                                          varianceZ: s.isBarrel ? vv : 0, varianceR: s.isBarrel ? 0 : vv,
                                          varianceRPhi: Float(su * su), surface: Int32(s.index), cluster0: i, cluster1: -1))
                }
            case .strip:
                let axial = ec.frames[s.index][0], stereo = ec.frames[s.index][1]
                guard stereo.isStereo else { continue }
                let sinA = stereo.sinStereo, cosA = stereo.cosStereo
                // The stereo candidates are read from the measurement lists in place (no
                // candidate list to empty per axial cluster, no cluster record at a scattered
                // index), in ``EventClusters/candidateRanges(key:lo:hi:period:)``'s order.
                let stereoKey = s.index * 2 + 1
                ec.sortedMeasurements[stereoKey].withUnsafeBufferPointer { stereoClusters in
                for a in ec.sortedMeasurements[s.index * 2] {
                    let i = a.index
                    let sa = a.sigmaU
                    let maxOffset = stereo.pitchVMM / 2 * sinA + 3 * sa + 0.1
                    let centre = a.localU * cosA
                    let ranges = ec.candidateRanges(key: stereoKey, lo: centre - maxOffset, hi: centre + maxOffset,
                                                    period: stereo.stereoPeriod)
                    for r in 0..<3 { for k in ranges[r] {
                        let b = stereoClusters[k]
                        let j = b.index
                        guard abs(b.localV - a.localV) < 1e-6 else { continue }
                        let d = wrapPeriodic(centre - b.localU, period: stereo.stereoPeriod)
                        let sb = b.sigmaU
                        let sigmaV2 = (sa * sa * cosA * cosA + sb * sb) / (sinA * sinA)
                        let dv = d / sinA
                        guard abs(dv) <= stereo.pitchVMM / 2 + 3 * sigmaV2.squareRoot() else { continue }
                        let v = a.localV + dv
                        let phi = a.localU / axial.referenceRadius
                        let (sinPhi, cosPhi) = exactSinCos(phi)
                        let p: Vector3
                        switch s.shape {
                        case let .cylinder(radius, _): p = Vector3(radius * cosPhi, radius * sinPhi, v)
                        case let .disc(z, _, _): p = Vector3(v * cosPhi, v * sinPhi, z)
                        }
                        let su = sa * p.perp / axial.referenceRadius
                        out.append(SpacePoint(x: p.x, y: p.y, z: p.z, r: p.perp, phi: atan2(p.y, p.x),
                                              varianceZ: s.isBarrel ? sigmaV2 : 0, varianceR: s.isBarrel ? 0 : sigmaV2,
                                              varianceRPhi: Float(su * su), surface: Int32(s.index), cluster0: i, cluster1: j))
                    } }
                }
                }
            }
        }
        return out
    }
}
