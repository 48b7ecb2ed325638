import Foundation
import XCTest
@testable import Digitization
import Detector

/// The calorimeter's per-detector tables in compact form (Digitization+CellTables.swift).
final class CellTablesTests: XCTestCase {
    /// The dead-cell bits are the detector's `deadCells`, cell for cell (all 190 000 of the
    /// ATLAS card, and the bits past the last cell clear); asked again they come from the
    /// cache, equal.
    func testDeadCellBitsAreTheDetectorsDeadCells() {
        let detector = Detector.atlasRun2
        let bits = CellBits.deadCells(of: detector)
        XCTAssertEqual(bits.words.count, (detector.cells.count + 63) / 64)
        var mismatches = 0
        for id in 0..<detector.cells.count where bits[id] != detector.deadCells[id] { mismatches += 1 }
        XCTAssertEqual(mismatches, 0)
        XCTAssertFalse((detector.cells.count..<(bits.words.count * 64)).contains { bits[$0] })
        XCTAssertGreaterThan(bits.words.reduce(0) { $0 + $1.nonzeroBitCount }, 100)
        XCTAssertEqual(CellBits.deadCells(of: detector), bits)
    }

    /// Setting and reading single bits through the buffer pointers: each set bit reads back,
    /// its neighbours (within the word and across word boundaries) do not.
    func testSetBitsReadBackAndNoOthers() {
        let ids = [0, 1, 63, 64, 127, 128, 1_000, 1_023]
        var bits = CellBits(count: 1_030)
        bits.words.withUnsafeMutableBufferPointer { words in ids.forEach { words.setBit($0) } }
        for id in 0..<1_030 { XCTAssertEqual(bits[id], ids.contains(id), "cell \(id)") }
        XCTAssertFalse(bits[1_030 + 64])   // beyond the words: not flagged
        XCTAssertEqual(CellBits(ids.reduce(into: [Bool](repeating: false, count: 1_030)) { $0[$1] = true }), bits)
    }

    /// The region of every cell of the ATLAS card by the ranges' bisection is the detector's
    /// per-cell table's, and the range returned holds the cell and is its region's side:
    /// firstID + side · perSide ..< + cellCount. Past the last cell: no region.
    func testRegionRangesGiveEveryCellsRegion() {
        let cells = Detector.atlasRun2.cells
        let ranges = RegionRanges.of(cells)
        var mismatches = 0
        for id in 0..<cells.count {
            guard let found = ranges.region(of: id) else { mismatches += 1; continue }
            let (region, start, end) = found
            let r = cells.regions[region]
            let side = id >= r.firstID + r.perSide ? 1 : 0
            if region != cells.regionIndex(of: CellID(id)) || start != r.firstID + side * r.perSide
                || end != start + r.cellCount || !(start..<end).contains(id) { mismatches += 1 }
        }
        XCTAssertEqual(mismatches, 0)
        XCTAssertNil(ranges.region(of: cells.count))
        XCTAssertNil(ranges.region(of: -1))
    }
}
