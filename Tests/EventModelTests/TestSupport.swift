import Foundation
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
    static let environment = ProcessInfo.processInfo.environment

    /// The package root: two folders up from this file (Tests/EventModelTests/).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var requireExternal: Bool { environment["GENRECO_REQUIRE_EXTERNAL"] == "1" }

    static var sharedDirectory: URL {
        if let path = environment["GENRECO_SHARED"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// Skips the test (or fails it, in CI) with `reason`.
    static func unavailable(_ reason: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        if requireExternal {
            XCTFail("GENRECO_REQUIRE_EXTERNAL=1 but \(reason)", file: file, line: line)
            throw XCTSkip("failed: \(reason)")
        }
        throw XCTSkip(reason)
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
    static func python() throws -> String {
        let path = environment["GENRECO_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? packageRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            try unavailable("no Python at \(path) (set GENRECO_PYTHON or create .venv with pyhepmc)")
        }
        let check = try run(path, ["-c", "import pyhepmc"])
        guard check.status == 0 else {
            try unavailable("\(path) cannot import pyhepmc: \(check.stderr.prefix(300))")
        }
        return path
    }

    /// Runs a script of scripts/ with the pyhepmc interpreter; fails the test on a non-zero exit.
    @discardableResult
    static func runScript(_ script: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let python = try python()
        let scriptPath = packageRoot.appendingPathComponent("scripts").appendingPathComponent(script).path
        let result = try run(python, [scriptPath] + arguments)
        guard result.status == 0 else {
            XCTFail("\(script) failed (\(result.status)): \(result.stderr)", file: file, line: line)
            throw XCTSkip("\(script) failed")
        }
        return result.stdout
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        // Output goes to temporary files: no pipe can fill up and block the child.
        let directory = FileManager.default.temporaryDirectory
        let outURL = directory.appendingPathComponent("genreco-\(UUID().uuidString).out")
        let errURL = directory.appendingPathComponent("genreco-\(UUID().uuidString).err")
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

    // MARK: Files

    /// A fresh temporary directory, removed at the end of the test.
    static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("genreco-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
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
