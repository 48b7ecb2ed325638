import Foundation
import EventModel

/// Where the string's discrete choices get their uniforms: ``RandomStream`` itself (53-bit
/// uniforms, one 64-bit draw each) or ``SplitStream`` (32-bit uniforms, two per draw).
/// ``StringFlavour`` and ``HadronMasses`` are generic over it, so the public entry points that
/// take a `RandomStream` draw as before.
public protocol CoarseUniformSource {
    /// A uniform in (0, 1) of at least 32-bit resolution.
    mutating func coarseUniform() -> Double
}

extension RandomStream: CoarseUniformSource {
    @inlinable @inline(__always)
    public mutating func coarseUniform() -> Double { uniform01() }

    /// A point (x₁, x₂) uniform in the unit disc, with s = x₁² + x₂² (0 < s < 1): each trial
    /// takes one 64-bit draw whose 32-bit halves give x₁ and x₂ on a grid of 2⁻³¹, offset by
    /// half a step so that neither is 0 (acceptance π/4, 1.27 draws per point). The polar
    /// Gaussian pair and the decays' sphere point start from it.
    @inlinable
    public mutating func unitDiscPoint() -> (x1: Double, x2: Double, s: Double) {
        while true {
            let w = next()
            let x1 = (Double(UInt32(truncatingIfNeeded: w >> 32)) + 0.5) * 0x1p-31 - 1
            let x2 = (Double(UInt32(truncatingIfNeeded: w)) + 0.5) * 0x1p-31 - 1
            let s = x1 * x1 + x2 * x2
            if s < 1 { return (x1, x2, s) }
        }
    }
}

/// The stream of one string piece's fragmentation, handing out uniforms of 32-bit
/// resolution: each 64-bit Philox draw gives two, (k + ½)·2⁻³² for k = 0 … 2³² − 1, high
/// half first.
///
/// Why: a Philox draw costs ≈ 40 instructions, about as much as the arithmetic of a string
/// break, and a hadron of the string takes ≈ 13 of them — a side, a smeared stop mass, a
/// flavour, a spin, a mass, a p⊥ pair (polar method) and the z trials, two uniforms each.
/// None of these needs 53 bits: a side or a spin is a comparison with a probability
/// (resolution 2⁻³² is far below any statistical effect), the p⊥ Gaussian from 32-bit
/// coordinates reaches 9σ (its tail beyond has probability 10⁻¹⁹), and z on a 2⁻³² grid or a
/// rejection with a 2⁻³² resolved test changes the sampled density by parts in 10⁹. The
/// laws stay those of the model; only which random numbers are used changes.
///
/// Every half is used at most once, and a piece's leftover half is dropped with the stream
/// (``finish()``), so the draws stay a fixed function of the calls.
public struct SplitStream: CoarseUniformSource {
    public var rng: RandomStream
    /// The low half of the last draw, not yet used when `hasSpare`.
    @usableFromInline var spare: UInt32 = 0
    @usableFromInline var hasSpare = false

    @inlinable
    public init(_ rng: RandomStream) { self.rng = rng }

    /// The underlying stream after these draws (an unused half is dropped).
    @inlinable
    public func finish() -> RandomStream { rng }

    @inlinable @inline(__always)
    static func unit(_ k: UInt32) -> Double { (Double(k) + 0.5) * 0x1p-32 }

    /// A uniform in (0, 1) with 32-bit resolution: the spare half, or the high half of a
    /// new draw (keeping its low half).
    @inlinable @inline(__always)
    public mutating func coarseUniform() -> Double {
        if hasSpare {
            hasSpare = false
            return Self.unit(spare)
        }
        let w = rng.next()
        spare = UInt32(truncatingIfNeeded: w)
        hasSpare = true
        return Self.unit(UInt32(truncatingIfNeeded: w >> 32))
    }

    /// Two uniforms in (0, 1), the halves of one new draw (the spare half, if any, is kept
    /// for the next single uniform).
    @inlinable @inline(__always)
    public mutating func uniformPair() -> (Double, Double) {
        let w = rng.next()
        return (Self.unit(UInt32(truncatingIfNeeded: w >> 32)), Self.unit(UInt32(truncatingIfNeeded: w)))
    }

    /// Two independent N(0, σ²) deviates by the polar method (Marsaglia and Bray 1964): a
    /// point (v₁, v₂) uniform in the unit disc (one draw per trial, acceptance π/4), times
    /// σ √(−2 ln s / s), s = v₁² + v₂² (never 0: v = (k + ½)·2⁻³¹ − 1 ≠ 0).
    @inlinable
    public mutating func gaussianPair(sigma: Double) -> (Double, Double) {
        let (v1, v2, s) = rng.unitDiscPoint()
        let f = sigma * (-2 * log(s) / s).squareRoot()
        return (v1 * f, v2 * f)
    }
}
