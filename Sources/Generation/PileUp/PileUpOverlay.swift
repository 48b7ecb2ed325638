import Foundation
import EventModel

/// In-time pile-up: Poisson(μ) inelastic collisions (``MinimumBiasInteraction``: non-diffractive
/// and diffractive) added to
/// a generated event, each at its own vertex (x, y, z, c·t) = (0, 0, z, c t) with
/// z ~ N(0, σ_z) and c·t ~ N(0, σ_z) (for Gaussian bunches the luminous region has the same
/// width in z and in c·t; `beamspot_sigma_z_mm`, 45 mm by default, as DESIGN.md §6).
///
/// **Record.** Each collision is a subgraph of its own with its own beam pair (2212,
/// status 4), appended after the hard scatter, so the hard scatter's particles keep their
/// indices. Every vertex has an incoming particle, so the event stays HepMC3-writable. The
/// marks later stages read:
/// * event attribute `GenReco:hard_scatter_particles` = the number N of hard-scatter
///   particles (indices 0 ..< N; everything after is pile-up), and
///   `GenReco:pileup_interactions` = the number of collisions added;
/// * on the first (beam) vertex of collision k (1, 2, …) the vertex attribute
///   `GenReco:pileup` = k.
///
/// **Random numbers** (DESIGN.md §3): the number of collisions and their positions come
/// from the `.pileup` stream of the event, substream 0; collision k from substream k. The
/// hard event's draws never change with μ, and collision k is the same whatever μ.
///
/// **Shared collisions** (`reuse` R > 1, the card's `pileup_reuse`): the collisions are
/// drawn from a sequence shared by all events, as ATLAS digitization draws its pile-up from
/// pre-simulated minimum-bias files, so that the simulation transports each collision once
/// per job instead of once per event (PileUpOverlay+Shared.swift).
public struct PileUpOverlay: Sendable {
    public let seed: UInt64
    /// μ, the mean number of collisions added per event.
    public let meanInteractions: Double
    public let beamspotSigmaZMM: Double
    /// R, the mean number of events that include each collision: 1, every event has
    /// collisions of its own; R > 1, collisions are shared between neighbouring events.
    public let reuse: Double
    public var interaction: MinimumBiasInteraction

    public static let hardScatterParticlesAttribute = "GenReco:hard_scatter_particles"
    public static let interactionsAttribute = "GenReco:pileup_interactions"
    public static let vertexAttribute = "GenReco:pileup"

    public init(seed: UInt64, meanInteractions: Double, beamspotSigmaZMM: Double, sqrtSGeV: Double, reuse: Double = 1) {
        self.seed = seed
        self.meanInteractions = meanInteractions
        self.beamspotSigmaZMM = beamspotSigmaZMM
        self.reuse = reuse
        interaction = MinimumBiasInteraction(sqrtSGeV: sqrtSGeV)
    }

    /// Adds the pile-up of event `eventNumber` to `event`.
    public func callAsFunction(_ event: inout GenEvent, eventNumber: Int) {
        if reuse > 1 { return addShared(to: &event, eventNumber: eventNumber) }
        let id = UInt64(bitPattern: Int64(eventNumber))
        var rng = RandomStream(seed: seed, event: id, stage: .pileup, substream: 0)
        let count = min(rng.poisson(mean: meanInteractions), Int(UInt16.max))
        let hardParticles = event.particles.count
        reserveRoom(for: count, in: &event)
        for k in 0..<count {
            let z = rng.gaussian(mean: 0, sigma: beamspotSigmaZMM)
            let ct = rng.gaussian(mean: 0, sigma: beamspotSigmaZMM)
            var stream = RandomStream(seed: seed, event: id, stage: .pileup, substream: UInt16(k + 1))
            let added = interaction.append(to: &event, at: FourVector(px: 0, py: 0, pz: z, e: ct), rng: &stream)
            if let v = added.vertices.first {
                event.addAttribute(Self.vertexAttribute, String(k + 1), owner: -(v + 1))
            }
        }
        event.addAttribute(Self.hardScatterParticlesAttribute, String(hardParticles))
        event.addAttribute(Self.interactionsAttribute, String(count))
    }

    /// Room for `count` collisions in `event`'s record, so that it is never copied to a
    /// bigger buffer while they are added (at μ = 40 that copy moved ~1 MB in about half the
    /// events). A 13 TeV collision adds ≈ 250 particles and ≈ 70 vertices on average, with
    /// a spread of ≈ 200 particles (diffractive ones are small): mean + 3σ for `count`.
    func reserveRoom(for count: Int, in event: inout GenEvent) {
        let spread = 3 * 200 * Double(count).squareRoot()
        event.particles.reserveCapacity(event.particles.count + count * 250 + Int(spread))
        event.vertices.reserveCapacity(event.vertices.count + count * 100)
    }

    /// The number of hard-scatter particles of `event` (indices below it): from the
    /// `GenReco:hard_scatter_particles` attribute, or all particles without pile-up.
    public static func hardScatterParticleCount(in event: GenEvent) -> Int {
        event.attribute(hardScatterParticlesAttribute).flatMap { Int($0) } ?? event.particles.count
    }

    /// Whether particle `index` of `event` comes from a pile-up collision.
    public static func isPileUp(particle index: Int, in event: GenEvent) -> Bool {
        index >= hardScatterParticleCount(in: event)
    }
}

/// A generator with pile-up: the events of `base`, each with ``PileUpOverlay`` added.
/// ``EventGenerators/make(for:)`` wraps every generator in one when `pileup_mu > 0`.
public struct PileUpGenerator: EventGenerator {
    public let base: any EventGenerator
    public let overlay: PileUpOverlay

    public init(base: any EventGenerator, overlay: PileUpOverlay) {
        self.base = base
        self.overlay = overlay
    }

    public func generate(eventNumber: Int) -> GenEvent {
        var event = base.generate(eventNumber: eventNumber)
        overlay(&event, eventNumber: eventNumber)
        return event
    }
}
