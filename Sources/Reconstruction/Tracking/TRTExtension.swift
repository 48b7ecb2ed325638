import Foundation
import EventModel
import Detector
import Digitization

/// Settings of the TRT extension (``TRTExtension``). Distances in mm.
public struct TRTExtensionConfig: Sendable {
    /// Extend silicon tracks into the TRT and refit them (off: silicon-only tracks).
    public var enabled = true
    /// Search road: a straw is a candidate when its drift circle is within
    /// `roadMM` + 3 σ_MS of the predicted track, σ_MS the multiple-scattering displacement
    /// expected from the material between the last silicon layer and the straw.
    public var roadMM = 0.5
    /// Fewest TRT hits for an extension; with fewer the silicon track is kept as it was
    /// (ATLAS asks for a similar number before trusting a TRT extension: a few hits cannot
    /// be told from the occupancy at high pile-up).
    public var minHits = 9
    /// A hit whose χ² against the refit's running prediction (one degree of freedom) exceeds
    /// this is an outlier and left out; checked once `settledHits` hits are in.
    public var outlierChi2 = 12.0
    public var settledHits = 5
    /// A refit worse than this χ²/ndf keeps the silicon track (the tracking cut).
    public var maxChi2PerNDF = 5.0

    public init() {}
}

/// ATLAS's "TRT extension" of silicon tracks (T. Cornelissen et al., "The global χ²
/// track fitter in ATLAS", J. Phys. Conf. Ser. 119 (2008) 032013; ATL-SOFT-PUB-2007-007 for
/// the extension): the silicon track is continued through the straws, each straw's drift
/// circle becomes a one-dimensional measurement, and the whole track is refitted.
///
/// 1. **Prediction.** The silicon track's helix (from its perigee) crosses the straw layers
///    in closed form (``StrawGeometry/appendCrossings(of:maxPath:within:into:)``); in each
///    layer the straws whose wire lies within the road of the prediction are looked up.
/// 2. **Selection.** Every fired straw within the road is a candidate; per layer the straw,
///    and the side of its wire (left–right ambiguity), are settled by a three-parameter fit
///    of the straws around the prediction (``resolveSides(_:sigmaCurvature:road:sinTheta:)``).
/// 3. **Refit.** A Kalman filter (``TrackFollower``'s machinery: helix transport with its
///    Jacobian, material as process noise) runs inwards from the outermost straw with a
///    non-informative start, through the straws — each a 1D measurement of the signed
///    distance to the wire with the card's drift resolution, those between two material
///    surfaces taken in one step about the gap's first state — then through the passive TRT
///    material and the silicon surfaces with the track's clusters, to the beam line. Once
///    `settledHits` straws are in, a straw off the running prediction by more than
///    `outlierChi2` is left out.
/// 4. The refit replaces the silicon track if it has at least `minHits` straws and converged.
///
/// Truth matching stays that of the silicon clusters.
struct TRTExtension {
    let config: TRTExtensionConfig
    let straws: StrawGeometry
    let geometry: TrackingGeometry
    let propagator: HelixPropagator
    let clusters: EventClusters
    let digits: [StrawDigit]
    /// digits[layerStart[l] ..< layerStart[l + 1]] are layer l's, sorted by straw.
    let layerStart: [Int]
    /// Index of straw layer 0 among `geometry.surfaces`.
    let firstStrawSurface: Int
    let sigma: Double
    /// Radii of the tracker's barrel surfaces with material (the TRT's lumped material among them).
    let barrelMaterialRadii: [Double]

