import Foundation
import EventModel
import Detector

/// Track parameters on a tracker surface: (loc1, loc2, φ, θ, q/p) with loc1 = the azimuth
/// φ_pos of the point (radians, both for a barrel cylinder and a disc), loc2 = z on a
/// cylinder and r on a disc (mm); φ, θ the momentum direction there, q/p in 1/GeV.
/// Parameters are always those of the particle moving outwards, whichever way the fit runs.
struct SurfaceParameters: Sendable {
    var surface: Int
    var p: Vector5

    var phiPosition: Double { p[0] }
    var phi: Double { p[2] }
    var theta: Double { p[3] }
    var qOverP: Double { p[4] }

    func position(on s: TrackingSurface) -> Vector3 {
        let (sp, cp) = exactSinCos(p[0])
        return position(on: s, sinPhiPosition: sp, cosPhiPosition: cp)
    }

    @inline(__always) func position(on s: TrackingSurface, sinPhiPosition sp: Double, cosPhiPosition cp: Double) -> Vector3 {
        s.isBarrel ? Vector3(s.radiusOrZ * cp, s.radiusOrZ * sp, p[1]) : Vector3(p[1] * cp, p[1] * sp, s.radiusOrZ)
    }

    var direction: Vector3 {
        let (st, ct) = exactSinCos(p[3]), (sd, cd) = exactSinCos(p[2])
        return Vector3(st * cd, st * sd, ct)
    }

    /// Signed transverse curvature h = −(q/p)·B·k / sin θ (see ``Helix``), 1/mm.
    func curvature(fieldTesla: Double) -> Double {
        -p[4] * fieldTesla * Helix.momentumPerTeslaMM / sin(p[3])
    }

    /// The trajectory from this point: outwards, or (`backward`) inwards, as the helix of
    /// the reversed particle (−direction, −curvature traces the same curve backwards).
    func helix(on s: TrackingSurface, fieldTesla: Double, backward: Bool = false) -> Helix {
        helix(on: s, fieldTesla: fieldTesla, backward: backward, trig: AngleTrig(p))
    }

    /// The same from the angles' sines and cosines (`AngleTrig(p)`), when the caller needs them too.
    @inline(__always) func helix(on s: TrackingSurface, fieldTesla: Double, backward: Bool, trig t: AngleTrig) -> Helix {
        // `direction` and `curvature(fieldTesla:)` with one sin θ between them.
        let st = t.sinTheta
        let d = Vector3(st * t.cosPhi, st * t.sinPhi, t.cosTheta)
        let h = -p[4] * fieldTesla * Helix.momentumPerTeslaMM / st
        let x = position(on: s, sinPhiPosition: t.sinPhiPosition, cosPhiPosition: t.cosPhiPosition)
        return backward ? Helix(position: x, direction: -d, curvature: -h) : Helix(position: x, direction: d, curvature: h)
    }

    /// Parameters of a point and outward direction on surface `s`.
    init(surface: Int, on s: TrackingSurface, position x: Vector3, direction d: Vector3, qOverP: Double) {
        self.surface = surface
        let loc2 = s.isBarrel ? x.z : x.perp
        p = Vector5(atan2(x.y, x.x), loc2, atan2(d.y, d.x), atan2(d.perp, d.z), qOverP)
    }

    init(surface: Int, p: Vector5) {
        self.surface = surface
        self.p = p
    }
}

/// Wraps an angle difference into (−π, π].
@inline(__always) func wrapAngle(_ a: Double) -> Double {
    var x = a
    if x > Double.pi || x <= -Double.pi { x = x - 2 * Double.pi * (x / (2 * Double.pi)).rounded() }
    return x
}

/// Analytic helix transport between thin surfaces in the uniform solenoid field, with the
/// Jacobian from finite differences of the same transport (each step is a closed-form helix,
/// so the differences are accurate to ~1e-7 relative; cheaper to write than, and as good as,
/// the analytic derivatives for five parameters).
struct HelixPropagator: Sendable {
    let geometry: TrackingGeometry
    let fieldTesla: Double

