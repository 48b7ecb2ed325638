import Foundation
import XCTest
@testable import Simulation
import Detector
import EventModel

/// A tiny shower stretch (mean signal μ below the volume's smallest cut-off) is drawn
/// backwards — keep with probability μ/max(S*, c), S* the size-biased fluctuated signal —
/// which must leave the same law as fluctuating first and then playing the roulette.
/// Compared over many stretches with the shortcut on and off: the fraction leaving any
/// cell, the fraction leaving more than 1.5 c (only a fluctuated signal above the cut-off
/// can), and the first two moments of the signal capped at 4 c (capped, because the
/// hadronic part's rare large fluctuations would otherwise dominate the second moment's
/// error). A shortcut that kept μ/c at c without the fluctuation fails the last three.
final class TinyDepositTests: XCTestCase {
    func testTinyStretchLeavesTheLawOfFluctuationThenRoulette() {
        // The EM barrel's middle layer (stochastic terms 10 % EM, 50 % hadronic).
        guard let stretch = EMB2Stretch() else { return }
        let (detector, direction, segment, media) = (stretch.detector, stretch.direction, stretch.segment, stretch.media)
        let (v, fs, c) = (stretch.volume, stretch.samplingFraction, stretch.cutoff)
        XCTAssertGreaterThan(media.minimumCutoff[v], 0)
        // μ = 0.6 c_min, a quarter of it hadronic (the two-part size bias).
        let meanActive = 0.6 * media.minimumCutoff[v]
        let hadronic = meanActive / 4 / fs * media.eOverH[v], em = 3 * meanActive / 4 / fs
        let n = 60_000
        struct Tally { var kept = 0.0, above = 0.0, capped = 0.0, cappedSquare = 0.0 }
        func tally(tiny: Double) -> Tally {
            var config = Simulation.Config()
            config.tinyDepositCutoffFraction = tiny
            var transport = EventTransport(detector: detector, config: config)
            let lateral = LateralProfile(coreRadius: 10, tailRadius: 60, coreFraction: 0.9)
            var t = Tally()
            for i in 0..<n {
                var rng = RandomStream(seed: 11, event: UInt64(i), stage: .simulation)
                var line = ShowerLine(origin: Vector3(0, 0, 0), direction: direction)
                transport.depositInSegment(volume: v, segment: segment, line: &line,
                                           emEnergy: em, hadronicEnergy: hadronic, lateral: lateral, time: 0,
                                           speed: 1, profile: LongitudinalProfile(alpha: 2, b: 0.5),
                                           depthRange: (0, 1), cdfRange: (0, 1), rng: &rng)
                let total = transport.cells.takeDeposits().reduce(0.0) { $0 + Double($1.activeEnergy) }
                let x = min(total, 4 * c)
                t.kept += total > 0 ? 1 : 0
                t.above += total > 1.5 * c ? 1 : 0
                t.capped += x
                t.cappedSquare += x * x
            }
            return t
        }
        let reference = tally(tiny: 0), shortcut = tally(tiny: 1)
        let count = Double(n)
        // Binomial fractions: 4 σ of the difference of two independent samples.
        for (name, a, b) in [("leaving a cell", reference.kept, shortcut.kept),
                             ("leaving more than 1.5 c", reference.above, shortcut.above)] {
            let p = a / count
            XCTAssertGreaterThan(p, 0.002, "\(name): enough of them to compare")
            XCTAssertEqual(b / count, p, accuracy: 4 * (2 * p * (1 - p) / count).squareRoot(), name)
        }
        // Capped moments (X ≤ 4c): relative errors below √(16/(p n)) ≈ 1.6 % at p = 0.1; 6 % is ≥ 4 σ
        // of the difference. The uncapped mean is μ up to leakage at the region's edges.
        XCTAssertEqual(shortcut.capped / reference.capped, 1, accuracy: 0.06, "capped mean")
        XCTAssertEqual(shortcut.cappedSquare / reference.cappedSquare, 1, accuracy: 0.06, "capped second moment")
    }

    /// The size-biased Gamma: mean E[X²]/E[X] = m + v/m for a deviate of mean m, variance v.
    func testSizeBiasedFluctuationHasTheSizeBiasedMean() {
        var rng = RandomStream(seed: 3, event: 0, stage: .simulation)
        let m = 0.002, v = 0.01 * 0.002   // a 2 MeV deposit with a 10 % stochastic term: shape 0.2
        let n = 200_000
        var sum = 0.0
        for _ in 0..<n { sum += rng.sizeBiasedFluctuation(mean: m, variance: v) }
        // Gamma(k + 1, θ): mean (k + 1) θ = m + v/m = 0.012, σ = √(k + 1) θ ≈ 0.011.
        XCTAssertEqual(sum / Double(n), m + v / m, accuracy: 4 * 0.011 / Double(n).squareRoot())
        XCTAssertEqual(rng.sizeBiasedFluctuation(mean: m, variance: 0), m, "no fluctuation: the mean itself")
        XCTAssertEqual(rng.sizeBiasedFluctuation(mean: 0, variance: v), 0)
    }
}