    /// nil when the detector has no TRT, the extension is off, or nothing fired.
    init?(config: TRTExtensionConfig, detector: Detector, geometry base: TrackingGeometry, clusters: EventClusters,
          digits: [StrawDigit]) {
        guard config.enabled, !digits.isEmpty, let straws = StrawGeometry(card: detector.card) else { return nil }
        self.config = config
        self.straws = straws
        self.clusters = clusters
        self.digits = digits
        firstStrawSurface = base.surfaces.count
        barrelMaterialRadii = base.surfaces.filter { $0.isBarrel && $0.thicknessX0 > 0 }.map(\.radiusOrZ)
        var extra: [TrackingSurface] = []
        for l in 0..<straws.layerCount {
            let index = base.surfaces.count + l
            if straws.isBarrel(layer: l) {
                extra.append(TrackingSurface(strawLayer: index, cylinderRadius: straws.barrelRadii[l],
                                             halfLength: straws.barrelHalfLengthMM))
            } else {
                let (j, side) = straws.plane(ofLayer: l)
                extra.append(TrackingSurface(strawLayer: index, discZ: side * straws.planeZ[j], rMin: straws.planeRMin[j],
                                             rMax: straws.planeRMax[j]))
            }
        }
        geometry = TrackingGeometry(base: base, strawSurfaces: extra)
        propagator = HelixPropagator(detector: detector, geometry: geometry)
        var start = [Int](repeating: 0, count: straws.layerCount + 1)
        var valid = true
        for (i, d) in digits.enumerated() {
            let l = Int(d.layer)
            guard l >= 0, l < straws.layerCount else { valid = false; break }
            if i > 0 && (digits[i - 1].layer, digits[i - 1].straw) >= (d.layer, d.straw) { valid = false; break }
            start[l + 1] += 1
        }
        guard valid else { return nil }
        for l in 0..<straws.layerCount { start[l + 1] += start[l] }
        layerStart = start
        sigma = straws.response.driftResolutionUM * 1e-3
    }

    /// The digit of (layer, straw), if that straw fired.
    func digit(layer: Int, straw: Int32) -> Int? {
        var lo = layerStart[layer], hi = layerStart[layer + 1]
        while lo < hi {
            let mid = (lo + hi) / 2
            if digits[mid].straw < straw { lo = mid + 1 } else { hi = mid }
        }
        return lo < layerStart[layer + 1] && digits[lo].straw == straw ? lo : nil
    }

    /// A straw measurement chosen for a track.
    struct StrawHit {
        var layer: Int
        var digit: Int
        /// Signed drift distance (the side from the prediction), mm.
        var measured: Double
        var path: Double
        var position: Vector3
        var direction: Vector3
        /// Signed distance to the wire predicted by the silicon track, mm.
        var predicted: Double
        /// Candidates of the same straw layer share a group; at most one of them is kept.
        var group = 0
    }

    /// Extends each track that has enough straws; the others come back unchanged.
    func extend(_ tracks: [Track], truthOf: (Int32) -> Int32) -> [Track] {
        var scratch: [StrawCrossing] = []
        return tracks.map { t in
            guard let hits = select(t, scratch: &scratch), hits.count >= config.minHits,
                  var refit = try? refit(t, hits: hits), refit.trtHits >= config.minHits,
                  refit.chi2PerNDF <= config.maxChi2PerNDF else { return t }
            refit.truthParticle = t.truthParticle
            refit.truthMatchFraction = t.truthMatchFraction
            return refit
        }
    }

    /// Straws along the silicon track's predicted helix: per layer the best-matching drift circle within the road.
    func select(_ t: Track, scratch: inout [StrawCrossing]) -> [StrawHit]? {
        let pg = t.parameters
        let sp = sin(pg.phi), cp = cos(pg.phi)
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
        for _ in 0..<64 {
            let first = scratch.count
            guard let c = geometry.next(segment, inward: false) else {
                straws.appendCrossings(of: segment, maxPath: 6_000, within: within, into: &scratch)
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
                let loss = TrackMaterial.meanEnergyLoss(thicknessX0: TrackMaterial.pathThicknessX0(surface, position: x, direction: d),
                                                        momentumGeV: p0)
                let e = (p0 * p0 + m * m).squareRoot() - loss
                guard e > m * 1.0001 else { break }
                qOverP = (qOverP > 0 ? 1 : -1) / (e * e - m * m).squareRoot()
            }
            let st = d.perp
            segment = Helix(position: x, direction: d,
                            curvature: st > 0 ? -qOverP * propagator.fieldTesla * Helix.momentumPerTeslaMM / st : 0)
        }
        guard scratch.count >= config.minHits else { return nil }
        var hits: [StrawHit] = []
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
        let st = sin(pg.theta)
        let h = -Double(pg.charge) * propagator.fieldTesla * Helix.momentumPerTeslaMM / (p * st)
        return resolveSides(hits, sigmaCurvature: abs(h) * t.sigma(4) / abs(pg.qOverP) + theta0 / 500, road: road,
                            sinTheta: st)
    }

