import Foundation
import EventModel
import Detector
import Digitization

/// The read-out frame of one side of a tracker surface, as the digitization defines it
/// (Sources/Digitization/Digitization+Tracker.swift, `SensorFrame`): u = r_ref·φ with φ in
/// [0, 2π) (r_ref the layer radius, or the mid radius of a disc), v = z on a barrel layer and
/// r on a disc; the stereo side measures u cos α − (v − v_row) sin α, v_row the centre of the
/// strip row; channel numbers wrap with period `channels × pitch`.
struct MeasurementFrame: Sendable {
    var referenceRadius: Double
    var uPeriod: Double
    var stereoPeriod: Double
    var cosStereo: Double
    var sinStereo: Double
    var isStereo: Bool
    var pitchVMM: Double
    var isPixel: Bool

    init(surface: TrackerSurface, side: Int) {
        let r = surface.readout
        switch surface.shape {
        case let .cylinder(radius, _): referenceRadius = radius
        case let .disc(_, rMin, rMax): referenceRadius = 0.5 * (rMin + rMax)
        }
        let pitchU = max(r.pitchUUM * 1e-3, 1e-6)
        let channels = max(1.0, (2 * Double.pi * referenceRadius / pitchU).rounded(.up))
        uPeriod = 2 * Double.pi * referenceRadius
        stereoPeriod = channels * pitchU
        let alpha = side == 1 ? r.stereoAngleMrad * 1e-3 : 0
        isStereo = alpha != 0
        cosStereo = cos(alpha)
        sinStereo = sin(alpha)
        pitchVMM = r.pitchVUM * 1e-3
        isPixel = surface.technology == .pixel
    }

    /// u of a point with azimuth φ_pos (any range).
    @inline(__always) func u(phiPosition: Double) -> Double {
        var phi = phiPosition
        if phi < 0 { phi += 2 * Double.pi }
        return referenceRadius * phi
    }
}

@inline(__always) func wrapPeriodic(_ x: Double, period: Double) -> Double {
    var r = x
    if r > period / 2 || r <= -period / 2 { r -= period * (r / period).rounded() }
    return r
}

/// One Kalman measurement update with a scalar measurement m = h1·loc1 + h2·loc2 (+ const):
/// returns the χ² increment, or nil when the innovation variance is not positive and finite
/// (a singular or broken covariance: the caller drops the track and counts it).
@inline(__always)
func kalmanUpdate(_ par: inout SurfaceParameters, _ cov: inout Matrix5, h1: Double, h2: Double,
                  residual r: Double, variance v: Double) -> Double? {
    var k = InlineArray<5, Double>(repeating: 0)
    for i in 0..<5 { k[i] = cov[i, 0] * h1 + cov[i, 1] * h2 }
    let s = h1 * k[0] + h2 * k[1] + v
    guard s > 0, s.isFinite else { return nil }
    let inv = 1 / s
    for i in 0..<5 { par.p[i] += k[i] * inv * r }
    for i in 0..<5 {
        for j in 0..<5 { cov[i, j] -= k[i] * k[j] * inv }
    }
    for i in 0..<5 where !(cov[i, i] > 0) { return nil }
    return r * r * inv
}

/// What the χ² of a cluster against a prediction reads (``EventClusters/chi2(_:frame:_:_:absCotTheta:)``),
/// copied together: the following's window scans read these in u order, one after another,
/// instead of a cluster record (88 bytes) and three error arrays at scattered indices (the
/// loads of the cluster were a third of the scan's samples at μ = 40, perf).
struct ClusterMeasurement: Sendable {
    var localU: Double
    var localV: Double
    /// ``EventClusters/sigmaU`` and ``EventClusters/sigmaV``.
    var sigmaU: Double
    var sigmaV: Double
    var sizeV: UInt16
    var isBarrelPixel: Bool
    var index: Int32
}

