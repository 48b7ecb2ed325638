import Foundation
import XCTest
@testable import Generation

/// The cheaper forms the shower and the extra scatterings evaluate instead of the defining
/// ones (no logarithm of a trial p⊥², no cosh/exp of a rapidity difference) agree with those
/// definitions: the reference is the defining function itself, the tolerance a few rounding
/// errors.
final class ShowerShortcutTests: XCTestCase {
    /// 1/α_s from L = ln(μ²/Λ̂²) (``ShowerCoupling/inverse(overestimateLog:)``) equals
    /// 1/α_s(μ²) (``ShowerCoupling/callAsFunction(_:)``) on both sides of the c and b
    /// thresholds and from the cut-off to the TeV scale, and the overestimate is 1/(b₀(5) L).
    func testCouplingFromTheTrialLogarithmIsTheCoupling() {
        let c = ShowerCoupling(alphaSAtMZ: 0.127, cutoffGeV: 0.5)
        var mu = 0.5
        while mu < 3000 {
            for mu2 in [mu * mu, 1.5 * 1.5 * (1 - 1e-9), 1.5 * 1.5 * (1 + 1e-9), 4.8 * 4.8 * (1 - 1e-9), 4.8 * 4.8 * (1 + 1e-9)] {
                let l = log(mu2 / c.overestimateLambda2)
                XCTAssertEqual(c.inverse(overestimateLog: l), 1 / c(mu2), accuracy: 1e-12 / c(mu2), "μ² = \(mu2)")
                XCTAssertEqual(1 / (c.b0Five * l), c.overestimate(mu2), accuracy: 1e-12 * c.overestimate(mu2))
            }
            mu *= 1.37
        }
    }

    /// The g g → g g angular factor from r = e^(Δy) equals the one from Δy, for either sign.
    func testAngularFactorFromTheRapidityRatio() {
        for dy in stride(from: 0.0, through: 18.0, by: 0.25) {
            let f = MultipartonInteractions.angular(dy)
            XCTAssertEqual(MultipartonInteractions.angular(expDy: exp(dy)), f, accuracy: 1e-12 * f, "Δy = \(dy)")
            XCTAssertEqual(MultipartonInteractions.angular(expDy: exp(-dy)), f, accuracy: 1e-12 * f, "Δy = −\(dy)")
        }
    }
}
