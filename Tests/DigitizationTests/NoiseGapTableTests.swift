import Foundation
import XCTest
@testable import Digitization
import EventModel

/// The gap between stored pure-noise cells, read from a table of (1 − p)^g instead of
/// computed as ⌊ln u / ln(1 − p)⌋: the same integer for every u (the table only replaces
/// a logarithm), including the far tail beyond the table, where the logarithm is used.
final class NoiseGapTableTests: XCTestCase {
    func testGapFromTheTableIsTheFloorOfTheLogarithmRatio() {
        // A LAr-like region (σ = 30 MeV, 3 MeV LSB, 2σ: p ≈ 4.5 %) and a sparse one (5σ).
        for (sigma, lsb, k) in [(0.030, 0.003, 2.0), (0.030, 0.003, 5.0), (0.2, 0.05, 2.0)] {
            let table = Digitization.NoiseCountTable(sigma: sigma, lsb: lsb, sigmas: k)
            let logSkip = log1p(-table.passProbability)
            var rng = RandomStream(seed: 9, event: 0, stage: .digitization)
            var mismatches = 0
            var us = (0..<200_000).map { _ in rng.uniform01() }
            // The edges of the guide buckets, tiny u (beyond the table) and the largest.
            us += (0...1_024).map { Double($0) / 1_024 }.filter { $0 > 0 }
            us += [1e-300, 1e-20, 1e-17, 1e-12, 1 - 0x1p-53]
            for u in us {
                let expected = (log(u) / logSkip).rounded(.down)
                if table.gap(for: u) != expected {
                    // Only a u within rounding of a table entry may land one off.
                    let g = Int(expected)
                    let edge = min(abs(u - exp(Double(g) * logSkip)), abs(u - exp(Double(g + 1) * logSkip)))
                    XCTAssertLessThan(edge, 1e-14 * u, "u = \(u): \(table.gap(for: u)) vs \(expected)")
                    mismatches += 1
                }
            }
            XCTAssertLessThanOrEqual(mismatches, 2, "σ = \(sigma), k = \(k)")
        }
    }
}
