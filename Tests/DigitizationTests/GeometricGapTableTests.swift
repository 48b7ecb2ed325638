import Foundation
import XCTest
@testable import Digitization
import EventModel

/// The calorimeter's noise-cell gaps from a table (GeometricGapTable) against the formula
/// they replace, ⌊log(u) / log1p(−p)⌋ with u = k·2⁻⁵³: the same integer for every k tried,
/// so the noise cells — and the benchmark's digests — are unchanged.
final class GeometricGapTableTests: XCTestCase {
    /// The formula as the digitization computed it before the table.
    func formula(_ k: UInt64, _ logSkip: Double) -> Double { log(Double(k) * 0x1p-53) / logSkip }

    func check(p: Double, file: StaticString = #filePath, line: UInt = #line) -> (answered: Int, tried: Int) {
        let logSkip = log1p(-min(p, 1 - 1e-12))
        let table = GeometricGapTable(logSkip: logSkip)
        var rng = RandomStream(seed: 5, event: UInt64(p.bitPattern & 0xFFFF), stage: .digitization)
        var answered = 0, tried = 0
        func test(_ k: UInt64) {
            guard k >= 1 && k < 1 << 53 else { return }
            tried += 1
            let expected = formula(k, logSkip)
            if let g = table.tableGap(k) {
                answered += 1
                XCTAssertEqual(Double(g), Double(Int(expected)), "p \(p), k \(k)", file: file, line: line)
            }
            // What the digitization uses: the table's integer or the formula itself.
            let used = table.gap(k)
            XCTAssertEqual(Int(used), Int(expected), "p \(p), k \(k)", file: file, line: line)
        }
        // Uniform draws, as the digitization makes them.
        for _ in 0..<40_000 { test(rng.next() >> 11) }
        // Around every bound of the table, where the integer changes: just below, at, just
        // above, and at the edges of the guard band.
        for b in table.bound.dropFirst() {
            for d: Int64 in [-5_000, -4_097, -4_096, -4_095, -2, -1, 0, 1, 2, 4_095, 4_096, 4_097, 5_000] {
                test(UInt64(Int64(b) + d))
            }
        }
        // Small u (long gaps, the formula's part) and the top of the range.
        for e in 1..<53 { test(1 << UInt64(e)); test((1 << UInt64(e)) + 1) }
        test((1 << 53) - 1)
        return (answered, tried)
    }

    /// The storage threshold of 2σ gives p ≈ 4.6 % per cell (the table's use); a coarse ADC
    /// changes p per region; 0σ (every cell stored) gives p near 1; a tiny p disables the table.
    func testTableGivesTheFormulasGap() {
        let (answered, tried) = check(p: 0.0455)
        // Uniform u: all but u < 2⁻¹⁰ and the thin guard bands come from the table.
        XCTAssertGreaterThan(Double(answered) / Double(tried), 0.95)
        _ = check(p: 0.012)
        _ = check(p: 0.3)
        _ = check(p: 0.93)
        _ = check(p: 1)
        let (tinyAnswered, _) = check(p: 1e-5)
        XCTAssertEqual(tinyAnswered, 0, "a tiny p is left to the formula")
    }
}
