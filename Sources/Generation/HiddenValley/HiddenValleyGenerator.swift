import Foundation
import EventModel

/// The CalRatio signal, `process = "hss-ggf"`: gg → Φ → s s with a long-lived s → f f̄
/// (DESIGN.md §6), in four stages that pass typed values:
///
/// 1. ``GluonFusion``: the Born (Φ mass from a Breit–Wigner, rapidity from the CTEQ5L gluon
///    luminosity);
/// 2. ``InitialStateRadiation``: gluon emissions that give Φ its transverse momentum;
/// 3. ``ScalarDecayChain``: Φ → s s, the flight of each s, s → b b̄ / c c̄ / τ⁺τ⁻;
/// 4. ``SignalPartonLevel/eventRecord(eventNumber:)``: the HepMC3-like ``GenEvent``.
///
/// 5. ``SignalHadronLevel``: final-state shower, beam remnants, Lund strings and hadron
///    decays, writing the full record (``generate(eventNumber:)``). With `hadronLevel: nil`
///    the record stops at the partons (``SignalPartonLevel/eventRecord(eventNumber:)``).
///
/// With `underlying_event = true` (the default), multi-parton interactions
/// (``MultipartonInteractions``) add extra scatterings (g g → g g, and c g / b g flavour
/// excitation) that radiate — initial-state radiation from their own p⊥, then the final-state
/// shower — and join the beam-remnant strings after the hard system has showered; they draw
/// from the `.underlyingEvent` stream only, so the hard process, its ISR and the LLP
/// kinematics are the same with or without them. Pile-up is added by
/// ``PileUpGenerator`` (``EventGenerators/make(for:)``).
///
/// Event n depends only on (card, seed, n): stage 1–2 draw from the `.generation` stream,
/// stage 3 from `.decays`, the primary vertex from `.beamSpot`, each fresh per event
/// (DESIGN.md §3). The primary vertex is at (0, 0, z) with z ~ N(0, `beamspot_sigma_z_mm`).
///
/// Validated against Pythia 8.318 (reference/pythia8/ggH125_mS40_ctau760*.json) by
/// ``SignalValidation``.
public struct HiddenValleyGenerator: EventGenerator {
    public let seed: UInt64
    public let sqrtSGeV: Double
    public let beamspotSigmaZMM: Double
    public let production: GluonFusion
    public let radiation: InitialStateRadiation
    public let decays: ScalarDecayChain
    /// Shower, hadronization and decays; nil for a parton-level record.
    public let hadronLevel: SignalHadronLevel?
    /// The underlying event; nil with `underlying_event = false` (Pythia's `PartonLevel:MPI = off`).
    public var underlyingEvent: MultipartonInteractions?

    /// The generator for `card` (process `hss-ggf`). Throws a ``RunCardError`` naming the key
    /// for a point it cannot make: Φ below 2 m_s, s below its decay threshold, branching
    /// fractions that are negative or do not add up to 1, cτ ≤ 0.
    public init(card: RunCard, radiation: InitialStateRadiation.Config = .init(),
                hadronLevel: SignalHadronLevel? = SignalHadronLevel()) throws {
        let g = card.generation
        let decayConfig = try Self.scalarDecayConfig(card: card)

        seed = card.run.seed
        sqrtSGeV = g.sqrtSGeV
        beamspotSigmaZMM = g.beamspotSigmaZMM
        let pdf = CTEQ5L()
        production = GluonFusion(
            config: .init(massGeV: g.mediatorMassGeV, widthGeV: g.mediatorWidthGeV, sqrtSGeV: g.sqrtSGeV,
                          minimumMassGeV: 2 * g.scalarMassGeV * (1 + 1e-9)),
            pdf: pdf)
        self.radiation = InitialStateRadiation(config: radiation, sqrtSGeV: g.sqrtSGeV, pdf: pdf)
        decays = ScalarDecayChain(config: decayConfig)
        self.hadronLevel = hadronLevel
        underlyingEvent = g.underlyingEvent ? MultipartonInteractions(sqrtSGeV: g.sqrtSGeV, pdf: pdf) : nil
    }

