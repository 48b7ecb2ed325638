import Foundation
import EventModel

/// Where a hard-process parton sits on a colour line, in the all-outgoing picture: an
/// incoming parton of leg 0 (+z beam) or 1 (−z beam), or outgoing parton `i` of the hard
/// process. Its beam remnant stands in for an incoming parton in the strings.
public enum ColourMember: Sendable, Equatable {
    case incoming(Int)
    case outgoing(Int)
}

/// The large-N_C colour flow of a hard process: open lines from a colour-triplet end (an
/// outgoing quark, or an incoming antiquark) through gluons to an antitriplet end (an
/// outgoing antiquark, or an incoming quark), each member's colour joined to the next one's
/// anticolour; and closed rings of gluons. A colour-singlet final state (W H) has one line
/// `[incoming antiquark, incoming quark]`: the two remnants are joined by a string.
public struct ColourFlow: Sendable, Equatable {
    public var lines: [[ColourMember]]
    public var rings: [[ColourMember]]
    public init(lines: [[ColourMember]] = [], rings: [[ColourMember]] = []) {
        self.lines = lines
        self.rings = rings
    }
}

/// An outgoing parton or particle of the hard process.
public struct HardOutgoing: Sendable, Equatable {
    public var pdgID: Int
    public var momentum: FourVector
    public var massGeV: Double
    /// Status in the record: 23 for a parton that showers, 22 for a resonance that decays
    /// (the caller adds its decay), 1 for a stable particle.
    public var status: Int
    public init(pdgID: Int, momentum: FourVector, massGeV: Double, status: Int) {
        self.pdgID = pdgID
        self.momentum = momentum
        self.massGeV = massGeV
        self.status = status
    }
}

/// Shower, beam remnants, strings and decays around any hard process with quark or gluon
/// initiators: what ``SignalHadronLevel`` does for gg → Φ, generalised to the initiators and
/// colour flows of W H (q q̄′ → W H) and QCD 2 → 2 (``DijetGenerator``).
///
/// **Beam remnants** (what the proton leaves when parton f is taken out; ours, in the spirit
/// of Pythia 8's `BeamRemnants`, T. Sjöstrand and P. Skands, JHEP 03 (2004) 053):
/// * f = g: a quark and a diquark (u + ud₀/ud₁ or d + uu₁), the quark with light-cone
///   fraction χ ∝ (1 − χ)^3.5/√χ (as ``SignalHadronLevel``): a triplet and an antitriplet end;
/// * f = u or d, taken as a valence quark with probability x q_v/x q at (x, μ_F): the two
///   other valence quarks as a diquark (ud₀/ud₁ after a u, uu₁ after a d), an antitriplet end;
/// * any other quark (a sea quark, or u, d from the sea): its companion antiquark (an
///   antitriplet end, fraction χ of the remnant) and a proton carrying the rest (status 1,
///   put on its mass shell: the energy is off by ≈ m_p²/2E, 10⁻⁴ GeV at LHC energies);
/// * an antiquark: the same with the companion quark, a triplet end.
/// Charge, baryon number and flavour are conserved; colour follows the hard process's
/// ``ColourFlow``, in which an incoming parton's place is taken by its remnant ends (an
/// incoming gluon in the middle of a line or ring cuts it in two: … → diquark and
/// quark → …).
///
/// **Initial-state emissions** (``InitialStateRadiation``) go into the string next to their
/// leg's remnant (for a gluon leg, one of its two ends at random), softest nearest the
/// remnant. **Multi-parton scatterings** (with their initial-state emissions, ``ScatteringRecord``)
/// join as in ``SignalHadronLevel`` (``BeamRemnantStrings/connect(_:_:emissions:choice:ownStringProbability:chains:loops:reconnectionStrength:)``),
/// after the hard system has showered with its own colour dipoles
/// (``BeamRemnantStrings/showerFirst(_:shower:at:into:rng:)``).
///
/// **Record**: beams (4) → beam vertex → initiator (41/21), extra-scattering initiators (31),
/// remnant partons (63) and remnant protons (1); ISR chain (emitted 43); hard vertex at the
/// primary vertex → ``HardOutgoing`` (their statuses); the caller's own additions
/// (resonance decays, displaced systems); then per colour system a shower vertex (71) and a
/// string vertex, and hadron decays. Random numbers: the `.generation` stream's substream 1
/// and the `.decays` stream's substream 1 of the event, as ``SignalHadronLevel``.
public struct CollisionHadronLevel: Sendable {
    public var shower: FinalStateShower
    public var hadronizer: StringHadronizer
    public var decays: HadronDecays
    public var ownStringProbability = SignalHadronLevel.defaultOwnStringProbability
    public let pdf: CTEQ5L

