import Foundation

/// Writes SVG text: elements with attributes in the order given, numbers with a fixed
/// number of decimals, text escaped. Output is a pure function of the calls, so the same
/// drawing gives the same bytes (a display or report can be compared or checked in).
///
/// ```swift
/// var svg = SVGBuilder()
/// svg.open("g", ["id": "xy-view"])
/// svg.circle(cx: 10, cy: 10, r: 4, ["class": "tracker-hit"])
/// svg.close("g")
/// ```
public struct SVGBuilder: Sendable {
    public private(set) var text = ""
    private var depth = 0

    public init() {}

    /// An attribute list that keeps its order (dictionaries would not).
    public typealias Attributes = KeyValuePairs<String, String>

    /// A number with one decimal: SVG user units here are pixels, so a tenth is plenty
    /// and keeps files small. Negative zero prints as 0.
    public static func number(_ x: Double, decimals: Int = 1) -> String {
        guard x.isFinite else { return "0" }
        let s = String(format: "%.\(decimals)f", x)
        if s.hasPrefix("-"), Double(s) == 0 { return String(s.dropFirst()) }
        return s
    }

    /// XML escape for attribute values and text.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    private mutating func tag(_ name: String, _ attributes: [(String, String)], selfClosing: Bool) {
        text += String(repeating: " ", count: depth) + "<" + name
        for (k, v) in attributes { text += " \(k)=\"\(Self.escape(v))\"" }
        text += selfClosing ? "/>\n" : ">\n"
    }

    /// Opens a container element (`g`, `svg`, `clipPath` …); close it with ``close(_:)``.
    public mutating func open(_ name: String, _ attributes: Attributes = [:]) {
        tag(name, attributes.map { ($0.key, $0.value) }, selfClosing: false)
        depth += 1
    }

    public mutating func close(_ name: String) {
        depth -= 1
        text += String(repeating: " ", count: depth) + "</\(name)>\n"
    }

    /// An empty element with attributes.
    public mutating func element(_ name: String, _ attributes: [(String, String)], title: String? = nil) {
        if let title {
            tag(name, attributes, selfClosing: false)
            text += String(repeating: " ", count: depth + 1) + "<title>\(Self.escape(title))</title>\n"
            text += String(repeating: " ", count: depth) + "</\(name)>\n"
        } else {
            tag(name, attributes, selfClosing: true)
        }
    }

    /// Raw, already valid markup (e.g. a `<style>` body or another builder's text).
    public mutating func raw(_ markup: String) { text += markup }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, _ a: Attributes = [:], title: String? = nil) {
        element("rect", [("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(width)),
                         ("height", Self.number(height))] + a.map { ($0.key, $0.value) }, title: title)
    }

    public mutating func circle(cx: Double, cy: Double, r: Double, _ a: Attributes = [:], title: String? = nil) {
        element("circle", [("cx", Self.number(cx)), ("cy", Self.number(cy)), ("r", Self.number(r, decimals: 2))]
                + a.map { ($0.key, $0.value) }, title: title)
    }

    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, _ a: Attributes = [:], title: String? = nil) {
        element("line", [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2))]
                + a.map { ($0.key, $0.value) }, title: title)
    }

    /// A path; `d` from ``PathData``.
    public mutating func path(_ d: String, _ a: Attributes = [:], title: String? = nil) {
        element("path", [("d", d)] + a.map { ($0.key, $0.value) }, title: title)
    }

    public mutating func polyline(_ points: [(Double, Double)], _ a: Attributes = [:], title: String? = nil) {
        let p = points.map { Self.number($0.0) + "," + Self.number($0.1) }.joined(separator: " ")
        element("polyline", [("points", p)] + a.map { ($0.key, $0.value) }, title: title)
    }

    public mutating func text(_ content: String, x: Double, y: Double, _ a: Attributes = [:]) {
        let attrs = [("x", Self.number(x)), ("y", Self.number(y))] + a.map { ($0.key, $0.value) }
        text += String(repeating: " ", count: depth) + "<text"
        for (k, v) in attrs { text += " \(k)=\"\(Self.escape(v))\"" }
        text += ">" + Self.escape(content) + "</text>\n"
    }
}

/// Builds the `d` attribute of an SVG path.
public struct PathData: Sendable {
    public private(set) var d = ""
    public init() {}

    public mutating func move(_ x: Double, _ y: Double) { d += "M" + SVGBuilder.number(x) + " " + SVGBuilder.number(y) }
    public mutating func line(_ x: Double, _ y: Double) { d += "L" + SVGBuilder.number(x) + " " + SVGBuilder.number(y) }
    /// A circular arc to (x, y) of radius r.
    public mutating func arc(to x: Double, _ y: Double, radius r: Double, largeArc: Bool, sweep: Bool) {
        d += "A" + SVGBuilder.number(r) + " " + SVGBuilder.number(r) + " 0 " + (largeArc ? "1 " : "0 ") + (sweep ? "1 " : "0 ")
            + SVGBuilder.number(x) + " " + SVGBuilder.number(y)
    }
    public mutating func closePath() { d += "Z" }

    /// A closed polygon.
    public static func polygon(_ points: [(Double, Double)]) -> String {
        var p = PathData()
        for (i, q) in points.enumerated() {
            if i == 0 { p.move(q.0, q.1) } else { p.line(q.0, q.1) }
        }
        p.closePath()
        return p.d
    }
}