    /// Left–right ambiguity and outliers, before the refit: a fit of the straws alone, as a
    /// correction to the silicon prediction that moves the track perpendicular to itself
    /// (transverse plane) by δ₀ + δ₁x + δ₂x²/2, x the transverse path from the straws'
    /// centre — offset, angle and curvature, three parameters, linear least squares with
    /// the silicon prediction as a weak prior (σ(δ₀) = the road, σ(δ₁) = road/100 mm,
    /// σ(δ₂) = the silicon curvature error ⊕ scattering). Each circle takes the side of the
    /// current fit; the fit is repeated until no side changes (at most 6 times), then
    /// circles farther than 4 σ (⊕ scattering) from it are dropped and the sides settled
    /// again. The silicon extrapolation alone is uncertain by ≈ 0.1–0.3 mm at 10 GeV at the
    /// outer straws — the size of many drift circles — so its sides would often be wrong.
    func resolveSides(_ input: [StrawHit], sigmaCurvature: Double, road: Double, sinTheta: Double) -> [StrawHit] {
        var hits = input
        let n = hits.count
        let meanX = hits.reduce(0) { $0 + $1.path } * sinTheta / Double(n)
        var x = [Double](repeating: 0, count: n), f = x
        for i in 0..<n {
            x[i] = hits[i].path * sinTheta - meanX
            // ∂d/∂(shift of the track to its left in the transverse plane): in the barrel
            // d = (W − Q)·n with n the right-hand normal, so exactly 1; in the end-caps
            // (radial wires) numerically.
            guard !straws.isBarrel(layer: hits[i].layer) else { f[i] = 1; continue }
            let t = hits[i].direction, q = hits[i].position
            let tt = max((t.x * t.x + t.y * t.y).squareRoot(), 1e-9)
            let eps = 1e-3
            let shifted = Vector3(q.x - eps * t.y / tt, q.y + eps * t.x / tt, q.z)
            let (sw, cw) = sinCos(straws.wirePhi(layer: hits[i].layer, straw: Int(digits[hits[i].digit].straw)))
            f[i] = (StrawGeometry.radialDistance(wireCos: cw, wireSin: sw, position: shifted, direction: t)
                - StrawGeometry.radialDistance(wireCos: cw, wireSin: sw, position: q, direction: t)) / eps
        }
        var keep = [Bool](repeating: true, count: n)
        var delta = (0.0, 0.0, 0.0)
        let prior = (1 / (road * road), 1e4 / (road * road), 1 / max(sigmaCurvature * sigmaCurvature, 1e-20))
        let w = 1 / (sigma * sigma)
        let radii = hits.map { abs($0.measured) }
        var measured = hits.map(\.measured)
        func model(_ i: Int) -> Double { hits[i].predicted + f[i] * (delta.0 + delta.1 * x[i] + delta.2 * x[i] * x[i] / 2) }
        func solve() {
            // Normal equations (3 × 3, symmetric) of Σ w (s_i r_i − d_i − f_i v_i·δ)² + prior.
            var a00 = prior.0, a01 = 0.0, a02 = 0.0, a11 = prior.1, a12 = 0.0, a22 = prior.2
            var b0 = 0.0, b1 = 0.0, b2 = 0.0
            for i in 0..<n where keep[i] {
                let v0 = f[i], v1 = f[i] * x[i], v2 = f[i] * x[i] * x[i] / 2
                let y = measured[i] - hits[i].predicted
                a00 += w * v0 * v0; a01 += w * v0 * v1; a02 += w * v0 * v2
                a11 += w * v1 * v1; a12 += w * v1 * v2; a22 += w * v2 * v2
                b0 += w * v0 * y; b1 += w * v1 * y; b2 += w * v2 * y
            }
            // Cramer's rule.
            let c00 = a11 * a22 - a12 * a12, c01 = a02 * a12 - a01 * a22, c02 = a01 * a12 - a02 * a11
            let det = a00 * c00 + a01 * c01 + a02 * c02
            guard det != 0, det.isFinite else { return }
            let c11 = a00 * a22 - a02 * a02, c12 = a01 * a02 - a00 * a12, c22 = a00 * a11 - a01 * a01
            delta = ((c00 * b0 + c01 * b1 + c02 * b2) / det, (c01 * b0 + c11 * b1 + c12 * b2) / det,
                     (c02 * b0 + c12 * b1 + c22 * b2) / det)
        }
        let groups = (hits.last?.group ?? -1) + 1
        /// Per layer, the candidate and side nearest the current curve, if within `window`;
        /// true if the choice changed.
        var bestIndex = [Int](repeating: -1, count: groups), bestResidual = [Double](repeating: .infinity, count: groups)
        func choose(window: Double) -> Bool {
            var changed = false
            for g in 0..<groups { bestIndex[g] = -1; bestResidual[g] = .infinity }
            for i in 0..<n {
                let m = model(i)
                let s = m >= 0 ? radii[i] : -radii[i]
                if s != measured[i] { measured[i] = s; changed = true }
                let r = abs(s - m)
                if r <= window && r < bestResidual[hits[i].group] { bestResidual[hits[i].group] = r; bestIndex[hits[i].group] = i }
            }
            for i in 0..<n {
                let k = bestIndex[hits[i].group] == i
                if k != keep[i] { keep[i] = k; changed = true }
            }
            return changed
        }
        // Scattering inside the TRT bends the track away from the three-parameter curve by
        // up to ≈ road/3 (the road's scattering part); a circle beyond 4σ of that is an outlier.
        let sigmaEffective = (sigma * sigma + pow((road - config.roadMM) / 3, 2)).squareRoot()
        let cut = 4 * sigmaEffective
        // The silicon extrapolation is uncertain by up to the road: the sides (and, where
        // several straws of a layer fired, the straw) are settled from several starting
        // offsets δ₀ (steps of 0.5 mm across ± the road, at most 13), keeping the solution
        // with most circles on it, then the smallest χ² (a set of drift circles also fits
        // its mirror image shifted by about a radius, so one start can settle on it). The
        // starts go outwards from the prediction (0, +0.5, −0.5, …), and stop at the first
        // solution with a circle on the curve in every layer and a χ² a good fit has (below
        // ndf + 3√(2 ndf) in units of the effective resolution): no other start can keep
        // more circles, and a mirror image fits the staggered wires of successive layers far
        // worse, so the remaining starts would only repeat the work.
        let steps = min(6, Int(road / 0.5))
        let variance = sigmaEffective * sigmaEffective
        var best: (kept: Int, chi2: Double, keep: [Bool], measured: [Double])?
        for m in 0...(2 * steps) {
            let k = m % 2 == 1 ? (m + 1) / 2 : -(m / 2)
            delta = (Double(k) * 0.5, 0, 0)
            _ = choose(window: road)
            for iteration in 0..<8 {
                solve()
                if !choose(window: iteration < 2 ? max(cut, road / 2) : cut) && iteration >= 2 { break }
            }
            var chi2 = 0.0, kept = 0
            for i in 0..<n where keep[i] {
                let r = measured[i] - model(i)
                kept += 1
                chi2 += r * r
            }
            if best == nil || kept > best!.kept || (kept == best!.kept && chi2 < best!.chi2) {
                best = (kept, chi2, keep, measured)
            }
            let ndf = Double(max(kept - 3, 1))
            if kept == groups && chi2 / variance < ndf + 3 * (2 * ndf).squareRoot() { break }
        }
        guard let b = best else { return [] }
        for i in 0..<n { hits[i].measured = b.measured[i] }
        keep = b.keep
        return (0..<n).filter { keep[$0] }.map { hits[$0] }
    }

