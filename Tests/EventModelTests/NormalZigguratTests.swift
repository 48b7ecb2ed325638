import Foundation
import XCTest
@testable import EventModel

/// The ziggurat's deviates follow N(0, 1): the reference is the normal law itself
/// (Φ(x) = erfc(−x/√2)/2), not another generator.
final class NormalZigguratTests: XCTestCase {
    /// 10⁶ deviates in 0.2-wide bins over [−4, 4] and two tail bins: χ² against the normal
    /// probabilities (41 degrees of freedom; the limit 95 is ≈ 6σ of the χ² law above its
    /// mean, a fixed seed so the test is deterministic); the mean and variance within 5σ of
    /// their statistical errors; beyond r = 3.654 (the tail branch) and in each wedge-heavy
    /// region the counts within 5σ of the expected.
    func testDeviatesFollowTheStandardNormal() {
        let normal = NormalZiggurat.shared
        checkStandardNormal(seed: 31) { normal.next(&$0) }
    }

    /// The same for the deviates from 32-bit halves (x within a layer known to 2⁻²³ of its
    /// width, far below the bins' 0.2).
    func testDeviatesFromHalfDrawsFollowTheStandardNormal() {
        let normal = NormalZiggurat.shared
        var halves = HalfDraws()
        checkStandardNormal(seed: 33) { normal.next(&$0, halves: &halves) }
    }

    /// Half draws are the stream's draws cut in two, high half first.
    func testHalfDrawsAreTheDrawsHighHalfFirst() {
        var a = RandomStream(seed: 35, event: 2, stage: .digitization), b = a
        var halves = HalfDraws()
        for _ in 0..<100 {
            let bits = b.next()
            XCTAssertEqual(halves.next(&a), bits >> 32)
            XCTAssertEqual(halves.next(&a), bits & 0xFFFF_FFFF)
        }
    }

    private func checkStandardNormal(seed: UInt64, _ draw: (inout RandomStream) -> Double,
                                     file: StaticString = #filePath, line: UInt = #line) {
        var rng = RandomStream(seed: seed, event: 0, stage: .digitization)
        let n = 1_000_000
        let width = 0.2, lowest = -4.0
        var bins = [Int](repeating: 0, count: 42)   // [0] below −4, [41] above 4
        var sum = 0.0, sumSquares = 0.0, beyondR = 0
        for _ in 0..<n {
            let x = draw(&rng)
            sum += x; sumSquares += x * x
            if abs(x) > NormalZiggurat.r { beyondR += 1 }
            let b = x < lowest ? 0 : (x >= -lowest ? 41 : 1 + Int((x - lowest) / width))
            bins[b] += 1
        }
        func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        let chi2 = chiSquare(bins, lowest: lowest, width: width, n: n, cdf: phi)
        XCTAssertLessThan(chi2, 95, "χ² \(chi2) for 41 degrees of freedom", file: file, line: line)
        let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
        XCTAssertEqual(mean, 0, accuracy: 5 / Double(n).squareRoot(), file: file, line: line)
        XCTAssertEqual(variance, 1, accuracy: 5 * (2 / Double(n)).squareRoot(), file: file, line: line)
        let tail = Double(n) * 2 * phi(-NormalZiggurat.r)   // ≈ 258
        XCTAssertEqual(Double(beyondR), tail, accuracy: 5 * tail.squareRoot(), "deviates beyond r", file: file, line: line)
    }

    /// The layers close: every layer (rectangle w[i] × (f[i−1] − f[i]) above the base) has the
    /// common area v to 10⁻⁹ relative, the top edge is below the next layer's (w decreasing),
    /// and the base layer's area r·f(r) + the tail ∫_r^∞ e^(−x²/2) dx is v too.
    func testLayersHaveEqualAreas() {
        let v = NormalZiggurat.layerArea
        assertLayersClose(NormalZiggurat.shared.layers, area: v)
        let r = NormalZiggurat.r
        let tail = (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot())
        XCTAssertEqual(r * exp(-0.5 * r * r) + tail, v, accuracy: 1e-9 * v)
    }
}

/// χ² of `n` deviates counted in `bins`: bin 0 below `lowest`, then bins of `width`, the
/// last one open above; against the distribution function `cdf` (defined at ±∞).
func chiSquare(_ bins: [Int], lowest: Double, width: Double, n: Int, cdf: (Double) -> Double) -> Double {
    var chi2 = 0.0
    for b in bins.indices {
        let lo = b == 0 ? -Double.infinity : lowest + Double(b - 1) * width
        let hi = b == bins.count - 1 ? Double.infinity : lowest + Double(b) * width
        let expected = Double(n) * (cdf(hi) - cdf(lo))
        chi2 += (Double(bins[b]) - expected) * (Double(bins[b]) - expected) / expected
    }
    return chi2
}

/// Every layer above the base (rectangle w[i] × (f[i−1] − f[i])) has the common area v to
/// 10⁻⁹ relative, the edges decrease upwards, and the top layer [0, w[1]] × [f(w[1]), 1]
/// has area v to 10⁻⁶ (the recursion's rounding accumulates up to it).
func assertLayersClose(_ z: ZigguratLayers, area v: Double, file: StaticString = #filePath, line: UInt = #line) {
    for i in 2..<256 {
        XCTAssertLessThan(z.w[i - 1], z.w[i], file: file, line: line)
        XCTAssertEqual(z.w[i] * (z.f[i - 1] - z.f[i]), v, accuracy: 1e-9 * v, "layer \(i)", file: file, line: line)
    }
    XCTAssertEqual(z.w[1] * (1 - z.f[1]), v, accuracy: 1e-6 * v, file: file, line: line)
}