/// The clusters of one event, arranged for the fit: per (surface, side), cluster indices
/// sorted by the measured coordinate u, and each surface's frame.
struct EventClusters: Sendable {
    let clusters: [TrackerCluster]
    /// frames[surface][side]
    let frames: [[MeasurementFrame]]
    /// sortedMeasurements[surface * 2 + side]: the clusters' measurements by localU.
    let sortedMeasurements: [[ClusterMeasurement]]
    /// Clusters pointing to no existing surface, or with non-finite coordinates.
    let badClusters: Int
    /// Errors used in the fit (``ClusterErrorModel``), mm; for barrel pixels σ_v is the
    /// digitization's and is scaled on the track by its incidence (``sigmaVOnTrack``).
    let sigmaU: [Double]
    let sigmaV: [Double]
    let isBarrelPixel: [Bool]

    init(_ clusters: [TrackerCluster], detector: Detector) {
        self.clusters = clusters
        let n = detector.trackerSurfaces.count
        frames = detector.trackerSurfaces.map { s in [MeasurementFrame(surface: s, side: 0), MeasurementFrame(surface: s, side: 1)] }
        var su = [Double](repeating: 1, count: clusters.count), sv = su
        var barrelPixel = [Bool](repeating: false, count: clusters.count)
        // Per surface once: a TrackerSurface copy per cluster would retain and release its name.
        let technology = detector.trackerSurfaces.map(\.technology)
        let isBarrel = detector.trackerSurfaces.map(\.isBarrel)
        // The per-cluster loops write through buffer pointers (an array write checks the
        // array's uniqueness: ≈ 100 000 checks per μ = 40 event here).
        su.withUnsafeMutableBufferPointer { su in
        sv.withUnsafeMutableBufferPointer { sv in
        barrelPixel.withUnsafeMutableBufferPointer { barrelPixel in
            for (i, c) in clusters.enumerated() where c.surface >= 0 && Int(c.surface) < n {
                let s = Int(c.surface)
                let e = ClusterErrorModel.scale(c, technology: technology[s], isBarrel: isBarrel[s])
                su[i] = max(c.sigmaU * e.u, 0.004)
                sv[i] = max(c.sigmaV * e.v, 0.004)
                barrelPixel[i] = technology[s] == .pixel && isBarrel[s]
            }
        }
        }
        }
        sigmaU = su
        sigmaV = sv
        isBarrelPixel = barrelPixel
        // (u, index) pairs sorted by u: the comparisons read the pairs, not the clusters (the
        // same comparisons in the same order as sorting indices by their clusters' u, so the
        // same order). One flat array, by (surface, side) in index order (a counting sort),
        // each key's segment then sorted in place by the standard library's stable sort: the
        // same order as one growing array per key (whose appends cost 15 % of this
        // initialiser).
        let passive = detector.trackerSurfaces.map { $0.technology == .passive }
        var keys = [Int32](repeating: -1, count: clusters.count)
        var start = [Int](repeating: 0, count: 2 * n + 1)
        var bad = 0
        keys.withUnsafeMutableBufferPointer { keys in
        start.withUnsafeMutableBufferPointer { start in
            for (i, c) in clusters.enumerated() {
                let s = Int(c.surface)
                guard s >= 0, s < n, c.side < 2, !passive[s],
                      c.localU.isFinite, c.localV.isFinite, c.sigmaU > 0, c.sigmaV > 0,
                      c.sigmaU.isFinite, c.sigmaV.isFinite else { bad += 1; continue }
                let k = s * 2 + Int(c.side)
                keys[i] = Int32(k)
                start[k + 1] += 1
            }
            for k in 0..<(2 * n) { start[k + 1] += start[k] }
        }
        }
        badClusters = bad
        var pairs = [(u: Double, index: Int32)](repeating: (0, 0), count: start[2 * n])
        var cursor = start
        pairs.withUnsafeMutableBufferPointer { pairs in
        cursor.withUnsafeMutableBufferPointer { cursor in
            for (i, c) in clusters.enumerated() where keys[i] >= 0 {
                let k = Int(keys[i])
                pairs[cursor[k]] = (c.localU, Int32(i))
                cursor[k] += 1
            }
        }
        }
        // Filled through buffer pointers: a map over the pairs checked bounds on four arrays
        // per cluster (≈ 2.5 M instructions per μ = 40 event).
        sortedMeasurements = pairs.withUnsafeMutableBufferPointer { pairs in
        clusters.withUnsafeBufferPointer { cs in
        su.withUnsafeBufferPointer { su in
        sv.withUnsafeBufferPointer { sv in
        barrelPixel.withUnsafeBufferPointer { barrelPixel in
            (0..<(2 * n)).map { k in
                var segment = UnsafeMutableBufferPointer(rebasing: pairs[start[k]..<start[k + 1]])
                segment.sort { $0.u < $1.u }
                return [ClusterMeasurement](unsafeUninitializedCapacity: segment.count) { out, count in
                    for (j, entry) in segment.enumerated() {
                        let i = Int(entry.index)
                        out.initializeElement(at: j, to: ClusterMeasurement(
                            localU: cs[i].localU, localV: cs[i].localV, sigmaU: su[i], sigmaV: sv[i], sizeV: cs[i].sizeV,
                            isBarrelPixel: barrelPixel[i], index: entry.index))
                    }
                    count = segment.count
                }
            }
        }
        }
        }
        }
        }
    }

