import Foundation
import XCTest
@testable import EventModel

/// RandomStream: the stream layout (DESIGN.md §3), determinism, independence, and the
/// samplers' distributions against analytic moments and quantiles.
///
/// Statistical checks use fixed seeds, so they are deterministic; each tolerance is
/// `k` standard errors of the estimator, with the standard error from the analytic
/// distribution (k = 4 unless said). For a sample of n with variance σ² and fourth
/// central moment μ₄: σ(mean) = σ/√n, σ(sample variance) ≈ √((μ₄ − σ⁴)/n).
final class RandomStreamTests: XCTestCase {
    typealias Stage = RandomStream.Stage

    /// Tolerance multiple, in standard errors.
    static let k = 4.0

    // MARK: Stream identity and layout

    /// Stage ids are part of the Philox counter: changing one changes every number a
    /// past run drew. These values are frozen.
    func testStageRawValuesAreFrozen() {
        let frozen: [Stage: UInt16] = [
            .generation: 1, .pileup: 2, .simulation: 3, .digitization: 4, .reconstruction: 5,
            .beamSpot: 6, .underlyingEvent: 7, .beamInducedBackground: 8, .particleGun: 9,
            .decays: 10, .sharedPileUp: 11, .sharedPileUpSimulation: 12,
        ]
        XCTAssertEqual(Stage.allCases.count, frozen.count, "a new stage needs a frozen value here")
        for stage in Stage.allCases { XCTAssertEqual(stage.rawValue, frozen[stage], "\(stage)") }
        XCTAssertEqual(Set(Stage.allCases.map(\.rawValue)).count, Stage.allCases.count)
    }

    /// Golden values: the first 64-bit draws of two streams, computed by an independent
    /// Python implementation of Philox4x32-10 with the documented layout
    /// (key = seed; counter = (event lo, event hi, stage | substream << 16, block);
    /// draw = word0 | word1 << 32, then word2 | word3 << 32), which itself reproduces the
    /// Random123 known answers. Any change here breaks reproducibility of past runs.
    func testGoldenDrawsPinTheStreamLayout() {
        var a = RandomStream(seed: 12345, event: 1, stage: .generation)
        XCTAssertEqual((0..<4).map { _ in a.next() },
                       [0xA10A_0E54_9E61_C7CA, 0xB32C_03B5_76FC_3F0E, 0x1B5F_3F71_14EF_D812, 0xDEAC_BDB7_FF31_EFC9])

        var b = RandomStream(seed: 0xDEAD_BEEF_CAFE_F00D, event: 0x0123_4567_89AB_CDEF,
                             stage: .simulation, substream: 7)
        XCTAssertEqual((0..<3).map { _ in b.next() },
                       [0x75C1_6A0B_96F3_5B3B, 0xAD5C_6F59_BC9A_939F, 0xC81F_C708_82FA_F33B])

        // uniform01 is the top 53 bits × 2⁻⁵³ (same reference).
        var c = RandomStream(seed: 12345, event: 1, stage: .generation)
        XCTAssertEqual(c.uniform01(), 0.6290596920574734)
        XCTAssertEqual(c.uniform01(), 0.6998903577832473)
        XCTAssertEqual(c.uniform01(), 0.10692211638246307)
    }

    /// The stream is the raw Philox block sequence for its counter.
    func testStreamIsPhiloxOfItsCounter() {
        var s = RandomStream(seed: 0x0000_0002_0000_0001, event: 0x0000_0004_0000_0003,
                             stage: .digitization, substream: 5)
        for block in UInt32(0)..<3 {
            let expected = Philox4x32.block(.init(3, 4, 4 | 5 << 16, block), key: .init(1, 2))
            XCTAssertEqual(s.next(), UInt64(expected[0]) | UInt64(expected[1]) << 32)
            XCTAssertEqual(s.next(), UInt64(expected[2]) | UInt64(expected[3]) << 32)
        }
        XCTAssertEqual(s.blocksUsed, 3)
    }

