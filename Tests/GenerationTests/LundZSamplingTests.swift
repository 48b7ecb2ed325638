import EventModel
import Foundation
import XCTest
@testable import Generation

/// The Lund z sampler decides its trials with a bounded approximation of ln first and falls
/// back on the exact test only when the approximation cannot tell. These tests hold it to
/// that: the approximation stays within its stated bound, and the sampler returns the same z
/// and leaves the random stream at the same place as the plain rejection (l > ln u with the
/// C library's ln), for the parameter range the string meets.
final class LundZSamplingTests: XCTestCase {
    /// |boundedLog(x) − ln x| ≤ 10⁻⁹ (the bound the sampler's margin assumes): on a log-uniform
    /// and a uniform sample of (0, 1], at the ends, and on both sides of the √2 switch.
    func testBoundedLogStaysWithinItsBound() {
        var rng = RandomStream(seed: 7, event: 1, stage: .generation, substream: 900)
        var worst = 0.0
        func check(_ x: Double) {
            let err = abs(LundFragmentation.boundedLog(x) - log(x))
            worst = max(worst, err)
            XCTAssertLessThanOrEqual(err, 1e-9, "x = \(x)")
        }
        for _ in 0..<100_000 {
            check(exp(-60 * rng.uniform01()))    // ln-uniform over (e⁻⁶⁰, 1)
            check(rng.uniform01())
        }
        for x in [1.0, 0x1p-53, 0x1p-60, 1 - 0x1p-53, 0.5, 0.25] { check(x) }
        for k in 0...60 {
            let edge = 1.4142135623730951 * pow(2, -Double(k))
            for x in [edge.nextDown, edge, edge.nextUp] where x <= 1 { check(x) }
        }
        // The series' first left-out term bounds the error at 7.2e-10: it must not be far
        // below either, or the bound would be stated loosely.
        XCTAssertGreaterThan(worst, 1e-11)
    }

    /// The same z and the same stream position as the plain rejection, over quark and diquark
    /// ends, light and heavy (Bowler) old flavours, and b m⊥² from a pion at rest to a hard B.
    func testSampleZMatchesThePlainRejection() {
        let lund = LundFragmentation()
        let cfg = lund.config
        var params = RandomStream(seed: 11, event: 2, stage: .generation, substream: 901)
        for trial in 0..<4_000 {
            let aOld = cfg.aLund + (params.uniform01() < 0.2 ? cfg.aExtraDiquark : 0)
            let aNew = cfg.aLund + (params.uniform01() < 0.2 ? cfg.aExtraDiquark : 0)
            let bowler = [0, lund.bowlerTerm(4), lund.bowlerTerm(5)][Int(3 * params.uniform01())]
            let mT2 = 0.0195 + 40 * pow(params.uniform01(), 3)    // m_π² … ≈ 40 GeV²
            let bMT2 = cfg.bLundPerGeV2 * mT2
            var fast = RandomStream(seed: 13, event: UInt64(trial), stage: .generation, substream: 902)
            var plain = fast
            let zFast = lund.sampleZ(aOld: aOld, aNew: aNew, bMT2: bMT2, bowler: bowler, rng: &fast)
            let zPlain = Self.plainSampleZ(aOld: aOld, aNew: aNew, bMT2: bMT2, bowler: bowler, rng: &plain)
            XCTAssertEqual(zFast.bitPattern, zPlain.bitPattern, "aOld \(aOld) aNew \(aNew) bowler \(bowler) bMT2 \(bMT2)")
            XCTAssertEqual(fast.next(), plain.next(), "stream position after trial \(trial)")
        }
    }

    /// The rejection as it was written before the approximation: every trial by the exact
    /// comparison l > ln u.
    static func plainSampleZ(aOld: Double, aNew: Double, bMT2: Double, bowler: Double, rng: inout RandomStream) -> Double {
        let c = aOld - aNew - 1 - bowler, a = aNew, bb = bMT2
        func logF(_ z: Double) -> Double { c * log(z) + a * log(1 - z) - bb / z }
        let zMax = LundFragmentation.lundMaximum(c: c, a: a, bb: bb)
        let fMax = logF(zMax)
        for _ in 0..<10_000 {
            let z = rng.uniform01()
            let l = logF(z) - fMax, u = rng.uniform01()
            if l > log(u) { return z }
        }
        return zMax
    }
}
