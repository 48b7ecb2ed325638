import Foundation
import EventModel
import Detector
import Digitization

extension TRTExtension {
    /// A material surface crossed between the first and the last candidate straw: the track
    /// may turn there by a scattering angle.
    struct Kink {
        /// Path length of the prediction at the surface, mm (as ``StrawHit/path``).
        var path: Double
        /// r.m.s. change of the transverse direction there (Highland's plane angle / sin θ), rad.
        var sigmaSlope: Double
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
    ///
    /// The search allows for the scattering in the TRT with an effective resolution (the
    /// whole displacement θ₀L/√3, ≈ 1.6 mm at 1 GeV), which takes in nearly every fired
    /// straw near the track: at μ = 40 (27 % of the barrel straws fire) those are often
    /// another particle's. The chosen solution is therefore annealed: the track's scattering
    /// is put into the model where it happens — a kink of σ = Highland's angle at each
    /// material surface crossed among the straws (`kinks`), so the model describes the true
    /// track to the drift resolution — and the window halved from the search's 4σ down to
    /// 4σ of the drift resolution, the straw and side of each layer chosen afresh at each
    /// step.
    ///
    /// The working arrays are `scratch`'s, reused from track to track of an event.
    func resolveSides(_ input: [StrawHit], kinks: [Kink], sigmaCurvature: Double, road: Double,
                      sinTheta: Double, scratch: inout SideSettlingScratch) -> [StrawHit] {
        let hits = input
        let n = hits.count
        let meanX = hits.reduce(0) { $0 + $1.path } * sinTheta / Double(n)
        scratch.x.refill(0, count: n)
        scratch.f.refill(0, count: n)
        for i in 0..<n {
            scratch.x[i] = hits[i].path * sinTheta - meanX
            // ∂d/∂(shift of the track to its left in the transverse plane): in the barrel
            // d = (W − Q)·n with n the right-hand normal, so exactly 1; in the end-caps
            // (radial wires) numerically.
            guard !straws.isBarrel(layer: hits[i].layer) else { scratch.f[i] = 1; continue }
            let t = hits[i].direction, q = hits[i].position
            let tt = max((t.x * t.x + t.y * t.y).squareRoot(), 1e-9)
            let eps = 1e-3
            let shifted = Vector3(q.x - eps * t.y / tt, q.y + eps * t.x / tt, q.z)
            let (sw, cw) = sinCos(straws.wirePhi(layer: hits[i].layer, straw: Int(digits[hits[i].digit].straw)))
            scratch.f[i] = (StrawGeometry.radialDistance(wireCos: cw, wireSin: sw, position: shifted, direction: t)
                - StrawGeometry.radialDistance(wireCos: cw, wireSin: sw, position: q, direction: t)) / eps
        }
        let prior = (1 / (road * road), 1e4 / (road * road), 1 / max(sigmaCurvature * sigmaCurvature, 1e-20))
        let w = 1 / (sigma * sigma)
        scratch.state.load(hits: hits, f: scratch.f, x: scratch.x, weight: w)
        let groups = scratch.state.groups
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
        // The best start's choice is copied into buffers of its own (sharing the state's
        // arrays made the next start's in-place choice copy them: two heap arrays a start).
        var best: (kept: Int, chi2: Double)?
        scratch.bestKeep.refill(false, count: n)
        scratch.bestMeasured.refill(0, count: n)
        for m in 0...(2 * steps) {
            let k = m % 2 == 1 ? (m + 1) / 2 : -(m / 2)
            scratch.state.delta = (Double(k) * 0.5, 0, 0)
            _ = scratch.state.chooseAlongDelta(window: road)
            for iteration in 0..<8 {
                scratch.state.solve(prior: prior)
                if !scratch.state.chooseAlongDelta(window: iteration < 2 ? max(cut, road / 2) : cut) && iteration >= 2 { break }
            }
            // The model is that of the last choice (the current δ).
            let (kept, chi2) = scratch.state.keptChi2()
            if best == nil || kept > best!.kept || (kept == best!.kept && chi2 < best!.chi2) {
                best = (kept, chi2)
                scratch.state.save(keep: &scratch.bestKeep, measured: &scratch.bestMeasured)
            }
            let ndf = Double(max(kept - 3, 1))
            if kept == groups && chi2 / variance < ndf + 3 * (2 * ndf).squareRoot() { break }
        }
        guard best != nil else { return [] }
        scratch.state.restore(keep: scratch.bestKeep, measured: scratch.bestMeasured)
        // Annealing with the kinks (``KinkedCurveFit``): the three parameters above and one
        // scattering angle per kink, each with its Highland width as prior.
        scratch.priors.removeAll(keepingCapacity: true)
        scratch.priors.append(prior.0)
        scratch.priors.append(prior.1)
        scratch.priors.append(prior.2)
        scratch.kinkX.removeAll(keepingCapacity: true)
        for k in kinks {
            scratch.priors.append(1 / max(k.sigmaSlope * k.sigmaSlope, 1e-20))
            scratch.kinkX.append(k.path * sinTheta - meanX)
        }
        scratch.curve.load(f: scratch.f, x: scratch.x, kinkX: scratch.kinkX, prior: scratch.priors)
        // The window halves from the search's cut to 4σ of the drift resolution; at each
        // width the fit and the choice alternate until the choice stands (at most 4 times).
        // `current`: the curve is the fit of the choice as it stands (the last choice changed
        // nothing), so a new width starts with the choice, not with a fit that would give
        // the same numbers again.
        let finalWindow = 4 * sigma
        var window = cut, converged = true, current = false
        repeat {
            window = max(window / 2, finalWindow)
            for _ in 0..<4 {
                if !current {
                    guard scratch.curve.solve(keep: scratch.state.keep, measured: scratch.state.measured,
                                              predicted: scratch.state.predicted, weight: w) else {
                        converged = false; break
                    }
                }
                current = !scratch.state.choose(window: window, correction: scratch.curve.correction)
                if current { break }
            }
        } while converged && window > finalWindow
        if !converged { scratch.state.restore(keep: scratch.bestKeep, measured: scratch.bestMeasured) }
        var out: [StrawHit] = []
        out.reserveCapacity(n)
        for i in 0..<n where scratch.state.keep[i] {
            var h = input[i]
            h.measured = scratch.state.measured[i]
            out.append(h)
        }
        return out
    }
}

extension TRTExtension {
    /// The side settling's working arrays, kept by ``extend(_:stats:)`` across the tracks of
    /// an event and filled afresh for each (`refill`, `load`): their buffers are reused
    /// instead of ≈ 20 heap arrays allocated and released per track. Nothing of one track's
    /// numbers reaches the next (each array is overwritten or refilled before it is read).
    struct SideSettlingScratch {
        /// Transverse path from the straws' centre and ∂d/∂shift, per straw.
        var x: [Double] = [], f: [Double] = []
        /// The best start's choice.
        var bestKeep: [Bool] = [], bestMeasured: [Double] = []
        /// The kinked fit's priors and kink positions.
        var priors: [Double] = [], kinkX: [Double] = []
        var state = SideChoice()
        var curve = KinkedCurveFit()
    }
}

extension Array {
    /// `count` copies of `value`, in the array's own buffer when it is large enough (the
    /// side settling's arrays, refilled track after track; a new array is a heap allocation).
    mutating func refill(_ value: Element, count: Int) {
        removeAll(keepingCapacity: true)
        append(contentsOf: repeatElement(value, count: count))
    }
}

/// The working state of ``TRTExtension/resolveSides(_:kinks:sigmaCurvature:road:sinTheta:scratch:)``
/// — the straws kept, their signed radii, the curve's model distances — with the
/// three-parameter fit and the per-layer choice as loops over flat arrays (that function
/// runs them up to ≈ 100 times per track, once per start and iteration). The arithmetic is
/// that of the formulas there term by term, so the results are the same bits.
///
/// Its arrays are reused from track to track: `load` refills them in place.
struct SideChoice {
    private(set) var n = 0
    /// Straw layers with candidates: hits of one layer share a group 0 ..< groups.
    private(set) var groups = 0
    private(set) var group: [Int] = []
    private(set) var predicted: [Double] = []
    private(set) var f: [Double] = []
    private(set) var x: [Double] = []
    /// Design row (f, f x, f x²/2) = (v0, v1, v2) of each straw, v0 = `f`; the sums take its
    /// products with the weight w term by term (w · v[i], as arrays of their own held
    /// before: the same bits). f and x are copied into buffers of the state's own (sharing
    /// the caller's would make the caller's next refill copy them).
    private(set) var v1: [Double] = [], v2: [Double] = []
    private(set) var weight = 0.0
    var keep: [Bool] = []
    /// The signed radii: ± the drift radius, |measured| the radius itself.
    var measured: [Double] = []
    /// Model signed distance of each straw from the current curve.
    var model: [Double] = []
    /// Offset, angle and curvature of the three-parameter curve.
    var delta = (0.0, 0.0, 0.0)
    var bestIndex: [Int] = []
    var bestResidual: [Double] = []
    /// The normal matrix of the three-parameter fit (prior included) for the straws now
    /// kept: it depends on `keep` alone, so it is summed again only when that changed.
    var normal: (a00: Double, a01: Double, a02: Double, a11: Double, a12: Double, a22: Double)?

