import XCTest
import Foundation
import EventModel
@testable import Simulation

/// The tabulated P(a, x) behind the shower profiles against the exact function
/// (`regularizedGammaP`, itself held to closed forms in `SpecialFunctionsTests`): within
/// 5·10⁻⁵ everywhere in the table's range (the bound `GammaCDFTable` states and argues is
/// invisible in any layer energy), at random (a, x) with x drawn both over the whole range
/// and near 0 (where P ∝ x^a and a table in x would fail); exact outside the range of a,
/// and 1 beyond its x.
final class GammaCDFTableTests: XCTestCase {
    func testTableFollowsTheIncompleteGammaFunction() {
        let table = GammaCDFTable.shared
        var rng = RandomStream(seed: 17, event: 0, stage: .simulation)
        var worst = 0.0, worstAt = (0.0, 0.0)
        for k in 0..<20_000 {
            let a = 1 + 14.9 * rng.uniform01()
            let x = k % 2 == 0 ? 47 * rng.uniform01() : 2 * rng.uniform01() * rng.uniform01()
            let lg = logGamma(a)
            let error = abs(table(a, x, logGammaA: lg) - regularizedGammaP(a, x, logGammaA: lg))
            if error > worst { worst = error; worstAt = (a, x) }
        }
        XCTAssertLessThan(worst, 5e-5, "worst at a = \(worstAt.0), x = \(worstAt.1)")
        // (Interpolation is visible at all: not the exact function by mistake.)
        XCTAssertGreaterThan(worst, 1e-7, "the comparison sees the interpolation")
    }

    func testOutsideTheTableTheExactFunctionIsUsed() {
        let table = GammaCDFTable.shared
        for (a, x) in [(20.0, 10.0), (0.5, 0.3), (15.99, 5.0)] {
            let lg = logGamma(a)
            XCTAssertEqual(table(a, x, logGammaA: lg), regularizedGammaP(a, x, logGammaA: lg), "a = \(a), x = \(x)")
        }
        // Beyond the table's x (47.27) a covered a gets 1: the exact value is within 4.0·10⁻⁸ of it
        // (1 − P(15.94, 47.27), the largest a at the smallest such x).
        for (a, x) in [(15.93, 47.28), (15.9, 47.5), (3.0, 60.0)] {
            XCTAssertEqual(table(a, x), 1)
            XCTAssertEqual(regularizedGammaP(a, x), 1, accuracy: 4.1e-8, "a = \(a), x = \(x)")
        }
        XCTAssertEqual(table(2, 0, logGammaA: logGamma(2)), 0)
        XCTAssertEqual(table(2, -1, logGammaA: logGamma(2)), 0)
    }
}
