import Detector
import EventModel
import Foundation
import Generation
import XCTest
@testable import Reconstruction

/// Signal events (hss-ggf, the benchmark point, μ = 0) through the chain: efficiency for
/// prompt charged pions, fakes, and the hard-scatter vertex. μ = 40 is too slow for a debug
/// test; `genreco validate tracking --mu 40` covers it.
final class TrackingEfficiencyTests: XCTestCase {
    /// 6 events hold ≈ 50 prompt pions with pT > 1 GeV, |η| < 2.5: the 95 % minus
    /// two binomial standard deviations (≈ 6 %) is 89 %; fakes (match fraction < 0.5) ≤ 2 %
    /// plus 2σ of ≈ 70 tracks (≈ 3 %) is 5 %. The hard-scatter vertex: |Δz| within 0.25 mm in
    /// every event (5σ of the 50 µm resolution).
    func testSignalEventsAtMuZero() throws {
        var card = RunCard()
        card.run.seed = 31
        let generator = try EventGenerators.make(for: card)
        let detector = Detector.atlasRun2
        let (v, stats, _) = TrackingValidation.signal(events: 6, seed: 31, detector: detector) { generator.generate(eventNumber: $0) }
        XCTAssertGreaterThanOrEqual(v.pionsTotal, 20)
        XCTAssertGreaterThanOrEqual(v.efficiency, 0.89, "\(v.pionsFound)/\(v.pionsTotal)")
        XCTAssertLessThanOrEqual(v.fakeRate, 0.05, "\(v.tracksFake)/\(v.tracksTotal)")
        XCTAssertEqual(stats.failedFits, 0)
        XCTAssertEqual(v.matchedVertexZResiduals.count, 6)
        for dz in v.matchedVertexZResiduals { XCTAssertLessThan(abs(dz), 0.25) }
    }
}
