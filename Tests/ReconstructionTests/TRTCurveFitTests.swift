import Foundation
import XCTest
@testable import Reconstruction

/// The TRT side settling's kinked curve fit (``KinkedCurveFit``), whose sums skip each
/// straw's zero design columns (the kinks beyond it) and whose normal matrix is updated for
/// the straws whose choice changed: against a plain fit over every column the corrections
/// must be the same bits for a first choice and the same to rounding after updates, and on
/// straws generated from a known curve with kinks the fit must give that curve back.
final class TRTCurveFitTests: XCTestCase {
    /// The plain normal equations over all m columns, the same Cholesky solve: the reference
    /// the shortened sums must reproduce bit for bit (a skipped term is an exact zero), and
    /// the updated sums to rounding.
    private func plainCorrection(f: [Double], x: [Double], kinkX: [Double], prior: [Double], keep: [Bool],
                                 measured: [Double], predicted: [Double], w: Double) -> [Double]? {
        let n = f.count, m = 3 + kinkX.count
        var design = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            design[i * m] = f[i]
            design[i * m + 1] = f[i] * x[i]
            design[i * m + 2] = f[i] * x[i] * x[i] / 2
            for j in 0..<kinkX.count { design[i * m + 3 + j] = f[i] * max(0, x[i] - kinkX[j]) }
        }
        var b = [Double](repeating: 0, count: m)
        for i in 0..<n where keep[i] {
            let y = measured[i] - predicted[i]
            for r in 0..<m { b[r] += w * design[i * m + r] * y }
        }
        var a = [Double](repeating: 0, count: m * m)
        for r in 0..<m { a[r * m + r] = prior[r] }
        for i in 0..<n where keep[i] {
            for r in 0..<m {
                let vr = w * design[i * m + r]
                for c in r..<m { a[r * m + c] += vr * design[i * m + c] }
            }
        }
        for j in 0..<m {
            var d = a[j * m + j]
            for k in 0..<j { d -= a[j * m + k] * a[j * m + k] }
            guard d > 0, d.isFinite else { return nil }
            let l = d.squareRoot()
            a[j * m + j] = l
            for i in (j + 1)..<m {
                var s = a[j * m + i]
                for k in 0..<j { s -= a[i * m + k] * a[j * m + k] }
                a[i * m + j] = s / l
            }
        }
        for i in 0..<m {
            var s = b[i]
            for k in 0..<i { s -= a[i * m + k] * b[k] }
            b[i] = s / a[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            var s = b[i]
            for k in (i + 1)..<m { s -= a[k * m + i] * b[k] }
            b[i] = s / a[i * m + i]
        }
        return (0..<n).map { i in
            var s = 0.0
            for r in 0..<m { s += design[i * m + r] * b[r] }
            return s
        }
    }

    /// 200 random straw sets (10–60 straws, 0–6 kinks, end-cap-like f ≠ 1, a third left out,
    /// solved twice with the same straws to use the kept factor). The first choice of straws
    /// is summed afresh: identical bits. The next two choices update the sums for the straws
    /// that changed (added or subtracted terms), which differs from the plain sums by
    /// rounding: each sum takes ≲ 100 roundings of 2⁻⁵³ (≈ 10⁻¹⁴ relative), and the solve may
    /// amplify that by the normal matrix's condition number; the tolerance, 10⁻¹⁰ of the
    /// largest correction, allows an amplification of 10⁴ (the largest difference in these
    /// trials is 1.0 × 10⁻¹³ of it; 10⁻¹⁰ × 10 mm is 10⁻⁸ of the 130 µm drift resolution).
    func testShortenedAndUpdatedSumsMatchThePlainFit() {
        var g = XorShiftStar(seed: 0x7e57_c0de)
        for trial in 0..<200 {
            let n = 10 + Int(g.next() % 51), kinks = Int(g.next() % 7)
            let x = (0..<n).map { _ in g.uniform(-300, 300) }.sorted()
            let f = (0..<n).map { _ in trial % 2 == 0 ? 1 : g.uniform(0.5, 1.5) }
            let kinkX = (0..<kinks).map { _ in g.uniform(-300, 300) }.sorted()
            let prior = [1 / 0.25, 1e4 / 0.25, 1e6] + kinkX.map { _ in 1 / (0.002 * 0.002) }
            let predicted = (0..<n).map { _ in g.uniform(-2, 2) }
            let measured = (0..<n).map { _ in g.uniform(-2, 2) }
            var fit = KinkedCurveFit(f: f, x: x, kinkX: kinkX, prior: prior)
            for pass in 0..<3 {
                let keep = (0..<n).map { _ in pass == 2 || g.next() % 3 != 0 }
                let w = 1 / (0.13 * 0.13)
                for _ in 0..<2 {
                    let ok = fit.solve(keep: keep, measured: measured, predicted: predicted, weight: w)
                    let reference = plainCorrection(f: f, x: x, kinkX: kinkX, prior: prior, keep: keep, measured: measured,
                                                    predicted: predicted, w: w)
                    XCTAssertEqual(ok, reference != nil, "trial \(trial)")
                    guard let reference else { continue }
                    if pass == 0 {
                        XCTAssertEqual(fit.correction.map(\.bitPattern), reference.map(\.bitPattern), "trial \(trial)")
                    } else {
                        let scale = reference.map { abs($0) }.max() ?? 0
                        for i in 0..<n {
                            XCTAssertEqual(fit.correction[i], reference[i], accuracy: 1e-10 * scale, "trial \(trial) pass \(pass) straw \(i)")
                        }
                    }
                }
            }
        }
    }

    /// Straws on a known curve (offset 0.3 mm, angle 2 mrad, curvature 1e-6/mm, kinks of 1 and
    /// −2 mrad at x = −50 and 120 mm) with weak priors: the fit's correction reproduces the
    /// curve to 1e-6 mm (a linear model on exact data; the priors pull by ≲ 1e-8 mm).
    func testFitRecoversAKinkedCurve() {
        let n = 40
        let x = (0..<n).map { -250 + 12.5 * Double($0) }
        let f = [Double](repeating: 1, count: n)
        let kinkX = [-50.0, 120.0]
        let truth: (Double) -> Double = { x in
            0.3 + 0.002 * x + 1e-6 * x * x / 2 + 0.001 * max(0, x + 50) - 0.002 * max(0, x - 120)
        }
        let predicted = (0..<n).map { Double($0 % 5) * 0.1 }
        let measured = (0..<n).map { predicted[$0] + truth(x[$0]) }
        var fit = KinkedCurveFit(f: f, x: x, kinkX: kinkX, prior: [1e-6, 1e-6, 1e-6, 1e-6, 1e-6])
        XCTAssertTrue(fit.solve(keep: [Bool](repeating: true, count: n), measured: measured, predicted: predicted,
                                weight: 1 / (0.13 * 0.13)))
        for i in 0..<n { XCTAssertEqual(fit.correction[i], truth(x[i]), accuracy: 1e-6, "straw \(i)") }
    }
}

/// A small deterministic generator for the test's random straw sets (xorshift*).
private struct XorShiftStar {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * Double(next() >> 11) / Double(1 << 53)
    }
}
