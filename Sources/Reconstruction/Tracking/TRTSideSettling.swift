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
    func resolveSides(_ input: [StrawHit], kinks: [Kink], sigmaCurvature: Double, road: Double,
                      sinTheta: Double) -> [StrawHit] {
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
        // In the annealing, the correction of each hit comes from the fit with the kinks.
        var annealing = false
        var curve = KinkedCurveFit(f: [], x: [], kinkX: [], prior: [0, 0, 0])
        func model(_ i: Int) -> Double {
            annealing ? hits[i].predicted + curve.correction[i]
                : hits[i].predicted + f[i] * (delta.0 + delta.1 * x[i] + delta.2 * x[i] * x[i] / 2)
        }
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
        keep = b.keep
        measured = b.measured
        // Annealing with the kinks (``KinkedCurveFit``): the three parameters above and one
        // scattering angle per kink, each with its Highland width as prior.
        var priors = [prior.0, prior.1, prior.2]
        for k in kinks { priors.append(1 / max(k.sigmaSlope * k.sigmaSlope, 1e-20)) }
        curve = KinkedCurveFit(f: f, x: x, kinkX: kinks.map { $0.path * sinTheta - meanX }, prior: priors)
        let predicted = hits.map(\.predicted)
        func solveWithKinks() -> Bool { curve.solve(keep: keep, measured: measured, predicted: predicted, weight: w) }
        // The window halves from the search's cut to 4σ of the drift resolution; at each
        // width the fit and the choice alternate until the choice stands (at most 4 times).
        annealing = true
        let finalWindow = 4 * sigma
        var window = cut, converged = true
        repeat {
            window = max(window / 2, finalWindow)
            for _ in 0..<4 {
                guard solveWithKinks() else { converged = false; break }
                if !choose(window: window) { break }
            }
        } while converged && window > finalWindow
        if !converged {
            keep = b.keep
            measured = b.measured
        }
        for i in 0..<n { hits[i].measured = measured[i] }
        return (0..<n).filter { keep[$0] }.map { hits[$0] }
    }
}
