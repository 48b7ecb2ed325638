import Foundation
import EventModel

/// The stages after the parton level: final-state shower, beam remnants, string
/// fragmentation and decays. A value with the configured stages; ``eventRecord(_:eventNumber:seed:)``
/// runs them on a ``SignalPartonLevel`` and writes the full HepMC3-like record.
///
/// **Colour singlets** (as in Pythia 8 with `PartonLevel:MPI = off`):
/// * each s → b b̄ system is a singlet of its own: it showers (``FinalStateShower``,
///   starting at the s mass — the e⁺e⁻ → q q̄ case at √s = m_s) and hadronizes at the s
///   decay vertex;
/// * the initial state is the other: the two beam remnants and the ISR gluons. With a gluon
///   taken out, a proton leaves a colour octet, split into a quark and a diquark (u + ud₀
///   or ud₁ with probability ⅔ × ¾ and ⅔ × ¼, d + uu₁ with ⅓); the quark takes a fraction χ of
///   the remnant's four-momentum with density ∝ (1 − χ)^3.5/√χ (Pythia's valence-quark shape,
///   `BeamRemnants:valencePowerUinP`-like), the diquark the rest. Since gg → Φ is a colour
///   singlet, two strings span the event: quark of beam A → … → diquark of beam B and quark of
///   beam B → … → diquark of beam A. Each ISR gluon is put on one of the two at random, ordered
///   along the string from its beam's remnant inward, softest first (the order of the
///   backward-evolution history). The ISR gluons then shower (each starting at its own
///   emission p⊥, with remnants as recoilers only) and the system hadronizes at the primary
///   vertex.
///
/// The remnants carry exactly beam − initiator, so every vertex conserves four-momentum; a
/// remnant parton is then slightly space-like (m² ≈ (1 − x) m_p² − k⊥²), which only matters as
/// a string endpoint.
///
/// **Record** (statuses as Pythia 8 uses them where they overlap): beams 4; beam vertex →
/// initiator (41/21) + remnant quark and diquark (63); ISR emitted gluons 43; s → b b̄ (23);
/// per system a shower vertex (partons in → showered partons out, 71) and a string vertex
/// (showered partons in → primary hadrons out, at the system's vertex); hadrons 1 or 2
/// (decayed, ``HadronDecays``). Random numbers: the `.generation` stream's substream 1
/// (shower, remnants, strings) and the `.decays` stream's substream 1 (hadron decays), so the
/// parton level of part 1 draws exactly as before.
public struct SignalHadronLevel: Sendable {
    public var shower: FinalStateShower
    public var hadronizer: StringHadronizer
    public var decays: HadronDecays
    /// Whether the ISR gluons shower (time-like) before hadronizing.
    public var showerInitialStateGluons = true
    /// Probability that the two gluons of a multi-parton scattering form a colour-singlet
    /// closed string of their own instead of joining the remnant strings at random places
    /// (``BeamRemnantStrings/connect(_:_:choice:ownStringProbability:chains:loops:)``): our
    /// stand-in for colour reconnection, tuned with the strength of
    /// ``MultipartonInteractions``.
    public var ownStringProbability = SignalHadronLevel.defaultOwnStringProbability
    /// The tuned ``ownStringProbability`` (ours; see `MultipartonInteractionsTests`).
    public static let defaultOwnStringProbability = 0.85

    public init(shower: FinalStateShower = FinalStateShower(), hadronizer: StringHadronizer = StringHadronizer(),
                decays: HadronDecays = HadronDecays()) {
        self.shower = shower
        self.hadronizer = hadronizer
        self.decays = decays
    }

    static let protonMassGeV = ParticleTable.pdg2024[2212]?.massGeV ?? 0.938272

    /// Draws the remnant quark's light-cone fraction χ ∝ (1 − χ)^3.5/√χ (χ = t², t flat,
    /// accepted with (1 − t²)^3.5).
    static func valenceFraction(rng: inout RandomStream) -> Double {
        while true {
            let t = rng.uniform01()
            if rng.uniform01() < pow(1 - t * t, 3.5) { return t * t }
        }
    }

