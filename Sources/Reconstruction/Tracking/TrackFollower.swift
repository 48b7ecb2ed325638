import Foundation
import EventModel
import Detector
import Digitization

/// A surface crossed by a candidate, with the clusters taken there and the holes left.
struct CandidateStep: Sendable {
    var surface: Int
    var clusters: StepClusters = []
    var holes = 0
}

/// The clusters of one step: at most one per sensor side, so two are stored inline (no heap
/// array per crossed surface, thousands per event at μ = 40); any more go to `overflow`.
struct StepClusters: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    private var first: Int32 = -1
    private var second: Int32 = -1
    private var overflow: [Int32] = []
    private(set) var count = 0

    init() {}
    init(arrayLiteral elements: Int32...) { for c in elements { append(c) } }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Int32 {
        precondition(i >= 0 && i < count, "step cluster index out of range")
        return i == 0 ? first : i == 1 ? second : overflow[i - 2]
    }

    mutating func append(_ c: Int32) {
        switch count {
        case 0: first = c
        case 1: second = c
        default: overflow.append(c)
        }
        count += 1
    }
}

/// Why following or fitting a candidate stopped without a track.
enum FitFailure: Error {
    /// The covariance became singular or non-finite (counted in `TrackingStats.failedFits`).
    case singular
    /// Too few clusters, too many holes, pT or χ² outside the cuts.
    case quality
}

/// Kalman-filter track following and fitting (R. Frühwirth, NIM A262 (1987) 444).
///
/// 1. Outwards from the seed's bottom point: at each crossed surface the prediction
///    (helix transport with its Jacobian) is updated with the best cluster within the χ²
///    cut on each sensor side; a crossed active side without one is a hole; material adds
///    multiple scattering and energy loss as process noise.
/// 2. Inwards from the last cluster, with a non-informative start, through the same
///    clusters and on to the beam line (picking up clusters on surfaces inside the seed):
///    this filter carries the information of every cluster at the innermost surface, where
///    the perigee parameters and their covariance are taken (through the beam pipe's
///    material), with χ² the sum of its increments.
struct TrackFollower {
    let config: TrackingConfig
    let detector: Detector
    let clusters: EventClusters
    let geometry: TrackingGeometry
    let propagator: HelixPropagator
    /// Largest radius with an active sensor: following stops beyond it.
    var maxActiveRadius: Double { geometry.maxActiveRadius }

    init(config: TrackingConfig, detector: Detector, geometry: TrackingGeometry, clusters: EventClusters) {
        self.config = config
        self.detector = detector
        self.clusters = clusters
        self.geometry = geometry
        propagator = HelixPropagator(detector: detector, geometry: geometry)
    }

    /// Whether the predicted point lies inside the active area, away from its edges (a
    /// missing cluster there is a hole).
    func isWellInside(_ par: SurfaceParameters, _ s: TrackingSurface, _ cov: Matrix5) -> Bool {
        let margin = 1.0 + 3 * cov[1, 1].squareRoot()
        return s.isBarrel ? abs(par.p[1]) < s.halfLengthMM - margin : par.p[1] > s.rMinMM + margin && par.p[1] < s.rMaxMM - margin
    }

    /// The best cluster on one side of a surface within the χ² cut, or nil.
    func bestCluster(surface: Int, side: Int, _ par: SurfaceParameters, _ cov: Matrix5) -> (Int32, Double)? {
        let f = clusters.frames[surface][side]
        let u = f.u(phiPosition: par.p[0])
        let sigma = (f.referenceRadius * f.referenceRadius * cov[0, 0]).squareRoot()
        var centre = u, half = min(5 * sigma + 0.5, 30)
        var period = f.uPeriod
        if f.isStereo {
            centre = u * f.cosStereo
            half += f.pitchVMM / 2 * f.sinStereo + 5 * cov[1, 1].squareRoot() * f.sinStereo
            period = f.stereoPeriod
        }
        let cut = f.isPixel ? config.maxChi2PerPixelCluster : config.maxChi2PerStripCluster
        // Only pixel clusters' σ_v depends on the crossing angle (strips are 1D).
        let absCot = f.isPixel ? EventClusters.absCot(par.p[3]) : 0
        return clusters.best(surface: surface, side: side, lo: centre - half, hi: centre + half, period: period, frame: f,
                             par, cov, absCotTheta: absCot, cut: cut)
    }