    /// Blocks are computed one, then four, then eight at a time
    /// (RandomStream.nextFromNewBlock): the draws are still block 0, 1, 2, … in order, and
    /// `blocksUsed` counts the blocks drawn from, not those computed ahead.
    func testBufferedBlocksAreThePhiloxSequence() {
        var s = RandomStream(seed: 0x1234_5678_9ABC_DEF0, event: 77, stage: .simulation, substream: 3)
        for block in UInt32(0)..<41 {
            let expected = Philox4x32.block(.init(77, 0, 3 | 3 << 16, block), key: .init(0x9ABC_DEF0, 0x1234_5678))
            XCTAssertEqual(s.next(), UInt64(expected[0]) | UInt64(expected[1]) << 32, "block \(block)")
            XCTAssertEqual(s.blocksUsed, UInt64(block) + 1)
            XCTAssertEqual(s.next(), UInt64(expected[2]) | UInt64(expected[3]) << 32, "block \(block)")
            XCTAssertEqual(s.blocksUsed, UInt64(block) + 1)
        }
        // A copy continues from the same place.
        var copy = s
        XCTAssertEqual(copy.next(), s.next())
    }

    /// Near its end a stream computes eight blocks while eight are left, then four while
    /// four are left, then one at a time, never past block 2³² − 1: from 13 blocks before
    /// the end (8 + 4 + 1) and from 5 (4 + 1), in the eight-block and four-block stages.
    func testLastBlocksOfAStream() {
        for (left, refills) in [(UInt32(13), UInt8(2)), (13, 3), (5, 1), (5, 3)] {
            var s = RandomStream(seed: 5, event: 6, stage: .generation)
            s.nextBlockIndex = UInt64(UInt32.max) + 1 - UInt64(left)
            s.refills = refills
            for block in (UInt32.max - (left - 1))...UInt32.max {
                let expected = Philox4x32.block(.init(6, 0, 1, block), key: .init(5, 0))
                XCTAssertEqual(s.next(), UInt64(expected[0]) | UInt64(expected[1]) << 32, "block \(block)")
                XCTAssertEqual(s.next(), UInt64(expected[2]) | UInt64(expected[3]) << 32, "block \(block)")
            }
            XCTAssertEqual(s.blocksUsed, UInt64(UInt32.max) + 1)
        }
    }

    func testSameIdentityGivesSameSequence() {
        var a = RandomStream(seed: 42, event: 7, stage: .simulation)
        var b = RandomStream(seed: 42, event: 7, stage: .simulation)
        for i in 0..<5_000 {
            // A mixed call pattern: every sampler consumes the stream deterministically.
            switch i % 6 {
            case 0: XCTAssertEqual(a.uniform01(), b.uniform01())
            case 1: XCTAssertEqual(a.gaussian(mean: 1, sigma: 2), b.gaussian(mean: 1, sigma: 2))
            case 2: XCTAssertEqual(a.poisson(mean: 3.3), b.poisson(mean: 3.3))
            case 3: XCTAssertEqual(a.poisson(mean: 55), b.poisson(mean: 55))
            case 4: XCTAssertEqual(a.isotropicUnitVector(), b.isotropicUnitVector())
            default: XCTAssertEqual(a.breitWigner(mass: 91, width: 2.5), b.breitWigner(mass: 91, width: 2.5))
            }
        }
    }

    /// A copy continues from the same position, independently of the original.
    func testCopyIsAnIndependentValue() {
        var a = RandomStream(seed: 1, event: 2, stage: .pileup)
        _ = a.uniform01()
        _ = a.gaussian()             // leaves a spare normal deviate behind
        var b = a
        let fromA = (0..<10).map { _ in a.gaussian() }
        let fromB = (0..<10).map { _ in b.gaussian() }
        XCTAssertEqual(fromA, fromB)
    }

    func testDifferentSeedEventStageOrSubstreamGivesDifferentSequence() {
        func first(_ s: RandomStream) -> [UInt64] { var s = s; return (0..<4).map { _ in s.next() } }
        let base = first(RandomStream(seed: 9, event: 100, stage: .generation))
        let others = [
            first(RandomStream(seed: 10, event: 100, stage: .generation)),
            first(RandomStream(seed: 9, event: 101, stage: .generation)),
            first(RandomStream(seed: 9, event: 100 + (1 << 32), stage: .generation)),   // high word
            first(RandomStream(seed: 9 + (1 << 32), event: 100, stage: .generation)),   // high word
            first(RandomStream(seed: 9, event: 100, stage: .simulation)),
            first(RandomStream(seed: 9, event: 100, stage: .generation, substream: 1)),
        ]
        for (i, o) in others.enumerated() {
            XCTAssertNotEqual(o, base, "variant \(i)")
            XCTAssertTrue(Set(o).isDisjoint(with: base), "variant \(i) shares a 64-bit draw")
        }
        XCTAssertEqual(first(RandomStream(seed: 9, event: 100, stage: .generation).withSubstream(3)),
                       first(RandomStream(seed: 9, event: 100, stage: .generation, substream: 3)))
    }

