import Foundation
import EventModel
import Detector

/// The detector simulation stage: generator particles in, true detector response out
/// (DESIGN.md §1). A fast, parametrised transport in the spirit of ATLAS's
/// Fatras + FastCaloSim, written for GenReco:
///
/// * **Tracker** — helices in the uniform solenoid field (``Helix``), surface by surface;
///   at each crossed surface (thickness in X₀ along the path) Highland multiple
///   scattering, Bethe ionisation loss, Bethe–Heitler bremsstrahlung for e± (the photon
///   is followed) and photon conversions (the pair is followed); a hit on every active
///   sensor crossed by a charged particle.
/// * **Calorimeter** — straight lines outside the solenoid. e± and γ: Gamma longitudinal
///   profile in X₀ with Grindhammer–Peters fluctuations, core + tail lateral profile in
///   Molière radii. Hadrons: first interaction after an exponential depth in λ (MIP before
///   it), then a Gamma profile in λ with t_max = 0.2 ln E + 0.7, EM fraction
///   f_em = 1 − (E/E₀)^(k−1) with event-by-event spread, non-EM part seen at 1/(e/h).
///   Sampling fluctuations a/√E per volume (card). Dead material absorbs without signal.
///   Muons: ionisation per volume with Moyal fluctuations, then muon-station hits.
///   Neutrinos (and other invisible neutrals) escape.
/// * **Where particles start** — at their generator production vertex: a particle made
///   inside the tracker is tracked from there, one made inside the calorimeter (the
///   products of an s decaying in the Tile) showers from there, one made beyond deposits
///   nothing but muon hits. Charged unstable particles are tracked up to their decay.
/// * **Time** — vertex time from the generator (c·t), or, if it left it 0, from the
///   parent's flight at its velocity β = p/E (slow heavy LLPs arrive late); then
///   the time of flight along the path at β c.
///
/// Reproducible: generator particle k (in record order, counting only those transported)
/// draws from sub-stream k + 1 of the stage's stream, so one particle's draws never shift
/// another's.
///
/// ```swift
/// let sim = Simulation()
/// var rng = RandomStream(seed: 12345, event: 7, stage: .simulation)
/// let hits = sim(event, in: Detector.atlasRun2, rng: &rng)
/// ```
public struct Simulation: Sendable {
    public var config: Config

    /// The random-stream stage this stage draws from.
    public static let stage: RandomStream.Stage = .simulation

    public init(config: Config = Config()) {
        self.config = config
    }

    /// Simulates one event. Never traps on bad input: particles with non-finite momenta,
    /// zero energy, vertices outside the world or unknown species are skipped and counted
    /// in `SimHits.stats`.
    ///
    /// An event with shared pile-up collisions (``GenEvent/sharedCollisions``) is simulated
    /// as a job simulates it (SharedPileUp.swift), from an empty ``PileUpHitCache``: the
    /// same hits, however it is called.
    public func callAsFunction(_ event: GenEvent, in detector: Detector, rng: inout RandomStream) -> SimHits {
        guard event.attribute(SharedCollision.attribute) == nil else {
            return self(event, in: detector, rng: &rng, sharing: PileUpHitCache())
        }
        return simulate(event, in: detector, rng: &rng)
    }

    /// Every particle of `event` from `rng`'s sub-streams, in record order.
    func simulate(_ event: GenEvent, in detector: Detector, rng: inout RandomStream) -> SimHits {
        var transport = EventTransport(detector: detector, config: config)
        transport.reserveHits(stableParticles: event.particles.reduce(0) { $0 + ($1.status == 1 ? 1 : 0) })
        var vertexTimes = [Double?](repeating: nil, count: event.vertices.count)
        transportParticles(event.particles.indices, of: event, into: &transport, in: detector, rng: &rng,
                           vertexTimes: &vertexTimes)
        return transport.finish(eventNumber: event.eventNumber)
    }

