import EventModel

/// Shared pile-up collisions (`pileup_reuse` R > 1).
///
/// The collisions form one sequence for the whole run, collision j made from streams keyed
/// by j alone (stage `.sharedPileUp`): the same particles at the same vertex in every event
/// that includes it. Event n takes its Poisson(μ) count of distinct collisions at random
/// from the window j = ⌊n μ/R⌋ ..< ⌊n μ/R⌋ + W, W = ⌈2μ⌉ (or the count, if larger). The
/// window moves by μ/R per event, so each collision lies in the windows of 2R consecutive
/// events and is taken by each with probability count/W ≈ ½: R events on average, all
/// within 2R event numbers of one another. An event never includes a collision twice.
///
/// Why: ATLAS digitization overlays pile-up drawn from files of minimum-bias events
/// simulated beforehand, so the same collision recurs in many events. Here the simulation
/// of a job keeps the hits of the collisions it has transported and copies them into each
/// later event that includes them (`Simulation`'s `PileUpHitCache`): at μ = 40 it
/// transports μ/R collisions per event instead of μ. What an event is depends only on the
/// card, the seed and n, as always, so a job of any size, on any rank, makes the same bits.
extension PileUpOverlay {
    /// The ids event `eventNumber` draws its `count` collisions from.
    public func sharedWindow(eventNumber: Int, count: Int) -> Range<Int> {
        let first = Int((Double(eventNumber) * meanInteractions / reuse).rounded(.down))
        let width = max(Int((2 * meanInteractions).rounded(.up)), count)
        return first..<(first + width)
    }

    /// The ids of the shared collisions of event `eventNumber`, in increasing order: its
    /// Poisson(μ) count from the event's `.pileup` stream (the draw an unshared event makes),
    /// then that many distinct ids of its window (a partial Fisher–Yates shuffle).
    public func sharedCollisionIDs(eventNumber: Int) -> [Int] {
        var rng = RandomStream(seed: seed, event: UInt64(bitPattern: Int64(eventNumber)), stage: .pileup, substream: 0)
        let count = min(rng.poisson(mean: meanInteractions), Int(UInt16.max))
        var ids = Array(sharedWindow(eventNumber: eventNumber, count: count))
        for k in 0..<count {
            let left = ids.count - k
            ids.swapAt(k, k + min(Int(rng.uniform01() * Double(left)), left - 1))
        }
        return ids[0..<count].sorted()
    }

    /// Adds the shared collisions of event `eventNumber` (``sharedCollisionIDs(eventNumber:)``).
    func addShared(to event: inout GenEvent, eventNumber: Int) {
        let chosen = sharedCollisionIDs(eventNumber: eventNumber)
        let count = chosen.count
        let hardParticles = event.particles.count
        reserveRoom(for: count, in: &event)
        var firsts: [(id: Int, first: Int)] = []
        firsts.reserveCapacity(count)
        for (k, id) in chosen.enumerated() {
            let key = UInt64(bitPattern: Int64(id))
            var place = RandomStream(seed: seed, event: key, stage: .sharedPileUp, substream: 0)
            let z = place.gaussian(mean: 0, sigma: beamspotSigmaZMM)
            let ct = place.gaussian(mean: 0, sigma: beamspotSigmaZMM)
            var stream = RandomStream(seed: seed, event: key, stage: .sharedPileUp, substream: 1)
            let added = interaction.append(to: &event, at: FourVector(px: 0, py: 0, pz: z, e: ct), rng: &stream)
            if let v = added.vertices.first {
                event.addAttribute(Self.vertexAttribute, String(k + 1), owner: -(v + 1))
            }
            firsts.append((id, added.particles.lowerBound))
        }
        event.addAttribute(Self.hardScatterParticlesAttribute, String(hardParticles))
        event.addAttribute(Self.interactionsAttribute, String(count))
        event.addAttribute(SharedCollision.attribute, SharedCollision.attributeValue(firsts))
    }
}
