import XCTest
@testable import Generation

/// The run card is a user interface (DESIGN.md §5): the keys of the design's example card,
/// every key optional, unknown keys and wrong types rejected with the key named.
final class RunCardTests: XCTestCase {
    func testEmptyCardIsTheBenchmarkSignalPoint() throws {
        let card = try RunCard(toml: "")
        XCTAssertEqual(card, RunCard())
        XCTAssertEqual(card.generation.process, .hssGGF)
        XCTAssertEqual(card.generation.mediatorMassGeV, 125.0)
        XCTAssertEqual(card.generation.scalarMassGeV, 40.0)
        XCTAssertEqual(card.generation.scalarCtauMM, 760.0)
        XCTAssertEqual(card.generation.scalarDecays.bb, 1.0)
        XCTAssertEqual(card.generation.sqrtSGeV, 13000.0)
        XCTAssertEqual(card.run.number, 304795)
        XCTAssertEqual(card.detector.card, "builtin:atlas-run2")
    }

    /// The example card of DESIGN.md §5, verbatim but for changed values.
    func testFullCardFromTheDesign() throws {
        let card = try RunCard(toml: """
            [run]
            number = 311234                  # names the files
            seed = 777
            work_dir = "/scratch/genreco"

            [generation]
            process = "hss-wh"
            sqrt_s_gev = 13600               # an integer is a fine number
            mediator_mass_gev = 600.0
            mediator_width_gev = 0.5
            scalar_mass_gev = 150.0
            scalar_ctau_mm = 2000.0
            scalar_decays = { bb = 0.8, cc = 0.1, tautau = 0.1 }
            w_decays = ["mu"]
            pthat_min_gev = 60.0
            underlying_event = false
            pileup_mu = 40.0
            beamspot_sigma_z_mm = 42.0

            [gun]
            pdg_id = -211
            energy_gev = [5, 50.0]
            eta = [-2.5, 2.5]
            phi = [-3.141592653589793, 3.141592653589793]

            [detector]
            card = "my-detector.toml"
            """)
        XCTAssertEqual(card.run.number, 311234)
        XCTAssertEqual(card.run.seed, 777)
        XCTAssertEqual(card.run.workDir, "/scratch/genreco")
        XCTAssertEqual(card.generation.process, .hssWH)
        XCTAssertEqual(card.generation.sqrtSGeV, 13600.0)
        XCTAssertEqual(card.generation.mediatorMassGeV, 600.0)
        XCTAssertEqual(card.generation.scalarDecays, {
            var d = RunCard.ScalarDecays(); d.bb = 0.8; d.cc = 0.1; d.tautau = 0.1; return d
        }())
        XCTAssertEqual(card.generation.wDecays, ["mu"])
        XCTAssertFalse(card.generation.underlyingEvent)
        XCTAssertEqual(card.generation.pileupMu, 40.0)
        XCTAssertEqual(card.gun.pdgId, -211)
        XCTAssertEqual(card.gun.energyGeV, [5.0, 50.0])
        XCTAssertEqual(card.detector.card, "my-detector.toml")
    }

    func testUnknownKeyIsNamed() {
        assertCardError("[generation]\nscalar_mass = 40.0\n", key: "generation.scalar_mass", contains: "unknown key")
        assertCardError("[gnu]\npdg_id = 11\n", key: "gnu", contains: "unknown key")
        assertCardError("[generation]\nscalar_decays = { bb = 0.5, gg = 0.5 }\n",
                        key: "generation.scalar_decays.gg", contains: "unknown key")
    }

    func testWrongTypeIsNamed() {
        assertCardError("[generation]\nscalar_mass_gev = \"forty\"\n", key: "generation.scalar_mass_gev", contains: "expected a number")
        assertCardError("[run]\nnumber = 1.5\n", key: "run.number", contains: "expected an integer")
        assertCardError("[generation]\nunderlying_event = 1\n", key: "generation.underlying_event", contains: "true or false")
    }

    func testUnknownProcessListsTheKnownOnes() {
        assertCardError("[generation]\nprocess = \"ttbar\"\n", key: "generation.process", contains: "hss-ggf | hss-wh")
    }

    func testSyntaxErrorGivesTheLine() {
        assertCardError("[run]\nseed = 1\nnumber = = 3\n", key: "", contains: "line 3")
    }

    func testUnphysicalCardsAreRejectedBeforeAnyEvent() {
        assertCardError("[generation]\nscalar_mass_gev = 70.0\n", key: "generation.scalar_mass_gev", contains: "m_s < m_Φ/2")
        assertCardError("[generation]\nscalar_ctau_mm = -1.0\n", key: "generation.scalar_ctau_mm", contains: "≥ 0")
        assertCardError("[generation]\npileup_mu = -3\n", key: "generation.pileup_mu", contains: "≥ 0")
        assertCardError("[generation]\nscalar_decays = { bb = 0.5, cc = 0.2 }\n", key: "generation.scalar_decays", contains: "add up to 1")
        assertCardError("[generation]\nw_decays = [\"tau\"]\n", key: "generation.w_decays", contains: "unknown W decay")
        assertCardError("[gun]\nenergy_gev = [50.0, 10.0]\n", key: "gun.energy_gev", contains: "low ≤ high")
        assertCardError("[run]\nseed = -5\n", key: "run.seed", contains: "≥ 0")
    }

    func testLoadNamesTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("card-\(UUID()).toml")
        try "[run]\nsede = 3\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try RunCard.load(path: url.path)) { error in
            XCTAssertTrue("\(error)".hasPrefix(url.path + ": [run.sede]"), "\(error)")
        }
        XCTAssertThrowsError(try RunCard.load(path: "/nonexistent/genreco.toml")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/genreco.toml"), "\(error)")
        }
    }

    private func assertCardError(_ toml: String, key: String, contains text: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try RunCard(toml: toml, source: "card.toml"), file: file, line: line) { error in
            guard let e = error as? RunCardError else {
                return XCTFail("not a RunCardError: \(error)", file: file, line: line)
            }
            XCTAssertEqual(e.source, "card.toml", file: file, line: line)
            XCTAssertEqual(e.key, key, "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.contains(text), "\(e)", file: file, line: line)
        }
    }
}

extension RunCardTests {
    /// `genreco card` prints the defaults; read back, they are the defaults.
    func testDocumentedDefaultsParseBackToTheDefaults() throws {
        XCTAssertEqual(try RunCard(toml: RunCard.documentedDefaults), RunCard())
    }
}