    init(detector: Detector, geometry: TrackingGeometry) {
        self.geometry = geometry
        fieldTesla = detector.fieldTesla
    }

    /// Path to a given surface from a helix; nil if it is not reached.
    func path(_ h: Helix, to s: TrackingSurface) -> Double? {
        s.isBarrel ? h.pathToCylinder(radius: s.radiusOrZ) : h.pathToPlane(z: s.radiusOrZ)
    }

    /// Parameters on `target` without Jacobian. `knownPath`: the path to it along the same
    /// helix when the caller already has it (from ``TrackingGeometry/next(_:inward:)``);
    /// `helix`: that helix, `start.helix(on:fieldTesla:backward:)`, when the caller has it.
    func transport(_ start: SurfaceParameters, to target: Int, backward: Bool, knownPath: Double? = nil,
                   helix: Helix? = nil) -> SurfaceParameters? {
        transportAlong(start, to: target, backward: backward, knownPath: knownPath, helix: helix)?.end
    }

    /// ``transport(_:to:backward:knownPath:helix:)``, with the path it took along the helix
    /// (the reversed one when `backward`: the path outwards is then its negative) and the end
    /// point's position and outward direction.
    private func transportAlong(_ start: SurfaceParameters, to target: Int, backward: Bool, knownPath: Double?,
                                helix: Helix?) -> (end: SurfaceParameters, path: Double, position: Vector3, direction: Vector3)? {
        let from = geometry.surfaces[start.surface], to = geometry.surfaces[target]
        let h = helix ?? start.helix(on: from, fieldTesla: fieldTesla, backward: backward)
        guard let s = knownPath ?? path(h, to: to), s.isFinite, s < 20_000 else { return nil }
        let (x, d) = h.point(at: s)
        let outward = backward ? -d : d
        let out = SurfaceParameters(surface: target, on: to, position: x, direction: outward, qOverP: start.qOverP)
        return out.p.isFinite ? (out, s, x, outward) : nil
    }

    /// Parameters on `target` and the analytic Jacobian ∂(end)/∂(start).
    ///
    /// With free parameters (x, t, λ = q/p) the helix in B = B ẑ is, for path length s and
    /// ω = −λ B k (turning rate per unit path, independent of θ; k as in ``Helix``),
    /// t(s) = R_z(ωs) t₀ and x(s) = x₀ + ∫ t ds. Its derivatives at fixed s are closed-form;
    /// the path length then shifts so that the end point stays on the target surface,
    /// ds = −(n · dx)/(n · t) with n the surface normal at the end point. The chain
    /// bound(start) → free → free(end) → bound(end) gives the 5 × 5 Jacobian. Running
    /// backwards is the same helix with s < 0.
    func propagate(_ start: SurfaceParameters, to target: Int, backward: Bool, knownPath: Double? = nil,
                   helix known: Helix? = nil, trig: AngleTrig? = nil) -> (SurfaceParameters, Matrix5)? {
        var end = start, jac = Matrix5(), endTrig = AngleTrig()
        guard propagate(start, to: target, backward: backward, knownPath: knownPath, helix: known, trig: trig, end: &end,
                        endTrig: &endTrig, jacobian: &jac) else {
            return nil
        }
        return (end, jac)
    }

    /// ``propagate(_:to:backward:knownPath:helix:)`` in place: the parameters move to
    /// `target` and the covariance C becomes J C Jᵀ; false, and nothing changed, where that
    /// gives nil. (The 5 × 5 results are written where they stay, instead of being copied
    /// back through an optional tuple at every step of the filter.)
    func propagate(_ par: inout SurfaceParameters, _ cov: inout Matrix5, to target: Int, backward: Bool,
                   knownPath: Double? = nil, helix known: Helix? = nil, trig: AngleTrig? = nil) -> Bool {
        var endTrig = AngleTrig()
        return propagate(&par, &cov, to: target, backward: backward, knownPath: knownPath, helix: known, trig: trig,
                         endTrig: &endTrig)
    }

