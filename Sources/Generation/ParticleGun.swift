import Foundation
import EventModel

/// Single particles from the origin, flat in energy, η and φ over the card's ranges: the
/// calibration and validation source (DESIGN.md §6). One particle per event, status 1,
/// with its PDG 2024 mass; energy is the total energy E (|p| = √(E² − m²)).
public struct ParticleGun: EventGenerator {
    public var config: RunCard.GunSection
    public var seed: UInt64
    private let massGeV: Double

    public init(config: RunCard.GunSection, seed: UInt64) throws {
        guard let data = ParticleTable.pdg2024[config.pdgId] else {
            throw RunCardError(source: "run card", key: "gun.pdg_id", message: "unknown PDG id \(config.pdgId)")
        }
        guard config.energyGeV[0] > data.massGeV else {
            throw RunCardError(source: "run card", key: "gun.energy_gev",
                               message: "the energy must exceed the mass of \(data.name), \(data.massGeV) GeV")
        }
        self.config = config
        self.seed = seed
        massGeV = data.massGeV
    }

    /// Event `eventNumber` of the run: depends on nothing else, so any split of the run
    /// into jobs gives the same events.
    public func generate(eventNumber: Int) -> GenEvent {
        var rng = RandomStream(seed: seed, event: UInt64(eventNumber), stage: .particleGun)
        let e = rng.uniform(config.energyGeV[0], config.energyGeV[1])
        let eta = rng.uniform(config.eta[0], config.eta[1])
        let phi = rng.uniform(config.phi[0], config.phi[1])
        let p = (e * e - massGeV * massGeV).squareRoot()
        let pt = p / cosh(eta)
        let momentum = FourVector(px: pt * cos(phi), py: pt * sin(phi), pz: pt * sinh(eta), e: e)
        var event = GenEvent(eventNumber: eventNumber, weights: [1.0])
        event.addParticle(GenParticle(pdgID: config.pdgId, status: 1, momentum: momentum, generatedMass: massGeV))
        return event
    }
}
