import Foundation
import EventModel

/// Jet energy scale calibration: EM-scale topo-cluster jet → particle-level jet energy, by
/// numerical inversion (ATLAS, Phys. Rev. D 96 (2017) 072002, arXiv:1703.09665 §4).
///
/// In each |η| bin (η of the EM-scale jet) the response R = ⟨E_reco/E_truth⟩ is known at a
/// few knots of E_reco (the mean EM-scale energy of the jets in a bin of truth energy);
/// between knots it is interpolated linearly in ln E_reco, beyond the ends held constant.
/// The calibrated jet is the EM-scale jet times 1/R(E_reco, η): direction kept, energy and
/// momentum (and so pT and mass) scaled alike.
///
/// ``atlasRun2`` is derived for the built-in card at μ = 0 by `genreco calibrate jets`
/// (``JetCalibrationDerivation``), which writes `JetCalibration+ATLASRun2.swift`.
public struct JetCalibration: Sendable, Hashable, Codable {
    /// |η| bin edges, ascending from 0.
    public var absEtaEdges: [Double]
    /// Per |η| bin: the knots' EM-scale energies (GeV, ascending) and the response at each.
    public var energyKnots: [[Double]]
    public var responses: [[Double]]

    public init(absEtaEdges: [Double], energyKnots: [[Double]], responses: [[Double]]) {
        precondition(absEtaEdges.count >= 2 && energyKnots.count == absEtaEdges.count - 1
                     && responses.count == energyKnots.count, "one knot list per |η| bin")
        self.absEtaEdges = absEtaEdges
        self.energyKnots = energyKnots
        self.responses = responses
    }

    /// No correction (R = 1 everywhere).
    public static let identity = JetCalibration(absEtaEdges: [0, 10], energyKnots: [[]], responses: [[]])

    /// The |η| bin of `eta` (the last bin beyond the last edge).
    public func etaBin(_ eta: Double) -> Int {
        let a = abs(eta)
        var k = 0
        while k + 2 < absEtaEdges.count && a >= absEtaEdges[k + 1] { k += 1 }
        return k
    }

    /// Response R at an EM-scale energy and η; 1 where the table has nothing.
    public func response(energy: Double, eta: Double) -> Double {
        guard energy.isFinite, eta.isFinite else { return 1 }
        let k = etaBin(eta)
        let knots = energyKnots[k], r = responses[k]
        guard let firstE = knots.first, let lastE = knots.last else { return 1 }
        if energy <= firstE { return r[0] }
        if energy >= lastE { return r[r.count - 1] }
        var i = 0
        while knots[i + 1] < energy { i += 1 }
        let t = (log(energy) - log(knots[i])) / (log(knots[i + 1]) - log(knots[i]))
        return r[i] + t * (r[i + 1] - r[i])
    }

    /// The calibrated jet: the EM-scale jet scaled by 1/R.
    public func calibrated(_ jet: FourVector) -> FourVector {
        guard jet.e > 0 else { return jet }
        let r = response(energy: jet.e, eta: jet.eta)
        guard r > 0, r.isFinite else { return jet }
        return jet * (1 / r)
    }
}
