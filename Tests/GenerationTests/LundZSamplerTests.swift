import EventModel
import Foundation
import XCTest
@testable import Generation

/// The Lund z sampler with the tabulated envelope (``LundZTable``): its envelope really bounds
/// f(z) = z^c (1 − z)^a exp(−b m⊥²/z) from above (and its squeeze from below) everywhere in
/// the table, and the sampled z follow f, checked against f integrated numerically here
/// (independently of the sampler's own tables), for light, diquark and heavy ends.
final class LundZSamplerTests: XCTestCase {
    /// In every B bin of the three tables, at B and z drawn across each z bin: ln f(z; B) −
    /// ln h_j ≤ 0 (the envelope bounds f: rejection is exact) and f/h_j ≥ the squeeze ratio
    /// (accepting below it without the logarithm takes the decision plain rejection takes).
    func testEnvelopeBoundsTheLundFunction() throws {
        let tables = LundZTables.monash
        var rng = RandomStream(seed: 5, event: 0, stage: .generation, substream: 0)
        var checked = 0
        for index in 0..<3 {
            // The exponents, and the slots and reference values as the sampler reads them.
            let table = try XCTUnwrap(tables.tables[index])
            let nz = LundZTable.zBins
            for k in 0..<LundZTable.bBins {
                let b0 = LundZTable.lowerEdge(k), b1 = LundZTable.lowerEdge(k + 1)
                let lnRef = tables.refs[index * LundZTable.bBins + k]
                for j in 0..<nz {
                    let slot = tables.slots[(index * LundZTable.bBins + k) * nz + j]
                    // The edges of the bin (B₀ at its lower edge, and just below B₁) and random points.
                    for t in 0..<6 {
                        let bb = t == 0 ? b0 : (t == 1 ? b1 * (1 - 1e-15) : b0 + (b1 - b0) * rng.uniform01())
                        XCTAssertEqual(LundZTable.bin(bb), k)
                        let z = slot.z0 + slot.width * (t < 2 ? 0.5 : rng.uniform01())
                        guard z > 0 && z < 1 else { continue }
                        let l = LundZTable.lnF(z, c: table.c, a: table.a, bMT2: bb) - lnRef - Double(slot.lnH)
                        XCTAssertLessThanOrEqual(l, 0, "c \(table.c) a \(table.a) B \(bb) z \(z)")
                        if slot.squeeze > 0 {
                            XCTAssertGreaterThanOrEqual(l, log(Double(slot.squeeze)) - 1e-12, "c \(table.c) a \(table.a) B \(bb) z \(z)")
                        }
                        // One report is enough.
                        if l > 0 || (slot.squeeze > 0 && l < log(Double(slot.squeeze)) - 1e-12) { return }
                        checked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 3 * LundZTable.bBins * LundZTable.zBins * 5)
    }

    /// Histograms of 300 000 sampled z against f(z) integrated numerically (midpoint rule on
    /// 400 000 steps in ln z below z = ½, in z above; the integrand is smooth, so the bin
    /// contents are exact to far below their statistical errors), 40 bins of equal expected
    /// content: χ² below 39 + 5 √78 ≈ 83 (mean 39 and standard deviation √78 for 39 degrees of
    /// freedom; a correct sampler fails with probability ~10⁻⁵ per point). Points: π, K, ρ,
    /// proton-like m⊥ with light ends; a diquark made (a_β = 1.65) and a diquark end (a_α =
    /// 1.65); D and B mesons with and without the Bowler term (r_c b m_c², r_b b m_b²:
    /// those take the uniform trials), and m⊥ beyond the table (the uniform trials). Monash
    /// parameters, b = 0.98 GeV⁻².
    func testSampledZFollowsTheLundFunction() {
        let lund = LundFragmentation()
        let cfg = lund.config
        let b = cfg.bLundPerGeV2
        let bowlerC = cfg.rFactC * b * 1.5 * 1.5, bowlerB = cfg.rFactB * b * 4.8 * 4.8
        // (old diquark, new diquark, m⊥², Bowler term)
        let points: [(Bool, Bool, Double, Double)] = [
            (false, false, 0.135 * 0.135 + 0.01, 0),      // soft π⁰
            (false, false, 0.14 * 0.14 + 0.2, 0),         // π
            (false, false, 0.494 * 0.494 + 0.15, 0),      // K
            (false, false, 0.775 * 0.775 + 0.3, 0),       // ρ
            (false, true, 0.938 * 0.938 + 0.2, 0),        // a baryon with a new diquark
            (true, false, 1.116 * 1.116 + 0.2, 0),        // a baryon from a diquark end
            (false, false, 1.87 * 1.87 + 0.2, 0),         // D, later step
            (false, false, 1.87 * 1.87 + 0.2, bowlerC),   // D from a c end
            (false, false, 5.28 * 5.28 + 0.2, 0),         // B, later step
            (false, false, 5.28 * 5.28 + 0.2, bowlerB),   // B from a b end
            (false, false, 9.46 * 9.46 + 0.2, 0),         // beyond the table
        ]
        for (n, (oldDQ, newDQ, mT2, bowler)) in points.enumerated() {
            let aOld = cfg.aLund + (oldDQ ? cfg.aExtraDiquark : 0), aNew = cfg.aLund + (newDQ ? cfg.aExtraDiquark : 0)
            let c = aOld - aNew - 1 - bowler, a = aNew, bb = b * mT2
            func f(_ z: Double) -> Double { exp(c * log(z) + a * log(1 - z) - bb / z - lnScale) }
            // Scale: ln f at its maximum (so that f ≤ 1 and nothing underflows).
            let zTop = LundZTable.zMax(c: c, a: a, bMT2: bb) ?? 0.5
            let lnScale = c * log(zTop) + a * log(1 - zTop) - bb / zTop
            // Cumulative integral on a fine grid: ln z from 10⁻⁶ to ½, then z from ½ to 1.
            let steps = 200_000
            var grid = [Double](), cdf = [Double]()
            grid.reserveCapacity(2 * steps + 1); cdf.reserveCapacity(2 * steps + 1)
            grid.append(1e-6); cdf.append(0)
            let lnLow = log(1e-6), lnHalf = log(0.5)
            for i in 0..<steps {
                let t0 = lnLow + (lnHalf - lnLow) * Double(i) / Double(steps)
                let t1 = lnLow + (lnHalf - lnLow) * Double(i + 1) / Double(steps)
                let tm = 0.5 * (t0 + t1), zm = exp(tm)
                cdf.append(cdf[cdf.count - 1] + f(zm) * zm * (t1 - t0))
                grid.append(exp(t1))
            }
            for i in 0..<steps {
                let z0 = 0.5 + 0.5 * Double(i) / Double(steps), z1 = 0.5 + 0.5 * Double(i + 1) / Double(steps)
                cdf.append(cdf[cdf.count - 1] + f(0.5 * (z0 + z1)) * (z1 - z0))
                grid.append(z1)
            }
            let total = cdf[cdf.count - 1]
            let bins = 40
            // Bin edges at the quantiles k/40 of the numerical CDF (grid points: the
            // expected fraction of each bin is its CDF difference, whatever the rounding).
            var edgeIndex = [0]
            var i = 0
            for q in 1..<bins {
                while cdf[i] < total * Double(q) / Double(bins) { i += 1 }
                edgeIndex.append(i)
            }
            edgeIndex.append(grid.count - 1)
            let edges = edgeIndex.map { grid[$0] }
            let expectedFraction = (0..<bins).map { (cdf[edgeIndex[$0 + 1]] - cdf[edgeIndex[$0]]) / total }

            var counts = [Int](repeating: 0, count: bins)
            var rng = SplitStream(RandomStream(seed: 77, event: UInt64(n), stage: .generation, substream: 2))
            let samples = 300_000
            var below = 0
            for _ in 0..<samples {
                let z = lund.sampleZ(aOld: aOld, aNew: aNew, oldIsDiquark: oldDQ, newIsDiquark: newDQ,
                                     bMT2: bb, bowler: bowler, rng: &rng)
                XCTAssertTrue(z > 0 && z < 1)
                if z < edges[0] { below += 1; counts[0] += 1; continue }
                // Bisection for the bin.
                var lo = 0, hi = bins
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2
                    if z >= edges[mid] { lo = mid } else { hi = mid }
                }
                counts[lo] += 1
            }
            var chi2 = 0.0
            for k in 0..<bins {
                let e = expectedFraction[k] * Double(samples)
                chi2 += (Double(counts[k]) - e) * (Double(counts[k]) - e) / e
            }
            // f below z = 10⁻⁶ is below e^{−B · 10⁶}: nothing may land there.
            XCTAssertEqual(below, 0)
            XCTAssertLessThan(chi2, 83, "point \(n): old diquark \(oldDQ), new diquark \(newDQ), m⊥² \(mT2), Bowler \(bowler)")
        }
    }
}
