import Foundation
import EventModel
import Detector

extension TRTExtension {
    /// A track's circle in the transverse plane: a point Q on it, the right-hand normal n of
    /// its direction there, and the signed curvature κ with the centre at Q + n/κ.
    struct TransverseCircle {
        var qx = 0.0, qy = 0.0, nx = 0.0, ny = 0.0, kappa = 0.0
    }

    /// The state a gap's straws are linearised about (see `refit`), in the two forms the
    /// straw models need — its transverse circle (barrel straws) and its outward helix
    /// (end-cap straws) — with what their derivatives with respect to the state's
    /// parameters (loc1, loc2, φ, θ, q/p) need. Made once per gap.
    struct StrawModelReference {
        var circle: TransverseCircle
        var helix: Helix
        /// ∂(point)/∂loc2: (0, 0, 1) on a cylinder (loc2 = z), (cos φ_pos, sin φ_pos, 0) on a
        /// disc (loc2 = r). ∂(point)/∂loc1 = (−y, x, 0) on both.
        var pointPerLoc2: Vector3
        /// The direction's angles at the point.
        var sinPhi: Double, cosPhi: Double, sinTheta: Double, cosTheta: Double
        /// ∂κ/∂(q/p) = B k / sin θ (κ = −h, h the helix curvature): 1/(mm GeV⁻¹).
        var kappaPerQOverP: Double
    }

    /// The reference of the straw models for the state `par`: its circle and helix, the same
    /// numbers as the state's own `position(on:)` and `helix(on:fieldTesla:)`.
    func strawModelReference(_ par: SurfaceParameters) -> StrawModelReference {
        let s = geometry.surfaces[par.surface]
        let trig = AngleTrig(par.p)
        let x = par.position(on: s, sinPhiPosition: trig.sinPhiPosition, cosPhiPosition: trig.cosPhiPosition)
        let (sphi, cphi) = sinCos(par.p[2])
        let field = propagator.fieldTesla
        // Helix curvature h turns the direction to the left; the centre Q − n/h.
        let circle = TransverseCircle(qx: x.x, qy: x.y, nx: sphi, ny: -cphi, kappa: -par.curvature(fieldTesla: field))
        return StrawModelReference(
            circle: circle, helix: par.helix(on: s, fieldTesla: field, backward: false, trig: trig),
            pointPerLoc2: s.isBarrel ? Vector3(0, 0, 1) : Vector3(trig.cosPhiPosition, trig.sinPhiPosition, 0),
            sinPhi: trig.sinPhi, cosPhi: trig.cosPhi, sinTheta: trig.sinTheta, cosTheta: trig.cosTheta,
            kappaPerQOverP: field * Helix.momentumPerTeslaMM / trig.sinTheta)
    }

    /// The signed distance from a barrel straw's wire to the track's circle (positive with
    /// the wire on the track's right, as ``StrawGeometry/signedDistance(layer:straw:position:direction:)``)
    /// and its derivatives with respect to the reference state's parameters. With
    /// A = W − Q, a = A·n and b = |A|², the distance ρ − |W − C| (ρ = 1/κ) is
    /// d = (2a − bκ)/(1 + √u), u = 1 − 2aκ + bκ² = κ²|W − C|², which stays exact as κ → 0.
    ///
    /// The derivatives are analytic: ∂d/∂a = (2 + dκ/√u)/(1 + √u), ∂d/∂b = −(κ + dκ²/(2√u))/(1 + √u),
    /// ∂d/∂κ = −(b + d(bκ − a)/√u)/(1 + √u); then ∂a/∂Q = −n, ∂b/∂Q = −2A, ∂a/∂n = A, with
    /// ∂Q/∂loc1 = (−Q_y, Q_x), ∂Q/∂loc2 = the transverse part of `pointPerLoc2`,
    /// ∂n/∂φ = (−n_y, n_x), ∂κ/∂θ = −κ cot θ, ∂κ/∂(q/p) = B k / sin θ. (Session 9 took them from
    /// five perturbed circles: forward differences, good to ≈ 10⁻⁵ relative, at five
    /// distances per straw.) √u = |κ|·|W − C| ≈ 1 for a wire near the track.
    func barrelModel(_ ref: StrawModelReference, layer: Int, straw: Int) -> (value: Double, h: InlineArray<5, Double>) {
        let (sw, cw) = sinCos(straws.wirePhi(layer: layer, straw: straw))
        let r = straws.barrelRadii[layer]
        let t = ref.circle
        let ax = r * cw - t.qx, ay = r * sw - t.qy
        let a = ax * t.nx + ay * t.ny, b = ax * ax + ay * ay, k = t.kappa
        let root = max(0, 1 - 2 * a * k + b * k * k).squareRoot()
        let denominator = 1 + root
        let value = (2 * a - b * k) / denominator
        var h = InlineArray<5, Double>(repeating: 0)
        // A wire at the circle's centre (√u = 0) has no distance gradient: it cannot be a
        // straw the track crossed (its drift circle would be the track's radius, metres).
        guard root > 0 else { return (value, h) }
        let inverseRoot = 1 / root
        let dA = (2 + value * k * inverseRoot) / denominator
        let dB = -(k + value * k * k * inverseRoot / 2) / denominator
        let dK = -(b + value * (b * k - a) * inverseRoot) / denominator
        // ∂d/∂Q.
        let gx = -dA * t.nx - 2 * dB * ax, gy = -dA * t.ny - 2 * dB * ay
        h[0] = -gx * t.qy + gy * t.qx
        h[1] = gx * ref.pointPerLoc2.x + gy * ref.pointPerLoc2.y
        h[2] = dA * (-ax * t.ny + ay * t.nx)
        h[3] = -dK * k * ref.cosTheta / ref.sinTheta
        h[4] = dK * ref.kappaPerQOverP
        return (value, h)
    }