    /// A track's circle in the transverse plane: a point Q on it, the right-hand normal n of
    /// its direction there, and the signed curvature κ with the centre at Q + n/κ.
    struct TransverseCircle {
        var qx = 0.0, qy = 0.0, nx = 0.0, ny = 0.0, kappa = 0.0
    }

    /// The circles of `par` and of `par` with each parameter in turn moved by a small step
    /// (index k + 1), for the derivatives of barrel straws' distances; the steps are in `circleSteps`.
    func transverseCircles(_ par: SurfaceParameters) -> InlineArray<6, TransverseCircle> {
        let s = geometry.surfaces[par.surface]
        var out = InlineArray<6, TransverseCircle>(repeating: TransverseCircle())
        let steps = circleSteps(par)
        for k in 0..<6 {
            var q = par
            if k > 0 { q.p[k - 1] += steps[k - 1] }
            let x = q.position(on: s)
            let (sphi, cphi) = sinCos(q.p[2])
            // Helix curvature h turns the direction to the left; the centre Q − n/h.
            out[k] = TransverseCircle(qx: x.x, qy: x.y, nx: sphi, ny: -cphi, kappa: -q.curvature(fieldTesla: propagator.fieldTesla))
        }
        return out
    }

    func circleSteps(_ par: SurfaceParameters) -> InlineArray<5, Double> {
        [1e-7, 1e-4, 1e-7, 1e-7, max(1e-6 * abs(par.qOverP), 1e-9)]
    }

