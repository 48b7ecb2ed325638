import EventModel

/// The record of one extra scattering of the underlying event, shared by the signal's, the
/// collision's and the minimum-bias hadron levels: its initiators' backward-evolution chains
/// (an initiator that radiates is 41, each emitted gluon 43, the parton entering the
/// scattering 31, as Pythia 8 marks them), the 2 → 2 vertex and its outgoing gluons; and the
/// partons that go into the strings (``BeamRemnantStrings/connect(_:_:emissions:choice:ownStringProbability:chains:loops:reconnectionStrength:)``).
/// Every vertex conserves four-momentum: the spacelike partons carry what their emissions left.
public struct ScatteringRecord {
    /// The outgoing gluons (parton, record index).
    public var g3: (ShowerParton, Int)
    public var g4: (ShowerParton, Int)
    /// The initial-state emissions: leg (0: beam A), parton (showering from its own p⊥),
    /// record index.
    public var emissions: [(leg: Int, parton: ShowerParton, record: Int)]

    /// Appends scattering `s` whose initiators (record indices, as ``BeamLegRecord`` or the
    /// minimum-bias record made them, momenta x√s/2 along their beams) are `initiators`; its
    /// outgoing gluons get `status` (33, or 23 for a minimum-bias event's first scattering)
    /// and the partons entering it `incomingStatus` (31, or 21).
    public init(_ s: MultipartonInteractions.Scattering, initiators: (Int, Int), status: Int, incomingStatus: Int = 31,
                at position: FourVector, into event: inout GenEvent) {
        var incoming = [initiators.0, initiators.1]
        var emitted = [(leg: Int, parton: ShowerParton, record: Int)]()
        emitted.reserveCapacity(s.emissions.count)
        for leg in 0..<2 where s.emissions.contains(where: { $0.leg == leg }) {
            var spacelike = incoming[leg]
            var current = event.particles[spacelike].momentum
            var flavour = event.particles[spacelike].pdgID
            event.particles[spacelike].status = 41
            // From the beam inwards: the softest emission first; past a g → Q Q̄ (emitted Q̄)
            // the spacelike parton is the Q.
            for emission in s.emissions.reversed() where emission.leg == leg {
                current = current - emission.momentum
                if emission.pdgID != 21 { flavour = -emission.pdgID }
                let mass = PartonMasses.kinematic(emission.pdgID)
                let e = event.addParticle(GenParticle(pdgID: emission.pdgID, status: 43, momentum: emission.momentum, generatedMass: mass))
                let next = event.addParticle(GenParticle(pdgID: flavour, status: 41, momentum: current, generatedMass: 0))
                event.addVertex(position: position, incoming: [spacelike], outgoing: [next, e])
                emitted.append((leg, ShowerParton(pdgID: emission.pdgID, colour: 0, anticolour: 0, momentum: emission.momentum,
                                                  massGeV: mass, pTMaxGeV: emission.pTGeV), e))
                spacelike = next
            }
            incoming[leg] = spacelike
        }
        for i in incoming { event.particles[i].status = incomingStatus }
        let (id3, id4) = s.outgoingPDGID
        let m3 = PartonMasses.kinematic(id3), m4 = PartonMasses.kinematic(id4)
        let i3 = event.addParticle(GenParticle(pdgID: id3, status: status, momentum: s.p3, generatedMass: m3))
        let i4 = event.addParticle(GenParticle(pdgID: id4, status: status, momentum: s.p4, generatedMass: m4))
        event.addVertex(position: position, incoming: incoming, outgoing: [i3, i4])
        g3 = (ShowerParton(pdgID: id3, colour: 0, anticolour: 0, momentum: s.p3, massGeV: m3, pTMaxGeV: s.pTGeV), i3)
        g4 = (ShowerParton(pdgID: id4, colour: 0, anticolour: 0, momentum: s.p4, massGeV: m4, pTMaxGeV: s.pTGeV), i4)
        emissions = emitted
    }

    /// Connects this scattering's partons to the strings (``BeamRemnantStrings``). A heavy-flavour
    /// excitation (a quark among them) is an open string of its own, from its quark through
    /// its gluons to its antiquark (the Q out of the scattering and the Q̄ of its initiator's
    /// g → Q Q̄, or the reverse), the planar colour flow of Q g → Q g below a g → Q Q̄.
    public func connect(choice: (Double, Double), ownStringProbability: Double,
                        chains: inout [BeamRemnantStrings.Chain], loops: inout [BeamRemnantStrings.Chain]) {
        // Gluons only (almost every scattering): no arrays built here.
        if g3.0.pdgID != 21 || g4.0.pdgID != 21 || emissions.contains(where: { $0.parton.pdgID != 21 }) {
            let all = [g3, g4] + emissions.map { ($0.parton, $0.record) }
            var chain = BeamRemnantStrings.Chain()
            chain.append(contentsOf: all.filter { $0.0.pdgID != 21 && $0.0.pdgID > 0 }.map { (parton: $0.0, record: $0.1) })
            chain.append(contentsOf: all.filter { $0.0.pdgID == 21 }.map { (parton: $0.0, record: $0.1) })
            chain.append(contentsOf: all.filter { $0.0.pdgID < 0 }.map { (parton: $0.0, record: $0.1) })
            chains.append(chain)
            return
        }
        BeamRemnantStrings.connect(g3, g4, emissions: emissions, choice: choice,
                                   ownStringProbability: ownStringProbability, chains: &chains, loops: &loops)
    }
}
