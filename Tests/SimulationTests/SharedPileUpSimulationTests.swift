import XCTest
import Detector
import EventModel
import Generation
@testable import Simulation

/// The simulation of shared pile-up collisions (`pileup_reuse` > 1, SharedPileUp.swift): a
/// job transports each collision once and copies its hits into every later event that
/// includes it. What an event's hits are must not depend on that: not on what the job did
/// before, not on the order of its events.
final class SharedPileUpSimulationTests: XCTestCase {
    static let detector = Detector.atlasRun2
    static let seed: UInt64 = 99

    /// Gun events (one electron) with μ = 10 pile-up; `reuse` 1 gives each its own collisions.
    func events(_ numbers: Range<Int>, reuse: Double) throws -> [GenEvent] {
        var card = RunCard()
        card.run.seed = Self.seed
        card.generation.process = .gun
        card.generation.pileupMu = 10
        card.generation.pileupReuse = reuse
        let generator = try EventGenerators.make(for: card)
        return numbers.map { generator.generate(eventNumber: $0) }
    }

    func simulate(_ event: GenEvent, sharing cache: PileUpHitCache) -> SimHits {
        var rng = RandomStream(seed: Self.seed, event: UInt64(event.eventNumber), stage: .simulation)
        return Simulation()(event, in: Self.detector, rng: &rng, sharing: cache)
    }

    func assertSameHits(_ a: SimHits, _ b: SimHits, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.trackerHits, b.trackerHits, message, file: file, line: line)
        XCTAssertEqual(a.strawHits, b.strawHits, message, file: file, line: line)
        XCTAssertEqual(a.muonHits, b.muonHits, message, file: file, line: line)
        XCTAssertEqual(a.calorimeterDeposits, b.calorimeterDeposits, message, file: file, line: line)
        XCTAssertEqual(a.stats, b.stats, message, file: file, line: line)
    }

    func testAnEventsHitsDoNotDependOnWhatTheJobDidBefore() throws {
        let events = try events(0..<6, reuse: 4)
        let job = PileUpHitCache()
        let inOrder = events.map { simulate($0, sharing: job) }
        XCTAssertGreaterThan(job.reused, 10, "later events copy collisions the job has transported")
        XCTAssertLessThan(job.count, 40, "collisions behind the window are forgotten")
        for (k, event) in events.enumerated() {
            assertSameHits(simulate(event, sharing: PileUpHitCache()), inOrder[k],
                           "event \(k) alone, from an empty cache")
            var rng = RandomStream(seed: Self.seed, event: UInt64(event.eventNumber), stage: .simulation)
            assertSameHits(Simulation()(event, in: Self.detector, rng: &rng), inOrder[k],
                           "event \(k) simulated without a cache of the job's")
        }
        let shuffled = PileUpHitCache()
        for k in [5, 2, 4, 0, 3] {
            assertSameHits(simulate(events[k], sharing: shuffled), inOrder[k], "event \(k), out of order")
        }
    }

    /// Kept hits are copied only into a collision of the same particles: a record whose
    /// collision of a known id differs (a hand-edited HepMC3 file) has it transported anew.
    func testACollisionOfAKnownIdButOtherParticlesIsTransportedAnew() throws {
        let events = try events(0..<2, reuse: 4)
        let cache = PileUpHitCache()
        _ = simulate(events[0], sharing: cache)
        var edited = events[1]
        let known = try XCTUnwrap(edited.sharedCollisions?.first { cache.collisions[$0.id] != nil },
                                  "event 1 shares a collision with event 0")
        let charged = try XCTUnwrap(edited.particles[known.particles].firstIndex {
            $0.status == 1 && abs($0.pdgID) == 211 && $0.momentum.pt > 0.5
        } )
        edited.particles[charged].momentum.px *= 1.5
        assertSameHits(simulate(edited, sharing: cache), simulate(edited, sharing: PileUpHitCache()),
                       "the edited collision is transported, not copied")
    }

    /// The hard scatter is transported as when the event has collisions of its own: the same
    /// draws, the same hits (the hard scatter's particles come first in both records).
    func testTheHardScatterLeavesTheSameHitsAsWithOwnCollisions() throws {
        let own = try events(0..<3, reuse: 1), shared = try events(0..<3, reuse: 4)
        let cache = PileUpHitCache()
        for n in 0..<3 {
            let hard = PileUpOverlay.hardScatterParticleCount(in: own[n])
            XCTAssertEqual(hard, PileUpOverlay.hardScatterParticleCount(in: shared[n]))
            let a = simulate(own[n], sharing: cache), b = simulate(shared[n], sharing: cache)
            let ta = a.trackerHits.filter { $0.particle < hard }, tb = b.trackerHits.filter { $0.particle < hard }
            XCTAssertFalse(ta.isEmpty)
            XCTAssertEqual(ta, tb, "event \(n)")
            XCTAssertEqual(a.strawHits.filter { $0.particle < hard }, b.strawHits.filter { $0.particle < hard })
            XCTAssertNotEqual(a.trackerHits, b.trackerHits, "the pile-up differs")
        }
    }

    /// Nothing is lost or counted twice when collisions are copied in: each hit of a
    /// collision points into that collision's particles, and the event's calorimeter energy
    /// is its hard scatter's plus each collision's (single-precision sums: 10⁻⁵ relative).
    func testAnEventHoldsItsHardScatterAndEachCollisionOnce() throws {
        let events = try events(0..<4, reuse: 4)
        let cache = PileUpHitCache()
        for event in events {
            let hits = simulate(event, sharing: cache)
            let shared = try XCTUnwrap(event.sharedCollisions)
            let hard = PileUpOverlay.hardScatterParticleCount(in: event)
            var hardOnly = event
            hardOnly.attributes.removeAll { $0.name == SharedCollision.attribute }
            hardOnly.particles.removeSubrange(hard...)
            var rng = RandomStream(seed: Self.seed, event: UInt64(event.eventNumber), stage: .simulation)
            let alone = Simulation()(hardOnly, in: Self.detector, rng: &rng)
            var expectedHits = alone.trackerHits.count, expectedStraws = alone.strawHits.count
            var expectedEnergy = alone.calorimeterDeposits.reduce(0.0) { $0 + Double($1.activeEnergy) }
            for c in shared {
                let kept = try XCTUnwrap(cache.collisions[c.id], "collision \(c.id) of the current window is kept")
                expectedHits += kept.trackerHits.count
                expectedStraws += kept.strawHits.count
                expectedEnergy += kept.cellSums.reduce(0.0) { $0 + Double($1.active) }
                let inEvent = hits.trackerHits.filter { c.particles.contains(Int($0.particle)) }
                XCTAssertEqual(inEvent.count, kept.trackerHits.count, "collision \(c.id)")
                for h in inEvent where !h.isSecondary {
                    let p = event.particles[Int(h.particle)]
                    XCTAssertEqual(Int(h.pdgID), p.pdgID, "a hit's truth particle is its own")
                }
            }
            XCTAssertEqual(hits.trackerHits.count, expectedHits)
            XCTAssertEqual(hits.strawHits.count, expectedStraws)
            let energy = hits.calorimeterDeposits.reduce(0.0) { $0 + Double($1.activeEnergy) }
            XCTAssertEqual(energy, expectedEnergy, accuracy: 1e-5 * expectedEnergy)
            XCTAssertTrue(hits.calorimeterDeposits.indices.dropFirst().allSatisfy {
                hits.calorimeterDeposits[$0 - 1].cell < hits.calorimeterDeposits[$0].cell
            }, "one deposit per cell, in increasing cell id")
        }
    }
}
