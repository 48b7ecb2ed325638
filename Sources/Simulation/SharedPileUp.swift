import EventModel
import Detector

/// The hits of the shared pile-up collisions a job has transported (`pileup_reuse` > 1,
/// ``SharedCollision``), kept while later events may still include them.
///
/// A shared collision is the same particles in every event that includes it, and its
/// transport draws from its own stream (stage `.sharedPileUpSimulation`, keyed by its id),
/// so its hits are the same too: whether they are transported now or copied from here
/// changes nothing in any event, only the time it takes. One cache per job (it is not
/// thread-safe); events come in increasing number, and a collision is forgotten once an
/// event includes only collisions of larger ids (the windows only move forward). The
/// collisions' streams are keyed by the run seed, which the cache takes from the events'
/// streams: given an event of another seed, it starts afresh.
public final class PileUpHitCache {
    /// One collision's hits, particle indices counted from its first particle.
    struct Collision {
        /// What the hits were made from (``fingerprint(of:in:)``): kept hits are copied only
        /// into an event whose collision of that id is the same particles.
        var fingerprint: UInt64
        var trackerHits: [TrackerSimHit]
        var strawHits: [StrawSimHit]
        var muonHits: [MuonSimHit]
        /// Per-cell sums (``CellAccumulator/takeSums()``), added to the event's own deposits.
        var cellSums: [CellAccumulator.Entry]
        var stats: SimulationStats
    }

    /// The run seed of the collisions kept.
    var seed: UInt64?
    var collisions: [Int: Collision] = [:]
    /// Collisions transported, and collisions copied from the cache, so far.
    public internal(set) var transported = 0
    public internal(set) var reused = 0

    public init() {}

    /// Collisions kept now.
    public var count: Int { collisions.count }

    /// A hash (FNV-1a) of the species and momenta of a collision's particles and of where
    /// its last particle was made, bit for bit.
    static func fingerprint(of particles: Range<Int>, in event: GenEvent) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ x: UInt64) { h = (h ^ x) &* 0x100_0000_01b3 }
        mix(UInt64(particles.count))
        if let v = particles.last.flatMap({ event.particles[$0].productionVertex }) {
            let x = event.resolvedPosition(ofVertex: v)
            mix(x.px.bitPattern); mix(x.py.bitPattern); mix(x.pz.bitPattern); mix(x.e.bitPattern)
        }
        for p in event.particles[particles] {
            mix(UInt64(bitPattern: Int64(p.pdgID)))
            mix(p.momentum.px.bitPattern); mix(p.momentum.py.bitPattern); mix(p.momentum.pz.bitPattern)
        }
        return h
    }

    /// Forgets collisions that an event including `ids` shows to be behind the window.
    func forget(keeping ids: [SharedCollision]) {
        guard let lowest = ids.map(\.id).min() else { return }
        collisions = collisions.filter { $0.key >= lowest }
        // Events out of order (not what a job does) must not grow the cache without bound.
        if collisions.count > 4 * ids.count + 16 {
            let now = Set(ids.map(\.id))
            collisions = collisions.filter { now.contains($0.key) }
        }
    }
}

