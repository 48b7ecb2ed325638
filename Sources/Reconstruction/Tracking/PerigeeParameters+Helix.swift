import Foundation
import EventModel
import Detector

extension PerigeeParameters {
    /// The perigee (closest approach to the beam line x = y = 0) of a charged particle at
    /// `position` with `momentum` (GeV) and `charge` (e) in a uniform field along z: the
    /// truth parameters of a generator particle, and the last step of every fit.
    ///
    /// The helix's circle has centre C and radius ρ = 1/|h|; the closest point is
    /// P = Ĉ (|C| − ρ), the direction there is perpendicular to P − C, and
    /// d0 = (P × û)_z — positive when the track circulates anticlockwise about the beam
    /// (ATLAS sign convention).
    public init?(position: Vector3, momentum: Vector3, charge: Double, fieldTesla: Double) {
        let p = momentum.mag
        guard p > 0, charge != 0, momentum.perp > 0 else { return nil }
        let helix = Helix(position: position, momentum: momentum, charge: charge, fieldTesla: fieldTesla)
        self.init(helix: helix, qOverP: charge / p)
    }

    /// The perigee of a helix with the given q/p (1/GeV).
    init?(helix: Helix, qOverP: Double) {
        let d = helix.direction
        let st = d.perp
        guard st > 0 else { return nil }
        let ux = d.x / st, uy = d.y / st
        let cotTheta = d.z / st
        let x = helix.position
        let h = helix.curvature
        let theta = atan2(st, d.z)
        let phiStart = atan2(uy, ux)
        if abs(h) < 1e-12 {
            let sT = -(x.x * ux + x.y * uy)
            let px = x.x + sT * ux, py = x.y + sT * uy
            self.init(d0: px * uy - py * ux, z0: x.z + sT * cotTheta, phi: phiStart, theta: theta, qOverP: qOverP)
            return
        }
        let cx = x.x - uy / h, cy = x.y + ux / h
        let c = (cx * cx + cy * cy).squareRoot()
        guard c > 0 else { return nil }
        let rho = 1 / abs(h)
        let px = cx / c * (c - rho), py = cy / c * (c - rho)
        let tx = -h * (py - cy), ty = h * (px - cx)
        let phi = atan2(ty, tx)
        let sT = wrapAngle(phi - phiStart) / h
        let norm = (tx * tx + ty * ty).squareRoot()
        self.init(d0: (px * ty - py * tx) / norm, z0: x.z + sT * cotTheta, phi: phi, theta: theta, qOverP: qOverP)
    }

    var vector: Vector5 { Vector5(d0, z0, phi, theta, qOverP) }
}

extension TrackingGeometry {
    /// Perigee parameters and their covariance from fitted parameters on a surface — the last
    /// step of the silicon fit and of the TRT refit. The Jacobian of the surface-to-perigee map
    /// is taken by finite differences (φ differences wrapped), which keeps it right for any
    /// surface kind without a hand-derived form per kind.
    func perigee(of par: SurfaceParameters, covariance cov: Matrix5,
                 fieldTesla field: Double) throws -> (PerigeeParameters, Matrix5) {
        let s = surfaces[par.surface]
        func perigee(_ q: SurfaceParameters) -> PerigeeParameters? {
            PerigeeParameters(helix: q.helix(on: s, fieldTesla: field), qOverP: q.qOverP)
        }
        guard let pg = perigee(par) else { throw FitFailure.singular }
        var jac = Matrix5()
        let steps5: InlineArray<5, Double> = [1e-7, 1e-5, 1e-7, 1e-7, max(1e-6 * abs(par.qOverP), 1e-9)]
        let base = pg.vector
        for k in 0..<5 {
            var q = par
            q.p[k] += steps5[k]
            guard let e = perigee(q)?.vector else { throw FitFailure.singular }
            for i in 0..<5 {
                var d = e[i] - base[i]
                if i == 2 { d = wrapAngle(d) }
                jac[i, k] = d / steps5[k]
            }
        }
        let perigeeCov = cov.transported(by: jac)
        guard perigeeCov.isUsableCovariance, base.isFinite else { throw FitFailure.singular }
        return (pg, perigeeCov)
    }
}
