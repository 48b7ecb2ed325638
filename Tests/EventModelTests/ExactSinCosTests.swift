import EventModel
import Foundation
import XCTest

final class ExactSinCosTests: XCTestCase {
    /// `exactSinCos` (the C library's sincos where there is one) gives sin and cos to the bit,
    /// so the track fit's and the tracker digitization's output does not depend on which of the
    /// two computed them: 200 000 pseudo-random angles over the ranges they meet (|x| < π, small
    /// turning angles, and large arguments where the argument reduction differs).
    func testExactSinCosIsTheLibrarysSinAndCos() {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        var mismatches = 0
        for i in 0..<200_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(state >> 11) / Double(1 << 53) - 0.5
            let x = i % 4 == 0 ? u * 0.2 : i % 4 == 1 ? u * 2 * .pi : i % 4 == 2 ? u * 1e6 : u * 1e-5
            let (s, c) = exactSinCos(x)
            if s.bitPattern != sin(x).bitPattern || c.bitPattern != cos(x).bitPattern { mismatches += 1 }
        }
        XCTAssertEqual(mismatches, 0)
    }
}
