import XCTest
import Foundation
import EventModel
@testable import Simulation

/// The regularised incomplete gamma function against closed forms: P(1, x) = 1 − e^(−x),
/// P(2, x) = 1 − (1 + x) e^(−x), P(½, x) = erf(√x) (Abramowitz & Stegun 6.5.13, 6.5.16),
/// on both branches (series for x < a + 1, continued fraction beyond), to 1e-9.
final class SpecialFunctionsTests: XCTestCase {
    func testRegularizedGammaPClosedForms() {
        for x in [0.01, 0.3, 1.0, 1.9, 2.5, 5.0, 12.0, 30.0] {
            XCTAssertEqual(regularizedGammaP(1, x), 1 - exp(-x), accuracy: 1e-9, "P(1, \(x))")
            XCTAssertEqual(regularizedGammaP(2, x), 1 - (1 + x) * exp(-x), accuracy: 1e-9, "P(2, \(x))")
            XCTAssertEqual(regularizedGammaP(0.5, x), erf(x.squareRoot()), accuracy: 1e-9, "P(1/2, \(x))")
        }
        XCTAssertEqual(regularizedGammaP(3, 0), 0)
        XCTAssertEqual(regularizedGammaP(3, .infinity), 1)
    }
}

/// The Gamma deviates behind the sampling fluctuations and Bethe–Heitler losses, and the
/// Moyal deviates of ionisation, against their exact moments (10⁶ draws each, 5 standard
/// errors): Gamma(k, θ) has mean kθ and variance kθ² (k < 1 goes through Gamma(k + 1)·U^(1/k));
/// the Moyal −ln z² has mean γ_E + ln 2 = 1.2704 and variance π²/2.
final class DeviateMomentTests: XCTestCase {
    func testGammaMeanAndVariance() {
        var rng = RandomStream(seed: 99, event: 2, stage: .simulation)
        let n = 1_000_000
        for k in [0.1, 0.5, 2.0, 50.0] {
            var sum = 0.0, sum2 = 0.0
            for _ in 0..<n {
                let g = rng.gammaDeviate(shape: k, scale: 2)
                sum += g; sum2 += g * g
            }
            let mean = sum / Double(n), variance = sum2 / Double(n) - mean * mean
            // Standard errors: of the mean √(kθ²/n); of the variance ≈ √((μ₄ − σ⁴)/n) with
            // μ₄ = 3k(k + 2)θ⁴ for the Gamma distribution.
            let theta = 2.0
            let seMean = (k * theta * theta / Double(n)).squareRoot()
            let seVar = ((3 * k * (k + 2) - k * k) * pow(theta, 4) / Double(n)).squareRoot()
            XCTAssertEqual(mean, k * theta, accuracy: 5 * seMean, "mean, k = \(k)")
            XCTAssertEqual(variance, k * theta * theta, accuracy: 5 * seVar, "variance, k = \(k)")
        }
    }

    /// The Gamma deviates' distribution, not only their moments: 4·10⁵ deviates per shape in
    /// 40 equal bins over mean ± 5σ (the first and last open-ended), χ² against the exact
    /// P(k, b/θ) − P(k, a/θ) (`regularizedGammaP`, checked above against closed forms);
    /// 39 degrees of freedom, limit 92 ≈ 6σ of the χ² law above its mean, fixed seed. Covers
    /// the k < 1 branch (0.05, a Bethe–Heitler shape for 3.5 % X₀, and 0.5), the showers'
    /// typical shapes (2, 7.3) and a near-normal one (50).
    func testGammaDistributionChiSquare() {
        var rng = RandomStream(seed: 97, event: 5, stage: .simulation)
        let n = 400_000, bins = 40
        for k in [0.05, 0.5, 2.0, 7.3, 50.0] {
            let theta = 1.5
            let sigma = k.squareRoot() * theta
            let lo = max(0, k * theta - 5 * sigma), width = (k * theta + 5 * sigma - lo) / Double(bins)
            var counts = [Int](repeating: 0, count: bins)
            for _ in 0..<n {
                let g = rng.gammaDeviate(shape: k, scale: theta)
                counts[min(max(Int(((g - lo) / width).rounded(.down)), 0), bins - 1)] += 1
            }
            func cdf(_ x: Double) -> Double { regularizedGammaP(k, max(x, 0) / theta) }
            var chi2 = 0.0
            for b in 0..<bins {
                let a = b == 0 ? 0 : cdf(lo + Double(b) * width)
                let c = b == bins - 1 ? 1 : cdf(lo + Double(b + 1) * width)
                let expected = Double(n) * (c - a)
                chi2 += (Double(counts[b]) - expected) * (Double(counts[b]) - expected) / expected
            }
            XCTAssertLessThan(chi2, 92, "χ² \(chi2) for 39 degrees of freedom, k = \(k)")
        }
    }

    func testMoyalMean() {
        var rng = RandomStream(seed: 99, event: 3, stage: .simulation)
        let n = 1_000_000
        var sum = 0.0
        for _ in 0..<n { sum += rng.moyal() }
        let se = (Double.pi * Double.pi / 2 / Double(n)).squareRoot()
        XCTAssertEqual(sum / Double(n), 0.577_215_664_9 + log(2.0), accuracy: 5 * se)
    }
}

/// The series used for small scattering angles agrees with the library's tan to a few ulp.
final class SmallTanTests: XCTestCase {
    func testSmallTanMatchesTan() {
        for x in [0.0, 1e-8, -3e-5, 1e-3, -0.004, 0.0099, 0.02, -0.3] {
            XCTAssertEqual(MaterialEffects.smallTan(x), tan(x), accuracy: 4 * tan(abs(x)).ulp + 1e-300, "x = \(x)")
        }
    }
}
