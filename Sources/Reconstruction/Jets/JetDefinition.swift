import Foundation

/// What a sequential-recombination jet algorithm does: which pairwise distance, which radius,
/// how two momenta combine — FastJet's `JetDefinition` (Cacciari, Salam, Soyez, "FastJet user
/// manual", Eur. Phys. J. C 72 (2012) 1896, arXiv:1111.6097, §3).
///
/// All three algorithms are the generalised-kt family with exponent p:
///
///     d_ij = min(pT_i^{2p}, pT_j^{2p}) · ΔR_ij² / R²,   ΔR_ij² = (y_i − y_j)² + Δφ_ij²
///     d_iB = pT_i^{2p}
///
/// Repeatedly the smallest of all d_ij and d_iB is found: d_ij merges i and j, d_iB makes i a
/// final ("inclusive") jet. y is the rapidity with FastJet's conventions (`fastJetRapidity`),
/// Δφ is taken in [0, π].
///
/// ```swift
/// let jets = cluster(particles, JetDefinition(.antiKt, radius: 0.4))
/// ```
public struct JetDefinition: Hashable, Sendable, Codable, CustomStringConvertible {

    /// The exponent p of the generalised-kt distance.
    public enum Algorithm: String, Hashable, Sendable, Codable, CaseIterable {
        /// p = 1 (Catani et al., Nucl. Phys. B 406 (1993) 187; Ellis & Soper, Phys. Rev. D 48
        /// (1993) 3160): d_ij = min(pT_i², pT_j²) ΔR_ij²/R², d_iB = pT_i². Soft pairs merge first.
        case kt
        /// p = 0 (Dokshitzer et al., JHEP 08 (1997) 001; Wobisch & Wengler, hep-ph/9907280):
        /// d_ij = ΔR_ij²/R², d_iB = 1. Purely geometric: nearest pairs merge first.
        case cambridgeAachen
        /// p = −1 (Cacciari, Salam, Soyez, JHEP 04 (2008) 063, arXiv:0802.1189):
        /// d_ij = min(1/pT_i², 1/pT_j²) ΔR_ij²/R², d_iB = 1/pT_i². Hard particles gather
        /// everything within R around them, so jets are cone-like. FastJet replaces 1/pT² by
        /// 10³⁰⁰ when pT² ≤ 10⁻³⁰⁰ (zero-pT inputs), and so do we.
        case antiKt
    }

    /// How the momenta of two merged objects combine.
    public enum RecombinationScheme: String, Hashable, Sendable, Codable {
        /// E-scheme: four-momenta add, p_ij = p_i + p_j (FastJet's default, `E_scheme`).
        case eScheme
    }

    /// Which of the equivalent clustering procedures runs. All give the same jets; they differ
    /// in speed and — only when distances are exactly equal (e.g. several zero-pT inputs with
    /// kt) — in which of the tied pairs goes first, exactly as the FastJet strategy of the same
    /// name does.
    public enum Strategy: String, Hashable, Sendable, Codable, CaseIterable {
        /// Chosen from N and R as FastJet's `Best` (`strategy(forCount:)`).
        case best
        /// Plain O(N²) search with nearest-neighbour bookkeeping (FastJet `N2Plain`).
        case plain
        /// Tiles of size ≥ R in (y, φ): a neighbour search looks at 3 × 3 tiles, the minimum
        /// over a compact linear table (FastJet `N2Tiled`).
        case tiled
        /// As `tiled`, with the minimum kept in a binary tournament tree (FastJet `N2MinHeapTiled`).
        case minHeapTiled
    }

    public var algorithm: Algorithm
    /// The jet radius R in (y, φ) space; R > 0.
    public var radius: Double
    public var recombination: RecombinationScheme
    public var strategy: Strategy

    public init(_ algorithm: Algorithm, radius: Double,
                recombination: RecombinationScheme = .eScheme, strategy: Strategy = .best) {
        precondition(radius > 0 && radius.isFinite, "jet radius must be positive and finite, got \(radius)")
        self.algorithm = algorithm
        self.radius = radius
        self.recombination = recombination
        self.strategy = strategy
    }

    /// The ATLAS and CMS default: anti-kt, R = 0.4.
    public static let antiKt4 = JetDefinition(.antiKt, radius: 0.4)

    public var description: String {
        "\(algorithm.rawValue) R = \(radius) (\(recombination.rawValue), strategy \(strategy.rawValue))"
    }

    /// pT^{2p} as FastJet's `ClusterSequence::jet_scale_for_algorithm` computes it from pT².
    @inlinable
    public func momentumScale(pt2: Double) -> Double {
        switch algorithm {
        case .kt: return pt2
        case .cambridgeAachen: return 1.0
        case .antiKt: return pt2 > 1e-300 ? 1.0 / pt2 : 1e300
        }
    }

    /// The strategy that runs on `count` inputs: `strategy`, or for `.best` FastJet's choice.
    ///
    /// FastJet 3.4.0/3.5.2 `_best_strategy`, with R̂ = max(R, 0.1): N2Plain if N ≤ 30 or
    /// N ≤ 39/(R̂ + 0.6); for R̂ < 0.65, N2Tiled below N = 44.6283 (1 + 54.3528 R̂ − 45.4947 R̂²)
    /// (690 at R = 0.4), then N2MinHeapTiled; for 0.65 ≤ R̂ < π/2, N2Tiled while
    /// ln N < 7.29621 − 1.31304 R̂ (N < 396 at R = 1); for R̂ ≥ π/2, N2Plain below N = 75.
    /// Beyond those, FastJet moves on to lazy tilings (N2MHTLazy9/25, e.g. from N = 1581 at
    /// R = 0.4) and Voronoi (NlnN, N ≳ 10⁶ at R = 0.4): same jets, different order for exact
    /// ties; we keep N2MinHeapTiled there, which skips irrelevant tiles as the lazy tilings do.
    public func strategy(forCount n: Int) -> Strategy {
        if strategy != .best { return strategy }
        let boundedR = max(radius, 0.1)
        if n <= 30 || Double(n) <= 39.0 / (boundedR + 0.6) { return .plain }
        if boundedR < 0.65 {
            let tiledToHeap = 44.6283 * (-45.4947 * boundedR * boundedR + 54.3528 * boundedR + 1)
            return Double(n) < tiledToHeap ? .tiled : .minHeapTiled
        } else if boundedR < 0.5 * Double.pi {
            return log(Double(n)) < -1.31304 * boundedR + 7.29621 ? .tiled : .minHeapTiled
        } else {
            return n < 75 ? .plain : .minHeapTiled
        }
    }
}