extension Simulation {
    /// Simulates one event, taking the hits of its shared pile-up collisions
    /// (``GenEvent/sharedCollisions``) from `cache`, or transporting those it does not
    /// hold yet and keeping them there. The hard-scatter particles are transported exactly
    /// as when the event has collisions of its own (the same draws, the same hits).
    public func callAsFunction(_ event: GenEvent, in detector: Detector, rng: inout RandomStream,
                               sharing cache: PileUpHitCache) -> SimHits {
        guard let shared = event.sharedCollisions, let firstShared = shared.first?.particles.lowerBound else {
            return simulate(event, in: detector, rng: &rng)
        }
        if cache.seed != rng.seed {
            cache.collisions.removeAll()
            cache.seed = rng.seed
        }
        var transport = EventTransport(detector: detector, config: config)
        transport.reserveHits(stableParticles: event.particles.reduce(0) { $0 + ($1.status == 1 ? 1 : 0) })
        var vertexTimes = [Double?](repeating: nil, count: event.vertices.count)
        transportParticles(0..<firstShared, of: event, into: &transport, in: detector, rng: &rng,
                           vertexTimes: &vertexTimes)
        // One transport for the collisions made in this event, emptied after each.
        var pileUp: EventTransport?
        for collision in shared {
            let hits: PileUpHitCache.Collision
            let fingerprint = PileUpHitCache.fingerprint(of: collision.particles, in: event)
            if let kept = cache.collisions[collision.id], kept.fingerprint == fingerprint {
                hits = kept
                cache.reused += 1
            } else {
                if pileUp == nil { pileUp = EventTransport(detector: detector, config: config) }
                hits = transportCollision(collision, of: event, with: &pileUp!, in: detector, seed: rng.seed,
                                          fingerprint: fingerprint, vertexTimes: &vertexTimes)
                cache.collisions[collision.id] = hits
                cache.transported += 1
            }
            transport.add(hits, firstParticle: collision.particles.lowerBound)
        }
        pileUp?.cells.giveBuffersBack()
        cache.forget(keeping: shared)
        return transport.finish(eventNumber: event.eventNumber)
    }

    /// Transports the particles of one shared collision from its own stream; returns its
    /// hits with particle indices counted from its first particle, and empties `transport`.
    func transportCollision(_ collision: SharedCollision, of event: GenEvent, with transport: inout EventTransport,
                            in detector: Detector, seed: UInt64, fingerprint: UInt64,
                            vertexTimes: inout [Double?]) -> PileUpHitCache.Collision {
        var rng = RandomStream(seed: seed, event: UInt64(bitPattern: Int64(collision.id)), stage: .sharedPileUpSimulation)
        transportParticles(collision.particles, of: event, into: &transport, in: detector, rng: &rng,
                           vertexTimes: &vertexTimes)
        let first = Int32(collision.particles.lowerBound)
        var hits = PileUpHitCache.Collision(fingerprint: fingerprint, trackerHits: transport.trackerHits,
                                            strawHits: transport.straws.map { Array($0.hits.elements) } ?? [],
                                            muonHits: transport.muonHits, cellSums: transport.cells.takeSums(),
                                            stats: transport.stats)
        for k in hits.trackerHits.indices { hits.trackerHits[k].particle -= first }
        for k in hits.strawHits.indices { hits.strawHits[k].particle -= first }
        for k in hits.muonHits.indices { hits.muonHits[k].particle -= first }
        transport.trackerHits.removeAll(keepingCapacity: true)
        transport.straws?.hits.removeAll()
        transport.muonHits.removeAll(keepingCapacity: true)
        transport.stats = SimulationStats()
        return hits
    }
}

extension EventTransport {
    /// Adds a shared collision's hits, its particles starting at `firstParticle` of this
    /// event (copied in blocks, then the particle indices moved: ≈ 30 collisions of ≈ 3 300
    /// hits and cells per μ = 40 event).
    mutating func add(_ collision: PileUpHitCache.Collision, firstParticle: Int) {
        let first = Int32(firstParticle)
        var start = trackerHits.count
        trackerHits.append(contentsOf: collision.trackerHits)
        trackerHits.withUnsafeMutableBufferPointer { for k in start..<$0.count { $0[k].particle &+= first } }
        if straws != nil {
            start = straws!.hits.count
            collision.strawHits.withUnsafeBufferPointer { straws!.hits.append(contentsOf: $0) }
            let added = straws!.hits.elements
            for k in start..<added.count { added[k].particle &+= first }
        }
        start = muonHits.count
        muonHits.append(contentsOf: collision.muonHits)
        muonHits.withUnsafeMutableBufferPointer { for k in start..<$0.count { $0[k].particle &+= first } }
        cells.add(sums: collision.cellSums)
        stats += collision.stats
    }
}
