import Foundation
import GenRecoTestSupport
import XCTest
@testable import Output

/// Shared helpers of the Output tests: temporary folders, seeded rows, file hashes, Python.
///
/// Python with h5py: `$GENRECO_PYTHON`, else `<package root>/.venv/bin/python`
/// (scripts/setup.sh makes it). Missing, or unable to import h5py, the h5py tests are
/// skipped with the reason, unless `GENRECO_REQUIRE_EXTERNAL=1` (CI sets it): then they fail.
enum OutputTestSupport {
    static let metadata = DatasetMetadata(genrecoVersion: "0.1.0-test", runCardTOML: """
        [run]
        number = 304795
        seed = 12345

        [generation]
        process = "hss-ggf"   # the benchmark signal point
        """)

    /// A fresh folder, removed when the test ends.
    static func temporaryDirectory(for test: XCTestCase) throws -> String {
        try External.temporaryDirectory(for: test, prefix: "genreco-output-tests").path
    }

    /// SHA-256 of a file, by coreutils' `sha256sum` (the checksum the farm's journal records
    /// is computed in the Farm module, which Output does not depend on).
    static func sha256(_ path: String) throws -> String {
        let result = try run("/usr/bin/env", ["sha256sum", path])
        guard result.status == 0, let hash = result.stdout.split(separator: " ").first else {
            throw XCTSkip("sha256sum unavailable: \(result.stderr)")
        }
        return String(hash)
    }

    static func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Files in `folder` (to check that no temporary file is left behind).
    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    // MARK: Python

    /// A Python interpreter that imports h5py and numpy, or skip/fail.
    static func python() throws -> String { try External.python(importing: "h5py, numpy") }

    /// Runs scripts/`script` with that Python and returns its stdout; fails on a non-zero exit.
    static func runScript(_ script: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try External.runScript(script, arguments, importing: "h5py, numpy", file: file, line: line)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try External.run(executable, arguments)
    }
}
