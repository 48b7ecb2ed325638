import XCTest
@testable import Generation

/// The proton PDF (CTEQ5L, hep-ph/9903282, in J. Pumplin's closed-form parametrisation):
/// sum rules that any proton PDF obeys, and values of the same set as Pythia 8.318 gives them.
final class CTEQ5LTests: XCTestCase {
    let pdf = CTEQ5L()

    /// ∫₀¹ g(x) dx-style integral of `integrand(x)` = x f(x) over ln x on [10⁻⁶, 0.1] and over
    /// x on [0.1, 1], Simpson's rule with 2000 intervals each. Returns ∫ integrand(x)/x dx,
    /// i.e. pass x f to get the number integral, x·(x f) to get the momentum integral.
    func integrateOverX(_ xTimesIntegrand: (Double) -> Double) -> Double {
        func simpson(_ a: Double, _ b: Double, _ n: Int, _ g: (Double) -> Double) -> Double {
            let h = (b - a) / Double(n)
            var sum = g(a) + g(b)
            for i in 1..<n { sum += g(a + Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
            return sum * h / 3
        }
        // ∫ F(x)/x dx over [1e-6, 0.1] = ∫ F(e^t) dt.
        let low = simpson(log(1e-6), log(0.1), 2000) { t in xTimesIntegrand(exp(t)) }
        // Stop a hair short of x = 1, where every density vanishes as a power of (1 − x).
        let high = simpson(0.1, 1 - 1e-9, 2000) { x in xTimesIntegrand(x) / x }
        return low + high
    }

    /// Momentum sum rule ∫ x Σ_i f_i dx = 1 at Q = 100 GeV; the LO fit satisfies it by
    /// construction, the parametrisation to its fit accuracy (a few per mille). We allow 2 %.
    func testMomentumSumRuleAtQ100() {
        let q = 100.0
        let ids = [21, 1, 2, 3, 4, 5, -1, -2, -3, -4, -5]
        let total = integrateOverX { x in
            x * ids.reduce(0) { $0 + pdf.xf($1, x: x, qGeV: q) }
        }
        XCTAssertEqual(total, 1.0, accuracy: 0.02, "∫ x Σf dx at Q = 100 GeV (found \(total))")
        print("CTEQ5L sum rules at Q = 100 GeV: momentum", total)
        // The gluon carries close to half of the momentum at this scale.
        let gluon = integrateOverX { x in x * pdf.xGluon(x: x, qGeV: q) }
        XCTAssertEqual(gluon, 0.47, accuracy: 0.05)
        print("gluon momentum fraction", gluon)
    }

    /// Valence sum rules: ∫ (u − ū) dx = 2, ∫ (d − d̄) dx = 1, at Q = 100 GeV (within 3 %: the parametrisation reproduces the fitted tables to about that),
    /// and ∫ (s − s̄) dx = 0 exactly (s = s̄ in CTEQ5). The valence densities are floored at 0
    /// (`xValence`): below x ≈ 10⁻⁴ the parametrised q − q̄ is a difference of two fitted
    /// numbers and dips below zero.
    func testValenceSumRulesAtQ100() {
        let q = 100.0
        let uValence = integrateOverX { x in pdf.xValence(2, x: x, qGeV: q) }
        let dValence = integrateOverX { x in pdf.xValence(1, x: x, qGeV: q) }
        XCTAssertEqual(uValence, 2.0, accuracy: 0.06, "u_v number (found \(uValence))")
        XCTAssertEqual(dValence, 1.0, accuracy: 0.03, "d_v number (found \(dValence))")
        XCTAssertEqual(pdf.xf(3, x: 0.01, qGeV: q), pdf.xf(-3, x: 0.01, qGeV: q))
        print("valence numbers: u", uValence, "d", dValence)
    }

    /// x f(x, Q) of the same set in Pythia 8.318 (pythia8mc 8.318.2, `CTEQ5L(2212).xf(id, x, Q²)`,
    /// its built-in implementation of the same parametrisation, `PDF:pSet = 2`), read off once
    /// and written here. Agreement to 10⁻⁵ relative shows the coefficients were transcribed right.
    func testValuesAgreeWithPythia8CTEQ5L() {
        // (id, x, Q GeV, x f)
        let pythia: [(Int, Double, Double, Double)] = [
            (21, 0.001, 10, 25.0582), (2, 0.001, 10, 0.915655), (1, 0.001, 10, 0.892256),
            (-2, 0.001, 10, 0.844934), (-1, 0.001, 10, 0.855085), (3, 0.001, 10, 0.716889),
            (4, 0.001, 10, 0.583857), (5, 0.001, 10, 0.257071),
            (21, 0.01, 100, 8.08417), (2, 0.01, 100, 0.729606), (1, 0.01, 100, 0.642094),
            (-2, 0.01, 100, 0.488053), (-1, 0.01, 100, 0.497736),
            (21, 0.1, 100, 0.779462), (2, 0.1, 100, 0.566406), (1, 0.1, 100, 0.341794),
            (-2, 0.1, 100, 0.0846188), (-1, 0.1, 100, 0.120563), (3, 0.1, 100, 0.0610629),
            (4, 0.1, 100, 0.0293925), (5, 0.1, 100, 0.0169467),
            (21, 0.5, 100, 0.00728543), (2, 0.5, 100, 0.12193), (1, 0.5, 100, 0.0325448),
            (21, 0.01, 125, 8.12368), (21, 0.0001, 2, 24.059), (5, 0.0001, 2, 0),
        ]
        for (id, x, q, expected) in pythia {
            let ours = pdf.xf(id, x: x, qGeV: q)
            XCTAssertEqual(ours, expected, accuracy: max(1e-5 * expected, 1e-9), "id \(id) x \(x) Q \(q)")
        }
        XCTAssertEqual(pdf.xGluon(x: 0.01, qGeV: 100), pdf.xf(21, x: 0.01, qGeV: 100))
    }
}
