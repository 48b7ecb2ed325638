import Foundation
import GenRecoTestSupport
import XCTest
@testable import Output

/// The pictures as a browser shows them: headless Chromium renders the event display and
/// a report page to PNG (scripts/render_svg.py), and the pixels are counted. Without
/// Chromium these tests skip, and fail under GENRECO_REQUIRE_EXTERNAL=1.
final class DisplayRenderingTests: XCTestCase {
    func testTheEventDisplayRendersWithEMAndHadronicCellsInTheirColours() throws {
        var scene = DisplayTestScene.scene()
        scene.jets = []   // the jet cone's tint would change the cells' colours under it
        let style = DisplayStyle()
        let svg = EventDisplayRenderer(style: style).svg(scene)
        let dir = try External.temporaryDirectory(for: self)
        let path = dir.appendingPathComponent("scene.svg").path
        try Data(svg.utf8).write(to: URL(fileURLWithPath: path))
        let em = style.cellColour(energyGeV: 30, hadronic: false), had = style.cellColour(energyGeV: 40, hadronic: true)
        let m = try DisplayTestScene.render(path, size: "1380x1400", colours: ["em=\(em)", "had=\(had)"])
        let fraction = try XCTUnwrap(m["non_background_fraction"] as? Double)
        // Panels, outlines and legend cover a good part of the picture; a blank or failed
        // render is one colour.
        XCTAssertGreaterThan(fraction, 0.15, "\(m)")
        XCTAssertGreaterThan(try XCTUnwrap(m["distinct_colours"] as? Int), 50)
        let colours = try XCTUnwrap(m["colour_pixels"] as? [String: Int])
        // Each hot cell is a visible tile in two views (x–y and r–z): tens of pixels at least.
        XCTAssertGreaterThan(colours["em"] ?? 0, 30, "EM cell colour \(em) not found: \(m)")
        XCTAssertGreaterThan(colours["had"] ?? 0, 30, "hadronic cell colour \(had) not found: \(m)")
    }

    func testAReportPageWithPlotsRenders() throws {
        var h = Histogram1D(bins: 20, from: 0, to: 10)
        h.fill((0..<200).map { Double($0 % 37) / 4 })
        var page = ReportPage(title: "test report")
        page.section("Plots", id: "plots")
        page.plots([Plot(title: "h", x: PlotAxis("x"), y: PlotAxis("n"),
                         series: [.histogram(h, Plot.Style("sample", colour: "#1f4fd0", filled: true))]).svg(id: "h")])
        let dir = try External.temporaryDirectory(for: self)
        let path = dir.appendingPathComponent("page.html").path
        try Data(page.html.utf8).write(to: URL(fileURLWithPath: path))
        let m = try DisplayTestScene.render(path, size: "900x700", colours: ["line=#1f4fd0"])
        XCTAssertGreaterThan(try XCTUnwrap(m["non_background_fraction"] as? Double), 0.05, "\(m)")
        let colours = try XCTUnwrap(m["colour_pixels"] as? [String: Int])
        XCTAssertGreaterThan(colours["line"] ?? 0, 100, "the histogram's line is drawn: \(m)")
    }
}
