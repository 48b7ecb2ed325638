import Foundation
import XCTest
import EventModel
@testable import Generation

/// The trial bands of the final-state shower's massless radiators (``ShowerBandGrid``): each
/// band's z range holds the physical region of every p⊥² in it, the bound of ln it uses for
/// the band edges is an upper bound, and the walk across the bands draws trials from the
/// overestimate's own law.
final class ShowerBandGridTests: XCTestCase {
    /// Every band's z range holds the kinematic range √a < z < 1 − √a of every a = p⊥²/M² in
    /// it (``FinalStateShower/masslessZMin(_:_:)``), the band of a holds a, and the tabulated
    /// z range and logarithm are those of the band's lower edge. Reference: the definitions.
    func testBandsHoldThePhysicalRegion() {
        let grid = FinalStateShower().grid
        let w = Double(ShowerBandGrid.octaves)
        for n in 0..<60 {
            let upper = 0.25 * pow(2, -w * Double(n)), lower = 0.25 * pow(2, -w * Double(n + 1))
            XCTAssertEqual(grid.zMin[n], lower.squareRoot(), accuracy: 1e-15, "band \(n)")
            XCTAssertEqual(grid.logRange[n], log((1 - grid.zMin[n]) / grid.zMin[n]), accuracy: 1e-12, "band \(n)")
            for k in 0...40 {
                // From the lower to the upper edge, in steps of ln a.
                let a = lower * pow(upper / lower, Double(k) / 40)
                XCTAssertLessThanOrEqual(grid.zMin[n], FinalStateShower.masslessZMin(a * 1000, 1000) * (1 + 1e-14), "band \(n), a = \(a)")
                if k > 0 && k < 40 {
                    XCTAssertEqual(ShowerBandGrid.band(ofA: a), n, "a = \(a)")
                }
            }
        }
        XCTAssertEqual(ShowerBandGrid.band(ofA: 0.25), 0)
        XCTAssertEqual(ShowerBandGrid.band(ofA: 0.3), 0)
        XCTAssertEqual(ShowerBandGrid.band(ofA: 0), ShowerBandGrid.count - 1)
        XCTAssertEqual(ShowerBandGrid.band(ofA: .nan), ShowerBandGrid.count - 1)
    }

    /// ``ShowerBandGrid/lnUpperBound(_:)`` is ≥ ln x and within ln(1 + 1/256) of it, from just above
    /// the shower's cut-off (L ≈ 3) to far above any collider's scale, and at powers of two.
    /// Reference: the library's `log`.
    func testLogarithmBoundIsAnUpperBound() {
        let grid = FinalStateShower().grid
        var x = 1e-3
        while x < 1e6 {
            for y in [x, x.nextUp, x.nextDown, pow(2, (log2(x)).rounded())] {
                let bound = grid.lnUpperBound(y)
                XCTAssertGreaterThanOrEqual(bound, log(y), "x = \(y)")
                XCTAssertLessThan(bound - log(y), log(1 + 1.0 / 256) + 1e-11, "x = \(y)")
            }
            x *= 1.0137
        }
    }

    /// The walk across the bands from one exponential deviate gives the first trial below the
    /// top with the overestimate's law: P(no trial above λ) = exp(−∫_λ^λtop r(λ′) dλ′), r the
    /// rate of the band holding λ′. Reference: that integral, worked out band by band from the
    /// exact band edges λ_n = ln(ln(A_n M²/Λ̂²)) (the walk uses an upper bound of ln(M²/Λ̂²) and
    /// of each edge's logarithm; those move the edges by < 0.005 in λ, which changes the
    /// integrated rate by ≈ 10⁻³, below what 100 000 trials resolve). Histogram of λ in 30 bins from the cut-off to the top plus "none above
    /// the cut-off": χ² for 30 degrees of freedom, limit 30 + 5√60 ≈ 69. A grid whose rates
    /// are 3 % too low (an overestimate lowered on purpose) must fail the same comparison.
    func testWalkFollowsTheOverestimate() {
        let shower = FinalStateShower()
        let lambda2 = shower.coupling.overestimateLambda2
        let pT2Min = shower.config.pTMinGeV * shower.config.pTMinGeV
        let cutoffLog = log(pT2Min / lambda2), cutoffLambda = log(cutoffLog)
        let low = ShowerBandGrid(gluonEmit: 0.97 * FinalStateShower.cA,
                                 gluonSplit: 0.97 * Double(shower.config.gluonSplittingFlavours) * FinalStateShower.splitOver,
                                 quarkEmit: 0.97 * 2 * FinalStateShower.cF, b0: shower.coupling.b0Five)
        let trials = 100_000
        // (M, top as a fraction of M², radiator).
        let cases: [(m: Double, topA: Double, gluon: Bool)] = [(91, 0.25, false), (91, 0.25, true), (12, 0.013, true),
                                                                (1500, 0.004, false)]
        for (c, item) in cases.enumerated() {
            let m2 = item.m * item.m
            let top = item.topA * m2
            let topLambda = log(log(top / lambda2))
            let m2Log = log(m2 / lambda2)
            // Exact band edges in λ below the top, and the integrated rate from the top down
            // to any λ.
            let rates = item.gluon ? shower.grid.gluonRate : shower.grid.quarkRate
            func integrated(to lambda: Double) -> Double {
                var sum = 0.0, upper = topLambda
                var n = ShowerBandGrid.band(ofA: item.topA)
                while upper > lambda {
                    let edgeLog = m2Log + shower.grid.lnLowerA[n]
                    let edge = edgeLog > cutoffLog ? log(edgeLog) : -Double.infinity
                    let lower = max(edge, lambda)
                    sum += rates[n] * (upper - lower)
                    upper = lower
                    n += 1
                }
                return sum
            }
            let bins = 30
            let width = (topLambda - cutoffLambda) / Double(bins)
            var expected = [Double]()
            for b in 0..<bins {
                let lo = cutoffLambda + Double(b) * width, hi = lo + width
                expected.append(Double(trials) * (exp(-integrated(to: hi)) - exp(-integrated(to: lo))))
            }
            expected.append(Double(trials) * exp(-integrated(to: cutoffLambda)))

            func chiSquare(_ grid: ShowerBandGrid) -> Double {
                var rng = RandomStream(seed: 99, event: UInt64(c), stage: .generation)
                var counts = [Double](repeating: 0, count: bins + 1)
                for _ in 0..<trials {
                    let found = grid.trial(exponential: rng.exponential(mean: 1), topA: item.topA, topLambda: topLambda,
                                           m2Log: shower.grid.lnUpperBound(m2 / lambda2), cutoffLog: cutoffLog,
                                           cutoffLambda: cutoffLambda, gluon: item.gluon)
                    if let found, found.lambda > cutoffLambda {
                        counts[min(Int((found.lambda - cutoffLambda) / width), bins - 1)] += 1
                    } else {
                        counts[bins] += 1
                    }
                }
                return zip(counts, expected).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / max($1.1, 1) }
            }
            let good = chiSquare(shower.grid), lowered = chiSquare(low)
            print(String(format: "M = %.0f GeV, top a = %.3f, %@: χ² %.1f (rates 3 %% low: %.1f) for 30 ndf",
                         item.m, item.topA, item.gluon ? "gluon" : "quark", good, lowered))
            XCTAssertLessThan(good, 69, "case \(c)")
            XCTAssertGreaterThan(lowered, 69, "case \(c): a 3 % lower overestimate is not seen")
        }
    }
}