    public init(shower: FinalStateShower = FinalStateShower(), hadronizer: StringHadronizer = StringHadronizer(),
                decays: HadronDecays = HadronDecays(), pdf: CTEQ5L = CTEQ5L()) {
        self.shower = shower
        self.hadronizer = hadronizer
        self.decays = decays
        self.pdf = pdf
    }

    /// A colour-singlet system that showers and hadronizes at `position`: its partons (with
    /// colour tags) and the record indices of the particles that enter it.
    public struct System: Sendable {
        public var partons: [ShowerParton]
        public var incoming: [Int]
        public var position: FourVector
        public init(partons: [ShowerParton], incoming: [Int], position: FourVector) {
            self.partons = partons
            self.incoming = incoming
            self.position = position
        }
    }

    /// The remnant of one beam: its string ends (triplet, antitriplet; either may be absent)
    /// with record indices.
    struct Remnant {
        var triplet: (parton: ShowerParton, record: Int)?
        var antitriplet: (parton: ShowerParton, record: Int)?
    }

    /// The full record. `history` gives the initiators (ids, x, primordial k⊥) and ISR
    /// emissions; `outgoing` the hard process's products (their momenta must add up to the
    /// initiators'); `flow` their colour; `factorizationScaleGeV` the scale of the valence
    /// choice; `scatterings` the multi-parton interactions; `pTMaxGeV` the starting scale of
    /// the outgoing partons' shower. `addDecays` may append vertices and particles (decays of
    /// the status-22 outgoing particles, whose record indices it gets) and return further
    /// systems to shower and hadronize (e.g. s → b b̄ at a displaced vertex).
    public func eventRecord(beamEnergyGeV: Double, primaryVertex pv: FourVector, history: InitialStateRadiation.History,
                            outgoing: [HardOutgoing], flow: ColourFlow, factorizationScaleGeV: Double, pTMaxGeV: Double,
                            scatterings: [MultipartonInteractions.Scattering] = [], eventNumber: Int, seed: UInt64,
                            addDecays: (inout GenEvent, [Int], inout RandomStream) -> [System] = { _, _, _ in [] }) -> GenEvent {
        let eventID = UInt64(bitPattern: Int64(eventNumber))
        var rng = RandomStream(seed: seed, event: eventID, stage: .generation, substream: 1)
        var decayRNG = RandomStream(seed: seed, event: eventID, stage: .decays, substream: 1)
        var event = GenEvent(eventNumber: eventNumber, weights: [1.0])
        event.particles.reserveCapacity(500)
        event.vertices.reserveCapacity(250)
        let mp = SignalHadronLevel.protonMassGeV

        var hardIncoming = [Int]()
        var remnants = [Remnant]()
        var mpiInitiators: [[Int]] = [[], []]
        var emittedIndex = [Int](repeating: -1, count: history.emissions.count)
        for leg in 0..<2 {
            let opening = BeamLegRecord(leg: leg, history: history, scatterings: scatterings,
                                        beamEnergyGeV: beamEnergyGeV, protonMassGeV: mp, into: &event)
            let beam = opening.beam, remnantP = opening.remnantMomentum
            let x = leg == 0 ? history.initiatorX.0 : history.initiatorX.1
            let id = leg == 0 ? history.initiatorPDGID.0 : history.initiatorPDGID.1
            var current = opening.initiatorMomentum
            var spacelike = opening.initiator
            var beamOutgoing = opening.outgoing
            mpiInitiators[leg] = opening.scatteringInitiators
            var remnant = Remnant()
            func endParton(_ flavour: Int, _ p: FourVector) -> (ShowerParton, Int) {
                let i = event.addParticle(GenParticle(pdgID: flavour, status: 63, momentum: p, generatedMass: 0))
                beamOutgoing.append(i)
                return (ShowerParton(pdgID: flavour, colour: 0, anticolour: 0, momentum: p, massGeV: 0, pTMaxGeV: 0, radiates: false), i)
            }
            if id == 21 {
                let (q, dq) = BeamRemnantStrings.remnantFlavours(rng: &rng)
                let chi = SignalHadronLevel.valenceFraction(rng: &rng)
                remnant.triplet = endParton(q, remnantP * chi)
                remnant.antitriplet = endParton(dq, remnantP - remnantP * chi)
            } else {
                let valenceProbability: Double
                if id == 1 || id == 2 {
                    let all = pdf.xf(id, x: x, qGeV: factorizationScaleGeV)
                    valenceProbability = all > 0 ? pdf.xValence(id, x: x, qGeV: factorizationScaleGeV) / all : 0
                } else {
                    valenceProbability = 0
                }
                if rng.uniform01() < valenceProbability {
                    let diquark = id == 2 ? (rng.uniform01() < 0.75 ? 2101 : 2103) : 2203
                    remnant.antitriplet = endParton(diquark, remnantP)
                } else {
                    let chi = SignalHadronLevel.valenceFraction(rng: &rng)
                    let companion = endParton(-id, remnantP * chi)
                    if id > 0 { remnant.antitriplet = companion } else { remnant.triplet = companion }
                    let rest = (remnantP - remnantP * chi).p3
                    let proton = event.addParticle(GenParticle(pdgID: 2212, status: 1,
                                                               momentum: FourVector(rest, mass: mp), generatedMass: mp))
                    beamOutgoing.append(proton)
                }
            }
            remnants.append(remnant)
            event.addVertex(position: pv, incoming: [beam], outgoing: beamOutgoing)
            for (k, emission) in history.emissions.enumerated().reversed() where emission.leg == leg {
                current = current - emission.momentum
                let emitted = event.addParticle(GenParticle(pdgID: emission.pdgID, status: 43, momentum: emission.momentum, generatedMass: 0))
                emittedIndex[k] = emitted
                let next = event.addParticle(GenParticle(pdgID: id, status: 41, momentum: current, generatedMass: 0))
                event.addVertex(position: pv, incoming: [spacelike], outgoing: [next, emitted])
                spacelike = next
            }
            event.particles[spacelike].status = 21
            hardIncoming.append(spacelike)
        }

        // The hard vertex.
        var outgoingIndex = [Int]()
        for o in outgoing {
            outgoingIndex.append(event.addParticle(GenParticle(pdgID: o.pdgID, status: o.status, momentum: o.momentum, generatedMass: o.massGeV)))
        }
        event.addVertex(position: pv, incoming: hardIncoming, outgoing: outgoingIndex)

        // Strings of the primary system: the flow with remnants in place of the initiators.
        var chains = [BeamRemnantStrings.Chain]()
        func hardParton(_ i: Int) -> (parton: ShowerParton, record: Int) {
            let o = outgoing[i]
            let coloured = o.pdgID == 21 || abs(o.pdgID) <= 6
            return (ShowerParton(pdgID: o.pdgID, colour: 0, anticolour: 0, momentum: o.momentum, massGeV: o.massGeV,
                                 pTMaxGeV: pTMaxGeV, radiates: coloured), outgoingIndex[i])
        }
        func build(_ members: [ColourMember]) {
            var chain = BeamRemnantStrings.Chain()
            for (k, m) in members.enumerated() {
                switch m {
                case let .outgoing(i):
                    chain.append(hardParton(i))
                case let .incoming(leg):
                    let r = remnants[leg]
                    if k == 0, let t = r.triplet {
                        chain.append(t)
                    } else if k == members.count - 1, let a = r.antitriplet {
                        chain.append(a)
                    } else if let a = r.antitriplet, let t = r.triplet {
                        chain.append(a)
                        chains.append(chain)
                        chain = [t]
                    }
                }
            }
            if !chain.isEmpty { chains.append(chain) }
        }
        for line in flow.lines { build(line) }
        for ring in flow.rings {
            // Open the ring at its first incoming gluon: its remnant's quark starts the
            // string, its diquark ends it.
            guard let k = ring.firstIndex(where: { if case .incoming = $0 { return true } else { return false } }) else { continue }
            build(Array(ring[k...]) + Array(ring[..<k]) + [ring[k]])
        }
        // ISR gluons next to their leg's remnant, hardest first so that the softest ends nearest.
        for (k, emission) in history.emissions.enumerated() {
            let r = remnants[emission.leg]
            var ends = [(Int, Bool)]()   // (record, is triplet)
            if let t = r.triplet { ends.append((t.record, true)) }
            if let a = r.antitriplet { ends.append((a.record, false)) }
            guard !ends.isEmpty else { continue }
            let (record, isTriplet) = ends.count == 1 ? ends[0] : ends[rng.uniform01() < 0.5 ? 0 : 1]
            let gluon = ShowerParton(pdgID: 21, colour: 0, anticolour: 0, momentum: emission.momentum, massGeV: 0, pTMaxGeV: emission.pTGeV)
            for c in chains.indices {
                if isTriplet, chains[c].first?.record == record {
                    chains[c].insert((gluon, emittedIndex[k]), at: 1); break
                }
                if !isTriplet, chains[c].last?.record == record {
                    chains[c].insert((gluon, emittedIndex[k]), at: chains[c].count - 1); break
                }
            }
        }
        // With extra scatterings the hard system showers first, with its own colour dipoles
        // (``BeamRemnantStrings/showerFirst(_:shower:at:into:rng:)``); then the scatterings join.
        if !scatterings.isEmpty {
            chains = BeamRemnantStrings.showerFirst(chains, shower: shower, at: pv, into: &event, rng: &rng)
        }
        // Multi-parton scatterings at the primary vertex.
        var loops = [BeamRemnantStrings.Chain]()
        for (k, s) in scatterings.enumerated() {
            ScatteringRecord(s, initiators: (mpiInitiators[0][k], mpiInitiators[1][k]), status: 33, at: pv, into: &event)
                .connect(choice: s.colourChoice, ownStringProbability: ownStringProbability, chains: &chains, loops: &loops)
        }
        let firstDecayable = event.particles.count
        var systems = addDecays(&event, outgoingIndex, &decayRNG)
        let (partons, incoming) = BeamRemnantStrings.tagged(chains, loops: loops)
        systems.append(System(partons: partons, incoming: incoming, position: pv))

        var hadrons = [PrimaryHadron]()
        hadrons.reserveCapacity(256)
        for system in systems {
            var partons = system.partons
            shower(&partons, rng: &rng)
            var showered = [Int]()
            showered.reserveCapacity(partons.count)
            for p in partons {
                showered.append(event.addParticle(GenParticle(pdgID: Int(p.pdgID), status: 71, momentum: p.momentum, generatedMass: p.massGeV)))
            }
            event.addVertex(position: system.position, incoming: system.incoming, outgoing: showered)
            hadrons.removeAll(keepingCapacity: true)
            if hadronizer(partons, into: &hadrons, rng: &rng) {
                var out = [Int]()
                out.reserveCapacity(hadrons.count)
                for h in hadrons {
                    out.append(event.addParticle(GenParticle(pdgID: h.pdgID, status: 1, momentum: h.momentum, generatedMass: h.massGeV)))
                }
                if !out.isEmpty { event.addVertex(position: system.position, incoming: showered, outgoing: out) }
            }
        }
        decays(&event, from: min(firstDecayable, event.particles.count), rng: &decayRNG)
        return event
    }
}
