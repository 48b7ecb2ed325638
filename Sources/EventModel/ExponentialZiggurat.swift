import Foundation

/// Exponential deviates Exp(1) by the ziggurat method (G. Marsaglia and W. W. Tsang, J. Stat.
/// Software 5 (2000) issue 8, the exponential case): 256 layers of equal area under e^(−x),
/// the base layer holding the tail beyond r = 7.697 117 470 131 05. One 64-bit draw picks
/// the layer (8 bits) and x within the layer (53 bits); x is accepted outright when it lies
/// inside the curve's part of the layer (97.8 % of draws), otherwise the wedge is tested
/// against the curve or the tail sampled exactly (beyond r the law is r + Exp(1): r − ln u).
/// The law is Exp(1) exactly (up to the 53-bit resolution of the uniform), as −ln u is.
///
/// The calorimeter draws one per pure-noise cell (the geometric gap to the next one,
/// ⌊E/λ⌋): a typical deviate costs a draw, a comparison and a multiplication where −ln u
/// cost glibc's logarithm, ≈ 50 instructions (callgrind).
///
/// A value type holding its tables, like ``NormalZiggurat``: a caller copies ``shared`` once.
public struct ExponentialZiggurat: Sendable {
    /// The 256 layers under e^(−x) (``ZigguratLayers``; f[i] = e^(−w[i])).
    public let layers: ZigguratLayers

    public static let r = 7.69711747013104972
    /// The layers' common area (Marsaglia and Tsang's v for 256 layers).
    public static let layerArea = 3.949659822581572e-3

    public static let shared = ExponentialZiggurat()

    public init() {
        layers = ZigguratLayers(r: Self.r, area: Self.layerArea, density: { exp(-$0) }, inverse: { -log($0) })
    }

    /// One Exp(1) deviate from `rng`.
    @inlinable @inline(__always)
    public func next(_ rng: inout RandomStream) -> Double {
        let bits = rng.next()
        let layer = Int(bits & 0xFF)
        let u = Double(bits >> 11) * 0x1p-53
        if u < layers.k[layer] { return u * layers.w[layer] }
        return slowPath(layer: layer, u: u, &rng)
    }

    /// The rejected 2.2 %: the base layer's tail, a wedge's point tested against the curve,
    /// or a fresh draw.
    // Inlinable but never inlined: the caller's module may still pass it only the tables'
    // pointers (a signature specialisation), as it did before the move (channel sweep −1.3 M).
    @inlinable @inline(never)
    func slowPath(layer: Int, u: Double, _ rng: inout RandomStream) -> Double {
        var layer = layer, u = u
        while true {
            if layer == 0 { return Self.r - log(rng.uniform01()) }
            let x = u * layers.w[layer]
            if layers.f[layer] + rng.uniform01() * (layers.f[layer - 1] - layers.f[layer]) < exp(-x) { return x }
            let bits = rng.next()
            layer = Int(bits & 0xFF)
            u = Double(bits >> 11) * 0x1p-53
            if u < layers.k[layer] { return u * layers.w[layer] }
        }
    }
}
