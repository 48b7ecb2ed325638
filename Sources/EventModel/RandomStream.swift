import Foundation

/// An independent stream of random numbers for one (run seed, event, stage), drawn
/// from ``Philox4x32`` (Philox4x32-10, Salmon et al., SC11 2011).
///
/// Reproducibility rests on this type (DESIGN.md §3). A stream is a pure function of
/// its identity, never of rank, host, time or of what other streams drew:
///
///     key     = run seed                          (64 bits: word 0 = low half)
///     counter = (event number,                    (64 bits: words 0, 1 = low, high half)
///                stage id | substream << 16,      (32 bits: word 2)
///                draw-block index)                (32 bits: word 3, 0, 1, 2, …)
///
/// Each block gives 128 bits, used as two 64-bit draws: words 0 | 1 << 32 first, then
/// words 2 | 3 << 32. So an event's output depends only on (run card, detector card,
/// seed, event number), and a change to what one stage draws cannot shift another
/// stage's numbers. A stream holds 2³² blocks (2³³ 64-bit draws); running past that
/// traps instead of silently repeating.
///
/// `RandomStream` is a value: copying it copies its position. Stages take it `inout`,
/// as Fatras processes do in ACTS:
///
/// ```swift
/// var rng = RandomStream(seed: card.seed, event: 1_234, stage: .simulation)
/// let x = rng.gaussian(mean: 0, sigma: 0.012 * mm)
/// let n = rng.poisson(mean: 40)
/// ```
///
/// It also conforms to Swift's `RandomNumberGenerator`, so
/// `Int.random(in: 0..<n, using: &rng)` and `array.shuffled(using: &rng)` work
/// (their algorithms belong to the Swift standard library, which could change them
/// between releases; physics code that must stay bit-identical across toolchains
/// should use the samplers below).
///
/// Every sampler consumes the stream in a fixed, documented way, so a given call
/// sequence always gives the same numbers.
public struct RandomStream: RandomNumberGenerator, Sendable {

    /// The part of the chain a stream serves. The raw value is the stream's stage id,
    /// part of the Philox counter: **these values define reproducibility and must
    /// never change** (a test pins them). Add new cases with new values only.
    ///
    /// Inside a stage, `substream` separates independent sub-tasks (a pile-up vertex,
    /// a particle's transport), so that adding draws in one does not shift another.
    public enum Stage: UInt16, CaseIterable, Sendable, Codable {
        /// The hard process with its parton shower, hadronization and decays.
        case generation = 1
        /// Minimum-bias pile-up interactions: how many, and each one's content.
        case pileup = 2
        /// Transport through the detector: material effects, showers, hits.
        case simulation = 3
        /// Noise, thresholds, charge sharing, electronics.
        case digitization = 4
        /// Anything random in reconstruction (e.g. tie-breaking, sampling).
        case reconstruction = 5
        /// Primary-vertex position in the luminous region.
        case beamSpot = 6
        /// Multi-parton interactions and beam remnants.
        case underlyingEvent = 7
        /// Beam-induced background (halo muons).
        case beamInducedBackground = 8
        /// Single-particle gun.
        case particleGun = 9
        /// Decays of unstable particles (τ, B, D, K⁰S, Λ, π⁰, the long-lived s).
        case decays = 10
        /// Shared pile-up collisions (`pileup_reuse` > 1): collision j's position and content,
        /// keyed by j in the `event` words, the same in every event that includes it.
        case sharedPileUp = 11
        /// The transport of shared pile-up collision j (keyed by j): its hits are the same in
        /// every event that includes it, so a job simulates it once.
        case sharedPileUpSimulation = 12
    }