    /// The measurements of cluster `index` (as ``sortedMeasurements`` holds them).
    func measurement(_ index: Int32) -> ClusterMeasurement {
        let i = Int(index), c = clusters[i]
        return ClusterMeasurement(localU: c.localU, localV: c.localV, sigmaU: sigmaU[i], sigmaV: sigmaV[i], sizeV: c.sizeV,
                                  isBarrelPixel: isBarrelPixel[i], index: index)
    }

    /// σ_v of a cluster for a track crossing with polar angle θ.
    @inline(__always) func sigmaVOnTrack(_ index: Int32, theta: Double) -> Double {
        let i = Int(index)
        guard isBarrelPixel[i] else { return sigmaV[i] }
        return sigmaVOnTrack(index, absCotTheta: Self.absCot(theta))
    }

    /// |cot θ| as ``sigmaVOnTrack(_:theta:)`` takes it, for a caller testing many clusters
    /// against one prediction.
    @inline(__always) static func absCot(_ theta: Double) -> Double {
        let (s, c) = exactSinCos(theta)
        return abs(c / max(s, 1e-6))
    }

    /// σ_v of a cluster for a track crossing with |cot θ| = `absCotTheta`.
    @inline(__always) func sigmaVOnTrack(_ index: Int32, absCotTheta cot: Double) -> Double {
        let i = Int(index)
        guard isBarrelPixel[i] else { return sigmaV[i] }
        return max(sigmaV[i] * ClusterErrorModel.barrelPixelV(sizeV: clusters[i].sizeV, cotTheta: cot), 0.004)
    }

    /// The same from the cluster's measurements.
    @inline(__always) static func sigmaVOnTrack(_ m: ClusterMeasurement, absCotTheta cot: Double) -> Double {
        guard m.isBarrelPixel else { return m.sigmaV }
        return max(m.sigmaV * ClusterErrorModel.barrelPixelV(sizeV: m.sizeV, cotTheta: cot), 0.004)
    }

    /// Positions in the sorted lists of (surface, side) `key` with localU within [lo, hi],
    /// wrapping around `period`: [lo, hi], then [lo, hi] + period if lo < 0, then
    /// [lo, hi] − period if hi > period (empty ranges where nothing lies).
    @inline(__always)
    func candidateRanges(key: Int, lo: Double, hi: Double, period: Double) -> InlineArray<3, Range<Int>> {
        var out = InlineArray<3, Range<Int>>(repeating: 0..<0)
        sortedMeasurements[key].withUnsafeBufferPointer { ms in
            guard !ms.isEmpty else { return }
            func range(_ a: Double, _ b: Double) -> Range<Int> {
                var lower = 0, upper = ms.count
                while lower < upper {
                    let mid = (lower + upper) / 2
                    if ms[mid].localU < a { lower = mid + 1 } else { upper = mid }
                }
                var i = lower
                while i < ms.count && ms[i].localU <= b { i += 1 }
                return lower..<i
            }
            out[0] = range(lo, hi)
            if lo < 0 { out[1] = range(lo + period, hi + period) }
            if hi > period { out[2] = range(lo - period, hi - period) }
        }
        return out
    }

