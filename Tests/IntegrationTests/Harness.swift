import Foundation
import GenRecoTestSupport
import XCTest

/// Runs the real `genreco` binary, alone or under the real `mpirun`, as a user would.
/// The binary is the one `swift build` put beside the test bundle.
enum Harness {
    static let binDir: URL = {
        let exe = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                      ?? CommandLine.arguments[0])
        // …/debug/GenRecoPackageTests.xctest (a file on Linux) → …/debug
        return exe.deletingLastPathComponent()
    }()

    static var genreco: String { binDir.appendingPathComponent("genreco").path }

    /// The package root (holds Package.swift, scripts/, mpirun.sh).
    static var packageRoot: URL { External.packageRoot }
    static var shared: URL { External.sharedDirectory }
    static var requireExternal: Bool { External.requireExternal }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    /// Runs a program with a time limit (a hung run fails the test instead of hanging CI).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    cwd: String? = nil, timeout: TimeInterval = 120) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let tmp = NSTemporaryDirectory() + "genreco-harness-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: tmp + ".out", contents: nil)
        FileManager.default.createFile(atPath: tmp + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: tmp + ".out")
            try? FileManager.default.removeItem(atPath: tmp + ".err")
        }
        p.standardOutput = FileHandle(forWritingAtPath: tmp + ".out")
        p.standardError = FileHandle(forWritingAtPath: tmp + ".err")
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning {
            p.terminate()
            usleep(500_000)
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "), seconds: timeout)
        }
        p.waitUntilExit()
        let out = (try? String(contentsOfFile: tmp + ".out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: tmp + ".err", encoding: .utf8)) ?? ""
        return Result(status: p.terminationStatus, stdout: out, stderr: err)
    }

    struct TimedOut: Error, CustomStringConvertible {
        var command: String
        var seconds: Double
        var description: String { "timed out after \(seconds) s: \(command)" }
    }

    /// `genreco ARGS` without mpirun (an Open MPI singleton: rank 0 of 1).
    @discardableResult
    static func genreco(_ arguments: [String], environment: [String: String] = [:], cwd: String? = nil,
                        timeout: TimeInterval = 120) throws -> Result {
        try run(genreco, arguments, environment: environment, cwd: cwd, timeout: timeout)
    }

    static var mpirun: String? {
        for dir in ["/usr/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/mpirun") {
            return dir + "/mpirun"
        }
        return nil
    }

    /// `mpirun -np N genreco ARGS` on this host. Environment variables named in `forward`
    /// are passed to every rank with `-x`, as on a real cluster.
    @discardableResult
    static func mpirun(_ ranks: Int, _ arguments: [String], environment: [String: String] = [:], cwd: String? = nil,
                       timeout: TimeInterval = 180) throws -> Result {
        guard let mpirun else { throw XCTSkip("mpirun is not installed (scripts/setup.sh installs openmpi-bin)") }
        var args = ["-np", String(ranks), "--oversubscribe", "--host", "localhost:\(ranks)"]
        if getuid() == 0 { args.append("--allow-run-as-root") }
        for k in environment.keys.sorted() { args += ["-x", k] }
        args += [genreco] + arguments
        return try run(mpirun, args, environment: environment, cwd: cwd, timeout: timeout)
    }

    static func temporaryDirectory(_ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "genreco-it-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The TIMESTAMP genreco printed for a new run.
    static func timestamp(in output: String) -> String? {
        guard let r = output.range(of: #"run (\d{8}-\d{6}(-\d+)?)"#, options: .regularExpression) else { return nil }
        return String(output[r].dropFirst(4))
    }

    static func sha256(_ path: String) throws -> String {
        try run("/usr/bin/sha256sum", [path]).stdout.split(separator: " ").first.map(String.init) ?? ""
    }

    /// sha256 of every regular file in a folder, by name.
    static func checksums(_ dir: String, suffix: String = "") throws -> [String: String] {
        var sums: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        where name.hasSuffix(suffix) && !name.hasPrefix(".") {
            sums[name] = try sha256(dir + "/" + name)
        }
        return sums
    }
}
