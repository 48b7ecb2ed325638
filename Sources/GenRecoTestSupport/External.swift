import Foundation
import XCTest

/// What every test target needs to reach outside the package, in one place: the package
/// root, the shared references and fixtures, the Python interpreter of the external peers
/// (pyhepmc, h5py, fastjet), and the rule for a peer that is missing — skip locally, fail
/// when `GENRECO_REQUIRE_EXTERNAL=1` (scripts/test.sh and CI set it), so a green CI run
/// means the peers really ran.
public enum External {
    public static let environment = ProcessInfo.processInfo.environment

    /// The folder holding Package.swift: three up from this file (Sources/GenRecoTestSupport/).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var requireExternal: Bool { environment["GENRECO_REQUIRE_EXTERNAL"] == "1" }

    /// `$GENRECO_SHARED`, else `<package root>/../shared` (CI clones the package into a
    /// folder with a copy of shared/ beside it).
    public static var sharedDirectory: URL {
        if let path = environment["GENRECO_SHARED"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// Skips the test with `reason`, or fails it when external peers are required.
    public static func unavailable(_ reason: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        if requireExternal {
            XCTFail("GENRECO_REQUIRE_EXTERNAL=1 but \(reason)", file: file, line: line)
            throw XCTSkip("failed: \(reason)")
        }
        throw XCTSkip(reason)
    }

    /// `$GENRECO_PYTHON`, else `<package root>/.venv/bin/python` (made by scripts/setup.sh),
    /// checked to import `modules` (e.g. "pyhepmc", "h5py, numpy"); else skip or fail.
    public static func python(importing modules: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = environment["GENRECO_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? packageRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            try unavailable("no Python at \(path) (set GENRECO_PYTHON, or run scripts/setup.sh)", file: file, line: line)
        }
        let check = try run(path, ["-c", "import \(modules)"])
        guard check.status == 0 else {
            let reason = check.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(check.status)"
            try unavailable("\(path) cannot import \(modules) (\(reason))", file: file, line: line)
        }
        return path
    }

    /// The path of scripts/`name`.
    public static func script(_ name: String) -> String {
        packageRoot.appendingPathComponent("scripts").appendingPathComponent(name).path
    }

    /// Runs scripts/`script` with the Python that imports `modules`; returns its standard
    /// output, and fails the test when it exits non-zero.
    public static func runScript(_ script: String, _ arguments: [String], importing modules: String,
                                 file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let python = try python(importing: modules, file: file, line: line)
        let result = try run(python, [self.script(script)] + arguments)
        guard result.status == 0 else {
            XCTFail("\(script) failed (\(result.status)): \(result.stderr)", file: file, line: line)
            throw XCTSkip("\(script) failed")
        }
        return result.stdout
    }

    /// Runs a program to completion. Its output goes to files, so no pipe can fill up and
    /// block it.
    public static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
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

    /// A fresh temporary folder, removed when `test` ends.
    public static func temporaryDirectory(for test: XCTestCase, prefix: String = "genreco-tests") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
