import XCTest
import Foundation
@testable import EventModel

/// A vertex's particle list is one collection whatever its storage: a run of consecutive
/// indices (two bounds, what generators make) or an array (scattered parents from a file).
final class ParticleIndicesTests: XCTestCase {
    func testARunAndAListOfTheSameIndicesAreOneValue() {
        let run = ParticleIndices(run: 7..<10)
        let list = ParticleIndices([7, 8, 9])
        XCTAssertNil(run.list)
        XCTAssertNil(list.list, "a consecutive ascending list is stored as a run")
        XCTAssertEqual(Array(run), [7, 8, 9])
        XCTAssertEqual(run, list)
        XCTAssertEqual(run.hashValue, list.hashValue)
        XCTAssertEqual(ParticleIndices(), ParticleIndices([]))
        XCTAssertEqual(ParticleIndices(run: 3..<3), ParticleIndices(run: 5..<5), "two empty runs are equal")
        XCTAssertNotEqual(ParticleIndices(run: 3..<5), ParticleIndices(run: 4..<6))
    }

    func testScatteredIndicesKeepTheirList() {
        let scattered: ParticleIndices = [2, 5, 6]
        XCTAssertEqual(scattered.list, [2, 5, 6])
        XCTAssertEqual(scattered.count, 3)
        XCTAssertEqual(scattered[1], 5)
        XCTAssertNotEqual(scattered, ParticleIndices(run: 2..<5))
        var grown = ParticleIndices(run: 2..<3)
        grown.append(5); grown.append(6)
        XCTAssertEqual(scattered, grown)
    }

    func testAppendingContinuesARunUntilAGap() {
        var p = ParticleIndices()
        p.append(4); p.append(5); p.append(6)
        XCTAssertNil(p.list)
        XCTAssertEqual(Array(p), [4, 5, 6])
        p.append(9)
        XCTAssertEqual(p.list, [4, 5, 6, 9])
        p.append(10)
        XCTAssertEqual(Array(p), [4, 5, 6, 9, 10])
    }

    func testCodableWritesThePlainList() throws {
        let run = ParticleIndices(run: 1..<4)
        let data = try JSONEncoder().encode(run)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[1,2,3]")
        XCTAssertEqual(try JSONDecoder().decode(ParticleIndices.self, from: Data("[1,2,3]".utf8)), run)
        XCTAssertEqual(try JSONDecoder().decode(ParticleIndices.self, from: Data("[0,2]".utf8)).list, [0, 2])
    }

    func testAVertexMadeFromARunLinksEveryParticle() {
        var event = GenEvent()
        let mother = event.addParticle(GenParticle(pdgID: 511, status: 2, momentum: FourVector(px: 0, py: 0, pz: 10, e: 11.4), generatedMass: 5.28))
        let first = event.particles.count
        for _ in 0..<3 { event.addParticle(GenParticle(pdgID: 211, status: 1, momentum: .zero, generatedMass: 0.1396)) }
        let v = event.addVertex(incoming: ParticleIndices(mother), outgoing: ParticleIndices(run: first..<(first + 3)))
        XCTAssertNil(event.linkProblem)
        XCTAssertEqual(event.children(of: mother), [1, 2, 3])
        XCTAssertEqual(event.parents(of: 2), [mother])
        XCTAssertEqual(event.particles[3].productionVertex, v)
        // The binary record round-trips the vertex unchanged.
        XCTAssertEqual(try GenEvent.decodeAll(GenEvent.encode([event])), [event])
    }
}
