import Foundation
import GenRecoTestSupport
import XCTest

/// Where tests find what lives outside the package, and how they call Python.
///
/// * Shared fixtures: `$GENRECO_SHARED`, else `<package root>/../shared` (CI clones the repo
///   into a folder with a copy of shared/ beside it).
/// * Python with pyhepmc: `$GENRECO_PYTHON`, else `<package root>/.venv/bin/python`
///   (`python3 -m venv .venv && .venv/bin/pip install pyhepmc numpy`).
/// * Missing either, a test is skipped with the reason — unless `GENRECO_REQUIRE_EXTERNAL=1`
///   (CI sets it), when it fails instead.
enum TestSupport {
    static var packageRoot: URL { External.packageRoot }
    static var sharedDirectory: URL { External.sharedDirectory }

    static func unavailable(_ reason: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        try External.unavailable(reason, file: file, line: line)
    }

    /// Path of a file in shared/fixtures/hepmc3.
    static func hepmcFixture(_ name: String) throws -> String {
        let url = sharedDirectory.appendingPathComponent("fixtures/hepmc3").appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            try unavailable("fixture \(url.path) not found (set GENRECO_SHARED)")
        }
        return url.path
    }

    /// The two Pythia 8 fixture files (shared/fixtures/hepmc3/README.md).
    static let pythiaFixtures = [
        "pythia8_ggH125_mS40_ctau760_20ev",
        "pythia8_ggH125_mS40_ctau760_noMPI_80ev",
    ]

    /// The fixture's JSON description (counts written when the fixture was made).
    static func fixtureDescription(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try hepmcFixture(name + ".json")))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    // MARK: Python

    /// A Python interpreter that imports pyhepmc, or skip/fail.
    static func python() throws -> String { try External.python(importing: "pyhepmc") }

    /// Runs a script of scripts/ with the pyhepmc interpreter; fails the test on a non-zero exit.
    @discardableResult
    static func runScript(_ script: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try External.runScript(script, arguments, importing: "pyhepmc", file: file, line: line)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try External.run(executable, arguments)
    }

    // MARK: Files

    /// A fresh temporary directory, removed at the end of the test.
    static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        try External.temporaryDirectory(for: test)
    }

    /// Writes `text` to `name` in a fresh temporary directory and returns the path.
    static func writeTemporaryFile(_ name: String, _ text: String, for test: XCTestCase) throws -> String {
        let url = try temporaryDirectory(for: test).appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Same bits (so −0 ≠ +0, and a NaN equals the same NaN).
    static func sameBits(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern }

    /// A double from the dump's `float.hex()` text.
    static func hexDouble(_ any: Any?) -> Double? {
        guard let text = any as? String else { return nil }
        return Double(text)
    }
}