    /// The signed distance from a barrel straw's wire to the track's circle (positive with
    /// the wire on the track's right, as ``StrawGeometry/signedDistance(layer:straw:position:direction:)``)
    /// and its derivatives with respect to the parameters the circles were made from. With
    /// a = (W − Q)·n and b = |W − Q|², the distance ρ − |W − C| (ρ = 1/κ) is
    /// (2a − bκ)/(1 + √(1 − 2aκ + bκ²)), which stays exact as κ → 0.
    func barrelModel(_ c: InlineArray<6, TransverseCircle>, steps: InlineArray<5, Double>, layer: Int,
                     straw: Int) -> (value: Double, h: InlineArray<5, Double>) {
        let (sw, cw) = sinCos(straws.wirePhi(layer: layer, straw: straw))
        let r = straws.barrelRadii[layer]
        let wx = r * cw, wy = r * sw
        func distance(_ t: TransverseCircle) -> Double {
            let ax = wx - t.qx, ay = wy - t.qy
            let a = ax * t.nx + ay * t.ny, b = ax * ax + ay * ay
            return (2 * a - b * t.kappa) / (1 + max(0, 1 - 2 * a * t.kappa + b * t.kappa * t.kappa).squareRoot())
        }
        let value = distance(c[0])
        var h = InlineArray<5, Double>(repeating: 0)
        for k in 0..<5 { h[k] = (distance(c[k + 1]) - value) / steps[k] }
        return (value, h)
    }

    /// The helices of `par` and of `par` with each parameter in turn moved by its step in
    /// `circleSteps` (index k + 1), outwards, for the end-cap straws.
    func referenceHelices(_ par: SurfaceParameters) -> InlineArray<6, Helix> {
        let s = geometry.surfaces[par.surface]
        let steps = circleSteps(par)
        var out = InlineArray<6, Helix>(repeating: par.helix(on: s, fieldTesla: propagator.fieldTesla))
        for k in 1..<6 {
            var q = par
            q.p[k - 1] += steps[k - 1]
            out[k] = q.helix(on: s, fieldTesla: propagator.fieldTesla)
        }
        return out
    }

