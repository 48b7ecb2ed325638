import XCTest
import Foundation
import EventModel
@testable import Simulation

/// The ziggurat normal sampler against the exact N(0, 1): moments and tail probabilities
/// (2Φ(−k) = erfc(k/√2)) from 10⁶ deviates, each within 5 standard errors; and the same
/// stream gives the same deviates.
final class ZigguratNormalTests: XCTestCase {
    func testMomentsAndTailsMatchTheStandardNormal() {
        var rng = RandomStream(seed: 2024, event: 1, stage: .simulation)
        let n = 1_000_000
        var sum = 0.0, sum2 = 0.0, sum4 = 0.0
        let cuts = [0.01, 0.1, 0.5, 1.0, 2.0, 3.0, Ziggurat.r, 4.5]
        var beyond = [Int](repeating: 0, count: cuts.count)
        var negative = 0
        for _ in 0..<n {
            let z = rng.zigguratNormal()
            sum += z; sum2 += z * z; sum4 += z * z * z * z
            if z < 0 { negative += 1 }
            for (k, c) in cuts.enumerated() where abs(z) > c { beyond[k] += 1 }
        }
        let N = Double(n)
        let mean = sum / N, variance = sum2 / N - mean * mean
        XCTAssertEqual(mean, 0, accuracy: 5 / N.squareRoot())
        // Var of the sample variance of N(0,1) is 2/N; of the 4th moment (96)/N.
        XCTAssertEqual(variance, 1, accuracy: 5 * (2 / N).squareRoot())
        XCTAssertEqual(sum4 / N, 3, accuracy: 5 * (96 / N).squareRoot())
        XCTAssertEqual(Double(negative) / N, 0.5, accuracy: 5 * (0.25 / N).squareRoot())
        for (k, c) in cuts.enumerated() {
            let p = erfc(c / 2.0.squareRoot())
            let sigma = (p * (1 - p) / N).squareRoot()
            XCTAssertEqual(Double(beyond[k]) / N, p, accuracy: 5 * sigma + 1 / N, "P(|z| > \(c))")
        }
    }

    func testLayersCloseAtTheTop() {
        // The 255 layers above the base, each of area v, must reach f = 1 at x = 0: the
        // top layer's area x[255]·(1 − f(x[255])) is v (to the precision of r and v).
        let x = Ziggurat.edges
        XCTAssertEqual(x[1], Ziggurat.r)
        XCTAssertEqual(x[255] * (1 - exp(-0.5 * x[255] * x[255])), Ziggurat.v, accuracy: 1e-6 * Ziggurat.v)
        for i in 1..<256 { XCTAssertGreaterThan(x[i], x[i + 1]) }
    }

    func testSameStreamSameDeviates() {
        var a = RandomStream(seed: 7, event: 3, stage: .digitization, substream: 2)
        var b = RandomStream(seed: 7, event: 3, stage: .digitization, substream: 2)
        for _ in 0..<10_000 { XCTAssertEqual(a.zigguratNormal().bitPattern, b.zigguratNormal().bitPattern) }
    }
}
