@testable import EventModel
import XCTest

/// `ScratchList` behaves as the `Array` operations it replaces in the seeding and the
/// calorimeter deposits, and frees its memory by itself.
final class ScratchListTests: XCTestCase {
    /// Appending far past the first capacity keeps every element, in order, as an Array would.
    func testAppendsBeyondTheCapacityKeepEveryElementInOrder() {
        var list = ScratchList<Int>(capacity: 3)
        var array: [Int] = []
        for i in 0..<1_000 {
            list.append(i * i)
            array.append(i * i)
        }
        XCTAssertEqual(list.count, 1_000)
        XCTAssertGreaterThanOrEqual(list.capacity, 1_000)
        XCTAssertEqual(Array(list.elements), array)
    }

    /// Emptying keeps the memory; the next appends overwrite from the start.
    func testRemoveAllKeepsTheRoomAndRefillsFromTheStart() {
        var list = ScratchList<Double>(capacity: 4)
        for x in [1.0, 2, 3, 4, 5] { list.append(x) }
        let room = list.capacity
        list.removeAll()
        XCTAssertTrue(list.isEmpty)
        list.append(7)
        XCTAssertEqual(Array(list.elements), [7])
        XCTAssertEqual(list.capacity, room)
    }

    /// `removeAll(where:)`, `removeLast`, `sort(by:)` and `resize(to:filling:)` give what the
    /// same calls give on an Array.
    func testEditsMatchTheArrayOperations() {
        let values = [5, 3, 8, 1, 9, 2, 7, 4, 6, 0]
        var list = ScratchList<Int>(capacity: 2)
        for v in values { list.append(v) }
        list.removeAll(where: { $0 % 3 == 0 })
        XCTAssertEqual(Array(list.elements), values.filter { $0 % 3 != 0 })
        list.sort(by: >)
        XCTAssertEqual(Array(list.elements), values.filter { $0 % 3 != 0 }.sorted(by: >))
        list.removeLast(2)
        XCTAssertEqual(Array(list.elements), Array(values.filter { $0 % 3 != 0 }.sorted(by: >).dropLast(2)))
        list.resize(to: 20, filling: -1)
        XCTAssertEqual(Array(list.elements), [Int](repeating: -1, count: 20))
        list[3] = 11
        XCTAssertEqual(list[3], 11)
    }

    /// The memory is freed when the last list holding it goes, and when a list grows out of it.
    func testMemoryIsFreedWithoutAnOwnerCall() {
        weak var first: ScratchList<Int>.Storage?
        weak var grown: ScratchList<Int>.Storage?
        do {
            var list = ScratchList<Int>(capacity: 2)
            first = list.storage
            list.append(1); list.append(2)
            XCTAssertNotNil(first)
            list.append(3)   // grows into new memory; the old is freed
            XCTAssertNil(first)
            grown = list.storage
            XCTAssertNotNil(grown)
            XCTAssertEqual(Array(list.elements), [1, 2, 3])
        }
        XCTAssertNil(grown)
    }
}