    /// The signed distance from an end-cap straw's radial wire to the track where it crosses
    /// the straw plane z_p, and its derivatives: z grows linearly along a helix, so the
    /// helix reaches the plane after the transverse path L = (z_p − z₀) tan θ, in closed form.
    ///
    /// The derivatives are analytic. At the plane the helix has turned by α = hL to the
    /// direction angle ψ = φ + α, and its point is x₀ + L (cos φ A − sin φ B),
    /// y₀ + L (sin φ A + cos φ B) with A = sin α/α, B = (1 − cos α)/α. The distance to the
    /// wire at azimuth φ_w is g = cos θ · w/N with w = x sin φ_w − y cos φ_w,
    /// N = √(cos²θ + sin²θ σ²), σ = sin(φ_w − ψ) (``StrawGeometry/radialDistance(wireCos:wireSin:position:direction:)``);
    /// its partial derivatives with respect to (x, y, ψ, θ) are (cos θ sin φ_w, −cos θ cos φ_w,
    /// cos θ sin²θ w σ cos(φ_w − ψ)/N², −sin θ w σ²/N²)/N. The chain runs through
    /// x₀, y₀ (loc1, and loc2 on a disc), L (loc2 = z₀ on a cylinder: −tan θ; θ:
    /// (z_p − z₀)/cos²θ), φ, h (θ: −h cot θ; q/p: −B k/sin θ).
    func endcapModel(_ ref: StrawModelReference, layer: Int, straw: Int) -> (value: Double, h: InlineArray<5, Double>) {
        let (sw, cw) = sinCos(straws.wirePhi(layer: layer, straw: straw))
        let zPlane = geometry.surfaces[firstStrawSurface + layer].radiusOrZ
        let helix = ref.helix
        guard helix.direction.z != 0 else { return (.nan, InlineArray(repeating: .nan)) }
        let (x, d) = helix.point(at: (zPlane - helix.position.z) / helix.direction.z)
        let value = StrawGeometry.radialDistance(wireCos: cw, wireSin: sw, position: x, direction: d)

        let st = ref.sinTheta, ct = ref.cosTheta, sphi = ref.sinPhi, cphi = ref.cosPhi
        let dz = zPlane - helix.position.z
        let length = dz * st / ct
        let curvature = helix.curvature
        let alpha = curvature * length
        // ψ from the helix point's direction, α = ψ − φ by the angle-difference formulas
        // (no third sine and cosine: the point's were ≈ a quarter of this function's cost).
        let cpsi = d.x / st, spsi = d.y / st
        let sa = spsi * cphi - cpsi * sphi, ca = cpsi * cphi + spsi * sphi
        let dx = x.x - helix.position.x, dy = x.y - helix.position.y
        // Partial derivatives of g at the plane.
        let w = x.x * sw - x.y * cw
        let sigma = sw * cpsi - cw * spsi, cosSigma = cw * cpsi + sw * spsi
        let norm = (ct * ct + st * st * sigma * sigma).squareRoot()
        guard norm > 0 else { return (value, InlineArray(repeating: 0)) }
        let inverseNorm = 1 / norm, inverseNorm2 = inverseNorm * inverseNorm
        let gx = ct * sw * inverseNorm, gy = -ct * cw * inverseNorm
        let gPsi = ct * st * st * w * sigma * cosSigma * inverseNorm2 * inverseNorm
        let gTheta = -st * w * sigma * sigma * inverseNorm2 * inverseNorm
        // ∂g/∂L at fixed h, and ∂g/∂h at fixed L.
        let gLength = gx * cpsi + gy * spsi + gPsi * curvature
        let (dA, dB) = Self.chordDerivatives(alpha, sin: sa, cos: ca)
        let l2 = length * length
        let gCurvature = gx * l2 * (cphi * dA - sphi * dB) + gy * l2 * (sphi * dA + cphi * dB) + gPsi * length
        let p = helix.position, dP = ref.pointPerLoc2
        var h = InlineArray<5, Double>(repeating: 0)
        h[0] = -gx * p.y + gy * p.x
        h[1] = gx * dP.x + gy * dP.y - gLength * dP.z * st / ct
        h[2] = -gx * dy + gy * dx + gPsi
        h[3] = gLength * dz / (ct * ct) - gCurvature * curvature * ct / st + gTheta
        h[4] = -gCurvature * ref.kappaPerQOverP
        return (value, h)
    }

    /// d/dα of A = sin α/α and B = (1 − cos α)/α, given sin α and cos α. Below |α| = 0.01
    /// by their series (−α/3 + α³/30 and 1/2 − α²/8 + α⁴/144: the first omitted terms are
    /// below 4 × 10⁻¹¹ of the result), where the closed forms lose digits to cancellation
    /// (≈ 10⁻¹⁶/α² relative: 10⁻¹² at 0.01).
    static func chordDerivatives(_ alpha: Double, sin s: Double, cos c: Double) -> (dA: Double, dB: Double) {
        let a2 = alpha * alpha
        if abs(alpha) < 0.01 {
            return (alpha * (-1.0 / 3 + a2 / 30), 0.5 - a2 * (1.0 / 8 - a2 / 144))
        }
        return ((alpha * c - s) / a2, (alpha * s - (1 - c)) / a2)
    }
}