    /// Sets the state up for a new track's straws, in the arrays it already holds: all
    /// straws kept, no normal matrix summed.
    mutating func load(hits: [TRTExtension.StrawHit], f: [Double], x: [Double], weight w: Double) {
        let n = hits.count
        self.n = n
        groups = (hits.last?.group ?? -1) + 1
        weight = w
        normal = nil
        delta = (0, 0, 0)
        group.refill(0, count: n)
        predicted.refill(0, count: n)
        measured.refill(0, count: n)
        model.refill(0, count: n)
        self.f.refill(0, count: n)
        self.x.refill(0, count: n)
        v1.refill(0, count: n)
        v2.refill(0, count: n)
        keep.refill(true, count: n)
        bestIndex.refill(-1, count: groups)
        bestResidual.refill(.infinity, count: groups)
        // One pass over the hits, written through buffer pointers. (Copies of one zero array,
        // written element by element, each made a second allocation on its first write and
        // a uniqueness check at every write: callgrind, μ = 0, 10.2 M instructions for 754
        // tracks, with the three weighted rows and the radii, now computed where they are used.)
        group.withUnsafeMutableBufferPointer { group in
        predicted.withUnsafeMutableBufferPointer { predicted in
        measured.withUnsafeMutableBufferPointer { measured in
        self.f.withUnsafeMutableBufferPointer { ownF in
        self.x.withUnsafeMutableBufferPointer { ownX in
        v1.withUnsafeMutableBufferPointer { v1 in
        v2.withUnsafeMutableBufferPointer { v2 in
            for i in 0..<n {
                let h = hits[i]
                group[i] = h.group
                predicted[i] = h.predicted
                measured[i] = h.measured
                ownF[i] = f[i]
                ownX[i] = x[i]
                v1[i] = f[i] * x[i]
                v2[i] = f[i] * x[i] * x[i] / 2
            }
        }
        }
        }
        }
        }
        }
        }
    }