    /// The cluster on (surface, side) with localU within [lo, hi] (wrapping around `period`)
    /// of least χ² below `cut` against the prediction, and that χ²; the first in
    /// ``candidateRanges(key:lo:hi:period:)``'s order among equals.
    func best(surface: Int, side: Int, lo: Double, hi: Double, period: Double, frame f: MeasurementFrame,
              _ par: SurfaceParameters, _ cov: Matrix5, absCotTheta: Double, cut: Double) -> (Int32, Double)? {
        let key = surface * 2 + side
        let ranges = candidateRanges(key: key, lo: lo, hi: hi, period: period)
        var best: (Int32, Double)?
        sortedMeasurements[key].withUnsafeBufferPointer { ms in
            for r in 0..<3 {
                for i in ranges[r] {
                    let chi2 = Self.chi2(ms[i], frame: f, par, cov, absCotTheta: absCotTheta)
                    if chi2 < cut && chi2 < (best?.1 ?? .infinity) { best = (ms[i].index, chi2) }
                }
            }
        }
        return best
    }

    /// Residual, measurement row (h1 on loc1, h2 on loc2) and variance of cluster `c`'s
    /// measured coordinate u (pixel or strip) against parameters on its surface.
    @inline(__always)
    func uMeasurement(_ index: Int32, frame f: MeasurementFrame, _ par: SurfaceParameters)
        -> (residual: Double, h1: Double, h2: Double, variance: Double) {
        Self.uMeasurement(measurement(index), frame: f, par)
    }

    /// The same from the cluster's measurements.
    @inline(__always)
    static func uMeasurement(_ c: ClusterMeasurement, frame f: MeasurementFrame, _ par: SurfaceParameters)
        -> (residual: Double, h1: Double, h2: Double, variance: Double) {
        let su = c.sigmaU
        let u = f.u(phiPosition: par.p[0])
        if f.isStereo {
            let predicted = u * f.cosStereo - (par.p[1] - c.localV) * f.sinStereo
            return (wrapPeriodic(c.localU - predicted, period: f.stereoPeriod), f.referenceRadius * f.cosStereo,
                    -f.sinStereo, su * su)
        }
        return (wrapPeriodic(c.localU - u, period: f.uPeriod), f.referenceRadius, 0, su * su)
    }

    /// χ² of a pixel cluster (2D) or a strip cluster (1D) against predicted parameters.
    func chi2(_ index: Int32, _ par: SurfaceParameters, _ cov: Matrix5) -> Double {
        let c = clusters[Int(index)]
        return Self.chi2(measurement(index), frame: frames[Int(c.surface)][Int(c.side)], par, cov,
                         absCotTheta: Self.absCot(par.p[3]))
    }

    /// The same from the cluster's measurements, with its frame and the prediction's |cot θ|
    /// from the caller (one prediction is tested against every cluster in its window).
    @inline(__always)
    static func chi2(_ c: ClusterMeasurement, frame f: MeasurementFrame, _ par: SurfaceParameters, _ cov: Matrix5,
                     absCotTheta: Double) -> Double {
        let m = uMeasurement(c, frame: f, par)
        var k0 = 0.0, k1 = 0.0
        k0 = cov[0, 0] * m.h1 + cov[0, 1] * m.h2
        k1 = cov[1, 0] * m.h1 + cov[1, 1] * m.h2
        let s11 = m.h1 * k0 + m.h2 * k1 + m.variance
        guard f.isPixel else { return m.residual * m.residual / s11 }
        let rv = c.localV - par.p[1]
        let s12 = k1            // H_v P H_uᵀ with H_v = (0, 1)
        let sv = sigmaVOnTrack(c, absCotTheta: absCotTheta)
        let s22 = cov[1, 1] + sv * sv
        let det = s11 * s22 - s12 * s12
        guard det > 0 else { return .infinity }
        return (m.residual * m.residual * s22 - 2 * m.residual * rv * s12 + rv * rv * s11) / det
    }

