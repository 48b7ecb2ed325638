import Foundation
import XCTest
@testable import Output

/// The report's plotting module: histograms, axes and ticks, plots and the HTML page.
final class ReportPlotTests: XCTestCase {
    func testHistogramBinsAreHalfOpenWithUnderflowOverflowAndNaNCounted() {
        var h = Histogram1D(edges: [0, 1, 2, 4])
        h.fill([-0.5, 0, 0.999, 1, 3.9, 4, 7, .nan])
        XCTAssertEqual(h.counts, [2, 1, 1])
        XCTAssertEqual(h.underflow, 1)
        XCTAssertEqual(h.overflow, 2, "the last edge itself is overflow, as in the Pythia 8 reference files")
        XCTAssertEqual(h.invalid, 1)
        XCTAssertEqual(h.total, 7)
        XCTAssertEqual(h.centres, [0.5, 1.5, 3])
        XCTAssertEqual(h.perUnitWidth().counts, [2, 1, 0.5])
    }

    func testNormalizationCountsUnderAndOverflow() {
        var h = Histogram1D(bins: 4, from: 0, to: 4)
        h.fill([0.5, 1.5, 1.5, 9])
        let n = h.normalized()
        XCTAssertEqual(n.counts.reduce(0, +) + n.underflow + n.overflow, 1, accuracy: 1e-12)
        XCTAssertEqual(n.counts[1], 0.5, accuracy: 1e-12)
        XCTAssertEqual(n.overflow, 0.25, accuracy: 1e-12)
    }

    func testLogBinsAreEqualInLog10() {
        let h = Histogram1D(logBins: 3, from: 1, to: 1000)
        XCTAssertEqual(h.edges.count, 4)
        for (a, b) in zip(h.edges, [1.0, 10, 100, 1000]) { XCTAssertEqual(a, b, accuracy: 1e-9 * b) }
    }

    func testTicksAreRoundNumbersInsideTheRange() {
        XCTAssertEqual(PlotAxis.ticks(0...10, scale: .linear), [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(PlotAxis.ticks(-1...1, scale: .linear, target: 4), [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(PlotAxis.ticks(1...1000, scale: .log), [1, 10, 100, 1000])
        // Fewer than three decades: 1, 2, 5 in each.
        XCTAssertEqual(PlotAxis.ticks(1...50, scale: .log), [1, 2, 5, 10, 20, 50])
        XCTAssertEqual(PlotAxis.ticks(0...1, scale: .log), [], "a log axis cannot reach 0")
    }

    func testTickLabelsArePlainForEverydayNumbersAndExponentialOtherwise() {
        XCTAssertEqual(PlotAxis.label(0), "0")
        XCTAssertEqual(PlotAxis.label(2.5), "2.5")
        XCTAssertEqual(PlotAxis.label(1000), "1000")
        XCTAssertEqual(PlotAxis.label(0.01), "0.01")
        XCTAssertEqual(PlotAxis.label(1e6), "1e6")
        XCTAssertEqual(PlotAxis.label(2e-5), "2e-5")
    }

    func testAPlotDrawsEverySeriesWithItsLegendAndNoNaN() {
        var a = Histogram1D(bins: 10, from: 0, to: 10)
        a.fill([1, 2, 2, 3, 3, 3])
        var b = Histogram1D(bins: 10, from: 0, to: 10)
        b.fill([2, 3, 4])
        let plot = Plot(title: "test", x: PlotAxis("x [mm]"), y: PlotAxis("entries", scale: .log),
                        series: [.band(1...2, Plot.Style("region", colour: "#00aa00")),
                                 .histogram(a.normalized(), Plot.Style("ours", colour: "#0000ff")),
                                 .histogram(b.normalized(), Plot.Style("reference", colour: "#ff0000", dashed: true, filled: true)),
                                 .points([Plot.Point(x: 5, y: 0.2, yError: 0.05)], Plot.Style("points", colour: "#333333")),
                                 .curve([Plot.Point(x: 0, y: 0.1), Plot.Point(x: 10, y: 0.3)], Plot.Style("curve", colour: "#999999"))])
        let svg = plot.svg(id: "p1")
        XCTAssertTrue(svg.hasPrefix("<svg"))
        XCTAssertTrue(svg.contains("id=\"p1\""))
        XCTAssertEqual(svg.components(separatedBy: "class=\"histogram\"").count - 1, 2)
        XCTAssertEqual(svg.components(separatedBy: "class=\"band\"").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: "class=\"point\"").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: "class=\"curve\"").count - 1, 1)
        for name in ["ours", "reference", "region", "points", "curve", "x [mm]", "entries", "test"] {
            XCTAssertTrue(svg.contains(">\(name)</text>"), "missing text \(name)")
        }
        XCTAssertFalse(svg.lowercased().contains("nan"), "empty bins on a log axis must not give NaN coordinates")
        XCTAssertFalse(svg.contains("inf"))
    }

    func testAPlotWithoutDataSaysWhy() {
        let svg = Plot.unavailable(title: "jets", reason: "no dataset for this run").svg(id: "jets")
        XCTAssertTrue(svg.contains("class=\"plot-message\""))
        XCTAssertTrue(svg.contains("no dataset for this run"))
    }

    func testBarChartScalesToTheLargestValue() {
        let svg = BarChart(title: "time", unit: "ms/event", bars: [("a", 10), ("b", 5)]).svg(id: "bars", width: 560)
        XCTAssertEqual(svg.components(separatedBy: "class=\"bar\"").count - 1, 2)
        XCTAssertTrue(svg.contains(">10 ms/event</text>"))
        XCTAssertTrue(svg.contains(">5 ms/event</text>"))
    }

    func testThePageIsSelfContainedAndEscaped() {
        var page = ReportPage(title: "run <1> & co")
        page.section("Summary", id: "summary")
        page.table(header: ["k", "v"], rows: [["jobs", "8"], ["host", "node<01>"]], id: "t")
        page.table(header: [], rows: [["a", "b"]])
        page.paragraph("a < b")
        page.plots([Plot.unavailable(title: "x", reason: "none").svg(id: "x")], captions: ["caption & more"])
        let html = page.html
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<title>run &lt;1&gt; &amp; co</title>"))
        XCTAssertTrue(html.contains("node&lt;01&gt;"))
        XCTAssertTrue(html.contains("<td class=\"num\">8</td>"))
        XCTAssertTrue(html.contains("<figcaption>caption &amp; more</figcaption>"))
        XCTAssertEqual(html.components(separatedBy: "<thead>").count - 1, 1, "no header row for the key–value table")
        // Nothing from elsewhere: no scripts, no sources, no links out (the SVG namespace is a name, not a fetch).
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("src="))
        XCTAssertFalse(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
    }
}
