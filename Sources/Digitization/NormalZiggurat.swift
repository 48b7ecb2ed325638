import Foundation
import EventModel

/// Standard normal deviates by the ziggurat method (G. Marsaglia and W. W. Tsang, J. Stat.
/// Software 5 (2000) issue 8): 256 layers of equal area under e^(−x²/2), the base layer
/// holding the tail beyond r = 3.654 1528 853 610 088. One 64-bit draw picks the layer (8
/// bits), the sign (1 bit) and x within the layer (53 bits); x is accepted outright when it
/// lies inside the curve's part of the layer (98.8 % of draws), otherwise the wedge or the
/// tail is sampled exactly. The law is N(0, 1) exactly (up to the 53-bit resolution of
/// the uniform), as with ``RandomStream/standardNormal()``, but a typical deviate costs
/// one draw and a multiplication instead of ≈ 1.3 draws, half a logarithm, a square root
/// and a division (the digitization draws ≈ 2·10⁵ normal deviates per μ = 40 event:
/// channel noise, cell noise and times, drift-radius smearing).
///
/// A value type holding its tables: a caller takes ``shared`` once and draws from its copy
/// (no lazy-global check per deviate).
struct NormalZiggurat: @unchecked Sendable {
    /// Layer i's right edge: w[0] is the base layer's pseudo-width v/f(r) (the tail's area
    /// spread over it), w[255] = r, and w decreases up to the top layer, w[1].
    let w: UnsafePointer<Double>
    /// x/w[i] below which layer i's x is under the curve: w[i−1]/w[i] (r/w[0] for the base,
    /// 0 for the top layer, whose inner part would end at x = 0).
    let k: UnsafePointer<Double>
    /// f(w[i]) = e^(−w[i]²/2) (f[0] = 1, the top of the curve).
    let f: UnsafePointer<Double>
    /// Owns the three tables (immutable once made, so the value may be shared between
    /// threads); read through pointers, as every layer index is 8 bits of a draw (< 256):
    /// no bounds check per deviate.
    private let storage: ZigguratTables

    static let r = 3.6541528853610088
    /// The layers' common area (Marsaglia and Tsang's v for 256 layers).
    static let layerArea = 4.92867323399e-3

    static let shared = NormalZiggurat()

    init() {
        storage = ZigguratTables(r: Self.r, area: Self.layerArea, density: { exp(-0.5 * $0 * $0) },
                                 inverse: { (-2 * log($0)).squareRoot() })
        w = storage.w
        k = storage.k
        f = storage.f
    }

    /// One N(0, 1) deviate from `rng`.
    @inline(__always)
    func next(_ rng: inout RandomStream) -> Double {
        let bits = rng.next()
        let layer = Int(bits & 0xFF)
        let u = Double(bits >> 11) * 0x1p-53
        if u < k[layer] {
            let x = u * w[layer]
            return bits & 0x100 == 0 ? x : -x
        }
        return slowPath(layer: layer, u: u, negative: bits & 0x100 != 0, &rng)
    }

    /// One N(0, 1) deviate from 32 bits, a half of a 64-bit draw (two deviates per draw): 8
    /// bits pick the layer, 1 the sign and 23 x within the layer, so x is known to 2⁻²³ of
    /// the layer's width (≤ 5·10⁻⁷; the read-outs store a Float, 2⁻²⁴ relative). The wedges
    /// and the tail are sampled as in ``next(_:)``, with 64-bit draws.
    @inline(__always)
    func next(_ rng: inout RandomStream, halves: inout HalfDraws) -> Double {
        let bits = halves.next(&rng)
        let layer = Int(bits & 0xFF)
        let u = Double(bits >> 9) * 0x1p-23
        if u < k[layer] {
            let x = u * w[layer]
            return bits & 0x100 == 0 ? x : -x
        }
        return slowPath(layer: layer, u: u, negative: bits & 0x100 != 0, &rng)
    }

    /// The rejected 1.2 %: the base layer's tail (Marsaglia's exponential-pair method), a
    /// wedge's point tested against the curve, or a fresh draw.
    @inline(never)
    func slowPath(layer: Int, u: Double, negative: Bool, _ rng: inout RandomStream) -> Double {
        var layer = layer, u = u, negative = negative
        while true {
            if layer == 0 {
                var x = 0.0, y = 0.0
                repeat {
                    x = -log(rng.uniform01()) / Self.r
                    y = -log(rng.uniform01())
                } while y + y < x * x
                return negative ? -(Self.r + x) : Self.r + x
            }
            let x = u * w[layer]
            if f[layer] + rng.uniform01() * (f[layer - 1] - f[layer]) < exp(-0.5 * x * x) {
                return negative ? -x : x
            }
            let bits = rng.next()
            layer = Int(bits & 0xFF)
            u = Double(bits >> 11) * 0x1p-53
            negative = bits & 0x100 != 0
            if u < k[layer] {
                let x = u * w[layer]
                return negative ? -x : x
            }
        }
    }
}

/// 32-bit halves of a stream's 64-bit draws, in order (a draw's high half, then its low
/// half at the next call): for samplers that need no more bits (the digitization's normal
/// deviates, the straws' efficiency test), so a draw serves two of them. The halves follow
/// the calls in order, as the draws do: same stream, same calls, same halves.
struct HalfDraws {
    private var spare: UInt64 = 0
    private var haveSpare = false

    /// The next 32 random bits (in the low half of the result).
    @inline(__always)
    mutating func next(_ rng: inout RandomStream) -> UInt64 {
        if haveSpare {
            haveSpare = false
            return spare
        }
        let bits = rng.next()
        spare = bits & 0xFFFF_FFFF
        haveSpare = true
        return bits >> 32
    }
}

/// The tables of a 256-layer ziggurat under a decreasing density f on [0, ∞) with f(0) = 1
/// (Marsaglia and Tsang 2000), for ``NormalZiggurat`` and ``ExponentialZiggurat``: layer
/// i's right edge w[i] (w[0] the base layer's pseudo-width v/f(r), w[255] = r), the
/// fraction k[i] = w[i−1]/w[i] of it under the curve (r/w[0] for the base, 0 for the top
/// layer) and f(w[i]) (f[0] = 1). Each edge follows from the one below: the layer between
/// them has the common area v, w[i+1]·(f(w[i]) − f(w[i+1])) = v.
final class ZigguratTables: @unchecked Sendable {
    let w: UnsafePointer<Double>
    let k: UnsafePointer<Double>
    let f: UnsafePointer<Double>
    private let base: UnsafeMutablePointer<Double>

    /// `inverse` is f⁻¹; r and v are the pair for 256 layers (the top layer then closes).
    init(r: Double, area v: Double, density: (Double) -> Double, inverse: (Double) -> Double) {
        var w = [Double](repeating: 0, count: 256), k = w, f = w
        var x = r
        let q = v / density(x)
        k[0] = x / q
        k[1] = 0
        w[0] = q
        w[255] = x
        f[0] = 1
        f[255] = density(x)
        var previous = x
        for i in stride(from: 254, through: 1, by: -1) {
            // The next edge up: the layer between it and x has the common area.
            x = inverse(v / x + density(x))
            k[i + 1] = x / previous
            previous = x
            f[i] = density(x)
            w[i] = x
        }
        base = .allocate(capacity: 3 * 256)
        base.initialize(from: w, count: 256)
        (base + 256).initialize(from: k, count: 256)
        (base + 512).initialize(from: f, count: 256)
        self.w = UnsafePointer(base)
        self.k = UnsafePointer(base + 256)
        self.f = UnsafePointer(base + 512)
    }

    deinit { base.deallocate() }
}
