import Foundation
import XCTest
@testable import Simulation
import Detector
import EventModel

/// The per-event cell sums made by sorting: the same sums, in the same single-precision
/// order, as adding each deposit to its cell as it comes (the dense accumulation it replaced).
final class CellAccumulatorTests: XCTestCase {
    /// The ATLAS card's ids take two radix digits; 1 500 cells one, 2²⁵ three.
    func testSortedSumsEqualSumsInArrivalOrder() {
        for (cellCount, passes) in [(Detector.atlasRun2.cells.count, 2), (1_500, 1), (1 << 25, 3)] {
            XCTAssertEqual(CellAccumulator(cellCount: cellCount).passes, passes)
            checkSortedSums(cellCount: cellCount)
        }
    }

    func checkSortedSums(cellCount: Int) {
        var rng = RandomStream(seed: 4, event: 1, stage: .simulation)
        for round in 0..<3 {
            var accumulator = CellAccumulator(cellCount: cellCount)
            // Reference: per cell, Float sums in arrival order.
            var reference: [UInt32: (Float, Float, Float)] = [:]
            let n = [0, 7, 20_000][round]
            for _ in 0..<n {
                // Clustered ids (a shower's cells) and a few anywhere, some repeated many times.
                let id = rng.uniform01() < 0.8 ? UInt32(1_000 + Int(rng.uniform01() * 300))
                    : UInt32(Int(rng.uniform01() * Double(cellCount)))
                let a = rng.uniform01() < 0.05 ? 0 : rng.uniform01() * 0.01
                let d = a * 3, t = rng.uniform(-5, 20)
                accumulator.add(id, active: a, deposited: d, time: t)
                var s = reference[id] ?? (0, 0, 0)
                s.0 += Float(a); s.1 += Float(d); s.2 += Float(a * t)
                reference[id] = s
            }
            let deposits = accumulator.takeDeposits()
            let expected = reference.filter { $0.value.0 > 0 || $0.value.1 > 0 }.sorted { $0.key < $1.key }
            XCTAssertEqual(deposits.map(\.cell), expected.map(\.key), "\(cellCount) cells, round \(round): cells in increasing id")
            for (d, e) in zip(deposits, expected) {
                XCTAssertEqual(d.activeEnergy, e.value.0, "bit-identical active sum of cell \(d.cell)")
                XCTAssertEqual(d.depositedEnergy, e.value.1)
                XCTAssertEqual(d.time, e.value.0 > 0 ? e.value.2 / e.value.0 : 0)
            }
            XCTAssertEqual(accumulator.count, 0, "empty after taking the deposits")
        }
    }
}
