import Foundation
import XCTest
@testable import Simulation
import Detector
import EventModel

/// A lateral window in which no cell reaches the cut-off c keeps ⌊u + E/c⌋ cells drawn from
/// the window's profile instead of walking every cell with the systematic roulette
/// (`Simulation.Config.drawSubCutoffWindows`). Each cell must keep its mean: compared cell
/// by cell over many spreads with the draws on and off, for a hadron shower's wide profile
/// in the EM barrel's middle layer (none of the window's cells above the cut-off).
final class SubCutoffWindowTests: XCTestCase {
    func testDrawnCellsKeepEachCellsMean() {
        guard let stretch = EMB2Stretch() else { return }
        let (detector, direction, segment) = (stretch.detector, stretch.direction, stretch.segment)
        let (v, fs, c) = (stretch.volume, stretch.samplingFraction, stretch.cutoff)
        // 2.5 cut-offs: two or three cells kept, 2.5 on average; the hadronic profile in the
        // LAr (core 0.12 λ, tail 0.5 λ, λ = 380 mm) keeps every cell, the axis cell too, below c.
        let active = 2.5 * c
        let lateral = LateralProfile(coreRadius: 0.12 * 380, tailRadius: 0.5 * 380, coreFraction: 0.75)
        var line = ShowerLine(origin: Vector3(0, 0, 0), direction: direction)
        let s = 0.5 * (segment.entry + segment.exit)
        let n = 20_000
        /// Cut-offs kept per cell over all spreads, and the largest single deposit in cut-offs.
        func cutoffsPerCell(draw: Bool) -> (counts: [CellID: Double], largest: Double) {
            var config = Simulation.Config()
            config.drawSubCutoffWindows = draw
            var transport = EventTransport(detector: detector, config: config)
            var counts: [CellID: Double] = [:]
            var largest = 0.0
            for i in 0..<n {
                var rng = RandomStream(seed: 5, event: UInt64(i), stage: .simulation)
                transport.spread(volume: v, on: &line, at: s, active: active, deposited: active / fs, lateral: lateral,
                                 time: 0, rng: &rng)
                for d in transport.cells.takeDeposits() {
                    counts[d.cell, default: 0] += Double(d.activeEnergy) / c
                    largest = max(largest, Double(d.activeEnergy) / c)
                }
            }
            return (counts, largest)
        }
        let (walked, largestWalked) = cutoffsPerCell(draw: false)
        let (drawn, largestDrawn) = cutoffsPerCell(draw: true)
        // Both keep ⌊u + 2.5⌋ cut-offs per spread: 2.5 on average, σ = 0.5 per spread.
        for (name, counts) in [("walked", walked), ("drawn", drawn)] {
            let total = counts.values.reduce(0, +)
            XCTAssertEqual(total / Double(n), 2.5, accuracy: 4 * 0.5 / Double(n).squareRoot(), name)
        }
        // The walk keeps every cell at exactly c (Float rounding aside): no cell reaches the
        // cut-off, so the draws are the path taken; they put at most three cut-offs in one cell.
        XCTAssertEqual(largestWalked, 1, accuracy: 1e-5)
        XCTAssertLessThanOrEqual(largestDrawn, 3 + 1e-5)
        XCTAssertGreaterThan(largestDrawn, 1.5, "some cell drawn twice: the draws were the path taken")
        XCTAssertGreaterThanOrEqual(walked.count, 25, "the window's cells")
        // Per cell: counts are near-Poisson, so the difference of the two has σ ≈ √(x + y); 5 σ.
        var compared = 0
        for (cell, x) in walked where x >= 50 {
            let y = drawn[cell, default: 0]
            XCTAssertEqual(y, x, accuracy: 5 * (x + y).squareRoot(), "cell \(cell)")
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 25, "cells with enough counts to compare")
        // No cell the walk never keeps is drawn often.
        for (cell, y) in drawn where walked[cell] == nil {
            XCTAssertLessThan(y, 25, "cell \(cell) drawn but never walked")
        }
    }
}