    /// The run seed: the Philox key.
    public let seed: UInt64
    /// The global event number: counter words 0 and 1.
    public let event: UInt64
    /// Counter word 2: stage id | substream << 16. The stream keeps only its counter
    /// and key as plain integers (stage and substream are read back from this word), so
    /// that making a stream, which the generator does a few hundred times per collision,
    /// is a handful of stores.
    @usableFromInline let counterWord2: UInt32
    /// Index of the next block to compute; 2³² means the stream is used up.
    @usableFromInline var nextBlockIndex: UInt64 = 0
    /// The computed blocks (up to eight) not all handed out yet, the last ones below
    /// `nextBlockIndex`, in draw order: slot 2b holds the first 64-bit draw of block b, slot
    /// 2b + 1 its second; draws `wordIndex ..< wordCount` are still to come. (The four-block
    /// form returns its draws in this order; a buffer in another order would have to be
    /// mapped per draw, which cost every inlined ``next()`` four instructions.) Blocks are
    /// computed four and then eight at a time once a stream has shown it draws many (see
    /// ``nextFromNewBlock()``); the draws are the same as one block at a time. A tuple,
    /// not a SIMD vector, so that a stream stays 8-byte aligned and cheap to make.
    @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    @usableFromInline var wordIndex: UInt8 = 0
    @usableFromInline var wordCount: UInt8 = 0
    /// Refills so far, counted up to 3: the first makes one block, the second four, later
    /// ones eight.
    @usableFromInline var refills: UInt8 = 0
    /// Second normal deviate of the last polar-method pair.
    @usableFromInline var spareNormal: Double? = nil

    /// The stream for (`seed`, `event`, `stage`, `substream`), at its first draw.
    @inlinable
    public init(seed: UInt64, event: UInt64, stage: Stage, substream: UInt16 = 0) {
        self.seed = seed
        self.event = event
        counterWord2 = UInt32(stage.rawValue) | UInt32(substream) << 16
    }

    /// The stage: low 16 bits of counter word 2.
    public var stage: Stage {
        // Only `init` writes the word, from a valid stage.
        Stage(rawValue: UInt16(truncatingIfNeeded: counterWord2))!
    }

    /// Sub-stream within the stage: high 16 bits of counter word 2.
    public var substream: UInt16 { UInt16(truncatingIfNeeded: counterWord2 >> 16) }