    /// Copies `keep` and `measured` back from `save(keep:measured:)`'s buffers, element by
    /// element (the state's arrays stay its own: no copy on its next in-place choice).
    mutating func restore(keep k: [Bool], measured m: [Double]) {
        for i in 0..<n {
            keep[i] = k[i]
            measured[i] = m[i]
        }
        normal = nil
    }

    /// Copies `keep` and `measured` into the caller's buffers (n entries each).
    func save(keep k: inout [Bool], measured m: inout [Double]) {
        for i in 0..<n {
            k[i] = keep[i]
            m[i] = measured[i]
        }
    }

    /// Normal equations (3 × 3, symmetric) of Σ w (s_i r_i − d_i − f_i v_i·δ)² + prior over
    /// the kept straws, solved by Cramer's rule into `delta` (left as it is when singular).
    mutating func solve(prior: (Double, Double, Double)) {
        let a: (a00: Double, a01: Double, a02: Double, a11: Double, a12: Double, a22: Double)
        if let cached = normal { a = cached } else {
            var a00 = prior.0, a01 = 0.0, a02 = 0.0, a11 = prior.1, a12 = 0.0, a22 = prior.2
            let n = n, w = weight
            keep.withUnsafeBufferPointer { keep in
            f.withUnsafeBufferPointer { v0 in
            v1.withUnsafeBufferPointer { v1 in
            v2.withUnsafeBufferPointer { v2 in
                for i in 0..<n where keep[i] {
                    let wv0 = w * v0[i], wv1 = w * v1[i], wv2 = w * v2[i]
                    a00 += wv0 * v0[i]; a01 += wv0 * v1[i]; a02 += wv0 * v2[i]
                    a11 += wv1 * v1[i]; a12 += wv1 * v2[i]; a22 += wv2 * v2[i]
                }
            }
            }
            }
            }
            a = (a00, a01, a02, a11, a12, a22)
            normal = a
        }
        var b0 = 0.0, b1 = 0.0, b2 = 0.0
        let n = n, w = weight
        keep.withUnsafeBufferPointer { keep in
        measured.withUnsafeBufferPointer { measured in
        predicted.withUnsafeBufferPointer { predicted in
        f.withUnsafeBufferPointer { v0 in
        v1.withUnsafeBufferPointer { v1 in
        v2.withUnsafeBufferPointer { v2 in
            for i in 0..<n where keep[i] {
                let y = measured[i] - predicted[i]
                b0 += w * v0[i] * y; b1 += w * v1[i] * y; b2 += w * v2[i] * y
            }
        }
        }
        }
        }
        }
        }
        let c00 = a.a11 * a.a22 - a.a12 * a.a12, c01 = a.a02 * a.a12 - a.a01 * a.a22, c02 = a.a01 * a.a12 - a.a02 * a.a11
        let det = a.a00 * c00 + a.a01 * c01 + a.a02 * c02
        guard det != 0, det.isFinite else { return }
        let c11 = a.a00 * a.a22 - a.a02 * a.a02, c12 = a.a01 * a.a02 - a.a00 * a.a12, c22 = a.a00 * a.a11 - a.a01 * a.a01
        delta = ((c00 * b0 + c01 * b1 + c02 * b2) / det, (c01 * b0 + c11 * b1 + c12 * b2) / det,
                 (c02 * b0 + c12 * b1 + c22 * b2) / det)
    }

