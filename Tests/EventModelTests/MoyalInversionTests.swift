import Foundation
import XCTest
@testable import EventModel

/// The table-inverted Moyal deviates follow the Moyal law: the reference is the law itself,
/// F(λ) = erfc(e^(−λ/2)/√2) with mean γ_E + ln 2 and variance π²/2 (the cumulants of
/// −ln χ²₁: κ₂ = ψ′(½) = π²/2, κ₄ = ψ‴(½) = π⁴), not another generator.
final class MoyalInversionTests: XCTestCase {
    /// The nodes invert F: at each node of every octave of both sides, P(|Z| ≥ t) (lower side)
    /// or P(|Z| < t) (upper side) with t = e^(−λ/2) gives back v to 10⁻¹³ relative (the root
    /// finder's tolerance is a few ulp; erf and erfc are good to about 10⁻¹⁶).
    func testNodesInvertTheDistributionFunction() {
        for upper in [false, true] {
            for e in 0..<52 {
                for i in stride(from: 0, through: 32, by: 4) {
                    let v = (1 + Double(i) / 32) * pow(2, Double(e - 53))
                    let t = exp(-0.5 * MoyalInversion.node(v: v, upper: upper).lambda)
                    let back = upper ? erf(t / 2.0.squareRoot()) : erfc(t / 2.0.squareRoot())
                    XCTAssertEqual(back, v, accuracy: 1e-13 * v, "upper \(upper), octave \(e), node \(i)")
                }
            }
        }
        // u = ½: the median of the Moyal law, −2 ln 0.674 489 750 196 081 7 (the normal's
        // upper quartile, Abramowitz & Stegun table 26.1) = 0.787 618 …
        XCTAssertEqual(MoyalInversion.node(v: 0.5, upper: true).lambda, -2 * log(0.6744897501960817), accuracy: 1e-14)
    }

    /// The cubic pieces stay within the Hermite bound (h⁴/384)·max|λ⁗| = 32⁻⁴·12/384 =
    /// 3.05·10⁻⁸ of the exact inversion: 20 000 points' λ against the root found for the
    /// same u (largest error 2.8·10⁻⁸, printed; half the points are draws, half are moved
    /// into the small-v octaves).
    func testInterpolationErrorIsBelowTheStatedAccuracy() {
        let moyal = MoyalInversion.shared
        var rng = RandomStream(seed: 41, event: 0, stage: .simulation)
        var worst = 0.0
        for n in 0..<20_000 {
            var copy = rng
            let lambda = moyal.next(&rng)
            // The same u as the deviate: k from the same draw; the small-v octaves sampled too
            // by shifting k (every octave's pieces are the same shape, so draws alone would
            // test mostly the top ten octaves).
            var k = copy.next() >> 11
            if n % 2 == 1 {
                let j = max(1, (k & (1 << 52 - 1)) >> UInt64(n % 53))
                k = k >> 52 == 1 ? (1 << 53) - j : j
            }
            guard k != 0 else { continue }
            let upper = k >> 52 == 1
            let v = Double(upper ? (1 << 53) - k : k) * 0x1p-53
            let expected = min(MoyalInversion.node(v: v, upper: upper).lambda, MoyalInversion.cap)
            let got = n % 2 == 1 ? moyal.value(bits: k) : lambda
            worst = max(worst, abs(got - expected))
            XCTAssertEqual(got, expected, accuracy: 3.05e-8, "k = \(k)")
        }
        print("MoyalInversion: largest |λ − exact| over 20 000 points: \(worst)")
    }

    /// 10⁶ deviates in 0.5-wide bins over [−3, 15) and two open bins: χ² against the Moyal
    /// probabilities F(b) − F(a) (37 degrees of freedom; the limit 88 is ≈ 6σ of the χ² law
    /// above its mean; a fixed seed, so the test is deterministic); the mean γ_E + ln 2 and
    /// the variance π²/2 within 5 standard errors (of the variance: √((μ₄ − σ⁴)/n), μ₄ =
    /// κ₄ + 3κ₂² = 7π⁴/4).
    func testDeviatesFollowTheMoyalLaw() {
        let moyal = MoyalInversion.shared
        var rng = RandomStream(seed: 43, event: 0, stage: .simulation)
        let n = 1_000_000
        let width = 0.5, lowest = -3.0
        var bins = [Int](repeating: 0, count: 38)   // [0] below −3, [37] at or above 15
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n {
            let x = moyal.next(&rng)
            sum += x; sumSquares += x * x
            let b = x < lowest ? 0 : min(1 + Int((x - lowest) / width), 37)
            bins[b] += 1
        }
        // F(λ) = erfc(e^(−λ/2)/√2): 0 at −∞ (erfc(∞)), 1 at ∞ (erfc(0)).
        let chi2 = chiSquare(bins, lowest: lowest, width: width, n: n) { erfc(exp(-0.5 * $0) / 2.0.squareRoot()) }
        XCTAssertLessThan(chi2, 88, "χ² \(chi2) for 37 degrees of freedom")
        let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
        let sigma2 = Double.pi * Double.pi / 2
        XCTAssertEqual(mean, 0.577_215_664_901_532_9 + log(2.0), accuracy: 5 * (sigma2 / Double(n)).squareRoot())
        let mu4 = 7 * pow(Double.pi, 4) / 4
        XCTAssertEqual(variance, sigma2, accuracy: 5 * ((mu4 - sigma2 * sigma2) / Double(n)).squareRoot())
    }

    /// One draw per deviate (the stream advances by one 64-bit draw), and the extremes are
    /// finite: u = 2⁻⁵³ gives λ ≈ −4.2 (|Z| ≈ 8.3), u = 1 − 2⁻⁵³ the cap.
    func testOneDrawPerDeviateAndFiniteExtremes() {
        var a = RandomStream(seed: 45, event: 1, stage: .simulation), b = a
        for _ in 0..<1000 {
            _ = MoyalInversion.shared.next(&a)
            _ = b.next()
        }
        XCTAssertEqual(a.next(), b.next())
        let lowest = MoyalInversion.shared.value(bits: 1)
        XCTAssertEqual(lowest, -2 * log(MoyalInversion.outerRadius(probability: 0x1p-53)), accuracy: 1e-12)
        XCTAssertGreaterThan(lowest, -4.3)
        XCTAssertEqual(MoyalInversion.shared.value(bits: (1 << 53) - 1), MoyalInversion.cap)
    }
}
