import Foundation
import EventModel

/// The hidden-valley signal in associated production, `process = "hss-wh"`:
/// q q̄′ → W* → W H, W → e ν or μ ν (the card's `w_decays`, equally shared), H → s s with the
/// same long-lived s and s → f f̄ as `hss-ggf` (``ScalarDecayChain``).
///
/// Stages (each a value, as for ``HiddenValleyGenerator``):
/// 1. ``WHProduction``: √ŝ, rapidity and flavours of the Born, the W and H masses;
/// 2. ``InitialStateRadiation`` on the two quark legs (q → q g), the W H system taking the
///    recoil (its mass stays √ŝ);
/// 3. W and H in the W H frame (production angle about the quark axis), boosted to the lab;
///    the W decays V−A (``WHProduction/decayDirection(quark:antiquark:rng:)``) and H → s s;
/// 4. ``CollisionHadronLevel``: remnants (one string from the antiquark's remnant to the
///    quark's, the W H final state being a colour singlet), final-state shower, strings, the
///    displaced s → b b̄ systems, decays; multi-parton interactions with
///    `underlying_event = true`.
///
/// Record: the hard vertex has W± (±24, status 2) and H (25, status 2) out; the W decays at
/// the primary vertex into ℓ and ν (status 1), H into s s (35) as in `hss-ggf`.
/// Random numbers: stage 1–3 production from `.generation`, W and s decays from `.decays`,
/// the primary vertex from `.beamSpot`, the underlying event from `.underlyingEvent`, the
/// hadron level from substream 1 of `.generation` and `.decays`.
public struct WHGenerator: EventGenerator {
    public let seed: UInt64
    public let sqrtSGeV: Double
    public let beamspotSigmaZMM: Double
    public let production: WHProduction
    public let radiation: InitialStateRadiation
    public let decays: ScalarDecayChain
    public var hadronLevel: CollisionHadronLevel
    public var underlyingEvent: MultipartonInteractions?
    /// Charged-lepton flavours of the W decay: 11 (e), 13 (μ).
    public let leptonFlavours: [Int]

    /// The parton level of one event.
    public struct PartonLevel: Sendable, Equatable {
        public var primaryVertex: FourVector
        public var born: WHProduction.Born
        public var initialState: InitialStateRadiation.History
        public var w: FourVector
        public var higgs: SignalPartonLevel.Mediator
        public var scalars: [SignalPartonLevel.LongLivedScalar]
        /// The W decay: the lepton (ℓ⁻ or ν) and the antilepton (ν̄ or ℓ⁺), in that order.
        public var leptons: [SignalPartonLevel.Parton]

        /// The charged lepton of the W decay.
        public var chargedLepton: SignalPartonLevel.Parton {
            leptons.first { abs($0.pdgID) == 11 || abs($0.pdgID) == 13 } ?? leptons[0]
        }
    }

    public init(card: RunCard, radiation: InitialStateRadiation.Config = .init(),
                hadronLevel: CollisionHadronLevel = CollisionHadronLevel()) throws {
        let g = card.generation
        let decayConfig = try HiddenValleyGenerator.scalarDecayConfig(card: card)
        guard !g.wDecays.isEmpty else {
            throw RunCardError(source: "run card", key: "generation.w_decays", message: "hss-wh needs at least one W decay (\"e\", \"mu\")")
        }
        var flavours = [Int]()
        for w in g.wDecays {
            switch w {
            case "e": flavours.append(11)
            case "mu": flavours.append(13)
            default:
                throw RunCardError(source: "run card", key: "generation.w_decays", message: "unknown W decay \"\(w)\"; expected \"e\" or \"mu\"")
            }
        }
        leptonFlavours = flavours
        seed = card.run.seed
        sqrtSGeV = g.sqrtSGeV
        beamspotSigmaZMM = g.beamspotSigmaZMM
        let pdf = CTEQ5L()
        production = WHProduction(config: .init(higgsMassGeV: g.mediatorMassGeV, higgsWidthGeV: g.mediatorWidthGeV,
                                                sqrtSGeV: g.sqrtSGeV, higgsMinimumMassGeV: 2 * g.scalarMassGeV * (1 + 1e-9)),
                                  pdf: pdf)
        self.radiation = InitialStateRadiation(config: radiation, sqrtSGeV: g.sqrtSGeV, pdf: pdf)
        decays = ScalarDecayChain(config: decayConfig)
        self.hadronLevel = hadronLevel
        underlyingEvent = g.underlyingEvent ? MultipartonInteractions(sqrtSGeV: g.sqrtSGeV, pdf: pdf) : nil
    }

