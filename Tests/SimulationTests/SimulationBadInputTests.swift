import Foundation
import XCTest
@testable import Simulation
import Detector
import EventModel

/// Issue 5, part 5: unusable generator particles are skipped and counted, one counter per
/// reason, never a crash — and the good particles of the same event are still simulated.
final class SimulationBadInputTests: XCTestCase {
    let detector = Detector.atlasRun2

    func simulate(_ event: GenEvent) -> SimHits {
        var rng = RandomStream(seed: 3, event: UInt64(event.eventNumber), stage: Simulation.stage)
        return Simulation()(event, in: detector, rng: &rng)
    }

    /// A good 20 GeV π⁺ plus `bad`, made at `vertex` if given.
    func eventWith(_ bad: GenParticle, vertex: FourVector? = nil) -> GenEvent {
        var event = TestEvents.single(211, energy: 20, eta: 0.1)
        let i = event.addParticle(bad)
        if let vertex { event.addVertex(position: vertex, incoming: [], outgoing: [i]) }
        return event
    }

    func assertOnlyTheGoodPionWasSimulated(_ hits: SimHits, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(hits.stats.transported, 1, file: file, line: line)
        XCTAssertEqual(hits.stats.skipped, 1, file: file, line: line)
        XCTAssertFalse(hits.calorimeterDeposits.isEmpty, file: file, line: line)
        XCTAssertTrue(hits.calorimeterDeposits.allSatisfy { $0.activeEnergy.isFinite && $0.time.isFinite }, file: file, line: line)
        XCTAssertTrue(hits.trackerHits.allSatisfy { $0.particle == 0 }, file: file, line: line)
    }

    func testNaNMomentumIsSkippedAndCounted() {
        let hits = simulate(eventWith(GenParticle(pdgID: 211, status: 1, momentum: FourVector(px: .nan, py: 1, pz: 0, e: 3),
                                                  generatedMass: 0.14)))
        XCTAssertEqual(hits.stats.skippedNonFinite, 1)
        assertOnlyTheGoodPionWasSimulated(hits)
    }

    func testInfiniteMomentumIsSkippedAndCounted() {
        let hits = simulate(eventWith(GenParticle(pdgID: 11, status: 1,
                                                  momentum: FourVector(px: 0, py: .infinity, pz: 1, e: .infinity),
                                                  generatedMass: 0.000511)))
        XCTAssertEqual(hits.stats.skippedNonFinite, 1)
        assertOnlyTheGoodPionWasSimulated(hits)
    }

    func testNaNEnergyWithFiniteMomentumIsSkippedAndCounted() {
        let hits = simulate(eventWith(GenParticle(pdgID: 22, status: 1, momentum: FourVector(px: 1, py: 0, pz: 0, e: .nan),
                                                  generatedMass: 0)))
        XCTAssertEqual(hits.stats.skippedNonFinite, 1)
        assertOnlyTheGoodPionWasSimulated(hits)
    }

    func testZeroEnergyPhotonIsSkippedAndCounted() {
        let hits = simulate(eventWith(GenParticle(pdgID: 22, status: 1, momentum: .zero, generatedMass: 0)))
        XCTAssertEqual(hits.stats.skippedZeroEnergy, 1)
        assertOnlyTheGoodPionWasSimulated(hits)
    }

    /// The ATLAS card's world is r ≤ 12.5 m, |z| ≤ 23 m: a vertex at z = 10 km is outside.
    func testVertexOutsideTheWorldIsSkippedAndCounted() {
        let hits = simulate(eventWith(GenParticle(pdgID: 22, status: 1, momentum: FourVector(px: 1, py: 0, pz: 0, e: 1),
                                                  generatedMass: 0),
                                      vertex: FourVector(px: 0, py: 0, pz: 1e7, e: 0)))
        XCTAssertEqual(hits.stats.skippedOutsideWorld, 1)
        assertOnlyTheGoodPionWasSimulated(hits)
    }

    func testVertexJustOutsideTheWorldRadiusIsSkipped() {
        let hits = simulate(eventWith(GenParticle(pdgID: 13, status: 1, momentum: FourVector(px: 10, py: 0, pz: 0, e: 10.001),
                                                  generatedMass: 0.1057),
                                      vertex: FourVector(px: 12_501, py: 0, pz: 0, e: 0)))
        XCTAssertEqual(hits.stats.skippedOutsideWorld, 1)
        assertOnlyTheGoodPionWasSimulated(hits)
    }

    func testNonFiniteVertexIsSkippedAndCounted() {
        let hits = simulate(eventWith(GenParticle(pdgID: 22, status: 1, momentum: FourVector(px: 1, py: 0, pz: 0, e: 1),
                                                  generatedMass: 0),
                                      vertex: FourVector(px: .nan, py: 0, pz: 0, e: 0)))
        XCTAssertEqual(hits.stats.skippedOutsideWorld, 1)
        assertOnlyTheGoodPionWasSimulated(hits)
    }

    func testUnknownSpeciesIsSkippedAndCounted() {
        let hits = simulate(eventWith(GenParticle(pdgID: 9_999_999, status: 1, momentum: FourVector(px: 1, py: 0, pz: 0, e: 2),
                                                  generatedMass: 1)))
        XCTAssertEqual(hits.stats.skippedUnknownSpecies, 1)
        assertOnlyTheGoodPionWasSimulated(hits)
    }
}
