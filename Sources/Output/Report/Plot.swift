import Foundation

/// A small plot drawn as inline SVG: histograms as steps, points with error bars, curves,
/// shaded x-ranges, on linear or log axes, with ticks, axis titles and a legend. Enough for
/// a run report; pure, so the same data give the same bytes.
///
/// ```swift
/// var h = Histogram1D(bins: 40, from: 0, to: 10_000); h.fill(lxyValues)
/// let plot = Plot(title: "LLP decay Lxy", x: PlotAxis("Lxy [mm]"), y: PlotAxis("LLPs", scale: .log),
///                 series: [.histogram(h, Plot.Style("GenReco", colour: "#1f4fd0"))])
/// let svg = plot.svg(id: "llp-lxy")
/// ```
public struct Plot: Sendable {
    /// How one series looks and what the legend calls it (no legend entry when `name` is empty).
    public struct Style: Sendable {
        public var name: String
        public var colour: String
        public var dashed: Bool
        public var filled: Bool
        public init(_ name: String, colour: String, dashed: Bool = false, filled: Bool = false) {
            self.name = name
            self.colour = colour
            self.dashed = dashed
            self.filled = filled
        }
    }

    /// A point with a symmetric error on y (0 for none).
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        public var yError: Double
        public init(x: Double, y: Double, yError: Double = 0) {
            self.x = x
            self.y = y
            self.yError = yError
        }
    }

    public enum Series: Sendable {
        case histogram(Histogram1D, Style)
        case points([Point], Style)
        case curve([Point], Style)
        /// A shaded x-range (e.g. a signal region), labelled in the legend.
        case band(ClosedRange<Double>, Style)
    }

    public var title: String
    public var x: PlotAxis
    public var y: PlotAxis
    public var series: [Series]
    /// Shown in the middle of the frame: why a plot has no data, or a short remark.
    public var message: String?

    public init(title: String, x: PlotAxis, y: PlotAxis, series: [Series] = [], message: String? = nil) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.message = message
    }

    /// A plot without data that says why.
    public static func unavailable(title: String, reason: String) -> Plot {
        Plot(title: title, x: PlotAxis(""), y: PlotAxis(""), series: [], message: reason)
    }

    public static let palette = ["#1f4fd0", "#d1495b", "#2e933c", "#edae49", "#7b1fa2", "#00798c", "#6c757d"]

    // MARK: Ranges

    private func dataRange(x: Bool) -> ClosedRange<Double>? {
        let axis = x ? self.x : y
        var lo = Double.infinity, hi = -Double.infinity
        func take(_ v: Double) {
            guard v.isFinite, axis.scale == .linear || v > 0 else { return }
            lo = min(lo, v); hi = max(hi, v)
        }
        for s in series {
            switch s {
            case let .histogram(h, _):
                if x { take(h.edges.first!); take(h.edges.last!) } else { h.counts.forEach(take); if axis.scale == .linear { take(0) } }
            case let .points(ps, _), let .curve(ps, _):
                for p in ps {
                    if x { take(p.x) } else { take(p.y - p.yError); take(p.y + p.yError); take(p.y) }
                }
            case let .band(r, _):
                if x { take(r.lowerBound); take(r.upperBound) }
            }
        }
        guard lo.isFinite, hi.isFinite else { return nil }
        if lo == hi {
            if axis.scale == .log { return lo / 10...hi * 10 }
            return lo - 1...hi + 1
        }
        if x {
            // Points and curves alone: a margin, so that the first and last points are not
            // drawn on the frame. Histograms fill their edges exactly.
            let onlyMarks = series.allSatisfy { if case .histogram = $0 { return false } else { return true } }
            if onlyMarks {
                if axis.scale == .log { return lo / 1.25...hi * 1.25 }
                return lo - 0.04 * (hi - lo)...hi + 0.04 * (hi - lo)
            }
        } else {
            // Head-room for the legend.
            if axis.scale == .log { return lo / 2...hi * pow(hi / lo, 0.25) }
            return (lo < 0 ? lo - 0.05 * (hi - lo) : lo)...hi + 0.25 * (hi - lo)
        }
        return lo...hi
    }

    // MARK: Drawing

    /// The plot as an `<svg>` element of the given size, its top group with id `id`.
    public func svg(id: String, width: Double = 560, height: Double = 360) -> String {
        var b = SVGBuilder()
        b.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "width": SVGBuilder.number(width, decimals: 0),
                       "height": SVGBuilder.number(height, decimals: 0),
                       "viewBox": "0 0 \(SVGBuilder.number(width, decimals: 0)) \(SVGBuilder.number(height, decimals: 0))",
                       "class": "plot", "id": id])
        b.rect(x: 0, y: 0, width: width, height: height, ["fill": "#ffffff"])
        b.text(title, x: width / 2, y: 18, ["text-anchor": "middle", "font-family": "sans-serif", "font-size": "14",
                                            "font-weight": "bold", "fill": "#222"])
        let left = 64.0, right = width - 16, top = 30.0, bottom = height - 46
        b.rect(x: left, y: top, width: right - left, height: bottom - top, ["fill": "#fcfcfd", "stroke": "#555", "stroke-width": "1"])
        guard let xr = x.range ?? dataRange(x: true), let yr = y.range ?? dataRange(x: false) else {
            b.text(message ?? "no data", x: (left + right) / 2, y: (top + bottom) / 2,
                   ["text-anchor": "middle", "font-family": "sans-serif", "font-size": "13", "fill": "#a33", "class": "plot-message"])
            b.close("svg")
            return b.text
        }
        func map(_ v: Double, _ r: ClosedRange<Double>, _ scale: PlotAxis.Scale, _ a: Double, _ c: Double) -> Double {
            let t: Double
            switch scale {
            case .linear: t = (v - r.lowerBound) / (r.upperBound - r.lowerBound)
            case .log: t = v > 0 ? (log10(v) - log10(r.lowerBound)) / (log10(r.upperBound) - log10(r.lowerBound)) : -1
            }
            return a + t * (c - a)
        }
        let px = { (v: Double) in map(v, xr, x.scale, left, right) }
        let py = { (v: Double) in map(v, yr, y.scale, bottom, top) }
        let clamp = { (v: Double) in min(max(v, top - 2), bottom + 2) }

        // Ticks and grid.
        let axisFont: SVGBuilder.Attributes = ["font-family": "sans-serif", "font-size": "11", "fill": "#333"]
        for t in PlotAxis.ticks(xr, scale: x.scale) {
            let X = px(t)
            b.line(x1: X, y1: top, x2: X, y2: bottom, ["stroke": "#e4e6ea", "stroke-width": "1"])
            b.line(x1: X, y1: bottom, x2: X, y2: bottom + 5, ["stroke": "#555"])
            b.text(PlotAxis.label(t), x: X, y: bottom + 17, ["text-anchor": "middle", "font-family": "sans-serif", "font-size": "11", "fill": "#333"])
        }
        for t in PlotAxis.ticks(yr, scale: y.scale, target: 5) {
            let Y = py(t)
            b.line(x1: left, y1: Y, x2: right, y2: Y, ["stroke": "#e4e6ea", "stroke-width": "1"])
            b.line(x1: left - 5, y1: Y, x2: left, y2: Y, ["stroke": "#555"])
            b.text(PlotAxis.label(t), x: left - 7, y: Y + 4, ["text-anchor": "end", "font-family": "sans-serif", "font-size": "11", "fill": "#333"])
        }
        _ = axisFont
        b.text(x.title, x: (left + right) / 2, y: height - 10, ["text-anchor": "middle", "font-family": "sans-serif", "font-size": "12", "fill": "#222"])
        b.text(y.title, x: 14, y: (top + bottom) / 2, ["text-anchor": "middle", "font-family": "sans-serif", "font-size": "12", "fill": "#222",
                                                       "transform": "rotate(-90 14 \(SVGBuilder.number((top + bottom) / 2)))"])

        b.open("clipPath", ["id": id + "-frame"])
        b.rect(x: left, y: top, width: right - left, height: bottom - top)
        b.close("clipPath")
        b.open("g", ["clip-path": "url(#\(id)-frame)"])
        for s in series {
            switch s {
            case let .band(r, st):
                b.rect(x: px(r.lowerBound), y: top, width: px(r.upperBound) - px(r.lowerBound), height: bottom - top,
                       ["fill": st.colour, "fill-opacity": "0.12", "class": "band"])
            case let .histogram(h, st):
                var pts: [(Double, Double)] = []
                let base = y.scale == .log ? bottom + 2 : clamp(py(0))
                pts.append((px(h.edges[0]), base))
                for i in h.counts.indices {
                    let Y = h.counts[i] > 0 || y.scale == .linear ? clamp(py(h.counts[i])) : bottom + 2
                    pts.append((px(h.edges[i]), Y))
                    pts.append((px(h.edges[i + 1]), Y))
                }
                pts.append((px(h.edges.last!), base))
                var a: [(String, String)] = [("points", pts.map { SVGBuilder.number($0.0) + "," + SVGBuilder.number($0.1) }.joined(separator: " ")),
                                             ("stroke", st.colour), ("stroke-width", "1.6"), ("class", "histogram")]
                a.append(("fill", st.filled ? st.colour : "none"))
                if st.filled { a.append(("fill-opacity", "0.18")) }
                if st.dashed { a.append(("stroke-dasharray", "5 3")) }
                b.element("polyline", a)
            case let .points(ps, st):
                for p in ps where p.x.isFinite && p.y.isFinite {
                    let X = px(p.x), Y = clamp(py(p.y))
                    if p.yError > 0 {
                        let lo = y.scale == .log && p.y - p.yError <= 0 ? bottom : clamp(py(p.y - p.yError))
                        b.line(x1: X, y1: lo, x2: X, y2: clamp(py(p.y + p.yError)), ["stroke": st.colour, "stroke-width": "1.2"])
                    }
                    b.circle(cx: X, cy: Y, r: 3.2, ["fill": st.colour, "class": "point"])
                }
            case let .curve(ps, st):
                let pts = ps.filter { $0.x.isFinite && $0.y.isFinite && (y.scale == .linear || $0.y > 0) }.map { (px($0.x), clamp(py($0.y))) }
                guard pts.count >= 2 else { continue }
                var a: [(String, String)] = [("points", pts.map { SVGBuilder.number($0.0) + "," + SVGBuilder.number($0.1) }.joined(separator: " ")),
                                             ("stroke", st.colour), ("stroke-width", "1.8"), ("fill", "none"), ("class", "curve")]
                if st.dashed { a.append(("stroke-dasharray", "6 4")) }
                b.element("polyline", a)
            }
        }
        b.close("g")

        // Legend, top right inside the frame.
        let named: [(Style, String)] = series.compactMap {
            switch $0 {
            case let .histogram(_, s): return s.name.isEmpty ? nil : (s, "histogram")
            case let .points(_, s): return s.name.isEmpty ? nil : (s, "points")
            case let .curve(_, s): return s.name.isEmpty ? nil : (s, "curve")
            case let .band(_, s): return s.name.isEmpty ? nil : (s, "band")
            }
        }
        if !named.isEmpty {
            let boxWidth = min(right - left - 10, 34 + 6.8 * Double(named.map(\.0.name.count).max() ?? 0))
            let bx = right - boxWidth - 6
            b.open("g", ["class": "legend"])
            b.rect(x: bx, y: top + 6, width: boxWidth, height: 8 + 16 * Double(named.count),
                   ["fill": "#ffffff", "fill-opacity": "0.85", "stroke": "#bbb"])
            for (i, (st, kind)) in named.enumerated() {
                let Y = top + 18 + 16 * Double(i)
                switch kind {
                case "points": b.circle(cx: bx + 13, cy: Y - 4, r: 3.2, ["fill": st.colour])
                case "band": b.rect(x: bx + 5, y: Y - 10, width: 16, height: 11, ["fill": st.colour, "fill-opacity": "0.25"])
                default:
                    var a: SVGBuilder.Attributes = ["stroke": st.colour, "stroke-width": "2"]
                    if st.dashed { a = ["stroke": st.colour, "stroke-width": "2", "stroke-dasharray": "5 3"] }
                    b.line(x1: bx + 5, y1: Y - 4, x2: bx + 21, y2: Y - 4, a)
                }
                b.text(st.name, x: bx + 26, y: Y, ["font-family": "sans-serif", "font-size": "11", "fill": "#222"])
            }
            b.close("g")
        }
        if let message {
            b.text(message, x: left + 8, y: bottom - 8, ["font-family": "sans-serif", "font-size": "11", "fill": "#666", "class": "plot-message"])
        }
        b.close("svg")
        return b.text
    }
}