    /// DESIGN.md §3: "changing the reconstruction does not change what the simulation
    /// drew". Whatever stage B draws, and in whatever interleaving, stage A's numbers
    /// are the same.
    func testOneStageDrawsDoNotShiftAnother() {
        func simulationDraws(reconstructionDrawsPerStep: Int) -> [Double] {
            var sim = RandomStream(seed: 77, event: 5, stage: .simulation)
            var reco = RandomStream(seed: 77, event: 5, stage: .reconstruction)
            var out: [Double] = []
            for _ in 0..<200 {
                out.append(sim.gaussian())
                for _ in 0..<reconstructionDrawsPerStep { _ = reco.uniform01() }
                out.append(Double(sim.poisson(mean: 12)))
            }
            return out
        }
        XCTAssertEqual(simulationDraws(reconstructionDrawsPerStep: 0), simulationDraws(reconstructionDrawsPerStep: 3))
        XCTAssertEqual(simulationDraws(reconstructionDrawsPerStep: 0), simulationDraws(reconstructionDrawsPerStep: 17))
    }

    /// Streams of neighbouring events are uncorrelated: the sample correlation of
    /// n paired uniforms has standard error 1/√n under independence.
    func testNeighbouringEventStreamsAreUncorrelated() {
        let n = 100_000
        var a = RandomStream(seed: 3, event: 1_000, stage: .generation)
        var b = RandomStream(seed: 3, event: 1_001, stage: .generation)
        var sab = 0.0, sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0
        for _ in 0..<n {
            let x = a.uniform01(), y = b.uniform01()
            sab += x * y; sa += x; sb += y; saa += x * x; sbb += y * y
        }
        let nn = Double(n)
        let cov = sab / nn - sa / nn * sb / nn
        let r = cov / ((saa / nn - sa * sa / nn / nn) * (sbb / nn - sb * sb / nn / nn)).squareRoot()
        XCTAssertEqual(r, 0, accuracy: Self.k / nn.squareRoot())
    }

    /// `RandomNumberGenerator` conformance: standard-library algorithms draw from the
    /// stream deterministically.
    func testRandomNumberGeneratorConformance() {
        var a = RandomStream(seed: 5, event: 6, stage: .particleGun)
        var b = RandomStream(seed: 5, event: 6, stage: .particleGun)
        XCTAssertEqual((0..<100).map { _ in Int.random(in: 0..<37, using: &a) },
                       (0..<100).map { _ in Int.random(in: 0..<37, using: &b) })
        XCTAssertEqual(Array(0..<50).shuffled(using: &a), Array(0..<50).shuffled(using: &b))
    }

    // MARK: Uniform

    /// U(0, 1): mean ½, variance 1/12, μ₄ = 1/80; never 0 or 1.
    func testUniform01MomentsAndOpenInterval() {
        let n = 1_000_000
        var s = RandomStream(seed: 2024, event: 1, stage: .generation)
        var xs = [Double](); xs.reserveCapacity(n)
        for _ in 0..<n { xs.append(s.uniform01()) }
        XCTAssertGreaterThan(xs.min()!, 0)
        XCTAssertLessThan(xs.max()!, 1)
        let (mean, variance) = Self.moments(xs)
        let nn = Double(n)
        XCTAssertEqual(mean, 0.5, accuracy: Self.k * (1.0 / 12 / nn).squareRoot())
        XCTAssertEqual(variance, 1.0 / 12, accuracy: Self.k * ((1.0 / 80 - 1.0 / 144) / nn).squareRoot())
        // Uniform occupancy of 10 equal bins: χ² with 9 degrees of freedom.
        var bins = [Int](repeating: 0, count: 10)
        for x in xs { bins[Int(x * 10)] += 1 }
        let expected = nn / 10
        let chi2 = bins.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        XCTAssertLessThan(chi2, 9 + 5 * (2.0 * 9).squareRoot())   // mean 9, σ √18
    }

    func testUniformRange() {
        var s = RandomStream(seed: 1, event: 1, stage: .beamSpot)
        let n = 200_000
        var xs = [Double](); xs.reserveCapacity(n)
        for _ in 0..<n { xs.append(s.uniform(-3, 5)) }
        XCTAssertGreaterThanOrEqual(xs.min()!, -3)
        XCTAssertLessThanOrEqual(xs.max()!, 5)
        let (mean, variance) = Self.moments(xs)
        // U(a, b): mean (a + b)/2 = 1, variance (b − a)²/12 = 16/3.
        XCTAssertEqual(mean, 1, accuracy: Self.k * (16.0 / 3 / Double(n)).squareRoot())
        XCTAssertEqual(variance, 16.0 / 3, accuracy: Self.k * 64 * ((1.0 / 80 - 1.0 / 144) / Double(n)).squareRoot())
    }

