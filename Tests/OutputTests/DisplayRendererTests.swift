import EventModel
import Foundation
import GenRecoTestSupport
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Output

/// The event display's SVG: what it contains, that it is deterministic, and that the
/// geometry behind it (fish-eye, r–z cell tiles) is right.
final class DisplayRendererTests: XCTestCase {
    func testEveryKindOfObjectIsDrawnWithItsClass() {
        let svg = EventDisplayRenderer().svg(DisplayTestScene.scene())
        for id in ["xy-view", "xy-inner-view", "rz-view", "legend"] {
            XCTAssertTrue(svg.contains("id=\"\(id)\""), "missing group \(id)")
        }
        let c = { DisplayTestScene.count($0, in: svg) }
        // Tracker layers: 3 per x–y view (2 views) + 2 lines each in r–z.
        XCTAssertEqual(c("tracker-layer"), 3 * 2 + 3 * 2)
        XCTAssertEqual(c("tracker-disc"), 2 * 2)
        // EM volumes: the barrel annulus in x–y, barrel and end-cap boxes (up and down) in r–z.
        XCTAssertEqual(c("calo-em"), 1 + 2 * 2)
        XCTAssertEqual(c("calo-had"), 1 + 2)
        XCTAssertGreaterThanOrEqual(c("muon-station"), 3)
        // Cells above threshold: EM and hadronic barrel in x–y and r–z, the end-cap cell in r–z only.
        XCTAssertEqual(c("cell-em"), 2 + 1)
        XCTAssertEqual(c("cell-had"), 2)
        XCTAssertEqual(c("track"), 3 + 1, "one track in each of the three views, and the legend")
        XCTAssertEqual(c("truth-track"), 3 + 1)
        XCTAssertEqual(c("tracker-hit"), 2 * 3 + 1)
        // Straws: both in the two x–y views, the one on the track also in r–z; two legend marks.
        XCTAssertEqual(c("straw-hit"), 2 * 2 + 1 + 2)
        XCTAssertEqual(c("on-track"), 3 + 1)
        XCTAssertEqual(c("jet"), 3 + 1)
        XCTAssertEqual(c("jet-label"), 2 * 2, "energy and ratio, in the two full views")
        XCTAssertTrue(svg.contains("log₁₀(E_H/E_EM) = 0.12"), "the jet is labelled with its ratio log10(40/30) = 0.125")
        XCTAssertEqual(c("llp-vertex"), 3 + 1, "a star per view, and one in the legend")
        XCTAssertEqual(c("llp-flight"), 3)
        XCTAssertEqual(c("muon-segment"), 2 + 1)
        XCTAssertEqual(c("muon-hit"), 2 + 1)
    }

    /// Above `maxStraws` fired straws (pile-up), only those on tracks are drawn.
    func testOnlyStrawsOnTracksAreDrawnWhenTooManyFired() {
        var style = DisplayStyle()
        style.maxStraws = 1
        let svg = EventDisplayRenderer(style: style).svg(DisplayTestScene.scene())
        XCTAssertEqual(DisplayTestScene.count("straw-hit", in: svg), 3 + 2, "the straw on the track in each view, and the legend")
        XCTAssertEqual(DisplayTestScene.count("on-track", in: svg), 3 + 1)
    }

    func testTheSVGIsWellFormedXML() {
        let svg = EventDisplayRenderer().svg(DisplayTestScene.scene())
        let parser = XMLParser(data: Data(svg.utf8))
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "") at line \(parser.lineNumber)")
    }

    func testTheSameSceneGivesTheSameBytes() {
        let a = EventDisplayRenderer().svg(DisplayTestScene.scene())
        let b = EventDisplayRenderer().svg(DisplayTestScene.scene())
        XCTAssertEqual(a, b)
    }

    func testEMAndHadronicCellsHaveDistinctShadesThatDarkenWithEnergy() {
        let style = DisplayStyle()
        XCTAssertNotEqual(style.cellColour(energyGeV: 5, hadronic: false), style.cellColour(energyGeV: 5, hadronic: true))
        // Green dominates EM, red dominates hadronic, at every energy.
        for e in [0.2, 1.0, 10.0, 100.0] {
            let em = DisplayStyle.emLow.mixed(with: DisplayStyle.emHigh, style.shade(e))
            let had = DisplayStyle.hadLow.mixed(with: DisplayStyle.hadHigh, style.shade(e))
            XCTAssertGreaterThan(em.g, em.r, "EM at \(e) GeV")
            XCTAssertGreaterThan(had.r, had.g, "hadronic at \(e) GeV")
        }
        XCTAssertLessThan(style.shade(1), style.shade(10))
        XCTAssertEqual(style.shade(style.cellSaturationGeV * 10), 1)
        XCTAssertEqual(style.shade(style.cellThresholdGeV / 2), 0)
    }

    func testFishEyeKeepsTheEndsAndTheOrderAndMagnifiesTheCentre() {
        let f = FishEye(strength: 5, extent: 12_000)
        XCTAssertEqual(f(0), 0)
        XCTAssertEqual(f(12_000), 12_000, accuracy: 1e-9)
        XCTAssertEqual(f(-300), -f(300))
        var last = -1.0
        for r in stride(from: 0.0, through: 12_000, by: 100) {
            XCTAssertGreaterThan(f(r), last)
            last = f(r)
        }
        // Near the beam the slope is 1 + k: the tracker is magnified six times.
        XCTAssertEqual(f(1) / 1, 6, accuracy: 0.01)
        XCTAssertEqual(FishEye(strength: 0, extent: 100)(37), 37)
    }

    func testRZTileOfABarrelCellIsTheBoxBetweenItsPolarAngles() {
        // η from 0 to 0.5 in a ring r = 1500…2000 mm: z runs from 0 to r·sinh(0.5) on each radius.
        let poly = RZGeometry.clip(box: (-3000, 3000, 1500, 2000), etaMin: 0, etaMax: 0.5)
        XCTAssertEqual(poly.count, 4)
        let zs = poly.map(\.0), rs = poly.map(\.1)
        XCTAssertEqual(zs.min()!, 0, accuracy: 1e-9)
        XCTAssertEqual(zs.max()!, 2000 * sinh(0.5), accuracy: 1e-6)
        XCTAssertEqual(rs.min()!, 1500, accuracy: 1e-9)
        XCTAssertEqual(rs.max()!, 2000, accuracy: 1e-9)
        // A cell outside the box's η range has no tile.
        XCTAssertTrue(RZGeometry.clip(box: (3640, 4250, 330, 2098), etaMin: 0, etaMax: 0.5).count < 3)
    }

    func testJetConeReachesTheOutsideOfTheCalorimeterBox() {
        // Straight up (η = 0) it stops at the radius; along the beam at the half-length.
        XCTAssertEqual(RZGeometry.reach(theta: .pi / 2, radius: 4000, halfLength: 6000), 4000, accuracy: 1e-9)
        XCTAssertEqual(RZGeometry.reach(theta: 0.01, radius: 4000, halfLength: 6000), 6000 / cos(0.01), accuracy: 1e-6)
    }

    func testTextIsEscaped() {
        var s = DisplayTestScene.scene()
        s.title = "a <b> & \"c\""
        let svg = EventDisplayRenderer().svg(s)
        XCTAssertTrue(svg.contains("a &lt;b&gt; &amp; &quot;c&quot;"))
        XCTAssertFalse(svg.contains("<b>"))
    }
}
