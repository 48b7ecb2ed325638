import Foundation

/// Where the program finds things that live beside the package rather than inside the
/// binary: the package root (scripts/, .venv/), the shared references and fixtures, and
/// the Python interpreter that runs the peers (pyhepmc …). Each can be set from the
/// environment, so an installed binary works too.
enum Resources {
    /// The folder holding Package.swift, found by walking up from the executable.
    static let packageRoot: URL? = {
        var dir = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                      ?? CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir.deleteLastPathComponent()
        }
        return nil
    }()

    /// `$GENRECO_SHARED`, else `../shared` beside the package.
    static var shared: URL? {
        if let s = ProcessInfo.processInfo.environment["GENRECO_SHARED"] { return URL(fileURLWithPath: s) }
        return packageRoot?.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The real Pythia 8 HepMC3 files that serve as test and benchmark inputs.
    static var hepmcFixtures: [String] {
        guard let dir = shared?.appendingPathComponent("fixtures/hepmc3"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".hepmc") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    /// `$GENRECO_PYTHON`, else the package's `.venv/bin/python` (made by scripts/setup.sh).
    static var python: String? {
        if let p = ProcessInfo.processInfo.environment["GENRECO_PYTHON"] { return p }
        guard let p = packageRoot?.appendingPathComponent(".venv/bin/python").path,
              FileManager.default.isExecutableFile(atPath: p) else { return nil }
        return p
    }

    static func script(_ name: String) -> String? {
        packageRoot?.appendingPathComponent("scripts/\(name)").path
    }
}

/// Runs a program to completion and returns its standard output; throws with its
/// standard error when it exits non-zero.
func runProcess(_ executable: String, _ arguments: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw ProcessError(command: ([executable] + arguments).joined(separator: " "),
                           status: p.terminationStatus, stderr: String(decoding: e, as: UTF8.self))
    }
    return String(decoding: o, as: UTF8.self)
}

struct ProcessError: Error, CustomStringConvertible {
    var command: String
    var status: Int32
    var stderr: String
    var description: String { "`\(command)` exited with \(status): \(stderr.suffix(500))" }
}