    // MARK: Gaussian

    /// N(μ, σ²) with μ = 1.5, σ = 0.3: mean μ, variance σ² (μ₄ = 3σ⁴, so
    /// σ(variance) = √2 σ²/√n); P(|x − μ| > 2σ) = erfc(√2) = 0.0455003.
    func testGaussianMomentsAndTail() {
        let n = 1_000_000
        let mu = 1.5, sigma = 0.3
        var s = RandomStream(seed: 2024, event: 2, stage: .simulation)
        var xs = [Double](); xs.reserveCapacity(n)
        for _ in 0..<n { xs.append(s.gaussian(mean: mu, sigma: sigma)) }
        let (mean, variance) = Self.moments(xs)
        let nn = Double(n)
        XCTAssertEqual(mean, mu, accuracy: Self.k * sigma / nn.squareRoot())
        XCTAssertEqual(variance, sigma * sigma, accuracy: Self.k * 2.0.squareRoot() * sigma * sigma / nn.squareRoot())
        // Skewness 0 (σ = √(6/n)) and excess kurtosis 0 (σ = √(24/n)).
        let m3 = xs.reduce(0.0) { $0 + pow(($1 - mean), 3) } / nn / pow(variance, 1.5)
        let m4 = xs.reduce(0.0) { $0 + pow(($1 - mean), 4) } / nn / (variance * variance) - 3
        XCTAssertEqual(m3, 0, accuracy: Self.k * (6 / nn).squareRoot())
        XCTAssertEqual(m4, 0, accuracy: Self.k * (24 / nn).squareRoot())
        let p2 = erfc(2.0.squareRoot())
        let outside = Double(xs.filter { abs($0 - mu) > 2 * sigma }.count) / nn
        XCTAssertEqual(outside, p2, accuracy: Self.k * (p2 * (1 - p2) / nn).squareRoot())
    }

    /// The polar method returns deviates in pairs; consecutive deviates are
    /// uncorrelated (standard error 1/√n).
    func testGaussianPairsAreUncorrelated() {
        let n = 200_000
        var s = RandomStream(seed: 8, event: 8, stage: .digitization)
        var sum = 0.0
        for _ in 0..<n { sum += s.standardNormal() * s.standardNormal() }
        XCTAssertEqual(sum / Double(n), 0, accuracy: Self.k / Double(n).squareRoot())
    }

    // MARK: Exponential

    /// Exp with mean λ = 2.5: mean λ, variance λ² (μ₄ = 9λ⁴: σ(variance) = √8 λ²/√n);
    /// median λ ln 2.
    func testExponentialMoments() {
        let n = 1_000_000
        let lambda = 2.5
        var s = RandomStream(seed: 2024, event: 3, stage: .decays)
        var xs = [Double](); xs.reserveCapacity(n)
        for _ in 0..<n { xs.append(s.exponential(mean: lambda)) }
        XCTAssertGreaterThan(xs.min()!, 0)
        XCTAssertTrue(xs.allSatisfy(\.isFinite))
        let (mean, variance) = Self.moments(xs)
        let nn = Double(n)
        XCTAssertEqual(mean, lambda, accuracy: Self.k * lambda / nn.squareRoot())
        XCTAssertEqual(variance, lambda * lambda, accuracy: Self.k * 8.0.squareRoot() * lambda * lambda / nn.squareRoot())
        // Median: σ = √(p(1−p)/n)/f(x_p) = 0.5/√n / (0.5/λ) = λ/√n.
        let median = xs.sorted()[n / 2]
        XCTAssertEqual(median, lambda * log(2.0), accuracy: Self.k * lambda / nn.squareRoot())
    }

    // MARK: Poisson

