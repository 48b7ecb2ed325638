import XCTest
import Foundation
import EventModel
@testable import Simulation

/// The Bethe rate in silicon: the formula against the PDG's minimum ionisation, and the
/// table the transport reads (`BetheTable`) against the formula.
final class MaterialEffectsTests: XCTestCase {
    /// Masses (GeV, PDG 2024) of the charged species the tracker transports.
    let masses = ["e": 0.000_510_999, "μ": 0.105_658, "π": 0.139_570, "K": 0.493_677, "p": 0.938_272]

    /// PDG "Atomic and nuclear properties of materials", silicon: ⟨−dE/dx⟩_min = 1.664 MeV cm²/g
    /// (muon, at βγ ≈ 3.2). The formula's minimum over βγ within 1 %.
    func testMinimumIonisationMatchesThePDGValueForSilicon() {
        var minimum = Double.infinity
        for k in 0..<400 {
            let bg = 1.5 * pow(10, Double(k) / 400)   // 1.5 … 15
            minimum = min(minimum, MaterialEffects.betheSilicon(betaGamma: bg, mass: 0.105_658, charge: 1))
        }
        XCTAssertEqual(minimum, 1.664, accuracy: 0.01 * 1.664)
    }

    /// The table's rate within 10⁻⁷ of the formula (the bound `BetheTable` states; 4·10⁻⁸ in
    /// the prototype) for each species and charges 1 and 2, at βγ drawn uniformly in ln βγ
    /// over the whole table and beyond it.
    func testTableFollowsTheBetheFormula() {
        let table = BetheTable.shared
        var rng = RandomStream(seed: 23, event: 0, stage: .simulation)
        var worst = 0.0, worstAt = (0.0, "")
        for (name, mass) in masses {
            for k in 0..<40_000 {
                let bg = exp(log(0.01) + (log(1e8) - log(0.01)) * rng.uniform01())
                let z = k % 2 == 0 ? 1.0 : -2.0
                let exact = MaterialEffects.betheSilicon(betaGamma: bg, mass: mass, charge: z)
                let tabulated = table.rate(betaGamma: bg, mass: mass, charge: z)
                guard exact > 0 else { XCTAssertEqual(tabulated, 0, accuracy: 1e-12); continue }
                let error = abs(tabulated / exact - 1)
                if error > worst { worst = error; worstAt = (bg, name) }
            }
        }
        XCTAssertLessThan(worst, 1e-7, "worst at βγ = \(worstAt.0) (\(worstAt.1))")
        XCTAssertGreaterThan(worst, 1e-12, "the comparison sees the interpolation")
    }

    /// Outside the table's βγ range, and in the bin of the density effect's onset x₀ (where δ
    /// jumps and no cubic follows it), the rate is the formula's, bit for bit.
    func testOutsideTheTableAndAtTheDensityOnsetTheFormulaIsUsed() {
        let table = BetheTable.shared
        let onset = MaterialEffects.Bethe.densityOnset
        let probes = [0.02, 0.03, 1e7 * 2, 1e9, onset * (1 - 1e-9), onset, onset * (1 + 1e-9),
                      table.part.binEdge(table.onsetBin), table.part.binEdge(table.onsetBin + 1).nextDown]
        for bg in probes {
            for mass in masses.values {
                XCTAssertEqual(table.rate(betaGamma: bg, mass: mass, charge: 1),
                               MaterialEffects.betheSilicon(betaGamma: bg, mass: mass, charge: 1), "βγ = \(bg)")
            }
        }
        XCTAssertEqual(table.rate(betaGamma: 0, mass: 0.139_570, charge: 1), 0)
        XCTAssertEqual(table.rate(betaGamma: -1, mass: 0.139_570, charge: 1), 0)
        // The onset bin holds x₀, and the bins either side of it are tabulated.
        XCTAssertLessThanOrEqual(table.part.binEdge(table.onsetBin), onset)
        XCTAssertGreaterThan(table.part.binEdge(table.onsetBin + 1), onset)
    }

