import Foundation
import EventModel
import Detector
import Simulation
import Digitization

extension TrackingValidation {
    /// One particle of fixed pT from the origin, η uniform in `etaRange`, φ uniform, charge
    /// sign alternating with the event number; random numbers from the `.particleGun` stream.
    public static func singleParticleEvent(pdgID: Int, ptGeV: Double, etaRange: ClosedRange<Double>,
                                           seed: UInt64, eventNumber: Int) -> GenEvent {
        var rng = RandomStream(seed: seed, event: UInt64(eventNumber), stage: .particleGun)
        let eta = rng.uniform(etaRange.lowerBound, etaRange.upperBound)
        let phi = rng.uniform(-Double.pi, Double.pi)
        let id = eventNumber % 2 == 0 ? pdgID : -pdgID
        let mass = ParticleTable.pdg2024.massGeV(of: id) ?? 0
        var event = GenEvent(eventNumber: eventNumber, weights: [1])
        event.addParticle(GenParticle(pdgID: id, status: 1, momentum: FourVector(pt: ptGeV, eta: eta, phi: phi, mass: mass),
                                      generatedMass: mass))
        return event
    }

    /// Simulation and digitization as the production chain runs them (Sources/genreco/Running/
    /// EventChain.swift: streams `.simulation` and `.digitization` of the run seed and event;
    /// the job's cache of shared pile-up collisions, if given).
    public static func digitize(_ event: GenEvent, detector: Detector, seed: UInt64,
                                digitization: Digitization = Digitization(), sharing pileUp: PileUpHitCache? = nil) -> RawEvent {
        var simRNG = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: .simulation)
        let hits = pileUp.map { Simulation()(event, in: detector, rng: &simRNG, sharing: $0) }
            ?? Simulation()(event, in: detector, rng: &simRNG)
        var digiRNG = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: .digitization)
        return digitization(hits, in: detector, rng: &digiRNG)
    }
}
