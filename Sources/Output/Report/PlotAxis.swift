import Foundation

/// One axis of a ``Plot``: its title, linear or logarithmic, and its range (found from the
/// data when not given).
public struct PlotAxis: Sendable {
    public enum Scale: Sendable { case linear, log }

    public var title: String
    public var scale: Scale
    public var range: ClosedRange<Double>?

    public init(_ title: String, scale: Scale = .linear, range: ClosedRange<Double>? = nil) {
        self.title = title
        self.scale = scale
        self.range = range
    }

    /// Tick positions in `range`: 1, 2, 5 × 10ᵏ steps for a linear axis (about `target`
    /// ticks), decades for a log axis (with 2 and 5 when fewer than three decades show).
    public static func ticks(_ range: ClosedRange<Double>, scale: Scale, target: Int = 6) -> [Double] {
        let lo = range.lowerBound, hi = range.upperBound
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        switch scale {
        case .linear:
            let raw = (hi - lo) / Double(max(target, 2))
            let magnitude = pow(10, floor(log10(raw)))
            let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
            var t = ceil(lo / step - 1e-9) * step
            var out: [Double] = []
            while t <= hi + step * 1e-9 {
                out.append(abs(t) < step * 1e-9 ? 0 : t)
                t += step
            }
            return out
        case .log:
            guard lo > 0 else { return [] }
            let a = Int(floor(log10(lo) + 1e-9)), b = Int(ceil(log10(hi) - 1e-9))
            let few = b - a < 3
            var out: [Double] = []
            for k in a...b {
                for m in few ? [1.0, 2, 5] : [1.0] {
                    let v = m * pow(10, Double(k))
                    if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { out.append(v) }
                }
            }
            return out
        }
    }

    /// A tick label: plain for everyday magnitudes, 1e5 style otherwise; no trailing zeros.
    public static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e5 || a < 1e-3 {
            let k = Int(floor(log10(a)))
            let m = v / pow(10, Double(k))
            return abs(m - 1) < 1e-9 ? "1e\(k)" : String(format: "%.3g", m) + "e\(k)"
        }
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