    static let beamPlus = FourVector(px: 0, py: 0, pz: 1, e: 1), beamMinus = FourVector(px: 0, py: 0, pz: -1, e: 1)

    /// Stages 1–3 of event `eventNumber`.
    public func partonLevel(eventNumber: Int) -> PartonLevel {
        let event = UInt64(bitPattern: Int64(eventNumber))
        var rng = RandomStream(seed: seed, event: event, stage: .generation)
        var decayRNG = RandomStream(seed: seed, event: event, stage: .decays)
        let z = beamSpotZ(seed: seed, event: event, sigmaZMM: beamspotSigmaZMM)
        let pv = FourVector(px: 0, py: 0, pz: z, e: 0)
        let born = production(rng: &rng)
        let history = radiation(born.system, initiators: born.initiators, rng: &rng)
        let system = history.mediator
        let m = born.system.massGeV, mW = born.wMassGeV, mH = born.higgsMassGeV

        // The quark and antiquark beam directions, seen in the W H frame.
        let quarkOnLeg0 = born.initiators.0 > 0
        let quarkBeam = quarkOnLeg0 ? Self.beamPlus : Self.beamMinus
        let antiquarkBeam = quarkOnLeg0 ? Self.beamMinus : Self.beamPlus
        let toSystem = -system.beta
        let axis = (quarkBeam.boosted(by: toSystem).p3.unit - antiquarkBeam.boosted(by: toSystem).p3.unit).unit
        let cosTheta = WHProduction.productionCosTheta(shat: m * m, mW: mW, mH: mH, rng: &rng)
        let phi = 2 * Double.pi * rng.uniform01()
        let helper = abs(axis.z) < 0.9 ? Vector3(0, 0, 1) : Vector3(1, 0, 0)
        let e1 = axis.cross(helper).unit, e2 = axis.cross(e1)
        let sinTheta = (max(0, 1 - cosTheta * cosTheta)).squareRoot()
        let direction = e1 * (sinTheta * cos(phi)) + e2 * (sinTheta * sin(phi)) + axis * cosTheta
        let pStar = TwoBodyDecay.restFrameMomentum(parentMass: m, mW, mH) ?? 0
        let w = FourVector(direction * pStar, mass: mW).boosted(by: system.beta)
        let higgs = FourVector(-(direction * pStar), mass: mH).boosted(by: system.beta)

        // W → ℓ ν, V−A.
        let toW = -w.beta
        let n = WHProduction.decayDirection(quark: quarkBeam.boosted(by: toW).p3.unit,
                                            antiquark: antiquarkBeam.boosted(by: toW).p3.unit, rng: &decayRNG)
        let flavour = leptonFlavours[min(Int(decayRNG.uniform01() * Double(leptonFlavours.count)), leptonFlavours.count - 1)]
        let chargedMass = ParticleTable.pdg2024[flavour]?.massGeV ?? 0
        // W⁺ → ℓ⁺ ν: lepton ν, antilepton ℓ⁺. W⁻ → ℓ⁻ ν̄: lepton ℓ⁻, antilepton ν̄.
        let (leptonID, leptonMass, antiID, antiMass) = born.wCharge > 0
            ? (flavour + 1, 0.0, -flavour, chargedMass) : (flavour, chargedMass, -(flavour + 1), 0.0)
        let q = TwoBodyDecay.restFrameMomentum(parentMass: mW, leptonMass, antiMass) ?? 0
        let anti = FourVector(n * q, mass: antiMass).boosted(by: w.beta)
        let lepton = FourVector(-(n * q), mass: leptonMass).boosted(by: w.beta)

        let (mediator, scalars) = decays(mediator: higgs, massGeV: mH, primaryVertex: pv, rng: &decayRNG)
        return PartonLevel(primaryVertex: pv, born: born, initialState: history, w: w, higgs: mediator, scalars: scalars,
                           leptons: [SignalPartonLevel.Parton(pdgID: leptonID, momentum: lepton, massGeV: leptonMass),
                                     SignalPartonLevel.Parton(pdgID: antiID, momentum: anti, massGeV: antiMass)])
    }

