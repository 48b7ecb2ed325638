import Foundation
import XCTest
@testable import EventModel

/// The ziggurat's deviates follow Exp(1): the reference is the exponential law itself
/// (P(x > t) = e^(−t)), not another generator.
final class ExponentialZigguratTests: XCTestCase {
    /// 10⁶ deviates in 0.25-wide bins over [0, 10) and one tail bin: χ² against the
    /// exponential probabilities (40 degrees of freedom; the limit 93 is ≈ 6σ of the χ² law
    /// above its mean, a fixed seed so the test is deterministic); mean and variance within
    /// 5σ of their statistical errors; beyond r = 7.697 (the tail branch) the count within
    /// 5σ of the expected (≈ 454).
    func testDeviatesFollowTheExponentialLaw() {
        let exponential = ExponentialZiggurat.shared
        var rng = RandomStream(seed: 37, event: 0, stage: .digitization)
        let n = 1_000_000
        let width = 0.25
        var bins = [Int](repeating: 0, count: 41)   // [40] at or above 10
        var sum = 0.0, sumSquares = 0.0, beyondR = 0
        for _ in 0..<n {
            let x = exponential.next(&rng)
            XCTAssertGreaterThanOrEqual(x, 0)
            sum += x; sumSquares += x * x
            if x > ExponentialZiggurat.r { beyondR += 1 }
            bins[min(Int(x / width), 40)] += 1
        }
        var chi2 = 0.0
        for b in 0..<41 {
            let lo = Double(b) * width
            let expected = Double(n) * (b == 40 ? exp(-lo) : exp(-lo) - exp(-(lo + width)))
            chi2 += (Double(bins[b]) - expected) * (Double(bins[b]) - expected) / expected
        }
        XCTAssertLessThan(chi2, 93, "χ² \(chi2) for 40 degrees of freedom")
        // Exp(1): mean 1, variance 1; the variance's estimator has variance (μ₄ − σ⁴)/n = 8/n.
        let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
        XCTAssertEqual(mean, 1, accuracy: 5 / Double(n).squareRoot())
        XCTAssertEqual(variance, 1, accuracy: 5 * (8 / Double(n)).squareRoot())
        let tail = Double(n) * exp(-ExponentialZiggurat.r)
        XCTAssertEqual(Double(beyondR), tail, accuracy: 5 * tail.squareRoot(), "deviates beyond r")
    }

    /// The layers close: every layer above the base has the common area v to 10⁻⁹ relative,
    /// the edges decrease upwards, the top layer [0, w[1]] × [f(w[1]), 1] has area v, and the
    /// base layer's r·e^(−r) plus the tail e^(−r) is v too; the share of draws accepted
    /// outright (the mean of k over the layers) is the documented 97.8 %.
    func testLayersHaveEqualAreas() {
        let z = ExponentialZiggurat.shared.layers
        let v = ExponentialZiggurat.layerArea
        assertLayersClose(z, area: v)
        let r = ExponentialZiggurat.r
        XCTAssertEqual((r + 1) * exp(-r), v, accuracy: 1e-9 * v)
        let accepted = (0..<256).reduce(0.0) { $0 + z.k[$1] } / 256
        XCTAssertEqual(accepted, 0.978, accuracy: 0.0005)
    }
}
