import Foundation
import XCTest
@testable import Output

/// Shared helpers of the Output tests: temporary folders, seeded rows, file hashes, Python.
///
/// Python with h5py: `$GENRECO_PYTHON`, else `<package root>/.venv/bin/python`
/// (scripts/setup.sh makes it). Missing, or unable to import h5py, the h5py tests are
/// skipped with the reason, unless `GENRECO_REQUIRE_EXTERNAL=1` (CI sets it): then they fail.
enum OutputTestSupport {
    static let environment = ProcessInfo.processInfo.environment

    /// The package root: three levels up from this file (Tests/OutputTests/…).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let metadata = DatasetMetadata(genrecoVersion: "0.1.0-test", runCardTOML: """
        [run]
        number = 304795
        seed = 12345

        [generation]
        process = "hss-ggf"   # the benchmark signal point
        """)

    /// A fresh folder, removed when the test ends.
    static func temporaryDirectory(for test: XCTestCase) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("genreco-output-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
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

    static var requireExternal: Bool { environment["GENRECO_REQUIRE_EXTERNAL"] == "1" }

    /// Skips the test with `reason`, or fails it when external clients are required.
    static func unavailable(_ reason: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        if requireExternal {
            XCTFail("GENRECO_REQUIRE_EXTERNAL=1 but \(reason)", file: file, line: line)
            throw XCTSkip("failed: \(reason)")
        }
        throw XCTSkip(reason)
    }

    /// A Python interpreter that imports h5py and numpy, or skip/fail.
    static func python() throws -> String {
        let path = environment["GENRECO_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? packageRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            try unavailable("no Python at \(path) (set GENRECO_PYTHON or run scripts/setup.sh)")
        }
        let check = try run(path, ["-c", "import h5py, numpy"])
        guard check.status == 0 else {
            let reason = check.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(check.status)"
            try unavailable("\(path) cannot import h5py and numpy (\(reason))")
        }
        return path
    }

    /// Runs scripts/`script` with that Python and returns its stdout; fails on a non-zero exit.
    static func runScript(_ script: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let python = try python()
        let scriptPath = packageRoot.appendingPathComponent("scripts/\(script)").path
        let result = try run(python, [scriptPath] + arguments)
        guard result.status == 0 else {
            XCTFail("\(script) failed (\(result.status)): \(result.stderr)", file: file, line: line)
            throw XCTSkip("\(script) failed")
        }
        return result.stdout
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        // Output goes to files, so no pipe can fill up and block the child.
        let folder = FileManager.default.temporaryDirectory
        let outURL = folder.appendingPathComponent("genreco-\(UUID().uuidString).out")
        let errURL = folder.appendingPathComponent("genreco-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, out, err)
    }
}
