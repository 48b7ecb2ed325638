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