    /// The Philox key: the seed, word 0 = low half.
    @usableFromInline var key: Philox4x32.Key {
        Philox4x32.Key(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    /// Counter words 0…2; word 3 (the block index) is filled in per block.
    @usableFromInline var counterHead: Philox4x32.Block {
        Philox4x32.Block(UInt32(truncatingIfNeeded: event), UInt32(truncatingIfNeeded: event >> 32),
                         counterWord2, 0)
    }

    /// A fresh stream for another sub-stream of the same (seed, event, stage), e.g. one
    /// per pile-up interaction: `rng.withSubstream(UInt16(i))`.
    @inlinable
    public func withSubstream(_ index: UInt16) -> RandomStream {
        // Same stage as `self`: copy its id word's low half.
        return RandomStream(seed: seed, event: event,
                            counterWord2: (counterWord2 & 0xFFFF) | UInt32(index) << 16)
    }

    @inlinable
    init(seed: UInt64, event: UInt64, counterWord2: UInt32) {
        self.seed = seed
        self.event = event
        self.counterWord2 = counterWord2
    }

    /// How many Philox blocks this stream has started handing out (two 64-bit draws
    /// each); blocks computed ahead and not yet drawn from are not counted.
    public var blocksUsed: UInt64 { nextBlockIndex - UInt64((wordCount - wordIndex) / 2) }

    // MARK: Raw bits

    /// The next 64 random bits (`RandomNumberGenerator`).
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let i = wordIndex
        if i < wordCount {
            wordIndex = i &+ 1
            // One load from the buffer (indexing the SIMD vector by a variable made the
            // optimizer copy all of it, and then stop inlining the samplers).
            return withUnsafeBytes(of: &words) { $0.load(fromByteOffset: Int(i) &* 8, as: UInt64.self) }
        }
        return nextFromNewBlock()
    }

    /// Computes the next blocks, keeps all but the first 64-bit draw and returns that.
    /// Out of line: the ten rounds are ≈ 110 instructions, too many to copy into every
    /// caller of ``next()``, whose inlined fast path is then just the buffer check.
    ///
    /// Why several blocks at once: the ten rounds of one block are a chain of dependent
    /// multiplies, so a block alone leaves the core mostly idle; four blocks computed
    /// together (``Philox4x32/tenRoundsFour(_:_:_:_:key:)``) cost half as much per
    /// block (7 against 14 ns on the development machine), and a long stream's draw about
    /// 30 % less. Many streams are made for a handful of draws (one per particle in the
    /// simulation), so a stream's first refill makes one block (two draws). The second
    /// makes four blocks, later ones eight (two four-block forms side by side, independent
    /// chains that overlap): a stream then waits on fewer refills, each hardly longer, since
    /// a refill's time is the latency of its ten dependent multiplies more than its
    /// instructions. Session 14, no-UE μ = 0 bench (ten alternated triples): against the
    /// schedule 1, 1, 1, 1, 4, 4, … blocks, eight from the sixth refill took the
    /// digitization (whose noise stream is long) from 0.559 to 0.536 ms, and this schedule
    /// the simulation from 1.341 to 1.331 ms; refill instructions 92.5 → 88.7 → 85.6 M
    /// (callgrind). (First refills of four, or a second of eight: no better, more
    /// instructions.) A stream of any length wastes at most seven blocks; the buffer's 16
    /// words make a stream 64 bytes bigger.
    @usableFromInline @inline(never)
    mutating func nextFromNewBlock() -> UInt64 {
        precondition(nextBlockIndex <= UInt64(UInt32.max),
                     "RandomStream used up: 2^32 Philox blocks per (seed, event, stage, substream)")
        let c0 = UInt32(truncatingIfNeeded: event), c1 = UInt32(truncatingIfNeeded: event >> 32)
        let c3 = UInt32(truncatingIfNeeded: nextBlockIndex)
        let left = UInt64(UInt32.max) + 1 - nextBlockIndex
        var blocks: UInt64 = 1
        if refills < 3 { refills &+= 1 }
        if refills == 3 && left >= 8 { blocks = 8 } else if refills >= 2 && left >= 4 { blocks = 4 }
        #if DEBUG
        // Unoptimized SIMD code is several times slower than scalar code, and the debug
        // test suite draws millions of numbers: debug builds use the scalar form, which
        // gives the same words (PhiloxTests checks the other forms against it in every
        // build); the buffering is the same as in release.
        for b in 0..<Int(blocks) {
            let w = Philox4x32.tenRounds(c0, c1, counterWord2, c3 &+ UInt32(b),
                                         UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
            store(UInt64(w.0) | UInt64(w.1) << 32, at: 2 * b)
            store(UInt64(w.2) | UInt64(w.3) << 32, at: 2 * b + 1)
        }
        #else
        if blocks >= 4 {
            let w = Philox4x32.tenRoundsFour(c0, c1, counterWord2, c3, key: seed)
            store(w.0, at: 0); store(w.1, at: 4)
            if blocks == 8 {
                let v = Philox4x32.tenRoundsFour(c0, c1, counterWord2, c3 &+ 4, key: seed)
                store(v.0, at: 8); store(v.1, at: 12)
            }
        } else {
            let w = Philox4x32.tenRoundsPaired(c0, c1, counterWord2, c3, key: seed)
            words.0 = w[0]; words.1 = w[1]
        }
        #endif
        nextBlockIndex &+= blocks
        wordCount = UInt8(2 * blocks)
        wordIndex = 1
        return words.0
    }

    /// Writes buffer slot `slot` (0 … 15).
    @usableFromInline
    mutating func store(_ w: UInt64, at slot: Int) {
        withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: w, toByteOffset: slot * 8, as: UInt64.self) }
    }

