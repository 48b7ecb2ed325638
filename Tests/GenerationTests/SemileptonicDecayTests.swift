import XCTest
@testable import Generation

/// The semileptonic branching fractions of the weakly decaying b and c hadrons in
/// ``DecayTable/standard`` against the PDG 2024 inclusive values (S. Navas et al., Phys. Rev.
/// D 110, 030001 (2024), listings: B(H → e⁺ ν X), the same used for μ by lepton
/// universality). These decays make nearly all the neutrinos of a QCD event, so they set the
/// truth missing p⊥ of dijets (`met_nu`). Tolerance 1 % of the value (rounding only): the
/// fractions are the measured ones, not a fit.
final class SemileptonicDecayTests: XCTestCase {
    /// PDG 2024, e⁺ ν X per hadron (written out here, independently of the table's own list).
    let pdg: [(id: Int, name: String, fraction: Double)] = [
        (521, "B+", 0.1099), (511, "B0", 0.1033), (531, "Bs0", 0.096),
        (411, "D+", 0.1607), (421, "D0", 0.0649), (431, "Ds+", 0.0633), (4122, "Lambda_c+", 0.0395),
    ]

    func fraction(_ id: Int, lepton: Int) -> Double {
        (DecayTable.standard.channels[id] ?? []).filter { $0.daughters.contains { abs($0) == lepton } }
            .reduce(0) { $0 + $1.branchingFraction }
    }

    func testSemileptonicFractionsArePDGs() {
        for h in pdg {
            XCTAssertEqual(fraction(h.id, lepton: 11), h.fraction, accuracy: 0.01 * h.fraction, "\(h.name) → e ν X")
            XCTAssertEqual(fraction(h.id, lepton: 13), h.fraction, accuracy: 0.01 * h.fraction, "\(h.name) → μ ν X")
        }
    }

    /// B → D(*) τ ν keeps its listed size (PDG: B⁰ → D⁻ τ⁺ ν 1.08 %, D*⁻ τ⁺ ν 1.58 %; the list
    /// holds exactly these), and every list still sums to 1.
    func testTauChannelsKeepTheirSizeAndListsSumToOne() {
        XCTAssertEqual(fraction(511, lepton: 15), 0.0108 + 0.0158, accuracy: 1e-9)
        for (id, channels) in DecayTable.standard.channels {
            XCTAssertEqual(channels.reduce(0) { $0 + $1.branchingFraction }, 1, accuracy: 1e-9, "\(id)")
            XCTAssertTrue(channels.allSatisfy { $0.branchingFraction > 0 }, "\(id)")
        }
    }
}