    /// `choose(window:)` with the model of the three-parameter curve `delta`.
    mutating func chooseAlongDelta(window: Double) -> Bool {
        let d = delta
        model.withUnsafeMutableBufferPointer { model in
        predicted.withUnsafeBufferPointer { predicted in
        f.withUnsafeBufferPointer { f in
        x.withUnsafeBufferPointer { x in
            for i in 0..<n { model[i] = predicted[i] + f[i] * (d.0 + d.1 * x[i] + d.2 * x[i] * x[i] / 2) }
        }
        }
        }
        }
        return choose(window: window)
    }

    /// `choose(window:)` with the model of the kinked curve's `correction`.
    mutating func choose(window: Double, correction: [Double]) -> Bool {
        model.withUnsafeMutableBufferPointer { model in
        predicted.withUnsafeBufferPointer { predicted in
        correction.withUnsafeBufferPointer { correction in
            for i in 0..<n { model[i] = predicted[i] + correction[i] }
        }
        }
        }
        return choose(window: window)
    }

    /// Per layer, the candidate and side nearest the model, if within `window`; each
    /// straw's side from the model. True if a side or a choice changed.
    private mutating func choose(window: Double) -> Bool {
        var changed = false, keepChanged = false
        let n = n
        model.withUnsafeBufferPointer { model in
        group.withUnsafeBufferPointer { group in
        measured.withUnsafeMutableBufferPointer { measured in
        keep.withUnsafeMutableBufferPointer { keep in
        bestIndex.withUnsafeMutableBufferPointer { bestIndex in
        bestResidual.withUnsafeMutableBufferPointer { bestResidual in
            for g in 0..<bestIndex.count { bestIndex[g] = -1; bestResidual[g] = .infinity }
            for i in 0..<n {
                let m = model[i]
                let radius = abs(measured[i])
                let s = m >= 0 ? radius : -radius
                if s != measured[i] { measured[i] = s; changed = true }
                let r = abs(s - m)
                let g = group[i]
                if r <= window && r < bestResidual[g] { bestResidual[g] = r; bestIndex[g] = i }
            }
            for i in 0..<n {
                let k = bestIndex[group[i]] == i
                if k != keep[i] { keep[i] = k; keepChanged = true }
            }
        }
        }
        }
        }
        }
        }
        if keepChanged { normal = nil }
        return changed || keepChanged
    }

    /// The number of straws kept and Σ (measured − model)² over them.
    func keptChi2() -> (Int, Double) {
        var chi2 = 0.0, kept = 0
        for i in 0..<n where keep[i] {
            let r = measured[i] - model[i]
            kept += 1
            chi2 += r * r
        }
        return (kept, chi2)
    }
}
