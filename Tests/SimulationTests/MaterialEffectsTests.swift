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
                      BetheTable.binEdge(table.onsetBin), BetheTable.binEdge(table.onsetBin + 1).nextDown]
        for bg in probes {
            for mass in masses.values {
                XCTAssertEqual(table.rate(betaGamma: bg, mass: mass, charge: 1),
                               MaterialEffects.betheSilicon(betaGamma: bg, mass: mass, charge: 1), "βγ = \(bg)")
            }
        }
        XCTAssertEqual(table.rate(betaGamma: 0, mass: 0.139_570, charge: 1), 0)
        XCTAssertEqual(table.rate(betaGamma: -1, mass: 0.139_570, charge: 1), 0)
        // The onset bin holds x₀, and the bins either side of it are tabulated.
        XCTAssertLessThanOrEqual(BetheTable.binEdge(table.onsetBin), onset)
        XCTAssertGreaterThan(BetheTable.binEdge(table.onsetBin + 1), onset)
    }

    /// Bins are equal in the binary mantissa: 32 per octave, each edge the bit pattern's.
    func testBinsSplitEachOctaveIntoEqualParts() {
        XCTAssertEqual(BetheTable.binEdge(0), pow(2, Double(BetheTable.lowestExponent)))
        XCTAssertEqual(BetheTable.binEdge(BetheTable.binCount), pow(2, Double(BetheTable.highestExponent)))
        XCTAssertEqual(BetheTable.binEdge(32), 2 * BetheTable.binEdge(0))
        XCTAssertEqual(BetheTable.binEdge(16), 1.5 * BetheTable.binEdge(0))
        XCTAssertEqual(BetheTable.bin(of: 1.0), (0 - BetheTable.lowestExponent) * 32)
        XCTAssertEqual(BetheTable.bin(of: 1.0.nextDown), (0 - BetheTable.lowestExponent) * 32 - 1)
    }
}
