import Foundation
import Detector
import EventModel

/// Material effects of a thin tracker surface on the fitted track, as process noise and a
/// mean correction (the same physics the simulation applies, in expectation):
///
/// * multiple scattering, Highland's θ₀ (PDG 2024 §34.3, eq. 34.16)
///   θ₀ = 13.6 MeV/(βcp) √(x/X₀) [1 + 0.038 ln(x/(X₀β²))], added to var(θ) and to
///   var(φ) as θ₀²/sin²θ;
/// * ionisation, the Bethe mean (PDG §34.2, eq. 34.5, density effect of silicon; the card's
///   material is silicon-equivalent in X₀, X₀(Si) = 21.82 g/cm²), subtracted from the
///   energy outwards and added back inwards; its spread (Landau-like, r.m.s. ≈ 0.24 of the
///   mean for the simulation's Moyal model) added to var(q/p).
///
/// The mass hypothesis is the charged pion's.
struct TrackMaterial: Sendable {
    /// π± mass, GeV (PDG 2024).
    static let pionMassGeV = 0.139_570_39

    /// Thickness in X₀ along the track for a crossing of surface `s` at `position` with `direction`.
    static func pathThicknessX0(_ s: TrackingSurface, position x: Vector3, direction d: Vector3) -> Double {
        let cosine: Double
        if s.isBarrel {
            let r = (x.x * x.x + x.y * x.y).squareRoot()
            cosine = r > 0 ? abs((x.x * d.x + x.y * d.y) / r) : 1
        } else {
            cosine = abs(d.z)
        }
        return s.thicknessX0 / max(cosine, 0.05)
    }

    /// Highland's θ₀ for unit charge (radians).
    static func highland(thicknessX0 x: Double, momentumGeV p: Double) -> Double {
        guard x > 0, p > 0 else { return 0 }
        let m = pionMassGeV
        let beta2 = p * p / (p * p + m * m)
        let beta = beta2.squareRoot()
        return 0.0136 / (beta * p) * x.squareRoot() * max(0, 1 + 0.038 * log(x / beta2))
    }

    /// Mean ionisation loss of a pion in `x` X₀ of silicon-equivalent material, GeV.
    static func meanEnergyLoss(thicknessX0 x: Double, momentumGeV p: Double) -> Double {
        let m = pionMassGeV
        let bg = p / m
        let me = 0.510_998_95e-3
        let beta2 = bg * bg / (1 + bg * bg)
        let gamma = (1 + bg * bg).squareRoot()
        let ratio = me / m
        let tmax = 2 * me * bg * bg / (1 + 2 * gamma * ratio + ratio * ratio)
        let excitation = 173e-9
        let lx = log10(bg)
        // Sternheimer density-effect parameters of silicon (PDG table of atomic and nuclear properties).
        let cbar = 4.4355, x0 = 0.2015, x1 = 2.8716, a = 0.1492, k = 3.2546
        var delta = 0.0
        if lx >= x1 { delta = 2 * log(10.0) * lx - cbar } else if lx >= x0 { delta = 2 * log(10.0) * lx - cbar + a * pow(x1 - lx, k) }
        let dedx = 0.307_075 * 0.498_48 / beta2 * (0.5 * log(2 * me * bg * bg * tmax / (excitation * excitation)) - beta2 - delta / 2)
        return max(dedx, 0) * x * 21.82 * 1e-3
    }

    /// Adds the surface's material to parameters and covariance: `outward` for a fit running
    /// with the particle (energy lost), inward against it (energy restored). `trig`: the
    /// sines and cosines of `par`'s angles, which the callers hold (from the propagation to the
    /// surface, or `AngleTrig(par.p)` after an update there): the material changes q/p only,
    /// so they stay the state's afterwards.
    static func apply(_ s: TrackingSurface, to par: inout SurfaceParameters, covariance c: inout Matrix5, outward: Bool,
                      trig: AngleTrig) {
        guard s.thicknessX0 > 0 else { return }
        // The crossing's position and direction as `par.position(on:)` and `par.direction`
        // give them (a disc needs only θ's sine and cosine).
        let sinTheta = trig.sinTheta, cosTheta = trig.cosTheta
        let t: Double
        if s.isBarrel {
            let x = par.position(on: s, sinPhiPosition: trig.sinPhiPosition, cosPhiPosition: trig.cosPhiPosition)
            t = pathThicknessX0(s, position: x, direction: Vector3(sinTheta * trig.cosPhi, sinTheta * trig.sinPhi, cosTheta))
        } else {
            t = s.thicknessX0 / max(abs(cosTheta), 0.05)
        }
        let qop = par.qOverP
        guard qop != 0 else { return }
        let p = 1 / abs(qop)
        let theta0 = highland(thicknessX0: t, momentumGeV: p)
        let st = max(sinTheta, 1e-3)
        c[2, 2] += theta0 * theta0 / (st * st)
        c[3, 3] += theta0 * theta0
        let m = pionMassGeV
        let e = (p * p + m * m).squareRoot()
        let loss = meanEnergyLoss(thicknessX0: t, momentumGeV: p)
        let e2 = outward ? e - loss : e + loss
        guard e2 > m * 1.0001 else { return }
        let p2 = (e2 * e2 - m * m).squareRoot()
        let newQop = qop > 0 ? 1 / p2 : -1 / p2
        // d(q/p)/dE = −q E / p³
        let sigmaE = 0.24 * loss
        let dq = e2 / (p2 * p2 * p2) * sigmaE
        // The other parameters' correlations with q/p scale with the momentum change.
        let scale = newQop / qop
        for i in 0..<5 where i != 4 { c[i, 4] *= scale; c[4, i] *= scale }
        c[4, 4] = c[4, 4] * scale * scale + dq * dq
        par.p[4] = newQop
    }
}