    /// The full record of `level`. `scatterings` are the multi-parton interactions beside the
    /// hard process (``MultipartonInteractions``; empty without underlying event): each takes
    /// its initiators from the beams (beam vertex → initiator gluons, status 31; the remnants
    /// keep beam − all initiators), radiates and scatters at the primary vertex
    /// (``ScatteringRecord``: ISR chain, g g → g g or Q g → Q g, outgoing status 33), and its
    /// partons join the initial-state strings (``BeamRemnantStrings``) after those have
    /// showered on their own, then shower from their own p⊥ and hadronize with the remnants.
    public func eventRecord(_ level: SignalPartonLevel, eventNumber: Int, seed: UInt64,
                            scatterings: [MultipartonInteractions.Scattering] = []) -> GenEvent {
        let eventID = UInt64(bitPattern: Int64(eventNumber))
        var rng = RandomStream(seed: seed, event: eventID, stage: .generation, substream: 1)
        var decayRNG = RandomStream(seed: seed, event: eventID, stage: .decays, substream: 1)
        let initial = level.initialState
        var event = GenEvent(eventNumber: eventNumber, weights: [1.0])
        event.particles.reserveCapacity(400)
        event.vertices.reserveCapacity(200)
        let beamE = level.beamEnergyGeV
        let pv = level.primaryVertex

        // Beams, remnants, ISR chain.
        var hardIncoming = [Int]()
        var remnantQuark = [(Int, FourVector)](), remnantDiquark = [(Int, FourVector)]()
        var remnantIndex = [[Int]]()
        var mpiInitiators: [[Int]] = [[], []]
        var emittedIndex = [Int](repeating: -1, count: initial.emissions.count)
        for leg in 0..<2 {
            // The proton, the hard initiator and this beam's multi-parton-interaction initiators.
            let opening = BeamLegRecord(leg: leg, history: initial, scatterings: scatterings,
                                        beamEnergyGeV: beamE, protonMassGeV: Self.protonMassGeV, into: &event)
            let beam = opening.beam, remnant = opening.remnantMomentum
            let id = leg == 0 ? initial.initiatorPDGID.0 : initial.initiatorPDGID.1
            var current = opening.initiatorMomentum
            var spacelike = opening.initiator
            let beamOutgoing = opening.outgoing
            mpiInitiators[leg] = opening.scatteringInitiators
            // Remnant: beam − initiators, split into quark + diquark.
            let (q, dq): (Int, Int)
            let u = rng.uniform01()
            if u < 2.0 / 3.0 { q = 2; dq = rng.uniform01() < 0.75 ? 2101 : 2103 } else { q = 1; dq = 2203 }
            let chi = Self.valenceFraction(rng: &rng)
            let pq = remnant * chi
            let pdq = remnant - pq
            remnantQuark.append((q, pq)); remnantDiquark.append((dq, pdq))
            let iq = event.addParticle(GenParticle(pdgID: q, status: 63, momentum: pq, generatedMass: 0))
            let idq = event.addParticle(GenParticle(pdgID: dq, status: 63, momentum: pdq, generatedMass: 0))
            remnantIndex.append([iq, idq])
            event.addVertex(position: pv, incoming: [beam], outgoing: beamOutgoing + [iq, idq])
            for (k, emission) in initial.emissions.enumerated().reversed() where emission.leg == leg {
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

        // Hard process and the s decays.
        let mediator = level.mediator
        let phi = event.addParticle(GenParticle(pdgID: 25, status: 2, momentum: mediator.momentum, generatedMass: mediator.massGeV))
        event.addVertex(position: pv, incoming: hardIncoming, outgoing: [phi])
        let firstS = event.particles.count
        for s in level.scalars {
            event.addParticle(GenParticle(pdgID: 35, status: 2, momentum: s.momentum, generatedMass: s.massGeV))
        }
        event.addVertex(position: mediator.decayVertex, incoming: [phi], outgoing: Array(firstS..<(firstS + level.scalars.count)))

        var hadrons = [PrimaryHadron]()
        hadrons.reserveCapacity(128)
        let firstHadronParticle = event.particles.count
        var systems = [(partons: [ShowerParton], incoming: [Int], position: FourVector)]()
        for (k, s) in level.scalars.enumerated() {
            var incoming = [Int]()
            var partons = [ShowerParton]()
            for d in s.daughters {
                incoming.append(event.addParticle(GenParticle(pdgID: d.pdgID, status: 23, momentum: d.momentum, generatedMass: d.massGeV)))
                let coloured = abs(d.pdgID) <= 6
                partons.append(ShowerParton(pdgID: d.pdgID, colour: coloured && d.pdgID > 0 ? 1 : 0,
                                            anticolour: coloured && d.pdgID < 0 ? 1 : 0,
                                            momentum: d.momentum, massGeV: d.massGeV, radiates: coloured))
            }
            event.addVertex(position: s.decayVertex, incoming: [firstS + k], outgoing: incoming)
            if partons.contains(where: { $0.colour != 0 }) {
                systems.append((partons, incoming, s.decayVertex))
            } else {
                // τ⁺τ⁻: no colour; the τ decays below.
                for i in incoming { event.particles[i].status = 1 }
            }
        }
        _ = firstHadronParticle

        // Multi-parton scatterings at the primary vertex.
        var mpiRecords = [ScatteringRecord]()
        mpiRecords.reserveCapacity(scatterings.count)
        for (k, s) in scatterings.enumerated() {
            mpiRecords.append(ScatteringRecord(s, initiators: (mpiInitiators[0][k], mpiInitiators[1][k]), status: 33, at: pv, into: &event))
        }

        // The initial-state system: two strings between the remnants.
        var chains = [BeamRemnantStrings.Chain]()
        var onLine = [Bool]()
        for _ in initial.emissions { onLine.append(rng.uniform01() < 0.5) }
        for line in 0..<2 {
            let a = line == 0 ? 0 : 1, b = 1 - a
            var chain = [(ShowerParton, Int)]()
            chain.append((ShowerParton(pdgID: remnantQuark[a].0, colour: 0, anticolour: 0, momentum: remnantQuark[a].1,
                                       massGeV: 0, pTMaxGeV: 0, radiates: false), remnantIndex[a][0]))
            // Line 0 takes the emissions with onLine == true, line 1 the others; each line runs
            // from beam a's remnant (a's emissions softest first) to beam b's (hardest first).
            let mine = initial.emissions.indices.filter { (onLine[$0] == (line == 0)) }
            for k in mine.reversed() where initial.emissions[k].leg == a {
                let em = initial.emissions[k]
                chain.append((ShowerParton(pdgID: 21, colour: 0, anticolour: 0, momentum: em.momentum, massGeV: 0, pTMaxGeV: em.pTGeV), emittedIndex[k]))
            }
            for k in mine where initial.emissions[k].leg == b {
                let em = initial.emissions[k]
                chain.append((ShowerParton(pdgID: 21, colour: 0, anticolour: 0, momentum: em.momentum, massGeV: 0, pTMaxGeV: em.pTGeV), emittedIndex[k]))
            }
            chain.append((ShowerParton(pdgID: remnantDiquark[b].0, colour: 0, anticolour: 0, momentum: remnantDiquark[b].1,
                                       massGeV: 0, pTMaxGeV: 0, radiates: false), remnantIndex[b][1]))
            chains.append(chain.map { (parton: $0.0, record: $0.1) })
        }
        // With extra scatterings the ISR strings shower first, with their own colour dipoles
        // (``BeamRemnantStrings/showerFirst(_:shower:at:into:rng:)``); then the scatterings join.
        if showerInitialStateGluons && !scatterings.isEmpty {
            chains = BeamRemnantStrings.showerFirst(chains, shower: shower, at: pv, into: &event, rng: &rng)
        }
        var loops = [BeamRemnantStrings.Chain]()
        for (k, s) in scatterings.enumerated() {
            mpiRecords[k].connect(choice: s.colourChoice, ownStringProbability: ownStringProbability, chains: &chains, loops: &loops)
        }
        let (isrPartons, isrIncoming) = BeamRemnantStrings.tagged(chains, loops: loops)
        systems.append((isrPartons, isrIncoming, pv))

        for system in systems {
            var partons = system.partons
            if showerInitialStateGluons || system.position != pv || system.partons.count == 2 { shower(&partons, rng: &rng) }
            var showered = [Int]()
            showered.reserveCapacity(partons.count)
            for p in partons {
                showered.append(event.addParticle(GenParticle(pdgID: Int(p.pdgID), status: 71, momentum: p.momentum, generatedMass: p.massGeV)))
            }
            event.addVertex(position: system.position, incoming: system.incoming, outgoing: showered)
            hadrons.removeAll(keepingCapacity: true)
            hadronizer(partons, into: &hadrons, rng: &rng)
            var out = [Int]()
            out.reserveCapacity(hadrons.count)
            for h in hadrons {
                out.append(event.addParticle(GenParticle(pdgID: h.pdgID, status: 1, momentum: h.momentum, generatedMass: h.massGeV)))
            }
            event.addVertex(position: system.position, incoming: showered, outgoing: out)
        }
        decays(&event, from: firstS, rng: &decayRNG)
        return event
    }
}
