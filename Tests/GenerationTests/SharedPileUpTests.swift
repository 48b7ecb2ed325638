import Foundation
import XCTest
import EventModel
@testable import Generation

/// Shared pile-up collisions (`pileup_reuse` R > 1, PileUpOverlay+Shared.swift): a collision
/// is the same particles at the same vertex in every event that includes it, an event never
/// includes one twice, and each is included in R events on average.
final class SharedPileUpTests: XCTestCase {
    /// A cheap base (one pion) with μ = 8 shared pile-up.
    func card(mu: Double = 8, reuse: Double = 4) -> RunCard {
        var card = RunCard()
        card.run.seed = 99
        card.generation.process = .gun
        card.generation.pileupMu = mu
        card.generation.pileupReuse = reuse
        return card
    }

    func testACollisionIsTheSameInEveryEventThatIncludesIt() throws {
        let generator = try EventGenerators.make(for: card())
        var seen: [Int: (particles: [GenParticle], vertices: [FourVector])] = [:]
        var recurring = 0
        for n in 0..<12 {
            let event = generator.generate(eventNumber: n)
            XCTAssertNil(event.linkProblem)
            let shared = try XCTUnwrap(event.sharedCollisions, "event \(n) lists its shared collisions")
            XCTAssertEqual(shared.first?.particles.lowerBound, PileUpOverlay.hardScatterParticleCount(in: event))
            XCTAssertEqual(shared.last?.particles.upperBound, event.particles.count)
            XCTAssertEqual(Set(shared.map(\.id)).count, shared.count, "no collision twice in one event")
            for c in shared {
                let particles = Array(event.particles[c.particles])
                // Vertex indices differ from event to event; momenta, species and status do not.
                let content = particles.map { GenParticle(pdgID: $0.pdgID, status: $0.status, momentum: $0.momentum,
                                                          generatedMass: $0.generatedMass) }
                // Where each particle is made, resolved to absolute positions.
                let vertices = particles.compactMap { $0.productionVertex.map { event.resolvedPosition(ofVertex: $0) } }
                XCTAssertFalse(vertices.isEmpty)
                if let before = seen[c.id] {
                    XCTAssertEqual(before.particles, content, "collision \(c.id) in event \(n)")
                    XCTAssertEqual(before.vertices, vertices, "collision \(c.id) in event \(n)")
                    recurring += 1
                } else {
                    seen[c.id] = (content, vertices)
                }
            }
        }
        XCTAssertGreaterThan(recurring, 20, "neighbouring events share collisions")
    }

    /// Each collision lies in the windows of 2R events and is taken by each with
    /// probability ≈ ½: R inclusions on average. 3 000 events at μ = 10, R = 4 include
    /// 30 000 collisions among ≈ 7 500 ids: the mean is known to ≈ 0.02 (a count's
    /// variance is about R/2); the tolerance is 0.1.
    func testEachCollisionIsIncludedInREventsOnAverage() throws {
        for reuse in [2.0, 4.0] {
            let overlay = PileUpOverlay(seed: 7, meanInteractions: 10, beamspotSigmaZMM: 45, sqrtSGeV: 13000, reuse: reuse)
            var uses: [Int: Int] = [:]
            var total = 0
            let events = 3000
            for n in 0..<events {
                let ids = overlay.sharedCollisionIDs(eventNumber: n)
                XCTAssertEqual(Set(ids).count, ids.count)
                XCTAssertTrue(ids.allSatisfy { overlay.sharedWindow(eventNumber: n, count: ids.count).contains($0) })
                for id in ids { uses[id, default: 0] += 1 }
                total += ids.count
            }
            XCTAssertEqual(Double(total) / Double(events), 10, accuracy: 0.25, "Poisson(μ) collisions per event")
            // Ids away from both ends of the run, whose windows are complete (ids no event
            // took count as 0).
            let inner = 100..<Int(Double(events - 10) * 10 / reuse)
            let mean = Double(inner.reduce(0) { $0 + uses[$1, default: 0] }) / Double(inner.count)
            XCTAssertEqual(mean, reuse, accuracy: 0.1, "R = \(reuse)")
        }
    }

    /// `genreco generate` writes events to HepMC3 and `genreco reco` simulates them later:
    /// the list of shared collisions must come back as it went.
    func testTheSharedCollisionsSurviveHepMC3() throws {
        let generator = try EventGenerators.make(for: card())
        let events = (0..<3).map { generator.generate(eventNumber: $0) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(getpid()).hepmc3").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try HepMC3Writer(path: path)
        for e in events { try writer.write(e) }
        try writer.close()
        let back = try HepMC3Reader.readAll(path)
        XCTAssertEqual(back.count, 3)
        for (a, b) in zip(events, back) {
            XCTAssertNotNil(a.sharedCollisions)
            XCTAssertEqual(a.sharedCollisions, b.sharedCollisions)
        }
    }

    func testTheCardChecksTheReuse() throws {
        for (text, message) in [("pileup_mu = 40\npileup_reuse = 0.5", "must be a number ≥ 1"),
                                ("pileup_mu = 40\npileup_reuse = 4\nbeamspot_sigma_z_mm = 0", "needs beamspot_sigma_z_mm > 0")] {
            XCTAssertThrowsError(try RunCard(toml: "[generation]\n" + text, source: "pu.toml")) { error in
                let e = "\(error)"
                XCTAssertTrue(e.contains("generation.pileup_reuse") && e.contains(message), e)
            }
        }
        XCTAssertEqual(try RunCard(toml: "[generation]\npileup_mu = 40\npileup_reuse = 4").generation.pileupReuse, 4)
        XCTAssertEqual(RunCard().generation.pileupReuse, 4, "by default each collision is in 4 events, as ATLAS reuses its pile-up")
        XCTAssertEqual(try RunCard(toml: "[generation]\npileup_mu = 40\npileup_reuse = 1").generation.pileupReuse, 1)
    }
}
