import Foundation
import EventModel

/// Hand-built generator records for the simulation tests.
enum TestEvents {
    /// One stable particle of `pdgID` with energy `energy` (GeV) at (η, φ), made at `vertex`
    /// (mm; the origin if nil).
    static func single(_ pdgID: Int, energy: Double, eta: Double, phi: Double = 0.3,
                       vertex: Vector3? = nil, eventNumber: Int = 0) -> GenEvent {
        let mass = ParticleTable.pdg2024.massGeV(of: pdgID) ?? 0
        let p = (max(energy * energy - mass * mass, 0)).squareRoot()
        let pt = p / cosh(eta)
        let momentum = FourVector(px: pt * cos(phi), py: pt * sin(phi), pz: pt * sinh(eta), e: energy)
        var event = GenEvent(eventNumber: eventNumber)
        let i = event.addParticle(GenParticle(pdgID: pdgID, status: 1, momentum: momentum, generatedMass: mass))
        if let vertex {
            event.addVertex(position: FourVector(vertex, e: 0), incoming: [], outgoing: [i])
        }
        return event
    }
}