    /// The multi-parton scatterings beside the hard process of event `eventNumber` (empty
    /// without underlying event), from the `.underlyingEvent` stream: the number from the
    /// impact parameter, p⊥ below half the Born mass, x from what the initiators left.
    public func underlyingScatterings(_ level: SignalPartonLevel, eventNumber: Int) -> [MultipartonInteractions.Scattering] {
        guard let mpi = underlyingEvent else { return [] }
        var rng = RandomStream(seed: seed, event: UInt64(bitPattern: Int64(eventNumber)), stage: .underlyingEvent)
        let count = mpi.extraScatteringCount(rng: &rng)
        var xLeft = (1 - level.initialState.initiatorX.0, 1 - level.initialState.initiatorX.1)
        var result = [MultipartonInteractions.Scattering]()
        result.reserveCapacity(count)
        mpi.scatterings(count: count, pTMaxGeV: level.born.massGeV / 2, xLeft: &xLeft, rng: &rng, into: &result)
        return result
    }

    /// Stages 1–3 for event `eventNumber`: the parton-level value a shower would take.
    public func partonLevel(eventNumber: Int) -> SignalPartonLevel {
        let event = UInt64(bitPattern: Int64(eventNumber))
        var rng = RandomStream(seed: seed, event: event, stage: .generation)
        var decayRNG = RandomStream(seed: seed, event: event, stage: .decays)
        let z = beamSpotZ(seed: seed, event: event, sigmaZMM: beamspotSigmaZMM)
        let primary = FourVector(px: 0, py: 0, pz: z, e: 0)
        let born = production(rng: &rng)
        let history = radiation(born, rng: &rng)
        let (mediator, scalars) = decays(mediator: history.mediator, massGeV: born.massGeV,
                                         primaryVertex: primary, rng: &decayRNG)
        return SignalPartonLevel(beamEnergyGeV: sqrtSGeV / 2, primaryVertex: primary, born: born,
                                 initialState: history, mediator: mediator, scalars: scalars)
    }

    public func generate(eventNumber: Int) -> GenEvent {
        let level = partonLevel(eventNumber: eventNumber)
        guard let hadronLevel else { return level.eventRecord(eventNumber: eventNumber) }
        return hadronLevel.eventRecord(level, eventNumber: eventNumber, seed: seed,
                                       scatterings: underlyingScatterings(level, eventNumber: eventNumber))
    }
}

extension HiddenValleyGenerator {
    /// The checks shared by `hss-ggf` and `hss-wh` and the s decay configuration they give.
    /// Throws a ``RunCardError`` naming the key: Φ below 2 m_s, s below its decay threshold,
    /// branching fractions that are negative or do not add up to 1, cτ ≤ 0, √s ≤ 2 m_Φ.
    static func scalarDecayConfig(card: RunCard) throws -> ScalarDecayChain.Config {
        let g = card.generation
        func fail(_ key: String, _ message: String) -> RunCardError {
            RunCardError(source: "run card", key: "generation." + key, message: message)
        }
        guard g.sqrtSGeV > 2 * g.mediatorMassGeV else { throw fail("sqrt_s_gev", "√s must exceed twice the mediator mass") }
        guard g.mediatorWidthGeV >= 0 else { throw fail("mediator_width_gev", "the width must be ≥ 0") }
        guard g.scalarMassGeV > 0, g.mediatorMassGeV > 2 * g.scalarMassGeV else {
            throw fail("scalar_mass_gev", "Φ → s s needs 0 < m_s < m_Φ/2 = \(g.mediatorMassGeV / 2) GeV")
        }
        guard g.scalarCtauMM > 0 else { throw fail("scalar_ctau_mm", "cτ must be > 0") }
        let br = g.scalarDecays
        guard br.bb >= 0, br.cc >= 0, br.tautau >= 0, abs(br.bb + br.cc + br.tautau - 1) < 1e-6 else {
            throw fail("scalar_decays", "branching fractions must be ≥ 0 and add up to 1")
        }
        var decayConfig = ScalarDecayChain.Config(
            scalarMassGeV: g.scalarMassGeV, scalarCtauMM: g.scalarCtauMM,
            branchingFractions: (br.bb, br.cc, br.tautau), mediatorWidthGeV: g.mediatorWidthGeV)
        decayConfig.tauMassGeV = ParticleTable.pdg2024[15]?.massGeV ?? decayConfig.tauMassGeV
        let threshold = [(br.bb, decayConfig.bottomMassGeV), (br.cc, decayConfig.charmMassGeV),
                        (br.tautau, decayConfig.tauMassGeV)].filter { $0.0 > 0 }.map { 2 * $0.1 }.max() ?? 0
        guard g.scalarMassGeV > threshold else {
            throw fail("scalar_mass_gev", "s → f f̄ needs m_s > \(threshold) GeV for the channels asked")
        }
        guard g.beamspotSigmaZMM >= 0 else { throw fail("beamspot_sigma_z_mm", "must be ≥ 0") }

        return decayConfig
    }
}
