import Foundation
import EventModel

/// Standard normal deviates by the ziggurat method (G. Marsaglia and W. W. Tsang, "The
/// Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5 (2000) issue 8),
/// 256 layers: exact (rejection on the wedges and Marsaglia's tail method beyond r), and
/// ≈ 99 % of deviates cost one 64-bit draw, a multiplication and a comparison, where the
/// polar Box–Muller of ``RandomStream/standardNormal()`` costs two or more draws, a
/// logarithm, a square root and a division per pair. The simulation and digitization draw
/// tens of thousands of normals per event (noise on every cell and channel, Moyal
/// fluctuations, scattering), so they use this one.
enum Ziggurat {
    /// Layers.
    static let layers = 256
    /// Start of the tail and the area of each layer under f(x) = exp(−x²/2), for 256
    /// layers (Marsaglia and Tsang, Table 1).
    static let r = 3.654_152_885_361_008_8
    static let v = 0.004_928_673_233_99

    /// Right edges x[i] of the layers (x[0] = v/f(r), the base layer's width with the tail
    /// folded in; x[1] = r; x[256] = 0) and f(x[i]).
    static let edges: [Double] = {
        var x = [Double](repeating: 0, count: layers + 1)
        x[0] = v / exp(-0.5 * r * r)
        x[1] = r
        for i in 1..<(layers - 1) {
            x[i + 1] = (-2 * log(v / x[i] + exp(-0.5 * x[i] * x[i]))).squareRoot()
        }
        x[layers] = 0
        return x
    }()
    static let heights: [Double] = edges.map { exp(-0.5 * $0 * $0) }
    /// The edges and heights in one block read by raw pointer in the sampler (no array
    /// bounds checks or closures in the fast path): x[0 ... 256], then f[0 ... 256].
    nonisolated(unsafe) static let table: UnsafeMutablePointer<Double> = {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (layers + 1))
        for i in 0...layers {
            p[i] = edges[i]
            p[layers + 1 + i] = heights[i]
        }
        return p
    }()
}

extension RandomStream {
    /// A standard normal deviate N(0, 1) by the ziggurat method (see ``Ziggurat``).
    /// One 64-bit draw: bits 0–7 pick the layer, bit 8 the sign, bits 11–63 the abscissa.
    public mutating func zigguratNormal() -> Double {
        let x = UnsafePointer(Ziggurat.table), f = x + (Ziggurat.layers + 1)
        while true {
            let bits = next()
            let i = Int(bits & 0xFF)
            let negative = bits & 0x100 != 0
            let z = Double(bits >> 11) * 0x1p-53 * x[i]
            if z < x[i + 1] { return negative ? -z : z }
            if i == 0 {
                // Beyond r: Marsaglia's tail method (t = −ln u₁ / r accepted when
                // −2 ln u₂ > t²).
                var t: Double, y: Double
                repeat {
                    t = -log(uniform01()) / Ziggurat.r
                    y = -log(uniform01())
                } while 2 * y <= t * t
                let tail = Ziggurat.r + t
                return negative ? -tail : tail
            }
            // The wedge between f(x[i]) and f(x[i + 1]): accept under the curve.
            if f[i] + uniform01() * (f[i + 1] - f[i]) < exp(-0.5 * z * z) {
                return negative ? -z : z
            }
        }
    }

    /// mean + σ · ``zigguratNormal()``.
    public mutating func zigguratGaussian(mean: Double = 0, sigma: Double) -> Double {
        mean + sigma * zigguratNormal()
    }
}
