import Foundation
import XCTest
import EventModel
@testable import Generation

/// Pile-up overlay (``PileUpOverlay``, ``PileUpGenerator``): the record stays consistent and
/// HepMC3-writable, hard scatter and pile-up can be told apart, the hard scatter is the
/// same with or without pile-up, the vertices spread along z.
final class PileUpOverlayTests: XCTestCase {
    func testOverlayKeepsTheHardScatterAndMarksPileUp() throws {
        var card = SignalValidation.referenceCard()
        card.generation.pileupMu = 4
        card.generation.beamspotSigmaZMM = 45
        let piled = try EventGenerators.make(for: card)
        XCTAssertTrue(piled is PileUpGenerator)
        var plainCard = card
        plainCard.generation.pileupMu = 0
        let plain = try EventGenerators.make(for: plainCard)
        XCTAssertTrue(plain is HiddenValleyGenerator)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pileup-\(getpid()).hepmc3").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try HepMC3Writer(path: path)
        var zs = [Double]()
        var total = 0
        for n in 0..<3 {
            let event = piled.generate(eventNumber: n)
            let hard = plain.generate(eventNumber: n)
            XCTAssertNil(event.linkProblem)
            let nHard = PileUpOverlay.hardScatterParticleCount(in: event)
            XCTAssertEqual(nHard, hard.particles.count)
            XCTAssertEqual(Array(event.particles[0..<nHard]), hard.particles)
            let count = try XCTUnwrap(event.attribute(PileUpOverlay.interactionsAttribute).flatMap { Int($0) })
            total += count
            XCTAssertEqual(event.particles[nHard...].filter { $0.status == 4 }.count, 2 * count, "one beam pair per collision")
            XCTAssertFalse(PileUpOverlay.isPileUp(particle: nHard - 1, in: event))
            if count > 0 { XCTAssertTrue(PileUpOverlay.isPileUp(particle: nHard, in: event)) }
            let marked = event.attributes.filter { $0.name == PileUpOverlay.vertexAttribute }
            XCTAssertEqual(marked.count, count)
            for a in marked {
                guard case .vertex(let v) = a.ownerKind else { return XCTFail("not a vertex attribute") }
                zs.append(event.vertices[v].position.pz)
            }
            for v in event.vertices { XCTAssertFalse(v.incoming.isEmpty) }
            try writer.write(event)
        }
        try writer.close()
        XCTAssertGreaterThan(total, 0)
        let rms = (zs.reduce(0) { $0 + $1 * $1 } / Double(max(zs.count, 1))).squareRoot()
        XCTAssertGreaterThan(rms, 5, "vertices spread along z (σ = 45 mm)")
        XCTAssertLessThan(rms, 200)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains(PileUpOverlay.hardScatterParticlesAttribute))
    }

    /// The number of collisions is Poisson(μ), from the `.pileup` stream's substream 0.
    func testCollisionCountIsPoisson() {
        var sum = 0.0, sum2 = 0.0
        for n in 0..<2000 {
            var rng = RandomStream(seed: 5, event: UInt64(n), stage: .pileup, substream: 0)
            let k = Double(rng.poisson(mean: 40))
            sum += k; sum2 += k * k
        }
        XCTAssertEqual(sum / 2000, 40, accuracy: 0.6)
        XCTAssertEqual(sum2 / 2000 - (sum / 2000) * (sum / 2000), 40, accuracy: 5)
    }
}
