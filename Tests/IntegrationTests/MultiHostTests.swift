import Foundation
import XCTest

/// A real job across three "hosts": Linux network namespaces joined by a bridge, each with
/// its own address and hostname, reached by mpirun through an ssh stand-in
/// (scripts/netns-cluster.sh). Workers get a scratch folder of their own host and never
/// the work directory, so every byte of input and output crosses MPI over TCP; the result
/// must equal a single-host run's.
final class MultiHostTests: XCTestCase {
    let prefix = "genreco-mh"
    var work: String!
    var cluster: String { Harness.packageRoot.appendingPathComponent("scripts/netns-cluster.sh").path }

    override func setUpWithError() throws {
        let check = try Harness.run("/bin/bash", [cluster, "check"])
        if check.status != 0 {
            let why = "network namespaces are not available here: \(check.output)"
            if Harness.requireExternal { XCTFail(why) }
            throw XCTSkip(why)
        }
        work = try Harness.temporaryDirectory("multihost")
        try """
            [run]
            number = 777
            seed = 4711
            [generation]
            process = "gun"
            [gun]
            pdg_id = 22
            energy_gev = [10.0, 100.0]
            """.write(toFile: work + "/gun.toml", atomically: true, encoding: .utf8)
        let up = try Harness.run("/bin/bash", [cluster, "up", "3", "--prefix", prefix])
        XCTAssertEqual(up.status, 0, up.output)
    }

    override func tearDownWithError() throws {
        _ = try? Harness.run("/bin/bash", [cluster, "down", "--prefix", prefix])
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    private func acrossHosts(_ arguments: [String]) throws -> Harness.Result {
        let flags = try Harness.run("/bin/bash", [cluster, "flags", "--prefix", prefix]).stdout
            .split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        // One rank per host: the coordinator on host 0, workers on hosts 1 and 2.
        var command: [String] = [cluster, "exec", prefix + "0", Harness.mpirun!]
        command += flags
        command += ["--timeout", "150", "-np", "3", "--map-by", "node", Harness.genreco]
        command += arguments
        command += ["--scratch", work + "/scratch-of-each-host"]
        return try Harness.run("/bin/bash", command, timeout: 180)
    }

    func testARunAcrossThreeHostsMatchesASingleHostRun() throws {
        let multi = try acrossHosts(["run", "-b", "4", "-n", "6", "--card", work + "/gun.toml", "--work-dir", work + "/multi", "-q"])
        XCTAssertEqual(multi.status, 0, multi.output)
        let single = try Harness.genreco(["run", "-b", "4", "-n", "6", "--card", work + "/gun.toml", "--work-dir", work + "/single", "-q"])
        XCTAssertEqual(single.status, 0, single.output)

        let mts = try XCTUnwrap(Harness.timestamp(in: multi.output), multi.output)
        let sts = try XCTUnwrap(Harness.timestamp(in: single.output))
        let m = try Harness.checksums(work + "/multi/out/" + mts)
        XCTAssertEqual(m.count, 14, "six jobs' dataset and event summary, and the run's merged pair: \(m.keys.sorted())")
        XCTAssertNotNil(m["777.h5"], "the merged dataset")
        XCTAssertEqual(m, try Harness.checksums(work + "/single/out/" + sts))

        // The jobs ran on the other hosts…
        let journal = try String(contentsOfFile: work + "/multi/runs/\(mts)/journal.jsonl", encoding: .utf8)
        let hosts = Set(journal.split(separator: "\n").compactMap { line -> String? in
            let r = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return r?["status"] as? String == "done" ? r?["host"] as? String : nil
        })
        XCTAssertEqual(hosts, [prefix + "1", prefix + "2"])
        // …and wrote nothing outside their own scratch folders, which they cleaned up.
        let scratch = (try? FileManager.default.contentsOfDirectory(atPath: work + "/scratch-of-each-host")) ?? []
        XCTAssertEqual(scratch, [], "workers leave no files behind")
    }

    func testRecoAcrossHostsShipsTheInputEventsOverMPI() throws {
        let fixtures = Harness.shared.appendingPathComponent("fixtures/hepmc3").path
        let evnt = work + "/evnt"
        try FileManager.default.createDirectory(atPath: evnt, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixtures + "/pythia8_ggH125_mS40_ctau760_20ev.hepmc",
                                         toPath: evnt + "/pythia8_20ev.hepmc")
        let multi = try acrossHosts(["reco", "-b", "6", "--evnt-dir", evnt, "--work-dir", work + "/multi", "-q"])
        XCTAssertEqual(multi.status, 0, multi.output)
        let single = try Harness.genreco(["reco", "-b", "6", "--evnt-dir", evnt, "--work-dir", work + "/single", "-q"])
        XCTAssertEqual(single.status, 0, single.output)
        let mts = try XCTUnwrap(Harness.timestamp(in: multi.output), multi.output)
        let sts = try XCTUnwrap(Harness.timestamp(in: single.output))
        XCTAssertEqual(try Harness.checksums(work + "/multi/out/" + mts), try Harness.checksums(work + "/single/out/" + sts))
    }
}