    /// Searches the clusters of a crossed surface and updates; returns the step, or throws
    /// on a singular update.
    func visit(_ s: TrackingSurface, _ par: inout SurfaceParameters, _ cov: inout Matrix5, chi2: inout Double,
               ndf: inout Int) throws -> CandidateStep {
        var step = CandidateStep(surface: s.index)
        guard s.isActive else { return step }
        for side in 0..<s.sides {
            if let (i, _) = bestCluster(surface: s.index, side: side, par, cov) {
                guard let c2 = clusters.update(&par, &cov, with: i) else { throw FitFailure.singular }
                chi2 += c2
                ndf += s.isPixel ? 2 : 1
                step.clusters.append(i)
            } else if isWellInside(par, s, cov) {
                step.holes += 1
            }
        }
        return step
    }

    /// Follows a seed outwards; returns the crossed surfaces up to the last one with a cluster.
    func follow(_ seed: Seed, _ sps: [SpacePoint]) throws -> (steps: [CandidateStep], par: SurfaceParameters, cov: Matrix5) {
        let b = sps[Int(seed.bottom)]
        let bs = geometry.surfaces[Int(b.surface)]
        let dir = Vector3(sin(seed.theta) * cos(seed.phi), sin(seed.theta) * sin(seed.phi), cos(seed.theta))
        var par = SurfaceParameters(surface: bs.index, on: bs, position: Vector3(b.x, b.y, b.z), direction: dir,
                                    qOverP: seed.qOverP)
        var cov = Matrix5.diagonal(Vector5(pow(0.5 / max(b.r, 1), 2), bs.isBarrel ? b.varianceZ + 1 : b.varianceR + 1,
                                           0.02 * 0.02, 0.02 * 0.02, pow(0.3 * seed.qOverP, 2) + 0.01))
        var chi2 = 0.0, ndf = 0
        var first = CandidateStep(surface: bs.index)
        let seedClusters: InlineArray<2, Int32> = [b.cluster0, b.cluster1]   // no array literal on the heap
        for k in 0..<2 where seedClusters[k] >= 0 {
            let c = seedClusters[k]
            guard let c2 = clusters.update(&par, &cov, with: c) else { throw FitFailure.singular }
            chi2 += c2
            first.clusters.append(c)
        }
        var lastPar = par, lastCov = cov
        // The sines and cosines of the state's angles, kept with it: new after an update (or
        // from the propagation), unchanged by the material (q/p only).
        var trig = AngleTrig(par.p), endTrig = AngleTrig()
        TrackMaterial.apply(bs, to: &par, covariance: &cov, outward: true, trig: trig)
        // Room for a barrel-to-disc path (≈ 15 surfaces): one allocation, not four regrowths.
        var steps: [CandidateStep] = []
        steps.reserveCapacity(24)
        steps.append(first)
        var lastHit = 0
        var holesBeforeLastHit = 0, holesSinceLastHit = 0
        let middle = sps[Int(seed.middle)], top = sps[Int(seed.top)]
        var middleFound = false
        for _ in 0..<64 {
            let s0 = geometry.surfaces[par.surface]
            let helix = par.helix(on: s0, fieldTesla: propagator.fieldTesla, backward: false, trig: trig)
            guard let crossing = geometry.next(helix, inward: false) else { break }
            let s = geometry.surfaces[crossing.surface]
            if s.isBarrel ? s.radiusOrZ > maxActiveRadius + 1 : helix.point(at: crossing.path).position.perp > maxActiveRadius + 1 { break }
            guard propagator.propagate(&par, &cov, to: crossing.surface, backward: false, knownPath: crossing.path,
                                       helix: helix, trig: trig, endTrig: &endTrig) else { break }
            trig = endTrig
            let step = try visit(s, &par, &cov, chi2: &chi2, ndf: &ndf)
            if !step.clusters.isEmpty { trig = AngleTrig(par.p) }
            if step.surface == Int(middle.surface) { middleFound = step.clusters.contains(middle.cluster0) }
            // A seed whose own middle and top points are not picked up again is not a track.
            if step.surface == Int(top.surface) && !middleFound && !step.clusters.contains(top.cluster0) { throw FitFailure.quality }
            if !step.clusters.isEmpty {
                holesBeforeLastHit += holesSinceLastHit + step.holes
                holesSinceLastHit = 0
                lastPar = par; lastCov = cov
                steps.append(step)
                lastHit = steps.count - 1
            } else {
                holesSinceLastHit += step.holes
                steps.append(step)
            }
            TrackMaterial.apply(s, to: &par, covariance: &cov, outward: true, trig: trig)
            if holesBeforeLastHit + holesSinceLastHit > config.maxHoles { break }
            // Two holes in a row past the last cluster (two missed sensors, or both sides of one
            // strip module): a random seed has run off its helix, and a real track rarely goes on.
            if holesSinceLastHit >= config.maxConsecutiveHoles { break }
        }
        steps.removeLast(steps.count - 1 - lastHit)
        guard cov.isUsableCovariance, lastCov.isUsableCovariance else { throw FitFailure.singular }
        return (steps, lastPar, lastCov)
    }

