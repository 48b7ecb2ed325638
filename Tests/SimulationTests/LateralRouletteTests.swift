import XCTest
import Foundation
import EventModel
@testable import Simulation

/// `LateralRoulette` (row by row, bisection on prefix sums) must keep exactly the cells that
/// the plain walk over every cell keeps — the systematic sampling `spread` did before: a
/// cell at or above the cut-off gets f·E, a cell below it adds f·E/cut to a running sum that
/// starts at the offset, and is kept at the cut-off where the sum passes an integer. The
/// windows are made as `spread` makes them (core + tail marginals from the cumulative
/// F(x) = ½(1 + x/√(x² + R²)), axis anywhere in its cell), over sizes 1–25, radii from a
/// tenth of a cell to several cells and deposits from 1 to 10⁴ cut-offs. The two may differ
/// only where a running sum lands within rounding (10⁻¹⁵) of an integer, which 3 000 random
/// windows do not reach: the lists must be equal, cell for cell and in order.
final class LateralRouletteTests: XCTestCase {
    struct Kept: Equatable {
        var a: Int, c: Int, f: Double
    }

    func testRowwiseSamplingKeepsTheCellsOfTheCellByCellWalk() {
        var rng = RandomStream(seed: 5, event: 0, stage: .simulation)
        var totalRoulette = 0, rowsWithTwo = 0, totalAbove = 0
        for _ in 0..<3_000 {
            let half = [0, 1, 2, 3, 5, 8, 12].randomElement(using: &rng)
            let halfJ = [0, 1, 2, 4, 6, 12].randomElement(using: &rng)
            let wI = 2 * half + 1, wJ = 2 * halfJ + 1
            let rc = 0.1 * pow(10, rng.uniform01()), rt = rc * (2 + 6 * rng.uniform01())
            let x0 = rng.uniform01(), y0 = rng.uniform01()   // axis inside the centre cell (cell units)
            func cdf(_ x: Double, _ r: Double) -> Double { 0.5 * (1 + x / (x * x + r * r).squareRoot()) }
            var etaCore = [Double](repeating: 0, count: wI), etaTail = etaCore
            var phiCore = [Double](repeating: 0, count: wJ), phiTail = phiCore
            var cumCore = [Double](repeating: 0, count: wJ + 1), cumTail = cumCore
            var sEC = 0.0, sET = 0.0, sPC = 0.0, sPT = 0.0
            for a in 0..<wI {
                let lo = Double(a - half) - x0, hi = lo + 1
                etaCore[a] = cdf(hi, rc) - cdf(lo, rc); sEC += etaCore[a]
                etaTail[a] = cdf(hi, rt) - cdf(lo, rt); sET += etaTail[a]
            }
            for c in 0..<wJ {
                let lo = Double(c - halfJ) - y0, hi = lo + 1
                phiCore[c] = cdf(hi, rc) - cdf(lo, rc); sPC += phiCore[c]
                phiTail[c] = cdf(hi, rt) - cdf(lo, rt); sPT += phiTail[c]
                cumCore[c + 1] = sPC; cumTail[c + 1] = sPT
            }
            let pc = 0.5 + 0.45 * rng.uniform01(), pt = 1 - pc
            let norm = pc * sEC * sPC + pt * sET * sPT
            let cutoff = 0.003, active = cutoff * pow(10, 4 * rng.uniform01())
            let offset = rng.uniform01()

            // The walk over every cell.
            var expected: [Kept] = []
            var roulette = offset
            let perCutoff = active / cutoff
            for a in 0..<wI {
                let ec = etaCore[a] * pc / norm, et = etaTail[a] * pt / norm
                for c in 0..<wJ {
                    let f = ec * phiCore[c] + et * phiTail[c]
                    guard f > 0 else { continue }
                    if f * active < cutoff {
                        roulette += f * perCutoff
                        guard roulette >= 1 else { continue }
                        roulette -= 1
                        expected.append(Kept(a: a, c: c, f: 0))
                    } else {
                        expected.append(Kept(a: a, c: c, f: f))
                    }
                }
            }

            var found: [Kept] = []
            etaCore.withUnsafeMutableBufferPointer { ec in etaTail.withUnsafeMutableBufferPointer { et in
                phiCore.withUnsafeMutableBufferPointer { pcore in phiTail.withUnsafeMutableBufferPointer { ptail in
                    cumCore.withUnsafeMutableBufferPointer { cc in cumTail.withUnsafeMutableBufferPointer { ct in
                        let sampler = LateralRoulette(rows: wI, columns: wJ, centreColumn: halfJ,
                                                      etaCore: ec.baseAddress!, etaTail: et.baseAddress!,
                                                      phiCore: pcore.baseAddress!, phiTail: ptail.baseAddress!,
                                                      cumulativeCore: cc.baseAddress!, cumulativeTail: ct.baseAddress!,
                                                      coreWeight: pc, tailWeight: pt, norm: norm)
                        sampler.sample(active: active, cutoff: cutoff, offset: offset) { a, c, f in
                            found.append(Kept(a: a, c: c, f: f))
                        }
                    } }
                } }
            } }
            XCTAssertEqual(found, expected, "window \(wI)×\(wJ), rc \(rc), rt \(rt), E/cut \(perCutoff)")
            if found != expected { return }
            totalRoulette += expected.filter { $0.f == 0 }.count
            totalAbove += expected.filter { $0.f > 0 }.count
            rowsWithTwo += Dictionary(grouping: expected.filter { $0.f == 0 }, by: \.a).values.filter { $0.count > 1 }.count
        }
        // Not a vacuous comparison: both kinds of cells, and rows keeping several below the cut-off.
        XCTAssertGreaterThan(totalRoulette, 3_000)
        XCTAssertGreaterThan(totalAbove, 3_000)
        XCTAssertGreaterThan(rowsWithTwo, 100)
    }
}

private extension Array {
    func randomElement(using rng: inout RandomStream) -> Element {
        self[Swift.min(Int(rng.uniform01() * Double(count)), count - 1)]
    }
}
