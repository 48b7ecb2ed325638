import EventModel
import Foundation
import XCTest
@testable import Generation

/// The cheaper random numbers of the string and the decays: ``SplitStream`` (two 32-bit
/// uniforms per Philox draw, the polar Gaussian), ``PhaseSpace/direction(rng:)`` (Marsaglia's
/// sphere point) and ``HadronMasses/minimum(_:)`` (the floor the final two hadrons of a string
/// are checked against before their masses are drawn). Tolerances are statistical: 5 standard
/// errors of the sample, so that a correct sampler fails with probability below 10⁻⁵ per check.
final class StringRandomTests: XCTestCase {
    /// The halves of one draw are the two uniforms, high half first, and every half is used
    /// once: the uniforms of a split stream are exactly those of the raw 64-bit words.
    func testSplitStreamUsesEachHalfOnce() {
        var raw = RandomStream(seed: 7, event: 3, stage: .generation, substream: 9)
        var split = SplitStream(RandomStream(seed: 7, event: 3, stage: .generation, substream: 9))
        for _ in 0..<1000 {
            let w = raw.next()
            let hi = (Double(w >> 32) + 0.5) * 0x1p-32, lo = (Double(w & 0xFFFF_FFFF) + 0.5) * 0x1p-32
            XCTAssertEqual(split.coarseUniform(), hi)
            XCTAssertEqual(split.coarseUniform(), lo)
        }
        // A pair takes a new draw and leaves no spare behind.
        let w = raw.next()
        let pair = split.uniformPair()
        XCTAssertEqual(pair.0, (Double(w >> 32) + 0.5) * 0x1p-32)
        XCTAssertEqual(pair.1, (Double(w & 0xFFFF_FFFF) + 0.5) * 0x1p-32)
        XCTAssertEqual(split.finish().blocksUsed, raw.blocksUsed)
    }

    /// Uniforms stay inside (0, 1) at the extreme words, and their mean and variance are
    /// those of U(0, 1) (1/2, 1/12).
    func testSplitUniformsAreUniform() {
        XCTAssertGreaterThan(SplitStream.unit(0), 0)
        XCTAssertLessThan(SplitStream.unit(UInt32.max), 1)
        var split = SplitStream(RandomStream(seed: 11, event: 0, stage: .generation))
        let n = 200_000
        var sum = 0.0, sum2 = 0.0
        for _ in 0..<n {
            let u = split.coarseUniform()
            sum += u; sum2 += u * u
        }
        let mean = sum / Double(n), variance = sum2 / Double(n) - mean * mean
        XCTAssertEqual(mean, 0.5, accuracy: 5 * (1.0 / 12 / Double(n)).squareRoot())
        // Var of u² is 4/45, so the variance estimate has σ ≈ √(4/45/n) ≈ 6.7e-4.
        XCTAssertEqual(variance, 1.0 / 12, accuracy: 5 * (4.0 / 45 / Double(n)).squareRoot())
    }

    /// The polar Gaussian pair: each component has mean 0 and variance σ², the two are
    /// uncorrelated, and the tail beyond 2σ holds 4.55 % (a normal's) of each.
    func testSplitGaussianPairIsNormal() {
        var split = SplitStream(RandomStream(seed: 5, event: 1, stage: .generation))
        let n = 100_000, sigma = 0.3
        var s1 = 0.0, s2 = 0.0, q1 = 0.0, q2 = 0.0, cross = 0.0, tail = 0
        for _ in 0..<n {
            let (a, b) = split.gaussianPair(sigma: sigma)
            s1 += a; s2 += b; q1 += a * a; q2 += b * b; cross += a * b
            if abs(a) > 2 * sigma { tail += 1 }
        }
        let nd = Double(n), v = sigma * sigma
        XCTAssertEqual(s1 / nd, 0, accuracy: 5 * sigma / nd.squareRoot())
        XCTAssertEqual(s2 / nd, 0, accuracy: 5 * sigma / nd.squareRoot())
        // Var of x² is 2σ⁴.
        XCTAssertEqual(q1 / nd, v, accuracy: 5 * (2 * v * v / nd).squareRoot())
        XCTAssertEqual(q2 / nd, v, accuracy: 5 * (2 * v * v / nd).squareRoot())
        XCTAssertEqual(cross / nd, 0, accuracy: 5 * v / nd.squareRoot())
        let p = 0.0455
        XCTAssertEqual(Double(tail) / nd, p, accuracy: 5 * (p * (1 - p) / nd).squareRoot())
    }

