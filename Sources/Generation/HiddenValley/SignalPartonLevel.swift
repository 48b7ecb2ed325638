import EventModel

/// The hidden-valley signal at parton level: what the hard process, initial-state radiation
/// and the Φ → s s, s → f f̄ decay chain made, as a typed value. It is the hand-off between
/// generation stages (DESIGN.md §1: typed values, not a whiteboard): today it goes straight
/// to ``eventRecord(eventNumber:)``; a final-state shower and a hadronization stage will
/// take it (the s daughters and the ISR gluons are their input) and return their own value.
///
/// Positions are space-time points (x, y, z, c·t) in mm; momenta in GeV.
public struct SignalPartonLevel: Sendable, Equatable {
    /// Beam energy per proton (GeV), √s/2.
    public var beamEnergyGeV: Double
    /// Where the hard collision happened: the beam spot draw.
    public var primaryVertex: FourVector
    public var born: BornKinematics
    public var initialState: InitialStateRadiation.History
    public var mediator: Mediator
    /// The two long-lived scalars, in production order.
    public var scalars: [LongLivedScalar]

    /// The mediator Φ (PDG id 25).
    public struct Mediator: Sendable, Equatable {
        public var momentum: FourVector
        public var massGeV: Double
        /// Where Φ decayed: the primary vertex plus its (tiny) flight, ħc/Γ · βγ.
        public var decayVertex: FourVector
    }

    /// A long-lived scalar s (PDG id 35) with its decay.
    public struct LongLivedScalar: Sendable, Equatable {
        public var momentum: FourVector
        public var massGeV: Double
        public var productionVertex: FourVector
        public var decayVertex: FourVector
        /// The proper decay length c·τ of this s (mm), drawn from exp(−l/cτ)/cτ.
        public var properDecayLengthMM: Double
        /// f and f̄ of s → f f̄, in that order.
        public var daughters: [Parton]
    }

    /// An outgoing elementary particle at the end of this stage (quark, lepton, gluon).
    public struct Parton: Sendable, Equatable {
        public var pdgID: Int
        public var momentum: FourVector
        public var massGeV: Double
    }
}
