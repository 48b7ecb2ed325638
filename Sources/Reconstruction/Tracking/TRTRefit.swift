import Foundation
import EventModel
import Detector
import Digitization

extension TRTExtension {
    /// Kalman update with a one-dimensional measurement of general projection `h`, unless
    /// the residual's χ² against the prediction, r²/(v + h C hᵀ), exceeds `outlierChi2`
    /// (then nothing changes and `accepted` is false); nil for a broken covariance. The
    /// outlier test shares the update's h C hᵀ (it was summed again apart: ≈ 140
    /// instructions a straw).
    func update(_ par: inout Vector5, _ cov: inout Matrix5, h: InlineArray<5, Double>, residual r: Double,
                variance v: Double, outlierChi2: Double) -> (chi2: Double, accepted: Bool)? {
        var k = InlineArray<5, Double>(repeating: 0)
        for i in 0..<5 {
            var sum = 0.0
            for j in 0..<5 { sum += cov[i, j] * h[j] }
            k[i] = sum
        }
        var s = v
        for i in 0..<5 { s += h[i] * k[i] }
        if r * r / s > outlierChi2 { return (0, false) }
        guard s > 0, s.isFinite else { return nil }
        let inv = 1 / s
        for i in 0..<5 { par[i] += k[i] * inv * r }
        for i in 0..<5 {
            for j in 0..<5 { cov[i, j] -= k[i] * k[j] * inv }
        }
        for i in 0..<5 where !(cov[i, i] > 0) { return nil }
        return (r * r * inv, true)
    }

    /// Propagates inwards to `target`, first through every passive or silicon surface of
    /// the tracker met on the way (material, and the track's clusters on silicon).
    func propagateInward(_ par: inout SurfaceParameters, _ cov: inout Matrix5, to target: Int, clustersOn: [(surface: Int, cluster: Int32)],
                         chi2: inout Double, ndf: inout Int) throws {
        // `AngleTrig(par.p)` kept with the state (as in ``TrackFollower/follow(_:_:)``).
        var trig = AngleTrig(par.p), endTrig = AngleTrig()
        for _ in 0..<64 {
            let s0 = geometry.surfaces[par.surface]
            let helix = par.helix(on: s0, fieldTesla: propagator.fieldTesla, backward: true, trig: trig)
            let targetPath = target >= 0 ? propagator.path(helix, to: geometry.surfaces[target]) : nil
            if let crossing = geometry.next(helix, inward: true), crossing.surface != par.surface,
               targetPath.map({ crossing.path < $0 }) ?? true,
               helix.point(at: crossing.path).position.perp < s0Radius(par, s0) + 1e-6 {
                guard propagator.propagate(&par, &cov, to: crossing.surface, backward: true, knownPath: crossing.path,
                                           helix: helix, trig: trig, endTrig: &endTrig) else {
                    throw FitFailure.singular
                }
                trig = endTrig
                let s = geometry.surfaces[crossing.surface]
                // The track's clusters on this surface, in the track's order (a dozen at most: a scan).
                var updated = false
                for (surface, c) in clustersOn where surface == crossing.surface {
                    guard let c2 = clusters.update(&par, &cov, with: c) else { throw FitFailure.singular }
                    chi2 += c2
                    ndf += s.isPixel ? 2 : 1
                    updated = true
                }
                if updated { trig = AngleTrig(par.p) }
                TrackMaterial.apply(s, to: &par, covariance: &cov, outward: false, trig: trig)
                continue
            }
            guard target >= 0 else { return }
            guard let path = targetPath, propagator.propagate(&par, &cov, to: target, backward: true, knownPath: path,
                                                              helix: helix, trig: trig) else {
                throw FitFailure.singular
            }
            return
        }
        throw FitFailure.singular
    }

    /// The transverse radius of the state's point: the cylinder's radius, or loc2 = r on a
    /// disc (equal to √(x² + y²) of its position up to rounding, without the sine and cosine).
    func s0Radius(_ par: SurfaceParameters, _ s: TrackingSurface) -> Double { s.isBarrel ? s.radiusOrZ : abs(par.p[1]) }

