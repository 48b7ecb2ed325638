import EventModel

/// Something that makes the events of a run. Event `n` must depend only on the card, the
/// run seed and `n` (DESIGN.md §3): that is what lets the farm split a run any way it likes
/// and rerun a failed job bit for bit.
public protocol EventGenerator: Sendable {
    func generate(eventNumber: Int) -> GenEvent
}

/// The generator a card asks for, with pile-up (``PileUpGenerator``) when `pileup_mu > 0`.
public enum EventGenerators {
    /// The event attribute naming the process that made an event: the card's `process`
    /// (`hss-wh`, `dijet`, `bib`). Reconstruction's truth labels read it (`bib` makes every
    /// jet of the event a BIB jet), as HepMC3 keeps it with the event.
    public static let processAttribute = "process"

    public static func make(for card: RunCard) throws -> any EventGenerator {
        // The card's physics checks come first, so that no event is made from a bad card
        // even when it was built in code rather than parsed.
        try card.validate(source: "run card")
        let base: any EventGenerator
        switch card.generation.process {
        case .gun:
            base = try ParticleGun(config: card.gun, seed: card.run.seed)
        case .hssGGF:
            base = try HiddenValleyGenerator(card: card)
        case .hssWH:
            base = try WHGenerator(card: card)
        case .minbias:
            base = try MinimumBiasGenerator(card: card)
        case .bib:
            base = try BeamHaloGenerator(card: card)
        case .dijet:
            base = try DijetGenerator(card: card)
        }
        let g = card.generation
        guard g.pileupMu >= 0, g.pileupMu.isFinite else {
            throw RunCardError(source: "run card", key: "generation.pileup_mu", message: "must be ≥ 0")
        }
        guard g.pileupMu > 0 else { return base }
        guard g.beamspotSigmaZMM >= 0 else {
            throw RunCardError(source: "run card", key: "generation.beamspot_sigma_z_mm", message: "must be ≥ 0")
        }
        return PileUpGenerator(base: base, overlay: PileUpOverlay(seed: card.run.seed, meanInteractions: g.pileupMu,
                                                                  beamspotSigmaZMM: g.beamspotSigmaZMM, sqrtSGeV: g.sqrtSGeV,
                                                                  reuse: g.pileupReuse))
    }
}
