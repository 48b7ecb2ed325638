import Foundation
import XCTest
@testable import Digitization

/// The clusters' sine and cosine against the C library's sin and cos (correctly rounded to
/// within an ulp, ≤ 1.1·10⁻¹⁶ on [−1, 1]): the table-and-series values must agree to
/// 4·10⁻¹⁶ absolute (a few last bits; a cluster position a metre out moves by 10⁻¹³ mm).
final class EighthTurnSinCosTests: XCTestCase {
    private func maxDeviation(over angles: [Double]) -> Double {
        var worst = 0.0
        for phi in angles {
            let (s, c) = eighthTurnSinCos(phi)
            worst = max(worst, abs(s - sin(phi)), abs(c - cos(phi)))
        }
        return worst
    }

    /// 10⁶ angles spread over the clusters' range [−π/8, 2π + π/8) (the φ wrap unwraps a
    /// cluster's columns by up to half a turn past the first one's, well within it), the
    /// table's points k·π/8 and their neighbours one ulp away (where the remainder is 0 and
    /// the rounding of k changes).
    func testAgreesWithTheLibraryOverTheClustersRange() {
        let lo = -Double.pi / 8, hi = 2 * Double.pi + Double.pi / 8
        let n = 1_000_000
        var angles = (0..<n).map { lo + (hi - lo) * (Double($0) + 0.5) / Double(n) }
        for k in -1...17 {
            let a = Double(k) * Double.pi / 8
            angles += [a, a.nextUp, a.nextDown, a + Double.pi / 16, (a + Double.pi / 16).nextDown]
        }
        XCTAssertLessThanOrEqual(maxDeviation(over: angles), 4e-16)
        let (s0, c0) = eighthTurnSinCos(0)
        XCTAssertEqual(s0, 0)
        XCTAssertEqual(c0, 1)
    }

    /// Larger angles (up to the 64 π where the reduction's exact products end) and beyond
    /// (the library's values).
    func testAgreesWithTheLibraryForLargerAngles() {
        let angles = (0..<100_000).map { -200.0 + 400.0 * Double($0) / 100_000 }
        XCTAssertLessThanOrEqual(maxDeviation(over: angles), 4e-16 * 4)
        XCTAssertEqual(eighthTurnSinCos(1e3).sin, sin(1e3))
        XCTAssertEqual(eighthTurnSinCos(1e3).cos, cos(1e3))
    }
}