    /// The signed distance from an end-cap straw's radial wire to the track where it crosses
    /// the straw plane, and its derivatives: z grows linearly along a helix, so each
    /// helix reaches the plane at path (z_plane − z₀)/t_z, in closed form.
    func endcapModel(_ helices: InlineArray<6, Helix>, steps: InlineArray<5, Double>, layer: Int,
                     straw: Int) -> (value: Double, h: InlineArray<5, Double>) {
        let (sw, cw) = sinCos(straws.wirePhi(layer: layer, straw: straw))
        let z = geometry.surfaces[firstStrawSurface + layer].radiusOrZ
        func distance(_ helix: Helix) -> Double {
            guard helix.direction.z != 0 else { return .nan }
            let (x, d) = helix.point(at: (z - helix.position.z) / helix.direction.z)
            return StrawGeometry.radialDistance(wireCos: cw, wireSin: sw, position: x, direction: d)
        }
        let value = distance(helices[0])
        var h = InlineArray<5, Double>(repeating: 0)
        for k in 0..<5 { h[k] = (distance(helices[k + 1]) - value) / steps[k] }
        return (value, h)
    }

    /// Kalman update with a one-dimensional measurement of general projection `h`; returns
    /// the χ² increment, or nil for a broken covariance.
    func update(_ par: inout Vector5, _ cov: inout Matrix5, h: InlineArray<5, Double>, residual r: Double,
                variance v: Double) -> Double? {
        var k = InlineArray<5, Double>(repeating: 0)
        for i in 0..<5 {
            var sum = 0.0
            for j in 0..<5 { sum += cov[i, j] * h[j] }
            k[i] = sum
        }
        var s = v
        for i in 0..<5 { s += h[i] * k[i] }
        guard s > 0, s.isFinite else { return nil }
        let inv = 1 / s
        for i in 0..<5 { par[i] += k[i] * inv * r }
        for i in 0..<5 {
            for j in 0..<5 { cov[i, j] -= k[i] * k[j] * inv }
        }
        for i in 0..<5 where !(cov[i, i] > 0) { return nil }
        return r * r * inv
    }

    /// Propagates inwards to `target`, first through every passive or silicon surface of
    /// the tracker met on the way (material, and the track's clusters on silicon).
    func propagateInward(_ par: inout SurfaceParameters, _ cov: inout Matrix5, to target: Int, clustersOn: [Int: [Int32]],
                         chi2: inout Double, ndf: inout Int) throws {
        for _ in 0..<64 {
            let s0 = geometry.surfaces[par.surface]
            let helix = par.helix(on: s0, fieldTesla: propagator.fieldTesla, backward: true)
            let targetPath = target >= 0 ? propagator.path(helix, to: geometry.surfaces[target]) : nil
            if let crossing = geometry.next(helix, inward: true), crossing.surface != par.surface,
               targetPath.map({ crossing.path < $0 }) ?? true,
               helix.point(at: crossing.path).position.perp < s0Radius(par, s0) + 1e-6 {
                guard let (pred, jac) = propagator.propagate(par, to: crossing.surface, backward: true, knownPath: crossing.path) else {
                    throw FitFailure.singular
                }
                par = pred
                cov = cov.transported(by: jac)
                let s = geometry.surfaces[crossing.surface]
                for c in clustersOn[crossing.surface] ?? [] {
                    guard let c2 = clusters.update(&par, &cov, with: c) else { throw FitFailure.singular }
                    chi2 += c2
                    ndf += s.isPixel ? 2 : 1
                }
                TrackMaterial.apply(s, to: &par, covariance: &cov, outward: false)
                continue
            }
            guard target >= 0 else { return }
            guard let path = targetPath, let (pred, jac) = propagator.propagate(par, to: target, backward: true, knownPath: path) else {
                throw FitFailure.singular
            }
            par = pred
            cov = cov.transported(by: jac)
            return
        }
        throw FitFailure.singular
    }