    /// The inward fit and perigee of a followed candidate.
    func fit(_ steps: [CandidateStep], lastPar: SurfaceParameters, lastCov: Matrix5, truthOf: (Int32) -> Int32) throws -> Track {
        var par = lastPar
        var cov = Matrix5()
        // Non-informative start: the outward estimate only linearises.
        for i in 0..<5 { cov[i, i] = lastCov[i, i] * 1e4 }
        var chi2 = 0.0, ndf = -5
        var allSteps = steps
        // `AngleTrig(par.p)`, as in `follow`; first set after the outermost step's updates.
        var trig = AngleTrig(), endTrig = AngleTrig()
        for i in stride(from: steps.count - 1, through: 0, by: -1) {
            let s = geometry.surfaces[steps[i].surface]
            if i < steps.count - 1 {
                guard propagator.propagate(&par, &cov, to: s.index, backward: true, trig: trig, endTrig: &endTrig) else {
                    throw FitFailure.singular
                }
                trig = endTrig
            }
            for c in steps[i].clusters {
                guard let c2 = clusters.update(&par, &cov, with: c) else { throw FitFailure.singular }
                chi2 += c2
                ndf += geometry.surfaces[Int(clusters.clusters[Int(c)].surface)].isPixel ? 2 : 1
            }
            if !steps[i].clusters.isEmpty || i == steps.count - 1 { trig = AngleTrig(par.p) }
            TrackMaterial.apply(s, to: &par, covariance: &cov, outward: false, trig: trig)
        }
        // On inwards to the beam line: clusters on surfaces inside the seed, holes, material.
        var inner: [CandidateStep] = []
        for _ in 0..<16 {
            let s0 = geometry.surfaces[par.surface]
            let r0 = par.position(on: s0, sinPhiPosition: trig.sinPhiPosition, cosPhiPosition: trig.cosPhiPosition).perp
            let helix = par.helix(on: s0, fieldTesla: propagator.fieldTesla, backward: true, trig: trig)
            guard let crossing = geometry.next(helix, inward: true),
                  helix.point(at: crossing.path).position.perp < r0 - 1e-6 else { break }
            guard propagator.propagate(&par, &cov, to: crossing.surface, backward: true, knownPath: crossing.path,
                                       helix: helix, trig: trig, endTrig: &endTrig) else { break }
            trig = endTrig
            let s = geometry.surfaces[crossing.surface]
            var stepChi2 = 0.0, stepNdf = 0
            let step = try visit(s, &par, &cov, chi2: &stepChi2, ndf: &stepNdf)
            if !step.clusters.isEmpty { trig = AngleTrig(par.p) }
            chi2 += stepChi2
            ndf += stepNdf
            if !step.clusters.isEmpty || step.holes > 0 { inner.append(step) }
            TrackMaterial.apply(s, to: &par, covariance: &cov, outward: false, trig: trig)
        }
        // Holes inside the innermost cluster count only up to it.
        while let last = inner.last, last.clusters.isEmpty { inner.removeLast() }
        allSteps = inner.reversed() + allSteps
        guard cov.isUsableCovariance else { throw FitFailure.singular }

        let (pg, perigeeCov) = try geometry.perigee(of: par, covariance: cov, fieldTesla: propagator.fieldTesla)

        var list: [Int32] = []
        list.reserveCapacity(2 * allSteps.count)   // at most two sides per surface
        var pixel = 0, strip = 0, holes = 0
        for st in allSteps {
            holes += st.holes
            for c in st.clusters {
                list.append(c)
                if geometry.surfaces[Int(clusters.clusters[Int(c)].surface)].isPixel { pixel += 1 } else { strip += 1 }
            }
        }
        // Truth: the particle behind most clusters (noise clusters count against it).
        // Counted by scanning (a track has a few dozen clusters: no dictionary to hash and
        // allocate); each particle once, at its first cluster, ties to the lower id.
        let truths = list.map(truthOf)
        var best: Int32 = -1, bestCount = 0
        for (k, id) in truths.enumerated() where !truths[..<k].contains(id) {
            var n = 0
            for t in truths[k...] where t == id { n += 1 }
            if n > bestCount || (n == bestCount && id < best) { best = id; bestCount = n }
        }
        return Track(parameters: pg, covariance: perigeeCov.rowMajor, chi2: chi2, ndf: max(ndf, 0), clusters: list,
                     pixelHits: pixel, stripHits: strip, holes: holes, sharedHits: 0, truthParticle: best,
                     truthMatchFraction: list.isEmpty ? 0 : Double(best < 0 ? 0 : bestCount) / Double(list.count))
    }
}
