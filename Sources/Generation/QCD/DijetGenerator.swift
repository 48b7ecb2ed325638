import Foundation
import EventModel

/// `process = "dijet"`: QCD multijet background, unweighted 2 → 2 scatterings above the
/// card's `pthat_min_gev` (``DijetHardProcess``), then
/// * initial-state radiation off both legs (``InitialStateRadiation`` with the initiators'
///   flavours, starting at p⊥-hat; the 2 → 2 system takes the recoil and keeps its mass √ŝ),
/// * the outgoing partons in the 2 → 2 rest frame at (p⊥-hat, Δy/2, φ), c and b quarks given
///   their masses (1.5, 4.8 GeV) at fixed direction, boosted with the recoiling system,
/// * ``CollisionHadronLevel``: remnants and the leading-colour flow, the final-state shower
///   from p⊥-hat, strings, decays, and multi-parton interactions below p⊥-hat with
///   `underlying_event = true`.
///
/// Every event has weight 1 and the attributes `process` = `dijet` and `GenReco:pthat_gev`
/// (p⊥-hat, GeV, as Pythia's `info.pTHat()`). Random numbers: the hard process and ISR from
/// `.generation`, the primary vertex from `.beamSpot`, the underlying event from
/// `.underlyingEvent`, the hadron level from substream 1 of `.generation` and `.decays`.
public struct DijetGenerator: EventGenerator {
    public let seed: UInt64
    public let sqrtSGeV: Double
    public let beamspotSigmaZMM: Double
    public let hard: DijetHardProcess
    public let radiation: InitialStateRadiation
    public var hadronLevel: CollisionHadronLevel
    public var underlyingEvent: MultipartonInteractions?

    /// The event attribute holding p⊥-hat (GeV).
    public static let pTHatAttribute = "GenReco:pthat_gev"

    public struct PartonLevel: Sendable, Equatable {
        public var primaryVertex: FourVector
        public var born: DijetHardProcess.Born
        public var initialState: InitialStateRadiation.History
        /// The outgoing partons c, d in the lab.
        public var outgoing: [HardOutgoing]
    }

    public init(card: RunCard, radiation: InitialStateRadiation.Config = .init(),
                hadronLevel: CollisionHadronLevel = CollisionHadronLevel()) throws {
        let g = card.generation
        guard g.pthatMinGeV > 0, g.pthatMinGeV.isFinite else {
            throw RunCardError(source: "run card", key: "generation.pthat_min_gev",
                               message: "dijet needs a p⊥-hat minimum > 0 GeV, found \(g.pthatMinGeV)")
        }
        guard g.sqrtSGeV > 2 * g.pthatMinGeV else {
            throw RunCardError(source: "run card", key: "generation.pthat_min_gev",
                               message: "p⊥-hat min must be below √s/2 = \(g.sqrtSGeV / 2) GeV")
        }
        guard g.beamspotSigmaZMM >= 0 else {
            throw RunCardError(source: "run card", key: "generation.beamspot_sigma_z_mm", message: "must be ≥ 0")
        }
        seed = card.run.seed
        sqrtSGeV = g.sqrtSGeV
        beamspotSigmaZMM = g.beamspotSigmaZMM
        let pdf = CTEQ5L()
        hard = DijetHardProcess(config: .init(sqrtSGeV: g.sqrtSGeV, pTHatMinGeV: g.pthatMinGeV), pdf: pdf, seed: card.run.seed)
        self.radiation = InitialStateRadiation(config: radiation, sqrtSGeV: g.sqrtSGeV, pdf: pdf)
        self.hadronLevel = hadronLevel
        underlyingEvent = g.underlyingEvent ? MultipartonInteractions(sqrtSGeV: g.sqrtSGeV, pdf: pdf) : nil
    }

    public func partonLevel(eventNumber: Int) -> PartonLevel {
        let event = UInt64(bitPattern: Int64(eventNumber))
        var rng = RandomStream(seed: seed, event: event, stage: .generation)
        let z = beamSpotZ(seed: seed, event: event, sigmaZMM: beamspotSigmaZMM)
        let born = hard(rng: &rng)
        let m = born.shat.squareRoot()
        let system = BornKinematics(massGeV: m, rapidity: 0.5 * (born.y3 + born.y4), x1: born.x1, x2: born.x2,
                                    factorizationScaleGeV: born.pTHatGeV)
        let history = radiation(system, initiators: (born.channel.a, born.channel.b), startScaleGeV: born.pTHatGeV, rng: &rng)
        // c along (φ, y* = Δy/2) in the 2 → 2 rest frame, d opposite.
        let yStar = 0.5 * (born.y3 - born.y4)
        let direction = Vector3(cos(born.phi) / cosh(yStar), sin(born.phi) / cosh(yStar), tanh(yStar))
        let mc = PartonMasses.kinematic(born.channel.c), md = PartonMasses.kinematic(born.channel.d)
        let pStar = TwoBodyDecay.restFrameMomentum(parentMass: m, mc, md) ?? 0
        let beta = history.mediator.beta
        let c = FourVector(direction * pStar, mass: mc).boosted(by: beta)
        let d = FourVector(-(direction * pStar), mass: md).boosted(by: beta)
        return PartonLevel(primaryVertex: FourVector(px: 0, py: 0, pz: z, e: 0), born: born, initialState: history,
                           outgoing: [HardOutgoing(pdgID: born.channel.c, momentum: c, massGeV: mc, status: 23),
                                      HardOutgoing(pdgID: born.channel.d, momentum: d, massGeV: md, status: 23)])
    }

    public func generate(eventNumber: Int) -> GenEvent {
        let level = partonLevel(eventNumber: eventNumber)
        var scatterings = [MultipartonInteractions.Scattering]()
        if let mpi = underlyingEvent {
            var rng = RandomStream(seed: seed, event: UInt64(bitPattern: Int64(eventNumber)), stage: .underlyingEvent)
            let count = mpi.extraScatteringCount(rng: &rng)
            var xLeft = (1 - level.initialState.initiatorX.0, 1 - level.initialState.initiatorX.1)
            mpi.scatterings(count: count, pTMaxGeV: level.born.pTHatGeV, xLeft: &xLeft, rng: &rng, into: &scatterings)
        }
        var event = hadronLevel.eventRecord(
            beamEnergyGeV: sqrtSGeV / 2, primaryVertex: level.primaryVertex, history: level.initialState,
            outgoing: level.outgoing, flow: level.born.flow, factorizationScaleGeV: level.born.pTHatGeV,
            pTMaxGeV: level.born.pTHatGeV, scatterings: scatterings, eventNumber: eventNumber, seed: seed)
        event.addAttribute(EventGenerators.processAttribute, RunCard.Process.dijet.rawValue)
        event.addAttribute(Self.pTHatAttribute, String(level.born.pTHatGeV))
        return event
    }
}