    func s0Radius(_ par: SurfaceParameters, _ s: TrackingSurface) -> Double { par.position(on: s).perp }

    /// The inward refit through the selected straws and the track's silicon clusters.
    func refit(_ t: Track, hits: [StrawHit]) throws -> Track {
        var clustersOn: [Int: [Int32]] = [:]
        for c in t.clusters { clustersOn[Int(clusters.clusters[Int(c)].surface), default: []].append(c) }
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
            var circles: InlineArray<6, TransverseCircle>?
            var helices: InlineArray<6, Helix>?
            var shift = Vector5(0, 0, 0, 0, 0)
            var j = i
            while j < ordered.count {
                let hit = ordered[j]
                let surface = firstStrawSurface + hit.layer
                let straw = Int(digits[hit.digit].straw)
                let model: (value: Double, h: InlineArray<5, Double>)
                if straws.isBarrel(layer: hit.layer) {
                    guard straws.barrelRadii[hit.layer] > limitRadius else { break }
                    if circles == nil { circles = transverseCircles(reference) }
                    model = barrelModel(circles!, steps: circleSteps(reference), layer: hit.layer, straw: straw)
                } else {
                    if surface != reference.surface {
                        guard let path = propagator.path(helix, to: geometry.surfaces[surface]), path < limit else { break }
                    }
                    if helices == nil { helices = referenceHelices(reference) }
                    model = endcapModel(helices!, steps: circleSteps(reference), layer: hit.layer, straw: straw)
                }
                j += 1
                let h = model.h
                var r = hit.measured - model.value
                for b in 0..<5 { r -= h[b] * shift[b] }
                if used >= config.settledHits {
                    // The outlier test against the running prediction (the sides come from
                    // resolveSides, which sees all straws at once).
                    var hch = variance
                    for a in 0..<5 { for b in 0..<5 { hch += h[a] * cov[a, b] * h[b] } }
                    if r * r / hch > config.outlierChi2 { continue }
                }
                guard let c2 = update(&shift, &cov, h: h, residual: r, variance: variance) else {
                    throw FitFailure.singular
                }
                chi2 += c2
                ndf += 1
                used += 1
            }
            for b in 0..<5 { par.p[b] += shift[b] }
            guard par.p.isFinite else { throw FitFailure.singular }
            i = j
            if i < ordered.count {
                try propagateInward(&par, &cov, to: firstStrawSurface + ordered[i].layer, clustersOn: [:], chi2: &chi2, ndf: &ndf)
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

extension TrackingSurface {
    /// A straw layer as a surface the propagator can reach: no material, no silicon read-out.
    init(strawLayer index: Int, cylinderRadius r: Double, halfLength: Double) {
        self.index = index
        isBarrel = true
        radiusOrZ = r
        halfLengthMM = halfLength
        rMinMM = 0
        rMaxMM = r
        thicknessX0 = 0
        isActive = false
        isPixel = false
        sides = 0
    }

    init(strawLayer index: Int, discZ z: Double, rMin: Double, rMax: Double) {
        self.index = index
        isBarrel = false
        radiusOrZ = z
        halfLengthMM = 0
        rMinMM = rMin
        rMaxMM = rMax
        thicknessX0 = 0
        isActive = false
        isPixel = false
        sides = 0
    }
}

extension TrackingGeometry {
    /// The silicon geometry plus straw-layer surfaces appended after its surfaces: the
    /// propagator can reach them by index, while the navigation (``next(_:inward:)``) still
    /// sees only the tracker's own surfaces.
    init(base: TrackingGeometry, strawSurfaces: [TrackingSurface]) {
        surfaces = base.surfaces + strawSurfaces
        barrel = base.barrel
        discs = base.discs
        maxActiveRadius = base.maxActiveRadius
    }
}
