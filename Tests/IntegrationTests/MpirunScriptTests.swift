import Foundation
import XCTest

/// `mpirun.sh`, the way users start a run: it finds the hostfile, adds the flags Open MPI
/// needs, and checks every host before any work starts.
final class MpirunScriptTests: XCTestCase {
    var work: String!
    var script: String { Harness.packageRoot.appendingPathComponent("mpirun.sh").path }
    /// The binary under test, instead of a release build made on the spot.
    var env: [String: String] { ["GENRECO_BIN": Harness.genreco] }

    override func setUpWithError() throws {
        guard Harness.mpirun != nil else { throw XCTSkip("mpirun is not installed") }
        work = try Harness.temporaryDirectory("mpirun-sh")
        try "[generation]\nprocess = \"gun\"\n".write(toFile: work + "/gun.toml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: work)
    }

    func testRunsTheFarmWithAHostfile() throws {
        try "# a comment\nlocalhost slots=3\n".write(toFile: work + "/hosts", atomically: true, encoding: .utf8)
        let r = try Harness.run("/bin/bash", [script, "--hostfile", work + "/hosts", "-np", "3", "genreco", "run", "-b", "2", "-n", "3",
                                              "--card", work + "/gun.toml", "--work-dir", work + "/w", "-q"], environment: env)
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.stdout.contains("3/3 jobs done"), r.output)
        XCTAssertTrue(r.stdout.contains("2 workers"), r.output)
    }

    func testAnUnknownHostIsAClearErrorBeforeAnyWork() throws {
        try "localhost slots=2\nnode-that-does-not-exist.invalid slots=4\n".write(toFile: work + "/hosts", atomically: true, encoding: .utf8)
        let r = try Harness.run("/bin/bash", [script, "--hostfile", work + "/hosts", "genreco", "run", "-b", "2", "-n", "3",
                                              "--card", work + "/gun.toml", "--work-dir", work + "/w"], environment: env, timeout: 60)
        XCTAssertEqual(r.status, 2, r.output)
        XCTAssertTrue(r.stderr.contains(work + "/hosts:2: host 'node-that-does-not-exist.invalid' is unknown"), r.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/w"), "nothing started")
    }

    func testAHostThatDoesNotAnswerIsAClearErrorBeforeAnyWork() throws {
        // An address that resolves but where nothing answers: the agent (ssh's stand-in) fails.
        try "localhost slots=2\n192.0.2.1 slots=2\n".write(toFile: work + "/hosts", atomically: true, encoding: .utf8)
        try "#!/bin/sh\necho \"ssh: connect to host $1 port 22: Connection refused\" >&2\nexit 255\n"
            .write(toFile: work + "/agent", atomically: true, encoding: .utf8)
        chmod(work + "/agent", 0o755)
        let r = try Harness.run("/bin/bash", [script, "--hostfile", work + "/hosts", "--mca", "plm_rsh_agent", work + "/agent",
                                              "genreco", "run", "--card", work + "/gun.toml", "--work-dir", work + "/w"],
                                environment: env, timeout: 60)
        XCTAssertEqual(r.status, 2, r.output)
        XCTAssertTrue(r.stderr.contains("hosts:2: host '192.0.2.1' cannot be reached"), r.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/w"), "nothing started")
    }

    func testWithoutTheWordGenrecoItSaysHowToCallIt() throws {
        let r = try Harness.run("/bin/bash", [script, "-np", "2"], environment: env)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("usage: ./mpirun.sh [mpirun options] genreco"), r.output)
    }
}