    /// Poisson(μ): mean μ, variance μ (μ₄ = μ + 3μ², so σ(variance) = √((μ + 2μ²)/n)),
    /// for means on both sides of the switch from inversion to PTRS at μ = 10.
    func testPoissonMoments() {
        let n = 200_000
        let nn = Double(n)
        for (i, mu) in [0.5, 3, 9.99, 10, 40, 1000].enumerated() {
            var s = RandomStream(seed: 2024, event: UInt64(10 + i), stage: .pileup)
            var xs = [Double](); xs.reserveCapacity(n)
            for _ in 0..<n {
                let k = s.poisson(mean: mu)
                XCTAssertGreaterThanOrEqual(k, 0)
                xs.append(Double(k))
            }
            let (mean, variance) = Self.moments(xs)
            XCTAssertEqual(mean, mu, accuracy: Self.k * (mu / nn).squareRoot(), "μ = \(mu)")
            XCTAssertEqual(variance, mu, accuracy: Self.k * ((mu + 2 * mu * mu) / nn).squareRoot(), "μ = \(mu)")
        }
    }

    /// The shape, not just two moments: χ² of the observed counts against the Poisson
    /// probabilities e^−μ μ^k / k!, bins with fewer than 20 expected merged into the
    /// tails. Passes if χ² < ndf + 5√(2 ndf) (the χ² mean plus 5σ).
    func testPoissonShape() {
        let n = 200_000
        for (i, mu) in [0.5, 3, 10, 40, 1000].enumerated() {
            var s = RandomStream(seed: 99, event: UInt64(i), stage: .pileup)
            var counts: [Int: Int] = [:]
            for _ in 0..<n { counts[s.poisson(mean: mu), default: 0] += 1 }
            // Central bins [lo, hi] each expecting ≥ 20, plus the two tails.
            let pmf = { (k: Int) in exp(-mu + Double(k) * log(mu) - logFactorial(k)) }
            var lo = Int(mu), hi = Int(mu)
            while lo > 0 && pmf(lo - 1) * Double(n) >= 20 { lo -= 1 }
            while pmf(hi + 1) * Double(n) >= 20 { hi += 1 }
            var chi2 = 0.0
            var below = 0.0
            for k in 0..<lo { below += pmf(k) }
            var cumulative = below
            func add(_ observed: Int, _ p: Double) {
                let e = p * Double(n)
                chi2 += (Double(observed) - e) * (Double(observed) - e) / e
            }
            if lo > 0 { add(counts.filter { $0.key < lo }.values.reduce(0, +), below) }
            for k in lo...hi { add(counts[k, default: 0], pmf(k)); cumulative += pmf(k) }
            add(counts.filter { $0.key > hi }.values.reduce(0, +), 1 - cumulative)
            let ndf = Double(hi - lo + 1 + (lo > 0 ? 1 : 0))   // bins − 1
            XCTAssertLessThan(chi2, ndf + 5 * (2 * ndf).squareRoot(), "μ = \(mu): χ² = \(chi2), ndf = \(ndf)")
        }
    }

    /// P(0) = e^−μ: the small-mean inversion branch gets the zero bin right.
    func testPoissonZeroFraction() {
        let n = 400_000, mu = 0.5
        var s = RandomStream(seed: 4, event: 4, stage: .pileup)
        let zeros = (0..<n).reduce(0) { acc, _ in acc + (s.poisson(mean: mu) == 0 ? 1 : 0) }
        let p0 = exp(-mu)
        XCTAssertEqual(Double(zeros) / Double(n), p0, accuracy: Self.k * (p0 * (1 - p0) / Double(n)).squareRoot())
    }

    func testPoissonZeroMeanDrawsNothing() {
        var s = RandomStream(seed: 4, event: 4, stage: .pileup)
        XCTAssertEqual(s.poisson(mean: 0), 0)
        XCTAssertEqual(s.blocksUsed, 0)
    }

    /// ln k! from the table and from Stirling's series against lgamma(k + 1)
    /// (Γ(n + 1) = n!), across the switch at k = 256.
    func testLogFactorial() {
        XCTAssertEqual(logFactorial(0), 0)
        XCTAssertEqual(logFactorial(1), 0)
        XCTAssertEqual(logFactorial(5), log(120.0), accuracy: 1e-14)
        for k in [10, 100, 255, 256, 257, 1_000, 100_000] {
            XCTAssertEqual(logFactorial(k), lgamma(Double(k) + 1), accuracy: 1e-12 * max(1, lgamma(Double(k) + 1)), "k = \(k)")
        }
    }

    // MARK: Breit–Wigner

