import EventModel

extension SignalPartonLevel {
    /// Proton mass (GeV), PDG 2024, for the beam particles.
    static let protonMassGeV = ParticleTable.pdg2024[2212]?.massGeV ?? 0.938272

    /// The HepMC3-like record, laid out as Pythia 8 writes it where the two overlap:
    ///
    /// * beams: two protons, PDG 2212, status 4, along ±z with E = √s/2;
    /// * per beam: beam → initiator gluon (status 41 if it radiates, else 21), then one vertex
    ///   per ISR emission (space-like gluon → next space-like gluon + emitted gluon), softest
    ///   first; the gluons entering the hard process have status 21;
    /// * hard vertex g g → Φ at the primary vertex; Φ (id 25, status 2) decays at its decay
    ///   vertex into s s (id 35, status 2), each of which decays at its displaced vertex into
    ///   f f̄ (with positions: x, y, z, c·t in mm).
    ///
    /// **For now the partons are the end of the chain**: the s daughters (b b̄, c c̄ or
    /// τ⁺τ⁻) and the ISR gluons have status 1 although they are coloured; the shower and
    /// hadronization stages (part 2) will replace them by hadrons. Every vertex conserves
    /// four-momentum; space-like ISR partons are off-shell (their generated mass is 0).
    public func eventRecord(eventNumber: Int) -> GenEvent {
        let emissionCount = initialState.emissions.count
        var event = GenEvent(eventNumber: eventNumber, weights: [1.0])
        event.particles.reserveCapacity(9 + 2 * emissionCount + 2 * scalars.count)
        event.vertices.reserveCapacity(6 + emissionCount + scalars.count)

        let pBeam = (beamEnergyGeV * beamEnergyGeV - Self.protonMassGeV * Self.protonMassGeV).squareRoot()
        let pv = primaryVertex
        var hardIncoming = [Int]()
        hardIncoming.reserveCapacity(2)
        for leg in 0..<2 {
            let sign = leg == 0 ? 1.0 : -1.0
            let beam = event.addParticle(GenParticle(
                pdgID: 2212, status: 4,
                momentum: FourVector(px: 0, py: 0, pz: sign * pBeam, e: beamEnergyGeV),
                generatedMass: Self.protonMassGeV))
            let x = leg == 0 ? initialState.initiatorX.0 : initialState.initiatorX.1
            let id = leg == 0 ? initialState.initiatorPDGID.0 : initialState.initiatorPDGID.1
            let kT = initialState.initiatorKT
            var current = FourVector(px: leg == 0 ? kT.0 : kT.2, py: leg == 0 ? kT.1 : kT.3,
                                     pz: sign * x * beamEnergyGeV, e: x * beamEnergyGeV)
            let radiates = initialState.emissions.contains { $0.leg == leg }
            var spacelike = event.addParticle(GenParticle(pdgID: id, status: radiates ? 41 : 21,
                                                          momentum: current, generatedMass: 0))
            event.addVertex(position: pv, incoming: [beam], outgoing: [spacelike])
            // Softest emission first: nearest the beam in the backward-evolution history.
            for emission in initialState.emissions.reversed() where emission.leg == leg {
                current = current - emission.momentum
                let emitted = event.addParticle(GenParticle(pdgID: emission.pdgID, status: 1,
                                                            momentum: emission.momentum, generatedMass: 0))
                let next = event.addParticle(GenParticle(pdgID: id, status: 41, momentum: current, generatedMass: 0))
                event.addVertex(position: pv, incoming: [spacelike], outgoing: [next, emitted])
                spacelike = next
            }
            event.particles[spacelike].status = 21
            hardIncoming.append(spacelike)
        }

        let phi = event.addParticle(GenParticle(pdgID: 25, status: 2, momentum: mediator.momentum,
                                                generatedMass: mediator.massGeV))
        event.addVertex(position: pv, incoming: hardIncoming, outgoing: [phi])
        let first = event.particles.count
        for s in scalars {
            event.addParticle(GenParticle(pdgID: 35, status: 2, momentum: s.momentum, generatedMass: s.massGeV))
        }
        event.addVertex(position: mediator.decayVertex, incoming: [phi], outgoing: Array(first..<(first + scalars.count)))
        for (k, s) in scalars.enumerated() {
            var outgoing = [Int]()
            outgoing.reserveCapacity(s.daughters.count)
            for d in s.daughters {
                outgoing.append(event.addParticle(GenParticle(pdgID: d.pdgID, status: 1, momentum: d.momentum,
                                                              generatedMass: d.massGeV)))
            }
            event.addVertex(position: s.decayVertex, incoming: [first + k], outgoing: outgoing)
        }
        return event
    }
}
