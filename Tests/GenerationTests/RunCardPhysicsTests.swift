import Foundation
import XCTest
@testable import Generation

/// Issue 4 part 7: an unphysical card is a clear error naming the key, before any event is
/// made — both when the card is parsed (`RunCard(toml:)`) and when a card built in code
/// reaches `EventGenerators.make(for:)`.
final class RunCardPhysicsTests: XCTestCase {
    func assertParseError(_ toml: String, key: String, contains text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try RunCard(toml: toml), file: file, line: line) { error in
            guard let e = error as? RunCardError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.key, key, "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.contains(text), "\(e)", file: file, line: line)
        }
    }

    func assertMakeError(_ card: RunCard, key: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try EventGenerators.make(for: card), file: file, line: line) { error in
            guard let e = error as? RunCardError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.key, key, "\(e)", file: file, line: line)
        }
    }

    func testScalarHeavierThanHalfTheMediator() {
        assertParseError("[generation]\nmediator_mass_gev = 600.0\nscalar_mass_gev = 300.0\n",
                         key: "generation.scalar_mass_gev", contains: "m_s < m_Φ/2")
        var card = RunCard()
        card.generation.process = .hssWH
        card.generation.scalarMassGeV = 70
        assertMakeError(card, key: "generation.scalar_mass_gev")
    }

    func testNegativeLifetimeAndPileUp() {
        assertParseError("[generation]\nprocess = \"hss-wh\"\nscalar_ctau_mm = -5.0\n", key: "generation.scalar_ctau_mm", contains: "≥ 0")
        assertParseError("[generation]\nprocess = \"dijet\"\npileup_mu = -1.0\n", key: "generation.pileup_mu", contains: "≥ 0")
        var card = RunCard()
        card.generation.pileupMu = -2
        card.generation.process = .bib
        assertMakeError(card, key: "generation.pileup_mu")
    }

    func testUnknownProcessAndDecayModes() {
        assertParseError("[generation]\nprocess = \"zprime\"\n", key: "generation.process", contains: "dijet")
        assertParseError("[generation]\nscalar_decays = { bb = 0.5, gg = 0.5 }\n", key: "generation.scalar_decays.gg", contains: "unknown key")
        assertParseError("[generation]\nprocess = \"hss-wh\"\nw_decays = [\"e\", \"tau\"]\n", key: "generation.w_decays", contains: "unknown W decay")
        assertParseError("[generation]\nprocess = \"hss-wh\"\nw_decays = []\n", key: "generation.w_decays", contains: "at least one")
        var card = RunCard()
        card.generation.process = .hssWH
        card.generation.wDecays = ["mu", "nu"]
        assertMakeError(card, key: "generation.w_decays")
    }

    func testBranchingFractionsMustAddUpToOne() {
        assertParseError("[generation]\nscalar_decays = { bb = 0.7, tautau = 0.2 }\n", key: "generation.scalar_decays", contains: "add up to 1")
        assertParseError("[generation]\nscalar_decays = { bb = 1.2, cc = -0.2 }\n", key: "generation.scalar_decays.cc", contains: "≥ 0")
        var card = RunCard()
        card.generation.scalarDecays.cc = 0.5
        assertMakeError(card, key: "generation.scalar_decays")
    }

    func testDijetNeedsAPositivePTHatMinimum() {
        assertParseError("[generation]\nprocess = \"dijet\"\npthat_min_gev = 0\n", key: "generation.pthat_min_gev", contains: "> 0")
        assertParseError("[generation]\nprocess = \"dijet\"\npthat_min_gev = -20.0\n", key: "generation.pthat_min_gev", contains: "≥ 0")
        assertParseError("[generation]\nprocess = \"dijet\"\npthat_min_gev = 7000.0\n", key: "generation.pthat_min_gev", contains: "√s/2")
        var card = RunCard()
        card.generation.process = .dijet
        card.generation.pthatMinGeV = 0
        assertMakeError(card, key: "generation.pthat_min_gev")
        // The same value is fine for a process that does not use it.
        XCTAssertNoThrow(try RunCard(toml: "[generation]\nprocess = \"minbias\"\npthat_min_gev = 0\n"))
    }

    func testEveryProcessIsGenerated() throws {
        for process in RunCard.Process.allCases {
            var card = RunCard()
            card.generation.process = process
            card.generation.underlyingEvent = false
            XCTAssertNoThrow(try EventGenerators.make(for: card), "\(process.rawValue)")
        }
    }
}
