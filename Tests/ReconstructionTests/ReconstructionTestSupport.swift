import EventModel
import Foundation
import XCTest

/// Where these tests find what lives outside the package, and how they call FastJet.
///
/// * Shared fixtures: `$GENRECO_SHARED`, else `<package root>/../shared`.
/// * Python with the `fastjet` package (FastJet 3.5.2 C++ inside): `$GENRECO_PYTHON`, else
///   `<package root>/.venv/bin/python` (`.venv/bin/pip install fastjet`; scripts/setup.sh).
/// * Missing either, a test is skipped with the reason — unless `GENRECO_REQUIRE_EXTERNAL=1`
///   (CI sets it), when it fails instead.
enum ReconstructionTestSupport {
    static let environment = ProcessInfo.processInfo.environment

    /// The package root: three folders up from this file (Tests/ReconstructionTests/…).
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
    static func fastjetPython() throws -> String {
        let path = environment["GENRECO_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? packageRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            try unavailable("no Python at \(path) (set GENRECO_PYTHON, or run scripts/setup.sh)")
        }
        let check = try run(path, ["-c", "import fastjet"])
        guard check.status == 0 else {
            try unavailable("\(path) cannot import fastjet (pip install fastjet): \(check.stderr.prefix(300))")
        }
        return path
    }

    static func script(_ name: String) -> String {
        packageRoot.appendingPathComponent("scripts").appendingPathComponent(name).path
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

    /// A fresh temporary directory, removed at the end of the test.
    static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("genreco-jets-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
