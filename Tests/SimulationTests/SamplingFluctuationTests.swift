import Foundation
import XCTest
@testable import Simulation
import Detector
import EventModel

/// A hadronic stretch's signal: its EM and non-EM parts fluctuate as one Gamma with the
/// mean and variance of their sum, fs·(E_em + E_had/(e/h)) and
/// fs²·(a_em² E_em + a_had² E_had/(e/h)²) (`depositInSegment`). Checked on the total
/// signal a stretch leaves in the cells, with a cut-off small enough that the roulette
/// adds nothing: a variance that divided the non-EM part by e/h once instead of twice
/// would be 33 % too large here, one that left out the non-EM part 93 % too small.
final class SamplingFluctuationTests: XCTestCase {
    func testHadronicStretchSignalHasTheSumsMeanAndVariance() {
        guard let stretch = EMB2Stretch() else { return }
        let (detector, v, fs) = (stretch.detector, stretch.volume, stretch.samplingFraction)
        let media = stretch.media
        var config = Simulation.Config()
        config.cellEnergyCutoffGeV = 1e-12
        config.cellEnergyCutoffNoiseFraction = 0
        var transport = EventTransport(detector: detector, config: config)
        let em = 5.0, hadronic = 5.0
        let h = media.eOverH[v], aEM = media.emStochastic[v], aHad = media.hadronicStochastic[v]
        let expectedMean = fs * (em + hadronic / h)
        let expectedVariance = fs * fs * (aEM * aEM * em + aHad * aHad * hadronic / (h * h))
        let lateral = LateralProfile(coreRadius: 10, tailRadius: 60, coreFraction: 0.9)
        let n = 3_000
        var sum = 0.0, sumSquare = 0.0
        for i in 0..<n {
            var rng = RandomStream(seed: 17, event: UInt64(i), stage: .simulation)
            transport.depositInSegment(volume: v, segment: stretch.segment, origin: Vector3(0, 0, 0),
                                       direction: stretch.direction, emEnergy: em, hadronicEnergy: hadronic,
                                       lateral: lateral, time: 0, speed: 1,
                                       profile: LongitudinalProfile(alpha: 2, b: 0.5),
                                       depthRange: (0, 1), cdfRange: (0, 1), rng: &rng)
            let total = transport.cells.takeDeposits().reduce(0.0) { $0 + Double($1.activeEnergy) }
            sum += total
            sumSquare += total * total
        }
        let mean = sum / Double(n)
        let variance = (sumSquare - Double(n) * mean * mean) / Double(n - 1)
        // The mean's statistical error is √V/√n ≈ 0.2 % of it (plus Float sums): 1 % is > 4 σ.
        XCTAssertEqual(mean / expectedMean, 1, accuracy: 0.01)
        // A sample variance's relative error is ≈ √(2/n) = 2.6 % (Gamma of shape ≈ 100, nearly
        // normal): 12 % is > 4 σ and far from the 33 % and 93 % of the wrong variances.
        XCTAssertEqual(variance / expectedVariance, 1, accuracy: 0.12)
    }
}