    /// The same, also giving the sines and cosines of the angles of the parameters on `target`
    /// (`endTrig`: `AngleTrig(position:direction:)` of the end point, `AngleTrig(par.p)` up to
    /// rounding): the propagation takes them anyway, and the caller's material step and next
    /// propagation use them while no measurement has moved the parameters.
    func propagate(_ par: inout SurfaceParameters, _ cov: inout Matrix5, to target: Int, backward: Bool,
                   knownPath: Double? = nil, helix known: Helix? = nil, trig: AngleTrig? = nil,
                   endTrig: inout AngleTrig) -> Bool {
        var end = par, jac = Matrix5()
        guard propagate(par, to: target, backward: backward, knownPath: knownPath, helix: known, trig: trig, end: &end,
                        endTrig: &endTrig, jacobian: &jac) else {
            return false
        }
        par = end
        cov.transport(by: jac)
        return true
    }

    /// `trig`: `AngleTrig(start.p)` when the caller has it (with `helix`, made from it);
    /// `endTrig` becomes the end angles' sines and cosines (as `propagate(_:_:to:…endTrig:)` says).
    private func propagate(_ start: SurfaceParameters, to target: Int, backward: Bool, knownPath: Double?, helix known: Helix?,
                           trig knownTrig: AngleTrig?, end endOut: inout SurfaceParameters, endTrig endTrigOut: inout AngleTrig,
                           jacobian jac: inout Matrix5) -> Bool {
        // The finite-difference fallback, in degenerate geometry.
        func numerically() -> Bool {
            guard let (e, j) = propagateNumerically(start, to: target, backward: backward) else { return false }
            endOut = e
            endTrigOut = AngleTrig(e.p)
            jac = j
            return true
        }
        let from = geometry.surfaces[start.surface], to = geometry.surfaces[target]
        // The start point and outward direction are the helix's (reversed when running
        // backwards): the same arithmetic as `position(on:)` and `direction`, done once.
        let trig = knownTrig ?? AngleTrig(start.p)
        let helix = known ?? start.helix(on: from, fieldTesla: fieldTesla, backward: backward, trig: trig)
        guard let (end, helixPath, endPosition, endDirection) = transportAlong(start, to: target, backward: backward,
                                                                                knownPath: knownPath, helix: helix) else {
            return false
        }
        // The end angles' sines and cosines from the end point and direction themselves
        // (y/ρ, x/ρ, …: the sines and cosines of the atan2 that made the angles, to rounding),
        // and the turning angle from the transport's own path, instead of three sincos and
        // two atan2 of the start and end directions (a third of this function's
        // instructions with the library's, callgrind μ = 40). Both differ from the earlier
        // ones by rounding only.
        let endTrig = AngleTrig(position: endPosition, direction: endDirection)
        let x1 = end.position(on: to, sinPhiPosition: endTrig.sinPhiPosition, cosPhiPosition: endTrig.cosPhiPosition)
        let t0 = backward ? -helix.direction : helix.direction
        // `end.direction`, from the sines and cosines above.
        let t1 = Vector3(endTrig.sinTheta * endTrig.cosPhi, endTrig.sinTheta * endTrig.sinPhi, endTrig.cosTheta)
        // Signed path length along the outward direction: the transport's; unless the track
        // runs along the beam (|cos θ| > 0.9) or straight, from the turning angle ω s taken
        // into (−π, π], as the difference of the directions' azimuths gave it. (That differs
        // from the path for a step of more than half a turn only. The TRT refit made ≈ 100
        // such inward steps in `validate tracking -n 30 --mu 40`, 6–22 m along a low-pT
        // helix, from straws its prediction had found after the helix left the tracker and
        // came back most of a turn later; since the prediction ends at the tracker's
        // envelope (TRTPrediction.swift) it makes none.)
        let omega = -start.qOverP * fieldTesla * Helix.momentumPerTeslaMM
        var s = backward ? -helixPath : helixPath
        let st0 = t0.perp
        if !(abs(t0.z) > 0.9 * (t0.z * t0.z + st0 * st0).squareRoot() || st0 < 1e-9) && abs(omega) > 1e-12 {
            s = wrapAngle(omega * s) / omega
        }

        // d(free start)/d(bound start), A: rows x, y, z, tx, ty, tz, λ (7 × 5). Its set
        // entries A[k][j] (`ak_j`; the others are zero): z by loc2 on a cylinder (1), x and y
        // by loc2 = r on a disc, t by φ and θ, λ by q/p (1).
        let sphi = trig.sinPhiPosition, cphi = trig.cosPhiPosition
        let r0 = from.isBarrel ? from.radiusOrZ : start.p[1]
        let a0_0 = -r0 * sphi, a1_0 = r0 * cphi
        let a0_1 = cphi, a1_1 = sphi   // a disc's only
        let sd = trig.sinPhi, cd = trig.cosPhi, sth = trig.sinTheta, cth = trig.cosTheta
        let a3_2 = -sth * sd, a4_2 = sth * cd
        let a3_3 = cth * cd, a4_3 = cth * sd, a5_3 = -sth

        // d(free end)/d(free start) at fixed s (7 × 7).
        var f = InlineArray<49, Double>(repeating: 0)
        let ws = omega * s
        let (sn, cs) = exactSinCos(ws)
        let tx = t0.x, ty = t0.y
        for i in 0..<3 { f[i * 7 + i] = 1 }
        // x(s) − x0 = (tx S + ty (C − 1))/ω, (tx (1 − C) + ty S)/ω, tz s; small-ω limits by series.
        var sOverW: Double, cm1OverW: Double, dSdw: Double, dCdw: Double
        if abs(ws) < 1e-4 {
            sOverW = s * (1 - ws * ws / 6)
            cm1OverW = -s * ws / 2
            // d/dω of (S/ω) and ((C − 1)/ω)
            dSdw = -s * s * s * omega / 3
            dCdw = -s * s / 2
        } else {
            sOverW = sn / omega
            cm1OverW = (cs - 1) / omega
            dSdw = (s * cs * omega - sn) / (omega * omega)
            dCdw = (-s * sn * omega - (cs - 1)) / (omega * omega)
        }
        f[0 * 7 + 3] = sOverW; f[0 * 7 + 4] = cm1OverW
        f[1 * 7 + 3] = -cm1OverW; f[1 * 7 + 4] = sOverW
        f[2 * 7 + 5] = s
        f[3 * 7 + 3] = cs; f[3 * 7 + 4] = -sn
        f[4 * 7 + 3] = sn; f[4 * 7 + 4] = cs
        f[5 * 7 + 5] = 1
        f[6 * 7 + 6] = 1
        let dwdl = -fieldTesla * Helix.momentumPerTeslaMM
        f[0 * 7 + 6] = (tx * dSdw + ty * dCdw) * dwdl
        f[1 * 7 + 6] = (-tx * dCdw + ty * dSdw) * dwdl
        f[3 * 7 + 6] = s * (-tx * sn - ty * cs) * dwdl
        f[4 * 7 + 6] = s * (tx * cs - ty * sn) * dwdl

        // Path correction onto the target surface: n · (dx + t ds) = 0.
        var n = (0.0, 0.0, 1.0)
        if to.isBarrel { let r = x1.perp; n = (x1.x / r, x1.y / r, 0) }
        let nt = n.0 * t1.x + n.1 * t1.y + n.2 * t1.z
        guard abs(nt) > 1e-9 else { return numerically() }
        // dfree/ds at the end: (t, ω (−ty, tx, 0), 0).
        let dfds: InlineArray<7, Double> = [t1.x, t1.y, t1.z, -omega * t1.y, omega * t1.x, 0, 0]
        // (Rows tz and λ of dfree/ds are zero: G's rows are F's there.)
        var g = f
        for j in 0..<7 {
            let ndx = n.0 * f[0 * 7 + j] + n.1 * f[1 * 7 + j] + n.2 * f[2 * 7 + j]
            let ds = -ndx / nt
            for i in 0..<5 { g[i * 7 + j] += dfds[i] * ds }
        }

        // d(bound end)/d(free end), B (5 × 7): its set entries B[i][k] (`bi_k`): φ_pos by x
        // and y, loc2 by z on a cylinder (1) or by x and y on a disc, φ and θ by t, q/p by λ (1).
        let r2 = x1.x * x1.x + x1.y * x1.y
        let b0_0 = -x1.y / r2, b0_1 = x1.x / r2
        let rDisc = to.isBarrel ? 1 : r2.squareRoot()
        let b1_0 = x1.x / rDisc, b1_1 = x1.y / rDisc   // a disc's only
        let tt2 = t1.x * t1.x + t1.y * t1.y
        let tt = tt2.squareRoot()
        let b2_3 = -t1.y / tt2, b2_4 = t1.x / tt2
        // θ = atan2(√(tx² + ty²), tz) with |t| = 1: dθ = (tz (tx dtx + ty dty)/tt − tt dtz)
        let b3_3 = t1.z * t1.x / tt, b3_4 = t1.z * t1.y / tt, b3_5 = -tt

        // J = B · G · A over the set entries of A and B only (9 and 10 products per row
        // instead of 35, 2 of them for the rows of 1s: the dense products were 60 % of this
        // function's instructions, callgrind μ = 40). Each sum is written as the dense loop
        // ran it — 0 + the first product, then the next ones by increasing k — and the
        // products left out are exact zeros, which change no sum of finite numbers
        // (x + ±0 = x, and a sum started at +0 is never −0): the same bits as the dense
        // product (the tracking digests did not move).
        var ga = InlineArray<35, Double>(repeating: 0)
        for i in 0..<7 {
            let row = i * 7
            ga[i * 5 + 0] = 0 + g[row + 0] * a0_0 + g[row + 1] * a1_0
            ga[i * 5 + 1] = from.isBarrel ? 0 + g[row + 2] : 0 + g[row + 0] * a0_1 + g[row + 1] * a1_1
            ga[i * 5 + 2] = 0 + g[row + 3] * a3_2 + g[row + 4] * a4_2
            ga[i * 5 + 3] = 0 + g[row + 3] * a3_3 + g[row + 4] * a4_3 + g[row + 5] * a5_3
            ga[i * 5 + 4] = 0 + g[row + 6]
        }
        for j in 0..<5 {
            jac[0, j] = 0 + b0_0 * ga[0 * 5 + j] + b0_1 * ga[1 * 5 + j]
            jac[1, j] = to.isBarrel ? 0 + ga[2 * 5 + j] : 0 + b1_0 * ga[0 * 5 + j] + b1_1 * ga[1 * 5 + j]
            jac[2, j] = 0 + b2_3 * ga[3 * 5 + j] + b2_4 * ga[4 * 5 + j]
            jac[3, j] = 0 + b3_3 * ga[3 * 5 + j] + b3_4 * ga[4 * 5 + j] + b3_5 * ga[5 * 5 + j]
            jac[4, j] = 0 + ga[6 * 5 + j]
        }
        for i in 0..<25 where !jac.e[i].isFinite { return numerically() }
        endOut = end
        endTrigOut = endTrig
        return true
    }

    /// The Jacobian by finite differences of the transport (the check of the analytic one,
    /// and its fallback in degenerate geometry).
    func propagateNumerically(_ start: SurfaceParameters, to target: Int, backward: Bool) -> (SurfaceParameters, Matrix5)? {
        guard let end = transport(start, to: target, backward: backward) else { return nil }
        var jac = Matrix5()
        let steps: InlineArray<5, Double> = [1e-7, 1e-5, 1e-7, 1e-7, max(1e-6 * abs(start.qOverP), 1e-9)]
        for k in 0..<5 {
            var q = start
            q.p[k] += steps[k]
            guard let e = transport(q, to: target, backward: backward) else { return nil }
            for i in 0..<5 {
                var d = e.p[i] - end.p[i]
                if i == 0 || i == 2 { d = wrapAngle(d) }
                jac[i, k] = d / steps[k]
            }
        }
        return (end, jac)
    }
}
