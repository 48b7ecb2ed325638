import Foundation
import EventModel
import Detector

extension TRTExtension {
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
}
