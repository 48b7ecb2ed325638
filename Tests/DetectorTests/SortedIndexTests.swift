import Foundation
import XCTest
@testable import Detector

/// `SortedIndex` must give the bisection's counts exactly (the navigation's layer at r₀ and
/// first disc ahead, the straw walk's first layer and plane): checked against a linear count
/// for values on, beside and between the entries, ties, bins holding several values, and
/// arguments outside the list or not finite.
final class SortedIndexTests: XCTestCase {
    func assertMatchesLinearCounts(_ values: [Double], binWidth: Double, file: StaticString = #filePath, line: UInt = #line) {
        let index = SortedIndex(values, binWidth: binWidth)
        var probes: [Double] = [-.infinity, .infinity, .nan, -1e300, 1e300, 0]
        for v in values {
            probes += [v, v.nextUp, v.nextDown, v + 1e-9, v - 1e-9, v + 1e-6, v - 1e-6, v + 0.5 * binWidth, v - 2.5 * binWidth]
        }
        var rng = SystemRandomNumberGenerator()
        let low = (values.first ?? 0) - 10, high = (values.last ?? 0) + 10
        for _ in 0..<2_000 { probes.append(Double.random(in: low...high, using: &rng)) }
        for x in probes {
            XCTAssertEqual(index.countNotAbove(x), values.filter { $0 <= x }.count, "≤ \(x)", file: file, line: line)
            XCTAssertEqual(index.countBelow(x), values.filter { $0 < x }.count, "< \(x)", file: file, line: line)
            // Any guess, right or wrong or out of range, gives the same counts.
            for guess in -1...(values.count + 1) {
                XCTAssertEqual(index.countNotAbove(x, guess: guess), index.countNotAbove(x), "≤ \(x) guessing \(guess)",
                               file: file, line: line)
                XCTAssertEqual(index.countBelow(x, guess: guess), index.countBelow(x), "< \(x) guessing \(guess)",
                               file: file, line: line)
            }
        }
    }

    func testTheBuiltInDetectorsListsMatchLinearCounts() {
        let detector = Detector.atlasRun2
        assertMatchesLinearCounts(detector.barrelRadii, binWidth: 5)
        assertMatchesLinearCounts(detector.discZ, binWidth: 5)
        let straws = detector.strawGeometry!
        assertMatchesLinearCounts(straws.barrelRadii, binWidth: 5)
        assertMatchesLinearCounts(straws.planeZ, binWidth: 5)
    }

    func testTiesCrowdedBinsAndShortListsMatchLinearCounts() {
        assertMatchesLinearCounts([1, 1, 1, 2, 2, 3, 3.000_001, 100], binWidth: 5)   // several values per bin
        assertMatchesLinearCounts([-20, -20, 0, 0.1, 7, 7, 7], binWidth: 0.01)        // ties on bin edges
        assertMatchesLinearCounts([42], binWidth: 5)
        assertMatchesLinearCounts([], binWidth: 5)
        assertMatchesLinearCounts((0..<50).map { Double($0) * Double($0) }, binWidth: 3)
    }

    func testTheTableIsBoundedInSize() {
        let index = SortedIndex([0, 1e9], binWidth: 1e-3, maximumBins: 1_000)
        XCTAssertEqual(index.countBelowBin.count, 1_000)
        XCTAssertEqual(index.countNotAbove(5e8), 1)
        XCTAssertEqual(index.countBelow(1e9), 1)
    }
}
