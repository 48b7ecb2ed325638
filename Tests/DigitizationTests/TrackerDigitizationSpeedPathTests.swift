import Foundation
import XCTest
@testable import Digitization
@testable import Simulation
import Detector
import EventModel

/// The fast paths of the tracker digitization (radix sort of channel keys, one-pass pixel
/// clustering) give what the simple definitions give.
final class TrackerDigitizationSpeedPathTests: XCTestCase {
    let detector = Detector.atlasRun2

    func testRadixSortOrdersLikeTheLibrarySort() {
        var rng = RandomStream(seed: 9, event: 0, stage: .digitization)
        for (count, bits) in [(10, 40), (5_000, 54), (20_000, 64)] {
            let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
            var a = (0..<count).map { _ in rng.next() & mask }
            let expected = a.sorted()
            Digitization.radixSort(&a, bits: bits)
            XCTAssertEqual(a, expected, "\(count) values of \(bits) bits")
        }
    }

    /// Keys whose low 12 bits are an increasing index (taken as in order, `from: 12`) and
    /// whose digit at bits 23–33 is the same in every key (that pass is skipped), with one,
    /// two and three remaining passes: the full sort's order (the sort is stable).
    func testRadixSortSkipsConstantDigitsAndKeepsOrderBelowFrom() {
        var rng = RandomStream(seed: 11, event: 0, stage: .digitization)
        for bits in [23, 34, 45] {
            let count = 3_000
            var a: [UInt64] = (0..<count).map { i in
                let high = rng.next() & ((1 << UInt64(bits - 12)) - 1)
                let constant: UInt64 = bits > 23 ? 0x2A5 << 11 : 0
                return ((high & ~(0x7FF << 11)) | constant) << 12 | UInt64(i)
            }
            let expected = a.sorted()
            Digitization.radixSort(&a, bits: bits, from: 12)
            XCTAssertEqual(a, expected, "\(bits) bits")
        }
    }

    /// A 3 × 3 block of touching pixel hits on the B-layer makes one cluster holding all
    /// the charge; two hits 10 pixels apart in φ make two. (Noise and dead pixels off.)
    func testPixelClustersAreConnectedComponents() throws {
        let surface = try XCTUnwrap(detector.trackerSurfaces.first { $0.name == "PixelB0" })
        let r = 50.5, pitchU = 0.05, pitchV = 0.4
        func hit(column: Int, row: Int, particle: Int32) -> TrackerSimHit {
            let phi = (Double(column) + 0.5) * pitchU / r
            let z = -400.5 + (Double(row) + 0.5) * pitchV
            return TrackerSimHit(surface: Int32(surface.index), position: Vector3(r * cos(phi), r * sin(phi), z),
                                 direction: Vector3(cos(phi), sin(phi), 0), momentum: 10, energyDeposit: 80e-6,
                                 time: 0, particle: particle, pdgID: 211, isSecondary: false)
        }
        var hits = SimHits()
        var k: Int32 = 0
        for dc in 0..<3 { for dr in 0..<3 { hits.trackerHits.append(hit(column: 1_000 + dc, row: 1_000 + dr, particle: k)); k += 1 } }
        hits.trackerHits.append(hit(column: 1_020, row: 1_000, particle: 100))
        var rng = RandomStream(seed: 1, event: 0, stage: Digitization.stage)
        let raw = Digitization(config: .noiseFree)(hits, in: detector, rng: &rng)
        XCTAssertEqual(raw.trackerClusters.count, 2)
        let sizes = raw.trackerClusters.map(\.size).sorted()
        XCTAssertEqual(sizes.last, 9)
        XCTAssertEqual(raw.trackerClusters.map(\.sizeU).max(), 3)
        XCTAssertEqual(raw.trackerClusters.map(\.sizeV).max(), 3)
    }
}