    /// Transports the generator particles `range` of `event`, the k-th one transported (in
    /// record order) drawing from sub-stream k of `rng`.
    func transportParticles(_ range: Range<Int>, of event: GenEvent, into transport: inout EventTransport,
                            in detector: Detector, rng: inout RandomStream, vertexTimes: inout [Double?]) {
        let table = ParticleTable.pdg2024
        var ordinal = 0
        for i in range {
            let particle = event.particles[i]
            let isStable = particle.status == 1
            let chargeThirds = table.chargeThirds(of: particle.pdgID) ?? 0
            // Charged particles the generator decayed (Σ±, K± in flight, B±) leave hits up to their decay.
            let trackToDecay = particle.status == 2 && particle.endVertex != nil && chargeThirds != 0
                && particle.absPDGID > 100
            guard isStable || trackToDecay else { continue }
            ordinal += 1
            var prng = rng.withSubstream(UInt16(truncatingIfNeeded: ordinal))

            let m = particle.momentum
            guard m.px.isFinite, m.py.isFinite, m.pz.isFinite, m.e.isFinite else {
                transport.stats.skippedNonFinite += 1
                continue
            }
            let p = m.p
            guard p > 0, m.e > 0 else {
                transport.stats.skippedZeroEnergy += 1
                continue
            }
            guard let data = table[particle.pdgID], data.color == .singlet else {
                transport.stats.skippedUnknownSpecies += 1
                continue
            }
            let origin = particle.productionVertex.map { event.resolvedPosition(ofVertex: $0) } ?? event.eventPosition
            let position = origin.position
            guard position.x.isFinite, position.y.isFinite, position.z.isFinite, detector.isInsideWorld(position) else {
                transport.stats.skippedOutsideWorld += 1
                continue
            }
            let time = particle.productionVertex.map { productionTime(ofVertex: $0, in: event, cache: &vertexTimes) }
                ?? event.eventPosition.timeNS
            var maxPath = Double.infinity
            if trackToDecay, let end = particle.endVertex {
                maxPath = (event.resolvedPosition(ofVertex: end).position - position).mag
            }
            let track = Track(pdgID: particle.pdgID, species: Species(data), charge: data.charge, mass: data.massGeV,
                              position: position, direction: m.p3 / p, momentum: p, time: time, particle: i,
                              isSecondary: false, maxPathLength: maxPath)
            transport.stats.transported += 1
            transport.run(track, in: detector, rng: &prng)
        }
    }

    /// Time (ns) of a vertex: the generator's c·t if set; otherwise, for a displaced
    /// vertex, the production time of its first incoming particle plus its flight
    /// |Δx| / (β c), β = |p|/E. Memoised per vertex.
    func productionTime(ofVertex v: Int, in event: GenEvent, cache: inout [Double?], depth: Int = 0) -> Double {
        if let t = cache[v] { return t }
        let pos = event.resolvedPosition(ofVertex: v)
        var t = pos.timeNS
        if pos.e == 0, depth < 64, let parentIndex = event.vertices[v].incoming.first {
            let parent = event.particles[parentIndex]
            if let pv = parent.productionVertex {
                let parentPos = event.resolvedPosition(ofVertex: pv).position
                let distance = (pos.position - parentPos).mag
                let beta = parent.momentum.e > 0 ? parent.momentum.p / parent.momentum.e : 1
                let t0 = productionTime(ofVertex: pv, in: event, cache: &cache, depth: depth + 1)
                if distance > 0, beta > 0, beta.isFinite { t = t0 + distance / (beta * speedOfLightMMPerNS) } else { t = t0 }
            }
        }
        if !t.isFinite { t = 0 }
        cache[v] = t
        return t
    }
}

/// How a particle interacts, for transport.
enum Species: Equatable {
    case photon
    case electron
    case muon
    /// A hadron; `baryonNumber` is +1, −1 or 0 (annihilation adds the mass for antibaryons).
    case hadron(baryonNumber: Int, isMeson: Bool)
    /// Neutrinos, the s, any other neutral non-hadron: escape unseen.
    case invisible
    /// Charged non-hadrons other than e, μ (τ would be decayed; W± …): tracked as MIPs.
    case otherCharged

    init(_ data: ParticleData) {
        switch abs(data.id) {
        case 22: self = .photon
        case 11: self = .electron
        case 13: self = .muon
        default:
            if data.kind == .meson { self = .hadron(baryonNumber: 0, isMeson: true) }
            else if data.kind == .baryon { self = .hadron(baryonNumber: data.id > 0 ? 1 : -1, isMeson: false) }
            else if data.chargeThirds == 0 { self = .invisible }
            else { self = .otherCharged }
        }
    }
}

/// A particle being transported.
struct Track {
    var pdgID: Int
    var species: Species
    var charge: Double
    var mass: Double
    var position: Vector3
    var direction: Vector3
    /// |p|, GeV.
    var momentum: Double
    /// ns.
    var time: Double
    /// Generator particle index it descends from.
    var particle: Int
    var isSecondary: Bool
    /// Path length after which it decays (∞ for stable particles).
    var maxPathLength: Double

    var energy: Double { (momentum * momentum + mass * mass).squareRoot() }
    var beta: Double { let e = energy; return e > 0 ? momentum / e : 1 }
}
