import EventModel
import Foundation
import GenRecoTestSupport
import XCTest

/// Where these tests find what lives outside the package, and how they call FastJet.
///
/// * Shared fixtures: `$GENRECO_SHARED`, else `<package root>/../shared`.
/// * Python with the `fastjet` package (FastJet 3.5.2 C++ inside): `$GENRECO_PYTHON`, else
///   `<package root>/.venv/bin/python` (`.venv/bin/pip install fastjet`; scripts/setup.sh).
/// * Missing either, a test is skipped with the reason — unless `GENRECO_REQUIRE_EXTERNAL=1`
///   (CI sets it), when it fails instead.
enum ReconstructionTestSupport {
    static var sharedDirectory: URL { External.sharedDirectory }

    static func unavailable(_ reason: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        try External.unavailable(reason, file: file, line: line)
    }

    /// The two Pythia 8.318 fixture files (shared/fixtures/hepmc3/README.md): 20 + 80 events.
    static let pythiaFixtures = [
        "pythia8_ggH125_mS40_ctau760_20ev.hepmc",
        "pythia8_ggH125_mS40_ctau760_noMPI_80ev.hepmc",
    ]

    /// All 100 fixture events.
    static func fixtureEvents() throws -> [GenEvent] {
        var events: [GenEvent] = []
        for name in pythiaFixtures {
            let url = sharedDirectory.appendingPathComponent("fixtures/hepmc3").appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                try unavailable("fixture \(url.path) not found (set GENRECO_SHARED)")
            }
            events += try HepMC3Reader.readAll(url.path)
        }
        return events
    }

    /// A Python interpreter that imports fastjet, or skip/fail.
    static func fastjetPython() throws -> String { try External.python(importing: "fastjet") }

    static func script(_ name: String) -> String { External.script(name) }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try External.run(executable, arguments)
    }

    /// A fresh temporary directory, removed at the end of the test.
    static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        try External.temporaryDirectory(for: test, prefix: "genreco-jets")
    }
}
