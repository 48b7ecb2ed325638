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

    /// One Exp(1) deviate from 32 bits, a half of a 64-bit draw (two per draw, as
    /// ``NormalZiggurat/next(_:halves:)``): 8 bits pick the layer, 24 place x in it, where a
    /// noise cell's gap ⌊x/λ⌋ needs far less. A layer is at most w₀ = 8.7 wide, so it spans
    /// ≤ w₀/λ + 1 gap values, and its 2²⁴ equally likely x give each of them a probability
    /// off by at most 2⁻²⁴ at either end: the gap law moves by ≤ 2·2⁻²⁴·(w₀/λ + 1) in total
    /// variation — 2.3·10⁻⁵ for the p ≈ 4.5 % of a 2σ threshold (λ = −ln(1 − p) = 0.046),
    /// below 10⁻⁴ in every region of the card (`testHalfDrawGapsFollowTheGeometricLaw`),
    /// which 10⁹ noise cells would not resolve; the mean gap (≈ 21 cells) moves by < 10⁻⁵.
    /// The rejected 2.2 % continue in ``slowPath(layer:u:_:)``, as Marsaglia and Tsang's
    /// do: the tail r + Exp(1) beyond the base layer, else the wedge's test of this x with a
    /// fresh uniform, else a new deviate from fresh 64-bit draws.
    @inlinable @inline(__always)
    public func next(_ rng: inout RandomStream, halves: inout HalfDraws) -> Double {
        let bits = halves.next(&rng)
        let layer = Int(bits & 0xFF)
        let u = Double(bits >> 8) * 0x1p-24
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