    /// Kalman update with a cluster (pixel: u then v, equivalent to the 2D update since the
    /// two errors are independent). Returns the χ² increment or nil on a singular step.
    func update(_ par: inout SurfaceParameters, _ cov: inout Matrix5, with index: Int32) -> Double? {
        let c = clusters[Int(index)]
        let f = frames[Int(c.surface)][Int(c.side)]
        let m = uMeasurement(index, frame: f, par)
        let sv = sigmaVOnTrack(index, theta: par.p[3])
        guard var chi2 = kalmanUpdate(&par, &cov, h1: m.h1, h2: m.h2, residual: m.residual, variance: m.variance) else { return nil }
        if f.isPixel {
            guard let c2 = kalmanUpdate(&par, &cov, h1: 0, h2: 1, residual: c.localV - par.p[1],
                                        variance: sv * sv) else { return nil }
            chi2 += c2
        }
        return chi2
    }
}

/// Cluster errors for the fit: the digitization's pitch/√12 (× 0.6 for multi-channel
/// clusters) scaled by factors measured on this detector — residuals of clusters to the true
/// helix of 2 TeV muons (multiple scattering below 1 µm), |η| < 2.5, per technology, region,
/// side, coordinate and cluster size, core r.m.s. of (cluster − truth)/σ over ≈ 1 000–5 000
/// clusters each (TrackingFitTests.testClusterErrorModelMatchesResiduals repeats the study
/// on a small sample). Charge sharing makes multi-row pixel clusters far better than the
/// binary error along z (the charge centroid interpolates); strips reach ≈ 0.7–0.9 of
/// pitch/√12. ATLAS tunes its cluster errors the same way, per size and incidence, from
/// residuals.
enum ClusterErrorModel {
    static func scale(_ c: TrackerCluster, on s: TrackerSurface) -> (u: Double, v: Double) {
        scale(c, technology: s.technology, isBarrel: s.isBarrel)
    }

    static func scale(_ c: TrackerCluster, technology: DetectorCard.Technology, isBarrel: Bool) -> (u: Double, v: Double) {
        let single = c.sizeU <= 1
        switch (technology, isBarrel) {
        case (.pixel, true):
            return (single ? 0.586 : 0.775, 1)   // v: barrelPixelV, with the track's angle
        case (.pixel, false):
            return (single ? 0.576 : 0.717, c.sizeV <= 1 ? 0.838 : 1.106)
        case (.strip, true):
            return (c.side == 0 ? (single ? 0.764 : 0.902) : (single ? 0.678 : 0.756), 1)
        case (.strip, false):
            return (c.side == 0 ? (single ? 0.783 : 0.900) : (single ? 0.741 : 0.798), 1)
        default:
            return (1, 1)
        }
    }

    /// Barrel pixels along z: the footprint of the charge along z grows with |cot θ|
    /// (thickness × cot θ), and with it the interpolation of the centroid; factors per
    /// |cot θ| range and rows (same 2 TeV muon study).
    static func barrelPixelV(sizeV: UInt16, cotTheta c: Double) -> Double {
        if c < 0.5 { return sizeV <= 1 ? 0.82 : 1.05 }
        if c < 1.2 { return sizeV <= 1 ? 0.52 : 0.54 }
        if c < 2.5 { return sizeV <= 1 ? 0.22 : sizeV == 2 ? 0.26 : 0.20 }
        switch sizeV { case 0, 1, 2: return 0.28; case 3: return 0.16; case 4: return 0.12; default: return 0.087 }
    }
}