    /// Cauchy(m, Γ): median m, quartiles m ∓ Γ/2. Standard error of the p-quantile:
    /// √(p(1−p)/n) / f(x_p), with f(m) = 2/(πΓ) and f(m ± Γ/2) = 1/(πΓ).
    func testBreitWignerMedianAndQuartiles() {
        let n = 400_000
        let mass = 91.188, width = 2.4955
        var s = RandomStream(seed: 2024, event: 4, stage: .generation)
        var xs = (0..<n).map { _ in s.breitWigner(mass: mass, width: width) }
        xs.sort()
        let nn = Double(n)
        let seMedian = 0.5 / nn.squareRoot() * Double.pi * width / 2
        let seQuartile = (3.0 / 16 / nn).squareRoot() * Double.pi * width
        XCTAssertEqual(xs[n / 2], mass, accuracy: Self.k * seMedian)
        XCTAssertEqual(xs[n / 4], mass - width / 2, accuracy: Self.k * seQuartile)
        XCTAssertEqual(xs[3 * n / 4], mass + width / 2, accuracy: Self.k * seQuartile)
    }

    /// Truncated to [m − Γ, m + 3Γ]: every value inside; the truncated CDF
    /// F(x) = (atan(2(x−m)/Γ) − atan(−2)) / (atan(6) − atan(−2)) gives the median
    /// x = m + (Γ/2)·tan(½(atan 6 + atan(−2))).
    func testTruncatedBreitWigner() {
        let n = 200_000
        let mass = 40.0, width = 4.0
        let range = (mass - width)...(mass + 3 * width)
        var s = RandomStream(seed: 2024, event: 5, stage: .generation)
        var xs = (0..<n).map { _ in s.breitWigner(mass: mass, width: width, in: range) }
        XCTAssertTrue(xs.allSatisfy { range.contains($0) })
        xs.sort()
        let expectedMedian = mass + width / 2 * tan(0.5 * (atan(6.0) + atan(-2.0)))
        // f at the median: (1/(atan6 − atan(−2)))·(2/Γ)/(1 + t²), t = 2(x − m)/Γ.
        let t = 2 * (expectedMedian - mass) / width
        let density = 1 / (atan(6.0) - atan(-2.0)) * (2 / width) / (1 + t * t)
        XCTAssertEqual(xs[n / 2], expectedMedian, accuracy: Self.k * 0.5 / Double(n).squareRoot() / density)
        // A half-infinite window works too.
        for _ in 0..<1_000 { XCTAssertGreaterThanOrEqual(s.breitWigner(mass: 1, width: 0.1, in: 0.95...Double.infinity), 0.95) }
    }

    func testZeroWidthBreitWignerIsTheMass() {
        var s = RandomStream(seed: 1, event: 1, stage: .generation)
        XCTAssertEqual(s.breitWigner(mass: 125, width: 0), 125)
        XCTAssertEqual(s.breitWigner(mass: 125, width: 0, in: 130...140), 130)
        XCTAssertEqual(s.blocksUsed, 0)
    }

    // MARK: Isotropic directions

    /// Uniform on the sphere: |v| = 1; each component has mean 0 and ⟨c²⟩ = 1/3
    /// (variance of c² is 1/5 − 1/9 = 4/45); distinct components uncorrelated.
    func testIsotropicUnitVector() {
        let n = 300_000
        var s = RandomStream(seed: 2024, event: 6, stage: .decays)
        var sum = Vector3.zero, sum2 = Vector3.zero
        var sxy = 0.0
        for _ in 0..<n {
            let v = s.isotropicUnitVector()
            XCTAssertEqual(v.mag, 1, accuracy: 1e-15)
            sum += v
            sum2 += Vector3(v.x * v.x, v.y * v.y, v.z * v.z)
            sxy += v.x * v.y
        }
        let nn = Double(n)
        let seMean = (1.0 / 3 / nn).squareRoot(), seSquare = (4.0 / 45 / nn).squareRoot()
        for (c, c2) in [(sum.x, sum2.x), (sum.y, sum2.y), (sum.z, sum2.z)] {
            XCTAssertEqual(c / nn, 0, accuracy: Self.k * seMean)
            XCTAssertEqual(c2 / nn, 1.0 / 3, accuracy: Self.k * seSquare)
        }
        // ⟨xy⟩ = 0 with variance ⟨x²y²⟩ = 1/15.
        XCTAssertEqual(sxy / nn, 0, accuracy: Self.k * (1.0 / 15 / nn).squareRoot())
    }

    // MARK: Helpers

    /// Sample mean and (n − 1)-normalized variance, by a two-pass sum.
    static func moments(_ xs: [Double]) -> (mean: Double, variance: Double) {
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        let variance = xs.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (mean, variance)
    }
}
