import Foundation
import EventModel
import Detector
import Digitization

extension TRTExtension {
    /// False when the track's helix cannot meet a straw layer, by z alone: a point of the
    /// helix at transverse radius r lies at least r − |d0| of transverse path from the
    /// perigee, so |z| ≥ (r − |d0|)·|cot θ| − |z0| there (ionisation loss changes the
    /// curvature, never θ). A track beyond the barrel's half-length at the innermost barrel
    /// straw radius and beyond the last end-cap plane at the smallest plane radius (|η| ≳ 2.2)
    /// has no crossing, and `select` would find none after following it through every
    /// surface. The 1 mm margin keeps the test conservative against rounding.
    func canReachStraws(_ pg: PerigeeParameters) -> Bool {
        let cotTheta = abs(1 / tan(pg.theta)), d0 = abs(pg.d0), z0 = abs(pg.z0)
        if (straws.barrelRadii[0] - d0) * cotTheta - z0 <= straws.barrelHalfLengthMM + 1 { return true }
        guard let zMax = straws.planeZ.last, let rMin = straws.planeRMin.min() else { return false }
        return (rMin - d0) * cotTheta - z0 <= zMax + 1
    }

    /// Straws along the silicon track's predicted helix: per layer the best-matching drift
    /// circle within the road. `reaches` tells whether the prediction passes straws in at
    /// least `minHits` layers (fired or not), for the extension's count of the tracks it could extend.
    /// `sides`: the side settling's working arrays, reused from track to track.
    func select(_ t: Track, scratch: inout [StrawCrossing], sides: inout SideSettlingScratch,
                reaches: inout Bool) -> [StrawHit]? {
        let pg = t.parameters
        let (sp, cp) = exactSinCos(pg.phi)
        let start = Vector3(pg.d0 * sp, -pg.d0 * cp, pg.z0)
        let helix = Helix(position: start, momentum: pg.momentum, charge: Double(pg.charge), fieldTesla: propagator.fieldTesla)
        // Multiple scattering in the TRT (≈ 15 % X₀ over ≈ 0.5 m) displaces a track of
        // momentum p by ≈ θ₀·L/√3 at the far end: the road widens with it.
        let p = pg.momentumMagnitude
        let theta0 = TrackMaterial.highland(thicknessX0: 0.2, momentumGeV: p)
        let road = config.roadMM + 3 * theta0 * 500 / 3.0.squareRoot()
        scratch.removeAll(keepingCapacity: true)
        // The prediction follows the helix surface by surface with each surface's mean
        // ionisation loss, as the simulation transports the particle: a GeV pion loses ≈ 1 %
        // of its momentum before the straws, which bends it ≈ 1.5 mm off the perigee's helix
        // at r = 1 m — most of a straw radius.
        let within = road + straws.response.strawRadiusMM
        var segment = helix, qOverP = pg.qOverP, travelled = 0.0
        let sinTheta = sin(pg.theta)
        var kinks: [Kink] = []
        kinks.reserveCapacity(32)
        for _ in 0..<64 {
            let first = scratch.count
            // The prediction ends where the particle leaves the tracker's envelope, as the
            // simulation's transport ends it there (into the solenoid and the calorimeter).
            // Followed further, the helix of a 1–2 GeV track near θ = 90° (radius 1.7–3.3 m)
            // came back into the envelope most of a turn later, 9–100 m along it, through
            // the end-cap planes or the barrel straws again; the fired straws found there
            // were taken as the track's and the refit, running inwards from them, stepped
            // that turn back (≈ 100 refits in `validate tracking -n 30 --mu 40`; 290 of
            // their 315 such straws another particle's).
            let exit = detector.pathToTrackerExit(segment)
            guard let c = geometry.next(segment, inward: false), c.path < exit else {
                straws.appendCrossings(of: segment, maxPath: min(exit, 6_000), within: within, into: &scratch)
                for k in first..<scratch.count { scratch[k].path += travelled }
                break
            }
            straws.appendCrossings(of: segment, maxPath: c.path, within: within, into: &scratch)
            for k in first..<scratch.count { scratch[k].path += travelled }
            travelled += c.path
            let (x, d) = segment.point(at: c.path)
            let surface = geometry.surfaces[c.surface]
            if surface.thicknessX0 > 0 {
                let m = TrackMaterial.pionMassGeV, p0 = 1 / abs(qOverP)
                let thickness = TrackMaterial.pathThicknessX0(surface, position: x, direction: d)
                kinks.append(Kink(path: travelled, sigmaSlope: TrackMaterial.highland(thicknessX0: thickness, momentumGeV: p0) / sinTheta))
                let loss = TrackMaterial.meanEnergyLoss(thicknessX0: thickness, momentumGeV: p0)
                let e = (p0 * p0 + m * m).squareRoot() - loss
                guard e > m * 1.0001 else { break }
                qOverP = (qOverP > 0 ? 1 : -1) / (e * e - m * m).squareRoot()
            }
            let st = d.perp
            segment = Helix(position: x, direction: d,
                            curvature: st > 0 ? -qOverP * propagator.fieldTesla * Helix.momentumPerTeslaMM / st : 0)
        }
        guard scratch.count >= config.minHits else { return nil }
        var crossedLayers = 0, lastLayer = scratch[0].layer - 1
        for c in scratch where c.layer != lastLayer {
            crossedLayers += 1
            lastLayer = c.layer
        }
        reaches = crossedLayers >= config.minHits
        // At most one hit per crossing: reserved once (growing by appends cost a few
        // reallocations a track).
        var hits: [StrawHit] = []
        hits.reserveCapacity(scratch.count)
        var i = 0, layers = 0
        while i < scratch.count {
            // The candidates of one layer are consecutive; all fired straws within the road
            // go on, the choice among them is made with the sides (resolveSides).
            let layer = scratch[i].layer
            var any = false
            while i < scratch.count && scratch[i].layer == layer {
                let c = scratch[i]
                i += 1
                guard let k = digit(layer: Int(layer), straw: c.straw) else { continue }
                let r = Double(digits[k].driftRadius)
                guard abs(r - abs(c.distance)) < road else { continue }
                hits.append(StrawHit(layer: Int(layer), digit: k, measured: c.distance >= 0 ? r : -r, path: c.path,
                                     position: c.position, direction: c.direction, predicted: c.distance, group: layers))
                any = true
            }
            if any { layers += 1 }
        }
        guard hits.count >= config.minHits else { return nil }
        let st = sinTheta
        let h = -Double(pg.charge) * propagator.fieldTesla * Helix.momentumPerTeslaMM / (p * st)
        // The kinks among the straws; one before the first straw moves all of them alike
        // (the offset and angle take it up).
        let first = hits.reduce(Double.infinity) { min($0, $1.path) }, last = hits.reduce(-Double.infinity) { max($0, $1.path) }
        return resolveSides(hits, kinks: kinks.filter { $0.path > first && $0.path < last },
                            sigmaCurvature: abs(h) * t.sigma(4) / abs(pg.qOverP) + theta0 / 500, road: road, sinTheta: st,
                            scratch: &sides)
    }
}
