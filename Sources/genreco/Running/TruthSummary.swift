import EventModel
import Foundation

/// Per-event truth facts, one JSON line per event: what `run` and `reco` write until the
/// detector chain and the HDF5 dataset take over (later stages add to the chain; the
/// farm does not change). Doubles are written in their shortest exact form, so equal
/// events give equal bytes.
struct TruthSummary: Codable, Equatable {
    var event: Int
    var particles: Int
    var stable: Int
    var stableCharged: Int
    /// Scalar sum of the stable particles' pT, GeV.
    var sumPtStableGeV: Double
    /// Magnitude of the vector sum of stable neutrinos' pT, GeV (the true missing pT).
    var neutrinoPtGeV: Double
    var llps: [LLP]

    /// A long-lived scalar (PDG id 35, last copy) and where it decayed.
    struct LLP: Codable, Equatable {
        var ptGeV: Double
        var eta: Double
        var phi: Double
        var lxyMM: Double?
        var lzMM: Double?
    }

    init(_ event: GenEvent) {
        self.event = event.eventNumber
        particles = event.particles.count
        var stable = 0, charged = 0
        var sumPt = 0.0
        var nu = FourVector.zero
        for p in event.particles where p.status == 1 {
            stable += 1
            sumPt += p.momentum.pt
            if ParticleTable.pdg2024.chargeThirds(of: p.pdgID) != 0 { charged += 1 }
            if [12, 14, 16].contains(p.absPDGID) { nu += p.momentum }
        }
        self.stable = stable
        stableCharged = charged
        sumPtStableGeV = sumPt
        neutrinoPtGeV = nu.pt
        llps = event.particleIndices(withAbsPDGID: 35).compactMap { i in
            let p = event.particles[i]
            // The last copy: Pythia's record repeats a particle when it recoils; only the
            // copy that decays into something else carries the decay vertex.
            if event.children(of: i).contains(where: { event.particles[$0].absPDGID == 35 }) { return nil }
            var llp = LLP(ptGeV: p.momentum.pt, eta: p.momentum.eta, phi: p.momentum.phi)
            if let end = p.endVertex {
                let decay = event.resolvedPosition(ofVertex: end).position
                let origin = p.productionVertex.map { event.resolvedPosition(ofVertex: $0).position } ?? event.eventPosition.position
                let d = decay - origin
                llp.lxyMM = d.perp
                llp.lzMM = d.z
            }
            return llp
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()
}
