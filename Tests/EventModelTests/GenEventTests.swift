import Foundation
import XCTest
@testable import EventModel

/// GenEvent's navigation and building helpers, on a hand-built H → s s, s → b b̄ record.
final class GenEventTests: XCTestCase {
    let event = HepMC3WriterTests.smallEvent()   // p p → H → s s, s → b b̄ (indices 0…6)

    func testStableParticlesAreTheStatusOneOnes() {
        XCTAssertEqual(event.stableParticleIndices, [4, 5, 6])
        XCTAssertEqual(event.stableParticles.map(\.pdgID), [35, 5, -5])
        XCTAssertTrue(event.particles[5].isStable)
    }

    func testParentsAndChildren() {
        XCTAssertEqual(event.children(of: 2), [3, 4])        // H → s s
        XCTAssertEqual(event.children(of: 3), [5, 6])        // s → b b̄
        XCTAssertEqual(event.children(of: 5), [])            // stable
        XCTAssertEqual(event.parents(of: 2), [0, 1])         // the two beams
        XCTAssertEqual(event.parents(of: 0), [])             // root
    }

    func testParticlesByAbsolutePDGID() {
        XCTAssertEqual(event.particleIndices(withAbsPDGID: 5), [5, 6])
        XCTAssertEqual(event.particleIndices(withAbsPDGID: -5), [5, 6])
        XCTAssertEqual(event.particleIndices(withAbsPDGID: 35), [3, 4])
    }

    func testResolvedPositionFollowsHepMC3() {
        // Own position if set; else the production vertex of the first incoming particle; else
        // the event position (HepMC3 GenVertex::position()).
        XCTAssertEqual(event.resolvedPosition(ofVertex: 2), FourVector(px: 1.5, py: -2.25, pz: 300, e: 1.0 / 3.0))
        var shifted = event
        shifted.eventPosition = FourVector(px: 0, py: 0, pz: 7, e: 0)
        XCTAssertEqual(shifted.resolvedPosition(ofVertex: 1), FourVector(px: 0, py: 0, pz: 7, e: 0))
        shifted.vertices[0].position = FourVector(px: 1, py: 1, pz: 1, e: 1)
        XCTAssertEqual(shifted.resolvedPosition(ofVertex: 1), FourVector(px: 1, py: 1, pz: 1, e: 1))
    }

    func testAttributesLookUpTheLastValue() {
        var e = event
        e.addAttribute("flow1", "202", owner: 6)
        XCTAssertEqual(e.attribute("flow1", owner: 6), "202")
        XCTAssertNil(e.attribute("flow1"))
        XCTAssertEqual(GenAttribute(owner: -3, name: "x", value: "").ownerKind, .vertex(2))
        XCTAssertEqual(GenAttribute(owner: 0, name: "x", value: "").ownerKind, .event)
    }

    func testAddVertexLinksBothEndsAndLinkProblemFindsBrokenOnes() {
        XCTAssertNil(event.linkProblem)
        var broken = event
        broken.particles[5].productionVertex = 1
        XCTAssertNotNil(broken.linkProblem)
    }

    func testCodableRoundTrip() throws {
        let data = try JSONEncoder().encode(event)
        XCTAssertEqual(try JSONDecoder().decode(GenEvent.self, from: data), event)
    }
}