    /// Marsaglia's sphere point: unit length; cos θ uniform on (−1, 1) (four equal bins);
    /// each Cartesian component with mean 0 and mean square 1/3; azimuth uniform (quadrants).
    func testPhaseSpaceDirectionIsIsotropic() {
        var rng = RandomStream(seed: 3, event: 2, stage: .decays)
        let n = 100_000
        var bins = [0, 0, 0, 0], quadrants = [0, 0, 0, 0]
        var sum = Vector3(0, 0, 0), sq = (0.0, 0.0, 0.0)
        for _ in 0..<n {
            let d = PhaseSpace.direction(rng: &rng)
            XCTAssertEqual(d.x * d.x + d.y * d.y + d.z * d.z, 1, accuracy: 1e-14)
            bins[min(Int((d.z + 1) * 2), 3)] += 1
            quadrants[(d.x > 0 ? 0 : 1) + (d.y > 0 ? 0 : 2)] += 1
            sum = sum + d
            sq.0 += d.x * d.x; sq.1 += d.y * d.y; sq.2 += d.z * d.z
        }
        let nd = Double(n)
        for count in bins + quadrants {
            XCTAssertEqual(Double(count) / nd, 0.25, accuracy: 5 * (0.25 * 0.75 / nd).squareRoot())
        }
        for c in [sum.x, sum.y, sum.z] { XCTAssertEqual(c / nd, 0, accuracy: 5 * (1.0 / 3 / nd).squareRoot()) }
        // x² of a uniform direction has mean 1/3 and variance 4/45.
        for c in [sq.0, sq.1, sq.2] { XCTAssertEqual(c / nd, 1.0 / 3, accuracy: 5 * (4.0 / 45 / nd).squareRoot()) }
    }

    /// ``HadronMasses/minimum(_:)`` is a floor of every mass draw, and reached (to 3 %) by the
    /// broad resonances, for the hadrons the string makes from u, d, s, c, b ends.
    func testMassFloorBoundsEveryDraw() {
        let masses = HadronMasses()
        let flavour = StringFlavour()
        var rng = RandomStream(seed: 1, event: 0, stage: .generation)
        var ids = Set<Int>()
        let ends = [1, 2, 3, 4, 5, -1, -2, -3, -4, -5, 2101, 2103, 2203, 1103, 3101, 3201, 3303]
        for _ in 0..<200 {
            for t in ends where (t > 0 && t < 10) || t < -1000 {
                for a in ends where (a < 0 && a > -10) || a > 1000 {
                    if let h = flavour.hadron(triplet: t, antitriplet: a, rng: &rng) { ids.insert(h) }
                }
            }
            for q in 1...5 {
                for a in ends where a > 1000 {
                    if let h = flavour.hadron(triplet: -a, antitriplet: -q, rng: &rng) { ids.insert(h) }
                }
            }
        }
        XCTAssertGreaterThan(ids.count, 50)
        for id in ids.sorted() {
            let floor = masses.minimum(id)
            XCTAssertGreaterThan(floor, 0, "\(id)")
            var lowest = Double.infinity
            for _ in 0..<20_000 { lowest = min(lowest, masses.sample(id, rng: &rng)) }
            XCTAssertGreaterThanOrEqual(lowest, floor, "\(id)")
            XCTAssertLessThanOrEqual(lowest, floor * 1.03 + 1e-9, "\(id): floor \(floor) far below the draws (lowest \(lowest))")
        }
    }

    /// The Lund z sampler settles most trials by the bounds 1 − 1/u ≤ ln u ≤ u − 1 instead of
    /// ln u; it must take exactly the decisions of plain rejection (accept iff
    /// ln F(z) − ln F_max > ln u, with the same draws), so its z values are compared with that
    /// reference, written out here, trial for trial over light and diquark ends, with and
    /// without the Bowler term, from small to large transverse masses (b = 0.98 GeV⁻²). Any
    /// later shortcut in the trials (bounds on ln F) must pass it too.
    func testLundZBoundsDecideAsTheLogarithms() {
        let lund = LundFragmentation()
        var checked = 0
        for (aOld, aNew) in [(0.68, 0.68), (1.65, 0.68), (0.68, 1.65), (1.65, 1.65)] {
            for bowler in [0.0, 0.67 * 0.98 * 1.5 * 1.5, 0.67 * 0.98 * 4.8 * 4.8] {
                for bMT2 in [0.98 * 0.04, 0.98 * 0.3, 0.98 * 2, 0.98 * 30] {
                    let c = aOld - aNew - 1 - bowler, a = aNew, bb = bMT2
                    func logF(_ z: Double) -> Double { c * log(z) + a * log(1 - z) - bb / z }
                    // The maximum as `sampleZ` finds it (the root in (0, 1) of its quadratic).
                    let qa = c + a, qb = -(c - bb), qc = -bb
                    let disc = max(qb * qb - 4 * qa * qc, 0).squareRoot()
                    let r1 = (-qb + disc) / (2 * qa), r2 = (-qb - disc) / (2 * qa)
                    let zMax = (r1 > 0 && r1 < 1) ? r1 : r2
                    XCTAssertTrue(zMax > 0 && zMax < 1)
                    let fMax = logF(zMax)
                    var fast = SplitStream(RandomStream(seed: 11, event: UInt64(checked), stage: .generation, substream: 1))
                    var slow = fast
                    for _ in 0..<2000 {
                        let z = lund.sampleZByUniformTrials(aOld: aOld, aNew: aNew, bMT2: bMT2, bowler: bowler, rng: &fast)
                        var reference = zMax
                        for _ in 0..<10_000 {
                            let (t, u) = slow.uniformPair()
                            if logF(t) - fMax > log(u) { reference = t; break }
                        }
                        XCTAssertEqual(z, reference, "aOld \(aOld) aNew \(aNew) bowler \(bowler) bmT² \(bMT2)")
                        if z != reference { return }
                    }
                    XCTAssertEqual(fast.finish().blocksUsed, slow.finish().blocksUsed)
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 48)
    }
}