    public func generate(eventNumber: Int) -> GenEvent {
        let level = partonLevel(eventNumber: eventNumber)
        var scatterings = [MultipartonInteractions.Scattering]()
        if let mpi = underlyingEvent {
            var rng = RandomStream(seed: seed, event: UInt64(bitPattern: Int64(eventNumber)), stage: .underlyingEvent)
            let count = mpi.extraScatteringCount(rng: &rng)
            var xLeft = (1 - level.initialState.initiatorX.0, 1 - level.initialState.initiatorX.1)
            mpi.scatterings(count: count, pTMaxGeV: level.born.system.massGeV / 2, xLeft: &xLeft, rng: &rng, into: &scatterings)
        }
        let quarkLeg = level.born.initiators.0 > 0 ? 0 : 1
        let flow = ColourFlow(lines: [[.incoming(1 - quarkLeg), .incoming(quarkLeg)]])
        let outgoing = [HardOutgoing(pdgID: 24 * (level.born.wCharge > 0 ? 1 : -1), momentum: level.w, massGeV: level.born.wMassGeV, status: 2),
                        HardOutgoing(pdgID: 25, momentum: level.higgs.momentum, massGeV: level.higgs.massGeV, status: 2)]
        let pv = level.primaryVertex
        var event = hadronLevel.eventRecord(
            beamEnergyGeV: sqrtSGeV / 2, primaryVertex: pv, history: level.initialState, outgoing: outgoing, flow: flow,
            factorizationScaleGeV: level.born.system.factorizationScaleGeV, pTMaxGeV: level.born.system.massGeV,
            scatterings: scatterings, eventNumber: eventNumber, seed: seed
        ) { event, hard, _ in
            var out = [Int]()
            for l in level.leptons {
                out.append(event.addParticle(GenParticle(pdgID: l.pdgID, status: 1, momentum: l.momentum, generatedMass: l.massGeV)))
            }
            event.addVertex(position: pv, incoming: [hard[0]], outgoing: out)
            let firstS = event.particles.count
            for s in level.scalars {
                event.addParticle(GenParticle(pdgID: 35, status: 2, momentum: s.momentum, generatedMass: s.massGeV))
            }
            event.addVertex(position: level.higgs.decayVertex, incoming: [hard[1]], outgoing: Array(firstS..<(firstS + level.scalars.count)))
            var systems = [CollisionHadronLevel.System]()
            for (k, s) in level.scalars.enumerated() {
                var incoming = [Int](), partons = [ShowerParton]()
                for d in s.daughters {
                    incoming.append(event.addParticle(GenParticle(pdgID: d.pdgID, status: 23, momentum: d.momentum, generatedMass: d.massGeV)))
                    let coloured = abs(d.pdgID) <= 6
                    partons.append(ShowerParton(pdgID: d.pdgID, colour: coloured && d.pdgID > 0 ? 1 : 0,
                                                anticolour: coloured && d.pdgID < 0 ? 1 : 0,
                                                momentum: d.momentum, massGeV: d.massGeV, radiates: coloured))
                }
                event.addVertex(position: s.decayVertex, incoming: [firstS + k], outgoing: incoming)
                if partons.contains(where: { $0.colour != 0 }) {
                    systems.append(.init(partons: partons, incoming: incoming, position: s.decayVertex))
                } else {
                    for i in incoming { event.particles[i].status = 1 }
                }
            }
            return systems
        }
        event.addAttribute(EventGenerators.processAttribute, RunCard.Process.hssWH.rawValue)
        return event
    }
}
