/// The pile-up collisions an event shares with its neighbours (`pileup_reuse` > 1,
/// Generation's `PileUpOverlay`), as the event record lists them.
///
/// Collision j (a global id, not per event) is made from streams keyed by j alone, so it is
/// the same particles at the same vertex in every event that includes it, and its detector
/// hits are too: the simulation of a job transports it once and copies its hits into each
/// event that includes it. The record says which particles are which collision in one event
/// attribute, `GenReco:pileup_shared` = "j₁:first₁ j₂:first₂ …" (collision id, index of its
/// first particle; a collision's particles run to the next one's first, the last to the
/// end of the record).
public struct SharedCollision: Hashable, Sendable {
    /// The collision's global id.
    public var id: Int
    /// Its particles in the event record.
    public var particles: Range<Int>

    public init(id: Int, particles: Range<Int>) {
        self.id = id
        self.particles = particles
    }

    public static let attribute = "GenReco:pileup_shared"

    /// The attribute's value for collisions of the given ids and first particles.
    public static func attributeValue(_ firsts: [(id: Int, first: Int)]) -> String {
        firsts.map { "\($0.id):\($0.first)" }.joined(separator: " ")
    }
}

extension GenEvent {
    /// The shared pile-up collisions of this event, in record order; nil when the event has
    /// none or its attribute is malformed (the simulation then transports every particle
    /// as usual, which is always correct — only slower).
    public var sharedCollisions: [SharedCollision]? {
        guard let value = attribute(SharedCollision.attribute) else { return nil }
        var firsts: [(id: Int, first: Int)] = []
        for item in value.split(separator: " ") {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let id = Int(parts[0]), let first = Int(parts[1]) else { return nil }
            firsts.append((id, first))
        }
        var out: [SharedCollision] = []
        out.reserveCapacity(firsts.count)
        for (k, f) in firsts.enumerated() {
            let end = k + 1 < firsts.count ? firsts[k + 1].first : particles.count
            guard f.first >= 0, f.first <= end, end <= particles.count else { return nil }
            out.append(SharedCollision(id: f.id, particles: f.first..<end))
        }
        return out
    }
}
