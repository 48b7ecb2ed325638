import Foundation
import XCTest
@testable import Detector
import EventModel

/// `calorimeterSegments` walks a tree of bounding rings instead of every box; it must find
/// exactly the segments (same boxes, same entry and exit, bit for bit, same order) that the
/// exhaustive search over every box gives.
final class CalorimeterBoxTreeTests: XCTestCase {
    let detector = Detector.atlasRun2

    /// The exhaustive search the tree replaces: every box, then a sort by entry.
    func exhaustiveSegments(origin: Vector3, direction: Vector3) -> [CalorimeterSegment] {
        var out: [CalorimeterSegment] = []
        for (b, box) in detector.calorimeterBoxes.enumerated() {
            box.forEachInterval(origin: origin, direction: direction) { s0, s1 in
                if s1 > s0 { out.append(CalorimeterSegment(box: b, volume: box.volume, entry: s0, exit: s1)) }
            }
        }
        return out.sorted { $0.entry < $1.entry }
    }

    /// The ATLAS card's tree: the barrel (one cluster of 11 touching boxes, under the side's
    /// ring only), and per end-cap side five clusters (ITC; extended Tile; cryostat front +
    /// EM end-cap; HEC; FCal).
    func testATLASTreeGroupsTouchingBoxesPerSide() {
        let entries = detector.calorimeterBoxTree.entries
        XCTAssertEqual(entries.filter { $0.box >= 0 }.map(\.box).sorted(), Array(detector.calorimeterBoxes.indices))
        let name = { (e: CalorimeterBoxTree.Entry) in self.detector.card.calorimeter.volumes[e.ring.volume].name }
        // Top-level rings: one per side, each followed by all its entries.
        var sides: [Int] = []
        var i = 0
        while i < entries.count {
            XCTAssertLessThan(entries[i].box, 0)
            sides.append(i)
            i += entries[i].skip + 1
        }
        XCTAssertEqual(sides.count, 3)
        XCTAssertEqual(i, entries.count)
        let barrel = entries[(sides[0] + 1)...(sides[0] + entries[sides[0]].skip)]
        XCTAssertEqual(barrel.count, 11)   // its 11 boxes: one cluster, whose ring is the side's
        let plusSide = entries[(sides[1] + 1)...(sides[1] + entries[sides[1]].skip)]
        let clusters = plusSide.filter { $0.box < 0 }.count
        XCTAssertEqual(clusters, 4)   // the ITC is a cluster of one box: no ring of its own
        XCTAssertEqual(plusSide.filter { $0.box >= 0 }.map(name),
                       ["TileGapITC", "TileExt0", "TileExt1", "TileExt2", "CryostatEndcapFront", "EME1", "EME2",
                        "EME3", "HEC0", "HEC1", "HEC2", "HEC3", "FCal1", "FCal2", "FCal3"])
        // Every ring holds the boxes it skips.
        for (k, e) in entries.enumerated() where e.box < 0 {
            for inner in entries[(k + 1)...(k + e.skip)] {
                XCTAssertTrue(e.ring.rMin <= inner.ring.rMin && inner.ring.rMax <= e.ring.rMax
                              && e.ring.zMin <= inner.ring.zMin && inner.ring.zMax <= e.ring.zMax)
            }
        }
    }

    /// 30 000 lines: from the beam spot, from the tracker envelope's surface, from inside and
    /// outside the calorimeter, isotropic, and along the axes and the boxes' faces (where a
    /// ring test and a box test meet at the same plane): identical segments.
    func testTreeFindsExactlyTheExhaustiveSegments() {
        var rng = RandomStream(seed: 11, event: 0, stage: .simulation)
        func isotropic() -> Vector3 {
            let cosTheta = 2 * rng.uniform01() - 1, phi = 2 * Double.pi * rng.uniform01()
            let sinTheta = (1 - cosTheta * cosTheta).squareRoot()
            return Vector3(sinTheta * cos(phi), sinTheta * sin(phi), cosTheta)
        }
        var lines: [(Vector3, Vector3)] = []
        for k in 0..<30_000 {
            let origin: Vector3
            switch k % 4 {
            case 0: origin = Vector3(0.01 * rng.standardNormal(), 0.01 * rng.standardNormal(), 50 * rng.standardNormal())
            case 1:
                let phi = 2 * Double.pi * rng.uniform01()
                origin = rng.uniform01() < 0.5
                    ? Vector3(1150 * cos(phi), 1150 * sin(phi), 6900 * rng.uniform01() - 3450)
                    : Vector3(1150 * rng.uniform01() * cos(phi), 1150 * rng.uniform01() * sin(phi), rng.uniform01() < 0.5 ? 3450 : -3450)
            case 2:
                origin = Vector3(8000 * rng.uniform01() - 4000, 8000 * rng.uniform01() - 4000, 12_000 * rng.uniform01() - 6000)
            default:
                origin = Vector3(20_000 * rng.uniform01() - 10_000, 20_000 * rng.uniform01() - 10_000, 20_000 * rng.uniform01() - 10_000)
            }
            lines.append((origin, isotropic()))
        }
        // Along the axes and the faces.
        for box in detector.calorimeterBoxes {
            for z in [box.zMin, box.zMax] {
                lines.append((Vector3(0, 0, z), Vector3(1, 0, 0)))
                lines.append((Vector3(box.rMin, 0, z), Vector3(0, 1, 0)))
                lines.append((Vector3(0, box.rMax, z), Vector3(0, 0, 1)))
                lines.append((Vector3(0, box.rMax, z), Vector3(0, 0, -1)))
            }
            lines.append((Vector3(0, 0, 0), Vector3(box.rMax, 0, box.zMax).unit))
            lines.append((Vector3(0, 0, 0), Vector3(0, box.rMin, box.zMin).unit))
        }
        lines.append((Vector3(0, 0, -10_000), Vector3(0, 0, 1)))
        lines.append((Vector3(100, 0, -10_000), Vector3(0, 0, 1)))
        var met = 0
        // The simulation's form writes into one list reused from line to line (emptied first).
        var reused = ScratchList<CalorimeterSegment>(capacity: 1)
        for (origin, direction) in lines {
            let found = detector.calorimeterSegments(origin: origin, direction: direction)
            let expected = exhaustiveSegments(origin: origin, direction: direction)
            guard found == expected else {
                return XCTFail("origin \(origin), direction \(direction): \(found.map(\.box)) against \(expected.map(\.box))")
            }
            detector.calorimeterSegments(origin: origin, direction: direction, into: &reused)
            guard Array(reused.elements) == expected else {
                return XCTFail("reused list, origin \(origin), direction \(direction): \(reused.elements.map(\.box)) against \(expected.map(\.box))")
            }
            met += found.count
        }
        // Not a vacuous comparison: most lines do cross the calorimeter.
        XCTAssertGreaterThan(met, 100_000)
    }
}
