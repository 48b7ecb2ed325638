import Foundation

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
public struct NormalZiggurat: Sendable {
    /// The 256 layers under e^(−x²/2) (``ZigguratLayers``; f[i] = e^(−w[i]²/2)).
    public let layers: ZigguratLayers

    public static let r = 3.6541528853610088
    /// The layers' common area (Marsaglia and Tsang's v for 256 layers).
    public static let layerArea = 4.92867323399e-3

    public static let shared = NormalZiggurat()

    public init() {
        layers = ZigguratLayers(r: Self.r, area: Self.layerArea, density: { exp(-0.5 * $0 * $0) },
                                inverse: { (-2 * log($0)).squareRoot() })
    }

    /// One N(0, 1) deviate from `rng`.
    @inlinable @inline(__always)
    public func next(_ rng: inout RandomStream) -> Double {
        let bits = rng.next()
        return deviate(layer: Int(bits & 0xFF), u: Double(bits >> 11) * 0x1p-53, negative: bits & 0x100 != 0, &rng)
    }

    /// One N(0, 1) deviate from 32 bits, a half of a 64-bit draw (two deviates per draw): 8
    /// bits pick the layer, 1 the sign and 23 x within the layer, so x is known to 2⁻²³ of
    /// the layer's width (≤ 5·10⁻⁷; the read-outs store a Float, 2⁻²⁴ relative). The wedges
    /// and the tail are sampled as in ``next(_:)``, with 64-bit draws.
    @inlinable @inline(__always)
    public func next(_ rng: inout RandomStream, halves: inout HalfDraws) -> Double {
        let bits = halves.next(&rng)
        return deviate(layer: Int(bits & 0xFF), u: Double(bits >> 9) * 0x1p-23, negative: bits & 0x100 != 0, &rng)
    }

    /// x = u·w[layer] with its sign where u is below k[layer] (most draws), else the slow path.
    @inlinable @inline(__always)
    func deviate(layer: Int, u: Double, negative: Bool, _ rng: inout RandomStream) -> Double {
        if u < layers.k[layer] {
            let x = u * layers.w[layer]
            return negative ? -x : x
        }
        return slowPath(layer: layer, u: u, negative: negative, &rng)
    }

    /// The rejected 1.2 %: the base layer's tail (Marsaglia's exponential-pair method), a
    /// wedge's point tested against the curve, or a fresh draw.
    // Inlinable but never inlined: the caller's module may still pass it only the tables'
    // pointers (a signature specialisation), as it did before the move (channel sweep −1.3 M).
    @inlinable @inline(never)
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
            let x = u * layers.w[layer]
            if layers.f[layer] + rng.uniform01() * (layers.f[layer - 1] - layers.f[layer]) < exp(-0.5 * x * x) {
                return negative ? -x : x
            }
            let bits = rng.next()
            layer = Int(bits & 0xFF)
            u = Double(bits >> 11) * 0x1p-53
            negative = bits & 0x100 != 0
            if u < layers.k[layer] {
                let x = u * layers.w[layer]
                return negative ? -x : x
            }
        }
    }
}

/// 32-bit halves of a stream's 64-bit draws, in order (a draw's high half, then its low
/// half at the next call): for samplers that need no more bits (the digitization's normal
/// deviates, the straws' efficiency test), so a draw serves two of them. The halves follow
/// the calls in order, as the draws do: same stream, same calls, same halves.
public struct HalfDraws {
    @usableFromInline var spare: UInt64 = 0
    @usableFromInline var haveSpare = false

    @inlinable
    public init() {}

    /// The next 32 random bits (in the low half of the result).
    @inlinable @inline(__always)
    public mutating func next(_ rng: inout RandomStream) -> UInt64 {
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

/// The layers of a 256-layer ziggurat under a decreasing density f on [0, ∞) with f(0) = 1
/// (Marsaglia and Tsang 2000), for ``NormalZiggurat`` and ``ExponentialZiggurat``. Each
/// edge follows from the one below: the layer between them has the common area v,
/// w[i+1]·(f(w[i]) − f(w[i+1])) = v. Immutable once made, so a copy may be shared between
/// threads; read through pointers, as every layer index is 8 bits of a draw (< 256): no
/// bounds check per deviate, and no lazy-global check (a caller copies a sampler's
/// `shared` once).
public struct ZigguratLayers: @unchecked Sendable {
    /// Layer i's right edge: w[0] is the base layer's pseudo-width v/f(r) (the tail's area
    /// spread over it), w[255] = r, and w decreases up to the top layer, w[1].
    public let w: UnsafePointer<Double>
    /// x/w[i] below which layer i's x is under the curve: w[i−1]/w[i] (r/w[0] for the base,
    /// 0 for the top layer, whose inner part would end at x = 0).
    public let k: UnsafePointer<Double>
    /// f(w[i]) (f[0] = 1, the top of the curve).
    public let f: UnsafePointer<Double>
    /// Owns the three tables.
    private let storage: Storage

    final class Storage: @unchecked Sendable {
        let base = UnsafeMutablePointer<Double>.allocate(capacity: 3 * 256)
        deinit { base.deallocate() }
    }

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
        storage = Storage()
        storage.base.initialize(from: w, count: 256)
        (storage.base + 256).initialize(from: k, count: 256)
        (storage.base + 512).initialize(from: f, count: 256)
        self.w = UnsafePointer(storage.base)
        self.k = UnsafePointer(storage.base + 256)
        self.f = UnsafePointer(storage.base + 512)
    }
}

extension RandomStream {
    /// A standard normal deviate N(0, 1) from ``NormalZiggurat`` (one 64-bit draw and a
    /// multiplication for 98.8 % of deviates; no logarithm, square root or division): the
    /// same law as ``standardNormal()``, not the same numbers. For the simulation's hot
    /// paths (multiple scattering, shower fluctuations); the generator keeps
    /// ``standardNormal()``, whose sequence its tests against Pythia references were made with.
    /// Reads the shared tables once per call: a loop drawing many deviates takes
    /// `NormalZiggurat.shared` once instead.
    @inlinable
    public mutating func zigguratNormal() -> Double {
        NormalZiggurat.shared.next(&self)
    }
}
