import Foundation
import EventModel

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
/// A value type holding its tables, like ``NormalZiggurat``: a caller takes ``shared`` once.
struct ExponentialZiggurat: @unchecked Sendable {
    /// Layer i's right edge (w[0] the base layer's pseudo-width v/f(r), w[255] = r).
    let w: UnsafePointer<Double>
    /// x/w[i] below which layer i's x is under the curve: w[i−1]/w[i] (r/w[0] for the base).
    let k: UnsafePointer<Double>
    /// f(w[i]) = e^(−w[i]) (f[0] = 1).
    let f: UnsafePointer<Double>
    /// Owns the three tables (immutable, shared between threads; every layer index is 8 bits
    /// of a draw, so the pointers are read without a bounds check).
    private let storage: ZigguratTables

    static let r = 7.69711747013104972
    /// The layers' common area (Marsaglia and Tsang's v for 256 layers).
    static let layerArea = 3.949659822581572e-3

    static let shared = ExponentialZiggurat()

    init() {
        storage = ZigguratTables(r: Self.r, area: Self.layerArea, density: { exp(-$0) }, inverse: { -log($0) })
        w = storage.w
        k = storage.k
        f = storage.f
    }

    /// One Exp(1) deviate from `rng`.
    @inline(__always)
    func next(_ rng: inout RandomStream) -> Double {
        let bits = rng.next()
        let layer = Int(bits & 0xFF)
        let u = Double(bits >> 11) * 0x1p-53
        if u < k[layer] { return u * w[layer] }
        return slowPath(layer: layer, u: u, &rng)
    }

    /// The rejected 2.2 %: the base layer's tail, a wedge's point tested against the curve,
    /// or a fresh draw.
    @inline(never)
    func slowPath(layer: Int, u: Double, _ rng: inout RandomStream) -> Double {
        var layer = layer, u = u
        while true {
            if layer == 0 { return Self.r - log(rng.uniform01()) }
            let x = u * w[layer]
            if f[layer] + rng.uniform01() * (f[layer - 1] - f[layer]) < exp(-x) { return x }
            let bits = rng.next()
            layer = Int(bits & 0xFF)
            u = Double(bits >> 11) * 0x1p-53
            if u < k[layer] { return u * w[layer] }
        }
    }
}