    /// Writes buffer slots `slot` … `slot + 3` (`slot` ≤ 12).
    @usableFromInline @inline(__always)
    mutating func store(_ w: Philox4x32.Quad, at slot: Int) {
        withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: w, toByteOffset: slot * 8, as: Philox4x32.Quad.self) }
    }

    // MARK: Continuous samplers

    /// Uniform in the open interval (0, 1), with 53-bit resolution: k·2⁻⁵³ for
    /// k = 1 … 2⁵³ − 1, each equally likely. Uses the top 53 bits of one 64-bit draw;
    /// k = 0 (probability 2⁻⁵³) is redrawn, so `log(u)` and `1/u` are always finite.
    /// (The midpoint form (k + ½)·2⁻⁵³ is avoided: for k = 2⁵³ − 1 it rounds to 1.)
    @inlinable @inline(__always)
    public mutating func uniform01() -> Double {
        while true {
            let k = next() >> 11
            if k != 0 { return Double(k) * 0x1p-53 }
        }
    }

    /// Uniform in [a, b] (open at both ends but for rounding): a + (b − a)·u.
    @inlinable
    public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * uniform01()
    }

    /// A standard normal deviate N(0, 1), by the polar form of the Box–Muller method
    /// (G. Marsaglia and T. A. Bray, SIAM Review 6 (1964) 260):
    /// draw v₁, v₂ uniform in [−1, 1) until 0 < s = v₁² + v₂² < 1 (acceptance π/4),
    /// then z₁ = v₁·√(−2 ln s / s) and z₂ = v₂·√(−2 ln s / s) are independent N(0, 1).
    /// Deviates come in pairs: z₁ is returned, z₂ is kept and returned by the next call,
    /// so the sequence is fixed by the order of calls. Each v uses one 64-bit draw
    /// (its top 53 bits, signed, so v = j·2⁻⁵² with |j| ≤ 2⁵²); hence s ≥ 2⁻¹⁰⁴ and
    /// |z| ≤ √(−2 ln 2⁻¹⁰⁴) ≈ 12.0.
    @inlinable
    public mutating func standardNormal() -> Double {
        if let z = spareNormal {
            spareNormal = nil
            return z
        }
        while true {
            let v1 = Double(Int64(bitPattern: next()) >> 11) * 0x1p-52
            let v2 = Double(Int64(bitPattern: next()) >> 11) * 0x1p-52
            let s = v1 * v1 + v2 * v2
            if s > 0 && s < 1 {
                let f = (-2 * log(s) / s).squareRoot()
                spareNormal = v2 * f
                return v1 * f
            }
        }
    }

    /// A Gaussian deviate with the given mean and standard deviation σ ≥ 0:
    /// mean + σ·``standardNormal()``.
    @inlinable
    public mutating func gaussian(mean: Double = 0, sigma: Double = 1) -> Double {
        mean + sigma * standardNormal()
    }

    /// An exponential deviate with the given mean (> 0), density e^(−x/mean)/mean, by
    /// inversion: −mean·ln u with u from ``uniform01()`` (one draw). For a decay
    /// length, pass the lab mean βγ·cτ.
    @inlinable
    public mutating func exponential(mean: Double) -> Double {
        -mean * log(uniform01())
    }

    /// A non-relativistic Breit–Wigner (Cauchy) deviate with peak `mass` and full width
    /// at half maximum `width`, density (Γ/2π) / ((x − m)² + Γ²/4), by inversion:
    /// m + (Γ/2)·tan(π(u − ½)), one draw. Median m, quartiles m ± Γ/2; mean and
    /// variance do not exist, so truncate with ``breitWigner(mass:width:in:)`` when the
    /// tails matter. `width` ≤ 0 returns `mass` without drawing.
    @inlinable
    public mutating func breitWigner(mass: Double, width: Double) -> Double {
        guard width > 0 else { return mass }
        return mass + 0.5 * width * tan(Double.pi * (uniform01() - 0.5))
    }

    /// A Breit–Wigner deviate truncated to `range`, by inversion of the truncated
    /// cumulative distribution F(x) ∝ atan(2(x − m)/Γ) (one draw; no rejection, so the
    /// cost does not grow however narrow the window). Infinite bounds are allowed.
    /// `width` ≤ 0 returns `mass` clamped to the range, without drawing.
    @inlinable
    public mutating func breitWigner(mass: Double, width: Double, in range: ClosedRange<Double>) -> Double {
        guard width > 0 else { return min(max(mass, range.lowerBound), range.upperBound) }
        let halfWidth = 0.5 * width
        let aLow = atan((range.lowerBound - mass) / halfWidth)
        let aHigh = atan((range.upperBound - mass) / halfWidth)
        let x = mass + halfWidth * tan(aLow + (aHigh - aLow) * uniform01())
        // tan of a rounded angle may step a last bit outside the window.
        return min(max(x, range.lowerBound), range.upperBound)
    }

    /// A direction uniform on the unit sphere: cos θ uniform in (−1, 1), φ uniform in
    /// (0, 2π) (two draws, cos θ first). |v| = 1 to rounding.
    @inlinable
    public mutating func isotropicUnitVector() -> Vector3 {
        let cosTheta = 2 * uniform01() - 1
        let phi = 2 * Double.pi * uniform01()
        let sinTheta = ((1 - cosTheta) * (1 + cosTheta)).squareRoot()
        return Vector3(sinTheta * cos(phi), sinTheta * sin(phi), cosTheta)
    }

    // MARK: Discrete samplers

    /// A Poisson deviate with the given mean μ ≥ 0 (finite).
    ///
    /// * μ < 10: inversion by sequential search from k = 0, exact but for rounding in
    ///   the cumulative sum; one uniform draw, O(μ) work.
    /// * μ ≥ 10: PTRS, the transformed rejection method with squeeze of
    ///   W. Hörmann, "The transformed rejection method for generating Poisson random
    ///   variables", Insurance: Mathematics and Economics 12 (1993) 39–45. Exact (the
    ///   acceptance test compares with the Poisson probability itself), O(1) work,
    ///   two draws per trial, about 1.15 trials on average.
    ///
    /// μ = 0 returns 0 without drawing.
    public mutating func poisson(mean mu: Double) -> Int {
        precondition(mu >= 0 && mu.isFinite, "Poisson mean must be finite and ≥ 0, got \(mu)")
        if mu == 0 { return 0 }
        return mu < 10 ? poissonByInversion(mu) : poissonPTRS(mu)
    }

    mutating func poissonByInversion(_ mu: Double) -> Int {
        let u = uniform01()
        var k = 0
        var p = exp(-mu)       // P(0); ≥ e⁻¹⁰ here, no underflow
        var cumulative = p
        while u > cumulative {
            k += 1
            p *= mu / Double(k)
            let next = cumulative + p
            // The rest of the tail is below rounding (u fell in the last ~1e-16 that the
            // rounded sum cannot reach): stop rather than walk on to underflow.
            if next == cumulative { break }
            cumulative = next
        }
        return k
    }

    /// Hörmann's PTRS, step by step as in the paper (μ ≥ 10).
    mutating func poissonPTRS(_ mu: Double) -> Int {
        // Set-up constants of the hat (transformed) distribution, as in Hörmann 1993.
        let sqrtMu = mu.squareRoot()
        let logMu = log(mu)
        let b = 0.931 + 2.53 * sqrtMu
        let a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vR = 0.9277 - 3.6224 / (b - 2)
        while true {
            // 1. U uniform in (−½, ½), V uniform in (0, 1).
            let u = uniform01() - 0.5
            let v = uniform01()
            let us = 0.5 - abs(u)          // > 0: uniform01 never returns 0 or 1
            let kReal = ((2 * a / us + b) * u + mu + 0.43).rounded(.down)
            // 2. Squeeze: inside the region where the hat is certainly below the pmf.
            if us >= 0.07 && v <= vR { return Int(kReal) }
            // 3. Outside the support, or in the tail of U where the hat is loose.
            if kReal < 0 || (us < 0.013 && v > us) { continue }
            // Guard the Int conversion: such k have vanishing probability and are
            // rejected by step 4 anyway.
            if kReal > 0x1p62 { continue }
            // 4. Acceptance: compare log(V·α⁻¹/(a/us² + b)) with log P(k).
            let k = Int(kReal)
            if log(v * inverseAlpha / (a / (us * us) + b)) <= -mu + kReal * logMu - logFactorial(k) {
                return k
            }
        }
    }
}

// MARK: - log k!

/// ln k! for k ≥ 0: a table for k < 256, above it Stirling's series
/// ln k! = (k + ½) ln k − k + ½ ln 2π + 1/(12k) − 1/(360k³) + 1/(1260k⁵),
/// whose first omitted term, 1/(1680k⁷), is below 10⁻²⁰ there. (The C library's
/// `lgamma` writes the global `signgam`, a data race across threads; this does not.)
func logFactorial(_ k: Int) -> Double {
    precondition(k >= 0)
    if k < LogFactorialTable.count { return LogFactorialTable.values[k] }
    let x = Double(k)
    let inv = 1 / x
    let inv2 = inv * inv
    let series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260))
    return (x + 0.5) * log(x) - x + 0.918_938_533_204_672_74 + series   // ½ ln 2π
}

enum LogFactorialTable {
    static let count = 256
    /// ln k! by summing ln j (relative error ~1e-15, enough for a rejection test).
    static let values: [Double] = {
        var table = [Double](repeating: 0, count: count)
        for k in 1..<count { table[k] = table[k - 1] + log(Double(k)) }
        return table
    }()
}
