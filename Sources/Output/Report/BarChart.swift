import Foundation

/// Horizontal bars, one per labelled value (time per stage, throughput per host), drawn as
/// inline SVG with the value printed at the end of each bar.
public struct BarChart: Sendable {
    public var title: String
    /// What the values are, e.g. "ms/event".
    public var unit: String
    public var bars: [(label: String, value: Double)]
    public var colour: String

    public init(title: String, unit: String, bars: [(label: String, value: Double)], colour: String = "#1f4fd0") {
        self.title = title
        self.unit = unit
        self.bars = bars
        self.colour = colour
    }

    public func svg(id: String, width: Double = 560) -> String {
        let rowHeight = 22.0
        let height = 40 + rowHeight * Double(max(bars.count, 1)) + 24
        var b = SVGBuilder()
        b.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "width": SVGBuilder.number(width, decimals: 0),
                       "height": SVGBuilder.number(height, decimals: 0),
                       "viewBox": "0 0 \(SVGBuilder.number(width, decimals: 0)) \(SVGBuilder.number(height, decimals: 0))",
                       "class": "bar-chart", "id": id])
        b.rect(x: 0, y: 0, width: width, height: height, ["fill": "#ffffff"])
        b.text(title, x: width / 2, y: 18, ["text-anchor": "middle", "font-family": "sans-serif", "font-size": "14",
                                            "font-weight": "bold", "fill": "#222"])
        let labelWidth = min(200, 12 + 6.8 * Double(bars.map(\.label.count).max() ?? 4))
        let left = labelWidth + 8, right = width - 130
        let maxValue = bars.map(\.value).filter(\.isFinite).max() ?? 0
        if bars.isEmpty {
            b.text("no data", x: width / 2, y: 50, ["text-anchor": "middle", "font-family": "sans-serif", "font-size": "13", "fill": "#a33",
                                                    "class": "plot-message"])
        }
        for (i, bar) in bars.enumerated() {
            let y = 32 + rowHeight * Double(i)
            let w = maxValue > 0 && bar.value.isFinite ? max(bar.value, 0) / maxValue * (right - left) : 0
            b.text(bar.label, x: left - 6, y: y + 14, ["text-anchor": "end", "font-family": "sans-serif", "font-size": "12", "fill": "#222"])
            b.rect(x: left, y: y + 3, width: w, height: rowHeight - 6, ["fill": colour, "class": "bar"])
            b.text(String(format: "%.3g", bar.value) + " " + unit, x: left + w + 5, y: y + 14,
                   ["font-family": "sans-serif", "font-size": "11", "fill": "#333"])
        }
        b.close("svg")
        return b.text
    }
}
