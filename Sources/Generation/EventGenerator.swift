import EventModel

/// Something that makes the events of a run. Event `n` must depend only on the card, the
/// run seed and `n` (DESIGN.md §3): that is what lets the farm split a run any way it likes
/// and rerun a failed job bit for bit.
public protocol EventGenerator: Sendable {
    func generate(eventNumber: Int) -> GenEvent
}

/// The generator a card asks for.
public enum EventGenerators {
    public static func make(for card: RunCard) throws -> any EventGenerator {
        switch card.generation.process {
        case .gun:
            return try ParticleGun(config: card.gun, seed: card.run.seed)
        case .hssGGF:
            return try HiddenValleyGenerator(card: card)
        case .hssWH, .dijet, .minbias, .bib:
            throw RunCardError(source: "run card", key: "generation.process",
                               message: "process \"\(card.generation.process.rawValue)\" is not generated in this version yet; "
                                   + "use process = \"gun\", or run `genreco reco` on HepMC3 files from Pythia 8")
        }
    }
}
