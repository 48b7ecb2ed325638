import EventModel

/// The opening of one beam's part of an event record, shared by the signal's and the
/// collision's hadron levels: the proton (status 4), the hard initiator as it leaves the
/// proton (41 when it radiates, 21 when not) and a gluon initiator (31) per extra
/// scattering — added in that order, so the records (and the indices later code uses)
/// are the same whichever hadron level builds them.
struct BeamLegRecord {
    /// Record index of the proton.
    var beam: Int
    /// Record index and four-momentum of the hard initiator where it leaves the proton.
    var initiator: Int
    var initiatorMomentum: FourVector
    /// What the proton has left after the hard and the extra initiators: the remnant's momentum.
    var remnantMomentum: FourVector
    /// Everything leaving the proton so far: the hard initiator, then the extra initiators.
    var outgoing: [Int]
    /// The extra scatterings' initiators from this beam.
    var scatteringInitiators: [Int]

    /// Adds beam `leg` (0: +z, 1: −z) of `history` and `scatterings` to `event`.
    init(leg: Int, history: InitialStateRadiation.History, scatterings: [MultipartonInteractions.Scattering],
         beamEnergyGeV: Double, protonMassGeV: Double, into event: inout GenEvent) {
        let sign = leg == 0 ? 1.0 : -1.0
        let pBeam = (beamEnergyGeV * beamEnergyGeV - protonMassGeV * protonMassGeV).squareRoot()
        let beamMomentum = FourVector(px: 0, py: 0, pz: sign * pBeam, e: beamEnergyGeV)
        beam = event.addParticle(GenParticle(pdgID: 2212, status: 4, momentum: beamMomentum, generatedMass: protonMassGeV))
        let x = leg == 0 ? history.initiatorX.0 : history.initiatorX.1
        let id = leg == 0 ? history.initiatorPDGID.0 : history.initiatorPDGID.1
        let kT = history.initiatorKT
        initiatorMomentum = FourVector(px: leg == 0 ? kT.0 : kT.2, py: leg == 0 ? kT.1 : kT.3,
                                       pz: sign * x * beamEnergyGeV, e: x * beamEnergyGeV)
        let radiates = history.emissions.contains { $0.leg == leg }
        initiator = event.addParticle(GenParticle(pdgID: id, status: radiates ? 41 : 21, momentum: initiatorMomentum, generatedMass: 0))
        remnantMomentum = beamMomentum - initiatorMomentum
        outgoing = [initiator]
        scatteringInitiators = []
        for s in scatterings {
            let xs = leg == 0 ? s.x1 : s.x2
            let p = FourVector(px: 0, py: 0, pz: sign * xs * beamEnergyGeV, e: xs * beamEnergyGeV)
            remnantMomentum = remnantMomentum - p
            let i = event.addParticle(GenParticle(pdgID: 21, status: 31, momentum: p, generatedMass: 0))
            outgoing.append(i)
            scatteringInitiators.append(i)
        }
    }
}