    /// Bins are equal in the binary mantissa: 32 per octave, each edge the bit pattern's.
    func testBinsSplitEachOctaveIntoEqualParts() {
        let part = BetheTable.shared.part
        XCTAssertEqual(part.binCount, 32 * (BetheTable.highestExponent - BetheTable.lowestExponent))
        XCTAssertEqual(part.binEdge(0), pow(2, Double(BetheTable.lowestExponent)))
        XCTAssertEqual(part.binEdge(part.binCount), pow(2, Double(BetheTable.highestExponent)))
        XCTAssertEqual(part.binEdge(32), 2 * part.binEdge(0))
        XCTAssertEqual(part.binEdge(16), 1.5 * part.binEdge(0))
        XCTAssertEqual(part.bin(of: 1.0), (0 - BetheTable.lowestExponent) * 32)
        XCTAssertEqual(part.bin(of: 1.0.nextDown), (0 - BetheTable.lowestExponent) * 32 - 1)
        XCTAssertEqual(part.bin(of: part.binEdge(7)), 7)
    }

    /// The tabulated logarithm within 3·10⁻⁹ of libm's (the bound `TabulatedLog` states; the
    /// cubic's 2.8·10⁻⁹ on [1, 2) in the prototype), at x drawn uniformly in ln x over
    /// 10⁻¹²…10¹² and uniformly in [1, 2); exact at powers of two; libm's outside positive
    /// normal numbers.
    func testTabulatedLogFollowsTheLogarithm() {
        let ln = TabulatedLog.shared
        var rng = RandomStream(seed: 29, event: 0, stage: .simulation)
        var worst = 0.0, worstAt = 0.0
        for k in 0..<200_000 {
            let x = k % 2 == 0 ? exp(-27.6 + 55.2 * rng.uniform01()) : 1 + rng.uniform01()
            let error = abs(ln(x) - log(x))
            if error > worst { worst = error; worstAt = x }
        }
        XCTAssertLessThan(worst, 3e-9, "worst at x = \(worstAt)")
        XCTAssertGreaterThan(worst, 1e-12, "the comparison sees the interpolation")
        for e in -30...30 {
            XCTAssertEqual(ln(pow(2, Double(e))), Double(e) * log(2.0), accuracy: 1e-13)
        }
        XCTAssertEqual(ln(0), -.infinity)
        XCTAssertTrue(ln(-1).isNaN)
        XCTAssertTrue(ln(.nan).isNaN)
        XCTAssertEqual(ln(.infinity), .infinity)
        XCTAssertEqual(ln(5e-324), log(5e-324))
    }

    /// Highland's θ₀ with the tabulated logarithm within 10⁻⁹ of itself with libm's, over
    /// thicknesses, momenta and velocities of the tracker (0.001–1 X₀, 0.05–100 GeV).
    func testHighlandWithTheTabulatedLogarithm() {
        var rng = RandomStream(seed: 31, event: 0, stage: .simulation)
        for _ in 0..<10_000 {
            let x = exp(log(0.001) + log(1000.0) * rng.uniform01())
            let p = exp(log(0.05) + log(2000.0) * rng.uniform01())
            let beta = 0.2 + 0.8 * rng.uniform01()
            let tabulated = MaterialEffects.highlandTheta0(thicknessX0: x, momentum: p, beta: beta, charge: 1)
            var exactTheta = 13.6 * MeV / (beta * p) * x.squareRoot()
            exactTheta *= max(0, 1 + 0.038 * log(x / (beta * beta)))
            XCTAssertEqual(tabulated, exactTheta, accuracy: 1e-9 * exactTheta)
        }
        // PDG §34.3 eq. 34.16 by hand: a 1 GeV/c muon (β = 0.9945) through 0.01 X₀,
        // θ₀ = 13.6 MeV/(0.9945 GeV) · 0.1 · (1 + 0.038 ln(0.01/0.9945²)) = 1.1288 mrad.
        XCTAssertEqual(MaterialEffects.highlandTheta0(thicknessX0: 0.01, momentum: 1, beta: 0.9945, charge: 1),
                       1.1288e-3, accuracy: 0.0001e-3)
    }
}