    /// The inward refit through the selected straws and the track's silicon clusters.
    func refit(_ t: Track, hits: [StrawHit]) throws -> Track {
        let clustersOn = t.clusters.map { (surface: Int(clusters.clusters[Int($0)].surface), cluster: $0) }
        // select's hits come in path order nearly always; sorting ~40 of them is not free.
        var ordered = hits
        if zip(hits, hits.dropFirst()).allSatisfy({ $0.path <= $1.path }) { ordered.reverse() } else {
            ordered.sort { $0.path > $1.path }
        }
        let outer = ordered[0]
        let outerSurface = geometry.surfaces[firstStrawSurface + outer.layer]
        var par = SurfaceParameters(surface: outerSurface.index, on: outerSurface, position: outer.position,
                                    direction: outer.direction, qOverP: t.parameters.qOverP)
        // Non-informative start: the prediction only linearises.
        var cov = Matrix5.diagonal(Vector5(1e-4, 2_500, 2.5e-3, 2.5e-3, max(t.parameters.qOverP * t.parameters.qOverP, 1e-2)))
        var chi2 = 0.0, ndf = -5, used = 0
        let variance = sigma * sigma
        let field = propagator.fieldTesla
        // Between two material surfaces the track runs on one helix, so the straws there are
        // taken in one step: every straw's signed distance is linearised about the state on
        // the gap's first straw surface (H = ∂d/∂(straw parameters) · J(first → straw), J the
        // helix transport's analytic Jacobian) and the filter's updates are made to that
        // state. This is the Kalman filter of the straws with the transport left out of each
        // step (it has no process noise there, so the result is the same up to where each
        // measurement is linearised); the outlier test uses the same running prediction
        // (the linearised residual after the gap's earlier updates).
        var i = 0
        while i < ordered.count {
            let s0 = geometry.surfaces[par.surface]
            let helix = par.helix(on: s0, fieldTesla: field, backward: true)
            var limit = Double.infinity
            if let crossing = geometry.next(helix, inward: true), crossing.surface != par.surface,
               helix.point(at: crossing.path).position.perp < s0Radius(par, s0) + 1e-6 {
                limit = crossing.path
            }
            let reference = par
            // Barrel straws need only the track's circle in the transverse plane: before
            // the material crossing means outside its radius (the inward track's radius
            // falls along its path).
            let limitRadius = limit.isFinite ? helix.point(at: limit).position.perp : 0
            // The models' circle and helix of the gap's first state, with their derivatives'
            // factors: a few dozen multiplications, made once per gap.
            let modelReference = strawModelReference(reference)
            var shift = Vector5(0, 0, 0, 0, 0)
            var j = i
            while j < ordered.count {
                let hit = ordered[j]
                let surface = firstStrawSurface + hit.layer
                let straw = Int(digits[hit.digit].straw)
                let model: (value: Double, h: InlineArray<5, Double>)
                if straws.isBarrel(layer: hit.layer) {
                    guard straws.barrelRadii[hit.layer] > limitRadius else { break }
                    model = barrelModel(modelReference, layer: hit.layer, straw: straw)
                } else {
                    if surface != reference.surface {
                        guard let path = propagator.path(helix, to: geometry.surfaces[surface]), path < limit else { break }
                    }
                    model = endcapModel(modelReference, layer: hit.layer, straw: straw)
                }
                j += 1
                let h = model.h
                var r = hit.measured - model.value
                for b in 0..<5 { r -= h[b] * shift[b] }
                // The outlier test against the running prediction (the sides come from
                // resolveSides, which sees all straws at once).
                let cut = used >= config.settledHits ? config.outlierChi2 : .infinity
                guard let (c2, accepted) = update(&shift, &cov, h: h, residual: r, variance: variance, outlierChi2: cut) else {
                    throw FitFailure.singular
                }
                guard accepted else { continue }
                chi2 += c2
                ndf += 1
                used += 1
            }
            for b in 0..<5 { par.p[b] += shift[b] }
            guard par.p.isFinite else { throw FitFailure.singular }
            i = j
            if i < ordered.count {
                try propagateInward(&par, &cov, to: firstStrawSurface + ordered[i].layer, clustersOn: [], chi2: &chi2, ndf: &ndf)
            }
        }
        guard used >= config.minHits else { throw FitFailure.quality }
        // On through the TRT material and the silicon to the beam line.
        try propagateInward(&par, &cov, to: -1, clustersOn: clustersOn, chi2: &chi2, ndf: &ndf)
        guard cov.isUsableCovariance else { throw FitFailure.singular }
        let (pg, perigeeCov) = try geometry.perigee(of: par, covariance: cov, fieldTesla: propagator.fieldTesla)
        var out = t
        out.parameters = pg
        out.covariance = perigeeCov.rowMajor
        out.chi2 = chi2
        out.ndf = max(ndf, 0)
        out.trtHits = used
        return out
    }
}
